"""Machine-readable figures: ``<stem>.json`` beside the documents (docs/figures-json.md).

Amounts are strings that keep their decimals ("417.30"), so nothing is lost to binary
floating point; the structure is versioned by ``schema``.
"""

import json

from generator import __version__
from generator.model import INCOME_KINDS, THREE_PUBLIC

SCHEMA = "disclosure-figures/1"
TOTAL_KEYS = (
    "grand_total", "income_total", "expenditure_total", "exp.basic", "exp.project", "inc.appropriation",
    "exp.appropriation", "exp.general", "exp.general.basic", "exp.general.project", "exp.gov_fund",
    "exp.state_capital", "carry_start", "carry_end", "use_of_surplus", "surplus_distribution",
    "appropriation_grand_total", "personnel", "public", "budget_total", "procurement_total", "admin_cost",
) + tuple(f"inc.{k}" for k in INCOME_KINDS)


def _s(value):
    return None if value is None else str(value)


def figures_dict(fig):
    """The stable JSON structure of one unit's figures."""
    inp, t = fig.input, fig.totals
    delta = fig.deltas["grand_total"]
    return {
        "schema": SCHEMA,
        "generator": __version__,
        "unit": inp.unit.name,
        "year": inp.unit.year,
        "scheme": inp.unit.scheme,
        "amount_unit": "万元",
        "totals": {k.replace(".", "_"): _s(t[k]) for k in TOTAL_KEYS if k in t},
        "grand_total_change": _s(delta.change),
        "functions": [{"code": r.code, "name": r.name, "level": ("类", "款", "项")[r.level - 1],
                       "income": _s(r["inc.total"]), "appropriation_income": _s(r["inc.appropriation"]),
                       "expenditure": _s(r["exp.total"]), "basic": _s(r["exp.basic"]), "project": _s(r["exp.project"]),
                       "general": _s(r["exp.general"]), "budget": _s(r.values.get("budget"))}
                      for r in fig.rows],
        "economic": [{"code": g.code, "name": g.name, "amount": _s(g.total),
                      "items": [{"code": i.code, "name": i.name, "amount": _s(i.amount)} for i in g.items if i.amount]}
                     for g in fig.economic],
        "three_public": {side: {k: _s(v[k]) for k in THREE_PUBLIC + ("vehicle", "total")}
                         for side, v in fig.three_public.items()},
        "procurement": {"goods": _s(inp.procurement.goods), "works": _s(inp.procurement.works),
                        "services": _s(inp.procurement.services), "total": _s(inp.procurement.total),
                        "sme": _s(inp.procurement.sme), "small_micro": _s(inp.procurement.small_micro)},
    }


def write_figures(fig, path):
    """Write the JSON (UTF-8, Chinese kept readable) to ``path``."""
    path.write_text(json.dumps(figures_dict(fig), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
