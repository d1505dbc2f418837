"""List the dated events in order, each with its date at the precision the sources give and its sources.

A day is printed as a day (2010-01-21), a month as a month (2010-03), a year as a year; a period
the source words vaguely keeps its words ("late March 2010 (2010-03)", "before the summer holiday
2010 (by 2010)"). With --on DATE: what the model looked like on that day instead (who held each
post, which fora, channels and organisation models held, which events had happened), each marked
"yes" or "possibly" when the sources are too coarse to tell.

examples:
  graf timeline
  graf timeline --scenario adjusted --lang en
  graf timeline --format csv > timeline.csv
  graf timeline --on 2010-03-01 --format json
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from typing import Any

from graf.commands import add_lang

NAME = "timeline"
HELP = "the dated events in order with their sources (--on DATE: what held on that day)"

_PLANNED = {"da": "planlagt pr. {d}", "en": "planned as of {d}"}
_STATE = {"da": {"yes": "ja", "possibly": "måske"}, "en": {"yes": "yes", "possibly": "possibly"}}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", metavar="NAME", help="only the events in this scenario's graphs")
    parser.add_argument("--format", choices=["text", "json", "csv"], default="text", help="output format")
    add_lang(parser, "language of labels and dates")
    parser.add_argument("--on", metavar="DATE", help="show what held on this day (YYYY-MM-DD) instead")


def run(ctx: Any) -> int:
    # here, not at the top: loads rdflib (start-up)
    from graf.timeline import model_on, parse_day, timeline

    args = ctx.args
    day = parse_day(args.on) if args.on else None  # a bad date: exit 2 before loading anything
    store = ctx.open_store()
    try:
        if day is not None:
            snapshot = model_on(store, day, args.scenario)
            ctx.stdout.write(_snapshot(snapshot, args.format, args.lang))
            return 0
        entries = timeline(store, args.scenario)
    finally:
        store.close()
    if args.format == "json":
        ctx.stdout.write(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        ctx.stdout.write(_csv(entries, args.lang))
    else:
        ctx.stdout.write(_text(entries, args.lang))
    return 0


def _sources(entry: Any) -> str:
    return ", ".join(f"{s.key} ({s.confidence})" for s in entry.sources)


def _text(entries: list[Any], lang: str) -> str:
    width = max((len(e.when.text(lang)) for e in entries), default=10)
    lines = []
    for e in entries:
        planned = f"  [{_PLANNED[lang].format(d=e.planned_as_of)}]" if e.planned_as_of else ""
        lines.append(f"{e.when.text(lang):<{width}}  {e.label(lang)}{planned}")
        lines.append(f"{'':<{width}}    <{e.iri}>  {_sources(e)}")
    return "\n".join(lines) + "\n"


def _csv(entries: list[Any], lang: str) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["when", "begin", "end", "precision", "event", "iri", "planned_as_of", "sources"])
    for e in entries:
        w.writerow([e.when.text(lang), e.when.begin or "", e.when.end or "", e.when.precision, e.label(lang), e.iri,
                    e.planned_as_of or "", _sources(e)])
    return out.getvalue()


def _snapshot(snapshot: Any, fmt: str, lang: str) -> str:
    if fmt == "json":
        return json.dumps(snapshot.as_dict(), ensure_ascii=False, indent=2) + "\n"
    rows = [("post", h.labels[h.post].get(lang, h.post), h.labels[h.person].get(lang, h.person), h.state,
             h.when.text(lang)) for h in snapshot.holdings]
    rows += [(v.kind, v.labels.get(lang, v.iri), "", v.state, v.when.text(lang)) for v in snapshot.valid]
    rows += [("event", e.label(lang), "", s, e.when.text(lang)) for e, s in snapshot.events]
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["kind", "what", "holder", "state", "when"])
        w.writerows(rows)
        return out.getvalue()
    title = {"da": "Modellen den", "en": "The model on"}[lang]
    lines = [f"{title} {snapshot.day.isoformat()}" + (f" ({snapshot.scenario})" if snapshot.scenario else "")]
    for kind, what, holder, state, when in rows:
        who = f": {holder}" if holder else ""
        lines.append(f"  [{_STATE[lang][state]:<8}] {kind:<7} {what}{who}  ({when})")
    return "\n".join(lines) + "\n"
