"""Documents read back for structure, independently of the code that made them (issue 15).

Each example is rendered once (PDF and DOCX).  What is expected comes from the scheme YAML
and the input YAML read here (generator.scheme.load_scheme, yaml.safe_load), never from the
composed Document:

* every part, section and table title of the scheme is printed in the PDF body, in order;
* the PDF's table of contents lists them, and each TOC entry's page number is the printed
  page (footer —N—) on which that heading appears (PDF read page by page);
* the DOCX has the same headings in order (paragraph styles Heading 1/2, Table Heading);
* parity: every DOCX paragraph is in the PDF text in order, all DOCX text (tables included)
  is in the PDF, and the PDF has little beyond it (page furniture, chart labels, repeated
  table headers).
"""

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from generator.pipeline import render_file
from generator.scheme import load_scheme
from tests.conftest import INPUTS
from tests.extract import _p_text
from tests.test_properties import oracle_chinese

REPORTS = ["zhuzhou-beijing-office-2020", "zhuzhou-policy-research-2024", "shanghai-putuo-finance-2024"]
EVALUATION = "luosong-united-front-2022-self-evaluation"
FOOTER = re.compile(r"—\s*(\d+)\s*—")
TOC_LINE = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$")
ORDINAL = re.compile(r"^(?:第[一二三四五六七八九十百]+部分|[一二三四五六七八九十百]+、)")


def squash(text):
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("structure")
    docs = {}
    for name in REPORTS + [EVALUATION]:
        result = render_file(INPUTS / f"{name}.yaml", out, ["pdf", "docx"])
        written = {Path(p).suffix: Path(p) for p in result.written}
        assert {".pdf", ".docx"} <= set(written), [f.line("en") for f in result.findings]
        docs[name] = written
    return docs


def pdf_pages(path):
    """Text of each page (pdftotext -layout), with the printed page number of its footer."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = []
    for page in text.split("\f"):
        numbers = FOOTER.findall(page)
        pages.append((int(numbers[-1]) if numbers else None, page))
    return pages


def expected_headings(name):
    """(level, numbered title) of every part, section and table, from the scheme and the input."""
    unit = yaml.safe_load((INPUTS / f"{name}.yaml").read_text(encoding="utf-8"))["unit"]
    scheme = load_scheme(unit["scheme"])
    fill = {"unit": unit["name"], "year": unit["year"]}
    headings = []
    for n, part in enumerate(scheme["parts"], 1):
        headings.append(("part", f"第{oracle_chinese(n)}部分" + part["title"].format(**fill)))
        children = [scheme["section_titles"][s] for s in part.get("sections") or []] \
            + [scheme["tables"][t]["title"] for t in part.get("tables") or []]
        for k, title in enumerate(children, 1):
            headings.append(("table" if part.get("tables") else "section",
                             f"{oracle_chinese(k)}、" + title.format(**fill)))
    return headings


def unnumbered(title):
    return ORDINAL.sub("", title)


def toc_of(pages):
    """(entries, first): the TOC entries (title, page number) and the index in ``pages`` of
    the first page after the TOC, where the body begins.  Found from the pages' text alone
    (lines with dot leaders), not from the page numbers the TOC prints."""
    entries, first = [], len(pages)
    for i, (_, page) in enumerate(pages):
        lines = [m for m in map(TOC_LINE.match, page.splitlines()) if m]
        if entries and not lines:
            first = i
            break
        entries.extend((squash(m[1]), int(m[2])) for m in lines)
    return entries, first


def body_text(pages, first):
    """The text of the body: the pages from index ``first`` on (the TOC pages excluded, so a
    heading is never "found" in the TOC entry that names it)."""
    return "".join(squash(FOOTER.sub("", page)) for _, page in pages[first:])


def in_order(needles, haystack):
    """The needles not found in ``haystack`` in this order (each after the previous one)."""
    missing, pos = [], 0
    for needle in needles:
        i = haystack.find(needle, pos)
        if i < 0:
            missing.append(needle)
        else:
            pos = i + len(needle)
    return missing


@pytest.mark.parametrize("name", REPORTS)
def test_pdf_toc_lists_the_schemes_headings_with_the_pages_they_are_on(rendered, name):
    pages = pdf_pages(rendered[name][".pdf"])
    toc, first = toc_of(pages)
    expected = [squash(t) for _, t in expected_headings(name)]
    assert in_order(expected, "\n".join(t for t, _ in toc)) == [], toc
    assert len(toc) >= len(expected)
    # body pages only: on the TOC's own pages every title is printed, so a TOC whose numbers
    # were the TOC's own page (CSS counter(page) for target-counter) would otherwise pass
    by_number = {number: squash(FOOTER.sub("", page)) for number, page in pages[first:] if number is not None}
    wrong = [(title, n) for title, n in toc if unnumbered(title) not in by_number.get(n, "")]
    assert wrong == [], f"TOC entries whose heading is not printed on that page: {wrong}"
    # page numbers go forward with the headings
    numbers = [n for _, n in toc]
    assert numbers == sorted(numbers)


@pytest.mark.parametrize("name", REPORTS)
def test_pdf_body_prints_every_part_section_and_table_title_in_order(rendered, name):
    pages = pdf_pages(rendered[name][".pdf"])
    _, first = toc_of(pages)
    body = body_text(pages, first)
    expected = [squash(t if level != "table" else unnumbered(t)) for level, t in expected_headings(name)]
    assert in_order(expected, body) == []


@pytest.mark.parametrize("name", REPORTS)
def test_docx_has_the_same_headings_in_order(rendered, name):
    doc = Document(str(rendered[name][".docx"]))
    headings = [squash(p.text) for p in doc.paragraphs
                if p.style.name in ("Heading 1", "Heading 2", "Table Heading") and p.text.strip()]
    expected = [squash(t if level != "table" else unnumbered(t)) for level, t in expected_headings(name)]
    assert in_order(expected, "\n".join(headings)) == [], headings
    parts = [squash(p.text) for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert parts == [squash(t) for level, t in expected_headings(name) if level == "part"]
    toc = [squash(_p_text(p._p)) for p in doc.paragraphs if p.style.name.startswith("TOC ")]
    assert in_order([squash(t) for _, t in expected_headings(name)], "\n".join(toc)) == []


def test_self_evaluation_sections_in_order_in_both_formats(rendered):
    se = yaml.safe_load((INPUTS / f"{EVALUATION}.yaml").read_text(encoding="utf-8"))["self_evaluation"]
    titles = [squash(f"{oracle_chinese(n)}、{s['title']}") for n, s in enumerate(se["sections"], 1)]
    assert len(titles) >= 3
    pdf = "".join(squash(FOOTER.sub("", page)) for _, page in pdf_pages(rendered[EVALUATION][".pdf"]))
    assert in_order(titles, pdf) == []
    doc = Document(str(rendered[EVALUATION][".docx"]))
    assert in_order(titles, "\n".join(squash(p.text) for p in doc.paragraphs)) == []


def docx_paragraphs_and_all_text(path):
    """The body's paragraphs (not table cells), and all text including tables."""
    doc = Document(str(path))
    paragraphs = [squash(_p_text(el)) for el in doc.element.body if el.tag == qn("w:p")]
    everything = "".join(squash(_p_text(p)) for p in doc.element.body.iter(qn("w:p")))
    return [p for p in paragraphs if p], everything


@pytest.mark.parametrize("name", REPORTS + [EVALUATION])
def test_parity_of_all_text(rendered, name):
    pages = pdf_pages(rendered[name][".pdf"])
    pdf = "".join(FOOTER.sub("", page) for _, page in pages)
    pdf = squash(re.sub(r"\.{3,}\s*\d+", "", pdf))              # TOC leaders and page numbers
    paragraphs, everything = docx_paragraphs_and_all_text(rendered[name][".docx"])
    assert in_order(paragraphs, pdf) == []                       # every paragraph, in order
    only_docx = Counter(everything) - Counter(pdf)
    assert not only_docx, f"text of the DOCX missing from the PDF: {dict(only_docx)}"
    only_pdf = Counter(pdf) - Counter(everything)
    assert sum(only_pdf.values()) <= 0.02 * len(pdf), dict(only_pdf.most_common(20))
