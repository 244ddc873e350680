"""contracts.csv for `portal merge`: one customer per row, the header naming merge fields.

Read with the csv module. Every row is checked; a bad row (a missing value, an unparseable date, an
invalid email address) is reported with its line number and skipped, the others are kept. The rules
are the kit page's mail merge's (assets/kit/csv.js and mailmerge.js), from the same kit.json.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import PortalError
from .checks import clean, value_problem
from .dates import parse_iso
from .kitdata import KitData

RECIPIENT = "email"      # the column with the customer's address (not a merge field)


@dataclass(frozen=True)
class Contract:
    line: int                 # where the row starts in the file
    email: str
    expiry: dt.date
    values: dict[str, str]    # merge field id -> value as written (dates YYYY-MM-DD)


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def required_columns(kit: KitData) -> list[str]:
    """The customer fields this language's emails use, and the recipient's address."""
    return [*(i for i in kit.ids("customer") if kit.fields[i]["used"]), RECIPIENT]


def read_contracts(path: Path, kit: KitData) -> tuple[list[Contract], list[RowProblem]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PortalError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise PortalError(f"{path}: expected UTF-8 text, found byte 0x{exc.object[exc.start]:02x}; "
                          "save the CSV as UTF-8") from None
    return parse_contracts(text, kit, str(path))


def parse_contracts(text: str, kit: KitData, shown: str = "contracts.csv"
                    ) -> tuple[list[Contract], list[RowProblem]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","   # Excel in many languages
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [clean(name).lower() for name in next(reader, [])]
    expiry_field(kit)
    missing = [name for name in required_columns(kit) if name not in header]
    if missing:
        raise PortalError(f"{shown}:1: the header row has no column {', '.join(missing)}; expected "
                          f"a first row naming the columns, with at least: "
                          f"{', '.join(required_columns(kit))}")
    contracts, problems = [], []
    start = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            found = _contract(kit, header, row, start)
            (contracts if isinstance(found, Contract) else problems).append(found)
        start = reader.line_num + 1
    return contracts, problems


def _contract(kit: KitData, header: list[str], row: list[str], line: int) -> Contract | RowProblem:
    cells = dict(zip(header, (clean(cell) for cell in row)))
    missing = [name for name in required_columns(kit) if not cells.get(name)]
    if missing:
        return RowProblem(line, f"missing {', '.join(missing)}")
    kinds = {**{i: f["kind"] for i, f in kit.fields.items()}, RECIPIENT: "email"}
    for name in header:
        value = cells.get(name, "")
        problem = value and name in kinds and value_problem(kit, kinds[name], value)
        if problem:
            return RowProblem(line, f"{name}: {problem}")
    values = {name: cells[name] for name in kit.fields if cells.get(name)}
    return Contract(line, cells[RECIPIENT], parse_iso(cells[expiry_field(kit)]), values)  # type: ignore[arg-type]


def expiry_field(kit: KitData) -> str:
    """The merge field that holds the expiration date: the first one of kind date."""
    found = next((f["id"] for f in kit["fields"] if f["kind"] == "date"), None)
    if found is None:
        raise PortalError("content/merge_fields.yml: no merge field has kind: date; the partner "
                          "tools need one for the expiration date")
    return found
