"""Fuzzing (issue 9): ≥ 10,000 generated and mutated inputs through load/parse/compute/check
with no exception, and a corpus of fuzzed inputs that pass check renders (DOCX and PDF).

The harness is tests/fuzz.py; ``make fuzz`` runs it longer (FUZZ_EXAMPLES, FUZZ_SEED).
FUZZ_TEST_EXAMPLES sets the count here (default 10,000, seeded: the same inputs every run).
"""

import os
import unicodedata

import pytest

from tests import fuzz

EXAMPLES = int(os.environ.get("FUZZ_TEST_EXAMPLES", "10000"))


def _show(crashes):
    return "\n\n".join(f"on a mutation of {label}:\n{text[:1500]}\n{trace}" for label, text, trace in crashes[:5])


def test_check_never_crashes_on_fuzzed_inputs():
    report = fuzz.run(EXAMPLES, seed=0, workers=2)
    print(report.line())
    assert report.ran >= EXAMPLES
    assert report.crashes == [], _show(report.crashes)
    assert 0 < report.passed < report.ran                  # the mutations reach both outcomes


def _oddness(text):
    """How unusual an input's text is (characters outside ASCII and CJK, length)."""
    odd = sum(1 for c in text if ord(c) > 0x7F and not unicodedata.name(c, "").startswith("CJK"))
    return odd * 10 + len(text) // 100


def test_fuzzed_inputs_that_pass_check_render(tmp_path):
    from generator.pipeline import render_file

    report = fuzz.run(600, seed=11, keep_passing=600, folder=tmp_path)
    assert report.crashes == [], _show(report.crashes)
    corpus, labels = [], set()
    for label, text in sorted(report.passing, key=lambda case: -_oddness(case[1])):
        kind = label.split(":")[-1]
        if kind not in labels:
            labels.add(kind)
            corpus.append((label, text))
        if len(corpus) == 6:
            break
    assert len(corpus) >= 5, [label for label, _ in report.passing]
    for index, (label, text) in enumerate(corpus):
        path = tmp_path / f"corpus{index}.yaml"
        path.write_text(text, encoding="utf-8")
        result = render_file(path, tmp_path / "out", ["docx", "pdf"], root=tmp_path)
        errors = [f.line() for f in result.findings if f.severity == "error"]
        assert not errors and len(result.written) == 2, (label, errors, text[:1500])
        assert all(p.stat().st_size > 1000 for p in result.written)


@pytest.mark.parametrize("text", ["测试\x00", "a\x01", "\x7f", "\x85", "x\ud800", "\udfff", "\ufffe", "中\t文\n"])
def test_the_harness_writes_what_it_means(text):
    """The harness's YAML says exactly the string (a lone surrogate or NUL as an escape)."""
    import yaml

    dumped = fuzz.dump({"k": text, "n": fuzz.Plain("1.0e+400"), "m": fuzz.Plain("374,77")})
    assert yaml.safe_load(dumped) == {"k": text, "n": float("inf"), "m": "374,77"}
    dumped.encode("utf-8")
