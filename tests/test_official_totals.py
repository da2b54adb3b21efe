"""Official totals win within the rounding tolerance (issue 8.1).

A report typed exactly as printed (万元 items with the official totals, which come from 元)
checks clean and prints the official totals; beyond the tolerance it is an error; 元 inputs
stay exact.  Expectations are written by hand from the seed documents, not regenerated.
"""

from decimal import Decimal

import pytest

from generator.compose import tail_lists
from generator.pipeline import check_file, render_file
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024
from tests.extract import docx_text

D = Decimal

TWO_ITEMS = """\
unit: {{name: 测试单位, year: 2024, scheme: approval-2024{unit}}}
income:
  "2013101": {{general: {a}}}
  "2013102": {{general: {b}}}
  "201": {{general: {stated}}}
expenditure:
  "2013101": {{basic: {a}}}
  "2013102": {{basic: {b}}}
  "201": {{basic: {stated}}}
basic_economic:
  "30101": {a}
  "30201": {b}
{extra}"""


def unit(write_yaml, a, b, stated, unit="", extra=""):
    path = write_yaml(TWO_ITEMS.format(a=a, b=b, stated=stated, unit=unit, extra=extra))
    return check_file(path)


def errors(result):
    return [f for f in result.findings if f.severity == "error"]


@pytest.mark.parametrize("a,b,stated", [
    ("60.01", "40.00", "100.00"),     # the items add up to a cent more than the official total
    ("59.99", "40.00", "100.00"),     # a cent less
    ("59.99", "40.00", "99.98"),      # two items: 0.01 is the most their tails can make
])
def test_total_within_tolerance_is_official(write_yaml, a, b, stated):
    result = unit(write_yaml, a, b, stated)
    assert [f.rule for f in errors(result)] == [], [f.line() for f in errors(result)]
    fig = result.figures
    official = D(stated)
    assert fig.row("201")["inc.general"] == official and fig.row("201")["exp.general.basic"] == official
    # the 合计 row and every figure above adds up the official 类 rows, not the items
    assert fig.total["inc.total"] == official and fig.totals["exp.general"] == official
    assert fig.totals["grand_total"] == official


@pytest.mark.parametrize("a,b,stated", [("60.02", "40.00", "100.00"), ("59.98", "40.00", "100.00")])
def test_total_beyond_tolerance_is_an_error(write_yaml, a, b, stated):
    result = unit(write_yaml, a, b, stated)
    found = {(f.rule, f.source.path) for f in errors(result)}
    assert ("T02-SUM", "income.201.general") in found and ("T03-SUM", "expenditure.201.basic") in found


def test_yuan_inputs_stay_exact(write_yaml):
    # 600,100 元 + 400,000 元 = 100.01 万元 exactly; a stated 1,000,000 元 is one 100 元 off
    result = unit(write_yaml, "600100", "400000", "1000000", unit=", amount_unit: 元")
    assert {"T02-SUM", "T03-SUM"} <= {f.rule for f in errors(result)}
    exact = unit(write_yaml, "600100", "400000", "1000100", unit=", amount_unit: 元")
    assert errors(exact) == [] and exact.figures.total["inc.total"] == D("100.01")


def test_declared_total_settles_its_only_part(write_yaml):
    """A declared 基本支出 合计 with one fund is that fund's official figure (table 05 = 03)."""
    result = unit(write_yaml, "60.01", "40.00", "100.01",
                  extra="declared: {basic_total: 100.00, expenditure_total: 100.00, income_total: 100.00}\n")
    assert errors(result) == []
    t = result.figures.totals
    assert t["exp.basic"] == t["exp.general.basic"] == t["exp.general"] == t["expenditure_total"] == D("100.00")
    assert t["income_total"] == t["inc.general"] == D("100.00")


def test_declared_total_beyond_tolerance(write_yaml):
    """Beyond the tolerance the stated total is an error and is not used: one error, no cascade."""
    result = unit(write_yaml, "60.00", "40.00", "100.00", extra="declared: {expenditure_total: 100.03}\n")
    [finding] = errors(result)
    assert finding.rule == "T01-DECLARED" and finding.source.path == "declared.expenditure_total"
    assert "100.03" in finding.text() and result.figures.totals["expenditure_total"] == D("100.00")


def test_more_than_two_decimals_is_a_finding(write_yaml):
    result = unit(write_yaml, "60.004", "40.00", "100.00")
    found = [f for f in result.findings if f.rule == "AMOUNT-PRECISION"]
    assert {f.severity for f in found} == {"warning"}
    assert {f.source.path for f in found} == {"income.2013101.general", "expenditure.2013101.basic",
                                              "basic_economic.30101"}
    assert not [f for f in unit(write_yaml, "60.000", "40", "100").findings if f.rule == "AMOUNT-PRECISION"]


# ---------------------------------------------------------------- the 2024 example as printed

@pytest.fixture(scope="module")
def report_2024(tmp_path_factory):
    out = tmp_path_factory.mktemp("official")
    result = render_file(EXAMPLE_2024, out, ["docx"])
    assert result.written, [f.line() for f in result.findings]
    return result.checked.figures, docx_text(result.written[0])


def test_2024_example_prints_the_approved_figures(report_2024):
    """Seed 001 (the approved 决算) prints 79.83 and 5.65, 392.75, 368.19, 42.68 and 762.92."""
    fig, text = report_2024
    t = fig.totals
    assert t["public"] == D("79.83") and t["personnel"] == D("392.75") and t["admin_cost"] == D("79.83")
    assert fig.deltas["admin_cost.budget"].change == D("-5.65")
    assert t["budget_total"] == D("762.92") and fig.row("210")["exp.general"] == D("42.68")
    for printed in ("机关运行经费支出79.83万元，比年初预算数减少5.65万元", "年初预算数为762.92万元",
                    "人员经费392.75万元", "公用经费79.83万元", "卫生健康（类）支出42.68万元"):
        assert printed in text
    assert "人员经费合计\t392.75\t公用经费合计\t79.83" in text and "301\t工资福利支出\t368.19" in text
    # computed from the printed items these would have been 79.82 / 5.66 / 392.76 / 762.91
    for wrong in ("79.82", "5.66万元", "392.76", "762.91", "42.69"):
        assert wrong not in text


def test_2024_tail_note_names_the_lists_that_do_not_add_up(report_2024):
    """514.12 + 73.97 + 42.68 + 29.78 = 660.55 against the official 660.56: said once."""
    fig, text = report_2024
    assert tail_lists(fig) == ["一般公共预算财政拨款支出结构", "年初预算"]
    assert text.count("分项之和与合计存在尾数差异") == 1
    assert "一般公共预算财政拨款支出结构、年初预算的分项之和与合计存在尾数差异" in text


def test_no_tail_note_where_everything_adds_up():
    assert tail_lists(check_file(EXAMPLE_2020).figures) == []
