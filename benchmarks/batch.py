"""Batch build benchmark: N synthetic units rendered by ``disclosure build``.

    .venv/bin/python benchmarks/batch.py [--units 24] [--jobs 2] [--noop-units 10000]
                                         [--manifest-entries 100000] [--no-dask]

Prints (issue 13):

* the engine's floor: one warm WeasyPrint render (layout + PDF) of a unit's HTML and one
  DOCX write of the same document, as reports per minute per core;
* reports per minute per core of the local process pool and of a Dask LocalCluster with
  the same number of workers (DOCX + PDF), and the share of the engine in it;
* the build's overhead: 1 − (seconds inside WeasyPrint and the DOCX writer, summed over the
  workers) / (workers × wall seconds) — everything else: worker start and imports, load,
  check, compose, charts, the PDF's page numbers for the DOCX's contents, figures JSON,
  atomic writes, scheduling and the manifest.  The collection of the reference cycles a unit
  leaves (``build.collect_garbage``) is counted with the engine: what it frees is measured and
  printed (~91 % of the objects with a class of their own are WeasyPrint's and python-docx's, ~1 % ours);
* the same local build started cold: ``disclosure build`` in a new process, whose workers
  import the renderers themselves (in the measured builds above they inherit them from the
  benchmark's process, which has rendered the floor);
* peak memory per worker (ru_maxrss);
* a no-op rebuild of --noop-units inputs (copies of the rendered units whose outputs are hard
  links and whose manifest entries are those of the originals, so no render is needed to set
  it up), and a rebuild after changing one of them;
* what the manifest costs at --manifest-entries inputs: its size, and the time to read it,
  write it and compute every unit's key against it.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import catalogue  # noqa: E402
from generator import build as build_mod  # noqa: E402
from generator import overview as overview_mod  # noqa: E402
from generator.build import MANIFEST, build  # noqa: E402


def synthetic_unit(i, rng, realistic=True):
    """A consistent unit: 5–40 项 codes, table 06 spread over many items, 三公, budgets; ``realistic``:
    ready to publish (reasons given, last year near this year), else the worst case of ~47 warnings."""
    cat = catalogue.for_year(2024)
    leaves = [c for c in cat.function if len(c) == 7 and c[:5] in cat.function and c[:3] in cat.function]
    codes = sorted(rng.sample(leaves, rng.randint(5, 40)))
    lines = [f"unit: {{name: 合成单位{i:04d}, year: 2024, scheme: approval-2024, percent_decimals: 1}}",
             "profile: {duties: [负责本单位职责范围内的各项工作。], internal_bodies: 内设综合科。, composition: 本级。}",
             "income:"]
    basic_total = Decimal(0)
    spend = []
    for code in codes:
        basic = Decimal(rng.randint(0, 500000)) / 100
        project = Decimal(rng.randint(0, 200000)) / 100 if rng.random() < 0.4 else Decimal(0)
        basic_total += basic
        spend.append((code, basic, project))
        lines.append(f'  "{code}": {{general: {basic + project}}}')
    lines.append("expenditure:")
    for code, basic, project in spend:
        budget = (basic + project) * Decimal(rng.randint(80, 120)) / 100
        lines.append(f'  "{code}": {{basic: {basic}, project: {project}, budget: {budget.quantize(Decimal("0.01"))}}}')
    # 公务接待费 (30217), 出国 (30212) and 公务用车运行维护费 (30231) come from 三公 below
    items = [c for c in cat.economic if len(c) == 5 and c not in ("30212", "30217", "30231")]
    chosen = rng.sample(items, 25)
    cents = int(basic_total * 100)
    cuts = sorted(rng.randint(0, cents) for _ in range(len(chosen) - 1))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [cents])]
    lines.append("basic_economic:")
    lines += [f'  "{c}": {Decimal(p) / 100}' for c, p in zip(chosen, parts)]
    public = sum((Decimal(p) / 100 for c, p in zip(chosen, parts) if c[:3] in ("302", "310")), Decimal(0))
    total = sum((b + p for _, b, p in spend), Decimal(0))
    before = (total * Decimal(rng.randint(90, 110)) / 100).quantize(Decimal("0.01"))
    if not realistic:          # the old worst case: every reason and count missing, odd last-year figures
        lines += ["three_public:", "  budget: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 8, reception: 5}",
                  "  actual: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 6.5, reception: 3.2}",
                  "admin_cost: {budget: 100}",
                  "procurement: {goods: 10, works: 0, services: 5, sme: 15, small_micro: 15}",
                  "previous: {total: 1000, appropriation_total: 1000, general_expenditure: 1000, "
                  "three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 6, reception: 4}}"]
        return "\n".join(lines) + "\n"
    # a unit ready to publish: every reason given, last year's figures near this year's
    lines += ["three_public:", "  budget: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 8, reception: 5}",
              "  actual: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 6.5, reception: 3.2}",
              "  reception_groups: 12", "  reception_visitors: 96", "  vehicles: 2",
              f"admin_cost: {{budget: {(public * Decimal('1.04')).quantize(Decimal('0.01'))}}}",
              "procurement: {goods: 10, works: 0, services: 5, sme: 15, small_micro: 15}",
              f"previous: {{total: {before}, appropriation_total: {before}, general_expenditure: {before}, "
              "admin_cost: " + str((public * Decimal('0.97')).quantize(Decimal('0.01'))) + ", "
              "three_public: {abroad: 0, vehicle_purchase: 0, vehicle_operation: 6, reception: 4}}",
              "reasons:", "  total_yoy: 人员和工作任务变化", "  appropriation_yoy: 人员和工作任务变化",
              "  general_yoy: 人员和工作任务变化", "  admin_cost_budget: 厉行节约，降低机关运行成本",
              "  three_public:"]
    lines += [f"    {key}: 按过紧日子的要求严控开支" for key in
              ("total_budget", "total_yoy", "vehicle_budget", "vehicle_yoy", "reception_budget", "reception_yoy")]
    lines.append("  budget_items:")
    lines += [f'    "{code}": 年中根据工作任务调整预算' for code, _, _ in spend]
    return "\n".join(lines) + "\n"


def peak_worker_mib(summary):
    return max((r.peak_mib for r in summary.results), default=0.0)


# ------------------------------------------------------------------ engine time, in every worker

ENGINE_DIR = None


def install_engine_timers(folder):
    """Count the seconds spent in WeasyPrint (parsing, layout, PDF writing) and in the DOCX writer, per
    process, into ``folder/<pid>`` (forked workers inherit the timers; Dask workers get them
    through ``client.run``)."""
    import weasyprint
    import weasyprint.document

    from generator.writers import docx as docx_writer

    if getattr(weasyprint.HTML.render, "_timed", False):
        return
    totals = {}                                       # pid -> seconds (a forked worker starts at 0)

    def timed(func):
        def wrapper(*args, **kwargs):
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                pid = os.getpid()
                wall, used = totals.get(pid, (0.0, 0.0))
                totals[pid] = (wall + time.perf_counter() - start, used + time.process_time() - cpu)
                # and the process's whole CPU time so far: the engine's share of it does not
                # depend on what else the machine runs
                Path(folder, str(pid)).write_text(f"{totals[pid][0]!r} {totals[pid][1]!r} {time.process_time()!r}")
        wrapper._timed = True
        return wrapper

    weasyprint.HTML.__init__ = timed(weasyprint.HTML.__init__)       # parsing the HTML
    weasyprint.HTML.render = timed(weasyprint.HTML.render)
    weasyprint.document.Document.write_pdf = timed(weasyprint.document.Document.write_pdf)
    docx_writer.write_docx = timed(docx_writer.write_docx)
    # the reference cycles the renderers leave, freed after each unit (see garbage_of_a_unit)
    build_mod.collect_garbage = timed(build_mod.collect_garbage)


_PLAIN_BUILD_UNIT = build_mod.build_unit


def cold_build_unit(*task):
    """``build_unit`` for the cold build: the engine timers are put in place in the worker
    itself on its first unit (importing WeasyPrint there, as a worker of ``disclosure build``
    does), then the unit is built."""
    if ENGINE_DIR is not None:
        install_engine_timers(ENGINE_DIR)
    return _PLAIN_BUILD_UNIT(*task)


def cold_build(src, out, jobs, folder):
    """``disclosure build SRC --out OUT --jobs N`` in a new Python process, as a user starts it:
    (wall seconds, engine seconds of the workers). The build process imports only what the CLI
    imports; each worker imports the renderers itself before its first unit."""
    import subprocess

    code = (f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'benchmarks')!r}]; import batch; "
            f"from pathlib import Path; batch.ENGINE_DIR = Path({str(folder)!r}); "
            "from generator import build; build.build_unit = batch.cold_build_unit; "
            "from generator.cli import main; "
            f"sys.exit(main(['build', {str(src)!r}, '--out', {str(out)!r}, '--jobs', '{jobs}']))")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the cold build failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.perf_counter() - start, engine_seconds(folder)


def engine_seconds(folder):
    return sum(float(p.read_text().split()[0]) for p in Path(folder).iterdir())


def engine_cpu_share(folder):
    """(engine CPU seconds, the workers' whole CPU seconds up to their last engine call)."""
    records = [[float(x) for x in p.read_text().split()] for p in Path(folder).iterdir()]
    return sum(r[1] for r in records), sum(r[2] for r in records)


def reset_engine(folder):
    for p in Path(folder).iterdir():
        p.unlink()


# ------------------------------------------------------------------ the floor

def floor(path, out):
    """(seconds of one warm WeasyPrint render of the unit's HTML, seconds of one DOCX write)."""
    from weasyprint import HTML

    from generator.compose import compose
    from generator.pipeline import check_file
    from generator.render import scheme_for
    from generator.writers.docx import write_docx
    from generator.writers.pdf import render_html

    checked = check_file(path)
    scheme = scheme_for(checked.input)
    doc = compose(checked.figures, scheme)
    html = render_html(doc, scheme)
    base = scheme.folders[0].resolve().as_uri() + "/"
    times = []
    for _ in range(3):                               # the first one warms up fonts and caches
        start = time.perf_counter()
        HTML(string=html, base_url=base).render().write_pdf(str(out / "floor.pdf"))
        times.append(time.perf_counter() - start)
    docx_times = []
    for _ in range(3):
        start = time.perf_counter()
        write_docx(doc, out / "floor.docx", scheme.find("docx/reference.docx"), None)
        docx_times.append(time.perf_counter() - start)
    return min(times[1:]), min(docx_times[1:])


RENDERERS = ("weasyprint", "tinyhtml5", "tinycss2", "cssselect2", "pydyf", "fontTools", "docx",
             "lxml", "PIL")


def garbage_of_a_unit(path, out):
    """What ``build.collect_garbage`` frees after a unit, by the package of each object's class
    (objects of a class of their own; the rest are the tuples, dicts and lists they hold), and
    the seconds it takes: whose garbage it is decides whose time it is."""
    import collections
    import gc

    from generator.build import build_unit

    build_unit(path, out, ("docx", "pdf"), (), "zh")              # warm, and settled
    collect = build_mod.collect_garbage
    build_mod.collect_garbage = lambda: None
    gc.disable()
    try:
        build_unit(path, out, ("docx", "pdf"), (), "zh")
        gc.set_debug(gc.DEBUG_SAVEALL)
        start = time.process_time()
        count = gc.collect()
        seconds = time.process_time() - start
        owners = collections.Counter(type(o).__module__.split(".")[0] for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
        build_mod.collect_garbage = collect
    classed = {k: v for k, v in owners.items() if k != "builtins"}
    ours = classed.get("generator", 0)
    renderers = sum(v for k, v in classed.items() if k in RENDERERS)
    total = sum(classed.values()) or 1
    print(f"garbage a unit leaves in reference cycles: {count} objects, freed in {seconds:.2f} s; of those with a "
          f"class of their own ({total}), the renderers' {renderers / total:.1%} ("
          + ", ".join(f"{k} {v}" for k, v in sorted(classed.items(), key=lambda kv: -kv[1]) if k in RENDERERS)
          + f"), the generator's {ours / total:.1%}; so the collection after each unit is counted as engine time")


def measured_build(label, src, out, jobs, executor=None):
    reset_engine(ENGINE_DIR)
    start = time.perf_counter()
    summary = build(src, out, jobs=jobs, executor=executor, stream=open(os.devnull, "w"))
    wall = time.perf_counter() - start
    done = len(summary.rendered)
    engine = engine_seconds(ENGINE_DIR)
    overhead = 1 - engine / (jobs * wall)
    per_core = done / wall * 60 / jobs
    print(f"{label}: {done} reports (DOCX + PDF) on {jobs} workers in {wall:.1f} s: "
          f"{done / wall * 60:.1f} reports/min, {per_core:.1f} reports/min/core; "
          f"engine {engine:.1f} s of {jobs * wall:.1f} worker-seconds, overhead {overhead:.1%}; "
          f"peak memory per worker {peak_worker_mib(summary):.0f} MiB; failed {len(summary.failed)}")
    engine_cpu, worker_cpu = engine_cpu_share(ENGINE_DIR)
    if worker_cpu:
        in_units = sum(r.cpu_seconds for r in summary.results)
        start_up = max(0.0, worker_cpu - in_units) / jobs            # imports before the first unit, per worker
        per_unit = (in_units - engine_cpu) / done if done else 0.0    # outside the engines, inside a unit
        engine_unit = engine_cpu / done if done else 0.0
        print(f"  by CPU time (whatever else runs on the machine): engine {engine_cpu:.1f} s of the workers' "
              f"{worker_cpu:.1f} s, overhead {1 - engine_cpu / worker_cpu:.1%}: per unit {per_unit:.2f} s besides "
              f"{engine_unit:.2f} s in the engines ({per_unit / (per_unit + engine_unit):.1%}), and {start_up:.1f} s "
              f"of start-up per worker")
        for units in (100, 1000):
            share = (jobs * start_up + units * per_unit) / (jobs * start_up + units * (per_unit + engine_unit))
            print(f"  projected CPU overhead of a build of {units} such units on {jobs} workers: {share:.1%}")
    ceiling = done / engine * 60 if engine else 0
    print(f"  these units' own engine floor (their WeasyPrint + DOCX seconds alone): {ceiling:.1f} reports/min/core;"
          f" the build reaches {per_core / ceiling:.0%} of it" if ceiling else "")
    return summary, per_core, overhead


# ------------------------------------------------------------------ no-op and manifest

def many_inputs(src, out, big_src, big_out, count, units):
    """``count`` copies of the rendered units with hard-linked outputs and manifest entries."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    entries = {}
    big_src.mkdir()
    big_out.mkdir()
    for i in range(count):
        original = f"unit-{i % units:04d}"
        name = f"unit-{i:05d}"
        os.link(src / f"{original}.yaml", big_src / f"{name}.yaml")
        entry = dict(manifest["units"][f"{original}.yaml"])
        outputs = []
        for output in entry["outputs"]:
            target = big_out / (name + Path(output).suffix)
            os.link(output, target)
            outputs.append(str(target))
        entry["outputs"] = outputs
        entry["overview"] = dict(entry["overview"], input=str(big_src / f"{name}.yaml"))
        kept = out / ".findings" / f"{original}.yaml.json"
        if kept.exists():
            (big_out / ".findings").mkdir(exist_ok=True)
            os.link(kept, big_out / ".findings" / f"{name}.yaml.json")
        entries[f"{name}.yaml"] = entry
    build_mod.write_manifest(big_out, entries)


EXAMPLE_2020 = ROOT / "inputs" / "zhuzhou-beijing-office-2020.yaml"
EXAMPLE_2024 = ROOT / "inputs" / "zhuzhou-policy-research-2024.yaml"


def findings_per_unit(out):
    units = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["units"]
    return sum(e.get("warnings", 0) for e in units.values()) / max(len(units), 1)


def noop_twice(src, out, args, what):
    """No-op rebuilds of the copies: the first writes their overview and findings (the copies
    were made without one); then as after a build — the statuses change to 未变更, so the
    overview is rewritten but its findings are the same (kept); then again (nothing written)."""
    times, cpu = [], []
    for step in range(3):
        if step == 1:
            (out / overview_mod.STAMP).unlink()    # what a build leaves: statuses that change now
        start, used = time.perf_counter(), time.process_time()
        noop = build(src, out, jobs=args.jobs, stream=open(os.devnull, "w"))
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
        assert len(noop.skipped) == args.noop_units and not noop.rendered
    size = (out / MANIFEST).stat().st_size
    print(f"no-op rebuild of {args.noop_units} inputs, {what}: after a build (statuses rewritten, findings kept) "
          f"{times[1]:.2f} s ({cpu[1]:.2f} s CPU); again {times[2]:.2f} s ({cpu[2]:.2f} s CPU); "
          f"writing their findings for the first time {times[0]:.2f} s ({cpu[0]:.2f} s CPU) (manifest {size / 2 ** 20:.1f} MiB)")


def manifest_cost(out, count):
    """Size and read/write time of a manifest of ``count`` synthetic entries like a real one."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    sample = next(iter(manifest["units"].values()))
    units = {}
    for i in range(count):
        entry = json.loads(json.dumps(sample))
        entry["outputs"] = [f"/srv/out/county-{i // 1000:03d}/unit-{i:06d}{Path(p).suffix}" for p in sample["outputs"]]
        units[f"county-{i // 1000:03d}/unit-{i:06d}.yaml"] = entry
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        build_mod.write_manifest(Path(tmp), units)
        write = time.perf_counter() - start
        size = (Path(tmp) / MANIFEST).stat().st_size
        start = time.perf_counter()
        read = build_mod.read_manifest(Path(tmp))
        read_s = time.perf_counter() - start
        assert len(read) == count
    print(f"manifest of {count} inputs (findings kept apart, in .findings/): {size / 2 ** 20:.1f} MiB ({size / count:.0f} bytes per input), "
          f"written in {write:.2f} s, read in {read_s:.2f} s (rewritten during a build at most every "
          f"max(2 s, 20 × one write), once at its end, never by a no-op build)")


def main():
    global ENGINE_DIR
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=24)
    parser.add_argument("--noop-units", type=int, default=10000)
    parser.add_argument("--manifest-entries", type=int, default=100000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        ENGINE_DIR = Path(tmp) / "engine"
        ENGINE_DIR.mkdir()
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for i in range(args.units):
            (src / f"unit-{i:04d}.yaml").write_text(synthetic_unit(i, rng), encoding="utf-8")
        install_engine_timers(ENGINE_DIR)
        weasy, docx = floor(src / "unit-0000.yaml", Path(tmp))
        print(f"floor: one warm WeasyPrint render {weasy:.2f} s ({60 / weasy:.1f} reports/min/core), "
              f"one DOCX write {docx:.2f} s; both: {60 / (weasy + docx):.1f} reports/min/core")
        garbage_of_a_unit(src / "unit-0000.yaml", Path(tmp) / "garbage")
        reset_engine(ENGINE_DIR)
        _, local, _ = measured_build("local pool", src, out, args.jobs)
        print(f"  local pool: {local / (60 / (weasy + docx)):.0%} of the engine's floor per core")
        reset_engine(ENGINE_DIR)
        wall, engine = cold_build(src, Path(tmp) / "cold-out", args.jobs, ENGINE_DIR)
        print(f"the same build started cold (`disclosure build` in a new process; each worker imports the renderers "
              f"itself): {args.units} reports in {wall:.1f} s, {args.units / wall * 60 / args.jobs:.1f} reports/min/core; "
              f"engine {engine:.1f} s of {args.jobs * wall:.1f} worker-seconds, overhead {1 - engine / (args.jobs * wall):.1%}")
        if not args.no_dask:
            from dask.distributed import Client

            from generator.dask_executor import DaskExecutor, local_cluster

            cluster = local_cluster(args.jobs, processes=True)
            client = Client(cluster)
            client.run(install_engine_timers, str(ENGINE_DIR))
            try:
                _, remote, _ = measured_build("Dask LocalCluster", src, Path(tmp) / "dask-out", args.jobs,
                                              DaskExecutor(client=client))
                print(f"  Dask: {remote / (60 / (weasy + docx)):.0%} of the engine's floor per core")
            finally:
                client.close()
                cluster.close()

        big_src, big_out = Path(tmp) / "many", Path(tmp) / "many-out"
        start = time.perf_counter()
        many_inputs(src, out, big_src, big_out, args.noop_units, args.units)
        setup = time.perf_counter() - start
        noop_twice(big_src, big_out, args, f"synthetic units ({findings_per_unit(out):.0f} findings each; set up in {setup:.1f} s)")
        target = big_src / "unit-00003.yaml"
        target.unlink()                                   # a hard link: edit a copy of its own
        target.write_text((src / "unit-0003.yaml").read_text(encoding="utf-8").replace("reception: 3.2", "reception: 3.3"),
                          encoding="utf-8")
        start = time.perf_counter()
        one = build(big_src, big_out, jobs=args.jobs, stream=open(os.devnull, "w"))
        print(f"rebuild after changing one of {args.noop_units} inputs: {time.perf_counter() - start:.2f} s "
              f"(rendered {len(one.rendered)}, skipped {len(one.skipped)})")
        real_src, real_out = Path(tmp) / "real", Path(tmp) / "real-out"
        real_src.mkdir()
        for i, example in enumerate((EXAMPLE_2020, EXAMPLE_2024)):
            shutil.copy(example, real_src / f"unit-{i:04d}.yaml")
        build(real_src, real_out, jobs=args.jobs, stream=open(os.devnull, "w"))
        many_inputs(real_src, real_out, Path(tmp) / "real-many", Path(tmp) / "real-many-out", args.noop_units, 2)
        noop_twice(Path(tmp) / "real-many", Path(tmp) / "real-many-out", args,
                   f"copies of the two examples ({findings_per_unit(real_out):.1f} findings each)")
        heavy_src, heavy_out = Path(tmp) / "heavy", Path(tmp) / "heavy-out"
        heavy_src.mkdir()
        for i in range(2):
            (heavy_src / f"unit-{i:04d}.yaml").write_text(synthetic_unit(i, rng, realistic=False), encoding="utf-8")
        build(heavy_src, heavy_out, jobs=args.jobs, stream=open(os.devnull, "w"))
        many_inputs(heavy_src, heavy_out, Path(tmp) / "heavy-many", Path(tmp) / "heavy-many-out", args.noop_units, 2)
        noop_twice(Path(tmp) / "heavy-many", Path(tmp) / "heavy-many-out", args,
                   f"worst case: units with no reasons given ({findings_per_unit(heavy_out):.0f} findings each)")
        manifest_cost(out, args.manifest_entries)


if __name__ == "__main__":
    main()
