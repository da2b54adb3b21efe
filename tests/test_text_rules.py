"""check accepts only what render can print (issue 9): characters, lengths, numbering beyond
99, and one file's crash never losing the findings of the others."""

import subprocess
import sys

import pytest
from docx import Document as WordDocument

from generator.cli import main
from generator.formatting import chinese_number, ordinal
from generator.pipeline import check_file, render_file
from generator.text_rules import bad_character
from tests.conftest import MINIMAL, ROOT


def write(tmp_path, text, name="unit.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rules(result):
    return {(f.rule, f.source.path) for f in result.findings if f.severity == "error"}


# ------------------------------------------------------------------ characters

@pytest.mark.parametrize("escaped", ["\\0", "\\x01", "\\x1f", "\\x7f", "\\x85", "\\ud800", "\\udfff", "\\ufffe", "\\e"])
def test_characters_no_document_can_hold_are_errors_where_they_are(tmp_path, escaped):
    text = MINIMAL.replace("name: 测试单位", f'name: "测试{escaped}单位"')
    result = check_file(write(tmp_path, text))
    [finding] = [f for f in result.findings if f.rule == "TEXT-CHAR"]
    assert (finding.severity, finding.source.path, finding.source.line) == ("error", "unit.name", 1)
    assert finding.params["position"] == 3


def test_text_char_covers_keys_lists_and_unknown_places(tmp_path):
    text = MINIMAL + 'profile:\n  duties: ["正常", "坏\\x02"]\n"\\x03键": 1\ntexts: {x: {y: "\\0"}}\n'
    result = check_file(write(tmp_path, text))
    found = sorted(f.source.path for f in result.findings if f.rule == "TEXT-CHAR")
    assert found == ["\x03键", "profile.duties[1]", "texts.x.y"]


def test_tab_newline_and_ordinary_unicode_pass(tmp_path):
    assert bad_character("一\t二\n三 \u3000 😀 é \u200b \u2028") is None
    text = MINIMAL + 'profile:\n  intro: "第一行\\n第二行\\t制表 😀 Ω"\n'
    assert not [f for f in check_file(write(tmp_path, text)).findings if f.rule == "TEXT-CHAR"]


def test_a_lone_surrogate_in_a_message_is_printed_not_a_crash(tmp_path):
    path = write(tmp_path, MINIMAL + '"\\ud800x": 1\n')
    done = subprocess.run([sys.executable, "-m", "generator", "check", str(path), "--json"], cwd=ROOT,
                          capture_output=True, timeout=120)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"TEXT-CHAR" in done.stdout and b"\\ud800" in done.stdout


# ------------------------------------------------------------------ lengths

def test_a_very_long_unit_name_is_a_warning_and_still_renders(tmp_path):
    name = "很长的单位名称" * 50                       # 350 characters: beyond the 255 of a DOCX title
    path = write(tmp_path, MINIMAL.replace("name: 测试单位", f"name: {name}"))
    result = check_file(path)
    assert ("TEXT-LENGTH", "warning") in {(f.rule, f.severity) for f in result.findings}
    assert not rules(result)
    written = render_file(path, tmp_path / "out", ["docx"]).written
    props = WordDocument(str(written[0])).core_properties
    assert len(props.title) == 255 and props.title.startswith(name[:200])
    assert name in "".join(p.text for p in WordDocument(str(written[0])).paragraphs)   # the text is whole


# ------------------------------------------------------------------ numbering beyond 99

@pytest.mark.parametrize("n, expected", [
    (1, "一"), (10, "十"), (15, "十五"), (26, "二十六"), (99, "九十九"), (100, "一百"), (101, "一百零一"),
    (110, "一百一十"), (115, "一百一十五"), (120, "一百二十"), (999, "九百九十九"), (1000, "一千"),
    (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"), (2024, "二千零二十四"), (10000, "10000"),
])
def test_chinese_numbers_beyond_99(n, expected):
    assert chinese_number(n) == expected
    assert ordinal(n, "cn_paren") == f"（{expected}）"


def test_a_hundred_and_twenty_duties_render(tmp_path):
    duties = "".join(f"    - 职责第{i}项。\n" for i in range(1, 121))
    path = write(tmp_path, MINIMAL + "profile:\n  duties:\n" + duties)
    result = check_file(path)
    assert not rules(result), rules(result)
    written = render_file(path, tmp_path / "out", ["docx"]).written
    text = "\n".join(p.text for p in WordDocument(str(written[0])).paragraphs)
    assert "（九十九）职责第99项。" in text and "（一百）职责第100项。" in text and "（一百二十）职责第120项。" in text


# ------------------------------------------------------------------ one file's crash

def test_one_files_crash_never_loses_the_findings_of_the_others(tmp_path, capsys, monkeypatch):
    from generator import cli

    good = write(tmp_path, MINIMAL.replace("basic: 100}", "basic: 90}"), "good.yaml")
    bad = write(tmp_path, MINIMAL, "bad.yaml")
    real = cli.check_file

    def check(path, *args, **kwargs):
        if str(path).endswith("bad.yaml"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(cli, "check_file", check)
    monkeypatch.delenv("DISCLOSURE_DEBUG", raising=False)
    assert main(["check", str(bad), str(good)]) == 1
    printed = capsys.readouterr()
    assert f"{bad}:0:0: 错误 [INTERNAL-ERROR]" in printed.out and "RecursionError" in printed.out
    assert any(line.startswith(str(good)) and "错误 [T01-BALANCE]" in line for line in printed.out.splitlines())
    assert "Traceback" not in printed.err
    assert main(["check", str(bad), "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv("DISCLOSURE_DEBUG", "1")
    assert main(["check", str(bad)]) == 1
    assert "Traceback" in capsys.readouterr().err


# ------------------------------------------------------------------ numbers and depth never crash check

@pytest.mark.parametrize("old, new, path", [
    ("year: 2024", "year: 1e5000", "unit.year"),
    ("year: 2024", "year: 1.0e+5000", "unit.year"),
    ("year: 2024", "year: 99999", "unit.year"),
    ("year: 2024", "year: .nan", "unit.year"),
    ('"2013101": {basic: 100}', '"2013101": {basic: 1.0e+400}', "expenditure.2013101.basic"),
    ('"2013101": {basic: 100}', '"2013101": {basic: .nan}', "expenditure.2013101.basic"),
    ('"2013101": {basic: 100}', '"2013101": {basic: -.inf}', "expenditure.2013101.basic"),
    ('"2013101": {basic: 100}', '"2013101":\n    basic: 374,77', "expenditure.2013101.basic"),
])
def test_odd_numbers_are_located_errors(tmp_path, old, new, path):
    result = check_file(write(tmp_path, MINIMAL.replace(old, new)))
    assert any(p == path for _, p in rules(result)), sorted(rules(result))


def test_deep_structures_in_any_place_are_findings(tmp_path):
    deep = "x"
    for _ in range(45):
        deep = "[" + deep + "]"
    for place in ("texts: {a: %s}\n", "profile: {duties: %s}\n"):
        result = check_file(write(tmp_path, MINIMAL + place % deep))
        assert rules(result), place                   # a located error, never an exception
    path = write(tmp_path, MINIMAL + "self_evaluation: {sections: %s}\n" % deep)
    if not rules(check_file(path)):                   # accepted: then it renders
        assert render_file(path, tmp_path / "out", ["docx"], document="self-evaluation").written
    too_deep = "[" * 60 + "]" * 60
    result = check_file(write(tmp_path, MINIMAL + f"texts: {too_deep}\n"))
    assert "LOAD-LIMIT" in {f.rule for f in result.findings}


def test_a_hundred_and_twenty_glossary_entries_render(tmp_path):
    entries = "".join(f"    - {{term: 名词{i}, definition: 解释{i}。}}\n" for i in range(1, 121))
    text = MINIMAL.replace("scheme: approval-2024", "scheme: public-2020") + "glossary:\n  add:\n" + entries
    path = write(tmp_path, text)
    assert not rules(check_file(path))
    written = render_file(path, tmp_path / "out", ["docx"]).written
    lines = [p.text for p in WordDocument(str(written[0])).paragraphs]
    assert "一百二十、名词112：解释112。" in lines          # after the scheme's 8 entries
