"""The build's overview (issue 13): one row per input found with its status, numbers as numbers,
stale outputs flagged, every finding listed, and ``build --json`` saying the same."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from generator.build import SerialExecutor, build
from generator.cli import main
from generator.pipeline import check_file
from tests.conftest import MINIMAL

BROKEN = "unit: [\n"


def run(src, out, **kw):
    kw.setdefault("formats", ("docx",))
    kw.setdefault("executor", SerialExecutor())
    return build(src, out, stream=io.StringIO(), **kw)


@pytest.fixture
def folder(tmp_path):
    """Two good units (2024 and 2023) and one broken input."""
    src = tmp_path / "in"
    (src / "county").mkdir(parents=True)
    (src / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (src / "county" / "b.yaml").write_text(
        MINIMAL.replace("name: 测试单位, year: 2024", "name: 乙单位, year: 2023").replace("100}", "250.5}")
        .replace('"30101": 60', '"30101": 210.5'), encoding="utf-8")
    (src / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return src, tmp_path / "out"


def sheet_rows(out, index=0):
    sheet = load_workbook(out / "overview.xlsx").worksheets[index]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def by_input(rows):
    return {row["输入文件"]: row for row in rows if row["输入文件"]}


def test_every_input_has_a_row_with_its_status(folder):
    src, out = folder
    summary = run(src, out)
    assert summary.failed == ["broken.yaml"] and len(summary.rendered) == 2
    rows = by_input(sheet_rows(out))
    assert set(rows) == {"a.yaml", "county/b.yaml", "broken.yaml"}
    assert rows["broken.yaml"]["状态"] == "失败" and rows["broken.yaml"]["错误数"] == 1
    assert rows["broken.yaml"]["已过期"] == "否" and rows["broken.yaml"]["输出时间"] is None   # never rendered
    assert rows["a.yaml"]["状态"] == "已生成" and rows["a.yaml"]["已过期"] == "否"
    assert isinstance(rows["a.yaml"]["输出时间"], datetime.datetime)
    again = run(src, out)
    assert sorted(again.skipped) == ["a.yaml", "county/b.yaml"]
    rows = by_input(sheet_rows(out))
    assert rows["a.yaml"]["状态"] == "未变更" and rows["broken.yaml"]["状态"] == "失败"
    csv_rows = list(csv.reader((out / "overview.csv").read_text(encoding="utf-8-sig").splitlines()))
    status = csv_rows[0].index("状态")
    assert sorted(r[status] for r in csv_rows[1:] if r[status]) == ["失败", "未变更", "未变更"]


def test_a_good_unit_that_fails_now_is_failed_and_stale(folder):
    src, out = folder
    run(src, out)
    before = by_input(sheet_rows(out))["a.yaml"]["输出时间"]
    (src / "a.yaml").write_text(MINIMAL.replace('"30101": 60', '"30101": 61'), encoding="utf-8")  # 101 ≠ 100
    summary = run(src, out)
    assert "a.yaml" in summary.failed
    assert (out / "a.docx").exists()                                   # its last good output stays
    row = by_input(sheet_rows(out))["a.yaml"]
    assert row["状态"] == "失败" and row["已过期"] == "是"
    assert row["输出时间"] == before                                    # the date of the output in use
    assert row["单位"] == "测试单位" and row["收支总计"] is None          # old figures are not shown
    assert row["错误数"] >= 1
    totals = [r for r in sheet_rows(out) if str(r["单位"]).endswith("合计")]
    assert [(t["单位"], t["年度"]) for t in totals] == [("合计", 2023)]   # a failed unit adds nothing


def test_numbers_are_numbers(folder):
    src, out = folder
    run(src, out)
    sheet = load_workbook(out / "overview.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("输入文件")].value == "county/b.yaml")
    cell = {name: c for name, c in zip(header, row)}
    for name in ("年度", "收支总计", "本年支出", "基本支出", "警告数", "错误数"):
        assert cell[name].data_type == "n", name
    assert cell["年度"].value == 2023 and isinstance(cell["年度"].value, int)
    assert Decimal(repr(cell["收支总计"].value)) == Decimal("250.5")
    assert cell["收支总计"].number_format == "#,##0.00"
    assert cell["输入文件"].data_type == "s"
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["A"].width >= 10 and sheet.column_dimensions["Y"].width >= 10
    csv_rows = list(csv.DictReader((out / "overview.csv").read_text(encoding="utf-8-sig").splitlines()))
    b = next(r for r in csv_rows if r["输入文件"] == "county/b.yaml")
    assert b["年度"] == "2023" and Decimal(b["收支总计"]) == Decimal("250.5") and int(b["警告数"]) >= 0
    total = next(r for r in csv_rows if r["单位"] == "2024年合计")
    assert Decimal(total["收支总计"]) == Decimal("100")


def test_the_findings_sheet_lists_each_finding(folder):
    src, out = folder
    run(src, out)
    expected = []
    for rel in ("a.yaml", "broken.yaml", "county/b.yaml"):
        for finding in check_file(src / rel).findings:
            expected.append((rel, finding.source.line, finding.rule, finding.severity))
    assert any(rule == "LOAD-SYNTAX" for _, _, rule, _ in expected)
    label = {"error": "错误", "warning": "警告"}
    listed = [(r["输入文件"], r["行"], r["规则"], r["级别"]) for r in sheet_rows(out, 1)]
    assert sorted(listed) == sorted((rel, line, rule, label[sev]) for rel, line, rule, sev in expected)
    raw = (out / "overview-findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(raw.decode("utf-8-sig").splitlines()))) == len(expected) + 1
    skipped = run(src, out)                      # an unchanged unit keeps its findings listed
    assert skipped.skipped and sorted((r["输入文件"], r["行"], r["规则"], r["级别"]) for r in sheet_rows(out, 1)) \
        == sorted(listed)


def test_a_current_overview_reads_no_kept_findings(folder, monkeypatch):
    """A no-op build whose overview is already current never opens the findings an unchanged
    unit keeps (10,000 small files at a province's scale); asked for, they are all there."""
    from generator import overview

    src, out = folder
    (src / "broken.yaml").unlink()               # a failing input is tried (and listed) again each time
    run(src, out)
    run(src, out)                                # statuses become 未变更: the overview is rewritten
    listed = sorted(r["规则"] for r in sheet_rows(out, 1))
    real = overview.kept_findings
    calls = []
    monkeypatch.setattr(overview, "kept_findings", lambda *a: calls.append(a) or real(*a))
    summary = run(src, out)
    assert summary.skipped and not calls
    assert sorted(f["rule"] for f in summary.findings) == listed and calls      # read when looked at
    assert len(summary.findings) == len(listed) and summary.findings == list(summary.findings)


def test_the_first_no_op_keeps_the_findings_it_has(folder, monkeypatch):
    """After a build, the next one changes only the statuses (已生成 → 未变更): the findings CSV
    stays and the workbook's findings sheet is copied, not made again from every kept file;
    an input changed since makes them anew."""
    from generator import overview

    src, out = folder
    (src / "broken.yaml").unlink()
    run(src, out)
    before_csv = (out / "overview-findings.csv").read_bytes()
    before = sheet_rows(out, 1)
    assert before                                       # MINIMAL has warnings
    monkeypatch.setattr(overview, "kept_findings", lambda *a: pytest.fail("kept findings read again"))
    skipped = run(src, out)
    assert skipped.skipped and not skipped.rendered
    assert {r["状态"] for r in sheet_rows(out)} >= {"未变更"}                  # the statuses are new
    assert sheet_rows(out, 1) == before and (out / "overview-findings.csv").read_bytes() == before_csv
    monkeypatch.undo()
    (src / "a.yaml").write_text(MINIMAL + "reasons: {total_yoy: 人员变化}\n", encoding="utf-8")   # + FACT-UNUSED
    changed = run(src, out)
    assert changed.rendered == ["a.yaml"]
    expected = sorted((rel, f.rule) for rel in ("a.yaml", "county/b.yaml") for f in check_file(src / rel).findings)
    assert ("a.yaml", "FACT-UNUSED") in expected
    assert sorted((r["输入文件"], r["规则"]) for r in sheet_rows(out, 1)) == expected
    assert len((out / "overview-findings.csv").read_text(encoding="utf-8-sig").splitlines()) == len(expected) + 1


def test_json_summary_matches_the_overview(folder, capsys):
    src, out = folder
    code = main(["build", str(src), "--out", str(out), "--jobs", "1", "--format", "docx", "--json"])
    assert code == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)                          # stdout is the JSON alone
    assert "失败" in captured.err and "已生成" in captured.err  # the human lines, in Chinese, on stderr
    assert data["counts"] == {"rendered": 2, "unchanged": 0, "failed": 1, "pending": 0}
    rows = by_input(sheet_rows(out))
    assert {u["input"] for u in data["units"]} == set(rows)
    for unit in data["units"]:
        row = rows[unit["input"]]
        assert unit["status_text"] == row["状态"] and unit["year"] == row["年度"]
        assert unit["warnings"] == row["警告数"] and unit["errors"] == row["错误数"]
        for key, name in (("grand_total", "收支总计"), ("expenditure_total", "本年支出")):
            assert (unit[key] is None and row[name] is None) or Decimal(unit[key]) == Decimal(repr(row[name]))
    assert len(data["findings"]) == len(sheet_rows(out, 1))


def test_english_overview(folder, capsys):
    src, out = folder
    main(["build", str(src), "--out", str(out), "--jobs", "1", "--format", "docx", "--lang", "en"])
    err = capsys.readouterr().err
    assert "failed: broken.yaml" in err and "rendered: a.yaml" in err
    book = load_workbook(out / "overview.xlsx")
    assert book.sheetnames == ["Overview", "Findings per unit"]
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("Input file")]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["broken.yaml"]["Status"] == "failed" and rows["a.yaml"]["Status"] == "rendered"
    assert rows["a.yaml"]["Stale"] == "no"
    totals = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("Input file")] is None]
    assert totals == ["Total 2023", "Total 2024"]


def test_a_kept_sheet_is_copied_as_stored_and_checked(tmp_path):
    """The findings sheet of the previous workbook goes into the new one byte for byte (no
    inflating and deflating 460,000 rows again); a damaged one is not copied."""
    import zipfile

    from openpyxl import load_workbook

    from generator.xlsx_writer import RawSheet, Sheet, save, stored_sheet

    def sheet(title, rows):
        made = Sheet(title, ["文件", "行"], [20, 8])
        for row in rows:
            made.append(row)
        return made

    first = tmp_path / "first.xlsx"
    save([sheet("总览", [["a", 1]]), sheet("问题清单", [[f"单位{i}.yaml", i] for i in range(2000)])], first)
    stored = stored_sheet(first, 2)
    assert stored is not None and stored.file_size > len(stored.data)
    second = tmp_path / "second.xlsx"
    save([sheet("总览", [["b", 2]]), RawSheet("问题清单", stored)], second)
    with zipfile.ZipFile(second) as archive:
        assert archive.testzip() is None
        assert archive.read("xl/worksheets/sheet2.xml") == zipfile.ZipFile(first).read("xl/worksheets/sheet2.xml")
    book = load_workbook(second)
    assert [c.value for c in book["问题清单"]["B"]][-1] == 1999 and book["总览"]["A2"].value == "b"

    damaged = tmp_path / "damaged.xlsx"
    data = bytearray(first.read_bytes())
    at = data.index(stored.data[100:140])
    data[at + 10] ^= 0xFF
    damaged.write_bytes(bytes(data))
    assert stored_sheet(damaged, 2) is None
    assert stored_sheet(tmp_path / "missing.xlsx", 2) is None and stored_sheet(first, 3) is None
