"""Figures: every total, share, delta and rate the report prints, computed once, exactly.

Nothing here is rounded: shares and rates are exact-enough Decimals (percent, 0–100),
rounded only when they are formatted.  A rate over a zero base is ``None``.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Mapping

from generator import catalogue as catalogue_mod
from generator.kinds import kinds
from generator.model import (APPROPRIATION_FUNDS, FUNDS, INCOME_KINDS, OTHER_SPENDING, THREE_PUBLIC,
                             Prior)
from generator.money import ROUNDING_PER_PART, ZERO, percent, round_half_up, within_tolerance

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
    documents: Mapping[str, object] = None   # figures of each document kind (see generator.kinds)
    officials: tuple = ()            # Official: stated totals and the sums of their parts
    parts: Mapping[str, int] = None  # how many rounded amounts an identity adds (its tolerance)
    fund_items: Mapping[str, tuple] = None   # 政府性基金/国有资本经营: (Row, Delta vs its 年初预算) per 项

    @property
    def evaluation(self):
        """The self-evaluation's figures, if the input has one."""
        return (self.documents or {}).get("self_evaluation")

    def agrees(self, stated, computed, parts=1):
        """The one tolerance rule (see :func:`agrees`)."""
        return agrees(self.input, stated, computed, parts)


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


def agrees(inp, stated, computed, parts=1):
    """The one tolerance rule: equal within the 尾数误差 of ``parts`` rounded parts (万元),
    exactly equal for amounts entered in 元."""
    per_part = ZERO if inp.unit.amount_unit == "元" else ROUNDING_PER_PART
    return within_tolerance(stated, computed, parts, per_part)


def _item_base(income, expenditure):
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
    return values


#: Derived keys that are plain sums of other keys: an official total stated for one of
#: them, when exactly one of its parts is not zero, is that part's official figure too.
SUMS = {
    "inc.appropriation": tuple(f"inc.{f}" for f in APPROPRIATION_FUNDS),
    "inc.total": tuple(f"inc.{k}" for k in INCOME_KINDS),
    "exp.basic": tuple(f"exp.{f}.basic" for f in FUNDS),
    "exp.project": tuple(f"exp.{f}.project" for f in FUNDS),
    "exp.appropriation": tuple(f"exp.{f}" for f in APPROPRIATION_FUNDS),
    "exp.total": ("exp.basic", "exp.project") + tuple(f"exp.{k}" for k in OTHER_SPENDING),
    **{f"exp.{f}": (f"exp.{f}.basic", f"exp.{f}.project") for f in FUNDS},
}


@dataclass(frozen=True)
class Official:
    """A total the user states (as printed in the approved 决算) beside the sum of its parts.

    Within the rounding tolerance the stated figure is the official one and is what every
    table and sentence prints; ``computed`` is the sum of the parts as entered.
    """

    path: str            # YAML path of the stated figure (in force only when it agrees)
    rule: str            # the rule id of its check
    stated: Decimal
    computed: Decimal
    parts: int           # how many rounded parts were added (the tolerance is per part)
    params: Mapping[str, object] = field(default_factory=dict)   # for the message


def _push_down(values, key):
    """The key an official figure for ``key`` settles: ``key`` itself, or its only non-zero part."""
    while key in SUMS:
        live = [k for k in SUMS[key] if values.get(k)]
        if len(live) != 1:
            break
        key = live[0]
    return key


def _settle(base, stated):
    """(base, values) of a row: ``base`` with the ``stated`` (official) figures in force, and
    every derived value; a stated derived figure is printed as stated."""
    base = dict(base)
    values = _derive(base)
    derived = set(values) - set(base)
    for key, value in stated.items():
        target = _push_down(values, key)
        if target not in derived:
            base[target] = value
            values = _derive(base)
    values.update(stated)
    return base, values


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


def _add(mappings):
    keys = set()
    for mapping in mappings:
        keys.update(mapping)
    return {k: sum((m.get(k, ZERO) for m in mappings), ZERO) for k in keys}


def _name(cat, code, extra):
    return cat.function_name(code, extra) or ""


#: Where a 类/款 row's stated figures are in the input: (section, rule, key → YAML field).
def _stated_row(inp, code):
    """The figures a 类/款 row states (only the keys actually written), by figure key → (value, path)."""
    stated = {}
    for entry in inp.income:
        if entry.code == code:
            for kind, value in entry.kinds.items():
                path = f"income.{code}.{kind}"
                if path in inp.sources:
                    stated[f"inc.{kind}"] = (value, path, "T02-SUM")
    for entry in inp.expenditure:
        if entry.code != code:
            continue
        for fund, spend in entry.funds.items():
            prefix = f"expenditure.{code}" if fund == "general" else f"expenditure.{code}.{fund}"
            for part in ("basic", "project"):
                if f"{prefix}.{part}" in inp.sources:
                    stated[f"exp.{fund}.{part}"] = (getattr(spend, part), f"{prefix}.{part}", "T03-SUM")
        for key in OTHER_SPENDING:
            if f"expenditure.{code}.{key}" in inp.sources:
                stated[f"exp.{key}"] = (getattr(entry, key), f"expenditure.{code}.{key}", "T03-SUM")
    return stated


#: Stated table totals (``declared``) that are official figures of the 合计 row.
DECLARED_ROW = (("basic_total", "exp.basic", "T03-DECLARED"), ("project_total", "exp.project", "T03-DECLARED"),
                ("appropriation_income", "inc.appropriation", "T04-DECLARED"),
                ("income_total", "inc.total", "T01-DECLARED"), ("expenditure_total", "exp.total", "T01-DECLARED"))


def build_rows(inp, cat, officials=None):
    """The 类/款/项 rows (in code order) and the 合计 row from the 项 entries.

    A 类 or 款 figure (or a table total under ``declared``) that the user states is the
    official figure: the row prints it and the rows above add it up.  Each one is recorded
    in ``officials`` with the sum of its 项 as entered, for the tolerance check.
    """
    officials = [] if officials is None else officials
    incomes = {i.code: i for i in inp.income if len(i.code) == 7}
    spends = {e.code: e for e in inp.expenditure if len(e.code) == 7}
    leaves = []      # (code, name, base values)
    for code in sorted(set(incomes) | set(spends)):
        name = (spends.get(code) and spends[code].name) or (incomes.get(code) and incomes[code].name) \
            or _name(cat, code, inp.code_names)
        leaves.append((code, name, _item_base(incomes.get(code), spends.get(code))))

    def settle(code, children, leaf_bases):
        raw = _derive(_add(leaf_bases))
        stated = _stated_row(inp, code)
        in_force = {}
        for key, (value, path, rule) in stated.items():
            officials.append(Official(path, rule, value, raw.get(key, ZERO), len(leaf_bases), {"code": code}))
            if agrees(inp, value, raw.get(key, ZERO), len(leaf_bases)):
                in_force[key] = value
        return _settle(_add(children), in_force)

    rows, class_bases = [], []
    for cls in sorted({code[:3] for code, _, _ in leaves}):
        cls_leaves = [leaf for leaf in leaves if leaf[0][:3] == cls]
        block, kuan_bases = [], []
        for kuan in sorted({code[:5] for code, _, _ in cls_leaves}):
            kuan_leaves = [leaf for leaf in cls_leaves if leaf[0][:5] == kuan]
            bases = [b for _, _, b in kuan_leaves]
            base, values = settle(kuan, bases, bases)
            kuan_bases.append(base)
            block.append(Row(kuan, _name(cat, kuan, inp.code_names), 2, values))
            block.extend(Row(code, name, 3, _derive(b)) for code, name, b in kuan_leaves)
        base, values = settle(cls, kuan_bases, [b for _, _, b in cls_leaves])
        class_bases.append(base)
        rows.append(Row(cls, _name(cat, cls, inp.code_names), 1, values))
        rows.extend(block)
    raw = _derive(_add([b for _, _, b in leaves]))
    stated = {}
    for name, key, rule in DECLARED_ROW:
        if name in inp.declared:
            officials.append(Official(f"declared.{name}", rule, inp.declared[name], raw.get(key, ZERO),
                                      len(leaves), {"key": name}))
            if agrees(inp, inp.declared[name], raw.get(key, ZERO), len(leaves)):
                stated[key] = inp.declared[name]
    _, values = _settle(_add(class_bases), stated)
    return tuple(rows), Row("", "合计", 0, values)


def build_economic(inp, cat, officials=None):
    """Table 06 groups in catalogue order, with the amounts entered (5-digit leaves); a group
    total the user states (``"301": 368.19``) is the official one (see :class:`Official`)."""
    officials = [] if officials is None else officials
    entered = {c: v for c, v in inp.basic_economic.items() if len(c) == 5}
    groups = []
    codes = list(cat.economic)
    for group in [c for c in codes if len(c) == 3]:
        items = tuple(EconomicItem(c, cat.economic[c], entered.get(c, ZERO))
                      for c in codes if len(c) == 5 and c[:3] == group)
        extra = tuple(EconomicItem(c, cat.economic_name(c, inp.code_names) or "", v)
                      for c, v in sorted(entered.items()) if c[:3] == group and c not in cat.economic)
        items = items + extra
        total = sum((i.amount for i in items), ZERO)
        if group in inp.basic_economic:
            parts = sum(1 for c in entered if c[:3] == group)
            officials.append(Official(f"basic_economic.{group}", "T06-GROUP-SUM", inp.basic_economic[group], total,
                                      parts, {"code": group}))
            if agrees(inp, inp.basic_economic[group], total, parts):
                total = inp.basic_economic[group]
        groups.append(EconomicGroup(group, cat.economic[group], total, items))
    known_groups = {g.code for g in groups}
    orphans = tuple(EconomicItem(c, cat.economic_name(c, inp.code_names) or "", v)
                    for c, v in sorted(entered.items()) if c[:3] not in known_groups)
    return tuple(groups), orphans


def _official(officials, inp, key, rule, computed, parts):
    """The stated ``declared.key`` where there is one (recorded for its check), else ``computed``."""
    if key not in inp.declared:
        return computed
    officials.append(Official(f"declared.{key}", rule, inp.declared[key], computed, max(parts, 1), {"key": key}))
    return inp.declared[key] if agrees(inp, inp.declared[key], computed, parts) else computed


def compute(inp, personnel_groups=catalogue_mod.PERSONNEL_GROUPS, public_groups=catalogue_mod.PUBLIC_GROUPS,
            catalogue=None):
    """Every figure of the report, from one Input (``catalogue``: the scheme's, see
    :meth:`generator.scheme.Scheme.catalogue`; by default the built-in one of the year)."""
    cat = catalogue or catalogue_mod.for_year(inp.unit.year)
    officials = []
    rows, total = build_rows(inp, cat, officials)
    printed_codes = {r.code for r in rows}
    for code in {e.code for e in inp.income + inp.expenditure}:      # a stated 类/款 with no 项 under it
        if len(code) < 7 and code not in printed_codes:
            for key, (value, path, rule) in _stated_row(inp, code).items():
                officials.append(Official(path, rule, value, ZERO, 1, {"code": code}))
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
    parts = {}
    parts["balance"] = 2 + sum(1 for f in FUNDS for c in (b.start[f], b.end[f]) for v in
                                 (c.basic, c.project, c.project_surplus) if v) \
        + (1 if b.use_of_surplus else 0) + (1 if b.surplus_distribution else 0)
    for key in ("grand_total", "appropriation_grand_total"):    # both sides as computed, for the balance checks
        t[f"{key}.income_side"], t[f"{key}.expense_side"] = t[key], t[f"{key}_out"]
    for key, rule in (("grand_total", "T01-DECLARED"), ("appropriation_grand_total", "T04-DECLARED")):
        if key in inp.declared:     # the official 总计 of both sides
            officials.append(Official(f"declared.{key}", rule, inp.declared[key], t[key], parts["balance"],
                                      {"key": key}))
            if agrees(inp, inp.declared[key], t[key], parts["balance"]):
                t[key] = t[f"{key}_out"] = inp.declared[key]
    for fund in APPROPRIATION_FUNDS:
        t[f"appropriation_out.{fund}"] = total[f"exp.{fund}"] + b.end[fund].total
    budget_items = tuple((r, Delta(r["exp.general"], r.values.get("budget")))
                         for r in rows if r.level == 3 and "budget" in r.values)
    fund_budgets = {(e.code, fund): spend.budget for e in inp.expenditure for fund, spend in e.funds.items()}
    fund_items = {fund: tuple((r, Delta(r[f"exp.{fund}"], fund_budgets.get((r.code, fund))))
                              for r in rows if r.level == 3 and r[f"exp.{fund}"])
                  for fund in APPROPRIATION_FUNDS[1:]}
    t["budget_total"] = _official(officials, inp, "budget_total", "BUDGET-DECLARED", total["budget"],
                                  len(budget_items))

    economic, orphans = build_economic(inp, cat, officials)
    by_group = {g.code: g.total for g in economic}
    leaf_count = lambda groups: sum(1 for g in economic if g.code in groups for i in g.items if i.amount)  # noqa: E731
    t["personnel"] = _official(officials, inp, "personnel_total", "T06-DECLARED",
                               sum((by_group.get(c, ZERO) for c in personnel_groups), ZERO), leaf_count(personnel_groups))
    t["public"] = _official(officials, inp, "public_total", "T06-DECLARED",
                            sum((by_group.get(c, ZERO) for c in public_groups), ZERO), leaf_count(public_groups))
    t["economic_unassigned"] = sum((v for c, v in by_group.items() if c not in personnel_groups + public_groups),
                                   ZERO) + sum((o.amount for o in orphans), ZERO)
    t["economic_total"] = t["personnel"] + t["public"] + t["economic_unassigned"]
    parts["economic"] = sum(1 for g in economic for i in g.items if i.amount) + len(orphans)

    tp = inp.three_public
    three = {}
    stated_three = tp.facts.get("declared", {})
    for side, values in (("budget", tp.budget), ("actual", tp.actual)):
        entry = dict(values)
        entry["vehicle"] = values["vehicle_purchase"] + values["vehicle_operation"]
        for part, count in (("vehicle", 2), ("total", 4)):
            if part == "total":
                entry["total"] = values["abroad"] + entry["vehicle"] + values["reception"]
            stated = stated_three.get(f"{side}.{part}")
            if stated is not None:
                officials.append(Official(f"three_public.{side}.{part}", "T07-SUM", stated, entry[part], count,
                                          {"side": side, "part": part}))
                if agrees(inp, stated, entry[part], count):
                    entry[part] = stated
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
    if proc.declared_total is not None:
        officials.append(Official("procurement.total", "PROC-SUM", proc.declared_total, proc.total, 3, {}))
        if agrees(inp, proc.declared_total, proc.total, 3):
            t["procurement_total"] = proc.declared_total

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
    deltas["procurement.yoy"] = Delta(t["procurement_total"], p.procurement_total)

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
            "sme": percent(proc.sme, t["procurement_total"]),
            "small_micro": percent(proc.small_micro, t["procurement_total"]),
            "sme_goods": None if proc.sme_goods is None else percent(proc.sme_goods, proc.goods),
            "sme_services": None if proc.sme_services is None else percent(proc.sme_services, proc.services),
            "sme_works": None if proc.sme_works is None else percent(proc.sme_works, proc.works),
        },
    }
    figures = Figures(
        input=inp, catalogue=cat, rows=rows, total=total,
        categories=tuple(r for r in rows if r.level == 1), items=tuple(r for r in rows if r.level == 3),
        totals=t, economic=economic, economic_extra=orphans, three_public=three, deltas=deltas,
        shares=shares, budget_items=budget_items, officials=tuple(officials), parts=parts, fund_items=fund_items,
        assets=AssetFigures(sum(inp.assets.vehicles.values()), dict(inp.assets.vehicles), inp.assets.vehicle_note,
                            {"general_equipment_50": 0, "special_equipment_100": 0, "equipment_100": 0,
                             **inp.assets.equipment}))
    report = figures if inp.is_report else None
    return replace(figures, documents={k.key: k.compute(inp, report) for k in kinds()})
