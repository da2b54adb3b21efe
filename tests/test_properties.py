"""Property tests of the arithmetic (issue 15): largest remainder, the 尾数误差 tolerance,
half-up rounding and Chinese numbering, each against an oracle written here independently.

Hypothesis runs derandomized (the same examples every run) with a bounded number of examples.
"""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formatting import NumberStyle, chinese_number, ordinal
from generator.money import HUNDRED, largest_remainder, round_half_up, within_tolerance

FAST = settings(derandomize=True, max_examples=150, deadline=None)

amounts = st.lists(st.integers(min_value=0, max_value=10**8), min_size=1, max_size=12).filter(lambda v: sum(v) > 0)


def shares(values):
    """Exact percentage shares as Decimals (34 digits), as generator.formatting.shares computes them."""
    total = sum(values)
    return [Decimal(v) * 100 / Decimal(total) for v in values]


def oracle_largest_remainder(exact, places):
    """Hamilton's method with exact fractions: floor each, then one unit each to the largest
    remainders, ties to the earlier item."""
    unit = Fraction(1, 10**places)
    fr = [Fraction(x) for x in exact]
    floors = [(x // unit) * unit for x in fr]
    missing = round((Fraction(100) - sum(floors)) / unit)
    ranked = sorted(range(len(fr)), key=lambda i: (-(fr[i] - floors[i]), i))
    bumped = set(ranked[:missing])
    return [floors[i] + (unit if i in bumped else 0) for i in range(len(fr))]


@FAST
@given(amounts, st.integers(min_value=0, max_value=2))
def test_largest_remainder_sums_to_exactly_100_and_bumps_the_largest_remainders(values, places):
    exact = shares(values)
    rounded = largest_remainder(exact, places)
    assert sum(rounded) == HUNDRED
    unit = Decimal(1).scaleb(-places)
    for r, e in zip(rounded, exact):
        assert r in (e // unit * unit, e // unit * unit + unit)          # floor or floor + one unit
        assert abs(r - e) < unit
    assert [Fraction(r) for r in rounded] == oracle_largest_remainder(exact, places)


@FAST
@given(st.integers(min_value=2, max_value=9), st.integers(min_value=0, max_value=8))
def test_largest_remainder_ties_go_to_the_earlier_item(n, extra_before):
    """n equal shares (100/n, a tie in every remainder) after items with whole shares."""
    values = [0] * extra_before + [1] * n
    rounded = largest_remainder(shares(values), 0)
    equal = rounded[extra_before:]
    floor = 100 // n
    bumps = 100 - floor * n
    assert equal == [floor + 1] * bumps + [floor] * (n - bumps)          # the earlier ones get the units


def test_largest_remainder_gives_the_unit_to_the_largest_remainder_not_the_largest_share():
    # 33.4 / 33.3 / 33.3 → 33 / 33 / 33 + 1 unit: to the first (remainder .4); 66.6 / 16.7 / 16.7 →
    # 66 (.6) gets one, then the tie .7/.7 ... check against exact expectation
    assert largest_remainder([Decimal("33.4"), Decimal("33.3"), Decimal("33.3")], 0) == [34, 33, 33]
    assert largest_remainder([Decimal("66.6"), Decimal("16.7"), Decimal("16.7")], 0) == [66, 17, 17]
    assert largest_remainder([Decimal("10.2"), Decimal("89.8")], 0) == [10, 90]
    assert largest_remainder([Decimal("16.7"), Decimal("66.6"), Decimal("16.7")], 0) == [17, 66, 17]


def test_shares_use_largest_remainder_when_the_scheme_asks():
    style = NumberStyle(percent_decimals=0, share_method="largest_remainder")
    assert style.shares([Decimal(1)] * 3, Decimal(3)) == ["34%", "33%", "33%"]
    assert NumberStyle(percent_decimals=0).shares([Decimal(1)] * 3, Decimal(3)) == ["33%", "33%", "33%"]


# ---------------------------------------------------------------- tolerance

cents = st.integers(min_value=-10**9, max_value=10**9).map(lambda c: Decimal(c).scaleb(-2))


@FAST
@given(cents, st.integers(min_value=1, max_value=200), st.sampled_from([1, -1]))
def test_tolerance_boundary_is_inclusive(computed, parts, sign):
    limit = Decimal("0.005") * parts
    assert within_tolerance(computed + sign * limit, computed, parts)
    assert not within_tolerance(computed + sign * (limit + Decimal("0.0001")), computed, parts)
    assert within_tolerance(computed, computed, parts)


def test_tolerance_with_no_parts_counts_one():
    assert within_tolerance(Decimal("1.005"), Decimal(1), 0)
    assert not within_tolerance(Decimal("1.0051"), Decimal(1), 0)


# ---------------------------------------------------------------- half up

@FAST
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=4))
def test_half_up_at_every_half(k, places):
    unit = Decimal(1).scaleb(-places)
    half = (Decimal(k) + Decimal("0.5")) * unit                  # k.5 units: exactly half way
    assert round_half_up(half, places) == (k + 1) * unit
    assert round_half_up(-half, places) == -(k + 1) * unit       # away from zero, not towards +inf
    below = half - unit / 1000
    assert round_half_up(below, places) == k * unit
    assert round_half_up(k * unit, places) == k * unit


def test_half_up_is_not_bankers_rounding():
    assert [round_half_up(Decimal(x), 0) for x in ("0.5", "1.5", "2.5", "3.5")] == [1, 2, 3, 4]
    assert round_half_up(Decimal("2.675"), 2) == Decimal("2.68")
    assert round_half_up(5, 0) == 5


# ---------------------------------------------------------------- Chinese numbering

DIGITS = dict(enumerate("零一二三四五六七八九"))


def oracle_chinese(n):
    """Chinese numerals 1–999 as written in section numbering: 十 not 一十 below 20, 零 for
    an empty tens place inside a hundred (一百零五), 一十 after 百 (一百一十)."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    if hundreds == 0:
        if tens == 0:
            return DIGITS[ones]
        head = "十" if tens == 1 else DIGITS[tens] + "十"
        return head + (DIGITS[ones] if ones else "")
    text = DIGITS[hundreds] + "百"
    if tens == 0 and ones == 0:
        return text
    if tens == 0:
        return text + "零" + DIGITS[ones]
    return text + DIGITS[tens] + "十" + (DIGITS[ones] if ones else "")


def test_oracle_itself():
    assert [oracle_chinese(n) for n in (1, 10, 11, 20, 21, 100, 101, 110, 111, 999)] == \
        ["一", "十", "十一", "二十", "二十一", "一百", "一百零一", "一百一十", "一百一十一", "九百九十九"]


def test_chinese_number_1_to_999():
    wrong = {n: chinese_number(n) for n in range(1, 1000) if chinese_number(n) != oracle_chinese(n)}
    assert not wrong


@FAST
@given(st.integers(min_value=1, max_value=999))
def test_ordinals_use_the_chinese_number(n):
    cn = oracle_chinese(n)
    assert ordinal(n, "cn") == f"{cn}、"
    assert ordinal(n, "cn_paren") == f"（{cn}）"
    assert ordinal(n, "part") == f"第{cn}部分"
    assert ordinal(n, "arabic_dot") == f"{n}." and ordinal(n, "arabic_paren") == f"（{n}）"
    assert ordinal(n, "arabic_comma") == f"{n}、"
