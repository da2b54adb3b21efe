"""Document → .xlsx: the nine tables of Part 2 as a workbook, in the published layout.

One sheet per table (named after its title, at most 31 characters, unique): a title row,
the caption row (部门 / 年度 / 单位：万元 and the table code), the header rows with their
merged cells, the body, then the 注 lines and the empty-table statement.  Amounts are
written as numbers: the Document's printed text ("1,249.50") read back as an exact
Decimal, shown with two decimals.  Nothing is computed here: every figure is the one the
Document prints.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from generator.document import Heading, Table

SHEET_NAME_LIMIT = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_AMOUNT = re.compile(r"-?[\d,]+\.\d+|-?\d+")


def document_tables(doc):
    """(title, Table, year) for every table of Part 2 (部门决算表), in print order; ``year``
    is the ``2024年度`` of Part 2's heading."""
    found = []
    for part in doc.parts:
        if part.heading.anchor != "part-tables":
            continue
        title = None
        year = re.search(r"\d{4}年度", part.heading.text)
        for block in part.blocks:
            if isinstance(block, Heading):
                title = block.text
            elif isinstance(block, Table):
                found.append((title or block.code or "表", block, year.group(0) if year else ""))
                title = None
    return found


def sheet_name(title, taken):
    """``title`` cut to Excel's 31 characters, without the characters Excel refuses, unique."""
    base = _FORBIDDEN.sub("", title).strip("'") or "表"
    name = base[:SHEET_NAME_LIMIT]
    number = 2
    while name in taken:
        suffix = f"({number})"
        name = base[:SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(name)
    return name


def amount_value(text):
    """The printed amount ``text`` as an exact Decimal, or None when it is not an amount."""
    text = text.strip()
    if not _AMOUNT.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def display_width(text):
    """Width of ``text`` in Excel character units (a CJK character counts two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _place(rows):
    """Grid positions of cells with col/row spans: [(row, col, cell)] (0-based), like HTML."""
    taken, placed = set(), []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def _width(table):
    return max(sum(cell.colspan for cell in row) for row in tuple(table.header) + tuple(table.body))


def write_table(ws, title, table, number_format, year="", unit=""):
    """Lay one Document table out on worksheet ``ws``; return the first body row (1-based)."""
    ncols = _width(table)
    widths = [0] * ncols
    bold = Font(bold=True)
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 24
    # a scheme whose captions print no year still gets it: the workbook travels without the
    # report around it
    # nor does a scheme whose captions print no 部门
    caption = [(1, table.meta_left or (f"部门：{unit}" if unit else ""), "left"), (max(2, ncols // 2), table.meta_center or year, "center"),
               (max(3, ncols - 1), table.meta_right, "right"), (ncols, table.code, "right")]
    for col, text, align in caption:
        if text:
            cell = ws.cell(row=2, column=col, value=text)
            cell.alignment = Alignment(horizontal=align)
    first = 3
    for r, c, cell in _place(table.header):
        target = ws.cell(row=first + r, column=c + 1, value=cell.text or None)
        target.font = bold
        target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if cell.colspan > 1 or cell.rowspan > 1:
            ws.merge_cells(start_row=first + r, start_column=c + 1,
                           end_row=first + r + cell.rowspan - 1, end_column=c + cell.colspan)
        if cell.colspan == 1:
            widths[c] = max(widths[c], min(display_width(cell.text), 24))
    header_rows = len(table.header)
    for r in range(header_rows):
        for c in range(ncols):
            ws.cell(row=first + r, column=c + 1).border = _BORDER
    body_first = first + header_rows
    for r, c, cell in _place(table.body):
        target = ws.cell(row=body_first + r, column=c + 1)
        value = amount_value(cell.text) if cell.align == "right" else None
        if value is not None:
            target.value = value
            target.number_format = number_format
        else:
            target.value = cell.text or None
            target.number_format = "@"
        target.alignment = Alignment(horizontal=cell.align, vertical="center")
        if cell.bold:
            target.font = bold
        if cell.colspan > 1 or cell.rowspan > 1:
            ws.merge_cells(start_row=body_first + r, start_column=c + 1,
                           end_row=body_first + r + cell.rowspan - 1, end_column=c + cell.colspan)
        if cell.colspan == 1:
            shown = f"{value:,.2f}" if value is not None else cell.text
            widths[c] = max(widths[c], display_width(shown))
    last = body_first + len(table.body) - 1
    for r in range(body_first, last + 1):
        for c in range(ncols):
            ws.cell(row=r, column=c + 1).border = _BORDER
    row = last + 1
    for line in tuple(table.notes) + ((table.empty_statement,) if table.empty_statement else ()):
        row += 1
        ws.cell(row=row, column=1, value=line).alignment = Alignment(horizontal="left")
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(6, min(width + 2, 50))
    ws.freeze_panes = ws.cell(row=body_first, column=1).coordinate
    ws.print_title_rows = f"{first}:{body_first - 1}"      # the header repeats on every printed page
    ws.sheet_properties.pageSetUpPr.fitToPage = True       # printed one page wide
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_view.showGridLines = False
    return body_first


def write_xlsx(doc, path, thousands_separator=False):
    """Write every table of ``doc`` to the workbook ``path`` (one sheet per table)."""
    number_format = "#,##0.00" if thousands_separator else "0.00"
    wb = Workbook()
    wb.remove(wb.active)
    taken = set()
    for title, table, year in document_tables(doc):
        ws = wb.create_sheet(sheet_name(title, taken))
        write_table(ws, title, table, number_format, year, getattr(doc, "author", ""))
        if table.landscape:
            ws.page_setup.orientation = "landscape"
    wb.save(path)
    return path
