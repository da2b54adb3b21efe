"""The input model: what a unit states about one year, parsed from the loaded tree.

Parsing never stops at the first problem: every wrong type, unknown key (with a
did-you-mean), missing value or negative amount becomes a located finding, and the
model is built from what could be read.  Values keep their source through
``Input.sources`` (YAML path → Source).
"""

import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Mapping

from generator.findings import ERROR, WARNING, Finding, Source, join_path
from generator.i18n import N_
from generator.kinds import kinds
from generator.loader import load
from generator.money import CENT, MAX_NUMBER, NOT_A_NUMBER, D, NumberError, TEN_THOUSAND, ZERO

#: Appropriation fund types (财政拨款): 一般公共预算, 政府性基金预算, 国有资本经营预算.
APPROPRIATION_FUNDS = ("general", "gov_fund", "state_capital")
#: Every source of money that pays for expenditure: the appropriations and 非财政拨款.
FUNDS = APPROPRIATION_FUNDS + ("other",)
#: Income kinds of tables 01/02, in the printed order.
INCOME_KINDS = ("general", "gov_fund", "state_capital", "upper_grant", "service",
                "operating", "affiliate", "other")
#: Expenditure columns of table 03 besides 基本/项目.
OTHER_SPENDING = ("remit", "operating", "affiliate")
#: 三公 categories, in the printed order.
THREE_PUBLIC = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
PROCUREMENT_KINDS = ("goods", "works", "services")
AMOUNT_UNITS = {"万元": Decimal(1), "元": TEN_THOUSAND}
#: Amounts are below 10^12 元 (10^8 万元); a report year lies between these.
MAX_AMOUNT = MAX_NUMBER / TEN_THOUSAND
MIN_YEAR, MAX_YEAR = 2000, 2100
TABLE01_CHOICES = ("all", "nonzero")
SHARE_METHODS = ("independent", "largest_remainder")
EXPECT_AMOUNT = N_("expected an amount, found '{found}'")
EXPECT_INTEGER = N_("expected a whole number, found '{found}'")
EXPECT_TEXT = N_("expected text, found '{found}'")
EXPECT_BOOL = N_("expected true or false, found '{found}'")
EXPECT_LIST = N_("expected a list of paragraphs, found '{found}'")
EXPECT_MAP = N_("expected a mapping (key: value lines), found '{found}'")


@dataclass(frozen=True)
class Unit:
    """Identity and presentation choices of the report."""

    name: str
    year: int
    scheme: str
    amount_unit: str = "万元"
    percent_decimals: int | None = None          # None: the scheme's default
    thousands_separator: bool | None = None            # in tables
    prose_thousands_separator: bool | None = None      # in sentences
    table01_categories: str | None = None
    share_method: str | None = None
    short_name: str | None = None


@dataclass(frozen=True)
class Profile:
    """Part 1 texts."""

    intro: str = ""
    duties: tuple = ()
    institution: str = ""
    internal_bodies: str = ""
    composition: str = ""
    staff: Mapping[str, int] = field(default_factory=dict)
    units: tuple = ()                 # 部门决算单位构成: ({name, note}, …)


@dataclass(frozen=True)
class Carry:
    """A carry-over (结转和结余) split: 基本支出结转, 项目支出结转(和结余), 项目支出结余."""

    basic: Decimal = ZERO
    project: Decimal = ZERO
    project_surplus: Decimal = ZERO

    @property
    def total(self):
        return self.basic + self.project + self.project_surplus


@dataclass(frozen=True)
class FundSpending:
    """One fund's spending on one 项, with its optional per-项 carry-overs."""

    basic: Decimal = ZERO
    project: Decimal = ZERO
    carry_in: Carry | None = None
    carry_out: Carry | None = None
    budget: Decimal | None = None     # 年初预算 of this fund (政府性基金/国有资本经营 prose by 项)


@dataclass(frozen=True)
class ExpenditureItem:
    """Expenditure on one 项 code: per fund 基本/项目, the other table-03 columns, 年初预算."""

    code: str
    name: str | None
    funds: Mapping[str, FundSpending]
    remit: Decimal = ZERO
    operating: Decimal = ZERO
    affiliate: Decimal = ZERO
    budget: Decimal | None = None
    purpose: str = ""                 # 主要用于：…


@dataclass(frozen=True)
class IncomeItem:
    """Income on one 项 code by kind (table 02)."""

    code: str
    name: str | None
    kinds: Mapping[str, Decimal]


@dataclass(frozen=True)
class Balances:
    """Table 01/04 rows that are not per 项."""

    start: Mapping[str, Carry]
    end: Mapping[str, Carry]
    use_of_surplus: Decimal = ZERO
    surplus_distribution: Decimal = ZERO


@dataclass(frozen=True)
class ThreePublic:
    """三公 budget and actual by category, and the facts the prose needs."""

    budget: Mapping[str, Decimal]
    actual: Mapping[str, Decimal]
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class AdminCost:
    """机关运行经费."""

    applicable: bool = True
    budget: Decimal | None = None
    actual: Decimal | None = None
    text: str = ""


@dataclass(frozen=True)
class Procurement:
    """政府采购."""

    goods: Decimal = ZERO
    works: Decimal = ZERO
    services: Decimal = ZERO
    sme: Decimal = ZERO
    small_micro: Decimal = ZERO
    sme_goods: Decimal | None = None
    sme_services: Decimal | None = None
    sme_works: Decimal | None = None
    declared_total: Decimal | None = None
    # 面向中小企业/小微企业预留的项目预算金额, and what their suppliers won (as some bureaus report it)
    reserved: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def total(self):
        return self.goods + self.works + self.services


@dataclass(frozen=True)
class Assets:
    """国有资产占用: vehicles by use, equipment counts."""

    vehicles: Mapping[str, int] = field(default_factory=dict)
    vehicle_note: str = ""
    equipment: Mapping[str, int] = field(default_factory=dict)


EQUIPMENT_KEYS = ("general_equipment_50", "special_equipment_100", "equipment_100")


@dataclass(frozen=True)
class Prior:
    """Last year's figures, from a ``previous`` file or a small block."""

    total: Decimal | None = None
    income_total: Decimal | None = None
    expenditure_total: Decimal | None = None
    appropriation_total: Decimal | None = None
    general_expenditure: Decimal | None = None
    three_public: Mapping[str, Decimal] | None = None
    admin_cost: Decimal | None = None
    carry_end: Mapping[str, Decimal] | None = None
    procurement_total: Decimal | None = None
    file: str | None = None


@dataclass(frozen=True)
class Input:
    """Everything one YAML file states, with the sources of its values."""

    file: str
    unit: Unit
    profile: Profile
    income: tuple
    expenditure: tuple
    balances: Balances
    basic_economic: Mapping[str, Decimal]
    three_public: ThreePublic
    admin_cost: AdminCost
    procurement: Procurement
    prior: Prior | None
    code_names: Mapping[str, str]
    declared: Mapping[str, object]
    reasons: Mapping[str, object]
    texts: Mapping[str, object]
    assets: Assets
    general_spending: Mapping[str, object]
    glossary: Mapping[str, object]
    documents: Mapping[str, object]          # document kind key → its model (see generator.kinds)
    sources: Mapping[str, Source]
    previous_input: "Input | None" = None
    performance: Mapping[str, object] = field(default_factory=dict)   # 预算绩效管理 facts

    @property
    def self_evaluation(self):
        return self.documents.get("self_evaluation")

    @property
    def is_report(self):
        """A full report states expenditure; a standalone self-evaluation does not."""
        return bool(self.expenditure)

    def where(self, path):
        """The source of ``path``, or the position of its nearest stated ancestor (with ``path``
        itself named, so the message says where the missing value belongs)."""
        wanted = path
        while path:
            if path in self.sources:
                found = self.sources[path]
                return found if path == wanted else Source(found.file, found.line, found.column, wanted)
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return Source(self.file, 1, 1, wanted)


@dataclass(frozen=True)
class ParseResult:
    """The model (None if the file could not be read at all) and every finding so far."""

    input: Input | None
    findings: tuple


class _Context:
    """State shared while one file is parsed."""

    def __init__(self, file):
        self.file = file
        self.findings = []
        self.sources = {}
        self.scale = Decimal(1)

    def report(self, rule, message, source, severity=ERROR, **params):
        self.findings.append(Finding(rule, severity, message, source, params))


class Reader:
    """Reads one YAML mapping: typed getters, and a report of the keys nobody read."""

    def __init__(self, node, ctx, path):
        self.node, self.ctx, self.path = node, ctx, path
        self.items = node.value if node is not None and node.is_map() else {}
        self.used = set()
        if node is not None:
            ctx.sources.setdefault(path, node.source)

    def source(self, key=None):
        node = self.items.get(key) if key is not None else None
        if node is not None:
            return node.source
        base = self.node.source if self.node is not None else Source(self.ctx.file, 1, 1)
        return Source(base.file, base.line, base.column, join_path(self.path, key) if key else self.path)

    def keys(self):
        return list(self.items)

    def node_of(self, key, required=False):
        self.used.add(key)
        node = self.items.get(key)
        if node is None and required:
            self.ctx.report("SCHEMA-REQUIRED", N_("'{key}' is required here"), self.source(key), key=key)
        elif node is not None:
            self.ctx.sources[join_path(self.path, key)] = node.source
        return node

    def _bad_type(self, node, message):
        shown = node.text or ("{…}" if node.is_map() else "[…]" if node.is_seq() else str(node.value))
        self.ctx.report("SCHEMA-TYPE", message, node.source, found=shown)

    def amount(self, key, required=False, default=ZERO, scaled=True):
        """A non-negative amount in 万元 (scaled from 元 when the unit says so)."""
        node = self.node_of(key, required)
        if node is None or (node.kind == "scalar" and node.value is None):
            return default
        return self.ctx_amount(node, scaled)

    def ctx_amount(self, node, scaled=True):
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool):
            self._bad_type(node, EXPECT_AMOUNT)
            return ZERO
        if isinstance(value, str):
            try:
                value = D(value)
            except NumberError as exc:
                if exc.message == NOT_A_NUMBER:
                    self._bad_type(node, EXPECT_AMOUNT)
                else:                                   # 374,77, 12万元, 85_48: say which
                    self.ctx.report("AMOUNT-FORMAT", exc.message, node.source, text=exc.text)
                return ZERO
        if scaled and abs(value) / self.ctx.scale >= MAX_AMOUNT:
            self.ctx.report("AMOUNT-RANGE", N_("amount {value} is beyond the largest amount accepted (10^8 万元, 10^12 元)"),
                            node.source, value=node.text or value)
            return ZERO
        if value < 0:
            self.ctx.report("AMOUNT-NEGATIVE", N_("amount {value} is negative; amounts cannot be negative"),
                            node.source, value=value)
        if scaled and self.ctx.scale == 1 and value.as_tuple().exponent < -2 and value != value.quantize(CENT):
            self.ctx.report("AMOUNT-PRECISION", N_("amount {value} has more than two decimals; 万元 amounts are printed to the cent, so type them as printed (or enter the unit's figures in 元)"),
                            node.source, severity=WARNING, value=value)
        return value / self.ctx.scale if scaled and self.ctx.scale != 1 else value

    def integer(self, key, required=False, default=None):
        node = self.node_of(key, required)
        if node is None or node.value is None:
            return default
        value = node.value
        if isinstance(value, bool) or not isinstance(value, Decimal) or value != value.to_integral_value():
            self._bad_type(node, EXPECT_INTEGER)
            return default
        if value < 0:
            self.ctx.report("AMOUNT-NEGATIVE", N_("amount {value} is negative; amounts cannot be negative"),
                            node.source, value=value)
        return int(value)

    def text(self, key, required=False, default=""):
        node = self.node_of(key, required)
        if node is None or node.value is None:
            return default
        if node.kind != "scalar" or isinstance(node.value, bool):
            self._bad_type(node, EXPECT_TEXT)
            return default
        return node.text if isinstance(node.value, Decimal) else node.value

    def boolean(self, key, default=None):
        node = self.node_of(key)
        if node is None or node.value is None:
            return default
        if not isinstance(node.value, bool):
            self._bad_type(node, EXPECT_BOOL)
            return default
        return node.value

    def choice(self, key, choices, default=None, required=False):
        value = self.text(key, required=required, default=None)
        if value is None:
            return default
        if value not in choices:
            self.ctx.report("SCHEMA-CHOICE", N_("'{value}' is not one of: {choices}"), self.source(key),
                            value=value, choices=", ".join(choices))
            return default
        return value

    def texts(self, key, required=False):
        node = self.node_of(key, required)
        if node is None or node.value is None:
            return ()
        if isinstance(node.value, str):
            return (node.value,)
        if not node.is_seq():
            self._bad_type(node, EXPECT_LIST)
            return ()
        out = []
        for i, child in enumerate(node.value):
            self.ctx.sources[join_path(join_path(self.path, key), i)] = child.source
            if child.kind != "scalar" or not isinstance(child.value, str):
                self._bad_type(child, EXPECT_TEXT)
            else:
                out.append(child.value)
        return tuple(out)

    def each(self, key):
        """(path, Reader) for every mapping in the list under ``key``; other items are type errors."""
        node = self.node_of(key)
        if node is None or node.value is None:
            return
        if not node.is_seq():
            self._bad_type(node, EXPECT_LIST)
            return
        for i, child in enumerate(node.value):
            path = join_path(join_path(self.path, key), i)
            if not child.is_map():
                self._bad_type(child, EXPECT_MAP)
                continue
            yield path, Reader(child, self.ctx, path)

    def paragraphs(self, key):
        """Text that may be one string or a list; a line break starts a new paragraph.
        Returned as paragraphs separated by blank lines (how templates separate them)."""
        parts = [line.strip() for text in self.texts(key) for line in text.splitlines() if line.strip()]
        return "\n\n".join(parts)

    def sub(self, key, required=False):
        """The mapping under ``key`` as a Reader (an empty one when absent)."""
        node = self.node_of(key, required)
        if node is not None and not node.is_map() and node.value is not None:
            self._bad_type(node, EXPECT_MAP)
            node = None
        if node is not None and node.value is None:
            node = None
        return Reader(node, self.ctx, join_path(self.path, key))

    def plain(self, key):
        """A value kept as plain data (text, numbers as Decimal, lists, mappings)."""
        node = self.node_of(key)
        return None if node is None else _plain(node, self.ctx, join_path(self.path, key))

    def present(self):
        return self.node is not None

    def finish(self, extra_allowed=()):
        """Report every key that no getter asked for, with a did-you-mean."""
        for key, node in self.items.items():
            if key in self.used or key in extra_allowed:
                continue
            candidates = [k for k in self.used if k not in self.items] or sorted(self.used)
            close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
            if close:
                self.ctx.report("SCHEMA-UNKNOWN-KEY", N_("unknown key '{key}'; did you mean '{suggestion}'?"),
                                node.source, key=key, suggestion=close[0])
            else:
                self.ctx.report("SCHEMA-UNKNOWN-KEY", N_("unknown key '{key}' (allowed here: {allowed})"),
                                node.source, key=key, allowed=", ".join(sorted(self.used)) or "—")


def _plain(node, ctx, path):
    ctx.sources[path] = node.source
    if node.is_map():
        return {k: _plain(v, ctx, join_path(path, k)) for k, v in node.value.items()}
    if node.is_seq():
        return [_plain(v, ctx, join_path(path, i)) for i, v in enumerate(node.value)]
    return node.value


def parse_file(path, display_name=None):
    """Load and parse one input file (its ``previous`` chain is resolved by the pipeline,
    see :mod:`generator.previous`)."""
    loaded = load(path, display_name)
    if loaded.tree is None:
        return ParseResult(None, loaded.findings)
    name = display_name or str(path)
    result = parse_tree(loaded.tree, name, Path(path))
    return ParseResult(result.input, loaded.findings + result.findings)


def parse_tree(tree, name, path=None):
    """Parse a loaded tree into an :class:`Input`."""
    ctx = _Context(name)
    if not tree.is_map():
        ctx.report("SCHEMA-TYPE", EXPECT_MAP, tree.source, found=tree.text or "[…]")
        return ParseResult(None, tuple(ctx.findings))
    root = Reader(tree, ctx, "")
    unit = _unit(root.sub("unit", required=True), ctx)
    profile = _profile(root.sub("profile"))
    code_names = _code_names(root.sub("codes"))
    income = _income(root.sub("income"))
    standalone = "expenditure" not in tree.value and "self_evaluation" in tree.value
    expenditure = _expenditure(root.sub("expenditure", required=not standalone))
    balances = _balances(root.sub("balances"))
    basic_economic = _economic(root.sub("basic_economic"))
    three_public = _three_public(root.sub("three_public"))
    admin_cost = _admin_cost(root.sub("admin_cost"))
    procurement = _procurement(root.sub("procurement"))
    prior, previous_input = _prior(root.sub("previous"), ctx)
    declared = _declared(root.sub("declared"))
    reasons = _reasons(root.sub("reasons"))
    texts = _texts(root.sub("texts"))
    assets = _assets(root.sub("assets"))
    general_spending = _general_spending(root.sub("general_spending"))
    glossary = _glossary(root.sub("glossary"))
    performance = _performance(root.sub("performance_management"))
    documents = {kind.key: kind.parse(root.sub(kind.key)) for kind in kinds()}
    root.finish()
    inp = Input(
        file=name, unit=unit, profile=profile, income=income, expenditure=expenditure,
        balances=balances, basic_economic=basic_economic, three_public=three_public,
        admin_cost=admin_cost, procurement=procurement, prior=prior, code_names=code_names,
        declared=declared, reasons=reasons, texts=texts, assets=assets,
        general_spending=general_spending, glossary=glossary, documents=documents, performance=performance,
        sources=dict(ctx.sources), previous_input=previous_input)
    return ParseResult(inp, tuple(ctx.findings))


def _unit(r, ctx):
    name = r.text("name", required=True)
    year = r.integer("year", required=True, default=0)
    if year and not MIN_YEAR <= year <= MAX_YEAR:
        ctx.report("UNIT-YEAR", N_("the year {year} is not between {low} and {high}"), r.source("year"),
                   year=year, low=MIN_YEAR, high=MAX_YEAR)
    scheme = r.text("scheme", required=True)
    amount_unit = r.choice("amount_unit", tuple(AMOUNT_UNITS), default="万元")
    ctx.scale = AMOUNT_UNITS[amount_unit]
    decimals = r.integer("percent_decimals")
    if decimals is not None and decimals not in (0, 1, 2):
        ctx.report("SCHEMA-CHOICE", N_("'{value}' is not one of: {choices}"), r.source("percent_decimals"),
                   value=decimals, choices="0, 1, 2")
        decimals = None
    unit = Unit(
        name=name, year=year, scheme=scheme, amount_unit=amount_unit, percent_decimals=decimals,
        thousands_separator=r.boolean("thousands_separator"),
        prose_thousands_separator=r.boolean("prose_thousands_separator"),
        table01_categories=r.choice("table01_categories", TABLE01_CHOICES),
        share_method=r.choice("share_method", SHARE_METHODS),
        short_name=r.text("short_name") or None)
    r.finish()
    return unit


def _profile(r):
    staff_r = r.sub("staff")
    staff = {k: staff_r.integer(k) for k in ("authorized", "active", "retired")}
    staff_r.finish()
    profile = Profile(
        intro=r.text("intro"), duties=r.texts("duties"), institution=r.text("institution"),
        internal_bodies=r.text("internal_bodies"), composition=r.text("composition"),
        staff={k: v for k, v in staff.items() if v is not None}, units=_units(r))
    r.finish()
    return profile


def _units(r):
    """部门决算单位构成: a list of {name, note} (or plain names)."""
    node = r.node_of("units")
    if node is None or node.value is None:
        return ()
    if not node.is_seq():
        r._bad_type(node, EXPECT_LIST)
        return ()
    units = []
    for i, child in enumerate(node.value):
        path = join_path(join_path(r.path, "units"), i)
        if child.kind == "scalar" and isinstance(child.value, str):
            units.append({"name": child.value, "note": ""})
        elif child.is_map():
            unit = Reader(child, r.ctx, path)
            units.append({"name": unit.text("name", required=True), "note": unit.text("note")})
            unit.finish()
        else:
            r._bad_type(child, EXPECT_MAP)
    return tuple(units)


def _check_code(r, key, lengths, rule="CODE-FORMAT"):
    if not (key.isdigit() and len(key) in lengths):
        r.ctx.report(rule, N_("'{code}' is not a classification code of {digits} digits"),
                     r.source(key), code=key, digits="/".join(map(str, lengths)))
        return False
    return True


def _code_names(r):
    names = {}
    for key in r.keys():
        if _check_code(r, key, (3, 5, 7)):
            names[key] = r.text(key, required=True)
        else:
            r.used.add(key)
    return names


def _income(r):
    items = []
    for code in r.keys():
        r.used.add(code)
        if not _check_code(r, code, (3, 5, 7)):
            continue
        item = r.sub(code)
        kinds = {k: item.amount(k) for k in INCOME_KINDS}
        name = item.text("name") or None
        item.finish()
        items.append(IncomeItem(code, name, kinds))
    return tuple(items)


def _carry(r, key, parts):
    node = r.node_of(key)
    if node is None or node.value is None:
        return None
    if node.kind == "scalar":
        return Carry(project=r.ctx_amount(node)) if "project" in parts else Carry(basic=r.ctx_amount(node))
    sub = r.sub(key)
    carry = Carry(**{p: sub.amount(p) for p in parts})
    sub.finish()
    return carry


def _fund_spending(r):
    spending = FundSpending(
        basic=r.amount("basic"), project=r.amount("project"),
        carry_in=_carry(r, "carry_in", ("basic", "project")),
        carry_out=_carry(r, "carry_out", ("basic", "project", "project_surplus")),
        budget=_optional_amount(r, "budget") if r.path.rsplit(".", 1)[-1] in FUNDS[1:] else None)
    return spending


def _expenditure(r):
    items = []
    for code in r.keys():
        r.used.add(code)
        if not _check_code(r, code, (3, 5, 7)):
            continue
        item = r.sub(code)
        funds = {"general": _fund_spending(item)}
        for fund in FUNDS[1:]:
            sub = item.sub(fund)
            if sub.present():
                funds[fund] = _fund_spending(sub)
                sub.finish()
        budget_node = item.node_of("budget")
        budget = None if budget_node is None or budget_node.value is None else item.amount("budget")
        items.append(ExpenditureItem(
            code=code, name=item.text("name") or None, funds=funds, budget=budget, purpose=item.text("purpose"),
            **{k: item.amount(k) for k in OTHER_SPENDING}))
        item.finish()
    return tuple(items)


def _balances(r):
    start_r, end_r = r.sub("start"), r.sub("end")
    start = {f: _carry(start_r, f, ("basic", "project")) or Carry() for f in FUNDS}
    end = {f: _carry(end_r, f, ("basic", "project", "project_surplus")) or Carry() for f in FUNDS}
    start_r.finish()
    end_r.finish()
    balances = Balances(start=start, end=end, use_of_surplus=r.amount("use_of_surplus"),
                        surplus_distribution=r.amount("surplus_distribution"))
    r.finish()
    return balances


def _economic(r):
    values = {}
    for code in r.keys():
        r.used.add(code)
        if _check_code(r, code, (3, 5)):
            values[code] = r.amount(code)
    return values


def _three_public(r):
    budget_r, actual_r = r.sub("budget"), r.sub("actual")
    budget = {k: budget_r.amount(k) for k in THREE_PUBLIC}
    actual = {k: actual_r.amount(k) for k in THREE_PUBLIC}
    declared = {}
    for side, sub in (("budget", budget_r), ("actual", actual_r)):
        for key in ("total", "vehicle"):
            node = sub.node_of(key)
            if node is not None and node.value is not None:
                declared[f"{side}.{key}"] = sub.amount(key)
        sub.finish()
    facts = {k: r.integer(k) for k in ("abroad_groups", "abroad_people", "reception_groups",
                                       "reception_visitors", "vehicles", "vehicles_purchased",
                                       "foreign_groups", "foreign_visitors")}
    foreign = _optional_amount(r, "foreign_reception")       # 外宾接待支出 (within 公务接待费)
    if foreign is not None:
        facts["foreign_reception"] = foreign
    texts = {k: r.text(k) for k in ("reception_purpose", "vehicle_operation_purpose", "vehicle_purchase_note",
                                    "abroad_note", "note")}
    facts = {**{k: v for k, v in facts.items() if v is not None}, **{k: v for k, v in texts.items() if v},
             "declared": declared}
    r.finish()
    return ThreePublic(budget, actual, facts)


def _admin_cost(r):
    applicable = r.boolean("applicable", default=True)
    budget_node = r.node_of("budget")
    actual_node = r.node_of("actual")
    cost = AdminCost(
        applicable=applicable,
        budget=None if budget_node is None or budget_node.value is None else r.amount("budget"),
        actual=None if actual_node is None or actual_node.value is None else r.amount("actual"),
        text=r.text("text"))
    r.finish()
    return cost


def _assets(r):
    vehicles_r = r.sub("vehicles")
    vehicles = {kind: vehicles_r.integer(kind, default=0) for kind in vehicles_r.keys()}
    equipment = {k: r.integer(k) for k in EQUIPMENT_KEYS}
    assets = Assets(vehicles=vehicles, vehicle_note=r.text("vehicle_note"),
                    equipment={k: v for k, v in equipment.items() if v is not None})
    r.finish()
    return assets


REASON_KEYS = ("total_yoy", "appropriation_yoy", "general_yoy", "general_budget", "admin_cost_budget",
               "admin_cost_yoy")
THREE_PUBLIC_REASON_KEYS = tuple(f"{part}_{kind}" for part in ("total", "abroad", "vehicle", "vehicle_purchase",
                                                                "vehicle_operation", "reception")
                                 for kind in ("budget", "yoy"))


def _reasons(r):
    reasons = {k: r.text(k) for k in REASON_KEYS}
    items = r.sub("budget_items")
    budget_items = {}
    for code in items.keys():
        if _check_code(items, code, (7,)):
            budget_items[code] = items.text(code)
        else:
            items.used.add(code)
    tp = r.sub("three_public")
    three = {k: tp.text(k) for k in THREE_PUBLIC_REASON_KEYS}
    tp.finish()
    r.finish()
    return {**{k: v for k, v in reasons.items() if v}, "budget_items": budget_items,
            "three_public": {k: v for k, v in three.items() if v}}


def _texts(r):
    texts = {k: r.paragraphs(k) for k in ("performance", "other")}
    r.finish()
    return {k: v for k, v in texts.items() if v}


def _general_spending(r):
    out = {}
    for kind in ("meetings", "training"):
        sub = r.sub(kind)
        if sub.present():
            out[kind] = {"people": sub.integer("people"), "content": sub.text("content") or None,
                         "note": sub.text("note") or None}
        sub.finish()
    out["festivals"] = r.paragraphs("festivals") or None
    r.finish()
    return out


PERFORMANCE_STAGES = ("targets", "tracking", "self_evaluated")       # 编报绩效目标, 绩效跟踪评价, 绩效自评
PERFORMANCE_GRADES = ("excellent", "good", "pass", "fail")          # 优, 良, 合格, 不合格
PERFORMANCE_PROBLEMS = ("found", "fixed", "fixing")                # 发现问题, 已整改, 正在整改


def _performance(r):
    """预算绩效管理: systems and mechanism (texts), projects and amounts per stage, the average
    score and the grades of the self-evaluated projects, problems found and fixed (counts)."""
    out = {"systems": r.text("systems"), "mechanism": r.text("mechanism")}
    for stage in PERFORMANCE_STAGES:
        sub = r.sub(stage)
        if sub.present():
            out[stage] = {"projects": sub.integer("projects"), "amount": _optional_amount(sub, "amount")}
            if stage == "self_evaluated":
                node = sub.node_of("average_score")
                out[stage]["average_score"] = None if node is None or node.value is None \
                    else sub.amount("average_score", scaled=False)
        sub.finish()
    for key, names in (("grades", PERFORMANCE_GRADES), ("problems", PERFORMANCE_PROBLEMS)):
        sub = r.sub(key)
        if sub.present():
            out[key] = {name: sub.integer(name, default=0) for name in names}
        sub.finish()
    r.finish()
    return {k: v for k, v in out.items() if v not in ("", None)} if r.present() else {}


def _glossary(r):
    replace_r = r.sub("replace")
    replace = {term: replace_r.text(term) for term in replace_r.keys()}
    add = []
    for _, entry in r.each("add"):
        add.append({"term": entry.text("term", required=True), "definition": entry.text("definition", required=True)})
        entry.finish()
    r.finish()
    return {"replace": replace, "add": add}


def _optional_amount(r, key):
    node = r.node_of(key)
    return None if node is None or node.value is None else r.amount(key)


def _procurement(r):
    p = Procurement(**{k: r.amount(k) for k in PROCUREMENT_KINDS + ("sme", "small_micro")},
                    sme_goods=_optional_amount(r, "sme_goods"),
                    sme_services=_optional_amount(r, "sme_services"),
                    sme_works=_optional_amount(r, "sme_works"),
                    declared_total=_optional_amount(r, "total"),
                    reserved={k: v for k in PROCUREMENT_RESERVED if (v := _optional_amount(r, k)) is not None})
    r.finish()
    return p


#: 面向中小企业预留预算, 面向小微企业预留预算, 预留项目中中小企业/小微企业中标, 其他项目中中小企业中标.
PROCUREMENT_RESERVED = ("reserved_sme", "reserved_small_micro", "awarded_sme_reserved",
                        "awarded_small_micro_reserved", "awarded_sme_other")


PRIOR_AMOUNTS = ("total", "income_total", "expenditure_total", "appropriation_total",
                 "general_expenditure", "admin_cost", "procurement_total")


def _prior(r, ctx):
    """Last year's figures from a block, or ``Prior(file=link)`` for a ``previous.file`` link:
    the pipeline resolves the link (confined, iteratively; see :mod:`generator.previous`)."""
    if not r.present():
        return None, None
    file_name = r.text("file")
    if file_name:
        if r.keys() != ["file"]:
            r.used.update(r.keys())
            ctx.report("PREVIOUS-MIXED", N_("give either 'file' or last year's figures, not both"),
                       r.source("file"))
        r.finish()
        return Prior(file=file_name), None
    amounts = {k: _optional_amount(r, k) for k in PRIOR_AMOUNTS}
    tp_r = r.sub("three_public")
    three_public = {k: tp_r.amount(k) for k in THREE_PUBLIC} if tp_r.present() else None
    tp_r.finish()
    carry_r = r.sub("carry_end")
    carry_end = {f: carry_r.amount(f) for f in FUNDS} if carry_r.present() else None
    carry_r.finish()
    r.finish()
    return Prior(three_public=three_public, carry_end=carry_end, **amounts), None


DECLARED_AMOUNTS = (
    "income_total", "expenditure_total", "basic_total", "project_total", "grand_total",
    "appropriation_income", "appropriation_grand_total", "budget_total",
    "personnel_total", "public_total",
)


def _declared(r):
    values = {k: _optional_amount(r, k) for k in DECLARED_AMOUNTS}
    r.finish()
    return {k: v for k, v in values.items() if v is not None}
