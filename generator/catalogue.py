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


def for_year(year, folders=()):
    """The catalogue that applies to report ``year`` (greatest file year ≤ year, else the earliest),
    extended by the catalogue files of ``folders`` (a scheme's ``catalogue/`` folders, nearest
    first): their codes are added or renamed, their ``table01_categories`` replace the list."""
    if not folders:
        return _built_in(year)
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                   for folder in folders for p in sorted(Path(folder).glob("*.yaml")) if p.is_file())
    return _extended(year, tuple(str(f) for f in folders), stamps)


@functools.lru_cache(maxsize=None)
def _built_in(year):
    function = _read("function", _pick("function", year))
    economic = _read("economic", _pick("economic", year))
    return Catalogue(
        year=year,
        function={str(k): str(v) for k, v in function["codes"].items()},
        table01_categories=tuple(str(c) for c in function["table01_categories"]),
        economic={str(k): str(v) for k, v in economic["codes"].items()},
    )


class CatalogueError(ValueError):
    """A scheme's catalogue file cannot be read or has the wrong shape; the message names it."""


def scheme_file(folder, kind, year):
    """The ``kind`` file of ``folder`` for report ``year`` (greatest file year ≤ year), or None."""
    years = []
    for path in Path(folder).glob(f"{kind}-*.yaml"):
        try:
            years.append(int(path.stem.split("-", 1)[1]))
        except ValueError:
            continue
    eligible = [y for y in sorted(years) if y <= year]
    return Path(folder) / f"{kind}-{eligible[-1]}.yaml" if eligible else None


def read_extension(path):
    """A scheme catalogue file as {'codes': {code: name}, 'table01_categories': [...] | None}."""
    from generator.loader import bounded_data

    try:
        data = bounded_data(path)
    except ValueError as exc:
        raise CatalogueError(f"{path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("codes", {}), dict):
        raise CatalogueError(f"{path}: expected a mapping with 'codes: {{code: name}}'")
    categories = data.get("table01_categories")
    if categories is not None and not isinstance(categories, list):
        raise CatalogueError(f"{path}: 'table01_categories' must be a list of 类 codes")
    return {"codes": {str(k): str(v) for k, v in (data.get("codes") or {}).items()},
            "table01_categories": None if categories is None else tuple(str(c) for c in categories)}


@functools.lru_cache(maxsize=64)
def _extended(year, folders, stamps):
    base = _built_in(year)
    function, economic = dict(base.function), dict(base.economic)
    categories = base.table01_categories
    for folder in reversed(folders):                   # the farthest ancestor first, the scheme last
        path = scheme_file(folder, "function", year)
        if path is not None:
            data = read_extension(path)
            function.update(data["codes"])
            categories = data["table01_categories"] or categories
        path = scheme_file(folder, "economic", year)
        if path is not None:
            economic.update(read_extension(path)["codes"])
    return Catalogue(year=year, function=function, table01_categories=categories, economic=economic)
