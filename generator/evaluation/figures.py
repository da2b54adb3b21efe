"""Figures of the self-evaluation: funds facts and rows, 执行率, scores, grade, 控制率, projects.

Every figure comes from one place.  In a full report the figures Part 2/3 already has
(支出, 基本/项目, 人员/公用经费, 收入, 年初预算, 三公, 采购) are taken from there; what the
self-evaluation restates is only checked (see checks.py).  In a standalone report the
``budget`` block is the place, and the scoring table's funds row may supply what it lacks.
Nothing is rounded here except the funds score, which a scoring table prints at its
precision (whole points, one or two decimals): :meth:`EvaluationFigures.scores`.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from generator.compute import Delta
from generator.evaluation.model import BY_INCOME, COLUMNS, FUNDS_COLUMNS, SOURCES, THREE_PUBLIC
from generator.money import ZERO, divide, percent, round_half_up

GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))
#: Budget facts a full report takes from Part 2/3 (key → figure key of the report's totals).
FROM_REPORT = {"executed": "exp.general", "income": "inc.general", "basic": "exp.general.basic",
               "project": "exp.general.project", "personnel": "personnel", "public": "public"}


def grade(total):
    """优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60."""
    for floor, label in GRADES:
        if total >= floor:
            return label
    return "差"


@dataclass(frozen=True)
class GroupFigures:
    group: object
    weight: Decimal
    score: Decimal


@dataclass(frozen=True)
class FundsRow:
    """A row of the scoring table's funds block: 年度资金总额, a heading, or a breakdown."""

    label: str
    kind: str                                   # total, heading, item
    values: Mapping[str, Decimal | None]        # initial / adjusted / executed


@dataclass(frozen=True)
class ProjectFigures:
    """A project with what follows from what was stated: 调整, 全年预算, 结余, 执行率."""

    project: object
    initial: Decimal | None
    adjustment: Decimal | None
    adjusted: Decimal | None
    actual: Decimal
    balance: Decimal | None
    rate: Decimal | None                       # actual / adjusted (or initial), percent


@dataclass(frozen=True)
class EvaluationFigures:
    se: object
    budget: Mapping[str, Decimal | None]          # the facts, from Part 2/3 or stated once
    sources_of: Mapping[str, str]                 # budget key → "report", "budget" or "scoring"
    funds_rows: tuple                             # FundsRow
    funds_rate: Decimal | None                    # percent
    funds_score_exact: Decimal | None             # 分值 × 执行率, at most 分值, unrounded
    groups: tuple
    total_weight: Decimal
    indicator_score: Decimal
    control_rate: Decimal | None                  # percent
    three_public: Mapping[str, Mapping[str, Decimal] | None]   # column → category/vehicle/total
    three_public_change: Delta
    projects: tuple                               # ProjectFigures
    projects_total: Mapping[str, Decimal]         # initial / adjusted / actual / balance
    base_projects: tuple                          # (name, {column: amount}) stated or from projects
    base_projects_total: Mapping[str, Decimal]
    public_cost: Mapping[str, Mapping[str, Decimal | None]]
    procurement: Mapping[str, Decimal | None]

    def scores(self, precision=2):
        """(funds score, total, grade) with the funds score printed at ``precision`` decimals:
        the total and the grade follow the printed score."""
        if self.funds_score_exact is None:
            funds = None
        else:
            funds = round_half_up(self.funds_score_exact, precision)
        total = self.indicator_score + (funds or ZERO)
        return funds, total, grade(total) if self.se.scoring is not None else ""

    # what the scoring table prints at two decimals (the common form)
    @property
    def funds_score(self):
        return self.scores(2)[0]

    @property
    def total_score(self):
        return self.scores(2)[1]

    @property
    def grade(self):
        return self.scores(2)[2]


def _three_public_columns(se, fig):
    columns = {}
    stated = se.base.three_public if se.base else {c: None for c in COLUMNS}
    report = {}
    if fig is not None:
        report = {"budget": fig.three_public["budget"], "actual": fig.three_public["actual"],
                  "previous": fig.three_public.get("prior")}
    for column in COLUMNS:
        # Part 2 is the authority in a full report; a stated column is only checked against it
        values = report.get(column)
        if values is not None:
            values = {k: values[k] for k in THREE_PUBLIC}
        else:
            values = stated.get(column)
            if values is None or all(v is None for v in values.values()):
                columns[column] = None
                continue
            values = {k: (v if v is not None else ZERO) for k, v in values.items()}
        entry = dict(values)
        entry["vehicle"] = entry["vehicle_purchase"] + entry["vehicle_operation"]
        entry["total"] = entry["abroad"] + entry["vehicle"] + entry["reception"]
        columns[column] = entry
    return columns


def _budget(se, fig):
    """The funds facts and where each came from."""
    budget, origin = {}, {}
    report = {}
    if fig is not None and not se.scope:    # funds of another scope than Part 2's are the user's
        t = fig.totals
        report = {key: t[figure] for key, figure in FROM_REPORT.items()}
        if fig.budget_items:
            report["initial"] = t["budget_total"]
    for key, value in se.budget.items():
        if key in report:
            budget[key], origin[key] = report[key], "report"
        elif value is not None:
            budget[key], origin[key] = value, "budget"
        else:
            budget[key] = None
    if se.scoring is not None:
        for key, value in se.scoring.restated.items():
            if budget.get(key) is None:
                budget[key], origin[key] = value, "scoring"
    initial, adjustment, adjusted = budget.get("initial"), budget.get("adjustment"), budget.get("adjusted")
    if adjusted is None and None not in (initial, adjustment):
        budget["adjusted"], origin["adjusted"] = initial + adjustment, "derived"
    elif adjustment is None and None not in (initial, adjusted):
        budget["adjustment"], origin["adjustment"] = adjusted - initial, "derived"
    return budget, origin


def _funds_rows(se, budget):
    rows = [FundsRow("年度资金总额", "total", {c: budget.get(c) for c in FUNDS_COLUMNS})]
    if se.by_income:
        rows.append(FundsRow("按收入性质分", "heading", {}))
        rows += [FundsRow(BY_INCOME[k], "item", v) for k, v in se.by_income.items()]
    if budget.get("basic") is not None or budget.get("project") is not None:
        rows.append(FundsRow("按支出性质分", "heading", {}))
        rows += [FundsRow(label, "item", {"initial": None, "adjusted": None, "executed": budget.get(key)})
                 for key, label in (("basic", "基本支出"), ("project", "项目支出"))]
    if se.sources:
        rows += [FundsRow("其中：" + SOURCES.get(k, k), "source", v) for k, v in se.sources.items()]
    return tuple(rows)


def _project(p):
    adjustment, adjusted, balance = p.adjustment, p.adjusted, p.balance
    if adjusted is None and None not in (p.initial, adjustment):
        adjusted = p.initial + adjustment
    if adjustment is None and None not in (p.initial, adjusted):
        adjustment = adjusted - p.initial
    base = adjusted if adjusted is not None else p.initial
    if balance is None and base is not None:
        balance = base - p.actual
    return ProjectFigures(p, p.initial, adjustment, adjusted, p.actual, balance,
                          None if base is None else percent(p.actual, base))


def _total(values):
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


def compute_evaluation(inp, fig=None):
    """The figures of ``inp.self_evaluation`` (None when there is none)."""
    se = inp.self_evaluation
    if se is None:
        return None
    budget, origin = _budget(se, fig)
    scoring = se.scoring
    rate = score = None
    groups, total_weight, indicator_score = [], ZERO, ZERO
    if budget.get("adjusted") is not None and budget.get("executed") is not None:
        rate = percent(budget["executed"], budget["adjusted"])
    if scoring is not None:
        if rate is not None:
            quotient = divide(budget["executed"], budget["adjusted"])
            score = min(scoring.weight * quotient, scoring.weight)
        total_weight = scoring.weight
        for group in scoring.groups:
            weight = sum((i.weight for i in group.items), ZERO)
            points = sum((i.score for i in group.items), ZERO)
            groups.append(GroupFigures(group, weight, points))
            total_weight += weight
            indicator_score += points
    base = se.base
    control = None
    if base is not None and base.authorized and base.active is not None:
        control = percent(Decimal(base.active), Decimal(base.authorized))
    three = _three_public_columns(se, fig)
    change = Delta(three["actual"]["total"] if three.get("actual") else ZERO,
                   three["previous"]["total"] if three.get("previous") else None)
    projects = tuple(_project(p) for p in se.projects)
    projects_total = {k: _total([getattr(p, k) for p in projects]) for k in ("initial", "adjusted", "balance")}
    projects_total["actual"] = sum((p.actual for p in projects), ZERO)
    public_cost, procurement = {}, {}
    base_projects = ()
    if base is not None:
        public_cost = {part: dict(values) for part, values in base.public_cost.items()}
        if public_cost["total"].get("actual") is None:
            public_cost["total"]["actual"] = budget.get("public")
        procurement = dict(base.procurement)
        if procurement.get("actual") is None and fig is not None and fig.totals["procurement_total"]:
            procurement["actual"] = fig.totals["procurement_total"]
        if base.projects is not None:
            base_projects = base.projects
        else:
            base_projects = tuple((p.project.name, {"previous": p.project.previous,
                                                     "budget": p.adjusted if p.adjusted is not None else p.initial,
                                                     "actual": p.actual}) for p in projects)
    base_projects_total = {c: _total([v[c] for _, v in base_projects]) for c in COLUMNS}
    return EvaluationFigures(
        se=se, budget=budget, sources_of=origin, funds_rows=_funds_rows(se, budget), funds_rate=rate,
        funds_score_exact=score, groups=tuple(groups), total_weight=total_weight, indicator_score=indicator_score,
        control_rate=control, three_public=three, three_public_change=change, projects=projects,
        projects_total=projects_total, base_projects=base_projects, base_projects_total=base_projects_total,
        public_cost=public_cost, procurement=procurement)
