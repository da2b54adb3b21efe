"""``disclosure new FILE --year N``: next year's input, started from this year's.

Carried: ``unit`` (year set to N), ``profile``, ``codes``, ``glossary``, ``texts``, the scheme
and presentation choices, the descriptive notes (三公 purposes, 机关运行经费, 一般性支出,
vehicles) and the self-evaluation's outline, texts and indicator names/targets/weights.
Emptied: every amount and count (the accountant fills them in), the reasons, the stated
totals (类/款 rows and ``declared``).  Filled in: ``balances.start`` and each 项's
``carry_in`` from this year's year-end carry-overs (年初 = 上年年末), the self-evaluation's
``previous`` columns from this year's ``actual``, and ``previous: {file: …}`` linking this
year's file.  Every year, date, 上年/本年/今年 and figure mentioned in a carried text is a
finding to review, located in the new file.
"""

import json
import os
import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from generator.findings import ERROR, WARNING, Finding, Source, join_path
from generator.i18n import N_
from generator.loader import load

ORDER = ("unit", "profile", "codes", "income", "expenditure", "balances", "basic_economic", "three_public",
         "admin_cost", "general_spending", "procurement", "assets", "previous", "reasons", "texts", "glossary",
         "self_evaluation")
#: Section comments of the new file (what to do there).
NOTES = {
    "income": "收入决算表：请填写各项（项级科目）金额",
    "expenditure": "支出决算表：请填写各项的基本支出/项目支出与年初预算（budget）；carry_in 已按上年年末数填入",
    "balances": "年初结转和结余（start）已按上年年末结转和结余填入；请填写年末数（end）",
    "basic_economic": "基本支出经济分类：请填写各款金额",
    "three_public": "“三公”经费预算数与决算数、团组与车辆数：请填写",
    "previous": "上年数字取自上年的输入文件",
    "reasons": "主要原因：请按本年的变化重新填写",
}
TEXT_FACTS = ("reception_purpose", "vehicle_operation_purpose", "vehicle_purchase_note", "abroad_note", "note")
SELF_EVALUATION_KEPT = ("weight", "cap", "generate", "title", "text", "items", "sections", "after", "name",
                        "secondary", "target", "purpose", "unit_line", "expected", "frugality", "buildings", "layout")
SELF_EVALUATION_EMPTIED = ("achieved", "deviation", "score", "rate", "total")
COLUMNS = ("previous", "budget", "actual")

TARGET_EXISTS = N_("{file} already exists; use --force to replace it")
WRONG_YEAR = N_("this file is of {year}; next year's file is of {expected}, not {given}")
NOT_AN_INPUT = N_("this file cannot be read as an input; run check on it first")
REVIEW = N_("carried from {year}: the text mentions {mentions}; review it for {new_year}")
LINK_OUTSIDE = N_("the new file links {file} outside its input folder; check will refuse the link unless both files are in one folder tree")


class Raw(str):
    """A scalar written exactly as typed (a number)."""


@dataclass(frozen=True)
class NewResult:
    target: Path | None
    findings: tuple


# ------------------------------------------------------------------ tree → plain data

def _plain(node):
    if node is None:
        return None
    if node.is_map():
        return {k: _plain(v) for k, v in node.value.items()}
    if node.is_seq():
        return [_plain(v) for v in node.value]
    if isinstance(node.value, Decimal):
        return Raw(node.text)
    return node.value


def _emptied(value):
    """The same structure with every scalar emptied."""
    if isinstance(value, dict):
        return {k: _emptied(v) for k, v in value.items()}
    return None


def _number(value):
    try:
        return Decimal(str(value)) if value is not None else Decimal(0)
    except ArithmeticError:
        return Decimal(0)


def _carry_in(carry_out):
    """年初 from last year's 年末: 基本支出结转, and 项目支出结转和结余 = 结转 + 结余."""
    if not isinstance(carry_out, dict):
        return carry_out
    out = {}
    if "basic" in carry_out:
        out["basic"] = carry_out["basic"]
    if "project" in carry_out or "project_surplus" in carry_out:
        if carry_out.get("project_surplus") in (None, Raw("0")) or "project_surplus" not in carry_out:
            out["project"] = carry_out.get("project")
        else:
            out["project"] = Raw(str(_number(carry_out.get("project")) + _number(carry_out["project_surplus"])))
    return out


def _leaf_codes(section, digits=7):
    return {code: value for code, value in (section or {}).items() if str(code).isdigit() and len(str(code)) == digits}


def _income(section):
    return {code: {k: (v if k == "name" else None) for k, v in item.items()} if isinstance(item, dict) else None
            for code, item in _leaf_codes(section).items()}


def _spending(item, with_carry=True):
    out = {}
    for key, value in item.items():
        if key == "name":
            out[key] = value
        elif key in ("gov_fund", "state_capital", "other") and isinstance(value, dict):
            out[key] = _spending(value)
        elif key == "carry_in":
            continue
        elif key == "carry_out":
            out["carry_in"] = _carry_in(value)
            out["carry_out"] = _emptied(value)
        else:
            out[key] = None
    return out


def _expenditure(section):
    return {code: _spending(item) if isinstance(item, dict) else None for code, item in _leaf_codes(section).items()}


def _balances(section):
    section = section or {}
    end = section.get("end") or {}
    out = {"start": {fund: _carry_in(value) for fund, value in end.items()},
           "end": {fund: _emptied(value) for fund, value in end.items()}}
    for key in ("use_of_surplus", "surplus_distribution"):
        if key in section:
            out[key] = None
    return out


def _three_public(section):
    out = {}
    for key, value in (section or {}).items():
        out[key] = value if key in TEXT_FACTS else _emptied(value)
    return out


def _keep_texts(section, texts):
    """Text keys carried, everything else emptied (recursively)."""
    if not isinstance(section, dict):
        return section if isinstance(section, str) else None
    return {k: (v if k in texts and isinstance(v, str) else
                _keep_texts(v, texts) if isinstance(v, dict) else None) for k, v in section.items()}


def _columns(value, actual_default=None):
    """A base-data row: this year's actual becomes next year's previous."""
    actual = value.get("actual", actual_default)
    out = {"previous": actual if not isinstance(actual, dict) else dict(actual)}
    for key in value:
        if key not in COLUMNS:
            out[key] = value[key] if key == "name" else _evaluation(value[key], key)
    out["budget"] = _emptied(value.get("budget")) if isinstance(value.get("budget"), dict) else None
    out["actual"] = _emptied(actual) if isinstance(actual, dict) else None
    return out


def _evaluation(value, key=None, report=False, public_actual=None):
    """The self-evaluation: outline, texts and indicator design carried; results emptied."""
    if key == "three_public_change":
        return None
    if isinstance(value, list):
        return [_evaluation(v, key, report) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "base_data":
                out[k] = _base_data(v, report, public_actual)
            elif k in SELF_EVALUATION_EMPTIED:
                out[k] = None
            elif k in SELF_EVALUATION_KEPT:
                out[k] = _evaluation(v, k, report) if isinstance(v, (dict, list)) else v
            else:
                out[k] = _evaluation(v, k, report)
        return out
    if isinstance(value, Raw) or value is None or isinstance(value, bool):
        return None if key not in SELF_EVALUATION_KEPT else value
    return value


def _base_data(value, report, public_actual):
    if not isinstance(value, dict):
        return None
    out = {}
    for key, section in value.items():
        if key == "three_public":
            if report:
                continue                     # a full report takes every column from Part 2
            out[key] = _columns(section) if isinstance(section, dict) else None
        elif key == "public_cost" and isinstance(section, dict):
            total = {k: v for k, v in section.items() if k in COLUMNS}
            row = _columns(total, public_actual)
            row.update({k: _columns(v) for k, v in section.items() if k not in COLUMNS and isinstance(v, dict)})
            out[key] = row
        elif key == "projects" and isinstance(section, list):
            out[key] = [_columns(p) if isinstance(p, dict) else p for p in section]
        elif key in ("procurement", "basic_adjustment") and isinstance(section, dict):
            out[key] = _columns(section)
        elif key == "staff":
            out[key] = _emptied(section)
        else:
            out[key] = section if isinstance(section, str) else _emptied(section)
    return out


def next_year_data(tree, year, link, public_actual=None):
    """The new file's data (plain, in the examples' key order) from this year's loaded tree."""
    data = {k: _plain(v) for k, v in tree.value.items()}
    report = "expenditure" in data
    out = {}
    for key in ORDER:
        if key not in data and key not in ("previous", "reasons"):
            continue
        value = data.get(key)
        if key == "unit":
            out[key] = {**value, "year": Raw(str(year))}
        elif key in ("profile", "codes", "texts", "glossary"):
            out[key] = value
        elif key == "income":
            out[key] = _income(value)
        elif key == "expenditure":
            out[key] = _expenditure(value)
        elif key == "balances":
            out[key] = _balances(value)
        elif key == "basic_economic":
            out[key] = {code: None for code in _leaf_codes(value, 5)}
        elif key == "three_public":
            out[key] = _three_public(value)
        elif key == "admin_cost":
            out[key] = {k: (v if k in ("applicable", "text") else None) for k, v in (value or {}).items()}
        elif key == "general_spending":
            out[key] = _keep_texts(value, ("content", "note", "festivals"))
        elif key == "procurement":
            out[key] = _emptied(value)
        elif key == "assets":
            out[key] = _keep_texts(value, ("vehicle_note",))
        elif key == "previous":
            out[key] = {"file": link}
        elif key == "reasons":
            if report:
                out[key] = {}
        elif key == "self_evaluation":
            out[key] = _evaluation(value, report=report, public_actual=public_actual)
    return out


# ------------------------------------------------------------------ YAML text

def _plain_ok(text, flow):
    if not text or text != text.strip() or "\n" in text:
        return False
    if text[0] in "-?:,[]{}#&*!|>'\"%@`" or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(c in text for c in ",[]{}"):
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def _scalar(value, flow=False):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    value = str(value)
    return value if _plain_ok(value, flow) else json.dumps(value, ensure_ascii=False)


def _key(key):
    return _scalar(str(key), flow=True)


def _flow(value):
    """A one-line rendering of a small mapping of scalars, or None."""
    if not isinstance(value, dict) or not value or any(isinstance(v, (dict, list)) for v in value.values()):
        return None
    if any(isinstance(v, str) and not isinstance(v, Raw) and v is not None for v in value.values()) and len(value) > 1:
        return None
    text = "{" + ", ".join(f"{_key(k)}: {_scalar(v, True)}".rstrip() for k, v in value.items()) + "}"
    return text if len(text) <= 100 else None


def _lines(value, indent):
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [pad + "{}"]
        out = []
        for key, child in value.items():
            out.extend(_entry(f"{pad}{_key(key)}:", child, indent))
        return out
    if isinstance(value, list):
        if not value:
            return [pad + "[]"]
        out = []
        for item in value:
            if isinstance(item, dict) and item:
                inner = _flow(item)
                if inner is not None:
                    out.append(f"{pad}- {inner}")
                    continue
                lines = _lines(item, indent + 2)
                out.append(pad + "- " + lines[0][indent + 2:])
                out.extend(lines[1:])
            else:
                out.extend(_entry(pad + "-", item, indent))
        return out
    return [pad + _scalar(value)]


def _entry(head, value, indent):
    """``head`` (``key:`` or ``-``) followed by ``value``."""
    if isinstance(value, str) and not isinstance(value, Raw) and "\n" in value:
        body = [(" " * (indent + 2) + line) if line else "" for line in value.split("\n")]
        return [f"{head} |-"] + body
    if isinstance(value, (dict, list)):
        inline = _flow(value) if isinstance(value, dict) else None
        if inline is not None:
            return [f"{head} {inline}"]
        if not value:
            return [f"{head} {'{}' if isinstance(value, dict) else '[]'}"]
        return [head] + _lines(value, indent + 2)
    text = _scalar(value)
    return [f"{head} {text}" if text else head]


def dump(data, header):
    """YAML text of ``data``: block style, small amount maps on one line, a comment per section."""
    out = [f"# {line}" if line else "#" for line in header] + [""]
    for key, value in data.items():
        if key in NOTES:
            out.append(f"# {NOTES[key]}")
        out.extend(_entry(f"{_key(key)}:", value, 0))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ------------------------------------------------------------------ review of carried texts

MENTION = re.compile(
    r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|度|底|末|初)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月(?:份|底|末)"
    r"|上一?年度?|本年度?|今年|去年|明年|下一?年度?|当年"
    r"|\d[\d,，]*(?:\.\d+)?\s*(?:万元|亿元|元|%|％|人次|人|名|辆|台|套|个|次|篇|期|项|场|件|批)")
SKIPPED = ("unit", "codes", "previous", "income", "expenditure", "basic_economic", "balances", "procurement")
MAX_SHOWN = 8


def _texts(node, path=""):
    """(path, node) of every text scalar of the tree outside the sections that hold no prose."""
    if node.is_map():
        for key, child in node.value.items():
            if not path and key in SKIPPED or key in ("generate", "target"):   # targets are the design
                continue
            yield from _texts(child, join_path(path, key))
    elif node.is_seq():
        for i, child in enumerate(node.value):
            yield from _texts(child, join_path(path, i))
    elif isinstance(node.value, str):
        yield path, node


def review(path, old_year, new_year):
    """A finding for every carried text of the new file that mentions a year, date or figure."""
    tree = load(path).tree
    found = []
    for yaml_path, node in _texts(tree):
        mentions = list(dict.fromkeys(m.group(0) for m in MENTION.finditer(node.value)))
        if not mentions:
            continue
        shown = "、".join(mentions[:MAX_SHOWN]) + (f" 等{len(mentions)}处" if len(mentions) > MAX_SHOWN else "")
        source = Source(node.source.file, node.source.line, node.source.column, yaml_path)
        found.append(Finding("NEW-REVIEW", WARNING, REVIEW, source,
                             {"year": old_year, "mentions": shown, "new_year": new_year}))
    return found


# ------------------------------------------------------------------ the command

def target_name(path, old_year, year):
    """The new file's name: this year's (or any) 4-digit year replaced, else ``-N`` appended."""
    name = Path(path).name
    stem, suffix = (name[: -len(Path(name).suffix)], Path(name).suffix) if Path(name).suffix else (name, "")
    for pattern in (str(old_year), r"(?<!\d)(?:19|20)\d{2}(?!\d)"):
        matches = list(re.finditer(pattern, stem)) if old_year or pattern != str(old_year) else []
        if matches:
            last = matches[-1]
            return stem[: last.start()] + str(year) + stem[last.end():] + suffix
    return f"{stem}-{year}{suffix}"


def _write(target, text, force):
    """Write atomically (temporary file + rename); never replace an existing file without ``force``."""
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)             # fails if the target appeared meanwhile
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def new_year(path, year, out=None, force=False):
    """Write next year's input beside ``path`` (or in ``out``); the target and the findings
    (errors: nothing written; warnings: texts to review)."""
    from generator.model import parse_file
    from generator.previous import input_root, locate

    path = Path(path)
    here = Source(str(path), 1, 1)
    loaded = load(path)
    if loaded.tree is None or not loaded.tree.is_map():
        return NewResult(None, tuple(loaded.findings) or (Finding("NEW-INPUT", ERROR, NOT_AN_INPUT, here),))
    parsed = parse_file(path)
    old_year = parsed.input.unit.year if parsed.input is not None else None
    if old_year and year != old_year + 1:
        return NewResult(None, (Finding("NEW-YEAR", ERROR, WRONG_YEAR, parsed.input.where("unit.year"),
                                        {"year": old_year, "expected": old_year + 1, "given": year}),))
    folder = Path(out) if out else path.parent
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / target_name(path, old_year, year)
    if target.exists() and not force:
        return NewResult(None, (Finding("NEW-EXISTS", ERROR, TARGET_EXISTS, Source(str(target)),
                                        {"file": target}),))
    link = os.path.relpath(path.resolve(), folder.resolve())
    public_actual = None
    if parsed.input is not None and parsed.input.is_report:
        from generator.compute import compute

        public_actual = Raw(str(compute(parsed.input).totals["public"]))
    data = next_year_data(loaded.tree, year, link, public_actual)
    name = (parsed.input.unit.name if parsed.input is not None else "") or ""
    header = [
        f"{name} {year}年度 — 由 disclosure new 从 {path.name}（{old_year}年度）生成",
        f"(next year's input, written by `disclosure new` from {path.name})",
        "",
        "沿用：unit（年度改为 %d）、profile、codes、glossary、texts、方案与显示选项、" % year,
        "      “三公”/机关运行经费/一般性支出/资产的说明文字、自评报告的提纲、文字与指标（名称、目标值、分值）。",
        "已填：年初结转和结余（balances.start、各项 carry_in）= 上年年末数；自评基础数据的上年数 = 本年实际数；",
        f"      previous.file 指向 {link}（上年数字由程序从该文件计算）。",
        "清空待填：各项金额与年初预算、经济分类金额、“三公”经费、机关运行经费、政府采购、资产与人数、",
        "      主要原因（reasons）、自评的完成值与得分。",
        "未沿用：类/款行与 declared 中的印出合计（录入已批复报表时按印出数补上）。",
        "文字中的年份、日期、“上年/本年/今年”与数字须逐条复核（disclosure new 已列出）。",
    ]
    _write(target, dump(data, header), force)
    findings = review(target, old_year, year)
    _, refusal = locate(link, target, input_root(target), Source(str(target), 0, 0, "previous.file"))
    if refusal is not None and refusal.rule == "PREVIOUS-OUTSIDE":
        findings.append(Finding("NEW-LINK", WARNING, LINK_OUTSIDE, _link_source(target), {"file": link}))
    return NewResult(target, tuple(findings))


def _link_source(target):
    tree = load(target).tree
    node = tree.value.get("previous") if tree is not None else None
    node = node.value.get("file") if node is not None and node.is_map() else None
    return node.source if node is not None else Source(str(target), 1, 1, "previous.file")
