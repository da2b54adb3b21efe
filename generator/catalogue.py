"""Classification catalogues (功能分类 and 经济分类 codes → names), per year, from data files."""

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import yaml

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
#: Economic groups whose sum is 人员经费 and 公用经费 (a scheme may redefine them).
PERSONNEL_GROUPS = ("301", "303")
PUBLIC_GROUPS = ("302", "307", "309", "310", "399")


@dataclass(frozen=True)
class Catalogue:
    """The codes of one year: function names, the table-01 类 list, economic names in print order."""

    year: int
    function: Mapping[str, str]
    table01_categories: tuple
    economic: Mapping[str, str]

    def function_name(self, code, extra=None):
        """The name of a function code, from the unit's ``codes`` first; None if unknown."""
        if extra and code in extra:
            return extra[code]
        return self.function.get(code)

    def economic_name(self, code, extra=None):
        if extra and code in extra:
            return extra[code]
        return self.economic.get(code)


def _years(kind):
    years = []
    for path in CATALOGUE_DIR.glob(f"{kind}-*.yaml"):
        try:
            years.append(int(path.stem.split("-")[1]))
        except ValueError:
            continue
    return sorted(years)


def _pick(kind, year):
    years = _years(kind)
    if not years:
        raise FileNotFoundError(f"no {kind} catalogue in {CATALOGUE_DIR}")
    eligible = [y for y in years if y <= year]
    return eligible[-1] if eligible else years[0]


def _read(kind, year):
    with (CATALOGUE_DIR / f"{kind}-{year}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.lru_cache(maxsize=None)
def for_year(year):
    """The catalogue that applies to report ``year`` (greatest file year ≤ year, else the earliest)."""
    function = _read("function", _pick("function", year))
    economic = _read("economic", _pick("economic", year))
    return Catalogue(
        year=year,
        function={str(k): str(v) for k, v in function["codes"].items()},
        table01_categories=tuple(str(c) for c in function["table01_categories"]),
        economic={str(k): str(v) for k, v in economic["codes"].items()},
    )
