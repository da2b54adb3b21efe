"""The self-evaluation: computed scores, rates and grade; seed errors reported; numbering generated."""

from decimal import Decimal

import pytest

from generator.evaluation.compose import compose_evaluation
from generator.evaluation.figures import grade
from generator.document import Heading, Paragraph, Table
from generator.pipeline import check_file
from generator.scheme import load_scheme
from tests.conftest import MINIMAL

# Seed 002's scoring table, entered as printed.
SEED_002_SCORING = """\
unit: {name: 株洲市人民政府驻北京联络处, year: 2020, scheme: public-2020}
self_evaluation:
  sections: [基本情况]
  scoring:
    funds: {initial: 275.4, adjusted: 234.4, executed: 239.6, weight: 10, rate: 102.3%, score: 102}
    goals: {expected: 深入学习贯彻党的十九大精神, achieved: 100.0%}
    indicators:
      - name: 产出指标
        cap: 50
        items:
          - {secondary: 数量指标, name: 完成宣传、推介工作任务, target: 100.0%, achieved: 100.0%, weight: 10, score: 10}
          - {secondary: 数量指标, name: 完成政务联络、友好往来工作, target: 100.0%, achieved: 100.0%, weight: 10, score: 10}
          - {secondary: 质量指标, name: 完成企业和科研院所、高等院校联络工作, target: 100.0%, achieved: 100.0%, weight: 5, score: 5}
          - {secondary: 质量指标, name: 完成市领导来京公务接待工作, target: 100.0%, achieved: 100.0%, weight: 10, score: 10}
          - {secondary: 质量指标, name: 配合做好信访维稳工作, target: 100.0%, achieved: 100.0%, weight: 5, score: 5}
          - {secondary: 质量指标, name: 完成信息报送工作, target: 100.0%, achieved: 100.0%, weight: 5, score: 5}
          - {secondary: 质量指标, name: 完成党建工作, target: 100.0%, achieved: 100.0%, weight: 5, score: 5}
          - {secondary: 质量指标, name: 市委、市政府交办的其他工作, target: 100.0%, achieved: 100.0%, weight: 5, score: 5}
      - name: 效益指标
        cap: 30
        items:
          - {secondary: 经济效益指标, name: 高标准完成公务接待工作, target: 100.0%, achieved: 100.0%, weight: 30, score: 30}
      - name: 满意度指标
        cap: 10
        items:
          - {secondary: 服务对象满意度指标, name: 接待对象满意度, target: 100.0%, achieved: 100.0%, weight: 10, score: 10}
    total: 100
"""


def rules_of(path):
    return {f.rule: f for f in check_file(path).findings}


def test_seed_002_scoring_errors_as_printed(write_yaml):
    found = rules_of(write_yaml(SEED_002_SCORING))
    assert "55" in found["SE-WEIGHT-CAP"].text() and "50" in found["SE-WEIGHT-CAP"].text()
    assert "102.2" in found["SE-RATE"].text("en")                 # 239.6 / 234.4 = 102.22%, printed 102.3%
    assert "10.00" in found["SE-FUNDS-SCORE"].text("en")          # capped at the weight, printed 102
    assert "105" in found["SE-WEIGHT-TOTAL"].text("en")
    assert found["SE-TOTAL"].source.path == "self_evaluation.scoring.total"
    assert found["SE-RATE"].source.line == 5


def test_consistent_scoring_is_clean_and_computed(write_yaml):
    fixed = SEED_002_SCORING.replace("rate: 102.3%, score: 102", "rate: 102.2%, score: 10") \
        .replace("工作, target: 100.0%, achieved: 100.0%, weight: 10, score: 10}\n          - {secondary: 质量指标, name: 配合",
                 "工作, target: 100.0%, achieved: 100.0%, weight: 5, score: 5}\n          - {secondary: 质量指标, name: 配合")
    result = check_file(write_yaml(fixed))
    assert [f for f in result.findings if f.severity == "error"] == []
    ev = result.figures.evaluation
    assert ev.total_weight == 100 and ev.total_score == 100 and ev.grade == "优"
    assert ev.funds_score == 10 and round(ev.funds_rate, 2) == Decimal("102.22")


def test_score_above_weight(write_yaml):
    text = SEED_002_SCORING.replace("name: 接待对象满意度, target: 100.0%, achieved: 100.0%, weight: 10, score: 10",
                                    "name: 接待对象满意度, target: 100.0%, achieved: 100.0%, weight: 10, score: 12")
    finding = rules_of(write_yaml(text))["SE-SCORE-RANGE"]
    assert finding.source.path.endswith("items[0].score")


@pytest.mark.parametrize("total,label", [(100, "优"), (90, "优"), ("89.99", "良"), (80, "良"), (60, "中"),
                                         ("59.9", "差"), (0, "差")])
def test_grade_bands(total, label):
    assert grade(Decimal(total)) == label


def test_seed_001_errors_in_a_full_report(write_yaml):
    text = MINIMAL + """\
admin_cost: {budget: 85.48}
three_public:
  budget: {vehicle_operation: 7, reception: 4}
  actual: {vehicle_operation: 5.39, reception: 1.13}
previous:
  three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 5.41, reception: 1.2}
self_evaluation:
  three_public_change: -0.06
  base_data:
    staff: {authorized: 24, active: 20}
    public_cost: {previous: 363.5, budget: 82.48}
    three_public:
      actual: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 5.39, reception: 1.03}
"""
    found = rules_of(write_yaml(text))
    assert "0.09" in found["SE-THREE-PUBLIC-CHANGE"].text("en").replace("-0.09", "0.09")
    assert "85.48" in found["SE-PART2-ADMIN-BUDGET"].text()
    assert found["SE-PART2-THREE-PUBLIC"].source.path == "self_evaluation.base_data.three_public.actual.reception"
    result = check_file(write_yaml(text, "again.yaml"))
    assert round(result.figures.evaluation.control_rate, 1) == Decimal("83.3")


def test_projects_add_up_and_balance(write_yaml):
    text = """\
unit: {name: 测试单位, year: 2022, scheme: public-2020}
self_evaluation:
  budget: {executed: 100, basic: 60, project: 40, personnel: 50, public: 10}
  projects:
    - {name: 甲, actual: 30, initial: 35, adjustment: -5, balance: 0}
    - {name: 乙, actual: 9, initial: 10, adjustment: 0, balance: 2}
"""
    found = rules_of(write_yaml(text))
    assert "39" in found["SE-PROJECT-SUM"].text() and "40" in found["SE-PROJECT-SUM"].text()
    assert found["SE-PROJECT-BALANCE"].source.path == "self_evaluation.projects[1]"


def test_numbering_and_merged_cells_are_generated(write_yaml):
    text = SEED_002_SCORING.replace("  sections: [基本情况]\n", """\
  sections:
    - title: 基本情况
      sections:
        - title: 单位基本情况
          items:
            - {title: 机构设置情况, text: 内设三个科室。}
            - title: 主要职责
              items: [甲。, 乙。]
        - {title: 绩效目标, text: 目标。}
    - {title: 其他需要说明的情况, text: 无。}
""")
    result = check_file(write_yaml(text))
    doc = compose_evaluation(result.figures, load_scheme("public-2020"))
    blocks = doc.parts[0].blocks
    texts = [b.text for b in blocks if isinstance(b, (Heading, Paragraph))]
    assert texts[:8] == ["单位名称：株洲市人民政府驻北京联络处", "一、基本情况", "（一）单位基本情况", "1.机构设置情况。内设三个科室。",
                         "2.主要职责", "（1）甲。", "（2）乙。", "（二）绩效目标"]
    assert "二、其他需要说明的情况" in texts
    [scoring] = [b for b in blocks if isinstance(b, Table) and b.anchor == "tbl-scoring-indicators"]
    spans = [(c.text, c.rowspan) for row in scoring.body for c in row if c.rowspan > 1]
    assert ("产出指标（50分）", 8) in spans and ("数量指标", 2) in spans and ("质量指标", 6) in spans
