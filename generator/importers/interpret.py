"""Grids → a draft input: the nine tables read back into the input format.

Each grid is recognised as one of the nine tables by its title (sheet name, file name or a
title row) or, failing that, by its header words; its columns are mapped by the words of
their headers, never by position, so header variants, split 类|款|项 code columns, extra
title rows and 栏次 rows are all read the same way.  What is read:

* 项 amounts (tables 02, 03, 05, 08, 09), split by fund: table 03 holds all funds, table 05
  一般公共预算, 08 政府性基金, 09 国有资本经营; 非财政拨款 (``other``) is 03 − 05 − 08 − 09.
* 类/款 rows as printed: they are stated totals (3/5-digit entries), the official figures.
* table totals into ``declared``, carry-overs and 结余 into ``balances`` (tables 01, 04, 05),
  table 06 into ``basic_economic`` (3-digit rows as stated totals), table 07 into
  ``three_public`` budget/actual (with 小计/合计 as stated).

Nothing is guessed: a cell that cannot be read is a located finding (``收入决算表!D12``)
and is left out of the draft.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from generator.findings import ERROR, WARNING, Finding, Source
from generator.i18n import N_, translate
from generator.model import APPROPRIATION_FUNDS, THREE_PUBLIC
from generator.money import ZERO, D

TABLES = ("t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09")
TABLE_NAMES = {
    "t01": "收入支出决算总表", "t02": "收入决算表", "t03": "支出决算表", "t04": "财政拨款收入支出决算总表",
    "t05": "一般公共预算财政拨款支出决算表", "t06": "一般公共预算财政拨款基本支出决算表",
    "t07": "“三公”经费支出决算表", "t08": "政府性基金预算财政拨款收入支出决算表",
    "t09": "国有资本经营预算财政拨款支出决算表",
}
FUND_TABLE = {"t05": "general", "t08": "gov_fund", "t09": "state_capital"}
DASHES = {"-", "－", "—", "——", "–"}
TOTAL_WORDS = {"合计", "总计"}
SPLIT_WORDS = {"类", "款", "项"}
NOTE = re.compile(r"^[（(]?(注|说明|备注)")
ORDINAL = re.compile(r"^[（(]?[一二三四五六七八九十]+[）)、.．]")
CAPTION = re.compile(r"(部门|编制单位|单位名称|单位)[:：]|^\d{4}年度?$|^\d{4}$|(公开|批复|财决)\d+(-\d+)?表$")
NAME_CAPTION = re.compile(r"^(?:部门|编制单位|单位名称|预算单位|部门名称)[:：]\s*(.+)$")
UNIT_CAPTION = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)\s*$")
YEAR = re.compile(r"(20\d{2})\s*年")
CODE_TOKEN = re.compile(r"(\d+)(?:\.0+)?")
CODE_WITH_NAME = re.compile(r"(\d{3,7})\s*(\D.*)")

UNREADABLE_AMOUNT = N_("'{text}' cannot be read as an amount; the cell is left out")
UNREADABLE_CODE = N_("'{text}' is not a classification code; the row is left out")
ROW_WITHOUT_CODE = N_("this row has amounts but no code that can be read; the row is left out")
TABLE_UNKNOWN = N_("the table '{title}' is none of the nine 决算 tables; it is not read")
TABLE_MISSING = N_("table {table} ({name}) was not found in the workbook; its figures are not in the draft")
COLUMN_TWICE = N_("two columns read as '{label}'; the first one is used")
NEGATIVE_REMAINDER = N_("{what} for {code} is {value}: the fund tables add up to more than {table}; nothing is written for it")
PLACEHOLDER = N_("the {what} was not found in the tables; a placeholder is written ({value}): correct it")
DIFFERS = N_("{what} reads {value} here but {other} in {table}")
NO_TABLE05 = N_("table 05 (一般公共预算财政拨款支出决算表) was not found: the expenditure of table 03 less tables 08 and 09 is entered as 一般公共预算财政拨款; correct the funds if part of it is 非财政拨款")
TABLE_TWICE = N_("table {table} ({name}) appears again as '{title}'; only the first one is read")
MIXED_UNITS = N_("this table's amounts are in {unit} but the others' in {other}")


@dataclass
class Draft:
    """The draft input tree (plain dicts, Decimal amounts) and every finding of the import."""

    data: dict
    findings: list = field(default_factory=list)

    @property
    def unread(self):
        return [f for f in self.findings if f.severity == ERROR]


def norm(text):
    """Text as compared: NFKC (full-width → ASCII), no blanks (``项    目`` → ``项目``)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def table_kind(text):
    """Which of the nine tables a title names (None if it names none)."""
    t = norm(text).replace("批复", "").replace("明细", "")
    t = re.sub(r"[\"'“”‘’「」]", "", t)
    if len(t) > 40 or NOTE.match(t) or ("决算" not in t and "三公" not in t):
        return None
    if "三公" in t:
        return "t07"
    if "基本支出" in t and "一般公共预算" in t:
        return "t06"
    if "政府性基金" in t:
        return "t08"
    if "国有资本经营" in t:
        return "t09"
    if "一般公共预算" in t:
        return "t05"
    if "财政拨款收入支出决算" in t:
        return "t04"
    if "收入支出决算" in t:
        return "t01"
    if "收入决算" in t:
        return "t02"
    if "支出决算" in t:
        return "t03"
    return None


def code_token(text):
    """A cell's digits when it holds a code (``201``, ``201.0``, ``06``), else None."""
    t = norm(text)
    m = CODE_TOKEN.fullmatch(t)
    return m.group(1) if m else None


def is_sequence_row(texts):
    """A 栏次 row: ``栏次`` in it, or only the numbers 1, 2, 3, … (at least three)."""
    filled = [t for t in texts if t]
    if any(t.replace(" ", "") in ("栏次",) for t in filled):
        return True
    if len(filled) >= 3 and all(t.isdigit() for t in filled):
        return [int(t) for t in filled] == list(range(int(filled[0]), int(filled[0]) + len(filled)))
    return False


def is_note_row(texts):
    """A 注/说明 line under a table, or a lone sentence (the empty-table statement): the
    table's body has ended."""
    filled = [t for t in texts if t]
    if not filled:
        return False
    if NOTE.match(filled[0]):
        return True
    return len(filled) == 1 and (len(filled[0]) > 20 or "无数据" in filled[0] or "本表" in filled[0])


def column_paths(rows, width):
    """Header labels over each column, top to bottom.  A blank cell is a merged cell's
    continuation when its left neighbour has the same parent: it takes that label."""
    paths = [[] for _ in range(width)]
    above = None
    for row in rows:
        texts = [norm(c.text) for c in row] + [""] * (width - len(row))
        filled = []
        for j in range(width):
            t = texts[j]
            if not t and j > 0 and filled[j - 1] and (above is None or above[j] == above[j - 1]):
                t = filled[j - 1]
            filled.append(t)
        for j, t in enumerate(filled):
            if t and (not paths[j] or paths[j][-1] != t):
                paths[j].append(t)
        above = [tuple(p) for p in paths]
        above = ["/".join(p) for p in above]
    return [tuple(p) for p in paths]


class Reader:
    """Reads the cells of one import, collecting located findings."""

    def __init__(self, findings, file=""):
        self.findings = findings
        self.file = file

    def report(self, cell_or_grid, rule, message, severity=ERROR, **params):
        where = getattr(cell_or_grid, "where", "") or ""
        source = getattr(cell_or_grid, "source", None)
        file = self.file or (source if isinstance(source, str) else "")
        self.findings.append(Finding(rule, severity, message, Source(file, 0, 0, where), params))

    def amount(self, cell):
        """An amount cell: blank or a dash is 0; None (reported) when it cannot be read."""
        text = unicodedata.normalize("NFKC", cell.text).strip()
        if not text or text in DASHES:
            return ZERO
        try:
            return D(text)
        except ValueError:
            self.report(cell, "IMPORT-AMOUNT", UNREADABLE_AMOUNT, text=cell.text.strip())
            return None


# ------------------------------------------------------------------ one table


@dataclass
class Table:
    """What one grid says, by meaning: rows by code, totals, and named figures."""

    kind: str
    grid: object
    rows: dict = field(default_factory=dict)        # code → {key: Decimal}
    cells: dict = field(default_factory=dict)       # code → {key: GridCell}
    names: dict = field(default_factory=dict)       # code → name as printed
    total: dict = field(default_factory=dict)       # the 合计 row {key: Decimal}
    values: dict = field(default_factory=dict)      # named figures (tables 01, 04, 06, 07)
    columns: set = field(default_factory=set)       # keys of the columns found
    captions: list = field(default_factory=list)    # texts of title/caption rows


def _width(rows):
    """Columns used by the table's rows (a wide caption or note row does not widen it)."""
    return max((max((j + 1 for j, c in enumerate(r) if c.text.strip()), default=0) for r in rows), default=0)


def _is_caption(text):
    return bool(CAPTION.search(text)) or table_kind(text) is not None


def _split_header(grid, is_data):
    """(caption texts, header rows, body rows): captions are the rows before the first
    header row; the header runs to the first row ``is_data`` accepts."""
    rows = list(grid.rows)
    captions, i = [], 0
    while i < len(rows):
        texts = [norm(c.text) for c in rows[i] if c.text.strip()]
        if texts and not all(_is_caption(t) for t in texts) and len(texts) >= 2:
            break
        captions.extend(c.text.strip() for c in rows[i] if c.text.strip())
        i += 1
    start = i
    while i < len(rows) and not is_data(rows[i]):
        i += 1
    return captions, rows[start:i], rows[i:]


def _function_data(row):
    texts = [norm(c.text) for c in row]
    for j, t in enumerate(texts[:6]):
        if t in TOTAL_WORDS and all(x in SPLIT_WORDS or not x for x in texts[:j]):
            return True
    first = next((t for t in texts[:4] if t), "")
    token = code_token(first) or (CODE_WITH_NAME.fullmatch(first) and CODE_WITH_NAME.fullmatch(first).group(1))
    return bool(token) and len(token) in (3, 5, 7)


def _function_key(kind, path):
    """The figure a column of a 类/款/项 table holds, from its header labels."""
    s = "/".join(path)
    if not s:
        return None
    if "编码" in s or path[-1] in SPLIT_WORDS or s in ("项目",):
        return "code:" + (path[-1] if path[-1] in SPLIT_WORDS else "")
    if "名称" in s:
        return "name"
    if "栏次" in s or "行次" in s:
        return None
    if kind == "t02":
        for words, key in (("附属单位上缴", "affiliate"), ("上级补助", "upper_grant"), ("事业收入", "service"),
                           ("经营收入", "operating"), ("其他收入", "other"), ("一般公共预算", "general"),
                           ("政府性基金", "gov_fund"), ("国有资本经营", "state_capital"),
                           ("财政拨款", "appropriation"), ("合计", "total"), ("本年收入", "total")):
            if words in s:
                return key
        return None
    if kind == "t03":
        for words, key in (("上缴上级", "remit"), ("对附属单位补助", "affiliate"), ("经营支出", "operating"),
                           ("基本支出", "basic"), ("项目支出", "project"), ("合计", "total"), ("本年支出", "total")):
            if words in s:
                return key
        return None
    # tables 05, 08, 09: groups 年初结转和结余 / 本年收入 / 本年支出 / 年末结转和结余
    group = "cin" if "年初" in s else "cout" if "年末" in s else "inc" if "本年收入" in s else "exp"
    last = path[-1]
    if "项目支出结余" in last:
        part = "project_surplus"
    elif "基本" in last:
        part = "basic"
    elif "项目" in last:
        part = "project"
    elif any(w in last for w in ("合计", "小计", "本年", "年初", "年末")):
        part = "total"
    else:
        return None
    return f"{group}.{part}"


def _code_of(rd, row, code_cols, last):
    """(code, name-from-code-cell, cell) of a body row; code None when there is none."""
    if not code_cols:
        return None, None, None
    if len(code_cols) == 1:
        cell = row[code_cols[0][0]]
        text = norm(cell.text)
        if not text:
            return None, None, cell
        token = code_token(text)
        name = None
        if token is None:
            m = CODE_WITH_NAME.fullmatch(unicodedata.normalize("NFKC", cell.text).strip())
            if m:
                token, name = m.group(1), re.sub(r"\s+", "", m.group(2))
        if token is None or len(token) not in (3, 5, 7):
            return "?", None, cell
        return token, name, cell
    # split columns: 类 | 款 | 项, a blank meaning "as above" when a deeper part is given
    parts = []
    for j, label in code_cols:
        parts.append((label, row[j], code_token(row[j].text), norm(row[j].text)))
    if not any(p[3] for p in parts):
        return None, None, parts[0][1]
    for label, cell, token, text in parts:
        if text and token is None:
            return "?", None, cell
    depth = max(i for i, p in enumerate(parts) if p[3])
    code = ""
    for i, (label, cell, token, text) in enumerate(parts[:depth + 1]):
        if i == 0:
            token = token or last.get(0)
            if not token or len(token) != 3:
                return "?", None, cell
            code = token
        else:
            token = token or last.get(i)
            if token is None:
                return "?", None, cell
            if len(token) == len(code) + 2 and token.startswith(code):
                token = token[-2:]
            if len(token) > 2:
                return "?", None, cell
            code += token.zfill(2)
        last[i] = token if i == 0 else token.zfill(2)[-2:]
    for i in range(depth + 1, len(parts)):
        last.pop(i, None)
    return code, None, parts[0][1]


def read_function(rd, grid, kind):
    """Tables 02, 03, 05, 08, 09: one row per 类/款/项 code, columns by header words."""
    captions, header, body = _split_header(grid, _function_data)
    width = _width(header + body)
    header = [r for r in header if not is_sequence_row([norm(c.text) for c in r])]
    paths = column_paths(header, width)
    # split-code labels (类 | 款 | 项) written in the first body row, as pdf exports do
    first = [norm(c.text) for c in body[0]] if body else []
    table = Table(kind, grid, captions=captions)
    code_cols, name_col, amount_cols, seen = [], None, {}, {}
    for j, path in enumerate(paths):
        key = _function_key(kind, path)
        if key is None and j < len(first) and first[j] in SPLIT_WORDS:
            key = "code:" + first[j]
        if key is None:
            continue
        if key.startswith("code:"):
            code_cols.append((j, key[5:]))
        elif key == "name":
            name_col = j if name_col is None else name_col
        elif key in seen:
            rd.report(header[-1][j] if header else grid, "IMPORT-COLUMN", COLUMN_TWICE, WARNING,
                      label="/".join(path))
        else:
            seen[key] = j
            amount_cols[j] = key
    if name_col is not None:
        code_cols = [c for c in code_cols if c[0] < name_col] or code_cols
    if len(code_cols) > 1 and not all(label for _, label in code_cols):
        code_cols = [(j, ("类", "款", "项")[i] if i < 3 else "") for i, (j, _) in enumerate(code_cols)]
    table.columns = set(amount_cols.values())
    last = {}
    for row in body:
        row = list(row) + [type(grid.rows[0][0])("", "")] * (width - len(row))
        texts = [norm(c.text) for c in row]
        if is_sequence_row(texts) or not any(texts):
            continue
        label_cols = [j for j, _ in code_cols] + ([name_col] if name_col is not None else [])
        labels = [texts[j] for j in label_cols] or texts[:2]
        if any(t in TOTAL_WORDS for t in labels) or (not label_cols and texts[0] in TOTAL_WORDS):
            values = _amounts(rd, row, amount_cols)
            table.total.update(values)
            continue
        if is_note_row(texts):
            break
        code, code_name, code_cell = _code_of(rd, row, code_cols, last)
        if code == "?":
            rd.report(code_cell, "IMPORT-CODE", UNREADABLE_CODE, text=code_cell.text.strip())
            continue
        values = _amounts(rd, row, amount_cols)
        if code is None:
            if any(values.values()):
                rd.report(row[0], "IMPORT-ROW", ROW_WITHOUT_CODE)
            continue
        name = re.sub(r"\s+", "", row[name_col].text) if name_col is not None else code_name
        if name:
            table.names[code] = name
        table.rows[code] = values
        table.cells[code] = {key: row[j] for j, key in amount_cols.items()}
    return table


def _amounts(rd, row, amount_cols):
    values = {}
    for j, key in amount_cols.items():
        value = rd.amount(row[j]) if j < len(row) else ZERO
        if value is not None:
            values[key] = value
    return values


# ------------------------------------------------------------------ tables 01 and 04

T01_HEADER = {"收入", "支出", "项目", "行次", "决算数", "金额", "合计", "栏次", "本年支出", "年度决算数",
              "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"}
FUND_WORDS = (("一般公共预算", "general"), ("政府性基金", "gov_fund"), ("国有资本经营", "state_capital"))


def _summary_header_row(row):
    texts = [norm(c.text) for c in row if c.text.strip()]
    if not texts:
        return True
    if any(t in ("栏次",) for t in texts):
        return True
    return all(t in T01_HEADER for t in texts)


def read_summary(rd, grid, kind):
    """Tables 01 and 04: an income side and an expense side, labels and amounts."""
    captions, header, body = _split_header(grid, lambda row: not _summary_header_row(row))
    width = _width(header + body)
    paths = column_paths([r for r in header if not is_sequence_row([norm(c.text) for c in r])], width)
    sides, current = [], None
    for j, path in enumerate(paths):
        s = "/".join(path)
        if "项目" in s:
            current = {"label": j, "amounts": {}, "side": "expense" if "支出" in s else "income"}
            sides.append(current)
        elif current is not None and "行次" not in s and "栏次" not in s:
            key = next((k for w, k in FUND_WORDS if w in s), "value")
            current["amounts"].setdefault(key, j)
    if len(sides) == 2 and sides[0]["side"] == sides[1]["side"]:
        sides[0]["side"], sides[1]["side"] = "income", "expense"
    table = Table(kind, grid, captions=captions)
    for side in sides:
        state = None
        for row in body:
            if is_note_row([norm(c.text) for c in row]):
                break
            label = ORDINAL.sub("", norm(row[side["label"]].text)) if side["label"] < len(row) else ""
            if not label:
                continue
            values = {k: rd.amount(row[j]) for k, j in side["amounts"].items() if j < len(row)}
            values = {k: v for k, v in values.items() if v is not None}
            key = _summary_key(kind, side["side"], label, state)
            if key == "carry_state":
                state = "carry"
                key = "carry_start"
            if key is None:
                if side["side"] == "expense" and label.endswith("支出") and "value" in values:
                    table.values.setdefault("categories", {})[label] = (values["value"], row[side["amounts"]["value"]])
                    table.values.setdefault("category_cells", {})[label] = {
                        k: (v, row[side["amounts"][k]]) for k, v in values.items()}
                continue
            if key in table.values:
                continue
            table.values[key] = values
    return table


def _summary_key(kind, side, label, state):
    if side == "income":
        if "本年收入合计" in label:
            return "income_total"
        if "使用非财政拨款结余" in label:
            return "use_of_surplus"
        if "结转和结余" in label and "年初" in label:
            return "carry_state" if kind == "t04" else "carry_start"
        if label.startswith("总计"):
            return "grand_total"
        if kind == "t04" and state == "carry":
            for word, fund in FUND_WORDS:
                if word in label:
                    return f"carry_start.{fund}"
        return None
    if "本年支出合计" in label:
        return "expenditure_total"
    if "结余分配" in label:
        return "surplus_distribution"
    if "结转和结余" in label and "年末" in label:
        return "carry_end"
    if label.startswith("总计"):
        return "grand_total_out"
    return None


# ------------------------------------------------------------------ table 06

def _economic_data(row):
    texts = [norm(c.text) for c in row]
    first = next((t for t in texts[:3] if t), "")
    token = code_token(first)
    return (token is not None and len(token) in (3, 5)) or "经费合计" in first


def read_economic(rd, grid, kind):
    """Table 06: groups of (code, name, amount) side by side; 人员经费/公用经费 footers."""
    captions, header, body = _split_header(grid, _economic_data)
    width = _width(header + body)
    paths = column_paths(header, width)
    groups, pending = [], []
    for j, path in enumerate(paths):
        s = "/".join(path)
        if any(w in s for w in ("决算", "金额")) and "名称" not in s and "编码" not in s:
            groups.append({"amount": j, "cols": pending})
            pending = []
        else:
            pending.append((j, s))
    for group in groups:
        names = [j for j, s in group["cols"] if "名称" in s]
        group["name"] = names[0] if names else None
        group["code"] = [j for j, s in group["cols"] if group["name"] is None or j < group["name"]]
    table = Table(kind, grid, captions=captions)
    economic, cells = {}, {}
    lasts = [None] * len(groups)
    for row in body:
        texts = [norm(c.text) for c in row]
        if not any(texts) or is_sequence_row(texts):
            continue
        if is_note_row(texts):
            break
        footer = False
        for j, t in enumerate(texts):
            if "经费合计" in t:
                footer = True
                key = "personnel_total" if "人员" in t else "public_total" if "公用" in t else None
                nxt = next((k for k in range(j + 1, len(texts)) if texts[k]), None)
                value = ZERO
                if nxt is not None and "经费合计" not in texts[nxt]:
                    value = rd.amount(row[nxt])
                if key and value is not None:
                    table.values[key] = value
        if footer:
            continue
        for g, group in enumerate(groups):
            parts = [(row[j], code_token(row[j].text), texts[j]) for j in group["code"] if j < len(row)]
            amount_cell = row[group["amount"]] if group["amount"] < len(row) else None
            if not any(p[2] for p in parts):
                if amount_cell is not None and norm(amount_cell.text):
                    value = rd.amount(amount_cell)
                    if value:
                        rd.report(amount_cell, "IMPORT-ROW", ROW_WITHOUT_CODE)
                continue
            bad = next((p for p in parts if p[2] and p[1] is None), None)
            code = None
            if bad is None:
                if len(parts) == 1:
                    code = parts[0][1]
                else:
                    head = parts[0][1] or lasts[g]
                    tail = parts[1][1]
                    code = head if not tail else (head + tail.zfill(2)[-2:] if head else None)
                    if parts[0][1]:
                        lasts[g] = parts[0][1]
            if code is None or len(code) not in (3, 5):
                cell = bad[0] if bad else parts[0][0]
                rd.report(cell, "IMPORT-CODE", UNREADABLE_CODE, text=cell.text.strip())
                continue
            value = rd.amount(amount_cell) if amount_cell is not None else ZERO
            if value is not None:
                economic[code] = value
                cells[code] = amount_cell
    table.values["economic"] = economic
    table.cells = cells
    return table


# ------------------------------------------------------------------ table 07

def read_three_public(rd, grid, kind):
    """Table 07: 预算数 and 决算数 (or 决算数 only) by category, columns by header words."""
    def is_data(row):
        texts = [norm(c.text) for c in row if c.text.strip()]
        if not texts or is_sequence_row(texts):
            return False
        return all(code_token(t) is not None or _looks_numeric(t) for t in texts)

    captions, header, body = _split_header(grid, is_data)
    width = _width(header + body)
    header = [r for r in header if not is_sequence_row([norm(c.text) for c in r])]
    paths = column_paths(header, width)
    cols = {}
    for j, path in enumerate(paths):
        side = None
        labels = []
        for label in path:
            if "预算数" in label or label == "预算":
                side = "budget"
            elif "决算数" in label or label == "决算":
                side = "actual"
            elif "三公" not in label:
                labels.append(label)
        if not labels:
            continue
        d = labels[-1]
        if "及运行" in d or d == "小计":
            cat = "vehicle"
        elif "购置" in d:
            cat = "vehicle_purchase"
        elif "运行" in d:
            cat = "vehicle_operation"
        elif "出国" in d:
            cat = "abroad"
        elif "接待" in d:
            cat = "reception"
        elif "合计" in d:
            cat = "total"
        else:
            continue
        cols.setdefault((side or "actual", cat), j)
    table = Table(kind, grid, captions=captions)
    data = next((r for r in body if any(c.text.strip() for c in r)), None)
    result = {}
    if data is not None:
        for (side, cat), j in cols.items():
            value = rd.amount(data[j]) if j < len(data) else ZERO
            if value is not None:
                result.setdefault(side, {})[cat] = value
    table.values["three_public"] = result
    return table


def _looks_numeric(text):
    return bool(re.fullmatch(r"[\d,.\-—－]+", text))


READERS = {"t01": read_summary, "t04": read_summary, "t02": read_function, "t03": read_function,
           "t05": read_function, "t08": read_function, "t09": read_function, "t06": read_economic,
           "t07": read_three_public}


def recognise(grid):
    """The table a grid holds: from its title, a title row, or its header words."""
    kind = table_kind(grid.title)
    if kind:
        return kind
    for row in grid.rows[:6]:
        for cell in row:
            if cell.text.strip():
                kind = table_kind(cell.text)
                if kind:
                    return kind
    words = {norm(c.text) for row in grid.rows[:8] for c in row if c.text.strip()}
    joined = "|".join(words)
    if "出国" in joined and "接待" in joined:
        return "t07"
    if "人员经费" in joined or "经济分类科目编码" in words:
        return "t06"
    if "上级补助收入" in words or "事业收入" in words:
        return "t02"
    if "上缴上级支出" in words or "对附属单位补助支出" in words:
        return "t03"
    if "行次" in words and "收入" in words and "支出" in words:
        return "t04" if "一般公共预算财政拨款" in words else "t01"
    return None


# ------------------------------------------------------------------ the draft

def interpret(grids, file=""):
    """Grids → Draft (the input tree and the import's findings)."""
    findings = []
    rd = Reader(findings, file)
    tables, previous = {}, None
    for grid in grids:
        if not grid.rows:
            continue
        kind = recognise(grid)
        if kind is None:
            width = max(len(r) for r in grid.rows)
            if previous is not None and previous[1] == width and not any(
                    table_kind(c.text) for r in grid.rows[:3] for c in r):
                # a table continued on the next page: its rows belong to the previous grid
                prev_grid = previous[0]
                merged = type(prev_grid)(prev_grid.title, prev_grid.rows + tuple(grid.rows), prev_grid.source,
                                         prev_grid.where)
                previous = (merged, width)
                tables[_kind_of(tables, prev_grid)] = merged
                continue
            rd.report(grid, "IMPORT-TABLE-UNKNOWN", TABLE_UNKNOWN, WARNING, title=grid.title)
            continue
        if kind in tables:
            rd.report(grid, "IMPORT-TABLE-TWICE", TABLE_TWICE, WARNING, table=kind[1:], name=TABLE_NAMES[kind],
                      title=grid.title)
            continue
        tables[kind] = grid
        previous = (grid, max(len(r) for r in grid.rows))
    read = {kind: READERS[kind](rd, grid, kind) for kind, grid in tables.items()}
    for kind in TABLES:
        if kind not in read:
            findings.append(Finding("IMPORT-TABLE-MISSING", WARNING, TABLE_MISSING, Source(file, 0, 0, ""),
                                    {"table": kind[1:], "name": TABLE_NAMES[kind]}))
    data = _draft(rd, read, file)
    return Draft(data, findings)


def _kind_of(tables, grid):
    return next(k for k, g in tables.items() if g is grid)


def guess_scheme(text, titles=()):
    """The built-in scheme whose table codes (公开01表, 财决批复01表 …) the captions print, else
    whose table titles the tables carry: read from the schemes' own data, so a new scheme needs
    no change here."""
    from generator.scheme import TEMPLATES_DIR, SchemeError, load_scheme

    best, hits, default = None, 0, None
    for folder in sorted(p for p in TEMPLATES_DIR.iterdir() if (p / "scheme.yaml").is_file()):
        try:
            scheme = load_scheme(folder.name)
        except SchemeError:
            continue
        specs = [spec for spec in scheme.get("tables", {}).values() if isinstance(spec, dict)]
        codes = {spec.get("code") for spec in specs}
        names = {norm(spec.get("title", "")) for spec in specs}
        found = 100 * sum(1 for code in codes if code and code in text) \
            + sum(1 for title in titles if norm(title) in names)
        if found > hits:
            best, hits = folder.name, found
        if scheme.data.get("import_default") and default is None:
            default = folder.name
    return best or (default if not text and not titles else None)


def _unit(rd, read, file):
    captions = [c for t in read.values() for c in t.captions]
    name = next((re.sub(r"\s+(金额)?单位[:：].*$|\s+\d{4}年度?.*$", "", m.group(1)).strip()
                 for c in captions for m in [NAME_CAPTION.match(c.strip())] if m), None)
    years = [int(m.group(1)) for c in captions for m in [YEAR.search(c)] if m]
    years += [int(c) for c in captions if re.fullmatch(r"20\d{2}", c.strip())]
    units = {}
    for t in read.values():
        for c in t.captions:
            m = UNIT_CAPTION.search(norm(c))
            if m:
                units.setdefault(m.group(1), t)
    codes = " ".join(captions) + " ".join(t.grid.title for t in read.values())
    scheme = guess_scheme(codes, [t.grid.title for t in read.values()])
    unit = {}
    if name is None:
        name = "（单位名称）"
        rd.findings.append(Finding("IMPORT-UNIT", WARNING, PLACEHOLDER, Source(file, 0, 0, "unit.name"),
                                   {"what": "单位名称", "value": name}))
    unit["name"] = name
    if years:
        unit["year"] = max(set(years), key=years.count)
    else:
        unit["year"] = date.today().year - 1
        rd.findings.append(Finding("IMPORT-UNIT", WARNING, PLACEHOLDER, Source(file, 0, 0, "unit.year"),
                                   {"what": "年度", "value": unit["year"]}))
    if scheme is None:
        scheme = guess_scheme("", ()) or ""
        rd.findings.append(Finding("IMPORT-UNIT", WARNING, PLACEHOLDER, Source(file, 0, 0, "unit.scheme"),
                                   {"what": "模板方案", "value": scheme}))
    unit["scheme"] = scheme
    if len(units) > 1:
        first, (other, table) = next(iter(units)), list(units.items())[1]
        rd.report(table.grid.rows[0][0], "IMPORT-UNIT-MIXED", MIXED_UNITS, unit=other, other=first)
    if units and next(iter(units)) == "元":
        unit["amount_unit"] = "元"
    return unit


def _draft(rd, read, file):
    from generator import catalogue

    unit = _unit(rd, read, file)
    cat = catalogue.for_year(unit["year"])
    data = {"unit": unit}
    income = _income(rd, read, cat)
    if income:
        data["income"] = income
    expenditure = _expenditure(rd, read, cat)
    if expenditure:
        data["expenditure"] = expenditure
    balances = _balances(rd, read)
    if balances:
        data["balances"] = balances
    if "t06" in read:
        economic = read["t06"].values.get("economic", {})
        kept = {c: v for c, v in economic.items()
                if v or (len(c) == 3 and any(x[:3] == c and economic[x] for x in economic if len(x) == 5))}
        if kept:
            data["basic_economic"] = dict(sorted(kept.items(), key=lambda kv: _economic_order(cat, kv[0])))
    if "t07" in read:
        three = read["t07"].values.get("three_public", {})
        block = {}
        for side in ("budget", "actual"):
            if side in three:
                values = three[side]
                entry = {k: values.get(k, ZERO) for k in THREE_PUBLIC}
                for k in ("vehicle", "total"):
                    if k in values:
                        entry[k] = values[k]
                block[side] = entry
        if block:
            data["three_public"] = block
    declared = _declared(rd, read)
    if declared:
        data["declared"] = declared
    return data


def _economic_order(cat, code):
    codes = list(cat.economic)
    return (codes.index(code) if code in codes else len(codes), code)


def _name_entry(cat, code, name):
    official = cat.function_name(code)
    return {"name": name} if name and (official is None or norm(official) != norm(name)) else {}


def _income(rd, read, cat):
    t02 = read.get("t02")
    if t02 is None:
        return {}
    t05, t08, t09 = read.get("t05"), read.get("t08"), read.get("t09")
    out = {}
    for code in sorted(t02.rows):
        row = t02.rows[code]
        entry = {}
        if any(k in t02.columns for k in APPROPRIATION_FUNDS):
            for fund in APPROPRIATION_FUNDS:
                entry[fund] = row.get(fund, ZERO)
        else:
            if "appropriation" in t02.columns and "appropriation" not in row:
                continue                # the cell was unread (reported)
            appropriation = row.get("appropriation", ZERO)
            in05 = t05 is not None and code in t05.rows
            gov = state = ZERO
            if t08 is not None and code in t08.rows:
                if "inc.total" in t08.columns:
                    gov = t08.rows[code].get("inc.total", ZERO)
                elif not in05:
                    gov = appropriation
            if t09 is not None and code in t09.rows:
                if "inc.total" in t09.columns:
                    state = t09.rows[code].get("inc.total", ZERO)
                elif not in05:
                    state = appropriation - gov
            general = appropriation - gov - state
            if general < 0:
                rd.report(t02.cells.get(code, {}).get("appropriation") or t02.grid, "IMPORT-SPLIT",
                          NEGATIVE_REMAINDER, what="一般公共预算财政拨款收入", code=code, value=general,
                          table="收入决算表的财政拨款收入")
                general = ZERO
            entry.update(general=general, gov_fund=gov, state_capital=state)
        for kind in ("upper_grant", "service", "operating", "affiliate", "other"):
            entry[kind] = row.get(kind, ZERO)
        entry = {k: v for k, v in entry.items() if v}
        if entry:
            out[code] = {**entry, **_name_entry(cat, code, t02.names.get(code))}
    return out


def _expenditure(rd, read, cat):
    t03 = read.get("t03")
    funds = {FUND_TABLE[k]: read[k] for k in FUND_TABLE if k in read}
    codes = set(t03.rows) if t03 else set()
    for table in funds.values():
        codes |= {c for c, v in table.rows.items() if any(v.values())}
    out = {}
    if "general" not in funds and t03 is not None and t03.rows:
        rd.report(t03.grid, "IMPORT-FUNDS", NO_TABLE05, WARNING)
    for code in sorted(codes):
        row03 = t03.rows.get(code, {}) if t03 else {}
        entry = {}
        spent = {}
        for fund, table in funds.items():
            row = table.rows.get(code, {})
            spent[fund] = {p: row.get(f"exp.{p}", ZERO) for p in ("basic", "project")}
        if "general" not in funds and t03 is not None:
            # without table 05, what table 03 holds beyond the other fund tables is entered as
            # 一般公共预算 (said once, see NO_TABLE05)
            spent["general"] = {p: row03.get(p, ZERO) - sum((spent[f][p] for f in spent), ZERO)
                                for p in ("basic", "project")}
        other = {}
        if t03 is not None:
            for p in ("basic", "project"):
                if p in t03.columns and p not in row03:
                    continue            # the cell was unread (reported): no remainder either
                rest = row03.get(p, ZERO) - sum((spent[f][p] for f in spent), ZERO)
                if rest < 0:
                    cell = t03.cells.get(code, {}).get(p) or t03.grid
                    rd.report(cell, "IMPORT-SPLIT", NEGATIVE_REMAINDER, what="非财政拨款支出（" +
                              ("基本支出" if p == "basic" else "项目支出") + "）", code=code, value=rest,
                              table="支出决算表")
                    rest = ZERO
                other[p] = rest
        general = spent.get("general", {})
        entry.update({p: general.get(p, ZERO) for p in ("basic", "project") if general.get(p)})
        if len(code) == 7 and "t05" in read:
            _carry(entry, read["t05"].rows.get(code, {}), split=True)
        for fund in ("gov_fund", "state_capital"):
            sub = {p: v for p, v in spent.get(fund, {}).items() if v}
            if len(code) == 7 and fund in funds:
                _carry(sub, funds[fund].rows.get(code, {}), split=False)
            if sub:
                entry[fund] = sub
        other = {p: v for p, v in other.items() if v}
        if other:
            entry["other"] = other
        for key in ("remit", "operating", "affiliate"):
            if row03.get(key):
                entry[key] = row03[key]
        if not entry:
            continue
        name = (t03.names.get(code) if t03 else None) or next(
            (t.names[code] for t in funds.values() if code in t.names), None)
        out[code] = {**entry, **_name_entry(cat, code, name)}
    return out


def _carry(entry, row, split):
    """Per-项 carry-overs of a fund table row (年初/年末结转和结余)."""
    if split:
        cin = {p: row.get(f"cin.{p}", ZERO) for p in ("basic", "project")}
        cout = {p: row.get(f"cout.{p}", ZERO) for p in ("basic", "project", "project_surplus")}
        if any(cin.values()):
            entry["carry_in"] = {k: v for k, v in cin.items() if v}
        if any(cout.values()):
            entry["carry_out"] = {k: v for k, v in cout.items() if v}
        return
    for side in ("cin", "cout"):
        value = row.get(f"{side}.total", ZERO)
        if value:
            entry["carry_in" if side == "cin" else "carry_out"] = value


def _balances(rd, read):
    t01, t04, t05 = read.get("t01"), read.get("t04"), read.get("t05")
    if t01 is None and t04 is None:
        return {}
    out = {}
    v01 = t01.values if t01 else {}
    for key in ("use_of_surplus", "surplus_distribution"):
        if key in v01:
            out[key] = v01[key].get("value", ZERO)
    v04 = t04.values if t04 else {}
    start, end = {}, {}
    for fund in APPROPRIATION_FUNDS:
        if f"carry_start.{fund}" in v04:
            start[fund] = v04[f"carry_start.{fund}"].get("value", ZERO)
        if "carry_end" in v04 and fund in v04["carry_end"]:
            end[fund] = v04["carry_end"][fund]
    if t05 is not None and t05.total and "cin.basic" in t05.columns:
        cin = {p: t05.total.get(f"cin.{p}", ZERO) for p in ("basic", "project")}
        if sum(cin.values(), ZERO) == start.get("general") and any(cin.values()):
            start["general"] = cin
        cout = {p: t05.total.get(f"cout.{p}", ZERO) for p in ("basic", "project", "project_surplus")}
        if sum(cout.values(), ZERO) == end.get("general") and any(cout.values()):
            end["general"] = cout
    appropriation_start = v04.get("carry_start", {}).get("value") if "carry_start" in v04 else None
    if appropriation_start is None:
        appropriation_start = sum((_total(v) for v in start.values()), ZERO)
    appropriation_end = v04.get("carry_end", {}).get("value") if "carry_end" in v04 else None
    if appropriation_end is None:
        appropriation_end = sum((_total(v) for v in end.values()), ZERO)
    for side, values, appropriation, key in (("年初", start, appropriation_start, "carry_start"),
                                             ("年末", end, appropriation_end, "carry_end")):
        if key in v01 and "value" in v01[key]:
            rest = v01[key]["value"] - appropriation
            if rest < 0:
                rd.report(t01.grid, "IMPORT-SPLIT", NEGATIVE_REMAINDER, what="非财政拨款结转和结余", code=side,
                          value=rest, table="收入支出决算总表")
            elif rest:
                values["other"] = rest
        block = {f: v for f, v in values.items() if f == "general" or _total(v)}
        if t04 is not None or block:
            out["start" if key == "carry_start" else "end"] = block or {"general": ZERO}
    return out


def _total(value):
    return sum(value.values(), ZERO) if isinstance(value, dict) else value


def _declared(rd, read):
    out = {}
    t01, t02, t03, t04, t06 = (read.get(k) for k in ("t01", "t02", "t03", "t04", "t06"))
    v01 = t01.values if t01 else {}
    if t02 is not None and "total" in t02.total:
        out["income_total"] = t02.total["total"]
    elif "income_total" in v01:
        out["income_total"] = v01["income_total"].get("value", ZERO)
    if t03 is not None and "total" in t03.total:
        out["expenditure_total"] = t03.total["total"]
    elif "expenditure_total" in v01:
        out["expenditure_total"] = v01["expenditure_total"].get("value", ZERO)
    if t03 is not None:
        for key, part in (("basic_total", "basic"), ("project_total", "project")):
            if part in t03.total:
                out[key] = t03.total[part]
    if "grand_total" in v01:
        out["grand_total"] = v01["grand_total"].get("value", ZERO)
    for key, name in (("income_total", "本年收入合计"), ("expenditure_total", "本年支出合计")):
        stated = v01.get(key, {}).get("value")
        if stated is not None and key in out and stated != out[key]:
            rd.report(t01.grid, "IMPORT-DIFFERS", DIFFERS, WARNING, what=name, value=stated, other=out[key],
                      table=TABLE_NAMES["t02" if key == "income_total" else "t03"])
    if t04 is not None:
        v04 = t04.values
        if "income_total" in v04:
            out["appropriation_income"] = v04["income_total"].get("value", ZERO)
        if "grand_total" in v04:
            out["appropriation_grand_total"] = v04["grand_total"].get("value", ZERO)
    if t06 is not None:
        for key in ("personnel_total", "public_total"):
            if key in t06.values:
                out[key] = t06.values[key]
    if t01 is not None and t03 is not None:
        names = {t03.names.get(c): (c, v.get("total")) for c, v in t03.rows.items() if len(c) == 3}
        for label, (value, cell) in t01.values.get("categories", {}).items():
            if label in names and names[label][1] is not None and value != names[label][1]:
                rd.report(cell, "IMPORT-DIFFERS", DIFFERS, WARNING, what=label, value=value,
                          other=names[label][1], table=TABLE_NAMES["t03"])
    if t04 is not None:
        _check_t04_categories(rd, read, t04)
    return out


def _check_t04_categories(rd, read, t04):
    """Table 04's 类 rows (合计 and by fund) against the fund tables' 类 rows: a figure that
    differs is pointed out at its cell (kept as printed, never corrected)."""
    spent = {}
    for kind, fund in FUND_TABLE.items():
        table = read.get(kind)
        if table is None:
            continue
        for code, row in table.rows.items():
            name = table.names.get(code)
            if len(code) != 3 or not name:
                continue
            total = row.get("exp.total")
            if total is None:
                total = row.get("exp.basic", ZERO) + row.get("exp.project", ZERO)
            by_fund = spent.setdefault(name, {})
            by_fund[fund] = by_fund.get(fund, ZERO) + total
            by_fund["value"] = by_fund.get("value", ZERO) + total
    for label, cells in t04.values.get("category_cells", {}).items():
        for key, (value, cell) in cells.items():
            other = spent.get(label, {}).get(key)
            if other is not None and value != other:
                table = TABLE_NAMES["t05" if key in ("value", "general") else {v: k for k, v in FUND_TABLE.items()}[key]]
                rd.report(cell, "IMPORT-DIFFERS", DIFFERS, WARNING, what=label, value=value, other=other, table=table)


def finding_line(finding, lang="zh"):
    """One finding of an import: ``FILE 收入决算表!D12: 错误 [RULE] message`` (a cell), or the
    usual ``file:line:col`` form (a report reader's finding with a line)."""
    if isinstance(finding, str):
        return finding
    if not isinstance(finding, Finding):
        return str(finding)
    s = finding.source
    if s.line:
        return finding.line(lang)
    from generator.findings import SEVERITY_LABEL

    where = f"{s.file} {s.path}".strip() if s.path else s.file
    severity = translate(SEVERITY_LABEL[finding.severity], lang)
    return f"{where}: {severity} [{finding.rule}] {finding.text(lang)}"
