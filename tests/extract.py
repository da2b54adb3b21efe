"""Text of generated documents, for golden files and parity tests.

DOCX: body paragraphs and tables in document order (python-docx's element tree), one line
per paragraph, table rows as tab-separated cells (a merged cell once).  PDF: pdftotext.
"""

import re
import subprocess
from collections import Counter

from docx import Document
from docx.oxml.ns import qn


def docx_text(path):
    doc = Document(str(path))
    lines = []
    for element in doc.element.body:
        if element.tag == qn("w:p"):
            lines.append(_p_text(element))
        elif element.tag == qn("w:tbl"):
            for tr in element.iter(qn("w:tr")):
                cells = []
                for tc in tr.iter(qn("w:tc")):
                    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                    if merge is not None and merge.get(qn("w:val")) != "restart":
                        continue
                    cells.append("".join(_p_text(p) for p in tc.iter(qn("w:p"))))
                lines.append("\t".join(cells))
    return "\n".join(line for line in lines if line.strip()) + "\n"


def _p_text(p):
    """The paragraph's text; a TOC entry's page number (after the tab in its link) is left out,
    so the golden texts do not depend on the pagination."""
    parts = []
    for el in p.iter(qn("w:t"), qn("w:tab")):
        if el.tag == qn("w:tab"):
            run = el.getparent()
            if run.tag == qn("w:r") and run.getparent().tag == qn("w:hyperlink"):
                break
            continue
        parts.append(el.text or "")
    return "".join(parts)


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


_FIGURE = re.compile(r"\d[\d,]*\.\d+%?|\d+%|\d+(?=万元)")


def figures(text):
    """Every amount (with decimals, or followed by 万元) and percentage, counted.

    A line break between a number and its 万元, or inside 万元 (a PDF line ending there), is ignored.
    """
    text = re.sub(r"(\d)[ \t]*\n\s*(万元)", r"\1\2", text)
    text = re.sub(r"(\d万)[ \t]*\n\s*(元)", r"\1\2", text)      # a line ending between 万 and 元
    return Counter(_FIGURE.findall(text))


def svg_texts(svg):
    """The texts of an SVG drawing (one <text> per label), in order."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def report_figures(input_path):
    """The Figure blocks (charts) of the report composed from ``input_path``."""
    from generator.compose import compose
    from generator.document import Figure
    from generator.pipeline import check_file
    from generator.render import scheme_for

    checked = check_file(input_path)
    doc = compose(checked.figures, scheme_for(checked.input))
    return [block for part in doc.parts for block in part.blocks if isinstance(block, Figure)]


def chart_figures(input_path):
    """The amounts and percentages the report's charts print as text (in the PDF and the web
    page; the DOCX has their pictures): what the PDF says beyond the DOCX."""
    return figures(" ｜ ".join(text for f in report_figures(input_path) for text in svg_texts(f.svg())))


def page_numbers(pdf_path):
    """What the DOCX's table of contents must show, read back from the PDF independently of the
    writers: {anchor: page number (1-based)} of every named destination of the PDF at ``pdf_path``."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    pages = {}
    for name, destination in reader.named_destinations.items():
        index = reader.get_destination_page_number(destination)
        if index is not None and index >= 0:
            pages[str(name).lstrip("/")] = index + 1
    return pages
