"""Property: graf's guard decisions are the engine's. Queries and updates are generated with
prefixed names, strings, comments, variables, blank nodes and IRIs built from SPARQL keywords,
keyword-named prefixes, expressions where ``<`` compares, and real (or glued) SERVICE, FROM and
LOAD; pyoxigraph, given the text graf hands it, shows what it really does: a SERVICE call or a LOAD
fails on its ``urn:`` target, and FROM <urn:g> makes the one triple of graph urn:g visible.

Deterministic for CI: hypothesis is derandomized and bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graf.errors import QueryError
from graf.sparql_guard import inspect

KEYWORDS = ["SERVICE", "FROM", "NAMED", "LOAD", "INSERT", "DELETE", "WITH", "USING", "DROP", "SILENT", "FILTER",
            "HAVING", "SELECT", "WHERE", "GRAPH", "CLEAR", "a"]
DETERMINISTIC = settings(derandomize=True, max_examples=300, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow])

keyword = st.builds(lambda k, case: case(k), st.sampled_from(KEYWORDS),
                    st.sampled_from([str.upper, str.lower, str.title]))
separator = st.sampled_from(["-", "_", ".", "\\-", "\\'", "%41", "\\#", "\\.", "", "0"])
local = st.builds(lambda a, s, b: a + s + b, keyword, separator, keyword)
prefix_name = st.builds(lambda k, tail: k + tail, keyword, st.sampled_from(["", "-x", "ex", "_1", ".x"]))
punctuation = st.sampled_from([" ", "{", "}", "#", "<", ">", ";", ".", "(", ")", "?x", "$y", ":", "\\\\"])
text_bits = st.lists(st.one_of(keyword, punctuation), min_size=0, max_size=6).map(" ".join)


@st.composite
def strings(draw: st.DrawFn) -> str:
    body = draw(text_bits)
    form = draw(st.sampled_from(['"', "'", '"""', "'''"]))
    if len(form) == 1:
        body = body.replace("\\\\", "\\\\\\\\").replace(form, "\\" + form) + "\\" + form + "x"
    else:
        body = body + form[0] + "x" + form[0] * 2 + "y"
    return form + body + form + draw(st.sampled_from(["", "@en-GB", "@da", "^^<http://www.w3.org/2001/XMLSchema#string>"]))


def iris() -> st.SearchStrategy[str]:
    return st.builds(lambda a, b, sep: f"<http://x/{a}{sep}{b}>", keyword, keyword,
                     st.sampled_from(["/", "#", "-", "?"]))


@dataclass
class Generated:
    text: str
    service: bool  # a real SERVICE keyword (separate word) is in the text
    dataset: bool  # FROM <urn:g>
    glued: bool  # a keyword glued to a prefixed name, which graf neutralises


@st.composite
def queries(draw: st.DrawFn) -> Generated:
    prefixes = draw(st.lists(prefix_name, max_size=3, unique=True))
    names = ["ex", *prefixes]
    term = st.one_of(
        st.builds(lambda p, name: f"{p}:{name}", st.sampled_from(names), local),
        iris(), strings(), st.sampled_from(["1", "-2.5", "3e0", "true"]),
    )
    variable = st.builds(lambda sigil, k: sigil + k, st.sampled_from("?$"), keyword)
    noise = st.one_of(  # each a function of its position, so that variables it binds are new
        st.builds(lambda t: lambda i: f"OPTIONAL {{ ?s <urn:q> {t} }}", term),
        st.builds(lambda t, b: lambda i: f"OPTIONAL {{ ?s <urn:q> {t} . ?s <urn:q> _:{b}{i} }}", term, keyword),
        st.builds(lambda v, w: lambda i: f"OPTIONAL {{ {v} <urn:q> {w} }}", variable, variable),
        st.builds(lambda t: lambda i: f"BIND({t} AS ?noise{i})", term),
        st.builds(lambda t: lambda i: f"FILTER(true || ?o = {t})", term),
        st.builds(lambda t: lambda i: f"FILTER(1<2&&'>'!='' || ?o != {t})", term),
        st.builds(lambda b: lambda i: f"# {b}\n", text_bits),
        st.builds(lambda t: lambda i: f"VALUES ?value{i} {{ {t} }}", term),
    )
    body = " ".join(part(i) for i, part in enumerate(draw(st.lists(noise, max_size=5))))
    dataset = draw(st.booleans())
    service_form = draw(st.sampled_from([
        "", "", "SERVICE <urn:svc> { ?a ?b ?c }", "service<urn:svc>{?a ?b ?c}", "SERVICE :svc { }",
        "FILTER(1<2&&'>'!='')SERVICE<urn:svc>#'\n{ }",  # after an operand, < compares: a real call
        "SERVICE:svc { }", "SERVICEex2:svc { }", "Serviceex2:svc{}",  # glued: the engine would call it
    ]))
    glued = service_form.replace(" ", "").lower().startswith("serviceex2:") or service_form.startswith("SERVICE:")
    service = bool(service_form) and not glued
    union = f" UNION {{ {service_form} }}" if service_form else ""
    prologue = "".join(f"PREFIX {p}: <http://ex/> " for p in names) + "PREFIX : <urn:> PREFIX ex2: <urn:> "
    text = (f"{prologue}\nSELECT ?s {'FROM <urn:g> ' if dataset else ''}WHERE {{ {{ ?s <urn:p> ?o {body} }}"
            f"{union} }}")
    return Generated(text, service, dataset, glued)


_DATA = ox.Store()
_DATA.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"), ox.NamedNode("urn:g")))


def engine(text: str) -> tuple[str, object]:
    """What pyoxigraph does with ``text``: ("service", _) if it calls a SERVICE, ("ok", rows),
    ("syntax", message) or ("error", message)."""
    try:
        rows = sorted(str(list(s)) for s in _DATA.query(text, base_iri="http://base/"))
    except SyntaxError as exc:
        return "syntax", str(exc)
    except (OSError, RuntimeError) as exc:
        if "urn:svc" in str(exc) or "service name" in str(exc):
            return "service", str(exc)
        return "error", str(exc)
    return "ok", rows


@DETERMINISTIC
@given(queries())
def test_guard_decisions_equal_the_engines_on_queries(generated: Generated) -> None:
    original = engine(generated.text)
    assert original[0] != "syntax", ("the generator must make queries the engine accepts", generated.text, original)
    found = inspect(generated.text)
    on_graf_text = engine(found.text)
    assert found.service == (on_graf_text[0] == "service"), (generated.text, on_graf_text)
    if generated.glued:  # the engine would call the service; graf hands it a text that cannot
        assert original[0] == "service" and on_graf_text[0] == "syntax", (generated.text, on_graf_text)
        return
    assert (found.service, found.dataset) == (generated.service, generated.dataset)
    if on_graf_text[0] == "ok":
        assert found.dataset == bool(on_graf_text[1])  # FROM <urn:g> is what makes the triple visible
        assert original == on_graf_text  # renamed prefixes change nothing


@st.composite
def updates(draw: st.DrawFn) -> tuple[str, bool, bool]:
    ground = st.one_of(st.builds(lambda name: f"ex:{name}", local), iris(), strings())
    bnode = st.builds(lambda b: f"_:{b}", keyword)  # labels differ per operation below
    term = st.one_of(ground, bnode)
    subject = st.one_of(st.builds(lambda name: f"ex:{name}", local), iris(), bnode)
    comment = st.builds(lambda b: f"# {b}\n", text_bits)

    def labelled(value: str, n: int) -> str:  # a blank node label may not be shared between operations
        return value + str(n) if value.startswith("_:") else value

    operations = [f"INSERT DATA {{ <urn:a> <urn:b> {labelled(draw(term), 0)} }}"]
    for n in range(1, 1 + draw(st.integers(0, 2))):
        operations.append(draw(st.sampled_from([
            f"DELETE WHERE {{ ?s <urn:x> {draw(ground)} }}",
            f"INSERT DATA {{ {labelled(draw(subject), n)} <urn:q> 1 }}", f"CLEAR SILENT GRAPH {draw(iris())}"])))
    load = draw(st.sampled_from(["", "", "LOAD <urn:load>", "load<urn:load>", "LOAD :load INTO GRAPH <urn:g>",
                                 "LOADex2:load", "Loadex2:load"]))
    glued = load.lower().startswith("loadex2:")
    if load:
        operations.insert(draw(st.integers(0, len(operations))), load)
    text = "PREFIX ex: <http://ex/> PREFIX : <urn:> PREFIX ex2: <urn:>\n" + (
        f" {draw(comment)};".join(operations) if draw(st.booleans()) else " ; ".join(operations))
    return text, bool(load) and not glued, glued


def engine_update(text: str) -> str:
    try:
        ox.Store().update(text, base_iri="http://base/")
    except SyntaxError:
        return "syntax"
    except OSError as exc:
        return "load" if "urn:load" in str(exc) else "error"
    return "ok"


@DETERMINISTIC
@given(updates())
def test_guard_decisions_equal_the_engines_on_updates(generated: tuple[str, bool, bool]) -> None:
    text, load, glued = generated
    assert glued or engine_update(text) != "syntax", ("the generator must make updates the engine accepts", text)
    found = inspect(text)
    assert (found.is_update or glued) and not found.service
    assert found.load == (engine_update(found.text) == "load"), text
    if glued:
        assert engine_update(text) == "load" and engine_update(found.text) == "syntax", text
    else:
        assert found.load == load and engine_update(text) == engine_update(found.text), text
    with pytest.raises(SyntaxError):  # what graf calls an update, the engine's query parser refuses
        ox.Store().query(text)


@DETERMINISTIC
@given(st.builds(lambda k, n: k + str(n), st.sampled_from(["LIMIT", "SELECTDISTINCT", "FILTERregex", "SERVICESILENT"]),
                 st.integers(0, 9)))
def test_a_keyword_glued_to_letters_or_digits_is_refused(word: str) -> None:
    with pytest.raises(QueryError, match="is not a SPARQL keyword"):
        inspect(f"SELECT * {{ ?s ?p ?o }} {word}")
