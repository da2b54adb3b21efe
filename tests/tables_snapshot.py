"""A complete, deterministic text of every table an input's document prints (tests/golden/tables/).

``snapshot(path)`` checks one input the way ``disclosure check`` does, composes its document
the way ``disclosure render`` does (the report, or the document of its kind for a standalone
one) and writes no file: every Table block of every part is written out whole — the heading it
follows (the table's title and its table-of-contents text), its anchor and code, the three
caption fields (部门 / 年度 / 金额单位), landscape, type size and relative column widths, every
header and body row cell by cell (text, colspan, rowspan, alignment, bold), its notes and its
empty-table statement.  The text depends on nothing but what generator/tables.py (and the
figures it is given) produce, so it is the fast net of ``make mutate MODULES=tables``.
``make golden`` compares it with the stored files and writes them only when a person accepts
the diff (tests/regen_golden.py; ``make golden TABLES=1`` for only these).
"""

from pathlib import Path

from generator.compose import compose
from generator.document import Heading, Table
from generator.pipeline import check_file
from generator.render import scheme_for

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_TABLES = ROOT / "tests" / "golden" / "tables"

ALIGN = {"left": "L", "center": "C", "right": "R"}


def cell_text(cell):
    """One cell: its text quoted (so spaces show), ``colspan x rowspan``, L/C/R and B if bold."""
    align = ALIGN.get(cell.align, repr(cell.align))
    return f"{cell.text!r} {cell.colspan}x{cell.rowspan} {align}{' B' if cell.bold else ''}"


def row_text(row):
    return " | ".join(cell_text(cell) for cell in row)


def table_lines(table, heading=None):
    """Every field of ``table`` (a generator.document.Table), one line per row, note and field."""
    out = []
    if heading is not None:
        out.append(f"heading {heading.level} {heading.style or '-'} {heading.anchor}: {heading.text!r} "
                   f"toc {heading.toc_text!r}")
    out.append(f"table {table.anchor} code {table.code!r}")
    out.append(f"  meta {table.meta_left!r} | {table.meta_center!r} | {table.meta_right!r}")
    out.append(f"  landscape {table.landscape} font_size {table.font_size!r} "
               f"widths {' '.join(repr(w) for w in table.widths)}")
    out.append(f"  header rows {len(table.header)}, body rows {len(table.body)}")
    for i, row in enumerate(table.header):
        out.append(f"  header[{i}] {row_text(row)}")
    for i, row in enumerate(table.body):
        out.append(f"  body[{i}] {row_text(row)}")
    for note in table.notes:
        out.append(f"  note {note!r}")
    out.append(f"  empty_statement {table.empty_statement!r}")
    return out


def document_of(path):
    """The composed (not written) document of the input ``path``, as ``disclosure render`` makes it."""
    checked = check_file(path)
    if checked.figures is None:
        raise ValueError(f"{path}: not checked: {[f.line() for f in checked.findings]}")
    scheme = scheme_for(checked.input)
    if checked.input.is_report:
        return compose(checked.figures, scheme)
    from generator.kinds import kinds

    kind = next(k for k in kinds() if checked.input.documents.get(k.key) is not None)
    return kind.compose(checked.figures, scheme)


def snapshot(path):
    """The snapshot text of the input file ``path``."""
    doc = document_of(path)
    lines = [f"# tables of inputs/{Path(path).name} (tests/tables_snapshot.py; `make golden`)"]
    count = 0
    for part in doc.parts:
        heading = None
        for block in part.blocks:
            if isinstance(block, Heading):
                heading = block
            elif isinstance(block, Table):
                count += 1
                lines.append("")
                lines.append(f"## part {part.heading.anchor}, table {count}")
                lines += table_lines(block, heading)
    lines.append("")
    lines.append(f"tables {count}")
    return "\n".join(lines) + "\n"


def snapshot_texts():
    """{golden file: snapshot text} for every example in inputs/."""
    return {GOLDEN_TABLES / f"{path.stem}.txt": snapshot(path) for path in sorted((ROOT / "inputs").glob("*.yaml"))}
