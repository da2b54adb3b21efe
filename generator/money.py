"""Exact money arithmetic: one constructor, one rounding function.

Every amount in the program is a ``decimal.Decimal``.  Rounding happens only here,
half up (四舍五入), never banker's rounding.
"""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

ZERO = Decimal("0")
HUNDRED = Decimal("100")
TEN_THOUSAND = Decimal("10000")
CENT = Decimal("0.01")
#: Digits kept by divisions (shares, rates) before they are rounded for display.
DIVISION_PRECISION = 34


def D(text):
    """Return a Decimal from a str, int or Decimal; never from a float.

    Thousands separators (``1,249.50``) and surrounding blanks are accepted.
    Raises ValueError for anything that is not a finite decimal number.
    """
    if isinstance(text, bool) or isinstance(text, float):
        raise ValueError(f"not an exact number: {text!r}")
    if isinstance(text, Decimal):
        value = text
    else:
        cleaned = str(text).strip().replace(",", "").replace("，", "").replace("_", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return value


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
