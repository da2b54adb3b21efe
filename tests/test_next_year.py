"""disclosure new: next year's input from this year's, on both report examples and the
standalone self-evaluation; it loads and parses cleanly, links this year's file, carries the
texts, empties the amounts, starts from last year's year-end carry-overs and lists every
carried year, date and figure for review."""

import shutil
from decimal import Decimal

import pytest

from generator.cli import main
from generator.loader import load
from generator.model import parse_file
from generator.next_year import new_year, target_name
from generator.pipeline import check_file
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, INPUTS

STANDALONE = INPUTS / "luosong-united-front-2022-self-evaluation.yaml"
EXAMPLES = [(EXAMPLE_2020, 2021), (EXAMPLE_2024, 2025), (STANDALONE, 2023)]


@pytest.fixture
def copy(tmp_path):
    def make(example):
        target = tmp_path / example.name
        shutil.copy(example, target)
        return target
    return make


@pytest.mark.parametrize("example, year", EXAMPLES, ids=lambda v: getattr(v, "stem", str(v)))
def test_new_file_loads_parses_and_links_this_year(copy, example, year):
    this = copy(example)
    result = new_year(this, year)
    assert result.target.name == example.name.replace(str(year - 1), str(year))
    assert result.target.read_text(encoding="utf-8").startswith("# ")
    assert not [p for p in result.target.parent.iterdir() if p.name.endswith(".tmp")]
    parsed = parse_file(result.target)
    structural = [f for f in parsed.findings if f.rule.startswith(("LOAD", "SCHEMA"))]
    assert structural == [] and parsed.input.unit.year == year
    checked = check_file(result.target)
    assert not [f for f in checked.findings if f.rule.startswith(("LOAD", "SCHEMA", "PREVIOUS"))]
    assert checked.input.previous_input.unit.year == year - 1
    old = parse_file(this).input
    assert checked.input.profile == old.profile and checked.input.texts == old.texts
    assert checked.input.unit.scheme == old.unit.scheme and checked.input.unit.name == old.unit.name
    keys = list(load(result.target).tree.value)
    order = [k for k in load(this).tree.value if k in keys]
    assert [k for k in keys if k in order] == order                     # the examples' key order


def test_report_amounts_emptied_structure_kept(copy):
    this = copy(EXAMPLE_2024)
    new = check_file(new_year(this, 2025).target)
    old = parse_file(this).input
    inp = new.input
    assert {e.code for e in inp.income} == {e.code for e in old.income if len(e.code) == 7}
    assert all(v == 0 for e in inp.income for v in e.kinds.values())
    assert all(f.basic == 0 and f.project == 0 for e in inp.expenditure for f in e.funds.values())
    assert set(inp.basic_economic) == {c for c in old.basic_economic if len(c) == 5}
    assert not any(inp.basic_economic.values()) and not inp.declared
    assert inp.reasons["budget_items"] == {} and "total_yoy" not in inp.reasons
    assert not any(inp.three_public.actual.values()) and not any(inp.three_public.budget.values())
    assert inp.three_public.facts["reception_purpose"] == old.three_public.facts["reception_purpose"]
    assert new.figures.deltas["grand_total"].base == Decimal("660.56")          # last year's figures, from the link


def test_balances_start_from_this_years_year_end(copy, tmp_path):
    text = EXAMPLE_2020.read_text(encoding="utf-8")
    this = copy(EXAMPLE_2020)
    old = parse_file(this).input
    end = {f: c.total for f, c in old.balances.end.items()}
    assert any(end.values()) and "balances" in text
    inp = parse_file(new_year(this, 2021).target).input
    assert {f: c.total for f, c in inp.balances.start.items()} == end
    assert not any(c.total for c in inp.balances.end.values())


def test_carry_out_per_item_becomes_carry_in(write_yaml, tmp_path):
    path = write_yaml("unit: {name: 测试单位, year: 2024, scheme: approval-2024}\n"
                      "income:\n  \"2013101\": {general: 100}\n"
                      "expenditure:\n  \"2013101\": {basic: 90, carry_out: {basic: 4, project: 5, project_surplus: 1}}\n"
                      "balances: {end: {general: {basic: 4, project: 5, project_surplus: 1}}}\n",
                      "unit-2024.yaml")
    inp = parse_file(new_year(path, 2025).target).input
    [item] = inp.expenditure
    assert item.funds["general"].carry_in.basic == 4 and item.funds["general"].carry_in.project == 6
    assert item.funds["general"].carry_out.total == 0
    assert inp.balances.start["general"].basic == 4 and inp.balances.start["general"].project == 6


def test_carried_texts_are_listed_for_review(copy):
    result = new_year(copy(EXAMPLE_2024), 2025)
    reviews = {f.source.path: f for f in result.findings if f.rule == "NEW-REVIEW"}
    performance = reviews["texts.performance"]
    assert performance.source.file == str(result.target) and performance.source.line > 1
    assert "2024年度" in performance.text() and "660.56万元" in performance.text()
    assert performance.text().startswith("沿用自2024年度的文字")
    assert "profile.composition" in reviews and "profile.intro" not in reviews
    assert "self_evaluation.title" in reviews
    line = result.target.read_text(encoding="utf-8").splitlines()[performance.source.line - 1]
    assert line.strip().startswith("performance:")


def test_refuses_to_overwrite_unless_forced(copy, capsys):
    this = copy(EXAMPLE_2024)
    assert main(["new", str(this), "--year", "2025"]) == 0
    target = this.with_name("zhuzhou-policy-research-2025.yaml")
    target.write_text("# mine\n", encoding="utf-8")
    assert main(["new", str(this), "--year", "2025"]) == 2
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert "已存在" in capsys.readouterr().err
    assert main(["new", str(this), "--year", "2025", "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# 中共株洲市委政策研究室 2025年度")


def test_out_folder_and_wrong_year(copy, tmp_path):
    this = copy(EXAMPLE_2024)
    result = new_year(this, 2026)
    assert result.target is None and result.findings[0].rule == "NEW-YEAR"
    assert result.findings[0].source.path == "unit.year"
    out = tmp_path / "next"
    result = new_year(this, 2025, out=out)
    assert result.target.parent == out
    tree = load(result.target).tree
    assert tree.value["previous"].value["file"].value == "../zhuzhou-policy-research-2024.yaml"


def test_target_name():
    assert target_name("a-2024-b.yaml", 2024, 2025) == "a-2025-b.yaml"
    assert target_name("unit.yaml", 2024, 2025) == "unit-2025.yaml"
    assert target_name("x2023.yml", 2024, 2025) == "x2025.yml"


# ------------------------------------------------------------------ every rule id of `new` fires (issue 15)

def test_a_file_that_is_no_input_is_refused(tmp_path, capsys):
    path = tmp_path / "list-2024.yaml"
    path.write_text("- 测试单位\n- 2024\n", encoding="utf-8")         # YAML, but not a mapping
    result = new_year(path, 2025)
    assert result.target is None
    assert [(f.rule, f.severity, f.source.file, f.source.line, f.source.path) for f in result.findings] == [
        ("NEW-INPUT", "error", str(path), 1, "")]
    assert main(["new", str(path), "--year", "2025"]) == 2
    assert f"{path}:1:1: 错误 [NEW-INPUT]" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list-2024.yaml"]


def test_an_existing_target_is_an_error_naming_it(write_yaml):
    from tests.conftest import MINIMAL

    this = write_yaml(MINIMAL, "unit-2024.yaml")
    target = this.with_name("unit-2025.yaml")
    target.write_text("# mine\n", encoding="utf-8")
    result = new_year(this, 2025)
    assert result.target is None
    assert [(f.rule, f.severity, f.source.file, f.source.path, f.params) for f in result.findings] == [
        ("NEW-EXISTS", "error", str(target), "", {"file": target})]
    assert target.read_text(encoding="utf-8") == "# mine\n"


def test_a_link_outside_the_input_folder_is_a_warning_at_previous_file(tmp_path, monkeypatch):
    """--out in another folder tree: the new file's ``previous.file`` reaches out of the folder
    check would allow (the working directory, or the file's own folder outside it)."""
    from tests.conftest import MINIMAL

    this = tmp_path / "2024" / "unit-2024.yaml"
    this.parent.mkdir()
    this.write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)                     # both years under the working directory: fine
    inside = new_year(this, 2025, out=tmp_path / "2025")
    assert not [f for f in inside.findings if f.rule == "NEW-LINK"]
    out = tmp_path / "elsewhere"
    monkeypatch.chdir(tmp_path / "2025")            # elsewhere/ is not under it: its own folder is the root
    result = new_year(this, 2025, out=out)
    links = [f for f in result.findings if f.rule == "NEW-LINK"]
    assert [(f.severity, f.source.file, f.source.path, f.params) for f in links] == [
        ("warning", str(out / "unit-2025.yaml"), "previous.file", {"file": "../2024/unit-2024.yaml"})]
    line = result.target.read_text(encoding="utf-8").splitlines()[links[0].source.line - 1]
    assert "file: ../2024/unit-2024.yaml" in line
    assert "PREVIOUS-OUTSIDE" in {f.rule for f in check_file(result.target).findings}     # as said
