"""YAML → a tree of nodes that remember where they came from.

Safe loading only (``yaml.SafeLoader``'s composer: no Python objects, no tags).  Every
number arrives as an exact ``Decimal`` built from the YAML *text* (``417.30`` stays
``Decimal("417.30")``; a float never exists).  Duplicate keys and syntax errors are
findings with a location, never an exception.

An input is untrusted, so reading it is bounded (see docs/security.md): the file must be a
regular file of at most ``MAX_BYTES``; aliases are counted and their expansion is charged to
the node budget (``MAX_ALIASES``, ``MAX_NODES``), a recursive alias is refused, and nesting
stops at ``MAX_DEPTH``.  Each limit is a located ``LOAD-LIMIT`` error.  Syntax errors are
explained in words where the cause is a common one (see :mod:`generator.yaml_hints`).
"""

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.findings import ERROR, WARNING, Finding, Source, join_path
from generator.i18n import N_
from generator.money import D, NumberError
from generator import yaml_hints
from generator.text_rules import tree_findings as text_findings

#: The largest input file read (bytes); real inputs are 10–60 kB.
MAX_BYTES = 5 * 1024 * 1024
#: Alias uses (``*name``) allowed in one file.
MAX_ALIASES = 100
#: Nodes in one file, counting every node an alias stands for (real inputs: about 2,000).
MAX_NODES = 50_000
#: Levels of nested mappings and lists (real inputs: about 10).
MAX_DEPTH = 50

TOO_LARGE = N_("the file has {size} bytes, more than the limit of {limit}; an input is a few dozen kB")
NOT_REGULAR = N_("not a regular file (a directory, a named pipe or a device); it is not read")
TOO_MANY_ALIASES = N_("more than {limit} aliases (*name); an input needs few or none")
TOO_MANY_NODES = N_("more than {limit} values (counting what the aliases repeat); the file is not read further")
TOO_DEEP = N_("more than {limit} levels of nesting; the file is not read further")
RECURSIVE_ALIAS = N_("the alias *{anchor} is used inside the value it names (&{anchor}): it has no end")
GB18030 = N_("the file is encoded in GBK/GB18030, not UTF-8; it was read as GB18030, but please save it as UTF-8 (请另存为 UTF-8)")
NOT_UTF8 = N_("the file is not UTF-8 text (byte {byte} at line {line} cannot be decoded, nor as GBK/GB18030); save it as UTF-8")

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
    """Read ``path`` into a :class:`LoadResult` (a regular file of at most ``MAX_BYTES``)."""
    path = Path(path)
    name = display_name or str(path)
    try:
        data = read_bounded(path)
    except FileNotFoundError:
        return _failed(path, "LOAD-FILE", N_("file not found"), Source(name))
    except _Refused as refused:
        return _failed(path, refused.rule, refused.message, Source(name), refused.params)
    except OSError as exc:
        return _failed(path, "LOAD-FILE", N_("cannot read the file: {reason}"), Source(name),
                       {"reason": exc.strerror or exc})
    text, findings = _decode(data, name)
    if text is None:
        return LoadResult(None, tuple(findings), path)
    result = load_text(text, name, path)
    return LoadResult(result.tree, tuple(findings) + result.findings, path)


class _Refused(Exception):
    def __init__(self, rule, message, **params):
        super().__init__(message)
        self.rule, self.message, self.params = rule, message, params


def read_bounded(path, limit=MAX_BYTES):
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    The file is opened without blocking and checked with ``fstat`` before anything is read,
    so a FIFO, a device such as /dev/zero or a directory is refused without being read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise _Refused("LOAD-FILE", NOT_REGULAR) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("LOAD-FILE", NOT_REGULAR)
        if info.st_size > limit:
            raise _Refused("LOAD-LIMIT", TOO_LARGE, size=info.st_size, limit=limit)
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:                               # grew while being read
        raise _Refused("LOAD-LIMIT", TOO_LARGE, size=len(data), limit=limit)
    return data


class Unpeekable(Exception):
    """:func:`peek` cannot answer quickly: the caller reads the file with :func:`load`."""


_FLOW = re.compile(r"[\[\]{}]")
#: What :func:`peek` reads (an input of 500 项 is ~60,000 characters); larger files, and files
#: with longer lines, go to the careful loader.
PEEK_MAX_CHARS = 256 * 1024
PEEK_MAX_LINE = 1000


def peek(path, paths):
    """The texts of the scalars at ``paths`` (each a tuple of keys, e.g. ("unit", "scheme")) of a
    YAML file, or None where there is none or it is empty — what :func:`load`'s tree has there
    as ``node.text``, with the same rules (the first of duplicate keys; a node with a tag the
    loader refuses is none).

    For build's fingerprints of many inputs: libyaml composes the file (about thirty times
    faster than the careful loader) and nothing is constructed, so an alias costs nothing.
    The file is read within the same limits (a regular file of at most ``MAX_BYTES``);
    :class:`Unpeekable` when it cannot be read or decoded, when libyaml is missing or fails,
    when the file is larger than ``PEEK_MAX_CHARS`` or has a line longer than
    ``PEEK_MAX_LINE``, or when flow brackets nest deeper than ``MAX_DEPTH`` (libyaml builds
    every node without a budget and its composer recurses)."""
    if not getattr(yaml, "__with_libyaml__", False):
        raise Unpeekable("no libyaml")
    try:
        text, _ = _decode(read_bounded(Path(path)), str(path))
    except (OSError, _Refused) as exc:
        raise Unpeekable(exc) from None
    if text is None:
        raise Unpeekable("not decodable")
    # libyaml composes without the careful loader's budgets: only what cannot grow large goes
    # to it — a small file (memory and time), of short lines (a block's nesting needs a column
    # of indentation or "- " per level, and libyaml's composer recurses on the C stack)
    if len(text) > PEEK_MAX_CHARS or max(map(len, text.splitlines()), default=0) > PEEK_MAX_LINE:
        raise Unpeekable("large")
    depth = 0
    for match in _FLOW.finditer(text):
        depth += 1 if match[0] in "[{" else -1
        if depth > MAX_DEPTH:
            raise Unpeekable("deep flow nesting")
    try:
        root = yaml.compose(text, Loader=_Peeker)
    except yaml.YAMLError as exc:
        raise Unpeekable(exc) from None
    return tuple(_peek_path(root, keys) for keys in paths)


if getattr(yaml, "__with_libyaml__", False):
    class _Peeker(yaml.CBaseLoader):
        """libyaml's composer; an untagged node gets its kind's default tag (str, seq, map),
        which is all :func:`peek` asks of it — BaseResolver's search is most of the time spent."""

        _DEFAULT = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
                    yaml.MappingNode: "tag:yaml.org,2002:map"}

        def resolve(self, kind, value, implicit):
            return self._DEFAULT[kind]


def _peek_path(node, keys):
    for key in keys:
        if not isinstance(node, yaml.MappingNode) or node.tag not in _ALLOWED_TAGS:
            return None
        node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if node is None or not isinstance(node, yaml.ScalarNode) or node.tag not in _ALLOWED_TAGS:
        return None
    return node.value or None


def bounded_data(path):
    """Plain Python data of a small trusted-format YAML file (a scheme.yaml), read within the
    same limits as an input; ValueError saying what is wrong."""
    try:
        text = read_bounded(path).decode("utf-8-sig")
    except _Refused as refused:
        raise ValueError(refused.message.format(**refused.params)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except _Limit as limit:
        raise ValueError(f"line {limit.mark.line + 1}: " + limit.message.format(**limit.params)) from None
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None
    finally:
        loader.dispose()


def _failed(path, rule, message, source, params=None):
    return LoadResult(None, (Finding(rule, ERROR, message, source, params or {}),), path)


def _decode(data, name):
    """(text, findings): UTF-8 (with or without BOM); else GB18030 with a warning; else an error."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[:bad].count(b"\n") + 1
        column = bad - (data.rfind(b"\n", 0, bad) + 1) + 1
        return None, [Finding("LOAD-FILE", ERROR, NOT_UTF8, Source(name, line, column),
                              {"byte": f"0x{data[bad]:02X}", "line": line})]
    line = data[:bad].count(b"\n") + 1
    return text, [Finding("LOAD-ENCODING", WARNING, GB18030, Source(name, line, 1))]


def load_text(text, name="<string>", path=None):
    """Parse YAML ``text`` (shown as ``name`` in messages), within the limits above."""
    findings = []
    path = Path(path or name)
    loader = _BoundedLoader(text)
    try:
        root = loader.get_single_node()
    except _Limit as limit:
        mark = limit.mark
        findings.append(Finding("LOAD-LIMIT", ERROR, limit.message,
                                Source(name, mark.line + 1, mark.column + 1), limit.params))
        return LoadResult(None, tuple(findings), path)
    except yaml.MarkedYAMLError as exc:
        findings.append(yaml_hints.explain(exc, text, name))
        return LoadResult(None, tuple(findings), path)
    except yaml.YAMLError as exc:
        findings.append(Finding("LOAD-SYNTAX", ERROR, N_("YAML syntax error: {problem}"),
                                Source(name), {"problem": exc}))
        return LoadResult(None, tuple(findings), path)
    finally:
        loader.dispose()
    if root is None:
        findings.append(Finding("LOAD-EMPTY", ERROR, N_("the file is empty"), Source(name, 1, 1)))
        return LoadResult(None, tuple(findings), path)
    findings += yaml_hints.suspicious(root, name)
    tree = _convert(root, name, "", findings)
    findings += text_findings(tree)          # characters the writers cannot print (TEXT-CHAR)
    return LoadResult(tree, tuple(findings), path)


class _Limit(Exception):
    def __init__(self, message, mark, **params):
        super().__init__(message)
        self.message, self.mark, self.params = message, mark, params


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader's composer with budgets: aliases, expanded nodes, depth; no recursive alias.

    The composer shares an aliased node instead of copying it, but everything after it walks
    the tree, so an alias is charged the full size of what it names.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._nodes = 0               # every node, an alias counting as the nodes it names
        self._depth = 0
        self._sizes = {}              # anchor → expanded size, once its node is complete
        self._open = []               # anchors whose node is being composed

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            return self._alias(event)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Limit(TOO_DEEP, event.start_mark, limit=MAX_DEPTH)
        self._charge(1, event.start_mark)
        anchor = getattr(event, "anchor", None)
        before = self._nodes
        if anchor is not None:
            self._open.append(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open.pop()
        if anchor is not None:
            self._sizes[anchor] = self._nodes - before
        return node

    def _alias(self, event):
        self._aliases += 1
        if self._aliases > MAX_ALIASES:
            raise _Limit(TOO_MANY_ALIASES, event.start_mark, limit=MAX_ALIASES)
        if event.anchor in self._open:
            raise _Limit(RECURSIVE_ALIAS, event.start_mark, anchor=event.anchor)
        self._charge(self._sizes.get(event.anchor, 1), event.start_mark)
        return super().compose_node(None, None)      # the anchored node (or PyYAML's error)

    def _charge(self, count, mark):
        self._nodes += count
        if self._nodes > MAX_NODES:
            raise _Limit(TOO_MANY_NODES, mark, limit=MAX_NODES)


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
        except NumberError as exc:
            findings.append(Finding("LOAD-NUMBER", ERROR, exc.message, source, {"text": exc.text}))
            return None
    if tag == _BOOL:
        return text.lower() in ("true", "yes", "on", "y")
    if tag == _NULL:
        return None
    return text  # strings, and timestamps kept as written
