from decimal import Decimal

from generator.formatting import NumberStyle, chinese_number, ordinal


def test_table_amounts():
    plain, grouped = NumberStyle(), NumberStyle(thousands_separator=True)
    assert plain.table_amount(Decimal("30")) == "30.00" and plain.table_amount(Decimal("1.2")) == "1.20"
    assert grouped.table_amount(Decimal("1249.495")) == "1,249.50"        # half up, then grouped
    assert grouped.table_amount(Decimal("-0.001")) == "0.00"
    assert grouped.table_amount(Decimal("1234567.8")) == "1,234,567.80"


def test_prose_amounts_drop_trailing_zeros():
    style = NumberStyle()
    assert [style.amount(Decimal(x)) for x in ("417.30", "56.00", "0", "97.875")] == ["417.3", "56", "0", "97.88"]
    assert NumberStyle(prose_thousands_separator=True).amount(Decimal("12345.60")) == "12,345.6"


def test_separators_in_tables_but_not_prose():
    """Most documents group digits in tables only: the two contexts are set separately."""
    from generator.compose import number_style
    from generator.model import Unit

    style = number_style({"number_style": {"tables": {"thousands_separator": True},
                                           "prose": {"thousands_separator": False, "percent_decimals": 2}}},
                         Unit(name="x", year=2024, scheme="s"))
    assert style.table_amount(Decimal("2995.39")) == "2,995.39" and style.amount(Decimal("2995.39")) == "2995.39"
    assert style.percent(Decimal("99.7896")) == "99.79%"
    both = number_style({"number_style": {"thousands_separator": True}},
                        Unit(name="x", year=2024, scheme="s", prose_thousands_separator=True))
    assert both.table_amount(Decimal("2995.39")) == "2,995.39" and both.amount(Decimal("2995.39")) == "2,995.39"


def test_percentages_half_up_with_unit_decimals():
    assert NumberStyle(percent_decimals=1).percent(Decimal("28.25")) == "28.3%"
    assert NumberStyle(percent_decimals=2).percent(Decimal("64.635")) == "64.64%"
    assert NumberStyle().percent(None) is None


def test_chinese_numbering():
    assert [chinese_number(n) for n in (1, 10, 15, 20, 26)] == ["一", "十", "十五", "二十", "二十六"]
    assert ordinal(4, "cn") == "四、" and ordinal(2, "cn_paren") == "（二）" and ordinal(3, "part") == "第三部分"
