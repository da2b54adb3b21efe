"""`make golden` shows a diff and writes only when accepted (tests/regen_golden.py)."""

import os

from tests import regen_golden


def test_without_accept_nothing_is_written_and_the_diff_is_printed(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(regen_golden, "ROOT", tmp_path)
    target = tmp_path / "unit.txt"
    target.write_text("一、收入\n合计 100.00\n", encoding="utf-8")
    new = {target: "一、收入\n合计 100.01\n"}
    assert regen_golden.update(new, accept=False) == 1
    out = capsys.readouterr().out
    assert "-合计 100.00" in out and "+合计 100.01" in out and "nothing written" in out
    assert target.read_text(encoding="utf-8") == "一、收入\n合计 100.00\n"
    assert regen_golden.update(new, accept=True) == 0
    assert target.read_text(encoding="utf-8") == "一、收入\n合计 100.01\n"
    assert regen_golden.update(new, accept=False) == 0 and "current" in capsys.readouterr().out


def test_accept_flag_and_environment_variable(monkeypatch):
    seen = []
    monkeypatch.setattr(regen_golden, "rendered_texts", dict)      # no examples: only the flag is read
    monkeypatch.setattr(regen_golden, "update", lambda texts, accept: seen.append(accept) or 0)
    monkeypatch.delenv("GOLDEN_ACCEPT", raising=False)
    regen_golden.main([])
    regen_golden.main(["--accept"])
    monkeypatch.setenv("GOLDEN_ACCEPT", "1")
    regen_golden.main([])
    assert seen == [False, True, True] and os.environ["GOLDEN_ACCEPT"] == "1"
