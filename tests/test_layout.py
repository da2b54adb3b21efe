"""Layout measured on the rendered files (issue 12): what a reader of the pages sees.

Every example in inputs/ and a synthetic unit whose amounts pass 1亿 (10,000万元) is rendered
once in both formats; the DOCX is read as XML, the PDF back with pdfplumber and pdffonts.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.pipeline import render_file
from generator.render import write_formats
from tests.conftest import ROOT
from tests.extract import page_numbers

pdfplumber = pytest.importorskip("pdfplumber")

EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))
BIG = "big-amounts"
EM_TOLERANCE = 0.5


def _big_document():
    """The 2024 example's Document with every table figure at 1亿 and beyond: 99,999,999.99
    (with separators) in even tables, 99999999.99 in odd ones — what the layout must fit.
    Only the printed text changes (a layout test: nothing is computed)."""
    from dataclasses import replace

    from generator.compose import compose
    from generator.document import Part, Table
    from generator.pipeline import check_file
    from generator.render import scheme_for

    checked = check_file(ROOT / "inputs" / "zhuzhou-policy-research-2024.yaml")
    scheme = scheme_for(checked.input)
    doc = compose(checked.figures, scheme)
    parts, n = [], 0
    for part in doc.parts:
        blocks = []
        for block in part.blocks:
            if isinstance(block, Table):
                n += 1
                big = "99,999,999.99" if n % 2 == 0 else "99999999.99"
                body = tuple(tuple(replace(c, text=big) if c.align == "right" and re.fullmatch(r"[\d,.]+", c.text)
                                   else c for c in row) for row in block.body)
                block = replace(block, body=body)
            blocks.append(block)
        parts.append(Part(part.heading, tuple(blocks)))
    return replace(doc, parts=tuple(parts)), scheme


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("layout")
    files = {}
    for path in EXAMPLES:
        result = render_file(path, out, ["docx", "pdf"])
        assert len(result.written) == 2, [f.line() for f in result.findings]
        files[path.stem] = {p.suffix[1:]: p for p in result.written}
    doc, scheme = _big_document()
    files[BIG] = {p.suffix[1:]: p for p in write_formats(doc, scheme, out, BIG, ["docx", "pdf"])}
    return files


NAMES = [p.stem for p in EXAMPLES] + [BIG]


# ------------------------------------------------------------------ DOCX

def _sections(body):
    """[(sectPr, [block elements])] in body order."""
    sections, blocks = [], []
    for el in body:
        if el.tag == qn("w:sectPr"):
            sections.append((el, blocks))
            break
        blocks.append(el)
        inner = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if el.tag == qn("w:p") else None
        if inner is not None:
            sections.append((inner, blocks))
            blocks = []
    return sections


def _text_width(sect_pr):
    pg, mar = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
    return int(pg.get(qn("w:w"))) - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right")))


def _text(el):
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


@pytest.mark.parametrize("name", NAMES)
def test_docx_pages(rendered, name):
    doc = Document(str(rendered[name]["docx"]))
    body = doc.element.body
    sections = _sections(body)
    for sect_pr, blocks in sections:
        # no section is empty: it holds text or a table
        assert any(b.tag == qn("w:tbl") or _text(b).strip() for b in blocks), "an empty section"
        width = _text_width(sect_pr)
        for tbl in (b for b in blocks if b.tag == qn("w:tbl")):
            grid = sum(int(c.get(qn("w:w"))) for c in tbl.find(qn("w:tblGrid")))
            assert grid <= width, f"table {grid} twips wide in a text block of {width}"
            # caption tab stops at the text block's edge, not beyond
        for tab in (t for b in blocks if b.tag == qn("w:p") for t in b.iter(qn("w:tab"))
                    if t.get(qn("w:pos"))):
            assert int(tab.get(qn("w:pos"))) <= width
    # no paragraph holds only a page break
    for p in body.iter(qn("w:p")):
        if p.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None:
            assert _text(p).strip(), "an empty paragraph holding a page break"
    # the cover (first page) has no page number: a first-page footer without PAGE
    first = doc.sections[0]
    if first.different_first_page_header_footer:
        assert "PAGE" not in first.first_page_footer._element.xml
    # zh-CN: the document defaults and every style that names a language
    styles = doc.styles.element
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "zh-CN" and lang.get(qn("w:eastAsia")) == "zh-CN"
    for el in styles.iter(qn("w:lang")):
        assert el.get(qn("w:eastAsia")) in (None, "zh-CN") and el.get(qn("w:val")) in (None, "zh-CN")
    for run_lang in body.iter(qn("w:lang")):
        assert run_lang.get(qn("w:val")) in (None, "zh-CN")
    props = doc.core_properties
    assert props.author and props.author != "python-docx" and props.title
    assert props.created.year >= 2024


@pytest.mark.parametrize("name", [n for n in NAMES if "self-evaluation" not in n])
def test_cover_has_no_page_number(rendered, name):
    doc = Document(str(rendered[name]["docx"]))
    assert doc.sections[0].different_first_page_header_footer
    assert "PAGE" not in doc.sections[0].first_page_footer._element.xml
    assert "PAGE" in doc.sections[0].footer._element.xml


@pytest.mark.parametrize("name", [n for n in NAMES if "self-evaluation" not in n])
def test_docx_toc_has_the_pdf_page_numbers(rendered, name):
    """The TOC's cached result: every entry with a page number after a dot-leader tab, equal
    to the page the PDF puts the heading on."""
    files = rendered[name]
    body = Document(str(files["docx"])).element.body
    pages = page_numbers(files["pdf"])
    links = list(body.iter(qn("w:hyperlink")))
    assert len(links) > 20
    for link in links:
        runs = link.findall(qn("w:r"))
        assert runs[-2].find(qn("w:tab")) is not None
        number = _text(runs[-1])
        anchor = link.get(qn("w:anchor"))
        expected = {k.replace("-", "_")[:40]: v for k, v in pages.items()}[anchor]
        assert number == str(expected), (_text(runs[0]), number, expected)
        tab = link.getparent().find(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}")
        assert tab.get(qn("w:leader")) == "dot"


# ------------------------------------------------------------------ PDF

@pytest.fixture(scope="module")
def pdfs(rendered):
    opened = {name: pdfplumber.open(str(files["pdf"])) for name, files in rendered.items()}
    yield opened
    for pdf in opened.values():
        pdf.close()


@pytest.mark.parametrize("name", NAMES)
def test_pdf_fonts_embedded(rendered, name):
    fonts = subprocess.run(["pdffonts", str(rendered[name]["pdf"])], capture_output=True, text=True,
                           check=True).stdout
    assert "LXGW-WenKai" in fonts or "FangSong" in fonts, fonts       # 仿宋 (or its stand-in)
    if "self-evaluation" not in name:
        assert "UKai" in fonts or "KaiTi" in fonts, fonts                # 楷体 sub-headings


def _tables(page):
    """The page's tables, found from their rules only: a table's borders are black stroked
    lines; a chart's bars, axes and grid are filled or grey (so a chart is never a table)."""
    def rule(obj):
        if obj["object_type"] == "char":
            return True
        black = obj.get("stroking_color") in ((0,), (0.0, 0.0, 0.0), [0], [0.0, 0.0, 0.0], 0)
        return obj["object_type"] in ("line", "rect") and obj.get("stroke") and not obj.get("fill") and black
    if sum(1 for obj in page.lines if rule(obj)) < 4:       # prose: no table to look for (fast)
        return []
    return page.filter(rule).find_tables()


@pytest.mark.parametrize("name", NAMES)
def test_pdf_table_text_inside_cells(pdfs, name):
    """Every character inside a table's outline lies inside one of its cells (no figure
    crosses a border, none is broken over two lines); no cell that wraps (headers, names)
    holds a line of a single character."""
    checked = _check_table_cells(pdfs[name])
    assert checked > 100 or "self-evaluation" in name       # the standalone example has no tables


def _check_table_cells(pdf):
    checked = 0
    for page in pdf.pages:
        for table in _tables(page):
            cells = [c for c in table.cells if c]
            x0, top, x1, bottom = table.bbox
            for ch in page.chars:
                cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                if not (x0 < cx < x1 and top < cy < bottom) or not ch["text"].strip():
                    continue
                inside = [c for c in cells if c[0] - 0.5 <= ch["x0"] and ch["x1"] <= c[2] + 0.5
                          and c[1] - 0.5 <= ch["top"] and ch["bottom"] <= c[3] + 0.5]
                assert inside, f"page {page.page_number}: {ch['text']!r} at {ch['x0']:.1f} crosses a cell border"
                checked += 1
            for cell in cells:
                lines = _lines([ch for ch in page.chars if cell[0] <= ch["x0"] and ch["x1"] <= cell[2]
                                and cell[1] <= ch["top"] and ch["bottom"] <= cell[3]])
                if len(lines) > 1:
                    # a figure or code is never broken; a wrapped text never leaves one character
                    assert not any(re.fullmatch(r"[\d.,%-]+", line) for line in lines), (page.page_number, lines)
                    assert all(len(line) > 1 for line in lines), (page.page_number, lines)
    return checked


def _lines(chars):
    rows = {}
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        rows.setdefault(round(ch["top"]), []).append(ch["text"])
    return ["".join(r).strip() for r in rows.values() if "".join(r).strip()]


@pytest.mark.parametrize("name", NAMES)
def test_pdf_body_lines_justified(pdfs, name):
    """The right edge of every non-final line of body text (16 pt paragraphs) lies within
    half an em of the text block's right edge."""
    measured = 0
    for page in pdfs[name].pages:
        if page.width > page.height:
            continue
        body = [c for c in page.chars if 15 <= c["size"] <= 17 and c["text"].strip()]
        lines = {}
        for ch in body:
            lines.setdefault(round(ch["top"]), []).append(ch)
        right_edge = page.width - 26 * 72 / 25.4
        tops = sorted(lines)
        for i, top in enumerate(tops):
            chars = lines[top]
            last_x = max(c["x1"] for c in chars)
            next_top = tops[i + 1] if i + 1 < len(tops) else None
            # a line is a paragraph's last when the next line starts indented (2 em) or is absent
            if next_top is None or next_top - top > 40:
                continue
            next_x = min(c["x0"] for c in lines[next_top])
            if next_x > 28 * 72 / 25.4 + 16:        # the next line opens a paragraph
                continue
            first_x = min(c["x0"] for c in chars)
            if first_x > 28 * 72 / 25.4 + 40:        # a centred line (title, caption)
                continue
            if chars[-1]["text"] in "。：；！？" and right_edge - last_x > EM_TOLERANCE * 16:
                continue                              # a paragraph's last line before an unindented one
            measured += 1
            assert right_edge - last_x <= EM_TOLERANCE * 16, \
                (page.page_number, "".join(c["text"] for c in chars), right_edge - last_x)
    assert measured > 10


@pytest.fixture(scope="module")
def libreoffice(rendered, tmp_path_factory):
    """{name: LibreOffice's PDF of the DOCX}, every DOCX converted in one run of soffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (make look installs it)")
    out = tmp_path_factory.mktemp("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out)] + [str(files["docx"]) for files in rendered.values()],
                   check=True, capture_output=True, timeout=300)
    return {name: out / (files["docx"].stem + ".pdf") for name, files in rendered.items()}


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_has_no_blank_page(libreoffice, pdfs, name):
    """No page of the DOCX as LibreOffice lays it out is blank, and it has as many pages as the
    PDF (the DOCX's table of contents carries the PDF's page numbers: a table or notes running
    onto a page of their own in the DOCX would put every later entry a page out)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(libreoffice[name]), "-"], capture_output=True,
                          text=True, check=True).stdout           # poppler: pages end with a form feed
    pages = text.split("\f")[:-1]
    for number, page in enumerate(pages, start=1):
        assert re.sub(r"[—\d\s]", "", page), f"page {number} of LibreOffice's rendering is blank"
    assert len(pages) == len(pdfs[name].pages)


def test_libreoffice_table_text_inside_cells(libreoffice):
    """The DOCX's tables as LibreOffice lays them out, in the 1亿 document (the tightest):
    the same widths and type size as the PDF, so no figure crosses a border or breaks and
    no header or name leaves a character alone."""
    with pdfplumber.open(str(libreoffice[BIG])) as opened:
        assert _check_table_cells(opened) > 1000
