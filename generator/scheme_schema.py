"""Every key a scheme.yaml may hold, with its type: the one place that says so.

``disclosure scheme check`` (generator/scheme_check.py) validates a scheme.yaml against
:data:`SCHEMA`; docs/schemes.md lists the same keys (tests/test_scheme_check.py fails when
the program reads a scheme key this schema does not list, or the documentation misses one).

A type is one of the small classes below: :class:`Scalar` (text, whole number, number,
true/false), :class:`Choice`, :class:`ListOf`, :class:`MapOf` (free keys: section ids, table
ids), :class:`Keys` (fixed keys), :class:`Either`.  Keys whose list follows a dataclass
(fonts, page, number_style) are taken from it, so they cannot drift.
"""

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scalar:
    name: str                       # text, integer, number, boolean, any

    def describe(self, lang="zh"):
        return {"zh": {"text": "文本", "integer": "整数", "number": "数字", "boolean": "true/false",
                       "any": "任意值"}, "en": {"text": "text", "integer": "whole number", "number": "number",
                                             "boolean": "true/false", "any": "any value"}}[lang][self.name]


TEXT, INTEGER, NUMBER, BOOLEAN, ANY = (Scalar(n) for n in ("text", "integer", "number", "boolean", "any"))


@dataclass(frozen=True)
class Choice:
    choices: tuple

    def describe(self, lang="zh"):
        return " / ".join(str(c) for c in self.choices)


@dataclass(frozen=True)
class ListOf:
    item: object

    def describe(self, lang="zh"):
        return ("列表（" if lang == "zh" else "list of (") + describe(self.item, lang) + ("）" if lang == "zh" else ")")


@dataclass(frozen=True)
class MapOf:
    """A mapping with free keys (ids chosen by the scheme) and values of one type."""

    value: object
    key_name: str = "id"

    def describe(self, lang="zh"):
        return ("映射 {" if lang == "zh" else "mapping {") + f"{self.key_name}: " + describe(self.value, lang) + "}"


@dataclass(frozen=True)
class Keys:
    """A mapping with fixed keys: ``{key: type}``; ``required`` keys must be present."""

    keys: dict
    required: tuple = ()
    doc: str = ""

    def describe(self, lang="zh"):
        return ("映射（键见下）" if lang == "zh" else "mapping (keys below)")


@dataclass(frozen=True)
class Either:
    options: tuple = field(default_factory=tuple)

    def describe(self, lang="zh"):
        return (" 或 " if lang == "zh" else " or ").join(describe(o, lang) for o in self.options)


def describe(kind, lang="zh"):
    return kind.describe(lang)


def _fields(cls):
    """``{field: type}`` of a settings dataclass (Fonts, Page, NumberStyle): str → text, tuple →
    text or list of texts (a font list), bool → boolean, int/float → number."""
    kinds = {}
    for f in dataclasses.fields(cls):
        default = f.default if f.default is not dataclasses.MISSING else None
        if isinstance(default, bool):
            kinds[f.name] = BOOLEAN
        elif isinstance(default, (int, float)):
            kinds[f.name] = NUMBER
        elif isinstance(default, tuple):
            kinds[f.name] = Either((ListOf(Either((TEXT, NUMBER))), TEXT))
        elif isinstance(default, str):
            kinds[f.name] = TEXT
        else:
            kinds[f.name] = ANY
    return kinds


def _number_style():
    from generator.formatting import NumberStyle

    keys = _fields(NumberStyle)
    decimals = Choice((0, 1, 2))
    keys.update({"percent_decimals": decimals, "share_method": Choice(("independent", "largest_remainder")),
                 "tables": Keys({"thousands_separator": BOOLEAN, "percent_decimals": decimals}),
                 "prose": Keys({"thousands_separator": BOOLEAN, "percent_decimals": decimals})})
    return Keys(keys)


NUMBERING = Choice(("cn", "cn_paren", "arabic_dot", "arabic_comma", "arabic_paren"))
META = Keys({"unit": TEXT, "year": TEXT, "amount": TEXT})
CELL = Either((TEXT, NUMBER, Keys({"text": TEXT, "colspan": INTEGER, "rowspan": INTEGER, "align": Choice(
    ("left", "center", "right")), "figure": TEXT})))

#: A table of Part 2: ``kind`` picks the builder (generator/tables.py KINDS); the other keys
#: are its layout.
TABLE = Keys({
    "kind": TEXT,
    "title": TEXT,
    "code": TEXT,
    "notes": ListOf(TEXT),
    "empty_statement": TEXT,
    "landscape": BOOLEAN,
    "font_size": NUMBER,
    "meta": META,
    "show_if": Either((TEXT, ListOf(TEXT))),
    # function tables (类/款/项 rows)
    "rows_with": ListOf(TEXT),
    "columns": Either((ListOf(Keys({"key": TEXT, "label": TEXT, "group": TEXT}, required=("key", "label"))),
                       ListOf(ListOf(Either((TEXT, INTEGER)))))),
    "code_columns": Choice(("one", "split")),
    "code_label": TEXT,
    "name_label": TEXT,
    "item_label": TEXT,
    "column_numbers": BOOLEAN,
    "total_row": Choice(("top", "bottom")),
    "code_width": NUMBER,
    "name_width": NUMBER,
    # economic table
    "group_header": BOOLEAN,
    "optional_groups": ListOf(Either((TEXT, INTEGER))),
    # summary tables (01, 04)
    "use_of_surplus_label": TEXT,
    "row_numbers": BOOLEAN,
    "amount_label": TEXT,
    # 三公 table
    "vehicle_label": TEXT,
    "vehicle_operation_label": TEXT,
    "arrangement": Choice(("by_side", "by_item")),
    "caption": TEXT,
    # the units table (kind: units): its column labels
    "labels": ListOf(TEXT),
    # tables written as data (kind: figures)
    "header": ListOf(ListOf(CELL)),
    "rows": ListOf(ListOf(CELL)),
    "widths": ListOf(NUMBER),
}, required=("kind", "title"))

PART = Keys({"id": TEXT, "title": TEXT, "sections": ListOf(TEXT), "tables": ListOf(TEXT), "remove": BOOLEAN},
            required=("id",))

SCORING = Keys({
    "columns": ListOf(Choice(("level1", "level2", "level3", "target", "achieved", "criteria", "weight", "score",
                              "deviation"))),
    "precision": Choice((0, 1, 2)),
    "label_column": BOOLEAN,
    "subtotals": BOOLEAN,
    "breakdowns": ListOf(Choice(("by_income", "by_spending", "sources"))),
    "funds_label": TEXT,
    "note": Either((TEXT, ListOf(TEXT))),
})

EVALUATION = Keys({
    "annex_label": TEXT,
    "annex_list_lead": TEXT,
    "annex_item": TEXT,
    "subheadings": Choice(("heading", "run_in")),
    "base_data_title": TEXT,
    "scoring_title": TEXT,
    "scoring": SCORING,
})


#: Words of the generated phrases (DeltaView): up 增加, down 减少, rate_up 增长, rate_down 降低.
WORDING = Keys({"up": TEXT, "down": TEXT, "rate_up": TEXT, "rate_down": TEXT})

#: A chart (generator/charts.py): drawn from the figures, placed after a section.
CHART = Keys({"id": TEXT, "kind": Choice(("pie", "bar")), "data": TEXT, "after": TEXT, "title": TEXT, "part": TEXT,
              "remove": BOOLEAN}, required=("id",))


def _schema():
    from generator.document import Fonts, Page

    return Keys({
        "extends": TEXT,
        "import_default": BOOLEAN,
        "title": TEXT,
        "cover": ListOf(TEXT),
        "toc_title": TEXT,
        "number_style": _number_style(),
        "tail_note": TEXT,
        "share_note": TEXT,
        "annex_missing": TEXT,
        "table01_categories": Choice(("all", "nonzero")),
        "table01_blank_before_total": BOOLEAN,
        "table01_category_codes": ListOf(Either((TEXT, INTEGER))),
        "item_numbering": NUMBERING,
        "subsection_numbering": NUMBERING,
        "fonts": Keys(_fields(Fonts)),
        "page": Keys(_fields(Page)),
        "parts": ListOf(PART),
        "section_titles": MapOf(TEXT, "section"),
        "table_meta": META,
        "tables": MapOf(TABLE, "table"),
        "evaluation": EVALUATION,
        "glossary": ListOf(Keys({"term": TEXT, "definition": TEXT, "remove": BOOLEAN}, required=("term",))),
        "wording": WORDING,
        "chart_caption": TEXT,
        "chart_fonts": ListOf(TEXT),
        "charts": ListOf(CHART),
    }, required=("parts",))


SCHEMA = _schema()


def key_paths(kind=None, prefix=""):
    """Every documented key path (``tables.<table>.columns[].key``), with its type, in order."""
    kind = SCHEMA if kind is None else kind
    out = []
    if isinstance(kind, Keys):
        for key, sub in kind.keys.items():
            path = f"{prefix}.{key}" if prefix else key
            out.append((path, sub))
            out.extend(key_paths(sub, path))
    elif isinstance(kind, ListOf):
        out.extend(key_paths(kind.item, prefix + "[]"))
    elif isinstance(kind, MapOf):
        out.extend(key_paths(kind.value, f"{prefix}.<{kind.key_name}>"))
    elif isinstance(kind, Either):
        seen = set()
        for option in kind.options:
            for path, sub in key_paths(option, prefix):
                if path not in seen:
                    seen.add(path)
                    out.append((path, sub))
    return out


def all_keys():
    """Every key name the schema knows, at any depth (for the code-reads test)."""
    return {path.rsplit(".", 1)[-1].replace("[]", "") for path, _ in key_paths()}
