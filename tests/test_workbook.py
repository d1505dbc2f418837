"""Planners' own models as spreadsheets: graf template -> fill -> graf import -> validate -> map; the
round trips through graf export --format xlsx; every kind of bad input, each with its place."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest

from graf.namespaces import ONTOLOGY_GRAPH
from graf.settings import Settings
from graf.store import open_store
from graf.workbook import ModelError, import_bytes, import_path
from graf.workbook.export import export_workbook
from graf.workbook.schema import ACTOR_KINDS, CONFIDENCE, EVENT_KINDS, LAYERS, ROLES, SHEETS, STATUSES
from tests.conftest import FIXTURES, PLANNER, ROOT, filled, run_graf

# -- helpers -------------------------------------------------------------------------------------------

def dataset(nquads: str) -> ox.Dataset:
    return ox.Dataset(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def canonical(ds: ox.Dataset) -> set[str]:
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in ds}


def store_dataset(store: object) -> ox.Dataset:
    quads = ox.parse(store.export("nq"), format=ox.RdfFormat.N_QUADS)  # type: ignore[attr-defined]
    return ox.Dataset(q for q in quads if not (isinstance(q.graph_name, ox.NamedNode)
                                               and q.graph_name.value == str(ONTOLOGY_GRAPH)))


def problems(path: Path | str, **kw: object) -> list[str]:
    with pytest.raises(ModelError) as caught:
        import_path(path, **kw)  # type: ignore[arg-type]
    return [p.text() for p in caught.value.problems]


def ref(ws: object, header: str, row: int) -> str:
    """The cell reference of column ``header`` in ``row`` (e.g. ``B4``)."""
    letter = next(c.column_letter for c in ws[1] if c.value == header)  # type: ignore[index]
    return f"{letter}{row}"


def edit(path: Path, sheet: str, changes: dict[tuple[str, int], object]) -> None:
    """Set cells (``{(header, row): value}``) of one sheet and save."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    for (header, row), value in changes.items():
        ws[ref(ws, header, row)] = value
    book.save(path)


PROVENANCE = ("kildehenvisning", "kilde", "citat", "sikkerhed", "begrundelse")


# -- the template ----------------------------------------------------------------------------------------

def test_the_template_has_a_sheet_per_thing_with_explained_headers_and_drop_down_lists(tmp_path: Path) -> None:
    path = tmp_path / "model.xlsx"
    result = run_graf("template", "-o", str(path))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Læs mig"
    assert [s.da for s in SHEETS] == book.sheetnames[1:-1]
    assert book["Lister"].sheet_state == "hidden"
    actors = book["Aktører"]
    headers = [c.value for c in actors[1]]
    for key in ("id", "art", "navn (dansk)", "navn (engelsk)", "del af", "medlem af gruppe", "kilde", "citat",
                "sikkerhed", "begrundelse"):
        assert key in headers
    assert all(c.comment is not None and c.comment.text for c in actors[1])  # every header explains itself
    kind = next(c for c in actors[1] if c.value == "art").column_letter
    validations = {str(v.sqref).split(":")[0]: v for v in actors.data_validations.dataValidation}
    lists = book["Lister"]
    column = re.search(r"\$([A-Z]+)\$2", validations[f"{kind}2"].formula1).group(1)
    words = [c.value for c in lists[column][1:] if c.value]
    assert words == ACTOR_KINDS.words("da") and "forvaltning" in words
    readme = " ".join(str(c.value) for c in book["Læs mig"]["A"] if c.value)
    assert "graf import model.xlsx -o model.trig" in readme and "notatet" in readme


def test_the_english_template_and_the_csv_template_have_the_same_columns(tmp_path: Path) -> None:
    assert run_graf("template", "--lang", "en", "-o", str(tmp_path / "m.xlsx")).returncode == 0
    assert run_graf("template", "--lang", "en", "--format", "csv", "-o", str(tmp_path / "csv")).returncode == 0
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert book.sheetnames[0] == "Read me"
    for sheet in SHEETS:
        with (tmp_path / "csv" / f"{sheet.en}.csv").open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == [c.value for c in book[sheet.en][1]]
    assert "graf template" in (tmp_path / "csv" / "README.txt").read_text(encoding="utf-8")


def test_the_vocabularies_are_the_ontologys_labels() -> None:
    graph = ox.Store()
    graph.load(path=str(ROOT / "ontology" / "graf.ttl"), format=ox.RdfFormat.TURTLE)
    for vocab, prop in ((ACTOR_KINDS, "rdfs:label"), (EVENT_KINDS, "rdfs:label"), (LAYERS, "skos:prefLabel"),
                        (STATUSES, "skos:prefLabel"), (ROLES, "skos:prefLabel"), (CONFIDENCE, "skos:prefLabel")):
        for term in vocab.terms:
            rows = list(graph.query(f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
                SELECT ?l WHERE {{ <{term.iri}> {prop} ?l }}"""))
            if not rows:  # org:Organization, org:Post: ORG's own classes, named by graf's workbook only
                assert term.key in ("Organization", "Post"), term
                continue
            labels = {(r["l"].language, r["l"].value) for r in rows}
            assert ("da", term.da) in labels and ("en", term.en) in labels, (term, labels)


# -- template -> fill -> import -> validate -> map -------------------------------------------------------

def test_a_filled_template_imports_validates_and_maps(tmp_path: Path) -> None:
    model = filled(tmp_path)
    out = tmp_path / "model.trig"
    result = run_graf("import", str(model), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "triples" in result.stderr
    ds = ox.Dataset(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    base = "https://w3id.org/graf/id/eksempel-planer/"
    graph = ox.NamedNode("https://w3id.org/graf/graph/eksempel-planer/base")
    okonomi = ox.NamedNode(base + "okonomi")
    assert ox.Quad(okonomi, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                   ox.Literal("Økonomiforvaltningen", language="da"), graph) in ds
    # every fact is reified and cited: the statement points to a citation with its confidence and reasoning
    store = ox.Store()
    store.extend(ds)
    cited = list(store.query(f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX graf: <https://w3id.org/graf/def#>
        SELECT ?conf ?reasoning WHERE {{ GRAPH ?g {{ ?st rdf:subject <{base}okonomi> ; rdf:predicate rdf:type ;
        graf:citation ?c }} ?c graf:confidence ?conf ; graf:reasoning ?reasoning }}""",
                             use_default_graph_as_union=True))
    assert [r["conf"].value for r in cited] == ["https://w3id.org/graf/concept/derived"]
    assert cited[0]["reasoning"].language == "da"  # the Model sheet says the reasoning is in Danish
    # validate: the after-scenario passes every rule; before has no entry point (as the memo's as-is)
    report = run_graf("--data", str(model), "validate", "--format", "json")
    assert report.returncode == 1, report.stderr
    findings = json.loads(report.stdout)["findings"]
    assert {(f["scenario"], f["code"]) for f in findings} == {("foer", "no-entry-point")}
    audit = run_graf("--data", str(model), "audit")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "cited: 130 (100 %)" in audit.stdout and "found: 7" in audit.stdout
    html = tmp_path / "map.html"
    drawn = run_graf("--data", str(model), "map", "--scenario", "efter", "--lang", "en", "-o", str(html))
    assert drawn.returncode == 0, drawn.stderr
    page = html.read_text(encoding="utf-8")
    assert "Partnership Forum" in page and "Large housing associations" in page


def test_the_csv_folder_and_a_csv_zip_work_like_the_workbook(tmp_path: Path) -> None:
    from_book = import_path(filled(tmp_path)).nquads()
    from_folder = import_path(PLANNER).nquads()
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in PLANNER.glob("*.csv"):
            zf.write(f, f"model/{f.name}")
    from_zip = import_path(archive).nquads()
    assert canonical(dataset(from_book)) == canonical(dataset(from_folder)) == canonical(dataset(from_zip))
    validate = run_graf("--data", str(PLANNER), "validate", "--scenario", "efter")
    assert validate.returncode == 0, validate.stdout + validate.stderr


class _LegacyName(zipfile.ZipInfo):
    """A ZIP member whose name is stored in ``encoding`` without the ZIP's UTF-8 flag, as Info-ZIP's ``zip``
    (UTF-8) and older Windows Explorers (the OEM code page, cp850 in Denmark) write them."""

    def __init__(self, name: str, encoding: str) -> None:
        super().__init__(name)
        self._raw = name.encode(encoding)

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 (zipfile's own name)
        return self._raw, self.flag_bits & ~0x800


@pytest.mark.parametrize("encoding", ["utf-8", "cp850"])
def test_a_csv_zip_whose_danish_file_names_are_not_flagged_utf8_reads_the_same(tmp_path: Path, encoding: str
                                                                               ) -> None:
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in PLANNER.glob("*.csv"):
            zf.writestr(_LegacyName(f.name, encoding), f.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        assert "Aktører.csv" not in zf.namelist()  # what zipfile makes of the names by itself
    assert canonical(dataset(import_path(archive).nquads())) == canonical(dataset(import_path(PLANNER).nquads()))


def test_ids_become_iris_under_the_base_given(tmp_path: Path) -> None:
    out = tmp_path / "m.nq"
    result = run_graf("--base", "https://data.example.org/model/", "import", str(PLANNER), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "<https://data.example.org/model/okonomi>" in text and "eksempel-planer/okonomi" not in text
    assert "<https://data.example.org/graph/model/" not in text  # no /id/ in the base: graphs go under base/graph/
    assert "<https://data.example.org/model/graph/efter>" in text
    bad = run_graf("--base", "data.example.org/model", "import", str(PLANNER), "-o", str(out))
    assert bad.returncode == 2 and "not an absolute IRI" in bad.stderr
    no_slash = run_graf("--base", "https://data.example.org/model", "import", str(PLANNER))
    assert no_slash.returncode == 2 and "must end with '/' or '#'" in no_slash.stderr


def test_a_workbook_in_a_data_folder_and_graf_load_read_the_model(tmp_path: Path) -> None:
    model = filled(tmp_path)
    info = run_graf("--data", str(tmp_path), "info")  # the folder: its workbook is read like its RDF files
    assert info.returncode == 0, info.stderr
    assert "efter" in info.stdout and "foer" in info.stdout
    store_dir = tmp_path / "store"
    loaded = run_graf("--store", str(store_dir), "load", str(model))
    assert loaded.returncode == 0, loaded.stderr
    again = run_graf("--store", str(store_dir), "validate", "--scenario", "efter")
    assert again.returncode == 0, again.stdout


# -- round trips: export --format xlsx, import again, the same graph ----------------------------------------

@pytest.mark.parametrize("data", ["copenhagen-2010", "example-municipality", "national"])
def test_exporting_a_model_as_a_workbook_and_importing_it_gives_an_isomorphic_graph(data: str, tmp_path: Path
                                                                                  ) -> None:
    if data == "national":
        from graf.generate import generate, write

        write(generate(0.01, seed=1), tmp_path / "national")
        path = tmp_path / "national" / "synthetic.trig"
    else:
        path = ROOT / "data" / data
    store = open_store(Settings(data=(path,)))
    try:
        original = store_dataset(store)
        book = export_workbook(store, "en")
    finally:
        store.close()
    imported = dataset(import_bytes(book, "model.xlsx").nquads())
    assert len(imported) == len(original)
    assert canonical(imported) == canonical(original)


def test_the_exported_workbook_uses_the_sheets_a_planner_fills(tmp_path: Path) -> None:
    out = tmp_path / "kbh.xlsx"
    result = run_graf("export", "--format", "xlsx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    channels = list(book["Kanaler"].iter_rows(values_only=True))
    header = channels[0]
    rows = [dict(zip(header, r, strict=False)) for r in channels[1:]]
    direct = [r for r in rows if r["scenarie"] == "adjusted" and r["lag"] == "driftsmæssig"]
    assert len(direct) == 7 and {r["status"] for r in direct} == {"åben"}  # words in the workbook's language
    actors = {r[0]: r for r in book["Aktører"].iter_rows(min_row=2, values_only=True)}
    assert actors["teknik-og-miljoeforvaltningen"][1] == "forvaltning"
    imported = run_graf("import", str(out), "-o", str(tmp_path / "kbh.trig"))
    assert imported.returncode == 0, imported.stderr


def test_a_planners_own_workbook_comes_back_in_the_same_sheets(tmp_path: Path) -> None:
    store = open_store(Settings(data=(PLANNER,)))
    try:
        book = openpyxl.load_workbook(io.BytesIO(export_workbook(store, "da")))
    finally:
        store.close()
    counts = {ws.title: ws.max_row - 1 for ws in book.worksheets}
    assert counts["Aktører"] == 11 and counts["Kanaler"] == 7 and counts["Begivenheder"] == 2
    assert counts["Øvrige udsagn"] == 0  # nothing needed the catch-all sheet
    kanaler = list(book["Kanaler"].iter_rows(min_row=2, values_only=True))
    assert all(row[0] is None for row in kanaler)  # default channel ids are left empty again
    column = next(c.column - 1 for c in book["Kanaler"][1] if c.value == "citat")
    quotes = [r[column] for r in kanaler]
    assert "men den direkte kontakt med forvaltningerne skal bevares." in quotes  # the quote stays on the row


# -- bad input: every problem at once, each with its place ------------------------------------------------

def test_a_misspelt_kind_names_sheet_row_column_value_and_the_closest_word(tmp_path: Path) -> None:
    model = filled(tmp_path)
    edit(model, "Aktører", {("art", 4): "forvalting"})
    found = problems(model)
    assert found == ["sheet 'Aktører', row 4, column 'art' (B4): 'forvalting' is not a kind; did you mean "
                     "'forvaltning'? (allowed: " + ", ".join(ACTOR_KINDS.words("da")) + ")"]


def test_every_problem_is_reported_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    model = filled(tmp_path)
    book = openpyxl.load_workbook(model)
    actors = book["Aktører"]
    actors[ref(actors, "art", 5)] = "forvalting"  # a kind that does not exist
    book["Kanaler"]["C2"] = "oknomi"  # a channel to an actor no sheet defines
    last = actors.max_row + 1
    for cell in actors[4]:  # a duplicate id: the row of 'okonomi' once more
        actors.cell(last, cell.column, cell.value)
    book["Begivenheder"]["E2"] = "15-01-2024"  # a date that does not parse
    for header in PROVENANCE:  # a fact row without a source
        actors[ref(actors, header, 2)] = None
    book.save(model)
    out = tmp_path / "out.trig"
    result = run_graf("import", str(model), "-o", str(out))
    assert result.returncode == 2
    assert not out.exists()
    err = result.stderr
    assert "5 problems, nothing was imported" in err
    assert "sheet 'Aktører', row 5, column 'art' (B5): 'forvalting' is not a kind; did you mean 'forvaltning'?" in err
    assert ("sheet 'Kanaler', row 2, column 'til' (C2): 'oknomi' is not defined: no row of the model has this id "
            "(a dangling reference); did you mean 'okonomi'?") in err
    assert "sheet 'Aktører', row 13, column 'id' (A13): duplicate id: 'okonomi' is already defined in sheet " \
           "'Aktører', row 4" in err
    assert ("sheet 'Begivenheder', row 2, column 'dato' (E2): '15-01-2024' is not a date; write YYYY-MM-DD, or "
            "YYYY-MM or YYYY when the source gives no more; did you mean '2024-01-15'?") in err
    assert "sheet 'Aktører', row 2: a fact row without a source" in err
    assert "Traceback" not in err


def test_a_missing_or_renamed_sheet_or_column_is_named_with_what_it_may_have_become(tmp_path: Path) -> None:
    model = filled(tmp_path)
    book = openpyxl.load_workbook(model)
    book["Kanaler"].title = "Kanal"
    book["Aktører"]["B1"] = "arter"
    book.save(model)
    found = problems(model)
    assert "the sheet 'Kanaler' / 'Channels' is missing (renamed?); did you mean 'Kanal'?" in found
    assert "sheet 'Aktører', row 1: the column 'art' / 'kind' is missing (renamed?); did you mean 'arter'?" in found
    assert any(p.startswith("sheet 'Aktører', row 1, column 'arter' (B1): 'arter' is not a column of this sheet; "
                            "did you mean 'art'?") for p in found)


def test_a_file_that_is_not_a_workbook_or_is_password_protected_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "model.xlsx"
    text.write_text("id,art\nkommune,kommune\n", encoding="utf-8")
    assert problems(text) == [f"{text} is not a workbook (.xlsx) or a ZIP of CSV files: it looks like a single CSV "
                              "file; put the CSV files of the model in a folder (or a ZIP) and give that"]
    # made once from an empty template with msoffcrypto-tool's OOXMLFile.encrypt (password "hemmelig")
    locked = FIXTURES / "password-protected.xlsx"
    found = problems(locked)
    assert len(found) == 1 and "password-protected (encrypted)" in found[0] and "remove the password" in found[0]
    result = run_graf("--data", str(locked), "validate")
    assert result.returncode == 2 and "password-protected" in result.stderr


def _with_cached_value(path: Path, sheet_title: str, cell: str, value: str) -> None:
    """Store ``value`` as the formula's computed value, as Excel or LibreOffice do when they save."""
    book = openpyxl.load_workbook(path)
    index = book.sheetnames.index(sheet_title) + 1
    original = path.read_bytes()
    source = zipfile.ZipFile(io.BytesIO(original))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == f"xl/worksheets/sheet{index}.xml":
                text = data.decode("utf-8")
                formula = rf'<c r="{cell}"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)'
                text, n = re.subn(formula, rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>', text)
                assert n == 1
                data = text.encode("utf-8")
            target.writestr(item, data)
    path.write_bytes(out.getvalue())


def test_formulas_use_their_stored_value_or_say_that_there_is_none(tmp_path: Path) -> None:
    model = filled(tmp_path)
    edit(model, "Kanaler", {("til", 2): '=LOWER("OKONOMI")'})  # written by a program: no value stored
    found = problems(model)
    assert found == ["sheet 'Kanaler', row 2, column 'til' (C2): a formula without a stored value (the workbook was "
                     "never calculated, e.g. it was written by a program); open and save it in Excel or LibreOffice, "
                     "or type the value"]
    _with_cached_value(model, "Kanaler", "C2", "okonomi")
    with_value = import_path(model).nquads()
    assert canonical(dataset(with_value)) == canonical(dataset(import_path(PLANNER).nquads()))


def test_a_row_without_a_source_is_allowed_only_in_a_fictional_scenario_or_a_draft(tmp_path: Path) -> None:
    model = filled(tmp_path)
    book = openpyxl.load_workbook(model)
    ws = book["Kanaler"]
    for header in PROVENANCE:
        ws[ref(ws, header, 2)] = None  # the first channel (scenario 'foer') loses its source
    book.save(model)
    assert problems(model) == ["sheet 'Kanaler', row 2: a fact row without a source: fill source and quote (or a "
                               "citation key), or confidence 'derived' with its reasoning"]
    edit(model, "Scenarier", {("fiktiv", 2): "ja"})  # 'foer' is fictional: no source needed
    assert import_path(model).nquads()
    edit(model, "Scenarier", {("fiktiv", 2): None})
    book = openpyxl.load_workbook(model)
    ws = book["Model"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "kilder påkrævet")
    ws.cell(row, 2, "nej")  # a draft: sources not required yet (graf audit still lists the row)
    book.save(model)
    assert import_path(model).nquads()


def test_citations_given_by_key_must_be_defined_and_agree(tmp_path: Path) -> None:
    model = filled(tmp_path)
    edit(model, "Aktører", {("kildehenvisning", 3): "raad-kilde"})  # a key with the row's own source: defines it
    edit(model, "Aktører", {("kildehenvisning", 4): "raad-kilde", ("kilde", 4): "referat",
                            ("citat", 4): "Økonomiudvalget", ("sikkerhed", 4): "notatet",
                            ("begrundelse", 4): None})  # the same key given differently
    edit(model, "Aktører", {("kilde til dansk navn", 5): "ukendt-kilde"})  # a key nobody defines
    found = problems(model)
    assert ("sheet 'Aktører', row 4, column 'kildehenvisning' (J4): citation 'raad-kilde' is given differently here "
            "(source, quote, confidence); a key names one citation: use another key, or leave these columns empty"
            ) in found
    assert any(p.startswith("sheet 'Aktører', row 5, column 'kilde til dansk navn' (O5): citation 'ukendt-kilde' is "
                            "not defined") for p in found)


def test_bad_input_over_the_cli_never_shows_a_traceback(tmp_path: Path) -> None:
    missing = run_graf("import", str(tmp_path / "nope.xlsx"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "Aktorer.csv").write_text("id,art\n", encoding="utf-8")
    result = run_graf("import", str(folder))
    assert result.returncode == 2
    assert "Aktorer.csv is not named like a sheet of the model; did you mean 'Aktører.csv'?" in result.stderr
    assert result.stderr.count("Fora.csv") == 1 and result.stderr.count("Model.csv") == 1  # each name once
    assert "Traceback" not in result.stderr
