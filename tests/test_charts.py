"""The charts' drawing (generator.charts): one layout, written as SVG and painted as PNG."""

import io
import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from PIL import Image

from generator.charts import (PALETTE, Chart, Line, Rect, Series, Text, Wedge, layout, nice_ticks, png,
                              size_inches, svg, text_width)

SVG = "{http://www.w3.org/2000/svg}"


def chart(kind, values, names=None, series=1, shares=True):
    names = names or [f"类{i}" for i in range(len(values))]
    made = tuple(Series(f"系列{s}" if series > 1 else "万元", tuple(Decimal(v) * (s + 1) for v in values),
                        tuple(str(Decimal(v) * (s + 1)) for v in values)) for s in range(series))
    total = sum(Decimal(v) for v in values)
    return Chart(kind, tuple(names), made, tuple(f"{Decimal(v) / total:.1%}" for v in values) if shares else (),
                 salt="chart-t")


def test_pie_slices_are_the_shares_clockwise_from_twelve():
    drawing = layout(chart("pie", ["300", "100", "100"]))
    wedges = [s for s in drawing.shapes if isinstance(s, Wedge)]
    assert [(w.start, w.end) for w in wedges] == [(0, 216), (216, 288), (288, 360)]
    assert [w.fill for w in wedges] == list(PALETTE[:3])
    assert len({(w.cx, w.cy, w.r) for w in wedges}) == 1
    w = wedges[0]
    assert w.r > 40 and w.cx - w.r >= 0 and w.cy - w.r >= 0 and w.cy + w.r <= drawing.height
    x, y = w._at(90)                                  # a quarter turn clockwise: three o'clock
    assert math.isclose(x, w.cx + w.r) and math.isclose(y, w.cy)


def test_a_single_slice_is_a_full_circle_in_the_svg():
    text = svg(chart("pie", ["5"]))
    root = ET.fromstring(text)
    assert len(list(root.iter(SVG + "circle"))) == 1 and not list(root.iter(SVG + "path"))


def test_pie_legend_names_amount_and_share_beside_its_swatch():
    c = chart("pie", ["300", "100"])
    drawing = layout(c)
    texts = [t.text for t in drawing.texts]
    assert texts == c.legend_lines() == ["类0 300万元 75.0%", "类1 100万元 25.0%"]
    swatches = [s for s in drawing.shapes if isinstance(s, Rect)]
    assert [s.fill for s in swatches] == list(PALETTE[:2])
    for swatch, line in zip(swatches, drawing.texts):
        assert swatch.x + swatch.w < line.x and abs((swatch.y + swatch.h / 2) - (line.y - 0.38 * line.size)) < 0.5


def test_bars_are_proportional_and_labelled_at_their_end():
    drawing = layout(chart("bar", ["500", "250", "0.5"]))
    bars = [s for s in drawing.shapes if isinstance(s, Rect)]
    assert math.isclose(bars[0].w, 2 * bars[1].w) and math.isclose(bars[0].w, 1000 * bars[2].w)
    assert bars[0].y < bars[1].y < bars[2].y                       # the first category on top
    assert bars[0].x + bars[0].w <= drawing.width * 0.81
    labels = [t for t in drawing.texts if t.anchor == "start"]
    assert [t.text for t in labels] == ["500万元（66.6%）", "250万元（33.3%）", "0.5万元（0.1%）"]
    for bar, label in zip(bars, labels):
        assert label.x > bar.x + bar.w and bar.y < label.y < bar.y + bar.h + 4
    names = [t for t in drawing.texts if t.anchor == "end"]
    assert [t.text for t in names] == ["类0", "类1", "类2"] and all(t.x < bars[0].x for t in names)


def test_columns_share_one_scale_with_ticks_covering_the_highest():
    c = chart("bar", ["6.61", "0", "5.41"], series=3, shares=False)
    drawing = layout(c)
    plot_top = 0.14 * drawing.height
    bars = [s for s in drawing.shapes if isinstance(s, Rect) and s.y + s.h > plot_top]     # not the legend's
    values = [float(s.values[g]) for g in range(3) for s in c.series]                      # group by group
    assert len(bars) == 9 and [b.fill for b in bars[:3]] == list(PALETTE[:3])
    scales = [b.h / v for b, v in zip(bars, values) if v]
    assert max(scales) - min(scales) < 1e-9 and all(b.h == 0 for b, v in zip(bars, values) if not v)
    assert bars[0].x < bars[1].x < bars[2].x < bars[3].x                                   # side by side
    axis = [s for s in drawing.shapes if isinstance(s, Line)]
    bottom = max(line.y1 for line in axis)
    assert all(math.isclose(b.y + b.h, bottom) for b in bars)
    assert min(b.y for b in bars) >= plot_top
    ticks = [t for t in drawing.texts if t.anchor == "end"]
    assert ticks[0].text == "0" and len(ticks) >= 4
    for tick in ticks:                                     # each at its height on the bars' scale
        assert math.isclose(bottom - float(tick.text) * scales[0], tick.y - 0.38 * tick.size, abs_tol=1e-6)
    assert float(ticks[-1].text) * scales[0] <= bottom - plot_top
    labels = [t.text for t in drawing.texts if t.anchor == "middle" and not t.rotate and t.y < bottom]
    assert labels == [lab for g in range(3) for lab in (s.labels[g] for s in c.series)]
    assert any(t.rotate == 90 and t.text == "万元" for t in drawing.texts)
    legend = [t.text for t in drawing.texts if t.y < plot_top]
    assert legend == ["系列0", "系列1", "系列2"]


@pytest.mark.parametrize("top, expected", [(13.0, [0, 2, 4, 6, 8, 10, 12]), (1.18, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
                                           (7.0, [0, 1, 2, 3, 4, 5, 6, 7]), (0, [0.0]),
                                           (93000, [0, 20000, 40000, 60000, 80000])])
def test_nice_ticks(top, expected):
    assert [round(t, 6) for t in nice_ticks(top)] == expected


def test_text_width_counts_ideographs_as_one_em():
    assert text_width("万元", 10) == 20 and text_width("12.5", 10) == pytest.approx(22)


def test_svg_and_png_draw_one_layout():
    c = chart("bar", ["6.61", "11", "5.41"], series=2, shares=False)
    drawing = layout(c)
    root = ET.fromstring(svg(c))
    assert [el.text for el in root.iter(SVG + "text")] == [t.text for t in drawing.texts]
    assert len(list(root.iter(SVG + "rect"))) == sum(isinstance(s, Rect) for s in drawing.shapes)
    assert root.get("viewBox") == f"0 0 {drawing.width:g} {drawing.height:g}"
    width, height = size_inches(c)
    with Image.open(io.BytesIO(png(c, dpi=100))) as image:
        assert image.size == (round(width * 100), round(height * 100))
        # the first bar's colour where the layout puts it
        bar = next(s for s in drawing.shapes if isinstance(s, Rect) and s.h > 0 and s.fill == PALETTE[0] and s.w < 100)
        x, y = (bar.x + bar.w / 2) * 100 / 72, (bar.y + bar.h / 2) * 100 / 72
        assert image.convert("RGB").getpixel((int(x), int(y))) == tuple(int(PALETTE[0][i:i + 2], 16) for i in (1, 3, 5))


def test_svg_text_is_escaped_and_ids_carry_the_salt():
    c = Chart("pie", ("A&B <类>",), (Series("万元", (Decimal(1),), ("1",)),), ("100.0%",), salt="chart-x")
    text = svg(c)
    assert "A&amp;B &lt;类&gt;" in text
    ids = [el.get("id") for el in ET.fromstring(text).iter() if el.get("id")]
    assert ids and all(i.startswith("chart-x-") for i in ids)


@pytest.mark.parametrize("kind", ["pie", "bar"])
@pytest.mark.parametrize("count", [1, 2, 9, 26])
def test_every_text_and_shape_lies_inside_the_drawing(kind, count):
    """However many categories (a unit may spend in all 26 类), nothing is drawn outside."""
    drawing = layout(chart(kind, [str(100 + i) for i in range(count)], names=["社会保障和就业支出"] * count))
    for text in drawing.texts:
        assert text.size * 0.88 <= text.y <= drawing.height, text
        width = text_width(text.text, text.size)
        left = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
        assert 0 <= left and left + width <= drawing.width, text
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            assert 0 <= shape.y and shape.y + shape.h <= drawing.height and shape.x + shape.w <= drawing.width
        if isinstance(shape, Wedge):
            assert shape.cy - shape.r >= 0 and shape.cy + shape.r <= drawing.height


def test_charts_are_drawn_without_matplotlib_in_the_chart_face():
    """Drawing needs no plotting library (a worker does not import one: 0.3 s of its start),
    and the PNG's texts come from the chart's CJK face, as the SVG's."""
    import subprocess
    import sys

    code = ("import sys; from tests.extract import report_figures; from tests.conftest import EXAMPLE_2024; "
            "from generator import charts; f = report_figures(EXAMPLE_2024)[0]; charts.png(f.chart); "
            "charts.svg(f.chart); print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib')); "
            "print(charts._face(tuple(f.chart.fonts) + charts.DEFAULT_FONTS))")
    from tests.conftest import ROOT

    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    modules, face = out.splitlines()
    assert modules == "[]"
    assert face != "None", "no installed face of the chart's fonts"


def test_the_png_takes_the_small_subset_face_only_for_what_it_has():
    from generator import charts, fonts

    if not fonts.installed():
        pytest.skip("no GB 2312 subsets installed (make fonts)")
    families = ("Noto Sans CJK SC",) + charts.DEFAULT_FONTS
    assert fonts.FOLDER in charts._face(families, True)[0]
    assert fonts.FOLDER not in charts._face(families, False)[0]
    assert ord("喆") not in charts._subset_characters() and ord("万") in charts._subset_characters()


def test_a_slice_of_nearly_all_is_drawn_as_arcs_of_at_most_half_a_turn():
    c = chart("pie", ["5000", "0.01"])
    path = ET.fromstring(svg(c)).find(f".//{SVG}path")
    arcs = path.get("d").split("A")[1:]
    assert len(arcs) == 2                                    # 0°→180°→359.9993°: no ends on one point
    ends = [tuple(arc.split()[-2:]) for arc in arcs]
    assert ends[0] != ends[1]


def test_long_bar_labels_end_inside_the_drawing_and_the_unit_clears_the_ticks():
    drawing = layout(chart("bar", ["12345.67", "2.5"], names=["一般公共服务支出", "住房保障支出"]))
    for text in drawing.texts:
        assert text.x + text_width(text.text, text.size) <= drawing.width
    bars = [s for s in drawing.shapes if isinstance(s, Rect)]
    assert math.isclose(bars[0].w / bars[1].w, 12345.67 / 2.5)
    columns = layout(chart("bar", ["18000", "5"], series=2, shares=False))
    unit = next(t for t in columns.texts if t.rotate)
    ticks = [t for t in columns.texts if t.anchor == "end"]
    assert ticks[-1].text == "40000"
    assert unit.x < min(t.x - text_width(t.text, t.size) for t in ticks) and unit.x - unit.size >= 0
