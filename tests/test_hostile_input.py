"""A corpus of hostile requests against a real `graf serve` (update token set, small limits): each
gets a 4xx, or, where the request is only expensive, either its answer within the limits or a
timeout (503 naming the time limit, or 503 server_busy); never another 5xx or a dropped
connection; no file outside the data is read; and the server answers normally afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.testing import running_server

TOKEN = "hostile-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
LIMIT = 200_000  # max_request_bytes of this server

NESTED_UPDATE = "INSERT { <urn:a> <urn:b> 1 } WHERE " + "{" * 3000 + "}" * 3000
DEEP_UPDATE = "INSERT { <urn:a> <urn:b> 1 } WHERE " + "{" * 5000 + "}" * 5000
DEEP_BRACES = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
DEEP_PARENS = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
DEEP_EXISTS = "ASK { " + "FILTER EXISTS { " * 1500 + "}" * 1501
UNIONS = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 2000) + " }"
#: a flat chain long enough to overflow a thread's usual 8 MB stack in pyoxigraph's parser
CHAIN = "SELECT * WHERE { {}" + " UNION {}" * 12_000 + " }"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
REGEX_SIZE = 'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(a{1000}){1000}")) } LIMIT 1'
#: a catastrophic pattern for a backtracking engine; Oxigraph's regex engine is linear and answers
REDOS = ('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o '
         'FILTER(REGEX(CONCAT(STR(?o), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), "^(a+)+$")) }')
HUGE_UPDATE = "INSERT { ?a <urn:x> ?z } WHERE { ?a ?b ?c . ?d ?e ?f BIND(CONCAT(STR(?c), STR(?f)) AS ?z) }"
#: only expensive, not malformed: answered within the limits, or stopped at the time limit
BOUNDED = {"huge union", "chain of 12,000 UNIONs", "cross join", "regex too big", "regex blow-up", "huge update",
           "FROM a file"}
TRAVERSALS = ["../../../../etc/passwd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd",
              "....//....//etc/passwd", "..\\..\\..\\etc\\passwd", "%00", "%c0%ae%c0%ae/etc/passwd"]
PATHS = ["/actors/{}", "/maps/{}", "/maps/actor:{}", "/queries/{}", "/scenarios/{}/diff/adjusted",
         "/scenarios/adjusted/diff/{}", "/static/{}", "/static/swagger/{}", "/{}"]

#: (name, method, path, params, body, headers)
CORPUS = [
    ("nested update", "POST", "/sparql", None, {"update": NESTED_UPDATE}, AUTH),
    ("deeper update", "POST", "/sparql", None, {"update": DEEP_UPDATE}, AUTH),
    ("nested braces", "GET", "/sparql", {"query": DEEP_BRACES}, None, {}),
    ("nested parentheses", "POST", "/sparql", None, {"query": DEEP_PARENS}, {}),
    ("nested FILTER EXISTS", "POST", "/sparql", None, {"query": DEEP_EXISTS}, {}),
    ("another Host", "GET", "/sparql", {"query": "ASK {}"}, None, {"Host": "attacker.example"}),
    ("another Host on a page", "GET", "/", None, None, {"Host": "attacker.example:8000"}),
    ("huge union", "GET", "/sparql", {"query": UNIONS}, None, {}),
    ("chain of 12,000 UNIONs", "POST", "/sparql", None, {"query": CHAIN}, {}),
    ("cross join", "GET", "/sparql", {"query": CROSS}, None, {}),
    ("regex too big", "GET", "/sparql", {"query": REGEX_SIZE}, None, {}),
    ("regex blow-up", "GET", "/sparql", {"query": REDOS}, None, {}),
    ("huge update", "POST", "/sparql", None, {"update": HUGE_UPDATE}, AUTH),
    ("LOAD a file", "POST", "/sparql", None, {"update": "LOAD <file:///etc/passwd>"}, AUTH),
    ("FROM a file", "GET", "/sparql", {"query": "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"}, None, {}),
    ("SERVICE", "GET", "/sparql", {"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}, None, {}),
    ("form not UTF-8", "POST", "/sparql", None, b"query=\xff\xfe", FORM),
    ("escape not UTF-8", "POST", "/sparql", None, b"query=%FF%FE", FORM),
    ("body not UTF-8", "POST", "/sparql", None, b"ASK {\xff}", {"Content-Type": "application/sparql-query"}),
    ("latin-1 body", "POST", "/sparql", None, b"ASK {}", {"Content-Type": "application/sparql-query; charset=latin1"}),
    ("query escape not UTF-8", "GET", "/sparql?query=ASK%20%7B%FF%7D", None, None, {}),
    ("NUL in a query", "GET", "/sparql", {"query": "ASK { <urn:\x00> ?p ?o }"}, None, {}),
    ("oversized body", "POST", "/sparql", None, b"query=" + b"A" * (LIMIT + 10), FORM),
    ("oversized chunked body", "POST", "/sparql", None, iter([b"query=", b"A" * (LIMIT + 10)]), FORM),
    ("oversized update", "POST", "/sparql", None, b"x" * (LIMIT + 10), {"Content-Type": "application/sparql-update",
                                                                      **AUTH}),
    ("huge Accept", "GET", "/sparql", {"query": "ASK {}"}, None, {"Accept": "text/html;q=0.1," * 2000}),
    ("unknown format", "GET", "/sparql", {"query": "ASK {}", "format": "../../etc/passwd"}, None, {}),
    ("export traversal", "GET", "/export", {"graph": "../../../../etc/passwd"}, None, {}),
    ("export format traversal", "GET", "/export", {"format": "../../etc/passwd"}, None, {}),
    ("huge lang", "GET", "/", {"lang": "x" * 10_000}, None, {}),
] + [(f"traversal {p} {t}", "GET", p.format(t), None, None, {}) for p in PATHS for t in TRAVERSALS]


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server(["--time-limit", "2", "--update-token", TOKEN],
                        env={"GRAF_MAX_REQUEST_BYTES": str(LIMIT)}) as url:
        yield url


@pytest.mark.parametrize(("name", "method", "path", "params", "body", "headers"), CORPUS, ids=[c[0] for c in CORPUS])
def test_a_hostile_request_gets_a_4xx_or_a_timeout(base: str, name, method, path, params, body, headers) -> None:
    data = body if isinstance(body, dict) else None
    content = None if isinstance(body, dict) else body
    r = httpx.request(method, base + path, params=params, data=data, content=content, headers=headers, timeout=60)
    timeout = r.status_code == 503 and r.json()["error"]["code"] in ("query_timeout", "server_busy")
    answered = name in BOUNDED and r.status_code in (200, 204)  # FROM <file:...> is an empty graph
    assert 400 <= r.status_code < 500 or timeout or answered, (name, r.status_code, r.text[:300])
    assert "root:x:0:0" not in r.text  # /etc/passwd was not read
    # and the server is healthy: it answers, and takes an update
    assert httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=30).json()["boolean"] is True


def test_the_server_takes_updates_after_the_corpus(base: str) -> None:
    r = httpx.post(base + "/sparql", data={"update": "INSERT DATA { <urn:h:a> <urn:h:b> 1 }"}, headers=AUTH, timeout=30)
    assert r.status_code == 204, r.text
    r = httpx.get(base + "/sparql", params={"query": "ASK { <urn:h:a> <urn:h:b> 1 }"}, timeout=30)
    assert r.json()["boolean"] is True
