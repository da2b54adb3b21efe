"""Document → .pdf: the scheme's Jinja HTML template and CSS, rendered by WeasyPrint.

The HTML environment autoescapes, so user text is always escaped; the template only
lays the Document out (no figures are computed or worded here).

Every resource WeasyPrint fetches (stylesheets, images, fonts, attachments) goes through
:class:`SchemeFetcher`, which serves only files inside the scheme's folders and small
``data:`` images and fonts, and refuses everything else before opening anything; the
first refusal stops the render (:class:`generator.scheme.FetchRefused`), so no PDF is
written.  See docs/security.md.
"""

import functools
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from generator.document import Figure, Heading, PageBreak, Paragraph, Table
from generator.i18n import N_
from generator.scheme import FetchRefused, template_folders
from generator.writers.cjk_justify import install as install_cjk_justify
from generator.writers.longwords import break_long_runs

install_cjk_justify()          # justified Chinese lines end flush with the text block

#: The largest file or data: URL served to the renderer (fonts are the largest).
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
MAX_DATA_URL = 1024 * 1024
#: data: URLs allowed: images and fonts only.
DATA_TYPES = re.compile(r"data:(image/(png|jpeg|gif|webp|svg\+xml)|font/[a-z0-9.+-]+|application/(font-[a-z0-9.+-]+|x-font-[a-z0-9.+-]+))[;,]",
                        re.IGNORECASE)

OUTSIDE = N_("scheme {scheme}: the PDF asked for {url}, outside the scheme's folders; it is refused and no PDF is written")
PROTOCOL = N_("scheme {scheme}: the PDF asked for {url}; only the scheme's own files are used ({protocol}: URLs are refused) and no PDF is written")
DATA = N_("scheme {scheme}: the PDF asked for a data: URL that is not an image or a font of at most 1 MB; it is refused and no PDF is written")
ATTACHMENT = N_("scheme {scheme}: the PDF would attach {url}; attachments are never embedded, and no PDF is written")
MISSING = N_("scheme {scheme}: the PDF asked for {url}, which is not in the scheme's folders; no PDF is written")
TOO_BIG = N_("scheme {scheme}: the PDF asked for {url}, larger than 20 MB; no PDF is written")
UNREADABLE = N_("scheme {scheme}: the PDF cannot fetch {url}: {reason}; no PDF is written")

#: A ``<link>`` or ``<a>`` tag whose rel names an attachment, and an href.
_ATTACHMENT = re.compile(r"""<(?:link|a)\b[^>]*\brel\s*=\s*["']?[^"'>]*\battachment\b[^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


class SchemeFetcher(URLFetcher):
    """Serves files inside the scheme's folders; refuses every other URL without opening it.

    ``fail_on_errors`` makes WeasyPrint stop at the first refusal instead of logging it and
    going on.  ``calls`` and ``refused`` record what was asked (for tests and messages).
    """

    def __init__(self, scheme):
        super().__init__(fail_on_errors=True, allowed_protocols=("file", "data"))
        self.scheme = scheme
        self.roots = tuple(Path(f).resolve() for f in scheme.folders)
        self.calls, self.refused = [], []

    def fetch(self, url, headers=None):
        self.calls.append(url)
        try:
            return self._fetch(url, headers)
        except FetchRefused as refused:
            self.refused.append(refused)
            raise

    def refuse(self, url, reason, **params):
        raise FetchRefused(self.scheme.name, url[:200], (reason, params))

    def _fetch(self, url, headers):
        protocol = urlsplit(url).scheme.lower()
        if protocol == "data":
            if len(url) > MAX_DATA_URL * 4 // 3 + 100 or not DATA_TYPES.match(url):
                self.refuse(url, DATA)
            return super().fetch(url, headers)            # decoded in memory, no I/O
        if protocol != "file":
            self.refuse(url, PROTOCOL, protocol=protocol or "?")
        return self.read(url, self.local(url))

    def local(self, url):
        """The file ``url`` names, resolved and inside a scheme folder; else a refusal."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self.refuse(url, OUTSIDE)
        target = Path(unquote(parts.path)).resolve()
        relative = next((target.relative_to(root) for root in self.roots if target.is_relative_to(root)), None)
        if relative is None:
            self.refuse(url, OUTSIDE)
        for root in self.roots:                  # along the extends chain, like Scheme.find
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        self.refuse(url, MISSING)

    def read(self, url, path):
        if path.stat().st_size > MAX_RESOURCE_BYTES:
            self.refuse(url, TOO_BIG)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})


def html_environment(scheme):
    """The autoescaping environment of the scheme's HTML templates, sandboxed unless they all
    are built in (generator.scheme.template_folders): one per set of scheme folders in a
    process, so a worker that renders many units compiles the report template once (Jinja
    still reloads a template whose file changed)."""
    return _html_env(*template_folders(scheme.folders))


@functools.lru_cache(maxsize=32)
def _html_env(folders, sandboxed):
    from generator.scheme import _bytecode_cache, environment_class

    env = environment_class(sandboxed)(
        loader=ChoiceLoader([FileSystemLoader(f) for f in folders]),
        undefined=StrictUndefined, autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, bytecode_cache=_bytecode_cache(sandboxed))
    env.filters["kind"] = kind
    env.filters["row_heads"] = row_heads
    return env


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
    if isinstance(block, Figure):
        return "figure"
    raise TypeError(block)


def row_heads(row):
    """How many leading cells of a body row head it (names and codes before the first figure; a
    row without figures, such as a group label, by its first cell): the screen page marks them
    ``<th scope="row">``."""
    return next((i for i, cell in enumerate(row) if cell.align == "right"), 1)


def render_html(doc, scheme, screen=False):
    """The HTML of ``doc`` (also useful to time WeasyPrint alone); ``screen``: the web page
    (generator.writers.html), with html/screen.css over the print CSS."""
    env = html_environment(scheme)
    template = env.get_template("html/report.html.j2")
    css = scheme.find("html/report.css").read_text(encoding="utf-8")
    toc = [h for h in doc.headings() if h.in_toc and h.level <= 2]
    return template.render(doc=doc, parts=[(p, sheets(p)) for p in doc.parts], toc=toc, css=css,
                           font_stacks=_font_stacks(doc.fonts), screen=screen,
                           screen_css=scheme.find("html/screen.css").read_text(encoding="utf-8") if screen else "")


def _font_stacks(fonts):
    """The CSS font stacks of the scheme's PDF faces, each installed GB 2312 subset of a face
    right before it (generator/fonts.py: the same glyphs, far less memory)."""
    from generator.fonts import with_subsets

    def stack(names, generic):
        return ", ".join([f'"{n}"' for n in with_subsets(names)] + [generic])
    return {"body": stack(fonts.pdf_body, "serif"), "h1": stack(fonts.pdf_heading1, "sans-serif"),
            "h2": stack(fonts.pdf_heading2, "serif"), "table": stack(fonts.pdf_table, "serif"),
            "title": ", ".join(f'"{n}"' for n in with_subsets(fonts.pdf_title))}     # the body's stack follows


def write_pdf(doc, path, scheme, html=None, fetcher=None):
    """Write ``doc`` as PDF to ``path``; every fetch goes through ``fetcher`` (by default
    :class:`SchemeFetcher`).  Raises FetchRefused, before anything is written, when the scheme
    asks for a resource outside its folders or for an attachment.  Returns {anchor: page
    number} of the laid-out pages (what the DOCX's table of contents shows)."""
    document = layout(doc, scheme, html, fetcher)
    document.write_pdf(str(path))
    return anchor_pages(document)


def anchor_pages(document):
    """{anchor: page number (1-based)} of a laid-out WeasyPrint document: the page each element
    id stands on, which is also the named destination the PDF gets for it."""
    pages = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


_PAGES = {}          # sha256 of the laid-out HTML → {anchor: page}: one layout serves every DOCX of it


def page_numbers(doc, scheme):
    """{anchor: page number} of ``doc`` as the PDF lays it out (for the DOCX's table of
    contents), without writing a PDF; the same HTML is laid out once per process."""
    import hashlib

    html = render_html(doc, scheme)
    key = hashlib.sha256(html.encode("utf-8") + "\0".join(map(str, scheme.folders)).encode("utf-8")).hexdigest()
    if key not in _PAGES:
        if len(_PAGES) > 64:
            _PAGES.clear()
        _PAGES[key] = anchor_pages(layout(doc, scheme, html))
    return dict(_PAGES[key])


def layout(doc, scheme, html=None, fetcher=None):
    """The WeasyPrint document of ``doc`` laid out in pages (checked for refused fetches)."""
    html = break_long_runs(html if html is not None else render_html(doc, scheme))   # linear layout
    fetcher = fetcher if fetcher is not None else SchemeFetcher(scheme)
    attachment = _ATTACHMENT.search(html)
    if attachment:                               # refused before WeasyPrint sees it
        href = _HREF.search(attachment[0])
        fetcher.refuse(href[1] if href else attachment[0][:80], ATTACHMENT)
    try:
        document = HTML(string=html, base_url=scheme.folders[0].resolve().as_uri() + "/",
                        url_fetcher=fetcher).render()
        _refuse_attachments(document, fetcher)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        if isinstance(cause, FetchRefused):
            raise cause from None
        raise FetchRefused(scheme.name, str(exc)[:200], (UNREADABLE, {"reason": cause or exc})) from None
    if fetcher.refused:                          # a refusal WeasyPrint caught and went on after
        raise fetcher.refused[0]
    return document


def _refuse_attachments(document, fetcher):
    """FetchRefused for a ``<link rel=attachment>`` or ``<a rel=attachment>`` (before any fetch)."""
    urls = [getattr(a, "source", None) for a in document.metadata.attachments]
    urls += [link[1] for page in document.pages for link in page.links if link[0] == "attachment"]
    if urls:
        shown = next((str(u) for u in urls if isinstance(u, str)), "<link rel=attachment>")
        fetcher.refuse(shown, ATTACHMENT)
