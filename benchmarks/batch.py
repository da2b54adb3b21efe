"""Batch build benchmark: N synthetic units rendered by ``disclosure build``.

    .venv/bin/python benchmarks/batch.py [--units 24] [--noop-units 1000] [--jobs N]

Prints reports per minute and seconds per report (DOCX + PDF), peak memory per worker,
the time of a no-op rebuild (of --noop-units inputs, rendered as DOCX only to set up),
and the time of a rebuild after changing one input.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import catalogue  # noqa: E402
from generator.build import build  # noqa: E402


def synthetic_unit(i, rng):
    """A consistent unit: 5–40 项 codes, table 06 spread over many items, 三公, budgets."""
    cat = catalogue.for_year(2024)
    leaves = [c for c in cat.function if len(c) == 7 and c[:5] in cat.function and c[:3] in cat.function]
    codes = sorted(rng.sample(leaves, rng.randint(5, 40)))
    lines = [f"unit: {{name: 合成单位{i:04d}, year: 2024, scheme: approval-2024, percent_decimals: 1}}",
             "profile: {duties: [负责本单位职责范围内的各项工作。], internal_bodies: 内设综合科。, composition: 本级。}",
             "income:"]
    basic_total = Decimal(0)
    spend = []
    for code in codes:
        basic = Decimal(rng.randint(0, 500000)) / 100
        project = Decimal(rng.randint(0, 200000)) / 100 if rng.random() < 0.4 else Decimal(0)
        basic_total += basic
        spend.append((code, basic, project))
        lines.append(f'  "{code}": {{general: {basic + project}}}')
    lines.append("expenditure:")
    for code, basic, project in spend:
        budget = (basic + project) * Decimal(rng.randint(80, 120)) / 100
        lines.append(f'  "{code}": {{basic: {basic}, project: {project}, budget: {budget.quantize(Decimal("0.01"))}}}')
    items = [c for c in cat.economic if len(c) == 5]
    chosen = rng.sample(items, 25)
    cents = int(basic_total * 100)
    cuts = sorted(rng.randint(0, cents) for _ in range(len(chosen) - 1))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [cents])]
    lines.append("basic_economic:")
    lines += [f'  "{c}": {Decimal(p) / 100}' for c, p in zip(chosen, parts)]
    lines += ["three_public:", "  budget: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 8, reception: 5}",
              "  actual: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 6.5, reception: 3.2}",
              "admin_cost: {budget: 100}", "procurement: {goods: 10, works: 0, services: 5, sme: 15, small_micro: 15}",
              "previous: {total: 1000, appropriation_total: 1000, general_expenditure: 1000, "
              "three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 6, reception: 4}}"]
    return "\n".join(lines) + "\n"


def peak_worker_mib(summary):
    return max((r.peak_mib for r in summary.results), default=0.0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=24)
    parser.add_argument("--noop-units", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for i in range(args.units):
            (src / f"unit-{i:04d}.yaml").write_text(synthetic_unit(i, rng), encoding="utf-8")
        start = time.perf_counter()
        summary = build(src, out, jobs=args.jobs, stream=open(os.devnull, "w"))
        elapsed = time.perf_counter() - start
        done = len(summary.rendered)
        print(f"{done} reports (DOCX + PDF), {args.jobs} workers: {elapsed:.1f} s, "
              f"{done / elapsed * 60:.1f} reports/min, {elapsed / max(done, 1):.2f} s/report, "
              f"peak memory per worker {peak_worker_mib(summary):.0f} MiB, failed {len(summary.failed)}")

        big_src, big_out = Path(tmp) / "many", Path(tmp) / "many-out"
        big_src.mkdir()
        for i in range(args.noop_units):
            shutil.copy(src / f"unit-{i % args.units:04d}.yaml", big_src / f"unit-{i:05d}.yaml")
        start = time.perf_counter()
        build(big_src, big_out, jobs=args.jobs, formats=("docx",), stream=open(os.devnull, "w"))
        setup = time.perf_counter() - start
        start = time.perf_counter()
        noop = build(big_src, big_out, jobs=args.jobs, formats=("docx",), stream=open(os.devnull, "w"))
        print(f"no-op rebuild of {args.noop_units} inputs: {time.perf_counter() - start:.2f} s "
              f"(skipped {len(noop.skipped)}; first DOCX-only build took {setup:.1f} s)")
        target = big_src / "unit-00003.yaml"
        target.write_text(target.read_text(encoding="utf-8").replace("reception: 3.2", "reception: 3.3"),
                          encoding="utf-8")
        start = time.perf_counter()
        one = build(big_src, big_out, jobs=args.jobs, formats=("docx",), stream=open(os.devnull, "w"))
        print(f"rebuild after changing one input: {time.perf_counter() - start:.2f} s "
              f"(rendered {len(one.rendered)}, skipped {len(one.skipped)})")


if __name__ == "__main__":
    main()
