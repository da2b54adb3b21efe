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


WEIGHT = {"Cc": 1000, "Cs": 1000, "Cf": 50, "Co": 50, "Cn": 50, "Zl": 50, "Zp": 50, "Mn": 20, "So": 20}


def _strings(value):
    if isinstance(value, dict):
        for key, child in value.items():
            yield str(key)
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)
    elif isinstance(value, str):
        yield value


def _oddness(text):
    """How likely an input is to trouble a writer, from its strings as loaded: control
    characters and surrogates (which check must refuse) first, then other unusual characters,
    then length (tab and newline do not count)."""
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return 0
    strings = list(_strings(data))
    odd = sum(WEIGHT.get(unicodedata.category(c), 0) for string in strings for c in string if c not in "\t\n")
    return odd * 10 + sum(map(len, strings)) // 100


def test_fuzzed_inputs_that_pass_check_render(tmp_path):
    from generator.pipeline import render_file

    report = fuzz.run(300, seed=11, keep_passing=300, folder=tmp_path, texts_only=True)
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


def test_a_tree_is_checked_as_its_text_would_be(tmp_path):
    """The harness checks most inputs as composed trees: they must get the findings the same
    document gets as YAML text through the real loader (rule, severity and path)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    runner = fuzz.Runner(tmp_path)
    all_bases = fuzz.bases()
    compared = []

    def findings(doc, as_text):
        from generator import pipeline

        real = pipeline.parse_file
        pipeline.parse_file = runner.parse_file
        try:
            if as_text:
                runner.path.write_text(fuzz.dump(doc), encoding="utf-8")
            else:
                runner.pending = fuzz.compose(doc)
            result = pipeline.check_file(runner.path, root=tmp_path)
        finally:
            pipeline.parse_file, runner.pending = real, None
        return sorted({(f.rule, f.severity, f.source.path) for f in result.findings})

    @settings(max_examples=60, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(fuzz.mutated(all_bases), fuzz.text_mutated(all_bases)))
    def same(case):
        label, doc, _ = case
        if max(len(p) for p in fuzz.paths(doc)) > 40:
            return                                     # the text loader refuses it (LOAD-LIMIT)
        assert findings(doc, False) == findings(doc, True), label
        compared.append(label)

    with fuzz.schemes_loaded_once():
        same()
    assert len(compared) > 30
