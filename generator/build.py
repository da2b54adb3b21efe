"""Batch regeneration: a folder of inputs → documents, in parallel, incrementally.

* Each input is rendered in a worker process (``Executor``), mirroring the folder tree.
* A manifest in the output folder records, per input, a key made of the content hashes of
  the input, its ``previous`` chain, the scheme files it uses and the program itself; an
  input whose key is unchanged since its last successful render is skipped.
* A broken input is reported and the others go on; its last good output stays in place.
  Files are written atomically, and the manifest is rewritten atomically as units finish,
  so an interrupted build leaves no half file and a valid manifest; the next build resumes.
"""

import csv
import functools
import hashlib
import json
import os
import resource
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator import __version__
from generator.findings import ERROR
from generator.render import atomic_path
from generator.scheme import TEMPLATES_DIR, SchemeError, load_scheme

MANIFEST = ".manifest.json"
SCHEMES = "schemes"
MANIFEST_VERSION = 1
PACKAGE_DIR = Path(__file__).resolve().parent


# ------------------------------------------------------------------ fingerprints

def _sha(data):
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=1)
def program_hash():
    """The program's own fingerprint: version, code, catalogues and messages."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".yaml", ".po") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Fingerprints:
    """Content hashes with per-build caches (a scheme or a previous file is hashed once)."""

    def __init__(self, search=()):
        self.search = tuple(search) + (TEMPLATES_DIR,)
        self._files = {}
        self._schemes = {}

    def file(self, path):
        path = Path(path).resolve()
        if path not in self._files:
            if not path.is_file():                # a FIFO or a device is never read
                self._files[path] = "missing"
                return self._files[path]
            try:
                self._files[path] = _sha(path.read_bytes())
            except OSError:
                self._files[path] = "missing"
        return self._files[path]

    def scheme(self, name):
        if name not in self._schemes:
            try:
                scheme = load_scheme(name, self.search)
                digest = hashlib.sha256()
                for path in scheme.files():
                    digest.update(str(path).encode())
                    digest.update(self.file(path).encode())
                self._schemes[name] = digest.hexdigest()
            except SchemeError:
                self._schemes[name] = "missing"
        return self._schemes[name]


def dependencies(path, root=None):
    """(scheme name, [previous files]) of an input, read from its YAML without checking it;
    the previous files are those check reads (confined to ``root``, see generator.previous)."""
    from generator.loader import load
    from generator.previous import chain_paths

    scheme = None
    tree = load(Path(path)).tree
    unit = tree.value.get("unit") if tree is not None and tree.is_map() else None
    if unit is not None and unit.is_map() and "scheme" in unit.value:
        scheme = str(unit.value["scheme"].text or unit.value["scheme"].value)
    return scheme, chain_paths(path, root)


# ------------------------------------------------------------------ the work of one unit

@dataclass
class UnitResult:
    """What a worker reports for one input (plain data, picklable)."""

    input: str
    status: str                      # rendered, failed
    outputs: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    warnings: int = 0
    errors: int = 0
    overview: dict = field(default_factory=dict)
    seconds: float = 0.0
    peak_mib: float = 0.0


def build_unit(input_path, out_dir, formats, search, lang, root=None):
    """Check, render, and write figures JSON for one input (runs in a worker process);
    ``root``: the build folder, which ``previous.file`` links must stay in."""
    from generator.pipeline import render_file

    start = time.perf_counter()
    result = UnitResult(input=str(input_path), status="failed")
    try:
        rendered = render_file(input_path, out_dir, formats, search=search, root=root)
        result.findings = [f.line(lang) for f in rendered.findings]
        result.errors = sum(1 for f in rendered.findings if f.severity == ERROR)
        result.warnings = len(rendered.findings) - result.errors
        if rendered.written:
            checked = rendered.checked
            if checked.input.is_report:
                from generator.figures_json import write_figures

                target = Path(out_dir) / f"{Path(input_path).stem}.json"
                with atomic_path(target) as tmp:
                    write_figures(checked.figures, tmp)
                rendered_paths = list(rendered.written) + [target]
                result.overview = overview_row(checked.figures, result.warnings)
            else:
                rendered_paths = list(rendered.written)
            result.outputs = [str(p) for p in rendered_paths]
            result.status = "rendered"
    except Exception as exc:  # a bug or an unreadable template must not stop the batch
        result.findings.append(f"{input_path}: {type(exc).__name__}: {exc}")
        result.errors += 1
    result.seconds = time.perf_counter() - start
    result.peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# ------------------------------------------------------------------ the overview

OVERVIEW_COLUMNS = (
    ("单位", "unit"), ("年度", "year"), ("收支总计", "grand_total"), ("收支总计增减", "grand_total_change"),
    ("本年收入", "income_total"), ("本年支出", "expenditure_total"), ("基本支出", "basic"), ("项目支出", "project"),
    ("财政拨款收入", "appropriation"), ("三公预算合计", "tp_budget_total"), ("三公决算合计", "tp_actual_total"),
    ("因公出国（境）费预算", "tp_budget_abroad"), ("因公出国（境）费决算", "tp_actual_abroad"),
    ("公务用车购置及运行费预算", "tp_budget_vehicle"), ("公务用车购置及运行费决算", "tp_actual_vehicle"),
    ("公务接待费预算", "tp_budget_reception"), ("公务接待费决算", "tp_actual_reception"),
    ("机关运行经费", "admin_cost"), ("政府采购", "procurement"), ("警告数", "warnings"), ("输入文件", "input"),
)
SUMMED = {key for _, key in OVERVIEW_COLUMNS} - {"unit", "year", "warnings", "input"}


def overview_row(fig, warnings):
    """One unit's key figures as strings (exact decimals)."""
    t, tp = fig.totals, fig.three_public
    change = fig.deltas["grand_total"].change
    row = {"unit": fig.input.unit.name, "year": str(fig.input.unit.year), "grand_total": t["grand_total"],
           "grand_total_change": change, "income_total": t["income_total"],
           "expenditure_total": t["expenditure_total"], "basic": t["exp.basic"], "project": t["exp.project"],
           "appropriation": t["inc.appropriation"], "admin_cost": t.get("admin_cost"),
           "procurement": t["procurement_total"], "warnings": str(warnings), "input": fig.input.file}
    for side in ("budget", "actual"):
        for part in ("total", "abroad", "vehicle", "reception"):
            row[f"tp_{side}_{part}"] = tp[side][part]
    return {k: (None if v is None else str(v)) for k, v in row.items()}


def write_overview(rows, out_dir):
    """``overview.xlsx`` and ``overview.csv`` (UTF-8 with BOM) with a total row."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = sorted(rows, key=lambda r: (r.get("year") or "", r.get("input") or ""))
    years = sorted({r.get("year") or "" for r in rows})
    total_rows = []
    for year in years:               # amounts of different years are never added together
        of_year = [r for r in rows if (r.get("year") or "") == year]
        totals = {key: sum((Decimal(r[key]) for r in of_year if r.get(key) is not None), Decimal(0))
                  for key in SUMMED}
        total_rows.append({**{k: str(v) for k, v in totals.items()},
                           "unit": "合计" if len(years) == 1 else f"{year}年合计", "year": year,
                           "warnings": str(sum(int(r.get("warnings") or 0) for r in of_year)), "input": ""})
    header = [label for label, _ in OVERVIEW_COLUMNS]
    keys = [key for _, key in OVERVIEW_COLUMNS]
    with atomic_path(Path(out_dir) / "overview.csv") as tmp:
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows + total_rows:
                writer.writerow(["" if row.get(k) is None else row[k] for k in keys])
    book = Workbook()
    sheet = book.active
    sheet.title = "总览"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows + total_rows:
        values = []
        for key in keys:
            value = row.get(key)
            values.append(Decimal(value) if key in SUMMED and value is not None else value)
        sheet.append(values)
    for index in range(sheet.max_row - len(total_rows) + 1, sheet.max_row + 1):
        for cell in sheet[index]:
            cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=2, max_row=sheet.max_row):
        if keys[column[0].column - 1] in SUMMED:
            for cell in column:
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "B2"
    with atomic_path(Path(out_dir) / "overview.xlsx") as tmp:
        book.save(tmp)


# ------------------------------------------------------------------ executors

class SerialExecutor:
    """Runs tasks one after another in this process (``--jobs 1``, and tests)."""

    def run(self, func, tasks):
        for task in tasks:
            yield task, func(*task)

    def shutdown(self):
        pass


class ProcessExecutor:
    """A process pool; yields results as they complete.  A distributed engine (e.g. Dask)
    could replace it: anything with ``run(func, tasks)`` yielding (task, result).

    At most ``jobs`` tasks are in flight.  If a worker dies (killed, out of memory), the
    pool is rebuilt and each task that was in flight is run again alone, so only the task
    that really kills its worker is reported failed.
    """

    def __init__(self, jobs):
        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs)

    def _restart(self, workers):
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = ProcessPoolExecutor(max_workers=workers)

    def run(self, func, tasks):
        queue = list(tasks)[::-1]
        running = {}
        while queue or running:
            while queue and len(running) < self.jobs:
                task = queue.pop()
                running[self.pool.submit(func, *task)] = task
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = []
            for future in done:
                task = running.pop(future)
                try:
                    yield task, future.result()
                except BrokenProcessPool:
                    broken.append(task)
            if broken:
                suspects = broken + list(running.values())
                running.clear()
                yield from self._isolate(func, suspects)
                self._restart(self.jobs)

    def _isolate(self, func, suspects):
        """Run each suspect alone in a fresh one-worker pool."""
        for task in suspects:
            self._restart(1)
            try:
                yield task, self.pool.submit(func, *task).result()
            except BrokenProcessPool:
                yield task, UnitResult(input=str(task[0]), status="failed",
                                       findings=[f"{task[0]}: a worker process died while rendering it"], errors=1)

    def shutdown(self):
        self.pool.shutdown(wait=False, cancel_futures=True)


# ------------------------------------------------------------------ the build

@dataclass
class BuildSummary:
    rendered: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    results: list = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False


def discover(root):
    """Every input under ``root`` (``*.yaml``/``*.yml``), in a stable order."""
    root = Path(root)
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(root).parts)
                  and p.relative_to(root).parts[0] != SCHEMES)   # schemes sent with the inputs


def scheme_folders(base):
    """The build folder's ``schemes/`` (schemes sent with the inputs), when there is one;
    searched after ``--templates`` and before the built-in templates (docs/security.md)."""
    folder = Path(base) / SCHEMES
    return (folder,) if folder.is_dir() else ()


def read_manifest(out_dir):
    path = Path(out_dir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("units", {}) if data.get("version") == MANIFEST_VERSION else {}


def write_manifest(out_dir, units):
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    with atomic_path(Path(out_dir) / MANIFEST) as tmp:
        tmp.write_text(json.dumps({"version": MANIFEST_VERSION, "program": __version__, "units": units},
                                  ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")


def unit_key(path, formats, prints, entry=None, root=None):
    """(key, content hash, deps): the key decides whether an input must be rendered again.

    The input's dependencies (scheme, previous chain) are read from its YAML only when its
    content changed since the manifest ``entry`` recorded them, so a no-op build only hashes.
    """
    content = prints.file(path)
    deps = entry.get("deps") if entry and entry.get("content") == content else None
    if not deps or any(prints.file(p) != h for p, h in zip(deps["chain"], deps.get("chain_hashes", []))):
        scheme, chain = dependencies(path, root)  # the input or a file of its chain changed
    else:
        scheme, chain = deps["scheme"], deps["chain"]
    hashes = [prints.file(p) for p in chain]
    parts = [program_hash(), ",".join(formats), content, prints.scheme(scheme or "")] + hashes
    return (_sha("|".join(parts).encode()), content,
            {"scheme": scheme, "chain": chain, "chain_hashes": hashes})


class Progress:
    """A progress bar on a terminal, one plain line per unit otherwise."""

    def __init__(self, total, stream=None):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, label, status):
        self.done += 1
        if not self.tty:
            print(f"[{self.done}/{self.total}] {status}: {label}", file=self.stream, flush=True)
            return
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done) if self.done else 0
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "█" * filled + "·" * (width - filled)
        print(f"\r{bar} {self.done}/{self.total}  剩余约 {left:5.0f} 秒  {label[-40:]:40}", end="",
              file=self.stream, flush=True)

    def close(self):
        if self.tty:
            print(file=self.stream)


def build(root="inputs", out_dir="output", jobs=None, formats=("docx", "pdf"), force=False, search=(),
          lang="zh", executor=None, stream=None):
    """Render every changed input under ``root`` into ``out_dir``; return a BuildSummary."""
    started = time.perf_counter()
    root, out_dir = Path(root), Path(out_dir)
    inputs = discover(root)
    base = root if root.is_dir() else root.parent
    search = tuple(search) + scheme_folders(base)
    manifest = read_manifest(out_dir)
    prints = Fingerprints(search)
    summary = BuildSummary()
    tasks, keys = [], {}
    for path in inputs:
        rel = str(path.relative_to(base))
        entry = manifest.get(rel)
        try:
            keys[rel] = unit_key(path, formats, prints, entry, base)
        except Exception:                         # an unreadable input: render it to report why
            keys[rel] = ("unknown", prints.file(path), {"scheme": None, "chain": [], "chain_hashes": []})
        key = keys[rel][0]
        outputs_exist = entry and all(Path(p).exists() for p in entry.get("outputs", []))
        if not force and entry and entry.get("key") == key and outputs_exist:
            summary.skipped.append(rel)
            continue
        target = out_dir / Path(rel).parent
        tasks.append((str(path), str(target), tuple(formats), tuple(str(s) for s in search), lang, str(base)))
    executor = executor or (SerialExecutor() if (jobs or os.cpu_count() or 1) == 1 or len(tasks) <= 1
                            else ProcessExecutor(min(jobs or os.cpu_count() or 1, len(tasks))))
    progress = Progress(len(tasks), stream)
    last_write = time.monotonic()
    try:
        for task, result in executor.run(build_unit, tasks):
            rel = str(Path(task[0]).relative_to(base))
            summary.results.append(result)
            if result.status == "rendered":
                summary.rendered.append(rel)
                key, content, deps = keys[rel]
                manifest[rel] = {"key": key, "content": content, "deps": deps, "outputs": result.outputs,
                                 "warnings": result.warnings, "overview": result.overview}
            else:
                summary.failed.append(rel)
                if rel in manifest:          # keep the last good outputs, but never skip next time
                    manifest[rel]["key"] = "failed"
            progress.update(rel, result.status)
            if time.monotonic() - last_write > 2:
                write_manifest(out_dir, manifest)
                last_write = time.monotonic()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        executor.shutdown()
        progress.close()
        for rel in list(manifest):
            if rel not in keys:               # an input that no longer exists
                manifest.pop(rel)
        write_manifest(out_dir, manifest)
        rows = [entry["overview"] for entry in manifest.values() if entry.get("overview")]
        if rows:
            write_overview(rows, out_dir)
    summary.seconds = time.perf_counter() - started
    return summary


def summary_dict(summary):
    return {"rendered": summary.rendered, "skipped": summary.skipped, "failed": summary.failed,
            "seconds": round(summary.seconds, 3), "results": [asdict(r) for r in summary.results]}
