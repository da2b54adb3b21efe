"""Break opportunities in long unbroken runs of text, so PDF layout stays linear.

WeasyPrint lays out a line of a word that does not fit by giving Pango the whole rest of the
text (``overflow-wrap`` step of ``split_first_line``), once per line: an unbroken run of n
characters costs O(n²) (8,000 characters in a table cell: seconds; 100,000: hours).  Where
the text has break opportunities it only shapes a line's worth.  So every run of more than
``LONG`` characters without one (no space, no CJK character) gets a ZERO WIDTH SPACE every
``STEP`` characters: invisible, not extracted as text, and only in the HTML the PDF is made
from (the DOCX and the Document keep the text as typed).
"""

import re

LONG = 40
STEP = 10
ZWSP = "\u200b"
# characters after which a line may not break: not a space, not CJK / full-width, and not
# the markup characters (so entities and tags are never split)
_RUN = re.compile(r"[^\s<>&;\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u200b]{%d,}" % LONG)
_STYLE = re.compile(r"(<style\b.*?</style\s*>)", re.IGNORECASE | re.DOTALL)
_TEXT = re.compile(r">[^<]+<")


def _split(run):
    return ZWSP.join(run[i:i + STEP] for i in range(0, len(run), STEP))


def break_long_runs(html):
    """``html`` with a ZERO WIDTH SPACE every STEP characters of each long run in its text
    nodes (never in tags, attributes, entities or ``<style>``)."""
    pieces = _STYLE.split(html)
    for index in range(0, len(pieces), 2):           # the odd pieces are <style> elements
        pieces[index] = _TEXT.sub(lambda m: _RUN.sub(lambda r: _split(r[0]), m[0]), pieces[index])
    return "".join(pieces)
