"""`disclosure tables`: the nine tables as .xlsx, and the round trip tables → import."""

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.cli import main
from generator.excel import tables_file
from generator.importers.run import import_tables
from generator.model import parse_file
from generator.pipeline import check_file
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, INPUTS, edit

REPORTS = [p for p in sorted(INPUTS.glob("*.yaml")) if parse_file(p).input.is_report]


def _figures(fig):
    """What the tables print, from compute: every row's values, economic items, 三公, totals
    (budgets, admin cost and procurement are not in the tables)."""
    rows = {r.code: {k: v for k, v in r.values.items() if k != "budget"} for r in fig.rows
            if any(v for k, v in r.values.items() if k != "budget")}
    economic = {g.code: (g.total, tuple((i.code, i.amount) for i in g.items)) for g in fig.economic}
    three = {k: dict(v) for k, v in fig.three_public.items() if k in ("budget", "actual")}
    totals = {k: v for k, v in fig.totals.items() if k not in ("budget_total", "admin_cost", "procurement_total")}
    total_row = {k: v for k, v in fig.total.values.items() if k != "budget"}
    return {"rows": rows, "economic": economic, "three_public": three, "totals": totals, "total": total_row}


def test_examples_include_both_reports():
    assert {p.name for p in REPORTS} >= {EXAMPLE_2020.name, EXAMPLE_2024.name}


@pytest.mark.parametrize("example", REPORTS, ids=lambda p: p.stem)
def test_round_trip_tables_then_import_gives_the_same_figures(example, tmp_path):
    written = tables_file(example, tmp_path)
    assert written.written, [f.line() for f in written.findings]
    draft = tmp_path / "draft.yaml"
    result = import_tables(written.written[0], into=draft)
    assert not result.unread, result.findings
    checked = check_file(draft)
    assert not [f for f in checked.findings if f.severity == "error"], [f.line() for f in checked.findings]
    original, imported = _figures(written.checked.figures), _figures(checked.figures)
    for part in original:
        assert imported[part] == original[part], part
    assert checked.input.unit.name == written.checked.input.unit.name
    assert checked.input.unit.year == written.checked.input.unit.year
    assert checked.input.unit.scheme == written.checked.input.unit.scheme


RICH = """\
unit: {name: 综合测试单位, year: 2024, scheme: approval-2024, thousands_separator: true}
income:
  "2013101": {general: 1200.50, service: 30, other: 5.25}
  "2013102": {general: 80, upper_grant: 12}
  "2120801": {gov_fund: 40}
  "2230101": {state_capital: 15}
expenditure:
  "2013101": {basic: 1100.25, project: 100.25, other: {basic: 35.25}, remit: 2,
              carry_in: {basic: 1, project: 2}, carry_out: {basic: 1, project: 1, project_surplus: 1}}
  "2013102": {project: 80, other: {project: 10}}
  "2120801": {gov_fund: {project: 38, carry_in: 3, carry_out: 5}}
  "2230101": {state_capital: {project: 15}}
balances:
  start: {general: {basic: 1, project: 2}, gov_fund: 3, other: 7}
  end: {general: {basic: 1, project: 1, project_surplus: 1}, gov_fund: 5, other: 7}
basic_economic: {"30101": 1000.25, "30201": 100}
three_public:
  budget: {abroad: 1, vehicle_purchase: 2, vehicle_operation: 3, reception: 4}
  actual: {abroad: 0.5, vehicle_purchase: 2, vehicle_operation: 2.5, reception: 3.25}
"""


def test_round_trip_of_every_fund_carry_and_column(tmp_path):
    """All four funds, 非财政拨款 as the remainder of table 03, per-项 carry-overs (13-column
    table 05 and table 08), 上缴上级支出, income kinds, thousands separators."""
    source = tmp_path / "rich-2024.yaml"
    source.write_text(RICH, encoding="utf-8")
    written = tables_file(source, tmp_path)
    assert written.written, [f.line() for f in written.findings]
    draft = tmp_path / "draft.yaml"
    assert not import_tables(written.written[0], into=draft).unread
    checked = check_file(draft)
    assert not [f for f in checked.findings if f.severity == "error"], [f.line() for f in checked.findings]
    assert _figures(checked.figures) == _figures(written.checked.figures)
    entry = {e.code: e for e in checked.input.expenditure}["2013101"]
    assert entry.funds["other"].basic == Decimal("35.25") and entry.remit == Decimal("2.00")
    assert entry.funds["general"].carry_out.project_surplus == Decimal("1.00")


@pytest.fixture(scope="module")
def book_2024(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx")
    result = tables_file(EXAMPLE_2024, out)
    return openpyxl.load_workbook(result.written[0])


def test_one_sheet_per_table_named_by_title(book_2024):
    assert len(book_2024.sheetnames) == 9
    assert book_2024.sheetnames[0] == "收入支出决算批复表"
    assert book_2024.sheetnames[-1] == "财政拨款“三公”经费支出决算批复表"
    assert all(len(name) <= 31 for name in book_2024.sheetnames)


def test_title_caption_and_code(book_2024):
    ws = book_2024["收入决算批复表"]
    assert ws["A1"].value == "收入决算批复表"
    caption = [c.value for c in ws[2] if c.value]
    assert caption[0] == "部门：中共株洲市委政策研究室"
    assert "金额单位：万元" in caption and "财决批复02表" in caption
    assert "2024年度" in caption          # the approval scheme prints no year; the workbook does


def test_merged_headers_reproduce_spans(book_2024):
    ws = book_2024["一般公共预算财政拨款收入支出决算批复表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A3:B3" in merged                      # 项目 over code and name
    assert "C3:E3" in merged and "L3:O3" in merged  # 年初结转和结余 (3), 年末结转和结余 (4)
    three = book_2024["财政拨款“三公”经费支出决算批复表"]
    spans = {str(r) for r in three.merged_cells.ranges}
    assert {"A3:F3", "G3:L3", "A4:A5", "C4:E4"} <= spans   # 预算数, 决算数, 合计 rowspan 2, 公务用车 colspan 3


def test_amounts_are_exact_numbers_with_two_decimals_and_codes_are_text(book_2024):
    ws = book_2024["收入决算批复表"]
    rows = {str(r[0].value): r for r in ws.iter_rows(min_row=6) if r[0].value}
    total = rows["210"][2]
    assert isinstance(total.value, float) and total.value == 42.68 and total.number_format == "0.00"
    assert rows["2101101"][0].data_type == "s"
    assert rows["合计"][2].value == 660.56


def test_frozen_below_the_header_and_notes_under_the_table(book_2024):
    ws = book_2024["收入决算批复表"]
    assert ws.freeze_panes == "A6"                # title, caption, 3 header rows
    three = book_2024["财政拨款“三公”经费支出决算批复表"]
    assert three.freeze_panes == "A7"             # 4 header rows
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "注：1.本表依据《收入决算表》（财决03表）进行批复。" in texts
    assert ws.column_dimensions["B"].width > ws.column_dimensions["C"].width   # names are wider


def test_empty_table_states_it(book_2024):
    ws = book_2024["政府性基金预算财政拨款收入支出决算批复表"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "说明：我单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。" in texts
    body = [r for r in ws.iter_rows(min_row=6, max_row=6, values_only=True)][0]
    assert body[0] == "合计" and all(v is None for v in body[2:])


def test_thousands_separator_follows_the_scheme_choice(tmp_path):
    edited = edit(EXAMPLE_2020, "  percent_decimals: 2 ", "  thousands_separator: true\n  percent_decimals: 2 ",
                  tmp_path)
    result = tables_file(edited, tmp_path / "out")
    ws = openpyxl.load_workbook(result.written[0])["收入决算表"]
    amounts = [c for row in ws.iter_rows(min_row=6) for c in row if isinstance(c.value, (int, float))]
    assert amounts and all(c.number_format == "#,##0.00" for c in amounts)


def test_tables_writes_nothing_for_an_input_with_errors(tmp_path, capsys):
    bad = edit(EXAMPLE_2020, '"2010301": {basic: 141.81', '"2010301": {basic: 141.91', tmp_path)
    out = tmp_path / "out"
    assert main(["tables", str(bad), "--out", str(out)]) == 1
    assert "T03-SUM" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())


def test_tables_cli_writes_atomically(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["tables", str(EXAMPLE_2020), "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["zhuzhou-beijing-office-2020-tables.xlsx"]   # no temp left
    assert "zhuzhou-beijing-office-2020-tables.xlsx" in capsys.readouterr().out
    assert Path(out / "zhuzhou-beijing-office-2020-tables.xlsx").stat().st_size > 5000
    ws = openpyxl.load_workbook(out / "zhuzhou-beijing-office-2020-tables.xlsx")["一般公共预算财政拨款基本支出决算表"]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=3).value for r in range(4, ws.max_row + 1)}
    assert Decimal(str(values["301"])) == Decimal("0.90")     # the seed's 301 as entered, not re-added
