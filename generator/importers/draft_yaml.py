"""A draft input as YAML text, and the merge of imported figures into an existing file.

The draft is written in the style of the example inputs (codes quoted, one entry a line,
amounts exactly as read).  Merging into an existing file is line-based: only the figure
blocks are replaced (``income``, ``expenditure``, ``balances``, ``basic_economic``,
``declared`` and, inside ``three_public``, its ``budget`` and ``actual``); every other line —
texts, comments, the unit — stays byte for byte as it was.  Each 项's ``budget`` and ``name``
in the existing file are kept.
"""

import json
import re
from decimal import Decimal

from generator.loader import load

FIGURE_BLOCKS = ("income", "expenditure", "balances", "basic_economic", "declared")
ORDER = ("unit", "income", "expenditure", "balances", "basic_economic", "three_public", "declared")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*:")
HEADER = ("# 由 disclosure import 从 {source} 读入的草稿：只有表格中的数字。\n"
          "# Draft read by `disclosure import` from {source}: the tables' figures only;\n"
          "# texts, reasons, budgets (年初预算) and facts are still to be written.\n")


def scalar(value):
    """One YAML scalar: amounts exactly as read, text double-quoted when it needs it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[^\s:#{}\[\],&*!|>'\"%@`-][^:#{}\[\],]*", text) and not re.fullmatch(r"[\d.+-]+|true|false|null|~|yes|no|on|off", text, re.I) \
            and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)


def key_text(key):
    return key if _PLAIN_KEY.fullmatch(str(key)) else json.dumps(str(key), ensure_ascii=False)


def flow(value):
    """A mapping on one line: ``{basic: 1.00, gov_fund: {project: 2}}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key_text(k)}: {flow(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def block_lines(key, value, indent=0):
    """``key:`` and its content, as lines; mappings of mappings one entry a line (codes in
    flow style, like the example inputs)."""
    pad = " " * indent
    if not isinstance(value, dict):
        return [f"{pad}{key_text(key)}: {scalar(value)}\n"]
    lines = [f"{pad}{key_text(key)}:\n"]
    for k, v in value.items():
        if isinstance(v, dict) and (not _PLAIN_KEY.fullmatch(str(k)) or key in ("budget", "actual")
                                    or all(not isinstance(x, dict) for x in v.values())):
            lines.append(f"{pad}  {key_text(k)}: {flow(v)}\n")
        else:
            lines.extend(block_lines(k, v, indent + 2))
    return lines


def draft_text(data, source=""):
    """The whole draft as YAML text."""
    lines = [HEADER.format(source=source or "—"), "\n"]
    for key in ORDER:
        if key in data:
            lines.extend(block_lines(key, data[key]))
            lines.append("\n")
    return "".join(lines).rstrip("\n") + "\n"


# ------------------------------------------------------------------ merging

def _blocks(lines):
    """{top-level key: (first line, end line exclusive)}; a block ends at its last indented
    line, so comments and blank lines before the next key stay outside it."""
    starts = [(i, m.group(1)) for i, line in enumerate(lines) for m in [_TOP_KEY.match(line)] if m]
    blocks = {}
    for n, (i, key) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        end = i + 1
        for j in range(i + 1, stop):
            if lines[j][:1] in (" ", "\t") and lines[j].strip():
                end = j + 1
        blocks[key] = (i, end)
    return blocks


def _sub_blocks(lines, start, end):
    """Child keys of the block lines[start:end]: {key: (first, end)} at the first indent."""
    indent = None
    found = []
    for i in range(start + 1, end):
        stripped = lines[i].lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        width = len(lines[i]) - len(stripped)
        if indent is None:
            indent = width
        if width == indent:
            m = _TOP_KEY.match(stripped)
            if m:
                found.append((i, m.group(1)))
    subs = {}
    for n, (i, key) in enumerate(found):
        stop = found[n + 1][0] if n + 1 < len(found) else end
        last = i + 1
        for j in range(i + 1, stop):
            s = lines[j]
            if s.strip() and not s.lstrip().startswith("#") and len(s) - len(s.lstrip(" ")) > indent:
                last = j + 1
        subs[key] = (i, last)
    return subs, indent if indent is not None else 2


def _kept_declared(tree):
    """The existing file's ``declared`` totals (those no table holds, such as budget_total,
    are kept through a merge)."""
    node = tree.value.get("declared") if tree is not None and tree.is_map() else None
    if node is None or not node.is_map():
        return {}
    return {str(k): v.value for k, v in node.value.items() if v.kind == "scalar" and v.value is not None}


def _kept_items(tree):
    """{code: {budget, name}} of the existing file's expenditure entries."""
    kept = {}
    if tree is None or not tree.is_map():
        return kept
    node = tree.value.get("expenditure")
    if node is None or not node.is_map():
        return kept
    for code, entry in node.value.items():
        if not entry.is_map():
            continue
        values = {}
        for key in ("budget", "name"):
            child = entry.value.get(key)
            if child is not None and child.kind == "scalar" and child.value is not None:
                values[key] = child.text if key == "name" and isinstance(child.value, Decimal) else child.value
        if values:
            kept[str(code)] = values
    return kept


def _inline_value(line):
    """True when a ``key: value`` line carries its value on the line (not a block below)."""
    rest = line.split(":", 1)[1] if ":" in line else ""
    rest = rest.split(" #", 1)[0].strip()
    return bool(rest) and not rest.startswith("#")


def _plain(node):
    if node.is_map():
        return {str(k): _plain(v) for k, v in node.value.items()}
    if node.is_seq():
        return [_plain(v) for v in node.value]
    return node.value


def merge_text(text, data, path):
    """``text`` (the existing file at ``path``) with the figure blocks of ``data`` in place."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    tree = load(path).tree
    kept = _kept_items(tree)
    figures = dict(data)
    declared = _kept_declared(tree)
    if declared:
        figures["declared"] = {**declared, **figures.get("declared", {})}
    if "expenditure" in figures or kept:
        expenditure = {code: dict(entry) for code, entry in figures.get("expenditure", {}).items()}
        for code, values in kept.items():
            entry = expenditure.setdefault(code, {})
            entry.pop("name", None)
            entry.update(values)
        figures["expenditure"] = dict(sorted(expenditure.items()))
    replacements = []           # (start, end, new lines)
    blocks = _blocks(lines)
    appended = []
    for key in FIGURE_BLOCKS:
        if key not in figures:
            continue
        new = block_lines(key, figures[key])
        if key in blocks:
            replacements.append((*blocks[key], new))
        else:
            appended.append(new)
    if "three_public" in figures:
        inline = "three_public" in blocks and _inline_value(lines[blocks["three_public"][0]])
        if inline:
            # ``three_public: {…}`` on one line: the whole mapping is written again, with its
            # facts and the new budget/actual
            node = tree.value.get("three_public") if tree is not None and tree.is_map() else None
            merged = {**(_plain(node) if node is not None and node.is_map() else {}), **figures["three_public"]}
            replacements.append((*blocks["three_public"], block_lines("three_public", merged)))
        elif "three_public" in blocks:
            start, end = blocks["three_public"]
            subs, indent = _sub_blocks(lines, start, end)
            for side in ("budget", "actual"):
                if side not in figures["three_public"]:
                    continue
                new = [" " * indent + f"{side}: {flow(figures['three_public'][side])}\n"]
                if side in subs:
                    replacements.append((*subs[side], new))
                else:
                    replacements.append((start + 1, start + 1, new))
        else:
            appended.append(block_lines("three_public", figures["three_public"]))
    for start, end, new in sorted(replacements, key=lambda r: (r[0], r[1]), reverse=True):
        lines[start:end] = new
    for new in appended:
        lines.append("\n")
        lines.extend(new)
    return "".join(lines)
