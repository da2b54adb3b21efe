"""Document → .docx with python-docx, styled by the scheme's reference.docx.

Styles are looked up by name in the reference document (a bureau restyles it in Word)
and then set on paragraphs by id, which is much faster than by name on every cell.
The writer neither computes nor words anything: it places the Document's text.
"""

import copy

from docx import Document as open_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.document import Heading, PageBreak, Paragraph, Table

STYLE_NAMES = {
    "body": "Normal", "item": "Item", "note": "Note", "cover": "Cover", "toc-title": "TOC Heading",
    "toc1": "TOC 1", "toc2": "TOC 2", "h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3",
    "table-title": "Table Heading", "caption": "Table Caption", "cell": "Table Text",
    "cell-small": "Table Text Small", "footer": "Footer",
}
ALIGN = {"left": "left", "center": "center", "right": "right"}


class DocxWriter:
    """Writes one Document into a copy of a reference.docx."""

    def __init__(self, reference):
        self.doc = open_docx(str(reference))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.ids = {}
        for key, name in STYLE_NAMES.items():
            try:
                self.ids[key] = self.doc.styles[name].style_id
            except KeyError:
                self.ids[key] = self.doc.styles["Normal"].style_id
        self.body = body
        self.sect_pr = body.find(qn("w:sectPr"))
        self.landscape = False

    # -------------------------------------------------------------- low level
    def _p(self, text="", style="body", align=None, bold=False):
        """A paragraph of style ``style`` (a key of STYLE_NAMES) added to the body."""
        p = self._make_p(text, self.ids[style], align, bold)
        self.sect_pr.addprevious(p)
        return p

    def _make_p(self, text, style_id, align=None, bold=False):
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), style_id)
        ppr.append(pstyle)
        if align:
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), ALIGN[align])
            ppr.append(jc)
        p.append(ppr)
        if text:
            p.append(self._run(text, bold))
        return p

    @staticmethod
    def _run(text, bold=False):
        r = OxmlElement("w:r")
        if bold:
            rpr = OxmlElement("w:rPr")
            rpr.append(OxmlElement("w:b"))
            r.append(rpr)
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        r.append(t)
        return r

    def _page_break(self):
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        r.append(br)
        p.append(r)
        self.sect_pr.addprevious(p)

    def _new_section(self, landscape):
        """End the current section (its properties go into the last paragraph) and start one."""
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ended = copy.deepcopy(self.sect_pr)
        ppr.append(ended)
        p.append(ppr)
        self.sect_pr.addprevious(p)
        pg = self.sect_pr.find(qn("w:pgSz"))
        width, height = int(pg.get(qn("w:w"))), int(pg.get(qn("w:h")))
        if landscape != (width > height):
            pg.set(qn("w:w"), str(height))
            pg.set(qn("w:h"), str(width))
        if landscape:
            pg.set(qn("w:orient"), "landscape")
        elif qn("w:orient") in pg.attrib:
            del pg.attrib[qn("w:orient")]
        mar = self.sect_pr.find(qn("w:pgMar"))
        if mar is not None and landscape != self.landscape:
            top, right = mar.get(qn("w:top")), mar.get(qn("w:right"))
            bottom, left = mar.get(qn("w:bottom")), mar.get(qn("w:left"))
            if landscape:   # rotate: margins that were top/bottom become left/right
                mar.set(qn("w:top"), right), mar.set(qn("w:bottom"), left)
                mar.set(qn("w:left"), top), mar.set(qn("w:right"), bottom)
            else:
                mar.set(qn("w:top"), left), mar.set(qn("w:bottom"), right)
                mar.set(qn("w:left"), bottom), mar.set(qn("w:right"), top)
        self.landscape = landscape

    @staticmethod
    def _field_runs(p, instruction, kinds, dirty=False):
        """Append a complex field's runs to ``p``: ``kinds`` picks begin/instr/separate/end."""
        for kind in kinds:
            r = OxmlElement("w:r")
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {instruction} "
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
                if kind == "begin" and dirty:
                    el.set(qn("w:dirty"), "true")
            r.append(el)
            p.append(r)

    # -------------------------------------------------------------- document parts
    def footer(self, template):
        """Page number in the footer: ``— 9 —``."""
        section = self.doc.sections[0]
        footer = section.footer
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.style = self.doc.styles[STYLE_NAMES["footer"]]
        before, _, after = template.partition("{page}")
        p._p.append(self._run(before))
        self._field_runs(p._p, "PAGE", ("begin", "instr", "separate"))
        p._p.append(self._run("1"))
        self._field_runs(p._p, "", ("end",))
        p._p.append(self._run(after))

    def cover(self, cover):
        for _ in range(4):
            self._p("", "cover")
        for line in cover.lines:
            self._p(line, "cover")

    def toc(self, doc):
        """A Word TOC field (updated when Word opens the file), pre-filled with the entries."""
        self._page_break()
        self._p(doc.toc_title, "toc-title")
        entries = [h for h in doc.headings() if h.in_toc and h.level <= 2]
        first = self._p("", "toc1")
        # headings by outline (parts, sections) and TC fields (table titles with their numbers)
        self._field_runs(first, 'TOC \\o "1-2" \\f \\h \\z', ("begin", "instr", "separate"), dirty=True)
        for i, heading in enumerate(entries):
            p = first if i == 0 else self._p("", "toc1" if heading.level == 1 else "toc2")
            if i == 0 and heading.level == 2:
                p.find(qn("w:pPr")).find(qn("w:pStyle")).set(qn("w:val"), self.ids["toc2"])
            p.append(self._run(heading.toc_text or heading.text))
        self._field_runs(p if entries else first, "", ("end",))

    def heading(self, heading):
        style = {"table-title": "table-title"}.get(heading.style, f"h{min(heading.level, 3)}")
        p = self._p(heading.text, style)
        if heading.level == 1:
            self._bookmark(p, heading.anchor)
        if heading.style == "table-title" and heading.in_toc:
            self._tc_field(p, heading.toc_text or heading.text, heading.level)

    def _tc_field(self, p, text, level):
        """A TC field: what Word's TOC lists for this paragraph (the table title with its number)."""
        entry = text.replace('"', "＂")
        self._field_runs(p, f'TC "{entry}" \\l {level}', ("begin", "instr", "end"))

    def _update_fields_on_open(self):
        """w:updateFields in settings.xml, at its place in the schema order: Word then refreshes
        the TOC (page numbers) when the document is opened."""
        settings = self.doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        for child in settings:
            if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS:
                child.addprevious(update)
                return
        settings.append(update)

    def _bookmark(self, p, name):
        self.bookmarks = getattr(self, "bookmarks", 0) + 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmarks))
        start.set(qn("w:name"), name.replace("-", "_")[:40])
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        p.insert(1, start)
        p.append(end)

    def paragraph(self, para):
        if para.style == "center":
            self._p(para.text, "caption", align="center")
        elif para.style in ("body-left", "annex-item"):
            self._p(para.text, "caption")
        else:
            self._p(para.text, {"note": "note", "item": "item"}.get(para.style, "body"))

    def table(self, table):
        """The table as WordprocessingML, built directly (python-docx's cell API is O(n) per
        cell and its merge is slower still): gridSpan for column spans, vMerge for row spans,
        tblHeader on the header rows so Word repeats them on every page."""
        self._caption(table)
        rows = list(table.header) + list(table.body)
        n_cols = len(table.widths) or max(sum(c.colspan for c in row) for row in rows)
        usable = 24.6 if self.landscape else 15.6          # cm between the margins
        total = sum(table.widths) or n_cols
        twips = [int(usable * 567 * w / total) for w in (table.widths or [1] * n_cols)]
        cell_style = self.ids["cell-small" if table.font_size < 9 else "cell"]
        tbl = OxmlElement("w:tbl")
        tbl.append(_tbl_pr())
        grid = OxmlElement("w:tblGrid")
        for w in twips:
            col = OxmlElement("w:gridCol")
            col.set(qn("w:w"), str(w))
            grid.append(col)
        tbl.append(grid)
        below = {}                        # (row, col) → colspan of a row span continuing there
        for r, row in enumerate(rows):
            tr = OxmlElement("w:tr")
            trpr = OxmlElement("w:trPr")
            trpr.append(OxmlElement("w:cantSplit"))
            if r < len(table.header):
                trpr.append(OxmlElement("w:tblHeader"))
            tr.append(trpr)
            cells = iter(row)
            c = 0
            while c < n_cols:
                if (r, c) in below:
                    span = below.pop((r, c))
                    tr.append(self._tc(twips, c, span, "continue", "", "left", False, cell_style))
                    c += span
                    continue
                cell = next(cells, None)
                if cell is None:
                    break
                merge = None
                if cell.rowspan > 1:
                    merge = "restart"
                    for rr in range(r + 1, r + cell.rowspan):
                        below[(rr, c)] = cell.colspan
                tr.append(self._tc(twips, c, cell.colspan, merge, cell.text, cell.align, cell.bold, cell_style))
                c += cell.colspan
            tbl.append(tr)
        self.sect_pr.addprevious(tbl)

    def _tc(self, twips, col, span, merge, text, align, bold, style_id):
        tc = OxmlElement("w:tc")
        tcpr = OxmlElement("w:tcPr")
        width = OxmlElement("w:tcW")
        width.set(qn("w:w"), str(sum(twips[col:col + span])))
        width.set(qn("w:type"), "dxa")
        tcpr.append(width)
        if span > 1:
            grid_span = OxmlElement("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            tcpr.append(grid_span)
        if merge:
            v_merge = OxmlElement("w:vMerge")
            if merge == "restart":
                v_merge.set(qn("w:val"), "restart")
            tcpr.append(v_merge)
        v_align = OxmlElement("w:vAlign")
        v_align.set(qn("w:val"), "center")
        tcpr.append(v_align)
        tc.append(tcpr)
        tc.append(self._make_p(text, style_id, align, bold))
        return tc

    def _caption(self, table):
        """Code on the right, then 部门 left, year centred, amount unit right (tab stops)."""
        if not (table.code or table.meta_left or table.meta_center or table.meta_right):
            return                            # a table without a caption (it may continue another)
        if table.code:
            self._p(table.code, "caption", align="right")
        p = self._p("", "caption")
        usable = int((24.6 if self.landscape else 15.6) * 567)
        tabs = OxmlElement("w:tabs")
        for kind, pos in (("center", usable // 2), ("right", usable)):
            tab = OxmlElement("w:tab")
            tab.set(qn("w:val"), kind)
            tab.set(qn("w:pos"), str(pos))
            tabs.append(tab)
        p.find(qn("w:pPr")).append(tabs)
        for i, text in enumerate((table.meta_left, table.meta_center, table.meta_right)):
            if i:
                r = OxmlElement("w:r")
                r.append(OxmlElement("w:tab"))
                p.append(r)
            if text:
                p.append(self._run(text))

    # -------------------------------------------------------------- the whole document
    def write(self, doc, path):
        self.doc.core_properties.title = doc.title
        self.footer(doc.footer)
        if doc.cover is not None:
            self.cover(doc.cover)
        if doc.toc_title:
            self.toc(doc)
        for number, part in enumerate(doc.parts):
            if self.landscape:
                self._new_section(False)
            elif number or doc.cover is not None:
                self._page_break()
            self.heading(part.heading)
            for block in part.blocks:
                if isinstance(block, PageBreak):
                    if block.landscape != self.landscape:
                        self._new_section(block.landscape)
                    else:
                        self._page_break()
                elif isinstance(block, Heading):
                    self.heading(block)
                elif isinstance(block, Paragraph):
                    self.paragraph(block)
                elif isinstance(block, Table):
                    self.table(block)
        self._update_fields_on_open()
        self.doc.save(str(path))


# CT_Settings children that must follow w:updateFields (schema order; Word rejects disorder)
_AFTER_UPDATE_FIELDS = {"hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                        "decimalSymbol", "listSeparator"}


def _tbl_pr():
    """Table properties: centred, fixed layout, single borders all round."""
    pr = OxmlElement("w:tblPr")
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), "0")
    width.set(qn("w:type"), "auto")
    pr.append(width)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    pr.append(jc)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        for attr, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            border.set(qn(f"w:{attr}"), value)
        borders.append(border)
    pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    pr.append(margins)
    return pr


def write_docx(doc, path, reference):
    """Write ``doc`` to ``path`` using the styles of ``reference``."""
    DocxWriter(reference).write(doc, path)
