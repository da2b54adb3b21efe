"""The build's overview: one row per input found, with its status, and every finding.

``build`` writes, in the output folder,

* ``overview.xlsx`` — sheet 总览 (one row per input: rendered, unchanged, failed or not built
  because the build was interrupted; the key figures of its output as numbers; warnings and
  errors; the time its output in use was written; whether that output is stale, i.e. made from
  an older version of the input — a unit that rendered before and fails now keeps its old
  files, marked failed and stale), with a total row per year; sheet 问题清单 (every finding of
  every unit: file, line, column, rule, severity, message, YAML path);
* ``overview.csv`` and ``overview-findings.csv`` — the same two tables (UTF-8 with BOM, so
  Excel opens them as UTF-8; numbers as plain numbers);
* and ``build --json`` prints the same rows as JSON (:func:`summary_json`).

Amounts are exact decimals from the manifest (never floats): Excel numeric cells from
``Decimal``, plain decimal text in the CSV, decimal strings in the JSON.  Text that begins
with = + - @ stays text (a CSV cell gets a leading apostrophe, an Excel cell is a string
cell).  A failed unit's figures are left out of its row and of the totals: they would be the
figures of an input that no longer exists.
"""

import csv
import datetime
import functools
import os
import unicodedata
from decimal import Decimal
from pathlib import Path

from generator.findings import ERROR, SEVERITY_LABEL
from generator.i18n import N_, translate

RENDERED, SKIPPED, FAILED, PENDING = "rendered", "unchanged", "failed", "pending"
STATUS_LABEL = {RENDERED: N_("rendered"), SKIPPED: N_("unchanged"), FAILED: N_("failed"),
                PENDING: N_("not built (interrupted)")}
YES_NO = {True: N_("yes"), False: N_("no")}

# (key, header msgid, kind): kind is text, int, amount, datetime or bool
COLUMNS = (
    ("unit", N_("Unit"), "text"), ("year", N_("Year"), "int"),
    ("grand_total", N_("Grand total"), "amount"), ("grand_total_change", N_("Change of the grand total"), "amount"),
    ("income_total", N_("Income of the year"), "amount"), ("expenditure_total", N_("Expenditure of the year"), "amount"),
    ("basic", N_("Basic expenditure"), "amount"), ("project", N_("Project expenditure"), "amount"),
    ("appropriation", N_("Fiscal appropriation income"), "amount"),
    ("tp_budget_total", N_("Three public: budget"), "amount"), ("tp_actual_total", N_("Three public: actual"), "amount"),
    ("tp_budget_abroad", N_("Official travel abroad: budget"), "amount"),
    ("tp_actual_abroad", N_("Official travel abroad: actual"), "amount"),
    ("tp_budget_vehicle", N_("Official vehicles: budget"), "amount"),
    ("tp_actual_vehicle", N_("Official vehicles: actual"), "amount"),
    ("tp_budget_reception", N_("Official reception: budget"), "amount"),
    ("tp_actual_reception", N_("Official reception: actual"), "amount"),
    ("admin_cost", N_("Administrative running costs"), "amount"), ("procurement", N_("Government procurement"), "amount"),
    ("warnings", N_("Warnings"), "int"), ("errors", N_("Errors"), "int"), ("status", N_("Status"), "text"),
    ("output_time", N_("Output written"), "datetime"), ("stale", N_("Stale"), "bool"),
    ("input", N_("Input file"), "text"),
)
AMOUNTS = tuple(key for key, _, kind in COLUMNS if kind == "amount")
FINDING_COLUMNS = (
    ("input", N_("Input file"), "text"), ("unit", N_("Unit"), "text"), ("file", N_("File"), "text"),
    ("line", N_("Line"), "int"), ("column", N_("Column"), "int"), ("rule", N_("Rule"), "text"),
    ("severity", N_("Severity"), "text"), ("message", N_("Message"), "text"), ("path", N_("YAML path"), "text"),
)
SHEET_OVERVIEW, SHEET_FINDINGS = N_("Overview"), N_("Findings per unit")
TOTAL, YEAR_TOTAL = N_("Total"), N_("Total {year}")
CSV_NAME, FINDINGS_CSV_NAME = "overview.csv", "overview-findings.csv"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


# ------------------------------------------------------------------ what the build records

def now():
    """The time stamp a manifest entry records for its outputs (local time, seconds)."""
    return datetime.datetime.now().strftime(TIME_FORMAT)


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _amount(value):
    return None if value in (None, "") else Decimal(str(value))


def _outputs_exist(entry, exists=os.path.exists):
    outputs = entry.get("outputs") or []
    return bool(outputs) and all(exists(p) for p in outputs)


def _output_time(entry):
    """When the output in use was written: the manifest's stamp, else the files' oldest mtime."""
    if entry.get("built"):
        return entry["built"]
    times = [Path(p).stat().st_mtime for p in entry.get("outputs") or [] if Path(p).exists()]
    return datetime.datetime.fromtimestamp(min(times)).strftime(TIME_FORMAT) if times else None


FINDINGS_DIR = ".findings"


def keep_findings(out_dir, rel, records):
    """Keep a rendered unit's findings beside its outputs (``OUT/.findings/REL.json``), for the
    overview of later builds that skip it; the manifest stays small (a few hundred bytes per
    input, however many findings)."""
    import json

    from generator.render import atomic_path

    path = Path(out_dir) / FINDINGS_DIR / f"{rel}.json"
    if not records:
        try:
            path.unlink()
        except OSError:
            pass
        return
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def kept_findings(out_dir, rel, entry):
    """The findings :func:`keep_findings` kept (or an older manifest's ``findings``)."""
    import json

    if "findings" in entry:
        return entry["findings"]
    if not entry.get("warnings"):
        return []                         # rendered without findings: nothing was kept
    try:
        return json.loads((Path(out_dir) / FINDINGS_DIR / f"{rel}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def unit_rows(inputs, summary, manifest, base, out_dir=None, exists=os.path.exists):
    """(rows, findings): one row per input found (``inputs``: paths relative to the build
    folder ``base``, in order) and every finding of each, with exact values (Decimal, int,
    bool, str).  ``findings`` is a :class:`Findings`: the findings an unchanged unit keeps
    beside its outputs are read only when someone looks (a no-op build whose overview is
    current never reads them)."""
    status = {rel: RENDERED for rel in summary.rendered}
    status.update({rel: SKIPPED for rel in summary.skipped})
    status.update({rel: FAILED for rel in summary.failed})
    results = {}
    for result in summary.results:
        try:
            results[str(Path(result.input).relative_to(base))] = result
        except ValueError:
            results[result.input] = result
    rows, sources = [], []
    for rel in inputs:
        entry = manifest.get(rel) or {}
        state = status.get(rel, PENDING)
        result = results.get(rel)
        figures = dict(entry.get("overview") or {})
        if result is not None and result.overview:
            figures = dict(result.overview)
        row = {key: None for key, _, _ in COLUMNS}
        row.update(unit=figures.get("unit"), year=_int(figures.get("year")), status=state, input=rel)
        has_output = _outputs_exist(entry, exists)
        row["output_time"] = _output_time(entry) if has_output else None
        if state in (RENDERED, SKIPPED):
            row.update({key: _amount(figures.get(key)) for key in AMOUNTS})
            row["warnings"] = _int(entry.get("warnings")) or 0
            row["errors"] = 0
            row["stale"] = False
            # rendered now or unchanged: the findings of the render the manifest entry records
            kept = row["warnings"] or "findings" in entry
            mine = entry if kept else None
            if result is not None and state == RENDERED:
                records = result.records
            elif out_dir is None:
                records = entry.get("findings", [])
            else:
                records = None if kept else []          # kept beside the outputs: read when needed
        else:                            # failed or not built: the output in use (if any) is stale
            row["stale"] = has_output
            records = list(result.records) if result is not None else []
            mine = None
            row["warnings"] = sum(1 for r in records if r.get("severity") != ERROR) if result is not None else None
            row["errors"] = sum(1 for r in records if r.get("severity") == ERROR) if result is not None else None
        rows.append(row)
        if records is None or records:
            sources.append((rel, row["unit"], records, mine))
    return rows, Findings(sources, out_dir)


class Findings:
    """The overview's findings, one dict per finding (see FINDING_COLUMNS), made on first use.
    ``sources``: (input, unit, its findings or None when kept in ``out_dir``, the manifest
    entry of the render they come from or None)."""

    def __init__(self, sources, out_dir=None):
        self._sources, self._out_dir, self._list = sources, out_dir, None

    def _all(self):
        if self._list is None:
            found = []
            for rel, unit, records, entry in self._sources:
                if records is None:
                    records = kept_findings(self._out_dir, rel, entry)
                for record in records:
                    found.append({"input": rel, "unit": unit, "file": record.get("file"),
                                  "line": _int(record.get("line")), "column": _int(record.get("column")),
                                  "rule": record.get("rule"), "severity": record.get("severity"),
                                  "message": record.get("message"), "path": record.get("path") or ""})
            self._list = found
        return self._list

    def fingerprint(self, lang):
        """What the findings are, without reading any kept file: a unit rendered now or
        unchanged is known by its manifest entry (key and time: its kept findings are those of
        that render), a failed one by its findings.  Equal fingerprints, equal findings."""
        import hashlib
        import json

        digest = hashlib.sha256(lang.encode())
        for rel, unit, records, entry in self._sources:
            if entry is not None:
                records = [entry.get("key"), entry.get("built")]
            digest.update(json.dumps([rel, unit, records], default=str, sort_keys=True).encode())
        return digest.hexdigest()

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

    def __getitem__(self, index):
        return self._all()[index]

    def __bool__(self):
        return bool(self._all())

    def __eq__(self, other):
        return list(self) == list(other)

    __hash__ = None


def total_rows(rows):
    """A total row per year, over the rows with figures (rendered and unchanged units)."""
    years = sorted({r["year"] for r in rows if r["year"] is not None and r["grand_total"] is not None})
    totals = []
    for year in years:                    # amounts of different years are never added together
        of_year = [r for r in rows if r["year"] == year and r["status"] in (RENDERED, SKIPPED)]
        total = {key: None for key, _, _ in COLUMNS}
        total.update({key: sum((r[key] for r in of_year if r[key] is not None), Decimal(0)) for key in AMOUNTS})
        total.update(unit=(TOTAL, {}) if len(years) == 1 else (YEAR_TOTAL, {"year": year}), year=year,
                     warnings=sum(r["warnings"] or 0 for r in of_year), errors=0)
        totals.append(total)
    return totals


# ------------------------------------------------------------------ cells

def _say(value, lang):
    """A row value as shown: status and yes/no in words of ``lang``, a total's label translated."""
    if isinstance(value, tuple):
        return translate(value[0], lang, **value[1])
    return value


@functools.lru_cache(maxsize=4096)
def _time(value):
    return datetime.datetime.strptime(value, TIME_FORMAT)


def _converters(columns, lang):
    """(key, function or None) per column: how a stored value is shown (None: as it is)."""
    status = {key: translate(label, lang) for key, label in STATUS_LABEL.items()}
    severity = {key: translate(label, lang) for key, label in SEVERITY_LABEL.items()}
    yes_no = {key: translate(label, lang) for key, label in YES_NO.items()}
    found = []
    for key, _, kind in columns:
        if key == "status":
            convert = status.__getitem__
        elif key == "severity":
            def convert(value):
                return severity.get(value, value)
        elif kind == "bool":
            def convert(value):
                return yes_no[bool(value)]
        elif kind == "datetime":
            convert = _time
        elif key == "unit":                    # a total row's label is (msgid, params)
            def convert(value):
                return _say(value, lang) if type(value) is tuple else value
        else:
            convert = None
        found.append((key, convert))
    return found


def display(row, columns, lang, converters=None):
    """Row values for the workbook: numbers as numbers, words in ``lang``."""
    converters = converters or _converters(columns, lang)
    return [value if (value := row.get(key)) is None or convert is None else convert(value)
            for key, convert in converters]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _csv_row(values):
    """A CSV row that a spreadsheet reads as data: numbers as plain numbers, date-times in
    TIME_FORMAT, and text beginning with = + - @ (or a tab, CR, LF) behind a leading
    apostrophe, so it is never run as a formula (OWASP "CSV injection", issue 9)."""
    out = []
    for value in values:
        if value is None:
            out.append("")
        elif isinstance(value, datetime.datetime):
            out.append(value.strftime(TIME_FORMAT))
        elif isinstance(value, (int, Decimal)):
            out.append(str(value))
        else:
            text = str(value)
            out.append("'" + text if text.startswith(FORMULA_START) else text)
    return out


def _width(value):
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 19
    text = str(value)
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:60])


WIDTH_SAMPLE = 2000                      # rows looked at for the column widths
EXCEL_ROWS = 1048576                     # an .xlsx sheet holds at most this many rows (header included)


def _shown(columns, rows, lang):
    """Every row as :func:`display` shows it (once for both the CSV and the workbook)."""
    converters = _converters(columns, lang)
    return [display(row, columns, lang, converters) for row in rows]


def _sheet(title, columns, shown, lang, bold_from=None):
    """A sheet of the overview workbook (generator/xlsx_writer.py): header, widths, frozen panes;
    ``shown``: the rows as :func:`_shown` made them."""
    from generator.xlsx_writer import Sheet

    header = [translate(label, lang) for _, label, _ in columns]
    widths = [_width(h) for h in header]
    shown = shown[:EXCEL_ROWS - 1]        # the CSV has them all
    for values in shown[:WIDTH_SAMPLE] + shown[-10:]:
        widths = [max(w, _width(v)) for w, v in zip(widths, values)]
    sheet = Sheet(title, header, [min(max(w + 2, 6), 60) for w in widths],
                  freeze="B2" if columns is COLUMNS else "A2")
    for index, values in enumerate(shown):
        sheet.append(values, bold=bold_from is not None and index >= bold_from)
    return sheet


def _write_csv(path, columns, shown, lang):
    """A CSV of the rows as :func:`_shown` made them."""
    from generator.render import atomic_path

    with atomic_path(path) as tmp:
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([translate(label, lang) for _, label, _ in columns])
            writer.writerows(map(_csv_row, shown))


STAMP = ".overview.stamp"
FINDINGS_STAMP = ".overview-findings.stamp"


def stamp(summary, out_dir, lang):
    """What the overview is made of, cheaply: its rows, the findings of the units this build
    tried, the manifest file (size and time: the findings of unchanged units live there) and
    the language.  Two builds in a row that change nothing write the overview once."""
    import hashlib
    import json

    digest = hashlib.sha256(lang.encode())
    digest.update(json.dumps(summary.units, default=str, sort_keys=True).encode())
    digest.update(json.dumps([r.records for r in summary.results], default=str).encode())
    try:
        info = (Path(out_dir) / ".manifest.json").stat()
        digest.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
    except OSError:
        digest.update(b"no manifest")
    return digest.hexdigest()


def write(rows, findings, out_dir, lang="zh", stamp=None):
    """``overview.xlsx`` (two sheets), ``overview.csv`` and ``overview-findings.csv`` — unless
    ``stamp`` says they are already what they would be."""
    from generator.render import atomic_path
    from generator.xlsx_writer import save

    from generator.xlsx_writer import RawSheet, stored_sheet

    out_dir = Path(out_dir)
    names = ("overview.xlsx", CSV_NAME, FINDINGS_CSV_NAME)
    try:
        if stamp and (out_dir / STAMP).read_text() == stamp and all((out_dir / n).exists() for n in names):
            return
        (out_dir / STAMP).unlink()
    except OSError:
        pass
    # the findings as they were (the first build after a build changes only the statuses): the
    # findings CSV stays, and the workbook's findings sheet is copied, not made again
    known = findings.fingerprint(lang) if isinstance(findings, Findings) else None
    kept_sheet = None
    try:
        if known and (out_dir / FINDINGS_STAMP).read_text() == known and (out_dir / FINDINGS_CSV_NAME).exists():
            kept_sheet = stored_sheet(out_dir / "overview.xlsx", 2)
        (out_dir / FINDINGS_STAMP).unlink()
    except OSError:
        pass
    rows = sorted(rows, key=lambda r: (r["year"] is None, r["year"] or 0, r["input"]))
    totals = total_rows(rows)
    shown_rows = _shown(COLUMNS, rows + totals, lang)
    _write_csv(out_dir / CSV_NAME, COLUMNS, shown_rows, lang)
    sheets = [_sheet(translate(SHEET_OVERVIEW, lang), COLUMNS, shown_rows, lang, bold_from=len(rows))]
    if kept_sheet is None:
        shown_findings = _shown(FINDING_COLUMNS, findings, lang)
        _write_csv(out_dir / FINDINGS_CSV_NAME, FINDING_COLUMNS, shown_findings, lang)
        sheets.append(_sheet(translate(SHEET_FINDINGS, lang), FINDING_COLUMNS, shown_findings, lang))
    else:
        sheets.append(RawSheet(translate(SHEET_FINDINGS, lang), kept_sheet))
    with atomic_path(out_dir / "overview.xlsx") as tmp:
        save(sheets, tmp)
    if known:
        (out_dir / FINDINGS_STAMP).write_text(known)
    if stamp:
        (out_dir / STAMP).write_text(stamp)


# ------------------------------------------------------------------ JSON

def _json_value(key, kind, value, lang):
    if value is None:
        return None
    if kind == "amount":
        return str(value)                  # exact: a decimal string, never a float
    if key == "status":
        return value
    return _say(value, lang)


def summary_json(summary, lang="zh"):
    """The machine-readable summary of ``build --json``: the overview's rows and findings."""
    counts = {state: sum(1 for r in summary.units if r["status"] == state) for state in STATUS_LABEL}
    return {
        "schema": "disclosure-build/1",
        "counts": counts,
        "seconds": round(summary.seconds, 3),
        "interrupted": summary.interrupted,
        "problems": [f.as_dict(lang) for f in summary.problems],
        "units": [{**{key: _json_value(key, kind, row.get(key), lang) for key, _, kind in COLUMNS},
                   "status_text": translate(STATUS_LABEL[row["status"]], lang)} for row in summary.units],
        "totals": [{key: _json_value(key, kind, row.get(key), lang) for key, _, kind in COLUMNS
                    if key in AMOUNTS + ("unit", "year", "warnings")} for row in total_rows(summary.units)],
        "findings": [{key: row.get(key) for key, _, _ in FINDING_COLUMNS} for row in summary.findings],
    }


def record(finding, lang):
    """A finding as the overview stores it (``Finding.as_dict``)."""
    return finding.as_dict(lang)
