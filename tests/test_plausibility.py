"""Plausibility warnings, one by one: each fires on the mistake it exists for, located, in
Chinese first, and stays silent on ordinary figures (and on the shipped examples)."""

import pytest

from generator.pipeline import check_file
from generator.plausibility import near_codes, one_edit
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, INPUTS, MINIMAL

ONE_ITEM = '"2013101": {basic: 100}'


def by_rule(path, rule):
    return [f for f in check_file(path).findings if f.rule == rule]


def with_items(amounts, year=2024, extra=""):
    """MINIMAL with the given 项 amounts (code → amount) in income and expenditure."""
    income = "\n".join(f'  "{c}": {{general: {v}}}' for c, v in amounts.items())
    spend = "\n".join(f'  "{c}": {{basic: {v}}}' for c, v in amounts.items())
    return (MINIMAL.replace("year: 2024", f"year: {year}")
            .replace('  "2013101": {general: 100}', income).replace(f"  {ONE_ITEM}", spend)) + extra


def test_examples_raise_no_plausibility_warning():
    for path in (EXAMPLE_2020, EXAMPLE_2024, *INPUTS.glob("*self-evaluation*.yaml")):
        rules = {f.rule for f in check_file(path).findings}
        assert not {r for r in rules if r.startswith("PLAUS")}, path


def test_item_typed_in_yuan_against_last_years_same_code(write_yaml):
    write_yaml(with_items({"2013101": 96.5, "2013102": 20}, 2023), "last.yaml")
    path = write_yaml(with_items({"2013101": 965000, "2013102": 21}, extra="previous: {file: last.yaml}\n"))
    found = {f.source.path: f for f in by_rule(path, "PLAUS-SCALE")}
    assert {"income.2013101.general", "expenditure.2013101.basic"} <= set(found)
    assert "income.2013102.general" not in found and "expenditure.2013102.basic" not in found   # 20 → 21
    finding = found["expenditure.2013101.basic"]
    assert finding.severity == "warning" and finding.source.line == 6
    assert "上年同一科目96.5万元的10,000倍" in finding.text() and "2013101" in finding.text()


def test_item_typed_in_yuan_against_its_siblings(write_yaml):
    path = write_yaml(with_items({"2013101": 50, "2013102": 60, "2013105": 70, "2013150": 40, "2013199": 600000}))
    found = {f.source.path for f in by_rule(path, "PLAUS-SCALE")}
    assert found == {"income.2013199.general", "expenditure.2013199.basic"}
    ordinary = write_yaml(with_items({"2013101": 0.39, "2013102": 60, "2013105": 70, "2013199": 900}), "ok.yaml")
    assert not by_rule(ordinary, "PLAUS-SCALE")


def test_unit_total_about_ten_thousand_times_last_year(write_yaml):
    path = write_yaml(MINIMAL + "previous: {total: 0.01, expenditure_total: 0.01}\n")
    found = {f.source.path: f for f in by_rule(path, "PLAUS-SCALE")}
    assert "balances" in found and "expenditure" in found
    assert "收支总计" in found["balances"].text() and "10,000倍" in found["balances"].text()
    assert not by_rule(path, "PLAUS-CHANGE")            # said once, as the more specific warning


def test_budget_typed_in_yuan(write_yaml):
    text = MINIMAL + "three_public:\n  budget: {reception: 40000}\n  actual: {reception: 4}\n"
    [finding] = [f for f in by_rule(write_yaml(text), "PLAUS-SCALE") if "接待" in f.text()]
    assert finding.source.path == "three_public.budget.reception" and "1/10,000" in finding.text()
    item = write_yaml(MINIMAL.replace(ONE_ITEM, '"2013101": {basic: 100, budget: 1000000}'), "b.yaml")
    [finding] = by_rule(item, "PLAUS-SCALE")
    assert finding.source.path == "expenditure.2013101.budget"


def test_change_beyond_300_percent(write_yaml):
    [finding] = by_rule(write_yaml(MINIMAL + "previous: {total: 20}\n"), "PLAUS-CHANGE")
    assert finding.severity == "warning" and "增长400.0%" in finding.text()
    assert not by_rule(write_yaml(MINIMAL + "previous: {total: 30}\n", "b.yaml"), "PLAUS-CHANGE")   # +233 %
    assert not by_rule(write_yaml(MINIMAL + "previous: {total: 1000}\n", "c.yaml"), "PLAUS-CHANGE")  # a fall


def test_completion_rate_beyond_300_percent(write_yaml):
    item = write_yaml(MINIMAL.replace(ONE_ITEM, '"2013101": {basic: 100, budget: 20}'))
    [finding] = by_rule(item, "PLAUS-COMPLETION")
    assert finding.source.path == "expenditure.2013101.budget" and "500.0%" in finding.text()
    ok = write_yaml(MINIMAL.replace(ONE_ITEM, '"2013101": {basic: 100, budget: 40}'), "ok.yaml")
    assert not by_rule(ok, "PLAUS-COMPLETION")
    three = write_yaml(MINIMAL + "three_public:\n  budget: {reception: 1}\n  actual: {reception: 4}\n", "t.yaml")
    paths = {f.source.path for f in by_rule(three, "PLAUS-COMPLETION")}
    assert "three_public.budget.reception" in paths
    admin = write_yaml(MINIMAL + "admin_cost: {budget: 10}\n", "a.yaml")          # 公用经费 40 of 10
    assert {f.source.path for f in by_rule(admin, "PLAUS-COMPLETION")} == {"admin_cost.budget"}


def test_previous_file_of_another_unit_or_year(write_yaml):
    write_yaml(with_items({"2013101": 100}, 2023).replace("测试单位", "另一单位"), "other.yaml")
    write_yaml(with_items({"2013101": 100}, 2022), "old.yaml")
    [unit] = by_rule(write_yaml(MINIMAL + "previous: {file: other.yaml}\n", "a.yaml"), "PREVIOUS-UNIT")
    assert unit.severity == "warning" and "另一单位" in unit.text()
    [year] = by_rule(write_yaml(MINIMAL + "previous: {file: old.yaml}\n", "b.yaml"), "PREVIOUS-YEAR")
    assert year.severity == "error" and year.source.path == "previous.file"
    [missing] = by_rule(write_yaml(MINIMAL + "previous: {file: none.yaml}\n", "c.yaml"), "PREVIOUS-MISSING")
    assert missing.text() == "上年文件不存在：none.yaml"


@pytest.mark.parametrize("typed, meant", [("2013110", "2013101"), ("2013191", "2013101"), ("2031101", "2013101")])
def test_code_one_edit_away_suggests_the_known_code(write_yaml, typed, meant):
    path = write_yaml(MINIMAL.replace('"2013101"', f'"{typed}"'))
    [finding] = [f for f in by_rule(path, "CODE-UNKNOWN") if f.source.path.startswith("expenditure")]
    assert meant in finding.text() and "是否应为" in finding.text()
    assert finding.text().index(meant) < finding.text().index("codes")      # did-you-mean before 'codes'


def test_code_near_another_code_of_the_file(write_yaml):
    text = MINIMAL + 'codes:\n  "2013188": 某专项业务\n'
    text = text.replace('"2013101": {basic: 100}', '"2013101": {basic: 50}\n  "2013188": {basic: 25}\n  "2013818": {basic: 25}')
    [finding] = by_rule(write_yaml(text), "CODE-UNKNOWN")
    assert "2013188 某专项业务" in finding.text() and finding.source.path == "expenditure.2013818"


def test_code_far_from_every_code_keeps_the_plain_message(write_yaml):
    [finding, _] = by_rule(write_yaml(MINIMAL.replace('"2013101"', '"2019977"')), "CODE-UNKNOWN")
    assert "是否应为" not in finding.text() and "codes" in finding.text()


def test_one_edit():
    assert one_edit("2013101", "2013102") and one_edit("2013101", "2031101")
    assert not one_edit("2013101", "2013101") and not one_edit("2013101", "2013012")   # two changes
    assert not one_edit("2013101", "201310") and near_codes("2013101", {"2013102", "2099999"}) == ["2013102"]


def test_year_in_free_text(write_yaml):
    text = MINIMAL + ("profile:\n  intro: 本单位成立于1984年，2022年完成改革。\n  duties: [2024年度工作, 2023年底前完成]\n"
                      "texts:\n  performance: |-\n    2021年度绩效良好。\n")
    found = {f.source.path: f for f in by_rule(write_yaml(text), "PLAUS-YEAR")}
    assert set(found) == {"profile.intro", "texts.performance"}
    intro = found["profile.intro"]
    assert intro.source.line == 10 and "2022年" in intro.text() and "1984" not in intro.text()
    assert intro.severity == "warning"


def test_year_in_a_self_evaluation_text(write_yaml):
    text = ("unit: {name: 测试单位, year: 2022, scheme: public-2020}\n"
            "self_evaluation:\n  title: 2022年度整体支出绩效自评报告\n  sections:\n"
            "    - title: 部门基本情况\n      text: 2020年共有在职人员10人。\n")
    [finding] = by_rule(write_yaml(text), "PLAUS-YEAR")
    assert finding.source.path == "self_evaluation.sections[0].text" and "2020年" in finding.text()
