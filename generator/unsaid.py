"""No fact left unsaid: a fact, text or reason of the input that the scheme never prints is a
warning (FACT-UNUSED), located at the input's YAML path.

During ``check`` the report is composed once without writing, with a view whose strings and
whole numbers carry the view path they came from (``three.vehicle.reason_yoy``); the
narrative environment's ``finalize`` (:func:`record_printed`, set by
:func:`generator.scheme.make_env`) records every such value a template prints.  Each
given input fact names, in :data:`FACT_VIEWS`, the view entries that say it; a fact none of
whose entries was printed — and, for a text, whose words appear nowhere in the composed
document — is unsaid.  Reading a value is not printing it: ``{% if facts.abroad_groups %}``
reads a count of 0 and prints nothing, and a reason passed to a macro that says "与上年持平"
is not printed either.

Entries of :data:`FACT_VIEWS` are data: ``(input path pattern, view paths)``.  A pattern is a
regular expression over the input's YAML path; ``{1}``, ``{2}`` in a view path are its
groups.  A view path is a prefix (``assets.vehicles[小汽车]`` covers its kind and count);
``table:KIND`` is said when the scheme prints a table of that kind, ``part:ID`` when it has
that part, ``glossary-term:TERM`` when its glossary has the term (and a glossary part),
``zero:VIEW`` when the fact is zero and VIEW is printed (a 政府采购 total of 0 says every part
of it is 0).
"""

import contextvars
import dataclasses
import re
import time
from decimal import Decimal

from jinja2 import Template

from generator.findings import WARNING, Finding, join_path
from generator.i18n import N_

FACT_UNUSED = N_("'{path}' is stated ({value}) but scheme {scheme} prints it nowhere in the report; remove it, or use a scheme whose templates say it (docs/schemes.md)")

#: Input facts → the view entries (or tables, parts) that print them.  Covered: reasons,
#: texts, per-项 purposes, the 三公 facts and amounts, 一般性支出, assets, 机关运行经费,
#: procurement (with SME reservations), 预算绩效管理 counts, Part 1 texts, counts and units,
#: 使用非财政拨款结余 / 结余分配, glossary replacements and additions.  Not covered: figures
#: only the tables print (income, expenditure, balances by fund, table 06), the self-evaluation.
FACT_VIEWS = (
    (r"reasons\.(total_yoy|appropriation_yoy|general_yoy|general_budget)", ("reasons.{1}",)),
    (r"reasons\.admin_cost_(budget|yoy)", ("admin.reason_{1}",)),
    (r"reasons\.budget_items\.(\d+)", ("budget_items[{1}].reason", "fund_items.gov_fund[{1}].reason",
                                       "fund_items.state_capital[{1}].reason")),
    (r"reasons\.three_public\.(\w+?)_(budget|yoy)", ("three.{1}.reason_{2}",)),
    (r"expenditure\.(\d+)\.purpose", ("budget_items[{1}].purpose", "fund_items.gov_fund[{1}].purpose",
                                       "fund_items.state_capital[{1}].purpose")),
    (r"three_public\.(abroad_groups|abroad_people|reception_groups|reception_visitors|vehicles|reception_purpose"
     r"|vehicle_operation_purpose|vehicle_purchase_note|abroad_note|note|vehicles_purchased|foreign_groups"
     r"|foreign_visitors|foreign_reception)", ("facts.{1}",)),
    (r"three_public\.(budget|actual)\.(\w+)", ("three.{2}.{1}", "table:three_public")),
    (r"texts\.(performance|other)", ("texts.{1}",)),
    (r"general_spending\.(meetings|training)\.(content|people|note)", ("general_spending.{1}.{2}",)),
    (r"general_spending\.festivals", ("general_spending.festivals",)),
    (r"assets\.vehicles\.(.+)", ("assets.vehicles[{1}]",)),
    (r"assets\.(vehicle_note|general_equipment_50|special_equipment_100|equipment_100)", ("assets.{1}",)),
    (r"admin_cost\.text", ("admin.text",)),
    (r"admin_cost\.budget", ("admin.budget", "admin.vs_budget", "d.admin_cost.budget")),
    (r"procurement\.(goods|works|services)", ("procurement.{1}", "zero:procurement.total")),
    (r"procurement\.(sme|small_micro)", ("procurement.{1}", "procurement.{1}_share", "zero:procurement.total")),
    (r"procurement\.sme_(goods|works|services)", ("procurement.sme_{1}", "procurement.sme_{1}_share",
                                                  "zero:procurement.total")),
    (r"profile\.(intro|institution|internal_bodies|composition)", ("profile.{1}",)),
    (r"profile\.duties\[(\d+)\]", ("profile.duties[{1}]",)),
    (r"profile\.staff\.(\w+)", ("profile.staff.{1}",)),
    (r"profile\.units\[(\d+)\]", ("units[{1}]", "profile.units[{1}]", "table:units")),
    (r"profile\.units\[(\d+)\]\.(name|note)", ("units[{1}].{2}", "profile.units[{1}].{2}", "table:units")),
    (r"procurement\.(reserved_sme|reserved_small_micro|awarded_sme_reserved|awarded_small_micro_reserved"
     r"|awarded_sme_other)", ("procurement.{1}",)),
    (r"performance_management\.(systems|mechanism)", ("perf.{1}",)),
    (r"performance_management\.(\w+)\.(\w+)", ("perf.{1}.{2}",)),
    (r"balances\.(use_of_surplus|surplus_distribution)", ("t.{1}", "table:summary")),
    (r"glossary\.replace\.(.+)", ("glossary-term:{1}",)),
    (r"glossary\.add\[(\d+)\]\.term", ("part:glossary",)),
)
_PATTERNS = tuple((re.compile(pattern), views) for pattern, views in FACT_VIEWS)


# ------------------------------------------------------------------ values that remember their view path

class TStr(str):
    """A view string that knows its view path."""

    def __new__(cls, value, path):
        obj = super().__new__(cls, value)
        obj._view_path = path
        return obj


class TInt(int):
    """A view whole number (a count) that knows its view path."""

    def __new__(cls, value, path):
        obj = super().__new__(cls, value)
        obj._view_path = path
        return obj


class _Proxy:
    """An object of the view (a DeltaView, the Profile) whose attributes are tracked."""

    __slots__ = ("_obj", "_path", "_sink")

    def __init__(self, obj, path, sink):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_sink", sink)

    def __getattr__(self, name):
        return self._sink.track(getattr(self._obj, name), f"{self._path}.{name}")

    def __bool__(self):
        return bool(self._obj)

    def __eq__(self, other):
        return self._obj == (other._obj if isinstance(other, _Proxy) else other)

    def __hash__(self):
        return hash(self._obj)

    def __str__(self):
        return str(self._obj)


def _index(value, i):
    """The path index of a list item: its code (budget items), its key (a (kind, count) pair), else i."""
    if isinstance(value, dict) and isinstance(value.get("code"), str):
        return value["code"]
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return value[0]
    return i


class Sink:
    """What one compose printed: the view paths of the tracked values the templates output."""

    def __init__(self):
        self.printed = set()
        self._memo = {}

    def track(self, value, path):
        key = (id(value), path)
        hit = self._memo.get(key)
        if hit is not None:
            return hit[1]
        out = self._track(value, path)
        self._memo[key] = (value, out)          # the value is kept alive, so its id stays its own
        return out

    def _track(self, value, path):
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            return TStr(value, path)
        if isinstance(value, int):
            return TInt(value, path)
        if isinstance(value, dict):
            return {k: self.track(v, join_path(path, k)) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            items = [self.track(v, f"{path}[{_index(v, i)}]") for i, v in enumerate(value)]
            if hasattr(value, "_fields"):
                return type(value)(*items)
            return items if isinstance(value, list) else tuple(items)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return _Proxy(value, path, self)
        return value


_SINK = contextvars.ContextVar("unsaid_sink", default=None)


def record_printed(value):
    """Every ``{{ … }}`` output passes here: a tracked value is recorded as printed."""
    if isinstance(value, (TStr, TInt)):        # (never getattr: an Undefined raises on any attribute)
        sink = _SINK.get()
        if sink is not None:
            sink.printed.add(value._view_path)
    return value


class TrackingTemplate(Template):
    """A template whose render wraps the view it is given in tracked values (while a Sink is set)."""

    def render(self, *args, **kwargs):
        sink = _SINK.get()
        if sink is not None:
            kwargs = {k: sink.track(v, k) for k, v in dict(*args, **kwargs).items()}
            args = ()
        return super().render(*args, **kwargs)


# ------------------------------------------------------------------ the input's facts

def _model(inp):
    """The input's facts as plain data, keyed as in the YAML file."""
    tp, assets, profile, p = inp.three_public, inp.assets, inp.profile, inp.procurement
    return {
        "reasons": inp.reasons,
        "three_public": {**{k: v for k, v in tp.facts.items() if k != "declared"},
                         "budget": dict(tp.budget), "actual": dict(tp.actual)},
        "texts": inp.texts,
        "general_spending": inp.general_spending,
        "assets": {"vehicles": dict(assets.vehicles), "vehicle_note": assets.vehicle_note, **assets.equipment},
        "admin_cost": {"text": inp.admin_cost.text, "budget": inp.admin_cost.budget},
        "procurement": {**{k: getattr(p, k, None) for k in ("goods", "works", "services", "sme", "small_micro",
                                                            "sme_goods", "sme_works", "sme_services")},
                        **dict(getattr(p, "reserved", None) or {})},
        "expenditure": {e.code: {"purpose": getattr(e, "purpose", None)} for e in inp.expenditure},
        "performance_management": dict(getattr(inp, "performance", None) or {}),
        "profile": {"intro": profile.intro, "duties": list(profile.duties), "institution": profile.institution,
                    "internal_bodies": profile.internal_bodies, "composition": profile.composition,
                    "staff": dict(profile.staff), "units": [dict(u) for u in getattr(profile, "units", ())]},
        "balances": {"use_of_surplus": inp.balances.use_of_surplus,
                     "surplus_distribution": inp.balances.surplus_distribution},
        "glossary": inp.glossary,
    }


def _leaves(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, join_path(path, key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _leaves(item, join_path(path, i))
    else:
        yield path, value


def given_facts(inp):
    """[(input path, value, view paths)] of every fact the input states that FACT_VIEWS covers."""
    facts = []
    for path, value in _leaves(_model(inp)):
        if value is None or value == "" or path not in inp.sources:
            continue
        for pattern, views in _PATTERNS:
            match = pattern.fullmatch(path)
            if match:
                groups = (match.group(0),) + match.groups()
                facts.append((path, value, tuple(v.replace("{1}", groups[1] if len(groups) > 1 else "")
                                                 .replace("{2}", groups[2] if len(groups) > 2 else "")
                                                 for v in views)))
                break
    return facts


# ------------------------------------------------------------------ said or not

def _normal(text):
    return re.sub(r"\s+", "", str(text)).rstrip("。；;，,.")


def document_text(doc):
    """All the words of a composed document (headings, paragraphs, table cells)."""
    out = []
    for part in doc.parts:
        out.append(part.heading.text)
        for block in part.blocks:
            text = getattr(block, "text", None)
            if isinstance(text, str):
                out.append(text)
            for row in tuple(getattr(block, "header", ())) + tuple(getattr(block, "body", ())):
                out.extend(cell.text for cell in row if isinstance(getattr(cell, "text", None), str))
    return re.sub(r"\s+", "", "".join(out))


def document_tables(doc):
    """The ids of the scheme tables a composed document prints (anchors ``tbl-<id>``)."""
    return {block.anchor[4:] for part in doc.parts for block in part.blocks
            if isinstance(getattr(block, "anchor", None), str) and block.anchor.startswith("tbl-")
            and hasattr(block, "body")}


def _printed(view, printed):
    return any(p == view or p.startswith(view + ".") or p.startswith(view + "[") for p in printed)


def _is_zero(value):
    return not isinstance(value, (bool, str)) and isinstance(value, (int, Decimal)) and value == 0


def _said(views, value, printed, scheme, words, tables):
    for view in views:
        if view.startswith("table:"):
            specs = scheme.get("tables") or {}
            if any((specs.get(t) or {}).get("kind") == view[6:] for t in tables):
                return True
        elif view.startswith("part:"):
            if any(p.get("id") == view[5:] for p in scheme.get("parts", [])):
                return True
        elif view.startswith("zero:"):
            if _is_zero(value) and _printed(view[5:], printed):
                return True
        elif view.startswith("glossary-term:"):
            if any(p.get("id") == "glossary" for p in scheme.get("parts", [])) and \
                    any(e.get("term") == view[14:] for e in scheme.get("glossary") or []):
                return True
        elif _printed(view, printed):
            return True
    if isinstance(value, str) and _normal(value) and _normal(value) in words:
        return True                              # printed through a filter or a method (note.rstrip("。"))
    return False


def unsaid(inp, fig, scheme, doc_and_printed=None):
    """[(input path, value)] of the given facts that a report composed with ``scheme`` never prints."""
    doc, printed = doc_and_printed or compose_recorded(fig, scheme)
    words, tables = document_text(doc), document_tables(doc)
    return [(path, value) for path, value, views in given_facts(inp)
            if not _said(views, value, printed, scheme, words, tables)]


def compose_recorded(fig, scheme):
    """(Document, printed view paths) of the report composed with ``scheme``, nothing written."""
    from generator.compose import compose

    sink = Sink()
    token = _SINK.set(sink)
    try:
        doc = compose(fig, scheme)
    finally:
        _SINK.reset(token)
    return doc, sink.printed


def _shown(value):
    text = str(value)
    return text if len(text) <= 24 else text[:24] + "…"


def unsaid_findings(inp, fig, scheme):
    """FACT-UNUSED warnings of one report (compose errors are raised to the caller)."""
    return composed_findings(inp, fig, scheme)[0]


def composed_findings(inp, fig, scheme):
    """(FACT-UNUSED warnings, the report composed to find them): render writes that Document
    instead of composing it again (compose errors are raised to the caller)."""
    start = time.perf_counter()
    doc_and_printed = compose_recorded(fig, scheme)
    findings = [Finding("FACT-UNUSED", WARNING, FACT_UNUSED, inp.where(path),
                        {"path": path, "value": _shown(value), "scheme": scheme.name})
                for path, value in unsaid(inp, fig, scheme, doc_and_printed)]
    unsaid.seconds = time.perf_counter() - start
    return findings, doc_and_printed[0]
