"""The words of the pages, Danish (default) and English."""

from __future__ import annotations

from fastapi import Query

from api.errors import ApiError

LANGS = ("da", "en")

TEXT: dict[str, dict[str, str]] = {
    "da": {
        "title": "graf: aktører og kontaktveje",
        "intro": "En vidensgraf (RDF) over offentlige aktører: Københavns Kommunes samarbejdsmodel med "
                 "de almene boligorganisationer (2010).",
        "dataset": "Datasæt",
        "scenarios": "Scenarier",
        "maps": "Kort",
        "map_overview": "Overblik",
        "map_strategic": "Strategisk niveau (formelle kontaktveje)",
        "map_operational": "Operationelt niveau (direkte kontakter)",
        "map_findings": "Fund fra valideringen på kortet",
        "map_diff": "Forskelle mellem scenarier",
        "tools": "Værktøjer",
        "query": "SPARQL-forespørgsler",
        "validation": "Valideringsrapport",
        "actors": "Aktører",
        "api_docs": "API-dokumentation",
        "endpoint": "SPARQL-endepunkt (service description)",
        "graphs": "grafer",
        "language": "English",
        "run": "Kør",
        "example": "Eksempel",
        "choose_example": "Vælg en eksempelforespørgsel",
        "result": "Resultat",
        "query_help": "Skriv en SPARQL-forespørgsel og tryk Kør (Ctrl+Enter). Præfikserne graf:, kbh:, skos:, "
                      "org: m.fl. er foruddefinerede.",
        "rows": "rækker",
        "truncated": "Resultatet er afkortet ved max_rows",
        "name": "Navn",
        "kind": "Type",
        "all": "alle",
        "search": "Søg",
        "conforms": "Ingen overtrædelser",
        "violations": "Overtrædelser fundet",
        "rule": "Regel",
        "severity": "Alvor",
        "sev_violation": "overtrædelse",
        "sev_warning": "advarsel",
        "sev_info": "info",
        "sev_violations": "overtrædelser",
        "sev_warnings": "advarsler",
        "sev_infos": "info",
        "summary": "Regler pr. scenarie",
        "rule_ok": "OK",
        "rule_failed": "brudt",
        "findings_map": "vis på kortet",
        "findings_list": "Fund",
        "message": "Besked",
        "scenario": "Scenarie",
        "source": "Kilde",
        "witness": "Vidne",
        "home": "Forside",
        "formats": "Andre formater",
        "no_findings": "Ingen fund.",
        "unavailable": "ikke tilgængelig",
    },
    "en": {
        "title": "graf: actors and contact channels",
        "intro": "A knowledge graph (RDF) of public-sector actors: the City of Copenhagen's cooperation model "
                 "with the social housing organisations (2010).",
        "dataset": "Data set",
        "scenarios": "Scenarios",
        "maps": "Maps",
        "map_overview": "Overview",
        "map_strategic": "Strategic level (formal channels)",
        "map_operational": "Operational level (direct contacts)",
        "map_findings": "Validation findings on the map",
        "map_diff": "Differences between scenarios",
        "tools": "Tools",
        "query": "SPARQL queries",
        "validation": "Validation report",
        "actors": "Actors",
        "api_docs": "API documentation",
        "endpoint": "SPARQL endpoint (service description)",
        "graphs": "graphs",
        "language": "Dansk",
        "run": "Run",
        "example": "Example",
        "choose_example": "Choose an example query",
        "result": "Result",
        "query_help": "Write a SPARQL query and press Run (Ctrl+Enter). The prefixes graf:, kbh:, skos:, org: "
                      "and more are predeclared.",
        "rows": "rows",
        "truncated": "The result was cut at max_rows",
        "name": "Name",
        "kind": "Kind",
        "all": "all",
        "search": "Search",
        "conforms": "No violations",
        "violations": "Violations found",
        "rule": "Rule",
        "severity": "Severity",
        "sev_violation": "violation",
        "sev_warning": "warning",
        "sev_info": "info",
        "sev_violations": "violations",
        "sev_warnings": "warnings",
        "sev_infos": "infos",
        "summary": "Rules per scenario",
        "rule_ok": "OK",
        "rule_failed": "broken",
        "findings_map": "show on the map",
        "findings_list": "Findings",
        "message": "Message",
        "scenario": "Scenario",
        "source": "Source",
        "witness": "Witness",
        "home": "Home",
        "formats": "Other formats",
        "no_findings": "No findings.",
        "unavailable": "not available",
    },
}


def lang_param(lang: str = Query("da", description="page language: da (default) or en")) -> str:
    if lang not in LANGS:
        raise ApiError(400, f"unknown language {lang!r}; use one of: {', '.join(LANGS)}", "unknown_name",
                       valid=list(LANGS))
    return lang


def t(lang: str, key: str) -> str:
    return TEXT[lang][key]
