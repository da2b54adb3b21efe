"""Faults in build and render (issue 9): a killed build, time limits, colliding outputs,
formula-like text in the overview, filesystem errors, and long unbroken strings in the PDF."""

import csv
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import build as build_mod
from generator.build import SerialExecutor, build
from generator.cli import main
from tests.conftest import EXAMPLE_2024, MINIMAL, ROOT

DISCLOSURE = ROOT / ".venv" / "bin" / "disclosure"


def run(src, out, **kw):
    kw.setdefault("formats", ("docx",))
    kw.setdefault("executor", SerialExecutor())
    return build(src, out, stream=io.StringIO(), **kw)


def minimal(folder, name, unit_name="测试单位"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(MINIMAL.replace("name: 测试单位", f"name: {unit_name}"), encoding="utf-8")
    return path


def temporaries(folder):
    return sorted(p.name for p in Path(folder).rglob("*.tmp"))


# ------------------------------------------------------------------ the death of the build

def _children(pid):
    """Pids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class _KilledMidWrite:
    """An executor whose worker is killed while writing: its temporary PDF stays behind."""

    def run(self, func, tasks):
        for task in tasks:
            Path(task[1]).mkdir(parents=True, exist_ok=True)
            (Path(task[1]) / f".{Path(task[0]).stem}.abcd1234.pdf.tmp").write_text("half a PDF")
            yield task, build_mod._failed(task, "BUILD-WORKER", "a worker process died while rendering it", {})

    def shutdown(self):
        pass


def test_a_worker_killed_mid_write_leaves_no_temporary_file(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "unit.yaml").write_text(MINIMAL, encoding="utf-8")
    summary = build(src, out, formats=("pdf",), executor=_KilledMidWrite(), stream=io.StringIO())
    assert summary.failed == ["unit.yaml"]
    assert temporaries(out) == [] and [Path(p).name for p in summary.cleaned] == [".unit.abcd1234.pdf.tmp"]


def test_a_signal_right_after_the_temporary_is_made_removes_it(tmp_path, monkeypatch):
    from generator import render

    real_close = os.close

    def interrupted(fd):
        real_close(fd)
        raise KeyboardInterrupt                    # SIGTERM's SystemExit, or Ctrl-C, at this very point

    monkeypatch.setattr(render.os, "close", interrupted)
    with pytest.raises(KeyboardInterrupt):
        with render.atomic_path(tmp_path / "a.pdf"):
            pass
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not DISCLOSURE.exists(),
                    reason="needs Linux /proc and the installed console script")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_build_stops_its_workers_and_leaves_no_temporary_file(tmp_path, signum):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(4):
        shutil.copy(EXAMPLE_2024, src / f"unit{i}.yaml")
    process = subprocess.Popen([str(DISCLOSURE), "build", str(src), "--out", str(out), "--jobs", "2",
                                "--format", "pdf"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers = []
        while time.monotonic() < deadline and not (workers and temporaries(out)):
            time.sleep(0.05)                         # until the workers are writing their PDFs
            workers = _children(process.pid)
        assert workers and temporaries(out), "the build never started rendering"
        os.kill(process.pid, signum)
        process.wait(30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "a worker outlived the build"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if signum == signal.SIGTERM:
        assert process.returncode == 130        # stopped like Ctrl-C: summary, manifest written
    assert temporaries(out) == []               # the workers removed theirs on the way out
    assert run(src, out, formats=("docx",)).failed == []
    assert temporaries(out) == []


def test_the_next_build_removes_stale_temporary_files_of_its_own_naming(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    minimal(src / "sub", "a.yaml")
    (out / "sub").mkdir(parents=True)
    stale = [out / ".a.k3j_9x0q.pdf.tmp", out / "sub" / ".a.0abcdefg.docx.tmp", out / "..manifest.zz1234_9.json.tmp"]
    for path in stale:
        path.write_bytes(b"half a file")
    foreign = out / "notes.tmp"                 # not a name atomic_path makes: left alone
    foreign.write_text("mine", encoding="utf-8")
    summary = run(src, out)
    assert not summary.failed and not any(p.exists() for p in stale)
    assert sorted(Path(p).name for p in summary.cleaned) == sorted(p.name for p in stale)
    assert foreign.read_text(encoding="utf-8") == "mine"


# ------------------------------------------------------------------ time limit

def _slow_for_some(path, *rest):
    if "slow" in path:
        time.sleep(60)
    return build_mod.UnitResult(input=path, status="rendered")


def test_a_unit_over_the_time_limit_fails_alone():
    executor = build_mod.ProcessExecutor(2, timeout=1)
    started = time.monotonic()
    try:
        results = list(executor.run(_slow_for_some, [("fast-0",), ("slow-1",), ("fast-2",), ("fast-3",)]))
        workers = [w.process for w in executor.workers]
    finally:
        executor.shutdown()
    assert time.monotonic() - started < 15
    statuses = {task[0]: result.status for task, result in results}
    assert statuses == {"fast-0": "rendered", "slow-1": "failed", "fast-2": "rendered", "fast-3": "rendered"}
    [line] = [line for task, r in results if task[0] == "slow-1" for line in r.findings]
    assert "[BUILD-TIMEOUT]" in line and "slow-1" in line
    assert not any(p.is_alive() for p in workers)


def test_build_timeout_fails_one_unit_and_renders_the_others(tmp_path, monkeypatch):
    from generator import pipeline

    real = pipeline.render_file

    def render(path, *args, **kwargs):              # inherited by the forked workers
        if "slow" in str(path):
            time.sleep(60)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "render_file", render)
    src, out = tmp_path / "in", tmp_path / "out"
    for name in ("a.yaml", "slow.yaml", "b.yaml"):
        minimal(src, name)
    started = time.monotonic()
    summary = build(src, out, jobs=2, formats=("docx",), timeout=10, stream=io.StringIO())
    assert time.monotonic() - started < 55
    assert summary.failed == ["slow.yaml"] and sorted(summary.rendered) == ["a.yaml", "b.yaml"]
    assert (out / "a.docx").exists() and not (out / "slow.docx").exists()
    assert temporaries(out) == []


# ------------------------------------------------------------------ colliding outputs

def test_two_inputs_to_one_output_are_an_error_before_anything_is_written(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    minimal(src, "a.yaml")
    minimal(src, "a.yml")
    minimal(src / "x", "Report.yaml")
    minimal(src / "x", "report.yaml")
    minimal(src / "y", "report.yaml")             # another folder: mirrored, no collision
    summary = run(src, out)
    rules = sorted((f.rule, Path(f.source.file).name) for f in summary.problems)
    assert rules == [("BUILD-COLLISION", "a.yml"), ("BUILD-COLLISION", "report.yaml")]
    assert not out.exists()                        # nothing written, not even the manifest
    code = main(["build", str(src), "--out", str(out), "--format", "docx"])
    printed = capsys.readouterr()
    assert code == 2 and not out.exists()
    assert "[BUILD-COLLISION]" in printed.err and "a.yaml" in printed.err
    assert "已生成 0 个" in printed.out                    # the summary is still printed


# ------------------------------------------------------------------ the overview

FORMULA = '=HYPERLINK("http://example.com/x","点击")'


@pytest.mark.parametrize("name", [FORMULA, "+1+1", "-2+3", "@SUM(A1)"])
def test_formula_like_text_is_text_in_the_overview(tmp_path, name):
    src, out = tmp_path / "in", tmp_path / "out"
    minimal(src, "a.yaml", unit_name="'" + name.replace("'", "''") + "'")
    summary = run(src, out)
    assert summary.rendered == ["a.yaml"], [r.findings for r in summary.results]
    book = load_workbook(out / "overview.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    named = [cell for cell in cells if cell.value == name]
    assert named and all(cell.data_type == "s" for cell in named)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []      # no formula anywhere
    flat = [value for row in csv.reader((out / "overview.csv").read_text(encoding="utf-8-sig").splitlines())
            for value in row]
    assert "'" + name in flat and name not in flat
    assert [value for value in flat if value.startswith("'")] == ["'" + name]      # amounts stay numbers


# ------------------------------------------------------------------ filesystem errors

def test_out_is_a_file(tmp_path, capsys):
    src = tmp_path / "in"
    path = minimal(src, "a.yaml")
    blocker = tmp_path / "out"
    blocker.write_text("a file", encoding="utf-8")
    assert main(["build", str(src), "--out", str(blocker), "--format", "docx"]) == 2
    printed = capsys.readouterr()
    assert "[FS-OUT]" in printed.err and "不是文件夹" in printed.err and "Traceback" not in printed.err
    assert "已生成 0 个" in printed.out
    assert main(["render", str(path), "--out", str(blocker), "--format", "docx"]) == 2
    printed = capsys.readouterr()
    assert "[FS-OUT]" in printed.err and str(blocker) in printed.err
    assert blocker.read_text(encoding="utf-8") == "a file"
    below = blocker / "sub"                        # a file in the middle of the path
    assert main(["render", str(path), "--out", str(below), "--format", "docx"]) == 2
    assert "[FS-WRITE]" in capsys.readouterr().err


def test_disk_full_is_a_located_message_with_exit_2(tmp_path, capsys, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    minimal(src, "a.yaml")
    real_replace = os.replace

    def full(source, target):                       # the disk fills while the DOCX is written
        if str(target).endswith(".docx"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", full)
    code = main(["build", str(src), "--out", str(out), "--format", "docx", "--jobs", "1", "--timeout", "0"])
    printed = capsys.readouterr()
    assert code == 2
    assert "a.yaml" in printed.err and "[FS-WRITE]" in printed.err and "磁盘空间已满" in printed.err
    assert "Traceback" not in printed.err and "失败 1 个" in printed.out
    assert temporaries(out) == [] and not (out / "a.docx").exists()
    assert main(["render", str(src / "a.yaml"), "--out", str(out), "--format", "docx"]) == 2
    assert "磁盘空间已满" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    minimal(src, "a.yaml")
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["build", str(src), "--out", str(out), "--format", "docx"]) == 2
        printed = capsys.readouterr()
        assert "[FS-WRITE]" in printed.err and "Traceback" not in printed.err
        assert main(["render", str(src / "a.yaml"), "--out", str(out), "--format", "docx"]) == 2
    finally:
        out.chmod(0o755)


# ------------------------------------------------------------------ long unbroken strings

def _render_seconds(tmp_path, name):
    from generator.pipeline import render_file

    path = tmp_path / f"{len(name)}.yaml"
    path.write_text(MINIMAL.replace('"2013101": {basic: 100}', '"2013101": {basic: 100, name: %s}' % name),
                    encoding="utf-8")
    started = time.perf_counter()
    result = render_file(path, tmp_path, ["pdf"])
    assert result.written, [f.line() for f in result.findings]
    return time.perf_counter() - started, result.written[0]


def test_a_long_unbroken_string_in_a_table_cell_renders_in_linear_time(tmp_path):
    from tests.extract import pdf_text

    _render_seconds(tmp_path, "行政")                      # warm: fonts, templates, imports
    baseline, _ = _render_seconds(tmp_path, "行政运行")
    seconds, pdf = _render_seconds(tmp_path, "x" * 8000)
    # quadratic layout took 3-4x the baseline here (8,000: +13 s; 16,000: +34 s); linear adds little
    assert seconds < 1.5 * baseline + 2, (seconds, baseline)
    text = "".join(pdf_text(pdf).split())
    assert text.count("x") >= 8000 and "\u200b" not in text    # all of it printed, nothing added


def test_break_long_runs_touches_only_long_runs_in_text():
    from generator.writers.longwords import break_long_runs

    html = ('<style>.a{background:url(data:image/png;base64,' + "A" * 80 + ')}</style>'
            '<p title="' + "t" * 80 + '">' + "y" * 45 + "&amp;" + "z" * 39 + " 中文" * 30 + "</p>")
    out = break_long_runs(html)
    assert out.replace("\u200b", "") == html
    assert "A" * 80 in out and "t" * 80 in out and "z" * 39 in out
    assert out.count("\u200b") == 4 and "y" * 10 + "\u200b" in out


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv") or not DISCLOSURE.exists(),
                    reason="as root: runs the command as nobody (root writes into read-only folders)")
def test_read_only_output_as_nobody():
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="read-only-"))
    try:
        base.chmod(0o755)
        src, out = base / "in", base / "out"
        path = minimal(src, "a.yaml")
        out.mkdir()
        for folder in (src, out):
            folder.chmod(0o555)
        path.chmod(0o644)
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(DISCLOSURE)]
        done = subprocess.run(nobody + ["build", str(src), "--out", str(out), "--format", "docx"],
                              capture_output=True, text=True, timeout=120, cwd="/")
        assert done.returncode == 2, done.stderr
        assert f"{out}:0:0: 错误 [FS-WRITE] 无法写入 {out}：没有写入权限" in done.stderr
        assert "Traceback" not in done.stderr and "已生成 0 个" in done.stdout
        done = subprocess.run(nobody + ["render", str(path), "--out", str(out), "--format", "docx"],
                              capture_output=True, text=True, timeout=120, cwd="/")
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert f"无法写入 {out / 'a.docx'}：没有写入权限" in done.stderr       # the file, not its .tmp
        assert list(out.iterdir()) == []
    finally:
        for folder in (base / "in", base / "out"):
            if folder.exists():
                folder.chmod(0o755)
        shutil.rmtree(base)
