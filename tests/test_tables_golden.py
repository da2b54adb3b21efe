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

import pytest

from tests.tables_snapshot import GOLDEN_TABLES, snapshot
from tests.snapshots import EXAMPLES, assert_equal_to_stored, assert_every_example_has_one


def test_every_example_has_a_snapshot():
    assert_every_example_has_one(GOLDEN_TABLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_tables_equal_the_snapshot(name):
    assert_equal_to_stored(GOLDEN_TABLES, name, snapshot, "tables", "make golden TABLES=1 ACCEPT=1")
