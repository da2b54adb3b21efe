"""Page numbers of a PDF's headings: what the DOCX's table of contents shows before Word
updates it, so both formats list the same entries with the same page numbers.

WeasyPrint writes a named destination for every element id; the Document's anchors are
those ids, so the PDF says on which page each heading stands.
"""


def page_numbers(pdf_path):
    """{anchor: page number (1-based)} of every named destination of the PDF at ``pdf_path``."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    pages = {}
    for name, destination in reader.named_destinations.items():
        index = reader.get_destination_page_number(destination)
        if index is not None and index >= 0:
            pages[str(name).lstrip("/")] = index + 1
    return pages
