"""``disclosure import``: a workbook (or a published report) → a draft input."""

from dataclasses import dataclass
from pathlib import Path

from generator.findings import ERROR, Finding, Source
from generator.i18n import N_
from generator.importers.draft_yaml import draft_text, merge_text
from generator.importers.interpret import interpret
from generator.loader import load

REPORT_SUFFIXES = (".docx", ".pdf")


@dataclass(frozen=True)
class ImportResult:
    text: str                # the draft (or the merged file) as YAML
    findings: tuple          # located findings: unread cells, missing tables, placeholders
    written: Path | None = None

    @property
    def unread(self):
        return any(getattr(f, "severity", ERROR) == ERROR for f in self.findings)


UNIT_MISMATCH = N_("the tables' amounts are in {ours} but this file's in {theirs}; nothing is merged (convert one of them first)")


def _amount_unit(path):
    """The ``unit.amount_unit`` of an existing input (万元 when it says nothing)."""
    tree = load(path).tree
    unit = tree.value.get("unit") if tree is not None and tree.is_map() else None
    node = unit.value.get("amount_unit") if unit is not None and unit.is_map() else None
    return node.value if node is not None and isinstance(node.value, str) else "万元"


def read_grids(paths):
    """(grids, findings) from a workbook, CSV files, or a published report (.docx/.pdf)."""
    paths = [Path(p) for p in paths]
    if len(paths) == 1 and paths[0].suffix.lower() in REPORT_SUFFIXES:
        from generator.importers.report import read_report   # another reader; loaded only here

        grids, problems = read_report(paths[0])
        return list(grids), list(problems)
    from generator.importers.workbook import read_workbook

    return read_workbook(paths), []


def import_tables(paths, into=None):
    """Read ``paths`` and interpret them; write or merge the draft into ``into`` when given.

    Raises :class:`generator.importers.workbook.WorkbookError` (or OSError) when the source
    cannot be read at all.
    """
    from generator.render import atomic_path

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    grids, problems = read_grids(paths)
    source = ", ".join(Path(p).name for p in paths)
    draft = interpret(grids, source)
    findings = tuple(problems) + tuple(draft.findings)
    if into is None:
        return ImportResult(draft_text(draft.data, source), findings)
    into = Path(into)
    if into.exists():
        theirs = _amount_unit(into)
        ours = draft.data["unit"].get("amount_unit", "万元")
        if theirs != ours:
            # 万元 figures merged into a file in 元 (or the reverse) would be off by 10,000
            finding = Finding("IMPORT-UNIT-MISMATCH", ERROR, UNIT_MISMATCH, Source(str(into), 0, 0, "unit.amount_unit"),
                              {"ours": ours, "theirs": theirs})
            return ImportResult(draft_text(draft.data, source), findings + (finding,))
        text = merge_text(into.read_text(encoding="utf-8"), draft.data, into)
    else:
        text = draft_text(draft.data, source)
    with atomic_path(into) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return ImportResult(text, findings, into)


def cmd_import(args):
    """``disclosure import WORKBOOK [--into FILE.yaml]``: the draft on stdout (or written or
    merged into FILE); findings on stderr.  Exit 0, 1 (some cell unread: the draft is still
    written, without it) or 2 (the source cannot be read at all)."""
    import sys

    from generator.i18n import N_, translate
    from generator.importers.interpret import finding_line
    from generator.importers.workbook import WorkbookError

    try:
        result = import_tables(args.sources, args.into)
    except (WorkbookError, OSError) as exc:
        print(translate(N_("cannot read the workbook: {reason}"), args.lang, reason=exc), file=sys.stderr)
        return 2
    for finding in result.findings:
        print(finding_line(finding, args.lang), file=sys.stderr)
    if args.into is None:
        sys.stdout.write(result.text)
    elif result.written is not None:
        print(translate(N_("written: {path}"), args.lang, path=result.written), file=sys.stderr)
    unread = sum(1 for f in result.findings if getattr(f, "severity", ERROR) == ERROR)
    if unread:
        print(translate(N_("{count} cell(s) or row(s) could not be read; the draft leaves them out"), args.lang,
                        count=unread), file=sys.stderr)
    return 1 if unread else 0
