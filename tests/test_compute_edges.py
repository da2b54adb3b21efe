"""What the example snapshots cannot see in generator/compute.py: branches no example reaches
(元 inputs, bases that print as zero, missing optional sections, stated totals at the edge of
the tolerance, last year's figures handed on).  Expected values are worked out by hand."""

from decimal import Decimal

import pytest

from generator.compute import Delta

D = Decimal


@pytest.mark.parametrize("current, base, change, rate, completion, direction", [
    ("110", "100", "10", "10", "110", 1),
    ("90", "100", "-10", "-10", "90", -1),
    ("100", "100", "0", None, "100", 0),
    ("100.004", "100", "0.004", None, "100.004", 0),      # reads the same to the cent: 持平, no rate
    ("28", "0", "28", None, None, 1),                     # a zero base: no rate, no completion
    ("28", "0.004", "27.996", None, None, 1),             # a base that prints as 0.00 has none either
    ("28", "0.005", "27.995", "559900", "560000", 1),     # 0.005 prints as 0.01: a base
])
def test_delta_by_hand(current, base, change, rate, completion, direction):
    delta = Delta(D(current), D(base))
    assert delta.known and delta.change == D(change) and delta.direction == direction
    assert delta.rate == (None if rate is None else D(rate))
    assert delta.completion == (None if completion is None else D(completion))


def test_delta_without_a_base():
    delta = Delta(D("5"), None)
    assert not delta.known
    assert (delta.change, delta.rate, delta.completion, delta.direction) == (None, None, None, None)


# ---------------------------------------------------------------- last year's figures handed on

LAST_YEAR = """\
unit: {name: 测试单位, year: 2023, scheme: public-2020}
income:
  "2013101": {general: 100, other: 20}
expenditure:
  "2013101": {basic: 80, project: 30, other: {basic: 15}}
balances:
  start: {general: 10}
  end: {other: 5}
basic_economic:
  "30101": 50
  "30201": 30
three_public:
  budget: {abroad: 1, vehicle_purchase: 2, vehicle_operation: 3, reception: 4}
  actual: {abroad: 1.5, vehicle_purchase: 2.5, vehicle_operation: 3.5, reception: 4.5}
  abroad_groups: 1
  abroad_people: 2
  reception_groups: 3
  reception_visitors: 4
  vehicles: 1
admin_cost: {applicable: true, budget: 40}
procurement: {goods: 7, works: 0, services: 1, sme: 8, small_micro: 8}
"""


def test_last_years_file_hands_on_each_figure(write_yaml):
    """Every figure a year-on-year sentence needs comes from last year's file, each from the
    right total: 收支总计 130 (income 120 + carry-over 10), 本年收入 120, 本年支出 125
    (110 appropriation + 15 other), 财政拨款收支总计 110, 一般公共预算支出 110, 三公 actuals,
    机关运行经费 = 公用经费 30, 年末结转 other 5, 采购 8."""
    from generator.model import Prior
    from generator.pipeline import check_file

    last = write_yaml(LAST_YEAR, "2023.yaml")
    assert [f for f in check_file(last).findings if f.severity == "error"] == []
    this = write_yaml(LAST_YEAR.replace("year: 2023", "year: 2024").replace("start: {general: 10}", "start: {other: 5}")
                      + "previous: {file: 2023.yaml}\n", "2024.yaml")
    result = check_file(this)
    assert result.input.prior == Prior(
        total=D(130), income_total=D(120), expenditure_total=D(125), appropriation_total=D(110),
        general_expenditure=D(110),
        three_public={"abroad": D("1.5"), "vehicle_purchase": D("2.5"), "vehicle_operation": D("3.5"),
                      "reception": D("4.5")},
        admin_cost=D(30), carry_end={"general": D(0), "gov_fund": D(0), "state_capital": D(0), "other": D(5)},
        procurement_total=D(8), file=str(last))
    d = result.figures.deltas
    assert (d["grand_total"].base, d["income_total"].base, d["expenditure_total"].base) == (D(130), D(120), D(125))
    assert (d["appropriation_grand_total"].base, d["general_expenditure"].base) == (D(110), D(110))
    assert d["three_public.total.yoy"].base == D(12) and d["three_public.vehicle.yoy"].base == D(6)
    assert (d["admin_cost.yoy"].base, d["procurement.yoy"].base) == (D(30), D(8))
    assert not [f for f in result.findings if f.rule == "CARRY-CONTINUITY"]


def test_carry_over_continuity_is_exact_to_the_cent(write_yaml):
    """This year's 年初 must be last year's 年末 as printed: one cent off is an error."""
    from generator.pipeline import check_file

    write_yaml(LAST_YEAR, "2023.yaml")
    this = write_yaml(LAST_YEAR.replace("year: 2023", "year: 2024").replace("start: {general: 10}",
                                                                           "start: {other: 5.01}")
                      .replace("end: {other: 5}", "end: {other: 5.01}") + "previous: {file: 2023.yaml}\n", "2024.yaml")
    [finding] = [f for f in check_file(this).findings if f.rule == "CARRY-CONTINUITY"]
    assert finding.severity == "error" and finding.source.path == "balances.start.other"
    assert finding.params["start"] == D("5.01") and finding.params["prior"] == D(5)


# ---------------------------------------------------------------- stated 类/款 figures beyond 一般公共预算

def _check(write_yaml, text):
    from generator.pipeline import check_file
    return check_file(write_yaml(text))


OTHER_FUNDS = """\
unit: {{name: 测试单位, year: 2024, scheme: public-2020}}
income:
  "2013101": {{general: 60.01, gov_fund: 5, operating: 2}}
  "2013102": {{general: 40.00}}
expenditure:
  "2013101": {{basic: 60.01, gov_fund: {{project: 5}}, operating: 2}}
  "2013102": {{basic: 40}}
  "201": {{basic: 100.00, gov_fund: {{project: {fund}}}, operating: {operating}}}
basic_economic:
  "30101": 60
  "30201": 40.01
"""


def test_stated_category_figures_of_other_funds_and_spending_are_official(write_yaml):
    """201 states its 政府性基金 项目支出 (5.01) and its 经营支出 (2.01): within the tail of its
    two 项 (0.01) they are the official figures of the 类 row and of the 合计."""
    fig = _check(write_yaml, OTHER_FUNDS.format(fund="5.01", operating="2.01")).figures
    row = fig.row("201")
    assert (row["exp.general.basic"], row["exp.gov_fund.project"], row["exp.operating"]) == (D("100.00"), D("5.01"),
                                                                                                D("2.01"))
    assert fig.total["exp.gov_fund"] == D("5.01") and fig.total["exp.operating"] == D("2.01")
    assert fig.total["exp.total"] == D("107.02") and fig.totals["expenditure_total"] == D("107.02")   # 100 + 5.01 + 2.01
    assert fig.row("20131")["exp.gov_fund.project"] == D(5)          # the 款 states nothing: its 项 add up
    stated = {o.path: (o.rule, o.stated, o.computed, o.parts) for o in fig.officials}
    assert stated["expenditure.201.gov_fund.project"] == ("T03-SUM", D("5.01"), D(5), 2)
    assert stated["expenditure.201.operating"] == ("T03-SUM", D("2.01"), D(2), 2)


def test_stated_category_figures_beyond_the_tail_are_errors(write_yaml):
    result = _check(write_yaml, OTHER_FUNDS.format(fund="5.02", operating="3"))
    sums = {f.source.path: f for f in result.findings if f.rule == "T03-SUM"}
    assert set(sums) == {"expenditure.201.gov_fund.project", "expenditure.201.operating"}
    assert all(f.severity == "error" for f in sums.values())
    assert (sums["expenditure.201.operating"].params["stated"], sums["expenditure.201.operating"].params["computed"]) \
        == (D(3), D(2))
    row = result.figures.row("201")
    assert (row["exp.gov_fund.project"], row["exp.operating"]) == (D(5), D(2))      # not in force


# ---------------------------------------------------------------- per-项 carry-overs

CARRY = """\
unit: {name: 测试单位, year: 2024, scheme: approval-2024}
income:
  "2013101": {general: 76}
expenditure:
  "2013101": {basic: 50, project: 30, carry_in: {project: 10}, carry_out: {project: 5, project_surplus: 1}}
balances:
  start: {general: {project: 10}}
  end: {general: {project: 5, project_surplus: 1}}
basic_economic:
  "30101": 30
  "30201": 20
"""


def test_carry_overs_per_item(write_yaml):
    """年初 10 + 收入 76 − 支出 80 = 年末 6 (5 结转 + 1 结余); this year's income by use:
    基本 = 50 spent + 0 carried out − 0 carried in, 项目 = 76 − 50 = 26."""
    result = _check(write_yaml, CARRY)
    row = result.figures.row("2013101")
    assert (row["cin.general"], row["cin.general.project"]) == (D(10), D(10))
    assert (row["cout.general"], row["cout.general.project"], row["cout.general.project_surplus"]) == (D(6), D(5), D(1))
    assert (row["inc.general.basic"], row["inc.general.project"]) == (D(50), D(26))
    assert result.figures.total["cout.general"] == D(6) and result.figures.total["cin.general"] == D(10)
    assert [f for f in result.findings if f.severity == "error"] == []


# ---------------------------------------------------------------- stated figures with nothing under them

def test_stated_category_without_items_is_checked_against_zero(write_yaml):
    """A 类 typed with no 项 under it (here 202, a cent) adds up to 0: one part, half a cent."""
    from tests.conftest import MINIMAL
    result = _check(write_yaml, MINIMAL.replace('"2013101": {basic: 100}', '"2013101": {basic: 100}\n  "202": {basic: 0.01}'))
    [official] = [o for o in result.figures.officials if o.path == "expenditure.202.basic"]
    assert (official.rule, official.stated, official.computed, official.parts, official.params) == \
        ("T03-SUM", D("0.01"), D(0), 1, {"code": "202"})
    assert [(f.severity, f.text()) for f in result.findings if f.rule == "T03-SUM"] == [
        ("error", "202 填列为 0.01，但其下各“项”合计为 0")]


def test_stated_fund_figure_where_no_item_spends_from_that_fund(write_yaml):
    from tests.conftest import MINIMAL
    text = MINIMAL.replace('"2013101": {basic: 100}', '"2013101": {basic: 100}\n  "201": {basic: 100, gov_fund: {basic: 0.01}}')
    result = _check(write_yaml, text)
    assert [(f.source.path, f.text()) for f in result.findings if f.rule == "T03-SUM"] == [
        ("expenditure.201.gov_fund.basic", "201 填列为 0.01，但其下各“项”合计为 0")]
    assert result.figures.row("201")["exp.gov_fund.basic"] == D(0)


def test_declared_total_with_no_parts_is_exact(write_yaml):
    """年初预算 declared with no 项 budget: nothing to add, so nothing to round; 0.01 is an error."""
    from tests.conftest import MINIMAL
    result = _check(write_yaml, MINIMAL + "declared: {budget_total: 0.01}\n")
    [official] = [o for o in result.figures.officials if o.path == "declared.budget_total"]
    assert (official.stated, official.computed, official.parts) == (D("0.01"), D(0), 1)
    assert [f.severity for f in result.findings if f.rule == "BUDGET-DECLARED"] == ["error"]
    assert result.figures.totals["budget_total"] == D(0)


# ---------------------------------------------------------------- names and codes the catalogue lacks

NAMES = """\
unit: {name: 测试单位, year: 2024, scheme: public-2020}
income:
  "2013101": {general: 100}
  "2013188": {general: 5, name: 收入里的名字}
  "2988801": {general: 1}
  "2988802": {general: 1}
expenditure:
  "2013101": {basic: 100}
  "2013188": {basic: 5}
  "2988801": {basic: 1, name: 支出里的名字}
  "2988802": {basic: 1}
basic_economic:
  "30101": 60
  "30201": 40
  "30298": 5
  "30297": 0.5
  "31204": 1
  "31299": 0.5
codes: {"298": 自定义类, "29888": 自定义款, "2988801": 自定义项, "2988802": 另一项, "30298": 自定义经济科目, "31204": 孤项}
"""


def test_row_names_from_the_entry_the_codes_and_the_catalogue(write_yaml):
    """A 项's name: its expenditure entry's, else its income entry's, else the unit's codes, else
    the catalogue's; 类 and 款 from the codes or the catalogue."""
    fig = _check(write_yaml, NAMES).figures
    names = {r.code: r.name for r in fig.rows}
    assert names == {"201": "一般公共服务支出", "20131": "党委办公厅（室）及相关机构事务", "2013101": "行政运行",
                     "2013188": "收入里的名字", "298": "自定义类", "29888": "自定义款", "2988801": "支出里的名字",
                     "2988802": "另一项"}
    assert fig.total.code == "" and fig.total.name == "合计" and fig.total.level == 0


def test_economic_codes_the_catalogue_lacks(write_yaml):
    """30297 and 30298 are items of group 302 after the catalogue's (named under codes or not);
    31204 and 31299 belong to no group of the catalogue: listed apart, in no group's total."""
    from generator.compute import EconomicItem
    fig = _check(write_yaml, NAMES).figures
    groups = {g.code: g for g in fig.economic}
    assert groups["302"].items[-2:] == (EconomicItem("30297", "", D("0.5")), EconomicItem("30298", "自定义经济科目", D(5)))
    assert [i.code for g in fig.economic for i in g.items if i.code not in fig.catalogue.economic] == ["30297", "30298"]
    assert groups["302"].total == D("45.5") and groups["301"].total == D(60)
    assert fig.economic_extra == (EconomicItem("31204", "孤项", D(1)), EconomicItem("31299", "", D("0.5")))
    assert fig.totals["economic_unassigned"] == D("1.5") and fig.totals["economic_total"] == D(107)


def test_economic_parts_count_unassigned_codes(write_yaml):
    """60 + 40 + 0.01 (31204, in no group) against 100: three amounts, 0.015 of tail."""
    from tests.conftest import MINIMAL
    result = _check(write_yaml, MINIMAL + '  "31204": 0.01\n')
    assert result.figures.parts["economic"] == 3 and result.figures.totals["economic_total"] == D("100.01")
    assert [f for f in result.findings if f.rule == "T06-BASIC-MATCH"] == []


def test_carry_overs_of_basic_spending_change_this_years_basic_income(write_yaml):
    """基本支出 50 + 基本 carried out 7 − 基本 carried in 4: 53 of this year's income was for 基本."""
    text = CARRY.replace("carry_in: {project: 10}", "carry_in: {basic: 4, project: 10}").replace(
        "carry_out: {project: 5,", "carry_out: {basic: 7, project: 5,")
    row = _check(write_yaml, text).figures.row("2013101")
    assert (row["cin.general"], row["cout.general"]) == (D(14), D(13))
    assert (row["inc.general.basic"], row["inc.general.project"]) == (D(53), D(23))


# ---------------------------------------------------------------- stated totals in force

def test_declared_grand_totals_within_the_tail_are_printed_on_both_sides(write_yaml):
    """收支总计 adds two amounts here (收入, 支出): a cent of tail, so 100.01 is official."""
    from tests.conftest import MINIMAL
    t = _check(write_yaml, MINIMAL + "declared: {grand_total: 100.01, appropriation_grand_total: 99.99}\n").figures.totals
    assert (t["grand_total"], t["grand_total_out"]) == (D("100.01"), D("100.01"))
    assert (t["appropriation_grand_total"], t["appropriation_grand_total_out"]) == (D("99.99"), D("99.99"))
    assert (t["grand_total.income_side"], t["grand_total.expense_side"]) == (D(100), D(100))
    t = _check(write_yaml, MINIMAL + "declared: {grand_total: 100.02}\n").figures.totals
    assert (t["grand_total"], t["grand_total_out"]) == (D(100), D(100))


def test_three_public_stated_subtotals_in_force(write_yaml):
    """The 车 subtotal stated as 1.01 (two parts: within a cent) is official, and the 合计 adds it:
    0 + 1.01 + 2 = 3.01; a stated 合计 of 6.02 over 6 (four parts) is official too."""
    from tests.conftest import MINIMAL
    text = MINIMAL + ("three_public:\n  budget: {vehicle_purchase: 0.5, vehicle_operation: 0.5, reception: 2, vehicle: 1.01}\n"
                      "  actual: {abroad: 1, vehicle_operation: 2, reception: 3, total: 6.02}\n")
    three = _check(write_yaml, text).figures.three_public
    assert (three["budget"]["vehicle"], three["budget"]["total"]) == (D("1.01"), D("3.01"))
    assert (three["actual"]["vehicle"], three["actual"]["total"]) == (D(2), D("6.02"))
    beyond = _check(write_yaml, text.replace("total: 6.02", "total: 6.03")).figures.three_public
    assert beyond["actual"]["total"] == D(6)


def test_fund_items_compare_each_fund_with_its_own_budget(write_yaml):
    from tests.conftest import MINIMAL
    text = MINIMAL.replace('{general: 100}', '{general: 100, gov_fund: 8}').replace(
        '"2013101": {basic: 100}', '"2013101": {basic: 100, gov_fund: {project: 8, budget: 10}}\n'
                                   '  "2013102": {state_capital: {basic: 0}}')
    fig = _check(write_yaml, text).figures
    [(row, delta)] = fig.fund_items["gov_fund"]
    assert row.code == "2013101" and (delta.current, delta.base) == (D(8), D(10))
    assert fig.fund_items["state_capital"] == ()          # nothing spent: no sentence
    assert set(fig.fund_items) == {"gov_fund", "state_capital"}


def test_admin_cost_stated_or_the_public_funds(write_yaml):
    """机关运行经费 is 公用经费 (40 here) unless the unit states it."""
    from tests.conftest import MINIMAL
    fig = _check(write_yaml, MINIMAL + "admin_cost: {applicable: true, budget: 45}\n").figures
    assert fig.totals["admin_cost"] == D(40) and fig.deltas["admin_cost.budget"].base == D(45)
    fig = _check(write_yaml, MINIMAL + "admin_cost: {applicable: true, actual: 33, budget: 45}\n").figures
    assert fig.totals["admin_cost"] == D(33) and fig.deltas["admin_cost.budget"].current == D(33)
    fig = _check(write_yaml, MINIMAL + "admin_cost: {applicable: false}\n").figures
    assert "admin_cost" not in fig.totals and "admin_cost.budget" not in fig.deltas


# ---------------------------------------------------------------- 采购 and last year's block

def test_procurement_stated_total_and_shares(write_yaml):
    """goods + works + services = 1 + 2 + 3 = 6: a stated 6.01 is within the tail of three
    parts (0.015) and official, 6.02 is not.  Each SME share is over its own kind."""
    from tests.conftest import MINIMAL
    text = MINIMAL + "procurement: {goods: 1, works: 2, services: 3, sme: 3, small_micro: 1.5, sme_goods: 0.5, " \
                     "sme_works: 1, sme_services: 3, total: 6.01}\n"
    fig = _check(write_yaml, text).figures
    assert fig.totals["procurement_total"] == D("6.01")
    shares = fig.shares["procurement"]
    assert (shares["sme_goods"], shares["sme_works"], shares["sme_services"]) == (D(50), D(50), D(100))
    assert fig.shares["procurement"]["sme"] == D(300) / D("6.01")
    fig = _check(write_yaml, text.replace("total: 6.01", "total: 6.02")).figures
    assert fig.totals["procurement_total"] == D(6)
    assert _check(write_yaml, text.replace(" sme_works: 1,", "")).figures.shares["procurement"]["sme_works"] is None


def test_last_years_block_gives_each_base(write_yaml):
    from tests.conftest import MINIMAL
    text = MINIMAL + "previous: {total: 91, income_total: 92, expenditure_total: 93, appropriation_total: 94, " \
                     "general_expenditure: 95, procurement_total: 96, admin_cost: 97}\n" \
                     "procurement: {goods: 1, works: 0, services: 0}\nadmin_cost: {applicable: true, budget: 40}\n"
    d = _check(write_yaml, text).figures.deltas
    assert [d[k].base for k in ("grand_total", "income_total", "expenditure_total", "appropriation_grand_total",
                                "general_expenditure", "procurement.yoy", "admin_cost.yoy")] == \
        [D(91), D(92), D(93), D(94), D(95), D(96), D(97)]
    assert d["three_public.total.yoy"].base is None
