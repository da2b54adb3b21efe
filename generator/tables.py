"""The nine tables as Document tables: headers with merged cells, rows of formatted figures.

Layouts are driven by the scheme's table specs (columns, titles, notes); the figures come
from compute.  Nothing is added up here.
"""

from generator.document import Cell, Table
from generator.formatting import chinese_number
from generator.model import APPROPRIATION_FUNDS

C, R, L = "center", "right", "left"


def build(table_id, spec, fig, scheme, style):
    builder = KINDS.get(spec.get("kind"))
    if builder is None:
        from generator.compose import ComposeError

        raise ComposeError(f"scheme {scheme.name}: table {table_id} has kind {spec.get('kind')!r}; "
                           f"known kinds: {', '.join(sorted(KINDS))}")
    return builder(table_id, spec, fig, scheme, style)


def shown(spec, fig):
    """Whether the scheme prints the table: ``show_if`` names figures of which one must be non-zero."""
    keys = spec.get("show_if")
    return not keys or any(fig.totals.get(k) for k in ([keys] if isinstance(keys, str) else keys))


def _meta(spec, fig, scheme):
    meta = {**scheme.get("table_meta", {}), **spec.get("meta", {})}
    unit, year = fig.input.unit.name, fig.input.unit.year
    fill = lambda key: (meta.get(key) or "").format(unit=unit, year=year)  # noqa: E731
    return fill("unit"), fill("year"), fill("amount")


def _table(table_id, spec, fig, scheme, header, body, widths, empty=False, font_size=9.0):
    left, center, right = _meta(spec, fig, scheme)
    statement = spec.get("empty_statement", "") if empty else ""
    return Table(
        anchor=f"tbl-{table_id}", code=spec.get("code", ""), meta_left=left, meta_center=center, meta_right=right,
        header=tuple(tuple(r) for r in header), body=tuple(tuple(r) for r in body),
        notes=tuple(spec.get("notes", ())), widths=tuple(widths), landscape=bool(spec.get("landscape")),
        font_size=spec.get("font_size", font_size),
        empty_statement=statement.format(unit=fig.input.unit.name, year=fig.input.unit.year))


def _num(style, value):
    return Cell(style.table_amount(value), align=R)


# ------------------------------------------------------------------ 类/款/项 tables

SPLIT_CODE = (("类", 0, 3), ("款", 3, 5), ("项", 5, 7))


def _code_cells(code, split, bold=False):
    """The code of a 类/款/项 row: one cell (``2010301``) or 类|款|项 cells (``201 | 03 | 01``);
    a split code repeats its 类 (and 款) on the rows below, as the published tables do."""
    if not split:
        return [Cell(code, align=L, bold=bold)]
    return [Cell(code[start:end] if len(code) >= end else "", align=C, bold=bold) for _, start, end in SPLIT_CODE]


def function(table_id, spec, fig, scheme, style):
    """Tables 02, 03, 05, 08, 09: one row per 类/款/项 with the scheme's columns.

    Layout options (all data): ``code_columns`` one | split (类|款|项), ``code_label``,
    ``name_label``, ``item_label``, ``column_numbers`` (the 栏次 row), ``total_row`` top |
    bottom, ``code_width``, ``name_width``.
    """
    columns = spec["columns"]
    split = spec.get("code_columns", "one") == "split"
    n_code = 3 if split else 1
    keys = spec.get("rows_with", [c["key"] for c in columns])
    rows = [r for r in fig.rows if any(r[k] for k in keys)]
    empty = not rows
    code_label = spec.get("code_label", "功能分类科目编码")
    depth = 3 if split else 2
    header = [[Cell(spec.get("item_label", "项    目"), colspan=n_code + 1, align=C)]]
    if split:
        header.append([Cell(code_label, colspan=3, align=C), Cell(spec.get("name_label", "科目名称"), rowspan=2, align=C)])
        header.append([Cell(label, align=C) for label, _, _ in SPLIT_CODE])
    else:
        header.append([Cell(code_label, align=C), Cell(spec.get("name_label", "科目名称"), align=C)])
    groups_done = set()
    for col in columns:
        group = col.get("group")
        if group is None:
            header[0].append(Cell(col["label"], rowspan=depth, align=C))
        elif group not in groups_done:
            groups_done.add(group)
            header[0].append(Cell(group, colspan=sum(1 for c in columns if c.get("group") == group), align=C))
            header[1].extend(Cell(c["label"], align=C, rowspan=depth - 1)
                             for c in columns if c.get("group") == group)
    if spec.get("column_numbers", True):
        header.append([Cell("栏次", colspan=n_code + 1, align=C)]
                      + [Cell(str(i), align=C) for i in range(1, len(columns) + 1)])
    total = [Cell("合计", colspan=n_code + 1, align=C)] \
        + [Cell("") if empty else _num(style, fig.total[c["key"]]) for c in columns]
    body = []
    for row in rows:
        body.append(_code_cells(row.code, split, bold=row.level == 1) + [Cell(row.name, bold=row.level == 1)]
                    + [_num(style, row[c["key"]]) for c in columns])
    body = body + [total] if spec.get("total_row", "top") == "bottom" else [total] + body
    name_width = spec.get("name_width", 4.2)
    code_widths = [0.7, 0.6, 0.6] if split else [spec.get("code_width", 2.0)]
    widths = code_widths + [name_width] + [1.3] * len(columns)
    return _table(table_id, spec, fig, scheme, header, body, widths, empty=empty)


# ------------------------------------------------------------------ table 01

def _category_rows(fig, scheme):
    cat = fig.catalogue
    choice = fig.input.unit.table01_categories or scheme.get("table01_categories", "nonzero")
    by_code = {r.code: r for r in fig.categories}
    codes = [str(c) for c in scheme.get("table01_category_codes") or cat.table01_categories]
    extra = [c for c in by_code if c not in codes]   # a 类 outside the standard list still prints
    codes += extra
    if choice == "nonzero":
        codes = [c for c in codes if c in by_code and (by_code[c]["exp.total"] or by_code[c]["exp.appropriation"])]
    return [(c, cat.function_name(c, fig.input.code_names) or "", by_code.get(c)) for c in codes]


def summary(table_id, spec, fig, scheme, style):
    """Table 01: income side and expense side with 行次 numbers."""
    t = fig.totals
    incomes = [("一、一般公共预算财政拨款收入", t["inc.general"]), ("二、政府性基金预算财政拨款收入", t["inc.gov_fund"]),
               ("三、国有资本经营预算财政拨款收入", t["inc.state_capital"]), ("四、上级补助收入", t["inc.upper_grant"]),
               ("五、事业收入", t["inc.service"]), ("六、经营收入", t["inc.operating"]),
               ("七、附属单位上缴收入", t["inc.affiliate"]), ("八、其他收入", t["inc.other"])]
    cats = _category_rows(fig, scheme)
    n = max(len(incomes) + 1, len(cats))
    blank = scheme.get("table01_blank_before_total", False)
    income_tail = [("本年收入合计", t["income_total"]), (spec.get("use_of_surplus_label", "使用非财政拨款结余"),
                                                    t["use_of_surplus"]), ("年初结转和结余", t["carry_start"])]
    expense_tail = [("本年支出合计", t["expenditure_total"]), ("结余分配", t["surplus_distribution"]),
                    ("年末结转和结余", t["carry_end"])]
    if blank:
        income_tail.append(("", None))
        expense_tail.append(("", None))
    income_tail.append(("总计", t["grand_total"]))
    expense_tail.append(("总计", t["grand_total_out"]))
    left = incomes + [("", None)] * (n - len(incomes)) + income_tail
    right = [(f"{chinese_number(i)}、{name}", row["exp.total"] if row else 0) for i, (_, name, row)
             in enumerate(cats, start=1)] + [("", None)] * (n - len(cats)) + expense_tail
    offset = len(left)
    numbers = spec.get("row_numbers", True)       # the 行次 columns and the 栏次 row
    amount = spec.get("amount_label", "决算数")
    side = [Cell("项    目", align=C)] + ([Cell("行次", align=C)] if numbers else []) + [Cell(amount, align=C)]
    header = [[Cell("收入", colspan=len(side), align=C), Cell("支出", colspan=len(side), align=C)], side * 2]
    if numbers:
        header.append([Cell("栏    次", align=C), Cell("", align=C), Cell("1", align=C),
                       Cell("栏    次", align=C), Cell("", align=C), Cell("2", align=C)])
    body = []
    for i, ((ltext, lval), (rtext, rval)) in enumerate(zip(left, right), start=1):
        body.append([Cell(ltext, align=C if ltext in ("本年收入合计", "总计") else L)]
                    + ([Cell(str(i), align=C)] if numbers else [])
                    + [Cell("") if lval is None else _num(style, lval),
                       Cell(rtext, align=C if rtext in ("本年支出合计", "总计") else L)]
                    + ([Cell(str(offset + i), align=C)] if numbers else [])
                    + [Cell("") if rval is None else _num(style, rval)])
    widths = [5.3, 0.9, 1.5, 5.3, 0.9, 1.5] if numbers else [5.3, 1.6, 5.3, 1.6]
    return _table(table_id, spec, fig, scheme, header, body, widths)


# ------------------------------------------------------------------ table 04

def appropriation_summary(table_id, spec, fig, scheme, style):
    """Table 04: appropriations by fund type, income side and expense side."""
    t = fig.totals
    cats = _category_rows(fig, scheme)
    n = max(8, len(cats))
    labels = {"general": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款",
              "state_capital": "国有资本经营预算财政拨款"}
    left = [(f"{chinese_number(i)}、{labels[f]}", t[f"inc.{f}"]) for i, f in enumerate(APPROPRIATION_FUNDS, 1)]
    left += [("", None)] * (n - len(left))
    left += [("本年收入合计", t["inc.appropriation"]), ("年初财政拨款结转和结余", t["appropriation_carry_start"])]
    left += [(labels[f], t[f"carry_start.{f}"]) for f in APPROPRIATION_FUNDS]
    left += [("总计", t["appropriation_grand_total"])]

    def four(values):
        return [_num(style, v) for v in values]

    right = []
    for i, (code, name, row) in enumerate(cats, start=1):
        vals = [row["exp.appropriation"], row["exp.general"], row["exp.gov_fund"], row["exp.state_capital"]] \
            if row else [0, 0, 0, 0]
        right.append((f"{chinese_number(i)}、{name}", four(vals)))
    right += [("", None)] * (n - len(cats))
    right.append(("本年支出合计", four([t["exp.appropriation"], t["exp.general"], t["exp.gov_fund"],
                                      t["exp.state_capital"]])))
    right.append(("年末财政拨款结转和结余", four([t["appropriation_carry_end"]] +
                                          [t[f"carry_end.{f}"] for f in APPROPRIATION_FUNDS])))
    right += [("", None)] * 3
    right.append(("总计", four([t["appropriation_grand_total_out"]] +
                             [t[f"appropriation_out.{f}"] for f in APPROPRIATION_FUNDS])))
    offset = len(left)
    numbers = spec.get("row_numbers", True)
    no = [Cell("行次", align=C)] if numbers else []
    header = [[Cell("收入", colspan=2 + len(no), align=C), Cell("支出", colspan=5 + len(no), align=C)],
              [Cell("项    目", align=C)] + no + [Cell(spec.get("amount_label", "金额"), align=C),
                                               Cell("项    目", align=C)] + no
              + [Cell("合计", align=C), Cell("一般公共预算财政拨款", align=C), Cell("政府性基金预算财政拨款", align=C),
                 Cell("国有资本经营预算财政拨款", align=C)]]
    if numbers:
        header.append([Cell("栏    次", align=C), Cell(""), Cell("1", align=C), Cell("栏    次", align=C), Cell("")]
                      + [Cell(str(i), align=C) for i in range(2, 6)])
    body = []
    for i, ((ltext, lval), (rtext, rvals)) in enumerate(zip(left, right), start=1):
        body.append([Cell(ltext, align=C if ltext in ("本年收入合计", "总计") else L)]
                    + ([Cell(str(i), align=C)] if numbers else [])
                    + [Cell("") if lval is None else _num(style, lval),
                       Cell(rtext, align=C if rtext in ("本年支出合计", "总计") else L)]
                    + ([Cell(str(offset + i), align=C)] if numbers else [])
                    + (rvals if rvals is not None else [Cell("")] * 4))
    widths = [3.85, 0.7, 1.25, 3.85, 0.7, 1.25, 1.25, 1.25, 1.25] if numbers \
        else [3.85, 1.4, 3.85, 1.25, 1.25, 1.25, 1.25]
    return _table(table_id, spec, fig, scheme, header, body, widths, font_size=8.0)


# ------------------------------------------------------------------ table 06

def economic(table_id, spec, fig, scheme, style):
    """Table 06: economic classification in three column groups side by side."""
    groups = {g.code: g for g in fig.economic}
    optional = {str(c) for c in spec.get("optional_groups", ())}     # printed only when they have amounts
    columns = []
    for codes in spec["columns"]:
        col = []
        for code in map(str, codes):            # the scheme may write a code as a number (301)
            group = groups.get(code)
            if group is None or (code in optional and not group.total):
                continue
            col.append((group.code, group.name, group.total, True))
            col.extend((i.code, i.name, i.amount, False) for i in group.items)
        columns.append(col)
    depth = max(len(c) for c in columns)
    split = spec.get("code_columns", "one") == "split"       # 类|款 columns (301 | 01)
    per = 4 if split else 3
    code_label = spec.get("code_label", "经济分类科目编码")
    header = []
    if spec.get("group_header"):
        header.append([Cell("人员经费", colspan=per, align=C), Cell("公用经费", colspan=per * (len(columns) - 1), align=C)])
    if split:
        header.append([cell for _ in columns for cell in (Cell(code_label, colspan=2, align=C),
                                                          Cell("科目名称", rowspan=2, align=C),
                                                          Cell("决算数", rowspan=2, align=C))])
        header.append([cell for _ in columns for cell in (Cell("类", align=C), Cell("款", align=C))])
    else:
        header.append([Cell(label, align=C) for _ in columns for label in (code_label, "科目名称", "决算数")])
    body = []
    for i in range(depth):
        row = []
        for col in columns:
            if i < len(col):
                code, name, amount, is_group = col[i]
                codes = [Cell(code[:3], align=C, bold=is_group), Cell(code[3:], align=C)] if split \
                    else [Cell(code, bold=is_group)]
                row += codes + [Cell(name, bold=is_group), _num(style, amount)]
            else:
                row += [Cell("")] * per
        body.append(row)
    t = fig.totals
    body.append([Cell("人员经费合计", colspan=per - 1, align=C), _num(style, t["personnel"]),
                 Cell("公用经费合计", colspan=per * (len(columns) - 1) - 1, align=C), _num(style, t["public"])])
    widths = ([0.6, 0.5, 3.3, 1.2] if split else [1.0, 3.4, 1.2]) * len(columns)
    return _table(table_id, spec, fig, scheme, header, body, widths, font_size=8.0)


# ------------------------------------------------------------------ table 07

THREE_PUBLIC_ITEMS = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")


def three_public(table_id, spec, fig, scheme, style):
    """Table 07: 三公 budget and actual, 12 columns under 3 header rows.

    ``arrangement: by_side`` (default) prints the six budget columns, then the six actual
    ones; ``by_item`` prints 预算数 and 决算数 side by side under each item, under an optional
    ``caption`` row (e.g. 财政拨款“三公”经费).
    """
    vehicle = spec.get("vehicle_label", "公务用车购置及运行费")
    operation = spec.get("vehicle_operation_label", "公务用车运行费")
    by_item = spec.get("arrangement", "by_side") == "by_item"
    values = {side: fig.three_public[side] for side in ("budget", "actual")}
    if by_item:
        def pair(label, rowspan=2):
            return Cell(label, colspan=2, rowspan=rowspan, align=C)

        header = [[pair("合计"), pair("因公出国（境）费"), Cell(vehicle, colspan=6, align=C), pair("公务接待费")],
                  [Cell("小计", colspan=2, align=C), Cell("公务用车购置费", colspan=2, align=C),
                   Cell(operation, colspan=2, align=C)],
                  [Cell(label, align=C) for _ in range(6) for label in ("预算数", "决算数")]]
        if spec.get("caption"):
            header.insert(0, [Cell(spec["caption"], colspan=12, align=C)])
        body = [[_num(style, values[side][item]) for item in THREE_PUBLIC_ITEMS for side in ("budget", "actual")]]
    else:
        row2, row3 = [], []
        for _ in range(2):
            row2 += [Cell("合计", rowspan=2, align=C), Cell("因公出国（境）费", rowspan=2, align=C),
                     Cell(vehicle, colspan=3, align=C), Cell("公务接待费", rowspan=2, align=C)]
            row3 += [Cell("小计", align=C), Cell("公务用车购置费", align=C), Cell(operation, align=C)]
        header = [[Cell("预算数", colspan=6, align=C), Cell("决算数", colspan=6, align=C)], row2, row3]
        body = [[_num(style, values[side][item]) for side in ("budget", "actual") for item in THREE_PUBLIC_ITEMS]]
    if spec.get("column_numbers", True):
        header.append([Cell(str(i), align=C) for i in range(1, 13)])
    return _table(table_id, spec, fig, scheme, header, body, [1.0] * 12)


# ------------------------------------------------------------------ tables written as data

def figures(table_id, spec, fig, scheme, style):
    """A table the scheme writes as data: ``header`` (rows of labels or {text, colspan, rowspan}),
    ``rows`` (each a list of cells: a label, or {figure: key} for a unit figure), e.g. a
    政府采购 table; ``show_if`` omits it when its figures are all zero."""
    def cell(item, header=False):
        if isinstance(item, dict) and "figure" in item:
            return _num(style, fig.totals.get(item["figure"]))
        if isinstance(item, dict):
            return Cell(str(item.get("text", "")), colspan=int(item.get("colspan", 1)),
                        rowspan=int(item.get("rowspan", 1)), align=C if header else item.get("align", L))
        return Cell(str(item), align=C if header else L)

    header = [[cell(i, True) for i in row] for row in spec.get("header", [])]
    body = [[cell(i) for i in row] for row in spec.get("rows", [])]
    width = max((sum(c.colspan for c in row) for row in header + body), default=1)
    widths = spec.get("widths") or [3.0] + [1.5] * (width - 1)
    return _table(table_id, spec, fig, scheme, header, body, widths)


def units(table_id, spec, fig, scheme, style):
    """部门决算单位构成: 序号 / 单位名称 / 备注 (profile.units)."""
    header = [[Cell(label, align=C) for label in spec.get("labels", ("序号", "单位名称", "备注"))]]
    body = [[Cell(str(i), align=C), Cell(u["name"]), Cell(u.get("note", ""))]
            for i, u in enumerate(fig.input.profile.units, start=1)]
    return _table(table_id, spec, fig, scheme, header, body, spec.get("widths", [1.0, 6.0, 4.0]),
                  empty=not body)


KINDS = {"units": units, "summary": summary, "function": function, "appropriation_summary": appropriation_summary,
         "economic": economic, "three_public": three_public, "figures": figures}
