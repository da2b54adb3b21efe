"""Every table of each example's document equals its snapshot in tests/golden/tables/.

The snapshot (tests/tables_snapshot.py) is complete: for every Table block the composed
document holds (no writer runs), its title, code, captions, widths, type size, every header and
body cell with its text, colspan, rowspan, alignment and bold, its notes and its empty-table
statement.  So any change to what generator/tables.py builds shows up here as a diff; it is the
fast net of `make mutate MODULES=tables`.  A change that is meant is accepted after reading the
diff: `make golden TABLES=1` prints it, `make golden TABLES=1 ACCEPT=1` writes it.  The rules a
person can check by hand (行次, 类/款/项 columns, bold 类 rows, empty tables, …) are asserted
independently in tests/test_tables_rules.py.
"""

import difflib

import pytest

from tests.conftest import INPUTS
from tests.tables_snapshot import GOLDEN_TABLES, snapshot

EXAMPLES = sorted(p.name for p in INPUTS.glob("*.yaml"))


def test_every_example_has_a_snapshot():
    assert sorted(p.stem for p in GOLDEN_TABLES.glob("*.txt")) == sorted(n[:-5] for n in EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_tables_equal_the_snapshot(name):
    path = INPUTS / name
    stored = (GOLDEN_TABLES / f"{path.stem}.txt").read_text(encoding="utf-8")
    new = snapshot(path)
    if new != stored:
        diff = "".join(list(difflib.unified_diff(stored.splitlines(keepends=True), new.splitlines(keepends=True),
                                                 "stored", "composed"))[:60])
        pytest.fail(f"the tables of {name} changed (accept a meant change with `make golden TABLES=1 ACCEPT=1`):\n"
                    + diff)
