from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.money import D, largest_remainder, percent, round_half_up, within_tolerance


def test_half_up_not_bankers():
    assert round_half_up(D("28.25"), 1) == D("28.3")
    assert round_half_up(D("0.125"), 2) == D("0.13")
    assert round_half_up(percent(D("141.81"), D("219.4")), 2) == D("64.64")  # seed 002 printed 64.63


def test_constructor_rejects_floats_and_accepts_separators():
    with pytest.raises(ValueError):
        D(0.1)
    assert D("1,249.50") == Decimal("1249.50")
    with pytest.raises(ValueError):
        D("abc")


def test_rate_over_zero_base_does_not_exist():
    assert percent(D("177.62"), D("0")) is None


@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=3))
def test_round_half_up_matches_integer_arithmetic(thousandths, places):
    value = Decimal(thousandths).scaleb(-3)
    scale = 10 ** places
    # reference: half up away from zero on integers of thousandths
    scaled = abs(thousandths) * scale
    q, r = divmod(scaled, 1000)
    expected = (q + (1 if r * 2 >= 1000 else 0)) * (1 if thousandths >= 0 else -1)
    assert round_half_up(value, places) == Decimal(expected).scaleb(-places)


@given(st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=26),
       st.integers(min_value=0, max_value=2))
def test_largest_remainder_adds_up_to_100(amounts, places):
    total = sum(amounts)
    shares = [percent(Decimal(a), Decimal(total)) for a in amounts]
    rounded = largest_remainder(shares, places)
    assert sum(rounded) == 100
    for exact, shown in zip(shares, rounded):
        assert abs(exact - shown) < Decimal(1).scaleb(-places)


def test_tolerance_grows_with_parts():
    assert within_tolerance(D("42.68"), D("42.69"), parts=3)      # seed 001 table 02, 尾数误差
    assert not within_tolerance(D("42.68"), D("42.69"), parts=1)
    assert not within_tolerance(D("417.30"), D("417.40"), parts=3)
