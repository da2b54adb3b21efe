"""End to end: the examples rendered to real DOCX and PDF files, read back."""

import difflib
import os
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from generator.cli import main
from generator.pipeline import render_file
from generator.render import atomic_path
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, ROOT, edit
from tests.extract import chart_figures, docx_text, figures, pdf_text

GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = [EXAMPLE_2020, EXAMPLE_2024]
STANDALONE = ROOT / "inputs" / "luosong-united-front-2022-self-evaluation.yaml"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    files = {}
    for path in EXAMPLES + [STANDALONE]:
        result = render_file(path, out, ["docx", "pdf"])
        assert len(result.written) == 2, [f.line() for f in result.findings]
        files[path.stem] = {p.suffix[1:]: p for p in result.written}
    return files


@pytest.mark.parametrize("example", EXAMPLES + [STANDALONE], ids=lambda p: p.stem)
def test_golden_text(rendered, example):
    """The report says exactly what tests/golden says (``make golden`` regenerates it)."""
    expected = (GOLDEN / f"{example.stem}.txt").read_text(encoding="utf-8")
    actual = docx_text(rendered[example.stem]["docx"])
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "now", n=1))
    assert not diff, "the report text changed; if intended run `make golden`:\n" + diff[:5000]


@pytest.mark.parametrize("example", EXAMPLES + [STANDALONE], ids=lambda p: p.stem)
def test_docx_and_pdf_say_the_same(rendered, example):
    """Every amount and percentage of the DOCX appears in the PDF as often, and vice versa."""
    files = rendered[example.stem]
    in_docx, in_pdf = figures(docx_text(files["docx"])), figures(pdf_text(files["pdf"]))
    charts = chart_figures(example)             # chart labels: text in the PDF, a picture in the DOCX
    assert not charts - in_pdf, charts - in_pdf
    in_pdf -= charts
    assert sum(in_docx.values()) > (10 if example == STANDALONE else 200)
    assert in_docx == in_pdf, (in_docx - in_pdf, in_pdf - in_docx)


def test_docx_structure(rendered):
    path = rendered[EXAMPLE_2024.stem]["docx"]
    doc = Document(str(path))
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert doc.styles["Heading 3"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"
    body = doc.element.body
    # every table repeats its header rows
    tables = body.findall(qn("w:tbl"))
    assert len(tables) == 12     # the nine tables, the base-data table, the scoring table as two (funds, indicators)
    for tbl in tables:
        assert tbl.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # landscape sections exist for the wide tables; no empty portrait section trails the last one
    orientations = [s.orientation for s in doc.sections]
    assert 1 in orientations
    # merged header cells of the 三公 table: 预算数 spans 6 columns
    sanggong = tables[8]
    first = sanggong.find(qn("w:tr")).findall(qn("w:tc"))[0]
    assert first.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "6"
    # page numbers and a TOC field that Word updates on open
    xml = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert "updateFields" in xml and xml.index("updateFields") < xml.index("<w:compat")   # schema order
    instructions = " ".join(t.text for t in body.iter(qn("w:instrText")))
    assert "TOC" in instructions and 'TC "一、收入支出决算批复表" \\l 2' in instructions
    assert "部门整体支出绩效评价基础数据表" not in instructions          # annex tables stay out, as in the PDF
    footer_xml = "".join(zipfile.ZipFile(path).read(n).decode() for n in zipfile.ZipFile(path).namelist()
                         if "footer" in n)      # the page footer and the cover's empty one
    assert "PAGE" in footer_xml


def test_pdf_structure(rendered):
    path = rendered[EXAMPLE_2020.stem]["pdf"]
    reader = PdfReader(str(path))
    titles = [item.title for item in _flatten(reader.outline)]
    assert "第三部分 2020年度部门决算情况说明" in titles and "六、一般公共预算财政拨款基本支出决算情况说明" in titles
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert (842, 595) in sizes and (595, 842) in sizes      # landscape and portrait A4
    text = pdf_text(path)
    toc = text[text.index("目录"):text.index("第一部分", text.index("目录") + 10) + 200]
    assert "部门职责" in toc      # its page numbers: tests/test_structure.py (each = the page of its heading)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-CJK-SC" in fonts and "Noto-Sans-CJK-SC" in fonts     # CJK fonts embedded, no tofu


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


# Seed 002's TOC listed section 六, which its body lacked.  The TOC and the body are both
# made from the composed document, so comparing them with each other cannot fail; that every
# section the scheme lists is in the body and the TOC, in order, and each TOC page number is
# right, is tested against the scheme itself in tests/test_structure.py.


def test_render_with_errors_writes_nothing(tmp_path, capsys):
    bad = edit(EXAMPLE_2020, '"2010301": {basic: 141.81', '"2010301": {basic: 141.91', tmp_path)
    out = tmp_path / "out"
    assert main(["render", str(bad), "--out", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir())
    assert "[T03-SUM]" in capsys.readouterr().err


def test_atomic_write_leaves_no_half_file(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_third_scheme_overrides_one_section(tmp_path):
    """A bureau adds a scheme by extending another and overriding one template: no Python."""
    scheme = tmp_path / "schemes" / "bureau-2025"
    (scheme / "narrative").mkdir(parents=True)
    (scheme / "scheme.yaml").write_text("extends: approval-2024\nnumber_style: {percent_decimals: 2}\n",
                                        encoding="utf-8")
    (scheme / "narrative" / "overall.j2").write_text(
        "本部门{{ year }}年度收入、支出总计均为{{ t.grand_total }}万元。\n", encoding="utf-8")
    unit = edit(EXAMPLE_2024, "scheme: approval-2024", "scheme: bureau-2025", tmp_path)
    unit = edit(unit, "percent_decimals: 1", "percent_decimals: 2", tmp_path, "unit2.yaml")
    out = tmp_path / "out"
    assert main(["render", str(unit), "--out", str(out), "--templates", str(tmp_path / "schemes")]) == 0
    text = docx_text(out / "unit2.docx")
    assert "本部门2024年度收入、支出总计均为660.56万元。" in text
    assert "2024年度收、支总计" not in text
    assert "财决批复01表" in text and "占71.54%" in text           # inherited tables, own decimals
    assert "本部门2024年度收入、支出总计均为660.56万元" in pdf_text(out / "unit2.pdf").replace("\n", "")


def test_missing_template_is_a_finding(tmp_path, capsys):
    scheme = tmp_path / "schemes" / "broken"
    scheme.mkdir(parents=True)
    (scheme / "scheme.yaml").write_text("extends: nowhere\n", encoding="utf-8")
    unit = edit(EXAMPLE_2024, "scheme: approval-2024", "scheme: broken", tmp_path)
    assert main(["render", str(unit), "--out", str(tmp_path / "out"), "--templates",
                 str(tmp_path / "schemes")]) == 1
    err = capsys.readouterr().err
    assert "[SCHEME-UNKNOWN]" in err and "nowhere" in err


def test_self_evaluation_alone_from_a_full_report(tmp_path, capsys):
    out = tmp_path / "se"
    assert main(["render", str(EXAMPLE_2024), "--document", "self-evaluation", "--format", "docx",
                 "--out", str(out)]) == 0
    text = docx_text(out / "zhuzhou-policy-research-2024-self-evaluation.docx")
    lines = text.splitlines()
    assert lines[0] == "2024年度市委政策研究室整体支出绩效自评报告" and lines[1] == "单位名称：中共株洲市委政策研究室"
    assert "第二部分" not in text and "一、部门基本情况" in text and "等级：优" in text
