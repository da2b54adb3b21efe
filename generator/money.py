"""Exact money arithmetic: one constructor, one rounding function.

Every amount in the program is a ``decimal.Decimal``.  Rounding happens only here,
half up (四舍五入), never banker's rounding.
"""

import re
import unicodedata
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from generator.i18n import N_

ZERO = Decimal("0")
HUNDRED = Decimal("100")
TEN_THOUSAND = Decimal("10000")
CENT = Decimal("0.01")
#: Digits kept by divisions (shares, rates) before they are rounded for display.
DIVISION_PRECISION = 34


#: Every number read from an input is below this in magnitude (10^12: a trillion 元).
MAX_NUMBER = Decimal(10) ** 12
#: Longest number text considered (a longer one is not a number anybody typed).
MAX_NUMBER_TEXT = 40

NOT_A_NUMBER = N_("'{text}' is not a number")
NOT_FINITE = N_("'{text}' is not a finite number")
BAD_GROUPING = N_("'{text}' is ambiguous: a comma may only separate groups of three digits left of the point (1,249.50), never decimals (write 374.77, not 374,77)")
UNDERSCORE = N_("'{text}': '_' is not accepted in a number; type the digits only")
TWO_POINTS = N_("'{text}' has more than one decimal point")
WITH_UNIT = N_("'{text}' has text or a unit after the number; type the number only (the unit of amounts is unit.amount_unit)")
TOO_LARGE = N_("'{text}' is beyond the largest number accepted (10^12)")

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_NUMBER_THEN_TEXT = re.compile(r"[+-]?[\d.,]*\d[\d.,]*\s*[^\d\s.,_+-][^\d]*")


class NumberError(ValueError):
    """A text that is not one unambiguous finite number; ``message`` is a msgid with ``{text}``."""

    def __init__(self, message, text):
        super().__init__(message.format(text=text))
        self.message, self.text = message, text


def D(text):
    """Return a Decimal from a str, int or Decimal; never from a float.

    A text means one number or none: blanks around it are ignored, full-width forms
    (``１，２４９．５０``) are normalised, and a comma is accepted only as a thousands
    separator in groups of three left of the point (``1,249.50``).  ``374,77``,
    ``8,5.48``, ``85_48``, ``1.2.3``, ``12万元``, NaN, infinities and
    magnitudes of 10^12 or more raise :class:`NumberError` (a ValueError) saying why.
    """
    if isinstance(text, bool) or isinstance(text, float):
        raise ValueError(f"not an exact number: {text!r}")
    if isinstance(text, Decimal):
        value = text
        if not value.is_finite():
            raise NumberError(NOT_FINITE, str(text))
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        try:
            value = Decimal(_number_text(str(text)))
        except InvalidOperation:
            raise NumberError(NOT_A_NUMBER, str(text).strip()[:MAX_NUMBER_TEXT]) from None
    if abs(value) >= MAX_NUMBER:
        raise NumberError(TOO_LARGE, str(text).strip())
    return value


def _number_text(raw):
    """The plain ``[+-]digits[.digits]`` form of ``raw``, or NumberError saying what is wrong."""
    shown = raw.strip()[:MAX_NUMBER_TEXT]
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text or len(text) > MAX_NUMBER_TEXT:
        raise NumberError(NOT_A_NUMBER, shown)
    if _PLAIN.fullmatch(text):
        return text
    if _GROUPED.fullmatch(text):
        return text.replace(",", "")
    lowered = text.lower().lstrip("+-")
    if lowered in ("nan", ".nan", "inf", ".inf", "infinity", "snan"):
        raise NumberError(NOT_FINITE, shown)
    exponent = re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE]([+-]?)\d+", text)
    if exponent:                                   # more than three exponent digits
        raise NumberError(NOT_A_NUMBER if exponent[1] == "-" else TOO_LARGE, shown)
    if "_" in text and _PLAIN.fullmatch(text.replace("_", "").replace(",", "")):
        raise NumberError(UNDERSCORE, shown)
    if re.fullmatch(r"[+-]?[\d,]*\d[\d,]*(?:\.\d*)?", text):
        raise NumberError(BAD_GROUPING, shown)
    if re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", text):
        raise NumberError(TWO_POINTS if text.count(".") > 1 else BAD_GROUPING, shown)
    if _NUMBER_THEN_TEXT.fullmatch(text):
        raise NumberError(WITH_UNIT, shown)
    raise NumberError(NOT_A_NUMBER, shown)


def divide(numerator, denominator):
    """Exact-enough quotient, or None when the denominator is zero (no rate exists)."""
    if denominator == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = DIVISION_PRECISION
        return numerator / denominator


def percent(numerator, denominator):
    """numerator / denominator × 100, unrounded; None over a zero base."""
    quotient = divide(numerator, denominator)
    return None if quotient is None else quotient * HUNDRED


def round_half_up(value, places):
    """The one rounding function: ``value`` to ``places`` decimals, half up."""
    exponent = Decimal(1).scaleb(-places)
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    with localcontext() as ctx:
        ctx.prec = DIVISION_PRECISION + 10
        return value.quantize(exponent, rounding=ROUND_HALF_UP)


def largest_remainder(values, places, total=HUNDRED):
    """Round ``values`` (which add up to ``total``) so that the rounded ones add up too.

    The largest-remainder (Hamilton) method: round every value down, then give the
    remaining units to the values with the largest remainders (ties: earlier first).
    """
    unit = Decimal(1).scaleb(-places)
    floors = [(v / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for v in values]
    missing = int(round_half_up((total - sum(floors, ZERO)) / unit, 0))
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    for i in order[:max(missing, 0)]:
        floors[i] += unit
    return floors


#: Accepted 尾数误差 per displayed part when a stated total is compared with a computed one.
ROUNDING_PER_PART = Decimal("0.005")


def within_tolerance(stated, computed, parts=1, per_part=ROUNDING_PER_PART):
    """True when ``stated`` matches ``computed`` within the rounding error of ``parts`` parts
    (boundary included: 0.005 per part is accepted, 0.0051 is not)."""
    return abs(stated - computed) <= per_part * max(parts, 1)
