"""Batch build: incremental, isolated failures, interruption-safe, with overview and JSON."""

import csv
import io
import os
import json
import shutil
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from generator import build as build_mod
from generator.build import MANIFEST, SerialExecutor, build, build_unit
from generator.cli import main
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, ROOT

STANDALONE = ROOT / "inputs" / "luosong-united-front-2022-self-evaluation.yaml"


@pytest.fixture
def tree(tmp_path):
    """An input folder with sub-folders, as a bureau would keep it."""
    src = tmp_path / "in"
    (src / "city" / "office").mkdir(parents=True)
    (src / "city" / "research").mkdir(parents=True)
    shutil.copy(EXAMPLE_2020, src / "city" / "office" / EXAMPLE_2020.name)
    shutil.copy(EXAMPLE_2024, src / "city" / "research" / EXAMPLE_2024.name)
    shutil.copy(STANDALONE, src / STANDALONE.name)
    return src, tmp_path / "out"


def run(src, out, **kw):
    kw.setdefault("formats", ("docx",))
    kw.setdefault("executor", SerialExecutor())
    return build(src, out, stream=io.StringIO(), **kw)


def test_incremental(tree):
    src, out = tree
    first = run(src, out)
    assert len(first.rendered) == 3 and not first.failed
    assert (out / "city" / "office" / "zhuzhou-beijing-office-2020.docx").exists()    # mirrors the tree
    assert (out / "city" / "research" / "zhuzhou-policy-research-2024.json").exists()
    second = run(src, out)
    assert second.rendered == [] and len(second.skipped) == 3
    path = src / "city" / "research" / EXAMPLE_2024.name
    path.write_text(path.read_text(encoding="utf-8").replace("reception_visitors: 107", "reception_visitors: 108"),
                    encoding="utf-8")
    third = run(src, out)
    assert third.rendered == ["city/research/zhuzhou-policy-research-2024.yaml"] and len(third.skipped) == 2
    assert len(run(src, out, force=True).rendered) == 3


def test_changed_scheme_rerenders_exactly_its_units(tree, tmp_path):
    src, out = tree
    schemes = tmp_path / "schemes"
    (schemes / "bureau-2024").mkdir(parents=True)
    (schemes / "bureau-2024" / "scheme.yaml").write_text("extends: approval-2024\n", encoding="utf-8")
    path = src / "city" / "research" / EXAMPLE_2024.name
    path.write_text(path.read_text(encoding="utf-8").replace("scheme: approval-2024", "scheme: bureau-2024"),
                    encoding="utf-8")
    assert len(run(src, out, search=(schemes,)).rendered) == 3
    (schemes / "bureau-2024" / "scheme.yaml").write_text("extends: approval-2024\ntoc_title: 目  录\n",
                                                          encoding="utf-8")
    again = run(src, out, search=(schemes,))
    assert again.rendered == ["city/research/zhuzhou-policy-research-2024.yaml"]


def test_broken_input_is_isolated_and_keeps_its_last_good_output(tree, capsys):
    src, out = tree
    run(src, out)
    good = out / "city" / "office" / "zhuzhou-beijing-office-2020.docx"
    before = good.read_bytes()
    path = src / "city" / "office" / EXAMPLE_2020.name
    path.write_text(path.read_text(encoding="utf-8").replace('"2010301": {basic: 141.81', '"2010301": {basic: 141.91'),
                    encoding="utf-8")
    (src / "broken.yaml").write_text("unit: [\n", encoding="utf-8")
    code = main(["build", str(src), "--out", str(out), "--jobs", "1", "--format", "docx"])
    assert code == 1
    printed = capsys.readouterr()
    assert "T03-SUM" in printed.err and "LOAD-SYNTAX" in printed.err
    assert "failed 2" in printed.out or "失败 2" in printed.out
    assert good.read_bytes() == before                      # the last good report stays
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["units"]
    assert manifest["city/office/zhuzhou-beijing-office-2020.yaml"]["key"] == "failed"
    assert not run(src, out).skipped.count("city/office/zhuzhou-beijing-office-2020.yaml")


class Interrupting(SerialExecutor):
    """Stops the build (as Ctrl-C would) after the first unit."""

    def run(self, func, tasks):
        for i, item in enumerate(super().run(func, tasks)):
            if i == 1:
                raise KeyboardInterrupt
            yield item


def test_interrupted_build_leaves_no_partial_files_and_resumes(tree):
    src, out = tree
    summary = run(src, out, executor=Interrupting())
    assert summary.interrupted and len(summary.rendered) == 1
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest["units"]) == 1
    resumed = run(src, out)
    assert len(resumed.rendered) == 2 and len(resumed.skipped) == 1


def test_overview_totals_equal_the_sum_of_rows(tree):
    src, out = tree
    run(src, out)
    book = load_workbook(out / "overview.xlsx")
    rows = list(book.active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    units = [r for r in body if not str(r[0]).endswith("合计")]
    totals = [r for r in body if str(r[0]).endswith("合计")]
    assert len(units) == 3                                   # one row per input found
    assert [r for r in units if r[2] is None][0][1] == 2022   # a standalone evaluation has no Part 2 figures
    assert [t[0] for t in totals] == ["2020年合计", "2024年合计"]   # years are never added together
    for total in totals:
        of_year = [r for r in units if r[1] == total[1]]
        for i, name in enumerate(header):
            if name in ("收支总计", "本年支出", "三公决算合计", "政府采购", "机关运行经费"):
                assert Decimal(str(total[i])) == sum(Decimal(str(r[i] or 0)) for r in of_year), name
    raw = (out / "overview.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                          # BOM: Excel opens it as UTF-8
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert lines[0][0] == "单位" and lines[-1][0] == "2024年合计" and lines[-1][2] == "660.56"


def test_figures_json_keeps_decimals(tree):
    src, out = tree
    run(src, out)
    data = json.loads((out / "city" / "office" / "zhuzhou-beijing-office-2020.json").read_text(encoding="utf-8"))
    assert data["schema"] == "disclosure-figures/1"
    assert data["totals"]["grand_total"] == "435.58" and data["totals"]["exp_project"] == "97.87"
    row = next(r for r in data["functions"] if r["code"] == "2010301")
    assert row == {**row, "name": "行政运行", "level": "项", "expenditure": "141.81", "budget": "219.4"}
    assert data["three_public"]["actual"]["total"] == "63.71"


def test_worker_exception_is_a_failure_not_a_crash(tree, monkeypatch):
    src, out = tree

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("generator.pipeline.render_file", boom)
    result = build_unit(str(src / STANDALONE.name), str(out), ("docx",), (), "zh")
    assert result.status == "failed" and "disk full" in result.findings[0]


def test_parallel_build(tree):
    src, out = tree
    summary = build(src, out, jobs=2, formats=("docx",), stream=io.StringIO())
    assert len(summary.rendered) == 3 and not summary.failed
    assert isinstance(build_mod.ProcessExecutor(1), build_mod.ProcessExecutor)


def _die_on_second(path, *rest):
    if path.endswith("1"):
        os._exit(3)                                 # a worker killed mid-render
    return build_mod.UnitResult(input=path, status="rendered")


def test_killed_worker_is_reported_not_raised():
    executor = build_mod.ProcessExecutor(2)
    try:
        results = list(executor.run(_die_on_second, [("unit-0",), ("unit-1",), ("unit-2",)]))
    finally:
        executor.shutdown()
    assert len(results) == 3
    statuses = {task[0]: result.status for task, result in results}
    assert statuses == {"unit-0": "rendered", "unit-1": "failed", "unit-2": "rendered"}   # only the culprit
    assert any("[BUILD-WORKER]" in line and "unit-1" in line for _, r in results for line in r.findings)


def test_previous_chain_changes_are_followed(tmp_path):
    from tests.conftest import MINIMAL

    src, out = tmp_path / "chain", tmp_path / "chain-out"
    src.mkdir()

    def unit(name, year, previous=None):
        text = MINIMAL.replace("year: 2024", f"year: {year}")
        if previous:
            text += f"previous: {{file: {previous}}}\n"
        (src / name).write_text(text, encoding="utf-8")

    unit("c.yaml", 2021)
    unit("d.yaml", 2021)
    unit("b.yaml", 2022, "c.yaml")
    unit("a.yaml", 2023, "b.yaml")
    assert len(run(src, out).rendered) == 4
    unit("b.yaml", 2022, "d.yaml")                    # b now follows d
    assert sorted(run(src, out).rendered) == ["a.yaml", "b.yaml"]
    (src / "d.yaml").write_text((src / "d.yaml").read_text(encoding="utf-8").replace("30101\": 60", "30101\": 60.00"),
                                encoding="utf-8")
    assert sorted(run(src, out).rendered) == ["a.yaml", "b.yaml", "d.yaml"]   # a's chain is a → b → d


def test_unreadable_scheme_value_fails_one_unit_only(tree):
    src, out = tree
    (src / "odd.yaml").write_text("unit: {name: x, year: 2024, scheme: 2020}\nexpenditure: {}\n", encoding="utf-8")
    summary = run(src, out)
    assert summary.failed == ["odd.yaml"] and len(summary.rendered) == 3


# ------------------------------------------------------------------ the work of a unit, once each

def test_render_writes_the_report_check_composed(tmp_path, monkeypatch):
    """check composes the report to find facts it never prints (FACT-UNUSED); render writes
    that Document instead of composing it again — unless the scheme differs."""
    from generator import render
    from generator.pipeline import check_file, render_file

    def no_second_compose(*args):
        raise AssertionError("composed twice")

    monkeypatch.setattr(render, "compose", no_second_compose)
    result = render_file(EXAMPLE_2024, tmp_path, ["html"])
    assert [p.suffix for p in result.written] == [".html"]
    checked = check_file(EXAMPLE_2024)
    scheme, doc = checked.report
    assert checked.composed(scheme) is doc
    other = render.load_scheme("public-2020")
    assert checked.composed(other) is None


def test_a_unit_leaves_no_reference_cycles(tmp_path):
    """The renderers' cycles are freed at the end of each unit (build.collect_garbage), not
    during the next unit's check and templates."""
    import gc

    build_unit(str(EXAMPLE_2024), str(tmp_path), ("docx", "pdf"), (), "zh")       # settles the process
    gc.disable()
    try:
        build_unit(str(EXAMPLE_2024), str(tmp_path), ("docx", "pdf"), (), "zh")
        assert gc.collect() < 1000
    finally:
        gc.enable()
