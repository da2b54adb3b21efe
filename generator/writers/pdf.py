"""Document → .pdf: the scheme's Jinja HTML template and CSS, rendered by WeasyPrint.

The HTML environment autoescapes, so user text is always escaped; the template only
lays the Document out (no figures are computed or worded here).
"""

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.document import Heading, PageBreak, Paragraph, Table


def html_environment(scheme):
    return ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in scheme.folders]),
        undefined=StrictUndefined, autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True)


def sheets(part):
    """Split a part's blocks at page breaks: [(landscape, [blocks])], the heading in the first."""
    groups = [[False, [part.heading]]]
    for block in part.blocks:
        if isinstance(block, PageBreak):
            groups.append([block.landscape, []])
        else:
            groups[-1][1].append(block)
    return [(landscape, blocks) for landscape, blocks in groups if blocks]


def kind(block):
    if isinstance(block, Heading):
        return "heading"
    if isinstance(block, Paragraph):
        return "paragraph"
    if isinstance(block, Table):
        return "table"
    raise TypeError(block)


def render_html(doc, scheme):
    """The HTML of ``doc`` (also useful to time WeasyPrint alone)."""
    env = html_environment(scheme)
    env.filters["kind"] = kind
    template = env.get_template("html/report.html.j2")
    css = scheme.find("html/report.css").read_text(encoding="utf-8")
    toc = [h for h in doc.headings() if h.in_toc and h.level <= 2]
    return template.render(doc=doc, parts=[(p, sheets(p)) for p in doc.parts], toc=toc, css=css,
                           font_stacks=_font_stacks(doc.fonts))


def _font_stacks(fonts):
    def stack(names, generic):
        return ", ".join([f'"{n}"' for n in names] + [generic])
    return {"body": stack(fonts.pdf_body, "serif"), "h1": stack(fonts.pdf_heading1, "sans-serif"),
            "h2": stack(fonts.pdf_heading2, "serif"), "table": stack(fonts.pdf_table, "serif")}


def write_pdf(doc, path, scheme, html=None):
    """Write ``doc`` as PDF to ``path``."""
    from weasyprint import HTML

    html = html if html is not None else render_html(doc, scheme)
    HTML(string=html, base_url=str(scheme.folders[0])).write_pdf(str(path))
