"""Shared helpers: the example inputs and small inline YAML documents."""

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
EXAMPLE_2020 = INPUTS / "zhuzhou-beijing-office-2020.yaml"
EXAMPLE_2024 = INPUTS / "zhuzhou-policy-research-2024.yaml"

MINIMAL = """\
unit: {name: 测试单位, year: 2024, scheme: approval-2024}
income:
  "2013101": {general: 100}
expenditure:
  "2013101": {basic: 100}
basic_economic:
  "30101": 60
  "30201": 40
"""


@pytest.fixture
def write_yaml(tmp_path):
    """Write YAML text (dedented) to a file and return its path."""

    def write(text, name="unit.yaml"):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def edit(path, old, new, tmp_path, name="edited.yaml"):
    """A copy of ``path`` with ``old`` replaced (exactly once) by ``new``."""
    text = Path(path).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    target = tmp_path / name
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target
