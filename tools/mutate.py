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
"""

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

#: module → (source file, the fast tests that must kill its mutants)
MODULES = {
    "money": ("generator/money.py", ["tests/test_money.py", "tests/test_money_text.py", "tests/test_properties.py"]),
    "formatting": ("generator/formatting.py", ["tests/test_formatting.py", "tests/test_formatting_edges.py",
                                               "tests/test_properties.py"]),
    "compute": ("generator/compute.py", ["tests/test_compute.py", "tests/test_official_totals.py",
                                         "tests/test_checks.py", "tests/test_rules_fire.py",
                                         "tests/test_expectations.py", "tests/test_previous.py"]),
    "checks": ("generator/checks.py", ["tests/test_checks.py", "tests/test_rules_fire.py",
                                       "tests/test_official_totals.py"]),
    "tables": ("generator/tables.py", ["tests/test_layout.py", "tests/test_render.py"]),
    "build": ("generator/build.py", ["tests/test_build.py", "tests/test_faults.py"]),
}

IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "output", "mutants", "__pycache__", "*.egg-info",
                                ".pytest_cache", ".hypothesis")


def scratch_copy(name, source, tests):
    folder = SCRATCH / name
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT, folder, ignore=IGNORE)
    (folder / "pyproject.toml").write_text(
        "[tool.mutmut]\n"
        f"source_paths = [{json.dumps(source)}]\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        # the rule-coverage test greps generator/, which holds the mutants here: not a test of behaviour
        'pytest_add_cli_args = ["-q", "-x", "-p", "no:cacheprovider", "-k", '
        '"not test_every_rule_id_has_a_case and not test_the_collector_sees_every_kind_of_emitter"]\n'
        'also_copy = ["templates", "inputs", "tests", "tools", "setup.cfg"]\n',
        encoding="utf-8")
    return folder


def counts(folder):
    """{status: count} from `mutmut results --all true`."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=folder,
                         capture_output=True, text=True).stdout
    statuses = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+): (\w[\w ]*)$", line)
        if match:
            statuses.setdefault(match[2].strip(), []).append(match[1])
    return statuses


def run(name):
    source, tests = MODULES[name]
    folder = scratch_copy(name, source, tests)
    jobs = os.environ.get("MUTATE_JOBS", "2")
    limit = float(os.environ.get("MUTATE_TIMEOUT", "0")) or None
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "mutmut", "run", "--max-children", jobs], cwd=folder,
                               stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:                 # a partial run: the mutants checked so far count
        os.killpg(process.pid, 15)
        process.wait()
    seconds = time.monotonic() - start
    statuses = counts(folder)
    killed = len(statuses.get("killed", [])) + len(statuses.get("timeout", []))
    survived = statuses.get("survived", []) + statuses.get("no tests", [])
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
