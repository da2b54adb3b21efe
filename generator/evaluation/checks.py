"""Consistency rules of the self-evaluation (rules of the same shape as :mod:`generator.checks`).

Every figure is stated once (see figures.py); where a document restates one — the scoring
table's funds row, a base-data cell, a breakdown, a figure Part 2 already has — it is
checked here with the common tolerance (``Figures.agrees``).  A standalone report gets
every cross-check that does not need Part 2.
"""

from generator.checks import PART_LABEL, _f
from generator.evaluation.model import BY_INCOME, FUNDS_COLUMNS, SOURCES
from generator.findings import ERROR, WARNING
from generator.i18n import N_
from generator.money import ZERO, round_half_up

BUDGET_LABEL = {"initial": "年初预算数", "adjusted": "全年预算数", "executed": "全年执行数", "income": "收入",
                "basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "public": "公用经费",
                "adjustment": "调整数"}


def _places(value):
    return max(0, -value.as_tuple().exponent)


def check_evaluation_scores(inp, fig):
    """Weights add up to each 一级指标's cap and to 100; 0 ≤ 得分 ≤ 分值; stated rate/score/total
    at the precision they are written with."""
    ev = fig.evaluation
    if ev is None or ev.se.scoring is None:
        return
    scoring = ev.se.scoring
    for g in ev.groups:
        if g.group.cap is not None and g.weight != g.group.cap:
            yield _f("SE-WEIGHT-CAP", ERROR,
                     N_("the weights under {name} add up to {weight}, but its heading says {cap} points"),
                     inp.where(g.group.path), name=g.group.name, weight=g.weight, cap=g.group.cap)
        for item in g.group.items:
            if item.score > item.weight or item.score < 0:
                yield _f("SE-SCORE-RANGE", ERROR,
                         N_("the score {score} of '{name}' is outside 0 to its weight {weight}"),
                         inp.where(f"{item.path}.score"), score=item.score, name=item.name, weight=item.weight)
    if ev.total_weight != 100:
        yield _f("SE-WEIGHT-TOTAL", ERROR,
                 N_("the weights of the scoring table add up to {total}, not 100 (funds {funds} + indicators)"),
                 inp.where("self_evaluation.scoring"), total=ev.total_weight, funds=scoring.weight)
    if scoring.stated_rate is not None and ev.funds_rate is not None:
        shown = round_half_up(ev.funds_rate, _places(scoring.stated_rate))
        if shown != scoring.stated_rate:
            yield _f("SE-RATE", ERROR,
                     N_("执行率 is stated as {stated}% but {executed} / {adjusted} = {computed}%"),
                     inp.where("self_evaluation.scoring.funds.rate"), stated=scoring.stated_rate,
                     executed=ev.budget["executed"], adjusted=ev.budget["adjusted"], computed=shown)
    if scoring.stated_score is not None and ev.funds_score_exact is not None:
        computed = ev.scores(_places(scoring.stated_score))[0]
        if computed != scoring.stated_score:
            yield _f("SE-FUNDS-SCORE", ERROR,
                     N_("the funds score is stated as {stated} but 分值 × 执行率 (at most 分值) = {computed}"),
                     inp.where("self_evaluation.scoring.funds.score"), stated=scoring.stated_score,
                     computed=round_half_up(ev.funds_score_exact, max(2, _places(scoring.stated_score))))
    if scoring.stated_total is not None:
        places = _places(scoring.stated_total)
        total = round_half_up(ev.scores(places)[1], places)
        if total != scoring.stated_total:
            yield _f("SE-TOTAL", ERROR, N_("the total score is stated as {stated} but the scores add up to {computed}"),
                     inp.where("self_evaluation.scoring.total"), stated=scoring.stated_total, computed=total)


def check_deviation_reasons(inp, fig):
    """A score below its 分值 needs its 偏差原因 (deviation)."""
    ev = fig.evaluation
    if ev is None or ev.se.scoring is None:
        return
    for g in ev.groups:
        for item in g.group.items:
            if 0 <= item.score < item.weight and not item.deviation.strip():
                yield _f("SE-DEVIATION-MISSING", WARNING,
                         N_("'{name}' scores {score} of {weight} but gives no reason (deviation: 偏差原因分析及改进措施)"),
                         inp.where(item.path), name=item.name, score=item.score, weight=item.weight)


def check_evaluation_sums(inp, fig):
    """Budget splits and breakdowns add up; projects add up to 项目支出 and balance."""
    ev = fig.evaluation
    if ev is None:
        return
    b = ev.budget
    if None not in (b.get("basic"), b.get("project"), b.get("executed")) \
            and not fig.agrees(b["basic"] + b["project"], b["executed"], 2):
        yield _f("SE-BUDGET-SPLIT", ERROR, N_("basic {basic} + project {project} ≠ executed {executed}"),
                 inp.where("self_evaluation.budget"), basic=b["basic"], project=b["project"], executed=b["executed"])
    if None not in (b.get("personnel"), b.get("public"), b.get("basic")) \
            and not fig.agrees(b["personnel"] + b["public"], b["basic"], 2):
        yield _f("SE-BUDGET-SPLIT", ERROR, N_("personnel {personnel} + public {public} ≠ basic {basic}"),
                 inp.where("self_evaluation.budget"), personnel=b["personnel"], public=b["public"], basic=b["basic"])
    for key, labels in (("by_income", BY_INCOME), ("sources", SOURCES)):
        rows = getattr(ev.se, key)
        for column in FUNDS_COLUMNS:
            values = [v[column] for v in rows.values() if v.get(column) is not None]
            if values and b.get(column) is not None and not fig.agrees(sum(values, ZERO), b[column], len(values)):
                yield _f("SE-BREAKDOWN", ERROR,
                         N_("the breakdown {key} adds up to {total} in the column {column}, but the funds total is {funds}"),
                         inp.where(f"self_evaluation.budget.{key}"), key=key, total=sum(values, ZERO),
                         column=BUDGET_LABEL[column], funds=b[column])
    if ev.se.projects and b.get("project") is not None \
            and not fig.agrees(ev.projects_total["actual"], b["project"], len(ev.se.projects)):
        yield _f("SE-PROJECT-SUM", ERROR,
                 N_("the projects add up to {total} but project expenditure is {project}"),
                 inp.where("self_evaluation.projects"), total=ev.projects_total["actual"], project=b["project"])
    for project in ev.se.projects:
        if None not in (project.initial, project.adjustment, project.balance) and \
                not fig.agrees(project.initial + project.adjustment, project.actual + project.balance, 4):
            yield _f("SE-PROJECT-BALANCE", ERROR,
                     N_("{name}: initial {initial} + adjustment {adjustment} ≠ actual {actual} + balance {balance}"),
                     inp.where(project.path), name=project.name, initial=project.initial,
                     adjustment=project.adjustment, actual=project.actual, balance=project.balance)
        elif None not in (project.initial, project.adjustment, project.adjusted) and \
                not fig.agrees(project.initial + project.adjustment, project.adjusted, 3):
            yield _f("SE-PROJECT-BALANCE", ERROR,
                     N_("{name}: initial {initial} + adjustment {adjustment} ≠ full-year budget {adjusted}"),
                     inp.where(project.path), name=project.name, initial=project.initial,
                     adjustment=project.adjustment, adjusted=project.adjusted)
    stated = ev.se.three_public_change
    change = ev.three_public_change.change
    if stated is not None and change is not None and not fig.agrees(stated, change, 2):
        yield _f("SE-THREE-PUBLIC-CHANGE", ERROR,
                 N_("the 三公 change is stated as {stated} but {actual} − {previous} = {computed}"),
                 inp.where("self_evaluation.three_public_change"), stated=stated,
                 actual=ev.three_public_change.current, previous=ev.three_public_change.base, computed=change)


def check_restated(inp, fig):
    """A figure typed again (the scoring table's funds row, the base-data table) equals the fact."""
    ev = fig.evaluation
    if ev is None:
        return
    b = ev.budget
    if ev.se.scoring is not None:
        for key, value in ev.se.scoring.restated.items():
            if ev.sources_of.get(key) != "scoring" and b.get(key) is not None and not fig.agrees(value, b[key]):
                yield _f("SE-FUNDS-ROW", ERROR,
                         N_("the scoring table's {what} is {stated} but the funds figure is {fact}"),
                         inp.where(f"self_evaluation.scoring.funds.{key}"), what=BUDGET_LABEL[key], stated=value,
                         fact=b[key])
    base = ev.se.base
    if base is None:
        return
    public = base.public_cost["total"]
    if public.get("actual") is not None and b.get("public") is not None and not fig.agrees(public["actual"], b["public"]):
        rule, message = ("SE-PART2-PUBLIC", N_("base data: 公用经费 is {stated} but table 06 says {report}")) \
            if inp.is_report else ("SE-BASE-PUBLIC", N_("base data: 公用经费 is {stated} but the budget block says {report}"))
        yield _f(rule, ERROR, message, inp.where("self_evaluation.base_data.public_cost.actual"),
                 stated=public["actual"], report=b["public"])
    if base.projects and b.get("project") is not None \
            and not fig.agrees(ev.base_projects_total["actual"] or ZERO, b["project"], len(base.projects)):
        rule = "SE-PART2-PROJECTS" if inp.is_report else "SE-BASE-PROJECTS"
        yield _f(rule, ERROR, N_("base data: the projects add up to {stated} but 项目支出 is {report}"),
                 inp.where("self_evaluation.base_data.projects"), stated=ev.base_projects_total["actual"],
                 report=b["project"])
    procurement = base.procurement.get("actual")
    if procurement is not None and inp.is_report and fig.totals["procurement_total"] \
            and not fig.agrees(procurement, fig.totals["procurement_total"]):
        yield _f("SE-PART2-PROCUREMENT", ERROR,
                 N_("base data: 政府采购金额 is {stated} but Part 3 says {report}"),
                 inp.where("self_evaluation.base_data.procurement.actual"), stated=procurement,
                 report=fig.totals["procurement_total"])


def check_evaluation_against_report(inp, fig):
    """Figures the self-evaluation repeats from Part 2/3 agree with it (and need not be typed)."""
    ev = fig.evaluation
    if ev is None or not inp.is_report:
        return
    for key in sorted(ev.se.stated):
        if ev.sources_of.get(key) != "report":
            continue
        stated, report = ev.se.budget[key], ev.budget[key]
        if not fig.agrees(stated, report):
            yield _f("SE-PART2-BUDGET", ERROR,
                     N_("the self-evaluation states {what} {stated} but Part 2/3 says {report}"),
                     inp.where(f"self_evaluation.budget.{key}"), what=BUDGET_LABEL[key], stated=stated, report=report)
        else:
            yield _f("SE-RESTATED", WARNING,
                     N_("{what} is already in Part 2/3 ({report}); it is taken from there: remove it here"),
                     inp.where(f"self_evaluation.budget.{key}"), what=BUDGET_LABEL[key], report=report)
    base = ev.se.base
    if base is None:
        return
    report = {"actual": fig.three_public["actual"], "budget": fig.three_public["budget"],
              "previous": fig.three_public.get("prior")}
    for column in ("actual", "budget", "previous"):
        stated = base.three_public.get(column)
        if not stated or report[column] is None:
            continue
        for key, value in stated.items():
            if value is not None and not fig.agrees(value, report[column][key]):
                yield _f("SE-PART2-THREE-PUBLIC", ERROR,
                         N_("base data: 三公 {column} {part} is {stated} but Part 2 says {report}"),
                         inp.where(f"self_evaluation.base_data.three_public.{column}.{key}"),
                         column=PART_LABEL.get(column, "上年决算数"), part=PART_LABEL[key], stated=value,
                         report=report[column][key])
    public = base.public_cost["total"]
    if public.get("budget") is not None and inp.admin_cost.budget is not None \
            and not fig.agrees(public["budget"], inp.admin_cost.budget):
        yield _f("SE-PART2-ADMIN-BUDGET", ERROR,
                 N_("base data: the 公用经费 budget is {stated} but the 机关运行经费 budget in Part 3 is {report}"),
                 inp.where("self_evaluation.base_data.public_cost.budget"), stated=public["budget"],
                 report=inp.admin_cost.budget)


def rules():
    """The self-evaluation's rules, in the order they run."""
    from generator.evaluation.text import check_texts

    return (check_evaluation_scores, check_deviation_reasons, check_evaluation_sums, check_restated,
            check_evaluation_against_report, check_texts)

