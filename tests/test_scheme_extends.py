"""extends: lists merged by id/term; a scheme's own catalogue; schemes sent with the inputs
(schemes/ or disclosure.toml) found by build, check and render without flags."""

import pytest

from generator.build import discover
from generator.build import scheme_folders as build_scheme_folders
from generator.cli import main
from generator.pipeline import check_file
from generator.project import ProjectError, project_root, read_config
from generator.scheme import TEMPLATES_DIR, deep_merge, load_scheme
from tests.conftest import MINIMAL


def make_scheme(root, name, yaml_text, files=None):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "scheme.yaml").write_text(yaml_text, encoding="utf-8")
    for rel, text in (files or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


# ------------------------------------------------------------------ lists with ids merge by id

def test_parts_merge_by_id_remove_and_keep_the_parents_title(tmp_path):
    make_scheme(tmp_path, "bureau", """\
extends: public-2020
parts:
  - {id: narrative, sections: [overall, income]}
  - {id: annex, remove: true}
""")
    scheme = load_scheme("bureau", (tmp_path, TEMPLATES_DIR))
    parent = load_scheme("public-2020")
    assert [p["id"] for p in scheme["parts"]] == ["profile", "tables", "narrative", "glossary"]
    narrative = next(p for p in scheme["parts"] if p["id"] == "narrative")
    assert narrative["sections"] == ["overall", "income"]                       # a list inside: replaced
    assert narrative["title"] == next(p for p in parent["parts"] if p["id"] == "narrative")["title"]
    assert scheme["parts"][1] == parent["parts"][1]                             # untouched entries kept


def test_a_scheme_read_again_sees_its_change_and_no_callers_edits(tmp_path):
    """scheme.yaml is parsed once per content in a process (a worker renders many units): a
    change of the file, even within the same second and at the same size, is read; what one
    caller does to its scheme's data never reaches the next caller."""
    folder = make_scheme(tmp_path, "bureau", "extends: public-2020\ntail_note: 甲\n")
    first = load_scheme("bureau", (tmp_path, TEMPLATES_DIR))
    assert first["tail_note"] == "甲"
    first.data["parts"].clear()
    (folder / "scheme.yaml").write_text("extends: public-2020\ntail_note: 乙\n", encoding="utf-8")
    second = load_scheme("bureau", (tmp_path, TEMPLATES_DIR))
    assert second["tail_note"] == "乙" and second["parts"] == load_scheme("public-2020")["parts"] != []


def test_glossary_merges_by_term(tmp_path):
    make_scheme(tmp_path, "bureau", """\
extends: public-2020
glossary:
  - {term: 事业收入, definition: 本局的定义。}
  - {term: 使用非财政拨款结余, remove: true}
  - {term: 政府采购, definition: 指各级国家机关使用财政性资金采购货物、工程和服务的行为。}
""")
    terms = {e["term"]: e["definition"] for e in load_scheme("bureau", (tmp_path, TEMPLATES_DIR))["glossary"]}
    parent = [e["term"] for e in load_scheme("public-2020")["glossary"]]
    assert list(terms) == [t for t in parent if t != "使用非财政拨款结余"] + ["政府采购"]
    assert terms["事业收入"] == "本局的定义。" and terms["财政拨款收入"].startswith("指单位从同级财政")


def test_naming_every_entry_gives_the_order_and_other_lists_replace():
    base = {"parts": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "c"}],
            "cover": ["x", "y"], "tables": {"t1": {"kind": "k", "notes": ["n1", "n2"]}}}
    merged = deep_merge(base, {"parts": [{"id": "c"}, {"id": "a", "title": "A2"}, {"id": "b"}],
                               "cover": ["z"], "tables": {"t1": {"notes": ["n3"]}}})
    assert [p["id"] for p in merged["parts"]] == ["c", "a", "b"] and merged["parts"][1]["title"] == "A2"
    assert merged["cover"] == ["z"] and merged["tables"]["t1"] == {"kind": "k", "notes": ["n3"]}
    partial = deep_merge(base, {"parts": [{"id": "c", "title": "C"}, {"id": "d"}]})
    assert [p["id"] for p in partial["parts"]] == ["a", "b", "c", "d"]          # in place, new appended
    assert deep_merge(base, {"parts": []})["parts"] == []                       # an empty list replaces
    assert deep_merge({"x": [{"id": 1}, {"name": 2}]}, {"x": [{"id": 3}]}) == {"x": [{"id": 3}]}


def test_a_merged_scheme_renders(tmp_path, write_yaml):
    """The merged scheme composes a report: parts by id, the removed part absent."""
    make_scheme(tmp_path, "bureau", "extends: public-2020\nparts:\n  - {id: annex, remove: true}\n")
    path = write_yaml(MINIMAL.replace("approval-2024", "bureau"))
    checked = check_file(path, (tmp_path,))
    assert not [f for f in checked.findings if f.severity == "error"]
    from generator.compose import compose

    doc = compose(checked.figures, load_scheme("bureau", (tmp_path, TEMPLATES_DIR)))
    assert [p.heading.anchor for p in doc.parts] == ["part-profile", "part-tables", "part-narrative", "part-glossary"]


# ------------------------------------------------------------------ a bureau's catalogue

CATALOGUE_UNIT = MINIMAL.replace('"2013101": {general: 100}', '"2013188": {general: 100}') \
    .replace('"2013101": {basic: 100}', '"2013188": {basic: 100}')


def test_a_schemes_catalogue_adds_and_renames_codes(tmp_path, write_yaml):
    make_scheme(tmp_path, "bureau", "extends: approval-2024\n", {
        "catalogue/function-2023.yaml": 'codes:\n  "2013188": 本市专项事务\n  "20131": 党委办公厅（室）及相关机构事务（本市）\n',
        "catalogue/economic-2024.yaml": 'codes:\n  "30188": 本市津贴\n'})
    unit = write_yaml(CATALOGUE_UNIT.replace("approval-2024", "bureau")
                      .replace('"30101": 60', '"30101": 50\n  "30188": 10'), "bureau.yaml")
    findings = check_file(unit, (tmp_path,)).findings
    assert not [f for f in findings if f.severity == "error"], [f.line("en") for f in findings]
    checked = check_file(unit, (tmp_path,))
    assert checked.figures.catalogue.function["2013188"] == "本市专项事务"
    assert checked.figures.catalogue.function["20131"].endswith("（本市）")            # renamed
    assert checked.figures.catalogue.function["2010101"] == "行政运行"                 # built-in kept
    assert "30188" in checked.figures.catalogue.economic
    builtin = write_yaml(CATALOGUE_UNIT, "builtin.yaml")
    assert "CODE-UNKNOWN" in {f.rule for f in check_file(builtin).findings}            # not without it


def test_a_broken_catalogue_file_is_located(tmp_path, write_yaml):
    folder = make_scheme(tmp_path, "bureau", "extends: approval-2024\n",
                         {"catalogue/function-2024.yaml": "codes: [2013188]\n"})
    unit = write_yaml(MINIMAL.replace("approval-2024", "bureau"))
    errors = [f for f in check_file(unit, (tmp_path,)).findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["SCHEME-CATALOGUE"]
    assert errors[0].source.file == str(folder / "catalogue" / "function-2024.yaml")


# ------------------------------------------------------------------ schemes sent with the inputs

def build_folder(tmp_path, toml=None, scheme_dir="schemes"):
    root = tmp_path / "build"
    make_scheme(root / scheme_dir, "bureau", "extends: approval-2024\ntitle: 本局部门决算\n")
    (root / "units").mkdir(parents=True)
    unit = root / "units" / "unit.yaml"
    unit.write_text(MINIMAL.replace("approval-2024", "bureau"), encoding="utf-8")
    if toml is not None:
        (root / "disclosure.toml").write_text(toml, encoding="utf-8")
    return root, unit


def test_check_finds_the_schemes_folder_beside_the_inputs(tmp_path, monkeypatch, capsys):
    root, unit = build_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(unit)]) == 0
    assert project_root(unit) == root.resolve()
    monkeypatch.chdir(unit.parent)          # the build folder lies above the cwd: not searched
    assert main(["check", str(unit)]) == 1
    assert "SCHEME-UNKNOWN" in capsys.readouterr().out


def test_disclosure_toml_names_the_folder(tmp_path, monkeypatch):
    root, unit = build_folder(tmp_path, '[schemes]\npath = "bureau-schemes"\n', scheme_dir="bureau-schemes")
    monkeypatch.chdir(tmp_path)
    assert not [f for f in check_file(unit).findings if f.severity == "error"]
    assert build_scheme_folders(root) == ((root / "bureau-schemes").resolve(),)
    assert discover(root) == [unit]                                    # the scheme's YAML is no input


def test_render_uses_the_folder_too(tmp_path, monkeypatch):
    root, unit = build_folder(tmp_path, '[schemes]\npath = "bureau-schemes"\n', scheme_dir="bureau-schemes")
    monkeypatch.chdir(tmp_path)
    from generator.pipeline import render_file

    result = render_file(unit, tmp_path / "out", ["docx"])
    assert not [f for f in result.findings if f.severity == "error"]
    assert [p.name for p in map(__import__("pathlib").Path, result.written)] == ["unit.docx"]


@pytest.mark.parametrize("toml, reason", [
    ('[schemes]\npath = "../elsewhere"\n', "outside"),
    ('[schemes]\npath = "missing"\n', "no such folder"),
    ('[schemes]\nfolder = "schemes"\n', "unknown key"),
    ('[schemes\n', "disclosure.toml"),
])
def test_a_wrong_disclosure_toml_is_an_error(tmp_path, monkeypatch, toml, reason):
    root, unit = build_folder(tmp_path, toml)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProjectError, match=reason):
        read_config(root / "disclosure.toml")
    errors = [f for f in check_file(unit).findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["SCHEME-CONFIG"]
    assert "disclosure.toml" in errors[0].text("zh")


def test_build_refuses_a_wrong_disclosure_toml(tmp_path, capsys):
    root, _ = build_folder(tmp_path, '[schemes]\npath = "../elsewhere"\n')
    (tmp_path / "elsewhere").mkdir()
    assert main(["build", str(root), "--out", str(tmp_path / "out")]) == 2
    assert "disclosure.toml 有误" in capsys.readouterr().err
    assert not list((tmp_path / "out").glob("**/*.docx"))
