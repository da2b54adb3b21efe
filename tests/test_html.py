"""The report as a web page (render --format html) and its charts in DOCX, PDF and HTML."""

import re
import zipfile
from collections import Counter
from html.parser import HTMLParser

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from generator.charts import png, svg
from generator.cli import main
from generator.pipeline import render_file
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, INPUTS, edit
from tests.extract import docx_text, figures, pdf_text, report_figures, svg_texts

EXAMPLES = [EXAMPLE_2020, EXAMPLE_2024]


class Page(HTMLParser):
    """What the tests read of a page: text outside SVG/style/head, headings, tables, ids, links."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts, self.svg_texts = [], [], []
        self.headings, self.tables, self.ids, self.links, self.images = [], [], [], [], []
        self.paragraphs, self._para = [], None
        self.attrs_seen, self.header_texts = [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attrs_seen.append((tag, attrs))
        if tag not in ("meta", "col", "link", "br", "img", "input"):
            self.stack.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables.append({"th": [], "td": 0, "first": []})
        if tag == "tr":
            self._first = "tbody" in self.stack
        if tag in ("th", "td") and self.tables and getattr(self, "_first", False):
            self.tables[-1]["first"].append((tag, attrs.get("class", "")))      # how each body row starts
            self._first = False
        if tag == "th" and self.tables:
            self.tables[-1]["th"].append(attrs.get("scope"))
        if tag == "td" and self.tables:
            self.tables[-1]["td"] += 1
        if tag in ("img", "svg") or attrs.get("role") == "img":
            self.images.append((tag, attrs))
        if tag in ("p", "h1", "h2", "h3", "figcaption"):
            self._para = []

    def handle_endtag(self, tag):
        if tag in ("p", "h1", "h2", "h3", "figcaption") and self._para is not None:
            self.paragraphs.append("".join(self._para))
            self._para = None
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if "svg" in self.stack:
            if self.stack[-1] == "text" or "text" in self.stack:
                self.svg_texts.append(data)
            return
        if any(t in self.stack for t in ("style", "script", "title")):
            return
        self.texts.append(data)
        if "thead" in self.stack:
            self.header_texts.append(data)
        if self._para is not None:
            self._para.append(data)

    def text(self):
        return "\n".join(t for t in self.texts if t.strip())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The two report examples in all three formats."""
    out = tmp_path_factory.mktemp("html")
    files = {}
    for path in EXAMPLES:
        result = render_file(path, out, ["html", "docx", "pdf"])
        assert len(result.written) == 3, [f.line() for f in result.findings]
        files[path.stem] = {p.suffix[1:]: p for p in result.written}
    return files


def test_every_example_renders_as_html(tmp_path):
    examples = sorted(INPUTS.glob("*.yaml"))
    assert main(["render", *map(str, examples), "--format", "html", "--out", str(tmp_path)]) == 0
    for example in examples:
        page = (tmp_path / f"{example.stem}.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        parsed = Page(page)
        # self-contained: nothing fetched from anywhere (links only to anchors of the page)
        assert all(link.startswith("#") for link in parsed.links), parsed.links
        assert not [a for tag, a in parsed.attrs_seen if "src" in a or (tag == "link" and "href" in a)]
        assert not re.search(r"url\((?!#|data:)", page)
        assert ".table-frame" in page and "overflow-x: auto" in page


def test_html_format_is_written_atomically_beside_the_others(tmp_path):
    out = tmp_path / "out"
    (out).mkdir()
    (out / "zhuzhou-policy-research-2024.html").write_text("old", encoding="utf-8")
    assert main(["render", str(EXAMPLE_2024), "--format", "html", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["zhuzhou-policy-research-2024.html"]   # no temporary left
    assert "收入支出决算批复表" in (out / "zhuzhou-policy-research-2024.html").read_text(encoding="utf-8")
    assert main(["render", str(EXAMPLE_2024), "--format", "html,odt", "--out", str(out)]) == 2


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_page_is_accessible(rendered, example):
    page = Page(rendered[example.stem]["html"].read_text(encoding="utf-8"))
    assert page.headings[0] == 1
    jumps = [(a, b) for a, b in zip(page.headings, page.headings[1:]) if b > a + 1]
    assert not jumps, f"headings skip a level: {jumps}"
    assert len(page.tables) >= 9
    for table in page.tables:
        assert table["th"], "a table without header cells"
        assert all(scope in ("col", "colgroup", "row") for scope in table["th"]), table["th"]
        # a body row starts with its header cell (code or name), unless the row is figures only
        assert all(tag == "th" or "right" in cls for tag, cls in table["first"]), table["first"][:5]
    assert sum("row" in t["th"] for t in page.tables) >= 8
    assert len(page.ids) == len(set(page.ids)), [i for i, n in Counter(page.ids).items() if n > 1]
    toc = [link[1:] for link in page.links if link.startswith("#")]
    assert len(toc) > 20 and set(toc) <= set(page.ids)             # every TOC entry leads somewhere
    images = [attrs for tag, attrs in page.images if attrs.get("role") == "img"]
    assert len(images) == 4 and all(a.get("aria-label") for a in images)
    assert not [a for tag, a in page.images if tag == "img" and not a.get("alt")]


def _flat(text):
    """Text without whitespace and without the PDF's page furniture (footer numbers)."""
    text = re.sub(r"^\s*— \d+ —\s*$", "", text, flags=re.MULTILINE)
    return re.sub(r"\s+", "", text)


def _toc_numbers(text):
    """The PDF's TOC lines end with their page number: drop it (page furniture)."""
    return re.sub(r"(?m)(\S)[ .·…]*\s+\d+\s*$", r"\1", text)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_html_and_pdf_say_the_same(rendered, example):
    """Same figures, same paragraphs, same characters as the PDF (page numbers and repeated
    table headers aside)."""
    files = rendered[example.stem]
    page = Page(files["html"].read_text(encoding="utf-8"))
    pdf = pdf_text(files["pdf"])
    chart_text = " ｜ ".join(page.svg_texts)
    in_html = figures(page.text()) + figures(chart_text)
    in_pdf = figures(pdf)
    assert sum(in_html.values()) > 200
    assert in_html == in_pdf, (in_html - in_pdf, in_pdf - in_html)
    flat_pdf = _flat(_toc_numbers(pdf))
    missing = [p for p in page.paragraphs if _flat(p) and _flat(p) not in flat_pdf]
    assert not missing, missing[:5]
    cjk = lambda text: Counter(ch for ch in text if "\u4e00" <= ch <= "\u9fff")  # noqa: E731
    in_html, in_pdf = cjk(page.text() + chart_text), cjk(pdf)
    assert not in_html - in_pdf, in_html - in_pdf
    # the PDF says more only where a table's header rows repeat on the next page (page furniture)
    headers = cjk("".join(page.header_texts))
    assert set(in_pdf - in_html) <= set(headers), (in_pdf - in_html) - headers


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_charts_in_all_three_formats_print_the_prose_figures(rendered, example):
    files = rendered[example.stem]
    charts = report_figures(example)
    assert [c.anchor for c in charts] == ["chart-income", "chart-spending", "chart-general", "chart-three-public"]
    prose = docx_text(files["docx"])
    for figure in charts:
        chart = figure.chart
        if chart.shares:                      # a share list: amount and share as the prose says them
            for label, share in zip(chart.series[0].labels, chart.shares):
                assert f"{label}万元，占{share}" in prose, (figure.title, label, share)
        else:                                 # 三公: 预算数 and 决算数 as the prose says them
            budget = next(s for s in chart.series if s.name == "预算数")
            actual = next(s for s in chart.series if s.name == "本年决算数")
            for b, a in zip(budget.labels, actual.labels):
                assert f"预算为{b}万元，支出决算为{a}万元" in prose, (b, a)
        assert figure.title in prose          # the caption under the picture
        texts = svg_texts(figure.svg())
        for label in chart.labels():          # every label is drawn as text in the SVG
            assert any(label in t for t in texts), (figure.title, label)
    # DOCX: four pictures, high resolution, each with the chart's text alternative
    doc = open_docx(str(files["docx"]))
    pictures = list(doc.element.body.iter(qn("wp:docPr")))
    assert [p.get("descr") for p in pictures] == [c.alt for c in charts]
    media = [n for n in zipfile.ZipFile(files["docx"]).namelist() if n.startswith("word/media/")]
    assert len(media) == 4
    from PIL import Image
    with Image.open(__import__("io").BytesIO(charts[0].png())) as image:
        assert image.width >= 1400          # over 225 dpi across the 156 mm text block
    # PDF: the labels are text
    flat_pdf = _flat(pdf_text(files["pdf"]))
    for figure in charts:
        for text in svg_texts(figure.svg()):
            assert _flat(text) in flat_pdf, text
    # HTML: the same SVG inline, its labels readable
    page = Page(files["html"].read_text(encoding="utf-8"))
    for figure in charts:
        for label in figure.chart.labels():
            assert any(label in t for t in page.svg_texts), label


def test_charts_are_reproducible():
    figure = report_figures(EXAMPLE_2024)[3]
    first_svg, first_png = svg(figure.chart), png(figure.chart)
    svg.cache_clear()
    png.cache_clear()
    assert svg(figure.chart) == first_svg and png(figure.chart) == first_png
    assert "<dc:date>" not in first_svg and "Matplotlib v" not in first_svg
    assert 'id="chart-three-public-' in first_svg and "Noto Sans CJK SC" in first_svg   # text kept as text


def test_a_scheme_without_charts_renders_none(tmp_path):
    scheme = tmp_path / "schemes" / "plain-2024"
    scheme.mkdir(parents=True)
    (scheme / "scheme.yaml").write_text("extends: approval-2024\ncharts: []\n", encoding="utf-8")
    unit = edit(EXAMPLE_2024, "scheme: approval-2024", "scheme: plain-2024", tmp_path)
    out = tmp_path / "out"
    assert main(["render", str(unit), "--format", "html", "--out", str(out), "--templates",
                 str(tmp_path / "schemes")]) == 0
    page = (out / "edited.html").read_text(encoding="utf-8")
    assert "<svg" not in page and "<figure" not in page and "图1" not in page


def test_a_chart_after_a_missing_section_is_a_finding(tmp_path, capsys):
    scheme = tmp_path / "schemes" / "bad-2024"
    scheme.mkdir(parents=True)
    (scheme / "scheme.yaml").write_text(
        "extends: approval-2024\ncharts:\n  - {id: x, kind: pie, data: income, after: nowhere, title: t}\n",
        encoding="utf-8")
    unit = edit(EXAMPLE_2024, "scheme: approval-2024", "scheme: bad-2024", tmp_path)
    assert main(["render", str(unit), "--format", "html", "--out", str(tmp_path / "out"), "--templates",
                 str(tmp_path / "schemes"), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "[RENDER-SCHEME]" in err and "nowhere" in err
    (scheme / "scheme.yaml").write_text(
        "extends: approval-2024\ncharts:\n  - {id: x, kind: pie, data: three_public, after: income, title: t}\n",
        encoding="utf-8")
    assert main(["render", str(unit), "--format", "html", "--out", str(tmp_path / "out"), "--templates",
                 str(tmp_path / "schemes"), "--lang", "en"]) == 1
    assert "cannot show three_public" in capsys.readouterr().err


def test_user_text_is_escaped_in_the_page(tmp_path):
    unit = edit(EXAMPLE_2024, "intro: 中共株洲市委政策研究室是", "intro: <b>x</b>中共株洲市委政策研究室是", tmp_path)
    assert main(["render", str(unit), "--format", "html", "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "edited.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;中共株洲市委政策研究室是" in page and "<b>x</b>" not in page


def test_a_schemes_css_images_are_inlined_and_outside_urls_refused(tmp_path):
    from generator.scheme import FetchRefused, load_scheme
    from generator.writers.html import page_html

    scheme_dir = tmp_path / "schemes" / "logo-2024"
    (scheme_dir / "html").mkdir(parents=True)
    (scheme_dir / "html" / "logo.png").write_bytes(png(report_figures(EXAMPLE_2024)[0].chart)[:4000])
    (scheme_dir / "scheme.yaml").write_text("extends: approval-2024\ncharts: []\n", encoding="utf-8")
    screen = (INPUTS.parent / "templates" / "public-2020" / "html" / "screen.css").read_text(encoding="utf-8")
    (scheme_dir / "html" / "screen.css").write_text(screen + "\nbody { background: url(logo.png); }\n",
                                                     encoding="utf-8")
    from generator.compose import compose
    from generator.pipeline import check_file

    unit = edit(EXAMPLE_2024, "intro: 中共株洲市委政策研究室是", "intro: url(logo.png)中共株洲市委政策研究室是", tmp_path)

    checked = check_file(unit)
    scheme = load_scheme("logo-2024", (tmp_path / "schemes", INPUTS.parent / "templates"))
    page = page_html(compose(checked.figures, scheme), scheme)
    assert "url(data:image/png;base64," in page and "url(logo.png)中共" in page    # user text untouched
    (scheme_dir / "html" / "screen.css").write_text("body { background: url(file:///etc/passwd); }\n",
                                                     encoding="utf-8")
    with pytest.raises(FetchRefused):
        page_html(compose(checked.figures, scheme), scheme)
