"""Every rule id the code can emit is seen to fire (issue 15).

One small input per rule id: it is checked (load → parse → compute → check, no rendering) and
the finding is asserted by id, severity and location (YAML path, and line where the case
pins one).  ``test_every_rule_id_has_a_case`` collects the rule ids from the source of
``generator/`` itself and fails when an id has neither a case here nor an entry, with its
reason, in ``ELSEWHERE`` (ids only other entry points can emit: import, build, new, render,
scheme files — each named with the test that makes it fire).
"""

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.pipeline import check_file
from tests.conftest import MINIMAL, ROOT
from tests.test_evaluation import SEED_002_SCORING
from tests.test_evaluation_facts import STANDALONE, TEXTS


#: A rule id as the code writes it: a quoted literal of upper-case words joined by '-'.
RULE_LITERAL = re.compile(r"""["']([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)["']""")
#: Literals of that shape that are not rule ids.
NOT_RULES = {"UTF-8", "UTF-16", "GB18030"}


def rule_ids_in_code():
    """Every rule id literal in generator/**/*.py (a helper that greps the code, not a registry)."""
    ids = set()
    for path in (ROOT / "generator").rglob("*.py"):
        ids |= set(RULE_LITERAL.findall(path.read_text(encoding="utf-8")))
    return ids - NOT_RULES


@dataclass(frozen=True)
class Case:
    severity: str
    path: str                 # the YAML path of the finding
    text: object              # the YAML text, or (base file, old, new) for an edited example
    line: int = 0             # the 1-based line, 0 where it is not pinned
    files: tuple = ()         # other files next to it: ((name, text), ...)
    file: str = "unit.yaml"   # the file the finding is in


def replace(base, old, new):
    assert base.count(old) == 1, f"{old!r} occurs {base.count(old)} times"
    return base.replace(old, new)


M = MINIMAL
BUREAU = replace(M, "approval-2024", "bureau")          # a unit of the scheme schemes/bureau next to it


def bureau(scheme_yaml, **more):
    """Files of a scheme ``bureau`` found by check in the input's schemes/ folder."""
    return (("schemes/bureau/scheme.yaml", scheme_yaml),) + tuple((f"schemes/bureau/{k}", v) for k, v in more.items())


SE = STANDALONE.format(extra="")            # a self-evaluation on its own, clean


def se(extra):
    return STANDALONE.format(extra=extra)


SE_SEED_001 = M + """\
admin_cost: {budget: 85.48}
three_public:
  budget: {vehicle_operation: 7, reception: 4}
  actual: {vehicle_operation: 5.39, reception: 1.13}
previous:
  three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 5.41, reception: 1.2}
self_evaluation:
  three_public_change: -0.06
  base_data:
    public_cost: {budget: 82.48}
    three_public:
      actual: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 5.39, reception: 1.03}
"""
ONE_ITEM = '"2013101": {basic: 100}'

CASES = {
    # ---- load
    "LOAD-SYNTAX": Case("error", "", "unit: {name: a\nincome: [\n", line=0),
    "LOAD-DUPLICATE-KEY": Case("error", "unit.name", replace(M, "unit: {name: 测试单位,", "unit: {name: 测试单位, name: 别名,"), line=1),
    "LOAD-EMPTY": Case("error", "", "# nothing\n"),
    "LOAD-ENCODING": Case("warning", "", M.encode("gbk")),
    "LOAD-TAG": Case("error", "x", M + "x: !!python/object/apply:os.system ['echo hi']\n", line=9),
    "LOAD-KEY": Case("error", "", M + "? [a, b]\n: 1\n", line=9),
    "LOAD-NUMBER": Case("error", "basic_economic.30201", replace(M, '"30201": 40', '"30201": 85_48'), line=8),
    "LOAD-FULLWIDTH": Case("error", "", "unit:\n  year：2024\n", line=2),    # parses: a one-word value,
    "LOAD-LIMIT": Case("error", "", "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))),
    "TEXT-CHAR": Case("error", "profile.intro", M + "profile:\n  intro: \"a\\x01b\"\n", line=10),
    "TEXT-LENGTH": Case("warning", "unit.name", replace(M, "name: 测试单位", "name: " + "测" * 101), line=1),
    # ---- parse
    "SCHEMA-UNKNOWN-KEY": Case("error", "expenditure.2013101.basci", replace(M, "{basic: 100}", "{basci: 100}"), line=5),
    "SCHEMA-TYPE": Case("error", "expenditure.2013101.basic", replace(M, "{basic: 100}", "{basic: 一百}"), line=5),
    "SCHEMA-REQUIRED": Case("error", "unit.year", replace(M, " year: 2024,", "")),
    "SCHEMA-CHOICE": Case("error", "unit.amount_unit", replace(M, "scheme: approval-2024}", "scheme: approval-2024, amount_unit: 千元}"), line=1),
    "AMOUNT-NEGATIVE": Case("error", "basic_economic.30201", replace(M, '"30201": 40', '"30201": -40'), line=8),
    "AMOUNT-FORMAT": Case("error", "basic_economic.30201", replace(M, '"30201": 40', '"30201": "4,0"'), line=8),
    "AMOUNT-RANGE": Case("error", "basic_economic.30201", replace(M, '"30201": 40', '"30201": 100000000'), line=8),
    "AMOUNT-PRECISION": Case("warning", "basic_economic.30201", replace(M, '"30201": 40', '"30201": 40.004'), line=8),
    "CODE-FORMAT": Case("error", "expenditure.201310", replace(M, '"2013101": {basic', '"201310": {basic'), line=5),
    "UNIT-YEAR": Case("error", "unit.year", replace(M, "year: 2024", "year: 1999"), line=1),
    "PREVIOUS-MIXED": Case("error", "previous.file", M + "previous: {file: last.yaml, total: 10}\n", line=9,
                           files=(("last.yaml", replace(M, "year: 2024", "year: 2023")),)),
    "SCHEME-NAME": Case("error", "unit.scheme", replace(M, "scheme: approval-2024", "scheme: ../x"), line=1),
    "SCHEME-UNKNOWN": Case("error", "unit.scheme", replace(M, "approval-2024", "approval-2042"), line=1),
    # ---- check
    "CODE-UNKNOWN": Case("error", "expenditure.2019998", M.replace('"2013101"', '"2019998"'), line=5),
    "CODE-PARENT": Case("error", "expenditure.2100501",
                        M.replace('"2013101": {basic: 100}', '"2100501": {basic: 100, name: 行政单位离退休}')
                        .replace('"2013101": {general: 100}', '"2100501": {general: 100}'), line=5),
    "CODE-NAME": Case("warning", "expenditure.2013101", replace(M, "{basic: 100}", "{basic: 100, name: 别的名字}"), line=5),
    "ECON-CODE-UNKNOWN": Case("error", "basic_economic.30298", replace(M, '"30201"', '"30298"'), line=8),
    "T01-BALANCE": Case("error", "balances.end", replace(M, "{basic: 100}", "{basic: 100.10}")),
    "T04-FUND-BALANCE": Case("error", "balances.end", replace(M, "{basic: 100}", "{basic: 100.10}")),
    "T06-BASIC-MATCH": Case("error", "basic_economic", replace(M, '"30201": 40', '"30201": 40.10'), line=6),
    "T06-SPLIT": Case("error", "basic_economic", replace(replace(M, '"30201": 40', '"31204": 40'), "approval-2024", "bureau"),
                      line=6, files=(("schemes/bureau/scheme.yaml", "extends: approval-2024\n"),
                                     ("schemes/bureau/catalogue/economic-2024.yaml", 'codes:\n  "312": 对企业补助\n  "31204": 费用补贴\n'))),
    "T01-DECLARED": Case("error", "declared.expenditure_total", M + "declared: {expenditure_total: 100.03}\n", line=9),
    "T03-DECLARED": Case("error", "declared.basic_total", M + "declared: {basic_total: 100.03}\n", line=9),
    "T04-DECLARED": Case("error", "declared.appropriation_income", M + "declared: {appropriation_income: 100.03}\n", line=9),
    "BUDGET-DECLARED": Case("error", "declared.budget_total",
                            replace(M, "{basic: 100}", "{basic: 100, budget: 90}") + "declared: {budget_total: 90.03}\n", line=9),
    "T02-SUM": Case("error", "income.201.general", replace(M, '"2013101": {general: 100}', '"2013101": {general: 100}\n  "201": {general: 100.03}'), line=4),
    "T03-SUM": Case("error", "expenditure.201.basic", replace(M, '"2013101": {basic: 100}', '"2013101": {basic: 100}\n  "201": {basic: 100.03}'), line=6),
    "T06-GROUP-SUM": Case("error", "basic_economic.302", M + '  "302": 40.03\n', line=9),
    "T07-SUM": Case("error", "three_public.actual.total", M + "three_public:\n  actual: {reception: 1, total: 1.03}\n", line=10),
    "PROC-SUM": Case("error", "procurement.total", M + "procurement: {goods: 1, works: 0, services: 0, total: 1.03}\n", line=9),
    "PROC-SHARE": Case("error", "procurement.sme", M + "procurement: {goods: 1, works: 0, services: 0, sme: 2}\n", line=9),
    "T07-VS-T06": Case("warning", "three_public.actual.reception",
                       replace(M, '"30201": 40', '"30217": 40') + "three_public:\n  actual: {reception: 1}\n", line=10),
    "T07-BUDGET-COPY": Case("warning", "three_public.budget",
                            M + "three_public:\n  budget: {reception: 1}\n  actual: {reception: 1}\n"
                            "reasons:\n  three_public: {reception_budget: 因为}\n", line=10),
    "FACT-MISSING": Case("warning", "three_public", M + "three_public:\n  actual: {reception: 1}\n", line=9),
    "BUDGET-MISSING": Case("error", "expenditure.2013102",
                           M.replace('"2013101": {basic: 100}', '"2013101": {basic: 50, budget: 50}\n  "2013102": {basic: 50}')
                           .replace('"2013101": {general: 100}', '"2013101": {general: 50}\n  "2013102": {general: 50}'), line=7),
    "INCOME-MISSING": Case("error", "expenditure", replace(M, 'income:\n  "2013101": {general: 100}\n', ""), line=2),
    "REASON-MISSING": Case("warning", "reasons.total_yoy", M + "previous: {total: 90}\n"),
    "PRIOR-MISSING": Case("warning", "unit", M, line=1),
    "CARRY-DETAIL": Case("error", "balances", line=9, text=replace(M, '"2013101": {general: 100}', '"2013101": {general: 80}')
                         + "balances: {start: {general: {project: 20}}, end: {general: 0}}\n"),
    "CARRY-ITEMS": Case("error", "balances.start",
                        replace(M, '"2013101": {general: 100}', '"2013101": {general: 80}').replace(
                            "{basic: 100}", "{basic: 100, carry_in: {project: 10}}")
                        + "balances: {start: {general: {project: 20}}, end: {general: 0}}\n"),
    "ITEM-BALANCE": Case("error", "expenditure.2013101",
                         replace(M, "{basic: 100}", "{basic: 100, carry_in: {project: 20}, carry_out: {project: 5}}")
                         + "balances: {start: {general: {project: 20}}, end: {general: {project: 5}}}\n", line=5),
    "PLAUS-CHANGE": Case("warning", "balances", M + "previous: {total: 20}\n"),
    "PLAUS-COMPLETION": Case("warning", "expenditure.2013101.budget", replace(M, ONE_ITEM, '"2013101": {basic: 100, budget: 20}'), line=5),
    "PLAUS-SCALE": Case("warning", "expenditure.2013101.budget", replace(M, ONE_ITEM, '"2013101": {basic: 100, budget: 1000000}'), line=5),
    "PLAUS-YEAR": Case("warning", "profile.intro", M + "profile:\n  intro: 2018年完成改革。\n", line=10),
    "PREVIOUS-YEAR": Case("error", "previous.file", M + "previous: {file: last.yaml}\n", line=9,
                          files=(("last.yaml", replace(M, "year: 2024", "year: 2021")),)),
    "PREVIOUS-UNIT": Case("warning", "previous.file", M + "previous: {file: last.yaml}\n", line=9,
                          files=(("last.yaml", replace(M, "name: 测试单位, year: 2024", "name: 别的单位, year: 2023")),)),
    "PREVIOUS-MISSING": Case("error", "previous.file", M + "previous: {file: none.yaml}\n", line=9),
    "PREVIOUS-NOT-YAML": Case("error", "previous.file", M + "previous: {file: last.txt}\n", line=9, files=(("last.txt", "x"),)),
    "PREVIOUS-INVALID": Case("error", "previous.file", M + "previous: {file: last.yaml}\n", line=9, files=(("last.yaml", "unit: [\n"),)),
    "PREVIOUS-CYCLE": Case("error", "previous.file", M + "previous: {file: unit.yaml}\n", line=9),
    "PREVIOUS-OUTSIDE": Case("error", "previous.file", M + "previous: {file: /etc/hostname.yaml}\n", line=9),
    "CARRY-CONTINUITY": Case("error", "balances.start.general", line=9, text=
                             replace(M, '"2013101": {general: 100}', '"2013101": {general: 80}').replace(
                                 "{basic: 100}", "{basic: 100, carry_in: {project: 20}}")
                             + "balances: {start: {general: {project: 20}}, end: {general: 0}}\n"
                             "previous: {carry_end: {general: 25}}\n"),

    # ---- self-evaluation (generator/evaluation)
    "SE-BUDGET-SPLIT": Case("error", "self_evaluation.budget", replace(SE, "basic: 60", "basic: 61")),
    "SE-BREAKDOWN": Case("error", "self_evaluation.budget.by_income", replace(SE, "other: 5}", "other: 4}")),
    "SE-PROJECT-SUM": Case("error", "self_evaluation.projects", replace(SE, "actual: 15,", "actual: 14,")),
    "SE-PROJECT-BALANCE": Case("error", "self_evaluation.projects[0]", replace(SE, "adjustment: -2,", "adjustment: -2, adjusted: 17,")),
    "SE-FUNDS-ROW": Case("error", "self_evaluation.scoring.funds.executed", se("  scoring:\n    funds: {executed: 86, weight: 10}\n")),
    "SE-BASE-PROJECTS": Case("error", "self_evaluation.base_data.projects",
                             se("  base_data:\n    projects:\n      - {name: 甲项目, actual: 15}\n")),
    "SE-BASE-PUBLIC": Case("error", "self_evaluation.base_data.public_cost.actual", se("  base_data:\n    public_cost: {actual: 11}\n")),
    "SE-TITLE-NUMBER": Case("warning", "self_evaluation.sections[0].title", TEXTS),
    "SE-TEXT-UNIT": Case("warning", "self_evaluation.sections[0].text", TEXTS),
    "SE-TEXT-BRACKETS": Case("warning", "self_evaluation.sections[0].text", TEXTS),
    "SE-TEXT-END": Case("warning", "self_evaluation.sections[1].text", TEXTS),
    "SE-TEXT-LATIN": Case("warning", "self_evaluation.sections[1].text", TEXTS),
    "SE-DEVIATION-MISSING": Case("warning", "self_evaluation.scoring.indicators[0].items[0]", TEXTS),
    "SE-WEIGHT-CAP": Case("error", "self_evaluation.scoring.indicators[0]", SEED_002_SCORING),
    "SE-WEIGHT-TOTAL": Case("error", "self_evaluation.scoring", SEED_002_SCORING),
    "SE-RATE": Case("error", "self_evaluation.scoring.funds.rate", SEED_002_SCORING, line=5),
    "SE-FUNDS-SCORE": Case("error", "self_evaluation.scoring.funds.score", SEED_002_SCORING, line=5),
    "SE-TOTAL": Case("error", "self_evaluation.scoring.total", SEED_002_SCORING),
    "SE-SCORE-RANGE": Case("error", "self_evaluation.scoring.indicators[2].items[0].score",
                           replace(SEED_002_SCORING, "name: 接待对象满意度, target: 100.0%, achieved: 100.0%, weight: 10, score: 10",
                                   "name: 接待对象满意度, target: 100.0%, achieved: 100.0%, weight: 10, score: 12")),
    "SE-THREE-PUBLIC-CHANGE": Case("error", "self_evaluation.three_public_change", SE_SEED_001, line=16),
    "SE-PART2-ADMIN-BUDGET": Case("error", "self_evaluation.base_data.public_cost.budget", SE_SEED_001, line=18),
    "SE-PART2-THREE-PUBLIC": Case("error", "self_evaluation.base_data.three_public.actual.reception", SE_SEED_001),
    "SE-PART2-BUDGET": Case("error", "self_evaluation.budget.executed", M + "self_evaluation:\n  budget: {executed: 90}\n", line=10),
    "SE-RESTATED": Case("warning", "self_evaluation.budget.executed", M + "self_evaluation:\n  budget: {executed: 100}\n", line=10),
    "SE-PART2-PUBLIC": Case("error", "self_evaluation.base_data.public_cost.actual",
                            M + "self_evaluation:\n  base_data:\n    public_cost: {actual: 41}\n", line=11),
    "SE-PART2-PROJECTS": Case("error", "self_evaluation.base_data.projects",
                              M + "self_evaluation:\n  base_data:\n    projects:\n      - {name: 甲, actual: 5}\n"),
    "SE-PART2-PROCUREMENT": Case("error", "self_evaluation.base_data.procurement.actual",
                                 M + "procurement: {goods: 10, works: 0, services: 0}\n"
                                 "self_evaluation:\n  base_data:\n    procurement: {actual: 11}\n", line=12),

    # ---- a scheme sent with the inputs (schemes/bureau), checked statically by check
    "SCHEME-KEY": Case("warning", "titel", BUREAU, line=2, file="scheme.yaml", files=bureau("extends: public-2020\ntitel: 部门决算\n")),
    "SCHEME-TYPE": Case("error", "cover", BUREAU, line=2, file="scheme.yaml", files=bureau("extends: public-2020\ncover: 部门决算\n")),
    "SCHEME-CHOICE": Case("error", "number_style.percent_decimals", BUREAU, line=2, file="scheme.yaml",
                          files=bureau("extends: public-2020\nnumber_style: {percent_decimals: 3}\n")),
    "SCHEME-SECTION": Case("error", "parts.narrative.sections", BUREAU, line=3, file="scheme.yaml",
                           files=bureau("extends: public-2020\nparts:\n  - {id: narrative, sections: [overall, outlook]}\n")),
    "SCHEME-TABLE": Case("error", "parts.tables.tables", BUREAU, line=3, file="scheme.yaml",
                         files=bureau("extends: public-2020\nparts:\n  - {id: tables, tables: [t01, t10]}\n")),
    "SCHEME-PART": Case("error", "parts.apendix.id", BUREAU, line=3, file="scheme.yaml",
                        files=bureau("extends: public-2020\nparts:\n  - {id: apendix, title: 附录}\n")),
    "SCHEME-TABLE-KIND": Case("error", "tables.t01.kind", BUREAU, file="scheme.yaml",
                              files=bureau("extends: public-2020\ntables:\n  t01: {kind: sumary}\n")),
    "SCHEME-CATALOGUE": Case("error", "", BUREAU, file="function-2024.yaml",
                             files=bureau("extends: approval-2024\n", **{"catalogue/function-2024.yaml": "codes: [2013188]\n"})),
    # ---- more of check
    "T06-DECLARED": Case("error", "declared.personnel_total", M + "declared: {personnel_total: 60.03}\n", line=9),
    "FACT-UNUSED": Case("warning", "texts.other", M + "texts: {other: 其他说明}\n", line=9),
    "PREVIOUS-NOT-FILE": Case("error", "previous.file", M + "previous: {file: last.yaml}\n", line=9,
                              files=(("last.yaml/inside.yaml", M),)),
    "SCHEME-REQUIRED": Case("error", "parts", BUREAU, file="scheme.yaml",
                            files=bureau("extends: public-2020\nparts:\n  - {title: 附录}\n")),
    "LOAD-FILE": Case("error", "", None),                       # unit.yaml is not there
    "PREVIOUS-TOO-LARGE": Case("error", "previous.file", M + "previous: {file: last.yaml}\n", line=9,
                               files=(("last.yaml", replace(M, "year: 2024", "year: 2023") + "#" * (2 * 1024 * 1024)),)),
}


def materialise(case, tmp_path):
    for name, text in case.files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    text = case.text
    if isinstance(text, tuple):
        base, old, new = text
        text = replace(Path(base).read_text(encoding="utf-8"), old, new)
    path = tmp_path / "unit.yaml"
    if text is None:
        return path
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires(rule, tmp_path):
    case = CASES[rule]
    path = materialise(case, tmp_path)
    search = (tmp_path / "schemes",) if (tmp_path / "schemes").is_dir() else ()
    found = [f for f in check_file(path, search).findings if f.rule == rule]
    assert found, f"{rule} did not fire"
    located = [f for f in found if f.source.path == case.path and (not case.line or f.source.line == case.line)]
    assert located, f"{rule} fired at {[(f.source.path, f.source.line) for f in found]}, expected {case.path}:{case.line}"
    assert {f.severity for f in located} == {case.severity}
    assert all(f.source.file.endswith(case.file) for f in located)


#: Ids that ``check`` of one YAML file cannot emit: other entry points (import of a workbook or a
#: published report, ``new``, ``build``, ``render``, ``scheme check``).  Each names the test file
#: that makes it fire; the test below verifies that file names the id.
ELSEWHERE = {
    "BUILD-COLLISION": ("build: two inputs write the same output name", "test_faults.py"),
    "BUILD-TIMEOUT": ("build: a worker over its time limit", "test_faults.py"),
    "BUILD-WORKER": ("build: a worker process that dies", "test_build.py"),
    "FS-OUT": ("render/build: the output folder cannot be created", "test_faults.py"),
    "FS-WRITE": ("render/build: a document cannot be written", "test_faults.py"),
    "IMPORT-AMOUNT": ("import of a workbook (.xlsx), not a YAML input", "test_import_workbook.py"),
    "IMPORT-CODE": ("import of a workbook", "test_import_workbook.py"),
    "IMPORT-COLUMN": ("import: two columns of table 03 read as 基本支出 (test_a_column_read_twice_…)",
                      "test_import_workbook.py"),
    "IMPORT-DIFFERS": ("import of a workbook or report", "test_import_workbook.py"),
    "IMPORT-FUNDS": ("import: table 03 without table 05 (test_missing_tables_and_no_table_05)", "test_import_workbook.py"),
    "IMPORT-ROW": ("import of a workbook", "test_import_workbook.py"),
    "IMPORT-SPLIT": ("import: fund tables above table 02, 03 or 01's whole, the three places "
                     "(test_fund_tables_adding_up_to_more_than_the_whole_are_an_error)", "test_import_workbook.py"),
    "IMPORT-TABLE-MISSING": ("import: a workbook of table 03 only (test_missing_tables_and_no_table_05)",
                             "test_import_workbook.py"),
    "IMPORT-TABLE-TWICE": ("import of a workbook", "test_import_workbook.py"),
    "IMPORT-TABLE-UNKNOWN": ("import: a notes sheet (test_a_sheet_that_is_none_of_the_tables_…)", "test_import_workbook.py"),
    "IMPORT-UNIT": ("import: no captions, no table title (test_placeholders_for_what_the_tables_do_not_say)",
                    "test_import_workbook.py"),
    "IMPORT-UNIT-MISMATCH": ("import of a workbook", "test_import_workbook.py"),
    "IMPORT-UNIT-MIXED": ("import: one table in 元, the others in 万元 (test_tables_in_different_amount_units_…)",
                          "test_import_workbook.py"),
    "IMPORT-REPORT-COLUMNS": ("import of a published report (PDF/DOCX)", "test_import_report.py"),
    "IMPORT-REPORT-NO-TABLE": ("import of a PDF: a 决算表 title with no table under it "
                               "(test_a_title_without_a_table_is_reported)", "test_import_report.py"),
    "IMPORT-REPORT-NO-TEXT": ("import of a published report", "test_import_report.py"),
    "IMPORT-REPORT-OUTSIDE": ("import of a published report", "test_import_report.py"),
    "IMPORT-REPORT-TABLE": ("import of a published report", "test_import_report.py"),
    "NEW-EXISTS": ("`disclosure new`: the target exists (test_an_existing_target_is_an_error_naming_it)",
                   "test_next_year.py"),
    "NEW-INPUT": ("`disclosure new`: a YAML list, not an input (test_a_file_that_is_no_input_is_refused)",
                  "test_next_year.py"),
    "NEW-LINK": ("`disclosure new --out` in another folder tree "
                 "(test_a_link_outside_the_input_folder_is_a_warning_at_previous_file)", "test_next_year.py"),
    "NEW-REVIEW": ("`disclosure new` (next year's input from this year's)", "test_next_year.py"),
    "NEW-YEAR": ("`disclosure new`", "test_next_year.py"),
    "RENDER-FETCH": ("render: a scheme's refused fetch", "test_security.py"),
    "RENDER-SCHEME": ("render: a template that fails with this unit's data", "test_unsaid.py"),
    "SCHEME-CONFIG": ("a wrong disclosure.toml of the build folder", "test_scheme_extends.py"),
    "SCHEME-RENDER": ("`disclosure scheme check` rendering its examples", "test_scheme_check.py"),
    "SCHEME-TEMPLATE": ("a scheme's template file with a Jinja syntax error", "test_scheme_check.py"),
}

#: Ids that cannot be triggered from any input file, with the reason.
CANNOT_TRIGGER = {
    "INTERNAL-ERROR": "an unexpected exception in the code turned into a finding; no valid or invalid input "
                      "is meant to reach it (tests/test_fuzz.py asserts it never appears)",
    "BUILD-INTERNAL": "build's own unexpected exception, as INTERNAL-ERROR",
    "PREVIOUS-UNREADABLE": "an OS error reading last year's file (permissions; the tests may run as root)",
}

#: Ids an input file can trigger but that no test makes fire yet: none (issue 15).  Kept empty:
#: the test below fails for any id that is in none of the lists.
NOT_YET = set()

#: Ids of `disclosure scheme check FOLDER` (generator.scheme_check.check_scheme): the scheme.yaml
#: of folder ``bureau``, an example input (None: none given) → (severity, file, YAML path, line).
SCHEME_CHECK_CASES = {
    "SCHEME-YAML": ("extends: public-2020\ntitle: [\n", None, ("error", "scheme.yaml", "", 3)),
    "SCHEME-EXTENDS": ("extends: public-2042\n", None, ("error", "scheme.yaml", "extends", 1)),
    "SCHEME-EXAMPLE": ("extends: public-2020\n", "unit: [\n", ("warning", "example.yaml", "", 1)),
}


@pytest.mark.parametrize("rule", sorted(SCHEME_CHECK_CASES))
def test_scheme_check_rule_fires(rule, tmp_path):
    from generator.scheme_check import check_scheme

    scheme_yaml, example, (severity, file, path, line) = SCHEME_CHECK_CASES[rule]
    folder = tmp_path / "bureau"
    folder.mkdir()
    (folder / "scheme.yaml").write_text(scheme_yaml, encoding="utf-8")
    inputs = []
    if example is not None:
        inputs = [tmp_path / "example.yaml"]
        inputs[0].write_text(example, encoding="utf-8")
    found = [f for f in check_scheme(folder, inputs=inputs) if f.rule == rule]
    assert found, f"{rule} did not fire"
    located = [f for f in found if f.source.file.endswith(file) and f.source.path == path and f.source.line == line]
    assert located, [(f.source.file, f.source.path, f.source.line) for f in found]
    assert {f.severity for f in located} == {severity}


def test_every_rule_id_has_a_case():
    ids = rule_ids_in_code()
    cases = set(CASES) | set(SCHEME_CHECK_CASES)
    missing = ids - cases - set(ELSEWHERE) - set(CANNOT_TRIGGER) - NOT_YET
    assert not missing, f"rule ids with no firing case in tests/test_rules_fire.py: {sorted(missing)}"
    stale = (cases | set(ELSEWHERE) | set(CANNOT_TRIGGER) | NOT_YET) - ids
    assert not stale, f"cases for rule ids the code no longer has: {sorted(stale)}"
    assert not (cases & (set(ELSEWHERE) | set(CANNOT_TRIGGER) | NOT_YET)) and not set(CASES) & set(SCHEME_CHECK_CASES)
    assert not NOT_YET, f"rule ids no test makes fire (NOT_YET may only shrink, and is empty): {sorted(NOT_YET)}"


@pytest.mark.parametrize("rule", sorted(ELSEWHERE))
def test_rule_fired_elsewhere_is_named_by_its_test(rule):
    reason, test_file = ELSEWHERE[rule]
    assert reason
    assert re.search(rf"(?<![A-Z0-9-]){re.escape(rule)}(?![A-Z0-9-])", (ROOT / "tests" / test_file).read_text(encoding="utf-8")), \
        f"{test_file} does not name {rule}"


def test_the_collector_sees_every_kind_of_emitter():
    """The grep finds ids given to _f(), Finding(), report() and the tables of compute.py."""
    ids = rule_ids_in_code()
    assert {"T02-SUM", "ITEM-BALANCE", "SCHEMA-TYPE", "LOAD-SYNTAX", "SE-TOTAL", "TEXT-CHAR", "T06-GROUP-SUM"} <= ids
    assert len(ids) > 100
