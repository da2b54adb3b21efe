"""previous.file: confined to the input tree, a regular YAML file under the size limit, read
iteratively (no recursion, a cycle check, a depth limit), each refusal a located error."""

import os
import threading
import time

import pytest

from generator import previous
from generator.build import dependencies
from generator.pipeline import check_file
from tests.conftest import MINIMAL


def unit(year=2024, name="测试单位", link=None, extra=""):
    text = MINIMAL.replace("year: 2024", f"year: {year}").replace("测试单位", name)
    if link is not None:
        text += f"previous: {{file: '{link}'}}\n"
    return text + extra


def by_rule(path, rule, **kwargs):
    return [f for f in check_file(path, **kwargs).findings if f.rule == rule]


def test_a_linked_previous_year_gives_the_prior_figures(write_yaml):
    write_yaml(unit(2023), "2023.yaml")
    result = check_file(write_yaml(unit(2024, link="2023.yaml"), "2024.yaml"))
    assert not [f for f in result.findings if f.rule.startswith("PREVIOUS")]
    assert result.input.previous_input.unit.year == 2023
    assert result.input.prior.total == 100 and result.figures.deltas["grand_total"].base == 100


def test_missing_file_is_reported_as_missing(write_yaml):
    path = write_yaml(unit(link="gone-2023.yaml"))
    [finding] = by_rule(path, "PREVIOUS-MISSING")
    assert finding.severity == "error" and finding.source.path == "previous.file" and finding.source.line == 9
    assert finding.text() == "上年文件不存在：gone-2023.yaml"
    assert not by_rule(path, "PREVIOUS-INVALID")


def test_fifo_is_refused_without_hanging(tmp_path, write_yaml):
    os.mkfifo(tmp_path / "pipe.yaml")
    path = write_yaml(unit(link="pipe.yaml"))
    started = time.perf_counter()
    result = []
    worker = threading.Thread(target=lambda: result.append(check_file(path)), daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        with open(tmp_path / "pipe.yaml", "w"):      # unblock the reader so the test ends
            pass
        pytest.fail("check blocked on a FIFO")
    assert time.perf_counter() - started < 5
    [finding] = [f for f in result[0].findings if f.rule == "PREVIOUS-NOT-FILE"]
    assert "FIFO" in finding.text("en") and finding.source.path == "previous.file"
    scheme, chain = dependencies(path)                  # build's fingerprints do not read it either
    assert chain == []


def test_device_and_directory_are_refused(tmp_path, write_yaml, monkeypatch):
    (tmp_path / "dir.yaml").mkdir()
    [finding] = by_rule(write_yaml(unit(link="dir.yaml")), "PREVIOUS-NOT-FILE")
    assert "directory" in finding.text("en")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")   # a device behind an innocent name: outside the tree
    [finding] = by_rule(write_yaml(unit(link="zero.yaml"), "b.yaml"), "PREVIOUS-OUTSIDE")
    assert finding.severity == "error"
    monkeypatch.setattr(previous, "input_root", lambda path, root=None: previous.Path("/"))   # even inside
    findings = check_file(write_yaml(unit(link="zero.yaml"), "c.yaml")).findings
    assert {f.rule for f in findings} & {"PREVIOUS-NOT-YAML", "PREVIOUS-NOT-FILE"}
    root = previous.Path("/")
    _, refusal = previous.locate("/dev/null", "/tmp/x.yaml", root, None)
    assert refusal.rule == "PREVIOUS-NOT-YAML"
    monkeypatch.setattr(previous, "SUFFIXES", ("",))                  # the kind test itself
    _, refusal = previous.locate("/dev/null", "/tmp/x.yaml", root, None)
    assert refusal.rule == "PREVIOUS-NOT-FILE" and "device" in refusal.text("en")


@pytest.mark.parametrize("link", ["/etc/passwd", "../../x.yaml", "../outside.yaml"])
def test_outside_the_tree_is_refused(tmp_path, link):
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "outside.yaml").write_text(unit(2023), encoding="utf-8")
    path = folder / "a.yaml"
    path.write_text(unit(link=link), encoding="utf-8")
    findings = check_file(path).findings
    [finding] = [f for f in findings if f.rule == "PREVIOUS-OUTSIDE"]
    assert finding.source.path == "previous.file" and str(folder) in finding.text()
    assert "上年文件" in finding.text() and "之外" in finding.text()
    assert not [f for f in findings if f.rule in ("PREVIOUS-INVALID", "PREVIOUS-MISSING")]   # nothing read


def test_symlink_leading_outside_is_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "secret.yaml").write_text(unit(2023), encoding="utf-8")
    (folder / "last.yaml").symlink_to(tmp_path / "secret.yaml")
    path = folder / "a.yaml"
    path.write_text(unit(link="last.yaml"), encoding="utf-8")
    assert by_rule(path, "PREVIOUS-OUTSIDE")


def test_sibling_folder_inside_the_build_root_or_cwd_is_allowed(tmp_path, monkeypatch):
    (tmp_path / "2023").mkdir()
    (tmp_path / "2024").mkdir()
    (tmp_path / "2023" / "a.yaml").write_text(unit(2023), encoding="utf-8")
    path = tmp_path / "2024" / "a.yaml"
    path.write_text(unit(link="../2023/a.yaml"), encoding="utf-8")
    assert by_rule(path, "PREVIOUS-OUTSIDE")                       # the input's folder only
    assert not by_rule(path, "PREVIOUS-OUTSIDE", root=tmp_path)    # build's folder
    monkeypatch.chdir(tmp_path)                                    # check from the folder above
    assert check_file(path).input.previous_input is not None


def test_non_yaml_and_oversized_files_are_refused(tmp_path, write_yaml, monkeypatch):
    (tmp_path / "notes.txt").write_text("unit: {}\n", encoding="utf-8")
    assert by_rule(write_yaml(unit(link="notes.txt")), "PREVIOUS-NOT-YAML")
    write_yaml(unit(2023), "big.yaml")
    monkeypatch.setattr(previous, "MAX_BYTES", 50)
    [finding] = by_rule(write_yaml(unit(link="big.yaml"), "b.yaml"), "PREVIOUS-TOO-LARGE")
    assert "50" in finding.text()


def test_a_cycle_is_reported(write_yaml):
    write_yaml(unit(2023, link="b.yaml"), "a.yaml")
    path = write_yaml(unit(2024, link="a.yaml"), "b.yaml")
    [cycle] = [f for f in check_file(write_yaml(unit(2023, link="b.yaml"), "a.yaml")).findings
               if f.rule == "PREVIOUS-CYCLE"]
    assert cycle.source.path == "previous.file"
    assert by_rule(path, "PREVIOUS-CYCLE") or by_rule(path, "PREVIOUS-INVALID")
    [self_link] = by_rule(write_yaml(unit(2024, link="self.yaml"), "self.yaml"), "PREVIOUS-CYCLE")
    assert self_link.severity == "error"


def test_a_400_year_chain_is_read_only_as_deep_as_needed(tmp_path):
    for i in range(400):
        link = f"y{i + 1}.yaml" if i < 399 else None
        (tmp_path / f"y{i}.yaml").write_text(unit(2024 - i, link=link), encoding="utf-8")
    (tmp_path / "y5.yaml").write_text("broken: [\n", encoding="utf-8")   # beyond the depth: never read
    started = time.perf_counter()
    result = check_file(tmp_path / "y0.yaml")
    assert time.perf_counter() - started < 5
    assert not [f for f in result.findings if f.severity == "error"]
    assert result.input.previous_input.previous_input.unit.year == 2022
    assert result.input.previous_input.previous_input.previous_input is None
    assert len(previous.chain_paths(tmp_path / "y0.yaml")) == previous.DEPTH


def test_another_units_file_is_a_warning(write_yaml):
    write_yaml(unit(2023, name="别的单位"), "other.yaml")
    [finding] = by_rule(write_yaml(unit(link="other.yaml")), "PREVIOUS-UNIT")
    assert finding.severity == "warning" and "别的单位" in finding.text() and finding.source.path == "previous.file"


def test_a_file_of_year_n_minus_2_is_an_error(write_yaml):
    write_yaml(unit(2022), "old.yaml")
    [finding] = by_rule(write_yaml(unit(link="old.yaml")), "PREVIOUS-YEAR")
    assert finding.severity == "error" and "2022" in finding.text() and "2023" in finding.text()


def test_last_years_own_broken_link_makes_it_invalid(write_yaml):
    write_yaml(unit(2023, link="missing.yaml"), "2023.yaml")
    [finding] = by_rule(write_yaml(unit(link="2023.yaml"), "2024.yaml"), "PREVIOUS-INVALID")
    assert "2023.yaml" in finding.text() and "1" in finding.text()
