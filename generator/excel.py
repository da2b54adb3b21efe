"""``disclosure tables``: check an input, compose its Document, write its tables as .xlsx."""

from pathlib import Path

from generator.findings import has_errors
from generator.pipeline import RenderResult, check_file


def tables_file(path, out_dir, search=(), root=None):
    """Check ``path``; when it has no errors, write ``<stem>-tables.xlsx`` into ``out_dir``
    (through a temporary file and a rename).  Returns a RenderResult."""
    from generator.compose import compose, number_style
    from generator.render import atomic_path, scheme_for
    from generator.writers.xlsx import write_xlsx

    checked = check_file(path, search, root)
    if checked.input is None or has_errors(checked.findings) or not checked.input.is_report:
        return RenderResult(checked.findings)
    scheme = scheme_for(checked.input, search)
    doc = compose(checked.figures, scheme)
    style = number_style(scheme, checked.input.unit)
    target = Path(out_dir) / f"{Path(checked.input.file).stem}-tables.xlsx"
    with atomic_path(target) as tmp:
        write_xlsx(doc, tmp, thousands_separator=style.thousands_separator)
    return RenderResult(checked.findings, (target,), checked)
