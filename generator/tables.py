"""The nine tables as Document tables: headers with merged cells, rows of formatted figures.

Layouts are driven by the scheme's table specs (columns, titles, notes); the figures come
from compute.  Nothing is added up here.
"""

from generator.document import Cell, Table
from generator.formatting import chinese_number
from generator.model import APPROPRIATION_FUNDS

C, R, L = "center", "right", "left"


def build(table_id, spec, fig, scheme, style):
    builder = {"summary": summary, "function": function, "appropriation_summary": appropriation_summary,
               "economic": economic, "three_public": three_public}[spec["kind"]]
    return builder(table_id, spec, fig, scheme, style)


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

def function(table_id, spec, fig, scheme, style):
    """Tables 02, 03, 05, 08, 09: one row per 类/款/项 with the scheme's columns."""
    columns = spec["columns"]
    keys = spec.get("rows_with", [c["key"] for c in columns])
    rows = [r for r in fig.rows if any(r[k] for k in keys)]
    empty = not rows
    header = [[Cell("项    目", colspan=2, align=C)], [Cell("功能分类科目编码", align=C), Cell("科目名称", align=C)]]
    groups_done = set()
    for col in columns:
        group = col.get("group")
        if group is None:
            header[0].append(Cell(col["label"], rowspan=2, align=C))
        elif group not in groups_done:
            groups_done.add(group)
            header[0].append(Cell(group, colspan=sum(1 for c in columns if c.get("group") == group), align=C))
            header[1].extend(Cell(c["label"], align=C) for c in columns if c.get("group") == group)
    header.append([Cell("栏次", colspan=2, align=C)] + [Cell(str(i), align=C) for i in range(1, len(columns) + 1)])
    body = [[Cell("合计", colspan=2, align=C)]
            + [Cell("") if empty else _num(style, fig.total[c["key"]]) for c in columns]]
    for row in rows:
        body.append([Cell(row.code, align=L, bold=row.level == 1), Cell(row.name, bold=row.level == 1)]
                    + [_num(style, row[c["key"]]) for c in columns])
    name_width = spec.get("name_width", 4.2)
    widths = [spec.get("code_width", 2.0), name_width] + [1.3] * len(columns)
    return _table(table_id, spec, fig, scheme, header, body, widths, empty=empty)


# ------------------------------------------------------------------ table 01

def _category_rows(fig, scheme):
    cat = fig.catalogue
    choice = fig.input.unit.table01_categories or scheme.get("table01_categories", "nonzero")
    by_code = {r.code: r for r in fig.categories}
    codes = list(cat.table01_categories)
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
    header = [[Cell("收入", colspan=3, align=C), Cell("支出", colspan=3, align=C)],
              [Cell("项    目", align=C), Cell("行次", align=C), Cell("决算数", align=C)] * 2,
              [Cell("栏    次", align=C), Cell("", align=C), Cell("1", align=C),
               Cell("栏    次", align=C), Cell("", align=C), Cell("2", align=C)]]
    body = []
    for i, ((ltext, lval), (rtext, rval)) in enumerate(zip(left, right), start=1):
        body.append([Cell(ltext, align=C if ltext in ("本年收入合计", "总计") else L), Cell(str(i), align=C),
                     Cell("") if lval is None else _num(style, lval),
                     Cell(rtext, align=C if rtext in ("本年支出合计", "总计") else L), Cell(str(offset + i), align=C),
                     Cell("") if rval is None else _num(style, rval)])
    return _table(table_id, spec, fig, scheme, header, body, [5.3, 0.9, 1.5, 5.3, 0.9, 1.5])


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
    header = [[Cell("收入", colspan=3, align=C), Cell("支出", colspan=6, align=C)],
              [Cell("项    目", align=C), Cell("行次", align=C), Cell("金额", align=C),
               Cell("项    目", align=C), Cell("行次", align=C), Cell("合计", align=C),
               Cell("一般公共预算财政拨款", align=C), Cell("政府性基金预算财政拨款", align=C),
               Cell("国有资本经营预算财政拨款", align=C)],
              [Cell("栏    次", align=C), Cell(""), Cell("1", align=C), Cell("栏    次", align=C), Cell("")]
              + [Cell(str(i), align=C) for i in range(2, 6)]]
    body = []
    for i, ((ltext, lval), (rtext, rvals)) in enumerate(zip(left, right), start=1):
        body.append([Cell(ltext, align=C if ltext in ("本年收入合计", "总计") else L), Cell(str(i), align=C),
                     Cell("") if lval is None else _num(style, lval),
                     Cell(rtext, align=C if rtext in ("本年支出合计", "总计") else L), Cell(str(offset + i), align=C)]
                    + (rvals if rvals is not None else [Cell("")] * 4))
    return _table(table_id, spec, fig, scheme, header, body, [3.85, 0.7, 1.25, 3.85, 0.7, 1.25, 1.25, 1.25, 1.25],
                  font_size=8.0)


# ------------------------------------------------------------------ table 06

def economic(table_id, spec, fig, scheme, style):
    """Table 06: economic classification in three column groups side by side."""
    groups = {g.code: g for g in fig.economic}
    columns = []
    for codes in spec["columns"]:
        col = []
        for code in codes:
            group = groups.get(code)
            if group is None:
                continue
            col.append((group.code, group.name, group.total, True))
            col.extend((i.code, i.name, i.amount, False) for i in group.items)
        columns.append(col)
    depth = max(len(c) for c in columns)
    header = []
    if spec.get("group_header"):
        header.append([Cell("人员经费", colspan=3, align=C), Cell("公用经费", colspan=3 * (len(columns) - 1), align=C)])
    header.append([Cell(label, align=C) for _ in columns for label in
                   (spec.get("code_label", "经济分类科目编码"), "科目名称", "决算数")])
    body = []
    for i in range(depth):
        row = []
        for col in columns:
            if i < len(col):
                code, name, amount, is_group = col[i]
                row += [Cell(code, bold=is_group), Cell(name, bold=is_group), _num(style, amount)]
            else:
                row += [Cell(""), Cell(""), Cell("")]
        body.append(row)
    t = fig.totals
    body.append([Cell("人员经费合计", colspan=2, align=C), _num(style, t["personnel"]),
                 Cell("公用经费合计", colspan=3 * (len(columns) - 1) - 1, align=C), _num(style, t["public"])])
    widths = [1.0, 3.4, 1.2] * len(columns)
    return _table(table_id, spec, fig, scheme, header, body, widths, font_size=8.0)


# ------------------------------------------------------------------ table 07

def three_public(table_id, spec, fig, scheme, style):
    """Table 07: 三公 budget and actual, 12 columns under 3 header rows."""
    vehicle = spec.get("vehicle_label", "公务用车购置及运行费")
    operation = spec.get("vehicle_operation_label", "公务用车运行费")

    def side(label):
        return [Cell(label, colspan=6, align=C)]

    row2, row3 = [], []
    for _ in range(2):
        row2 += [Cell("合计", rowspan=2, align=C), Cell("因公出国（境）费", rowspan=2, align=C),
                 Cell(vehicle, colspan=3, align=C), Cell("公务接待费", rowspan=2, align=C)]
        row3 += [Cell("小计", align=C), Cell("公务用车购置费", align=C), Cell(operation, align=C)]
    header = [side("预算数") + side("决算数"), row2, row3, [Cell(str(i), align=C) for i in range(1, 13)]]
    values = []
    for key in ("budget", "actual"):
        v = fig.three_public[key]
        values += [v["total"], v["abroad"], v["vehicle"], v["vehicle_purchase"], v["vehicle_operation"],
                   v["reception"]]
    body = [[_num(style, v) for v in values]]
    return _table(table_id, spec, fig, scheme, header, body, [1.0] * 12)
