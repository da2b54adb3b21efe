"""The build's manifest (generator/manifest.py), without rendering: what makes a unit's key
change (its input, every file of its scheme and of the schemes it extends, its previous year's
file, the formats, the program), when a unit may be skipped, and how entries are recorded,
failed and dropped.  Fast, so ``make mutate`` can run it for every mutant of the manifest."""

import json
import os
from pathlib import Path

import pytest

from generator import manifest
from generator.manifest import (MANIFEST, MANIFEST_VERSION, Fingerprints, is_current, mark_failed, prune,
                                read_manifest, record, unit_key, write_manifest)
from generator.scheme import TEMPLATES_DIR
from tests.conftest import MINIMAL


@pytest.fixture
def project(tmp_path):
    """An input on scheme ``child``, which extends ``parent``, which extends public-2020; and a
    previous year's file the input links to."""
    schemes = tmp_path / "schemes"
    for name, parent in (("parent", "public-2020"), ("child", "parent")):
        (schemes / name / "html").mkdir(parents=True)
        (schemes / name / "scheme.yaml").write_text(f"extends: {parent}\n", encoding="utf-8")
        (schemes / name / "html" / "extra.css").write_text(f"/* {name} */\n", encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "last.yaml").write_text(MINIMAL.replace("year: 2024", "year: 2023"), encoding="utf-8")
    unit = src / "unit.yaml"
    unit.write_text(MINIMAL.replace("scheme: approval-2024", "scheme: child")
                    + "previous: {file: last.yaml}\n", encoding="utf-8")
    return unit, src, schemes


def key_of(unit, src, schemes, formats=("docx", "pdf"), entry=None):
    return unit_key(unit, formats, Fingerprints((schemes,)), entry, src)


def test_the_key_is_stable_and_records_what_it_depends_on(project):
    unit, src, schemes = project
    key, content, deps = key_of(*project)
    assert key == key_of(*project)[0] and len(key) == 64
    assert content == Fingerprints().file(unit) != "missing"
    assert deps["scheme"] == "child"
    assert [Path(p).resolve() for p in deps["chain"]] == [(src / "last.yaml").resolve()]
    assert deps["chain_hashes"] == [Fingerprints().file(src / "last.yaml")]


@pytest.mark.parametrize("change", ["input", "child scheme file", "parent scheme file", "parent scheme.yaml",
                                    "previous year", "formats", "program"])
def test_each_dependency_changes_the_key(project, change, monkeypatch):
    unit, src, schemes = project
    before = key_of(*project)[0]
    formats = ("docx", "pdf")
    if change == "input":
        unit.write_text(unit.read_text(encoding="utf-8").replace("100}", "101}"), encoding="utf-8")
    elif change == "child scheme file":
        (schemes / "child" / "html" / "extra.css").write_text("/* changed */\n", encoding="utf-8")
    elif change == "parent scheme file":                 # a file the child inherits (issue 15)
        (schemes / "parent" / "html" / "extra.css").write_text("/* changed */\n", encoding="utf-8")
    elif change == "parent scheme.yaml":
        (schemes / "parent" / "scheme.yaml").write_text("extends: public-2020\ntail_note: 尾数\n", encoding="utf-8")
    elif change == "previous year":
        (src / "last.yaml").write_text(MINIMAL.replace("year: 2024", "year: 2023").replace("100}", "99}"),
                                       encoding="utf-8")
    elif change == "formats":
        formats = ("pdf",)
    else:
        monkeypatch.setattr(manifest, "program_hash", lambda: "another program")
    assert key_of(unit, src, schemes, formats)[0] != before


def test_a_new_file_in_a_scheme_changes_the_key(project):
    unit, src, schemes = project
    before = key_of(*project)[0]
    (schemes / "parent" / "html" / "more.css").write_text("p {}\n", encoding="utf-8")
    assert key_of(*project)[0] != before


def test_an_unchanged_input_reuses_its_recorded_dependencies(project, monkeypatch):
    unit, src, schemes = project
    key, content, deps = key_of(*project)
    entry = {"key": key, "content": content, "deps": deps}
    monkeypatch.setattr(manifest, "dependencies", lambda *a: pytest.fail("the YAML was read again"))
    assert key_of(unit, src, schemes, entry=entry)[0] == key           # a no-op build only hashes


def test_a_changed_input_or_chain_reads_its_dependencies_again(project, monkeypatch):
    unit, src, schemes = project
    key, content, deps = key_of(*project)
    entry = {"key": key, "content": content, "deps": deps}
    calls = []
    real = manifest.dependencies
    monkeypatch.setattr(manifest, "dependencies", lambda *a: calls.append(a) or real(*a))
    (src / "last.yaml").write_text(MINIMAL.replace("year: 2024", "year: 2023") + "# edited\n", encoding="utf-8")
    assert key_of(unit, src, schemes, entry=entry)[0] != key and len(calls) == 1
    unit.write_text(unit.read_text(encoding="utf-8").replace("previous: {file: last.yaml}\n", ""), encoding="utf-8")
    new_key, _, new_deps = key_of(unit, src, schemes, entry=entry)
    assert len(calls) == 2 and new_deps["chain"] == [] and new_key != key


def test_missing_things_are_fingerprinted_not_fatal(tmp_path):
    prints = Fingerprints((tmp_path,))
    assert prints.file(tmp_path / "nothing.yaml") == "missing"
    assert prints.scheme("no-such-scheme") == "missing"
    assert prints.scheme("public-2020") not in ("missing", prints.scheme("approval-2024"))
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert prints.file(fifo) == "missing"                              # never opened: it would block


def test_a_scheme_is_hashed_once_per_build(tmp_path, monkeypatch):
    prints = Fingerprints((tmp_path,))
    first = prints.scheme("public-2020")
    monkeypatch.setattr(manifest, "load_scheme", lambda *a: pytest.fail("loaded twice"))
    assert prints.scheme("public-2020") == first and TEMPLATES_DIR in prints.search


def test_is_current_needs_the_same_key_and_every_output(tmp_path):
    out = tmp_path / "a.pdf"
    out.write_text("x")
    entry = {"key": "k", "outputs": [str(out)]}
    assert is_current(entry, "k")
    assert not is_current(entry, "other")
    assert not is_current(None, "k") and not is_current({}, "k")
    out.unlink()
    assert not is_current(entry, "k")                                  # an output deleted: render again


class Result:
    outputs, warnings, overview = ["o.pdf"], 2, {"unit": "甲"}


def test_record_fail_and_prune():
    units = {}
    record(units, "a.yaml", ("key", "content", {"scheme": "s", "chain": [], "chain_hashes": []}), Result, "2026-01-01 00:00:00")
    assert units["a.yaml"] == {"key": "key", "content": "content", "deps": {"scheme": "s", "chain": [], "chain_hashes": []},
                               "outputs": ["o.pdf"], "warnings": 2, "overview": {"unit": "甲"},
                               "built": "2026-01-01 00:00:00"}
    mark_failed(units, "a.yaml")
    assert units["a.yaml"]["key"] == manifest.FAILED and units["a.yaml"]["outputs"] == ["o.pdf"]   # kept in use
    assert not is_current(units["a.yaml"], "key")
    mark_failed(units, "never-built.yaml")
    assert "never-built.yaml" not in units
    units["b.yaml"] = {"key": "k"}
    assert prune(units, {"b.yaml": 1}) == ["a.yaml"] and list(units) == ["b.yaml"]


def test_the_manifest_file(tmp_path):
    assert read_manifest(tmp_path) == {}
    write_manifest(tmp_path / "out", {"a.yaml": {"key": "k", "built": "时间"}})
    path = tmp_path / "out" / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == MANIFEST_VERSION and data["units"] == {"a.yaml": {"key": "k", "built": "时间"}}
    assert "时间" in path.read_text(encoding="utf-8")                  # readable, not \\u-escaped
    assert read_manifest(tmp_path / "out") == {"a.yaml": {"key": "k", "built": "时间"}}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [MANIFEST]      # no temporary left
    path.write_text(json.dumps({"version": MANIFEST_VERSION + 1, "units": {"a.yaml": {}}}), encoding="utf-8")
    assert read_manifest(tmp_path / "out") == {}                       # another version: build everything
    path.write_text("{broken", encoding="utf-8")
    assert read_manifest(tmp_path / "out") == {}


# ------------------------------------------------------------------ what mutation testing asked for

def test_renaming_a_scheme_file_changes_the_key(project):
    unit, src, schemes = project
    before = key_of(*project)[0]
    (schemes / "parent" / "html" / "extra.css").rename(schemes / "parent" / "html" / "other.css")
    assert key_of(*project)[0] != before                              # same bytes, another template


def test_an_unreadable_file_is_missing(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text("x: 1\n", encoding="utf-8")
    monkeypatch.setattr(type(path), "read_bytes", lambda self: (_ for _ in ()).throw(PermissionError(13, "denied")))
    assert Fingerprints().file(path) == "missing"


@pytest.mark.parametrize("text, scheme", [
    ("- a list\n", None), ("just text\n", None), ("profile: {}\n", None), ("unit: 5\n", None),
    ("unit: {name: 甲}\n", None), ("unit: {scheme: child}\n", "child"), ("unit: {scheme: ''}\n", None),
    ("unit: [\n", None),
])
def test_dependencies_of_any_yaml(tmp_path, text, scheme):
    path = tmp_path / "unit.yaml"
    path.write_text(text, encoding="utf-8")
    assert manifest.dependencies(path, tmp_path) == (scheme, [])


def test_the_previous_year_may_be_anywhere_inside_the_build_folder(tmp_path):
    """A county's unit linking to ../last.yaml: inside the build folder (``root``), so its
    file is part of the key; the same link is outside the unit's own folder."""
    county = tmp_path / "in" / "county"
    county.mkdir(parents=True)
    (tmp_path / "in" / "last.yaml").write_text(MINIMAL.replace("year: 2024", "year: 2023"), encoding="utf-8")
    unit = county / "unit.yaml"
    unit.write_text(MINIMAL + "previous: {file: ../last.yaml}\n", encoding="utf-8")
    root = tmp_path / "in"
    assert manifest.dependencies(unit, root)[1] == [str((root / "last.yaml").resolve())]
    _, _, deps = unit_key(unit, ("pdf",), Fingerprints(), None, root)
    assert deps["chain"] == [str((root / "last.yaml").resolve())]
    before = unit_key(unit, ("pdf",), Fingerprints(), None, root)[0]
    (root / "last.yaml").write_text(MINIMAL.replace("year: 2024", "year: 2023") + "# edited\n", encoding="utf-8")
    entry = {"content": Fingerprints().file(unit), "deps": deps}
    assert unit_key(unit, ("pdf",), Fingerprints(), entry, root)[0] != before


def test_an_old_entry_without_chain_hashes_or_outputs(project):
    unit, src, schemes = project
    key, content, deps = key_of(*project)
    old = {"content": content, "deps": {"scheme": deps["scheme"], "chain": deps["chain"]}}   # an older manifest
    assert key_of(unit, src, schemes, entry=old)[0] == key
    assert is_current({"key": "k"}, "k")                               # nothing recorded to look for


def test_the_manifest_file_is_written_for_people_and_diffs(tmp_path):
    from generator import __version__

    out = tmp_path / "a" / "b"
    write_manifest(out, {"b.yaml": {"key": "2"}, "a.yaml": {"key": "1"}})
    write_manifest(out, {"b.yaml": {"key": "2"}, "a.yaml": {"key": "1"}})   # again, into the existing folder
    text = (out / MANIFEST).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["program"] == __version__
    assert text.index('"a.yaml"') < text.index('"b.yaml"')            # sorted: stable diffs
    assert "\n" in text and "\n " not in text                          # one item a line, no indentation
    (out / MANIFEST).write_text(json.dumps({"version": MANIFEST_VERSION}), encoding="utf-8")
    assert read_manifest(out) == {}


def test_seen_asks_once_for_a_file_found_and_again_for_one_missing(tmp_path, monkeypatch):
    seen = manifest.Seen()
    there, later = tmp_path / "a.pdf", tmp_path / "b.pdf"
    there.write_text("x")
    asked = []
    real = os.path.exists
    monkeypatch.setattr(manifest.os.path, "exists", lambda p: asked.append(p) or real(p))
    assert seen(str(there)) and seen(str(there)) and asked == [str(there)]
    assert not seen(str(later))
    later.write_text("y")                                             # written by this build meanwhile
    assert seen(str(later)) and asked.count(str(later)) == 2
    assert is_current({"key": "k", "outputs": [str(there), str(later)]}, "k", seen) and len(asked) == 3
