"""`disclosure import`: workbooks as real exports make them, into a draft input."""

import csv
import re
from decimal import Decimal

import openpyxl
import pytest

from generator.cli import main
from generator.importers.draft_yaml import merge_text
from generator.importers.grid import Grid, GridCell
from generator.importers.interpret import interpret, table_kind
from generator.importers.run import import_tables
from generator.importers.workbook import read_workbook
from generator.pipeline import check_file
from tests.conftest import EXAMPLE_2020, ROOT

D = Decimal
SHARED = ROOT.parent / "shared"
CAPTION = ["部门：测试局", None, None, None, "2021年度", None, "单位：万元"]

# An export as the accounting software makes one: sheets named Sheet1…, extra title rows,
# split 类|款|项 code columns with blanks meaning "as above", codes stored as numbers (int and
# float), blank for 0, "1,249.50" text, full-width brackets, spaced header words, 栏次 rows.
TABLES = {
    "Sheet1": [
        ["测试局2021年度部门决算"],
        ["收入决算表"],
        CAPTION,
        ["项    目", None, None, None, "本年收入", "财政拨款收入", "事业收入", "其他收入"],
        ["类", "款", "项", "科目名称", None, None, None, None],
        ["栏次", None, None, None, 1, 2, 3, 4],
        [None, None, None, "合计", "1,249.50", 1000.5, None, 249],
        [201, None, None, "一般公共服务支出", 1049.5, 800.5, None, 249],
        [None, 3, None, "政府办公厅（室）及相关机构事务", 1049.5, 800.5, None, 249],
        [None, None, 1, "行政运行", 849, 600, None, 249],
        [None, None, 2, "一般行政管理事务", "200.50", "200.50", "", ""],
        [208, None, None, "社会保障和就业支出", 200, 200, None, None],
        [None, 5, None, "行政事业单位养老支出", 200, 200, None, None],
        [None, None, 5, "机关事业单位基本养老保险缴费支出", 200, 200, None, None],
    ],
    "支出决算表": [
        ["支出决算表", None, None, None, None, None, "公开03表"],
        CAPTION,
        ["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
         "对附属单位补助支出"],
        ["合计", None, 1249.5, 1049, 200.5, None, None, None],
        [201.0, "一般公共服务支出", 1049.5, 849, 200.5, None, None, None],
        [20103.0, "政府办公厅(室)及相关机构事务", 1049.5, 849, 200.5, None, None, None],
        [2010301, "行政运行", 849, 849, "-", None, None, None],
        ["2010302", "一般行政管理事务", 200.5, None, 200.5, None, None, None],
        ["208", "社会保障和就业支出", 200, 200, None, None, None, None],
        ["20805", "行政事业单位养老支出", 200, 200, None, None, None, None],
        ["2080505", "机关事业单位基本养老保险缴费支出", 200, 200, None, None, None, None],
        ["注：本表反映部门本年度各项支出情况。"],
    ],
    "一般公共预算财政拨款支出决算表": [
        ["一般公共预算财政拨款支出决算表"],
        CAPTION,
        ["项目", None, "本年支出", None, None],
        ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
        ["合计", None, 1000.5, 800, 200.5],
        ["201", "一般公共服务支出", 800.5, 600, 200.5],
        ["20103", "政府办公厅（室）及相关机构事务", 800.5, 600, 200.5],
        ["2010301", "行政运行", 600, 600, None],
        ["2010302", "一般行政管理事务", 200.5, None, 200.5],
        ["208", "社会保障和就业支出", 200, 200, None],
        ["20805", "行政事业单位养老支出", 200, 200, None],
        ["2080505", "机关事业单位基本养老保险缴费支出", 200, 200, None],
    ],
    "表6": [
        ["一般公共预算财政拨款基本支出决算表"],
        CAPTION,
        ["经济分类", None, "科目名称", "决算数", "经济分类", None, "科目名称", "决算数"],
        ["科目编码", None, None, None, "科目编码", None, None, None],
        ["类", "款", None, None, "类", "款", None, None],
        [301, None, "工资福利支出", 600, 302, None, "商品和服务支出", 200],
        [None, 1, "基本工资", 400, None, 1, "办公费", 150],
        [None, 2, "津贴补贴", 200, None, 99, "其 他 商 品 和 服 务 支出", 50],
        ["人员经费合计", None, None, 600, "公用经费合计", None, None, 200],
    ],
    "三公": [
        ["财政拨款“三公”经费支出决算表"],
        CAPTION,
        ["合计", None, "因公出国（境）费", None, "公务用车购置及运行费", None, None, None, None, None,
         "公务接待费", None],
        [None, None, None, None, "小计", None, "公务用车购置费", None, "公务用车运行费", None, None, None],
        ["预算数", "决算数"] * 6,
        [10, 8.5, None, None, 4, 3.5, None, None, 4, 3.5, 6, 5],
    ],
    "收入支出决算总表": [
        ["收入支出决算总表"],
        CAPTION,
        ["收入", None, "支出", None],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款收入", 1000.5, "一、一般公共服务支出", 1049.5],
        ["八、其他收入", 249, "二、社会保障和就业支出", 200],
        ["本年收入合计", 1249.5, "本年支出合计", 1249.5],
        ["使用非财政拨款结余（含专用结余）", None, "结余分配", None],
        ["年初结转和结余", 30, "年末结转和结余", 30],
        ["总计", 1279.5, "总计", 1279.5],
    ],
    "财政拨款收入支出决算总表": [
        ["财政拨款收入支出决算总表"],
        CAPTION,
        ["收入", None, "支出", None, None, None, None],
        ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        ["一、一般公共预算财政拨款", 1000.5, "一、一般公共服务支出", 800.5, 800.5, None, None],
        ["本年收入合计", 1000.5, "本年支出合计", 1000.5, 1000.5, None, None],
        ["年初财政拨款结转和结余", 20, "年末财政拨款结转和结余", 20, 20, None, None],
        ["一、一般公共预算财政拨款", 20, None, None, None, None, None],
        ["总计", 1020.5, "总计", 1020.5, 1020.5, None, None],
    ],
    "政府性基金预算财政拨款收入支出决算表": [
        ["政府性基金预算财政拨款收入支出决算表"],
        CAPTION,
        ["项目", None, "年初结转和结余", "本年收入", "本年支出", None, None, "年末结转和结余"],
        ["科目编码", "科目名称", None, None, "小计", "基本支出", "项目支出", None],
        ["合计", None, None, None, None, None, None, None],
        ["注：本单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。"],
    ],
    "国有资本经营预算财政拨款支出决算表": [
        ["国有资本经营预算财政拨款支出决算表"],
        CAPTION,
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", None, None, None, None],
    ],
}

EXPECTED = {
    "income": {"2010301": {"general": D("600"), "other": D("249")}, "2010302": {"general": D("200.50")},
               "2080505": {"general": D("200")}, "201": {"general": D("800.5"), "other": D("249")}},
    "expenditure": {"2010301": {"basic": D("600"), "other": {"basic": D("249")}},
                    "2010302": {"project": D("200.5")}, "2080505": {"basic": D("200")},
                    "201": {"basic": D("600"), "project": D("200.5"), "other": {"basic": D("249")}}},
    "basic_economic": {"301": D("600"), "30101": D("400"), "30102": D("200"), "302": D("200"),
                       "30201": D("150"), "30299": D("50")},
    "three_public": {"budget": {"abroad": 0, "vehicle_purchase": 0, "vehicle_operation": D("4"),
                                "reception": D("6"), "vehicle": D("4"), "total": D("10")},
                     "actual": {"abroad": 0, "vehicle_purchase": 0, "vehicle_operation": D("3.5"),
                                "reception": D("5"), "vehicle": D("3.5"), "total": D("8.5")}},
    "balances": {"use_of_surplus": 0, "surplus_distribution": 0, "start": {"general": D("20"), "other": D("10")},
                 "end": {"general": D("20"), "other": D("10")}},
    "declared": {"income_total": D("1249.50"), "expenditure_total": D("1249.5"), "basic_total": D("1049"),
                 "project_total": D("200.5"), "grand_total": D("1279.5"), "appropriation_income": D("1000.5"),
                 "appropriation_grand_total": D("1020.5"), "personnel_total": D("600"), "public_total": D("200")},
}


def write_xlsx(path, tables=TABLES):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def write_csv(folder, tables=TABLES, encoding="utf-8-sig"):
    folder.mkdir()
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows([["" if v is None else v for v in row] for row in rows])
    return folder


def _subset(expected, actual, path=""):
    for key, value in expected.items():
        assert key in actual, f"{path}{key} missing"
        if isinstance(value, dict):
            _subset(value, actual[key], f"{path}{key}.")
        else:
            assert actual[key] == value, f"{path}{key}: {actual[key]} != {value}"


def _draft(source):
    draft = interpret(read_workbook(source), "book")
    return draft


def test_workbook_with_every_variation(tmp_path):
    draft = _draft(write_xlsx(tmp_path / "export.xlsx"))
    assert not draft.unread, [f.params for f in draft.findings]
    _subset(EXPECTED, draft.data)
    # name and year from the captions, the scheme from the table code 公开03表
    assert draft.data["unit"] == {"name": "测试局", "year": 2021, "scheme": "public-2020"}
    # the stated 类/款 rows are carried as printed; no leaf is invented
    assert set(draft.data["expenditure"]) == {"201", "20103", "2010301", "2010302", "208", "20805", "2080505"}
    # a name that matches the catalogue (after blanks and bracket widths) is not repeated
    assert all("name" not in entry for entry in draft.data["expenditure"].values())


def test_the_draft_checks_clean(tmp_path, capsys):
    target = tmp_path / "draft.yaml"
    assert main(["import", str(write_xlsx(tmp_path / "export.xlsx")), "--into", str(target)]) == 0
    checked = check_file(target)
    assert not [f for f in checked.findings if f.severity == "error"], [f.line() for f in checked.findings]
    fig = checked.figures
    assert fig.totals["exp.other"] == D("249") and fig.totals["carry_start.other"] == D("10")
    assert fig.totals["personnel"] == D("600")


def test_csv_folder_utf8_bom_and_gbk_give_the_same_draft(tmp_path):
    xlsx = _draft(write_xlsx(tmp_path / "export.xlsx")).data
    utf8 = _draft(write_csv(tmp_path / "utf8")).data
    gbk = _draft(write_csv(tmp_path / "gbk", encoding="gbk")).data
    assert utf8 == xlsx
    assert gbk == xlsx
    listed = _draft(sorted((tmp_path / "utf8").glob("*.csv"))).data
    assert listed == xlsx


def test_amounts_in_yuan_are_marked(tmp_path):
    tables = {name: [[("单位：元" if v == "单位：万元" else v) for v in row] if row is CAPTION else row
                     for row in rows] for name, rows in TABLES.items()}
    draft = _draft(write_xlsx(tmp_path / "yuan.xlsx", tables))
    assert draft.data["unit"]["amount_unit"] == "元"
    assert draft.data["income"]["2010301"]["general"] == D("600")     # as read: the program converts


def test_unreadable_cells_are_located_and_left_out(tmp_path, capsys):
    tables = dict(TABLES)
    rows = [list(r) for r in TABLES["支出决算表"]]
    rows[6][3] = "12..5"          # D7: 2010301 基本支出
    rows[7][4] = "abc"            # E8: 2010302 项目支出
    tables["支出决算表"] = rows
    book = write_xlsx(tmp_path / "bad.xlsx", tables)
    target = tmp_path / "draft.yaml"
    assert main(["import", str(book), "--into", str(target)]) == 1
    err = capsys.readouterr().err
    assert "支出决算表!D7: 错误 [IMPORT-AMOUNT] “12..5”不能读作金额" in err
    assert "支出决算表!E8: 错误 [IMPORT-AMOUNT] “abc”不能读作金额" in err
    text = target.read_text(encoding="utf-8")           # the draft is written all the same
    # 2010301's 基本支出 in table 03 is unread: its 非财政拨款 part is not guessed
    assert '\n  "2010301": {basic: 600}\n' in text.split("expenditure:")[1]
    assert '\n  "2010302": {project: 200.5}\n' in text.split("expenditure:")[1]


def test_unreadable_code_and_row_without_code(tmp_path):
    tables = dict(TABLES)
    rows = [list(r) for r in TABLES["支出决算表"]]
    rows[7][0] = "2O10302"        # a letter O
    rows[8][0] = None             # 208: amounts without a code
    tables["支出决算表"] = rows
    draft = _draft(write_xlsx(tmp_path / "bad.xlsx", tables))
    found = {(f.rule, f.source.path) for f in draft.findings}
    assert ("IMPORT-CODE", "支出决算表!A8") in found
    assert ("IMPORT-ROW", "支出决算表!A9") in found


def test_name_caption_with_the_unit_in_the_same_cell_and_a_table_twice(tmp_path):
    tables = {"Sheet1": [["编制单位：测试局      单位：万元"]] + TABLES["支出决算表"][2:],
              "Sheet2": TABLES["支出决算表"]}
    draft = _draft(write_xlsx(tmp_path / "x.xlsx", tables))
    assert draft.data["unit"]["name"] == "测试局"
    assert any(f.rule == "IMPORT-TABLE-TWICE" and f.source.path == "Sheet2" for f in draft.findings)


def test_tables_recognised_by_title_rows_not_sheet_names():
    assert table_kind("一般公共预算财政拨款收入支出决算批复表") == "t05"
    assert table_kind("财政拨款收入支出决算批复表") == "t04"
    assert table_kind("收入支出决算批复表") == "t01"
    assert table_kind("一般公共预算财政拨款基本支出决算明细批复表") == "t06"
    assert table_kind("国有资本经营预算财政拨款收入支出决算表") == "t09"
    assert table_kind("财政拨款“三公”经费支出决算表") == "t07"
    assert table_kind("注：本表反映部门本年度各项支出决算情况。") is None


def test_six_column_three_public_is_actual_only(tmp_path):
    tables = {"三公": [
        ["一般公共预算财政拨款“三公”经费支出决算表"], CAPTION,
        ["合计", "因公出国(境)费", "公务用车购置及运行费", None, None, "公务接待费"],
        [None, None, "小计", "公务用车购置费", "公务用车运行费", None],
        ["1,000.00", None, "600.00", "400", 200, 400]]}
    draft = _draft(write_xlsx(tmp_path / "tp.xlsx", tables))
    assert draft.data["three_public"] == {"actual": {
        "abroad": 0, "vehicle_purchase": D("400"), "vehicle_operation": D("200"), "reception": D("400"),
        "vehicle": D("600.00"), "total": D("1000.00")}}


def write_xls(path, tables=TABLES):
    """The same sheets as a legacy .xls (BIFF8) workbook, written with xlwt (numbers as floats,
    as Excel stores them)."""
    import xlwt

    book = xlwt.Workbook()
    for name, rows in tables.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, float(value) if isinstance(value, (int, float)) else value)
    book.save(str(path))
    return path


def test_xls_workbook(tmp_path):
    draft = _draft(write_xls(tmp_path / "export.xls"))
    assert not draft.unread, [f.params for f in draft.findings]
    _subset(EXPECTED, draft.data)


# ------------------------------------------------------------------ --into an existing file

def test_merge_replaces_only_figure_blocks(tmp_path):
    original = EXAMPLE_2020.read_text(encoding="utf-8")
    target = tmp_path / EXAMPLE_2020.name
    target.write_text(original, encoding="utf-8")
    book = write_xlsx(tmp_path / "export.xlsx")
    assert import_tables(book, into=target).written == target
    merged = target.read_text(encoding="utf-8")

    def outside(text):
        """The lines outside the replaced blocks (and outside three_public's budget/actual)."""
        kept, skipping = [], False
        for line in text.splitlines():
            top = re.match(r"([a-z_]+):", line)
            if top:
                skipping = top.group(1) in ("income", "expenditure", "balances", "basic_economic", "declared")
            if skipping and (top or line.startswith(" ")):
                continue
            if re.match(r"  (budget|actual): \{", line):
                continue
            kept.append(line)
        return kept

    assert outside(merged) == outside(original)
    # comments and texts outside the blocks are byte-identical, in place
    for line in ("# 第一部分 单位概况", "  reception_groups: 304", "# Reasons (主要原因) keyed to what they explain; a change without its reason is a warning."):
        assert line in merged
    checked = check_file(target)
    inp = checked.input
    items = {e.code: e for e in inp.expenditure}
    assert items["2010301"].budget == D("219.4") and items["2010302"].budget == D("56")   # budgets kept
    assert items["2010301"].funds["general"].basic == D("600")                          # figures replaced
    assert inp.three_public.actual["reception"] == D("5")
    assert inp.three_public.facts["reception_groups"] == 304                              # facts kept
    assert inp.declared["budget_total"] == D("275.4")       # a declared total no table holds is kept
    assert inp.unit.name == "株洲市人民政府驻北京联络处"          # the unit block is the file's


def test_merge_keeps_a_written_name_and_adds_missing_blocks(tmp_path):
    existing = ('# my unit\nunit: {name: 测试局, year: 2021, scheme: public-2020}\n'
                'expenditure:\n  "2010301": {basic: 1, budget: 5, name: 行政运行（本级）}   # typed by hand\n'
                '# the end\ntexts:\n  other: 无。\n')
    path = tmp_path / "unit.yaml"
    path.write_text(existing, encoding="utf-8")
    draft = _draft(write_xlsx(tmp_path / "export.xlsx"))
    merged = merge_text(existing, draft.data, path)
    assert merged.startswith("# my unit\nunit: {name: 测试局, year: 2021, scheme: public-2020}\nexpenditure:\n")
    assert '"2010301": {basic: 600, other: {basic: 249}, budget: 5, name: 行政运行（本级）}' in merged
    assert "# the end\ntexts:\n  other: 无。\n" in merged
    assert "\nbasic_economic:\n" in merged and "\nthree_public:\n" in merged


def test_no_merge_of_wan_yuan_tables_into_a_file_in_yuan(tmp_path, capsys):
    path = tmp_path / "unit.yaml"
    existing = "unit: {name: 测试局, year: 2021, scheme: public-2020, amount_unit: 元}\n"
    path.write_text(existing, encoding="utf-8")
    assert main(["import", str(write_xlsx(tmp_path / "export.xlsx")), "--into", str(path)]) == 1
    assert "IMPORT-UNIT-MISMATCH" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == existing


def test_merge_into_a_one_line_three_public_keeps_its_facts(tmp_path):
    existing = ('unit: {name: 测试局, year: 2021, scheme: public-2020}\n'
                'three_public: {reception_groups: 3, actual: {abroad: 9}}   # one line\n'
                'texts: {other: 无。}\n')
    path = tmp_path / "unit.yaml"
    path.write_text(existing, encoding="utf-8")
    import_tables(write_xlsx(tmp_path / "export.xlsx"), into=path)
    checked = check_file(path)
    tp = checked.input.three_public
    assert tp.facts["reception_groups"] == 3 and tp.actual["reception"] == D("5") and tp.actual["abroad"] == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("unit: {name: 测试局, year: 2021, scheme: public-2020}\nthree_public:\n")
    assert "\ntexts: {other: 无。}\n" in text          # untouched; the missing figure blocks follow it


def test_import_prints_the_draft_without_into(tmp_path, capsys):
    assert main(["import", str(write_xlsx(tmp_path / "export.xlsx"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 由 disclosure import")
    assert '  "2010302": {project: 200.5}' in out


def test_unreadable_workbook_exits_2(tmp_path, capsys):
    bad = tmp_path / "not.xlsx"
    bad.write_bytes(b"not a zip")
    assert main(["import", str(bad)]) == 2
    assert main(["import", str(tmp_path / "missing.xlsx")]) == 2


# ------------------------------------------------------------------ a real report's grids

def _grids_of_text(path):
    """The tables of a report as pdfplumber printed them (`| a | b |` rows, `[page N]` marks)."""
    grids, current, page = [], None, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        mark = re.match(r"\[page (\d+)\]", line)
        if mark:
            page = int(mark.group(1))
            continue
        text = line.strip()
        if line.startswith("|") and current is not None:
            cells = [c.strip() for c in text.strip("|").split("|")]
            n = len(current["rows"]) + 1
            current["rows"].append(tuple(GridCell(c, f"第{page}页 第{n}行第{j}列") for j, c in enumerate(cells, 1)))
        elif text and len(text) < 30 and table_kind(text) and not re.match(r"[一二三四五六七八九十]+、", text):
            current = {"title": text, "rows": []}
            grids.append(current)
    return [Grid(g["title"], tuple(g["rows"]), path.name) for g in grids if g["rows"]]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not present")
def test_real_report_grids_with_split_codes_and_a_12_column_three_public():
    grids = _grids_of_text(SHARED / "outside" / "shanghai-putuo-finance-bureau-2024.txt")
    draft = interpret(grids, "putuo.pdf")
    assert not draft.unread, [(f.source.path, f.params) for f in draft.unread]
    data = draft.data
    assert data["income"]["2010601"] == {"general": D("1511.89"), "other": D("0.01")}
    assert data["expenditure"]["2010601"] == {"basic": D("1503.52"), "project": D("8.37")}
    assert data["expenditure"]["208"] == {"basic": D("326.72")}
    assert data["basic_economic"]["30102"] == D("1238.58") and data["basic_economic"]["301"] == D("2082.85")
    assert data["three_public"]["budget"]["reception"] == D("0.95")
    assert data["three_public"]["actual"]["total"] == 0
    assert data["balances"]["start"] == {"general": D("21.63"), "other": D("27.51")}
    assert data["declared"]["personnel_total"] == D("2152.26")
    # the published report's own inconsistency (总表 326.71, 支出决算表 326.72) is pointed out
    assert any(f.rule == "IMPORT-DIFFERS" and f.params["value"] == D("326.71") for f in draft.findings)


# ------------------------------------------------------------------ every rule id of the import fires (issue 15)

def _found(result, rule):
    """(severity, file, sheet!cell or YAML path) of the findings of one rule of an import."""
    return [(f.severity, f.source.file, f.source.path) for f in result.findings if f.rule == rule]


def test_a_column_read_twice_is_reported_at_its_header_and_the_first_is_used(tmp_path):
    rows = [list(r) for r in TABLES["支出决算表"]]
    rows[2] = rows[2] + ["基本支出"]                       # I3: a second 基本支出 column
    rows[6] = rows[6] + [1]                                # 2010301: 849 in D7, 1 in I7
    tables = {**TABLES, "支出决算表": rows}
    result = import_tables(write_xlsx(tmp_path / "twice.xlsx", tables))
    assert _found(result, "IMPORT-COLUMN") == [("warning", "twice.xlsx", "支出决算表!I3")]
    assert not result.unread
    assert '"2010301": {basic: 600, other: {basic: 249}}' in result.text      # D7 (849), not I7


def test_missing_tables_and_no_table_05(tmp_path, capsys):
    """Only table 03: each missing table is named (the file, no cell), and table 03's spending
    is entered as 一般公共预算 with a warning on that table."""
    book = write_xlsx(tmp_path / "t03.xlsx", {"支出决算表": TABLES["支出决算表"]})
    result = import_tables(book)
    missing = [f for f in result.findings if f.rule == "IMPORT-TABLE-MISSING"]
    assert [f.params["table"] for f in missing] == ["01", "02", "04", "05", "06", "07", "08", "09"]
    assert {(f.severity, f.source.file, f.source.path) for f in missing} == {("warning", "t03.xlsx", "")}
    assert _found(result, "IMPORT-FUNDS") == [("warning", "t03.xlsx", "支出决算表")]
    assert '"2010301": {basic: 849}' in result.text
    assert main(["import", str(book)]) == 0                 # warnings only: exit 0
    err = capsys.readouterr().err
    assert "t03.xlsx: 警告 [IMPORT-TABLE-MISSING] 没有找到05表" in err
    assert "t03.xlsx 支出决算表: 警告 [IMPORT-FUNDS]" in err


def test_a_sheet_that_is_none_of_the_tables_is_reported_not_read(tmp_path):
    tables = {"说明": [["填报说明"], ["本工作簿由财务软件导出，金额单位为万元。"]], **TABLES}
    result = import_tables(write_xlsx(tmp_path / "notes.xlsx", tables))
    assert _found(result, "IMPORT-TABLE-UNKNOWN") == [("warning", "notes.xlsx", "说明")]
    assert [f.params for f in result.findings if f.rule == "IMPORT-TABLE-UNKNOWN"] == [{"title": "说明"}]
    assert not result.unread


def test_placeholders_for_what_the_tables_do_not_say(tmp_path, capsys):
    """No caption (unit name, year, 单位) and a sheet name that is no table title: the unit
    block gets placeholders, each said at its YAML path."""
    book = write_xlsx(tmp_path / "bare.xlsx", {"Sheet1": TABLES["支出决算表"][2:]})
    result = import_tables(book)
    assert _found(result, "IMPORT-UNIT") == [("warning", "bare.xlsx", "unit.name"), ("warning", "bare.xlsx", "unit.year"),
                                             ("warning", "bare.xlsx", "unit.scheme")]
    assert "\nunit:\n  name: （单位名称）\n" in result.text
    assert main(["import", str(book)]) == 0
    assert "bare.xlsx unit.name: 警告 [IMPORT-UNIT]" in capsys.readouterr().err


def test_tables_in_different_amount_units_are_an_error(tmp_path, capsys):
    tables = {**TABLES, "三公": [[("单位：元" if v == "单位：万元" else v) for v in row] if row is CAPTION else row
                                 for row in TABLES["三公"]]}
    book = write_xlsx(tmp_path / "mixed.xlsx", tables)
    result = import_tables(book)
    assert _found(result, "IMPORT-UNIT-MIXED") == [("error", "mixed.xlsx", "三公!A1")]
    assert [f.params for f in result.findings if f.rule == "IMPORT-UNIT-MIXED"] == [{"unit": "元", "other": "万元"}]
    assert main(["import", str(book)]) == 1
    assert "mixed.xlsx 三公!A1: 错误 [IMPORT-UNIT-MIXED]" in capsys.readouterr().err


def _edited(sheet, edit):
    rows = [list(r) for r in TABLES[sheet]]
    edit(rows)
    return {**TABLES, sheet: rows}


SPLITS = {
    # table 08's income of 2010301 (700) above table 02's 财政拨款收入 (600, Sheet1!F10)
    "income": (lambda: _edited("政府性基金预算财政拨款收入支出决算表", lambda rows: rows.insert(
        4, ["2010301", "行政运行", None, 700, None, None, None, 700])), "Sheet1!F10", "一般公共预算财政拨款收入"),
    # table 05's 基本支出 of 2010301 (900) above table 03's (849, 支出决算表!D7)
    "expenditure": (lambda: _edited("一般公共预算财政拨款支出决算表", lambda rows: rows[7].__setitem__(
        slice(2, 4), [900, 900])), "支出决算表!D7", "非财政拨款支出（基本支出）"),
    # table 01's 年初结转和结余 (10) below table 04's 年初财政拨款结转和结余 (20)
    "balances": (lambda: _edited("收入支出决算总表", lambda rows: rows[8].__setitem__(1, 10)),
                 "收入支出决算总表", "非财政拨款结转和结余"),
}


@pytest.mark.parametrize("case", sorted(SPLITS))
def test_fund_tables_adding_up_to_more_than_the_whole_are_an_error(tmp_path, case):
    tables, where, what = SPLITS[case]
    result = import_tables(write_xlsx(tmp_path / "split.xlsx", tables()))
    assert _found(result, "IMPORT-SPLIT") == [("error", "split.xlsx", where)]
    [finding] = [f for f in result.findings if f.rule == "IMPORT-SPLIT"]
    assert finding.params["what"] == what and finding.params["value"] < 0
