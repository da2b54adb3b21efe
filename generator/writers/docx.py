"""Document → .docx with python-docx, styled by the scheme's reference.docx.

Styles are looked up by name in the reference document (a bureau restyles it in Word)
and then set on paragraphs by id, which is much faster than by name on every cell.
The writer neither computes nor words anything: it places the Document's text.
"""

import copy
import datetime

from docx import Document as open_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.document import Figure, Heading, PageBreak, Paragraph, Table

STYLE_NAMES = {
    "body": "Normal", "item": "Item", "note": "Note", "cover": "Cover", "toc-title": "TOC Heading",
    "toc1": "TOC 1", "toc2": "TOC 2", "h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3",
    "table-title": "Table Heading", "caption": "Table Caption", "cell": "Table Text",
    "cell-small": "Table Text Small", "footer": "Footer", "title": "Document Title",
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
        self.pending = None          # what the next block starts with: "page" or a section (True/False)
        self.sections = 1
        self.note_lead = 0

    # -------------------------------------------------------------- low level
    def _p(self, text="", style="body", align=None, bold=False):
        """A paragraph of style ``style`` (a key of STYLE_NAMES) added to the body."""
        self._begin_block()
        p = self._make_p(text, self.ids[style], align, bold)
        if self.break_next:
            p.find(qn("w:pPr")).insert(1, OxmlElement("w:pageBreakBefore"))
            self.break_next = False
        self.sect_pr.addprevious(p)
        return p

    break_next = False

    def _begin_block(self):
        """Carry out a pending break before the block about to be written: a new section when
        the orientation changes (its section break starts the page), else page-break-before on
        the block's first paragraph.  Pending breaks never written leave nothing behind."""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        if pending != "page" and pending != self.landscape:
            self._new_section(pending)
        else:
            self.break_next = True

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

    def _page_break(self, landscape=None):
        """The next block starts a page (in a section of ``landscape`` orientation when given)."""
        target = self.landscape if landscape is None else landscape
        self.pending = "page" if target == self.landscape else target

    def _new_section(self, landscape):
        """End the current section (its properties go into its last paragraph, or into an empty
        one-point paragraph after a table) and start one of the given orientation."""
        last = self.sect_pr.getprevious()
        if last is None or last.tag != qn("w:p"):
            last = self._make_p("", self.ids["body"])
            last.find(qn("w:pPr")).extend(_tiny_paragraph())
            self.sect_pr.addprevious(last)
        ppr = last.find(qn("w:pPr"))
        ended = copy.deepcopy(self.sect_pr)
        ppr.append(ended)          # sectPr is the last child of pPr in the schema
        for title_pg in self.sect_pr.findall(qn("w:titlePg")):   # only the cover page goes unnumbered
            self.sect_pr.remove(title_pg)
        self.sections += 1
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
            # the page number inside the (narrower) bottom margin, where the PDF has it: a footer
            # reaching above the margin pushes the body up (LibreOffice, Word), a page gets shorter
            if self.footer_distance is None:
                self.footer_distance = mar.get(qn("w:footer"))
            if landscape and self.footer_distance is not None:
                mar.set(qn("w:footer"), str(min(int(self.footer_distance), int(mar.get(qn("w:bottom"))) - _FOOTER_ROOM)))
            elif self.footer_distance is not None:
                mar.set(qn("w:footer"), self.footer_distance)
        self.landscape = landscape

    footer_distance = None      # the reference document's footer distance (twips), portrait

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
    def footer(self, template, cover=False):
        """Page number in the footer: ``— 9 —``; with a cover, its first page has an empty footer."""
        section = self.doc.sections[0]
        if cover:
            section.different_first_page_header_footer = True
            first = section.first_page_footer
            first.is_linked_to_previous = False
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
        for n, line in enumerate(cover.lines):
            p = self._p(line, "cover")
            if n == 0:                   # the cover's lines stand a third down the page
                spacing = OxmlElement("w:spacing")
                spacing.set(qn("w:before"), str(20 * 170))
                p.find(qn("w:pPr")).insert(1, spacing)

    def toc(self, doc, pages):
        """A Word TOC field whose cached result is already right: the entries with their page
        numbers (``pages``: anchor → page, from the PDF's pagination of the same Document),
        dot leaders to a right tab at the text block's edge, each entry a link to its heading.
        Word refreshes it on open (updateFields); LibreOffice and viewers show it as it is."""
        self._page_break()
        self._p(doc.toc_title, "toc-title")
        entries = [h for h in doc.headings() if h.in_toc and h.level <= 2]
        right = int(self._text_width() * 20)
        paragraphs = []
        for heading in entries:
            p = self._p("", "toc1" if heading.level == 1 else "toc2")
            tabs = OxmlElement("w:tabs")
            tab = OxmlElement("w:tab")
            for attr, value in (("val", "right"), ("leader", "dot"), ("pos", str(right))):
                tab.set(qn(f"w:{attr}"), value)
            tabs.append(tab)
            p.find(qn("w:pPr")).insert(1, tabs)
            paragraphs.append(p)
        if not paragraphs:
            paragraphs.append(self._p("", "toc1"))
        # headings by outline (parts, sections) and TC fields (table titles with their numbers)
        self._field_runs(paragraphs[0], 'TOC \\o "1-2" \\f \\h \\z', ("begin", "instr", "separate"), dirty=True)
        for heading, p in zip(entries, paragraphs):
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), _bookmark_name(heading.anchor))
            link.set(qn("w:history"), "1")
            link.append(self._run(heading.toc_text or heading.text))
            tab_run = OxmlElement("w:r")
            tab_run.append(OxmlElement("w:tab"))
            link.append(tab_run)
            page = pages.get(heading.anchor) if pages else None
            link.append(self._run(str(page) if page is not None else ""))
            p.append(link)
        self._field_runs(paragraphs[-1], "", ("end",))

    def heading(self, heading):
        style = {"table-title": "table-title", "title": "title", "doc-title": "title"}.get(
            heading.style, f"h{min(heading.level, 3)}")
        p = self._p(heading.text, style)
        if heading.style in ("title", "doc-title") and heading.level > 1:
            outline = OxmlElement("w:outlineLvl")      # in the TOC and navigation at its level
            outline.set(qn("w:val"), str(heading.level - 1))
            p.find(qn("w:pPr")).append(outline)
        if heading.in_toc or heading.level == 1:
            self._bookmark(p, heading.anchor)
        if heading.style == "table-title" and heading.in_toc:
            self._tc_field(p, heading.toc_text or heading.text, heading.level)
        if heading.style == "table-title" and self.landscape:      # as report.css: 0.1em below
            _set_spacing(p, after=36)

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
        start.set(qn("w:name"), _bookmark_name(name))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        p.insert(1, start)
        p.append(end)

    def paragraph(self, para):
        if para.style == "note":
            self._note(para)
            return
        self.note_lead = 0
        if para.style == "center":
            self._p(para.text, "caption", align="center")
        elif para.style in ("body-left", "annex-item"):
            self._p(para.text, "caption")
        else:
            self._p(para.text, {"note": "note", "item": "item"}.get(para.style, "body"))

    def _note(self, para):
        """A note: ``注：1. …`` hangs its wrapped lines under “1.”, and the notes after it
        (``2. …``) stand under “1.” too (indents in the note style's characters).  The notes
        keep with the table above them: the table's last row and each note before the last
        keep with the next paragraph, so a note never opens a page of its own."""
        before = self.sect_pr.getprevious()
        p = self._p(para.text, "note")
        if before is not None and p.getprevious() is before:
            if before.tag == qn("w:tbl"):
                rows = before.findall(qn("w:tr"))
                _keep_with_next(rows[-1].iter(qn("w:p")) if rows else ())
            elif before.tag == qn("w:p") and _style_of(before) == self.ids["note"]:
                _keep_with_next([before])
        lead = para.note_lead()
        if lead:
            self.note_lead = lead
        elif not (self.note_lead and para.text[:1].isdigit()):
            self.note_lead = 0
        if self.note_lead:
            ind = OxmlElement("w:ind")
            ind.set(qn("w:leftChars"), str(100 * self.note_lead))
            ind.set(qn("w:left"), str(int(20 * self.note_size * self.note_lead)))
            if lead:
                ind.set(qn("w:hangingChars"), str(100 * lead))
                ind.set(qn("w:hanging"), str(int(20 * self.note_size * lead)))
            else:
                ind.set(qn("w:firstLineChars"), "0")
                ind.set(qn("w:firstLine"), "0")
            p.find(qn("w:pPr")).append(ind)

    note_size = 10.5

    def _text_width(self):
        """The current section's text width in points (page width less the side margins)."""
        pg, mar = self.sect_pr.find(qn("w:pgSz")), self.sect_pr.find(qn("w:pgMar"))
        width = int(pg.get(qn("w:w")))
        left, right = (int(mar.get(qn(f"w:{side}"), "0")) for side in ("left", "right")) if mar is not None else (0, 0)
        return (width - left - right) / 20

    def table(self, table):
        """The table as WordprocessingML, built directly (python-docx's cell API is O(n) per
        cell and its merge is slower still): gridSpan for column spans, vMerge for row spans,
        tblHeader on the header rows so Word repeats them on every page."""
        self.note_lead = 0
        self._begin_block()
        self._caption(table)
        rows = list(table.header) + list(table.body)
        # columns as wide as their content needs, within the section's text block, in the
        # type size the widths are computed for (smaller than the style's for a very wide table)
        fit = table.fit(self._text_width() - 2 * _CELL_MARGIN / 20)
        twips = [int(w * 20) for w in fit.widths]
        n_cols = len(twips)
        style_key = "cell-small" if fit.font_size < 9 else "cell"
        cell_style = self.ids[style_key]
        size = self._style_size(style_key)
        size = None if size is not None and abs(size - fit.font_size) < 0.01 else int(fit.font_size * 2)
        # rows as tall as the PDF's: exact lines of the CSS line-height (1.25, landscape 1.15) and
        # 1 pt above and below (a CJK font's single spacing is about 1.45 em: pages would overflow)
        self.cell_spacing = (int(fit.font_size * (1.15 if self.landscape else 1.25) * 20), 20)
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
                    tr.append(self._tc(twips, c, span, "continue", "", "left", False, cell_style, size))
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
                tr.append(self._tc(twips, c, cell.colspan, merge, cell.text, cell.align, cell.bold, cell_style, size))
                c += cell.colspan
            tbl.append(tr)
        if self.break_next:            # a table without a caption starts the page itself
            first = tbl.find(f"{qn('w:tr')}/{qn('w:tc')}/{qn('w:p')}/{qn('w:pPr')}")
            if first is not None:
                first.insert(1, OxmlElement("w:pageBreakBefore"))
            self.break_next = False
        self.sect_pr.addprevious(tbl)

    cell_spacing = None           # (line, before/after) in twips of the table being written

    def _style_size(self, key):
        """The type size in points of the reference document's style ``key`` (None if unset)."""
        try:
            size = self.doc.styles[STYLE_NAMES[key]].font.size
        except KeyError:
            size = self.doc.styles["Normal"].font.size
        return size.pt if size is not None else None

    def _tc(self, twips, col, span, merge, text, align, bold, style_id, size=None):
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
        p = self._make_p(text, style_id, align, bold)
        if self.cell_spacing:
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:before"), str(self.cell_spacing[1]))
            spacing.set(qn("w:after"), str(self.cell_spacing[1]))
            spacing.set(qn("w:line"), str(self.cell_spacing[0]))
            spacing.set(qn("w:lineRule"), "exact")
            p.find(qn("w:pPr")).insert(1, spacing)
        if size:                       # half-points, on the run (the style keeps its own size)
            for r in p.iter(qn("w:r")):
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    r.insert(0, rpr)
                for tag in ("w:sz", "w:szCs"):
                    el = OxmlElement(tag)
                    el.set(qn("w:val"), str(size))
                    rpr.append(el)
        tc.append(p)
        return tc

    def _caption(self, table):
        """Code on the right, then 部门 left, year centred, amount unit right (tab stops)."""
        if not (table.code or table.meta_left or table.meta_center or table.meta_right):
            return                            # a table without a caption (it may continue another)
        if table.code:
            _set_spacing(self._p(table.code, "caption", align="right"), line=300, lineRule="exact")
        p = self._p("", "caption")
        _set_spacing(p, line=300, lineRule="exact")      # as report.css: lines of 15 pt
        usable = int(self._text_width() * 20)
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
    def write(self, doc, path, pages=None):
        """Write ``doc``; ``pages`` (anchor → page number, from the PDF) fills the TOC's numbers."""
        self._properties(doc)
        self._language(doc.lang)
        self.note_size = doc.page.note_pt
        self.footer(doc.footer, cover=doc.cover is not None)
        if doc.cover is not None:
            self.cover(doc.cover)
        if doc.toc_title:
            self.toc(doc, pages)
        for number, part in enumerate(doc.parts):
            if number or doc.cover is not None or doc.toc_title:
                self._page_break(False)
            self.heading(part.heading)
            for block in part.blocks:
                if isinstance(block, PageBreak):
                    self._page_break(block.landscape)
                elif isinstance(block, Heading):
                    self.heading(block)
                elif isinstance(block, Paragraph):
                    self.paragraph(block)
                elif isinstance(block, Table):
                    self.table(block)
                elif isinstance(block, Figure):
                    from generator.writers.docx_figure import add_figure
                    add_figure(self, block)
        self._update_fields_on_open()
        self.doc.save(str(path))

    def _properties(self, doc):
        """Core properties from the Document, not python-docx's defaults (author python-docx,
        created 2013): title, author and last editor the unit, created and modified now."""
        props = self.doc.core_properties
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
        props.title = doc.title[:255]            # a core property holds 255 characters at most
        props.author = props.last_modified_by = (doc.author or doc.title)[:255]
        props.created = props.modified = now
        props.revision = 1
        props.comments = props.keywords = props.subject = props.category = ""
        props.language = doc.lang

    def _language(self, lang):
        """``lang`` (zh-CN) on every run through the document defaults and on every style that
        sets a language, and as the theme's East Asian language: fallback fonts are Chinese."""
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        rprs = [rpr] + [style.find(qn("w:rPr")) for style in styles.findall(qn("w:style"))]
        for rpr in rprs:
            if rpr is None:
                continue
            lang_el = rpr.find(qn("w:lang"))
            if lang_el is None:
                if rpr is not rprs[0]:
                    continue
                lang_el = OxmlElement("w:lang")
                _in_order(rpr, lang_el)
            lang_el.set(qn("w:val"), lang)
            lang_el.set(qn("w:eastAsia"), lang)
        theme = self.doc.settings.element.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:val"), lang)
            theme.set(qn("w:eastAsia"), lang)


# CT_Settings children that must follow w:updateFields (schema order; Word rejects disorder)
_AFTER_UPDATE_FIELDS = {"hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                        "decimalSymbol", "listSeparator"}


_CELL_MARGIN = 57          # twips, left and right in every cell
_FOOTER_ROOM = 780         # twips between a landscape page's footer and its bottom margin's top
#: w:rPr children that follow w:lang in the schema
_AFTER_LANG = {"eastAsianLayout", "specVanish", "oMath"}


def _in_order(rpr, lang):
    """Place ``lang`` before the rPr children that must follow it; return it."""
    for child in rpr:
        if child.tag.split("}")[-1] in _AFTER_LANG:
            child.addprevious(lang)
            return lang
    rpr.append(lang)
    return lang


def _bookmark_name(anchor):
    return anchor.replace("-", "_")[:40]


def _tiny_paragraph():
    """pPr children of an empty paragraph that takes (almost) no room: 1 pt, no spacing."""
    spacing = OxmlElement("w:spacing")
    for attr, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{attr}"), value)
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    rpr.append(size)
    return [spacing, rpr]


#: w:pPr children that come after w:spacing in the schema order
_AFTER_SPACING = {qn(f"w:{tag}") for tag in ("ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                                              "textDirection", "textAlignment", "textboxTightWrap",
                                              "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")}


def _set_spacing(p, **attrs):
    """Set w:spacing attributes (twips) on paragraph ``p``, the element at its schema place."""
    ppr = p.find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        after = next((child for child in ppr if child.tag in _AFTER_SPACING), None)
        if after is not None:
            after.addprevious(spacing)
        else:
            ppr.append(spacing)
    for name, value in attrs.items():
        spacing.set(qn(f"w:{name}"), str(value))


def _keep_with_next(paragraphs):
    for p in paragraphs:
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:keepNext")) is None:
            ppr.insert(1, OxmlElement("w:keepNext"))


def _style_of(p):
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


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
        margin.set(qn("w:w"), str(_CELL_MARGIN))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    pr.append(margins)
    return pr


def write_docx(doc, path, reference, pages=None):
    """Write ``doc`` to ``path`` using the styles of ``reference``; ``pages`` (anchor → page
    number, e.g. :func:`generator.writers.pdf.page_numbers`) fills the TOC's page numbers."""
    DocxWriter(reference).write(doc, path, pages)
