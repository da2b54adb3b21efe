"""Text the writers can print (issue 9): ``check`` refuses what ``render`` would crash on.

* Characters: DOCX is XML 1.0 (lxml refuses NUL, the other C0 controls and lone surrogates)
  and a lone surrogate cannot even be encoded as UTF-8 for the PDF's HTML.  Every string of
  the input — keys and values, used or not — is checked right after loading (TEXT-CHAR,
  located at the value): control characters (C0 other than tab and newline, DEL, C1), lone
  surrogates and the non-characters U+FFFE/U+FFFF are errors.  YAML lets them in only
  through escapes in double quotes ("\\0", "\\x01", "\\ud800").
* Lengths: the DOCX core properties allow 255 characters (python-docx raises beyond); the
  writer cuts its metadata to that, so no length crashes.  A unit name of more than
  ``MAX_NAME`` characters is still a mistake (real ones have 4–40): TEXT-LENGTH warning.
* Numbering beyond 99 (100+ duties or glossary entries) is handled by
  :func:`generator.formatting.chinese_number` (一百、一百零一…).
"""

import unicodedata

from generator.findings import ERROR, WARNING, Finding
from generator.i18n import N_

MAX_NAME = 100

BAD_CHARACTER = N_("the text contains the invisible character {char} ({name}) at position {position}, which "
                   "a Word or PDF document cannot hold; delete it (it usually comes from copying out of another program)")
NAME_TOO_LONG = N_("the unit name has {length} characters; a unit name has at most {limit}")


def bad_character(text):
    """(position, character) of the first character the writers cannot print, or None."""
    for position, char in enumerate(text):
        code = ord(char)
        if code < 0x20 and char not in "\t\n" or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF \
                or code in (0xFFFE, 0xFFFF):
            return position, char
    return None


def _describe(char):
    code = ord(char)
    try:
        name = unicodedata.name(char)
    except ValueError:
        name = "SURROGATE" if 0xD800 <= code <= 0xDFFF else "CONTROL"
    return f"U+{code:04X}", name


def _finding(text, source):
    found = bad_character(text)
    if found is None:
        return None
    position, char = found
    code, name = _describe(char)
    return Finding("TEXT-CHAR", ERROR, BAD_CHARACTER, source, {"char": code, "name": name, "position": position + 1})


def tree_findings(tree):
    """TEXT-CHAR errors for every key and string value of a loaded tree (iterative: any depth)."""
    findings = []
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        if node.kind == "map":
            for key, child in node.value.items():
                finding = _finding(key, child.source)
                if finding is not None:
                    findings.append(finding)
                stack.append(child)
        elif node.kind == "seq":
            stack.extend(node.value)
        elif isinstance(node.value, str):
            finding = _finding(node.value, node.source)
            if finding is not None:
                findings.append(finding)
    return findings


def check_name_length(inp, fig):
    """TEXT-LENGTH: a unit name longer than MAX_NAME characters."""
    name = inp.unit.name or ""
    if isinstance(name, str) and len(name) > MAX_NAME:
        yield Finding("TEXT-LENGTH", WARNING, NAME_TOO_LONG, inp.where("unit.name"),
                      {"length": len(name), "limit": MAX_NAME})


RULES = (check_name_length,)
