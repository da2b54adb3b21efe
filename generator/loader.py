"""YAML → a tree of nodes that remember where they came from.

Safe loading only (``yaml.SafeLoader``'s composer: no Python objects, no tags).  Every
number arrives as an exact ``Decimal`` built from the YAML *text* (``417.30`` stays
``Decimal("417.30")``; a float never exists).  Duplicate keys and syntax errors are
findings with a location, never an exception.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.findings import ERROR, Finding, Source, join_path
from generator.i18n import N_
from generator.money import D

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Node:
    """A YAML value with its source.

    ``value`` is a dict (str → Node) for mappings, a list of Nodes for sequences, and
    str, Decimal, bool or None for scalars.  ``text`` is a scalar's text as written.
    """

    value: Any
    source: Source
    text: str = ""
    kind: str = "scalar"

    def is_map(self):
        return self.kind == "map"

    def is_seq(self):
        return self.kind == "seq"


@dataclass(frozen=True)
class LoadResult:
    """The tree (None when the file could not be read) and the loader's findings."""

    tree: Node | None
    findings: tuple
    path: Path


def load(path, display_name=None):
    """Read ``path`` into a :class:`LoadResult`."""
    path = Path(path)
    name = display_name or str(path)
    findings = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        findings.append(Finding("LOAD-FILE", ERROR, N_("file not found"), Source(name)))
        return LoadResult(None, tuple(findings), path)
    except (OSError, UnicodeDecodeError) as exc:
        findings.append(Finding("LOAD-FILE", ERROR, N_("cannot read the file: {reason}"),
                                Source(name), {"reason": exc}))
        return LoadResult(None, tuple(findings), path)
    return load_text(text, name, path)


def load_text(text, name="<string>", path=None):
    """Parse YAML ``text`` (shown as ``name`` in messages)."""
    findings = []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        findings.append(Finding("LOAD-SYNTAX", ERROR, N_("YAML syntax error: {problem}"),
                                Source(name, line, col), {"problem": problem}))
        return LoadResult(None, tuple(findings), Path(path or name))
    except yaml.YAMLError as exc:
        findings.append(Finding("LOAD-SYNTAX", ERROR, N_("YAML syntax error: {problem}"),
                                Source(name), {"problem": exc}))
        return LoadResult(None, tuple(findings), Path(path or name))
    if root is None:
        findings.append(Finding("LOAD-EMPTY", ERROR, N_("the file is empty"), Source(name, 1, 1)))
        return LoadResult(None, tuple(findings), Path(path or name))
    tree = _convert(root, name, "", findings)
    return LoadResult(tree, tuple(findings), Path(path or name))


def _source(node, name, path):
    mark = node.start_mark
    return Source(name, mark.line + 1, mark.column + 1, path)


_ALLOWED_TAGS = {_INT, _FLOAT, _BOOL, _NULL, "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp",
                 "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _convert(node, name, path, findings):
    source = _source(node, name, path)
    if node.tag not in _ALLOWED_TAGS:
        findings.append(Finding("LOAD-TAG", ERROR, N_("the YAML tag {tag} is not allowed in an input file"),
                                source, {"tag": node.tag}))
        return Node(None, source)
    if isinstance(node, yaml.MappingNode):
        items = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            key_path = join_path(path, key)
            if key is None:
                findings.append(Finding("LOAD-KEY", ERROR, N_("a key must be plain text"),
                                        _source(key_node, name, path)))
                continue
            if key in items:
                first = items[key].source
                findings.append(Finding(
                    "LOAD-DUPLICATE-KEY", ERROR,
                    N_("duplicate key '{key}' (first at line {first_line}); the later value would silently win"),
                    _source(key_node, name, key_path), {"key": key, "first_line": first.line}))
                continue
            child = _convert(value_node, name, key_path, findings)
            if child.kind != "scalar" or child.value is None:
                # a block or an empty value is located at its key, where an editor should jump
                child = Node(child.value, _source(key_node, name, key_path), child.text, child.kind)
            items[key] = child
        return Node(items, source, kind="map")
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(v, name, join_path(path, i), findings) for i, v in enumerate(node.value)],
                    source, kind="seq")
    return Node(_scalar(node, name, source, findings), source, node.value)


def _scalar(node, name, source, findings):
    tag, text = node.tag, node.value
    if tag in (_INT, _FLOAT):
        try:
            return D(text)
        except ValueError:
            findings.append(Finding("LOAD-NUMBER", ERROR, N_("'{text}' is not a finite number"),
                                    source, {"text": text}))
            return None
    if tag == _BOOL:
        return text.lower() in ("true", "yes", "on", "y")
    if tag == _NULL:
        return None
    return text  # strings, and timestamps kept as written
