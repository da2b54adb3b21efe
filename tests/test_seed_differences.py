"""Our reports differ from the seeds exactly where the seeds are wrong (seed_differences.yaml)."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SPEC = yaml.safe_load((ROOT / "tests" / "seed_differences.yaml").read_text(encoding="utf-8"))


def squeeze(text):
    """Drop spaces, newlines and tabs: the seeds' extracted text spaces numbers apart."""
    return re.sub(r"\s+", "", text)


CASES = [(stem, d) for stem, spec in SPEC.items() for d in spec["differences"]]


@pytest.mark.parametrize("stem,difference", CASES, ids=[f"{s}:{d['section']}" for s, d in CASES])
def test_difference_is_deliberate(stem, difference):
    ours = squeeze((ROOT / "tests" / "golden" / f"{stem}.txt").read_text(encoding="utf-8"))
    assert squeeze(difference["ours"]) in ours, difference["why"]
    assert squeeze(difference["seed"]) not in ours, difference["why"]
    seed_file = SEEDS / SPEC[stem]["seed"]
    if not seed_file.exists():
        pytest.skip("the seeds are not beside this checkout")
    assert squeeze(difference["seed"]) in squeeze(seed_file.read_text(encoding="utf-8")), difference["section"]
