"""The "Read me" / "Læs mig" text of a workbook (and of a CSV model's README), in Danish or English."""

from __future__ import annotations

from graf.workbook.schema import (
    ACTOR_KINDS,
    CONFIDENCE,
    EVENT_KINDS,
    LAYERS,
    ROLES,
    SHEETS,
    STATUSES,
    Vocabulary,
)

INTRO = {
    "da": [
        ("h", "Jeres egen organiseringsmodel i graf"),
        ("p", "Denne arbejdsbog er en organiseringsmodel: hvem der er aktører, hvilke kanaler der forbinder dem i "
              "hvert scenarie, hvem der har formandskabet, hvad der skete hvornår. graf laver den om til en graf "
              "(RDF), tjekker den med reglerne og tegner kortene."),
        ("p", "Hver række er et faktum og siger hvor det kommer fra: kilde (et dokument i arket Kilder), citat (den "
              "sætning der siger det, kopieret ordret), sikkerhed og, for det I selv udleder, begrundelse. En række "
              "uden kilde afvises (undtagen i fiktive scenarier)."),
        ("p", "Sikkerhed: 'notatet' = står i modellens eget dokument (det notat eller referat modellen bygger på); "
              "'ekstern kilde' = står i et andet offentligt dokument; 'udledt' = jeres læsning eller slutning; skriv "
              "hvordan under begrundelse. Tom sikkerhed = kildens art (arket Kilder)."),
        ("p", "Id'er er korte navne uden mellemrum (fx 'teknik-og-miljoe'); andre rækker henviser til dem. Datoer "
              "skrives ÅÅÅÅ-MM-DD, eller kun ÅÅÅÅ-MM eller ÅÅÅÅ når kilden ikke siger mere: graf gætter aldrig en "
              "dag. Flere værdier i én celle adskilles med ';'. Kolonnernes overskrifter har en kommentar der "
              "forklarer dem; lukkede lister (art, lag, status, sikkerhed ...) er rullelister."),
        ("p", "Fire kommandoer fra tom arbejdsbog til tjekket kort:"),
        ("code", "graf template -o model.xlsx"),
        ("code", "graf import model.xlsx -o model.trig"),
        ("code", "graf --data model.xlsx validate"),
        ("code", "graf --data model.xlsx map -o kort.html"),
        ("p", "Eller i browseren: 'Tjek jeres egen model' på forsiden af graf serve. Fejl vises alle på én gang med "
              "ark, række og kolonne."),
    ],
    "en": [
        ("h", "Your own organisation model in graf"),
        ("p", "This workbook is an organisation model: who the actors are, which channels connect them in each "
              "scenario, who chairs what, what happened when. graf turns it into a graph (RDF), checks it with its "
              "rules and draws the maps."),
        ("p", "Every row is a fact and says where it comes from: source (a document of the Sources sheet), quote (the "
              "sentence that says it, copied exactly), confidence and, for what you infer yourself, reasoning. A row "
              "without a source is refused (except in fictional scenarios)."),
        ("p", "Confidence: 'memo' = stated in the model's own document (the memo or minutes the model is built from); "
              "'external' = stated in another public document; 'derived' = your reading or inference; say how under "
              "reasoning. Empty confidence = the source's kind (Sources sheet)."),
        ("p", "Ids are short names without spaces (e.g. 'technical-administration'); other rows refer to them. Dates "
              "are YYYY-MM-DD, or only YYYY-MM or YYYY when the source gives no more: graf never guesses a day. "
              "Several values in one cell are separated by ';'. Each column header has a comment that explains it; "
              "closed lists (kind, layer, status, confidence ...) are drop-down lists."),
        ("p", "Four commands from an empty workbook to a checked map:"),
        ("code", "graf template --lang en -o model.xlsx"),
        ("code", "graf import model.xlsx -o model.trig"),
        ("code", "graf --data model.xlsx validate --lang en"),
        ("code", "graf --data model.xlsx map --lang en -o map.html"),
        ("p", "Or in the browser: 'Check your own model' on the home page of graf serve. Every error is shown at "
              "once, with its sheet, row and column."),
    ],
}

_SHEETS_TITLE = {"da": "Arkene", "en": "The sheets"}
_LISTS_TITLE = {"da": "Lister", "en": "Lists"}
_VOCABS: tuple[Vocabulary, ...] = (ACTOR_KINDS, EVENT_KINDS, LAYERS, STATUSES, CONFIDENCE, ROLES)


def readme_lines(lang: str, *, columns: bool = False) -> list[tuple[str, str]]:
    """The Read me as (style, text) lines: h (heading), p (paragraph), code, item.

    ``columns`` adds every column and its meaning (for a CSV model, whose files carry no comments).
    """
    lines = list(INTRO[lang])
    lines.append(("h", _SHEETS_TITLE[lang]))
    for sheet in SHEETS:
        lines.append(("item", f"{sheet.name(lang)}: {sheet.about(lang)}"))
        if columns:
            lines += [("p", f"    {c.name(lang)}: {c.help(lang)}") for c in sheet.columns]
    lines.append(("h", _LISTS_TITLE[lang]))
    for vocab in _VOCABS:
        lines.append(("item", f"{vocab.name}: " + ", ".join(vocab.words(lang))))
    return lines


def readme_text(lang: str) -> str:
    """The Read me as plain text (a CSV model's README)."""
    out = []
    for style, text in readme_lines(lang, columns=True):
        out.append({"h": f"\n{text}\n{'=' * len(text)}", "code": f"    {text}", "item": f"- {text}"}.get(style, text))
    return "\n".join(out).lstrip() + "\n"
