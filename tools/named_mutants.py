"""The deliberate bugs named in issue 15 ("Why"), each applied alone to a scratch copy of the
repository, with the tests that must then fail.  Prints per mutant KILLED (a test failed),
SURVIVED (all passed: a hole in the suite) or STALE (the code it edits has changed: update
the mutant here).  The working tree is never touched.

    .venv/bin/python tools/named_mutants.py             # all (about 4 minutes on 2 cores)
    .venv/bin/python tools/named_mutants.py 3a 8b       # some
    .venv/bin/python tools/named_mutants.py --keep 7    # keep the scratch copy (path printed)

The copy goes to a temporary folder beside a link ``shared`` → ``../shared`` (so the tests that
read the seeds run as in CI).  Exit status 1 when a mutant survives or is stale.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", ".git", "output", "build", ".hypothesis", "__pycache__", "*.pyc")

STRUCTURE = ["tests/test_structure.py"]
MONEY = ["tests/test_money.py", "tests/test_money_text.py", "tests/test_properties.py"]
NAMED = "tests/test_named_regressions.py"
LR_KEY = "key=lambda i: (-(values[i] - floors[i]), i)"

#: id → (what breaks, [(file, old text (exactly once), new text)], tests that must fail)
MUTANTS = {
    "1": ("PDF template drops all of Part 4 (名词解释)",
          [("templates/public-2020/html/report.html.j2", "{% for part, groups in parts %}",
            "{% for part, groups in parts %}{% if loop.index != 4 %}"),
           ("templates/public-2020/html/report.html.j2", "</section>\n{% endfor %}\n{% endfor %}",
            "</section>\n{% endfor %}\n{% endif %}{% endfor %}")], STRUCTURE),
    "2": ("PDF TOC loses its page numbers (no target-counter)",
          [("templates/public-2020/html/report.css", 'leader(".") target-counter(attr(href), page)',
            'leader(".")')], STRUCTURE),
    "2b": ("PDF TOC prints its own page number instead of the heading's",
           [("templates/public-2020/html/report.css", "target-counter(attr(href), page)", "counter(page)")],
           STRUCTURE),
    "3a": ("largest remainder: extra unit to the smallest remainder",
           [("generator/money.py", LR_KEY, "key=lambda i: ((values[i] - floors[i]), i)")], MONEY),
    "3b": ("largest remainder: ties to the later item",
           [("generator/money.py", LR_KEY, "key=lambda i: (-(values[i] - floors[i]), -i)")], MONEY),
    "3c": ("largest remainder: extra unit to the largest share",
           [("generator/money.py", LR_KEY, "key=lambda i: (-values[i], i)")], MONEY),
    "4a": ("T02-SUM never fires",
           [("generator/checks.py", "if fig.agrees(official.stated, official.computed, official.parts):",
             'if fig.agrees(official.stated, official.computed, official.parts) or official.rule == "T02-SUM":')],
           ["tests/test_rules_fire.py", "tests/test_official_totals.py"]),
    "4b": ("ITEM-BALANCE never fires",
           [("generator/checks.py", '                yield _f("ITEM-BALANCE", ERROR,',
             '                continue\n                yield _f("ITEM-BALANCE", ERROR,')],
           ["tests/test_rules_fire.py"]),
    "5": ("尾数误差 boundary exclusive (<= → <)",
          [("generator/money.py", "return abs(stated - computed) <= per_part", "return abs(stated - computed) < per_part")],
          MONEY + ["tests/test_official_totals.py"]),
    "6": ("小微企业 share over the 中小企业 amount instead of the procurement total",
          [("generator/compute.py", '"small_micro": percent(proc.small_micro, t["procurement_total"]),',
            '"small_micro": percent(proc.small_micro, proc.sme),')], [NAMED]),
    "7": ("build ignores the files of the schemes a scheme extends",
          [("generator/manifest.py", "                for path in scheme.files():",
            "                for path in [p for p in scheme.files() if scheme.folders[0] in p.parents]:")],
          [NAMED, "tests/test_build.py", "tests/test_manifest.py"]),
    "8a": ("a deleted input stays in the manifest",
           [("generator/manifest.py", "        manifest.pop(rel)", "        pass")], [NAMED, "tests/test_manifest.py"]),
    "8b": ("a deleted input stays in the manifest, the overview rows and totals",
           [("generator/manifest.py", "        manifest.pop(rel)", "        pass"),
            ("generator/build.py", "        removed = manifests.prune(manifest, keys)",
             "        removed = manifests.prune(manifest, keys)\n        summary.skipped.extend(removed)"),
            ("generator/build.py", "            rels = [str(path.relative_to(base)) for path in inputs]",
             "            rels = [str(path.relative_to(base)) for path in inputs] + removed")], [NAMED]),
    "9a": ("figures JSON: basic and project swapped in the function rows",
           [("generator/figures_json.py", '"basic": _s(r["exp.basic"]), "project": _s(r["exp.project"])',
             '"basic": _s(r["exp.project"]), "project": _s(r["exp.basic"])')], [NAMED, "tests/test_build.py"]),
    "9b": ("figures JSON: the first economic item of each group dropped",
           [("generator/figures_json.py", "for i in g.items if i.amount]}", "for i in g.items[1:] if i.amount]}")],
           [NAMED, "tests/test_build.py"]),
    "9c": ("figures JSON: the 项 rows dropped",
           [("generator/figures_json.py", "                      for r in fig.rows],",
             "                      for r in fig.rows if r.level < 3],")], [NAMED, "tests/test_build.py"]),
    "9d": ("figures JSON: procurement goods and services swapped",
           [("generator/figures_json.py", '"goods": _s(inp.procurement.goods)', '"goods": _s(inp.procurement.services)'),
            ("generator/figures_json.py", '"services": _s(inp.procurement.services)',
             '"services": _s(inp.procurement.goods)')], [NAMED, "tests/test_build.py"]),
    "P": ("PDF paragraphs say other words than the DOCX (主要原因 → 原因), same numbers",
          [("templates/public-2020/html/report.html.j2", '<p class="{{ block.style }}">{{ block.text }}</p>',
            '<p class="{{ block.style }}">{{ block.text | replace("主要原因", "原因") }}</p>')], STRUCTURE),
    "V": ("seed 002's bug: a section the scheme lists (六 基本支出) is not written",
          [("generator/compose.py", 'enumerate(part["sections"], start=1)',
            'enumerate([s for s in part["sections"] if s != "basic"], start=1)')], STRUCTURE),
}


def apply(repo, edits):
    """Apply the edits; False when one's old text is not found exactly once (stale)."""
    for name, old, new in edits:
        path = repo / name
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            return False
        path.write_text(text.replace(old, new), encoding="utf-8")
    return True


def run(ident, keep=False):
    what, edits, tests = MUTANTS[ident]
    scratch = Path(tempfile.mkdtemp(prefix=f"named-mutant-{ident}-"))
    repo = scratch / "repo"
    try:
        shutil.copytree(ROOT, repo, ignore=IGNORE, symlinks=True)
        if (ROOT.parent / "shared").is_dir():
            (scratch / "shared").symlink_to(ROOT.parent / "shared")
        if not apply(repo, edits):
            return "STALE"
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                              cwd=repo, capture_output=True, text=True)
        failed = re.findall(r"^(?:FAILED|ERROR) (tests/\S+)", done.stdout, re.M)
        if done.returncode == 1:
            return "KILLED by " + (failed[0] if failed else "a failing test")
        if done.returncode == 0:
            return "SURVIVED"
        return f"ERROR (pytest exit {done.returncode}): " + done.stdout[-500:]
    finally:
        if keep:
            print(f"  kept: {repo}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def main(argv):
    keep = "--keep" in argv
    ids = [a for a in argv if a != "--keep"] or list(MUTANTS)
    unknown = [i for i in ids if i not in MUTANTS]
    if unknown:
        sys.exit(f"unknown mutant(s) {unknown}; known: {', '.join(MUTANTS)}")
    bad = 0
    for ident in ids:
        result = run(ident, keep)
        bad += not result.startswith("KILLED")
        print(f"{ident:>3}  {MUTANTS[ident][0]}: {result}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
