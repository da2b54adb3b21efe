"""generator.money.D reads a number text in exactly one way, and says why it refuses one
(written to kill the mutants of D/_number_text that survived `make mutate`)."""

from decimal import Decimal

import pytest

from generator import money
from generator.money import D, NumberError


@pytest.mark.parametrize("text, value", [
    ("417.30", "417.30"), (" 417.30 ", "417.30"), ("+5", "5"), ("-5.5", "-5.5"), (".5", "0.5"), ("5.", "5"),
    ("1,249.50", "1249.50"), ("1,249", "1249"), ("12,345,678.9", "12345678.9"), ("-1,000", "-1000"),
    ("１，２４９．５０", "1249.50"), ("1e3", "1000"), ("1.5E+2", "150"), ("2e-2", "0.02"),
    (417, "417"), (Decimal("0.10"), "0.10"), ("0." + "1" * 38, "0." + "1" * 38),      # 40 characters: the longest ("999999999999.99", "999999999999.99"),
])
def test_accepted(text, value):
    result = D(text)
    assert result == Decimal(value) and isinstance(result, Decimal)
    if isinstance(text, str) and "e" not in text.lower():
        assert str(result) == str(Decimal(value))                # the digits typed are kept (0.10, not 0.1)


@pytest.mark.parametrize("text, message", [
    ("abc", money.NOT_A_NUMBER), ("", money.NOT_A_NUMBER), ("   ", money.NOT_A_NUMBER), ("-", money.NOT_A_NUMBER),
    ("1" * 41, money.NOT_A_NUMBER), ("nan", money.NOT_FINITE), (".NaN", money.NOT_FINITE),
    ("-inf", money.NOT_FINITE), (".inf", money.NOT_FINITE), ("Infinity", money.NOT_FINITE), ("sNaN", money.NOT_FINITE),
    ("374,77", money.BAD_GROUPING), ("8,5.48", money.BAD_GROUPING), ("1,24,9", money.BAD_GROUPING),
    (",5", money.BAD_GROUPING), ("85_48", money.UNDERSCORE), ("1_000.5", money.UNDERSCORE),
    ("1.2.3", money.TWO_POINTS), ("1..2", money.TWO_POINTS), ("12万元", money.WITH_UNIT), ("12 元", money.WITH_UNIT),
    ("1.0e+400", money.TOO_LARGE), ("1e1000", money.TOO_LARGE), ("1e-1000", money.NOT_A_NUMBER),
    ("1E1000", money.TOO_LARGE), ("1_0,00", money.UNDERSCORE), (".5,1", money.BAD_GROUPING), ("1" * 40 + "0", money.NOT_A_NUMBER),
    ("1000000000000", money.TOO_LARGE), ("-1000000000000", money.TOO_LARGE), ("元12", money.NOT_A_NUMBER),
])
def test_refused_with_its_reason(text, message):
    with pytest.raises(NumberError) as info:
        D(text)
    assert info.value.message == message
    assert info.value.text == text.strip()[:money.MAX_NUMBER_TEXT]
    assert str(info.value) == message.format(text=text.strip()[:money.MAX_NUMBER_TEXT])


def test_not_exact_or_not_finite_values():
    for value in (0.5, True, False):
        with pytest.raises(ValueError, match="not an exact number"):
            D(value)
    for value in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(NumberError) as info:
            D(value)
        assert info.value.message == money.NOT_FINITE and info.value.text == str(value)
    with pytest.raises(NumberError) as info:
        D(10**12)
    assert info.value.message == money.TOO_LARGE
    assert D(10**12 - 1) == Decimal(10**12 - 1)


def test_round_half_up_keeps_its_places_and_precision():
    assert str(round_half(Decimal("2.5"), 0)) == "3" and str(round_half(Decimal("1"), 2)) == "1.00"
    assert round_half(7, 1) == Decimal("7.0") and isinstance(round_half(7, 1), Decimal)
    big = Decimal("123456789012345678901234567890.125")               # 33 digits: full precision kept
    assert round_half(big, 2) == Decimal("123456789012345678901234567890.13")
    assert str(round_half(Decimal("-0.005"), 2)) == "-0.01"


def round_half(value, places):
    return money.round_half_up(value, places)


def test_largest_remainder_places_and_total():
    assert money.largest_remainder([Decimal("12.345"), Decimal("87.655")], 2) == [Decimal("12.35"), Decimal("87.65")]
    assert money.largest_remainder([Decimal("0.5"), Decimal("0.5")], 0, total=Decimal(1)) == [1, 0]
    assert money.largest_remainder([Decimal(40), Decimal(60)], 0) == [40, 60]       # nothing to give


def test_tolerance_default_part_and_rate():
    assert money.within_tolerance(Decimal("1.005"), Decimal(1))
    assert not money.within_tolerance(Decimal("1.006"), Decimal(1))
    assert money.within_tolerance(Decimal("1.02"), Decimal(1), 2, per_part=Decimal("0.01"))
    assert not money.within_tolerance(Decimal("1.02"), Decimal(1), 1, per_part=Decimal("0.01"))
    assert money.divide(Decimal(2), Decimal(8)) == Decimal("0.25") and money.divide(1, 0) is None
    assert len(money.divide(Decimal(1), Decimal(3)).as_tuple().digits) == money.DIVISION_PRECISION
