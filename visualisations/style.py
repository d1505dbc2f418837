"""How a map looks: colour and shape per actor kind, line style per layer and status, UI strings.

Everything here is data; :mod:`visualisations.page` and ``assets/map.js`` turn it into pixels.
Kinds the table does not know get a colour and shape from a fixed palette, in sorted order, so the
same data always gives the same picture.
"""

from __future__ import annotations

from graf import iris
from graf.namespaces import GRAF

_G = str(GRAF._NS)

#: colour and vis-network shape of the known kinds (most specific class IRI)
KIND_STYLE: dict[str, tuple[str, str]] = {
    _G + "HousingOrganisation": ("#e67e22", "dot"),
    _G + "HousingOrganisationGroup": ("#ca6f1e", "square"),
    _G + "OrganisationGroup": ("#a04000", "square"),
    _G + "InterestOrganisation": ("#d35400", "diamond"),
    _G + "InterestOrganisationDistrict": ("#f0a35e", "diamond"),
    _G + "AdministrationCompany": ("#b9770e", "triangleDown"),
    _G + "EntryPoint": ("#c0392b", "star"),
    _G + "Forum": ("#8e44ad", "hexagon"),
    _G + "CoChairedForum": ("#6c3483", "hexagon"),
    _G + "ChairSeat": ("#a569bd", "triangle"),
    _G + "Administration": ("#2e86c1", "square"),
    _G + "AdministrativeCentre": ("#1b4f72", "square"),
    _G + "ManagementBoard": ("#5dade2", "square"),
    _G + "Municipality": ("#17202a", "diamond"),
    _G + "CityCouncil": ("#117a65", "diamond"),
    _G + "FinanceCommittee": ("#0e6655", "triangle"),
    _G + "StandingCommittee": ("#16a085", "triangle"),
    _G + "Committee": ("#1abc9c", "triangle"),
    _G + "PoliticalBody": ("#48c9b0", "triangle"),
    _G + "LocalCommittee": ("#7f8c8d", "dot"),
    _G + "MunicipalUnit": ("#5d6d7e", "dot"),
    _G + "MayorPost": ("#b7950b", "triangleDown"),
    _G + "LordMayorPost": ("#9a7d0a", "triangleDown"),
    "http://xmlns.com/foaf/0.1/Person": ("#566573", "dot"),
}

_PALETTE = ("#e74c3c", "#3498db", "#2ecc71", "#9b59b6", "#f39c12", "#1abc9c", "#34495e", "#e91e63",
            "#795548", "#607d8b", "#cddc39", "#00bcd4")
_SHAPES = ("dot", "square", "diamond", "triangle", "triangleDown", "hexagon")

#: unicode glyph drawn in the legend for each vis shape
GLYPH = {"dot": "●", "square": "■", "diamond": "◆", "triangle": "▲", "triangleDown": "▼",
         "hexagon": "⬢", "star": "★", "box": "▬"}

#: edge colour and width per layer
LAYER_STYLE: dict[str, tuple[str, float]] = {
    "operational": ("#1e8449", 4.0),
    "formal": ("#1f4e9c", 2.5),
    "structure": ("#a6acaf", 1.0),
    "unknown": ("#7b7d7d", 1.5),
    "missing": ("#ff00aa", 3.0),
}

#: the mark drawn in the middle of a channel by its status (an open channel has none)
STATUS_GLYPH: dict[str, str] = {"open": "", "planned": "…", "unknown": "?", "closed": "✕"}

#: how a line shows how well it is sourced: dash pattern (False = solid) and opacity, per confidence
CONFIDENCE_STYLE: dict[str, tuple[list[int] | bool, float]] = {
    "memo": (False, 1.0),
    "external": (False, 0.45),
    "derived": ([9, 7], 1.0),
    "": ([2, 5], 1.0),
}

#: colours of the diff view
DIFF_STYLE = {"added": "#27ae60", "removed": "#e74c3c", "changed": "#f39c12", "same": "#bdc3c7"}
FINDING_COLOUR = "#e74c3c"
WITNESS_COLOUR = "#ff00aa"


def kind_styles(kinds: list[str]) -> dict[str, tuple[str, str]]:
    """Colour and shape for each kind in ``kinds`` (known ones fixed, others from the palette)."""
    out: dict[str, tuple[str, str]] = {}
    extra = 0
    for kind in sorted(set(kinds)):
        if kind in KIND_STYLE:
            out[kind] = KIND_STYLE[kind]
        else:
            out[kind] = (_PALETTE[extra % len(_PALETTE)], _SHAPES[(extra // len(_PALETTE)) % len(_SHAPES)])
            extra += 1
    return out


#: UI strings, Danish and English
TEXT: dict[str, dict[str, str]] = {
    "legend": {"da": "Signaturforklaring", "en": "Legend"},
    "kinds": {"da": "Aktørtyper", "en": "Actor kinds"},
    "layers": {"da": "Lag", "en": "Layers"},
    "statuses": {"da": "Status", "en": "Status"},
    "search": {"da": "Søg aktør (navn)…", "en": "Search actor (name)…"},
    "search_button": {"da": "Søg", "en": "Search"},
    "no_match": {"da": "Ingen aktør matcher", "en": "No actor matches"},
    "physics": {"da": "Fysik til/fra", "en": "Physics on/off"},
    "png": {"da": "Gem som PNG", "en": "Save as PNG"},
    "fit": {"da": "Vis hele kortet", "en": "Fit map"},
    "filters": {"da": "Filtre", "en": "Filters"},
    "close": {"da": "Luk", "en": "Close"},
    "kind": {"da": "Type", "en": "Kind"},
    "labels": {"da": "Navne", "en": "Labels"},
    "outgoing": {"da": "Udgående relationer", "en": "Outgoing relations"},
    "incoming": {"da": "Indgående relationer", "en": "Incoming relations"},
    "facts": {"da": "Fakta og kilder", "en": "Facts and sources"},
    "quote": {"da": "Citat", "en": "Quote"},
    "confidence": {"da": "Sikkerhed", "en": "Confidence"},
    "reasoning": {"da": "Begrundelse", "en": "Reasoning"},
    "none": {"da": "(ingen)", "en": "(none)"},
    "entry_point": {"da": "Indgang (entry point)", "en": "Entry point"},
    "members": {"da": "Medlemmer", "en": "Members"},
    "more": {"da": "flere", "en": "more"},
    "empty": {"da": "Visningen er tom: der er ingen aktører at vise.",
              "en": "This view is empty: there are no actors to show."},
    "diff": {"da": "Ændringer", "en": "Changes"},
    "findings": {"da": "Fund", "en": "Findings"},
    "witness": {"da": "Vidne (sti / manglende forbindelse)", "en": "Witness (path / missing link)"},
    "mark:witness": {"da": "vidne (sti / manglende forbindelse)", "en": "witness (path / missing link)"},
    "mark:finding": {"da": "indgår i et fund", "en": "part of a finding"},
    "sev_violation": {"da": "overtrædelse", "en": "violation"},
    "sev_warning": {"da": "advarsel", "en": "warning"},
    "sev_info": {"da": "info", "en": "info"},
    "no_findings": {"da": "Ingen fund: modellen overholder reglerne.",
                    "en": "No findings: the model conforms to the rules."},
    "actors": {"da": "aktører", "en": "actors"},
    "channel": {"da": "kanal", "en": "channel"},
    "status": {"da": "status", "en": "status"},
    "via": {"da": "via", "en": "via"},
    "in_sparql": {"da": "Vis aktøren i SPARQL", "en": "Show this actor in SPARQL"},
    "hint": {"da": "Klik på en aktør for detaljer. Hold musen over for navn.",
             "en": "Click an actor for details. Hover for its name."},
    "zoom_hint": {"da": "Zoom ind for at læse navnene (hjul eller knib)",
                  "en": "Zoom in to read the names (wheel or pinch)"},
    "scenario": {"da": "Scenarie", "en": "Scenario"},
    "compare": {"da": "Farv ændringer fra", "en": "Colour changes from"},
    "no_compare": {"da": "(ingen sammenligning)", "en": "(no comparison)"},
    "diff_title": {"da": "Ændringer fra {a} til {b}", "en": "Changes from {a} to {b}"},
    "sourced": {"da": "Kun fakta der står i en kilde", "en": "Only facts stated in a source"},
    "confidences": {"da": "Kilde (linjens stil)", "en": "Source (line style)"},
    "structure_off": {"da": "Organisatoriske relationer er skjult; slå dem til under Lag.",
                      "en": "Organisational relations are hidden; turn them on under Layers."},
    "date": {"da": "Dato", "en": "Date"},
    "all_dates": {"da": "alle datoer", "en": "all dates"},
    "play": {"da": "Afspil", "en": "Play"},
    "pause": {"da": "Pause", "en": "Pause"},
    "clear_date": {"da": "Alle datoer", "en": "All dates"},
    "events": {"da": "Begivenheder", "en": "Events"},
    "planned": {"da": "planlagt", "en": "planned"},
    "possibly": {"da": "måske (kilderne er for grove til at sige det)",
                 "en": "possibly (the sources are too coarse to tell)"},
    "size_by": {"da": "Størrelse efter", "en": "Size by"},
    "dashboard": {"da": "Hvem er central", "en": "Who is central"},
    "density": {"da": "tæthed", "en": "density"},
    "diameter": {"da": "diameter", "en": "diameter"},
    "avg_path": {"da": "gns. vejlængde", "en": "avg. path length"},
    "communities": {"da": "fællesskaber", "en": "communities"},
    "no_measures": {"da": "For stort til at måle på kortet; brug graf metrics.",
                    "en": "Too large to measure on the map; use graf metrics."},
    "members_here": {"da": "Står for", "en": "Stands for"},
    "view": {"da": "Visning", "en": "View"},
    "other_view": {"da": "Linket gælder visningen {v}; denne fil viser {w}.",
                   "en": "The link is for the view {v}; this file shows {w}."},
    "not_in_frame": {"da": "findes ikke i dette scenarie", "en": "not in this scenario"},
}

LAYER_LABEL = {
    "operational": {"da": "Operationel kanal (direkte kontakt)", "en": "Operational channel (direct contact)"},
    "formal": {"da": "Formel kanal", "en": "Formal channel"},
    "structure": {"da": "Organisatorisk relation", "en": "Organisational relation"},
    "unknown": {"da": "Kanal af ukendt art", "en": "Channel of unknown kind"},
    "missing": {"da": "Manglende forbindelse (fund)", "en": "Missing link (finding)"},
}

STATUS_LABEL = {
    "open": {"da": "åben", "en": "open"},
    "planned": {"da": "planlagt", "en": "planned"},
    "unknown": {"da": "ukendt", "en": "unknown"},
    "closed": {"da": "lukket", "en": "closed"},
}

DIFF_LABEL = {
    "added": {"da": "tilføjet", "en": "added"},
    "removed": {"da": "fjernet", "en": "removed"},
    "changed": {"da": "ændret status", "en": "status changed"},
    "same": {"da": "uændret", "en": "unchanged"},
}

RELATION_LABEL = {
    "channel": {"da": "kanal", "en": "channel"},
    "unitOf": {"da": "enhed under", "en": "unit of"},
    "subOrganizationOf": {"da": "del af", "en": "part of"},
    "districtOf": {"da": "kreds af", "en": "district of"},
    "oversees": {"da": "fører tilsyn med", "en": "oversees"},
    "postIn": {"da": "post i", "en": "post in"},
    "heldBy": {"da": "besat af", "en": "held by"},
    "headOf": {"da": "leder af", "en": "head of"},
    "memberOf": {"da": "medlem af", "en": "member of"},
    "hasMember": {"da": "har medlem", "en": "has member"},
    "linkedTo": {"da": "forbundet med", "en": "linked to"},
    "reportsTo": {"da": "refererer til", "en": "reports to"},
    "exOfficio": {"da": "i kraft af embedet", "en": "ex officio"},
    "mayDelegateTo": {"da": "kan delegere til", "en": "may delegate to"},
    "delegatedTo": {"da": "delegeret til", "en": "delegated to"},
    "coChairPost": {"da": "medformandspost", "en": "co-chair post"},
    "administers": {"da": "administrerer", "en": "administers"},
    "realisedBy": {"da": "virkeliggjort af", "en": "realised by"},
    "hasEntryPoint": {"da": "har indgang", "en": "has entry point"},
    "missing": {"da": "manglende forbindelse", "en": "missing link"},
}

PREDICATE_LABEL = {
    iris.RDF_TYPE: {"da": "type", "en": "type"},
    iris.SKOS_PREF_LABEL: {"da": "navn", "en": "name"},
    iris.SKOS_ALT_LABEL: {"da": "andet navn", "en": "other name"},
}


CONFIDENCE_LABEL = {
    "memo": {"da": "står i notatet (heltrukken)", "en": "stated in the memo (solid)"},
    "external": {"da": "står i en anden kilde (lys)", "en": "stated in another source (light)"},
    "derived": {"da": "grafs udledning (stiplet)", "en": "graf's derivation (dashed)"},
    "": {"da": "uden kilde (prikket)", "en": "no source (dotted)"},
}

CONFIDENCE_NAME = {
    "memo": {"da": "notatet", "en": "the memo"},
    "external": {"da": "anden kilde", "en": "another source"},
    "derived": {"da": "udledt af graf", "en": "derived by graf"},
    "": {"da": "uden kilde", "en": "no source"},
}

#: the measures a map can size its actors by (index into the values of ``measures``), with their names
MEASURE_LABEL = {
    "none": {"da": "ens størrelse", "en": "same size"},
    "degree": {"da": "grad (forbindelser)", "en": "degree (links)"},
    "betweenness": {"da": "mellemhed", "en": "betweenness"},
    "closeness": {"da": "nærhed", "en": "closeness"},
    "reach2": {"da": "rækkevidde i 2 skridt", "en": "2-step reach"},
}


VIEW_LABEL = {
    "overview": {"da": "Overblik", "en": "Overview"},
    "strategic": {"da": "Strategisk", "en": "Strategic"},
    "operational": {"da": "Operationelt", "en": "Operational"},
    "diff": {"da": "Ændringer", "en": "Changes"},
    "findings": {"da": "Fund", "en": "Findings"},
}


def page_style() -> dict[str, object]:
    """The styles the page script applies as the reader flips frames, filters or moves the date."""
    return {"layers": {k: {"color": c, "width": w} for k, (c, w) in LAYER_STYLE.items()},
            "confidence": {k: {"dashes": d, "opacity": o} for k, (d, o) in CONFIDENCE_STYLE.items()},
            "status": STATUS_GLYPH, "diff": DIFF_STYLE, "finding": FINDING_COLOUR, "witness": WITNESS_COLOUR,
            "font": 14, "minFont": 11}


def text(key: str, lang: str) -> str:
    return TEXT[key][lang]


def ui_strings(lang: str) -> dict[str, str]:
    """All UI strings in ``lang`` (for the page script)."""
    out = {key: value[lang] for key, value in TEXT.items()}
    out.update({f"layer:{k}": v[lang] for k, v in LAYER_LABEL.items()})
    out.update({f"status:{k}": v[lang] for k, v in STATUS_LABEL.items()})
    out.update({f"confidence:{k}": v[lang] for k, v in CONFIDENCE_NAME.items()})
    out.update({f"measure:{k}": v[lang] for k, v in MEASURE_LABEL.items()})
    out.update({f"view:{k}": v[lang] for k, v in VIEW_LABEL.items()})
    out.update({f"diff:{k}": v[lang] for k, v in DIFF_LABEL.items()})
    out.update({f"rel:{k}": v[lang] for k, v in RELATION_LABEL.items()})
    return out
