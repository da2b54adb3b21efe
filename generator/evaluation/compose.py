"""Compose the performance self-evaluation: Part 5 of the report, or a document of its own.

The outline's numbering (一、（一）1.（1）) is generated from its depth, never typed; the
budget, project and 三公 paragraphs are written by the scheme's ``evaluation/*.j2`` templates
from computed figures; the base-data and scoring tables are built here from the figures.
"""

from generator.compose import ComposeError, narrative_blocks, number_style
from generator.document import Cell, Document, Fonts, Heading, PageBreak, Paragraph, Part, Table
from generator.formatting import ordinal

LEVEL_STYLES = ("cn", "cn_paren", "arabic_dot", "arabic_paren")
C, R, L = "center", "right", "left"


def _label(depth, n):
    return ordinal(n, LEVEL_STYLES[min(depth, len(LEVEL_STYLES) - 1)])


def _view(fig, style):
    ev, inp = fig.evaluation, fig.input
    amount = lambda v: None if v is None else style.amount(v)  # noqa: E731
    three = {}
    for column, values in ev.three_public.items():
        three[column] = None if values is None else {k: style.amount(v) for k, v in values.items()}
    d = ev.three_public_change
    change = {"known": d.known, "direction": {1: "up", -1: "down", 0: "flat", None: None}[d.direction],
              "amount": style.amount(abs(d.change)) if d.change is not None else ""}
    return {
        "unit": inp.unit.name, "year": str(inp.unit.year), "prev_year": str(inp.unit.year - 1),
        "b": {k: amount(v) for k, v in ev.budget.items()},
        "projects": [{"name": p.name, "actual": style.amount(p.actual), "purpose": p.purpose,
                      "initial": amount(p.initial), "adjustment": amount(p.adjustment),
                      "balance": amount(p.balance)} for p in ev.se.projects],
        "projects_total": style.amount(ev.projects_total),
        "three": three, "change": change,
    }


def _generated(fig, scheme, style, kind, anchor):
    from jinja2 import TemplateError

    try:
        text = scheme.env.get_template(f"evaluation/{kind}.j2").render(**_view(fig, style))
    except TemplateError as exc:
        raise ComposeError(f"scheme {scheme.name}: evaluation/{kind}.j2: {exc}") from exc
    return [b for b in narrative_blocks(text, anchor, scheme)]


def _outline(nodes, fig, scheme, style, depth, heading_depths, anchor):
    """Blocks of ``nodes`` at ``depth``; depths in ``heading_depths`` become headings."""
    blocks = []
    for n, node in enumerate(nodes, start=1):
        label = _label(depth, n)
        node_anchor = f"{anchor}-{n}"
        if depth in heading_depths and node.title:
            level = heading_depths[depth]
            blocks.append(Heading(level, label + node.title, node_anchor, in_toc=level <= 2))
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
        blocks.extend(_outline(node.children, fig, scheme, style, depth + 1, heading_depths, node_anchor))
    return blocks


def _title(fig):
    se, unit = fig.evaluation.se, fig.input.unit
    return se.title or f"{unit.year}年度{unit.short_name or unit.name}整体支出绩效自评报告"


def evaluation_blocks(fig, scheme, style, standalone=False):
    """The self-evaluation's blocks: title, outline, then its attached tables."""
    ev = fig.evaluation
    se = ev.se
    blocks = []
    if standalone:
        heading_depths = {0: 2, 1: 3}
        blocks.append(Paragraph(se.unit_line or f"单位名称：{fig.input.unit.name}", "center"))
    else:
        heading_depths = {0: 3}
        blocks.append(Heading(2, _title(fig), "annex-title"))
    blocks.extend(_outline(se.sections, fig, scheme, style, 0, heading_depths, "se"))
    tables = []
    if se.base is not None:
        tables.append(("基础数据表", base_data_table(fig, style)))
    if se.scoring is not None:
        tables.append(("部门整体支出绩效自评表", scoring_table(fig, style)))
    year = fig.input.unit.year
    if tables:
        names = "；".join(f"{i}. {year}年度部门整体支出绩效评价{name}" if name == "基础数据表"
                         else f"{i}. {year}年度{name}" for i, (name, _) in enumerate(tables, start=1))
        blocks.append(Paragraph(f"附件：{names}"))
    for i, (name, table) in enumerate(tables, start=1):
        blocks.append(PageBreak(landscape=table.landscape))
        blocks.append(Paragraph(f"附件{i}", "body-left"))
        title = f"{year}年度部门整体支出绩效评价{name}" if name == "基础数据表" else f"{year}年度{name}"
        blocks.append(Heading(2 if standalone else 3, title, f"annex-table-{i}", style="table-title",
                              in_toc=standalone))
        blocks.append(table)
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
    rows.append([Cell("项目支出")] + [_money(style, totals.get(c)) if base.projects else Cell("")
                                    for c in ("previous", "budget", "actual")])
    for i, (name, values) in enumerate(base.projects, start=1):
        rows.append([Cell(f"{i}、{name}")] + [_money(style, values[c]) for c in ("previous", "budget", "actual")])
    labels = {"total": "公用经费", "office": "其中：办公经费", "utilities_travel": "水费、电费、差旅费",
              "meetings_training": "会议费、培训费"}
    for part, label in labels.items():
        values = ev.public_cost.get(part, {})
        rows.append([Cell(label)] + [_money(style, values.get(c)) for c in ("previous", "budget", "actual")])
    rows.append([Cell("政府采购金额")] + [_money(style, base.procurement[c]) for c in ("previous", "budget", "actual")])
    rows.append([Cell("部门基本支出预算调整")] + [_money(style, base.basic_adjustment[c])
                                          for c in ("previous", "budget", "actual")])
    if base.buildings:
        rows.append([Cell("楼堂馆所控制情况"), Cell(base.buildings, colspan=3)])
    rows.append([Cell("厉行节约保障措施"), Cell(base.frugality, colspan=3)])
    return Table(anchor="tbl-base-data", code="", meta_left="", meta_center="", meta_right="",
                 header=tuple(tuple(r) for r in header), body=tuple(tuple(r) for r in rows),
                 widths=(4.6, 2.2, 2.2, 2.2), font_size=9.0)


def scoring_table(fig, style):
    """附件：绩效自评表 — funds, goals, indicators with merged 一级/二级 cells, total and grade."""
    ev, inp = fig.evaluation, fig.input
    s = ev.se.scoring
    num = lambda v: "" if v is None else style.amount(v)  # noqa: E731
    header = [[Cell("部门名称", colspan=2, align=C), Cell(inp.unit.name, colspan=6)]]
    rows = [
        [Cell("资金情况（万元）", colspan=2, align=C), Cell("年初预算数", align=C), Cell("全年预算数", align=C),
         Cell("全年执行数", align=C), Cell("分值", align=C), Cell("执行率", align=C), Cell("得分", align=C)],
        [Cell("年度资金总额", colspan=2, align=C), _money(style, s.initial), _money(style, s.adjusted),
         _money(style, s.executed), Cell(num(s.weight), align=C),
         Cell(style.percent(ev.funds_rate, 2) or "", align=C),
         Cell("" if ev.funds_score is None else style.amount(ev.funds_score), align=C)],
    ]
    for source, value in s.sources.items():
        rows.append([Cell(f"其中：{source}", colspan=2, align=C), _money(style, value), Cell(""), Cell(""), Cell(""),
                     Cell(""), Cell("")])
    rows += [
        [Cell("年度总体目标", rowspan=2, colspan=2, align=C), Cell("预期目标", colspan=3, align=C),
         Cell("实际完成情况", colspan=3, align=C)],
        [Cell(s.goals_expected, colspan=3), Cell(s.goals_achieved, colspan=3)],
        [Cell("一级指标", align=C), Cell("二级指标", align=C), Cell("三级指标", align=C), Cell("年度指标值", align=C),
         Cell("实际完成值", align=C), Cell("分值", align=C), Cell("得分", align=C), Cell("偏差原因分析及改进措施", align=C)],
    ]
    for g in ev.groups:
        items = g.group.items
        for i, item in enumerate(items):
            row = []
            if i == 0:
                label = g.group.name if g.group.cap is None else f"{g.group.name}（{num(g.group.cap)}分）"
                row.append(Cell(label, rowspan=len(items), align=C))
            if i == 0 or item.secondary != items[i - 1].secondary:
                run = 1
                while i + run < len(items) and items[i + run].secondary == item.secondary:
                    run += 1
                row.append(Cell(item.secondary, rowspan=run, align=C))
            row += [Cell(item.name), Cell(item.target, align=C), Cell(item.achieved, align=C),
                    Cell(num(item.weight), align=C), Cell(num(item.score), align=C), Cell(item.deviation)]
            rows.append(row)
    rows.append([Cell("总分", colspan=5, align=C), Cell(num(ev.total_weight), align=C),
                 Cell(style.amount(ev.total_score), align=C), Cell(f"等级：{ev.grade}", align=C)])
    notes = ("备注：1.“执行率”=“全年执行数”/“全年预算数”；“得分”=“分值”×“执行率”，最高不超过分值。",
             "2.总分设置为100分，等级划分为：90分（含）—100分为优，80分（含）—90分为良，60分（含）—80分为中，60分以下为差。")
    return Table(anchor="tbl-scoring", code="", meta_left="", meta_center="", meta_right="",
                 header=tuple(tuple(r) for r in header), body=tuple(tuple(r) for r in rows), notes=notes,
                 widths=(1.6, 1.8, 4.6, 1.6, 1.6, 1.0, 1.0, 2.4), font_size=8.0, landscape=True)


def compose_evaluation(fig, scheme) -> Document:
    """The standalone self-evaluation report (seed 004's shape): title, unit line, sections, tables."""
    if fig.evaluation is None:
        raise ComposeError("the input has no self_evaluation block")
    style = number_style(scheme, fig.input.unit)
    fonts = Fonts(**{k: tuple(v) if isinstance(v, list) else v for k, v in scheme.get("fonts", {}).items()})
    title = _title(fig)
    part = Part(Heading(1, title, "se-title", toc_text=title, style="part"),
                tuple(evaluation_blocks(fig, scheme, style, standalone=True)))
    return Document(title=title, cover=None, toc_title="", parts=(part,), fonts=fonts)
