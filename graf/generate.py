"""A deterministic synthetic national model of the social housing sector, in graf's ontology.

``generate(scale, seed, violations)`` builds the quads; ``write(model, folder, fmt)`` writes them
(TriG or N-Quads) with the list of injected rule violations beside them (JSON). Everything lives
under its own namespace, ``https://w3id.org/graf/id/synthetic/`` (graphs under
``https://w3id.org/graf/graph/synthetic/``), and the ``meta`` graphs say ``graf:isSynthetic true``
of the data set and of every graph: nothing here describes a real actor.

Sizes (FACTS.md section F) at ``scale=1.0``: 98 municipalities, 561 housing organisations,
7,085 estates (afdelinger); each count is multiplied by ``scale`` (at least one of each), so
0.01 gives one municipality and about 6.5k triples, 0.1 about 95k, 1.0 about 0.92M, 5.5 about 4.4M
(about 5M at 6.3); generation takes about 5 s and 250 MB per million triples on this machine.

Per municipality ``mNNN`` the model repeats the Copenhagen pattern, so the rules and maps that
work per scenario work unchanged (one entry point per scenario):

``synthetic/meta``          the data set, the generator's citation
``synthetic/sector``        BL and its districts (kredse)
``synthetic/mNNN/meta``     the municipality's scenario descriptions and what its graphs are (each
                            scenario reads its own municipality's, not all of them)
``synthetic/mNNN/base``     the municipality: council, committees, administrations, mayors' posts;
                            the housing organisations active there and their estates in it
``synthetic/mNNN/reform``   its entry point and the two fora realising it
``synthetic/mNNN/asis``     scenario ``mNNN-asis``: open direct (operational) channels housing
                            organisation -> administration, no entry point
``synthetic/mNNN/adjusted`` scenario ``mNNN-adjusted`` (preceded by ``mNNN-asis``): formal
                            channels through the entry point, the direct channels kept open, the
                            fora co-chaired by the lord mayor and the technical mayor; the
                            reform's decision on a synthetic day (:func:`reform_day`), from which
                            the model, its entry point, fora and formal channels are valid

Estates (almene boligafdelinger) are ``graf:Estate`` (proposed: ``rdfs:subClassOf org:Organization``)
and ``org:Organization``, with ``org:subOrganizationOf`` their housing organisation and
``dct:spatial`` their municipality. Not ``org:OrganizationalUnit``: the EU CPOV profile reserves
units for public organisations (the same reason ``graf:InterestOrganisationDistrict`` is not one),
and an estate is a financially separate part of a private non-profit organisation with its own
residents' board.
Like the Copenhagen data, every fact is reified (``rdf:Statement`` + ``graf:citation`` to the one
synthetic citation), so the data has the same shape (and about six triples per fact).

``violations`` (a fraction) breaks that many of the candidate places for each kind of violation
(at least one of each kind when > 0) and records each in ``injected``: rule id, finding code,
scenarios, actors, witness, edges.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from graf.builder import Actor, Builder, Channel, Citation, Event, Interval, Lit, Scenario, nquad_lines, trig_lines
from graf.errors import GrafError
from graf.namespaces import BASE, DCTERMS, GRAF, GRAFC, ORG, PROV, RDF, SKOS, XSD

T = TypeVar("T")

SYN = BASE + "id/synthetic/"
SYN_GRAPH = BASE + "graph/synthetic/"

#: FACTS.md F1, F2 (1 Jan 2018)
MUNICIPALITIES, HOUSING_ORGANISATIONS, ESTATES, BL_DISTRICTS = 98, 561, 7085, 11

#: (slug, Danish, English): the first two are in every municipality (finance; technical and environment)
ADMINISTRATION_KINDS = [
    ("oekonomi", "Økonomi", "Finance"),
    ("teknik-og-miljoe", "Teknik og Miljø", "Technical and Environmental"),
    ("social", "Social", "Social Services"),
    ("boern-og-unge", "Børn og Unge", "Children and Youth"),
    ("sundhed-og-omsorg", "Sundhed og Omsorg", "Health and Care"),
    ("kultur-og-fritid", "Kultur og Fritid", "Culture and Leisure"),
    ("beskaeftigelse-og-integration", "Beskæftigelse og Integration", "Employment and Integration"),
]

FORMATS = {"trig": "synthetic.trig", "nq": "synthetic.nq"}
VIOLATIONS_FILE = "injected-violations.json"

SYNTHETIC = "synthetic"  # the key of the one citation every synthetic fact names
#: the class proposed for ontology/graf.ttl (graf:Estate rdfs:subClassOf org:Organization); estates are also
#: typed org:Organization, so they are actors whether or not the ontology defines it yet
ESTATE_CLASS = str(GRAF._NS) + "Estate"


_TRUE = Lit("true", datatype=str(XSD.boolean))


@dataclass
class Injected:
    """One injected violation: what a rule should find."""

    rule_id: str
    code: str
    scenarios: list[str]
    actors: list[str]
    witness: list[str]
    edges: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class Model:
    """The generated quads (per graph, as N-Triples lines) and what was injected."""

    scale: float
    seed: int
    violations: float
    graphs: dict[str, list[str]]
    injected: list[Injected]
    counts: dict[str, int]
    baseline: list[dict[str, str]]

    @property
    def triples(self) -> int:
        return sum(len(lines) for lines in self.graphs.values())

    def trig(self) -> Iterator[str]:
        return trig_lines(self.graphs, self._header())

    def nquads(self) -> Iterator[str]:
        return nquad_lines(self.graphs)

    def _header(self) -> str:
        return (f"# SYNTHETIC DATA: generated by `graf generate --scale {self.scale:g} --seed {self.seed} "
               f"--violations {self.violations:g}`.\n# It describes no real actor (graf:isSynthetic true); "
               f"{self.triples:,} triples.\n\n")

    def violations_document(self) -> dict[str, Any]:
        return {
            "synthetic": True,
            "generator": {"scale": self.scale, "seed": self.seed, "violations": self.violations},
            "counts": {**self.counts, "triples": self.triples, "injected": len(self.injected)},
            "note": "Each entry is a rule violation injected on purpose: rule_id and code name the finding a "
                    "validator should report, in each of the scenarios listed; witness are its actor IRIs. "
                    "'baseline' lists findings the model has by construction (the as-is scenarios have no "
                    "entry point), which are not injected.",
            "injected": [asdict(v) for v in self.injected],
            "baseline": self.baseline,
        }


@dataclass
class _Municipality:
    index: int
    code: str
    iri: str
    weight: float
    district: int
    admins: list[tuple[str, str, str, str]] = field(default_factory=list)  # slug, da, en, iri
    housing: list[int] = field(default_factory=list)
    estates: list[tuple[int, int]] = field(default_factory=list)  # estate number, housing organisation

    def graph(self, part: str) -> str:
        return f"{SYN_GRAPH}{self.code}/{part}"

    def post(self, slug: str) -> str:
        return f"{SYN}{self.code}/post/borgmester-{slug}"


def _count(base: int, scale: float) -> int:
    return max(1, round(base * scale))


def _pick(rng: random.Random, items: list[T], fraction: float) -> list[T]:
    """``fraction`` of ``items`` (at least one when fraction > 0), in a seeded order."""
    if fraction <= 0 or not items:
        return []
    k = min(len(items), max(1, round(fraction * len(items))))
    return rng.sample(items, k)


def _plan(scale: float, rng: random.Random) -> tuple[list[_Municipality], list[int]]:
    n_m, n_ho = _count(MUNICIPALITIES, scale), _count(HOUSING_ORGANISATIONS, scale)
    n_est = max(n_ho, _count(ESTATES, scale))
    n_dist = min(n_m, _count(BL_DISTRICTS, scale))
    munis = []
    for i in range(n_m):
        code = f"m{i + 1:03d}"
        m = _Municipality(i, code, f"{SYN}{code}", 1.0 / (i + 1) ** 0.8, i * n_dist // n_m)
        standing = 6 if i == 0 else rng.randint(3, 6)
        kinds = ADMINISTRATION_KINDS[:2] + rng.sample(ADMINISTRATION_KINDS[2:], standing - 1)
        for slug, da, en in kinds:
            m.admins.append((slug, da, en, f"{SYN}{code}/forvaltning/{slug}"))
        munis.append(m)
    weights = [m.weight for m in munis]
    home = [rng.choices(range(n_m), weights)[0] for _ in range(n_ho)]
    size = [rng.paretovariate(1.3) for _ in range(n_ho)]
    owner = list(range(n_ho)) + rng.choices(range(n_ho), size, k=n_est - n_ho)
    for number, ho in enumerate(owner, start=1):
        where = home[ho]
        if n_m > 1 and rng.random() < 0.25:
            where = (where + rng.choice((-2, -1, 1, 2))) % n_m
        munis[where].estates.append((number, ho))
    _no_municipality_without_estates(munis)
    for m in munis:
        m.housing = sorted({ho for _n, ho in m.estates})
    return munis, home


def _no_municipality_without_estates(munis: list[_Municipality]) -> None:
    """A small municipality the draw left without an estate (from scale 2 or so) gets one of the largest
    municipality's last estates, so that its as-is scenario has channels, i.e. a graph of its own; no
    random draw, so a model where every municipality has an estate is unchanged."""
    for m in munis:
        if not m.estates:
            largest = max(munis, key=lambda other: len(other.estates))
            m.estates.append(largest.estates.pop())


@dataclass
class _Plan:
    """What to break (chosen before building, in a fixed order of kinds)."""

    bypass: dict[tuple[int, int], str]
    lost: dict[tuple[int, int, str], str]
    seatless: set[tuple[int, str]]
    mayorless: set[str]


def _violations(munis: list[_Municipality], seed: int, violations: float) -> _Plan:
    vio = random.Random(f"{seed}/violations")
    pairs = [(m.index, ho) for m in munis for ho in m.housing]
    bypass = {p: vio.choice(munis[p[0]].admins[1:] or munis[p[0]].admins)[3] for p in _pick(vio, pairs, violations)}
    lost = _lost_channels(vio, munis, violations)
    fora = [(m.index, slug) for m in munis for slug in ("borgmesterforum", "partnerskabsforum")]
    seatless = set(_pick(vio, fora, violations))
    mayorless = {a[3] for a in _pick(vio, [a for m in munis for a in m.admins[2:]], violations)}
    return _Plan(bypass, lost, seatless, mayorless)


def _lost_channels(vio: random.Random, munis: list[_Municipality], violations: float
                   ) -> dict[tuple[int, int, str], str]:
    """The direct channels (municipality, housing organisation, administration) to remove or close, keeping
    at least one per organisation and municipality."""
    op_pairs = [(m.index, ho, a[3]) for m in munis for ho in m.housing for a in m.admins]
    lost: dict[tuple[int, int, str], str] = {}
    left = {(m.index, ho): len(m.admins) for m in munis for ho in m.housing}
    for n, key in enumerate(_pick(vio, op_pairs, violations)):
        if left[key[:2]] > 1:  # keep at least one direct channel per organisation and municipality
            left[key[:2]] -= 1
            lost[key] = "removed" if n % 2 == 0 else "closed"
    return lost


_C = (SYNTHETIC,)  # every synthetic fact cites the one synthetic citation
_FORA = (("borgmesterforum", "Borgmesterforum", "Mayors' Forum"),
         ("partnerskabsforum", "Partnerskabsforum", "Partnership Forum"))


def generate(scale: float = 0.01, seed: int = 1, violations: float = 0.0) -> Model:
    """Build the synthetic national model (deterministic for a given scale, seed and fraction)."""
    if not 0 < scale <= 20:
        raise GrafError(f"--scale must be above 0 and at most 20 (1.0 is the whole national sector), not {scale:g}")
    if not 0 <= violations <= 0.5:
        raise GrafError(f"--violations must be a fraction between 0 and 0.5, not {violations:g}")
    rng = random.Random(seed)
    munis, home = _plan(scale, rng)
    n_dist = max(m.district for m in munis) + 1
    b = Builder(SYN + "stmt/", SYN + "cite/", translation=SYNTHETIC)
    meta, sector = SYN_GRAPH + "meta", SYN_GRAPH + "sector"
    b.graphs[meta] = []  # the meta graph comes first in the output
    plan = _violations(munis, seed, violations)
    injected: list[Injected] = []
    districts = _sector(b, sector, n_dist)
    ho_iri = [f"{SYN}ho/{j + 1:04d}" for j in range(len(home))]
    ho_district = [districts[munis[where].district] for where in home]
    for m in munis:
        _base(b, m, plan, injected, ho_iri, ho_district)
        ep, fora = _reform(b, m)
        _operational(b, m, plan, injected, ho_iri, ep)
        _formal(b, m, plan, injected, ho_iri, ep, districts[m.district])
        _chairs(b, m, plan, injected, fora)
        _dated(b, m, ep, fora)
    _write_meta(b, meta, sector, munis, scale, seed, violations)
    counts = {"municipalities": len(munis), "housing_organisations": len(home),
              "estates": sum(len(m.estates) for m in munis), "bl_districts": n_dist,
              "administrations": sum(len(m.admins) for m in munis), "scenarios": 2 * len(munis)}
    baseline = [{"rule_id": "single-entry-point", "code": "no-entry-point", "scenario": f"{m.code}-asis"}
                for m in munis]
    b.check()
    return Model(scale, seed, violations, b.graphs, injected, counts, baseline)


def _sector(b: Builder, sector: str, n_dist: int) -> list[str]:
    """BL and its districts (kredse)."""
    bl = SYN + "bl"
    b.add(sector, Actor(bl, str(GRAF.InterestOrganisation), "Syntetisk landsforening (BL)",
                        "Synthetic national association (BL)", _C))
    districts = []
    for d in range(n_dist):
        kreds = f"{SYN}bl/kreds-{d + 1:02d}"
        b.add(sector, Actor(kreds, str(GRAF.InterestOrganisationDistrict), f"Syntetisk BL {d + 1}. kreds",
                            f"Synthetic BL district {d + 1}", _C))
        b.fact(sector, kreds, str(GRAF.districtOf), bl, _C)
        districts.append(kreds)
    return districts


def _base(b: Builder, m: _Municipality, plan: _Plan, injected: list[Injected], ho_iri: list[str],
          ho_district: list[str]) -> None:
    """The municipality: council, administrations, committees, mayors' posts; housing organisations, estates."""
    base, name = m.graph("base"), f"{m.index + 1:03d}"
    where_da, where_en = f" (Syntetisk Kommune {name})", f" (Synthetic Municipality {name})"
    b.add(base, Actor(m.iri, str(GRAF.Municipality), f"Syntetisk Kommune {name}", f"Synthetic Municipality {name}",
                      _C))
    council = f"{SYN}{m.code}/kommunalbestyrelsen"
    b.add(base, Actor(council, str(GRAF.CityCouncil), f"Kommunalbestyrelsen{where_da}",
                      f"Municipal council{where_en}", _C))
    b.fact(base, council, str(ORG.unitOf), m.iri, _C)
    for j, (slug, da, en, adm) in enumerate(m.admins):
        b.add(base, Actor(adm, str(GRAF.Administration), f"{da}forvaltningen{where_da}",
                          f"{en} Administration{where_en}", _C))
        b.fact(base, adm, str(ORG.unitOf), m.iri, _C)
        committee = f"{SYN}{m.code}/udvalg/{slug}"
        b.add(base, Actor(committee, str(GRAF.FinanceCommittee if j == 0 else GRAF.StandingCommittee),
                          f"{da}udvalget{where_da}", f"{en} Committee{where_en}", _C))
        b.fact(base, committee, str(ORG.unitOf), m.iri, _C)
        b.fact(base, committee, str(GRAF.oversees), adm, _C)
        if adm in plan.mayorless:
            injected.append(Injected(
                "integrity", "mayor-post", [f"{m.code}-asis", f"{m.code}-adjusted"],
                [adm], [adm], description="the administration has no mayor's post (org:postIn)"))
            continue
        post = m.post(slug)
        if j == 0:
            b.add(base, Actor(post, str(GRAF.LordMayorPost), f"Borgmester{where_da}", f"Mayor{where_en}", _C))
            b.fact(base, post, str(ORG.role), str(GRAFC.lord_mayor), _C)
        else:
            b.add(base, Actor(post, str(GRAF.MayorPost), f"{da}borgmester{where_da}", f"Mayor for {en}{where_en}",
                              _C))
        b.fact(base, post, str(ORG.postIn), adm, _C)
        b.fact(base, post, str(ORG.role), str(GRAFC.mayor), _C)
    for ho in m.housing:
        code = f"{ho + 1:04d}"
        b.add(base, Actor(ho_iri[ho], str(GRAF.HousingOrganisation), f"Syntetisk Boligorganisation {code}",
                          f"Synthetic Housing Organisation {code}", _C))
        b.fact(base, ho_iri[ho], str(ORG.memberOf), ho_district[ho], _C)
    for number, ho in m.estates:
        estate = f"{SYN}estate/{number:05d}"
        b.add(base, Actor(estate, ESTATE_CLASS, f"Syntetisk afdeling {number:05d}", f"Synthetic estate {number:05d}",
                          _C))
        b.fact(base, estate, str(RDF.type), str(ORG.Organization), _C)
        b.fact(base, estate, str(ORG.subOrganizationOf), ho_iri[ho], _C)
        b.fact(base, estate, str(DCTERMS.spatial), m.iri, _C)


def _reform(b: Builder, m: _Municipality) -> tuple[str, dict[str, str]]:
    """The entry point, realised by the two fora."""
    reform, name = m.graph("reform"), f"{m.index + 1:03d}"
    ep = f"{SYN}{m.code}/entry-point"
    b.add(reform, Actor(ep, str(GRAF.EntryPoint), f"Én indgang (Syntetisk Kommune {name})",
                        f"Single entry point (Synthetic Municipality {name})", _C))
    b.fact(reform, m.iri, str(GRAF.hasEntryPoint), ep, _C)
    fora = {}
    for slug, da, en in _FORA:
        fora[slug] = f"{SYN}{m.code}/{slug}"
        b.add(reform, Actor(fora[slug], str(GRAF.Forum), f"{da} (Syntetisk Kommune {name})",
                            f"{en} (Synthetic Municipality {name})", _C))
        b.fact(reform, ep, str(GRAF.realisedBy), fora[slug], _C)
    return ep, fora


def _operational(b: Builder, m: _Municipality, plan: _Plan, injected: list[Injected], ho_iri: list[str],
                 ep: str) -> None:
    """Direct channels housing organisation -> administration in both scenarios (some lost in adjusted: the
    housing organisation then reaches that administration only through the entry point)."""
    for scenario in ("asis", "adjusted"):
        graph = m.graph(scenario)
        for ho in m.housing:
            for slug, _da, _en, adm in m.admins:
                iri = f"{SYN}{m.code}/channel/{scenario}/operational/ho{ho + 1:04d}--{slug}"
                state = plan.lost.get((m.index, ho, adm)) if scenario == "adjusted" else None
                if state:
                    injected.append(Injected(
                        "direct-contacts-open", "not-resilient", [f"{m.code}-adjusted"], [ho_iri[ho], ep, adm],
                        [ho_iri[ho], ep, adm], [], "without the direct channel the housing organisation reaches "
                        "the administration only through the entry point"))
                if state == "removed":
                    injected.append(Injected(
                        "direct-contacts-open", "channel-lost", [f"{m.code}-adjusted"], [ho_iri[ho], adm],
                        [ho_iri[ho], adm], [iri.replace("/adjusted/", "/asis/")],
                        "the direct channel open in the as-is scenario is missing"))
                    continue
                b.add(graph, Channel(iri, ho_iri[ho], adm, "operational", "closed" if state == "closed" else "open",
                                     _C))
                if state == "closed":
                    injected.append(Injected(
                        "direct-contacts-open", "channel-lost", [f"{m.code}-adjusted"], [ho_iri[ho], adm],
                        [ho_iri[ho], adm], [iri], "the direct channel open in the as-is scenario is closed"))


def reform_day(index: int) -> str:
    """The synthetic day municipality number ``index`` (from 0) decides its reform: one every 37 days from the
    memo's date, over eight years (so a map's date slider shows the entry points arriving one by one)."""
    return (dt.date(2010, 2, 25) + dt.timedelta(days=(37 * index) % (8 * 365))).isoformat()


def _validity(m: _Municipality) -> str:
    return f"{SYN}{m.code}/validity/adjusted"


def _dated(b: Builder, m: _Municipality, ep: str, fora: dict[str, str]) -> None:
    """The reform's decision on :func:`reform_day`, and from that day the adjusted model, its entry point, fora
    and formal channels (``graf:validDuring`` an interval with a beginning and no end)."""
    g, name, day = m.graph("adjusted"), f"{m.index + 1:03d}", reform_day(m.index)
    b.add(g, Interval(_validity(m), _C, begin=day))
    b.add(g, Event(f"{SYN}{m.code}/event/reform", str(GRAF.Decision),
                   f"Syntetisk Kommune {name} vedtager én indgang", f"Synthetic Municipality {name} adopts one entry "
                   "point", _C, date=day))
    for actor in (ep, *fora.values()):
        b.fact(g, actor, str(GRAF.validDuring), _validity(m), _C)


def _formal(b: Builder, m: _Municipality, plan: _Plan, injected: list[Injected], ho_iri: list[str], ep: str,
            kreds: str) -> None:
    """Formal channels of the adjusted scenario through the entry point (some bypass it), valid from the reform."""
    g = m.graph("adjusted")
    prefix = f"{SYN}{m.code}/channel/adjusted/formal/"
    valid = _validity(m)
    for ho in m.housing:
        b.add(g, Channel(f"{prefix}ho{ho + 1:04d}--entry-point", ho_iri[ho], ep, "formal", "open", _C,
                         valid_during=valid))
        target = plan.bypass.get((m.index, ho))
        if target:
            iri = f"{prefix}ho{ho + 1:04d}--{target.rsplit('/', 1)[-1]}"
            b.add(g, Channel(iri, ho_iri[ho], target, "formal", "open", _C, valid_during=valid))
            injected.append(Injected(
                "single-entry-point", "formal-channel-bypass", [f"{m.code}-adjusted"], [ho_iri[ho], target, ep],
                [ho_iri[ho], target], [iri], "a formal channel from the housing organisation bypasses the "
                "entry point"))
    b.add(g, Channel(f"{prefix}{kreds.rsplit('/', 1)[-1]}--entry-point", kreds, ep, "formal", "open", _C,
                     valid_during=valid))
    for slug, _da, _en, adm in m.admins:
        b.add(g, Channel(f"{prefix}entry-point--{slug}", ep, adm, "formal", "open", _C, valid_during=valid))


def _chairs(b: Builder, m: _Municipality, plan: _Plan, injected: list[Injected], fora: dict[str, str]) -> None:
    """The fora co-chaired by the lord mayor and the technical mayor (some seats missing)."""
    g, name = m.graph("adjusted"), f"{m.index + 1:03d}"
    lord, tech = m.post(m.admins[0][0]), m.post(m.admins[1][0])
    for slug, forum in fora.items():
        b.fact(g, forum, str(RDF.type), str(GRAF.CoChairedForum), _C)
        b.fact(g, forum, str(GRAF.coChairPost), lord, _C)
        b.fact(g, forum, str(GRAF.coChairPost), tech, _C)
        for post, who_da, who_en in ((lord, "borgmesteren", "the mayor"),
                                     (tech, "teknik- og miljøborgmesteren", "the technical mayor")):
            if post == lord and (m.index, slug) in plan.seatless:
                injected.append(Injected(
                    "chairmanship", "missing-chair-seat", [f"{m.code}-adjusted"], [forum, post], [forum, post],
                    description="the co-chaired forum has no chair seat ex officio its lord mayor's post"))
                continue
            seat = f"{forum}/seat/{post.rsplit('/', 1)[-1]}"
            b.add(g, Actor(seat, str(GRAF.ChairSeat), f"Formand ({who_da}), {forum.rsplit('/', 1)[-1]} {name}",
                           f"Chair ({who_en}), {forum.rsplit('/', 1)[-1]} {name}", _C))
            b.fact(g, seat, str(ORG.postIn), forum, _C)
            b.fact(g, seat, str(ORG.role), str(GRAFC.chair), _C)
            b.fact(g, seat, str(GRAF.exOfficio), post, _C)
            if post == lord:
                b.fact(g, seat, str(GRAF.mayDelegateTo), tech, _C)


def _write_meta(b: Builder, meta: str, sector: str, munis: list[_Municipality], scale: float, seed: int,
                violations: float) -> None:
    dataset, activity = SYN + "dataset", SYN + "generation"
    command = f"graf generate --scale {scale:g} --seed {seed} --violations {violations:g}"
    b.raw(meta, dataset, str(RDF.type), str(PROV.Entity))
    b.raw(meta, dataset, str(GRAF.isSynthetic), _TRUE)
    b.raw(meta, dataset, str(SKOS.prefLabel), Lit("Syntetisk national model af den almene boligsektor", "da"))
    b.raw(meta, dataset, str(SKOS.prefLabel), Lit("Synthetic national model of the social housing sector", "en"))
    b.raw(meta, dataset, str(DCTERMS.description), Lit(
        "SYNTHETIC: generated data that describes no real municipality, housing organisation or estate. Sizes "
        "follow FACTS.md section F (98 municipalities, 561 housing organisations, 7,085 estates at scale 1); "
        "the channel structure follows the Copenhagen 2010 model.", "en"))
    b.raw(meta, dataset, str(PROV.wasGeneratedBy), activity)
    b.raw(meta, activity, str(RDF.type), str(PROV.Activity))
    b.raw(meta, activity, str(SKOS.prefLabel), Lit(command, "en"))
    b.raw(meta, activity, str(SKOS.prefLabel), Lit(command, "da"))
    b.add(meta, Citation(SYNTHETIC, "derived", reasoning=f"Synthetic fact written by `{command}`; it describes no "
                                                          "real actor."))
    b.raw(meta, SYN + "cite/" + SYNTHETIC, str(PROV.wasDerivedFrom), dataset)
    for g in (meta, sector):
        b.raw(meta, g, str(GRAF.isSynthetic), _TRUE)
        b.raw(meta, g, str(DCTERMS.isPartOf), dataset)
    b.raw(meta, sector, str(GRAF.extendsGraph), meta)
    for m in munis:
        _write_municipality_meta(b, m, sector, dataset)


def _write_municipality_meta(b: Builder, m: _Municipality, sector: str, dataset: str) -> None:
    """A municipality's own ``mNNN/meta`` graph: its scenarios and what their graphs are. Each scenario
    reads it (its base graph extends it), not the other municipalities' (in one national meta graph, every
    scenario would read, and validate, the descriptions of all of them: quadratic in the municipalities)."""
    meta, name = m.graph("meta"), f"{m.index + 1:03d}"
    b.graphs.setdefault(meta, [])
    for g in (meta, *(m.graph(p) for p in ("base", "reform", "asis", "adjusted"))):
        b.raw(meta, g, str(GRAF.isSynthetic), _TRUE)
        b.raw(meta, g, str(DCTERMS.isPartOf), dataset)
    b.raw(meta, m.graph("base"), str(GRAF.extendsGraph), sector)
    b.raw(meta, m.graph("base"), str(GRAF.extendsGraph), meta)
    b.raw(meta, m.graph("reform"), str(GRAF.extendsGraph), m.graph("base"))
    for part, da, en in (("asis", "Før reformen", "Before the reform"),
                         ("adjusted", "Justeret model", "Adjusted model")):
        b.add(meta, Scenario(m.graph(part), f"{m.code}-{part}", f"Syntetisk Kommune {name}: {da}",
                             f"Synthetic Municipality {name}: {en}", derived_from=(dataset,),
                             extends=(m.graph("base" if part == "asis" else "reform"),),
                             preceded_by=m.graph("asis") if part == "adjusted" else "",
                             valid_during=_validity(m) if part == "adjusted" else ""))


def write(model: Model, folder: str | Path, fmt: str = "trig") -> tuple[Path, Path]:
    """Write the data (``synthetic.trig`` or ``synthetic.nq``) and ``injected-violations.json``."""
    if fmt not in FORMATS:
        from graf.errors import UnsupportedFormatError

        raise UnsupportedFormatError(fmt, FORMATS)
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise GrafError(f"{out} is a file; give -o a folder (new or empty)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        data = out / FORMATS[fmt]
        with data.open("w", encoding="utf-8", newline="\n") as fh:
            chunk: list[str] = []
            for piece in (model.trig() if fmt == "trig" else model.nquads()):
                chunk.append(piece)
                if len(chunk) >= 20000:
                    fh.write("".join(chunk))
                    chunk.clear()
            fh.write("".join(chunk))
        report = out / VIOLATIONS_FILE
        report.write_text(json.dumps(model.violations_document(), indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    except OSError as exc:
        raise GrafError(f"cannot write to {out}: {exc.strerror or exc}") from None
    return data, report
