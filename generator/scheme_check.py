"""``disclosure scheme check DIR``: is a scheme right before any unit uses it?

Three stages, each a list of located Findings (file:line:col and key path or template line):

1. **static** (:func:`static_findings`, also run by ``check`` of every input, cached per
   scheme): every scheme.yaml of the ``extends`` chain against the schema
   (generator/scheme_schema.py: unknown keys with a did-you-mean, wrong types, choices), the
   references of the merged scheme (part ids, a template for every section, a definition and a
   known kind for every table), the scheme's catalogue files, and every template compiled
   (a Jinja syntax error names the template and its line);
2. **examples** (:func:`render_examples`): every example input composed with the scheme, the
   report and its HTML page, so that a template using an undefined variable fails here, with
   the template's name and line, not when a unit renders; an example's fact the scheme never
   prints is a FACT-UNUSED warning (generator/unsaid.py).
"""

import difflib
import functools
from dataclasses import replace
from pathlib import Path

from generator.findings import ERROR, WARNING, Finding, Source, join_path
from generator.i18n import N_
from generator.scheme_schema import ANY, Choice, Either, Keys, ListOf, MapOf, SCHEMA, Scalar

UNKNOWN_KEY = N_("unknown key '{key}' in the scheme; did you mean '{suggestion}'?")
UNKNOWN_KEY_LIST = N_("unknown key '{key}' in the scheme (allowed here: {allowed})")
WRONG_TYPE = N_("'{key}' should be {expected}, found '{found}'")
NOT_CHOICE = N_("'{value}' is not one of: {choices}")
REQUIRED = N_("'{key}' is required here")
UNREADABLE = N_("the scheme file cannot be read: {reason}")
UNKNOWN_PART = N_("unknown part '{part}' (known: {known})")
NO_TEMPLATE = N_("section '{section}' of part '{part}' has no template {template} in the scheme's folders")
NO_TABLE = N_("part '{part}' lists table '{table}', which 'tables' does not define")
UNKNOWN_KIND = N_("table '{table}' has kind '{kind}'; known kinds: {known}")
UNKNOWN_KIND_NEAR = N_("table '{table}' has kind '{kind}'; did you mean '{suggestion}'?")
TEMPLATE_SYNTAX = N_("template {template}, line {line}: Jinja syntax error: {reason}")
TEMPLATE_RENDER = N_("example {input}: template {template}, line {line}: {reason}")
RENDER_FAILED = N_("example {input} cannot be composed with this scheme: {reason}")
EXAMPLE_UNREADABLE = N_("example {input} cannot be read (fix it first: disclosure check {input})")
CATALOGUE = N_("the scheme's catalogue file cannot be read: {reason}")
UNDEFINED = N_("'{name}' is undefined (not a variable the templates receive; see docs/schemes.md)")
NO_ATTRIBUTE = N_("'{name}' has no attribute '{attribute}'")
NO_EXAMPLES = N_("no example input to render: give --inputs FILE… (or put examples in inputs/)")

TYPE_NAMES = {"text": N_("text"), "integer": N_("a whole number"), "number": N_("a number"),
              "boolean": N_("true or false"), "any": N_("any value")}


# ------------------------------------------------------------------ scheme.yaml against the schema

def validate_file(path):
    """Findings of one scheme.yaml against :data:`SCHEMA` (positions from generator.loader)."""
    from generator.loader import load

    loaded = load(path)
    findings = [f for f in loaded.findings if f.severity == ERROR]
    findings = [Finding("SCHEME-YAML", ERROR, f.message, f.source, f.params) for f in findings]
    if loaded.tree is None:
        return findings
    if not loaded.tree.is_map():
        return findings + [Finding("SCHEME-TYPE", ERROR, WRONG_TYPE, loaded.tree.source,
                                   {"key": "scheme.yaml", "expected": _Expected(Keys({})), "found": "…"})]
    _walk(loaded.tree, SCHEMA, "", findings)
    return [_at_key(f, path) for f in findings]


def _at_key(finding, path):
    """An unknown key is located at the key itself (the loader locates a scalar at its value)."""
    if finding.rule != "SCHEME-KEY":
        return finding
    source = finding.source
    try:
        line = Path(path).read_text(encoding="utf-8-sig").splitlines()[source.line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return finding
    key = str(finding.params.get("key"))
    column = max(line.rfind(key + ":", 0, max(source.column - 1, 0)), line.rfind(key + '":', 0, source.column - 1),
                 line.rfind(key + "':", 0, source.column - 1))
    if column < 0:
        return finding
    if column > 0 and line[column - 1] in "\"'":
        column -= 1
    return replace(finding, source=Source(source.file, source.line, column + 1, source.path))


def _found(node):
    if node.kind == "map":
        return "{…}"
    if node.kind == "seq":
        return "[…]"
    return node.text if node.text != "" or node.value is None else str(node.value)


def _matches(node, kind):
    """Whether ``node`` has the shape of ``kind`` (shallowly: mappings and lists by kind)."""
    from decimal import Decimal

    if isinstance(kind, Scalar):
        value = node.value
        if kind.name == "any":
            return True
        if node.kind != "scalar":
            return False
        if kind.name == "text":
            return isinstance(value, str)
        if kind.name == "boolean":
            return isinstance(value, bool)
        if kind.name == "integer":
            return isinstance(value, Decimal) and value == value.to_integral_value()
        if kind.name == "number":
            return isinstance(value, Decimal)
    if isinstance(kind, Choice):
        return node.kind == "scalar" and _choice_value(node, kind) is not None
    if isinstance(kind, ListOf):
        return node.kind == "seq"
    if isinstance(kind, (Keys, MapOf)):
        return node.kind == "map"
    if isinstance(kind, Either):
        return any(_matches(node, option) for option in kind.options)
    return False


def _choice_value(node, kind):
    for choice in kind.choices:
        if node.value == choice or (node.text == str(choice) and node.kind == "scalar"):
            return choice
    return None


def _expected(kind, lang="zh"):
    from generator.i18n import translate

    if isinstance(kind, Scalar):
        return translate(TYPE_NAMES[kind.name], lang)
    if isinstance(kind, Choice):
        return " | ".join(str(c) for c in kind.choices)
    if isinstance(kind, ListOf):
        return translate(N_("a list"), lang)
    if isinstance(kind, (Keys, MapOf)):
        return translate(N_("a mapping"), lang)
    return " / ".join(_expected(o, lang) for o in kind.options)


def _walk(node, kind, path, findings):
    if node.value is None and node.kind == "scalar":
        return                                     # an empty value: the default applies
    if isinstance(kind, Either):
        options = [o for o in kind.options if _matches(node, o)]
        if not options:
            findings.append(_type_error(node, kind, path))
            return
        # a list of lists and a list of mappings are both lists: pick by the first item
        if node.kind == "seq" and len(options) > 1 and node.value:
            first = node.value[0]
            options = [o for o in options if not isinstance(o, ListOf) or _matches(first, o.item)] or options
        _walk(node, options[0], path, findings)
        return
    if isinstance(kind, Choice):
        if node.kind != "scalar" or _choice_value(node, kind) is None:
            findings.append(Finding("SCHEME-CHOICE", ERROR, NOT_CHOICE, node.source,
                                    {"value": _found(node), "choices": ", ".join(str(c) for c in kind.choices)}))
        return
    if not _matches(node, kind):
        findings.append(_type_error(node, kind, path))
        return
    if isinstance(kind, ListOf):
        for i, item in enumerate(node.value):
            _walk(item, kind.item, join_path(path, i), findings)
    elif isinstance(kind, MapOf):
        for key, item in node.value.items():
            _walk(item, kind.value, join_path(path, key), findings)
    elif isinstance(kind, Keys):
        for key, item in node.value.items():
            if key in kind.keys:
                _walk(item, kind.keys[key], join_path(path, key), findings)
                continue
            close = difflib.get_close_matches(key, list(kind.keys), n=1, cutoff=0.6)
            source = Source(item.source.file, item.source.line, item.source.column, join_path(path, key))
            if close:
                findings.append(Finding("SCHEME-KEY", ERROR, UNKNOWN_KEY, source, {"key": key, "suggestion": close[0]}))
            else:
                findings.append(Finding("SCHEME-KEY", ERROR, UNKNOWN_KEY_LIST, source,
                                        {"key": key, "allowed": ", ".join(kind.keys)}))
        # required keys are checked on the merged scheme (a child states only what differs)


def _type_error(node, kind, path):
    return Finding("SCHEME-TYPE", ERROR, WRONG_TYPE, node.source,
                   {"key": path.rsplit(".", 1)[-1] or "scheme.yaml", "expected": _Expected(kind), "found": _found(node)})


class _Expected:
    """The expected type, translated when the message is (a msgid, or a list of them)."""

    def __init__(self, kind):
        self.kind = kind

    def translated(self, lang):
        return _expected(self.kind, lang)

    def __str__(self):
        return _expected(self.kind)


# ------------------------------------------------------------------ the merged scheme's references

@functools.lru_cache(maxsize=32)
def _tree(path):
    from generator.loader import load

    return load(path).tree


def locate(scheme, *keys):
    """The source of ``keys`` (``"parts", "narrative", "sections"``: list entries by id) in the
    nearest scheme.yaml of the chain that states it; the scheme's own file otherwise."""
    for folder in scheme.folders:
        path = folder / "scheme.yaml"
        node = _tree(str(path))
        found = None
        for key in keys:
            if node is None:
                break
            if node.kind == "map":
                node = node.value.get(key)
            elif node.kind == "seq":
                node = next((e for e in node.value if e.kind == "map" and (
                    getattr(e.value.get("id"), "value", None) == key)), None)
            else:
                node = None
            found = node
        if found is not None:
            return Source(found.source.file, found.source.line, found.source.column, ".".join(map(str, keys)))
    return Source(str(scheme.folders[0] / "scheme.yaml"), 1, 1, ".".join(map(str, keys)))


def reference_findings(scheme):
    """Part ids, section templates, tables named and their kinds, on the merged scheme."""
    from generator.compose import PART_BUILDERS
    from generator.tables import KINDS

    findings = []
    parts = scheme.get("parts")
    if not isinstance(parts, list):
        return [Finding("SCHEME-REQUIRED", ERROR, REQUIRED, locate(scheme, "parts"), {"key": "parts"})]
    tables = scheme.get("tables") or {}
    folders = {"profile": "profile", "narrative": "narrative"}
    for part in parts:
        if not isinstance(part, dict) or not isinstance(part.get("id"), str):
            continue
        pid = part["id"]
        if pid not in PART_BUILDERS:
            findings.append(Finding("SCHEME-PART", ERROR, UNKNOWN_PART, locate(scheme, "parts", pid, "id"),
                                    {"part": pid, "known": ", ".join(PART_BUILDERS)}))
            continue
        folder = folders.get(pid)
        for section in part.get("sections") or []:
            if folder is None or not isinstance(section, str):
                continue
            template = f"{folder}/{section}.j2"
            if not any((f / template).is_file() for f in scheme.folders):
                findings.append(Finding("SCHEME-SECTION", ERROR, NO_TEMPLATE,
                                        locate(scheme, "parts", pid, "sections"),
                                        {"section": section, "part": pid, "template": template}))
        for table in part.get("tables") or []:
            if table not in tables:
                findings.append(Finding("SCHEME-TABLE", ERROR, NO_TABLE, locate(scheme, "parts", pid, "tables"),
                                        {"part": pid, "table": table}))
    for pid in [p.get("id") for p in parts if isinstance(p, dict)]:
        if not isinstance(pid, str):
            findings.append(Finding("SCHEME-REQUIRED", ERROR, REQUIRED, locate(scheme, "parts"), {"key": "id"}))
    for table, spec in tables.items():
        for key in ("kind", "title"):
            if isinstance(spec, dict) and key not in spec:
                findings.append(Finding("SCHEME-REQUIRED", ERROR, REQUIRED, locate(scheme, "tables", table),
                                        {"key": f"tables.{table}.{key}"}))
        kind = spec.get("kind") if isinstance(spec, dict) else None
        if isinstance(kind, str) and kind not in KINDS:
            close = difflib.get_close_matches(kind, list(KINDS), n=1, cutoff=0.6)
            where = locate(scheme, "tables", table, "kind")
            if close:
                findings.append(Finding("SCHEME-TABLE-KIND", ERROR, UNKNOWN_KIND_NEAR, where,
                                        {"table": table, "kind": kind, "suggestion": close[0]}))
            else:
                findings.append(Finding("SCHEME-TABLE-KIND", ERROR, UNKNOWN_KIND, where,
                                        {"table": table, "kind": kind, "known": ", ".join(sorted(KINDS))}))
    return findings


def catalogue_findings(scheme):
    """Each catalogue file the chain ships, read (its shape checked)."""
    from generator.catalogue import CatalogueError, read_extension

    findings = []
    for folder in scheme.catalogue_folders():
        for path in sorted(folder.glob("*.yaml")):
            try:
                read_extension(path)
            except CatalogueError as exc:
                findings.append(Finding("SCHEME-CATALOGUE", ERROR, CATALOGUE, Source(str(path), 1, 1), {"reason": exc}))
    return findings


# ------------------------------------------------------------------ templates

def template_names(scheme):
    """Every template name (``narrative/income.j2``) the chain resolves, in order."""
    names = set()
    for folder in scheme.folders:
        names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*.j2") if p.is_file())
    return sorted(names)


def compile_findings(scheme):
    """Every template of the chain compiled: a syntax error names the template and its line."""
    from jinja2 import TemplateSyntaxError

    findings = []
    env = scheme.env
    page_env = env.overlay(bytecode_cache=_page_cache(env.sandboxed))   # the PDF page's filters are the writer's
    page_env.filters = _AnyFilter(env.filters)
    for name in template_names(scheme):
        try:
            (page_env if name.startswith("html/") else env).get_template(name)
        except TemplateSyntaxError as exc:
            file = exc.filename or name
            findings.append(Finding("SCHEME-TEMPLATE", ERROR, TEMPLATE_SYNTAX, Source(str(file), exc.lineno or 0, 1),
                                    {"template": exc.name or name, "line": exc.lineno or 0, "reason": exc.message}))
    return findings


@functools.lru_cache(maxsize=2)
def _page_cache(sandboxed=True):
    """The page templates' compiled code, kept apart from the narrative templates' (own files;
    sandboxed and unsandboxed code apart, see generator.scheme._bytecode_cache)."""
    from jinja2 import FileSystemBytecodeCache

    try:
        return FileSystemBytecodeCache(pattern="__disclosure_page_%s.cache" if sandboxed else "__disclosure_page_trusted_%s.cache")
    except (OSError, RuntimeError):
        return None


class _AnyFilter(dict):
    """Filters for compiling the PDF page template: the writer registers its own filters when it
    renders (an unknown one fails when ``scheme check`` renders the examples' pages)."""

    def __contains__(self, name):
        return True

    def __missing__(self, name):
        return lambda value, *args, **kwargs: value

    def get(self, name, default=None):
        return self[name]


def template_location(exc):
    """(template name, file, line) of the innermost template frame of ``exc``'s traceback (Jinja
    rewrites its frames to the template's file and line), or None."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        return exc.name, exc.filename, exc.lineno
    found, tb = None, exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "__jinja_template__" in tb.tb_frame.f_globals:
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            name = template.name if template is not None else Path(filename).name
            line = template.get_corresponding_lineno(tb.tb_lineno) if template is not None else tb.tb_lineno
            found = (name, filename if filename.endswith(".j2") else getattr(template, "filename", filename), line)
        tb = tb.tb_next
    return found


class _Reason:
    """A Jinja error in words: an undefined name is said in the user's language."""

    def __init__(self, exc, source_line=""):
        self.exc = exc
        self.source_line = source_line or ""

    def translated(self, lang):
        import re

        from generator.i18n import translate

        message = str(getattr(self.exc, "message", None) or self.exc)
        match = re.fullmatch(r"'([^']+)' is undefined", message)
        if match:
            return translate(UNDEFINED, lang, name=match.group(1))
        match = re.fullmatch(r"'([^']+)' has no attribute '([^']+)'", message)
        if match:
            name, attribute = match.groups()
            # Jinja says 'dict object'; the template's line says which variable it was
            used = re.search(r"([A-Za-z_][\w.]*)\.%s\b" % re.escape(attribute), self.source_line)
            return translate(NO_ATTRIBUTE, lang, name=used.group(1) if used else name, attribute=attribute)
        return message

    def __str__(self):
        return self.translated("zh")


def _line_of(file, line):
    try:
        return Path(file).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError, TypeError):
        return ""


def _template_name(file, name, folders):
    """``narrative/income.j2`` for a template file inside one of the scheme's folders."""
    for folder in folders:
        try:
            return Path(file).resolve().relative_to(Path(folder).resolve()).as_posix()
        except (ValueError, OSError):
            continue
    return name


def error_finding(exc, source_of_input, input_name, rule="SCHEME-RENDER", folders=()):
    """A located finding for an exception raised while composing ``input_name``: at the template
    line when a template raised it, else at the input."""
    cause = exc
    while cause.__cause__ is not None and not template_location(cause):
        cause = cause.__cause__
    where = template_location(cause)
    if where is None and exc.__cause__ is not None:
        where = template_location(exc.__cause__)
        cause = exc.__cause__ if where else cause
    if where is not None:
        name, file, line = where
        name = _template_name(file, name, folders) if file else name
        return Finding(rule, ERROR, TEMPLATE_RENDER, Source(str(file or name), line or 0, 1),
                       {"input": input_name, "template": name, "line": line,
                        "reason": _Reason(cause, _line_of(file, line))})
    return Finding(rule, ERROR, RENDER_FAILED, source_of_input, {"input": input_name, "reason": _Reason(cause)})


# ------------------------------------------------------------------ the static stage, cached

def static_findings(scheme):
    """Schema, references, catalogues and compiled templates of ``scheme`` (cached per scheme
    and the state of its files, so ``check`` of many inputs pays once)."""
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in scheme.files())
    return _static(scheme.name, scheme.folders, stamp, scheme)


_CACHE = {}


def _static(name, folders, stamp, scheme):
    key = (name, tuple(str(f) for f in folders), stamp)
    if key not in _CACHE:
        findings = []
        for folder in scheme.folders:
            findings += validate_file(folder / "scheme.yaml")
        findings += reference_findings(scheme)
        findings += catalogue_findings(scheme)
        findings += compile_findings(scheme)
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = tuple(findings)
    return _CACHE[key]


# ------------------------------------------------------------------ the examples

def default_inputs(cwd=None):
    """The example inputs rendered by default: ``inputs/*.yaml`` of the current folder, else the
    program's own examples."""
    from generator.scheme import TEMPLATES_DIR

    for folder in (Path(cwd or Path.cwd()) / "inputs", TEMPLATES_DIR.parent / "inputs"):
        files = sorted(folder.glob("*.yaml"))
        if files:
            return files
    return []


def render_examples(scheme, inputs, html=True):
    """Compose every input with ``scheme`` (and render the PDF's HTML page): a template error is
    a finding at the template's line, naming the example."""
    from dataclasses import replace

    from generator.compute import compute
    from generator.kinds import kinds
    from generator.model import parse_file
    from generator.previous import attach_previous
    from generator.unsaid import FACT_UNUSED, _shown as shown, compose_recorded, unsaid

    findings = []
    for path in inputs:
        name = str(path)
        parsed = parse_file(path)
        if parsed.input is None or any(f.severity == ERROR for f in parsed.findings):
            findings.append(Finding("SCHEME-EXAMPLE", WARNING, EXAMPLE_UNREADABLE, Source(name, 1, 1), {"input": name}))
            continue
        inp, _ = attach_previous(parsed.input, path, None)
        inp = replace(inp, unit=replace(inp.unit, scheme=scheme.name))
        where = inp.where("unit.scheme")
        try:
            figures = compute(inp, catalogue=scheme.catalogue(inp.unit.year))
            if inp.is_report:                      # composed as check does: what it never prints is said
                doc, printed = compose_recorded(figures, scheme)
                docs = [doc]
                findings += [Finding("FACT-UNUSED", WARNING, FACT_UNUSED, inp.where(fact),
                                     {"path": fact, "value": shown(value), "scheme": scheme.name})
                             for fact, value in unsaid(inp, figures, scheme, (doc, printed))]
            else:
                docs = [k.compose(figures, scheme) for k in kinds() if inp.documents.get(k.key) is not None]
        except Exception as exc:                   # noqa: BLE001 — any failure is the scheme's finding
            findings.append(error_finding(exc, where, name, folders=scheme.folders))
            continue
        if html:
            from generator.writers.pdf import render_html

            for doc in docs:
                try:
                    render_html(doc, scheme)
                except Exception as exc:           # noqa: BLE001
                    findings.append(error_finding(exc, where, name, folders=scheme.folders))
    return findings


def check_scheme(folder, inputs=None, search=()):
    """Every finding of ``disclosure scheme check``: the scheme in ``folder`` (its name is the
    folder's name, its parents are looked up beside it, in ``search`` and the built-in ones)."""
    from generator.scheme import TEMPLATES_DIR, SchemeError, load_scheme

    folder = Path(folder)
    yaml_path = folder / "scheme.yaml"
    if not yaml_path.is_file():
        return [Finding("SCHEME-YAML", ERROR, UNREADABLE, Source(str(yaml_path)), {"reason": "scheme.yaml not found"})]
    own = validate_file(yaml_path)
    try:
        scheme = load_scheme(folder.name, (folder.parent,) + tuple(search) + (TEMPLATES_DIR,))
    except SchemeError as exc:
        return own + [Finding("SCHEME-EXTENDS", ERROR, N_("unknown template scheme: {reason}"),
                              Source(str(yaml_path), 1, 1, "extends"), {"reason": exc})]
    findings = list(static_findings(scheme))
    if any(f.severity == ERROR for f in findings):
        return findings
    inputs = default_inputs() if inputs is None else [Path(p) for p in inputs]
    if not inputs:
        return findings + [Finding("SCHEME-EXAMPLE", WARNING, NO_EXAMPLES, Source(str(yaml_path)))]
    return findings + render_examples(scheme, inputs)
