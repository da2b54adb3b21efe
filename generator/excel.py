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


def cmd_tables(args):
    """``disclosure tables FILE... [--out DIR]``: exit 0, 1 (errors: nothing written for that
    file) or 2 (a file cannot be read)."""
    import sys

    from generator.cli import EXIT_OK, _status
    from generator.i18n import N_, translate

    status = EXIT_OK
    for path in args.files:
        result = tables_file(path, args.out, args.templates)
        for finding in result.findings:
            print(finding.line(args.lang), file=sys.stderr)
        status = max(status, _status(result.findings))
        if not result.written and not any(f.severity == "error" for f in result.findings):
            print(translate(N_("{file} holds no report tables (a standalone self-evaluation); nothing written"),
                            args.lang, file=path), file=sys.stderr)
            status = max(status, 1)
        for written in result.written:
            print(translate(N_("written: {path}"), args.lang, path=written))
    return status
