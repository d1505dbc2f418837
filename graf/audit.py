"""How well the data rests on its sources: ``graf audit`` and ``/audit``.

The audit counts the statements about real actors, how many cite a source and how sure each is
(its weakest citation: ``memo``, ``external`` or ``derived``; ``unsourced`` when it cites none),
checks every quoted sentence verbatim against the stored text of its source (the normalisation of
:mod:`graf.quotes`), and lists the open questions and the citations nothing uses.

What counts as a statement about a real actor: every triple of every named graph, except the
ontology graph, graphs marked ``graf:isSynthetic true`` (generated or fictional data describes no
real actor), and graf's bookkeeping: the reification (``rdf:Statement`` resources), the citations,
the open questions, the organisation models' descriptions (graf's framing of the sources, not a
statement the sources make) and the links ``graf:sourceFile``, ``graf:extendsGraph`` and
``graf:isSynthetic``. A statement is cited when an ``rdf:Statement`` in the same graph reifies it
with a ``graf:citation``.

The audit fails (exit 1 on the CLI) when a quote is not in its source, when a source file that a
document names is missing, or when a statement about a real actor cites nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graf import resources
from graf.namespaces import GRAF, ONTOLOGY_GRAPH, PROV, RDF, SKOS
from graf.quotes import NORMALISATION, is_markdown, quote_in
from graf.store import Store
from graf.terms import is_iri

CONFIDENCES = ("memo", "external", "derived")
#: from strongest to weakest; a statement is as sure as its weakest citation
RANK = {"memo": 3, "external": 2, "derived": 1, "unsourced": 0}
_SHOWN = 50  # unsourced statements listed in the report (all are counted)

_BOOKKEEPING_CLASSES = (RDF.Statement, GRAF.Citation, GRAF.OpenQuestion, GRAF.OrganisationModel)
_BOOKKEEPING_PREDICATES = (GRAF.sourceFile, GRAF.extendsGraph, GRAF.isSynthetic)


def weakest(confidences: Iterable[str]) -> str:
    """The weakest of ``confidences`` (``unsourced`` for none)."""
    found = [c if c in RANK else "derived" for c in confidences]
    return min(found, key=RANK.__getitem__) if found else "unsourced"


@dataclass(frozen=True)
class AuditFinding:
    """One problem the audit found."""

    code: str  # quote-not-found, source-file-missing, quote-unchecked, unsourced-statement
    severity: str  # error (fails the audit) or warning
    message: str
    citation: str = ""
    key: str = ""
    file: str = ""
    quote: str = ""


@dataclass
class AuditReport:
    """The result of :func:`audit`."""

    statements: int
    by_confidence: dict[str, int]
    unsourced: list[dict[str, str]]
    unsourced_count: int
    quotes_checked: int
    quotes_found: int
    findings: list[AuditFinding]
    open_questions: list[dict[str, str]]
    unused_citations: list[dict[str, str]]
    citations: int
    normalisation: str = NORMALISATION
    excluded_graphs: list[str] = field(default_factory=list)

    @property
    def cited(self) -> int:
        return self.statements - self.unsourced_count

    @property
    def cited_percent(self) -> float:
        """Share of real-actor statements that cite a source (100 when there are none)."""
        return round(100.0 * self.cited / self.statements, 2) if self.statements else 100.0

    @property
    def ok(self) -> bool:
        """No quote missing from its source, no missing source file, no unsourced real-actor statement."""
        return not any(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "statements": {"real_actor": self.statements, "cited": self.cited, "cited_percent": self.cited_percent,
                           "by_confidence": dict(self.by_confidence), "unsourced_count": self.unsourced_count,
                           "unsourced": self.unsourced},
            "quotes": {"checked": self.quotes_checked, "found": self.quotes_found,
                       "normalisation": self.normalisation},
            "citations": {"defined": self.citations, "unused": self.unused_citations},
            "open_questions": self.open_questions,
            "findings": [asdict(f) for f in self.findings],
            "excluded_graphs": self.excluded_graphs,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        lines = [f"Statements about real actors: {self.statements}, cited: {self.cited} ({self.cited_percent:g} %)"]
        lines.append("  by confidence (the weakest citation of each): "
                     + ", ".join(f"{k} {v}" for k, v in self.by_confidence.items()))
        for s in self.unsourced[:10]:
            lines.append(f"  unsourced: <{s['subject']}> <{s['predicate']}> {s['object']}  (graph <{s['graph']}>)")
        if self.unsourced_count > 10:
            lines.append(f"  ... and {self.unsourced_count - 10} more unsourced statement(s)")
        lines.append(f"Quotes checked against their sources: {self.quotes_checked}, found: {self.quotes_found}")
        lines.append(f"  normalisation: {self.normalisation}")
        lines.append(f"Citations: {self.citations}, unused: {len(self.unused_citations)}"
                     + "".join(f"\n  unused: {c['key']} <{c['citation']}>" for c in self.unused_citations))
        lines.append(f"Open questions: {len(self.open_questions)}")
        lines += [f"  - {q['question']}  (about <{q['about']}>)" for q in self.open_questions]
        if self.excluded_graphs:
            lines.append(f"Synthetic graphs left out (they describe no real actor): {len(self.excluded_graphs)}")
        problems = [f for f in self.findings if f.code != "unsourced-statement"]
        if problems:
            lines.append("Findings:")
            lines += [f"  [{f.severity}] {f.code}: {f.message}" for f in problems]
        lines.append("Result: " + ("OK" if self.ok else "FAILED"))
        return "\n".join(lines) + "\n"


# -- queries ------------------------------------------------------------------------------------------

_SYNTHETIC = f"SELECT DISTINCT ?g WHERE {{ ?g <{GRAF.isSynthetic}> true }}"

_BOOKKEEPING = ", ".join(f"<{c}>" for c in _BOOKKEEPING_CLASSES)
_TRIPLES = f"""
SELECT ?g ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (?g != <{ONTOLOGY_GRAPH}> EXCLUDED)
  FILTER (?p NOT IN ({", ".join(f"<{p}>" for p in _BOOKKEEPING_PREDICATES)}))
  MINUS {{ GRAPH ?g {{ ?s a ?bk FILTER (?bk IN ({_BOOKKEEPING})) }} }}
}}"""

_REIFIED = f"""
SELECT ?g ?s ?p ?o ?c ?conf WHERE {{
  GRAPH ?g {{ ?st <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o ; <{GRAF.citation}> ?c }}
  OPTIONAL {{ ?c <{GRAF.confidence}> ?conf }}
}}"""

_CITATIONS = f"""
SELECT ?c ?key ?quote ?doc ?file WHERE {{
  ?c a <{GRAF.Citation}> .
  OPTIONAL {{ ?c <{SKOS.notation}> ?key }}
  OPTIONAL {{ ?c <{GRAF.quote}> ?quote }}
  OPTIONAL {{ ?c <{PROV.wasQuotedFrom}> ?doc OPTIONAL {{ ?doc <{GRAF.sourceFile}> ?file }} }}
}}"""

_USES = f"""
SELECT DISTINCT ?c ?from WHERE {{
  {{ [] <{GRAF.citation}> ?c }} UNION {{ ?from <{PROV.wasDerivedFrom}> ?c . ?from a <{GRAF.Citation}> }}
}}"""

_QUESTIONS = f"""
SELECT ?q ?text ?about WHERE {{
  ?q a <{GRAF.OpenQuestion}> .
  OPTIONAL {{ ?q <{GRAF.question}> ?text FILTER (lang(?text) = "en" || lang(?text) = "") }}
  OPTIONAL {{ ?q <{GRAF.about}> ?about }}
}}"""


def _term(t: Any) -> str:
    """A term as text: an IRI bare, a literal in N-Triples style."""
    if type(t).__name__ == "NamedNode":
        return str(t.value)
    if getattr(t, "language", None):
        return f'"{t.value}"@{t.language}'
    return f'"{t.value}"'


def _key(t: Any) -> tuple[str, str]:
    return (type(t).__name__, str(t))


# -- the audit ----------------------------------------------------------------------------------------

def audit(store: Store, source_dirs: Iterable[str | Path] = ()) -> AuditReport:
    """Audit ``store``: statements by confidence, cited share, quotes against their sources, open
    questions, unused citations.

    ``source_dirs`` are the folders a relative ``graf:sourceFile`` is resolved against (the folders
    of the data files loaded; the first folder holding the file wins).
    """
    dirs = [Path(d) for d in source_dirs]
    synthetic = sorted(r["g"].value for r in store.select(_SYNTHETIC))
    # a graph that graphs() does not list is the server's own (Virtuoso's metadata graphs), not data
    listed = {g.name for g in store.graphs() if g.name}
    unlisted = sorted(r["g"].value for r in store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                                         "GROUP BY ?g") if r["g"].value not in listed)
    excluded = "".join(f" && ?g != <{g}>" for g in [*synthetic, *unlisted])
    confidences: dict[tuple[str, str, str, tuple[str, str]], list[str]] = defaultdict(list)  # (g, s, p, o)
    for r in store.select(_REIFIED):
        conf = r["conf"].value.rsplit("/", 1)[-1] if "conf" in r else "derived"
        confidences[(r["g"].value, r["s"].value, r["p"].value, _key(r["o"]))].append(conf)
    by_confidence = dict.fromkeys(CONFIDENCES, 0)
    unsourced: list[dict[str, str]] = []
    unsourced_count = total = 0
    for r in store.select(_TRIPLES.replace("EXCLUDED", excluded)):
        total += 1
        found = confidences.get((r["g"].value, r["s"].value, r["p"].value, _key(r["o"])))
        if found:
            by_confidence[weakest(found)] = by_confidence.get(weakest(found), 0) + 1
            continue
        unsourced_count += 1
        if len(unsourced) < _SHOWN:
            unsourced.append({"graph": r["g"].value, "subject": r["s"].value, "predicate": r["p"].value,
                              "object": _term(r["o"])})
    findings: list[AuditFinding] = []
    if unsourced_count:
        findings.append(AuditFinding("unsourced-statement", "error",
                                     f"{unsourced_count} statement(s) about real actors cite no source (e.g. "
                                     f"<{unsourced[0]['subject']}> <{unsourced[0]['predicate']}>)"))
    citations, checked, found_quotes, quote_findings = _check_quotes(store, dirs)
    findings += quote_findings
    return AuditReport(total, by_confidence, sorted(unsourced, key=lambda s: tuple(s.values())), unsourced_count,
                       checked, found_quotes, findings, _questions(store), _unused(store, citations),
                       len(citations), excluded_graphs=synthetic)


def _resolve(file: str, dirs: list[Path]) -> tuple[Path | None, list[Path]]:
    path = Path(file)
    tried = [path] if path.is_absolute() else [d / path for d in dirs]
    for candidate in tried:
        if candidate.is_file():
            return candidate, tried
    return None, tried


def _citations(store: Store) -> tuple[dict[str, str], dict[str, set[str]], dict[str, tuple[str, str]]]:
    """Every citation's key, its quotes, and the document and source file they are quoted from."""
    citations: dict[str, str] = {}
    quotes: dict[str, set[str]] = defaultdict(set)
    source: dict[str, tuple[str, str]] = {}
    for r in store.select(_CITATIONS):
        c = r["c"].value
        citations[c] = r["key"].value if "key" in r else c.rsplit("/", 1)[-1]
        if "quote" in r:
            quotes[c].add(r["quote"].value)
        if "doc" in r:
            source[c] = (r["doc"].value, r["file"].value if "file" in r else "")
    return citations, quotes, source


def _read(path: Path, texts: dict[Path, str]) -> str | None:
    """The text of ``path`` (read once); None when it cannot be read as UTF-8."""
    if path not in texts:
        try:
            texts[path] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    return texts[path]


def _check_quotes(store: Store, dirs: list[Path]) -> tuple[dict[str, str], int, int, list[AuditFinding]]:
    """Check each quote against its source file: (citations, quotes checked, quotes found, findings)."""
    citations, quotes, source = _citations(store)
    texts: dict[Path, str] = {}
    findings: list[AuditFinding] = []
    checked = found = 0
    for c in sorted(quotes):
        key, (doc, file) = citations[c], source.get(c, ("", ""))
        said = sorted(quotes[c])
        if not file:
            what = f"document <{doc}> names no graf:sourceFile" if doc else "it names no prov:wasQuotedFrom document"
            findings += [AuditFinding("quote-unchecked", "warning", f"citation {key}: the quote cannot be checked: "
                                      f"{what}", c, key, "", q) for q in said]
            continue
        path, tried = _resolve(file, dirs)
        text = _read(path, texts) if path is not None else None
        if path is None or text is None:
            where = ", ".join(str(t) for t in tried) or "no data folder to resolve it against (give --sources DIR)"
            problem = "does not exist" if path is None else "cannot be read as UTF-8 text"
            findings += [AuditFinding("source-file-missing", "error", f"citation {key}: the source file {file!r} of "
                                      f"<{doc}> {problem} (looked for: {where}); quote: \u201c{q}\u201d",
                                      c, key, file, q) for q in said]
            continue
        for q in said:
            checked += 1
            if quote_in(q, text, is_markdown(path)):
                found += 1
            else:
                findings.append(AuditFinding("quote-not-found", "error", f"citation {key}: the quote is not in its "
                                             f"source file {file!r} ({path}): \u201c{q}\u201d", c, key, file, q))
    return citations, checked, found, findings


def _unused(store: Store, citations: dict[str, str]) -> list[dict[str, str]]:
    """Citations no statement cites, directly or through the derived citations that rest on them."""
    cited: set[str] = set()
    derived_from: dict[str, set[str]] = defaultdict(set)
    for r in store.select(_USES):
        if "from" in r:
            derived_from[r["from"].value].add(r["c"].value)
        else:
            cited.add(r["c"].value)
    todo = list(cited)
    while todo:
        for base in derived_from.get(todo.pop(), ()):
            if base not in cited:
                cited.add(base)
                todo.append(base)
    return [{"citation": c, "key": citations[c]} for c in sorted(citations) if c not in cited]


def _questions(store: Store) -> list[dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for r in store.select(_QUESTIONS):
        q = out.setdefault(r["q"].value, {"question": r["q"].value, "about": ""})
        q["iri"] = r["q"].value
        if "text" in r:
            q["question"] = r["text"].value
        if "about" in r:
            q["about"] = r["about"].value
    return sorted(out.values(), key=lambda q: q["question"])


# -- the confidence of validation findings ------------------------------------------------------------

def statement_confidences(store: Store, graphs: Iterable[str] | None, subjects: Iterable[str]
                          ) -> dict[tuple[str, str, str], str]:
    """(subject, predicate, object as text) -> weakest confidence, for the statements about ``subjects``
    in ``graphs`` (``None``: every graph). Unreified statements are not listed."""
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    items = sorted(set(subjects))
    for i in range(0, len(items), 400):
        values = " ".join(f"<{s}>" for s in items[i:i + 400])
        text = f"""SELECT ?s ?p ?o ?conf WHERE {{ VALUES ?s {{ {values} }}
          ?st <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o ; <{GRAF.citation}> ?c .
          OPTIONAL {{ ?c <{GRAF.confidence}> ?conf }} }}"""
        for r in store.select(text, default_graphs=list(graphs) if graphs else None):
            conf = r["conf"].value.rsplit("/", 1)[-1] if "conf" in r else "derived"
            found[(r["s"].value, r["p"].value, _term(r["o"]))].append(conf)
    return {k: weakest(v) for k, v in found.items()}


def finding_subjects(nodes: Iterable[str], edges: Iterable[str], witness: Iterable[str]) -> list[str]:
    """The resources whose statements a finding rests on (see :func:`finding_confidence`): IRIs only (a
    SHACL result's witness may be a literal or a blank node, written as graf.terms text)."""
    edges = list(edges)
    if edges:
        return sorted({e.split("|", 1)[0] for e in edges})
    return sorted(x for x in set(witness) or set(nodes) if is_iri(x))


def finding_confidence(nodes: Iterable[str], edges: Iterable[str], witness: Iterable[str],
                       confidences: dict[tuple[str, str, str], str]) -> str:
    """The weakest confidence of the facts behind a finding.

    The facts behind a finding are the statements about the edges it names (every statement about
    a channel; the one statement ``s|p|o`` of a structural edge) or, when it names no edge, the type
    statements of its witness (or its nodes). ``unsourced`` when one of them cites nothing; ``""``
    when the finding names nothing.
    """
    edges = list(edges)
    wanted: list[str] = []
    if edges:
        for e in edges:
            if "|" in e:
                s, p, o = e.split("|", 2)
                wanted.append(confidences.get((s, p, o), "unsourced"))
            else:
                about = [c for (s, _p, _o), c in confidences.items() if s == e]
                wanted.append(weakest(about))
    else:
        rdf_type = str(RDF.type)
        for n in set(witness) or set(nodes):
            wanted.append(weakest(c for (s, p, _o), c in confidences.items() if s == n and p == rdf_type))
    return weakest(wanted) if wanted else ""


__all__ = ["AuditFinding", "AuditReport", "CONFIDENCES", "RANK", "audit", "finding_confidence", "source_dirs",
           "statement_confidences", "weakest"]


def source_dirs(data: Iterable[str | Path] = ()) -> list[Path]:
    """The folders a relative ``graf:sourceFile`` is resolved against: the folder of each data path
    (a folder itself, or a file's parent); with no data paths, the bundled default data set's folder."""
    paths = [Path(p) for p in data]
    if not paths:
        return [resources.default_data_dir()]
    return list(dict.fromkeys(p if p.is_dir() else p.parent for p in paths))
