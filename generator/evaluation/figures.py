"""Figures of the self-evaluation: 执行率, funds score, subtotals, total, grade, 控制率, sums.

In a full report, what the self-evaluation does not state is taken from Part 2's figures
(三公 actuals and budget, last year's 三公, 公用经费, 基本/项目支出); what it does state is
checked against them (see checks.py).  Nothing is rounded here.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from generator.compute import Delta
from generator.evaluation.model import COLUMNS, THREE_PUBLIC
from generator.money import ZERO, divide, percent, round_half_up

GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))


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
class EvaluationFigures:
    se: object
    budget: Mapping[str, Decimal | None]          # stated or taken from Part 2
    funds_rate: Decimal | None                    # percent
    funds_score: Decimal | None
    groups: tuple
    total_weight: Decimal
    total_score: Decimal
    grade: str
    control_rate: Decimal | None                  # percent
    three_public: Mapping[str, Mapping[str, Decimal] | None]   # column → category/vehicle/total
    three_public_change: Delta
    projects_total: Decimal
    base_projects_total: Mapping[str, Decimal]
    public_cost: Mapping[str, Mapping[str, Decimal | None]]


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
    budget = dict(se.budget)
    if fig is not None:
        t = fig.totals
        report = {"executed": t["exp.general"], "income": t["inc.general"], "basic": t["exp.general.basic"],
                  "project": t["exp.general.project"], "personnel": t["personnel"], "public": t["public"],
                  "initial": t["budget_total"] if fig.budget_items else None}
        for key, value in report.items():
            if budget.get(key) is None:
                budget[key] = value
    return budget


def compute_evaluation(inp, fig=None):
    """The figures of ``inp.self_evaluation`` (None when there is none)."""
    se = inp.self_evaluation
    if se is None:
        return None
    scoring = se.scoring
    rate = score = None
    groups, total_weight, total_score = [], ZERO, ZERO
    if scoring is not None:
        if scoring.adjusted is not None and scoring.executed is not None:
            rate = percent(scoring.executed, scoring.adjusted)
            quotient = divide(scoring.executed, scoring.adjusted)
            # the score is printed to the cent, and the total and grade follow the printed score
            score = None if quotient is None else round_half_up(min(scoring.weight * quotient, scoring.weight), 2)
        total_weight = scoring.weight
        total_score = score or ZERO
        for group in scoring.groups:
            weight = sum((i.weight for i in group.items), ZERO)
            points = sum((i.score for i in group.items), ZERO)
            groups.append(GroupFigures(group, weight, points))
            total_weight += weight
            total_score += points
    base = se.base
    control = None
    if base is not None and base.authorized and base.active is not None:
        control = percent(Decimal(base.active), Decimal(base.authorized))
    three = _three_public_columns(se, fig)
    change = Delta(three["actual"]["total"] if three.get("actual") else ZERO,
                   three["previous"]["total"] if three.get("previous") else None)
    public_cost = {}
    if base is not None:
        public_cost = {part: dict(values) for part, values in base.public_cost.items()}
        if fig is not None and public_cost["total"].get("actual") is None:
            public_cost["total"]["actual"] = fig.totals["public"]
    base_projects = {c: sum((v[c] or ZERO for _, v in base.projects), ZERO) for c in COLUMNS} if base else {}
    return EvaluationFigures(
        se=se, budget=_budget(se, fig), funds_rate=rate, funds_score=score, groups=tuple(groups),
        total_weight=total_weight, total_score=total_score, grade=grade(total_score) if scoring else "",
        control_rate=control, three_public=three, three_public_change=change,
        projects_total=sum((p.actual for p in se.projects), ZERO), base_projects_total=base_projects,
        public_cost=public_cost)
