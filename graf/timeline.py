"""The process in time: dated events in order, and what held on a given date.

Dates keep the precision of their source. An event is dated either by ``dct:date`` (a day) or by
``time:hasTime`` an interval whose ``time:hasBeginning`` / ``time:hasEnd`` instants carry an
``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` (a missing bound: the sources do not say), with
the source's words in ``skos:note`` ("ultimo marts", "before the summer holiday"). Tenures
(``org:memberDuring``) and the validity of channels, fora and organisation models
(``graf:validDuring``) are intervals of the same kind, which may also name instants known to lie
inside them (``time:inside``).

:func:`timeline` lists the events in order with their sources; :func:`model_on` answers "what did
the model look like on this date" three ways: ``yes`` (it certainly held), ``possibly`` (the
sources are too coarse or silent to tell) or, left out, ``no``. An imprecise date is never shown or
compared as a precise day: a month covers all its days, a year all of its.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import pyoxigraph as ox

from graf.errors import GrafError
from graf.namespaces import DCTERMS, GRAF, ORG, PROV, RDF, RDFS, SKOS, TIME
from graf.scenarios import Scenario, get_scenario
from graf.store import Store

__all__ = ["Dated", "Entry", "Holding", "Snapshot", "Valid", "When", "dated", "first_day", "last_day", "model_on",
           "parse_day", "span", "timeline", "valid_during"]

_POINT = f"(<{TIME.inXSDDate}>|<{TIME.inXSDgYearMonth}>|<{TIME.inXSDgYear}>)"


def first_day(value: str) -> dt.date:
    """The first day of a year, month or day value (YYYY, YYYY-MM, YYYY-MM-DD)."""
    return _first(value)


def last_day(value: str) -> dt.date:
    """The last day of a year, month or day value."""
    return _last(value)


def _first(value: str) -> dt.date:
    if len(value) == 4:
        return dt.date(int(value), 1, 1)
    if len(value) == 7:
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    return dt.date.fromisoformat(value[:10])


def _last(value: str) -> dt.date:
    if len(value) == 4:
        return dt.date(int(value), 12, 31)
    if len(value) == 7:
        y, m = int(value[:4]), int(value[5:7])
        return dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date.fromisoformat(value[:10])


def parse_day(text: str) -> dt.date:
    """A day given as YYYY-MM-DD; GrafError naming the value otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise GrafError(f"not a date: {text!r} (give a day as YYYY-MM-DD, e.g. 2010-03-01)") from None


_WORDS = {"en": {"from": "from", "by": "by", "unknown": "date unknown", "known": "known in"},
          "da": {"from": "fra", "by": "senest", "unknown": "ukendt tidspunkt", "known": "kendt i"}}


@dataclass(frozen=True)
class When:
    """When something happened or held, at the precision the sources give.

    ``begin``/``end`` are ISO values of 4, 7 or 10 characters (year, month, day) or ``None`` when the
    sources do not say; ``inside`` are values known to fall inside; ``note`` the source's words by
    language.
    """

    begin: str | None = None
    end: str | None = None
    inside: tuple[str, ...] = ()
    note: dict[str, str] = field(default_factory=dict)
    bound_notes: dict[str, dict[str, str]] = field(default_factory=dict)  # "begin"/"end" -> {lang: words}

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year`` for one value, ``interval`` for a span, ``open`` for a half-known one."""
        if self.begin and self.begin == self.end:
            return {10: "day", 7: "month", 4: "year"}[len(self.begin)]
        return "interval" if self.begin and self.end else "open"

    def earliest(self) -> dt.date | None:
        """The first day it can have begun on (``None``: not known)."""
        return _first(self.begin) if self.begin else None

    def latest(self) -> dt.date | None:
        """The last day it can have ended on (``None``: not known)."""
        return _last(self.end) if self.end else None

    def sort_key(self, fallback: dt.date | None = None) -> tuple[dt.date, dt.date]:
        start = self.earliest() or fallback or (_first(self.inside[0]) if self.inside else None) \
            or (_first(self.end) if self.end else dt.date.max)
        return (start, self.latest() or dt.date.max)

    def state_on(self, day: dt.date) -> str:
        """``yes``, ``possibly`` or ``no``: whether it held on ``day``.

        It held if some known point lies on or before the day entirely (the beginning, or an
        instant inside) and some known point on or after it (the end, or an instant inside): an
        interval has no gaps. It did not hold before its earliest beginning or after its latest end.

        >>> When("2010-01-01", None, ("2011",)).state_on(dt.date(2010, 3, 1))
        'yes'
        >>> When("2010", "2011-05").state_on(dt.date(2010, 3, 1))
        'possibly'
        >>> When("2010-04", "2010-06").state_on(dt.date(2010, 3, 31))
        'no'
        """
        if (self.begin and day < _first(self.begin)) or (self.end and day > _last(self.end)):
            return "no"
        lower = [p for p in (self.begin, *self.inside) if p]
        upper = [p for p in (self.end, *self.inside) if p]
        if any(_last(p) <= day for p in lower) and any(_first(p) >= day for p in upper):
            return "yes"
        return "possibly"

    def changes(self) -> list[tuple[str, str]]:
        """:meth:`state_on` as steps: ``(first day, state)`` pairs in order, the first with day ``""`` (since
        ever); each state holds from its day (ISO) until the next pair's day. A page can then answer
        "did it hold on this day" by a lookup that gives exactly :meth:`state_on`'s answer.

        >>> When("2010-04", "2010-06").changes()  # doctest: +NORMALIZE_WHITESPACE
        [('', 'no'), ('2010-04-01', 'possibly'), ('2010-04-30', 'yes'), ('2010-06-02', 'possibly'),
         ('2010-07-01', 'no')]
        >>> When("2010-01-21", "2010-01-21").changes()
        [('', 'no'), ('2010-01-21', 'yes'), ('2010-01-22', 'no')]
        """
        one = dt.timedelta(days=1)
        days = set()
        if self.begin:
            days.add(_first(self.begin))
        if self.end:
            days.add(_last(self.end) + one)
        days.update(_last(p) for p in (self.begin, *self.inside) if p)
        days.update(_first(p) + one for p in (self.end, *self.inside) if p)
        steps = [("", self.state_on(min(days) - one) if days else self.state_on(dt.date(2000, 1, 1)))]
        for day in sorted(days):
            state = self.state_on(day)
            if state != steps[-1][1]:
                steps.append((day.isoformat(), state))
        return steps

    def text(self, lang: str = "en") -> str:
        """The date as the sources give it, never finer: ``2010-01-21``, ``2010-03``, ``2010-04 – 2010-06``,
        ``by 2010``; with the source's words in front when there are any."""
        w = _WORDS["da" if lang == "da" else "en"]
        begin, end = self._bound("begin", lang), self._bound("end", lang)
        if self.begin and self.begin == self.end:
            span = begin
        elif self.begin and self.end:
            span = f"{begin} – {end}"
        elif self.end:
            span = f"{w['by']} {end}"
        elif self.begin:
            span = f"{w['from']} {begin}"
        elif self.inside:
            span = f"{w['known']} " + ", ".join(self.inside)
        else:
            span = w["unknown"]
        note = self.note.get(lang) or self.note.get("en") or self.note.get("da")
        return f"{note} ({span})" if note else span

    def _bound(self, which: str, lang: str) -> str:
        value = getattr(self, which) or ""
        notes = self.bound_notes.get(which, {})
        note = notes.get(lang) or notes.get("en") or notes.get("da")
        return f"{note} ({value})" if note else value

    def as_dict(self) -> dict[str, Any]:
        return {"begin": self.begin, "end": self.end, "inside": list(self.inside), "precision": self.precision,
                "note": dict(self.note), "bound_notes": {k: dict(v) for k, v in self.bound_notes.items()},
                "text": {"da": self.text("da"), "en": self.text("en")}}


@dataclass(frozen=True)
class Source:
    """A citation behind an entry: key, confidence, quote(s) and reasoning."""

    key: str
    confidence: str
    quotes: tuple[str, ...] = ()
    reasoning: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "confidence": self.confidence, "quotes": list(self.quotes),
                "reasoning": self.reasoning}


@dataclass(frozen=True)
class Entry:
    """One dated event of the timeline."""

    iri: str
    kind: str
    labels: dict[str, str]
    when: When
    planned_as_of: str | None = None
    sources: tuple[Source, ...] = ()
    not_before: dt.date | None = field(default=None, compare=False)  # from the events it follows, for ordering

    def label(self, lang: str = "da") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.labels.get("da") or self.iri

    def sort_key(self) -> tuple[dt.date, dt.date, str, str]:
        fallback = _first(self.planned_as_of) if self.planned_as_of else None
        start, end = self.when.sort_key(fallback)
        if self.not_before and self.not_before > start:
            start = self.not_before
        return (start, end, self.label("en"), self.iri)

    def as_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "kind": self.kind, "label": dict(self.labels), "when": self.when.as_dict(),
                "planned_as_of": self.planned_as_of, "sources": [s.as_dict() for s in self.sources]}


# -- reading the store ------------------------------------------------------------------------------

# the activity classes are looked up first (ACTIVITY_CLASSES: prov:Activity and its subclasses, one query):
# `?e a ?cls . ?cls rdfs:subClassOf* prov:Activity` in one query loses events in Virtuoso 7 (its
# transitive paths in joins; docs/remote-stores.md)
_ACTIVITIES = f"SELECT DISTINCT ?cls WHERE {{ ?cls <{RDFS.subClassOf}>+ <{PROV.Activity}> }}"
_EVENTS = f"""
SELECT DISTINCT ?e ?cls ?date ?t ?planned ?after WHERE {{
  VALUES ?cls {{ ACTIVITY_CLASSES }}
  ?e a ?cls .
  {{ ?e <{DCTERMS.date}> ?date }} UNION {{ ?e <{TIME.hasTime}> ?t }}
  OPTIONAL {{ ?e <{GRAF.plannedAsOf}> ?planned }}
  OPTIONAL {{ ?e <{PROV.wasInformedBy}> ?after }}
}}"""

_INTERVALS = f"""
SELECT ?i ?role ?value ?note ?pointNote WHERE {{
  VALUES ?i {{ INTERVALS }}
  {{ ?i <{TIME.hasBeginning}> ?p BIND("begin" AS ?role) }}
  UNION {{ ?i <{TIME.hasEnd}> ?p BIND("end" AS ?role) }}
  UNION {{ ?i <{TIME.inside}> ?p BIND("inside" AS ?role) }}
  UNION {{ ?i <{SKOS.note}> ?note BIND("note" AS ?role) }}
  OPTIONAL {{ ?p {_POINT} ?value }}
  OPTIONAL {{ ?p <{SKOS.note}> ?pointNote }}
}}"""

_LABELS = f"SELECT ?s ?l WHERE {{ VALUES ?s {{ SUBJECTS }} ?s <{SKOS.prefLabel}> ?l }}"

_SOURCES = f"""
SELECT DISTINCT ?s ?key ?conf ?quote ?reasoning WHERE {{
  VALUES ?s {{ SUBJECTS }}
  ?st <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{GRAF.citation}> ?c .
  FILTER (?p IN (<{RDF.type}>, <{DCTERMS.date}>, <{TIME.hasTime}>, <{GRAF.plannedAsOf}>))
  ?c <{SKOS.notation}> ?key ; <{GRAF.confidence}> ?confidence .
  BIND(REPLACE(STR(?confidence), "^.*/", "") AS ?conf)
  OPTIONAL {{ ?c <{GRAF.quote}> ?quote }}
  OPTIONAL {{ ?c <{GRAF.reasoning}> ?reasoning }}
}}"""


def _values(iris: list[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _graphs(store: Store, scenario: str | Scenario | None) -> tuple[str, ...] | None:
    if scenario is None:
        return None
    sc = scenario if isinstance(scenario, Scenario) else get_scenario(store, scenario)
    return sc.graphs


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _whens(store: Store, intervals: list[str], graphs: tuple[str, ...] | None) -> dict[str, When]:
    parts: dict[str, dict[str, Any]] = defaultdict(lambda: {"begin": None, "end": None, "inside": [], "note": {},
                                                             "bounds": defaultdict(dict)})
    for chunk in _chunks(sorted(set(intervals))):
        for r in store.select(_INTERVALS.replace("INTERVALS", _values(chunk)), default_graphs=graphs):
            p = parts[r["i"].value]
            role = r["role"].value
            if role == "note" and "note" in r:
                p["note"][r["note"].language or "en"] = r["note"].value
            elif "value" in r and role == "inside":
                p["inside"].append(r["value"].value)
            elif "value" in r:
                p[role] = r["value"].value
                if "pointNote" in r:
                    p["bounds"][role][r["pointNote"].language or "en"] = r["pointNote"].value
    return {i: When(p["begin"], p["end"], tuple(sorted(p["inside"])), p["note"], dict(p["bounds"]))
            for i, p in parts.items()}


def _labels(store: Store, iris: list[str], graphs: tuple[str, ...] | None) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for chunk in _chunks(sorted(set(iris))):
        for r in store.select(_LABELS.replace("SUBJECTS", _values(chunk)), default_graphs=graphs):
            if r["l"].language:
                out[r["s"].value].setdefault(r["l"].language, r["l"].value)
    return out


def _sources(store: Store, iris: list[str], graphs: tuple[str, ...] | None) -> dict[str, tuple[Source, ...]]:
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for chunk in _chunks(sorted(set(iris))):
        for r in store.select(_SOURCES.replace("SUBJECTS", _values(chunk)), default_graphs=graphs):
            entry = found[r["s"].value].setdefault(r["key"].value, {"confidence": r["conf"].value, "quotes": set(),
                                                                    "reasoning": ""})
            if "quote" in r:
                entry["quotes"].add(r["quote"].value)
            if "reasoning" in r:
                entry["reasoning"] = r["reasoning"].value
    return {s: tuple(Source(k, v["confidence"], tuple(sorted(v["quotes"])), v["reasoning"])
                     for k, v in sorted(keys.items())) for s, keys in found.items()}


def timeline(store: Store, scenario: str | Scenario | None = None) -> list[Entry]:
    """Every dated event (a ``prov:Activity`` with ``dct:date`` or ``time:hasTime``), in date order.

    ``scenario`` restricts the events to that scenario's graphs (default: the whole data set).
    Events are ordered by the earliest day they can have begun on (a planned event without a
    beginning: the date it was planned as of), then the latest day they can have ended on.
    """
    graphs = _graphs(store, scenario)
    classes = {str(PROV.Activity)} | {r["cls"].value for r in store.select(_ACTIVITIES, default_graphs=graphs)
                                      if isinstance(r.get("cls"), ox.NamedNode)}
    text = _EVENTS.replace("ACTIVITY_CLASSES", " ".join(f"<{c}>" for c in sorted(classes)))
    rows = store.select(text, default_graphs=graphs)
    events: dict[str, dict[str, Any]] = {}
    for r in rows:
        e = events.setdefault(r["e"].value, {"kinds": set(), "date": None, "interval": None, "planned": None,
                                             "after": set()})
        e["kinds"].add(r["cls"].value)
        if "after" in r:
            e["after"].add(r["after"].value)
        if "date" in r:
            e["date"] = r["date"].value
        if "t" in r:
            e["interval"] = r["t"].value
        if "planned" in r:
            e["planned"] = r["planned"].value
    whens = _whens(store, [e["interval"] for e in events.values() if e["interval"]], graphs)
    labels = _labels(store, list(events), graphs)
    sources = _sources(store, list(events), graphs)
    out = []
    for iri, e in events.items():
        when = When(e["date"], e["date"]) if e["date"] else whens.get(e["interval"], When())
        kinds = sorted(e["kinds"] - {str(PROV.Activity)}) or [str(PROV.Activity)]
        out.append(Entry(iri, kinds[0], dict(labels.get(iri, {})), when, e["planned"], sources.get(iri, ())))
    return sorted(_order_after(out, {iri: e["after"] for iri, e in events.items()}), key=Entry.sort_key)


def _order_after(entries: list[Entry], after: dict[str, set[str]]) -> list[Entry]:
    """Entries whose start is vague sort no earlier than the events they follow (prov:wasInformedBy).

    Only the order changes, never the date shown: "late March" stays March, but sorts after a meeting
    on 4 March that it follows.
    """
    by_iri = {e.iri: e for e in entries}
    start = {e.iri: e.sort_key()[0] for e in entries}
    for _round in range(len(entries)):  # a fixpoint; the links form a small DAG (a cycle stops at the bound)
        changed = False
        for iri, earlier in after.items():
            for other in earlier:
                if other in start and iri in start and start[other] > start[iri] and start[other] != dt.date.max:
                    start[iri] = start[other]
                    changed = True
        if not changed:
            break
    return [replace(e, not_before=start[e.iri]) if start[e.iri] != e.sort_key()[0] else e for e in by_iri.values()]


# -- what held on a date ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Holding:
    """A person holding a post on the date asked about."""

    post: str
    person: str
    labels: dict[str, dict[str, str]]  # IRI -> {da, en}
    state: str
    when: When

    def as_dict(self) -> dict[str, Any]:
        return {"post": self.post, "person": self.person, "labels": self.labels, "state": self.state,
                "when": self.when.as_dict()}


@dataclass(frozen=True)
class Valid:
    """A channel, forum or organisation model valid on the date (``graf:validDuring``)."""

    iri: str
    kind: str  # "channel", "model" or "actor"
    labels: dict[str, str]
    state: str
    when: When
    ends: tuple[str, str] | None = None  # a channel's from and to

    def as_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "kind": self.kind, "label": self.labels, "state": self.state,
                "when": self.when.as_dict(), "ends": list(self.ends) if self.ends else None}


@dataclass
class Snapshot:
    """What the model looked like on one day: see :func:`model_on`."""

    day: dt.date
    scenario: str | None
    holdings: list[Holding]
    valid: list[Valid]
    events: list[tuple[Entry, str]]  # (event, "yes" = over by the day / "possibly" = may be under way)

    def channel_ids(self, states: tuple[str, ...] = ("yes", "possibly")) -> set[str]:
        """The IRIs of the channels that held (or may have held) on the day: what a map draws."""
        return {v.iri for v in self.valid if v.kind == "channel" and v.state in states}

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "scenario": self.scenario,
                "holdings": [h.as_dict() for h in self.holdings], "valid": [v.as_dict() for v in self.valid],
                "events": [{**e.as_dict(), "state": s} for e, s in self.events]}


_TENURES = f"""
SELECT ?m ?post ?person ?i WHERE {{
  ?m <{GRAF.postHeld}> ?post ; <{ORG.member}> ?person ; <{ORG.memberDuring}> ?i .
}}"""

_VALIDITY = f"""
SELECT ?x ?i ?model ?channel ?from ?to WHERE {{
  ?x <{GRAF.validDuring}> ?i .
  OPTIONAL {{ ?x a ?model FILTER(?model = <{GRAF.OrganisationModel}>) }}
  OPTIONAL {{ ?x a ?channel FILTER(?channel = <{GRAF.ContactChannel}>)
             ?x <{GRAF.channelFrom}> ?from ; <{GRAF.channelTo}> ?to }}
}}"""


@dataclass(frozen=True)
class Dated:
    """Something whose time the sources give as an interval: a tenure (``kind="tenure"``: ``iri`` the
    membership, ``ends`` the post and the person) or a channel, forum or organisation model valid during it
    (``graf:validDuring``; ``kind`` ``channel`` with ``ends`` its from and to, ``actor`` or ``model``).
    ``labels`` are those of ``iri`` and of the ends, by IRI."""

    iri: str
    kind: str
    when: When
    labels: dict[str, dict[str, str]]
    ends: tuple[str, str] | None = None


def dated(store: Store, scenario: str | Scenario | None = None) -> list[Dated]:
    """Every tenure and every validity interval in ``scenario``'s graphs (default: every graph), in the
    order the store gives them; an item with two intervals comes twice. What :func:`model_on` decides on,
    and what a map's date slider draws from (with :meth:`When.changes`)."""
    graphs = _graphs(store, scenario)
    tenures = store.select(_TENURES, default_graphs=graphs)
    validity = store.select(_VALIDITY, default_graphs=graphs)
    whens = _whens(store, [r["i"].value for r in (*tenures, *validity)], graphs)
    iris = [r[k].value for r in tenures for k in ("post", "person")]
    iris += [r[k].value for r in validity for k in ("x", "from", "to") if k in r]
    labels = _labels(store, iris, graphs)
    out = []
    for r in tenures:
        when = whens.get(r["i"].value)
        if when is not None:  # None: the interval is not in this scenario's graphs
            post, person = r["post"].value, r["person"].value
            out.append(Dated(r["m"].value, "tenure", when, {post: labels.get(post, {}),
                                                            person: labels.get(person, {})}, (post, person)))
    for r in validity:
        iri, when = r["x"].value, whens.get(r["i"].value)
        if when is None:  # e.g. another scenario's period, stated in that scenario's graph
            continue
        if "channel" in r:
            ends = (r["from"].value, r["to"].value)
            out.append(Dated(iri, "channel", when, {x: labels.get(x, {}) for x in (iri, *ends)}, ends))
        else:
            out.append(Dated(iri, "model" if "model" in r else "actor", when, {iri: labels.get(iri, {})}))
    return out


def span(store: Store, scenario: str | Scenario | None = None) -> tuple[dt.date, dt.date] | None:
    """The first and last day any dated event, tenure or validity interval of ``scenario`` can touch (the
    range of a map's date slider); ``None`` when nothing is dated."""
    days: list[dt.date] = []
    for entry in timeline(store, scenario):
        days += [d for d in (entry.when.earliest(), entry.when.latest()) if d is not None]
        days += [_first(p) for p in entry.when.inside]
    for item in dated(store, scenario):
        days += [d for d in (item.when.earliest(), item.when.latest()) if d is not None]
        days += [f(p) for p in item.when.inside for f in (_first, _last)]
    return (min(days), max(days)) if days else None


def valid_during(store: Store, scenario: str | Scenario | None = None) -> dict[str, When]:
    """When each channel, forum, organisation model ... holds (``graf:validDuring``), by its IRI.

    ``scenario`` restricts the search to its graphs (default: every graph). Something with several
    validity intervals gets the first by IRI (the data graf ships gives one).
    """
    graphs = _graphs(store, scenario)
    rows = store.select(f"SELECT ?x ?i WHERE {{ ?x <{GRAF.validDuring}> ?i FILTER(isIRI(?i)) }} ORDER BY ?x ?i",
                        default_graphs=graphs)
    first: dict[str, str] = {}
    for r in rows:
        first.setdefault(r["x"].value, r["i"].value)
    whens = _whens(store, list(first.values()), graphs)
    return {x: whens.get(i, When()) for x, i in first.items()}


def model_on(store: Store, day: str | dt.date, scenario: str | Scenario | None = None) -> Snapshot:
    """What the model looked like on ``day``: who held each post, which fora, channels and
    organisation models were valid, and which events had happened.

    Each item has a ``state``: ``yes`` (certainly held on the day) or ``possibly`` (the sources are
    too coarse or silent to tell; e.g. a tenure known to begin "in 2010" on 1 March 2010). Items that
    certainly did not hold are left out. ``scenario`` restricts channels and events to that
    scenario's graphs (default: every graph, each channel under its own scenario).

    >>> # snapshot = model_on(store, "2010-03-01", scenario="adjusted"); snapshot.channel_ids()
    """
    when_day = day if isinstance(day, dt.date) else parse_day(day)
    items = dated(store, scenario)
    name = scenario.name if isinstance(scenario, Scenario) else scenario
    return Snapshot(when_day, name, _holdings(items, when_day), _valid(items, when_day),
                    _events_by(store, scenario, when_day))


def _holdings(items: list[Dated], day: dt.date) -> list[Holding]:
    out = []
    for item in items:
        if item.kind == "tenure" and item.ends and (state := item.when.state_on(day)) != "no":
            out.append(Holding(item.ends[0], item.ends[1], item.labels, state, item.when))
    return sorted(out, key=lambda h: (h.labels[h.post].get("da", h.post), h.person))


def _valid(items: list[Dated], day: dt.date) -> list[Valid]:
    out: dict[str, Valid] = {}
    for item in items:
        if item.kind == "tenure" or item.iri in out or (state := item.when.state_on(day)) == "no":
            continue
        if item.kind == "channel" and item.ends:
            names = {lang: " → ".join(item.labels.get(end, {}).get(lang, end) for end in item.ends)
                     for lang in ("da", "en")}
            out[item.iri] = Valid(item.iri, "channel", names, state, item.when, item.ends)
        else:
            out[item.iri] = Valid(item.iri, item.kind, dict(item.labels.get(item.iri, {})), state, item.when)
    return sorted(out.values(), key=lambda v: (v.kind, v.labels.get("da", v.iri), v.iri))


def _events_by(store: Store, scenario: str | Scenario | None, day: dt.date) -> list[tuple[Entry, str]]:
    """The events that had begun by ``day``: ``yes`` when surely over by then, else ``possibly``."""
    out = []
    for entry in timeline(store, scenario):
        start = entry.when.earliest() or (_first(entry.when.inside[0]) if entry.when.inside else None)
        if start is None or start > day:
            continue
        end = entry.when.latest()
        out.append((entry, "yes" if end is not None and end <= day else "possibly"))
    return out
