"""Compose a checked input and write its files atomically (temporary name, then rename)."""

import os
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

from generator.compose import compose
from generator.scheme import TEMPLATES_DIR, load_scheme


@contextmanager
def atomic_path(target):
    """A temporary path beside ``target`` that replaces it only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    made = []                                   # the temporary, once it exists (a signal may come at any point)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".tmp", dir=target.parent)
        made.append(tmp)
        os.close(fd)
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())        # mkstemp makes 0600; published files are readable
        os.replace(tmp, target)
    finally:
        for tmp in made:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def scheme_for(inp, search=()):
    return load_scheme(inp.unit.scheme, tuple(search) + (TEMPLATES_DIR,))


def write_formats(doc, scheme, out_dir, stem, formats):
    """Write ``doc`` in each format; return the written paths."""
    from generator.writers.docx import write_docx
    from generator.writers.pdf import write_pdf

    targets = [Path(out_dir) / f"{stem}.{fmt}" for fmt in formats]
    # every format is written to its temporary file first; the renames happen together, only
    # when all succeeded, so a failure never leaves a new DOCX beside an old PDF
    with ExitStack() as stack:
        temps = [stack.enter_context(atomic_path(target)) for target in targets]
        pages = None
        # the PDF first: the DOCX's table of contents takes its page numbers from the PDF's
        # pagination (without a PDF one is laid out for them: one more WeasyPrint layout)
        for fmt, tmp in sorted(zip(formats, temps), key=lambda pair: pair[0] != "pdf"):
            if fmt == "docx":
                if pages is None and doc.toc_title:
                    pages = toc_pages(doc, scheme, stack)
                write_docx(doc, tmp, scheme.find("docx/reference.docx"), pages)
            elif fmt == "html":
                from generator.writers.html import write_html
                write_html(doc, tmp, scheme)
            else:
                pages = write_pdf(doc, tmp, scheme)      # the laid-out pages' anchors
    return targets


def toc_pages(doc, scheme, stack):
    """{anchor: page} of ``doc`` as the PDF lays it out (laid out, not written)."""
    from generator.writers.pdf import page_numbers

    return page_numbers(doc, scheme)


def render_checked(checked, out_dir, formats, document="report", search=()):
    """Compose the report of a checked input and write it; return the written paths."""
    scheme = scheme_for(checked.input, search)
    stem = Path(checked.input.file).stem
    from generator.kinds import by_document, kinds

    inp = checked.input
    kind = by_document(document) if document != "report" else \
        None if inp.is_report else next((k for k in kinds() if inp.documents.get(k.key) is not None), None)
    if kind is not None:
        doc = kind.compose(checked.figures, scheme)
        if inp.is_report:
            stem += f"-{kind.document}"
    else:
        doc = checked.composed(scheme)
        if doc is None:
            doc = compose(checked.figures, scheme)
    return write_formats(doc, scheme, out_dir, stem, formats)
