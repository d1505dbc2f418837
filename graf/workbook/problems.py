"""What is wrong with a workbook, each problem with its place: file, sheet, row, column, value, what is allowed."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from graf.errors import GrafError

_SHOWN_ALLOWED = 40  # words listed in a message (all are in ``allowed``)


@dataclass(frozen=True)
class Problem:
    """One problem of a workbook or CSV model.

    ``sheet`` and ``column`` are named as the file names them (in its language); ``row`` is the row
    number a spreadsheet shows (the header is row 1); ``cell`` the column letter and row (``C7``)
    in a workbook. ``allowed`` lists the values the column takes (a closed vocabulary), ``suggestion``
    the closest of them (or of the ids, sheets, columns the file has).
    """

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    cell: str = ""
    value: str = ""
    allowed: tuple[str, ...] = ()
    suggestion: str = ""

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}" + (f" ({self.cell})" if self.cell else ""))
        return ", ".join(parts)

    def text(self) -> str:
        """The problem in one line: where, what, and what would be right."""
        where = self.where()
        line = f"{where}: {self.message}" if where else self.message
        if self.suggestion:
            line += f"; did you mean {self.suggestion!r}?"
        if self.allowed:
            shown = ", ".join(self.allowed[:_SHOWN_ALLOWED]) + (" ..." if len(self.allowed) > _SHOWN_ALLOWED else "")
            line += f" (allowed: {shown})"
        return line

    def as_dict(self) -> dict[str, object]:
        out = {k: v for k, v in asdict(self).items() if v not in ("", None, ())}
        if self.allowed:
            out["allowed"] = list(self.allowed)
        out["text"] = self.text()
        return out


class ModelError(GrafError):
    """A workbook (or CSV model) that cannot be imported; carries every problem found, not just the first."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p.text()}" for p in self.problems)
        super().__init__(f"{file}: {count} problem{'s' if count != 1 else ''}, nothing was imported:\n{lines}")


class Problems:
    """Collects problems; :meth:`raise_if_any` raises them all at once."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []

    def add(self, message: str, **where: object) -> None:
        self.items.append(Problem(message, **where))  # type: ignore[arg-type]

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ModelError(self.file, self.items)
