"""Inter-character justification of CJK lines in WeasyPrint.

WeasyPrint justifies a line only by widening its spaces (``justify_line`` in
weasyprint.layout.inline), and Chinese text has none: a justified Chinese paragraph keeps
a ragged right edge wherever a line-breaking rule (no ，。、） at a line start) moves a
character.  CSS's ``text-justify: inter-character`` is not implemented, and inserting
spaces between the characters would put them in the PDF's text (a reader's search for
收入 would no longer find “收 入”).  So a line that holds CJK characters is justified as
``text-justify: inter-character`` does it: the missing width is spread as letter-spacing
over its characters.  Lines without CJK are justified as before; the last line of a
paragraph is not justified (``text-align-last: auto``) — both decided by WeasyPrint.

:func:`install` replaces ``weasyprint.layout.inline.justify_line``; it is idempotent and
leaves WeasyPrint unchanged where its internals differ from what is expected.
"""

import re

CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _text_boxes(box, boxes):
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child, boxes)


def _spread(context, box, spacing, x_advance, boxes):
    """Add ``spacing`` after every character of the text boxes in ``box``; shift what follows.

    Only the box's style and width change: its Pango layout is kept deactivated after line
    breaking, and drawing re-creates it from the box's style (``Layout.reactivate``), so the
    letter-spacing is applied then, without laying the line out once more here (that cost 2 %
    of a prose document's rendering)."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        count = len(box.text)
        if count:
            style = box.style.copy()
            current = style["letter_spacing"]
            style["letter_spacing"] = (0 if current == "normal" else current) + spacing
            box.style = style
            box.width += spacing * count
            x_advance += spacing * count
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(context, child, spacing, x_advance, boxes)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance


def install():
    """Make WeasyPrint justify CJK lines between characters (once per process)."""
    try:
        from weasyprint.formatting_structure import boxes
        from weasyprint.layout import inline
        from weasyprint.text.line_break import Layout
    except ImportError:          # pragma: no cover - another WeasyPrint layout
        return False
    if not hasattr(Layout, "reactivate"):     # pragma: no cover - drawing would not re-create it
        return False
    original = getattr(inline.justify_line, "__wrapped_justify__", inline.justify_line)

    def justify_line(context, line, extra_width):
        texts = list(_text_boxes(line, boxes))
        if not any(CJK.search(t.text) for t in texts):
            return original(context, line, extra_width)
        # the line's trailing spaces take no part (WeasyPrint keeps them out of its width)
        count = sum(len(t.text) for t in texts)
        if count and extra_width > 0:
            _spread(context, line, extra_width / count, 0, boxes)

    justify_line.__wrapped_justify__ = original
    inline.justify_line = justify_line
    return True
