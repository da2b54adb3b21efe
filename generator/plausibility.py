"""Plausibility warnings: figures that are possible but most likely a typing mistake.

Each rule is a small pure function of (Input, Figures), like those of :mod:`generator.checks`
(which lists them in ``rules()``).  Thresholds, chosen for the mistakes seen in real files:

* **元 typed as 万元** (or the reverse): a figure is about 10,000× another one — the ratio lies
  within [``SCALE_LOW``, ``SCALE_HIGH``] = [3,000, 30,000] or its inverse — for a 项 amount
  against the same field of the same code last year (when ``previous.file`` links last
  year's input), and for a unit figure against last year's figure or its budget.  Against the
  *median of its siblings* (the same field of the other 项 of the file, at least
  ``MIN_SIBLINGS`` of them) only the upper side counts, and without an upper bound (≥ 3,000×):
  amounts within one table differ by up to a few hundred times, so a 元 amount lands
  anywhere from 3,000× to 10⁶× the median, while a tiny amount is ordinary.
* **A change beyond 300 %**: a year-on-year increase above +300 %; a fall cannot go below
  −100 % (a fall to 1/10,000 is the scale rule above).  A completion rate (决算 / 预算, for
  the 年初预算 of each 项 and in total, the 三公 budget and the 机关运行经费 budget) above 300 %.
  A figure already reported by the scale rule is not reported again.
* **Last year's file**: of year N−1 (else an error: its figures would be printed as 上年)
  and of the same unit (else a warning: units are renamed in reorganisations).
* **A 项 code one edit away** (one digit changed, two adjacent digits swapped) from a known
  catalogue code or another code of the file: see :func:`near_codes`, used by CODE-UNKNOWN.
* **A year in free text** that is neither the report year nor the previous one, within ten
  years of the report year (older years are history: "成立于1984年").
"""

import os
import re
import statistics
from decimal import Decimal
from pathlib import Path

from generator.findings import ERROR, WARNING, Finding
from generator.i18n import N_
from generator.money import round_half_up

SCALE_LOW, SCALE_HIGH = Decimal(3000), Decimal(30000)
MIN_SIBLINGS = 3
CHANGE_LIMIT = Decimal(300)          # percent
COMPLETION_LIMIT = Decimal(300)      # percent
YEAR_WINDOW = 10

FUND_NAMES = {"general": "", "gov_fund": "政府性基金", "state_capital": "国有资本经营", "other": "非财政拨款"}
FIELD_NAMES = {"basic": "基本支出", "project": "项目支出", "budget": "年初预算", "remit": "上缴上级支出",
               "operating": "经营支出", "affiliate": "对附属单位补助支出", "general": "一般公共预算财政拨款收入",
               "gov_fund": "政府性基金预算财政拨款收入", "state_capital": "国有资本经营预算财政拨款收入",
               "upper_grant": "上级补助收入", "service": "事业收入", "affiliate_income": "附属单位上缴收入",
               "other": "其他收入"}
SPEND_FIELDS = ("basic", "project")
OTHER_FIELDS = ("remit", "operating", "affiliate")

#: Figure keys of ``Figures.deltas`` compared with last year, with their label and YAML path.
YOY = (
    ("grand_total", "收支总计", ("declared.grand_total", "balances")),
    ("income_total", "本年收入合计", ("declared.income_total", "income")),
    ("expenditure_total", "本年支出合计", ("declared.expenditure_total", "expenditure")),
    ("appropriation_grand_total", "财政拨款收支总计", ("declared.appropriation_grand_total", "income")),
    ("general_expenditure", "一般公共预算财政拨款支出", ("expenditure",)),
    ("three_public.total.yoy", "“三公”经费合计", ("three_public.actual.total", "three_public.actual")),
    ("three_public.abroad.yoy", "因公出国（境）费", ("three_public.actual.abroad",)),
    ("three_public.vehicle.yoy", "公务用车购置及运行维护费", ("three_public.actual.vehicle", "three_public.actual")),
    ("three_public.vehicle_purchase.yoy", "公务用车购置费", ("three_public.actual.vehicle_purchase",)),
    ("three_public.vehicle_operation.yoy", "公务用车运行维护费", ("three_public.actual.vehicle_operation",)),
    ("three_public.reception.yoy", "公务接待费", ("three_public.actual.reception",)),
    ("admin_cost.yoy", "机关运行经费", ("admin_cost.actual", "basic_economic")),
    ("procurement.yoy", "政府采购", ("procurement.total", "procurement")),
)
#: Completion rates: actual against a budget.
BUDGETS = (
    ("general_vs_budget", "一般公共预算财政拨款支出", ("declared.budget_total", "expenditure")),
    ("three_public.total.budget", "“三公”经费合计", ("three_public.budget.total", "three_public.budget")),
    ("three_public.abroad.budget", "因公出国（境）费", ("three_public.budget.abroad",)),
    ("three_public.vehicle.budget", "公务用车购置及运行维护费", ("three_public.budget.vehicle", "three_public.budget")),
    ("three_public.vehicle_purchase.budget", "公务用车购置费", ("three_public.budget.vehicle_purchase",)),
    ("three_public.vehicle_operation.budget", "公务用车运行维护费", ("three_public.budget.vehicle_operation",)),
    ("three_public.reception.budget", "公务接待费", ("three_public.budget.reception",)),
    ("admin_cost.budget", "机关运行经费", ("admin_cost.budget",)),
)

SCALE_ITEM_YOY = N_("{what} is {value}, {ratio} times last year's {previous} for the same code: typed in 元 where 万元 belongs (or the reverse)?")
SCALE_ITEM_SIBLINGS = N_("{what} is {value}, {ratio} times the median {median} of the same column's other 项: typed in 元 where 万元 belongs?")
SCALE_YOY = N_("{what} is {value}, {ratio} times last year's {previous}: typed in 元 where 万元 belongs (or the reverse)?")
SCALE_BUDGET = N_("{what} is {value}, {ratio} times its budget {budget}: one of them typed in 元 where 万元 belongs?")
CHANGE = N_("{what} rose from {previous} last year to {value} (+{rate}%), beyond +300%: please confirm both figures")
COMPLETION = N_("{what} is {value} against a budget of {budget} ({rate}% of it, beyond 300%): please confirm both figures")
PREVIOUS_YEAR = N_("last year's file {file} is of {found}, but the year before {year} is {expected}: its figures would be printed as last year's")
PREVIOUS_UNIT = N_("last year's file {file} is of another unit ('{other}'; this file: '{name}')")
TEXT_YEAR = N_("the text mentions {years}, neither the report year {year} nor the year before ({previous}): left over from an older report?")


def _f(rule, severity, message, source, **params):
    return Finding(rule, severity, message, source, params)


def _where(inp, paths):
    for path in paths:
        if path in inp.sources:
            return inp.where(path)
    return inp.where(paths[-1])


def _scale(value, base):
    """'10,000' or '1/10,000' when value/base is about 10,000 or its inverse, else None."""
    if not value or not base:
        return None
    ratio = value / base
    if SCALE_LOW <= ratio <= SCALE_HIGH:
        return f"{round_half_up(ratio, 0):,}"
    if ratio and SCALE_LOW <= 1 / ratio <= SCALE_HIGH:
        return f"1/{round_half_up(1 / ratio, 0):,}"
    return None


# ---------------------------------------------------------------- 元 typed as 万元

def item_amounts(inp):
    """{YAML path: amount in 万元} of every 项 amount the file states (non-zero)."""
    out = {}
    for entry in inp.income:
        if len(entry.code) == 7:
            for kind, value in entry.kinds.items():
                out[f"income.{entry.code}.{kind}"] = value
    for entry in inp.expenditure:
        if len(entry.code) != 7:
            continue
        for fund, spend in entry.funds.items():
            prefix = f"expenditure.{entry.code}" + ("" if fund == "general" else f".{fund}")
            for part in SPEND_FIELDS:
                out[f"{prefix}.{part}"] = getattr(spend, part)
        for key in OTHER_FIELDS:
            out[f"expenditure.{entry.code}.{key}"] = getattr(entry, key)
        if entry.budget is not None:
            out[f"expenditure.{entry.code}.budget"] = entry.budget
    return {path: value for path, value in out.items() if value and path in inp.sources}


def _label(path):
    """'支出 2013101 基本支出' for 'expenditure.2013101.basic'."""
    parts = path.split(".")
    section = "收入" if parts[0] == "income" else "支出"
    fund = FUND_NAMES.get(parts[2], "") if len(parts) == 4 else ""
    field = "affiliate_income" if parts[0] == "income" and parts[-1] == "affiliate" else parts[-1]
    return f"{section} {parts[1]} {fund}{FIELD_NAMES.get(field, field)}"


def _column(path):
    """The column an item amount belongs to: the path without its code."""
    parts = path.split(".")
    return (parts[0],) + tuple(parts[2:])


def check_scale_items(inp, fig):
    """A 项 amount about 10,000× the same amount last year, or ≥ 3,000× its siblings' median."""
    if not inp.is_report:
        return
    amounts = item_amounts(inp)
    last = item_amounts(inp.previous_input) if inp.previous_input is not None else {}
    columns = {}
    for path, value in amounts.items():
        columns.setdefault(_column(path), []).append((path, value))
    for path, value in amounts.items():
        ratio = _scale(value, last.get(path))
        if ratio:
            yield _f("PLAUS-SCALE", WARNING, SCALE_ITEM_YOY, inp.where(path), what=_label(path), value=value,
                     ratio=ratio, previous=last[path])
            continue
        others = [v for p, v in columns[_column(path)] if p != path]
        if len(others) >= MIN_SIBLINGS:
            median = statistics.median(others)
            if value >= median * SCALE_LOW:
                yield _f("PLAUS-SCALE", WARNING, SCALE_ITEM_SIBLINGS, inp.where(path), what=_label(path),
                         value=value, ratio=f"{round_half_up(value / median, 0):,}", median=median)


#: A sum whose warning would only repeat that of one of its parts.
PARTS = {f"three_public.{whole}.{kind}": tuple(f"three_public.{p}.{kind}" for p in parts)
         for kind in ("yoy", "budget")
         for whole, parts in (("vehicle", ("vehicle_purchase", "vehicle_operation")),
                              ("total", ("abroad", "vehicle_purchase", "vehicle_operation", "reception", "vehicle")))}


def _scaled_deltas(inp, fig):
    """(key, label, delta, paths, ratio) of every year-on-year or budget delta about 10,000×."""
    flagged = {row.code for row, delta in fig.budget_items if _scale(delta.current, delta.base)}
    found = []
    for table in (YOY, BUDGETS):
        for key, label, paths in table:
            delta = fig.deltas.get(key)
            if delta is not None and delta.known:
                found.append((key, label, delta, paths, _scale(delta.current, delta.base)))
    flagged |= {key for key, _, _, _, ratio in found if ratio}
    for key, label, delta, paths, ratio in found:
        repeats = set(PARTS.get(key, ())) & flagged or (key == "general_vs_budget" and flagged - {k for k, *_ in found})
        if ratio and repeats:
            continue
        yield key, label, delta, paths, ratio


def check_scale_totals(inp, fig):
    """A unit figure about 10,000× (or 1/10,000×) last year's or its budget."""
    if not inp.is_report:
        return
    budget_keys = {key for key, _, _ in BUDGETS}
    for key, label, delta, paths, ratio in _scaled_deltas(inp, fig):
        if not ratio:
            continue
        if key in budget_keys:
            yield _f("PLAUS-SCALE", WARNING, SCALE_BUDGET, _where(inp, paths), what=label, value=delta.current,
                     ratio=ratio, budget=delta.base)
        else:
            yield _f("PLAUS-SCALE", WARNING, SCALE_YOY, _where(inp, paths), what=label, value=delta.current,
                     ratio=ratio, previous=delta.base)
    for row, delta in fig.budget_items:
        ratio = _scale(delta.current, delta.base)
        if ratio:
            yield _f("PLAUS-SCALE", WARNING, SCALE_BUDGET, inp.where(f"expenditure.{row.code}.budget"),
                     what=f"{row.code} {row.name}", value=delta.current, ratio=ratio, budget=delta.base)


# ---------------------------------------------------------------- changes and completion rates

def _rate(value):
    return round_half_up(value, 1)


def check_changes(inp, fig):
    """A year-on-year increase beyond +300 %, a completion rate beyond 300 %."""
    if not inp.is_report:
        return
    budget_keys = {key for key, _, _ in BUDGETS}
    items_over = any(d.completion is not None and d.completion > COMPLETION_LIMIT for _, d in fig.budget_items)
    for key, label, delta, paths, ratio in _scaled_deltas(inp, fig):
        if ratio or (key == "general_vs_budget" and items_over):
            continue                       # already a warning (PLAUS-SCALE, or on the 项 that cause it)
        if key in budget_keys:
            completion = delta.completion
            if completion is not None and completion > COMPLETION_LIMIT:
                yield _f("PLAUS-COMPLETION", WARNING, COMPLETION, _where(inp, paths), what=label,
                         value=delta.current, budget=delta.base, rate=_rate(completion))
        else:
            rate = delta.rate
            if rate is not None and rate > CHANGE_LIMIT:
                yield _f("PLAUS-CHANGE", WARNING, CHANGE, _where(inp, paths), what=label, value=delta.current,
                         previous=delta.base, rate=_rate(rate))
    for row, delta in fig.budget_items:
        completion = delta.completion
        if completion is not None and completion > COMPLETION_LIMIT and not _scale(delta.current, delta.base):
            yield _f("PLAUS-COMPLETION", WARNING, COMPLETION, inp.where(f"expenditure.{row.code}.budget"),
                     what=f"{row.code} {row.name}", value=delta.current, budget=delta.base, rate=_rate(completion))


# ---------------------------------------------------------------- last year's file

def check_previous_identity(inp, fig):
    """Last year's file is of year N−1 (error) and of the same unit (warning)."""
    previous = inp.previous_input
    if previous is None:
        return
    shown = inp.where("previous.file")
    link = _relative(previous.file, inp.file)
    expected = inp.unit.year - 1
    if previous.unit.year != expected:
        yield _f("PREVIOUS-YEAR", ERROR, PREVIOUS_YEAR, shown, file=link, found=previous.unit.year,
                 year=inp.unit.year, expected=expected)
    if previous.unit.name.strip() != inp.unit.name.strip():
        yield _f("PREVIOUS-UNIT", WARNING, PREVIOUS_UNIT, shown, file=link, other=previous.unit.name,
                 name=inp.unit.name)


def _relative(target, start_file):
    """``target`` as seen from the folder of ``start_file`` (how the link is written)."""
    try:
        return os.path.relpath(target, Path(start_file).resolve().parent)
    except ValueError:
        return str(target)


# ---------------------------------------------------------------- codes

def one_edit(a, b):
    """True when ``b`` is ``a`` with one digit changed or two adjacent digits swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def near_codes(code, known, limit=5):
    """Codes of ``known`` one edit away from ``code`` (sorted, at most ``limit``)."""
    return sorted(c for c in set(known) if one_edit(code, c))[:limit]


# ---------------------------------------------------------------- years in free text

YEAR = re.compile(r"(?<![0-9.])((?:19|20)[0-9]{2})(?=\s*年)")


def _node_texts(node):
    for i, paragraph in enumerate(node.text):
        yield (f"{node.path}.text" if len(node.text) == 1 else f"{node.path}.text[{i}]"), paragraph
    if node.title:
        yield f"{node.path}.title", node.title
    for i, paragraph in enumerate(node.after):
        yield f"{node.path}.after", paragraph
    for child in node.children:
        yield from _node_texts(child)


def _mapping_texts(prefix, value):
    if isinstance(value, str):
        yield prefix, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _mapping_texts(f"{prefix}.{key}", child)


def text_fields(inp):
    """(YAML path, text) of every free text of the input: profile, texts, reasons, the
    三公/机关运行经费/一般性支出/资产 notes and the self-evaluation's texts."""
    p = inp.profile
    for key in ("intro", "institution", "internal_bodies", "composition"):
        if getattr(p, key):
            yield f"profile.{key}", getattr(p, key)
    for i, duty in enumerate(p.duties):
        yield f"profile.duties[{i}]", duty
    yield from _mapping_texts("texts", dict(inp.texts))
    yield from _mapping_texts("reasons", dict(inp.reasons))
    for key, value in inp.three_public.facts.items():
        if isinstance(value, str) and value:
            yield f"three_public.{key}", value
    if inp.admin_cost.text:
        yield "admin_cost.text", inp.admin_cost.text
    if inp.assets.vehicle_note:
        yield "assets.vehicle_note", inp.assets.vehicle_note
    for kind in ("meetings", "training"):
        for key, value in (inp.general_spending.get(kind) or {}).items():
            if isinstance(value, str) and value:
                yield f"general_spending.{kind}.{key}", value
    if inp.general_spending.get("festivals"):
        yield "general_spending.festivals", inp.general_spending["festivals"]
    se = inp.self_evaluation
    if se is None:
        return
    for key in ("title", "unit_line"):
        if getattr(se, key):
            yield f"self_evaluation.{key}", getattr(se, key)
    for node in se.sections:
        yield from _node_texts(node)
    for project in se.projects:
        if project.purpose:
            yield f"{project.path}.purpose", project.purpose
    if se.base is not None:
        for key in ("buildings", "frugality"):
            if getattr(se.base, key):
                yield f"self_evaluation.base_data.{key}", getattr(se.base, key)
    if se.scoring is not None:
        for key in ("expected", "achieved"):
            value = getattr(se.scoring, f"goals_{key}", "")
            if isinstance(value, str) and value:
                yield f"self_evaluation.scoring.goals.{key}", value
        for group in getattr(se.scoring, "groups", ()):
            for item in group.items:
                for key in ("name", "target", "achieved", "deviation"):
                    value = getattr(item, key, "")
                    if isinstance(value, str) and value:
                        yield f"{item.path}.{key}", value


def check_text_years(inp, fig):
    """A year in free text that is neither the report year nor the year before."""
    year = inp.unit.year
    if not year:
        return
    for path, text in text_fields(inp):
        years = sorted({int(m) for m in YEAR.findall(text)
                        if int(m) not in (year, year - 1) and abs(int(m) - year) <= YEAR_WINDOW})
        if years:
            yield _f("PLAUS-YEAR", WARNING, TEXT_YEAR, inp.where(path), years="、".join(f"{y}年" for y in years),
                     year=year, previous=year - 1)


#: The rules, in the order they run (checks.rules() appends them).
RULES = (check_scale_items, check_scale_totals, check_changes, check_previous_identity, check_text_years)
