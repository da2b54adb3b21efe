"""Each consistency rule fires on the error it exists for, located at the right line."""

from generator.pipeline import check_file
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, MINIMAL, edit


def findings(path, rule=None):
    result = check_file(path).findings
    return [f for f in result if rule is None or f.rule == rule]


def errors(path):
    return [f for f in findings(path) if f.severity == "error"]


def test_examples_are_clean():
    assert errors(EXAMPLE_2020) == []
    assert errors(EXAMPLE_2024) == []


def test_changed_item_contradicts_the_official_totals(tmp_path):
    """With the totals stated as printed, a mistyped 项 (0.10 off) is caught by every total
    above it; totals beyond the tolerance are not used, so the balances fail too."""
    bad = edit(EXAMPLE_2020, '"2010301": {basic: 141.81', '"2010301": {basic: 141.91', tmp_path)
    rules = {f.rule for f in errors(bad)}
    assert {"T03-SUM", "T01-DECLARED", "T03-DECLARED", "T01-BALANCE", "T04-FUND-BALANCE",
            "T06-BASIC-MATCH"} <= rules
    sums = {f.source.path for f in findings(bad, "T03-SUM")}
    assert {"expenditure.201.basic", "expenditure.20103.basic"} <= sums
    [balance] = findings(bad, "T01-BALANCE")
    assert balance.source.path == "balances.end" and "18.18" in balance.text()


def test_changed_amount_breaks_the_balances(write_yaml):
    """Without stated totals, the balances are computed from the 项 and must hold."""
    bad = write_yaml(MINIMAL.replace('"2013101": {basic: 100}', '"2013101": {basic: 100.10}'))
    rules = {f.rule for f in errors(bad)}
    assert {"T01-BALANCE", "T04-FUND-BALANCE", "T06-BASIC-MATCH"} <= rules
    [balance] = findings(bad, "T01-BALANCE")
    assert balance.source.path == "balances.end" and "100.10" in balance.text()


def test_seed_002_table_06_as_printed(tmp_path):
    """301 printed as 0.90 while every item reads 0.00."""
    bad = edit(EXAMPLE_2020, '  "30199": 0.90\n', "", tmp_path)
    [group] = findings(bad, "T06-GROUP-SUM")
    assert group.source.path == "basic_economic.301" and "0.90" in group.text()
    assert findings(bad, "T06-BASIC-MATCH")
    assert findings(bad, "T06-DECLARED")


def test_seed_001_three_public_budget_printed_as_actual(tmp_path):
    """Table 09 printed the actuals (6.52 / 5.39 / 1.13) in the budget columns."""
    text = EXAMPLE_2024.read_text(encoding="utf-8")
    start = text.index("  budget:", text.index("three_public:"))
    end = text.index("\n", start)
    bad = tmp_path / "copy.yaml"
    bad.write_text(text[:start] + "  budget: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 5.39, reception: 1.13}"
                   + text[end:], encoding="utf-8")
    rules = {f.rule for f in findings(bad)}
    assert "T07-BUDGET-COPY" in rules or "T07-SUM" in rules


def test_wrong_three_public_total(tmp_path):
    bad = edit(EXAMPLE_2020, "reception: 42.15, total: 63.71}", "reception: 42.15, total: 63.17}", tmp_path)
    [finding] = findings(bad, "T07-SUM")
    assert finding.source.path == "three_public.actual.total"


def test_item_under_the_wrong_category(write_yaml):
    # 行政单位离退休 filed under 210 卫生健康 instead of 208 社会保障和就业
    path = write_yaml(MINIMAL.replace('"2013101": {basic: 100}', '"2100501": {basic: 100, name: 行政单位离退休}')
                      .replace('"2013101": {general: 100}', '"2100501": {general: 100}'))
    parent = {f.source.path: f for f in findings(path, "CODE-PARENT")}
    assert parent["expenditure.2100501"].source.line == 5 and "21005" in parent["expenditure.2100501"].text()


def test_unknown_code_must_be_named(write_yaml):
    text = MINIMAL.replace('"2013101"', '"2013188"')
    assert findings(write_yaml(text), "CODE-UNKNOWN")
    named = text + 'codes:\n  "2013188": 某专项业务\n'
    assert not findings(write_yaml(named, "named.yaml"), "CODE-UNKNOWN")


def test_carry_over_continuity_with_previous_file(tmp_path, write_yaml):
    last = write_yaml(MINIMAL.replace("year: 2024", "year: 2023").replace("{general: 100}", "{general: 110}")
                      + "balances: {end: {general: 10}}\n", "last.yaml")
    this = MINIMAL + f"previous: {{file: {last.name}}}\nbalances: {{start: {{general: 5}}, end: {{general: 5}}}}\n"
    [finding] = findings(write_yaml(this, "this.yaml"), "CARRY-CONTINUITY")
    assert "10" in finding.text() and finding.source.path == "balances.start.general"
    fixed = this.replace("{general: 5}, end: {general: 5}", "{general: 10}, end: {general: 10}")
    assert not findings(write_yaml(fixed, "fixed.yaml"), "CARRY-CONTINUITY")


def test_previous_cycle_is_reported(write_yaml):
    write_yaml(MINIMAL + "previous: {file: b.yaml}\n", "a.yaml")
    path = write_yaml(MINIMAL + "previous: {file: a.yaml}\n", "b.yaml")
    rules = {f.rule for f in findings(path)}
    assert rules & {"PREVIOUS-CYCLE", "PREVIOUS-INVALID"}


def test_procurement_sums(tmp_path):
    bad = edit(EXAMPLE_2024, "sme_services: 12", "sme_services: 13", tmp_path)
    assert findings(bad, "PROC-SHARE")


def test_missing_reason_is_a_warning(tmp_path):
    bad = edit(EXAMPLE_2020, '    "2010302": 预算调整追加\n', "", tmp_path)
    [finding] = [f for f in findings(bad, "REASON-MISSING") if "2010302" in f.text()]
    assert finding.severity == "warning" and "reasons.budget_items.2010302" in finding.text()


def test_declared_category_total_within_rounding_tolerance():
    """Seed 001's table 02: 27.07 + 8.19 + 7.43 = 42.69 but 210 reads 42.68 — accepted 尾数误差."""
    assert '"210"' in EXAMPLE_2024.read_text(encoding="utf-8")
    assert not findings(EXAMPLE_2024, "T02-SUM")


def test_partial_budgets_are_an_error(write_yaml):
    text = MINIMAL.replace('"2013101": {basic: 100}', '"2013101": {basic: 50, budget: 50}\n  "2013102": {basic: 50}') \
        .replace('"2013101": {general: 100}', '"2013101": {general: 50}\n  "2013102": {general: 50}')
    [finding] = findings(write_yaml(text), "BUDGET-MISSING")
    assert finding.severity == "error" and "2013102" in finding.text()


def test_previous_file_with_errors_is_reported(write_yaml):
    last = write_yaml(MINIMAL.replace("year: 2024", "year: 2023") + "balances: {end: {general: 55}}\n", "last.yaml")
    this = write_yaml(MINIMAL + f"previous: {{file: {last.name}}}\nbalances: {{start: {{general: 55}}, end: {{general: 55}}}}\n",
                      "this.yaml")
    [finding] = findings(this, "PREVIOUS-INVALID")
    assert finding.source.path == "previous.file"


def test_unknown_scheme_is_found_by_check(write_yaml):
    [finding] = findings(write_yaml(MINIMAL.replace("approval-2024", "approval-2042")), "SCHEME-UNKNOWN")
    assert finding.source.path == "unit.scheme"


def test_carry_detail_needed_by_the_approval_scheme(write_yaml):
    text = MINIMAL.replace('"2013101": {general: 100}', '"2013101": {general: 80}') \
        + "balances: {start: {general: {project: 20}}, end: {general: 0}}\n"
    assert findings(write_yaml(text), "CARRY-DETAIL")
    detailed = text.replace('"2013101": {basic: 100}', '"2013101": {basic: 100, carry_in: {basic: 20}}') \
        .replace("start: {general: {project: 20}}", "start: {general: {basic: 20}}")
    result = findings(write_yaml(detailed, "detailed.yaml"))
    assert not [f for f in result if f.severity == "error"], [f.line() for f in result]
