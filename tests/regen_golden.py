"""Regenerate tests/golden/<input>.txt from the example inputs: ``make golden``.

Review the diff before committing: a golden file is what the report says, word for word.
"""

import sys
import tempfile
from pathlib import Path

from generator.pipeline import render_file
from tests.extract import docx_text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def main():
    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((ROOT / "inputs").glob("*.yaml")):
            result = render_file(path, tmp, ["docx"])
            if not result.written:
                sys.exit(f"{path}: not rendered: " + "; ".join(f.line() for f in result.findings))
            target = GOLDEN / f"{path.stem}.txt"
            target.write_text(docx_text(result.written[0]), encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
