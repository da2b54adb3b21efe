"""A complete, deterministic text of an input's figures and findings (tests/golden/figures/).

``snapshot(path)`` checks one input the way ``disclosure check`` does (load → parse →
compute → check, no rendering) and writes every computed figure as one ``path = value``
line: every total, 类/款/项 row value, economic group and item, 三公 column, delta (change,
rate, completion, direction), share, official (stated, computed, parts), the parts count of
each identity, the self-evaluation's figures, and every finding (rule, severity, line, YAML
path, message).  Decimals are written exactly (``str``), mappings in sorted key order, so
the text depends on nothing but the figures.  ``make golden`` compares it with the stored
files and writes them only when a person accepts the diff (tests/regen_golden.py).
"""

import dataclasses
from decimal import Decimal
from pathlib import Path

from generator.compute import Delta, Row
from generator.pipeline import check_file

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_FIGURES = ROOT / "tests" / "golden" / "figures"

#: Fields that hold the input (or its parts), not computed figures.
SKIP = {"input", "catalogue", "se", "group", "project"}


def _scalar(value):
    if isinstance(value, Decimal):
        return str(value)
    return repr(value)


def _walk(prefix, value, out):
    if isinstance(value, Row):          # a row by its code (its values are written under rows.*)
        out.append(f"{prefix} = row {value.code or '合计'}")
    elif isinstance(value, Delta):
        for name in ("current", "base", "change", "rate", "completion", "direction"):
            out.append(f"{prefix}.{name} = {_scalar(getattr(value, name))}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in SKIP:
                _walk(f"{prefix}.{f.name}", getattr(value, f.name), out)
    elif isinstance(value, dict) or hasattr(value, "items") and hasattr(value, "keys"):
        if not value:
            out.append(f"{prefix} = {{}}")
        for key in sorted(value, key=str):
            if key not in SKIP:
                _walk(f"{prefix}.{key}", value[key], out)
    elif isinstance(value, (tuple, list)):
        if not value:
            out.append(f"{prefix} = []")
        for index, item in enumerate(value):
            _walk(f"{prefix}[{index}]", item, out)
    else:
        out.append(f"{prefix} = {_scalar(value)}")


def figures_lines(fig):
    """Every computed figure of ``fig`` (a Figures), one ``path = value`` line each."""
    out = []
    for row in fig.rows + (fig.total,):
        out.append(f"rows.{row.code or '合计'} = level {row.level} {row.name}")
        _walk(f"rows.{row.code or '合计'}", dict(row.values), out)
    for name in ("totals", "parts", "economic", "economic_extra", "three_public", "deltas", "shares",
                 "budget_items", "fund_items", "officials", "assets", "documents"):
        _walk(name, getattr(fig, name), out)
    out.append(f"categories = {' '.join(r.code for r in fig.categories)}")
    out.append(f"items = {' '.join(r.code for r in fig.items)}")
    return out


def snapshot(path):
    """The snapshot text of the input file ``path``."""
    result = check_file(path)
    lines = [f"# figures and findings of inputs/{Path(path).name} (tests/figures_snapshot.py; `make golden`)"]
    if result.figures is not None:
        lines += figures_lines(result.figures)
    for finding in result.findings:
        s = finding.source
        lines.append(f"finding {finding.rule} {finding.severity} line {s.line} {s.path}: {finding.text()}")
    return "\n".join(lines) + "\n"


def snapshot_texts():
    """{golden file: snapshot text} for every example in inputs/."""
    return {GOLDEN_FIGURES / f"{path.stem}.txt": snapshot(path) for path in sorted((ROOT / "inputs").glob("*.yaml"))}
