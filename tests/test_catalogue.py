"""The catalogue covers every code of the seeds and the standard table-01 list."""

from generator import catalogue
from generator.model import parse_file
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024


def test_year_selection():
    assert catalogue._pick("function", 2019) == 2020
    assert catalogue._pick("function", 2022) == 2020
    assert catalogue._pick("function", 2030) == 2024


def test_26_categories_of_table_01():
    cat = catalogue.for_year(2024)
    assert len(cat.table01_categories) == 26
    assert cat.function_name("234") == "抗疫特别国债安排的支出"
    assert [cat.function_name(c) for c in cat.table01_categories[:3]] == ["一般公共服务支出", "外交支出", "国防支出"]


def test_every_example_code_is_known():
    for path in (EXAMPLE_2020, EXAMPLE_2024):
        inp = parse_file(path).input
        cat = catalogue.for_year(inp.unit.year)
        for entry in inp.expenditure + inp.income:
            assert cat.function_name(entry.code), entry.code
        for code in inp.basic_economic:
            assert cat.economic_name(code), code


def test_table_06_items_of_both_seeds():
    assert "39906" in catalogue.for_year(2020).economic and "39906" not in catalogue.for_year(2024).economic
    assert {"39909", "39910"} <= set(catalogue.for_year(2024).economic)
    groups = [c for c in catalogue.for_year(2024).economic if len(c) == 3]
    assert groups == ["301", "302", "303", "307", "310", "399"]
