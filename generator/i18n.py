"""Message catalogues (Babel .po files): Chinese first, English available.

Messages are written in English in the code, marked with ``N_`` so that Babel's
extractor finds them, and translated when they are shown.
"""

import functools
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
_PO_LOCALE = {"zh": "zh_CN"}


def N_(message):
    """Mark ``message`` for extraction; it is translated later by :func:`translate`."""
    return message


@functools.lru_cache(maxsize=None)
def _catalogue(lang):
    locale = _PO_LOCALE.get(lang)
    if locale is None:
        return {}
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def translate(message, lang=DEFAULT_LANGUAGE, **params):
    """``message`` in ``lang`` with ``params`` filled in (str.format syntax)."""
    text = _catalogue(lang).get(message, message)
    return text.format(**params) if params else text
