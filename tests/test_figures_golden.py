"""Every computed figure and finding of each example equals its snapshot in tests/golden/figures/.

The snapshot (tests/figures_snapshot.py) is complete: every total, row, share, delta, rate,
official and finding, so any change to what compute or check produces shows up here as a
diff.  It is the fast net of `make mutate` for compute.py and checks.py (no rendering).  A
change that is meant is accepted after reading the diff: `make golden FIGURES=1` prints it,
`make golden FIGURES=1 ACCEPT=1` writes it.  The figures that matter most are also asserted
from the source documents by hand (tests/test_expectations.py), independently of this file.
"""

import pytest

from tests.figures_snapshot import GOLDEN_FIGURES, snapshot
from tests.snapshots import EXAMPLES, assert_equal_to_stored, assert_every_example_has_one


def test_every_example_has_a_snapshot():
    assert_every_example_has_one(GOLDEN_FIGURES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_figures_equal_the_snapshot(name):
    assert_equal_to_stored(GOLDEN_FIGURES, name, snapshot, "figures", "make golden FIGURES=1 ACCEPT=1")
