"""disclosure scheme check DIR: schema (unknown keys, types), references, templates, examples."""

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import check_file
from generator.scheme import TEMPLATES_DIR, load_scheme
from generator.scheme_check import check_scheme, static_findings, validate_file
from generator.scheme_schema import SCHEMA, all_keys, key_paths
from tests.conftest import EXAMPLE_2020, MINIMAL, ROOT


def scheme_dir(tmp_path, yaml_text, templates=None, name="bureau"):
    folder = tmp_path / name
    folder.mkdir(parents=True)
    (folder / "scheme.yaml").write_text(yaml_text, encoding="utf-8")
    for rel, text in (templates or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES_DIR.iterdir() if (p / "scheme.yaml").is_file()))
def test_built_in_schemes_are_valid(name):
    """Every shipped scheme passes the static stage (schema, references, templates compiled)."""
    assert [f.line("en") for f in static_findings(load_scheme(name))] == []


def test_misspelt_key_is_located_with_did_you_mean(tmp_path, capsys):
    folder = scheme_dir(tmp_path, "extends: public-2020\ntitel: 部门决算\ntables:\n  t07:\n    vehicle_lable: 公务用车\n")
    assert main(["scheme", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'scheme.yaml'}:2:1: 错误 [SCHEME-KEY]" in out and "“titel”" in out and "“title”" in out
    assert f"{folder / 'scheme.yaml'}:5:5: 错误 [SCHEME-KEY]" in out          # at the key, not its value
    assert "(tables.t07.vehicle_lable)" in out and "vehicle_label" in out
    assert main(["scheme", "check", "--lang", "en", str(folder)]) == 1
    assert "unknown key 'titel' in the scheme; did you mean 'title'?" in capsys.readouterr().out


def test_wrong_types_and_choices(tmp_path):
    folder = scheme_dir(tmp_path, """\
extends: public-2020
cover: 部门决算
number_style: {percent_decimals: 3, thousands_separator: "yes", tables: {thousands_separator: true}}
parts:
  - {id: narrative, sections: overall}
tables:
  t01: {kind: summary, title: 总表, landscape: 1}
""")
    found = {(f.rule, f.source.path, f.source.line) for f in validate_file(folder / "scheme.yaml")}
    assert found == {("SCHEME-TYPE", "cover", 2), ("SCHEME-CHOICE", "number_style.percent_decimals", 3),
                     ("SCHEME-TYPE", "number_style.thousands_separator", 3),
                     ("SCHEME-TYPE", "parts[0].sections", 5), ("SCHEME-TYPE", "tables.t01.landscape", 7)}
    text = next(f for f in validate_file(folder / "scheme.yaml") if f.source.path == "cover").text("zh")
    assert "列表" in text and "部门决算" in text


def test_references_sections_tables_and_kinds(tmp_path):
    folder = scheme_dir(tmp_path, """\
extends: public-2020
parts:
  - {id: narrative, sections: [overall, outlook]}
  - {id: tables, tables: [t01, t10]}
  - {id: apendix, title: 附录}
tables:
  t01: {kind: sumary}
""")
    scheme = load_scheme("bureau", (tmp_path, TEMPLATES_DIR))
    found = {(f.rule, f.params.get("section") or f.params.get("table") or f.params.get("part")): f
             for f in static_findings(scheme)}
    assert set(found) == {("SCHEME-SECTION", "outlook"), ("SCHEME-TABLE", "t10"), ("SCHEME-PART", "apendix"),
                          ("SCHEME-TABLE-KIND", "t01")}
    assert "did you mean 'summary'" in found[("SCHEME-TABLE-KIND", "t01")].text("en")
    assert found[("SCHEME-SECTION", "outlook")].source.file == str(folder / "scheme.yaml")
    assert found[("SCHEME-SECTION", "outlook")].source.line == 3


def test_template_syntax_error_names_template_and_line(tmp_path, capsys):
    folder = scheme_dir(tmp_path, "extends: public-2020\n",
                        {"narrative/income.j2": "{% if income %}\n本年收入{{ t.income_total }\n{% endif %}\n"})
    assert main(["scheme", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'narrative/income.j2'}:2:1: 错误 [SCHEME-TEMPLATE]" in out
    assert "narrative/income.j2" in out and "第 2 行" in out


def test_undefined_variable_fails_when_the_examples_render(tmp_path, capsys):
    """A template using a variable the view does not have compiles, and fails when an example
    renders: with the example, the template's name and line, in Chinese."""
    folder = scheme_dir(tmp_path, "extends: public-2020\n",
                        {"narrative/other.j2": "其他事项。\n\n{{ texts.other or 无 }}{{ unit_address }}\n"})
    assert main(["scheme", "check", str(folder), "--inputs", str(EXAMPLE_2020)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'narrative/other.j2'}:3:1: 错误 [SCHEME-RENDER]" in out
    assert str(EXAMPLE_2020) in out and "narrative/other.j2" in out
    assert "“无”未定义" in out or "“unit_address”未定义" in out
    assert main(["scheme", "check", str(folder), "--inputs", str(EXAMPLE_2020), "--lang", "en"]) == 1
    assert "is undefined" in capsys.readouterr().out


def test_a_good_scheme_passes_with_the_examples(tmp_path, capsys):
    folder = scheme_dir(tmp_path, "extends: approval-2024\ntitle: 部门决算（本局样式）\n",
                        {"narrative/other.j2": "{{ texts.other or \"无。\" }}\n"})
    assert main(["scheme", "check", str(folder), "--inputs", str(EXAMPLE_2020)]) == 0
    captured = capsys.readouterr()
    assert "0 个错误" in captured.err
    # the scheme has no 其他 section: the example's texts.other is a fact it never prints
    line = next(i for i, text in enumerate(EXAMPLE_2020.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("  other: "))
    assert f"{EXAMPLE_2020}:{line}:10: 警告 [FACT-UNUSED]" in captured.out and "(texts.other)" in captured.out


def test_unknown_parent_is_an_error(tmp_path):
    folder = scheme_dir(tmp_path, "extends: public-2019\n")
    assert [f.rule for f in check_scheme(folder, inputs=[])] == ["SCHEME-EXTENDS"]


def test_input_check_reports_a_broken_scheme_located(tmp_path, capsys):
    """check of an input reports its scheme's broken template (it used to pass check and fail
    render with an English Jinja message): a located error, exit 1."""
    scheme_dir(tmp_path / "build" / "schemes", "extends: public-2020\ntitel: x\n",
               {"narrative/income.j2": "{{ t.income_total }\n"}, name="bureau")
    unit = tmp_path / "build" / "unit.yaml"
    unit.write_text(MINIMAL.replace("approval-2024", "bureau"), encoding="utf-8")
    findings = check_file(unit, (tmp_path / "build" / "schemes",)).findings
    errors = {f.rule: f for f in findings if f.severity == "error"}
    assert set(errors) == {"SCHEME-TEMPLATE"}
    # an unknown key does not stop the report: a warning at check (an error in scheme check)
    assert [f.severity for f in findings if f.rule == "SCHEME-KEY"] == ["warning"]
    assert errors["SCHEME-TEMPLATE"].source.file.endswith("narrative/income.j2")
    assert errors["SCHEME-TEMPLATE"].source.line == 1
    assert "模板" in errors["SCHEME-TEMPLATE"].text("zh")


# ------------------------------------------------------------------ the schema covers what the code reads

#: Variables through which generator/ reads scheme keys: the scheme itself, a table spec, a part,
#: a column, the evaluation/scoring spec, the number style's tables/prose, the wording, a chart.
READERS = r"(?:scheme|scheme\.data|spec|part|col|column|c|base|tables|prose|words|meta|lay|evaluation|scoring)"
READ = re.compile(r"(?<!\w)" + READERS + r"""(?:\.get\(|\[)["']([a-z_0-9]+)["']""")
#: Keys of objects that share those variable names but are not scheme keys.
NOT_SCHEME = {"actual", "budget", "prior", "x0", "codes", "text", "figure", "colspan", "rowspan", "align",
              "full_name", "share", "amount"}


def test_every_scheme_key_the_code_reads_is_in_the_schema():
    """Fails when generator/ reads a scheme key (scheme.get("x"), spec["x"], …) that
    generator/scheme_schema.py does not list: add it there (with its type) and to docs/schemes.md."""
    known = all_keys() | NOT_SCHEME
    missing = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name in ("scheme_schema.py", "scheme_check.py", "unsaid.py", "project.py"):
            continue
        for key in READ.findall(path.read_text(encoding="utf-8")):
            if key not in known:
                missing.setdefault(key, path.name)
    assert missing == {}


def test_every_scheme_key_is_documented():
    doc = (ROOT / "docs" / "schemes.md").read_text(encoding="utf-8")
    undocumented = [path for path, _ in key_paths() if f"`{path}`" not in doc]
    assert undocumented == []


def test_every_key_of_the_shipped_schemes_is_in_the_schema():
    """The shipped scheme.yaml files hold no key the schema does not know (validate_file is clean)."""
    for folder in TEMPLATES_DIR.iterdir():
        if (folder / "scheme.yaml").is_file():
            assert [f.line("en") for f in validate_file(folder / "scheme.yaml")] == []
    assert "parts" in SCHEMA.keys and "tables" in SCHEMA.keys


def test_every_template_variable_is_documented():
    """Every variable the narrative templates receive (compose.build_view, on every example) is
    listed in docs/schemes.md: `python -m generator.scheme_doc --write` regenerates the list."""
    from generator.scheme_doc import view_paths

    doc = (ROOT / "docs" / "schemes.md").read_text(encoding="utf-8")
    undocumented = [path for path in view_paths() if f"`{path}`" not in doc]
    assert undocumented == []
    assert Path(ROOT / "docs" / "schemes.md").read_text(encoding="utf-8").index("## 中文") < \
        Path(ROOT / "docs" / "schemes.md").read_text(encoding="utf-8").index("## English")


def test_a_pdf_page_template_error_is_located_in_scheme_check_and_render(tmp_path, capsys):
    """The PDF page template is compiled with the scheme, rendered by scheme check with each
    example, and a failure while rendering a unit is a located finding, not a traceback."""
    page = (TEMPLATES_DIR / "public-2020" / "html" / "report.html.j2").read_text(encoding="utf-8")
    lines = page.splitlines()
    lines.insert(3, "{{ page_footer_text }}")
    folder = scheme_dir(tmp_path / "schemes", "extends: public-2020\n",
                        {"html/report.html.j2": "\n".join(lines) + "\n"})
    assert main(["scheme", "check", str(folder), "--inputs", str(EXAMPLE_2020)]) == 1
    assert f"{folder / 'html/report.html.j2'}:4:1: 错误 [SCHEME-RENDER]" in capsys.readouterr().out
    unit = tmp_path / "unit.yaml"
    unit.write_text(MINIMAL.replace("approval-2024", "bureau"), encoding="utf-8")
    from generator.pipeline import render_file

    result = render_file(unit, tmp_path / "out", ["pdf"], search=(tmp_path / "schemes",))
    errors = [f for f in result.findings if f.severity == "error"]
    assert [(f.rule, f.source.line) for f in errors] == [("RENDER-SCHEME", 4)]
    assert "html/report.html.j2" in errors[0].text("zh") and "page_footer_text" in errors[0].text("zh")
    assert not result.written


def test_a_misspelt_figure_names_its_variable(tmp_path, capsys):
    """Jinja says 'dict object' has no attribute …; the finding names the template's variable."""
    folder = scheme_dir(tmp_path, "extends: public-2020\n",
                        {"narrative/income.j2": "本年收入合计{{ t.income_totl }}万元。\n"})
    assert main(["scheme", "check", str(folder), "--inputs", str(EXAMPLE_2020)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'narrative/income.j2'}:1:1:" in out and "“t”没有属性“income_totl”" in out
