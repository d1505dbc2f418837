"""Render docs/images/workbook.png: the Actors sheet of the planner fixture's filled workbook, as a spreadsheet
program prints it.

    apt-get install libreoffice-calc-nogui poppler-utils   # Debian; used only for this picture
    .venv/bin/python docs/images/render_workbook.py

The workbook is `graf template` filled from tests/fixtures/planner-model (tests/conftest.py's ``filled``);
LibreOffice headless prints the sheet to PDF (landscape, one page wide, grid and headings, two empty
columns hidden) and pdftoppm rasterises the top of the page. docs/images/check-result.png and
check-map.png are the Chromium screenshots tests/test_check_browser.py writes to artefacts/check/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.worksheet.page import PageMargins

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import filled  # noqa: E402

WIDTHS = {"A": 17, "B": 22, "C": 22, "D": 24, "E": 9, "F": 17, "G": 12, "H": 16, "K": 8, "L": 30, "M": 8, "N": 40}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = openpyxl.load_workbook(filled(work))
        for name in list(book.sheetnames):
            if name not in ("Aktører", "Lister"):
                del book[name]
        ws = book["Aktører"]
        ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.print_options.gridLines = ws.print_options.headings = True
        ws.page_margins = PageMargins(left=0.2, right=0.2, top=0.2, bottom=0.2)
        ws.print_area = f"A1:N{ws.max_row}"
        for col in "ABCDEFGHIJKLMN":
            ws.column_dimensions[col].width = WIDTHS.get(col, 8)
            ws.column_dimensions[col].hidden = col in "IJ"
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row), start=1):
            ws.row_dimensions[r].height = 16 if r == 1 else 28
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        book.save(work / "actors.xlsx")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "actors.xlsx"], cwd=work, check=True,
                       capture_output=True)
        subprocess.run(["pdftoppm", "-png", "-r", "130", "-f", "1", "-l", "1", "-x", "0", "-y", "0", "-W", "1521",
                        "-H", "335", "actors.pdf", "actors"], cwd=work, check=True)
        shutil.copy(work / "actors-1.png", ROOT / "docs" / "images" / "workbook.png")


if __name__ == "__main__":
    main()
