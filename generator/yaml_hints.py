"""YAML mistakes people make, said in words: the cause of a syntax error, with the line and a fix.

PyYAML says *where* it stopped ("could not find expected ':'"), which is often a line after
the mistake.  :func:`explain` looks at the lines around that place for the usual causes — a
tab or a full-width space in the indentation, a full-width colon after a key, a full-width
comma in a flow list, a Windows path in double quotes, an over-indented line — and names the
one it finds.  :func:`suspicious` looks at a tree that *did* parse for the same mistakes that
YAML silently reads as text (``name：某单位`` is a string, not a key).
"""

import re

import yaml

from generator.findings import ERROR, WARNING, Finding, Source
from generator.i18n import N_

GENERIC = N_("YAML syntax error: {problem}")
TAB = N_("line {line} has a tab in its indentation; YAML indents with spaces only: replace the tab with spaces")
ESCAPE = N_("line {line}: a backslash inside double quotes starts an escape sequence, so a Windows path like \"D:\\数据\" cannot be read; put it in single quotes ('D:\\数据') or double each backslash")
FULLWIDTH_COLON = N_("line {line}: the key '{key}' is followed by a full-width colon '：'; a key ends with the ASCII colon and a space: write '{key}: '")
FULLWIDTH_SPACE = N_("line {line} is indented with a full-width space (U+3000); indent with ASCII spaces only")
SPACE_AFTER_COLON = N_("line {line}: the key '{key}' is followed by a full-width space; write an ASCII space after the colon: '{key}: '")
FULLWIDTH_COMMA = N_("line {line}: a full-width comma '，' inside [ ] or {{ }}; separate the items with the ASCII comma ','")
FULLWIDTH_COMMA_ITEM = N_("line {line}: the list item '{text}' contains a full-width comma '，'; if it is meant as several items, separate them with the ASCII comma ','")
OVER_INDENTED = N_("line {line} is indented more than line {previous}, which already has a value; indent it like the keys beside it ({spaces} spaces), or put it under a key that ends with ':'")
MISALIGNED = N_("line {line} does not line up with any key above it; indent it exactly like the keys beside it")
MISSING_COLON = N_("line {line}: '{text}' has no ':' after it, so the next line cannot hold a value; write '{text}:' (a key) or '- {text}' (a list item)")

#: A key (ASCII, or a classification code) followed by a full-width colon, before any ASCII colon.
_KEY_FULLWIDTH_COLON = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z0-9_][A-Za-z0-9_.-]*)[ \t\u3000]*：")
_KEY_SPACE = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z0-9_][A-Za-z0-9_.-]*):\u3000")
#: The same in a plain scalar that parsed (only snake_case keys: a text may start "2024：…").
_PLAIN_FULLWIDTH_COLON = re.compile(r"([a-z][a-z0-9_]*)[ \u3000]*：")
_PLAIN_SPACE = re.compile(r"([a-z][a-z0-9_]*):\u3000")
_INDENT_PROBLEMS = ("mapping values are not allowed here", "could not find expected ':'",
                    "did not find expected key", "expected <block end>")


def explain(exc, text, name):
    """A LOAD-SYNTAX finding for PyYAML's ``exc``: the likely cause in words where one is found."""
    mark = exc.problem_mark or exc.context_mark
    row = mark.line if mark else 0
    lines = text.splitlines()
    start = min(row, exc.context_mark.line if exc.context_mark else row)
    window = [(i, lines[i]) for i in range(max(0, start - 2), min(row + 1, len(lines)))][::-1]
    problem = exc.problem or ""
    context = exc.context or ""
    for finder in (_tab, _escape, _fullwidth_space, _fullwidth_colon, _fullwidth_comma):
        found = finder(window, problem, context, exc)
        if found:
            (line, column), message, params = found
            return Finding("LOAD-SYNTAX", ERROR, message, Source(name, line + 1, column + 1),
                           {"line": line + 1, **params})
    if any(problem.startswith(p) for p in _INDENT_PROBLEMS) and row < len(lines):
        found = _indentation(lines, row)
        if found:
            (line, column), message, params = found
            return Finding("LOAD-SYNTAX", ERROR, message, Source(name, line + 1, column + 1),
                           {"line": line + 1, **params})
    where = Source(name, row + 1, (mark.column + 1) if mark else 0) if mark else Source(name)
    shown = " ".join(filter(None, [context, problem])) or str(exc)
    return Finding("LOAD-SYNTAX", ERROR, GENERIC, where, {"problem": shown})


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _tab(window, problem, context, exc):
    if "'\\t'" in problem and exc.problem_mark:
        return (exc.problem_mark.line, exc.problem_mark.column), TAB, {}
    for i, line in window:
        lead = line[:len(line) - len(line.lstrip(" \t\u3000"))]
        if "\t" in lead:
            return (i, lead.index("\t")), TAB, {}
    return None


def _escape(window, problem, context, exc):
    if "escape" in problem and "double-quoted" in context:
        mark = exc.context_mark or exc.problem_mark
        return (mark.line, mark.column), ESCAPE, {}
    return None


def _fullwidth_space(window, problem, context, exc):
    for i, line in window:
        lead = line[:len(line) - len(line.lstrip(" \t\u3000"))]
        if "\u3000" in lead:
            return (i, lead.index("\u3000")), FULLWIDTH_SPACE, {}
        match = _KEY_SPACE.match(line)
        if match:
            return (i, match.end() - 1), SPACE_AFTER_COLON, {"key": match[1]}
    return None


def _fullwidth_colon(window, problem, context, exc):
    for i, line in window:
        match = _KEY_FULLWIDTH_COLON.match(line)
        if match:
            return (i, match.end() - 1), FULLWIDTH_COLON, {"key": match[1]}
    return None


def _fullwidth_comma(window, problem, context, exc):
    if "flow" not in context and "flow" not in problem:
        return None
    for i, line in window:
        if "，" in line and ("[" in line or "{" in line):
            return (i, line.index("，")), FULLWIDTH_COMMA, {}
    return None


def _indentation(lines, row):
    """An over-indented or misaligned line at (or just before) ``row``."""
    def content(i):
        stripped = lines[i].strip()
        return stripped and not stripped.startswith("#")

    previous = next((i for i in range(row - 1, -1, -1) if content(i)), None)
    if previous is None or not content(row):
        return None
    here, before = _indent(lines[row]), _indent(lines[previous])
    prev_text = lines[previous].strip()
    if here > before:
        if re.match(r"^(?:-\s+)?[^\s:#][^:#]*:\s+\S", prev_text):      # "key: value" already has a value
            return (row, here), OVER_INDENTED, {"previous": previous + 1, "spaces": before}
        if ":" not in prev_text and not prev_text.startswith("-"):
            return (previous, before), MISSING_COLON, {"text": prev_text}
        return None
    levels = {_indent(lines[i]) for i in range(row) if content(i)}
    if here not in levels:
        return (row, here), MISALIGNED, {}
    return None


def suspicious(root, name):
    """Findings for mistakes that parse as text: ``name：x``, ``name:　x``, ``[甲，乙]``."""
    findings = []
    stack = [(root, None)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, "key"))
                stack.append((value, node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, node) for item in node.value)
        elif isinstance(node, yaml.ScalarNode) and node.style is None and isinstance(node.value, str):
            findings += _plain(node, parent, name)
    return sorted(findings, key=lambda f: (f.source.line, f.source.column))


def _plain(node, parent, name):
    text = node.value
    mark = node.start_mark
    source = Source(name, mark.line + 1, mark.column + 1)
    params = {"line": mark.line + 1}
    if parent == "key" and text.startswith("\u3000"):
        return [Finding("LOAD-FULLWIDTH", ERROR, FULLWIDTH_SPACE, source, params)]
    match = _PLAIN_FULLWIDTH_COLON.match(text)
    if match:
        return [Finding("LOAD-FULLWIDTH", ERROR, FULLWIDTH_COLON, source, {**params, "key": match[1]})]
    match = _PLAIN_SPACE.match(text)
    if match:
        return [Finding("LOAD-FULLWIDTH", ERROR, SPACE_AFTER_COLON, source, {**params, "key": match[1]})]
    if isinstance(parent, yaml.SequenceNode) and parent.flow_style and "，" in text:
        return [Finding("LOAD-FULLWIDTH", WARNING, FULLWIDTH_COMMA_ITEM, source, {**params, "text": text})]
    return []
