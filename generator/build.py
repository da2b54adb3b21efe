"""Batch regeneration: a folder of inputs → documents, in parallel, incrementally.

* Each input is rendered in a worker process (``Executor``), mirroring the folder tree.
* A manifest in the output folder records, per input, a key made of the content hashes of
  the input, its ``previous`` chain, the scheme files it uses and the program itself; an
  input whose key is unchanged since its last successful render is skipped.
* A broken input is reported and the others go on; its last good output stays in place.
  Files are written atomically, and the manifest is rewritten atomically as units finish,
  so an interrupted build leaves no half file and a valid manifest; the next build resumes.
"""

import os
import re
import resource
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.findings import ERROR, Finding, Source
from generator.i18n import N_, translate
from generator.render import atomic_path
from generator import manifest as manifests
# the manifest's names, as they were before generator/manifest.py (the tests and the Dask executor use them)
from generator.manifest import (MANIFEST, MANIFEST_VERSION, Fingerprints, dependencies, program_hash,  # noqa: F401
                                read_manifest, unit_key, write_manifest)

SCHEMES = "schemes"


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
    cpu_seconds: float = 0.0         # CPU time of the worker process on this unit (benchmarks/batch.py)
    peak_mib: float = 0.0
    records: list = field(default_factory=list)    # the findings as dicts (Finding.as_dict), for the overview


def build_unit(input_path, out_dir, formats, search, lang, root=None):
    """Check, render, and write figures JSON for one input (runs in a worker process);
    ``root``: the build folder, which ``previous.file`` links must stay in."""
    from generator.pipeline import render_file

    start, cpu = time.perf_counter(), time.process_time()
    result = UnitResult(input=str(input_path), status="failed")
    try:
        rendered = render_file(input_path, out_dir, formats, search=search, root=root)
        result.findings = [f.line(lang) for f in rendered.findings]
        result.records = [f.as_dict(lang) for f in rendered.findings]
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
                unit = checked.input.unit          # no Part 2: its row names the unit only
                result.overview = {"unit": unit.name, "year": None if unit.year is None else str(unit.year)}
            result.outputs = [str(p) for p in rendered_paths]
            result.status = "rendered"
    except OSError as exc:    # disk full, read-only output, a file where a folder must be
        from generator.oserrors import os_error_finding

        finding = os_error_finding(exc, input_path)
        result.findings.append(finding.line(lang))
        result.records.append(finding.as_dict(lang))
        result.errors += 1
    except Exception as exc:  # a bug or an unreadable template must not stop the batch
        result.findings.append(f"{input_path}: {type(exc).__name__}: {exc}")
        result.records.append({"rule": "BUILD-INTERNAL", "severity": ERROR, "file": str(input_path), "line": 0,
                               "column": 0, "path": "", "message": f"{type(exc).__name__}: {exc}"})
        result.errors += 1
    rendered = None                               # the unit's documents are garbage from here on
    if _GC_SETTLED:
        collect_garbage()
    else:
        _settle_gc()
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = time.process_time() - cpu
    result.peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


_GC_SETTLED = []


def _settle_gc():
    """After the first unit a process renders: collect its garbage once, then freeze what is
    left — the modules, fonts, templates and caches every later unit uses — so that Python's
    cyclic collector no longer scans them again and again while WeasyPrint allocates (about
    13 % of a warm worker's CPU time, measured; memory unchanged).  Objects that die later are
    still freed; only those frozen here are never scanned."""
    import gc

    gc.collect()
    gc.freeze()
    _GC_SETTLED.append(True)


def collect_garbage():
    """After each later unit: free the reference cycles the renderers left, now, while the
    worker has nothing else to do.  A rendered report leaves 160,000–300,000 objects in
    cycles; of those with a class of their own, ~91 % are WeasyPrint's boxes and styles, its
    HTML tree and python-docx's objects, ~1 % ours (benchmarks/batch.py prints the shares).
    Left to the automatic collector, a full collection of them came during the next unit's
    check or templates, at random.  Collected here, a unit costs no more CPU in all
    (measured) and the worker's peak memory is a little lower."""
    import gc

    gc.collect()


# ------------------------------------------------------------------ the overview

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


# ------------------------------------------------------------------ executors

class SerialExecutor:
    """Runs tasks one after another in this process (``--jobs 1``, and tests)."""

    def run(self, func, tasks):
        for task in tasks:
            yield task, func(*task)

    def shutdown(self):
        pass


class ProcessExecutor:
    """Worker processes of our own, one task each at a time; yields results as they complete.
    A distributed engine (e.g. Dask) could replace it: anything with ``run(func, tasks)``
    yielding (task, result).

    * At most ``jobs`` tasks are in flight, each in a known worker, so a worker that dies
      (killed, out of memory) fails exactly its task, and a task that runs longer than
      ``timeout`` seconds is stopped (its worker is terminated and replaced) and fails alone.
    * Workers die with the build: each asks Linux for SIGTERM when its parent dies
      (``PR_SET_PDEATHSIG``) and also watches its parent's pid; SIGTERM in a worker raises
      SystemExit, so the temporary files of its atomic writes are removed on the way out.
      :meth:`shutdown` terminates the workers (SIGTERM, then SIGKILL after a grace period).
    """

    GRACE = 3.0

    def __init__(self, jobs, timeout=None):
        import multiprocessing

        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        methods = multiprocessing.get_all_start_methods()
        self.ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.workers = []

    def _spawn(self):
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker_main, args=(child, os.getpid()), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def _retire(self, worker):
        _stop([worker.process], self.GRACE)
        worker.conn.close()
        self.workers.remove(worker)

    def run(self, func, tasks):
        from multiprocessing.connection import wait as wait_any

        queue = list(tasks)[::-1]
        while queue or any(w.task is not None for w in self.workers):
            for worker in [w for w in self.workers if w.task is None]:
                if not queue:
                    break
                self._give(worker, func, queue.pop())
            while queue and len(self.workers) < self.jobs:
                self._give(self._spawn(), func, queue.pop())
            busy = [w for w in self.workers if w.task is not None]
            deadlines = [w.deadline for w in busy if w.deadline is not None]
            left = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = wait_any([w.conn for w in busy] + [w.process.sentinel for w in busy], left)
            for worker in busy:
                task = worker.task
                if worker.conn in ready or worker.process.sentinel in ready:
                    try:
                        kind, value = worker.conn.recv()
                    except (EOFError, OSError):       # the worker died in the middle of the task
                        self._retire(worker)
                        yield task, _failed(task, "BUILD-WORKER", N_("a worker process died while rendering it"), {})
                        continue
                    worker.task = worker.deadline = None
                    yield task, value if kind == "ok" else _failed(
                        task, "BUILD-WORKER", N_("the worker raised {error}"), {"error": value})
                elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                    self._retire(worker)
                    yield task, _failed(task, "BUILD-TIMEOUT", N_("stopped after {seconds} s: the time limit of one unit (--timeout)"),
                                        {"seconds": f"{self.timeout:g}"})

    def _give(self, worker, func, task):
        try:
            worker.conn.send((func, task))
        except (OSError, ValueError):                  # a worker that died idle: replace it
            self._retire(worker)
            worker = self._spawn()
            worker.conn.send((func, task))
        worker.task = task
        worker.deadline = time.monotonic() + self.timeout if self.timeout else None

    def shutdown(self):
        _stop([w.process for w in self.workers], self.GRACE)
        for worker in self.workers:
            worker.conn.close()
        self.workers = []


@dataclass
class _Worker:
    process: object
    conn: object
    task: tuple = None
    deadline: float = None


def _failed(task, rule, message, params):
    """The UnitResult of a task the executor had to give up (the message is a msgid)."""
    lang = task[4] if len(task) > 4 and task[4] in ("zh", "en") else "zh"
    finding = Finding(rule, ERROR, message, Source(str(task[0])), params)
    return UnitResult(input=str(task[0]), status="failed", findings=[finding.line(lang)], errors=1,
                      records=[finding.as_dict(lang)])


def _stop(processes, grace):
    """SIGTERM, then SIGKILL whatever is still alive after ``grace`` seconds; reap them all."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    end = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, end - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1)


def _die_with_parent(parent_pid):
    """Make this worker receive SIGTERM when the build process dies (Linux), and watch the
    parent's pid as well (other systems, and a parent that died before we asked)."""
    import ctypes
    import threading

    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)          # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch():
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, daemon=True).start()


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def _worker_main(conn, parent_pid):
    """A worker: run (func, task) requests from ``conn`` until it closes."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)   # unwinds: atomic writes remove their .tmp
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the build's to handle
    _die_with_parent(parent_pid)
    while True:
        try:
            func, task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", func(*task))
        except Exception as exc:                     # noqa: BLE001 - reported as the task's failure
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except Exception as exc:                     # noqa: BLE001 - e.g. an unpicklable result
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


# ------------------------------------------------------------------ the build

@dataclass
class BuildSummary:
    rendered: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    results: list = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    problems: list = field(default_factory=list)   # Findings of the build itself (collisions, FS errors)
    cleaned: list = field(default_factory=list)    # stale temporary files removed
    units: list = field(default_factory=list)      # the overview's rows, one per input (generator/overview.py)
    findings: list = field(default_factory=list)   # the overview's findings, per unit


def discover(root):
    """Every input under ``root`` (``*.yaml``/``*.yml``), in a stable order."""
    root = Path(root)
    if root.is_file():
        return [root]
    from generator.project import excluded_folders

    skip = excluded_folders(root)                 # a disclosure.toml's scheme folder
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(root).parts)
                  and p.relative_to(root).parts[0] != SCHEMES   # schemes sent with the inputs
                  and not any(p.resolve().is_relative_to(folder) for folder in skip))


def scheme_folders(base):
    """The build folder's schemes (sent with the inputs): the folder its ``disclosure.toml``
    names, else its ``schemes/``, when there is one; searched after ``--templates`` and before
    the built-in templates (docs/security.md, docs/schemes.md).  ProjectError when the
    disclosure.toml is wrong."""
    from generator.project import scheme_folders as project_scheme_folders

    return project_scheme_folders(base)


class Progress:
    """A progress bar on a terminal, one plain line per unit otherwise."""

    def __init__(self, total, stream=None, lang="zh"):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.lang = lang
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, label, status):
        from generator.overview import STATUS_LABEL

        self.done += 1
        status = translate(STATUS_LABEL.get(status, status), self.lang)
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


COLLISION = N_("this file and {other} would both be written as {output}.*: rename one of them")
LOCK = ".build.lock"
# the temporary names of generator.render.atomic_path: ".{stem}.{8 random}{suffix}.tmp"
TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.(docx|pdf|html|json|csv|xlsx)\.tmp$")


def collisions(inputs, base):
    """BUILD-COLLISION findings: two inputs that would write the same output files (``a.yaml``
    and ``a.yml`` in one folder; names that differ only in case, which collide on Windows and
    macOS).  Checked before anything is written."""
    seen, findings = {}, []
    for path in inputs:
        rel = path.relative_to(base)
        key = (rel.parent.as_posix().casefold(), rel.stem.casefold())
        if key in seen:
            findings.append(Finding("BUILD-COLLISION", ERROR, COLLISION, Source(str(path)),
                                    {"other": seen[key], "output": rel.with_suffix("").as_posix()}))
        else:
            seen[key] = path
    return findings


class BuildLock:
    """An exclusive lock on the output folder (``.build.lock``, flock).  Holding it means no
    other build writes there now, so stale temporary files can be removed.  Opening it is
    also the first write into the output folder: a read-only folder fails here, before any
    rendering.  Worker processes inherit it, so it is held until the last of them is gone."""

    def __init__(self, out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        self.handle = open(out_dir / LOCK, "a")          # noqa: SIM115 - held for the build
        try:
            import fcntl

            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.exclusive = True
        except (ImportError, OSError):                    # another build runs there now
            self.exclusive = False

    def close(self):
        self.handle.close()


def remove_temporaries(out_dir):
    """Remove the temporary files an interrupted build left (only names atomic_path makes)."""
    removed = []
    for folder, _, files in os.walk(out_dir):
        for name in files:
            if TEMPORARY.match(name):
                try:
                    os.unlink(os.path.join(folder, name))
                    removed.append(os.path.join(folder, name))
                except OSError:
                    pass
    return removed


class BuildTerminated(KeyboardInterrupt):
    """SIGTERM: unwinds the build like Ctrl-C (workers stopped, manifest and overview written)."""


def _on_sigterm(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)      # the clean-up must not be interrupted again
    raise BuildTerminated()


def build(root="inputs", out_dir="output", jobs=None, formats=("docx", "pdf"), force=False, search=(),
          lang="zh", executor=None, stream=None, timeout=None):
    """Render every changed input under ``root`` into ``out_dir``; return a BuildSummary.

    ``timeout``: seconds one unit may take (it then fails alone; needs worker processes, so
    with a timeout even one job runs in a worker).  Problems of the build itself (two inputs
    to one output, a filesystem error) are Findings in ``summary.problems``.
    """
    from generator.oserrors import os_error_finding, out_is_file

    started = time.perf_counter()
    root, out_dir = Path(root), Path(out_dir)
    summary = BuildSummary()
    inputs = discover(root)
    base = root if root.is_dir() else root.parent
    summary.problems = collisions(inputs, base)
    problem = out_is_file(out_dir)
    if problem is not None:
        summary.problems.append(problem)
    lock = None
    if not summary.problems:
        try:
            lock = BuildLock(out_dir)
        except OSError as exc:
            summary.problems.append(os_error_finding(exc, out_dir))
    if summary.problems:                                  # nothing has been written
        summary.seconds = time.perf_counter() - started
        return summary
    on_main = threading.current_thread() is threading.main_thread()
    previous_handler = signal.signal(signal.SIGTERM, _on_sigterm) if on_main else None
    try:
        if lock.exclusive:
            summary.cleaned = remove_temporaries(out_dir)
        _build(summary, inputs, base, out_dir, jobs, formats, force, search, lang, executor, stream, timeout)
    except KeyboardInterrupt:              # Ctrl-C or SIGTERM before the units ran (after: in _build)
        summary.interrupted = True
    finally:
        if on_main:
            signal.signal(signal.SIGTERM, previous_handler)
        if lock.exclusive and (summary.interrupted or summary.failed):
            # a worker stopped in the middle of a write (killed when its grace ran out, or by
            # a signal between creating its temporary file and guarding it): nothing else writes here
            summary.cleaned += remove_temporaries(out_dir)
        lock.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _build(summary, inputs, base, out_dir, jobs, formats, force, search, lang, executor, stream, timeout):
    from generator import overview
    from generator.oserrors import os_error_finding

    search = tuple(search) + scheme_folders(base)
    manifest = read_manifest(out_dir)
    prints = Fingerprints(search)
    seen = manifests.Seen()                       # each output is looked for once
    tasks, keys = [], {}
    for path in inputs:
        rel = str(path.relative_to(base))
        entry = manifest.get(rel)
        try:
            keys[rel] = unit_key(path, formats, prints, entry, base)
        except Exception:                         # an unreadable input: render it to report why
            keys[rel] = ("unknown", prints.file(path), {"scheme": None, "chain": [], "chain_hashes": []})
        if not force and manifests.is_current(entry, keys[rel][0], seen):
            summary.skipped.append(rel)
            continue
        target = out_dir / Path(rel).parent
        tasks.append((str(path), str(target), tuple(formats), tuple(str(s) for s in search), lang, str(base)))
    tasks.sort(key=lambda task: -_size(task[0]))   # the longest first: no worker idles long at the end
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    executor = executor or (SerialExecutor() if workers <= 1 and not timeout
                            else ProcessExecutor(max(workers, 1), timeout))
    progress = Progress(len(tasks), stream, lang)
    last_write, write_cost = time.monotonic(), 0.0
    try:
        for task, result in executor.run(build_unit, tasks):
            rel = str(Path(task[0]).relative_to(base))
            summary.results.append(result)
            if result.status == "rendered":
                summary.rendered.append(rel)
                manifests.record(manifest, rel, keys[rel], result, overview.now())
                try:
                    overview.keep_findings(out_dir, rel, result.records)
                except OSError:                   # the overview then lists none for it
                    pass
            else:
                summary.failed.append(rel)
                manifests.mark_failed(manifest, rel)
            progress.update(rel, result.status)
            if time.monotonic() - last_write > max(2.0, 20 * write_cost):
                try:                              # at most ~5 % of the time on the manifest, however large
                    write_cost = time.monotonic()
                    write_manifest(out_dir, manifest)
                except OSError:                   # retried at the end, reported there
                    pass
                last_write = time.monotonic()
                write_cost = last_write - write_cost
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        executor.shutdown()
        progress.close()
        removed = manifests.prune(manifest, keys)
        try:
            if summary.results or removed or not (out_dir / MANIFEST).exists():
                write_manifest(out_dir, manifest)   # a no-op build leaves it as it is
            rels = [str(path.relative_to(base)) for path in inputs]
            summary.units, summary.findings = overview.unit_rows(rels, summary, manifest, base, out_dir, seen)
            if rels:
                overview.write(summary.units, summary.findings, out_dir, lang,
                               stamp=overview.stamp(summary, out_dir, lang))
        except OSError as exc:
            summary.problems.append(os_error_finding(exc, out_dir))


def _size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def summary_dict(summary):
    return {"rendered": summary.rendered, "skipped": summary.skipped, "failed": summary.failed,
            "problems": [f.as_dict() for f in summary.problems],
            "seconds": round(summary.seconds, 3), "results": [asdict(r) for r in summary.results]}
