"""Workbooks → Grids: .xlsx (openpyxl), .xls (xlrd), or CSV files (one table per file).

Every cell becomes its text as stored: a text cell as typed, a number as the shortest text
that gives the stored binary value back (at most Excel's 15 significant digits), so an
amount is read exactly as Excel shows it and never passes through float arithmetic.
Merged cells are left empty except their top-left cell, as the workbook stores them.
"""

import csv
import re
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from generator.importers.grid import Grid, GridCell

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class WorkbookError(Exception):
    """The file cannot be read as a workbook (message for the user, with the file name)."""


def number_text(value):
    """Text of a number cell: ints as digits, floats as Excel displays them (15 digits)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or len(text.lstrip("-").replace(".", "").lstrip("0")) > 15:
            text = format(Decimal(format(value, ".15g")), "f")
        return text
    return str(value)


def cell_text(value, number_format=None):
    """A cell's text; a number with a fixed-decimals format (``0.00``, ``#,##0.00``) as Excel
    shows it (``96.60``) — never rounded: a value with more decimals keeps them all."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = number_text(value)
        decimals = _format_decimals(number_format)
        if decimals:
            shown = Decimal(text)
            if -shown.as_tuple().exponent <= decimals:
                text = format(shown.quantize(Decimal(1).scaleb(-decimals)), "f")
        return text
    return str(value)


def _format_decimals(number_format):
    """Decimals fixed by a plain number format (``0.00`` → 2), else None."""
    m = re.fullmatch(r"(?:#,##)?0\.(0+)(?:_\S*)?", number_format or "")
    return len(m.group(1)) if m else None


def _trim(rows):
    """Drop trailing empty rows and trailing empty columns."""
    while rows and not any(c.text.strip() for c in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, c in enumerate(r) if c.text.strip()), default=0) for r in rows), default=0)
    return tuple(tuple(r[:width]) + tuple(GridCell("", "") for _ in range(width - len(r[:width])))
                 for r in rows)


def read_xlsx(path):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise WorkbookError(f"{path}: {exc}") from exc
    grids = []
    for ws in wb.worksheets:
        rows = []
        for r, row in enumerate(ws.iter_rows(), start=1):
            rows.append([GridCell(cell_text(cell.value, cell.number_format), f"{ws.title}!{get_column_letter(c)}{r}")
                         for c, cell in enumerate(row, start=1)])
        rows = _trim(_fill_where(rows, ws.title))
        if rows:
            grids.append(Grid(ws.title, rows, str(path), ws.title))
    return grids


def _fill_where(rows, title):
    width = max((len(r) for r in rows), default=0)
    out = []
    for r, row in enumerate(rows, start=1):
        row = list(row) + [GridCell("", f"{title}!{get_column_letter(c)}{r}") for c in range(len(row) + 1, width + 1)]
        out.append(row)
    return out


def read_xls(path):
    try:
        import xlrd
    except ImportError as exc:  # pragma: no cover - xlrd is a dependency
        raise WorkbookError(f"{path}: xlrd is not installed") from exc
    try:
        book = xlrd.open_workbook(str(path))
    except Exception as exc:
        raise WorkbookError(f"{path}: {exc}") from exc
    grids = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    text = ""
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    text = number_text(cell.value)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    text = "TRUE" if cell.value else "FALSE"
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    text = "#ERROR"
                else:
                    text = str(cell.value)
                row.append(GridCell(text, f"{sheet.name}!{get_column_letter(c + 1)}{r + 1}"))
            rows.append(row)
        rows = _trim(_fill_where(rows, sheet.name))
        if rows:
            grids.append(Grid(sheet.name, rows, str(path), sheet.name))
    return grids


def _decode(data, path):
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookError(f"{path}: neither UTF-8 nor GBK text")


def read_csv(path):
    path = Path(path)
    text = _decode(path.read_bytes(), path)
    name = path.stem
    rows = [[GridCell(value, f"{name}!{get_column_letter(c)}{r}") for c, value in enumerate(row, start=1)]
            for r, row in enumerate(csv.reader(text.splitlines()), start=1)]
    rows = _trim(_fill_where(rows, name))
    return [Grid(name, rows, str(path), name)] if rows else []


def read_workbook(paths):
    """Grids from one workbook, one folder of CSV files, or a list of CSV files."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    grids = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
            if not files:
                raise WorkbookError(f"{path}: no .csv files in this folder")
            for file in files:
                grids.extend(read_csv(file))
            continue
        if not path.exists():
            raise WorkbookError(f"{path}: file not found")
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            grids.extend(read_xlsx(path))
        elif suffix == ".xls":
            grids.extend(read_xls(path))
        elif suffix == ".csv":
            grids.extend(read_csv(path))
        else:
            raise WorkbookError(f"{path}: not a workbook (.xlsx, .xls, .csv or a folder of .csv files)")
    return grids
