"""The protocol dataset of an update (``using-graph-uri``/``using-named-graph-uri``).

The SPARQL 1.1 Protocol lets a client name the graphs an update's WHERE clauses read; it is the
same as writing ``USING <g>``/``USING NAMED <g>`` in every DELETE/INSERT ... WHERE operation.
pyoxigraph has no parameter for it, so the clauses are inserted into the text before each
top-level ``WHERE`` of such an operation (strings, IRIs and comments are skipped). An update that
already has USING or WITH together with these parameters is refused (400), as the protocol says.
"""

from __future__ import annotations

import re

from api.errors import ApiError

_TOKEN = re.compile(
    r"(?P<opaque>\\[_~.\-!$&'()*+,;=/?#@%]"  # escaped characters of prefixed names (PN_LOCAL_ESC)
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<semicolon>;)"
    r"|(?<![\w:?$])(?P<word>[A-Za-z]+)(?![\w:-])",
    re.DOTALL,
)


def _iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ \n\t'):
        raise ApiError(400, f"not an IRI: {value!r} (in using-graph-uri/using-named-graph-uri)", "bad_iri")
    return f"<{value}>"


def apply_using(text: str, using: list[str], using_named: list[str]) -> str:
    """``text`` with the protocol's USING/USING NAMED clauses in each DELETE/INSERT ... WHERE."""
    if not using and not using_named:
        return text
    clause = " ".join([f"USING {_iri(g)}" for g in using] + [f"USING NAMED {_iri(g)}" for g in using_named])
    depth = 0
    head: str | None = None  # first keyword of the current operation (after PREFIX/BASE)
    template_seen = False  # a { ... } block at top level before WHERE: DELETE/INSERT {..} WHERE
    inserts: list[int] = []
    for match in _TOKEN.finditer(text):
        if match.group("opaque"):
            continue
        if match.group("open"):
            if depth == 0 and head is not None:
                template_seen = True
            depth += 1
        elif match.group("close"):
            depth -= 1
        elif match.group("semicolon") and depth == 0:
            head, template_seen = None, False
        elif match.group("word") and depth == 0:
            word = match.group("word").upper()
            if word in ("USING", "WITH"):
                raise ApiError(400, "the update has its own USING/WITH; do not also send using-graph-uri "
                                    "or using-named-graph-uri", "dataset_conflict")
            if word in ("PREFIX", "BASE"):
                continue
            if head is None:
                head = word
            elif word == "WHERE" and head in ("INSERT", "DELETE") and template_seen:
                inserts.append(match.start())
    for position in reversed(inserts):
        text = text[:position] + clause + " " + text[position:]
    return text
