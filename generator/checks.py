"""Consistency rules: each a small pure function of (Input, Figures) yielding Findings.

Every rule has an id (``T01-BALANCE``), a severity and a message in English that the
message catalogue translates.  :func:`rules` builds the list afresh for each run.
"""

from generator.findings import ERROR, WARNING, Finding, sort_key
from generator.i18n import N_
from generator.kinds import kinds
from generator.model import APPROPRIATION_FUNDS, FUNDS, THREE_PUBLIC
from decimal import Decimal

from generator.money import ZERO, round_half_up

FUND_LABEL = {"general": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款",
              "state_capital": "国有资本经营预算财政拨款", "other": "非财政拨款"}


PART_LABEL = {"total": "“三公”经费合计", "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费",
              "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费",
              "reception": "公务接待费", "budget": "预算数", "actual": "决算数"}
DELTA_LABEL = {"budget": "决算数与预算数的差异", "yoy": "与上年相比的变化"}


def _f(rule, severity, message, source, **params):
    return Finding(rule, severity, message, source, params)


# ---------------------------------------------------------------- classification codes

def check_function_codes(inp, fig):
    """Every 项 code is known (catalogue or ``codes``), under an existing 款 and 类."""
    cat = fig.catalogue
    own_names = {e.code: e.name for e in inp.expenditure + inp.income if e.name}   # named in the unit's entries
    named = set(own_names)
    for section, entries in (("expenditure", inp.expenditure), ("income", inp.income)):
        for entry in entries:
            code, where = entry.code, inp.where(f"{section}.{entry.code}")
            known = cat.function_name(code, inp.code_names) or code in named
            if not known:
                from generator.plausibility import near_codes
                in_file = near_codes(code, {e.code for e in inp.expenditure + inp.income} & (named | set(cat.function)))
                near = in_file + [c for c in near_codes(code, set(cat.function) | set(inp.code_names)) if c not in in_file]
                if near:
                    yield _f("CODE-UNKNOWN", ERROR,
                             N_("code {code} is not in the {year} classification catalogue; did you mean {candidates}? If {code} is right, give its name under 'codes'"),
                             where, code=code, year=inp.unit.year,
                             candidates="、".join(f"{c} {cat.function_name(c, inp.code_names) or own_names.get(c, '')}".strip()
                                                 for c in near))
                else:
                    yield _f("CODE-UNKNOWN", ERROR,
                             N_("code {code} is not in the {year} classification catalogue; give its name under 'codes'"),
                             where, code=code, year=inp.unit.year)
            for parent in (code[:3], code[:5])[: (len(code) - 1) // 2]:
                if len(parent) < len(code) and not cat.function_name(parent, inp.code_names):
                    level = "类" if len(parent) == 3 else "款"
                    yield _f("CODE-PARENT", ERROR,
                             N_("{code} is filed under {level} {parent}, which does not exist in the {year} catalogue (a code under the wrong 类 or 款?)"),
                             where, code=code, level=level, parent=parent, year=inp.unit.year)
                    break
            official = cat.function.get(code)
            if entry.name and official and entry.name != official:
                yield _f("CODE-NAME", WARNING,
                         N_("the name '{name}' differs from the catalogue's '{official}' for {code}"),
                         where, name=entry.name, official=official, code=code)


def check_economic_codes(inp, fig):
    """Every economic code entered is known and belongs to a known group."""
    cat = fig.catalogue
    for code in inp.basic_economic:
        if not cat.economic_name(code, inp.code_names):
            yield _f("ECON-CODE-UNKNOWN", ERROR,
                     N_("economic code {code} is not in the {year} catalogue; give its name under 'codes'"),
                     inp.where(f"basic_economic.{code}"), code=code, year=inp.unit.year)


# ---------------------------------------------------------------- official totals

#: Messages of the rules on stated totals (compute records each stated total as an Official).
OFFICIAL_MESSAGES = {
    "T02-SUM": N_("{code} states {stated} but its 项 add up to {computed}"),
    "T03-SUM": N_("{code} states {stated} but its 项 add up to {computed}"),
    "T06-GROUP-SUM": N_("{code} states {stated} but its items add up to {computed}"),
    "T07-SUM": N_("三公 {side} {part} is stated as {stated} but its parts add up to {computed}"),
    "PROC-SUM": N_("procurement total is stated as {stated} but goods + works + services = {computed}"),
}
DECLARED_MESSAGE = N_("{key} is stated as {stated} but computes to {computed}")


def check_officials(inp, fig):
    """A stated total (类/款 row, table total, group, 三公 小计/合计, 采购合计) is the official figure
    within the 尾数误差 of its parts (0.005 万元 a part; exact in 元); beyond it, an error."""
    for official in fig.officials:
        if fig.agrees(official.stated, official.computed, official.parts):
            continue
        params = dict(official.params)
        if official.rule == "T07-SUM":
            params = {"side": PART_LABEL[params["side"]], "part": PART_LABEL[params["part"]]}
        yield _f(official.rule, ERROR, OFFICIAL_MESSAGES.get(official.rule, DECLARED_MESSAGE),
                 inp.where(official.path), stated=official.stated, computed=official.computed, **params)


# ---------------------------------------------------------------- balances

def check_table01_balance(inp, fig):
    """总计(收入) = 总计(支出): 收入 + 使用非财政拨款结余 + 年初 = 支出 + 结余分配 + 年末."""
    t = fig.totals
    income_side, expense_side = t["grand_total.income_side"], t["grand_total.expense_side"]
    if not fig.agrees(income_side, expense_side, fig.parts["balance"]):
        expected_end = income_side - t["expenditure_total"] - t["surplus_distribution"]
        yield _f("T01-BALANCE", ERROR,
                 N_("table 01 does not balance: income side {income_side} ≠ expenditure side {expense_side}; with these incomes and expenditures the year-end carry-over would be {expected_end}, not {end}"),
                 inp.where("balances.end"), income_side=income_side, expense_side=expense_side,
                 expected_end=expected_end, end=t["carry_end"])


def check_fund_balance(inp, fig):
    """Per appropriation fund: 年初 + 本年收入 = 本年支出 + 年末 (table 04 and its fund-type split)."""
    t = fig.totals
    for fund in APPROPRIATION_FUNDS:
        start, income = t[f"carry_start.{fund}"], t[f"inc.{fund}"]
        spent, end = t[f"exp.{fund}"], t[f"carry_end.{fund}"]
        if not fig.agrees(start + income, spent + end, 4):
            yield _f("T04-FUND-BALANCE", ERROR,
                     N_("{fund}: carry-over at start {start} + income {income} − expenditure {spent} = {expected}, but the year-end carry-over is {end}"),
                     inp.where(f"balances.end.{fund}") if f"balances.end.{fund}" in inp.sources
                     else inp.where("balances.end"),
                     fund=FUND_LABEL[fund], start=start, income=income, spent=spent,
                     expected=start + income - spent, end=end)


def check_item_carry(inp, fig):
    """Per-项 carry-overs, where given, add up to the unit's and balance per 项."""
    t = fig.totals
    for fund in FUNDS:
        for side, unit_key in (("cin", "carry_start"), ("cout", "carry_end")):
            rows = [r for r in fig.items if f"{side}.{fund}.basic" in r.values]
            if not rows:
                continue
            total = sum((r[f"{side}.{fund}"] for r in rows), ZERO)
            if not fig.agrees(total, t[f"{unit_key}.{fund}"], len(rows)):
                block = "start" if side == "cin" else "end"
                yield _f("CARRY-ITEMS", ERROR,
                         N_("{fund}: the per-项 carry-overs add up to {items} but balances.{block} says {unit}"),
                         inp.where(f"balances.{block}"), fund=FUND_LABEL[fund], items=total,
                         block=block, unit=t[f"{unit_key}.{fund}"])
        for row in fig.items:
            if f"cin.{fund}.basic" not in row.values and f"cout.{fund}.basic" not in row.values:
                continue
            income = row["inc.nonappropriation"] if fund == "other" else row[f"inc.{fund}"]
            if not fig.agrees(row[f"cin.{fund}"] + income - row[f"exp.{fund}"], row[f"cout.{fund}"], 4):
                yield _f("ITEM-BALANCE", ERROR,
                         N_("{code} ({fund}): carry-in {start} + income {income} − expenditure {spent} ≠ carry-out {end}"),
                         inp.where(f"expenditure.{row.code}"), code=row.code, fund=FUND_LABEL[fund],
                         start=row[f"cin.{fund}"], income=income, spent=row[f"exp.{fund}"], end=row[f"cout.{fund}"])


def check_basic_economic(inp, fig):
    """基本支出 by economic classification (table 06) = 一般公共预算 基本支出 by function (table 05)."""
    t = fig.totals
    if not fig.agrees(t["economic_total"], t["exp.general.basic"], fig.parts["economic"]):
        yield _f("T06-BASIC-MATCH", ERROR,
                 N_("basic expenditure by economic classification adds up to {economic}, but by function classification it is {function}"),
                 inp.where("basic_economic"), economic=t["economic_total"], function=t["exp.general.basic"])


def check_personnel_public(inp, fig):
    """人员经费 + 公用经费 = 基本支出: every economic group must belong to one of them."""
    t = fig.totals
    if t["economic_unassigned"]:
        yield _f("T06-SPLIT", ERROR,
                 N_("人员经费 {personnel} + 公用经费 {public} ≠ basic expenditure {basic}: an economic group belongs to neither (table 06 cannot print it)"),
                 inp.where("basic_economic"), personnel=t["personnel"], public=t["public"], basic=t["economic_total"])


def check_facts(inp, fig):
    """Facts the 三公 prose needs: 接待团组/人次 when there was reception spending, the vehicle count."""
    facts, actual = inp.three_public.facts, fig.three_public["actual"]
    for amount, keys in ((actual["reception"], ("reception_groups", "reception_visitors")),
                         (actual["vehicle"], ("vehicles",)), (actual["abroad"], ("abroad_groups", "abroad_people"))):
        missing = [k for k in keys if facts.get(k) is None]
        if amount and missing:
            yield _f("FACT-MISSING", WARNING, N_("the 三公 section needs {keys} under three_public"),
                     inp.where("three_public"), keys=", ".join(missing))


def check_carry_continuity(inp, fig):
    """年初结转和结余 = last year's 年末结转和结余, fund by fund."""
    prior = inp.prior
    if prior is None or prior.carry_end is None:
        return
    for fund in FUNDS:
        start = fig.totals[f"carry_start.{fund}"]
        if not fig.agrees(start, prior.carry_end[fund]):
            yield _f("CARRY-CONTINUITY", ERROR,
                     N_("{fund}: carry-over at the start of the year {start} ≠ last year's year-end carry-over {prior}"),
                     inp.where(f"balances.start.{fund}") if f"balances.start.{fund}" in inp.sources
                     else inp.where("balances.start"), fund=FUND_LABEL[fund], start=start, prior=prior.carry_end[fund])


# ---------------------------------------------------------------- 三公 and 采购

def check_three_public(inp, fig):
    """三公 actuals are not below the basic items of table 06 that pay for them (小计/合计: see
    :func:`check_officials`)."""
    econ = {i.code: i.amount for g in fig.economic for i in g.items}
    for part, code in (("reception", "30217"), ("vehicle_operation", "30231"), ("abroad", "30212")):
        actual = fig.three_public["actual"][part]
        if econ.get(code, ZERO) > actual:
            yield _f("T07-VS-T06", WARNING,
                     N_("三公 actual {part} {actual} is less than the basic expenditure on {code} ({basic}) in table 06"),
                     inp.where(f"three_public.actual.{part}"), part=PART_LABEL[part], actual=actual, code=code,
                     basic=econ[code])


def check_three_public_copy(inp, fig):
    """A 三公 budget identical to the actual in every column is most likely the actual typed twice."""
    budget, actual = fig.three_public["budget"], fig.three_public["actual"]
    if actual["total"] and all(budget[k] == actual[k] for k in THREE_PUBLIC) and needs_budget_reason(inp):
        yield _f("T07-BUDGET-COPY", WARNING,
                 N_("the 三公 budget equals the actual in every column although reasons for a difference are given; was the actual entered as the budget?"),
                 inp.where("three_public.budget"))


def needs_budget_reason(inp):
    reasons = inp.reasons.get("three_public") if isinstance(inp.reasons, dict) else None
    return isinstance(reasons, dict) and any(k.endswith("_budget") and v for k, v in reasons.items())


def check_procurement(inp, fig):
    """政府采购: total = 货物 + 工程 + 服务; 小微 ≤ 中小 ≤ total; per-kind SME ≤ the kind."""
    p, total = inp.procurement, fig.totals["procurement_total"]
    pairs = [("sme", p.sme, "total", total), ("small_micro", p.small_micro, "sme", p.sme)]
    for part, whole in (("sme_goods", "goods"), ("sme_services", "services"), ("sme_works", "works")):
        if getattr(p, part) is not None:
            pairs.append((part, getattr(p, part), whole, getattr(p, whole)))
    for part, value, whole, limit in pairs:
        if value > limit:
            yield _f("PROC-SHARE", ERROR, N_("procurement {part} {value} exceeds {whole} {limit}"),
                     inp.where(f"procurement.{part}"), part=part, value=value, whole=whole, limit=limit)


# ---------------------------------------------------------------- what the prose needs

def check_budget_items(inp, fig):
    """Either every 项 with 一般公共预算 spending has a 年初预算, or none does."""
    with_budget = [e for e in inp.expenditure if len(e.code) == 7 and e.budget is not None]
    if not with_budget:
        return
    for entry in inp.expenditure:
        if len(entry.code) == 7 and entry.budget is None and "general" in entry.funds \
                and entry.funds["general"].basic + entry.funds["general"].project:
            yield _f("BUDGET-MISSING", ERROR,
                     N_("{code} has no 年初预算 (budget) although other 项 do; the budget section would be incomplete"),
                     inp.where(f"expenditure.{entry.code}"), code=entry.code)


def _reason(inp, *keys):
    value = inp.reasons
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value if isinstance(value, str) and value.strip() else None


def needed_reasons(fig):
    """(reason path, what it explains) for every change the prose must explain."""
    inp, d = fig.input, fig.deltas
    needs = []
    for key, delta in (("total_yoy", d["grand_total"]), ("appropriation_yoy", d["appropriation_grand_total"]),
                       ("general_yoy", d["general_expenditure"])):
        if delta.direction:
            needs.append(((key,), {"total_yoy": "收支总计与上年相比的变化",
                                   "appropriation_yoy": "财政拨款收支总计与上年相比的变化",
                                   "general_yoy": "一般公共预算财政拨款支出与上年相比的变化"}[key]))
    for row, delta in fig.budget_items:
        if delta.direction:
            needs.append((("budget_items", row.code), f"{row.code} {row.name}决算数与年初预算数的差异"))
    for part in ("total", "abroad", "vehicle", "reception"):
        for kind in ("budget", "yoy"):
            delta = d[f"three_public.{part}.{kind}"]
            if delta.direction and delta.current:
                needs.append((("three_public", f"{part}_{kind}"), PART_LABEL[part] + DELTA_LABEL[kind]))
    if inp.admin_cost.applicable and d["admin_cost.budget"].direction:
        needs.append((("admin_cost_budget",), "机关运行经费决算数与预算数的差异"))
    return needs


def check_reasons(inp, fig):
    """A change the report must explain has its reason (主要原因) in the input."""
    for keys, what in needed_reasons(fig):
        if _reason(inp, *keys) is None:
            path = "reasons." + ".".join(keys)
            yield _f("REASON-MISSING", WARNING,
                     N_("no reason given for {what}; add it as {path} (the sentence will be written without '主要原因是')"),
                     inp.where(path), what=what, path=path)


def check_prior(inp, fig):
    """Last year's figures are needed for every year-on-year sentence."""
    if inp.prior is None:
        yield _f("PRIOR-MISSING", WARNING,
                 N_("no 'previous' block or file: year-on-year changes cannot be stated"), inp.where("unit"))
    elif inp.prior.three_public is None and inp.prior.file is None:
        yield _f("PRIOR-MISSING", WARNING,
                 N_("last year's 三公 figures are missing under previous.three_public"), inp.where("previous"))


def check_income_kinds(inp, fig):
    """Income is entered per 项 whenever there is expenditure (table 02 cannot be empty)."""
    if fig.totals["expenditure_total"] and not inp.income:
        yield _f("INCOME-MISSING", ERROR, N_("there is expenditure but no income per 项 under 'income'"),
                 inp.where("expenditure"))


def rules():
    """The rules, in the order they run (a fresh tuple for each run)."""
    from generator.plausibility import RULES as PLAUSIBILITY     # warnings of likely typing mistakes
    from generator.text_rules import RULES as TEXT                # what the writers can print
    return (
        check_function_codes, check_economic_codes, check_officials,
        check_table01_balance, check_fund_balance, check_item_carry, check_basic_economic,
        check_personnel_public, check_facts, check_carry_continuity,
        check_three_public, check_three_public_copy, check_procurement,
        check_budget_items, check_income_kinds, check_reasons, check_prior,
    ) + PLAUSIBILITY + TEXT


REPORT_ONLY = {"check_personnel_public", "check_facts", "check_table01_balance", "check_fund_balance", "check_basic_economic", "check_reasons",
               "check_prior", "check_income_kinds", "check_three_public_copy", "check_budget_items"}


def run_checks(inp, fig):
    """Every finding of every rule, sorted by position (report rules only for a full report)."""
    kind_rules = tuple(rule for kind in kinds() for rule in kind.rules())
    findings = [finding for rule in rules() + kind_rules if inp.is_report or rule.__name__ not in REPORT_ONLY
                for finding in rule(inp, fig)]
    return sorted(findings, key=sort_key)


# ---------------------------------------------------------------- rules that need the scheme

def printed_keys(scheme):
    """The figure keys that the scheme's tables print per 类/款/项 row."""
    tables = scheme.get("tables", {})
    wanted = [t for part in scheme.get("parts", []) for t in part.get("tables", [])]
    return {c["key"] for name in wanted for c in tables.get(name, {}).get("columns", []) if isinstance(c, dict)}


def check_carry_detail(inp, fig, scheme):
    """A scheme whose tables print carry-overs per 项 needs them per 项 when the unit has any."""
    keys = printed_keys(scheme)
    t = fig.totals
    for fund in FUNDS:
        if not any(k.startswith((f"cin.{fund}", f"cout.{fund}")) for k in keys):
            continue
        has_detail = any(f"cin.{fund}.basic" in r.values or f"cout.{fund}.basic" in r.values for r in fig.items)
        if (t[f"carry_start.{fund}"] or t[f"carry_end.{fund}"]) and not has_detail:
            yield _f("CARRY-DETAIL", ERROR,
                     N_("{fund}: scheme {scheme} prints carry-overs per 项; give carry_in / carry_out under each 项 of 'expenditure' (the unit total alone cannot fill the table)"),
                     inp.where("balances"), fund=FUND_LABEL[fund], scheme=scheme.name)


def scheme_rules():
    """Rules of (Input, Figures, Scheme)."""
    return (check_carry_detail,)


def run_scheme_checks(inp, fig, scheme):
    if not inp.is_report:
        return []
    return [finding for rule in scheme_rules() for finding in rule(inp, fig, scheme)]
