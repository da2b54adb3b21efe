"""Time ``disclosure import`` of a workbook with 60 项 rows.

    .venv/bin/python benchmarks/import_workbook.py [--rows N] [--repeat N]

Generates an input with N 项 codes (default 60) of the 2024 catalogue, writes its nine
tables with ``disclosure tables`` (tables 02, 03 and 05 then hold the 60 项 rows and their
类/款 rows), and times reading the workbook back into a draft input (openpyxl reading,
interpretation and YAML), best of N runs (default 3).
"""

import argparse
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import catalogue  # noqa: E402
from generator.excel import tables_file  # noqa: E402
from generator.importers.run import import_tables  # noqa: E402


def make_input(folder, rows):
    codes = [c for c in sorted(catalogue.for_year(2024).function) if len(c) == 7][:rows]
    lines = ["unit: {name: 基准测试单位, year: 2024, scheme: approval-2024}", "income:"]
    amounts = {code: Decimal(10 + i) + Decimal("0.25") for i, code in enumerate(codes)}
    lines += [f'  "{code}": {{general: {amount}}}' for code, amount in amounts.items()]
    lines.append("expenditure:")
    first = codes[0]
    lines += [f'  "{code}": {{{"basic" if code == first else "project"}: {amount}}}' for code, amount in amounts.items()]
    lines += ["balances: {start: {general: 0}, end: {general: 0}}", "basic_economic:",
              f'  "30101": {amounts[first]}',
              "three_public:", "  budget: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 0, reception: 0}",
              "  actual: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 0, reception: 0}"]
    path = Path(folder) / "bench.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        written = tables_file(make_input(tmp, args.rows), tmp)
        if not written.written:
            sys.exit("\n".join(f.line() for f in written.findings))
        book = written.written[0]
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = import_tables(book)
            times.append(time.perf_counter() - start)
        body = sum(1 for line in result.text.splitlines() if line.startswith('  "'))
        print(f"import of a workbook with {args.rows} 项 rows ({body} entries in the draft, "
              f"{len(result.findings)} finding(s)): best of {args.repeat}: {min(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
