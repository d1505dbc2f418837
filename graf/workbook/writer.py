"""Writing a model workbook (.xlsx, with openpyxl) or a folder of CSV files: the template and the export.

A workbook has a "Read me" sheet first, then one sheet per :data:`graf.workbook.schema.SHEETS` entry
with a header row whose cells carry a comment explaining the column, drop-down lists (data
validation) on the columns of a closed vocabulary (the words live in a hidden sheet "Lists"), id
and date columns formatted as text (so Excel keeps "2010-03" as typed instead of making it a day),
the header frozen. Values that look like formulas are written as text. Everything is written
with openpyxl's write-only mode (the national model's workbook has about 60,000 rows).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from graf.errors import GrafError
from graf.output import write_atomically
from graf.workbook.readme import readme_lines, readme_text
from graf.workbook.schema import MODEL_SETTINGS, SHEETS, Sheet, Vocabulary

Rows = Sequence[Mapping[str, str]]

_LISTS = {"da": "Lister", "en": "Lists"}
_README = {"da": "Læs mig", "en": "Read me"}
_HEADER_FILL = "DDE7F0"
_TEXT_COLUMNS = ("id", "ids", "date", "dates", "key", "keys")


def _width(sheet: Sheet, key: str, lang: str) -> float:
    name = sheet.column(key).name(lang)
    if key in ("quote", "reasoning", "description_da", "description_en", "question_da", "question_en"):
        return 50
    if key.startswith("label") or key.startswith("title"):
        return 32
    return max(12, min(40, len(name) + 4))


def workbook_bytes(lang: str, tables: Mapping[str, Rows] | None = None,
                   model: Mapping[str, str] | None = None) -> bytes:
    """The .xlsx bytes of a model: ``tables`` (sheet key -> rows of column key -> text), ``model`` settings."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    tables = tables or {}
    book = Workbook(write_only=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_style = (Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL), wrap)
    _readme_sheet(book, lang, wrap)
    vocabularies = _vocabularies()
    text_cell = _text_cell_maker()
    for sheet in SHEETS:
        rows = list(model_rows(lang, model) if sheet.settings else tables.get(sheet.key, ()))
        _data_sheet(book, sheet, lang, rows, vocabularies, header_style, text_cell)
    _lists_sheet(book, lang, vocabularies, text_cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cell_maker() -> Callable[[Any, str], Any]:
    """A function making a write-only text cell (never a formula, whatever the text starts with)."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl.cell import WriteOnlyCell

    def text_cell(ws: Any, value: str) -> Any:
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell

    return text_cell


def _readme_sheet(book: Any, lang: str, wrap: Any) -> None:
    """The README sheet: headings, code and wrapped paragraphs."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    readme = book.create_sheet(_README[lang])
    readme.column_dimensions["A"].width = 110
    for style, text in readme_lines(lang):
        cell = WriteOnlyCell(readme, text)
        cell.data_type = "s"
        if style == "h":
            cell.font = Font(bold=True, size=14)
        elif style == "code":
            cell.font = Font(name="Consolas")
        else:
            cell.alignment = wrap
        readme.append([cell])


def _vocabularies() -> dict[str, tuple[Vocabulary, int]]:
    """Each closed vocabulary of a word column and its column (from 1) in the hidden lists sheet."""
    vocabularies: dict[str, tuple[Vocabulary, int]] = {}
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.vocab is not None and column.type == "word" and column.vocab.name not in vocabularies:
                vocabularies[column.vocab.name] = (column.vocab, len(vocabularies) + 1)
    return vocabularies


def _data_sheet(book: Any, sheet: Sheet, lang: str, rows: list[Mapping[str, str]],
                vocabularies: dict[str, tuple[Vocabulary, int]], header_style: tuple[Any, Any, Any],
                text_cell: Callable[[Any, str], Any]) -> None:
    """One sheet of the model: column formats and drop-down lists, the header with its help, the rows."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.utils.exceptions import IllegalCharacterError

    ws = book.create_sheet(sheet.name(lang))
    ws.freeze_panes = "A2"
    _column_formats(ws, sheet, lang, max(len(rows) + 1, 1000), vocabularies)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, column.name(lang))
        cell.font, cell.fill, cell.alignment = header_style
        cell.comment = Comment(column.help(lang), "graf", width=320, height=140)
        header.append(cell)
    ws.append(header)
    keys = [c.key for c in sheet.columns]
    for row in rows:
        row = localise(sheet, row, lang)
        try:
            ws.append([text_cell(ws, row[k]) if row.get(k) else None for k in keys])
        except IllegalCharacterError:
            bad = next(v for v in row.values() if v and _illegal(v))
            raise GrafError(f"cannot write {bad[:80]!r} to the sheet {sheet.name(lang)!r}: it holds a control "
                            "character a workbook cannot store") from None


def _column_formats(ws: Any, sheet: Sheet, lang: str, last: int, vocabularies: dict[str, tuple[Vocabulary, int]]
                    ) -> None:
    """Column widths, text format for id and date columns, and a drop-down list (rows 2 to ``last``) for each
    word column."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = _width(sheet, column.key, lang)
        if column.type in _TEXT_COLUMNS:
            ws.column_dimensions[letter].number_format = "@"
        if column.vocab is not None and column.type == "word":
            _vocab, n = vocabularies[column.vocab.name]
            lists = quote_sheetname(_LISTS[lang])
            col = get_column_letter(n)
            validation = DataValidation(
                type="list", formula1=f"{lists}!${col}$2:${col}${len(column.vocab.terms) + 1}", allow_blank=True,
                showErrorMessage=not column.vocab.open_hint, errorStyle="stop",
                errorTitle=column.name(lang), error=column.help(lang)[:255],
                promptTitle=column.name(lang)[:32], prompt=column.help(lang)[:255], showInputMessage=True)
            validation.add(f"{letter}2:{letter}{last}")
            ws.data_validations.append(validation)


def _lists_sheet(book: Any, lang: str, vocabularies: dict[str, tuple[Vocabulary, int]],
                 text_cell: Callable[[Any, str], Any]) -> None:
    """The hidden sheet the drop-down lists read: one column per vocabulary, its words in ``lang``."""
    lists = book.create_sheet(_LISTS[lang])
    lists.sheet_state = "hidden"
    ordered = sorted(vocabularies.values(), key=lambda v: v[1])
    longest = max(len(v.terms) for v, _ in ordered)
    lists.append([text_cell(lists, v.name) for v, _ in ordered])
    for r in range(longest):
        lists.append([text_cell(lists, v.terms[r].word(lang)) if r < len(v.terms) else None for v, _ in ordered])


def localise(sheet: Sheet, row: Mapping[str, str], lang: str) -> Mapping[str, str]:
    """``row`` with the words of its closed vocabularies in ``lang`` (rows may give them by key)."""
    out = dict(row)
    for column in sheet.columns:
        value = out.get(column.key)
        if not value or column.vocab is None:
            continue
        words = value.split(";") if column.type == "words" else [value]
        terms = [column.vocab.find(w) for w in words]
        if all(terms):
            out[column.key] = ";".join(t.word(lang) for t in terms)  # type: ignore[union-attr]
    return out


def _illegal(value: str) -> bool:
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return bool(ILLEGAL_CHARACTERS_RE.search(value))


def model_rows(lang: str, model: Mapping[str, str] | None) -> list[dict[str, str]]:
    """The Model sheet: one row per setting (its name in ``lang``, the value, what it means)."""
    model = model or {}
    return [{"setting": s.name(lang), "value": model.get(s.key, ""),
             "about": s.help_da if lang == "da" else s.help_en} for s in MODEL_SETTINGS]


def csv_files(lang: str, tables: Mapping[str, Rows] | None = None, model: Mapping[str, str] | None = None
              ) -> dict[str, bytes]:
    """A CSV model: one UTF-8 file (with BOM, so Excel reads it) per sheet, and a README."""
    tables = tables or {}
    files: dict[str, bytes] = {}
    for sheet in SHEETS:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.name(lang) for c in sheet.columns])
        rows = model_rows(lang, model) if sheet.settings else tables.get(sheet.key, ())
        for row in rows:
            row = localise(sheet, row, lang)
            writer.writerow([row.get(c.key, "") for c in sheet.columns])
        files[f"{sheet.name(lang)}.csv"] = out.getvalue().encode("utf-8-sig")
    files["LÆS MIG.txt" if lang == "da" else "README.txt"] = readme_text(lang).encode("utf-8")
    return files


def write_files(path: Path, files: Mapping[str, bytes]) -> None:
    """Write a CSV model's files into the folder ``path`` (created; refused if it holds other files)."""
    if path.exists() and not path.is_dir():
        raise GrafError(f"cannot write the CSV model to {path}: it is a file; give a folder")
    if path.is_dir() and any(p.name not in files for p in path.iterdir()):
        raise GrafError(f"cannot write the CSV model to {path}: the folder holds other files; give a new or empty "
                        "folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            write_atomically(path / name, data)
    except OSError as exc:
        raise GrafError(f"cannot write to {path}: {exc.strerror or exc}") from None
