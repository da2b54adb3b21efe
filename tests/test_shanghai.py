"""A second city's format written only as data (issue 11): the Shanghai district scheme renders
its published report, table layouts and sections are scheme data, facts other formats need."""

import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from generator.compose import compose
from generator.document import Heading, Paragraph, Table
from generator.pipeline import check_file, render_file
from generator.scheme import TEMPLATES_DIR, load_scheme
from tests.conftest import INPUTS, MINIMAL, ROOT
from tests.extract import docx_text, pdf_text

EXAMPLE = INPUTS / "shanghai-putuo-finance-2024.yaml"
PUBLISHED = ROOT.parent / "shared" / "outside" / "shanghai-putuo-finance-bureau-2024.txt"
AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("shanghai")
    result = render_file(EXAMPLE, out, ["docx", "pdf"])
    assert len(result.written) == 2, [f.line() for f in result.findings]
    assert not [f for f in result.findings if f.severity == "error"]
    docx, pdf = sorted(result.written)
    return docx_text(docx), pdf_text(pdf), result.checked.figures


def test_scheme_names_appear_nowhere_in_the_code():
    """Schemes are data: the program names none of them."""
    names = [p.name for p in TEMPLATES_DIR.iterdir() if (p / "scheme.yaml").exists()]
    assert len(names) >= 3
    for path in (ROOT / "generator").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], path


def test_follows_the_sample_structure(rendered):
    text, _, _ = rendered
    body = text[text.rindex("\n第一部分"):]
    parts = re.findall(r"^第[一二三四五]部分 .*$", body, re.M)
    assert parts == ["第一部分 上海市普陀区财政局概况", "第二部分 上海市普陀区财政局2024年度部门决算表",
                     "第三部分 上海市普陀区财政局2024年度部门决算情况说明", "第四部分 名词解释"]
    part3 = body[body.index("第三部分"):body.index("第四部分")]
    sections = re.findall(r"^([一二三四五六七八九十]+)、(.+)$", part3, re.M)
    assert [title for _, title in sections] == [
        "收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
        "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明",
        "财政拨款“三公”经费支出决算情况说明", "政府性基金预算财政拨款收入支出决算情况说明",
        "国有资本经营预算财政拨款收入支出决算情况说明", "预算绩效管理情况", "其他重要事项的情况说明"]
    glossary = body[body.index("第四部分"):]
    assert len(re.findall(r"^[一二三四五六七八九十]+、", glossary, re.M)) == 11
    assert "公开01表" not in text and "行次" not in text
    # the 部门决算单位构成 table of Part 1, and 不涉及的不列 in the prose
    assert "3\t上海市普陀区国库收付中心\t预算不单列，并入本级" in text
    assert "其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%。" in text
    assert "事业收入" not in part3


def test_separators_in_tables_but_not_in_prose(rendered):
    text, _, _ = rendered
    assert "总计\t2,995.39\t总计\t2,995.39" in text
    assert "收入支出总计2995.39万元" in text and "2,995.39万元" not in text


def test_zero_counts_and_reserved_procurement_are_printed(rendered):
    text, _, _ = rendered
    assert "绩效评级为“良”的项目0个" in text and "正在整改的0个" in text
    assert "面向小微企业预留政府采购项目预算金额0万元" in text
    assert "在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额4.79万元" in text
    assert "部级领导干部用车0辆" in text and "单价100万元（含）以上设备（不含车辆）2台（套）" in text
    # the official 251.25 (货物 + 服务 = 251.26 as printed), with the 尾数 note
    assert "政府采购金额（以合同签订为准）为251.25万元" in text and "政府采购、年初预算" in text


def test_three_public_by_item_and_split_codes(rendered):
    text, _, _ = rendered
    assert "预算数\t决算数\t" * 5 + "预算数\t决算数" in text
    assert "0.95\t0.00\t0.00\t0.00" in text                       # 合计 预算 0.95, 决算 0
    assert "201\t06\t01\t行政运行\t1,511.89\t1,503.52\t8.37" in text
    assert "301\t01\t基本工资\t262.33\t302\t01\t办公费\t21.21" in text


@pytest.mark.skipif(not PUBLISHED.exists(), reason="../shared is not beside this checkout")
def test_table_figures_match_the_published_report(rendered):
    """Every non-zero figure of the nine published tables, as often as published; the one
    difference is the report's own error (总表 326.71 for 326.72, printed three times)."""
    text, _, _ = rendered
    published = PUBLISHED.read_text(encoding="utf-8")
    rows = [line for line in published[published.index("[page 6]"):published.index("[page 21]")].splitlines()
            if line.startswith("|")]
    theirs = Counter(a.replace(",", "") for row in rows for a in AMOUNT.findall(row))
    part2 = text[text.rindex("\n第二部分"):text.rindex("\n第三部分")]
    ours = Counter(a.replace(",", "") for a in AMOUNT.findall(part2) if a != "0.00")
    assert theirs - ours == Counter({"326.71": 3}) and ours - theirs == Counter({"326.72": 3})
    assert sum(theirs.values()) > 190


# ---------------------------------------------------------------- variants need no code

def _temp_scheme(tmp_path, body, name="bureau-x"):
    folder = tmp_path / "schemes" / name
    folder.mkdir(parents=True)
    (folder / "scheme.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return tmp_path / "schemes"


def test_a_table_variant_added_by_a_scheme_in_a_temp_folder(tmp_path):
    """A 政府采购 table written as data, split codes in table 02, no 栏次: no Python change."""
    schemes = _temp_scheme(tmp_path, """\
        extends: public-2020
        parts:
          - {id: tables, title: "{year}年度部门决算表", tables: [t02, procurement, t05]}
        tables:
          t02: {code_columns: split, column_numbers: false}
          procurement:
            kind: figures
            title: 政府采购支出表
            show_if: [procurement_total]
            header: [[项目, 金额]]
            rows:
              - [政府采购支出合计, {figure: procurement_total}]
        """)
    unit = tmp_path / "unit.yaml"
    unit.write_text(MINIMAL.replace("approval-2024", "bureau-x") + "procurement: {goods: 12.5, services: 3}\n",
                    encoding="utf-8")
    checked = check_file(unit, (schemes,))
    scheme = load_scheme("bureau-x", (schemes, TEMPLATES_DIR))
    doc = compose(checked.figures, scheme)
    tables = [b for p in doc.parts for b in p.blocks if isinstance(b, Table)]
    procurement = next(t for t in tables if t.anchor == "tbl-procurement")
    assert [c.text for c in procurement.body[0]] == ["政府采购支出合计", "15.50"]
    t02 = next(t for t in tables if t.anchor == "tbl-t02")
    assert [c.text for c in t02.header[2]] == ["类", "款", "项"] and not any("栏次" in c.text for r in t02.header
                                                                           for c in r)
    titles = [b.text for p in doc.parts for b in p.blocks if isinstance(b, Heading) and b.style == "table-title"]
    assert titles[1] == "政府采购支出表"
    # without procurement the table is not printed (不涉及的不列)
    unit.write_text(MINIMAL.replace("approval-2024", "bureau-x"), encoding="utf-8")
    doc = compose(check_file(unit, (schemes,)).figures, scheme)
    assert "tbl-procurement" not in [b.anchor for p in doc.parts for b in p.blocks if isinstance(b, Table)]


def test_use_of_surplus_in_the_overall_bracket_adds_up(write_yaml):
    """§一: 收入总计 = 本年收入 + 使用非财政拨款结余 + 年初结转和结余, 支出总计 = 本年支出 + 结余分配 + 年末."""
    text = MINIMAL.replace("approval-2024", "public-2020").replace(
        '"2013101": {general: 100}', '"2013101": {general: 100, service: 20}') + """\
balances:
  use_of_surplus: 5
  surplus_distribution: 3
  start: {other: 10}
  end: {other: 32}
"""
    checked = check_file(write_yaml(text))
    assert not [f for f in checked.findings if f.severity == "error"], [f.line() for f in checked.findings]
    doc = compose(checked.figures, load_scheme("public-2020"))
    overall = next(b.text for p in doc.parts for b in p.blocks if isinstance(b, Paragraph) and "收、支总计" in b.text)
    assert "收、支总计135万元（收入总计含使用非财政拨款结余5万元、使用年初结转和结余10万元，" \
           "支出总计含结余分配3万元、年末结转和结余32万元）" in overall
    # 120 + 5 + 10 = 135 = 100 + 3 + 32


def test_a_scheme_folder_copied_renders_the_same(tmp_path):
    """A bureau may copy the scheme folder instead of extending: the copy renders identically."""
    shutil.copytree(TEMPLATES_DIR / "shanghai-district-2024", tmp_path / "schemes" / "copy-2024")
    unit = tmp_path / "unit.yaml"
    unit.write_text(EXAMPLE.read_text(encoding="utf-8").replace("scheme: shanghai-district-2024",
                                                                "scheme: copy-2024"), encoding="utf-8")
    original = compose(check_file(EXAMPLE).figures, load_scheme("shanghai-district-2024"))
    copied = compose(check_file(unit, (tmp_path / "schemes",)).figures,
                     load_scheme("copy-2024", (tmp_path / "schemes", TEMPLATES_DIR)))
    text = lambda doc: [getattr(b, "text", None) for p in doc.parts for b in p.blocks]  # noqa: E731
    assert text(original) == text(copied)


def test_the_new_facts_print_in_public_2020_too(write_yaml):
    """Performance counts, SME reservations, 政府性基金 by 项 and the vehicle sentences with
    their budgets, changes and reasons are not Shanghai's alone."""
    text = MINIMAL.replace("approval-2024", "public-2020").replace(
        '"2013101": {general: 100}', '"2013101": {general: 100}\n  "2120899": {gov_fund: 40}').replace(
        '"2013101": {basic: 100}', '"2013101": {basic: 100}\n  "2120899": {gov_fund: {project: 40, budget: 50},'
        ' purpose: 土地出让业务}') + """\
codes: {"2120899": 其他国有土地使用权出让收入安排的支出}
performance_management:
  targets: {projects: 3, amount: 120}
  self_evaluated: {projects: 3, amount: 120, average_score: 95.5}
  grades: {excellent: 2, good: 1, pass: 0, fail: 0}
procurement: {goods: 10, services: 5, reserved_sme: 8, awarded_sme_other: 2}
three_public:
  budget: {vehicle_purchase: 20, vehicle_operation: 5}
  actual: {vehicle_purchase: 18, vehicle_operation: 6}
previous:
  three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 4, reception: 0}
reasons:
  three_public:
    vehicle_purchase_budget: 车辆更新采购价格低于预算
    vehicle_operation_yoy: 车辆增加
"""
    checked = check_file(write_yaml(text))
    assert not [f for f in checked.findings if f.severity == "error"], [f.line() for f in checked.findings]
    doc = compose(checked.figures, load_scheme("public-2020"))
    body = "\n".join(getattr(b, "text", "") for p in doc.parts for b in p.blocks)
    assert "编报绩效目标的2024年度项目3个，涉及预算金额120万元" in body
    assert "平均得分95.5分，其中评级为“优”的2个、“良”的1个、“合格”的0个、“不合格”的0个" in body
    assert "面向中小企业预留政府采购项目预算金额8万元，其中面向小微企业预留0万元" in body
    assert "其他国有土地使用权出让收入安排的支出（项），主要用于土地出让业务：年初预算为50万元，支出决算为40万元" in body
    assert "公务用车购置费支出预算为20万元，支出决算为18万元，完成预算的90.00%，决算数小于预算数的主要原因是：" \
           "车辆更新采购价格低于预算" in body
    assert "公务用车运行维护费支出预算为5万元，支出决算为6万元" in body and "主要原因是车辆增加" in body
