"""No fact left unsaid: FACT-UNUSED warns for a stated fact, text or reason the scheme never prints."""

from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import check_file
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, INPUTS, MINIMAL

#: Known true warnings of the shipped examples (each a fact its scheme really does not print),
#: file name → YAML paths.  None today: the Shanghai example's 公务接待费 budget reason, which
#: the 样张's sentence has no place for, was taken out of the example (FACT-UNUSED found it).
KNOWN = {}


def unused(path, search=()):
    result = check_file(path, search)
    return {f.source.path: f for f in result.findings if f.rule == "FACT-UNUSED"}


def with_lines(write_yaml, extra, scheme="public-2020", name="unit.yaml"):
    text = MINIMAL.replace("scheme: approval-2024", f"scheme: {scheme}") + extra
    return write_yaml(text, name)


PREVIOUS_FLAT = """\
previous: {total: 100, appropriation_total: 100, general_expenditure: 100, expenditure_total: 100,
           three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 0, reception: 0}}
"""


@pytest.mark.parametrize("path", sorted(INPUTS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_examples_leave_nothing_unsaid(path):
    """Every example states only what its scheme prints (or a known, listed true warning)."""
    assert set(unused(path)) <= KNOWN.get(path.name, set())


def vehicle_total_only_scheme(tmp_path):
    """A scheme whose 三公 section speaks of 公务用车购置及运行维护费 only as a whole, with its own
    reasons (as both built-in schemes once did)."""
    folder = tmp_path / "schemes" / "vehicle-total"
    (folder / "narrative").mkdir(parents=True)
    (folder / "scheme.yaml").write_text("extends: public-2020\n", encoding="utf-8")
    (folder / "narrative" / "three_public.j2").write_text(
        "公务用车购置及运行维护费支出决算为{{ three.vehicle.actual }}万元"
        "{% if three.vehicle.reason_budget %}，主要原因是{{ three.vehicle.reason_budget }}{% endif %}。\n",
        encoding="utf-8")
    return tmp_path / "schemes"


def test_vehicle_purchase_reasons_the_scheme_has_no_sentence_for(write_yaml, tmp_path):
    """Reasons given for 公务用车购置费 and 运行维护费 apart vanish in a scheme that speaks only of
    their sum: warned, at the reason's line; public-2020 prints them (not warned)."""
    extra = """\
three_public:
  budget: {vehicle_purchase: 30, vehicle_operation: 10}
  actual: {vehicle_purchase: 25, vehicle_operation: 12}
reasons:
  three_public:
    vehicle_purchase_budget: 车辆采购价格低于预算
    vehicle_operation_budget: 新增车辆维护
    vehicle_budget: 压减车辆经费
"""
    keys = {"reasons.three_public.vehicle_purchase_budget", "reasons.three_public.vehicle_operation_budget"}
    found = unused(with_lines(write_yaml, extra, "vehicle-total", "a.yaml"), (vehicle_total_only_scheme(tmp_path),))
    assert keys <= set(found) and "reasons.three_public.vehicle_budget" not in found
    finding = found["reasons.three_public.vehicle_purchase_budget"]
    assert finding.severity == "warning" and finding.source.line == 14 and finding.source.file.endswith("a.yaml")
    assert "vehicle-total" in finding.text("en") and "车辆采购价格" in finding.text("en")
    assert not keys & set(unused(with_lines(write_yaml, extra, "public-2020", "b.yaml")))


def zero_as_absent_scheme(tmp_path):
    """A scheme whose 三公 sentence treats a zero count as absent (as public-2020 once did)."""
    folder = tmp_path / "schemes" / "zero-absent"
    (folder / "narrative").mkdir(parents=True)
    (folder / "scheme.yaml").write_text("extends: public-2020\n", encoding="utf-8")
    (folder / "narrative" / "three_public.j2").write_text(
        '因公出国（境）费{{ three.abroad.actual }}万元{% if facts.abroad_groups and facts.abroad_groups != "0" %}'
        '，团组{{ facts.abroad_groups }}个，{{ facts.abroad_people }}人次{% endif %}。\n', encoding="utf-8")
    return tmp_path / "schemes"


def test_zero_abroad_groups_is_a_fact(write_yaml, tmp_path):
    """``abroad_groups: 0`` is not absent: a template that reads it and prints nothing for a zero
    is warned (reading is not printing); public-2020 prints 团组0个 and is not warned."""
    extra = "three_public: {abroad_groups: 0, abroad_people: 0}\n"
    search = (zero_as_absent_scheme(tmp_path),)
    keys = {"three_public.abroad_groups", "three_public.abroad_people"}
    assert keys <= set(unused(with_lines(write_yaml, extra, "zero-absent", "a.yaml"), search))
    assert not keys & set(unused(with_lines(write_yaml, extra, "public-2020", "b.yaml")))
    assert not keys & set(unused(with_lines(write_yaml, extra, "approval-2024", "c.yaml")))
    nonzero = extra.replace("abroad_groups: 0, abroad_people: 0", "abroad_groups: 2, abroad_people: 5")
    assert not keys & set(unused(with_lines(write_yaml, nonzero, "zero-absent", "d.yaml"), search))


def test_other_text_without_an_other_section(write_yaml):
    """approval-2024 has no 其他 section: texts.other is never printed; public-2020 prints it."""
    extra = "texts: {other: 本单位无其他需要说明的事项。}\n"
    assert "texts.other" in unused(with_lines(write_yaml, extra, "approval-2024", "a.yaml"))
    assert "texts.other" not in unused(with_lines(write_yaml, extra, "public-2020", "b.yaml"))


def test_reason_for_a_change_that_is_not_printed(write_yaml):
    """A year-on-year reason is printed with its change; with the totals 持平 the sentence says
    与上年持平 and the reason goes nowhere (warned); with a change it is printed (not warned)."""
    reason = "reasons: {total_yoy: 人员增加}\n"
    flat = unused(with_lines(write_yaml, PREVIOUS_FLAT + reason, "public-2020", "flat.yaml"))
    assert "reasons.total_yoy" in flat
    changed = unused(with_lines(write_yaml, PREVIOUS_FLAT.replace("total: 100,", "total: 80,") + reason,
                                "public-2020", "changed.yaml"))
    assert "reasons.total_yoy" not in changed


def test_glossary_replacement_of_a_term_the_scheme_lacks(write_yaml):
    extra = "glossary:\n  replace: {事业收入: 本单位无事业收入。, 不存在的名词: 定义}\n"
    found = unused(with_lines(write_yaml, extra))
    assert "glossary.replace.不存在的名词" in found and "glossary.replace.事业收入" not in found


def test_check_cli_prints_the_warning_in_chinese_and_english(write_yaml, capsys):
    path = with_lines(write_yaml, "texts: {other: 其他说明}\n", "approval-2024")
    assert main(["check", str(path)]) == 0                 # a warning, not an error
    out = capsys.readouterr().out
    assert "[FACT-UNUSED]" in out and "approval-2024" in out and "(texts.other)" in out
    assert "'texts.other' is stated" not in out           # Chinese first
    assert main(["check", "--lang", "en", str(path)]) == 0
    assert "'texts.other' is stated (其他说明) but scheme approval-2024 prints it nowhere" in capsys.readouterr().out


def test_not_composed_when_the_input_has_errors(write_yaml):
    """An input with errors is not composed (its figures may not hold together)."""
    path = with_lines(write_yaml, "texts: {other: 其他说明}\n", "approval-2024").read_text(encoding="utf-8")
    bad = write_yaml(path.replace('"30101": 60', '"30101": 61'), "bad.yaml")
    findings = check_file(bad).findings
    assert any(f.severity == "error" for f in findings)
    assert not any(f.rule == "FACT-UNUSED" for f in findings)


def test_a_template_failing_with_the_units_data_is_a_located_check_error(tmp_path, write_yaml):
    """check composes the report, so a template that fails only with this unit's data is a
    located error at check (RENDER-SCHEME at the template's line), not a surprise at render."""
    scheme = tmp_path / "schemes" / "mine"
    (scheme / "narrative").mkdir(parents=True)
    (scheme / "scheme.yaml").write_text("extends: public-2020\n", encoding="utf-8")
    (scheme / "narrative" / "other.j2").write_text(
        "{% if texts.other %}\n{{ texts.other }}{{ texts.others }}\n{% endif %}\n", encoding="utf-8")
    path = with_lines(write_yaml, "texts: {other: 说明}\n", "mine")
    errors = [f for f in check_file(path, (tmp_path / "schemes",)).findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["RENDER-SCHEME"]
    assert errors[0].source.file.endswith("narrative/other.j2") and errors[0].source.line == 2
    assert "narrative/other.j2" in errors[0].text("en")


def test_example_facts_are_found_where_they_are_written():
    """The locations point at the example's own lines (the warning is editor-friendly)."""
    from generator.unsaid import given_facts

    result = check_file(EXAMPLE_2024)
    facts = {path for path, _, _ in given_facts(result.input)}
    assert {"reasons.total_yoy", "three_public.abroad_groups", "texts.performance",
            "general_spending.meetings.note", "assets.vehicles.机要通信用车"} <= facts
    lines = Path(EXAMPLE_2024).read_text(encoding="utf-8").splitlines()
    assert "abroad_groups: 0" in lines[result.input.where("three_public.abroad_groups").line - 1]
    assert EXAMPLE_2020.exists()
