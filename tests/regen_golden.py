"""Regenerate tests/golden/<input>.txt and tests/golden/figures/<input>.txt from the example inputs: ``make golden``.

A golden file is what the report says, word for word, so it is never overwritten silently:
``make golden`` renders every example and prints a unified diff against the stored text; a
person reads it and accepts it with ``make golden ACCEPT=1`` (``--accept``, or the environment
variable GOLDEN_ACCEPT=1).  Without acceptance nothing is written and the exit status is 1 when
anything differs (0 when all golden texts are current).

The same goes for the figures snapshots in tests/golden/figures/ (every computed figure and
finding of each example, no rendering: tests/figures_snapshot.py, checked by
tests/test_figures_golden.py); ``--figures`` compares (and accepts) only those, in a second.
And for the tables snapshots in tests/golden/tables/ (every cell of every table of each
example's composed document, no writer: tests/tables_snapshot.py, checked by
tests/test_tables_golden.py); ``--tables`` for only those, ``--figures --tables`` for both.
"""

import argparse
import difflib
import os
import sys
import tempfile
from pathlib import Path

from generator.pipeline import render_file
from tests.extract import docx_text
from tests.figures_snapshot import snapshot_texts
from tests.tables_snapshot import snapshot_texts as tables_snapshot_texts

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def changes(texts):
    """(target, unified diff) for every golden file whose text differs from ``texts``."""
    found = []
    for target, new in texts.items():
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        if old != new:
            rel = str(target.relative_to(ROOT))
            diff = "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                                f"a/{rel}", f"b/{rel}"))
            found.append((target, diff))
    return found


def rendered_texts():
    texts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((ROOT / "inputs").glob("*.yaml")):
            result = render_file(path, tmp, ["docx"])
            if not result.written:
                sys.exit(f"{path}: not rendered: " + "; ".join(f.line() for f in result.findings))
            texts[GOLDEN / f"{path.stem}.txt"] = docx_text(result.written[0])
    return texts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accept", action="store_true", help="write the new golden texts (after reading the diff)")
    parser.add_argument("--figures", action="store_true",
                        help="only the figures snapshots of tests/golden/figures/ (no rendering)")
    parser.add_argument("--tables", action="store_true",
                        help="only the tables snapshots of tests/golden/tables/ (no writer; with --figures: both)")
    args = parser.parse_args(argv)
    accept = args.accept or os.environ.get("GOLDEN_ACCEPT", "") not in ("", "0")
    texts = {} if args.figures or args.tables else rendered_texts()
    if args.figures or not args.tables:
        texts.update(snapshot_texts())
    if args.tables or not args.figures:
        texts.update(tables_snapshot_texts())
    return update(texts, accept)


def update(texts, accept):
    """Print the diff of ``texts`` ({golden file: new text}) and write them only if ``accept``."""
    found = changes(texts)
    if not found:
        print("golden texts are current")
        return 0
    for target, diff in found:
        sys.stdout.write(diff if diff.endswith("\n") else diff + "\n")
    if not accept:
        print(f"\n{len(found)} golden text(s) differ; nothing written. Read the diff above and accept it with "
              "`make golden ACCEPT=1` (or python -m tests.regen_golden --accept).")
        return 1
    for target, _ in found:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(texts[target], encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
