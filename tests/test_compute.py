from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compute import compute
from generator.model import parse_file, parse_tree
from generator.loader import load_text
from generator.money import round_half_up
from tests.conftest import EXAMPLE_2020

CODES = ["2010101", "2010102", "2010301", "2010302", "2010399", "2013101", "2080501", "2080505",
         "2101101", "2101103", "2210201"]


def fig2020():
    return compute(parse_file(EXAMPLE_2020).input)


def test_2020_tables_01_and_04():
    t = fig2020().totals
    assert t["income_total"] == Decimal("417.30") and t["expenditure_total"] == Decimal("417.30")
    assert t["grand_total"] == t["grand_total_out"] == Decimal("435.58")
    assert t["appropriation_grand_total"] == Decimal("435.58")
    assert (t["exp.basic"], t["exp.project"]) == (Decimal("319.43"), Decimal("97.87"))
    assert (t["personnel"], t["public"]) == (Decimal("69.09"), Decimal("250.34"))


def test_2020_rates_the_seed_got_wrong():
    fig = fig2020()
    rates = {row.code: delta.completion for row, delta in fig.budget_items}
    assert round_half_up(rates["2010301"], 2) == Decimal("64.64")     # printed 64.63%
    assert round_half_up(rates["2010302"], 2) == Decimal("174.77")    # printed 100.0%
    assert rates["2010399"] is None                                   # 0 budget: no rate
    whole = fig.deltas["general_vs_budget"]
    assert round_half_up(whole.completion, 1) == Decimal("151.5")    # printed 100.0%
    vehicle = fig.deltas["three_public.vehicle.yoy"]
    assert vehicle.change == Decimal("-1.78") and round_half_up(vehicle.rate, 2) == Decimal("-7.63")
    assert round_half_up(fig.deltas["grand_total"].rate, 2) == Decimal("16.23")


def test_2020_hierarchy_rows():
    fig = fig2020()
    assert [(r.code, r.level) for r in fig.rows] == [
        ("201", 1), ("20103", 2), ("2010301", 3), ("2010302", 3), ("2010399", 3)]
    assert fig.rows[0].name == "一般公共服务支出" and fig.rows[1]["exp.total"] == Decimal("417.30")


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(CODES), st.tuples(amounts, amounts), min_size=1))
def test_hierarchy_sums(entries):
    lines = ["unit: {name: x, year: 2024, scheme: approval-2024}", "expenditure:"]
    for code, (basic, project) in entries.items():
        lines.append(f'  "{code}": {{basic: {basic}, project: {project}}}')
    fig = compute(parse_tree(load_text("\n".join(lines) + "\n").tree, "h.yaml").input)
    for row in fig.rows:
        if row.level in (1, 2):
            children = [r for r in fig.rows if r.level == 3 and r.code.startswith(row.code)]
            assert row["exp.total"] == sum(r["exp.total"] for r in children)
            assert row["exp.basic"] + row["exp.project"] == row["exp.total"]
    assert fig.total["exp.total"] == sum(r["exp.total"] for r in fig.categories)
    assert fig.total["exp.total"] == sum(b + p for b, p in entries.values())
