"""The reference tables of docs/schemes.md, generated from the code: every scheme key (from
generator/scheme_schema.py, with its type and an example from the shipped schemes) and every
variable the narrative templates receive (from compose.build_view on the example inputs, with
an example value).

``python -m generator.scheme_doc`` prints both tables, ``--write`` replaces them in
docs/schemes.md; tests/test_scheme_check.py fails when docs/schemes.md misses a key or a
variable, so the documentation cannot drift.
"""

import dataclasses
import sys

from generator.scheme import TEMPLATES_DIR
from generator.scheme_schema import Keys, ListOf, MapOf, describe, key_paths

#: The 三公 parts of ``three.<part>``.
THREE_PARTS = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")


def _examples():
    return sorted((TEMPLATES_DIR.parent / "inputs").glob("*.yaml"))


# ------------------------------------------------------------------ scheme keys

def _scheme_values():
    """{key path: first example value} over the shipped scheme.yaml files."""
    from generator.loader import bounded_data

    values = {}

    def walk(value, path):
        if path and path not in values:
            values[path] = value
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for item in value:
                walk(item, path + "[]")

    for folder in sorted(TEMPLATES_DIR.iterdir()):
        if (folder / "scheme.yaml").is_file():
            data = bounded_data(folder / "scheme.yaml")
            for key in ("section_titles", "tables"):          # free keys → <section>, <table>
                if isinstance(data.get(key), dict):
                    name = "<section>" if key == "section_titles" else "<table>"
                    data = {**data, key: {name: _union(data[key].values())}}
            walk(data, "")
    return values


def _union(mappings):
    merged = {}
    for item in mappings:
        if isinstance(item, dict):
            for key, value in item.items():
                merged.setdefault(key, value)
        elif not merged:
            return item
    return merged


def _short(value, width=60):
    import json

    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= width else text[:width] + "…"


def scheme_key_table(lang="zh"):
    values = _scheme_values()
    head = ("| 键 | 类型 | 示例（内置方案） |", "|---|---|---|") if lang == "zh" else \
        ("| key | type | example (shipped schemes) |", "|---|---|---|")
    rows = []
    for path, kind in key_paths():
        example = values.get(path)
        shown = "" if example is None or isinstance(kind, (Keys, MapOf)) or \
            (isinstance(kind, ListOf) and isinstance(kind.item, Keys)) else f"`{_short(example)}`"
        rows.append(f"| `{path}` | {describe(kind, lang)} | {shown} |")
    return "\n".join(head + tuple(rows))


# ------------------------------------------------------------------ template variables

def _walk_view(value, path, out):
    from generator.compose import DeltaView

    if isinstance(value, DeltaView):
        out.setdefault(path, ("DeltaView", value.amount or value.current))
        return
    if isinstance(value, dict) and value:
        for key, item in value.items():
            if path == "three" and key in THREE_PARTS:
                key = "<part>"
            elif path == "fund_items":
                key = "<fund>"
            _walk_view(item, f"{path}.{key}" if path else str(key), out)
        return
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], dict):
        for item in value:
            _walk_view(item, path + "[]", out)
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _walk_view(getattr(value, f.name), f"{path}.{f.name}", out)
        return
    out.setdefault(path, (type(value).__name__, value))
    if out[path][1] in (None, "", [], (), {}) and value not in (None, "", [], (), {}):
        out[path] = (type(value).__name__, value)


def view_entries(inputs=None):
    """{variable path: (type, example value)} of the narrative view, over the example inputs
    (each composed with its own scheme)."""
    from generator.compose import build_view, number_style
    from generator.pipeline import check_file
    from generator.scheme import load_scheme

    out = {}
    for path in inputs or _examples():
        checked = check_file(path)
        if checked.input is None or not checked.input.is_report:
            continue
        scheme = load_scheme(checked.input.unit.scheme)
        view = build_view(checked.figures, scheme, number_style(scheme, checked.input.unit))
        _walk_view(view, "", out)
    return out


def view_paths(inputs=None):
    return sorted(view_entries(inputs))


def view_table(lang="zh"):
    entries = view_entries()
    head = ("| 变量 | 类型 | 示例值（示例输入） |", "|---|---|---|") if lang == "zh" else \
        ("| variable | type | example value (example inputs) |", "|---|---|---|")
    rows = []
    for path in sorted(entries):
        kind, value = entries[path]
        rows.append(f"| `{path}` | {kind} | {'' if value in (None, '') else '`' + _short(value, 40) + '`'} |")
    return "\n".join(head + tuple(rows))


DOC = TEMPLATES_DIR.parent / "docs" / "schemes.md"
SECTIONS = (("scheme keys", scheme_key_table), ("template variables", view_table))


def write_doc(path=DOC):
    """Replace the generated tables of docs/schemes.md (between their markers) with fresh ones."""
    import re

    text = path.read_text(encoding="utf-8")
    for name, table in SECTIONS:
        start = f"<!-- generated: {name} (python -m generator.scheme_doc --write) -->\n"
        end = f"\n<!-- end: {name} -->"
        text, count = re.subn(re.escape(start) + r".*?" + re.escape(end),
                              lambda _m, t=table: start + t() + end, text, flags=re.S)
        if count != 1:
            raise SystemExit(f"{path}: the markers of the {name} table are missing")
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_doc()
    else:
        print(scheme_key_table())
        print()
        print(view_table())
