import json
import subprocess
import sys

from generator.cli import main
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, MINIMAL, ROOT, edit


def test_examples_exit_0(capsys):
    assert main(["check", str(EXAMPLE_2020), str(EXAMPLE_2024)]) == 0


def test_error_exits_1_and_names_rule_and_line(tmp_path, capsys):
    bad = edit(EXAMPLE_2020, '"2010301": {basic: 141.81', '"2010301": {basic: 141.91', tmp_path)
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    # the stated 类 total of 201 (line 52) no longer matches its 项: the official total stays
    assert f"{bad}:52:18: 错误 [T03-SUM]" in out


def test_json_output(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace('"2013101": {basic: 100}', '"2013101": {basic: 100.10}'), encoding="utf-8")
    assert main(["check", "--json", "--lang", "en", str(bad)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"rule", "severity", "file", "line", "column", "path", "message"} == set(data[0])
    assert any(d["rule"] == "T06-BASIC-MATCH" and "economic" in d["message"] for d in data)


def test_syntax_error_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("unit: {name: x\nexpenditure: [\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "check", str(bad)], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{bad}:" in proc.stdout and "[LOAD-SYNTAX]" in proc.stdout


def test_usage_error_exits_2(capsys):
    try:
        main(["check"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("no SystemExit")


def test_english_messages(tmp_path, capsys):
    bad = edit(EXAMPLE_2020, "  name: 株洲市人民政府驻北京联络处\n", "  nmae: 株洲市人民政府驻北京联络处\n", tmp_path)
    assert main(["check", "--lang", "en", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "did you mean 'name'?" in out and "error [SCHEMA-UNKNOWN-KEY]" in out
