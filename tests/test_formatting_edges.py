"""Edges of generator.formatting that `make mutate` showed untested: numbering outside 1–9999,
the prose and table forms of amounts (zero, −0, thousands), percentages of −0 and explicit
decimals, shares over a zero total."""

from decimal import Decimal

import pytest

from generator.formatting import NumberStyle, chinese_number


@pytest.mark.parametrize("n, text", [(0, "零"), (-1, "-1"), (9999, "九千九百九十九"), (10000, "10000"),
                                     (10001, "10001"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"),
                                     (1100, "一千一百"), (2020, "二千零二十"), (1999, "一千九百九十九")])
def test_chinese_number_edges(n, text):
    assert chinese_number(n) == text


TABLE = NumberStyle(thousands_separator=True)
PROSE = NumberStyle(prose_thousands_separator=True)


@pytest.mark.parametrize("value, table, grouped, prose", [
    (None, "", "", None),
    ("0", "0.00", "0.00", "0"), ("-0.001", "0.00", "0.00", "0"), ("-0.004", "0.00", "0.00", "0"),
    ("417.30", "417.30", "417.30", "417.3"), ("56", "56.00", "56.00", "56"), ("0.125", "0.13", "0.13", "0.13"),
    ("1000", "1000.00", "1,000.00", "1,000"), ("999.995", "1000.00", "1,000.00", "1,000"),
    ("1000.5", "1000.50", "1,000.50", "1,000.5"), ("1234567.891", "1234567.89", "1,234,567.89", "1,234,567.89"),
    ("-2500.25", "-2500.25", "-2,500.25", "-2,500.25"), ("999.99", "999.99", "999.99", "999.99"),
    ("10.10", "10.10", "10.10", "10.1"), ("100.004", "100.00", "100.00", "100"),
])
def test_amounts_in_tables_and_prose(value, table, grouped, prose):
    value = None if value is None else Decimal(value)
    assert NumberStyle().table_amount(value) == table
    assert TABLE.table_amount(value) == grouped
    if value is not None:
        assert PROSE.amount(value) == prose
        assert NumberStyle().amount(value) == prose.replace(",", "")


def test_percent_decimals_and_negative_zero():
    style = NumberStyle(percent_decimals=2)
    assert style.percent(Decimal("16.225")) == "16.23%" and style.percent(Decimal("16.225"), 1) == "16.2%"
    assert style.percent(Decimal("16.25"), 1) == "16.3%" and style.percent(Decimal("5"), 0) == "5%"
    assert style.percent(Decimal("-0.001")) == "0.00%" and style.percent(Decimal("1")) == "1.00%"
    assert style.percent(Decimal("-1.5")) == "-1.50%" and style.percent(None) is None


def test_shares_over_nothing_and_when_they_do_not_add_up():
    style = NumberStyle(percent_decimals=0, share_method="largest_remainder")
    assert style.shares([Decimal(1), Decimal(2)], Decimal(0)) == [None, None]
    assert style.shares([], Decimal(0)) == []
    # values not adding up to the total: each share on its own (half up), not forced to 100
    assert style.shares([Decimal(1), Decimal(1)], Decimal(3)) == ["33%", "33%"]
    assert style.shares([Decimal(1), Decimal(1), Decimal(1)], Decimal(3)) == ["34%", "33%", "33%"]
