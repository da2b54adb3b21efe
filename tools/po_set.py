"""Set translations in the Chinese message catalogue: po_set.py 'msgid' 'msgstr' [...]."""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "generator/locale/zh_CN/LC_MESSAGES/messages.po"

with PO.open("rb") as handle:
    catalog = read_po(handle, locale="zh_CN")
pairs = sys.argv[1:]
for msgid, msgstr in zip(pairs[::2], pairs[1::2]):
    if msgid not in catalog:
        sys.exit(f"not in the catalogue (run make messages first): {msgid}")
    catalog[msgid].string = msgstr
with PO.open("wb") as handle:
    write_po(handle, catalog, width=0)
