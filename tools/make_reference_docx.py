"""Build a scheme's ``docx/reference.docx``: the Word styles the DOCX writer uses.

A bureau restyles its reports by editing reference.docx in Word (fonts, sizes, spacing,
margins) — the writer only looks styles up by name.  This script makes the shipped one:

    .venv/bin/python tools/make_reference_docx.py templates/public-2020/docx/reference.docx

Styles (GB/T 9704 manner): Normal 仿宋 三号 with a two-character first-line indent;
Heading 1 (parts) 黑体 小二 centred; Document Title (the self-evaluation's title) 小标宋 二号; Heading 2 (一、) 黑体 三号; Heading 3 (（一）) 楷体 三号;
Table Heading (table titles, in the TOC at level 2) 黑体 centred; Table Text 宋体 9 pt;
Table Text Small 宋体 7.5 pt; Table Caption; Note; Cover; TOC Heading; TOC 1/2.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY, HEI, KAI, SONG, LATIN = "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "Times New Roman"
TITLE = "方正小标宋简体"


def set_fonts(style, east_asian, latin=LATIN):
    """Set both the Latin and the East Asian font (python-docx's font.name sets only Latin)."""
    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)   # a theme font would win over the names below
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def paragraph_style(doc, name, base=None, east_asian=BODY, size=16, bold=False, align=None, indent=False,
                    before=0, after=0, line=28, keep_next=False, outline=None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = styles[base]
    set_fonts(style, east_asian)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = None
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if line:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    if align is not None:
        pf.alignment = align
    pf.keep_with_next = keep_next
    if outline is not None:
        ppr = style.element.get_or_add_pPr()
        level = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(outline)})
        ppr.append(level)
    return style


def set_language(doc, lang):
    """Every run in ``lang`` (Latin and East Asian) through the document defaults."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = rpr.makeelement(qn("w:lang"), {})
        rpr.append(el)
    for attr in ("w:val", "w:eastAsia"):
        el.set(qn(attr), lang)


def build(path):
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    paragraph_style(doc, "Normal", east_asian=BODY, size=16, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph_style(doc, "Heading 1", "Normal", HEI, 18, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=18,
                    line=32, keep_next=True)
    paragraph_style(doc, "Document Title", "Normal", TITLE, 22, align=WD_ALIGN_PARAGRAPH.CENTER, after=12,
                    line=36, keep_next=True)
    paragraph_style(doc, "Heading 2", "Normal", HEI, 16, indent=True, keep_next=True, before=6)
    paragraph_style(doc, "Heading 3", "Normal", KAI, 16, indent=True, keep_next=True)
    paragraph_style(doc, "Table Heading", "Normal", HEI, 18, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True,
                    after=6, line=32, outline=1)
    paragraph_style(doc, "Table Caption", "Normal", SONG, 10.5, keep_next=True, line=0)
    paragraph_style(doc, "Table Text", "Normal", SONG, 9, line=0, before=1, after=1)
    paragraph_style(doc, "Table Text Small", "Normal", SONG, 7.5, line=0, before=0.5, after=0.5)
    paragraph_style(doc, "Note", "Normal", SONG, 10.5, line=0, before=2)
    paragraph_style(doc, "Item", "Normal", BODY, 16, indent=True, keep_next=True)
    paragraph_style(doc, "Cover", "Normal", HEI, 26, align=WD_ALIGN_PARAGRAPH.CENTER, line=0, before=24, after=24)
    paragraph_style(doc, "TOC Heading", "Normal", HEI, 22, align=WD_ALIGN_PARAGRAPH.CENTER, after=18, line=36)
    paragraph_style(doc, "TOC 1", "Normal", HEI, 14, line=26)
    paragraph_style(doc, "TOC 2", "Normal", BODY, 14, line=26).paragraph_format.left_indent = Pt(28)
    paragraph_style(doc, "Footer", "Normal", SONG, 14, align=WD_ALIGN_PARAGRAPH.CENTER, line=0)
    set_language(doc, "zh-CN")
    for style in doc.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.name.startswith("Heading"):
            style.font.color.rgb = None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "templates/public-2020/docx/reference.docx")
