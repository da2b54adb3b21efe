"""Every computed figure and finding of each example equals its snapshot in tests/golden/figures/.

The snapshot (tests/figures_snapshot.py) is complete: every total, row, share, delta, rate,
official and finding, so any change to what compute or check produces shows up here as a
diff.  It is the fast net of `make mutate` for compute.py and checks.py (no rendering).  A
change that is meant is accepted after reading the diff: `make golden FIGURES=1` prints it,
`make golden FIGURES=1 ACCEPT=1` writes it.  The figures that matter most are also asserted
from the source documents by hand (tests/test_expectations.py), independently of this file.
"""

import difflib

import pytest

from tests.conftest import INPUTS
from tests.figures_snapshot import GOLDEN_FIGURES, snapshot

EXAMPLES = sorted(p.name for p in INPUTS.glob("*.yaml"))


def test_every_example_has_a_snapshot():
    assert sorted(p.stem for p in GOLDEN_FIGURES.glob("*.txt")) == sorted(n[:-5] for n in EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_figures_equal_the_snapshot(name):
    path = INPUTS / name
    stored = (GOLDEN_FIGURES / f"{path.stem}.txt").read_text(encoding="utf-8")
    new = snapshot(path)
    if new != stored:
        diff = "".join(list(difflib.unified_diff(stored.splitlines(keepends=True), new.splitlines(keepends=True),
                                                 "stored", "computed"))[:60])
        pytest.fail(f"the figures of {name} changed (accept a meant change with `make golden FIGURES=1 ACCEPT=1`):\n"
                    + diff)
