"""``disclosure import REPORT.pdf|REPORT.docx``: the nine tables of a published report.

A real report of another city (Shanghai, 类|款|项 split columns, a 12-column 三公 table,
tables continued over page breaks, a known error kept as printed) and our own outputs in
both formats, read back and compared figure for figure with what they were made from.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.findings import ERROR
from generator.importers.draft_yaml import draft_text
from generator.importers.grid import GridCell
from generator.importers.interpret import interpret, recognise
from generator.importers.report import (ReportError, _Pending, _Segment, is_figure, names_table, part_number,
                                        read_report)
from generator.money import D, round_half_up
from generator.pipeline import check_file, render_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PUTUO = SHARED / "outside" / "shanghai-putuo-finance-bureau-2024.pdf"
EXAMPLES = ("zhuzhou-policy-research-2024", "zhuzhou-beijing-office-2020")
PDF_WHERE = re.compile(r"^第\d+页 表\d+ 第\d+行第\d+列$")
needs_shared = pytest.mark.skipif(not PUTUO.exists(), reason="../shared is not present")


def _values(tree, out):
    """Every Decimal in a tree of dicts and lists."""
    if isinstance(tree, dict):
        for v in tree.values():
            _values(v, out)
    elif isinstance(tree, (list, tuple)):
        for v in tree:
            _values(v, out)
    elif isinstance(tree, Decimal):
        out.add(tree)
    return out


def _import(path, tmp):
    """(grids, problems, draft, figures of the draft) of one report."""
    grids, problems = read_report(path)
    draft = interpret(grids, Path(path).name)
    yaml_path = Path(tmp) / (Path(path).name + ".yaml")
    yaml_path.write_text(draft_text(draft.data, Path(path).name), encoding="utf-8")
    checked = check_file(yaml_path)
    assert checked.figures is not None, [f.line() for f in checked.findings]
    return grids, list(problems), draft, checked


# ------------------------------------------------------------------ the Shanghai report

@pytest.fixture(scope="module")
def putuo(tmp_path_factory):
    if not PUTUO.exists():
        pytest.skip("../shared is not present")
    return _import(PUTUO, tmp_path_factory.mktemp("putuo"))


@needs_shared
def test_putuo_the_nine_tables_of_part_2_and_nothing_else(putuo):
    grids, problems, draft, _ = putuo
    assert [recognise(g) for g in grids] == ["t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09"]
    assert grids[6].title == "财政拨款“三公”经费支出决算表"           # raised quote marks joined to the line
    # the unit list of Part 1 (page 5, a ruled table) is not a 决算表
    assert not any(c.where.startswith("第5页") for g in grids for r in g.rows for c in r)
    assert problems == []
    assert draft.data["unit"]["name"] == "上海市普陀区财政局" and draft.data["unit"]["year"] == 2024
    assert not draft.unread


@needs_shared
def test_putuo_items_split_code_columns_and_page_breaks(putuo):
    data = putuo[2].data
    income, spent = data["income"], data["expenditure"]
    assert income["2010601"] == {"general": D("1511.89"), "other": D("0.01")}
    assert income["2010602"] == {"general": D("10.00"), "other": D("6.19")}
    assert income["2080506"] == {"general": D("80.38")}
    assert income["2210201"] == {"general": D("187.19")}        # page 9: table 02 continued
    assert income["2210203"] == {"general": D("258.50")}
    assert spent["2010601"] == {"basic": D("1503.52"), "project": D("8.37")}
    assert spent["2010607"] == {"project": D("135.25")}
    assert spent["2010608"] == {"project": D("449.52")}
    assert spent["2080505"] == {"basic": D("160.75")}
    assert spent["2080599"] == {"basic": D("0.94")}              # page 11: table 03 continued
    assert spent["2101101"] == {"basic": D("60.99")}
    assert spent["201"] == {"basic": D("1503.52"), "project": D("603.14")}     # 类 as stated
    assert set(spent) == set(income) and len(spent) == 19
    # the last row of a page is read once (its glyphs overhang the rule; pdfplumber's text
    # extraction prints them again as a stray line, the table extraction must not)
    t02 = next(g for g in putuo[0] if recognise(g) == "t02")
    rows = [tuple(c.text for c in r[:3]) for r in t02.rows]
    assert rows.count(("210", "11", "")) == 1 and rows.count(("221", "02", "03")) == 1


@needs_shared
def test_putuo_table_06_and_the_12_column_three_public(putuo):
    data = putuo[2].data
    economic = data["basic_economic"]
    assert economic["301"] == D("2082.85") and economic["30102"] == D("1238.58")
    assert economic["30113"] == D("187.19") and economic["30199"] == D("91.03")
    assert economic["30239"] == D("48.49") and economic["30299"] == D("11.53")   # page 17
    assert economic["30309"] == D("0.31") and economic["31002"] == D("13.58")
    assert "30103" not in economic                                # blank is 0, not written
    assert data["declared"]["personnel_total"] == D("2152.26")
    assert data["declared"]["public_total"] == D("184.65")
    three = data["three_public"]
    assert three["budget"]["reception"] == D("0.95") and three["budget"]["total"] == D("0.95")
    assert three["budget"]["abroad"] == 0 and three["budget"]["vehicle"] == 0
    assert three["actual"]["total"] == 0 and three["actual"]["reception"] == 0


@needs_shared
def test_putuo_totals_and_balances(putuo):
    data = putuo[2].data
    declared = data["declared"]
    assert declared["income_total"] == D("2946.25")
    assert declared["expenditure_total"] == D("2940.05")
    assert declared["basic_total"] == D("2336.91") and declared["project_total"] == D("603.14")
    assert declared["grand_total"] == D("2995.39")               # page 7: table 01 continued
    assert declared["appropriation_grand_total"] == D("2961.68")
    assert data["balances"]["start"] == {"general": D("21.63"), "other": D("27.51")}
    assert data["balances"]["end"] == {"general": D("21.63"), "other": D("33.71")}


@needs_shared
def test_putuo_known_error_is_kept_as_printed_and_pointed_out(putuo):
    grids, _, draft, _ = putuo
    cells = {c.where: c.text for g in grids for r in g.rows for c in r}
    assert cells["第6页 表1 第10行第3列"] == "八、社会保障和就业支出"
    assert cells["第6页 表1 第10行第4列"] == "326.71"                # 总表, as printed
    assert cells["第12页 表1 第10行第4列"] == "326.71"
    differs = {f.source.path: f for f in draft.findings if f.rule == "IMPORT-DIFFERS"}
    assert set(differs) == {"第6页 表1 第10行第4列", "第12页 表1 第10行第4列", "第12页 表1 第10行第5列"}
    assert differs["第6页 表1 第10行第4列"].params["value"] == D("326.71")
    assert differs["第6页 表1 第10行第4列"].params["other"] == D("326.72")
    assert draft.data["expenditure"]["208"] == {"basic": D("326.72")}


@needs_shared
def test_putuo_every_figure_read_or_reported_with_page_and_position(putuo):
    grids, problems, draft, checked = putuo
    figures = [c for g in grids for r in g.rows for c in r if is_figure(c.text)]
    assert len(figures) == 195
    assert all(PDF_WHERE.match(c.where) for c in figures)
    read = _values(draft.data, set())
    for row in checked.figures.rows + (checked.figures.total,):
        _values(dict(row.values), read)
    _values(dict(checked.figures.totals), read)
    located = {f.source.path for f in list(problems) + list(draft.findings)}
    unaccounted = [c for c in figures if D(c.text) not in read and c.where not in located]
    assert unaccounted == []
    # a value the draft cannot hold (总表's 类 rows) is read and, where it differs, reported
    reported = [c for c in figures if c.where in located]
    assert [c.text for c in reported] == ["326.71"] * 3


# ------------------------------------------------------------------ our own outputs, both formats

def _render(source, out):
    rendered = render_file(source, out, ("pdf", "docx"))
    return len(rendered.written), [f.line() for f in rendered.findings if f.severity == ERROR]


@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    out = tmp_path_factory.mktemp("rendered")
    sources = [ROOT / "inputs" / f"{name}.yaml" for name in EXAMPLES]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(len(sources), mp_context=context) as pool:     # both examples at once
        rendered = list(pool.map(_render, sources, [out] * len(sources)))
    result = {}
    for name, source, (written, errors) in zip(EXAMPLES, sources, rendered):
        assert written == 2, errors
        original = check_file(source)
        for fmt in ("docx", "pdf"):
            result[(name, fmt)] = (original, _import(out / f"{name}.{fmt}", out))
    return result


def _r2(value):
    return round_half_up(value, 2) if isinstance(value, Decimal) else value


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_our_report_read_back_gives_the_same_figures(ours, name, fmt):
    original, (grids, problems, draft, checked) = ours[(name, fmt)]
    a, b = original.figures, checked.figures
    assert problems == [] and not draft.unread, [f.params for f in list(problems) + draft.unread]
    assert len(grids) == 9
    assert [r.code for r in b.rows] == [r.code for r in a.rows]
    compared = 0
    for row_a in a.rows + (a.total,):
        row_b = b.row(row_a.code) if row_a.code else b.total
        for key, value in row_a.values.items():
            if key.startswith("budget"):
                continue                                          # 年初预算 is not in the tables
            assert _r2(row_b.values.get(key, Decimal(0))) == _r2(value), (row_a.code, key)
            compared += 1
    assert compared > 100
    items_a = {i.code: i.amount for g in a.economic for i in g.items} | {g.code: g.total for g in a.economic}
    items_b = {i.code: i.amount for g in b.economic for i in g.items} | {g.code: g.total for g in b.economic}
    assert {k: _r2(v) for k, v in items_b.items() if v} == {k: _r2(v) for k, v in items_a.items() if v}
    for side in ("budget", "actual"):
        assert {k: _r2(v) for k, v in b.three_public[side].items()} == \
            {k: _r2(v) for k, v in a.three_public[side].items()}
    for key in ("income_total", "expenditure_total", "grand_total", "appropriation_grand_total"):
        assert _r2(b.totals[key]) == _r2(a.totals[key]), key
    assert draft.data["unit"]["name"] == original.input.unit.name
    assert draft.data["unit"]["year"] == original.input.unit.year


def test_our_pdf_reads_part_2_only_and_every_figure_is_located(ours):
    _, (grids, problems, draft, _) = ours[("zhuzhou-policy-research-2024", "pdf")]
    pages = {int(re.match(r"第(\d+)页", c.where).group(1)) for g in grids for r in g.rows for c in r}
    # Part 2 is pages 6–15; the self-evaluation's scoring tables (Part 5) are not read
    assert min(pages) >= 6 and max(pages) <= 15
    figures = [c for g in grids for r in g.rows for c in r if is_figure(c.text)]
    assert figures and all(PDF_WHERE.match(c.where) for c in figures)


def test_docx_merged_cells_are_given_once(ours):
    _, (grids, _, _, _) = ours[("zhuzhou-policy-research-2024", "docx")]
    three = next(g for g in grids if recognise(g) == "t07")
    texts = [[c.text for c in r] for r in three.rows]
    header = next(r for r in texts if r[:2] == ["合计", "因公出国（境）费"])
    # 公务用车购置及运行维护费 spans three columns under each of 预算数 and 决算数
    assert header == ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"] * 2
    below = texts[texts.index(header) + 1]
    assert below[0] == "" and below[2] == "小计"                 # 合计 merged down: once
    assert all(re.match(r"^表9 第\d+行第\d+列$", c.where) for c in three.rows[-1])


# ------------------------------------------------------------------ the reader's pieces

def _cells(page, rows):
    return [tuple(GridCell(t, f"第{page}页 表1 第{r}行第{c}列") for c, t in enumerate(row, 1))
            for r, row in enumerate(rows, 1)]


def test_a_continued_table_drops_its_repeated_header_rows():
    header = [["项目", "", "合计"], ["科目编码", "科目名称", ""], ["栏次", "", "1"]]
    first = _Segment(7, 1, _cells(7, header + [["201", "一般公共服务支出", "10.00"]]), [], 0, 0)
    more = _Segment(8, 1, _cells(8, header + [["208", "社会保障和就业支出", "5.00"]]), [], 0, 0)
    pending = _Pending("支出决算表", ["单位：万元"], first)
    problems = []
    pending.extend(more, "x.pdf", problems)
    grid = pending.grid("x.pdf")
    texts = [[c.text for c in r] for r in grid.rows]
    assert texts[0][0] == "支出决算表" and texts[1][0] == "单位：万元"
    assert texts[2:] == header + [["201", "一般公共服务支出", "10.00"], ["208", "社会保障和就业支出", "5.00"]]
    assert grid.rows[-1][2].where == "第8页 表1 第4行第3列" and problems == []


def test_a_continuation_with_other_columns_is_reported_not_misread():
    first = _Segment(7, 1, _cells(7, [["项目", "合计"], ["201", "10.00"]]), [(0, 50), (50, 100)], 0, 0)
    more = _Segment(8, 1, _cells(8, [["208", "x", "5.00"]]), [(0, 30), (30, 60), (60, 100)], 0, 0)
    pending = _Pending("支出决算表", [], first)
    problems = []
    pending.extend(more, "x.pdf", problems)
    assert [r[0].text for r in pending.rows] == ["项目", "201"]
    assert [(p.rule, p.source.path, p.params["figures"]) for p in problems] == \
        [("IMPORT-REPORT-COLUMNS", "第8页 表1", 1)]


def test_titles_and_part_headings():
    assert names_table("收入决算表") and names_table("收入决算批复表")
    assert names_table("财政拨款“三公”经费支出决算表") and names_table("一般公共预算财政拨款基本支出决算明细批复表")
    assert not names_table("第二部分 2024年度部门决算表")          # the part heading, not a title
    assert not names_table("财决批复01表") and not names_table("注：本表无数据。")
    assert not names_table("2024年度部门整体支出绩效评价基础数据表")
    assert part_number("第二部分 上海市普陀区财政局 年度部门决算表") == 2
    assert part_number("第五部分 附件") == 5
    assert part_number("第二部分 2024年度部门决算表......6") is None     # a TOC entry


def test_an_unruled_table_is_read_by_the_text_strategy(tmp_path):
    from weasyprint import HTML

    rows = "".join(f"<tr><td>{c}</td><td>{n}</td><td>{a}</td><td>{b}</td></tr>" for c, n, a, b in (
        ("合计", "", "35.50", "35.50"), ("2010101", "行政运行", "30.25", "30.25"),
        ("2010102", "一般行政管理事务", "5.25", "5.25")))
    html = ("<html><body style='font-family: sans-serif'><h1>第二部分 2024年度部门决算表</h1>"
            "<p>支出决算表</p><p>单位：万元</p>"
            "<table style='border: none; border-spacing: 24px 4px'>"
            "<tr><td>科目编码</td><td>科目名称</td><td>本年支出合计</td><td>基本支出</td></tr>"
            f"{rows}</table><h1>第三部分 情况说明</h1></body></html>")
    path = tmp_path / "unruled.pdf"
    HTML(string=html).write_pdf(path)
    grids, problems = read_report(path)
    assert problems == []
    assert [g.title for g in grids] == ["支出决算表"]
    texts = [[c.text for c in r if c.text] for r in grids[0].rows]
    assert ["2010101", "行政运行", "30.25", "30.25"] in texts
    assert ["单位：万元"] in texts


def test_docx_tables_outside_part_2_are_skipped_and_an_untitled_one_reported(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("第二部分 2024年度部门决算表")
    document.add_paragraph("收入决算表")
    document.add_paragraph("部门：测试单位\t\t单位：元")
    table = document.add_table(rows=2, cols=3)
    for j, text in enumerate(("科目编码", "科目名称", "本年收入合计")):
        table.cell(0, j).text = text
    for j, text in enumerate(("2010101", "行政运行", "1,200.00")):
        table.cell(1, j).text = text
    document.add_paragraph("说明文字。")
    other = document.add_table(rows=1, cols=2)
    other.cell(0, 0).text, other.cell(0, 1).text = "某项", "3.50"
    document.add_paragraph("第五部分 附件")
    document.add_paragraph("部门整体支出绩效自评表")
    scored = document.add_table(rows=1, cols=2)
    scored.cell(0, 0).text, scored.cell(0, 1).text = "年度资金总额", "762.92"
    path = tmp_path / "small.docx"
    document.save(path)
    grids, problems = read_report(path)
    assert [g.title for g in grids] == ["收入决算表"]
    assert [[c.text for c in r] for r in grids[0].rows[:3]] == [
        ["收入决算表", "", ""], ["2024年度", "", ""], ["部门：测试单位", "单位：元", ""]]   # year from the heading
    assert grids[0].rows[-1][2].text == "1,200.00" and grids[0].rows[-1][2].where == "表1 第2行第3列"
    assert [(p.rule, p.source.path, p.params) for p in problems] == [("IMPORT-REPORT-TABLE", "表2", {"count": 1})]


def test_what_is_not_a_report(tmp_path):
    with pytest.raises(ReportError):
        read_report(tmp_path / "x.txt")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(OSError):
        read_report(broken)
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(OSError):
        read_report(bad)


def test_a_pdf_without_text_is_reported_as_such(tmp_path):
    from weasyprint import HTML

    path = tmp_path / "scan.pdf"
    HTML(string="<div style='width: 300px; height: 200px; background: #888'></div>").write_pdf(path)
    grids, problems = read_report(path)
    assert grids == []
    assert [(p.rule, p.severity, p.source.path) for p in problems] == [("IMPORT-REPORT-NO-TEXT", ERROR, "第1页")]


def test_unruled_continuation_page_and_figures_outside_any_table(tmp_path):
    from weasyprint import HTML

    def rows(items):
        return "".join(f"<tr><td>{c}</td><td>{n}</td><td>{a}</td></tr>" for c, n, a in items)

    ruled = "border-collapse: collapse; border: 1px solid black"
    html = ("<html><head><style>td { padding: 2px 12px } .r td { border: 1px solid black }</style></head>"
            "<body style='font-family: sans-serif'><h1>第二部分 2024年度部门决算表</h1><p>支出决算表</p>"
            "<table style='border-spacing: 24px 4px'><tr><td>科目编码</td><td>科目名称</td><td>本年支出合计</td></tr>"
            + rows([("2010101", "行政运行", "30.25"), ("2010102", "一般行政管理事务", "5.25")]) +
            "</table><table style='page-break-before: always; border-spacing: 24px 4px'>"
            + rows([("2080501", "行政单位离退休", "7.75"), ("2210201", "住房公积金", "3.00")]) +
            "</table><p style='page-break-before: always'>收入决算表</p>"
            f"<table class='r' style='{ruled}'><tr><td>科目编码</td><td>科目名称</td><td>本年收入合计</td></tr>"
            + rows([("2010101", "行政运行", "30.25")]) +
            "</table><p>另有 12.34 未列入表内</p><h1>第三部分 情况说明</h1></body></html>")
    path = tmp_path / "pages.pdf"
    HTML(string=html).write_pdf(path)
    grids, problems = read_report(path)
    assert [g.title for g in grids] == ["支出决算表", "收入决算表"]
    spent = [[c.text for c in r if c.text] for r in grids[0].rows]
    assert ["2080501", "行政单位离退休", "7.75"] in spent and ["2210201", "住房公积金", "3.00"] in spent
    assert any(c.where.startswith("第2页 表1") and c.text == "7.75" for r in grids[0].rows for c in r)
    # a figure printed outside any table of Part 2 is reported with its page, not lost silently
    assert [(p.rule, p.source.path, p.params) for p in problems] == \
        [("IMPORT-REPORT-OUTSIDE", "第3页", {"count": 1, "first": "12.34"})]


@needs_shared
def test_the_official_sample_without_part_2_heading_and_with_a_contents_page():
    # the district's template: its contents page lists the nine titles (no table there), and
    # Part 2 opens with “上海市 XX 局 2024 年度部门决算表” instead of “第二部分 …”
    grids, problems = read_report(SHARED / "outside" / "shanghai-putuo-2024-official-sample.pdf")
    assert [recognise(g) for g in grids] == ["t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09"]
    assert problems == []
    assert min(int(re.match(r"第(\d+)页", g.where).group(1)) for g in grids) == 5
    draft = interpret(grids, "sample.pdf")
    assert draft.data["unit"]["name"] == "上海市XX局" and draft.data["unit"]["year"] == 2024


def test_docx_title_in_the_first_row_and_a_table_continued_as_a_second_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("第二部分 2024年度部门决算表")
    first = document.add_table(rows=3, cols=3)
    title = first.cell(0, 0).merge(first.cell(0, 2))
    title.text = "支出决算表"
    for i, row in enumerate((("科目编码", "科目名称", "本年支出合计"), ("2010101", "行政运行", "30.25")), start=1):
        for j, text in enumerate(row):
            first.cell(i, j).text = text
    document.add_paragraph("续表")
    second = document.add_table(rows=2, cols=3)
    for i, row in enumerate((("科目编码", "科目名称", "本年支出合计"), ("2080501", "行政单位离退休", "7.75"))):
        for j, text in enumerate(row):
            second.cell(i, j).text = text
    path = tmp_path / "split.docx"
    document.save(path)
    grids, problems = read_report(path)
    assert problems == [] and [g.title for g in grids] == ["支出决算表"]
    texts = [[c.text for c in r] for r in grids[0].rows]
    assert texts.count(["科目编码", "科目名称", "本年支出合计"]) == 1          # the repeated header dropped
    assert ["支出决算表", "", ""] in texts                                   # the merged title cell once
    assert texts[-2:] == [["2010101", "行政运行", "30.25"], ["2080501", "行政单位离退休", "7.75"]]
    assert grids[0].rows[-1][2].where == "表2 第2行第3列"


def test_a_continuation_with_fewer_columns_is_aligned_by_position():
    first = _Segment(7, 1, _cells(7, [["编码", "名称", "合计"], ["201", "一般公共服务支出", "10.00"]]),
                     [(0, 40), (40, 80), (80, 120)], 0, 0)
    more = _Segment(8, 1, _cells(8, [["208", "5.00"]]), [(0, 40), (80, 120)], 0, 0)
    pending = _Pending("支出决算表", [], first)
    problems = []
    pending.extend(more, "x.pdf", problems)
    assert problems == []
    assert [c.text for c in pending.rows[-1]] == ["208", "", "5.00"]
    assert pending.rows[-1][2].where == "第8页 表1 第1行第2列"          # where it was printed


def test_docx_tables_in_a_last_part_named_附表_are_read(tmp_path):
    import docx

    # Sichuan's order: 单位概况, 情况说明, 名词解释, then 第五部分 附表 (the tables last)
    document = docx.Document()
    document.add_paragraph("第一部分 单位概况")
    unit_list = document.add_table(rows=1, cols=2)
    unit_list.cell(0, 0).text, unit_list.cell(0, 1).text = "1", "某医院（本级）"
    document.add_paragraph("第二部分 2023年度单位决算情况说明")
    document.add_paragraph("第五部分 附表")
    document.add_paragraph("收入决算表")
    table = document.add_table(rows=2, cols=3)
    for i, row in enumerate((("科目编码", "科目名称", "本年收入合计"), ("2100201", "综合医院", "1,234.56"))):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    path = tmp_path / "sichuan.docx"
    document.save(path)
    grids, problems = read_report(path)
    assert problems == [] and [g.title for g in grids] == ["收入决算表"]
    assert grids[0].rows[-1][2].text == "1,234.56" and grids[0].rows[-1][2].where == "表2 第2行第3列"


@pytest.mark.parametrize("after", ["", "<p>本单位2024年度没有国有资本经营预算财政拨款支出，故本表无数据。</p>"
                                   "<h1>第三部分 情况说明</h1><p>一、部门职责</p><p>二、机构设置</p>"],
                         ids=["end-of-report", "part-3-on-the-same-page"])
def test_a_title_without_a_table_is_reported(tmp_path, after):
    """IMPORT-REPORT-NO-TABLE: a 决算表 title with no table under it, at the end of the report
    or followed on its page by Part 3 (whose text was taken for its table before: a grid of
    Part 3's lines under the title, or nothing said at all)."""
    from weasyprint import HTML

    html = ("<html><body style='font-family: sans-serif'><h1>第二部分 2024年度部门决算表</h1>"
            f"<p>国有资本经营预算财政拨款支出决算表</p><p>单位：万元</p>{after}</body></html>")
    path = tmp_path / "no-table.pdf"
    HTML(string=html).write_pdf(path)
    grids, problems = read_report(path)
    assert grids == []
    assert [(p.rule, p.severity, p.source.file, p.source.path, p.params) for p in problems] == [
        ("IMPORT-REPORT-NO-TABLE", "warning", str(path), "第1页", {"title": "国有资本经营预算财政拨款支出决算表"})]
