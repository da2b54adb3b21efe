"""The input model of the performance self-evaluation (部门整体支出绩效自评), parsed.

It sits in a unit's YAML under ``self_evaluation:`` (Part 5 of the report) or in a file
of its own (the standalone report).  Narrative sections are an outline whose numbering is
generated; figures (budget, projects, base data, scoring) are entered once and the
totals, rates, scores and grade are computed.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from generator.i18n import N_

THREE_PUBLIC = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
COLUMNS = ("previous", "budget", "actual")
BUDGET_KEYS = ("initial", "adjusted", "income", "executed", "basic", "project", "personnel", "public")
GENERATED = ("budget", "projects", "three_public")


@dataclass(frozen=True)
class Node:
    """One numbered section: a title, paragraphs, sub-sections, or a generated block."""

    title: str = ""
    text: tuple = ()
    children: tuple = ()
    generate: str | None = None
    path: str = ""
    after: tuple = ()          # paragraphs printed after the generated block


@dataclass(frozen=True)
class Project:
    name: str
    initial: Decimal | None = None
    adjustment: Decimal | None = None
    actual: Decimal = Decimal(0)
    balance: Decimal | None = None
    purpose: str = ""
    path: str = ""


@dataclass(frozen=True)
class Indicator:
    secondary: str
    name: str
    target: str
    achieved: str
    weight: Decimal
    score: Decimal
    deviation: str = ""
    path: str = ""


@dataclass(frozen=True)
class IndicatorGroup:
    name: str
    cap: Decimal | None
    items: tuple
    path: str = ""


@dataclass(frozen=True)
class Scoring:
    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None
    weight: Decimal
    stated_rate: Decimal | None
    stated_score: Decimal | None
    goals_expected: str
    goals_achieved: str
    groups: tuple
    stated_total: Decimal | None
    sources: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class BaseData:
    authorized: int | None
    active: int | None
    three_public: Mapping[str, Mapping[str, Decimal | None]]   # column → category → amount
    projects: tuple                                            # (name, {column: amount})
    public_cost: Mapping[str, Mapping[str, Decimal | None]]    # part → column → amount
    procurement: Mapping[str, Decimal | None]
    basic_adjustment: Mapping[str, Decimal | None]
    buildings: str
    frugality: str


@dataclass(frozen=True)
class SelfEvaluation:
    title: str
    unit_line: str
    sections: tuple
    budget: Mapping[str, Decimal | None]
    projects: tuple
    base: BaseData | None
    scoring: Scoring | None
    three_public_change: Decimal | None


def _amount_or_none(r, key):
    node = r.node_of(key)
    return None if node is None or node.value is None else r.amount(key)


def _columns(r, key):
    sub = r.sub(key)
    values = {c: _amount_or_none(sub, c) for c in COLUMNS}
    sub.finish()
    return values


def _node(r, path):
    title = r.text("title")
    text = r.texts("text")
    generate = r.choice("generate", GENERATED)
    after = r.texts("after")
    children = []
    for key in ("sections", "items"):
        node = r.node_of(key)
        if node is None or node.value is None:
            continue
        if not node.is_seq():
            r._bad_type(node, N_("expected a list of paragraphs, found '{found}'"))
            continue
        for i, child in enumerate(node.value):
            child_path = f"{path}.{key}[{i}]"
            if child.kind == "scalar":
                children.append(Node(text=(str(child.value),), path=child_path))
            else:
                from generator.model import Reader
                children.append(_node(Reader(child, r.ctx, child_path), child_path))
    r.finish()
    return Node(title=title, text=text, children=tuple(children), generate=generate, path=path, after=after)


def parse_self_evaluation(r):
    """Parse the ``self_evaluation`` mapping (a Reader); None when absent."""
    from generator.model import Reader

    if not r.present():
        return None
    sections = []
    node = r.node_of("sections")
    if node is not None and node.is_seq():
        for i, child in enumerate(node.value):
            path = f"self_evaluation.sections[{i}]"
            if child.kind == "scalar":
                sections.append(Node(title=str(child.value), path=path))
            else:
                sections.append(_node(Reader(child, r.ctx, path), path))
    budget_r = r.sub("budget")
    budget = {k: _amount_or_none(budget_r, k) for k in BUDGET_KEYS}
    budget_r.finish()
    projects = _projects(r)
    base = _base(r.sub("base_data"))
    scoring = _scoring(r.sub("scoring"))
    se = SelfEvaluation(
        title=r.text("title"), unit_line=r.text("unit_line"), sections=tuple(sections), budget=budget,
        projects=projects, base=base, scoring=scoring,
        three_public_change=_signed(r, "three_public_change"))
    r.finish()
    return se


def _signed(r, key):
    """An amount that may be negative (a stated change)."""
    node = r.node_of(key)
    if node is None or node.value is None:
        return None
    if isinstance(node.value, Decimal):
        return node.value / r.ctx.scale
    r._bad_type(node, N_("expected an amount, found '{found}'"))
    return None


def _projects(r):
    out = []
    for path, pr in r.each("projects"):
        out.append(Project(name=pr.text("name", required=True), initial=_amount_or_none(pr, "initial"),
                           adjustment=_signed(pr, "adjustment"), actual=pr.amount("actual"),
                           balance=_amount_or_none(pr, "balance"), purpose=pr.text("purpose"), path=path))
        pr.finish()
    return tuple(out)


def _base(r):
    if not r.present():
        return None
    staff = r.sub("staff")
    authorized, active = staff.integer("authorized"), staff.integer("active")
    staff.finish()
    tp = r.sub("three_public")
    three = {}
    for column in COLUMNS:
        sub = tp.sub(column)
        three[column] = {k: _amount_or_none(sub, k) for k in THREE_PUBLIC} if sub.present() else None
        sub.finish()
    tp.finish()
    projects = []
    for _, pr in r.each("projects"):
        projects.append((pr.text("name", required=True), {c: _amount_or_none(pr, c) for c in COLUMNS}))
        pr.finish()
    pc = r.sub("public_cost")
    public_cost = {"total": {c: _amount_or_none(pc, c) for c in COLUMNS}}
    for part in ("office", "utilities_travel", "meetings_training"):
        public_cost[part] = _columns(pc, part)
    pc.finish()
    base = BaseData(
        authorized=authorized, active=active, three_public=three, projects=tuple(projects),
        public_cost=public_cost, procurement=_columns(r, "procurement"),
        basic_adjustment=_columns(r, "basic_adjustment"), buildings=r.text("buildings"),
        frugality=r.text("frugality"))
    r.finish()
    return base


def _scoring(r):
    if not r.present():
        return None
    funds = r.sub("funds")
    goals = r.sub("goals")
    groups = []
    for path, gr in r.each("indicators"):
        items = []
        for ipath, ir in gr.each("items"):
            items.append(Indicator(
                secondary=ir.text("secondary"), name=ir.text("name", required=True),
                target=ir.text("target"), achieved=ir.text("achieved"),
                weight=ir.amount("weight", required=True, scaled=False),
                score=_score(ir), deviation=ir.text("deviation"), path=ipath))
            ir.finish()
        cap_node = gr.node_of("cap")
        cap = None if cap_node is None or cap_node.value is None else gr.amount("cap", scaled=False)
        groups.append(IndicatorGroup(gr.text("name", required=True), cap, tuple(items), path))
        gr.finish()
    sources_r = r.sub("sources")
    sources = {k: sources_r.amount(k) for k in sources_r.keys()}
    scoring = Scoring(
        initial=_amount_or_none(funds, "initial"), adjusted=_amount_or_none(funds, "adjusted"),
        executed=_amount_or_none(funds, "executed"),
        weight=funds.amount("weight", default=Decimal(10), scaled=False),
        stated_rate=_plain_number(funds, "rate"), stated_score=_plain_number(funds, "score"),
        goals_expected=goals.text("expected"), goals_achieved=goals.text("achieved"),
        groups=tuple(groups), stated_total=_plain_number(r, "total"), sources=sources)
    funds.finish()
    goals.finish()
    r.finish()
    return scoring


def _score(r):
    """A score: may be stated above its weight or below zero (that is what checks report)."""
    node = r.node_of("score")
    if node is None or node.value is None:
        return Decimal(0)
    if isinstance(node.value, Decimal):
        return node.value
    r._bad_type(node, N_("expected an amount, found '{found}'"))
    return Decimal(0)


def _plain_number(r, key):
    """A stated number such as a rate (``102.3%`` or 102.3) or a score, unscaled."""
    node = r.node_of(key)
    if node is None or node.value is None:
        return None
    value = node.value
    if isinstance(value, str):
        try:
            return Decimal(value.strip().rstrip("%").strip())
        except ArithmeticError:
            r._bad_type(node, N_("expected an amount, found '{found}'"))
            return None
    if isinstance(value, Decimal):
        return value
    r._bad_type(node, N_("expected an amount, found '{found}'"))
    return None
