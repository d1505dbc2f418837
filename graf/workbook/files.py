"""Reading a planner's model from a workbook (.xlsx), a folder of CSV files or a ZIP of them.

The result is the raw table of each sheet: which header is which column (either language), and
each non-empty row as text values with its row number. Everything wrong with the file itself is
collected, not raised one by one: a file that is not a workbook or is password-protected, an old
.xls, a sheet or column missing or renamed (with did-you-mean), a formula without a stored value
(formulas' cached values are used when the workbook has them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graf.workbook.problems import Problems
from graf.workbook.schema import MODEL_SETTINGS, SHEETS, Column, Sheet, find_sheet, suggest

#: refuse archives that unpack to more than this (a "zip bomb"); the national model's workbook unpacks to ~60 MB
MAX_UNPACKED_BYTES = 1 << 30

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


@dataclass
class RawRow:
    """One non-empty row: its number as the spreadsheet shows it, values by column key."""

    number: int
    values: dict[str, str]


@dataclass
class RawSheet:
    """A sheet as read: its name in the file, the header name of each column key, its rows."""

    sheet: Sheet
    name: str
    headers: dict[str, str]
    rows: list[RawRow]
    letters: dict[str, str] = field(default_factory=dict)  # column key -> column letter (workbooks)

    @property
    def lang(self) -> str:
        """The language the sheet is named in (its words are read in either)."""
        return "da" if self.name.casefold() in (self.sheet.da.casefold(), f"{self.sheet.da}.csv".casefold()) else "en"

    def cell(self, key: str, row: int) -> str:
        """The cell reference (``C7``) of column ``key`` in ``row``; '' in a CSV file."""
        letter = self.letters.get(key)
        return f"{letter}{row}" if letter else ""


@dataclass
class RawModel:
    """What the reader found: the sheets by key (absent sheets are missing), and where it came from."""

    file: str
    sheets: dict[str, RawSheet]
    folder: Path | None  # the folder relative source files are named from
    stem: str  # the model's name, for the default base IRI


def cell_text(value: object) -> str:
    """A cell's value as text: numbers without a spurious '.0', dates as YYYY-MM-DD, booleans as yes/no."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_model(path: str | Path, problems: Problems, *, data: bytes | None = None, name: str | None = None
               ) -> RawModel | None:
    """Read the workbook, CSV folder or CSV ZIP at ``path`` (or ``data``, the bytes of a file called ``name``).

    Problems of the file itself go to ``problems``; None if nothing could be read.
    """
    label = name or str(path)
    p = Path(name or path)
    stem = p.stem if p.suffix else p.name
    folder = None if data is not None else (p if p.is_dir() else p.parent)
    if data is None and p.is_dir():
        return _read_csv_files(_folder_files(p), label, problems, folder, stem)
    if data is None:
        try:
            data = p.read_bytes()
        except OSError as exc:
            problems.add(f"cannot read {label}: {exc.strerror or exc}")
            return None
    if not _is_zip(data, label, problems):
        return None
    return _read_zip(data, label, problems, folder, stem)


def _is_zip(data: bytes, label: str, problems: Problems) -> bool:
    """Whether ``data`` is a ZIP file (a workbook or CSV files); a problem saying what it is otherwise."""
    if data.startswith(_OLE2):
        if _ENCRYPTED in data:
            problems.add("the workbook is password-protected (encrypted): graf cannot read it; remove the password "
                         "(Excel: File > Info > Protect Workbook > Encrypt with Password, leave it empty) and save "
                         "it again as .xlsx")
        else:
            problems.add("this is an old Excel 97-2003 workbook (.xls) or another OLE file, not an .xlsx workbook; "
                         "save it as 'Excel Workbook (.xlsx)'")
        return False
    if not data.startswith(b"PK"):
        problems.add(f"{label} is not a workbook (.xlsx) or a ZIP of CSV files: " + _what_it_is(data))
        return False
    return True


def _read_zip(data: bytes, label: str, problems: Problems, folder: Path | None, stem: str) -> RawModel | None:
    """A workbook (formulas read by openpyxl, else python-calamine) or a ZIP of CSV files."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile as exc:
        problems.add(f"{label} is not a readable workbook or ZIP file ({exc}); save it again as .xlsx")
        return None
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        problems.add(f"{label} unpacks to {unpacked:,} bytes, more than graf reads ({MAX_UNPACKED_BYTES:,})")
        return None
    names = {m.filename for m in members}
    if "xl/workbook.xml" in names:
        return _read_workbook(data, archive, members, label, problems, folder, stem)
    csvs = [m for m in members if m.filename.lower().endswith(".csv") and not m.is_dir()
            and not Path(_member_name(m)).name.startswith(("._", "~$"))]
    if not csvs:
        problems.add(f"{label} is a ZIP file but neither a workbook (.xlsx) nor a ZIP of CSV files (it holds no .csv "
                     "file)")
        return None
    files = [(Path(_member_name(m)).name, archive.read(m)) for m in csvs]
    return _read_csv_files(files, label, problems, folder, stem)


def _read_workbook(data: bytes, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], label: str,
                   problems: Problems, folder: Path | None, stem: str) -> RawModel | None:
    """A workbook: python-calamine when no sheet holds a formula (and it can), else openpyxl."""
    sheets = [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
    if not any(_FORMULA.search(archive.read(m)) for m in sheets):
        fast = _read_xlsx_values(data, label, problems, folder, stem)
        if fast is not None:
            return fast
    return _read_xlsx(data, label, problems, folder, stem)


def _member_name(member: zipfile.ZipInfo) -> str:
    """A ZIP member's name as its maker wrote it.

    Without the ZIP's UTF-8 flag, zipfile reads a name as code page 437. Info-ZIP's ``zip`` (Linux) stores
    UTF-8 names without that flag, and older Windows Explorers store them in the OEM code page (cp850 in
    Denmark): 'Aktører.csv' would otherwise be read as 'Akt├╕rer.csv' and match no sheet.
    """
    if member.flag_bits & 0x800:
        return member.filename
    raw = member.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp850")


#: a formula element in a worksheet's XML (<f>, <f t="shared" ...>, <x:f>), not <formula1> of a validation
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _read_xlsx_values(data: bytes, label: str, problems: Problems, folder: Path | None, stem: str
                      ) -> RawModel | None:
    """A workbook without formulas, read with python-calamine (Rust; about 15x faster than openpyxl's
    read-only mode on the national model's 60,000 rows). None if calamine is not installed or cannot
    read it (then openpyxl reads it and says what is wrong)."""
    try:
        # here, not at the top: loads python_calamine (start-up)
        import python_calamine
    except ImportError:
        return None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        found: dict[str, Sequence[Sequence[object]]] = {}
        names: dict[str, str] = {}
        unknown: list[str] = []
        for meta in book.sheets_metadata:
            visible = meta.visible == python_calamine.SheetVisibleEnum.Visible
            key = _model_sheet(meta.name, visible, names, unknown, problems)
            if key is not None:
                found[key] = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
    except python_calamine.CalamineError:
        return None
    _missing_sheets(set(found), unknown, problems, required=True)
    return RawModel(label, {key: _table(SHEET_OF[key], names[key], rows, problems, letters=True)
                            for key, rows in found.items()}, folder, stem)


def _model_sheet(name: str, visible: bool, names: dict[str, str], unknown: list[str], problems: Problems
                 ) -> str | None:
    """The key of the model's sheet a workbook's sheet ``name`` is, noted in ``names`` (key -> sheet name); None for
    a sheet the model does not have (listed in ``unknown`` when visible) or a second sheet for one key (a problem)."""
    sheet = find_sheet(name)
    if sheet is None:
        if visible:
            unknown.append(name)
        return None
    if sheet.key in names:
        problems.add(f"the model has two sheets for {sheet.en!r}: {names[sheet.key]!r} and {name!r}", sheet=name)
        return None
    names[sheet.key] = name
    return sheet.key


def _what_it_is(data: bytes) -> str:
    head = data[:64].lstrip()
    if head.startswith(b"%PDF"):
        return "it is a PDF document"
    if head[:1] in (b"<", b"@", b"#") or head.startswith(b"PREFIX"):
        return "it looks like a text file (RDF? give it a .trig or .ttl name)"
    if b"," in head or b";" in head:
        return "it looks like a single CSV file; put the CSV files of the model in a folder (or a ZIP) and give that"
    return "unknown content"


def _folder_files(folder: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix.lower() == ".csv" and not p.name.startswith(("~$", "._"))]


# -- workbooks ---------------------------------------------------------------------------------------

def _read_xlsx(data: bytes, label: str, problems: Problems, folder: Path | None, stem: str) -> RawModel | None:
    # here, not at the top: loads openpyxl (start-up)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        problems.add(f"{label} is not a readable .xlsx workbook ({type(exc).__name__}: {exc}); open it in Excel or "
                     "LibreOffice and save it again as 'Excel Workbook (.xlsx)'")
        return None
    try:
        found: dict[str, list[list[object]]] = {}
        names: dict[str, str] = {}
        unknown: list[str] = []
        formulas = False
        for ws in book.worksheets:
            key = _model_sheet(ws.title, ws.sheet_state == "visible", names, unknown, problems)
            if key is not None:
                found[key], has_formula = _sheet_rows(ws)
                formulas |= has_formula
    finally:
        book.close()
    if formulas:
        _use_cached_values(data, found, names, problems)
    _missing_sheets(set(found), unknown, problems, required=True)
    return RawModel(label, {key: _table(SHEET_OF[key], names[key], rows, problems, letters=True)
                            for key, rows in found.items()}, folder, stem)


SHEET_OF = {s.key: s for s in SHEETS}


def _sheet_rows(ws: object) -> tuple[list[list[object]], bool]:
    """Every row's values (a formula as :class:`_Formula`); whether a formula occurs."""
    rows: list[list[object]] = []
    formula = False
    for cells in ws.iter_rows():  # type: ignore[attr-defined]
        row: list[object] = []
        for cell in cells:
            value = cell.value
            if getattr(cell, "data_type", None) == "f":
                formula = True
                value = _Formula(str(value))
            row.append(value)
        rows.append(row)
    return rows, formula


class _Formula(str):
    """A formula cell's text, until its cached value replaces it."""


def _use_cached_values(data: bytes, found: dict[str, list[list[object]]], names: dict[str, str],
                       problems: Problems) -> None:
    """Replace each formula by the value the spreadsheet program stored for it; a problem where none is stored."""
    # here, not at the top: loads openpyxl (start-up)
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for key, rows in found.items():
            if not any(isinstance(v, _Formula) for row in rows for v in row):
                continue
            cached = [[cell.value for cell in r] for r in book[names[key]].iter_rows()]
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if not isinstance(value, _Formula):
                        continue
                    stored = cached[r][c] if r < len(cached) and c < len(cached[r]) else None
                    if stored is None:
                        _no_stored_value(problems, names[key], rows, r, c, value)
                    row[c] = stored
    finally:
        book.close()


def _no_stored_value(problems: Problems, sheet: str, rows: list[list[object]], r: int, c: int, value: str) -> None:
    """The problem of a formula (row ``r``, column ``c``, from 0) whose value the workbook does not store."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl.utils import get_column_letter

    header = cell_text(rows[0][c]) if rows and c < len(rows[0]) and r > 0 else ""
    problems.add("a formula without a stored value (the workbook was never calculated, e.g. it "
                 "was written by a program); open and save it in Excel or LibreOffice, or type "
                 "the value", sheet=sheet, row=r + 1, column=header,
                 cell=f"{get_column_letter(c + 1)}{r + 1}", value=str(value))


# -- CSV ---------------------------------------------------------------------------------------------

def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Excel's "CSV (semicolon separated)" on a Danish Windows


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first.count)


def _read_csv_files(files: list[tuple[str, bytes]], label: str, problems: Problems, folder: Path | None,
                    stem: str) -> RawModel | None:
    if not files:
        problems.add(f"{label} holds no .csv file; a CSV model is a folder (or ZIP) of one CSV file per sheet, named "
                     "like the sheets (" + ", ".join(f"{s.en}.csv" for s in SHEETS) + ")")
        return None
    found: dict[str, Sequence[Sequence[object]]] = {}
    names: dict[str, str] = {}
    for filename, raw in files:
        sheet = find_sheet(Path(filename).stem)
        if sheet is None:
            guess = suggest(Path(filename).stem, [n for s in SHEETS for n in (s.en, s.da)])
            problems.add(f"{filename} is not named like a sheet of the model",
                         suggestion=f"{guess}.csv" if guess else "",
                         allowed=tuple(dict.fromkeys(f"{s.name(lang)}.csv" for lang in ("en", "da")
                                                     for s in SHEETS)))
            continue
        if sheet.key in found:
            problems.add(f"two files for the sheet {sheet.en!r}: {names[sheet.key]} and {filename}")
            continue
        text = _decode(raw)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
        try:
            found[sheet.key] = list(reader)
        except csv.Error as exc:
            problems.add(f"{filename} is not valid CSV: {exc}", sheet=filename)
            continue
        names[sheet.key] = filename
    return RawModel(label, {key: _table(SHEET_OF[key], names[key], rows, problems, letters=False)
                            for key, rows in found.items()}, folder, stem)


# -- shared ------------------------------------------------------------------------------------------

def _missing_sheets(present: set[str], unknown: list[str], problems: Problems, *, required: bool) -> None:
    for sheet in SHEETS:
        if sheet.key in present:
            continue
        guess = suggest(sheet.da, unknown) or suggest(sheet.en, unknown)
        if required:
            problems.add(f"the sheet {sheet.da!r} / {sheet.en!r} is missing" + (
                " (renamed?)" if guess else "; start from `graf template`"), suggestion=guess or "")


def _column_of(sheet: Sheet, header: str) -> Column | None:
    wanted = header.strip().casefold()
    for c in sheet.columns:
        if wanted in (c.en.casefold(), c.da.casefold(), c.key.casefold()):
            return c
    return None


def _header(sheet: Sheet, name: str, header: Sequence[object], problems: Problems, letters: bool
            ) -> tuple[dict[int, str], dict[str, str], dict[str, str]]:
    """The sheet's columns in the header row: column key by position, header text by key, and (in a
    workbook) column letter by key; a problem for each column twice, missing or unknown."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl.utils import get_column_letter

    keys: dict[int, str] = {}
    headers: dict[str, str] = {}
    col_letters: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    for i, value in enumerate(header):
        text = cell_text(value)
        if not text:
            continue
        column = _column_of(sheet, text)
        if column is None:
            unknown.append((i, text))
            continue
        if column.key in headers:
            problems.add(f"the column {text!r} appears twice", sheet=name, row=1, column=text)
            continue
        keys[i], headers[column.key] = column.key, text
        if letters:
            col_letters[column.key] = get_column_letter(i + 1)
    _header_problems(sheet, name, headers, unknown, problems, letters)
    return keys, headers, col_letters


def _header_problems(sheet: Sheet, name: str, headers: dict[str, str], unknown: list[tuple[int, str]],
                     problems: Problems, letters: bool) -> None:
    """A problem for each required column the header lacks and each header naming no column."""
    missing = [c for c in sheet.columns if c.key not in headers and not c.optional]
    for c in missing:
        guess = suggest(c.da, [t for _, t in unknown]) or suggest(c.en, [t for _, t in unknown])
        problems.add(f"the column {c.da!r} / {c.en!r} is missing" + (" (renamed?)" if guess else ""),
                     sheet=name, row=1, suggestion=guess or "")
    _unknown_columns(sheet, name, unknown, problems, letters)


def _unknown_columns(sheet: Sheet, name: str, unknown: list[tuple[int, str]], problems: Problems, letters: bool
                     ) -> None:
    """A problem for each header (position, text) that names no column of ``sheet``."""
    # here, not at the top: loads openpyxl (start-up)
    from openpyxl.utils import get_column_letter

    names = [n for c in sheet.columns for n in (c.da, c.en)]
    for i, text in unknown:
        problems.add(f"{text!r} is not a column of this sheet", sheet=name, row=1, column=text,
                     cell=f"{get_column_letter(i + 1)}1" if letters else "", suggestion=suggest(text, names) or "",
                     allowed=tuple(c.name(lang) for lang in ("da", "en") for c in sheet.columns))


def _table(sheet: Sheet, name: str, rows: Sequence[Sequence[object]], problems: Problems, *,
           letters: bool) -> RawSheet:
    """Match the header row to the sheet's columns; keep the non-empty rows as text."""
    keys, headers, col_letters = _header(sheet, name, rows[0] if rows else [], problems, letters)
    out: list[RawRow] = []
    columns = sorted(keys.items())
    for number, row in enumerate(rows[1:], start=2):
        values: dict[str, str] = {}
        width = len(row)
        for i, key in columns:
            if i < width:
                text = cell_text(row[i])
                if text:
                    values[key] = text
        if values:
            out.append(RawRow(number, values))
    return RawSheet(sheet, name, headers, out, col_letters)


__all__ = ["MODEL_SETTINGS", "RawModel", "RawRow", "RawSheet", "cell_text", "read_model"]
