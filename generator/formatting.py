"""How figures are shown: money, percentages, deltas, Chinese ordinals.

Rounding goes through :func:`generator.money.round_half_up` only; Babel groups the digits
of a number that is already rounded (so Babel's own rounding mode never applies).
"""

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal

from generator.money import ZERO, largest_remainder, percent, round_half_up

_DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    """1 → 一, 10 → 十, 15 → 十五, 26 → 二十六, 100 → 一百, 101 → 一百零一, 110 → 一百一十,
    1005 → 一千零五 (section numbering; 10,000 and more, and negatives, in Arabic digits)."""
    if n < 0 or n >= 10000:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:                                   # 十, 十五: no leading 一 on its own
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    text, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            text += ("零" if zero else "") + _DIGITS[digit] + unit
            zero = False
        elif text:
            zero = True                          # a 零 only before a following digit
    return text


def ordinal(n, style):
    """Numbering labels: ``一、`` ``（一）`` ``1.`` ``1、`` ``（1）`` — generated, never typed."""
    return {
        "cn": f"{chinese_number(n)}、",
        "cn_paren": f"（{chinese_number(n)}）",
        "arabic_dot": f"{n}.",
        "arabic_comma": f"{n}、",
        "arabic_paren": f"（{n}）",
        "part": f"第{chinese_number(n)}部分",
    }[style]


@dataclass(frozen=True)
class NumberStyle:
    """A unit's number conventions (scheme defaults merged with the unit's choices)."""

    percent_decimals: int = 2
    thousands_separator: bool = False          # in tables
    share_method: str = "independent"
    prose_thousands_separator: bool = False    # in sentences (most documents: tables only)

    def table_amount(self, value):
        """Tables: two decimals always (``417.30``, ``0.00``), grouped if the scheme says so."""
        if value is None:
            return ""
        rounded = round_half_up(value, 2)
        if rounded == 0:
            rounded = abs(rounded)
        if self.thousands_separator:
            return format_decimal(rounded, format="#,##0.00", locale="zh_CN")
        return f"{rounded:.2f}"

    def amount(self, value):
        """Prose: two decimals at most, no trailing zeros (``417.3``, ``56``, ``0``)."""
        rounded = round_half_up(value, 2)
        text = f"{rounded:.2f}".rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
        if self.prose_thousands_separator and abs(rounded) >= 1000:
            whole, _, frac = text.partition(".")
            grouped = format_decimal(Decimal(whole), format="#,##0", locale="zh_CN")
            text = grouped + ("." + frac if frac else "")
        return text

    def percent(self, value, decimals=None):
        """``16.23%`` with the unit's decimals (half up); None stays None (no rate exists)."""
        if value is None:
            return None
        places = self.percent_decimals if decimals is None else decimals
        rounded = round_half_up(value, places)
        return f"{abs(rounded) if rounded == 0 else rounded:.{places}f}%"

    def shares(self, values, total):
        """Percent strings of ``values`` in ``total``; largest remainder when the scheme asks."""
        if not total:
            return [None] * len(values)
        exact = [percent(v, total) for v in values]
        if self.share_method == "largest_remainder" and sum(values, ZERO) == total:
            rounded = largest_remainder(exact, self.percent_decimals)
            return [f"{r:.{self.percent_decimals}f}%" for r in rounded]
        return [self.percent(e) for e in exact]
