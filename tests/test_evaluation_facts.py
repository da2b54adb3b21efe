"""The self-evaluation states every figure once (issue 10): restatements are checked, scoring
tables take the scheme's shape, paragraphs are generated from the facts, free text is proofread."""

import re
from decimal import Decimal

import pytest

from generator.document import Paragraph, Table
from generator.evaluation.compose import compose_evaluation
from generator.pipeline import check_file, render_file
from generator.scheme import load_scheme
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, MINIMAL
from tests.extract import docx_text

STANDALONE = """\
unit: {{name: 测试单位, year: 2023, scheme: public-2020}}
self_evaluation:
  sections:
    - title: 预算执行情况
      generate: budget
    - title: 项目支出情况
      generate: project_details
    - title: 资金结构
      generate: funds_by_nature
  budget:
    initial: 100
    adjustment: -10
    executed: 85
    basic: 60
    project: 25
    personnel: 50
    public: 10
    by_income: {{general: 80, other: 5}}
  projects:
    - {{name: 甲项目, initial: 20, adjustment: -2, actual: 15, purpose: 用于调研}}
    - {{name: 乙项目, adjusted: 12, actual: 10}}
{extra}"""


def run(write_yaml, extra="", name="se.yaml", text=STANDALONE):
    return check_file(write_yaml(text.format(extra=extra), name))


def rules(result, severity=None):
    return {f.rule: f for f in result.findings if severity is None or f.severity == severity}


def test_standalone_facts_check_clean_and_derive(write_yaml):
    result = run(write_yaml)
    assert rules(result, "error") == {}, [f.line() for f in result.findings]
    ev = result.figures.evaluation
    assert ev.budget["adjusted"] == Decimal(90) and ev.sources_of["adjusted"] == "derived"
    first, second = ev.projects
    assert first.adjusted == Decimal(18) and first.balance == Decimal(3)
    assert second.adjustment is None and second.balance == Decimal(2) and round(second.rate, 2) == Decimal("83.33")


def test_generated_paragraphs_print_every_fact(write_yaml):
    result = run(write_yaml)
    doc = compose_evaluation(result.figures, load_scheme("public-2020"))
    text = "\n".join(b.text for b in doc.parts[0].blocks if isinstance(b, Paragraph))
    assert "年初预算100万元，年中调减10万元，全年预算90万元，执行85万元，执行率94.44%" in text
    assert "共实施项目2个，合计支出25万元" in text
    assert "年初预算20万元，年中调减2万元，全年预算18万元，实际支出15万元，结余3万元，执行率83.33%，用于调研" in text
    assert "全年预算12万元，实际支出10万元，结余2万元，执行率83.33%" in text
    assert "按收入性质分：一般公共预算80万元，其他资金5万元。" in text
    assert "按支出性质分：基本支出60万元，项目支出25万元。" in text


@pytest.mark.parametrize("extra,rule,path", [
    # the scoring table's funds row restates the budget block with another figure
    ("  scoring:\n    funds: {executed: 86, weight: 10}\n", "SE-FUNDS-ROW", "self_evaluation.scoring.funds.executed"),
    # base data: projects and 公用经费 against the budget block
    ("  base_data:\n    projects:\n      - {name: 甲项目, actual: 15}\n", "SE-BASE-PROJECTS",
     "self_evaluation.base_data.projects"),
    ("  base_data:\n    public_cost: {actual: 11}\n", "SE-BASE-PUBLIC", "self_evaluation.base_data.public_cost.actual"),
])
def test_restated_figures_are_checked(write_yaml, extra, rule, path):
    found = rules(run(write_yaml, extra))
    assert found[rule].severity == "error" and found[rule].source.path == path


def test_breakdown_and_project_sum(write_yaml):
    text = STANDALONE.replace("by_income: {{general: 80, other: 5}}", "by_income: {{general: 79, other: 5}}") \
        .replace("actual: 10}}", "actual: 11}}")
    found = rules(run(write_yaml, text=text))
    assert "84" in found["SE-BREAKDOWN"].text() and "85" in found["SE-BREAKDOWN"].text()
    assert "26" in found["SE-PROJECT-SUM"].text() and found["SE-PROJECT-SUM"].source.path == "self_evaluation.projects"


def test_project_sum_in_a_report(write_yaml):
    text = MINIMAL + """\
self_evaluation:
  projects:
    - {name: 甲, actual: 10}
"""
    found = rules(check_file(write_yaml(text)))
    assert found["SE-PROJECT-SUM"].severity == "error"       # Part 2 has no 项目支出


def test_part2_figures_are_not_typed_again(write_yaml):
    same = MINIMAL + "self_evaluation:\n  budget: {executed: 100}\n"
    found = rules(check_file(write_yaml(same, "same.yaml")))
    assert found["SE-RESTATED"].severity == "warning" and "SE-PART2-BUDGET" not in found
    other = MINIMAL + "self_evaluation:\n  budget: {executed: 90}\n"
    found = rules(check_file(write_yaml(other, "other.yaml")))
    assert found["SE-PART2-BUDGET"].source.path == "self_evaluation.budget.executed"
    # with a scope of its own the self-evaluation's funds are not Part 2's
    scoped = MINIMAL + "self_evaluation:\n  budget: {scope: 行政运行经费, executed: 90}\n"
    result = check_file(write_yaml(scoped, "scoped.yaml"))
    assert {"SE-PART2-BUDGET", "SE-RESTATED"}.isdisjoint(rules(result))
    assert result.figures.evaluation.budget["executed"] == Decimal(90)


# ---------------------------------------------------------------- scoring tables of any shape

WHOLE_POINTS = """\
unit: {name: 测试单位, year: 2023, scheme: public-2020}
self_evaluation:
  budget: {initial: 100, adjusted: 100, executed: 98.6}
  scoring:
    layout: {columns: [level1, level3, target, achieved, weight, score], precision: 0, label_column: true,
             subtotals: true}
    funds: {weight: 10, score: 10, rate: 98.60%}
    goals: {expected: 完成年度任务, achieved: 已完成}
    indicators:
      - name: 产出指标
        cap: 50
        items:
          - {name: 完成调研报告, target: ≥10篇, achieved: 12篇, weight: 30, score: 30}
          - {name: 完成信息报送, target: ≥20条, achieved: 25条, weight: 20, score: 20}
      - name: 效益指标
        cap: 40
        items:
          - {name: 决策参考作用, target: 显著, achieved: 显著, weight: 40, score: 40}
    total: 100
"""


def test_whole_point_table_checks_clean_and_prints_whole_points(write_yaml):
    """10 points × 98.6% is 9.86: a whole-point table prints 10, and its total and grade follow."""
    result = check_file(write_yaml(WHOLE_POINTS))
    assert rules(result, "error") == {}, [f.line() for f in result.findings]
    ev = result.figures.evaluation
    assert ev.scores(0) == (Decimal(10), Decimal(100), "优") and ev.scores(2)[0] == Decimal("9.86")
    doc = compose_evaluation(result.figures, load_scheme("public-2020"))
    funds, indicators = [b for b in doc.parts[0].blocks if isinstance(b, Table)]
    rows = lambda t: ["\t".join(c.text for c in row) for row in t.header + t.body]  # noqa: E731
    assert "合计\t100.00\t100.00\t98.60\t10\t98.60%\t10" in rows(funds)     # the scheme's label (seed 002)
    assert rows(indicators) == [
        "绩效指标\t一级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "\t产出指标（50分）\t完成调研报告\t≥10篇\t12篇\t30\t30",
        "完成信息报送\t≥20条\t25条\t20\t20",
        "小计\t50\t50",
        "效益指标（40分）\t决策参考作用\t显著\t显著\t40\t40",
        "小计\t40\t40",
        "总分\t100\t100（优）",
    ]
    # the column-label row is the header that repeats on a continuation page
    assert [c.text for c in indicators.header[0]][1:3] == ["一级指标", "三级指标"]


def test_two_decimal_score_is_checked_at_its_precision(write_yaml):
    text = WHOLE_POINTS.replace("score: 10, rate", "score: 9.87, rate").replace("total: 100", "total: 99.86")
    found = rules(check_file(write_yaml(text)))
    assert "9.86" in found["SE-FUNDS-SCORE"].text() and "SE-TOTAL" not in found


def test_unused_columns_are_not_printed(write_yaml):
    """The 2024 example has no 二级指标: no empty column; 扣分标准 is printed (seed 001)."""
    result = render_file(EXAMPLE_2024, write_yaml("x: 1").parent / "out", ["docx"])
    text = docx_text(result.written[0])
    assert "绩效指标\t一级指标\t三级指标\t年度指标值\t实际完成值\t扣分标准\t分值\t得分\t偏差原因分析及改进措施" in text
    assert "二级指标" not in text.split("附件2")[-1]


# ---------------------------------------------------------------- one figure, one print

LABELS = ("一般公共预算财政拨款支出", "基本支出", "项目支出", "人员经费", "公用经费", "年初预算数", "“三公”经费")


@pytest.mark.parametrize("example", [EXAMPLE_2020, EXAMPLE_2024], ids=lambda p: p.stem)
def test_no_figure_printed_two_ways(example, tmp_path):
    """Every amount labelled the same in Parts 3 and 5 is the same amount."""
    text = docx_text(render_file(example, tmp_path, ["docx"]).written[0])
    part3 = text[text.index("第三部分"):text.index("第四部分")]
    part5 = text[text.index("第五部分"):]
    for label in LABELS:
        pattern = re.compile(re.escape(label) + r"(?:决算数|预算数)?(?:为)?(\d+(?:\.\d+)?)万元")
        in3 = {Decimal(m) for m in pattern.findall(part3)}
        in5 = {Decimal(m) for m in pattern.findall(part5)}
        if in3 and in5:
            assert in5 <= in3, (label, in3, in5)


# ---------------------------------------------------------------- free text

TEXTS = """\
unit: {name: 测试单位, year: 2023, scheme: public-2020}
self_evaluation:
  sections:
    - title: 一、基本情况
      text: 本单位“三公经费支出12.34元。
    - title: 预算情况
      text: 全年支出12.34万元，主要用于调研and信息报送；
  budget: {executed: 12.34}
  scoring:
    funds: {weight: 10}
    indicators:
      - name: 产出指标
        items:
          - {name: 完成调研, weight: 90, score: 80}
"""


def test_free_text_slips_are_warned(write_yaml):
    found = rules(check_file(write_yaml(TEXTS)))
    assert found["SE-TITLE-NUMBER"].source.path == "self_evaluation.sections[0].title"
    assert found["SE-TEXT-UNIT"].source.path == "self_evaluation.sections[0].text"
    assert found["SE-TEXT-BRACKETS"].source.path == "self_evaluation.sections[0].text"
    assert found["SE-TEXT-END"].source.path == "self_evaluation.sections[1].text"
    assert found["SE-TEXT-LATIN"].source.path == "self_evaluation.sections[1].text"
    assert "完成调研" in found["SE-DEVIATION-MISSING"].text()
    assert all(f.severity == "warning" for f in found.values() if f.rule.startswith("SE-TEXT"))


def test_clean_text_is_not_warned(write_yaml):
    clean = TEXTS.replace("一、基本情况", "基本情况").replace("“三公经费支出12.34元", "“三公”经费支出12.34万元") \
        .replace("调研and信息报送；", "调研和信息报送。").replace("score: 80}", "score: 80, deviation: 部分调研延期}")
    found = rules(check_file(write_yaml(clean)))
    assert not {r for r in found if r.startswith("SE-TEXT") or r in ("SE-TITLE-NUMBER", "SE-DEVIATION-MISSING")}


def test_2020_example_prints_the_scope_note_and_whole_points():
    result = check_file(EXAMPLE_2020)
    ev = result.figures.evaluation
    assert ev.budget["executed"] == Decimal("239.6") and ev.sources_of["executed"] == "budget"
    assert ev.scores(0)[0] == Decimal(10)


def test_grade_follows_the_whole_points_printed(write_yaml):
    """80 + 10 × 95% = 89.5: printed in whole points the funds score is 10, the total 90, so 优 —
    a grade from the unrounded 89.5 (良) would contradict the printed total."""
    text = WHOLE_POINTS.replace("executed: 98.6", "executed: 95").replace("score: 10, rate: 98.60%", "") \
        .replace("weight: 40, score: 40", "weight: 40, score: 30, deviation: 部分成果未转化").replace("total: 100", "")
    result = check_file(write_yaml(text))
    assert rules(result, "error") == {}, [f.line() for f in result.findings]
    doc = compose_evaluation(result.figures, load_scheme("public-2020"))
    funds, indicators = [b for b in doc.parts[0].blocks if isinstance(b, Table)]
    assert "\t".join(c.text for c in funds.body[1]) == "合计\t100.00\t100.00\t95.00\t10\t95.00%\t10"
    assert "\t".join(c.text for c in indicators.body[-1]) == "总分\t100\t90（优）"
