"""Compose: scheme + Figures + narrative templates → Document.

Every figure comes from :mod:`generator.compute`; here it is only formatted and placed.
Narrative templates receive a *view* made of strings (amounts, percentages, words), so a
template can phrase but cannot compute.  User text is passed as data, never as a template.
"""

import re
from dataclasses import dataclass
from typing import Mapping

from generator import tables
from generator.catalogue import PERSONNEL_GROUPS, PUBLIC_GROUPS
from generator.document import Cover, Document, Fonts, Heading, Page, PageBreak, Paragraph, Part
from generator.formatting import NumberStyle, ordinal
from generator.model import INCOME_KINDS, PROCUREMENT_RESERVED
from generator.money import ZERO, round_half_up

INCOME_LABELS = {
    "general": "一般公共预算财政拨款收入", "gov_fund": "政府性基金预算财政拨款收入",
    "state_capital": "国有资本经营预算财政拨款收入", "upper_grant": "上级补助收入", "service": "事业收入",
    "operating": "经营收入", "affiliate": "附属单位上缴收入", "other": "其他收入",
}
SPENDING_LABELS = {"basic": "基本支出", "project": "项目支出", "remit": "上缴上级支出",
                   "operating": "经营支出", "affiliate": "对附属单位补助支出"}


class ComposeError(Exception):
    """The scheme and the input cannot make a document (a template error, a missing section)."""


def number_style(scheme, unit):
    """The scheme's number conventions with the unit's own choices over them.

    ``number_style`` may set ``tables: {thousands_separator}`` and ``prose: {thousands_separator,
    percent_decimals}`` separately; flat keys are the tables' separator and the prose's decimals.
    """
    base = scheme.get("number_style", {})
    tables, prose = base.get("tables") or {}, base.get("prose") or {}
    pick = lambda own, *values: own if own is not None else next(v for v in values if v is not None)  # noqa: E731
    return NumberStyle(
        percent_decimals=pick(unit.percent_decimals, prose.get("percent_decimals"), base.get("percent_decimals"), 2),
        thousands_separator=pick(unit.thousands_separator, tables.get("thousands_separator"),
                                 base.get("thousands_separator"), False),
        prose_thousands_separator=pick(unit.prose_thousands_separator, prose.get("thousands_separator"), False),
        share_method=unit.share_method or base.get("share_method", "independent"),
    )


# ------------------------------------------------------------------ the view for templates

@dataclass(frozen=True)
class DeltaView:
    """A delta in words and formatted figures: what a sentence needs, nothing to compute."""

    known: bool
    direction: str | None      # up, down, flat or None (unknown)
    amount: str                # absolute change, prose style
    rate: str | None           # absolute rate, or None when the base is zero/unknown
    completion: str | None     # current / base, or None over a zero base
    current: str
    base: str | None
    verb: str                  # 增加 / 减少
    rate_verb: str             # 增长 / 降低
    comparison: str            # 大于 / 小于 / 等于


def delta_view(delta, style, words=None):
    """``words`` (the scheme's ``wording``) may rename the verbs: rate_up 增长, rate_down 降低."""
    words = words or {}
    direction = {1: "up", -1: "down", 0: "flat", None: None}[delta.direction]
    change = delta.change
    return DeltaView(
        known=delta.known, direction=direction,
        amount=style.amount(abs(change)) if change is not None else "",
        rate=style.percent(abs(delta.rate)) if delta.rate is not None else None,
        completion=style.percent(delta.completion) if delta.completion is not None else None,
        current=style.amount(delta.current),
        base=style.amount(delta.base) if delta.base is not None else None,
        verb=words.get("up", "增加") if direction == "up" else words.get("down", "减少"),
        rate_verb=words.get("rate_up", "增长") if direction == "up" else words.get("rate_down", "降低"),
        comparison={"up": "大于", "down": "小于"}.get(direction, "等于"),
    )


def _attrs(mapping, style):
    """{'exp.general.basic': D} → {'exp_general_basic': '319.43'} (prose amounts)."""
    return {key.replace(".", "_"): style.amount(value) for key, value in mapping.items()}


def _category_label(name):
    """一般公共服务支出 → 一般公共服务 (the 类 name as the prose writes it before （类）)."""
    return name[:-2] if name.endswith("支出") and len(name) > 2 else name


def build_view(fig, scheme, style):
    """Everything the narrative templates may print, as strings and simple structures."""
    inp, t = fig.input, fig.totals
    words = scheme.get("wording") or {}
    d = {key: delta_view(delta, style, words) for key, delta in fig.deltas.items()}
    income_parts = [("财政拨款收入", t["inc.appropriation"])] + [
        (INCOME_LABELS[k], t[f"inc.{k}"]) for k in INCOME_KINDS if k not in ("general", "gov_fund", "state_capital")]
    income = _share_list([p for p in income_parts if p[1]], t["income_total"], style)
    spending = _share_list([(SPENDING_LABELS[k], t[f"exp.{k}"]) for k in SPENDING_LABELS if t[f"exp.{k}"]],
                           t["expenditure_total"], style)
    cats = [row for row, _ in fig.shares["general_by_category"]]
    cat_shares = style.shares([row["exp.general"] for row in cats], t["exp.general"])
    categories = [{"name": _category_label(row.name), "full_name": row.name,
                   "amount": style.amount(row["exp.general"]), "share": share}
                  for row, share in zip(cats, cat_shares)]
    rows = {row.code: row for row in fig.rows}
    purposes = {e.code: e.purpose for e in inp.expenditure if e.purpose}

    def item_view(row, delta):
        cls, kuan = rows.get(row.code[:3]), rows.get(row.code[:5])
        label = f"{cls.name if cls else ''}（类）{kuan.name if kuan else ''}（款）{row.name}（项）"
        return {"code": row.code, "label": label, "delta": delta_view(delta, style, words),
                "purpose": purposes.get(row.code),
                "reason": _reason(inp.reasons, "budget_items", row.code)}

    budget_items = [item_view(row, delta) for row, delta in fig.budget_items]
    fund_items = {fund: [item_view(row, delta) for row, delta in items]
                  for fund, items in (fig.fund_items or {}).items()}
    econ_items = {i.code: i for g in fig.economic for i in g.items}
    personnel_groups, public_groups = PERSONNEL_GROUPS, PUBLIC_GROUPS
    three = {}
    shown = ("abroad", "vehicle", "reception")
    actual = fig.three_public["actual"]
    three_shares = dict(zip(shown, style.shares([actual[p] for p in shown], actual["total"])))
    split = style.shares([t["personnel"], t["public"]], t["economic_total"])
    for part in ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"):
        three[part] = {
            "budget": style.amount(fig.three_public["budget"][part]),
            "actual": style.amount(fig.three_public["actual"][part]),
            "vs_budget": d[f"three_public.{part}.budget"] if f"three_public.{part}.budget" in d else None,
            "yoy": d.get(f"three_public.{part}.yoy"),
            "share": three_shares.get(part),
            "reason_budget": _reason(inp.reasons, "three_public", f"{part}_budget"),
            "reason_yoy": _reason(inp.reasons, "three_public", f"{part}_yoy"),
        }
    proc = inp.procurement
    shares = fig.shares["procurement"]
    procurement = {
        "total": style.amount(t["procurement_total"]), "goods": style.amount(proc.goods),
        "works": style.amount(proc.works),
        "services": style.amount(proc.services), "sme": style.amount(proc.sme),
        "small_micro": style.amount(proc.small_micro),
        "sme_share": style.percent(shares["sme"]),
        "small_micro_share": style.percent(shares["small_micro"]),
        "sme_goods_share": style.percent(shares["sme_goods"]),
        "sme_services_share": style.percent(shares["sme_services"]),
        "sme_works_share": style.percent(shares["sme_works"]),
        **{k: (style.amount(proc.reserved[k]) if k in proc.reserved else None) for k in PROCUREMENT_RESERVED},
    }
    return {
        "unit": inp.unit.name, "year": str(inp.unit.year), "prev_year": str(inp.unit.year - 1),
        "t": _attrs(t, style), "d": d,
        "income": income, "spending": spending,
        "general_share": style.percent(fig.shares["general_of_expenditure"]),
        "categories": categories, "budget_items": budget_items, "fund_items": fund_items,
        "units": [dict(u) for u in inp.profile.units], "perf": _performance_view(inp.performance, style),
        "has_budget": bool(fig.budget_items),
        "personnel_items": [econ_items[c].name for g in fig.economic if g.code in personnel_groups
                            for c in (i.code for i in g.items) if econ_items[c].amount],
        "public_items": [econ_items[c].name for g in fig.economic if g.code in public_groups
                         for c in (i.code for i in g.items) if econ_items[c].amount],
        "personnel_share": split[0],
        "public_share": split[1],
        "three": three, "facts": _defaults(inp.three_public.facts, FACT_KEYS),
        "admin": {"applicable": inp.admin_cost.applicable, "text": inp.admin_cost.text,
                  "budget": style.amount(inp.admin_cost.budget) if inp.admin_cost.budget is not None else None,
                  "vs_budget": d.get("admin_cost.budget"), "yoy": d.get("admin_cost.yoy"),
                  "reason_budget": _reason(inp.reasons, "admin_cost_budget"),
                  "reason_yoy": _reason(inp.reasons, "admin_cost_yoy")},
        "meeting_cost": style.amount(econ_items["30215"].amount) if "30215" in econ_items else "0",
        "training_cost": style.amount(econ_items["30216"].amount) if "30216" in econ_items else "0",
        "general_spending": {
            "meetings": _defaults(inp.general_spending.get("meetings"), ("content", "people", "note")),
            "training": _defaults(inp.general_spending.get("training"), ("content", "people", "note")),
            "festivals": inp.general_spending.get("festivals")},
        "procurement": procurement,
        "assets": {"vehicle_total": str(fig.assets.vehicle_total), "vehicles": list(fig.assets.vehicles.items()),
                   "by_kind": {kind: str(count) for kind, count in fig.assets.vehicles.items()},
                   "vehicle_note": fig.assets.vehicle_note,
                   **{k: str(v) for k, v in fig.assets.equipment.items()}},
        "texts": _defaults(inp.texts, ("performance", "other")), "profile": inp.profile,
        "reasons": {k: _reason(inp.reasons, k) for k in ("total_yoy", "appropriation_yoy", "general_yoy",
                                                          "general_budget")},
        "has_gov_fund": bool(t["exp.gov_fund"] or t["inc.gov_fund"] or t["carry_start.gov_fund"]),
        "has_state_capital": bool(t["exp.state_capital"] or t["inc.state_capital"]),
    }


FACT_KEYS = ("abroad_groups", "abroad_people", "reception_groups", "reception_visitors", "vehicles",
             "reception_purpose", "vehicle_operation_purpose", "vehicle_purchase_note", "abroad_note", "note",
             "vehicles_purchased", "foreign_groups", "foreign_visitors", "foreign_reception")


def _performance_view(perf, style):
    """预算绩效管理 facts as strings (counts as written, amounts in prose style), every key
    present (None when not given); {} when the unit gives none."""
    if not perf:
        return {}
    shapes = {"targets": ("projects", "amount"), "tracking": ("projects", "amount"),
              "self_evaluated": ("projects", "amount", "average_score"),
              "grades": ("excellent", "good", "pass", "fail"), "problems": ("found", "fixed", "fixing")}
    out = {"systems": perf.get("systems"), "mechanism": perf.get("mechanism")}
    for key, names in shapes.items():
        given = perf.get(key) or {}
        out[key] = {k: (None if given.get(k) is None else style.amount(given[k]) if k in ("amount", "average_score")
                        else str(given[k])) for k in names}
        out[key]["given"] = key in perf
    return out


def _defaults(mapping, keys):
    """A dict with every key the templates may ask for (None when not given); counts as text so
    that a 0 prints as 0 (a given zero is a fact, not an absence)."""
    mapping = mapping if isinstance(mapping, dict) else {}
    given = {k: (str(v) if isinstance(v, int) and not isinstance(v, bool) else v)
             for k, v in mapping.items() if k != "declared"}
    return {**{k: None for k in keys}, **given}


def _share_list(parts, total, style):
    """[(label, amount)] → [{'label', 'amount', 'share'}] with the scheme's share rounding."""
    shares = style.shares([amount for _, amount in parts], total)
    return [{"label": label, "amount": style.amount(amount), "share": share}
            for (label, amount), share in zip(parts, shares)]


def _reason(reasons, *keys):
    value = reasons
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().rstrip("。；;，,")


# ------------------------------------------------------------------ narrative → blocks

_HEADING = re.compile(r"^(#{2,3})\s*(.+)$")


def narrative_blocks(text, anchor, scheme, counters=None):
    """Template output → Headings and Paragraphs.

    Paragraphs are separated by blank lines; lines inside one are joined without spaces
    (Chinese text).  ``## title`` is a numbered sub-section （一）, ``#. text`` a paragraph
    numbered at the same level, ``### title`` a numbered item 1、 — numbering is generated
    here, never typed in a template.
    """
    blocks, sub, item = [], 0, 0
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#. "):
            sub += 1
            label = ordinal(sub, scheme.get("subsection_numbering", "cn_paren"))
            blocks.append(Paragraph(label + "".join([lines[0][3:].strip()] + lines[1:])))
            continue
        match = _HEADING.match(lines[0])
        if match:
            marks, title = match.groups()
            if len(marks) == 2:
                sub, item = sub + 1, 0
                label = ordinal(sub, scheme.get("subsection_numbering", "cn_paren"))
                blocks.append(Heading(3, label + title, f"{anchor}-{sub}", in_toc=False))
            else:
                item += 1
                label = ordinal(item, scheme.get("item_numbering", "arabic_comma"))
                blocks.append(Paragraph(label + title, "item"))
            lines = lines[1:]
            if not lines:
                continue
        blocks.append(Paragraph("".join(lines)))
    return blocks


def render_section(scheme, folder, section_id, view):
    """Render ``folder/<section_id>.j2`` with the view; a template error names the section."""
    from jinja2 import TemplateError

    try:
        template = scheme.env.get_template(f"{folder}/{section_id}.j2")
        return template.render(**view)
    except TemplateError as exc:
        raise ComposeError(f"scheme {scheme.name}: {folder}/{section_id}.j2: {exc}") from exc


# ------------------------------------------------------------------ the document

def _fmt(text, fig):
    return text.format(unit=fig.input.unit.name, year=fig.input.unit.year)


def compose(fig, scheme) -> Document:
    """The whole five-part report."""
    style = number_style(scheme, fig.input.unit)
    view = build_view(fig, scheme, style)
    parts = []
    for number, part in enumerate(scheme["parts"], start=1):
        label = ordinal(number, "part")
        title = _fmt(part["title"], fig)
        heading = Heading(1, f"{label} {title}", f"part-{part['id']}", toc_text=f"{label} {title}", style="part")
        builder = PART_BUILDERS[part["id"]]
        parts.append(Part(heading, tuple(builder(fig, scheme, style, view, part))))
    cover = Cover(tuple(_fmt(line, fig) for line in scheme.get("cover", ["{year}年度", "{unit}", "部门决算"])))
    return Document(title=f"{fig.input.unit.name}{fig.input.unit.year}年度{scheme.get('title', '部门决算')}",
                    cover=cover, toc_title=scheme.get("toc_title", "目录"), parts=_with_charts(parts, fig, scheme, view),
                    **document_settings(fig, scheme))


def _with_charts(parts, fig, scheme, view):
    """The parts with the scheme's charts placed (generator.charts); a bad declaration is a ComposeError."""
    from generator.charts import ChartError, place

    try:
        return place(parts, fig, scheme, view)
    except ChartError as exc:
        raise ComposeError(str(exc)) from exc


def document_settings(fig, scheme):
    """The Document's layout settings from the scheme (fonts, page geometry and type sizes) and
    its author (the unit): what both writers need besides the content."""
    fonts = Fonts(**{k: tuple(v) if isinstance(v, list) else v for k, v in scheme.get("fonts", {}).items()})
    page = Page(**{k: tuple(v) if isinstance(v, list) else v for k, v in (scheme.get("page") or {}).items()})
    return {"fonts": fonts, "page": page, "author": fig.input.unit.name}


_TABLE_LINE = re.compile(r"^@table:\s*([\w-]+)$")


def _sections(fig, scheme, style, view, part, folder):
    """The numbered sections of a part; a template line ``@table: ID`` places the scheme's
    table ``ID`` there (e.g. the 部门决算单位构成 table of Part 1)."""
    blocks = []
    titles = scheme.get("section_titles", {})
    for number, section_id in enumerate(part["sections"], start=1):
        title = _fmt(titles.get(section_id, section_id), fig)
        anchor = f"{part['id']}-{section_id}"
        blocks.append(Heading(2, ordinal(number, "cn") + title, anchor))
        text = render_section(scheme, folder, section_id, view)
        for block in narrative_blocks(text, anchor, scheme):
            match = _TABLE_LINE.match(block.text) if isinstance(block, Paragraph) else None
            if match is None:
                blocks.append(block)
                continue
            table_id = match.group(1)
            spec = scheme.get("tables", {}).get(table_id)
            if spec is None:
                raise ComposeError(f"scheme {scheme.name}: {folder}/{section_id}.j2 places table {table_id!r}, "
                                   "which the scheme's tables do not define")
            table = tables.build(table_id, spec, fig, scheme, style)
            blocks.append(table)
            blocks.extend(Paragraph(note, "note") for note in table.notes)
    return blocks


def build_profile(fig, scheme, style, view, part):
    return _sections(fig, scheme, style, view, part, "profile")


def tail_lists(fig):
    """The part lists that Part 3 prints with their total whose printed (rounded) parts do not
    add up to the printed total — official totals and their 尾数误差 — by label."""
    t, three = fig.totals, fig.three_public["actual"]
    printed = lambda value: round_half_up(value, 2)  # noqa: E731
    lists = [
        ("收入", t["income_total"], [t["inc.appropriation"]] + [t[f"inc.{k}"] for k in INCOME_KINDS[3:]]),
        ("支出", t["expenditure_total"], [t[f"exp.{k}"] for k in SPENDING_LABELS]),
        ("一般公共预算财政拨款支出结构", t["exp.general"], [r["exp.general"] for r in fig.categories]),
        ("基本支出", t["exp.general.basic"], [t["personnel"], t["public"]]),
        ("“三公”经费", three["total"], [three[k] for k in ("abroad", "vehicle", "reception")]),
        ("公务用车购置及运行维护费", three["vehicle"], [three["vehicle_purchase"], three["vehicle_operation"]]),
        ("政府采购", t["procurement_total"], [fig.input.procurement.goods, fig.input.procurement.works,
                                          fig.input.procurement.services]),
    ]
    if fig.budget_items:
        lists.append(("年初预算", t["budget_total"], [delta.base for _, delta in fig.budget_items]))
    return [label for label, total, parts in lists
            if printed(total) != sum((printed(p) for p in parts), ZERO)]


def build_narrative(fig, scheme, style, view, part):
    blocks = _sections(fig, scheme, style, view, part, "narrative")
    tails = tail_lists(fig)
    if tails:
        note = scheme["tail_note"]
        blocks.append(Paragraph(note.format(what="、".join(tails)), "note"))
    if style.share_method == "largest_remainder":
        blocks.append(Paragraph(scheme["share_note"], "note"))
    return blocks


def build_tables(fig, scheme, style, view, part):
    blocks = []
    specs = [(table_id, scheme["tables"][table_id]) for table_id in part["tables"]]
    specs = [(table_id, spec) for table_id, spec in specs if tables.shown(spec, fig)]   # 不涉及的不列
    for number, (table_id, spec) in enumerate(specs, start=1):
        table = tables.build(table_id, spec, fig, scheme, style)
        if number > 1 or table.landscape:
            blocks.append(PageBreak(landscape=table.landscape))
        blocks.append(Heading(2, spec["title"], f"table-{table_id}", toc_text=ordinal(number, "cn") + spec["title"],
                              style="table-title"))
        blocks.append(table)
        for note in table.notes:
            blocks.append(Paragraph(note, "note"))
        if table.empty_statement:
            blocks.append(Paragraph(table.empty_statement, "note"))
    if any(isinstance(b, PageBreak) and b.landscape for b in blocks):
        blocks.append(PageBreak(landscape=False))
    return blocks


def glossary_entries(scheme, glossary_input):
    """The scheme's glossary with the unit's replacements and additions."""
    entries = [dict(e) for e in scheme.get("glossary", [])]
    if isinstance(glossary_input, dict):
        replace = glossary_input.get("replace") or {}
        for entry in entries:
            if entry["term"] in replace:
                entry["definition"] = replace[entry["term"]]
        for extra in glossary_input.get("add") or []:
            entries.append({"term": extra.get("term", ""), "definition": extra.get("definition", "")})
    return entries


def build_glossary(fig, scheme, style, view, part):
    return [Paragraph(f"{ordinal(i, 'cn')}{e['term']}：{e['definition']}")
            for i, e in enumerate(glossary_entries(scheme, fig.input.glossary), start=1)]


def build_annex(fig, scheme, style, view, part):
    """Part 5: the self-evaluation report with its tables, when the input has one."""
    if fig.evaluation is None:
        return [Paragraph(scheme.get("annex_missing", "（本单位未提供部门整体支出绩效自评报告。）"))]
    from generator.kinds import kinds

    return [block for kind in kinds() if fig.documents.get(kind.key) is not None
            for block in kind.blocks(fig, scheme, style)]


PART_BUILDERS: Mapping = {
    "profile": build_profile, "tables": build_tables, "narrative": build_narrative,
    "glossary": build_glossary, "annex": build_annex,
}
