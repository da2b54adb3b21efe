"""Document → one self-contained web page (``render --format html``, ``disclosure serve``).

The page is the PDF's template (the scheme's html/report.html.j2) rendered with ``screen``:
the same blocks, words and figures, plus html/screen.css (a phone never scrolls sideways: a
wide table scrolls in its own frame), a viewport, ``<th scope>`` on header cells and on the
cells that head a row, and charts as inline SVG with their text alternative.

Self-contained: the CSS is in the page, charts are inline SVG, and any ``url(…)`` a scheme's
CSS names is fetched through the PDF's :class:`~generator.writers.pdf.SchemeFetcher` (the
scheme's own files and small data: images and fonts only; anything else is refused, as for
the PDF) and inlined as a ``data:`` URI.
"""

import base64
import re

from generator.i18n import N_
from generator.writers.pdf import SchemeFetcher, render_html

_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)     # url(…) only in CSS
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_LINK = re.compile(r"""<(?:link|img|script|iframe|object|embed)\b[^>]*\b(?:href|src)\s*=\s*["']?(?!#|data:)""",
                   re.IGNORECASE)
_EXTERNAL = N_("scheme {scheme}: the page links to {url}; a page is self-contained (inline CSS and images) and "
               "links out to nothing, so it is not written")


def page_html(doc, scheme):
    """The web page of ``doc`` as a string (self-contained)."""
    html = render_html(doc, scheme, screen=True)
    fetcher = SchemeFetcher(scheme)
    base = scheme.folders[0].resolve().as_uri() + "/html/"
    html = _STYLE.sub(lambda style: _URL.sub(lambda m: _inline(m, fetcher, base), style[0]), html)
    if _LINK.search(html):        # a scheme template that links out would not be self-contained
        link = _LINK.search(html)[0]
        fetcher.refuse(link[:120], _EXTERNAL)
    return html


def _inline(match, fetcher, base):
    from urllib.parse import urljoin

    url = match[2].strip()
    if url.startswith("#") or url.startswith("data:"):
        if url.startswith("data:"):
            fetcher.fetch(url)              # checked like the PDF's: images and fonts only
        return match[0]
    response = fetcher.fetch(urljoin(base, url))
    kind = getattr(response, "content_type", None) or "application/octet-stream"
    return f"url(data:{kind};base64,{base64.b64encode(response.read()).decode('ascii')})"


def write_html(doc, path, scheme):
    """Write the page of ``doc`` to ``path`` (the caller renames it into place)."""
    html = page_html(doc, scheme)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(html)
