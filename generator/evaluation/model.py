"""The input model of the performance self-evaluation (部门整体支出绩效自评), parsed.

It sits in a unit's YAML under ``self_evaluation:`` (Part 5 of the report) or in a file
of its own (the standalone report).  Narrative sections are an outline whose numbering is
generated.  Every figure is stated once: the funds under ``budget`` (in a full report the
figures Part 2/3 already has come from there), the projects under ``projects``; the
scoring table's funds rows and the base-data table are derived from them, and a figure a
document restates there is checked, never printed instead.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from generator.i18n import N_

THREE_PUBLIC = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
COLUMNS = ("previous", "budget", "actual")
#: The funds facts: 年初预算, 调整/追加, 全年预算, 收入, 执行数 and its splits.
BUDGET_KEYS = ("initial", "adjustment", "adjusted", "income", "executed", "basic", "project", "personnel", "public")
#: Columns of a funds row of the scoring table (年初预算数, 全年预算数, 全年执行数).
FUNDS_COLUMNS = ("initial", "adjusted", "executed")
#: Funds breakdowns by income nature (按收入性质分), with their printed labels.
BY_INCOME = {"general": "一般公共预算", "gov_fund": "政府性基金拨款", "special_account": "纳入专户管理的非税收入拨款",
             "other": "其他资金"}
#: 其中 rows of the 年度资金总额 (当年财政拨款 / 上年结转资金 / 其他资金).
SOURCES = {"current_year": "当年财政拨款", "carry_over": "上年结转资金", "other": "其他资金"}
GENERATED = ("budget", "projects", "project_details", "funds_by_nature", "three_public")
#: Columns a scoring table may have (the scheme's ``evaluation.scoring.columns`` picks them).
SCORING_COLUMNS = ("level1", "level2", "level3", "target", "achieved", "criteria", "weight", "score", "deviation")
LAYOUT_KEYS = ("columns", "precision", "label_column", "subtotals", "breakdowns", "note", "funds_label")


@dataclass(frozen=True)
class Node:
    """One numbered section: a title, paragraphs, sub-sections, or a generated block."""

    title: str = ""
    text: tuple = ()
    children: tuple = ()
    generate: str | None = None
    path: str = ""
    after: tuple = ()          # paragraphs printed after the generated block
    subheadings: str = ""      # run_in or heading for the titled nodes under it ("" inherits)


@dataclass(frozen=True)
class Project:
    """A project: 年初预算, 调整, 全年预算, 实际支出, 结余 (each optional but 实际), 上年决算."""

    name: str
    initial: Decimal | None = None
    adjustment: Decimal | None = None
    adjusted: Decimal | None = None
    actual: Decimal = Decimal(0)
    balance: Decimal | None = None
    previous: Decimal | None = None
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
    criteria: str = ""         # 扣分标准
    path: str = ""


@dataclass(frozen=True)
class IndicatorGroup:
    name: str
    cap: Decimal | None
    items: tuple
    path: str = ""


@dataclass(frozen=True)
class Scoring:
    """The 绩效自评表: funds row (its amounts restated only to be checked), goals, indicators."""

    restated: Mapping[str, Decimal]          # initial/adjusted/executed typed in the funds row
    weight: Decimal
    stated_rate: Decimal | None
    stated_score: Decimal | None
    goals_expected: str
    goals_achieved: str
    groups: tuple
    stated_total: Decimal | None
    layout: Mapping[str, object] = field(default_factory=dict)   # the unit's override of the scheme's


@dataclass(frozen=True)
class BaseData:
    authorized: int | None
    active: int | None
    three_public: Mapping[str, Mapping[str, Decimal | None]]   # column → category → amount
    projects: tuple | None                                     # (name, {column: amount}); None: from projects
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
    by_income: Mapping[str, Mapping[str, Decimal | None]]     # key → funds column → amount
    sources: Mapping[str, Mapping[str, Decimal | None]]       # 其中 rows: label → funds column → amount
    projects: tuple
    base: BaseData | None
    scoring: Scoring | None
    three_public_change: Decimal | None
    notes: tuple = ()                                         # printed under the scoring table
    scope: str = ""                                           # what the funds cover, when not the unit's Part 2
    subheadings: str = ""                                     # run_in or heading (the scheme's when empty)
    stated: frozenset = frozenset()                           # budget keys the user wrote


def _amount_or_none(r, key):
    node = r.node_of(key)
    return None if node is None or node.value is None else r.amount(key)


def _columns(r, key, columns=COLUMNS):
    sub = r.sub(key)
    values = {c: _amount_or_none(sub, c) for c in columns}
    sub.finish()
    return values


def _lines(texts):
    """Paragraphs from a list of texts; a line break inside one starts a new paragraph."""
    return tuple(line.strip() for text in texts for line in str(text).splitlines() if line.strip())


def _node(r, path):
    from generator.model import Reader

    title = r.text("title")
    text = _lines(r.texts("text"))
    generate = r.choice("generate", GENERATED)
    after = _lines(r.texts("after"))
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
                children.append(Node(text=_lines([child.value]) if child.value is not None else (), path=child_path))
            else:
                children.append(_node(Reader(child, r.ctx, child_path), child_path))
    subheadings = r.choice("subheadings", ("run_in", "heading"), default="")
    r.finish()
    return Node(title=title, text=text, children=tuple(children), generate=generate, path=path, after=after,
                subheadings=subheadings)


def _funds_rows(r, key, labels):
    """``by_income`` / ``sources``: each entry an amount (the 全年执行数, or the 年初预算数 for
    ``sources``) or a mapping of the funds columns."""
    sub = r.sub(key)
    out = {}
    for name in sub.keys():
        if labels is not None and name not in labels:
            continue
        node = sub.node_of(name)
        if node is None or node.value is None:
            continue
        if node.is_map():
            out[name] = _columns(sub, name, FUNDS_COLUMNS)
        else:
            column = "initial" if key == "sources" else "executed"
            out[name] = {c: (sub.amount(name) if c == column else None) for c in FUNDS_COLUMNS}
    sub.finish()
    return out


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
    budget = {k: (_signed(budget_r, k) if k == "adjustment" else _amount_or_none(budget_r, k)) for k in BUDGET_KEYS}
    stated = frozenset(k for k, v in budget.items() if v is not None)
    scope = budget_r.text("scope")
    by_income = _funds_rows(budget_r, "by_income", BY_INCOME)
    sources = _funds_rows(budget_r, "sources", None)
    budget_r.finish()
    projects = _projects(r)
    base = _base(r.sub("base_data"))
    scoring, scoring_sources = _scoring(r.sub("scoring"))
    sources = sources or scoring_sources      # the 其中 rows may also sit under scoring
    se = SelfEvaluation(
        title=r.text("title"), unit_line=r.text("unit_line"), sections=tuple(sections), budget=budget,
        by_income=by_income, sources=sources, projects=projects, base=base, scoring=scoring,
        three_public_change=_signed(r, "three_public_change"), notes=_lines(r.texts("notes")), stated=stated,
        scope=scope, subheadings=r.choice("subheadings", ("run_in", "heading"), default=""))
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
                           adjustment=_signed(pr, "adjustment"), adjusted=_amount_or_none(pr, "adjusted"),
                           actual=pr.amount("actual"), balance=_amount_or_none(pr, "balance"),
                           previous=_amount_or_none(pr, "previous"), purpose=pr.text("purpose"), path=path))
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
    projects = None
    if r.node_of("projects") is not None:
        projects = []
        for _, pr in r.each("projects"):
            projects.append((pr.text("name", required=True), {c: _amount_or_none(pr, c) for c in COLUMNS}))
            pr.finish()
        projects = tuple(projects)
    pc = r.sub("public_cost")
    public_cost = {"total": {c: _amount_or_none(pc, c) for c in COLUMNS}}
    for part in ("office", "utilities_travel", "meetings_training"):
        public_cost[part] = _columns(pc, part)
    pc.finish()
    base = BaseData(
        authorized=authorized, active=active, three_public=three, projects=projects,
        public_cost=public_cost, procurement=_columns(r, "procurement"),
        basic_adjustment=_columns(r, "basic_adjustment"), buildings=r.text("buildings"),
        frugality=r.text("frugality"))
    r.finish()
    return base


def _layout(r):
    """The unit's override of the scheme's scoring-table layout (validated when composed)."""
    sub = r.sub("layout")
    layout = {}
    for key in LAYOUT_KEYS:
        node = sub.node_of(key)
        if node is None or node.value is None:
            continue
        if key == "columns":
            layout[key] = list(sub.texts(key))
        elif key == "breakdowns":
            layout[key] = list(sub.texts(key))
        elif key == "precision":
            layout[key] = sub.integer(key)
        elif key in ("label_column", "subtotals"):
            layout[key] = sub.boolean(key)
        else:
            layout[key] = sub.text(key)
    sub.finish()
    return layout


def _scoring(r):
    """(Scoring or None, the 其中 rows if they are given under ``scoring``)."""
    if not r.present():
        return None, {}
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
                score=_score(ir), deviation=ir.text("deviation"), criteria=ir.text("criteria"), path=ipath))
            ir.finish()
        cap_node = gr.node_of("cap")
        cap = None if cap_node is None or cap_node.value is None else gr.amount("cap", scaled=False)
        groups.append(IndicatorGroup(gr.text("name", required=True), cap, tuple(items), path))
        gr.finish()
    layout = _layout(r)
    sources = _funds_rows(r, "sources", None)
    restated = {k: _amount_or_none(funds, k) for k in FUNDS_COLUMNS}
    scoring = Scoring(
        restated={k: v for k, v in restated.items() if v is not None},
        weight=funds.amount("weight", default=Decimal(10), scaled=False),
        stated_rate=_plain_number(funds, "rate"), stated_score=_plain_number(funds, "score"),
        goals_expected=goals.text("expected"), goals_achieved=goals.text("achieved"),
        groups=tuple(groups), stated_total=_plain_number(r, "total"), layout=layout)
    funds.finish()
    goals.finish()
    r.finish()
    return scoring, sources


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
