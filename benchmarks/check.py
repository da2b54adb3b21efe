"""What the scheme's static validation and FACT-UNUSED cost ``check``.

    .venv/bin/python benchmarks/check.py [--runs 5]

For each example input, in fresh processes: ``disclosure check FILE`` as shipped, and with the
static stage (generator/scheme_check.py) and the recorded compose (generator/unsaid.py) turned
off; prints the best of --runs for each and the difference.  Then, in one process, the cost of
each stage for a second file of the same scheme (the static stage is cached per scheme).
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ONE = """
import sys, time
start = time.perf_counter()
import generator.pipeline as pipeline
if sys.argv[1] == "off":
    import generator.scheme_check as scheme_check
    scheme_check.static_findings = lambda scheme: ()
    pipeline._unsaid = lambda *args: []
pipeline.check_file(sys.argv[2])
print(time.perf_counter() - start)
"""


def fresh(mode, path):
    out = subprocess.run([sys.executable, "-c", ONE, mode, str(path)], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    examples = sorted((ROOT / "inputs").glob("*.yaml"))
    print("fresh process, best of", args.runs)
    for path in examples:
        on = min(fresh("on", path) for _ in range(args.runs))
        off = min(fresh("off", path) for _ in range(args.runs))
        print(f"  {path.name:48} check {on:.3f} s, without {off:.3f} s, extra {on - off:+.3f} s")

    from generator.pipeline import check_file
    from generator.scheme import load_scheme
    from generator.scheme_check import static_findings
    from generator.unsaid import unsaid_findings

    print("same process, second check (static stage cached)")
    for path in examples:
        check_file(path)
        checked = check_file(path)
        if checked.input is None or not checked.input.is_report:
            continue
        scheme = load_scheme(checked.input.unit.scheme)
        start = time.perf_counter()
        static_findings(scheme)
        cached = time.perf_counter() - start
        start = time.perf_counter()
        unsaid_findings(checked.input, checked.figures, scheme)
        print(f"  {path.name:48} static (cached) {cached * 1000:.1f} ms, unsaid {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
