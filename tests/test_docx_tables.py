"""The DOCX writer's tables (generator/writers/docx.py: ``table``, ``_tc``, ``_caption``,
``_style_size``, ``_tbl_pr``), checked in word/document.xml.

Small Documents are built here directly and written with the real :func:`write_docx` and the
public-2020 reference.docx (no PDF, no LibreOffice: well under a second in all).  The expected
values are worked out from the input tables by hand: which grid columns a cell spans, where a
row span restarts and continues, the section's text width from the reference's page (A4,
11906 twips wide, margins 1587 left and 1474 right; landscape: 16838 wide, margins 2098 and
1984), the type sizes of its styles (Table Text 9 pt, Table Text Small 7.5 pt).  Only the
column widths themselves come from the layout (:meth:`Table.fit`, tested in test_columns.py),
asked for the width the writer must offer it.
"""

import zipfile

import pytest
from docx import Document as open_docx
from lxml import etree

from generator.document import Cell, Document, Heading, PageBreak, Paragraph, Part, Table
from generator.scheme import load_scheme
from generator.writers.docx import write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
REFERENCE = load_scheme("public-2020").find("docx/reference.docx")

PORTRAIT_TWIPS = 11906 - 1587 - 1474          # 8845: the text block of the reference's A4 page
LANDSCAPE_TWIPS = 16838 - 2098 - 1984         # 12756: the page turned, its top/bottom margins at the sides
CELL_MARGINS = 2 * 57                         # twips: a cell's left and right margins (tblCellMar)
L, C, R = "left", "center", "right"


def w(name):
    return f"{{{W}}}{name}"


def table(header, body, code="", left="", center="", right="", font_size=9.0, anchor="t"):
    return Table(anchor=anchor, code=code, meta_left=left, meta_center=center, meta_right=right,
                 header=tuple(tuple(row) for row in header), body=tuple(tuple(row) for row in body),
                 font_size=font_size)


def write(tmp_path, *blocks, name="t.docx"):
    """Write one part holding ``blocks``; return the parsed <w:body>."""
    doc = Document(title="测试", cover=None, toc_title="",
                   parts=(Part(Heading(1, "一、表", "part-1"), tuple(blocks)),))
    path = tmp_path / name
    write_docx(doc, path, REFERENCE)
    open_docx(str(path))                        # python-docx reads it back
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml")).find(w("body"))


def tables(body):
    return body.findall(w("tbl"))


def grid(tbl):
    return [int(col.get(w("w"))) for col in tbl.findall("w:tblGrid/w:gridCol", NS)]


def offered(t, landscape=False):
    """The column widths (twips) for the width the writer must offer the layout: the section's
    text block less a cell's two margins."""
    text = (LANDSCAPE_TWIPS if landscape else PORTRAIT_TWIPS) / 20
    return [int(width * 20) for width in t.fit(text - CELL_MARGINS / 20).widths]


def cell_info(tc):
    """(gridSpan, vMerge, text, jc, bold) of a w:tc: gridSpan 1 when absent, vMerge None,
    "restart" or "continue" (a w:vMerge without w:val)."""
    span = tc.find("w:tcPr/w:gridSpan", NS)
    merge = tc.find("w:tcPr/w:vMerge", NS)
    if merge is not None:
        merge = merge.get(w("val"), "continue")
    p = tc.findall(w("p"))
    assert len(p) == 1
    jc = p[0].find("w:pPr/w:jc", NS)
    runs = p[0].findall(w("r"))
    bold = [r.find("w:rPr/w:b", NS) is not None for r in runs]
    assert len(set(bold)) <= 1
    return (int(span.get(w("val"))) if span is not None else 1, merge,
            "".join(t.text for t in p[0].iter(w("t"))), jc.get(w("val")) if jc is not None else None,
            bool(bold and bold[0]))


def rows_info(tbl):
    return [[cell_info(tc) for tc in tr.findall(w("tc"))] for tr in tbl.findall(w("tr"))]


def widths(tbl):
    return [[int(tc.find("w:tcPr/w:tcW", NS).get(w("w"))) for tc in tr.findall(w("tc"))]
            for tr in tbl.findall(w("tr"))]


def text_of(p):
    return "".join(t.text for t in p.iter(w("t")))


def style(p):
    return p.find("w:pPr/w:pStyle", NS).get(w("val"))


def before(body, element, n=1):
    """The ``n`` block elements before ``element`` in the body."""
    children = list(body)
    i = children.index(element)
    return children[i - n:i]


# five columns: 项目 (two rows), 本年 over 收入/支出, 合计 over two columns and two rows;
# a body row with a figure over the last two columns; 政府性基金 over two body rows
HEADER = [[Cell("项目", rowspan=2, align=C, bold=True), Cell("本年", colspan=2, align=C, bold=True),
           Cell("合计", colspan=2, rowspan=2, align=C, bold=True)],
          [Cell("收入", align=C), Cell("支出", align=C)]]
BODY = [[Cell("一般公共预算财政拨款收入"), Cell("1,234.56", align=R), Cell("789.00", align=R),
         Cell("2,023.56", colspan=2, align=R, bold=True)],
        [Cell("政府性基金", rowspan=2), Cell("10.00", align=R), Cell("20.00", align=R), Cell("30.00", align=R),
         Cell("说明", align=C)],
        [Cell("1.00", align=R), Cell("2.00", align=R), Cell("3.00", align=R), Cell("")]]
SPANS = table(HEADER, BODY, code="公开01表", left="部门：测试单位", center="2020年度", right="单位：万元")


def test_spans_become_grid_spans_and_vertical_merges(tmp_path):
    tbl, = tables(write(tmp_path, SPANS))
    assert rows_info(tbl) == [
        [(1, "restart", "项目", C, True), (2, None, "本年", C, True), (2, "restart", "合计", C, True)],
        # the continuations: empty, left, not bold, as wide as the cell above (合计: two columns)
        [(1, "continue", "", L, False), (1, None, "收入", C, False), (1, None, "支出", C, False),
         (2, "continue", "", L, False)],
        [(1, None, "一般公共预算财政拨款收入", L, False), (1, None, "1,234.56", R, False),
         (1, None, "789.00", R, False), (2, None, "2,023.56", R, True)],
        [(1, "restart", "政府性基金", L, False), (1, None, "10.00", R, False), (1, None, "20.00", R, False),
         (1, None, "30.00", R, False), (1, None, "说明", C, False)],
        [(1, "continue", "", L, False), (1, None, "1.00", R, False), (1, None, "2.00", R, False),
         (1, None, "3.00", R, False), (1, None, "", L, False)],
    ]
    # a continuation holds no run at all (nothing to print, no stray bold)
    for tr in tbl.findall(w("tr")):
        for tc in tr.findall(w("tc")):
            if tc.find("w:tcPr/w:vMerge", NS) is not None and tc.find("w:tcPr/w:vMerge", NS).get(w("val")) is None:
                assert tc.find("w:p/w:r", NS) is None


def test_cell_widths_are_their_grid_columns(tmp_path):
    tbl, = tables(write(tmp_path, SPANS))
    cols = grid(tbl)
    assert len(cols) == 5
    assert cols == offered(SPANS)
    # within the text block, and filling it but for a cell's margins (and rounding down)
    assert PORTRAIT_TWIPS - CELL_MARGINS - 5 <= sum(cols) <= PORTRAIT_TWIPS - CELL_MARGINS
    a, b, c, d, e = cols
    assert widths(tbl) == [[a, b + c, d + e], [a, b, c, d + e], [a, b, c, d + e], [a, b, c, d, e],
                           [a, b, c, d, e]]
    for tr in tbl.findall(w("tr")):
        for width in tr.findall("w:tc/w:tcPr/w:tcW", NS):
            assert width.get(w("type")) == "dxa"


def test_header_rows_repeat_and_no_row_splits(tmp_path):
    tbl, = tables(write(tmp_path, SPANS))
    rows = tbl.findall(w("tr"))
    assert len(rows) == 5
    for n, tr in enumerate(rows):
        props = [child.tag for child in tr.find(w("trPr"))]
        assert props == ([w("cantSplit"), w("tblHeader")] if n < 2 else [w("cantSplit")]), n
        assert tr.index(tr.find(w("trPr"))) == 0


def test_cell_properties_and_paragraphs(tmp_path):
    tbl, = tables(write(tmp_path, SPANS))
    restart, wide_continue = tbl.findall("w:tr/w:tc", NS)[2], tbl.findall("w:tr", NS)[1].findall(w("tc"))[3]
    # schema order: tcW, gridSpan, vMerge, vAlign
    assert [child.tag.split("}")[1] for child in restart.find(w("tcPr"))] == ["tcW", "gridSpan", "vMerge", "vAlign"]
    assert [child.tag.split("}")[1] for child in wide_continue.find(w("tcPr"))] == [
        "tcW", "gridSpan", "vMerge", "vAlign"]
    plain = tbl.findall("w:tr", NS)[2].findall(w("tc"))[1]        # 1,234.56: no span, no merge
    assert [child.tag.split("}")[1] for child in plain.find(w("tcPr"))] == ["tcW", "vAlign"]
    for tc in tbl.iter(w("tc")):
        assert tc.find("w:tcPr/w:vAlign", NS).get(w("val")) == "center"
        if tc.find("w:tcPr/w:gridSpan", NS) is not None:           # only on cells over 2 columns or more
            assert tc.find("w:tcPr/w:gridSpan", NS).get(w("val")) != "1"
        p = tc.find(w("p"))
        assert style(p) == "TableText"
        # rows as tall as the PDF's: lines of 1.25 × 9 pt, exactly, 1 pt above and below
        assert [child.tag.split("}")[1] for child in p.find(w("pPr"))] == ["pStyle", "spacing", "jc"]
        spacing = p.find("w:pPr/w:spacing", NS)
        assert dict(spacing.attrib) == {w("before"): "20", w("after"): "20", w("line"): "225", w("lineRule"): "exact"}
        for r in p.findall(w("r")):                  # the style's own size: no w:sz
            assert r.find("w:rPr/w:sz", NS) is None and r.find("w:rPr/w:szCs", NS) is None


def test_table_properties(tmp_path):
    tbl, = tables(write(tmp_path, SPANS))
    pr = tbl.find(w("tblPr"))
    assert [child.tag.split("}")[1] for child in pr] == ["tblW", "jc", "tblBorders", "tblLayout", "tblCellMar"]
    assert pr.find("w:tblW", NS).get(w("w")) == "0" and pr.find("w:tblW", NS).get(w("type")) == "auto"
    assert pr.find("w:jc", NS).get(w("val")) == "center"
    assert pr.find("w:tblLayout", NS).get(w("type")) == "fixed"
    borders = pr.find(w("tblBorders"))
    assert [b.tag.split("}")[1] for b in borders] == ["top", "left", "bottom", "right", "insideH", "insideV"]
    for border in borders:
        assert dict(border.attrib) == {w("val"): "single", w("sz"): "4", w("space"): "0", w("color"): "000000"}
    margins = pr.find(w("tblCellMar"))
    assert [(m.tag.split("}")[1], m.get(w("w")), m.get(w("type"))) for m in margins] == [
        ("left", "57", "dxa"), ("right", "57", "dxa")]
    assert [child.tag.split("}")[1] for child in tbl][:2] == ["tblPr", "tblGrid"]


def test_caption_code_right_and_meta_on_tab_stops(tmp_path):
    body = write(tmp_path, SPANS)
    tbl, = tables(body)
    code, meta = before(body, tbl, 2)
    assert style(code) == style(meta) == "TableCaption"
    assert text_of(code) == "公开01表"
    assert code.find("w:pPr/w:jc", NS).get(w("val")) == "right"
    assert meta.find("w:pPr/w:jc", NS) is None
    for p in (code, meta):                      # lines of 15 pt, as report.css
        spacing = p.find("w:pPr/w:spacing", NS)
        assert spacing.get(w("line")) == "300" and spacing.get(w("lineRule")) == "exact"
    tabs = meta.findall("w:pPr/w:tabs/w:tab", NS)
    assert [(t.get(w("val")), t.get(w("pos"))) for t in tabs] == [("center", str(PORTRAIT_TWIPS // 2)),
                                                                 ("right", str(PORTRAIT_TWIPS))]
    runs = [("tab" if r.find(w("tab")) is not None else text_of(r)) for r in meta.findall(w("r"))]
    assert runs == ["部门：测试单位", "tab", "2020年度", "tab", "单位：万元"]
    for r in meta.findall(w("r")) + code.findall(w("r")):
        assert r.find("w:rPr/w:b", NS) is None


SMALL = ([[Cell("项目", align=C), Cell("金额", align=C)]], [[Cell("合计"), Cell("1.00", align=R)]])


@pytest.mark.parametrize("fields, code, runs", [
    (dict(code="公开02表"), "公开02表", ["tab", "tab"]),
    (dict(left="部门：甲"), None, ["部门：甲", "tab", "tab"]),
    (dict(center="2020年度"), None, ["tab", "2020年度", "tab"]),
    (dict(right="单位：元"), None, ["tab", "tab", "单位：元"]),
])
def test_any_caption_field_makes_the_caption(tmp_path, fields, code, runs):
    body = write(tmp_path, Paragraph("正文。"), table(*SMALL, **fields))
    tbl, = tables(body)
    meta = tbl.getprevious()
    assert style(meta) == "TableCaption"
    assert [("tab" if r.find(w("tab")) is not None else text_of(r)) for r in meta.findall(w("r"))] == runs
    first = meta.getprevious()
    if code:
        assert style(first) == "TableCaption" and text_of(first) == code
    else:
        assert text_of(first) == "正文。" and style(first) != "TableCaption"


def test_no_caption_without_code_or_meta(tmp_path):
    body = write(tmp_path, Paragraph("正文。"), table(*SMALL))
    tbl, = tables(body)
    assert text_of(tbl.getprevious()) == "正文。"
    assert not [p for p in body.iter(w("p")) if p.find("w:pPr/w:pStyle", NS) is not None
                and style(p) == "TableCaption"]


def test_a_table_without_caption_starts_the_page_itself(tmp_path):
    body = write(tmp_path, table(*SMALL, code="公开03表"), PageBreak(), table(*SMALL, anchor="t2"),
                 Paragraph("正文。"), table(*SMALL, anchor="t3"))
    first, second, third = tables(body)
    assert text_of(second.getnext()) == "正文。"
    assert second.getprevious() is first           # nothing between them: the break is in the table
    cells = [tc.find(w("p")) for tc in second.iter(w("tc"))]
    assert [child.tag.split("}")[1] for child in cells[0].find(w("pPr"))] == [
        "pStyle", "pageBreakBefore", "spacing", "jc"]
    for p in cells[1:] + [tc.find(w("p")) for tc in first.iter(w("tc"))] + [second.getnext()]:
        assert p.find("w:pPr/w:pageBreakBefore", NS) is None
    # the break is used up: nothing after it breaks the page again
    assert len(body.findall(".//w:pageBreakBefore", NS)) == 1


def test_a_captioned_table_after_a_break_breaks_before_its_code(tmp_path):
    body = write(tmp_path, Paragraph("正文。"), PageBreak(), table(*SMALL, code="公开04表", right="单位：元"))
    tbl, = tables(body)
    meta, = before(body, tbl)
    code = meta.getprevious()
    assert text_of(code) == "公开04表"
    assert [child.tag.split("}")[1] for child in code.find(w("pPr"))][:2] == ["pStyle", "pageBreakBefore"]
    assert len(body.findall(".//w:pageBreakBefore", NS)) == 1


def test_a_table_without_a_break_before_it_breaks_nothing(tmp_path):
    body = write(tmp_path, Paragraph("正文。"), table(*SMALL))
    assert body.findall(".//w:pageBreakBefore", NS) == []


@pytest.mark.parametrize("font_size, style_id, half_points, line", [
    (9.0, "TableText", None, 225),            # the style's size: nothing on the runs
    (10.0, "TableText", 20, 250),
    (8.5, "TableTextSmall", 17, 212),         # below 9 pt: the small style, its 7.5 pt overridden
    (8.0, "TableTextSmall", 16, 200),
    (7.5, "TableTextSmall", None, 187),       # the small style's own size
])
def test_type_size_on_the_runs_when_the_style_differs(tmp_path, font_size, style_id, half_points, line):
    t = table([[Cell("项目", align=C, bold=True), Cell("金额", align=C, bold=True)]],
              [[Cell("合计"), Cell("1.00", align=R)]], font_size=font_size)
    assert t.fit(PORTRAIT_TWIPS / 20).font_size == font_size      # it fits at its size
    tbl, = tables(write(tmp_path, t))
    for tc in tbl.iter(w("tc")):
        p = tc.find(w("p"))
        assert style(p) == style_id
        assert p.find("w:pPr/w:spacing", NS).get(w("line")) == str(line)
        r, = p.findall(w("r"))
        rpr = r.find(w("rPr"))
        if half_points is None:
            assert rpr is None or rpr.find(w("sz")) is None
        else:
            assert r.index(rpr) == 0                 # rPr before the text, as the schema wants
            tags = [child.tag.split("}")[1] for child in rpr]
            assert tags == (["b"] if tc in tbl.findall("w:tr", NS)[0] else []) + ["sz", "szCs"]
            assert rpr.find(w("sz")).get(w("val")) == rpr.find(w("szCs")).get(w("val")) == str(half_points)
        assert (rpr is not None and rpr.find(w("b")) is not None) == (tc in tbl.findall("w:tr", NS)[0])


def test_landscape_table_uses_the_landscape_text_block(tmp_path):
    t = table(*SMALL, left="部门：甲", right="单位：元")
    body = write(tmp_path, Paragraph("正文。"), PageBreak(landscape=True), t)
    tbl, = tables(body)
    cols = grid(tbl)
    assert cols == offered(t, landscape=True)
    assert LANDSCAPE_TWIPS - CELL_MARGINS - 2 <= sum(cols) <= LANDSCAPE_TWIPS - CELL_MARGINS
    meta = tbl.getprevious()
    assert [(x.get(w("val")), x.get(w("pos"))) for x in meta.findall("w:pPr/w:tabs/w:tab", NS)] == [
        ("center", str(LANDSCAPE_TWIPS // 2)), ("right", str(LANDSCAPE_TWIPS))]
    # lines of 1.15 em on a landscape page; the new section starts the page, no page break
    for p in tbl.iter(w("p")):
        assert p.find("w:pPr/w:spacing", NS).get(w("line")) == str(int(9 * 1.15 * 20))
    assert body.findall(".//w:pageBreakBefore", NS) == []


def test_a_note_after_a_table_does_not_hang_under_the_note_before_it(tmp_path):
    """A table ends a run of notes: ``1. …`` after it is not indented under the ``注：`` before."""
    body = write(tmp_path, Paragraph("注：甲。", "note"), table(*SMALL), Paragraph("1. 乙。", "note"))
    tbl, = tables(body)
    after = tbl.getnext()
    assert text_of(after) == "1. 乙。"
    assert after.find("w:pPr/w:ind", NS) is None


def test_short_row_stops_at_its_last_cell(tmp_path):
    """A row with fewer cells than the grid ends where they end (no padding cells)."""
    t = table([[Cell("项目"), Cell("本年"), Cell("上年")]], [[Cell("合计", colspan=2)], [Cell("甲")]])
    tbl, = tables(write(tmp_path, t))
    assert [len(tr.findall(w("tc"))) for tr in tbl.findall(w("tr"))] == [3, 1, 1]
    a, b, c = grid(tbl)
    assert widths(tbl) == [[a, b, c], [a + b], [a]]


def test_a_row_span_in_the_middle_leaves_the_cells_right_of_it_in_place(tmp_path):
    t = table([[Cell("项目"), Cell("本年", rowspan=2, align=C), Cell("上年"), Cell("备注")]],
              [[Cell("甲"), Cell("1.00", align=R), Cell("乙")]])
    tbl, = tables(write(tmp_path, t))
    assert rows_info(tbl)[1] == [(1, None, "甲", L, False), (1, "continue", "", L, False),
                                 (1, None, "1.00", R, False), (1, None, "乙", L, False)]
    a, b, c, d = grid(tbl)
    assert widths(tbl)[1] == [a, b, c, d]


def edited_reference(tmp_path, small=True, text_size=True, normal_pt=None):
    """The reference.docx with Table Text Small removed, Table Text without a size, or Normal
    at another size."""
    from docx.shared import Pt
    ref = open_docx(str(REFERENCE))
    if not small:
        element = ref.styles["Table Text Small"].element
        element.getparent().remove(element)
    if not text_size:
        ref.styles["Table Text"].font.size = None
    if normal_pt is not None:
        ref.styles["Normal"].font.size = Pt(normal_pt)
    path = tmp_path / "reference.docx"
    ref.save(str(path))
    return path


def write_with(tmp_path, reference, *blocks):
    doc = Document(title="测试", cover=None, toc_title="",
                   parts=(Part(Heading(1, "一、表", "part-1"), tuple(blocks)),))
    path = tmp_path / "t.docx"
    write_docx(doc, path, reference)
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml")).find(w("body"))


def sizes(tbl):
    return {(style(p), r.find("w:rPr/w:sz", NS).get(w("val")) if r.find("w:rPr/w:sz", NS) is not None else None)
            for p in tbl.iter(w("p")) for r in p.findall(w("r"))}


def test_a_reference_without_the_small_style_sizes_against_normal(tmp_path):
    """Without Table Text Small the cells take Normal, and the size is compared with Normal's:
    at Normal's own size (8 pt here) nothing is set on the runs, at another size it is."""
    reference = edited_reference(tmp_path, small=False, normal_pt=8)
    tbl, = tables(write_with(tmp_path, reference, table(*SMALL, font_size=8.0)))
    assert sizes(tbl) == {("Normal", None)}
    tbl, = tables(write_with(tmp_path, reference, table(*SMALL, font_size=7.0)))
    assert sizes(tbl) == {("Normal", "14")}


def test_a_style_without_a_size_gets_the_size_on_its_runs(tmp_path):
    reference = edited_reference(tmp_path, text_size=False)
    tbl, = tables(write_with(tmp_path, reference, table(*SMALL, font_size=9.0)))
    assert sizes(tbl) == {("TableText", "18")}
