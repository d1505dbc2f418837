"""chairmanship: co-chaired fora have one chair seat per co-chair post; only the lord mayor's seat may
be delegated, and only to a post holding another chair seat of the same forum.

The checks are SHACL shapes in ``ontology/shapes.ttl`` (``grafsh:rule "chairmanship"``); the
co-chair posts come from the data (``graf:coChairPost``), so another municipality's fora work too.
"""

from __future__ import annotations

from graf.report import Finding
from graf.rules.base import MEMO, WITNESS_LIMIT, Code, Parameter, Rule, ScenarioContext, register

SOURCE = ("at Borgmesterforum og Partnerskabsforum etableres med et formandskab bestående af overborgmesteren og "
          "Teknik- og Miljøborgmesteren. Dette imødekommer overborgmesterens ønske om muligheden for at vælge at "
          "deltage i formandskabet eller overlade dette til TMF-borgmesteren.")


def check(ctx: ScenarioContext) -> list[Finding]:
    found: list[Finding] = ctx.shacl.findings(ctx, RULE)
    return found


RULE = register(Rule(
    id="chairmanship",
    title={"da": "Delt formandskab i fora", "en": "Co-chairmanship of the fora"},
    kind="shacl",
    severity="violation",
    source=SOURCE,
    source_document=MEMO,
    description="Every graf:CoChairedForum has exactly one chair seat ex officio each of its graf:coChairPost "
                "posts and at most two chair seats; only the seat ex officio a graf:LordMayorPost may carry "
                "graf:mayDelegateTo (or graf:delegatedTo), and only to a post holding another chair seat of the "
                "same forum.",
    check=check,
    remediation={"da": "Giv hvert samformandsforum én formandspost i kraft af hver af dets graf:coChairPost.",
                 "en": "Give each co-chaired forum one chair seat ex officio each of its graf:coChairPost posts."},
    codes={
        "too-many-chair-seats": Code.of(
            "violation", "Fjern formandsposterne ud over de to.",
            "Remove the chair seats beyond the two."),
        "missing-chair-seat": Code.of(
            "violation", "Tilføj en formandspost (graf:ChairSeat, org:role grafc:chair) i kraft af "
            "posten (graf:exOfficio).", "Add a chair seat (graf:ChairSeat, org:role "
            "grafc:chair) held ex officio by the post (graf:exOfficio)."),
        "duplicate-chair-seat": Code.of(
            "violation", "Behold én formandspost i kraft af posten; fjern de andre.",
            "Keep one chair seat held ex officio by the post; remove the others."),
        "delegation-not-lord-mayor": Code.of(
            "violation", "Flyt graf:mayDelegateTo (eller graf:delegatedTo) til "
            "overborgmesterens formandspost, eller fjern den.",
            "Move graf:mayDelegateTo (or graf:delegatedTo) to the lord mayor's "
            "chair seat, or remove it."),
        "delegation-not-co-chair": Code.of(
            "violation", "Lad overborgmesteren kun kunne overlade posten til den anden "
            "medformand i samme forum.", "Let the lord mayor delegate only to the "
            "other co-chair of the same forum."),
    },
    parameters=(
        Parameter("co-chair posts", "data: graf:coChairPost on each graf:CoChairedForum", None,
                  "the posts each forum needs one chair seat for"),
        WITNESS_LIMIT,
    ),
))
