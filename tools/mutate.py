"""`make mutate`: mutation testing of the core modules with mutmut (issue 15).

Each module is mutated on its own, in a scratch copy of the repository (build/mutate/<module>/,
never in the working tree), with a mutmut configuration that runs only the fast tests that
concern that module (MODULES below).  The score (killed / (killed + survived)) is printed
per module; mutants that time out count as killed, "no tests" as survived.  Survivors are
listed with ``mutmut show`` in the scratch copy; accepted ones are documented in
docs/testing.md.

    python tools/mutate.py                      # every module (long: see docs/testing.md)
    python tools/mutate.py money formatting     # some of them
    MUTATE_JOBS=2 python tools/mutate.py money  # parallel test runs (default 2)
    MUTATE_TIMEOUT=900 python tools/mutate.py compute   # stop after 15 min: a partial score
    MUTATE_RESUME=1 python tools/mutate.py compute      # keep the results of the last run: test its
                                                        # survivors again with the current tests, then
                                                        # the mutants not checked yet

MUTATE_RESUME keeps build/mutate/<module>/ when the module's source and configuration are
unchanged (otherwise it starts afresh); the tests, inputs and templates are copied in again.
"""

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "build" / "mutate"

#: module → (source file, the fast tests that must kill its mutants[, mutants]).  They check
#: computed values without rendering: a rendering test costs seconds for every mutant of a function
#: it calls.  The optional third element lists mutmut mutant names (fnmatch globs): only those are
#: run and counted (a part of a large module, e.g. the DOCX writer's tables).
MODULES = {
    "money": ("generator/money.py", ["tests/test_money.py", "tests/test_money_text.py", "tests/test_properties.py"]),
    "formatting": ("generator/formatting.py", ["tests/test_formatting.py", "tests/test_formatting_edges.py",
                                               "tests/test_properties.py"]),
    "compute": ("generator/compute.py", ["tests/test_figures_golden.py", "tests/test_compute.py",
                                         "tests/test_compute_edges.py", "tests/test_checks_edges.py",
                                         "tests/test_official_totals.py", "tests/test_checks.py"]),
    "checks": ("generator/checks.py", ["tests/test_figures_golden.py", "tests/test_checks.py",
                                       "tests/test_checks_edges.py", "tests/test_rules_fire.py",
                                       "tests/test_official_totals.py"]),
    "tables": ("generator/tables.py", ["tests/test_tables_golden.py", "tests/test_tables_rules.py"]),
    # the build's manifest (keys, skipping, recording, pruning); build.py's executors and signal
    # handling are tested by tests/test_build.py, test_faults.py and test_dask.py, not mutated
    "manifest": ("generator/manifest.py", ["tests/test_manifest.py"]),
    # the DOCX writer's tables only: its other methods are reached by the rendering tests
    "docx_tables": ("generator/writers/docx.py", ["tests/test_docx_tables.py"],
                    [f"generator.writers.docx.x{name}__mutmut_*"
                     for name in ("ǁDocxWriterǁtable", "ǁDocxWriterǁ_tc", "ǁDocxWriterǁ_caption",
                                  "ǁDocxWriterǁ_style_size", "__tbl_pr")]),
}

#: Tests left out inside mutmut: the rule-coverage tests grep generator/, which holds the
#: mutants there (not a test of behaviour); the official-totals tests that render a document
#: (their figures are in the figures snapshot, tests/golden/figures/).
DESELECT = ["tests/test_rules_fire.py::test_every_rule_id_has_a_case",
            "tests/test_rules_fire.py::test_the_collector_sees_every_kind_of_emitter",
            "tests/test_official_totals.py::test_2024_example_prints_the_approved_figures",
            "tests/test_official_totals.py::test_2024_tail_note_names_the_lists_that_do_not_add_up"]

IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "output", "mutants", "__pycache__", "*.egg-info",
                                ".pytest_cache", ".hypothesis")


def package_files(source):
    """The rest of the package beside the mutated module, for mutmut to copy next to it: with
    only the mutated file there, ``generator`` would be a namespace package without its
    ``__init__`` (and the other modules would come from the working tree)."""
    files = []

    def walk(folder):            # the folder holding the mutated module file by file, others whole
        for p in folder.iterdir():
            path = str(p.relative_to(ROOT))
            if p.name == "__pycache__" or p.suffix == ".pyc" or path == source:
                continue
            if p.is_dir() and (ROOT / source).is_relative_to(p):
                walk(p)
            else:
                files.append(path)

    walk(ROOT / Path(source).parts[0])
    return sorted(files)


def configuration(source, tests):
    deselect = [arg for test in DESELECT if test.split("::")[0] in tests for arg in ("--deselect", test)]
    also = ["templates", "inputs", "tests", "tools", "setup.cfg"] + package_files(source)
    return ("[tool.mutmut]\n"
            f"source_paths = [{json.dumps(source)}]\n"
            f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
            f"pytest_add_cli_args = {json.dumps(['-q', '-x', '-p', 'no:cacheprovider'] + deselect)}\n"
            f"also_copy = {json.dumps(also)}\n")


def scratch_copy(name, source, tests, resume=False):
    """The scratch copy of the repository for ``name``; with ``resume``, the last one (and its
    mutmut results) when its source and configuration are unchanged, with fresh tests.
    Returns (folder, resumed)."""
    folder = SCRATCH / name
    config = configuration(source, tests)
    same = lambda text: [line for line in text.splitlines() if not line.startswith("also_copy")]  # noqa: E731
    if resume and (folder / "mutants").is_dir() and (folder / source).read_bytes() == (ROOT / source).read_bytes() \
            and same((folder / "pyproject.toml").read_text(encoding="utf-8")) == same(config):
        for part in ("tests", "inputs", "templates", "tools"):
            shutil.copytree(ROOT / part, folder / part, ignore=IGNORE, dirs_exist_ok=True)
        package = Path(source).parts[0]     # the other modules as they are now, never the mutated one
        shutil.copytree(ROOT / package, folder / package, dirs_exist_ok=True,
                        ignore=lambda d, names: [n for n in IGNORE(d, names)] + [n for n in names
                                                                                 if Path(d, n) == ROOT / source])
        (folder / "pyproject.toml").write_text(config, encoding="utf-8")
        return folder, True
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT, folder, ignore=IGNORE)
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    return folder, False


def counts(folder, only=()):
    """{status: [mutant names]} from `mutmut results --all true` (with ``only``, of the mutants
    whose names match one of its globs)."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=folder,
                         capture_output=True, text=True).stdout
    statuses = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+): (\w[\w ]*)$", line)
        if match and (not only or any(fnmatch.fnmatch(match[1], glob) for glob in only)):
            statuses.setdefault(match[2].strip(), []).append(match[1])
    return statuses


def mutmut_run(folder, jobs, names, deadline):
    """``mutmut run`` (of ``names``, or every mutant not checked yet) until ``deadline``; False if stopped."""
    limit = None if deadline is None else max(deadline - time.monotonic(), 1)
    process = subprocess.Popen([sys.executable, "-m", "mutmut", "run", "--max-children", jobs, *names], cwd=folder,
                               stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=limit)
        return True
    except subprocess.TimeoutExpired:                 # a partial run: the mutants checked so far count
        os.killpg(process.pid, 15)
        process.wait()
        return False


def statuses_survived(statuses):
    return statuses.get("survived", []) + statuses.get("no tests", [])


def run(name):
    source, tests, *only = MODULES[name]
    only = only[0] if only else []
    folder, resumed = scratch_copy(name, source, tests, os.environ.get("MUTATE_RESUME", "") not in ("", "0"))
    jobs = os.environ.get("MUTATE_JOBS", "2")
    limit = float(os.environ.get("MUTATE_TIMEOUT", "0")) or None
    start = time.monotonic()
    deadline = None if limit is None else start + limit
    survivors = statuses_survived(counts(folder, only)) if resumed else []
    if resumed:
        print(f"{name}: resuming {folder.relative_to(ROOT)}: {len(survivors)} survivor(s) tested again")
    finished = True
    if survivors:         # mutmut keeps a result once it has one: survivors are re-run by name
        finished = mutmut_run(folder, jobs, survivors, deadline)
    if finished and not only:
        mutmut_run(folder, jobs, [], deadline)
    elif finished:        # mutmut runs mutants named (globs) on the command line even when it has their result
        todo = counts(folder, only).get("not checked", []) if resumed else only
        if todo:
            mutmut_run(folder, jobs, todo, deadline)
    seconds = time.monotonic() - start
    statuses = counts(folder, only)
    killed = len(statuses.get("killed", [])) + len(statuses.get("timeout", []))
    survived = statuses_survived(statuses)
    total = killed + len(survived)
    score = 100 * killed / total if total else 0.0
    unchecked = len(statuses.get("not checked", []))
    print(f"{name}: {killed}/{total} killed = {score:.1f}% in {seconds:.0f} s "
          f"{'(PARTIAL: ' + str(unchecked) + ' mutants not checked) ' if unchecked else ''}"
          f"({', '.join(f'{k} {len(v)}' for k, v in sorted(statuses.items()))})")
    for mutant in survived:
        print(f"  survived: {mutant}")
    if survived:
        print(f"  (see one: cd {folder.relative_to(ROOT)} && {sys.executable} -m mutmut show NAME)")
    return score


def main(argv):
    names = argv or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        sys.exit(f"unknown module(s) {unknown}; choose from {list(MODULES)}")
    scores = {name: run(name) for name in names}
    print("scores: " + ", ".join(f"{n} {s:.1f}%" for n, s in scores.items()))
    return 0 if all(s >= 85 for s in scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
