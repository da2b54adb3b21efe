"""Consistency rules of the self-evaluation: weights, scores, rates, sums, and its figures
against Part 2 in a full report (rules of the same shape as :mod:`generator.checks`)."""

from decimal import Decimal

from generator.checks import PART_LABEL, _f
from generator.findings import ERROR
from generator.i18n import N_
from generator.money import round_half_up


def check_evaluation_scores(inp, fig):
    """Weights add up to each 一级指标's cap and to 100; 0 ≤ 得分 ≤ 分值; stated rate/score/total."""
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
        places = max(0, -scoring.stated_rate.as_tuple().exponent)
        shown = round_half_up(ev.funds_rate, places)
        if shown != scoring.stated_rate:
            yield _f("SE-RATE", ERROR,
                     N_("执行率 is stated as {stated}% but {executed} / {adjusted} = {computed}%"),
                     inp.where("self_evaluation.scoring.funds.rate"), stated=scoring.stated_rate,
                     executed=scoring.executed, adjusted=scoring.adjusted, computed=shown)
    if scoring.stated_score is not None and ev.funds_score is not None \
            and abs(scoring.stated_score - ev.funds_score) >= Decimal("0.005"):
        yield _f("SE-FUNDS-SCORE", ERROR,
                 N_("the funds score is stated as {stated} but 分值 × 执行率 (at most 分值) = {computed}"),
                 inp.where("self_evaluation.scoring.funds.score"), stated=scoring.stated_score,
                 computed=round_half_up(ev.funds_score, 2))
    if scoring.stated_total is not None and abs(scoring.stated_total - ev.total_score) >= Decimal("0.005"):
        yield _f("SE-TOTAL", ERROR, N_("the total score is stated as {stated} but the scores add up to {computed}"),
                 inp.where("self_evaluation.scoring.total"), stated=scoring.stated_total,
                 computed=round_half_up(ev.total_score, 2))


def check_evaluation_sums(inp, fig):
    """Budget splits add up; projects add up to 项目支出; 年初 + 调整 = 实际 + 结余."""
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
    if ev.se.projects and b.get("project") is not None \
            and not fig.agrees(ev.projects_total, b["project"], len(ev.se.projects)):
        yield _f("SE-PROJECT-SUM", ERROR,
                 N_("the projects add up to {total} but project expenditure is {project}"),
                 inp.where("self_evaluation.projects"), total=ev.projects_total, project=b["project"])
    for project in ev.se.projects:
        if None not in (project.initial, project.adjustment, project.balance) and \
                not fig.agrees(project.initial + project.adjustment, project.actual + project.balance, 4):
            yield _f("SE-PROJECT-BALANCE", ERROR,
                     N_("{name}: initial {initial} + adjustment {adjustment} ≠ actual {actual} + balance {balance}"),
                     inp.where(project.path), name=project.name, initial=project.initial,
                     adjustment=project.adjustment, actual=project.actual, balance=project.balance)
    stated = ev.se.three_public_change
    change = ev.three_public_change.change
    if stated is not None and change is not None and not fig.agrees(stated, change, 2):
        yield _f("SE-THREE-PUBLIC-CHANGE", ERROR,
                 N_("the 三公 change is stated as {stated} but {actual} − {previous} = {computed}"),
                 inp.where("self_evaluation.three_public_change"), stated=stated,
                 actual=ev.three_public_change.current, previous=ev.three_public_change.base, computed=change)


def check_evaluation_against_report(inp, fig):
    """Figures the self-evaluation repeats from Part 2 agree with it."""
    ev = fig.evaluation
    if ev is None or not inp.is_report or ev.se.base is None:
        return
    base = ev.se.base
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
    t = fig.totals
    public = base.public_cost["total"]
    if public.get("actual") is not None and not fig.agrees(public["actual"], t["public"]):
        yield _f("SE-PART2-PUBLIC", ERROR, N_("base data: 公用经费 is {stated} but table 06 says {report}"),
                 inp.where("self_evaluation.base_data.public_cost.actual"), stated=public["actual"], report=t["public"])
    if public.get("budget") is not None and inp.admin_cost.budget is not None \
            and not fig.agrees(public["budget"], inp.admin_cost.budget):
        yield _f("SE-PART2-ADMIN-BUDGET", ERROR,
                 N_("base data: the 公用经费 budget is {stated} but the 机关运行经费 budget in Part 3 is {report}"),
                 inp.where("self_evaluation.base_data.public_cost.budget"), stated=public["budget"],
                 report=inp.admin_cost.budget)
    if base.projects and not fig.agrees(ev.base_projects_total["actual"], t["exp.project"], len(base.projects)):
        yield _f("SE-PART2-PROJECTS", ERROR,
                 N_("base data: the projects add up to {stated} but table 03 says 项目支出 {report}"),
                 inp.where("self_evaluation.base_data.projects"), stated=ev.base_projects_total["actual"],
                 report=t["exp.project"])


def rules():
    """The self-evaluation's rules, in the order they run."""
    return (check_evaluation_scores, check_evaluation_sums, check_evaluation_against_report)
