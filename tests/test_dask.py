"""The Dask executor (issue 13) on a two-worker LocalCluster: the same outputs as the local pool,
inputs and schemes shipped by content, a killed worker fails only its unit, an interrupted
build resumes."""

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from generator.build import MANIFEST, ProcessExecutor, build, program_hash  # noqa: E402
from generator.dask_executor import (DaskExecutor, local_cluster, payload, render_shipped,  # noqa: E402
                                     scheme_bundle)
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, MINIMAL  # noqa: E402


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client

    cluster = local_cluster(workers=2, processes=True)
    dask_client = Client(cluster)
    yield dask_client
    dask_client.close()
    cluster.close()


def dask_build(client, src, out, **kw):
    kw.setdefault("formats", ("docx",))
    return build(src, out, executor=DaskExecutor(client=client), stream=io.StringIO(), **kw)


def document_xml(path):
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True).stdout


def test_the_examples_render_the_same_on_dask_as_on_the_local_pool(client, tmp_path):
    src = tmp_path / "in"
    (src / "city").mkdir(parents=True)
    shutil.copy(EXAMPLE_2020, src / EXAMPLE_2020.name)
    shutil.copy(EXAMPLE_2024, src / "city" / EXAMPLE_2024.name)
    local = build(src, tmp_path / "local", executor=ProcessExecutor(2), formats=("docx", "pdf"),
                  stream=io.StringIO())
    remote = dask_build(client, src, tmp_path / "dask", formats=("docx", "pdf"))
    assert sorted(remote.rendered) == sorted(local.rendered) == ["city/" + EXAMPLE_2024.name, EXAMPLE_2020.name]
    for rel in (EXAMPLE_2020.stem, "city/" + EXAMPLE_2024.stem):
        a, b = tmp_path / "local" / rel, tmp_path / "dask" / rel
        assert document_xml(a.with_suffix(".docx")) == document_xml(b.with_suffix(".docx"))
        assert pdf_text(a.with_suffix(".pdf")) == pdf_text(b.with_suffix(".pdf"))
        assert a.with_suffix(".json").read_bytes() == b.with_suffix(".json").read_bytes()
    assert [r.findings for r in sorted(local.results, key=lambda r: r.input)] == \
        [r.findings for r in sorted(remote.results, key=lambda r: r.input)]   # the build's paths, not the worker's
    assert [u["input"] for u in remote.units] == [u["input"] for u in local.units]
    again = dask_build(client, src, tmp_path / "dask", formats=("docx", "pdf"))
    assert again.rendered == [] and len(again.skipped) == 2              # the same manifest


def test_a_unit_is_shipped_by_content(client, tmp_path):
    """The worker renders from bytes: input, previous-year file and scheme folder, even when
    the paths they came from no longer exist."""
    src, schemes = tmp_path / "in", tmp_path / "schemes"
    (src / "2023").mkdir(parents=True)
    (schemes / "bureau-2024").mkdir(parents=True)
    (schemes / "bureau-2024" / "scheme.yaml").write_text("extends: approval-2024\n", encoding="utf-8")
    (src / "2023" / "a.yaml").write_text(MINIMAL.replace("year: 2024", "year: 2023").replace("100}", "80}")
                                         .replace('"30101": 60', '"30101": 40'), encoding="utf-8")
    text = MINIMAL.replace("scheme: approval-2024", "scheme: bureau-2024") + "previous: {file: '2023/a.yaml'}\n"
    (src / "a.yaml").write_text(text, encoding="utf-8")
    task = (str(src / "a.yaml"), str(tmp_path / "out"), ("docx",), (str(schemes),), "zh", str(src))
    unit, bundle = payload(task), scheme_bundle(task[3])
    assert set(unit["files"]) == {"a.yaml", "2023/a.yaml"}
    shutil.rmtree(src)
    shutil.rmtree(schemes)
    result, files = client.submit(render_shipped, unit, bundle, program_hash(), pure=False).result()
    assert result.status == "rendered", result.findings
    assert set(files) == {"a.docx", "a.json"} and files["a.docx"].startswith(b"PK")
    figures = json.loads(files["a.json"])
    assert figures["scheme"] == "bureau-2024" and figures["grand_total_change"] == "20"   # 100 − the shipped 80
    assert result.input == task[0] and all(str(tmp_path) in line for line in result.findings)
    wrong, _ = client.submit(render_shipped, unit, bundle, "another program", pure=False).result()
    assert wrong.status == "failed"                                       # a worker of another version refuses


def _die_on_one(name):
    from generator.build import UnitResult

    if name == "unit-1":
        os._exit(3)                                                       # the worker killed mid-render
    return UnitResult(input=name, status="rendered")


def test_a_killed_worker_fails_only_its_unit(client):
    executor = DaskExecutor(client=client)
    results = dict((task[0], result) for task, result in
                   executor.run(_die_on_one, [("unit-0",), ("unit-1",), ("unit-2",), ("unit-3",)]))
    assert {name: r.status for name, r in results.items()} == \
        {"unit-0": "rendered", "unit-1": "failed", "unit-2": "rendered", "unit-3": "rendered"}
    assert any("[BUILD-WORKER]" in line for line in results["unit-1"].findings)
    client.wait_for_workers(2, timeout=60)                               # the nanny restarted it


class Interrupting(DaskExecutor):
    """Ctrl-C after the first unit has been written."""

    def run(self, func, tasks):
        for i, item in enumerate(super().run(func, tasks)):
            if i == 1:
                raise KeyboardInterrupt
            yield item


def test_an_interrupted_dask_build_resumes(client, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.yaml").write_text(MINIMAL.replace("测试单位", f"单位{name}"), encoding="utf-8")
    summary = build(src, out, executor=Interrupting(client=client), formats=("docx",), stream=io.StringIO())
    assert summary.interrupted and len(summary.rendered) == 1
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    assert [u["status"] for u in summary.units].count("pending") == 2        # the overview says so
    resumed = dask_build(client, src, out)
    assert len(resumed.rendered) == 2 and resumed.skipped == summary.rendered
    assert sorted(p.name for p in out.glob("*.docx")) == ["a.docx", "b.docx", "c.docx"]
    assert (out / MANIFEST).exists()


def test_the_cli_builds_on_a_scheduler(client, tmp_path, capsys):
    from generator.cli import main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    code = main(["build", str(src), "--out", str(tmp_path / "out"), "--format", "docx",
                 "--scheduler", client.scheduler.address])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "out" / "a.docx").exists()



def test_shared_out_workers_write_the_outputs_themselves(client, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    summary = build(src, out, executor=DaskExecutor(client=client, shared_out=True), formats=("docx",),
                    stream=io.StringIO())
    assert summary.rendered == ["a.yaml"]
    assert summary.results[0].outputs == [str(out / "a.docx"), str(out / "a.json")]
    assert document_xml(out / "a.docx") and [p.name for p in out.rglob("*.tmp")] == []


def _slow_on_one(name):
    import time as clock

    from generator.build import UnitResult

    if name == "slow":
        clock.sleep(60)
    return UnitResult(input=name, status="rendered")


def test_a_unit_over_the_time_limit_fails_alone_on_dask(client):
    import time as clock

    client.wait_for_workers(2, timeout=120)
    before = set(client.scheduler_info()["workers"])
    started = clock.monotonic()
    results = dict((task[0], result) for task, result in
                   DaskExecutor(client=client, timeout=3).run(_slow_on_one, [("a",), ("slow",), ("b",)]))
    assert clock.monotonic() - started < 55                 # not the 60 s the slow unit would take
    assert {name: r.status for name, r in results.items()} == {"a": "rendered", "slow": "failed", "b": "rendered"}
    assert "[BUILD-TIMEOUT]" in results["slow"].findings[0]
    deadline = clock.monotonic() + 120                         # generous: a loaded machine restarts slowly
    while clock.monotonic() < deadline and (len(client.scheduler_info()["workers"]) < 2
                                            or set(client.scheduler_info()["workers"]) == before):
        clock.sleep(0.5)
    assert set(client.scheduler_info()["workers"]) != before  # the slow unit's worker was replaced
    for worker in client.scheduler_info()["workers"]:         # and none still sleeps
        assert client.submit(_slow_on_one, "quick", workers=[worker], pure=False).result(timeout=120).status == "rendered"


def test_the_built_in_templates_run_in_place_when_the_worker_has_the_same(tmp_path):
    """A worker uses its own built-in templates when they are the very files the client has
    (the program's code: unsandboxed); shipped copies that differ are written out and run
    in the sandbox."""
    from generator.dask_executor import materialise_bundle, scheme_bundle
    from generator.scheme import TEMPLATES_DIR, load_scheme, template_folders

    bundle = scheme_bundle(())
    folders = materialise_bundle(bundle)
    assert folders == (str(TEMPLATES_DIR),)
    assert not template_folders(load_scheme("approval-2024", folders).folders)[1]

    changed = dict(bundle, folders=[dict(bundle["folders"][0])], id="changed", digests=["other"])
    name = "public-2020/narrative/income.j2"
    changed["folders"][0][name] = b"{{ 1 }}"
    folders = materialise_bundle(changed)
    assert folders != (str(TEMPLATES_DIR),)
    assert (Path(folders[0]) / name).read_bytes() == b"{{ 1 }}"
    assert template_folders(load_scheme("approval-2024", folders).folders)[1]


def _worker_config():
    import dask

    from generator.dask_executor import WORKER_CONFIG

    return {key: dask.config.get(key) for key in WORKER_CONFIG}


def test_a_builds_local_cluster_runs_its_workers_quietly(client):
    """No sampling profiler and slower monitors in the workers (more of each core for the
    renderers); the settings reach the worker processes, also those that replace a worker."""
    from generator.dask_executor import WORKER_CONFIG

    values = client.run(_worker_config)
    assert len(values) == 2 and all(v == WORKER_CONFIG for v in values.values())
    client.restart()                                   # each nanny starts a new worker process
    values = client.run(_worker_config)
    assert len(values) == 2 and all(v == WORKER_CONFIG for v in values.values())
    assert WORKER_CONFIG["distributed.worker.profile.enabled"] is False


def test_a_builds_cluster_starts_while_another_holds_the_dashboard_port():
    """Two builds on one machine (or a Dask dashboard already running): the cluster's HTTP
    server takes any free port of 127.0.0.1, never 8787 (pytest turns Dask's warning about a
    taken port into an error)."""
    import socket

    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", 8787))
        holder.listen(1)
    except OSError:
        pass                                            # taken already: the same situation
    try:
        cluster = local_cluster(workers=1, processes=True)
        try:
            address = cluster.scheduler.http_server.port if hasattr(cluster.scheduler, "http_server") else None
            assert address != 8787
        finally:
            cluster.close()
    finally:
        holder.close()
