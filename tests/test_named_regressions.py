"""Behaviours named in issue 15 ("Why") that no other test pinned: each test here failed with the
deliberate bug it names applied alone (the mutant commands are in docs/testing.md, *Named
mutants*) and passes without it.

* 小微企业 share of government procurement over 政府采购支出总额 (not over the 中小企业 amount);
* a build re-renders the units of a scheme when a file of the scheme it ``extends`` changes;
* an input deleted from the build folder leaves the manifest, the overview rows and the totals;
* the figures JSON lists exactly the items of each table, each under its own key.

Expected values are written here by hand from the inline inputs, never taken from the code.
"""

import csv
import io
import json
import shutil
from decimal import Decimal

from openpyxl import load_workbook

from generator.build import MANIFEST, SerialExecutor, build
from generator.compose import compose
from generator.pipeline import check_file
from generator.scheme import load_scheme
from tests.conftest import MINIMAL
from tests.extract import docx_text

#: Every table slot a distinct figure, so that a swap or a dropped item shows.
UNIT = """\
unit: {name: 测试单位, year: 2024, scheme: approval-2024}
income:
  "2010301": {general: 130}
  "2080505": {general: 60, service: 20}
expenditure:
  "2010301": {basic: 100, project: 30, budget: 140}
  "2080505": {basic: 60, other: {basic: 20}, budget: 60}
basic_economic:
  "30101": 50
  "30102": 30
  "30201": 40
  "30211": 18
  "30217": 15
  "30231": 7
three_public:
  budget: {abroad: 5, vehicle_purchase: 10, vehicle_operation: 8, reception: 16}
  actual: {abroad: 3, vehicle_purchase: 9, vehicle_operation: 7, reception: 15}
procurement: {goods: 12, works: 5, services: 3, sme: 15, small_micro: 6}
"""


def run(src, out, **kw):
    kw.setdefault("formats", ("docx",))
    kw.setdefault("executor", SerialExecutor())
    return build(src, out, stream=io.StringIO(), **kw)


def errors(checked):
    return [f.line() for f in checked.findings if f.severity == "error"]


# ------------------------------------------------------------------ 小微企业 share

def test_small_and_micro_share_is_of_the_procurement_total(write_yaml):
    """domain.md and seeds 001/002: 授予小微企业合同金额…，占政府采购支出总额的…%.  Here the two
    bases differ: 6 of a total 20 is 30 %, of the 中小企业 15 it would be 40 %."""
    checked = check_file(write_yaml(UNIT))
    assert not errors(checked), errors(checked)
    shares = checked.figures.shares["procurement"]
    assert shares["sme"] == Decimal(75) and shares["small_micro"] == Decimal(30)
    doc = compose(checked.figures, load_scheme("approval-2024"))
    body = "\n".join(getattr(b, "text", "") for p in doc.parts for b in p.blocks)
    assert "政府采购支出总额20万元，其中：政府采购货物支出12万元、政府采购工程支出5万元、政府采购服务支出3万元。" \
           "授予中小企业合同金额15万元，占政府采购支出总额的75.0%，其中：授予小微企业合同金额6万元，" \
           "占政府采购支出总额的30.0%。" in body


# ------------------------------------------------------------------ inherited scheme files

def test_a_change_in_the_parent_scheme_rerenders_the_child_schemes_units(tmp_path):
    """child-x extends base-x extends approval-2024: changing or adding a file of base-x (a
    section template, its report.css) re-renders the unit of child-x and only it."""
    schemes, src, out = tmp_path / "schemes", tmp_path / "in", tmp_path / "out"
    base, child = schemes / "base-x", schemes / "child-x"
    (base / "narrative").mkdir(parents=True)
    child.mkdir(parents=True)
    src.mkdir()
    (base / "scheme.yaml").write_text("extends: approval-2024\n", encoding="utf-8")
    overall = base / "narrative" / "overall.j2"
    overall.write_text("本部门{{ year }}年度收入、支出总计均为{{ t.grand_total }}万元（第一版）。\n", encoding="utf-8")
    (child / "scheme.yaml").write_text("extends: base-x\n", encoding="utf-8")
    (src / "a.yaml").write_text(MINIMAL.replace("scheme: approval-2024", "scheme: child-x"), encoding="utf-8")
    (src / "b.yaml").write_text(MINIMAL, encoding="utf-8")

    first = run(src, out, search=(schemes,))
    assert sorted(first.rendered) == ["a.yaml", "b.yaml"] and not first.failed
    assert "总计均为100万元（第一版）" in docx_text(out / "a.docx")

    overall.write_text("本部门{{ year }}年度收入、支出总计均为{{ t.grand_total }}万元（第二版）。\n", encoding="utf-8")
    second = run(src, out, search=(schemes,))
    assert second.rendered == ["a.yaml"] and second.skipped == ["b.yaml"]
    assert "总计均为100万元（第二版）" in docx_text(out / "a.docx")

    (base / "html").mkdir()
    shutil.copy(load_scheme("public-2020").find("html/report.css"), base / "html" / "report.css")
    with open(base / "html" / "report.css", "a", encoding="utf-8") as css:
        css.write("\n.toc li { font-size: 12pt; }\n")
    third = run(src, out, search=(schemes,))
    assert third.rendered == ["a.yaml"] and third.skipped == ["b.yaml"]

    assert run(src, out, search=(schemes,)).rendered == []          # and nothing once unchanged


# ------------------------------------------------------------------ deleted inputs

def overview_rows(out):
    rows = list(load_workbook(out / "overview.xlsx").worksheets[0].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def csv_rows(out, name="overview.csv"):
    lines = list(csv.reader((out / name).read_text(encoding="utf-8-sig").splitlines()))
    return [dict(zip(lines[0], line)) for line in lines[1:]]


def test_a_deleted_input_leaves_the_manifest_the_overview_and_its_totals(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "county").mkdir(parents=True)
    (src / "a.yaml").write_text(MINIMAL, encoding="utf-8")                        # 收支总计 100
    (src / "county" / "b.yaml").write_text(                                     # 收支总计 250.5
        MINIMAL.replace("name: 测试单位", "name: 乙单位").replace("100}", "250.5}")
        .replace('"30101": 60', '"30101": 210.5'), encoding="utf-8")
    assert sorted(run(src, out).rendered) == ["a.yaml", "county/b.yaml"]
    totals = [r for r in overview_rows(out) if r["输入文件"] is None]
    assert [Decimal(str(t["收支总计"])) for t in totals] == [Decimal("350.5")]

    (src / "county" / "b.yaml").unlink()
    again = run(src, out)
    rows = overview_rows(out)
    assert [r["输入文件"] for r in rows if r["输入文件"]] == ["a.yaml"]
    totals = [r for r in rows if r["输入文件"] is None]
    assert len(totals) == 1 and Decimal(str(totals[0]["收支总计"])) == Decimal(100)
    assert Decimal(str(totals[0]["本年支出"])) == Decimal(100)
    lines = csv_rows(out)
    assert [r["输入文件"] for r in lines if r["输入文件"]] == ["a.yaml"]
    assert [r["收支总计"] for r in lines if not r["输入文件"]] == ["100"]
    assert all(r["输入文件"] == "a.yaml" for r in csv_rows(out, "overview-findings.csv"))
    assert [u["input"] for u in again.units] == ["a.yaml"]                      # build --json's rows
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["units"]
    assert set(manifest) == {"a.yaml"}
    assert again.skipped == ["a.yaml"] and not again.rendered and not again.failed
    # Its old outputs (b.docx, b.json) are left where they are: neither the code nor the docs
    # remove the outputs of a deleted input, so this test does not pin either way.


# ------------------------------------------------------------------ figures JSON

def test_figures_json_lists_exactly_each_tables_items(tmp_path):
    """The JSON build writes beside the unit: every 类/款/项 row with each figure under its own
    key, every non-zero economic item under its group, the 三公 sides, the procurement split."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "u.yaml").write_text(UNIT, encoding="utf-8")
    assert run(src, out).rendered == ["u.yaml"]
    data = json.loads((out / "u.json").read_text(encoding="utf-8"))

    def fn(code, name, level, income, appropriation, expenditure, basic, project, general, budget):
        return {"code": code, "name": name, "level": level, "income": income,
                "appropriation_income": appropriation, "expenditure": expenditure, "basic": basic,
                "project": project, "general": general, "budget": budget}

    assert data["functions"] == [
        fn("201", "一般公共服务支出", "类", "130", "130", "130", "100", "30", "130", "140"),
        fn("20103", "政府办公厅（室）及相关机构事务", "款", "130", "130", "130", "100", "30", "130", "140"),
        fn("2010301", "行政运行", "项", "130", "130", "130", "100", "30", "130", "140"),
        fn("208", "社会保障和就业支出", "类", "80", "60", "80", "80", "0", "60", "60"),
        fn("20805", "行政事业单位养老支出", "款", "80", "60", "80", "80", "0", "60", "60"),
        fn("2080505", "机关事业单位基本养老保险缴费支出", "项", "80", "60", "80", "80", "0", "60", "60"),
    ]

    def item(code, name, amount):
        return {"code": code, "name": name, "amount": amount}

    groups = {g["code"]: g for g in data["economic"]}
    assert [g["code"] for g in data["economic"]] == ["301", "302", "303", "307", "310", "399"]
    assert groups["301"] == {"code": "301", "name": "工资福利支出", "amount": "80",
                             "items": [item("30101", "基本工资", "50"), item("30102", "津贴补贴", "30")]}
    assert groups["302"] == {"code": "302", "name": "商品和服务支出", "amount": "80",
                             "items": [item("30201", "办公费", "40"), item("30211", "差旅费", "18"),
                                       item("30217", "公务接待费", "15"), item("30231", "公务用车运行维护费", "7")]}
    assert all(groups[c]["amount"] == "0" and groups[c]["items"] == [] for c in ("303", "307", "310", "399"))

    assert data["three_public"] == {
        "budget": {"abroad": "5", "vehicle_purchase": "10", "vehicle_operation": "8", "reception": "16",
                   "vehicle": "18", "total": "39"},
        "actual": {"abroad": "3", "vehicle_purchase": "9", "vehicle_operation": "7", "reception": "15",
                   "vehicle": "16", "total": "34"},
    }
    assert data["procurement"] == {"goods": "12", "works": "5", "services": "3", "total": "20",
                                   "sme": "15", "small_micro": "6"}
    totals = data["totals"]
    assert {k: totals[k] for k in ("grand_total", "income_total", "expenditure_total", "exp_basic", "exp_project",
                                   "inc_appropriation", "inc_service", "exp_general", "exp_general_basic",
                                   "exp_general_project", "personnel", "public", "budget_total",
                                   "procurement_total")} == {
        "grand_total": "210", "income_total": "210", "expenditure_total": "210", "exp_basic": "180",
        "exp_project": "30", "inc_appropriation": "190", "inc_service": "20", "exp_general": "190",
        "exp_general_basic": "160", "exp_general_project": "30", "personnel": "80", "public": "80",
        "budget_total": "200", "procurement_total": "20"}
