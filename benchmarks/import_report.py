"""Time ``disclosure import`` of a published report: the 25-page Shanghai PDF and one DOCX.

    .venv/bin/python benchmarks/import_report.py [--repeat N]

The PDF is ``../shared/outside/shanghai-putuo-finance-bureau-2024.pdf`` (skipped with a
message when ``../shared`` is absent); the DOCX is rendered first from
``inputs/zhuzhou-policy-research-2024.yaml``.  Each time is the whole import (reading the
report's tables, interpretation, draft YAML), best of N runs (default 3).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.importers.run import import_tables  # noqa: E402
from generator.pipeline import render_file  # noqa: E402

PDF = ROOT.parent / "shared" / "outside" / "shanghai-putuo-finance-bureau-2024.pdf"
EXAMPLE = ROOT / "inputs" / "zhuzhou-policy-research-2024.yaml"


def best_of(path, repeat):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = import_tables(path)
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if PDF.exists():
        seconds, result = best_of(PDF, args.repeat)
        print(f"PDF  {PDF.name} (25 pages): {seconds:.2f} s  "
              f"({len(result.findings)} finding(s), best of {args.repeat})")
    else:
        print(f"PDF  skipped: {PDF} is absent (../shared beside the repository)")
    with tempfile.TemporaryDirectory() as tmp:
        rendered = render_file(EXAMPLE, tmp, ("docx",))
        if not rendered.written:
            print("DOCX skipped: the example could not be rendered")
            return 1
        docx = Path(rendered.written[0])
        seconds, result = best_of(docx, args.repeat)
        print(f"DOCX {docx.name}: {seconds:.2f} s  ({len(result.findings)} finding(s), best of {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
