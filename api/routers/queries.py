"""``/queries``: the example queries (graf/queries/*.rq); ``/queries/{name}`` runs one.

``GET /queries/{name}?PARAM=VALUE`` runs the example with its named parameters bound as RDF terms
(graf.parameters: substituted by the store, never written into the query text) and answers in the
SPARQL results format the ``Accept`` header (or ``?format=``) asks for, like ``/sparql``. A missing,
unknown or ill-typed parameter is a 400 naming it (``"code": "bad_parameter", "parameter": ...``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api import conneg
from api.deps import State, in_thread
from api.errors import ApiError
from api.models import ErrorBody, ExampleQueryModel, QueryParameterModel
from api.protocol import single
from api.routers.sparql import TRUNCATED_LINK
from graf.errors import UnsupportedFormatError
from graf.examples import ExampleQuery, example_queries, example_query
from graf.parameters import bind
from graf.sparql import PREFIXES, SerializedResult, check_query, run_query
from graf.store import ResultOutput

router = APIRouter(tags=["queries"], responses={404: {"model": ErrorBody}})


def model(q: ExampleQuery) -> ExampleQueryModel:
    return ExampleQueryModel(
        name=q.name, title=q.title, description=q.description, text=q.text, title_da=q.title_da,
        description_da=q.description_da,
        parameters=[QueryParameterModel(name=p.name, type=p.type, required=p.required, default=p.default,
                                        description=p.description, description_da=p.description_da)
                    for p in q.parameters])


@router.get("/queries", response_model=list[ExampleQueryModel], summary="The example queries")
async def queries() -> list[ExampleQueryModel]:
    found = await in_thread(example_queries)
    return [model(q) for q in found]


_RUN_DOC = """Run the example query `name` and answer with its results.

Named parameters (see `parameters` in `/queries`) are query parameters: `?actor=teknik-og-miljoeforvaltningen`.
Each value is bound as an RDF term (an actor id, prefixed name or IRI; a typed literal), never written into
the query text. Results by `Accept` (or `?format=json|xml|csv|tsv|turtle|nt|jsonld|rdfxml`), as at `/sparql`.
"""


@router.get("/queries/{name}", summary="Run one example query, with its parameters", description=_RUN_DOC,
            response_class=Response, responses={400: {"model": ErrorBody}, 406: {"model": ErrorBody},
                                                 200: {"content": {f.types[0]: {} for f in (*conneg.SELECT,
                                                                                           *conneg.GRAPH)}}})
async def run_example(name: str, request: Request, state: State) -> Response:
    q = await in_thread(example_query, name)
    given = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    fmt = single(list(request.query_params.multi_items()), "format", conneg.canonical_name)
    form = check_query(q.text, allow_service=state.settings.allow_service)
    offered, what = {"ASK": (conneg.ASK, "ASK result (a boolean)"),
                     "CONSTRUCT": (conneg.GRAPH, "CONSTRUCT result (RDF triples)"),
                     "DESCRIBE": (conneg.GRAPH, "DESCRIBE result (RDF triples)")}.get(
        form or "", (conneg.SELECT, "SELECT result (a table)"))
    chosen = (conneg.by_name(fmt, offered, what) if fmt
              else conneg.negotiate(request.headers.get("accept"), offered, what))
    bindings = await in_thread(bind, q.parameters, given, state.store, state.settings, query=q.name)
    result = await in_thread(run_query, state.store, q.text, state.settings, prefixes=PREFIXES, bindings=bindings,
                             base_iri=state.settings.public_sparql_url)
    kind = "graph" if result.is_graph else result.form.lower()
    output = ResultOutput({kind: chosen.name}, link=f"{TRUNCATED_LINK}?max_rows={state.settings.max_rows}",
                          prefixes=PREFIXES)
    try:  # written as /sparql's workers write it, the row cap named in JSON/XML heads
        body = (await in_thread(SerializedResult.from_result, result, output)).body or b""
    except UnsupportedFormatError as exc:  # the format cannot hold this result's values (XML 1.0)
        raise ApiError(406, str(exc), "not_acceptable", supported=exc.supported) from None
    headers = {"Vary": "Accept", "X-Graf-Elapsed-S": f"{result.elapsed_s:.4f}"}
    if result.truncated:
        headers["X-Graf-Truncated"] = "true"
        headers["X-Graf-Max-Rows"] = str(state.settings.max_rows)
    return Response(body, media_type=chosen.media_type, headers=headers)
