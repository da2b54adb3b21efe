"""What the example snapshots and the rule-firing cases cannot see in generator/checks.py:
each rule's message with its figures, its tolerance boundary (inclusive: the 尾数误差 of its
parts), and the cases where it must stay silent.  Expected texts and figures are worked out
by hand from the small inputs here."""

from decimal import Decimal

import pytest

from generator.checks import needed_reasons
from generator.pipeline import check_file
from tests.conftest import MINIMAL as M

D = Decimal


def fired(write_yaml, text, rule):
    """(severity, line, YAML path, message) of each ``rule`` finding of the input ``text``."""
    result = check_file(write_yaml(text))
    return [(f.severity, f.source.line, f.source.path, f.text()) for f in result.findings if f.rule == rule]


def texts(write_yaml, text, rule):
    return [message for _, _, _, message in fired(write_yaml, text, rule)]


# ---------------------------------------------------------------- balances

SURPLUS = M + "balances: {use_of_surplus: 3, surplus_distribution: 2, start: {other: 4}, end: {other: END}}\n"


def test_table01_balance_states_both_sides_and_the_year_end_it_implies(write_yaml):
    """收入 100 + 使用非财政拨款结余 3 + 年初 4 = 107; 支出 100 + 结余分配 2 + 年末 1 = 103;
    the year-end carry-over that would balance is 107 − 100 − 2 = 5."""
    assert fired(write_yaml, SURPLUS.replace("END", "1"), "T01-BALANCE") == [
        ("error", 9, "balances.end", "收入支出决算总表不平衡：收入总计 107 ≠ 支出总计 103；"
                                     "按所填收入和支出，年末结转和结余应为 5，而不是 1")]


@pytest.mark.parametrize("end, fires", [("5.03", False), ("4.97", False), ("5.035", True), ("5.04", True),
                                        ("4.96", True)])
def test_table01_tolerance_is_a_cent_half_per_part(write_yaml, end, fires):
    """Six amounts make up the two sides (income, expenditure, 使用结余, 结余分配, 年初, 年末):
    0.03 is the most their tails can make, inclusive (a third decimal, only warned about, shows
    that 使用结余 and 结余分配 count once each)."""
    assert bool(fired(write_yaml, SURPLUS.replace("END", end), "T01-BALANCE")) == fires


@pytest.mark.parametrize("spent, t01, t04", [("100.01", False, False), ("100.02", True, False),
                                             ("100.025", True, True), ("100.03", True, True)])
def test_balance_boundaries(write_yaml, spent, t01, t04):
    """Table 01 adds two amounts here (0.01), a fund's balance four (0.02; a third decimal, only
    warned about, shows that it is not five)."""
    text = M.replace("{basic: 100}", "{basic: %s}" % spent).replace('"30201": 40', '"30201": %s' % (D(spent) - 60))
    assert bool(fired(write_yaml, text, "T01-BALANCE")) == t01
    assert bool(fired(write_yaml, text, "T04-FUND-BALANCE")) == t04


def test_fund_balance_message_and_its_location(write_yaml):
    text = M.replace("{basic: 100}", "{basic: 100.10}")
    assert fired(write_yaml, text, "T04-FUND-BALANCE") == [
        ("error", 1, "balances.end", "一般公共预算财政拨款：年初结转和结余 0 + 本年收入 100 − 本年支出 100.10 = -0.10，"
                                     "但年末结转和结余填列为 0")]
    text = M + "balances: {start: {general: 7}, end: {general: 5}}\n"
    assert fired(write_yaml, text, "T04-FUND-BALANCE") == [
        ("error", 9, "balances.end.general", "一般公共预算财政拨款：年初结转和结余 7 + 本年收入 100 − 本年支出 100 = 7，"
                                             "但年末结转和结余填列为 5")]


def test_gov_fund_balance(write_yaml):
    text = M.replace('{general: 100}', '{general: 100, gov_fund: 3}').replace(
        "{basic: 100}", "{basic: 100, gov_fund: {project: 1}}") + "balances: {end: {gov_fund: 1}}\n"
    assert texts(write_yaml, text, "T04-FUND-BALANCE") == [
        "政府性基金预算财政拨款：年初结转和结余 0 + 本年收入 3 − 本年支出 1 = 2，但年末结转和结余填列为 1"]


# ---------------------------------------------------------------- per-项 carry-overs

CARRY = """\
unit: {{name: 测试单位, year: 2024, scheme: approval-2024}}
income:
  "2013101": {{general: 76}}
  "2013102": {{general: 10, service: 3}}
expenditure:
  "2013101": {{basic: 50, project: 30, carry_in: {{project: 10}}, carry_out: {{project: 5, project_surplus: 1}}}}
  "2013102": {{basic: 10, carry_in: {{basic: 0}}, other: {{basic: 1, carry_out: {{basic: {other_out}}}}}}}
balances:
  start: {{general: {{project: {start}}}}}
  end: {{general: {{project: 5, project_surplus: 1}}, other: {other_end}}}
basic_economic:
  "30101": 40
  "30201": 20
"""


def test_carry_overs_per_item_that_add_up_and_balance_are_clean(write_yaml):
    text = CARRY.format(start=10, other_out=2, other_end=2)
    for rule in ("CARRY-ITEMS", "ITEM-BALANCE", "CARRY-DETAIL", "T04-FUND-BALANCE", "T01-BALANCE"):
        assert fired(write_yaml, text, rule) == [], rule


def test_carry_items_must_add_up_to_the_units(write_yaml):
    """Two 项 give their carry-in (10 and 0): the unit's 年初 of 10.01 is within their tail, 10.02 is not."""
    assert fired(write_yaml, CARRY.format(start="10.01", other_out=2, other_end=2), "CARRY-ITEMS") == []
    assert fired(write_yaml, CARRY.format(start="10.02", other_out=2, other_end=2), "CARRY-ITEMS") == [
        ("error", 9, "balances.start", "一般公共预算财政拨款：各“项”的结转和结余合计为 10，但 balances.start 填列为 10.02")]
    assert texts(write_yaml, CARRY.format(start=10, other_out=2, other_end=3), "CARRY-ITEMS") == [
        "非财政拨款：各“项”的结转和结余合计为 2，但 balances.end 填列为 3"]


def test_item_balance_of_non_appropriation_funds_uses_their_income(write_yaml):
    """非财政拨款 of 2013102: 0 carried in + its non-appropriation income 3 (事业收入) − 1 spent =
    2 carried out; 3 is wrong."""
    assert fired(write_yaml, CARRY.format(start=10, other_out=3, other_end=3), "ITEM-BALANCE") == [
        ("error", 7, "expenditure.2013102", "2013102（非财政拨款）：年初结转 0 + 收入 3 − 支出 1 ≠ 年末结转 3")]


def test_item_balance_of_an_appropriation(write_yaml):
    text = CARRY.format(start=10, other_out=2, other_end=2).replace("{general: 76}", "{general: 75.97}")
    assert fired(write_yaml, text, "ITEM-BALANCE") == [
        ("error", 6, "expenditure.2013101", "2013101（一般公共预算财政拨款）：年初结转 10 + 收入 75.97 − 支出 80 ≠ 年末结转 6")]
    within = CARRY.format(start=10, other_out=2, other_end=2).replace("{general: 76}", "{general: 75.98}")
    assert fired(write_yaml, within, "ITEM-BALANCE") == []        # four amounts: 0.02 is a tail
    beyond = CARRY.format(start=10, other_out=2, other_end=2).replace("{general: 76}", "{general: 75.975}")
    assert len(fired(write_yaml, beyond, "ITEM-BALANCE")) == 1      # (a third decimal, only warned about)


def test_carry_detail_names_the_fund_and_the_scheme(write_yaml):
    text = M + "balances: {end: {general: 5}}\n"
    assert fired(write_yaml, text, "CARRY-DETAIL") == [
        ("error", 9, "balances", "一般公共预算财政拨款：模板方案 approval-2024 按“项”列示结转和结余；"
                                 "请在 expenditure 各项下填写 carry_in / carry_out（仅有单位合计数无法填列该表）")]
    assert fired(write_yaml, text.replace("approval-2024", "public-2020"), "CARRY-DETAIL") == []


def test_carry_detail_of_a_fund_the_scheme_prints_after_one_it_does_not(write_yaml):
    """public-2020 prints no 一般公共预算 carry-over per 项 but table 08 prints the 政府性基金's."""
    text = M.replace("approval-2024", "public-2020").replace('{general: 100}', '{general: 100, gov_fund: 3}').replace(
        "{basic: 100}", "{basic: 100, gov_fund: {project: 1}}") + "balances: {end: {gov_fund: 2}}\n"
    assert texts(write_yaml, text, "CARRY-DETAIL") == [
        "政府性基金预算财政拨款：模板方案 public-2020 按“项”列示结转和结余；请在 expenditure 各项下填写 carry_in / carry_out"
        "（仅有单位合计数无法填列该表）"]


def test_carry_continuity_message_per_fund(write_yaml):
    text = M.replace("approval-2024", "public-2020") + "balances: {start: {general: 5}, end: {general: 5}}\n" \
        "previous: {carry_end: {general: 4.99, other: 0.01}}\n"
    assert fired(write_yaml, text, "CARRY-CONTINUITY") == [
        ("error", 9, "balances.start", "非财政拨款：年初结转和结余 0 ≠ 上年年末结转和结余 0.01"),
        ("error", 9, "balances.start.general", "一般公共预算财政拨款：年初结转和结余 5 ≠ 上年年末结转和结余 4.99")]
    assert fired(write_yaml, text.replace("4.99", "5").replace("0.01", "0"), "CARRY-CONTINUITY") == []


# ---------------------------------------------------------------- table 06

@pytest.mark.parametrize("amount, fires", [("40.01", False), ("39.99", False), ("40.02", True)])
def test_basic_economic_match_tolerance(write_yaml, amount, fires):
    """Two economic items: a cent of tail."""
    assert bool(fired(write_yaml, M.replace('"30201": 40', f'"30201": {amount}'), "T06-BASIC-MATCH")) == fires


def test_basic_economic_match_message(write_yaml):
    assert fired(write_yaml, M.replace('"30201": 40', '"30201": 40.02'), "T06-BASIC-MATCH") == [
        ("error", 6, "basic_economic", "按经济分类的基本支出合计为 100.02，但按功能分类的一般公共预算财政拨款基本支出为 100")]


def test_split_names_personnel_public_and_basic(write_yaml):
    text = M.replace("approval-2024", "public-2020").replace('"30201": 40', '"31204": 40')
    assert fired(write_yaml, text, "T06-SPLIT") == [
        ("error", 6, "basic_economic", "人员经费 60 + 公用经费 0 ≠ 基本支出 100：有经济分类科目既不属于人员经费也不属于公用经费"
                                       "（基本支出决算表无法列示）")]
    assert fired(write_yaml, M, "T06-SPLIT") == []


# ---------------------------------------------------------------- 三公, 采购, facts

def test_facts_missing_per_part_and_only_for_spending(write_yaml):
    text = M + "three_public:\n  actual: {abroad: 1, vehicle_operation: 2, reception: 3}\n"
    assert texts(write_yaml, text, "FACT-MISSING") == [
        "“三公”经费说明需要在 three_public 下填写 reception_groups, reception_visitors",
        "“三公”经费说明需要在 three_public 下填写 vehicles",
        "“三公”经费说明需要在 three_public 下填写 abroad_groups, abroad_people"]
    partial = text + "  reception_groups: 2\n  abroad_people: 3\n  vehicles: 1\n"
    assert texts(write_yaml, partial, "FACT-MISSING") == [
        "“三公”经费说明需要在 three_public 下填写 reception_visitors",
        "“三公”经费说明需要在 three_public 下填写 abroad_groups"]
    none_spent = M + "three_public:\n  actual: {abroad: 0, vehicle_operation: 0, reception: 0}\n"
    assert fired(write_yaml, none_spent, "FACT-MISSING") == []


def test_three_public_actual_below_table_06(write_yaml):
    """Only a 三公 actual below what table 06 spends on its item is suspicious (equal or more is not)."""
    text = M.replace('"30201": 40', '"30217": 10\n  "30231": 20\n  "30212": 10') + \
        "three_public:\n  actual: {abroad: 10, vehicle_operation: 19.99, reception: 10.01}\n"
    assert fired(write_yaml, text, "T07-VS-T06") == [
        ("warning", 12, "three_public.actual.vehicle_operation",
         "“三公”经费中公务用车运行维护费决算数 19.99 小于基本支出决算表中 30231 的金额 20")]
    text = text.replace("abroad: 10,", "abroad: 9.99,").replace("19.99", "20").replace("10.01", "9.99")
    assert [path for _, _, path, _ in fired(write_yaml, text, "T07-VS-T06")] == [
        "three_public.actual.abroad", "three_public.actual.reception"]


COPY = M + "three_public:\n  budget: {reception: 1, abroad: 2}\n  actual: {reception: 1, abroad: ACTUAL}\n" \
    "reasons:\n  three_public: {REASON: 因为}\n"


@pytest.mark.parametrize("actual, reason, fires", [
    ("2", "abroad_budget", True),
    ("2", "reception_yoy", False),       # a reason for last year's change says nothing of the budget
    ("2.01", "abroad_budget", False),    # one column differs
])
def test_budget_copied_from_the_actual(write_yaml, actual, reason, fires):
    found = fired(write_yaml, COPY.replace("ACTUAL", actual).replace("REASON", reason), "T07-BUDGET-COPY")
    assert found == ([("warning", 10, "three_public.budget", "“三公”经费预算数与决算数各栏完全相同，但又说明了决算数与预算数差异的原因；"
                                                              "是否把决算数误填为预算数？")] if fires else [])


def test_no_budget_copy_warning_without_spending(write_yaml):
    text = M + "three_public:\n  budget: {reception: 0}\n  actual: {reception: 0}\nreasons:\n  three_public: {total_budget: 因为}\n"
    assert fired(write_yaml, text, "T07-BUDGET-COPY") == []


def test_procurement_parts_within_their_wholes(write_yaml):
    text = M + "procurement: {goods: 5, works: 2, services: 3, sme: 10, small_micro: 10.01, sme_goods: 5.01, " \
               "sme_works: 2, sme_services: 3.01}\n"
    assert texts(write_yaml, text, "PROC-SHARE") == ["政府采购 small_micro 金额 10.01 超过了 sme 10",
                                                     "政府采购 sme_goods 金额 5.01 超过了 goods 5",
                                                     "政府采购 sme_services 金额 3.01 超过了 services 3"]
    text = M + "procurement: {goods: 5, works: 2, services: 3, sme: 10.01, small_micro: 1, sme_works: 2.01}\n"
    assert fired(write_yaml, text, "PROC-SHARE") == [
        ("error", 9, "procurement.sme", "政府采购 sme 金额 10.01 超过了 total 10"),
        ("error", 9, "procurement.sme_works", "政府采购 sme_works 金额 2.01 超过了 works 2")]
    equal = M + "procurement: {goods: 5, works: 2, services: 3, sme: 10, small_micro: 10, sme_goods: 5, sme_works: 2}\n"
    assert fired(write_yaml, equal, "PROC-SHARE") == []


def test_three_public_stated_total_message_names_side_and_part(write_yaml):
    text = M + "three_public:\n  budget: {reception: 2, vehicle_operation: 1, vehicle: 1.02}\n" \
               "  actual: {reception: 1, total: 1.03}\n"
    assert texts(write_yaml, text, "T07-SUM") == [
        "“三公”经费预算数中公务用车购置及运行维护费填列为 1.02，但各分项合计为 1",
        "“三公”经费决算数中“三公”经费合计填列为 1.03，但各分项合计为 1"]


# ---------------------------------------------------------------- what the prose needs

def test_budget_missing_only_where_there_is_general_spending(write_yaml):
    text = M.replace('"2013101": {basic: 100}', '"2013101": {basic: 50, budget: 50}\n  "2013102": {basic: 0, project: 0}\n'
                     '  "2013105": {basic: 25, project: 25}\n  "2013150": {gov_fund: {basic: 1}}')
    assert fired(write_yaml, text, "BUDGET-MISSING") == [
        ("error", 7, "expenditure.2013105", "2013105 没有填列年初预算（budget），而其他“项”已填列；情况说明中的预算对比将不完整")]
    assert fired(write_yaml, text.replace("{basic: 50, budget: 50}", "{basic: 50}"), "BUDGET-MISSING") == []


def test_income_missing(write_yaml):
    text = M.replace('income:\n  "2013101": {general: 100}\n', "")
    assert fired(write_yaml, text, "INCOME-MISSING") == [
        ("error", 2, "expenditure", "有支出数据，但 income 下没有按“项”填列的收入")]
    assert fired(write_yaml, text.replace("{basic: 100}", "{basic: 0}"), "INCOME-MISSING") == []


def test_prior_missing_says_what_is_missing(write_yaml):
    assert texts(write_yaml, M, "PRIOR-MISSING") == ["没有上年数据（previous）：无法说明与上年相比的变化"]
    assert fired(write_yaml, M + "previous: {total: 90}\n", "PRIOR-MISSING") == [
        ("warning", 9, "previous", "缺少上年“三公”经费数据（previous.three_public）")]
    full = M + "previous: {total: 90, three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 0, reception: 0}}\n"
    assert fired(write_yaml, full, "PRIOR-MISSING") == []


CHANGES = M.replace('"2013101": {basic: 100}', '"2013101": {basic: 100, budget: 90}') + """\
three_public:
  budget: {abroad: 1, vehicle_purchase: 0, vehicle_operation: 2, reception: 3}
  actual: {abroad: 1, vehicle_purchase: 0, vehicle_operation: 2.5, reception: 0}
admin_cost: {applicable: true, budget: 50}
previous:
  total: 90
  appropriation_total: 100
  general_expenditure: 100.004
  three_public: {abroad: 2, vehicle_purchase: 0, vehicle_operation: 2.5, reception: 0}
"""


def test_needed_reasons_are_every_change_the_prose_states(write_yaml):
    """收支总计 100 vs 90 changed; 财政拨款 100 vs 100 and 一般公共预算 100 vs 100.00(4) did not;
    2013101 spent 100 of a 90 budget; 三公: total 3.5 vs budget 6 and vs last year 4.5, abroad 1
    vs last year 2, vehicle 2.5 vs budget 2; reception 0 (changed, but nothing is spent: no
    reason asked); 机关运行经费 = 公用经费 40 vs budget 50."""
    fig = check_file(write_yaml(CHANGES)).figures
    assert needed_reasons(fig) == [
        (("total_yoy",), "收支总计与上年相比的变化"),
        (("budget_items", "2013101"), "2013101 行政运行决算数与年初预算数的差异"),
        (("three_public", "total_budget"), "“三公”经费合计决算数与预算数的差异"),
        (("three_public", "total_yoy"), "“三公”经费合计与上年相比的变化"),
        (("three_public", "abroad_yoy"), "因公出国（境）费与上年相比的变化"),
        (("three_public", "vehicle_budget"), "公务用车购置及运行维护费决算数与预算数的差异"),
        (("admin_cost_budget",), "机关运行经费决算数与预算数的差异"),
    ]


def test_needed_reasons_of_appropriation_and_general_spending(write_yaml):
    text = M + "previous: {total: 100, appropriation_total: 90, general_expenditure: 110}\n"
    assert needed_reasons(check_file(write_yaml(text)).figures) == [
        (("appropriation_yoy",), "财政拨款收支总计与上年相比的变化"),
        (("general_yoy",), "一般公共预算财政拨款支出与上年相比的变化")]


def test_reason_missing_unless_given_as_text(write_yaml):
    text = CHANGES + "reasons:\n  total_yoy: 因为\n  budget_items: {\"2013101\": \" \"}\n" \
                     "  three_public: {total_budget: 原因, total_yoy: 原因, abroad_yoy: 原因, vehicle_budget: 原因}\n" \
                     "  admin_cost_budget: 原因\n"
    assert fired(write_yaml, text, "REASON-MISSING") == [
        ("warning", 20, "reasons.budget_items.2013101", "缺少2013101 行政运行决算数与年初预算数的差异的原因说明；"
                                                        "请在 reasons.budget_items.2013101 填写（否则该句将不写“主要原因是”）")]


# ---------------------------------------------------------------- codes

def test_unknown_code_with_and_without_candidates(write_yaml):
    near = M.replace('"2013101"', '"2013110"')
    [(severity, line, path, text)] = fired(write_yaml, near, "CODE-UNKNOWN")[:1]
    assert (severity, line, path) == ("error", 3, "income.2013110")
    assert text.startswith("科目编码 2013110 不在 2024 年功能分类科目表中；是否应为 ") and "2013101 行政运行" in text
    assert text.endswith("？如 2013110 确实无误，请在 codes 下填写其名称")
    named = near + "codes: {\"2013110\": 自定义项}\n"
    assert fired(write_yaml, named, "CODE-UNKNOWN") == []


def test_unknown_code_candidates_from_the_file_come_first(write_yaml):
    """2013110 is one digit away from 2013101, 2013150 and 2013810: the one in the file first."""
    text = M.replace('"2013101": {general: 100}', '"2013810": {general: 90}\n  "2013110": {general: 10}').replace(
        '"2013101": {basic: 100}', '"2013810": {basic: 90}\n  "2013110": {basic: 10}')
    assert fired(write_yaml, text, "CODE-UNKNOWN") == [
        ("error", line, f"{section}.2013110", "科目编码 2013110 不在 2024 年功能分类科目表中；是否应为 2013810 质量基础、"
         "2013101 行政运行、2013150 事业运行？如 2013110 确实无误，请在 codes 下填写其名称")
        for line, section in ((4, "income"), (7, "expenditure"))]


def test_unknown_code_candidates_named_in_the_file_or_the_codes(write_yaml):
    """2013111 is named only by its entry (its name there is shown), 2013112 only under codes."""
    text = M.replace('"2013101": {general: 100}', '"2013101": {general: 90}\n  "2013110": {general: 5}\n'
                     '  "2013111": {general: 5}').replace(
        '"2013101": {basic: 100}', '"2013101": {basic: 90}\n  "2013110": {basic: 5}\n  "2013111": {basic: 5, name: 甲项}') \
        + 'codes: {"2013112": 乙项}\n'
    assert texts(write_yaml, text, "CODE-UNKNOWN") == [
        "科目编码 2013110 不在 2024 年功能分类科目表中；是否应为 2013101 行政运行、2013111 甲项、2013112 乙项、2013150 事业运行、"
        "2013810 质量基础？如 2013110 确实无误，请在 codes 下填写其名称"] * 2


def test_unknown_code_without_candidates(write_yaml):
    assert fired(write_yaml, M.replace('"2013101"', '"2999999"'), "CODE-UNKNOWN") == [
        ("error", 3, "income.2999999", "科目编码 2999999 不在 2024 年度功能分类科目表中；请在 codes 下写明其名称"),
        ("error", 5, "expenditure.2999999", "科目编码 2999999 不在 2024 年度功能分类科目表中；请在 codes 下写明其名称")]


def test_code_under_a_missing_parent_names_the_level(write_yaml):
    text = M.replace('"2013101"', '"2100501"') + "codes: {\"2100501\": 自定义项}\n"
    assert texts(write_yaml, text, "CODE-PARENT") == [
        "2100501 所属的款 21005 在 2024 年度科目表中不存在（是否把“项”放在了错误的“类”或“款”下？）"] * 2
    named = text.replace("codes: {\"2100501\": 自定义项}", "codes: {\"2100501\": 自定义项, \"21005\": 自定义款}")
    assert fired(write_yaml, named, "CODE-PARENT") == []


def test_code_under_a_missing_category_names_the_category_once(write_yaml):
    """2988801 (named under codes) is under 类 298, which does not exist: said once, of the 类."""
    text = M.replace('"2013101"', '"2988801"') + "codes: {\"2988801\": 自定义项}\n"
    assert fired(write_yaml, text, "CODE-PARENT") == [
        ("error", line, f"{section}.2988801",
         "2988801 所属的类 298 在 2024 年度科目表中不存在（是否把“项”放在了错误的“类”或“款”下？）")
        for line, section in ((3, "income"), (5, "expenditure"))]


def test_an_unknown_category_is_not_its_own_parent(write_yaml):
    text = M.replace('"2013101": {basic: 100}', '"2013101": {basic: 100}\n  "298": {basic: 0}')
    assert [path for _, _, path, _ in fired(write_yaml, text, "CODE-UNKNOWN")] == ["expenditure.298"]
    assert fired(write_yaml, text, "CODE-PARENT") == []


def test_code_name_differs_from_the_catalogue(write_yaml):
    text = M.replace("{basic: 100}", "{basic: 100, name: 别的名字}")
    assert fired(write_yaml, text, "CODE-NAME") == [
        ("warning", 5, "expenditure.2013101", "2013101 的名称“别的名字”与科目表中的“行政运行”不一致")]
    same = M.replace("{basic: 100}", "{basic: 100, name: 行政运行}")
    assert fired(write_yaml, same, "CODE-NAME") == []


def test_unknown_economic_code(write_yaml):
    assert fired(write_yaml, M.replace('"30201"', '"30298"'), "ECON-CODE-UNKNOWN") == [
        ("error", 8, "basic_economic.30298", "经济分类科目 30298 不在 2024 年度科目表中；请在 codes 下写明其名称")]
    named = M.replace('"30201"', '"30298"') + "codes: {\"30298\": 自定义}\n"
    assert fired(write_yaml, named, "ECON-CODE-UNKNOWN") == []
