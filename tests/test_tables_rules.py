"""What generator/tables.py builds, checked against the rules of the nine tables by hand.

A small inline unit (three 类 of the 2024 catalogue, all three appropriation funds, money of
the unit's own 其他资金, carry-overs, 三公 figures that all differ) is checked once; each test
builds one table with ``tables.build`` from a scheme's spec (a built-in scheme's, or one
written here to reach an option no example uses) and asserts cells a person can work out from
domain.md: 行次 numbering (seed 002's expense side starts at 14, seed 001's at 32), 类/款/项
rows with the 类 rows bold, the 类|款|项 split, empty tables with their statement, 元 inputs
shown in 万元 rounded half up, the 三公 column orders, economic groups side by side, tables
written as data, ``show_if``.  No writer runs.  The examples' tables are pinned whole by
tests/test_tables_golden.py; these cases cover what the examples do not reach and say why a
value is right.
"""

import textwrap

import pytest

from generator import tables
from generator.compose import ComposeError
from generator.document import Table
from generator.formatting import NumberStyle
from generator.pipeline import check_file
from generator.scheme import TEMPLATES_DIR, load_scheme

C, R, L = "center", "right", "left"

#: income 159.5 + carry-overs at the start 9 = spending 164.5 + carry-overs at the end 4 = 168.5
UNIT = """\
unit: {name: 测试单位, year: 2024, scheme: public-2020}
profile:
  units:
    - {name: 测试单位本级, note: 含机关}
    - 测试单位下属所
income:
  "2010301": {general: 100, service: 20}
  "2080501": {general: 30.5}
  "2230101": {state_capital: 2}
  "2296002": {gov_fund: 7}
expenditure:
  "2010301": {basic: 60, project: 40, other: {project: 20}}
  "2080501": {basic: 30.5}
  "2130101": {other: {basic: 5}}
  "2230101": {state_capital: {project: 2}}
  "2296002": {gov_fund: {project: 7, carry_in: {project: 1}, carry_out: {project: 1}}}
balances:
  start: {general: 3, gov_fund: 1, other: 5}
  end: {general: 3, gov_fund: 1}
basic_economic:
  "30101": 60.5
  "30201": 30
three_public:
  budget: {abroad: 1, vehicle_purchase: 2, vehicle_operation: 3, reception: 4, vehicle: 5, total: 10}
  actual: {abroad: 0.5, vehicle_purchase: 1.5, vehicle_operation: 2.5, reception: 3.5, vehicle: 4, total: 8}
"""

#: amounts in 元: 12,344,450 元 = 1234.445 万元, printed 1234.45 (half up; banker's 1234.44); the
#: unit names 201 its own way (``codes``)
UNIT_YUAN = """\
unit: {name: 元单位, year: 2024, scheme: approval-2024, amount_unit: 元, table01_categories: nonzero}
codes: {"201": 本单位的一般公共服务支出}
income:
  "2010301": {general: 12344450}
expenditure:
  "2010301": {basic: 12344450}
basic_economic:
  "30101": 12344450
"""


class Scheme(dict):
    """A scheme's data written here (tables.py reads it with ``get``/``[]`` and names it)."""

    name = "test-scheme"


def figures_of(tmp_path_factory, text, name):
    path = tmp_path_factory.mktemp("tables") / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = check_file(path)
    assert result.figures is not None
    assert not [f for f in result.findings if f.severity == "error"], [f.line() for f in result.findings]
    return result.figures


@pytest.fixture(scope="module")
def fig(tmp_path_factory):
    return figures_of(tmp_path_factory, UNIT, "unit.yaml")


@pytest.fixture(scope="module")
def fig_yuan(tmp_path_factory):
    return figures_of(tmp_path_factory, UNIT_YUAN, "yuan.yaml")


@pytest.fixture(scope="module")
def public():
    return load_scheme("public-2020", (TEMPLATES_DIR,))


@pytest.fixture(scope="module")
def approval():
    return load_scheme("approval-2024", (TEMPLATES_DIR,))


STYLE = NumberStyle()


def build(spec, fig, scheme=None, style=STYLE, table_id="tx"):
    table = tables.build(table_id, spec, fig, Scheme() if scheme is None else scheme, style)
    assert isinstance(table, Table)
    return table


def cell(text, colspan=1, rowspan=1, align=L, bold=False):
    return (text, colspan, rowspan, align, bold)


def cells(row):
    return [(c.text, c.colspan, c.rowspan, c.align, c.bold) for c in row]


def texts(row):
    return [c.text for c in row]


def rows_text(table):
    return [texts(row) for row in table.body]


# ------------------------------------------------------------------ dispatch, show_if, captions

def test_an_unknown_or_missing_kind_is_a_compose_error_naming_the_known_kinds(fig):
    for spec, shown_kind in (({"kind": "nope"}, "'nope'"), ({}, "None")):
        with pytest.raises(ComposeError) as info:
            build(spec, fig, table_id="t99")
        message = str(info.value)
        assert f"scheme test-scheme: table t99 has kind {shown_kind}" in message
        assert message.endswith("known kinds: appropriation_summary, economic, figures, function, summary, "
                                "three_public, units")


def test_show_if_prints_a_table_when_one_of_its_figures_is_not_zero(fig):
    assert fig.totals["inc.gov_fund"] == 7 and fig.totals["inc.operating"] == 0
    assert tables.shown({}, fig) and tables.shown({"show_if": []}, fig)
    assert tables.shown({"show_if": "inc.gov_fund"}, fig)
    assert not tables.shown({"show_if": "inc.operating"}, fig)
    assert tables.shown({"show_if": ["inc.operating", "inc.gov_fund"]}, fig)
    assert not tables.shown({"show_if": ["inc.operating", "no.such.figure"]}, fig)


def test_captions_come_from_the_scheme_with_the_table_s_own_over_them(fig):
    scheme = Scheme(table_meta={"unit": "部门：{unit}", "year": "{year}年度", "amount": "单位：万元"})
    spec = {"kind": "units", "code": "公开99表", "notes": ["注：一。", "注：二。"], "meta": {"unit": "编制单位：{unit}"}}
    table = build(spec, fig, scheme, table_id="t42")
    assert (table.anchor, table.code) == ("tbl-t42", "公开99表")
    assert (table.meta_left, table.meta_center, table.meta_right) == ("编制单位：测试单位", "2024年度", "单位：万元")
    assert table.notes == ("注：一。", "注：二。")
    assert (table.landscape, table.font_size) == (False, 9.0)
    bare = build({"kind": "units", "landscape": True, "font_size": 7}, fig)
    assert (bare.meta_left, bare.meta_center, bare.meta_right, bare.code, bare.notes) == ("", "", "", "", ())
    assert (bare.landscape, bare.font_size) == (True, 7)


# ------------------------------------------------------------------ 类/款/项 tables (02, 03, 05, 08, 09)

SPENDING = [{"key": "exp.total", "label": "本年支出合计"}, {"key": "exp.basic", "label": "基本支出"},
            {"key": "exp.project", "label": "项目支出"}]


def test_function_table_one_code_column_total_first_and_kind_rows_bold(fig):
    table = build({"kind": "function", "columns": SPENDING}, fig)
    assert [cells(r) for r in table.header] == [
        [cell("项    目", 2, align=C), cell("本年支出合计", rowspan=2, align=C), cell("基本支出", rowspan=2, align=C),
         cell("项目支出", rowspan=2, align=C)],
        [cell("功能分类科目编码", align=C), cell("科目名称", align=C)],
        [cell("栏次", 2, align=C), cell("1", align=C), cell("2", align=C), cell("3", align=C)]]
    # 合计: 120 + 30.5 + 5 + 2 + 7 = 164.5; 基本 60 + 30.5 + 5 = 95.5; 项目 40 + 20 + 2 + 7 = 69
    assert cells(table.body[0]) == [cell("合计", 2, align=C), cell("164.50", align=R), cell("95.50", align=R),
                                    cell("69.00", align=R)]
    assert cells(table.body[1]) == [cell("201", bold=True), cell("一般公共服务支出", bold=True),
                                    cell("120.00", align=R), cell("60.00", align=R), cell("60.00", align=R)]
    assert cells(table.body[2])[:2] == [cell("20103"), cell("政府办公厅（室）及相关机构事务")]
    assert cells(table.body[3])[:2] == [cell("2010301"), cell("行政运行")]
    # every row with an amount in one of the columns (rows_with defaults to the columns' keys), 类 rows bold
    assert [(r[0].text, r[0].bold, r[1].bold) for r in table.body[1:]] == [
        ("201", True, True), ("20103", False, False), ("2010301", False, False),
        ("208", True, True), ("20805", False, False), ("2080501", False, False),
        ("213", True, True), ("21301", False, False), ("2130101", False, False),
        ("223", True, True), ("22301", False, False), ("2230101", False, False),
        ("229", True, True), ("22960", False, False), ("2296002", False, False)]
    assert not any(c.bold for r in table.body for c in r[2:])
    assert table.widths == (2.0, 4.2, 1.3, 1.3, 1.3)
    assert (table.font_size, table.empty_statement) == (9.0, "")


def test_function_table_rows_with_keeps_only_the_rows_of_its_fund(fig):
    spec = {"kind": "function", "rows_with": ["exp.general"], "code_width": 1.5, "name_width": 3.0,
            "columns": [{"key": "exp.general", "label": "合计"}, {"key": "exp.general.basic", "label": "基本支出"},
                        {"key": "exp.general.project", "label": "项目支出"}],
            "empty_statement": "说明：{unit}没有一般公共预算财政拨款支出，故本表无数据。"}
    table = build(spec, fig)
    # 213 is spent from the unit's own money, 223 and 229 from the other two funds: not in table 05
    assert rows_text(table) == [
        ["合计", "130.50", "90.50", "40.00"],
        ["201", "一般公共服务支出", "100.00", "60.00", "40.00"],
        ["20103", "政府办公厅（室）及相关机构事务", "100.00", "60.00", "40.00"],
        ["2010301", "行政运行", "100.00", "60.00", "40.00"],
        ["208", "社会保障和就业支出", "30.50", "30.50", "0.00"],
        ["20805", "行政事业单位养老支出", "30.50", "30.50", "0.00"],
        ["2080501", "行政单位离退休", "30.50", "30.50", "0.00"]]
    assert table.widths == (1.5, 3.0, 1.3, 1.3, 1.3)
    assert table.empty_statement == ""          # a table with rows says nothing about being empty
    named = build({**spec, "name_label": "名称", "code_label": "编码", "item_label": "项目"}, fig)
    assert texts(named.header[0])[0] == "项目" and texts(named.header[1]) == ["编码", "名称"]


def test_an_empty_function_table_keeps_its_frame_an_empty_total_and_its_statement(fig):
    spec = {"kind": "function", "rows_with": ["exp.operating"], "column_numbers": False,
            "columns": [{"key": "exp.operating", "label": "经营支出"}, {"key": "exp.total", "label": "合计"}],
            "empty_statement": "说明：{unit}{year}年度没有经营支出，故本表无数据。"}
    table = build(spec, fig)
    assert len(table.header) == 2                       # no 栏次 row
    assert [cells(r) for r in table.body] == [[cell("合计", 2, align=C), cell(""), cell("")]]
    assert table.empty_statement == "说明：测试单位2024年度没有经营支出，故本表无数据。"
    del spec["empty_statement"]
    assert build(spec, fig).empty_statement == ""          # the scheme gives none: nothing is said


def test_function_table_split_codes_groups_and_total_at_the_bottom(fig):
    spec = {"kind": "function", "code_columns": "split", "code_label": "支出功能分类科目编码", "item_label": "项目",
            "name_label": "名称", "total_row": "bottom", "rows_with": ["exp.gov_fund", "inc.state_capital"],
            "columns": [{"key": "inc.total", "label": "本年收入"},
                        {"key": "exp.basic", "label": "基本支出", "group": "本年支出"},
                        {"key": "exp.project", "label": "项目支出", "group": "本年支出"},
                        {"key": "carry", "label": "年末", "group": "结转"}]}
    fig_rows = {r.code: r for r in fig.rows}
    assert fig_rows["22960"].values.get("carry") is None          # a column no row has: read as 0
    spec["columns"][3]["key"] = "cout.gov_fund"
    table = build(spec, fig)
    assert [cells(r) for r in table.header] == [
        [cell("项目", 4, align=C), cell("本年收入", rowspan=3, align=C), cell("本年支出", 2, align=C),
         cell("结转", 1, align=C)],
        [cell("支出功能分类科目编码", 3, align=C), cell("名称", rowspan=2, align=C),
         cell("基本支出", rowspan=2, align=C), cell("项目支出", rowspan=2, align=C), cell("年末", rowspan=2, align=C)],
        [cell("类", align=C), cell("款", align=C), cell("项", align=C)],
        [cell("栏次", 4, align=C)] + [cell(str(i), align=C) for i in (1, 2, 3, 4)]]
    # 类 | 款 | 项 cells: a 类 row has its 类 only (all three bold), a 款 row repeats its 类
    assert [cells(r)[:4] for r in table.body[:-1]] == [
        [cell("223", align=C, bold=True), cell("", align=C, bold=True), cell("", align=C, bold=True),
         cell("国有资本经营预算支出", bold=True)],
        [cell("223", align=C), cell("01", align=C), cell("", align=C), cell("解决历史遗留问题及改革成本支出")],
        [cell("223", align=C), cell("01", align=C), cell("01", align=C), cell("厂办大集体改革支出")],
        [cell("229", align=C, bold=True), cell("", align=C, bold=True), cell("", align=C, bold=True),
         cell("其他支出", bold=True)],
        [cell("229", align=C), cell("60", align=C), cell("", align=C), cell("彩票公益金安排的支出")],
        [cell("229", align=C), cell("60", align=C), cell("02", align=C), cell("用于社会福利的彩票公益金支出")]]
    assert [texts(r)[4:] for r in table.body[:-1]] == [["2.00", "0.00", "2.00", "0.00"]] * 3 + \
        [["7.00", "0.00", "7.00", "1.00"]] * 3
    # the total row last, over the four code and name columns: every row of the unit, not only those shown
    assert cells(table.body[-1]) == [cell("合计", 4, align=C), cell("159.50", align=R), cell("95.50", align=R),
                                     cell("69.00", align=R), cell("1.00", align=R)]
    assert table.widths == (0.7, 0.6, 0.6, 4.2, 1.3, 1.3, 1.3, 1.3)


def test_grouped_columns_without_split_codes(fig):
    spec = {"kind": "function", "column_numbers": False, "rows_with": ["exp.gov_fund"],
            "columns": [{"key": "exp.total", "label": "合计"}, {"key": "exp.basic", "label": "基本", "group": "本年支出"},
                        {"key": "exp.project", "label": "项目", "group": "本年支出"}]}
    table = build(spec, fig)
    assert [cells(r) for r in table.header] == [
        [cell("项    目", 2, align=C), cell("合计", rowspan=2, align=C), cell("本年支出", 2, align=C)],
        [cell("功能分类科目编码", align=C), cell("科目名称", align=C), cell("基本", align=C), cell("项目", align=C)]]
    assert rows_text(table)[0] == ["合计", "164.50", "95.50", "69.00"]
    assert [r[0].text for r in table.body[1:]] == ["229", "22960", "2296002"]


def test_amounts_entered_in_yuan_print_in_wan_yuan_rounded_half_up(fig_yuan):
    spec = {"kind": "function", "columns": [{"key": "exp.total", "label": "合计"}]}
    assert rows_text(build(spec, fig_yuan))[:2] == [["合计", "1234.45"], ["201", "本单位的一般公共服务支出", "1234.45"]]
    grouped = build(spec, fig_yuan, style=NumberStyle(thousands_separator=True))
    assert rows_text(grouped)[3] == ["2010301", "行政运行", "1,234.45"]


# ------------------------------------------------------------------ table 01

def test_table01_short_list_expense_side_starts_right_after_the_income_side(fig, public):
    """public-2020 prints only the 类 with amounts; seed 002 (one 类) starts its expense side at 14."""
    table = build(public["tables"]["t01"], fig, public)
    assert [cells(r) for r in table.header] == [
        [cell("收入", 3, align=C), cell("支出", 3, align=C)],
        [cell("项    目", align=C), cell("行次", align=C), cell("决算数", align=C)] * 2,
        [cell("栏    次", align=C), cell("", align=C), cell("1", align=C),
         cell("栏    次", align=C), cell("", align=C), cell("2", align=C)]]
    body = rows_text(table)
    # 8 income kinds and a blank row (n = max(8 + 1, 5 类)), then 4 rows: 13 rows; 行次 1–13 and 14–26
    assert len(body) == 13
    assert [r[1] for r in body] == [str(i) for i in range(1, 14)]
    assert [r[4] for r in body] == [str(i) for i in range(14, 27)]
    # 213 (spent from the unit's own money only) is listed: it has an amount, not an appropriation
    assert [r[3:] for r in body[:6]] == [["一、一般公共服务支出", "14", "120.00"], ["二、社会保障和就业支出", "15", "30.50"],
                                          ["三、农林水支出", "16", "5.00"], ["四、国有资本经营预算支出", "17", "2.00"],
                                          ["五、其他支出", "18", "7.00"], ["", "19", ""]]
    assert [r[:3] for r in body[:9]] == [
        ["一、一般公共预算财政拨款收入", "1", "130.50"], ["二、政府性基金预算财政拨款收入", "2", "7.00"],
        ["三、国有资本经营预算财政拨款收入", "3", "2.00"], ["四、上级补助收入", "4", "0.00"], ["五、事业收入", "5", "20.00"],
        ["六、经营收入", "6", "0.00"], ["七、附属单位上缴收入", "7", "0.00"], ["八、其他收入", "8", "0.00"], ["", "9", ""]]
    assert body[9:] == [["本年收入合计", "10", "159.50", "本年支出合计", "23", "164.50"],
                        ["使用非财政拨款结余", "11", "0.00", "结余分配", "24", "0.00"],
                        ["年初结转和结余", "12", "9.00", "年末结转和结余", "25", "4.00"],
                        ["总计", "13", "168.50", "总计", "26", "168.50"]]
    aligns = [(r[0].align, r[1].align, r[2].align, r[3].align, r[4].align, r[5].align) for r in table.body]
    assert aligns[0] == (L, C, R, L, C, R) and aligns[8] == (L, C, L, L, C, L)       # a blank row's cells
    assert aligns[9] == aligns[12] == (C, C, R, C, C, R) and aligns[10] == (L, C, R, L, C, R)
    assert table.widths == (5.3, 0.9, 1.5, 5.3, 0.9, 1.5)


def test_table01_full_list_expense_side_starts_at_32(fig, approval):
    """approval-2024 prints all 26 standard 类 and a blank row before 总计: seed 001 starts at 行次 32."""
    table = build(approval["tables"]["t01"], fig, approval)
    body = rows_text(table)
    assert len(body) == 31 and body[0][4] == "32" and body[-1][4] == "62"
    assert body[0][3:] == ["一、一般公共服务支出", "32", "120.00"]
    assert body[1][3:] == ["二、外交支出", "33", "0.00"]                # listed with no amount
    assert body[11][3:] == ["十二、农林水支出", "43", "5.00"]
    assert body[25][3:] == ["二十六、抗疫特别国债安排的支出", "57", "0.00"]
    assert body[26:] == [["本年收入合计", "27", "159.50", "本年支出合计", "58", "164.50"],
                         ["使用非财政拨款结余（含专用结余）", "28", "0.00", "结余分配", "59", "0.00"],
                         ["年初结转和结余", "29", "9.00", "年末结转和结余", "60", "4.00"],
                         ["", "30", "", "", "61", ""],
                         ["总计", "31", "168.50", "总计", "62", "168.50"]]
    assert body[8][:3] == ["", "9", ""] and body[25][:3] == ["", "26", ""]


def test_table01_the_unit_s_choice_over_the_scheme_s_and_a_kind_outside_the_list(fig, fig_yuan, approval):
    # the unit says nonzero where approval-2024 says all: one 类 (201, by the unit's own name) and the
    # rows of the income side
    assert [r[3] for r in rows_text(build(approval["tables"]["t01"], fig_yuan, approval))[:2]] == \
        ["一、本单位的一般公共服务支出", ""]
    # a scheme that does not say: only the 类 with amounts
    assert [r[3] for r in rows_text(build({"kind": "summary"}, fig))[:6]] == \
        ["一、一般公共服务支出", "二、社会保障和就业支出", "三、农林水支出", "四、国有资本经营预算支出", "五、其他支出", ""]
    # a scheme list without 201, 213, 223 and 229: those still print, after the list, in code order
    scheme = Scheme(table01_categories="all", table01_category_codes=[208, 999])
    table = build({"kind": "summary", "row_numbers": False, "amount_label": "金额"}, fig, scheme)
    assert [cells(r) for r in table.header] == [
        [cell("收入", 2, align=C), cell("支出", 2, align=C)],
        [cell("项    目", align=C), cell("金额", align=C)] * 2]
    body = rows_text(table)
    assert [r[2:] for r in body[:7]] == [["一、社会保障和就业支出", "30.50"], ["二、", "0.00"], ["三、一般公共服务支出", "120.00"],
                                          ["四、农林水支出", "5.00"], ["五、国有资本经营预算支出", "2.00"], ["六、其他支出", "7.00"],
                                          ["", ""]]
    assert len(body) == 13 and body[-1] == ["总计", "168.50", "总计", "168.50"]
    assert table.widths == (5.3, 1.6, 5.3, 1.6)
    # nonzero: the unknown 999 (no row) is left out with the 类 without amounts
    scheme["table01_categories"] = "nonzero"
    body = rows_text(build({"kind": "summary", "row_numbers": False}, fig, scheme))
    assert [r[2] for r in body[:6]] == ["一、社会保障和就业支出", "二、一般公共服务支出", "三、农林水支出", "四、国有资本经营预算支出",
                                        "五、其他支出", ""]


# ------------------------------------------------------------------ table 04

def test_table04_by_fund_with_row_numbers(fig, public):
    spec = {k: v for k, v in public["tables"]["t04"].items() if k != "font_size"}
    table = build(spec, fig, public)
    assert [cells(r) for r in table.header] == [
        [cell("收入", 3, align=C), cell("支出", 6, align=C)],
        [cell("项    目", align=C), cell("行次", align=C), cell("金额", align=C), cell("项    目", align=C),
         cell("行次", align=C), cell("合计", align=C), cell("一般公共预算财政拨款", align=C),
         cell("政府性基金预算财政拨款", align=C), cell("国有资本经营预算财政拨款", align=C)],
        [cell("栏    次", align=C), cell(""), cell("1", align=C), cell("栏    次", align=C), cell("")]
        + [cell(str(i), align=C) for i in (2, 3, 4, 5)]]
    body = rows_text(table)
    # max(8, 5 类) rows, then 本年收入合计, 年初, its 3 funds, 总计: 14 rows; the expense side from 15
    assert len(body) == 14 and [r[1] for r in body] == [str(i) for i in range(1, 15)]
    assert [r[4] for r in body] == [str(i) for i in range(15, 29)]
    assert body[0] == ["一、一般公共预算财政拨款", "1", "130.50", "一、一般公共服务支出", "15", "100.00", "100.00", "0.00", "0.00"]
    assert body[1] == ["二、政府性基金预算财政拨款", "2", "7.00", "二、社会保障和就业支出", "16", "30.50", "30.50", "0.00",
                       "0.00"]
    # 213 has spending but no appropriation: "nonzero" lists it here too, with zeros (the 类 list is
    # the one of table 01; whether table 04 should leave it out is a question, not a rule pinned here)
    assert body[2] == ["三、国有资本经营预算财政拨款", "3", "2.00", "三、农林水支出", "17", "0.00", "0.00", "0.00", "0.00"]
    assert body[3][3:] == ["四、国有资本经营预算支出", "18", "2.00", "0.00", "0.00", "2.00"]
    assert body[4] == ["", "5", "", "五、其他支出", "19", "7.00", "0.00", "7.00", "0.00"]
    assert body[5] == ["", "6", "", "", "20", "", "", "", ""]
    assert body[8:] == [
        ["本年收入合计", "9", "139.50", "本年支出合计", "23", "139.50", "130.50", "7.00", "2.00"],
        ["年初财政拨款结转和结余", "10", "4.00", "年末财政拨款结转和结余", "24", "4.00", "3.00", "1.00", "0.00"],
        ["一般公共预算财政拨款", "11", "3.00", "", "25", "", "", "", ""],
        ["政府性基金预算财政拨款", "12", "1.00", "", "26", "", "", "", ""],
        ["国有资本经营预算财政拨款", "13", "0.00", "", "27", "", "", "", ""],
        ["总计", "14", "143.50", "总计", "28", "143.50", "133.50", "8.00", "2.00"]]
    aligns = [[c.align for c in r] for r in table.body]
    assert aligns[0] == [L, C, R, L, C, R, R, R, R] and aligns[5] == [L, C, L, L, C, L, L, L, L]
    assert aligns[8] == aligns[13] == [C, C, R, C, C, R, R, R, R] and aligns[9][0] == aligns[9][3] == L
    assert table.widths == (3.85, 0.7, 1.25, 3.85, 0.7, 1.25, 1.25, 1.25, 1.25) and table.font_size == 8.0


def test_table04_without_row_numbers(fig, approval):
    table = build({"kind": "appropriation_summary", "row_numbers": False, "amount_label": "决算数"}, fig, approval)
    assert [cells(r) for r in table.header] == [
        [cell("收入", 2, align=C), cell("支出", 5, align=C)],
        [cell("项    目", align=C), cell("决算数", align=C), cell("项    目", align=C), cell("合计", align=C),
         cell("一般公共预算财政拨款", align=C), cell("政府性基金预算财政拨款", align=C), cell("国有资本经营预算财政拨款", align=C)]]
    body = rows_text(table)
    assert len(body) == 32                 # the 26 类 of approval-2024, then six rows
    assert body[0] == ["一、一般公共预算财政拨款", "130.50", "一、一般公共服务支出", "100.00", "100.00",
                       "0.00", "0.00"]
    assert body[3] == ["", "", "四、公共安全支出", "0.00", "0.00", "0.00", "0.00"]
    assert body[-1] == ["总计", "143.50", "总计", "143.50", "133.50", "8.00", "2.00"]
    assert table.widths == (3.85, 1.4, 3.85, 1.25, 1.25, 1.25, 1.25)


# ------------------------------------------------------------------ table 06

ECONOMIC = {"kind": "economic", "columns": [["301", "303"], ["307", "310"], ["302", "399", "398"]],
            "optional_groups": ["307"]}


def test_table06_groups_side_by_side_with_their_items_and_footers(fig):
    items = {g.code: len(g.items) for g in fig.economic}
    table = build({**ECONOMIC, "group_header": True}, fig)
    assert [cells(r) for r in table.header] == [
        [cell("人员经费", 3, align=C), cell("公用经费", 6, align=C)],
        [cell(label, align=C) for _ in range(3) for label in ("经济分类科目编码", "科目名称", "决算数")]]
    body = table.body
    # 307 is optional and has no amount: left out, so the second column starts with 310 (no amount, printed)
    assert cells(body[0]) == [cell("301", bold=True), cell("工资福利支出", bold=True), cell("60.50", align=R),
                              cell("310", bold=True), cell("资本性支出", bold=True), cell("0.00", align=R),
                              cell("302", bold=True), cell("商品和服务支出", bold=True), cell("30.00", align=R)]
    assert cells(body[1])[:3] + cells(body[1])[6:] == [cell("30101"), cell("基本工资"), cell("60.50", align=R),
                                                       cell("30201"), cell("办公费"), cell("30.00", align=R)]
    # each group's items under it, the next group after them; a shorter column ends in blank cells
    assert texts(body[items["301"] + 1])[:3] == ["303", "对个人和家庭的补助", "0.00"] and body[items["301"] + 1][0].bold
    assert texts(body[items["302"] + 1])[6:8] == ["399", "其他支出"]
    assert cells(body[items["310"] + 1])[3:6] == [cell("")] * 3
    depth = max(items["301"] + items["303"] + 2, items["310"] + 1, items["302"] + items["399"] + 2)   # 398: no group
    assert len(body) == depth + 1
    assert cells(body[-1]) == [cell("人员经费合计", 2, align=C), cell("60.50", align=R),
                               cell("公用经费合计", 5, align=C), cell("30.00", align=R)]
    assert table.widths == (1.0, 3.4, 1.2) * 3 and table.font_size == 8.0
    assert len(build(ECONOMIC, fig).header) == 1          # no 人员经费 / 公用经费 row


def test_table06_codes_written_as_numbers(fig):
    """The scheme schema lets a bureau write the codes unquoted (``[[301, 303], [302, 307]]``):
    the same table as with quoted codes (it used to print no group at all, only the footers)."""
    quoted = build({**ECONOMIC, "columns": [["301", "303"], ["302", "307"]], "optional_groups": ["307"]}, fig)
    numbers = build({**ECONOMIC, "columns": [[301, 303], [302, 307]], "optional_groups": [307]}, fig)
    assert rows_text(numbers) == rows_text(quoted)
    assert texts(numbers.body[0]) == ["301", "工资福利支出", "60.50", "302", "商品和服务支出", "30.00"]
    assert "307" not in [c.text for r in numbers.body for c in r]          # optional, no amount


def test_table06_split_codes(fig):
    table = build({"kind": "economic", "columns": [["301"], ["302"]], "code_columns": "split", "code_label": "编码"}, fig)
    assert [cells(r) for r in table.header] == [
        [cell("编码", 2, align=C), cell("科目名称", rowspan=2, align=C), cell("决算数", rowspan=2, align=C)] * 2,
        [cell("类", align=C), cell("款", align=C)] * 2]
    assert cells(table.body[0])[:4] == [cell("301", align=C, bold=True), cell("", align=C),
                                        cell("工资福利支出", bold=True), cell("60.50", align=R)]
    assert cells(table.body[1])[4:] == [cell("302", align=C), cell("01", align=C), cell("办公费"), cell("30.00", align=R)]
    n301 = next(len(g.items) for g in fig.economic if g.code == "301")
    n302 = next(len(g.items) for g in fig.economic if g.code == "302")
    assert n302 > n301 and texts(table.body[n301 + 1])[:4] == ["", "", "", ""]
    assert cells(table.body[-1]) == [cell("人员经费合计", 3, align=C), cell("60.50", align=R),
                                     cell("公用经费合计", 3, align=C), cell("30.00", align=R)]
    assert len(table.header) == 2 and table.widths == (0.6, 0.5, 3.3, 1.2) * 2


# ------------------------------------------------------------------ table 07

def test_table07_by_side_budget_columns_then_actual_ones(fig):
    table = build({"kind": "three_public"}, fig)
    side = [cell("合计", rowspan=2, align=C), cell("因公出国（境）费", rowspan=2, align=C),
            cell("公务用车购置及运行费", 3, align=C), cell("公务接待费", rowspan=2, align=C)]
    assert [cells(r) for r in table.header] == [
        [cell("预算数", 6, align=C), cell("决算数", 6, align=C)], side * 2,
        [cell("小计", align=C), cell("公务用车购置费", align=C), cell("公务用车运行费", align=C)] * 2,
        [cell(str(i), align=C) for i in range(1, 13)]]
    # 合计, 出国, 小计 (购置 + 运行), 购置, 运行, 接待 — budget, then actual
    assert rows_text(table) == [["10.00", "1.00", "5.00", "2.00", "3.00", "4.00",
                                 "8.00", "0.50", "4.00", "1.50", "2.50", "3.50"]]
    assert all(c.align == R for c in table.body[0])
    assert table.widths == (1.0,) * 12 and table.font_size == 9.0


def test_table07_by_item_budget_and_actual_side_by_side_under_a_caption(fig):
    spec = {"kind": "three_public", "arrangement": "by_item", "caption": "财政拨款“三公”经费", "column_numbers": False,
            "vehicle_label": "公务用车购置及运行维护费", "vehicle_operation_label": "公务用车运行维护费"}
    table = build(spec, fig)
    assert [cells(r) for r in table.header] == [
        [cell("财政拨款“三公”经费", 12, align=C)],
        [cell("合计", 2, 2, C), cell("因公出国（境）费", 2, 2, C), cell("公务用车购置及运行维护费", 6, align=C),
         cell("公务接待费", 2, 2, C)],
        [cell("小计", 2, align=C), cell("公务用车购置费", 2, align=C), cell("公务用车运行维护费", 2, align=C)],
        [cell(label, align=C) for _ in range(6) for label in ("预算数", "决算数")]]
    assert rows_text(table) == [["10.00", "8.00", "1.00", "0.50", "5.00", "4.00",
                                 "2.00", "1.50", "3.00", "2.50", "4.00", "3.50"]]
    plain = build({"kind": "three_public", "arrangement": "by_item"}, fig)
    assert len(plain.header) == 4 and texts(plain.header[0])[0] == "合计" and texts(plain.header[-1])[-1] == "12"


# ------------------------------------------------------------------ tables written as data, units

def test_a_table_written_as_data(fig):
    spec = {"kind": "figures",
            "header": [["项目", {"text": "金额", "colspan": 2}], [{"text": "种类", "rowspan": "2"}, "本年", "上年"]],
            "rows": [["政府性基金收入", {"figure": "inc.gov_fund"}, {"text": "见注", "align": "right"}],
                     [{"text": "合计"}, {"figure": "no.such.figure"}, 5]]}
    table = build(spec, fig)
    assert [cells(r) for r in table.header] == [
        [cell("项目", align=C), cell("金额", 2, align=C)],
        [cell("种类", rowspan=2, align=C), cell("本年", align=C), cell("上年", align=C)]]
    assert [cells(r) for r in table.body] == [
        [cell("政府性基金收入"), cell("7.00", align=R), cell("见注", align=R)],
        [cell("合计"), cell("", align=R), cell("5")]]
    assert table.widths == (3.0, 1.5, 1.5)
    assert build({**spec, "widths": [2, 2, 1]}, fig).widths == (2, 2, 1)
    assert table.anchor == "tbl-tx"
    assert cells(build({"kind": "figures", "rows": [[{"colspan": 2}]]}, fig).body[0]) == [cell("", 2)]
    assert build({"kind": "figures"}, fig).widths == (3.0,)


def test_units_table_numbers_the_units_and_an_empty_one_says_so(fig, fig_yuan):
    table = build({"kind": "units"}, fig)
    assert [cells(r) for r in table.header] == [[cell("序号", align=C), cell("单位名称", align=C), cell("备注", align=C)]]
    assert [cells(r) for r in table.body] == [[cell("1", align=C), cell("测试单位本级"), cell("含机关")],
                                              [cell("2", align=C), cell("测试单位下属所"), cell("")]]
    assert table.widths == (1.0, 6.0, 4.0) and table.empty_statement == ""
    spec = {"kind": "units", "labels": ["No.", "名称", "说明"], "widths": [1, 2, 3],
            "empty_statement": "{unit}{year}年度无下属单位。"}
    empty = build(spec, fig_yuan)
    assert texts(empty.header[0]) == ["No.", "名称", "说明"] and empty.body == ()
    assert empty.widths == (1, 2, 3) and empty.empty_statement == "元单位2024年度无下属单位。"
    assert build({"kind": "units"}, fig_yuan).empty_statement == ""


@pytest.mark.parametrize("kind", ["summary", "appropriation_summary", "economic", "three_public", "figures"])
def test_a_table_that_always_has_rows_never_prints_the_empty_statement(fig, kind):
    spec = {"kind": kind, "empty_statement": "本表无数据。", "columns": [["301"], ["302"]]}
    assert build(spec, fig).empty_statement == ""
