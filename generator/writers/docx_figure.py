"""A chart in the DOCX: its PNG (generator.charts) in a centred paragraph as wide as the text
block, the chart's text alternative as the picture's description (Word's alt text), and its
caption in the paragraph under it — the same caption the PDF and the web page print."""

import io

from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph


def add_figure(writer, figure):
    """Write ``figure`` (a :class:`generator.document.Figure`) with ``writer`` (writers.docx)."""
    p = writer._p("", "caption", align="center")
    width_in, height_in = figure.size_inches()
    width = min(writer._text_width(), width_in * 72)
    picture = DocxParagraph(p, writer.doc._body).add_run()
    shape = picture.add_picture(io.BytesIO(figure.png()), width=Pt(width), height=Pt(width * height_in / width_in))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", figure.alt)
    doc_pr.set("title", figure.title)
    writer._p(figure.title, "caption", align="center")
