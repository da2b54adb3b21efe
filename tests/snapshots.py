"""What the snapshot tests share (tests/test_figures_golden.py, tests/test_tables_golden.py): every
example has a stored snapshot, and a new one equal to it, else a readable diff and how to accept it."""

import difflib

import pytest

from tests.conftest import INPUTS

EXAMPLES = sorted(p.name for p in INPUTS.glob("*.yaml"))


def assert_every_example_has_one(folder):
    assert sorted(p.stem for p in folder.glob("*.txt")) == sorted(n[:-5] for n in EXAMPLES)


def assert_equal_to_stored(folder, name, make, what, accept):
    """``make(path)``'s text equals ``folder/<stem>.txt``; else fail with the first 60 lines of the
    diff, naming ``what`` changed and the command that accepts a meant change."""
    path = INPUTS / name
    stored = (folder / f"{path.stem}.txt").read_text(encoding="utf-8")
    new = make(path)
    if new != stored:
        diff = "".join(list(difflib.unified_diff(stored.splitlines(keepends=True), new.splitlines(keepends=True),
                                                 "stored", "new"))[:60])
        pytest.fail(f"the {what} of {name} changed (accept a meant change with `{accept}`):\n" + diff)
