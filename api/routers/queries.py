"""``/queries``: the example queries (graf/queries/*.rq)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import in_thread
from api.models import ErrorBody, ExampleQueryModel
from graf.sparql import example_queries, example_query

router = APIRouter(tags=["queries"], responses={404: {"model": ErrorBody}})


@router.get("/queries", response_model=list[ExampleQueryModel], summary="The example queries")
async def queries() -> list[ExampleQueryModel]:
    found = await in_thread(example_queries)
    return [ExampleQueryModel(name=q.name, title=q.title, description=q.description, text=q.text,
                              title_da=q.title_da, description_da=q.description_da) for q in found]


@router.get("/queries/{name}", response_model=ExampleQueryModel, summary="One example query")
async def query(name: str) -> ExampleQueryModel:
    q = await in_thread(example_query, name)
    return ExampleQueryModel(name=q.name, title=q.title, description=q.description, text=q.text,
                              title_da=q.title_da, description_da=q.description_da)
