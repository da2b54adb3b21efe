"""Charts of the computed figures, as the scheme declares them (``charts:`` in scheme.yaml).

A chart is data first: :func:`charts_for` turns the scheme's declarations and the view that
the narrative templates print (:func:`generator.compose.build_view`) into
:class:`generator.document.Figure` blocks, each carrying a :class:`Chart` — categories, series
of values and the *printed* labels (the same strings the prose prints: ``style.amount`` and
``style.shares``).  Nothing is typed and nothing is computed here.  Drawing (matplotlib) happens
only when a writer asks for the SVG or PNG (:func:`svg`, :func:`png`), and is cached by content,
so the preview server redraws only a chart whose figures changed.

Geometry (wedge angles, bar lengths) uses the rounded printed amounts converted to float:
drawing needs floats, and a chart is never read back as money.

The drawing is deterministic: fixed rcParams, ``svg.hashsalt`` from the chart's anchor (ids
unique within one page and stable between builds), no dates or software names in metadata.
"""

import functools
import io
import re
import threading
from dataclasses import dataclass
from decimal import Decimal

#: What a chart may show: the view's share lists and the 三公 comparison.
SOURCES = ("income", "spending", "general_by_category", "three_public")
KINDS = {"income": ("pie", "bar"), "spending": ("pie", "bar"), "general_by_category": ("pie", "bar"),
         "three_public": ("bar",)}
THREE_PUBLIC_PARTS = (("total", "合计"), ("abroad", "因公出国（境）费"),
                      ("vehicle", "公务用车购置及运行费"), ("reception", "公务接待费"))
DEFAULT_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK", "Source Han Sans SC")
PALETTE = ("#2f5d8a", "#c8553d", "#e0a458", "#5b8e7d", "#8d6a9f", "#6c757d", "#b5838d", "#3d405b",
           "#81b29a", "#f2cc8f")
UNIT = "万元"
#: Drawing width in inches: about the text block's (156 mm), so type prints at its size.
WIDTH = 6.2


class ChartError(ValueError):
    """A chart declaration the scheme cannot honour (named in the message)."""


@dataclass(frozen=True)
class Series:
    """One series: a name (legend), a value per category and the printed label of each value."""

    name: str
    values: tuple          # Decimal, rounded as printed
    labels: tuple          # the strings the prose prints for them


@dataclass(frozen=True)
class Chart:
    """What to draw: ``kind`` pie or bar; categories; series (a pie has one); the font family."""

    kind: str
    categories: tuple
    series: tuple
    shares: tuple = ()      # per category, the printed share (share lists), else ()
    fonts: tuple = DEFAULT_FONTS
    salt: str = "chart"

    def labels(self):
        """Every label the chart prints: categories, series names, amounts and shares."""
        out = list(self.categories)
        if self.kind != "pie" or len(self.series) > 1:
            out += [s.name for s in self.series if len(self.series) > 1]
        for series in self.series:
            out += list(series.labels)
        return out + [s for s in self.shares if s]

    def legend_lines(self):
        """Pie legend: ``name amount万元 share`` per category."""
        series = self.series[0]
        return [f"{name} {label}{UNIT} {share}" for name, label, share in
                zip(self.categories, series.labels, self.shares)]


# ------------------------------------------------------------------ declarations → Figures

def declarations(scheme):
    """The scheme's ``charts:`` list, checked (ChartError names the scheme and the chart)."""
    charts = scheme.get("charts") or []
    if not isinstance(charts, list):
        raise ChartError(f"scheme {scheme.name}: charts must be a list")
    seen = set()
    for number, spec in enumerate(charts, start=1):
        where = f"scheme {scheme.name}: charts[{number}]"
        if not isinstance(spec, dict):
            raise ChartError(f"{where} must be a mapping (id, kind, data, after, title)")
        for key in ("id", "kind", "data", "after", "title"):
            if not isinstance(spec.get(key), str) or not spec[key]:
                raise ChartError(f"{where}: '{key}' is required (a text)")
        if spec["data"] not in SOURCES:
            raise ChartError(f"{where}: data '{spec['data']}' is not one of {', '.join(SOURCES)}")
        if spec["kind"] not in KINDS[spec["data"]]:
            raise ChartError(f"{where}: kind '{spec['kind']}' cannot show {spec['data']} "
                             f"(use {' or '.join(KINDS[spec['data']])})")
        if spec["id"] in seen:
            raise ChartError(f"{where}: id '{spec['id']}' is declared twice")
        seen.add(spec["id"])
    return charts


def place(parts, fig, scheme, view):
    """``parts`` with each declared chart placed at the end of the section it names.

    A chart with nothing to show (a zero total, no 类 with spending) is left out; a chart
    after a section the scheme's part does not have is a ChartError.
    """
    from generator.document import Figure, Heading, Part

    specs = declarations(scheme)
    if not specs:
        return tuple(parts)
    fonts = chart_fonts(scheme)
    placed = {i: [] for i in range(len(parts))}
    number = 0
    for spec in specs:
        part_id = spec.get("part", "narrative")
        index = next((i for i, p in enumerate(parts) if p.heading.anchor == f"part-{part_id}"), None)
        anchor = f"{part_id}-{spec['after']}"
        if index is None or not any(isinstance(b, Heading) and b.anchor == anchor for b in parts[index].blocks):
            raise ChartError(f"scheme {scheme.name}: chart {spec['id']} is placed after section "
                             f"'{spec['after']}', which part '{part_id}' does not have")
        chart = build_chart(spec, fig, view, fonts)
        if chart is None:
            continue
        number += 1
        title = spec["title"].format(unit=fig.input.unit.name, year=fig.input.unit.year)
        caption = scheme.get("chart_caption", "图{number} {title}").format(number=number, title=title)
        placed[index].append((anchor, Figure(f"chart-{spec['id']}", caption, chart, alt_text(title, chart))))
    out = []
    for i, part in enumerate(parts):
        blocks = list(part.blocks)
        for anchor, figure in placed[i]:
            blocks.insert(_section_end(blocks, anchor), figure)
        out.append(Part(part.heading, tuple(blocks)) if placed[i] else part)
    return tuple(out)


def _section_end(blocks, anchor):
    """The index just after the section whose heading has ``anchor`` (before the next section)."""
    from generator.document import Heading

    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == anchor)
    level = blocks[start].level
    for i in range(start + 1, len(blocks)):
        if isinstance(blocks[i], Heading) and blocks[i].level <= level:
            return i
    return len(blocks)


def chart_fonts(scheme):
    """The chart's font families: the scheme's ``chart_fonts``, else its heading (黑体) stack."""
    fonts = scheme.get("chart_fonts") or (scheme.get("fonts") or {}).get("pdf_heading1") or DEFAULT_FONTS
    return tuple(fonts)


def _value(text):
    return Decimal(text.replace(",", "")) if text else Decimal(0)


def build_chart(spec, fig, view, fonts):
    """The Chart of one declaration from the view's printed figures, or None if it has no data."""
    salt = f"chart-{spec['id']}"
    if spec["data"] == "three_public":
        return _three_public(spec, fig, view, fonts, salt)
    items = {"income": view["income"], "spending": view["spending"],
             "general_by_category": [{"label": c["full_name"], "amount": c["amount"], "share": c["share"]}
                                     for c in view["categories"]]}[spec["data"]]
    items = [i for i in items if _value(i["amount"]) > 0 and i["share"]]
    if not items:
        return None
    series = Series(UNIT, tuple(_value(i["amount"]) for i in items), tuple(i["amount"] for i in items))
    return Chart(spec["kind"], tuple(i["label"] for i in items), (series,),
                 tuple(i["share"] for i in items), fonts, salt)


def _three_public(spec, fig, view, fonts, salt):
    three = view["three"]
    keys = [k for k, _ in THREE_PUBLIC_PARTS]
    series = [("预算数", [three[k]["budget"] for k in keys]), ("本年决算数", [three[k]["actual"] for k in keys])]
    prior = [three[k]["yoy"].base if three[k]["yoy"] is not None and three[k]["yoy"].known else None for k in keys]
    if all(p is not None for p in prior):
        series.insert(0, ("上年决算数", prior))
    if all(_value(v) == 0 for _, labels in series for v in labels):
        return None
    return Chart(spec["kind"], tuple(label for _, label in THREE_PUBLIC_PARTS),
                 tuple(Series(name, tuple(_value(v) for v in labels), tuple(labels)) for name, labels in series),
                 (), fonts, salt)


def alt_text(title, chart):
    """The chart in words (the text alternative of its image): every printed label."""
    if chart.kind == "pie" or len(chart.series) == 1:
        series = chart.series[0]
        parts = [f"{name}{label}{UNIT}" + (f"，占{share}" if share else "")
                 for name, label, share in zip(chart.categories, series.labels, chart.shares or [""] * 99)]
        return f"{title}：" + "；".join(parts) + "。"
    parts = []
    for i, name in enumerate(chart.categories):
        parts.append(name + "：" + "，".join(f"{s.name}{s.labels[i]}{UNIT}" for s in chart.series))
    return f"{title}（单位：{UNIT}）：" + "；".join(parts) + "。"


# ------------------------------------------------------------------ drawing (matplotlib)

_LOCK = threading.Lock()          # rcParams are global: one drawing at a time


def _rc(chart):
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    families = [f for f in chart.fonts if f in known] or [f for f in DEFAULT_FONTS if f in known]
    return {
        "font.family": families + ["DejaVu Sans"], "font.size": 10, "svg.fonttype": "none",
        "svg.hashsalt": chart.salt, "svg.image_inline": True, "path.simplify": True,
        "axes.unicode_minus": False, "figure.dpi": 100, "savefig.dpi": 100, "axes.spines.top": False,
        "axes.spines.right": False, "axes.edgecolor": "#444444", "axes.linewidth": 0.8,
    }


def _draw(chart):
    from matplotlib.figure import Figure as MplFigure   # no pyplot: no global figure state

    figure = MplFigure(figsize=size_inches(chart))
    if chart.kind == "pie":
        return _pie(figure, chart)
    return _hbar(figure, chart) if len(chart.series) == 1 else _columns(figure, chart)


def _pie(figure, chart):
    ax = figure.add_axes((0.02, 0.04, 0.36, 0.92))
    series = chart.series[0]
    values = [float(v) for v in series.values]
    wedges, _ = ax.pie(values, colors=[PALETTE[i % len(PALETTE)] for i in range(len(values))], startangle=90,
                       counterclock=False, wedgeprops={"linewidth": 0.8, "edgecolor": "white"})
    ax.set_aspect("equal")
    figure.legend(wedges, chart.legend_lines(), loc="center left", bbox_to_anchor=(0.42, 0.5), frameon=False,
                  fontsize=10.5, handlelength=1.0, labelspacing=0.8)
    return figure


def _hbar(figure, chart):
    series = chart.series[0]
    ax = figure.add_axes((0.36, 0.1, 0.44, 0.86))
    positions = list(range(len(chart.categories)))[::-1]
    values = [float(v) for v in series.values]
    ax.barh(positions, values, color=PALETTE[0], height=0.6)
    ax.set_yticks(positions, labels=list(chart.categories))
    ax.set_xlim(0, max(values) * 1.02 if any(values) else 1)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    for pos, value, label, share in zip(positions, values, series.labels, chart.shares or [""] * 99):
        ax.text(value, pos, f" {label}{UNIT}" + (f"（{share}）" if share else ""), va="center", fontsize=9)
    return figure


def _columns(figure, chart):
    ax = figure.add_axes((0.08, 0.14, 0.91, 0.72))
    n, groups = len(chart.series), len(chart.categories)
    width = 0.8 / n
    top = max((float(v) for s in chart.series for v in s.values), default=0) or 1
    for i, series in enumerate(chart.series):
        xs = [g - 0.4 + width * (i + 0.5) for g in range(groups)]
        values = [float(v) for v in series.values]
        ax.bar(xs, values, width=width * 0.92, color=PALETTE[i % len(PALETTE)], label=series.name)
        for x, value, label in zip(xs, values, series.labels):
            ax.text(x, value + top * 0.015, label, ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(groups), labels=list(chart.categories), fontsize=9)
    ax.set_ylim(0, top * 1.18)
    ax.set_ylabel(UNIT)
    ax.tick_params(axis="x", length=0)
    figure.legend(loc="upper center", ncol=n, frameon=False, fontsize=9, bbox_to_anchor=(0.5, 1.0))
    return figure


@functools.lru_cache(maxsize=64)
def svg(chart):
    """The chart as an SVG document (text kept as text, in the chart's CJK font)."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_rc(chart)):
        buffer = io.BytesIO()
        _draw(chart).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                             "Type": None})
    text = buffer.getvalue().decode("utf-8")
    text = _FAMILY.sub(_with_subsets, text[text.index("<svg"):])   # no prolog or DOCTYPE: it goes inline
    return _prefix_ids(text, chart.salt)


_FAMILY = re.compile(r"font-family: ([^;\"]+)")


def _with_subsets(match):
    """A text's font families with each installed GB 2312 subset before its face (generator/fonts.py):
    the PDF then embeds the small subset, not the whole CJK collection."""
    from generator.fonts import with_subsets

    names = [name.strip().strip("'") for name in match[1].split(",")]
    return "font-family: " + ", ".join(f"'{name}'" for name in with_subsets(names))


def _prefix_ids(text, prefix):
    """Every id in the SVG (and every reference to one) prefixed, so that several charts on one
    page never share an id (matplotlib names its groups figure_1, patch_1, … in every SVG)."""
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m[1]}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m[1]})", text)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m[1]}"', text)


@functools.lru_cache(maxsize=64)
def png(chart, dpi=240):
    """The chart as a high-resolution PNG (for Word), without metadata that would change a build."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_rc(chart)):
        buffer = io.BytesIO()
        _draw(chart).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def size_inches(chart):
    """The chart's drawing size (width, height) in inches."""
    if chart.kind == "pie":
        return WIDTH, 2.6
    if len(chart.series) == 1:
        return WIDTH, max(1.8, 0.38 * len(chart.categories) + 0.7)
    return WIDTH, 3.2
