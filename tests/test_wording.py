"""Wording rules of domain.md, on small inputs rendered through compose (no writer needed)."""

import re

from generator.compose import compose
from generator.document import Heading, Paragraph
from generator.loader import load_text
from generator.compute import compute
from generator.model import parse_tree
from generator.scheme import load_scheme

BASE = """\
unit: {name: 测试单位, year: 2024, scheme: approval-2024, percent_decimals: 1}
income:
  "2013101": {general: 100}
  "2013102": {general: 50}
expenditure:
  "2013101": {basic: 100, budget: 100}
  "2013102": {project: 50, budget: 0}
basic_economic: {"30101": 60, "30201": 40}
three_public:
  budget: {reception: 4}
  actual: {reception: 3}
previous:
  total: 150
  appropriation_total: 120
  general_expenditure: 0
  three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 0, reception: 3}
"""


def report(text=BASE):
    inp = parse_tree(load_text(text, "t.yaml").tree, "t.yaml").input
    doc = compose(compute(inp), load_scheme(inp.unit.scheme))
    lines = []
    for part in doc.parts:
        lines += [b.text for b in part.blocks if isinstance(b, (Heading, Paragraph))]
    return "\n".join(lines)


def test_equal_is_flat_and_zero_base_has_no_rate():
    text = report()
    assert "2024年度收、支总计150万元。与上年持平。" in text
    # last year's general expenditure was 0: the amount only, no rate
    assert "一般公共预算财政拨款支出增加150万元。" in text
    assert "增长" not in text.split("一般公共预算财政拨款支出增加150万元")[1][:5]


def test_zero_budget_has_no_completion_rate_and_no_dangling_reason():
    text = report()
    [para] = [line for line in text.splitlines() if line.startswith("年初预算为0万元")]
    assert para == "年初预算为0万元，支出决算为50万元，决算数大于年初预算数。"
    assert "主要原因是：。" not in text and "主要原因是：\n" not in text
    assert not re.search(r"主要原因是[：:]?[。；，]", text)


def test_signs_and_rates():
    text = report()
    assert "与上年相比，增加30万元，增长25.0%" in text           # 财政拨款收支总计 120 → 150
    text = report(BASE.replace("total: 150", "total: 200"))
    assert "与上年相比，减少50万元，降低25.0%" in text


def test_reason_is_inserted_as_text_not_template():
    text = report(BASE + "reasons: {budget_items: {'2013102': '{{ 7 * 7 }} 追加'}}\n")
    assert "决算数大于年初预算数的主要原因是：{{ 7 * 7 }} 追加。" in text


def test_share_list_adds_up_with_largest_remainder():
    # three equal categories: independent rounding gives 33.3% × 3 = 99.9%
    text = BASE.replace('"2013101": {general: 100}\n  "2013102": {general: 50}',
                        '"2013101": {general: 50}\n  "2080501": {general: 50}\n  "2101101": {general: 50}')
    text = text.replace('"2013101": {basic: 100, budget: 100}\n  "2013102": {project: 50, budget: 0}',
                        '"2013101": {basic: 50}\n  "2080501": {basic: 50}\n  "2101101": {basic: 50}')
    text = text.replace('{"30101": 60, "30201": 40}', '{"30101": 110, "30201": 40}')
    independent = report(text)
    assert independent.count("占33.3%") == 3
    remainder = report(text.replace("percent_decimals: 1}", "percent_decimals: 1, share_method: largest_remainder}"))
    shares = re.findall(r"（类）支出50万元，占([\d.]+)%", remainder)
    assert sorted(shares) == ["33.3", "33.3", "33.4"]


def test_three_public_shares_follow_the_share_method():
    text = BASE.replace("  budget: {reception: 4}\n  actual: {reception: 3}",
                        "  budget: {reception: 4}\n  actual: {abroad: 1, vehicle_operation: 1, reception: 1}")
    text = text.replace("percent_decimals: 1}", "percent_decimals: 2, share_method: largest_remainder}")
    out = report(text.replace("scheme: approval-2024", "scheme: public-2020"))   # 2020 prints the shares
    shares = re.findall(r"支出决算1万元，占([\d.]+)%", out)
    assert sorted(shares) == ["33.33", "33.33", "33.34"]
    assert "最大余额法" in out                                  # the report says how shares were rounded


def test_figures_that_read_the_same_are_equal():
    # in 元: 1,000,010 元 is 100.001 万元, printed 100 — the same as the budget and last year's 100
    text = """\
unit: {name: 测试单位, year: 2024, scheme: approval-2024, percent_decimals: 1, amount_unit: 元}
income: {"2013101": {general: 1000010}}
expenditure: {"2013101": {basic: 1000010, budget: 1000000}}
basic_economic: {"30101": 600010, "30201": 400000}
three_public:
  budget: {reception: 4}
  actual: {reception: 3}
previous:
  total: 1000000
  appropriation_total: 1000000
  general_expenditure: 1000000
  three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 0, reception: 3}
"""
    out = report(text)
    assert "增加0万元" not in out and "减少0万元" not in out
    assert "2024年度收、支总计100万元。与上年持平。" in out
    assert "年初预算为100万元，支出决算为100万元，完成年初预算的100.0%。" in out
    # 4 元 and 3 元 both print as 0 万元: no 75% completion over a printed zero
    assert "公务接待费支出预算为0万元，支出决算为0万元，与上年相比金额一致。" in out
