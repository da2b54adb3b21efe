"""Figures: every total, share, delta and rate the report prints, computed once, exactly.

Nothing here is rounded: shares and rates are exact-enough Decimals (percent, 0–100),
rounded only when they are formatted.  A rate over a zero base is ``None``.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Mapping

from generator import catalogue as catalogue_mod
from generator.model import (APPROPRIATION_FUNDS, FUNDS, INCOME_KINDS, OTHER_SPENDING, THREE_PUBLIC,
                             Prior)
from generator.money import ZERO, percent, round_half_up

@dataclass(frozen=True)
class Row:
    """One function-classification row: 类 (level 1), 款 (2), 项 (3), or the 合计 (level 0)."""

    code: str
    name: str
    level: int
    values: Mapping[str, Decimal]

    def __getitem__(self, key):
        return self.values.get(key, ZERO)


@dataclass(frozen=True)
class Delta:
    """A figure against a base (last year, or a budget): change and rate."""

    current: Decimal
    base: Decimal | None

    @property
    def known(self):
        return self.base is not None

    @property
    def _base_prints_zero(self):
        """A base that prints as 0 (万元, to the cent) has no rate, even if it is a few 元."""
        return self.base is None or round_half_up(self.base, 2) == 0

    @property
    def change(self):
        return None if self.base is None else self.current - self.base

    @property
    def rate(self):
        """Change as a percentage of the base; None when there is no base, it is zero, or the
        figures read the same."""
        if self._base_prints_zero or self.direction == 0:
            return None
        return percent(self.current - self.base, self.base)

    @property
    def completion(self):
        """Current as a percentage of the base (完成预算的 x%); None over a zero base."""
        return None if self._base_prints_zero else percent(self.current, self.base)

    @property
    def direction(self):
        """+1 increase, -1 decrease, 0 equal, None unknown — judged on the amounts as printed
        (to the cent), so two figures that read the same are never called 增加 or 大于."""
        if self.base is None:
            return None
        current, base = round_half_up(self.current, 2), round_half_up(self.base, 2)
        return (current > base) - (current < base)


@dataclass(frozen=True)
class EconomicItem:
    code: str
    name: str
    amount: Decimal


@dataclass(frozen=True)
class EconomicGroup:
    code: str
    name: str
    total: Decimal
    items: tuple


@dataclass(frozen=True)
class AssetFigures:
    vehicle_total: int
    vehicles: Mapping[str, int]
    vehicle_note: str
    equipment: Mapping[str, int]


@dataclass(frozen=True)
class Figures:
    """Everything computed from one Input."""

    input: object
    catalogue: object
    rows: tuple                      # 类/款/项 rows in code order
    total: Row                       # the 合计 row
    categories: tuple                # the 类 rows
    items: tuple                     # the 项 rows
    totals: Mapping[str, Decimal]    # named unit-level figures (table 01/04 and more)
    economic: tuple                  # EconomicGroup, in catalogue order
    economic_extra: tuple            # codes entered but unknown to the catalogue
    three_public: Mapping[str, Mapping[str, Decimal]]
    deltas: Mapping[str, Delta]
    shares: Mapping[str, object]
    budget_items: tuple              # (Row, Delta) per 项 with a 年初预算
    assets: AssetFigures | None = None
    evaluation: object = None        # EvaluationFigures of the self-evaluation, if any

    def row(self, code):
        for row in self.rows:
            if row.code == code:
                return row
        return None

    def as_prior(self, file=None):
        """This year's figures as next year's ``Prior``."""
        t = self.totals
        return Prior(
            total=t["grand_total"], income_total=t["income_total"],
            expenditure_total=t["expenditure_total"], appropriation_total=t["appropriation_grand_total"],
            general_expenditure=t["exp.general"],
            three_public={k: self.three_public["actual"][k] for k in THREE_PUBLIC},
            admin_cost=t.get("admin_cost"),
            carry_end={f: t[f"carry_end.{f}"] for f in FUNDS},
            procurement_total=t["procurement_total"], file=file)


def _item_values(income, expenditure):
    values = {}
    if income is not None:
        for kind in INCOME_KINDS:
            values[f"inc.{kind}"] = income.kinds.get(kind, ZERO)
    if expenditure is not None:
        for fund, spend in expenditure.funds.items():
            values[f"exp.{fund}.basic"] = spend.basic
            values[f"exp.{fund}.project"] = spend.project
            for side, carry in (("cin", spend.carry_in), ("cout", spend.carry_out)):
                if carry is not None:
                    values[f"{side}.{fund}.basic"] = carry.basic
                    values[f"{side}.{fund}.project"] = carry.project
                    values[f"{side}.{fund}.project_surplus"] = carry.project_surplus
        for key in OTHER_SPENDING:
            values[f"exp.{key}"] = getattr(expenditure, key)
        if expenditure.budget is not None:
            values["budget"] = expenditure.budget
    return _derive(values)


def _derive(values):
    """Add the derived columns of one row (sums across columns, never across rows)."""
    v = dict(values)
    get = lambda k: v.get(k, ZERO)  # noqa: E731
    v["inc.appropriation"] = sum((get(f"inc.{f}") for f in APPROPRIATION_FUNDS), ZERO)
    v["inc.total"] = sum((get(f"inc.{k}") for k in INCOME_KINDS), ZERO)
    v["inc.nonappropriation"] = v["inc.total"] - v["inc.appropriation"]
    for fund in FUNDS:
        v[f"exp.{fund}"] = get(f"exp.{fund}.basic") + get(f"exp.{fund}.project")
        for side in ("cin", "cout"):
            v[f"{side}.{fund}"] = sum((get(f"{side}.{fund}.{p}") for p in ("basic", "project", "project_surplus")),
                                      ZERO)
    for fund in APPROPRIATION_FUNDS:
        # this year's income by use: what was spent plus what is carried out, less what came in
        basic = get(f"exp.{fund}.basic") + get(f"cout.{fund}.basic") - get(f"cin.{fund}.basic")
        v[f"inc.{fund}.basic"] = basic
        v[f"inc.{fund}.project"] = get(f"inc.{fund}") - basic
    v["exp.basic"] = sum((get(f"exp.{f}.basic") for f in FUNDS), ZERO)
    v["exp.project"] = sum((get(f"exp.{f}.project") for f in FUNDS), ZERO)
    v["exp.appropriation"] = sum((v[f"exp.{f}"] for f in APPROPRIATION_FUNDS), ZERO)
    v["exp.total"] = v["exp.basic"] + v["exp.project"] + sum((get(f"exp.{k}") for k in OTHER_SPENDING), ZERO)
    return v


def _sum_rows(rows):
    keys = set()
    for row in rows:
        keys.update(row.values)
    return {k: sum((row[k] for row in rows), ZERO) for k in keys}


def _name(cat, code, extra):
    return cat.function_name(code, extra) or ""


def build_rows(inp, cat):
    """The 类/款/项 rows (in code order) and the 合计 row from the 项 entries."""
    incomes = {i.code: i for i in inp.income if len(i.code) == 7}
    spends = {e.code: e for e in inp.expenditure if len(e.code) == 7}
    leaves = []
    for code in sorted(set(incomes) | set(spends)):
        name = (spends.get(code) and spends[code].name) or (incomes.get(code) and incomes[code].name) \
            or _name(cat, code, inp.code_names)
        leaves.append(Row(code, name, 3, _item_values(incomes.get(code), spends.get(code))))
    rows = []
    for cls in sorted({r.code[:3] for r in leaves}):
        cls_leaves = [r for r in leaves if r.code[:3] == cls]
        block = []
        for kuan in sorted({r.code[:5] for r in cls_leaves}):
            kuan_leaves = [r for r in cls_leaves if r.code[:5] == kuan]
            block.append(Row(kuan, _name(cat, kuan, inp.code_names), 2, _sum_rows(kuan_leaves)))
            block.extend(kuan_leaves)
        rows.append(Row(cls, _name(cat, cls, inp.code_names), 1, _sum_rows(cls_leaves)))
        rows.extend(block)
    total = Row("", "合计", 0, _sum_rows(leaves))
    return tuple(rows), total


def build_economic(inp, cat):
    """Table 06 groups in catalogue order, with the amounts entered (5-digit leaves only)."""
    entered = {c: v for c, v in inp.basic_economic.items() if len(c) == 5}
    groups = []
    codes = list(cat.economic)
    for group in [c for c in codes if len(c) == 3]:
        items = tuple(EconomicItem(c, cat.economic[c], entered.get(c, ZERO))
                      for c in codes if len(c) == 5 and c[:3] == group)
        extra = tuple(EconomicItem(c, cat.economic_name(c, inp.code_names) or "", v)
                      for c, v in sorted(entered.items()) if c[:3] == group and c not in cat.economic)
        items = items + extra
        groups.append(EconomicGroup(group, cat.economic[group], sum((i.amount for i in items), ZERO), items))
    known_groups = {g.code for g in groups}
    orphans = tuple(EconomicItem(c, cat.economic_name(c, inp.code_names) or "", v)
                    for c, v in sorted(entered.items()) if c[:3] not in known_groups)
    return tuple(groups), orphans


def compute(inp, personnel_groups=catalogue_mod.PERSONNEL_GROUPS, public_groups=catalogue_mod.PUBLIC_GROUPS):
    """Every figure of the report, from one Input."""
    cat = catalogue_mod.for_year(inp.unit.year)
    rows, total = build_rows(inp, cat)
    t = {}
    b = inp.balances
    for kind in INCOME_KINDS:
        t[f"inc.{kind}"] = total[f"inc.{kind}"]
    t["income_total"] = total["inc.total"]
    t["inc.appropriation"] = total["inc.appropriation"]
    for key in ("exp.basic", "exp.project", "exp.total", "exp.appropriation", "exp.remit",
                "exp.operating", "exp.affiliate") + tuple(f"exp.{f}" for f in FUNDS) \
            + tuple(f"exp.{f}.{p}" for f in FUNDS for p in ("basic", "project")):
        t[key] = total[key]
    t["expenditure_total"] = total["exp.total"]
    for fund in FUNDS:
        t[f"carry_start.{fund}"] = b.start[fund].total
        t[f"carry_end.{fund}"] = b.end[fund].total
        for part in ("basic", "project", "project_surplus"):
            t[f"carry_start.{fund}.{part}"] = getattr(b.start[fund], part)
            t[f"carry_end.{fund}.{part}"] = getattr(b.end[fund], part)
    t["carry_start"] = sum((b.start[f].total for f in FUNDS), ZERO)
    t["carry_end"] = sum((b.end[f].total for f in FUNDS), ZERO)
    t["use_of_surplus"] = b.use_of_surplus
    t["surplus_distribution"] = b.surplus_distribution
    t["grand_total"] = t["income_total"] + b.use_of_surplus + t["carry_start"]
    t["grand_total_out"] = t["expenditure_total"] + b.surplus_distribution + t["carry_end"]
    # table 04: appropriations only
    t["appropriation_carry_start"] = sum((b.start[f].total for f in APPROPRIATION_FUNDS), ZERO)
    t["appropriation_carry_end"] = sum((b.end[f].total for f in APPROPRIATION_FUNDS), ZERO)
    t["appropriation_grand_total"] = t["inc.appropriation"] + t["appropriation_carry_start"]
    t["appropriation_grand_total_out"] = t["exp.appropriation"] + t["appropriation_carry_end"]
    for fund in APPROPRIATION_FUNDS:
        t[f"appropriation_out.{fund}"] = total[f"exp.{fund}"] + b.end[fund].total
    t["budget_total"] = total["budget"]
    budget_items = tuple((r, Delta(r["exp.general"], r.values.get("budget")))
                         for r in rows if r.level == 3 and "budget" in r.values)

    economic, orphans = build_economic(inp, cat)
    by_group = {g.code: g.total for g in economic}
    t["personnel"] = sum((by_group.get(c, ZERO) for c in personnel_groups), ZERO)
    t["public"] = sum((by_group.get(c, ZERO) for c in public_groups), ZERO)
    t["economic_total"] = sum(by_group.values(), ZERO) + sum((o.amount for o in orphans), ZERO)

    tp = inp.three_public
    three = {}
    for side, values in (("budget", tp.budget), ("actual", tp.actual)):
        entry = dict(values)
        entry["vehicle"] = values["vehicle_purchase"] + values["vehicle_operation"]
        entry["total"] = values["abroad"] + entry["vehicle"] + values["reception"]
        three[side] = entry
    prior = inp.prior
    if prior is not None and prior.three_public is not None:
        entry = dict(prior.three_public)
        entry["vehicle"] = entry["vehicle_purchase"] + entry["vehicle_operation"]
        entry["total"] = entry["abroad"] + entry["vehicle"] + entry["reception"]
        three["prior"] = entry

    admin_actual = inp.admin_cost.actual if inp.admin_cost.actual is not None else t["public"]
    if inp.admin_cost.applicable:
        t["admin_cost"] = admin_actual
    proc = inp.procurement
    t["procurement_total"] = proc.total

    deltas = {}
    p = prior or Prior()
    deltas["grand_total"] = Delta(t["grand_total"], p.total)
    deltas["income_total"] = Delta(t["income_total"], p.income_total)
    deltas["expenditure_total"] = Delta(t["expenditure_total"], p.expenditure_total)
    deltas["appropriation_grand_total"] = Delta(t["appropriation_grand_total"], p.appropriation_total)
    deltas["general_expenditure"] = Delta(t["exp.general"], p.general_expenditure)
    deltas["general_vs_budget"] = Delta(t["exp.general"], t["budget_total"] if budget_items else None)
    for key in THREE_PUBLIC + ("vehicle", "total"):
        deltas[f"three_public.{key}.budget"] = Delta(three["actual"][key], three["budget"][key])
        deltas[f"three_public.{key}.yoy"] = Delta(three["actual"][key],
                                                  three["prior"][key] if "prior" in three else None)
    if inp.admin_cost.applicable:
        deltas["admin_cost.budget"] = Delta(admin_actual, inp.admin_cost.budget)
        deltas["admin_cost.yoy"] = Delta(admin_actual, p.admin_cost)
    deltas["procurement.yoy"] = Delta(proc.total, p.procurement_total)

    shares = {
        "income": {k: percent(t[f"inc.{k}"], t["income_total"]) for k in INCOME_KINDS},
        "income_appropriation": percent(t["inc.appropriation"], t["income_total"]),
        "expenditure": {k: percent(t[f"exp.{k}"], t["expenditure_total"])
                        for k in ("basic", "project", "remit", "operating", "affiliate")},
        "general_of_expenditure": percent(t["exp.general"], t["expenditure_total"]),
        "general_by_category": tuple((r, percent(r["exp.general"], t["exp.general"]))
                                     for r in rows if r.level == 1 and r["exp.general"]),
        "personnel": percent(t["personnel"], t["exp.general.basic"]),
        "public": percent(t["public"], t["exp.general.basic"]),
        "three_public": {k: percent(three["actual"][k], three["actual"]["total"])
                         for k in ("abroad", "vehicle", "reception")},
        "procurement": {
            "sme": percent(proc.sme, proc.total),
            "small_micro": percent(proc.small_micro, proc.total),
            "sme_goods": None if proc.sme_goods is None else percent(proc.sme_goods, proc.goods),
            "sme_services": None if proc.sme_services is None else percent(proc.sme_services, proc.services),
            "sme_works": None if proc.sme_works is None else percent(proc.sme_works, proc.works),
        },
    }
    figures = Figures(
        input=inp, catalogue=cat, rows=rows, total=total,
        categories=tuple(r for r in rows if r.level == 1), items=tuple(r for r in rows if r.level == 3),
        totals=t, economic=economic, economic_extra=orphans, three_public=three, deltas=deltas,
        shares=shares, budget_items=budget_items,
        assets=AssetFigures(sum(inp.assets.vehicles.values()), dict(inp.assets.vehicles), inp.assets.vehicle_note,
                            {"general_equipment_50": 0, "special_equipment_100": 0, "equipment_100": 0,
                             **inp.assets.equipment}))
    from generator.compute_evaluation import compute_evaluation  # it uses Delta from here

    return replace(figures, evaluation=compute_evaluation(inp, figures if inp.is_report else None))
