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
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


_FIGURE = re.compile(r"\d[\d,]*\.\d+%?|\d+%|\d+(?=万元)")


def figures(text):
    """Every amount (with decimals, or followed by 万元) and percentage, counted.

    A line break between a number and its 万元 (a PDF line ending there) is ignored.
    """
    text = re.sub(r"(\d)[ \t]*\n\s*(万元)", r"\1\2", text)
    return Counter(_FIGURE.findall(text))
