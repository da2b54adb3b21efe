from decimal import Decimal

from generator.model import parse_file
from tests.conftest import MINIMAL


def rules(result):
    return [f.rule for f in result.findings]


def test_minimal_file_parses(write_yaml):
    result = parse_file(write_yaml(MINIMAL))
    assert result.findings == ()
    assert result.input.expenditure[0].funds["general"].basic == Decimal("100")


def test_unknown_key_with_did_you_mean(write_yaml):
    result = parse_file(write_yaml(MINIMAL.replace("{basic: 100}", "{basci: 100}")))
    [finding] = [f for f in result.findings if f.rule == "SCHEMA-UNKNOWN-KEY"]
    assert "basic" in finding.text("en") and "basci" in finding.text("en")
    assert finding.source.line == 5 and finding.source.path == "expenditure.2013101.basci"


def test_text_where_a_number_belongs(write_yaml):
    result = parse_file(write_yaml(MINIMAL.replace("{basic: 100}", "{basic: 一百}")))
    [finding] = [f for f in result.findings if f.rule == "SCHEMA-TYPE"]
    assert finding.source.line == 5 and "一百" in finding.text()


def test_wrong_types(write_yaml):
    text = MINIMAL.replace("year: 2024", "year: 2024.5").replace("income:\n", "income: [1, 2]\nx:\n")
    result = parse_file(write_yaml(text))
    assert rules(result).count("SCHEMA-TYPE") >= 2
    assert "SCHEMA-UNKNOWN-KEY" in rules(result)


def test_negative_amount(write_yaml):
    result = parse_file(write_yaml(MINIMAL.replace('"30201": 40', '"30201": -40')))
    [finding] = [f for f in result.findings if f.rule == "AMOUNT-NEGATIVE"]
    assert finding.source.path == "basic_economic.30201" and finding.source.line == 8


def test_required_keys(write_yaml):
    result = parse_file(write_yaml("unit: {name: x}\n"))
    paths = {f.source.path for f in result.findings if f.rule == "SCHEMA-REQUIRED"}
    assert {"unit.year", "unit.scheme", "expenditure"} <= paths


def test_amounts_in_yuan_are_exact_wan(write_yaml):
    text = MINIMAL.replace("scheme: approval-2024}", "scheme: approval-2024, amount_unit: 元}") \
        .replace("{general: 100}", "{general: '1,000,001'}").replace("{basic: 100}", "{basic: 1000001}")
    result = parse_file(write_yaml(text))
    assert result.input.income[0].kinds["general"] == Decimal("100.0001")
    assert result.input.expenditure[0].funds["general"].basic == Decimal("100.0001")


def test_bad_code_format(write_yaml):
    result = parse_file(write_yaml(MINIMAL.replace('"2013101": {basic', '"201310": {basic')))
    assert "CODE-FORMAT" in rules(result)


def test_free_text_blocks_are_validated(write_yaml):
    text = MINIMAL + """\
reasons: {totl_yoy: x, budget_items: {"2013101": 人员减少}, three_public: {reception_yoy: 压减}}
texts: {performance: [第一段。, 第二段。], othr: 无}
glossary: {add: [部门预算], replace: {财政拨款收入: 新定义}}
general_spending: {meetings: {people: 五十}}
"""
    result = parse_file(write_yaml(text))
    messages = {(f.rule, f.source.path) for f in result.findings}
    assert ("SCHEMA-UNKNOWN-KEY", "reasons.totl_yoy") in messages
    assert ("SCHEMA-UNKNOWN-KEY", "texts.othr") in messages
    assert ("SCHEMA-TYPE", "glossary.add[0]") in messages
    assert ("SCHEMA-TYPE", "general_spending.meetings.people") in messages
    inp = result.input
    assert inp.texts["performance"] == "第一段。\n\n第二段。"
    assert inp.reasons["budget_items"] == {"2013101": "人员减少"}
    assert inp.glossary["replace"] == {"财政拨款收入": "新定义"}
