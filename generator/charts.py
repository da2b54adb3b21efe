"""Charts of the computed figures, as the scheme declares them (``charts:`` in scheme.yaml).

A chart is data first: :func:`charts_for` turns the scheme's declarations and the view that
the narrative templates print (:func:`generator.compose.build_view`) into
:class:`generator.document.Figure` blocks, each carrying a :class:`Chart` — categories, series
of values and the *printed* labels (the same strings the prose prints: ``style.amount`` and
``style.shares``).  Nothing is typed and nothing is computed here.  Drawing happens only when a
writer asks for the SVG or PNG (:func:`svg`, :func:`png`: one layout, written as SVG directly and
painted as PNG with Pillow), and is cached by content, so the preview server redraws only a
chart whose figures changed.

Geometry (wedge angles, bar lengths) uses the rounded printed amounts converted to float:
drawing needs floats, and a chart is never read back as money.

The drawing is deterministic: ids from the chart's anchor (unique within one page and stable
between builds), no dates or software names in metadata.
"""

import functools
import io
import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from html import escape

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


# ------------------------------------------------------------------ drawing: one layout, two painters
#
# The layout (:func:`layout`) places every shape and text in points, from the top left, once;
# the SVG (HTML, PDF) is written from it directly, and the PNG (DOCX) is painted from the same
# shapes with Pillow, so the three formats show one drawing.  Texts are anchored (start,
# middle, end) at a baseline: no renderer needs to measure them, except the estimate that
# centres the legend of a bar chart with several series (:func:`text_width`).

@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Wedge:
    """A pie slice: centre, radius, and its angles in degrees clockwise from twelve o'clock."""

    cx: float
    cy: float
    r: float
    start: float
    end: float
    fill: str

    def _at(self, angle):
        rad = math.radians(angle)
        return self.cx + self.r * math.sin(rad), self.cy - self.r * math.cos(rad)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str = "#444444"
    width: float = 0.8


@dataclass(frozen=True)
class Text:
    """A line of text: ``anchor`` start, middle or end at ``x``; ``y`` is its baseline."""

    x: float
    y: float
    text: str
    size: float
    anchor: str = "start"
    rotate: int = 0            # degrees, counter-clockwise (the y axis's unit)


@dataclass(frozen=True)
class Drawing:
    width: float               # points
    height: float
    shapes: tuple
    texts: tuple


EDGE = "#ffffff"               # the white line between pie slices
SLICE_EDGE = 0.8
AXIS = "#444444"
INK = "#1a1a1a"


def _middle(y, size):
    """The baseline that centres a CJK line of ``size`` on ``y`` (its ideographs span about
    0.88 em above the baseline and 0.12 below)."""
    return y + 0.38 * size


def text_width(text, size):
    """An estimate of a line's width: an ideograph or full-width form 1 em, anything else 0.55 em."""
    return size * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def nice_ticks(top, most=7):
    """Axis ticks 0, step, 2·step, … ≤ ``top`` with step 1, 2, 2.5 or 5 × 10^k and at most ``most`` + 1 ticks."""
    if top <= 0:
        return [0.0]
    magnitude = 10 ** math.floor(math.log10(top / most))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10, 20) if top / (m * magnitude) <= most)
    return [i * step for i in range(int(top / step + 1e-9) + 1)]


def _tick_label(value):
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def layout(chart):
    """The chart's :class:`Drawing` (points; y down)."""
    width, height = (v * 72 for v in size_inches(chart))
    if chart.kind == "pie":
        return _pie_layout(chart, width, height)
    return (_hbar_layout if len(chart.series) == 1 else _columns_layout)(chart, width, height)


def _pie_layout(chart, width, height):
    values = [float(v) for v in chart.series[0].values]
    total = sum(values) or 1.0
    cx, cy, r = 0.2 * width, height / 2, min(0.36 * width, 0.92 * height) / 2 * 0.8
    shapes, angle = [], 0.0
    for i, value in enumerate(values):
        sweep = 360.0 * value / total
        if sweep > 0:
            shapes.append(Wedge(cx, cy, r, angle, angle + sweep, PALETTE[i % len(PALETTE)]))
        angle += sweep
    size, pitch, lines = 10.5, 10.5 * 1.8, chart.legend_lines()
    x, top = 0.42 * width, height / 2 - pitch * (len(lines) - 1) / 2
    texts = []
    for i, line in enumerate(lines):
        y = top + i * pitch
        shapes.append(Rect(x, y - 0.35 * size, size, 0.7 * size, PALETTE[i % len(PALETTE)]))
        texts.append(Text(x + 1.8 * size, _middle(y, size), line, size))
    return Drawing(width, height, tuple(shapes), tuple(texts))


def _hbar_layout(chart, width, height):
    series = chart.series[0]
    values = [float(v) for v in series.values]
    labels = [f"{label}{UNIT}" + (f"（{share}）" if share else "")
              for label, share in zip(series.labels, chart.shares or [""] * len(values))]
    left = 0.36 * width
    most = max(values) * 1.02 if any(values) else 1.0
    # as long as the bars can be while each one's label still ends inside the drawing
    plot_w = min([0.44 * width] + [(width - left - 4 - text_width(label, 9)) * most / value
                                   for label, value in zip(labels, values) if value > 0])
    top, bottom = 0.04 * height, 0.9 * height
    band = (bottom - top) / len(values)
    shapes, texts = [Line(left, top, left, bottom)], []
    for i, (name, value, label) in enumerate(zip(chart.categories, values, labels)):
        middle = top + band * (i + 0.5)
        length = plot_w * value / most
        shapes.append(Rect(left, middle - 0.3 * band, length, 0.6 * band, PALETTE[0]))
        texts.append(Text(left - 3.5, _middle(middle, 10), name, 10, "end"))
        texts.append(Text(left + length + 2, _middle(middle, 9), label, 9))
    return Drawing(width, height, tuple(shapes), tuple(texts))


def _columns_layout(chart, width, height):
    n, groups = len(chart.series), len(chart.categories)
    top, bottom = 0.14 * height, 0.86 * height
    highest = max((float(v) for s in chart.series for v in s.values), default=0) or 1.0
    ceiling = highest * 1.18
    ticks = nice_ticks(ceiling)
    widest = max(text_width(_tick_label(t), 9) for t in ticks)
    # the unit, turned, left of the widest tick label
    left, right = max(0.08 * width, widest + 6 + 4 + 9 + 2), 0.99 * width
    scale = (bottom - top) / ceiling
    group_w = (right - left) / groups
    bar_w = group_w * 0.8 / n
    shapes = [Line(left, top, left, bottom), Line(left, bottom, right, bottom)]
    texts = []
    for tick in ticks:
        y = bottom - tick * scale
        shapes.append(Line(left - 3.5, y, left, y))
        texts.append(Text(left - 6, _middle(y, 9), _tick_label(tick), 9, "end"))
    texts.append(Text(left - 6 - widest - 4, (top + bottom) / 2, UNIT, 9, "middle", rotate=90))
    for g, name in enumerate(chart.categories):
        centre = left + group_w * (g + 0.5)
        texts.append(Text(centre, bottom + 14, name, 9, "middle"))
        for i, series in enumerate(chart.series):
            x = centre - group_w * 0.4 + bar_w * i
            value = float(series.values[g])
            shapes.append(Rect(x + bar_w * 0.04, bottom - value * scale, bar_w * 0.92, value * scale,
                               PALETTE[i % len(PALETTE)]))
            texts.append(Text(x + bar_w / 2, bottom - value * scale - 3, series.labels[g], 8, "middle"))
    # the legend, centred over the plot: a swatch and the series' name each
    size, gap = 9, 18
    widths = [size + 0.8 * size + text_width(s.name, size) for s in chart.series]
    x = (width - sum(widths) - gap * (n - 1)) / 2
    y = 0.05 * height
    for i, series in enumerate(chart.series):
        shapes.append(Rect(x, y - 0.35 * size, size, 0.7 * size, PALETTE[i % len(PALETTE)]))
        texts.append(Text(x + 1.8 * size, _middle(y, size), series.name, size))
        x += widths[i] + gap
    return Drawing(width, height, tuple(shapes), tuple(texts))


def _n(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg_shape(shape):
    if isinstance(shape, Rect):
        return f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" height="{_n(shape.h)}" fill="{shape.fill}"/>'
    if isinstance(shape, Line):
        return (f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
                f'stroke="{shape.color}" stroke-width="{_n(shape.width)}"/>')
    if shape.end - shape.start >= 360:
        return (f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" fill="{shape.fill}" '
                f'stroke="{EDGE}" stroke-width="{SLICE_EDGE}"/>')
    # an arc of at most 180° each, so a slice of nearly 360° never has its ends on one point
    turns = [shape.start, shape.end] if shape.end - shape.start <= 180 else \
        [shape.start, (shape.start + shape.end) / 2, shape.end]
    x0, y0 = shape._at(turns[0])
    arcs = " ".join(f"A{_n(shape.r)} {_n(shape.r)} 0 0 1 {_n(x)} {_n(y)}" for x, y in map(shape._at, turns[1:]))
    return (f'<path d="M{_n(shape.cx)} {_n(shape.cy)} L{_n(x0)} {_n(y0)} {arcs} Z" fill="{shape.fill}" '
            f'stroke="{EDGE}" stroke-width="{SLICE_EDGE}" stroke-linejoin="round"/>')


def _svg_text(text):
    rotate = f' transform="rotate({-text.rotate} {_n(text.x)} {_n(text.y)})"' if text.rotate else ""
    anchor = f' text-anchor="{text.anchor}"' if text.anchor != "start" else ""
    return f'<text x="{_n(text.x)}" y="{_n(text.y)}" font-size="{_n(text.size)}"{anchor}{rotate}>{escape(text.text)}</text>'


def _families(chart):
    """The chart's font families, each installed GB 2312 subset before its face (generator/fonts.py:
    the PDF then embeds the small subset, not the whole CJK collection)."""
    from generator.fonts import with_subsets

    return ", ".join(f"'{name}'" for name in with_subsets(list(chart.fonts) + list(DEFAULT_FONTS))) + ", sans-serif"


@functools.lru_cache(maxsize=64)
def svg(chart):
    """The chart as an inline SVG element (text kept as text, in the chart's CJK font); every id
    starts with the chart's salt, so several charts on one page never share one."""
    drawing = layout(chart)
    salt = escape(chart.salt)
    return "".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" id="{salt}-svg" width="{_n(drawing.width)}pt" '
        f'height="{_n(drawing.height)}pt" viewBox="0 0 {_n(drawing.width)} {_n(drawing.height)}">',
        f'<g id="{salt}-shapes">', *map(_svg_shape, drawing.shapes), "</g>",
        f'<g id="{salt}-texts" fill="{INK}" font-family="{escape(_families(chart))}">',
        *map(_svg_text, drawing.texts), "</g></svg>"])


#: A pie is drawn this much larger and scaled down, which smooths its edges (Pillow's shapes
#: are not anti-aliased); rectangles and lines lie on the pixel grid and text is smoothed by
#: FreeType, so only the pie's square is supersampled (a whole supersampled canvas would cost
#: ~25 MB per chart at the peak of a worker's memory).
SUPERSAMPLE = 3


@functools.lru_cache(maxsize=16)
def _face(families, subset=False):
    """(file, index) of the first installed face of ``families`` (fontconfig), else None;
    ``subset``: its GB 2312 subset (generator/fonts.py) where one is installed — the same
    glyphs for the characters it has, in a tenth of the memory."""
    from generator.fonts import face_file, subset_file

    for family in families:
        path = subset_file(family) if subset else None
        found = (str(path), 0) if path is not None else face_file(family, "Regular")
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=16)
def _font(families, size, subset=False):
    from PIL import ImageFont

    face = _face(families, subset)
    if face is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(face[0], size=size, index=face[1])


@functools.lru_cache(maxsize=1)
def _subset_characters():
    from generator.fonts import characters

    return frozenset(characters())


@functools.lru_cache(maxsize=64)
def png(chart, dpi=240):
    """The chart as a high-resolution PNG (for Word), painted with Pillow from the SVG's layout
    in the chart's CJK face, without metadata that would change a build."""
    from PIL import Image, ImageColor, ImageDraw

    drawing = layout(chart)
    k = dpi / 72                                  # pixels per point
    image = Image.new("RGB", (round(drawing.width * k), round(drawing.height * k)), "white")
    draw = ImageDraw.Draw(image)
    wedges = [shape for shape in drawing.shapes if isinstance(shape, Wedge)]
    if wedges:
        _paint_pie(image, wedges, k)
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            box = [round(v * k) for v in (shape.x, shape.y, shape.x + shape.w, shape.y + shape.h)]
            if box[2] > box[0] and box[3] > box[1]:
                draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=shape.fill)
        elif isinstance(shape, Line):
            draw.line(((round(shape.x1 * k), round(shape.y1 * k)), (round(shape.x2 * k), round(shape.y2 * k))),
                      fill=shape.color, width=max(1, round(shape.width * k)))
    families = tuple(chart.fonts) + DEFAULT_FONTS
    subset = all(ord(c) in _subset_characters() for text in drawing.texts for c in text.text)
    for text in drawing.texts:
        font = _font(families, round(text.size * k), subset)
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[text.anchor]
        if not text.rotate:
            draw.text((text.x * k, text.y * k), text.text, font=font, fill=INK, anchor=anchor)
            continue
        side = round((text_width(text.text, text.size) + 4 * text.size) * k)
        label = Image.new("L", (side, side), 0)
        ImageDraw.Draw(label).text((side / 2, side / 2), text.text, font=font, fill=255, anchor=anchor)
        label = label.rotate(text.rotate)          # about the centre, where the anchor is
        image.paste(ImageColor.getrgb(INK), (round(text.x * k - side / 2), round(text.y * k - side / 2)), label)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def _paint_pie(image, wedges, k):
    """The pie's slices, drawn ``SUPERSAMPLE`` times larger on their own square and scaled down
    into ``image``."""
    from PIL import Image, ImageDraw

    first = wedges[0]
    left, top = int((first.cx - first.r) * k) - 2, int((first.cy - first.r) * k) - 2
    side = int(2 * first.r * k) + 6
    scale = k * SUPERSAMPLE
    tile = Image.new("RGB", (side * SUPERSAMPLE, side * SUPERSAMPLE), "white")
    draw = ImageDraw.Draw(tile)
    edge = max(1, round(SLICE_EDGE * scale))
    for shape in wedges:
        box = tuple(v * scale for v in (shape.cx - shape.r - left / k, shape.cy - shape.r - top / k,
                                        shape.cx + shape.r - left / k, shape.cy + shape.r - top / k))
        if shape.end - shape.start >= 360:
            draw.ellipse(box, fill=shape.fill, outline=EDGE, width=edge)
        else:                                     # Pillow's angles run clockwise from three o'clock
            draw.pieslice(box, shape.start - 90, shape.end - 90, fill=shape.fill, outline=EDGE, width=edge)
    image.paste(tile.reduce(SUPERSAMPLE), (left, top))     # a box filter: each pixel the mean of its 3 × 3


def size_inches(chart):
    """The chart's drawing size (width, height) in inches."""
    if chart.kind == "pie":                     # the legend's lines (10.5 pt, 1.8 apart) fit
        return WIDTH, max(2.6, 0.2625 * len(chart.categories) + 0.4)
    if len(chart.series) == 1:
        return WIDTH, max(1.8, 0.38 * len(chart.categories) + 0.7)
    return WIDTH, 3.2
