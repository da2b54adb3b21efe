"""Compose the performance self-evaluation: Part 5 of the report, or a document of its own.

The outline's numbering (一、（一）1.（1）) is generated from its depth, never typed; the
budget, project and 三公 paragraphs are written by the scheme's ``evaluation/*.j2`` templates
from computed figures; the base-data and scoring tables are built here from the figures,
the scoring table in the shape the scheme (or the unit) asks for.
"""

from generator.compose import ComposeError, narrative_blocks, number_style
from generator.document import Cell, Document, Fonts, Heading, PageBreak, Paragraph, Part, Table
from generator.evaluation.model import SCORING_COLUMNS
from generator.formatting import ordinal

LEVEL_STYLES = ("cn", "cn_paren", "arabic_dot", "arabic_paren")
C, R, L = "center", "right", "left"

#: Column labels and widths of the indicator columns of a scoring table.
COLUMN_LABELS = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "年度指标值",
                 "achieved": "实际完成值", "criteria": "扣分标准", "weight": "分值", "score": "得分",
                 "deviation": "偏差原因分析及改进措施"}
COLUMN_WIDTHS = {"level1": 1.6, "level2": 1.8, "level3": 4.6, "target": 1.6, "achieved": 1.6, "criteria": 3.6,
                 "weight": 1.0, "score": 1.0, "deviation": 2.4}
#: Columns printed even when no row fills them.
ALWAYS = ("level1", "level3", "weight", "score")
DEFAULT_LAYOUT = {"columns": list(SCORING_COLUMNS), "precision": 2, "label_column": False, "subtotals": False,
                  "breakdowns": ["by_income", "by_spending", "sources"], "funds_label": "年度资金总额",
                  "note": ""}


def _label(depth, n):
    return ordinal(n, LEVEL_STYLES[min(depth, len(LEVEL_STYLES) - 1)])


def layout(fig, scheme):
    """The scoring table's layout: defaults, the scheme's ``evaluation.scoring``, the unit's."""
    merged = dict(DEFAULT_LAYOUT)
    merged.update(scheme.get("evaluation", {}).get("scoring", {}) or {})
    scoring = fig.evaluation.se.scoring
    if scoring is not None:
        merged.update(scoring.layout)
    unknown = [c for c in merged["columns"] if c not in SCORING_COLUMNS]
    if unknown:
        raise ComposeError(f"scheme {scheme.name}: unknown scoring columns {unknown}; known: {list(SCORING_COLUMNS)}")
    if merged["precision"] not in (0, 1, 2):
        raise ComposeError(f"scheme {scheme.name}: scoring precision must be 0, 1 or 2")
    return merged


def _view(fig, style):
    ev, inp = fig.evaluation, fig.input
    amount = lambda v: None if v is None else style.amount(v)  # noqa: E731
    three = {}
    for column, values in ev.three_public.items():
        three[column] = None if values is None else {k: style.amount(v) for k, v in values.items()}
    actual, budget = ev.three_public.get("actual"), ev.three_public.get("budget")
    control = None
    if actual and budget and budget["total"]:
        from generator.money import percent

        control = style.percent(percent(actual["total"], budget["total"]))
    d = ev.three_public_change
    change = {"known": d.known, "direction": {1: "up", -1: "down", 0: "flat", None: None}[d.direction],
              "amount": style.amount(abs(d.change)) if d.change is not None else ""}
    b = ev.budget
    adjustment = b.get("adjustment")
    return {
        "unit": inp.unit.name, "year": str(inp.unit.year), "prev_year": str(inp.unit.year - 1),
        "b": {k: amount(v) for k, v in b.items()},
        "adjustment": {"direction": None if adjustment is None else ("up" if adjustment > 0 else "down" if adjustment < 0
                                                                      else "flat"),
                       "amount": None if adjustment is None else style.amount(abs(adjustment))},
        "by_income": [{"label": row.label, "executed": amount(row.values.get("executed")),
                       "adjusted": amount(row.values.get("adjusted")), "initial": amount(row.values.get("initial"))}
                      for row in ev.funds_rows if row.kind == "item" and row.label not in ("基本支出", "项目支出")],
        "funds_rate": style.percent(ev.funds_rate),
        "projects": [{"name": p.project.name, "actual": style.amount(p.actual), "purpose": p.project.purpose,
                      "initial": amount(p.initial), "adjustment": amount(abs(p.adjustment)) if p.adjustment is not None
                      else None,
                      "adjustment_direction": None if p.adjustment is None else
                      ("up" if p.adjustment > 0 else "down" if p.adjustment < 0 else "flat"),
                      "adjusted": amount(p.adjusted), "balance": amount(p.balance), "rate": style.percent(p.rate)}
                     for p in ev.projects],
        "projects_count": str(len(ev.projects)),
        "projects_total": style.amount(ev.projects_total["actual"]),
        "three": three, "change": change, "three_control": control,
    }


def _generated(fig, scheme, style, kind, anchor):
    from jinja2 import TemplateError

    try:
        text = scheme.env.get_template(f"evaluation/{kind}.j2").render(**_view(fig, style))
    except TemplateError as exc:
        raise ComposeError(f"scheme {scheme.name}: evaluation/{kind}.j2: {exc}") from exc
    return [b for b in narrative_blocks(text, anchor, scheme)]


def _outline(nodes, fig, scheme, style, depth, heading_depths, anchor, run_in=False):
    """Blocks of ``nodes`` at ``depth``; depths in ``heading_depths`` become headings, except
    that with ``run_in`` a titled sub-section with text starts its first paragraph
    ("（一）标题。正文", seed 002) instead of standing on a line of its own (seed 004)."""
    blocks = []
    for n, node in enumerate(nodes, start=1):
        label = _label(depth, n)
        node_anchor = f"{anchor}-{n}"
        if depth in heading_depths and node.title and not (run_in and depth > 0 and node.text):
            level = heading_depths[depth]
            blocks.append(Heading(level, label + node.title, node_anchor, in_toc=False))
            blocks.extend(Paragraph(t) for t in node.text)
        else:
            head = label + (node.title + ("。" if node.text and not node.title.endswith(("。", "：")) else "")
                            if node.title else "")
            texts = list(node.text) or [""]
            blocks.append(Paragraph(head + texts[0], "item" if node.children and not node.text else "body"))
            blocks.extend(Paragraph(t) for t in texts[1:])
        if node.generate:
            blocks.extend(_generated(fig, scheme, style, node.generate, node_anchor))
        blocks.extend(Paragraph(t) for t in node.after)
        below = run_in if not node.subheadings else node.subheadings == "run_in"
        blocks.extend(_outline(node.children, fig, scheme, style, depth + 1, heading_depths, node_anchor, below))
    return blocks


def _title(fig):
    se, unit = fig.evaluation.se, fig.input.unit
    return se.title or f"{unit.year}年度{unit.short_name or unit.name}整体支出绩效自评报告"


def evaluation_blocks(fig, scheme, style, standalone=False):
    """The self-evaluation's blocks: title, outline, then its attached tables.

    In a report (Part 5) and alone it has the same structure: its title, 一、 headings,
    （一） sub-headings, then the 附件 list one item a line and the tables.
    """
    ev = fig.evaluation
    se = ev.se
    spec = scheme.get("evaluation", {}) or {}
    blocks = []
    if not standalone:
        blocks.append(Heading(2, _title(fig), "annex-title", style="doc-title"))
    if standalone or se.unit_line:
        blocks.append(Paragraph(se.unit_line or f"单位名称：{fig.input.unit.name}", "center"))
    run_in = (se.subheadings or spec.get("subheadings", "heading")) == "run_in"
    blocks.extend(_outline(se.sections, fig, scheme, style, 0, {0: 2, 1: 3}, "se", run_in))
    year = fig.input.unit.year
    tables = []
    if se.base is not None:
        title = spec.get("base_data_title", "{year}年度部门整体支出绩效评价基础数据表").format(year=year)
        tables.append((title, [base_data_table(fig, style)]))
    if se.scoring is not None:
        title = spec.get("scoring_title", "{year}年度部门整体支出绩效自评表").format(year=year)
        tables.append((title, scoring_tables(fig, scheme, style)))
    label = spec.get("annex_label", "附件{n}")
    if tables:     # the 附件 list: one item a line, the first after the lead
        item = spec.get("annex_item", "{n}. {title}")
        lines = [item.format(n=i, title=title) for i, (title, _) in enumerate(tables, start=1)]
        blocks.append(Paragraph(spec.get("annex_list_lead", "附件：") + lines[0], "body-left"))
        blocks.extend(Paragraph(line, "annex-item") for line in lines[1:])
    for i, (title, parts) in enumerate(tables, start=1):
        landscape = any(t.landscape for t in parts)
        blocks.append(PageBreak(landscape=landscape))
        blocks.append(Paragraph(label.format(n=i), "body-left"))
        blocks.append(Heading(2 if standalone else 3, title, f"annex-table-{i}", style="table-title",
                              in_toc=standalone))
        blocks.extend(parts)
        for table in parts:
            blocks.extend(Paragraph(note, "note") for note in table.notes)
    if any(isinstance(b, PageBreak) and b.landscape for b in blocks):
        blocks.append(PageBreak(landscape=False))
    return blocks


def _money(style, value):
    return Cell("" if value is None else style.table_amount(value), align=R)


def base_data_table(fig, style):
    """附件：基础数据表 — staff, 三公 by category, projects, 公用经费, procurement."""
    ev, year = fig.evaluation, fig.input.unit.year
    base = ev.se.base
    rows = [
        [Cell("财政供养人员情况", rowspan=2, align=C), Cell("编制数", align=C), Cell(f"{year}年实际在职人数", align=C),
         Cell("控制率", align=C)],
        [Cell("" if base.authorized is None else str(base.authorized), align=C),
         Cell("" if base.active is None else str(base.active), align=C),
         Cell(style.percent(ev.control_rate) or "", align=C)],
    ]
    header = [[Cell("基础数据表", colspan=4, align=C)]]
    rows.append([Cell("经费控制情况（万元）", align=C), Cell(f"{year - 1}年决算数", align=C),
                 Cell(f"{year}年预算数", align=C), Cell(f"{year}年决算数", align=C)])
    three = ev.three_public

    def line(label, getter):
        return [Cell(label)] + [_money(style, getter(three.get(c)) if three.get(c) else None)
                                for c in ("previous", "budget", "actual")]

    rows.append(line("三公经费", lambda v: v["total"]))
    rows.append(line("1、公务用车购置和维护经费", lambda v: v["vehicle"]))
    rows.append(line("其中：公车购置", lambda v: v["vehicle_purchase"]))
    rows.append(line("公车运行维护", lambda v: v["vehicle_operation"]))
    rows.append(line("2、出国经费", lambda v: v["abroad"]))
    rows.append(line("3、公务接待", lambda v: v["reception"]))
    totals = ev.base_projects_total
    rows.append([Cell("项目支出")] + [_money(style, totals.get(c)) if ev.base_projects else Cell("")
                                    for c in ("previous", "budget", "actual")])
    for i, (name, values) in enumerate(ev.base_projects, start=1):
        rows.append([Cell(f"{i}、{name}")] + [_money(style, values[c]) for c in ("previous", "budget", "actual")])
    labels = {"total": "公用经费", "office": "其中：办公经费", "utilities_travel": "水费、电费、差旅费",
              "meetings_training": "会议费、培训费"}
    for part, label in labels.items():
        values = ev.public_cost.get(part, {})
        rows.append([Cell(label)] + [_money(style, values.get(c)) for c in ("previous", "budget", "actual")])
    rows.append([Cell("政府采购金额")] + [_money(style, ev.procurement.get(c)) for c in ("previous", "budget", "actual")])
    rows.append([Cell("部门基本支出预算调整")] + [_money(style, base.basic_adjustment[c])
                                          for c in ("previous", "budget", "actual")])
    if base.buildings:
        rows.append([Cell("楼堂馆所控制情况"), Cell(base.buildings, colspan=3)])
    rows.append([Cell("厉行节约保障措施"), Cell(base.frugality, colspan=3)])
    return Table(anchor="tbl-base-data", code="", meta_left="", meta_center="", meta_right="",
                 header=tuple(tuple(r) for r in header), body=tuple(tuple(r) for r in rows),
                 widths=(4.6, 2.2, 2.2, 2.2), font_size=9.0)


def _points(value, precision):
    """A computed score at the table's precision (whole points print without decimals)."""
    from generator.money import round_half_up

    return "" if value is None else f"{round_half_up(value, precision):f}"


def _typed(value):
    """A weight or score as the user typed it (10, 4.5), trailing zeros dropped."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _indicator_columns(ev, lay):
    """The indicator columns the table prints: the layout's, less those no row uses."""
    items = [item for g in ev.groups for item in g.group.items]
    used = {"level2": any(i.secondary for i in items), "target": any(i.target for i in items),
            "achieved": any(i.achieved for i in items), "criteria": any(i.criteria for i in items),
            "deviation": True}
    return [c for c in lay["columns"] if c in ALWAYS or used.get(c, True)]


def scoring_tables(fig, scheme, style):
    """附件：绩效自评表 as two tables that print as one: the funds and goals block, then the
    indicators, whose column-label row repeats on every page they run over."""
    ev, inp = fig.evaluation, fig.input
    s = ev.se.scoring
    lay = layout(fig, scheme)
    precision = lay["precision"]
    funds_score, total, grade = ev.scores(precision)
    columns = _indicator_columns(ev, lay)
    if lay["label_column"]:
        columns = ["label"] + columns
    widths = [0.9 if c == "label" else COLUMN_WIDTHS[c] for c in columns]
    # ---------------------------------------------------------------- the funds block
    value_columns = ("initial", "adjusted", "executed")
    funds_header = [Cell("年初预算数", align=C), Cell("全年预算数", align=C), Cell("全年执行数", align=C),
                    Cell("分值", align=C), Cell("执行率", align=C), Cell("得分", align=C)]
    head = [[Cell("部门名称", align=C), Cell(inp.unit.name, colspan=7)]]
    rows = [[Cell("资金情况（万元）", colspan=2, align=C)] + funds_header]
    wanted = set(lay["breakdowns"])
    for row in ev.funds_rows:
        kind = {"按收入性质分": "by_income", "按支出性质分": "by_spending"}.get(row.label)
        if row.kind == "heading":
            if kind in wanted:
                rows.append([Cell(row.label, colspan=8, bold=True)])
            continue
        if row.kind == "item" and not ({"基本支出": "by_spending", "项目支出": "by_spending"}.get(row.label, "by_income")
                                        in wanted):
            continue
        if row.kind == "source" and "sources" not in wanted:
            continue
        label = lay["funds_label"] if row.kind == "total" else row.label
        cells = [Cell(label, colspan=2, align=C if row.kind == "total" else L)]
        cells += [_money(style, row.values.get(c)) for c in value_columns]
        if row.kind == "total":
            cells += [Cell(_typed(s.weight), align=C),
                      Cell(style.percent(ev.funds_rate, 2) or "", align=C),
                      Cell(_points(funds_score, precision), align=C)]
        else:
            cells += [Cell(""), Cell(""), Cell("")]
        rows.append(cells)
    rows += [
        [Cell("年度总体目标", rowspan=2, colspan=2, align=C), Cell("预期目标", colspan=3, align=C),
         Cell("实际完成情况", colspan=3, align=C)],
        [Cell(s.goals_expected, colspan=3), Cell(s.goals_achieved, colspan=3)],
    ]
    summary = Table(anchor="tbl-scoring", code="", meta_left="", meta_center="", meta_right="",
                    header=tuple(tuple(r) for r in head), body=tuple(tuple(r) for r in rows),
                    widths=(1.4, 2.4, 2.2, 2.2, 2.2, 1.6, 1.6, 1.6), font_size=8.0, landscape=True)
    # ---------------------------------------------------------------- the indicators
    # the vertical 绩效指标 label heads its column; below it the column is one empty cell
    labels = [Cell("绩效指标" if c == "label" else COLUMN_LABELS[c], align=C) for c in columns]
    body = []
    all_items = sum(len(g.group.items) + (1 if lay["subtotals"] else 0) for g in ev.groups)
    first = True
    for g in ev.groups:
        items = g.group.items
        span = len(items) + (1 if lay["subtotals"] else 0)
        for i, item in enumerate(items):
            row = []
            for column in columns:
                if column == "label":
                    if first:
                        row.append(Cell("", rowspan=all_items, align=C))
                elif column == "level1":
                    if i == 0:
                        name = g.group.name if g.group.cap is None else f"{g.group.name}（{_points(g.group.cap, 0)}分）"
                        row.append(Cell(name, rowspan=span, align=C))
                elif column == "level2":
                    if i == 0 or item.secondary != items[i - 1].secondary:
                        run = 1
                        while i + run < len(items) and items[i + run].secondary == item.secondary:
                            run += 1
                        row.append(Cell(item.secondary, rowspan=run, align=C))
                elif column == "level3":
                    row.append(Cell(item.name))
                elif column in ("weight", "score"):
                    row.append(Cell(_typed(getattr(item, column)), align=C))
                elif column in ("target", "achieved"):
                    row.append(Cell(getattr(item, column), align=C))
                else:
                    row.append(Cell(getattr(item, column)))
            first = False
            body.append(row)
        if lay["subtotals"]:
            body.append(_subtotal_row(columns, g, precision))
    body.append(_total_row(columns, ev.total_weight, total, grade, precision))
    notes = tuple(lay["note"]) if isinstance(lay["note"], list) else ((lay["note"],) if lay["note"] else ())
    notes += tuple(ev.se.notes)
    indicators = Table(anchor="tbl-scoring-indicators", code="", meta_left="", meta_center="", meta_right="",
                       header=(tuple(labels),), body=tuple(tuple(r) for r in body), notes=notes,
                       widths=tuple(widths), font_size=8.0, landscape=True)
    return [summary, indicators]


def _span_before(columns, stop, skip=("label",)):
    """How many columns lie before ``stop`` (not counting ``skip``)."""
    return sum(1 for c in columns[:columns.index(stop)] if c not in skip)


def _subtotal_row(columns, g, precision):
    """小计 under a group: label across the text columns, then 分值 and 得分."""
    inner = [c for c in columns if c not in ("label", "level1")]
    before = inner.index("weight")
    row = [Cell("小计", colspan=max(before, 1), align=C)]
    for column in inner[before:]:
        if column == "weight":
            row.append(Cell(_typed(g.weight), align=C))
        elif column == "score":
            row.append(Cell(_points(g.score, precision), align=C))
        else:
            row.append(Cell(""))
    return row


def _total_row(columns, weight, total, grade, precision):
    """总分: label across the columns before 分值, then 分值, 得分 and the grade."""
    before = _span_before(columns, "weight", skip=())
    row = [Cell("总分", colspan=max(before, 1), align=C)]
    rest = columns[columns.index("weight"):]
    for column in rest:
        if column == "weight":
            row.append(Cell(_typed(weight), align=C))
        elif column == "score":
            row.append(Cell(_points(total, precision), align=C))
        else:
            row.append(Cell(f"等级：{grade}" if column == rest[-1] else "", align=C))
    if rest[-1] in ("weight", "score"):
        row[-1] = Cell(row[-1].text + f"（{grade}）", align=C)
    return row


def compose_evaluation(fig, scheme) -> Document:
    """The standalone self-evaluation report (seed 004's shape): title, unit line, sections, tables."""
    if fig.evaluation is None:
        raise ComposeError("the input has no self_evaluation block")
    style = number_style(scheme, fig.input.unit)
    fonts = Fonts(**{k: tuple(v) if isinstance(v, list) else v for k, v in scheme.get("fonts", {}).items()})
    title = _title(fig)
    part = Part(Heading(1, title, "se-title", toc_text=title, style="part"),
                tuple(evaluation_blocks(fig, scheme, style, standalone=True)))
    from generator.compose import document_settings

    settings = {**document_settings(fig, scheme), "fonts": fonts}
    return Document(title=title, cover=None, toc_title="", parts=(part,), **settings)
