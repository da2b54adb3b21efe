"""Column widths and the type size of a table, from its content (layout only, no I/O).

Both writers lay a :class:`generator.document.Table` out through :func:`fit_columns`, so the
DOCX and the PDF get the same columns.  What it guarantees, in the table's font:

- figures and codes never wrap: their column is as wide as the widest of them;
- no cell that wraps (a header, a name) leaves a single character on a line, judged by
  breaking its text the way a CJK line breaker does (no break after an opening bracket or
  before a closing one or a comma, none inside a number or a Latin word);
- names take the width left over;
- a table whose figures cannot fit at its type size is set smaller (down to ``MIN_FONT``)
  rather than overflowing its cells or the text block.

Widths are measured in em of the table font: ideographs and full-width forms are 1 em (as in
every CJK font); digits, separators and Latin letters have per-character estimates a little
above Noto Serif CJK's advances (digits 0.56, separators 0.33).
"""

from dataclasses import dataclass
from functools import lru_cache

CELL_PADDING = 6.5       # points: a cell's left and right padding with its borders
MIN_FONT = 5.5           # points: the smallest type a table is set in to fit its figures
SAFETY = 0.3             # em added to a figure's width (rounding, a renderer's own metrics)
STEP = 0.25              # em: the resolution of the width search
SLACK = 0.2              # em: how much wider than computed a cell's content may be laid out
MAX_HEADER_LINES = 4

#: no line break after these (opening brackets and quotes) ...
OPENING = set("（([《〈「『【〔“‘")
#: ... nor before these (closing brackets, CJK and Latin punctuation)
CLOSING = set("）)]》〉」』】〕”’、，。：；！？,.:;!?%·…")


def text_em(text):
    """The width of ``text`` in em of a CJK font (generous for digits and separators)."""
    width = 0.0
    for ch in text:
        code = ord(ch)
        if code >= 0x2E80 or 0xFF01 <= code <= 0xFF60 or ch in "“”‘’—…":
            width += 1.0
        elif ch in ",.:;'|!il ":
            width += 0.33
        elif ch in "%@WMmw":
            width += 0.95
        elif "A" <= ch <= "Z":
            width += 0.72
        else:
            width += 0.56
    return width


def _cjk(text):
    return any(ord(ch) >= 0x2E80 for ch in text)


def _wordish(ch):
    """A character that a line breaker keeps with its neighbours of the same kind (Latin
    letters, digits and the marks inside a number)."""
    return ch.isascii() and (ch.isalnum() or ch in "-+/.,%:_#")


def _units(text):
    """``text`` cut where a line may break: each unit is kept whole on a line."""
    units = []
    for ch in text:
        if units and (ch in CLOSING or ch == " " or units[-1][-1] in OPENING
                      or (_wordish(ch) and _wordish(units[-1][-1]))):
            units[-1] += ch
        else:
            units.append(ch)
    return units


@lru_cache(maxsize=1 << 16)
def wrap(text, width):
    """The lines ``text`` breaks into at ``width`` em (greedy, like a browser); None when a
    unit (a number, a word, a bracketed character) is wider than the line."""
    lines, line, used = [], "", 0.0
    for unit in _units(text):
        visible = text_em(unit.rstrip())
        if visible > width + 1e-6:
            return None
        if line and used + visible > width + 1e-6:
            lines.append(line)
            line, used = "", 0.0
        line += unit
        used += text_em(unit)
    lines.append(line)
    return tuple(lines)


def orphans(text, width):
    """True when ``text`` at ``width`` em does not fit or leaves one character on a line."""
    lines = wrap(text, width)
    return lines is None or (len(lines) > 1 and any(len(line.strip()) == 1 for line in lines))


@dataclass(frozen=True)
class Fit:
    """A table's column widths in points and the type size they are computed for."""

    widths: tuple
    font_size: float


@dataclass
class _Column:
    hard: float = 0.0          # em: figures and codes on one line
    low: float = 0.0           # em: the narrowest a wrapping text may be set
    prefer: float = 0.0        # em: every text on one line
    names: bool = False        # a column of names: it takes the rest
    texts: tuple = ()          # texts that wrap (headers, names)

    def good(self, width):
        """No wrapping text of the column orphans a character at ``width`` em of content, nor
        a little wider (a renderer's padding is up to SLACK em less than CELL_PADDING)."""
        return width + 1e-6 >= self.hard and not any(orphans(t, width) or orphans(t, width + SLACK)
                                                     for t in self.texts)

    def need(self):
        """The narrowest good width (em), or every text on one line."""
        width = _up(max(self.hard, self.low))
        while width < self.prefer:
            if self.good(width):
                return width
            width += STEP
        return max(self.prefer, self.hard)


def _up(width):
    return -(-width // STEP) * STEP


def _grid(rows):
    """(row, col, cell) for every cell, placed on the grid through row and column spans."""
    taken, placed = set(), []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    taken.add((rr, cc))
            placed.append((r, c, cell))
            c += cell.colspan
    return placed, (max(c for _, c in taken) + 1 if taken else 0)


def _header_low(text):
    """A header's narrowest width: at most MAX_HEADER_LINES lines of its characters."""
    return min(text_em(text), max(2.0, len(text.replace(" ", "")) / MAX_HEADER_LINES))


def _columns(placed, n, n_header):
    cols = [_Column() for _ in range(n)]
    texts = [[] for _ in range(n)]
    spans = []
    for r, c, cell in placed:
        text = cell.text.strip()
        if not text:
            continue
        if cell.colspan > 1:
            spans.append((c, cell.colspan, text, r < n_header))
            continue
        col = cols[c]
        width = text_em(text)
        col.prefer = max(col.prefer, width + SAFETY)
        if r < n_header:
            texts[c].append(text)
            col.low = max(col.low, _header_low(text))
        elif cell.align == "right" or not _cjk(text) or len(text) <= 4:
            col.hard = max(col.hard, width + SAFETY)         # figures and codes never wrap
        else:
            col.names = col.names or cell.align == "left" or len(text) > 8
            texts[c].append(text)
            col.low = max(col.low, min(width, 4.0) if col.names else _header_low(text))
    for col, mine in zip(cols, texts):
        col.texts = tuple(dict.fromkeys(mine))
    return cols, spans


def fit_columns(header, body, font_size, available):
    """The column widths (points) and type size of a table in ``available`` points."""
    n_header = len(header)
    placed, n = _grid(list(header) + list(body))
    if n == 0:
        return Fit((), font_size)
    cols, spans = _columns(placed, n, n_header)
    need = [col.need() for col in cols]
    for c, span, text, is_header in spans:              # a spanning text fits its columns
        if is_header or len(text) <= 8:
            want = (_header_low(text) if is_header else text_em(text)) + CELL_PADDING / font_size * (1 - span)
            have = sum(need[c:c + span])
            if want > have:
                for cc in range(c, c + span):
                    need[cc] += (want - have) / span
    # the type size: the table's, or smaller when its figures cannot fit at that size
    room = available - n * CELL_PADDING
    size = font_size
    if sum(need) * size > room:
        size = max(MIN_FONT, int(room / sum(need) * 2) / 2)      # half points, as a DOCX can say
    width = [w for w in need]                               # em of content
    rest = room / size - sum(width)
    stretch = [c for c in range(n) if cols[c].names]
    if rest > 0:
        if stretch:      # names first up to one line each, then what is left, to the names
            grow = sum(max(0.0, cols[c].prefer - width[c]) for c in stretch)
            share = min(rest, grow)
            for c in stretch:
                if grow > 0:
                    width[c] += share * max(0.0, cols[c].prefer - width[c]) / grow
            rest -= share
        # then headers set on three lines or more, up to two lines each (names have enough)
        want = {c: _two_lines(cols[c], width[c]) - width[c] for c in range(n) if not cols[c].names}
        grow = sum(v for v in want.values() if v > 0)
        if grow > 0:
            share = min(rest, grow)
            for c, v in want.items():
                if v > 0:
                    width[c] += share * v / grow
            rest -= share
        targets = stretch or list(range(n))
        base = sum(width[c] for c in targets) or 1.0
        for c in targets:
            width[c] += rest * width[c] / base
        _no_orphans(cols, width, need)
        _spans_no_orphans(cols, width, need, spans, CELL_PADDING / size)
    elif rest < 0:       # too wide even at MIN_FONT: everything narrower in proportion
        scale = (room / size) / sum(width)
        width = [w * scale for w in width]
    return Fit(tuple(round((w * size + CELL_PADDING), 2) for w in width), size)


def _two_lines(col, current):
    """The narrowest good width (em), not below ``current``, at which every wrapping text of
    ``col`` takes at most two lines (``current`` when there is none within its one-line width)."""
    width = _up(current)
    while width < col.prefer:
        if col.good(width) and all(len(wrap(t, width) or "xxx") <= 2 for t in col.texts):
            return width
        width += STEP
    return max(current, col.prefer) if col.texts else current


def _no_orphans(cols, width, need):
    """Move widths between columns until no wrapping text of any column orphans a character
    (a column narrower or wider by a step or two, the difference given to or taken from a
    column that stays good)."""
    for _ in range(2):
        for c, col in enumerate(cols):
            if col.good(width[c]):
                continue
            for target in _nearest_good(col, width[c], need[c]):
                delta = target - width[c]
                donor = _donor(cols, width, need, c, delta)
                if donor is not None:
                    width[c] += delta
                    width[donor] -= delta
                    break


def _spans_no_orphans(cols, width, need, spans, pad):
    """A header over several columns (公务用车购置及运行费) leaves no character alone either: its
    widest column is made wider or narrower by a step or more, the difference taken from or given
    to a column outside it that stays good."""
    for c, span, text, is_header in spans:
        inside = range(c, c + span)

        def bad(extra=0.0):
            have = sum(width[i] for i in inside) + (span - 1) * pad + extra
            return orphans(text, have) or orphans(text, have + SLACK)
        if not is_header or not bad():
            continue
        widest = max(inside, key=lambda i: width[i])
        for delta in sorted((k * STEP * sign for k in range(1, 25) for sign in (1, -1)), key=abs):
            after = width[widest] + delta
            if bad(delta) or after + 1e-6 < need[widest] or not cols[widest].good(after):
                continue
            donors = [d for d in range(len(cols)) if d not in inside and width[d] - delta + 1e-6 >= need[d]
                      and (cols[d].good(width[d] - delta) or not cols[d].texts)]
            if donors:
                donor = max(donors, key=lambda d: width[d] - need[d])
                width[widest] += delta
                width[donor] -= delta
                break


def _nearest_good(col, current, floor, reach=6.0):
    """Good widths of ``col`` near ``current`` (em), nearest first, not below ``floor``."""
    base = _up(current)
    steps = int(reach / STEP)
    candidates = {base + k * STEP for k in range(steps)} | {base - k * STEP for k in range(1, steps)}
    good = [t for t in candidates if t >= floor - 1e-6 and abs(t - current) > 1e-6 and col.good(t)]
    return sorted(good, key=lambda t: (abs(t - current), t))


def _donor(cols, width, need, c, delta):
    """A column that can give ``delta`` em (or take it, when negative) and stay good."""
    order = sorted((d for d in range(len(cols)) if d != c), key=lambda d: -(width[d] - need[d]))
    for d in order:
        after = width[d] - delta
        if after + 1e-6 >= need[d] and (cols[d].good(after) or not cols[d].texts):
            return d
    return None
