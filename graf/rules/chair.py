"""chairmanship: co-chaired fora have one chair seat per co-chair post; only the lord mayor's seat may
be delegated, and only to a post holding another chair seat of the same forum.

The checks are SHACL shapes in ``ontology/shapes.ttl`` (``grafsh:rule "chairmanship"``); the
co-chair posts come from the data (``graf:coChairPost``), so another municipality's fora work too.
"""

from __future__ import annotations

from graf.report import Finding
from graf.rules.base import Rule, ScenarioContext, register

SOURCE = ("at Borgmesterforum og Partnerskabsforum etableres med et formandskab bestående af overborgmesteren og "
          "Teknik- og Miljøborgmesteren. Dette imødekommer overborgmesterens ønske om muligheden for at vælge at "
          "deltage i formandskabet eller overlade dette til TMF-borgmesteren.")


def check(ctx: ScenarioContext) -> list[Finding]:
    return ctx.shacl.findings(ctx, RULE)


RULE = register(Rule(
    id="chairmanship",
    title={"da": "Delt formandskab i fora", "en": "Co-chairmanship of the fora"},
    kind="shacl",
    severity="violation",
    source=SOURCE,
    source_document="memo 2010-140582 (25 Feb 2010)",
    description="Every graf:CoChairedForum has exactly one chair seat ex officio each of its graf:coChairPost "
                "posts and at most two chair seats; only the seat ex officio a graf:LordMayorPost may carry "
                "graf:mayDelegateTo (or graf:delegatedTo), and only to a post holding another chair seat of the "
                "same forum.",
    check=check,
))
