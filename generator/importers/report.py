"""Published reports (DOCX, PDF) → Grids: the 决算 tables (Part 2), as printed.

``read_report(path)`` returns ``(grids, problems)``: one :class:`Grid` per 决算表, titled
with the caption line found above the table (``收入决算表``, ``收入决算批复表``,
``财政拨款“三公”经费支出决算表``), its caption lines (``部门：…``, ``单位：万元``) as one-cell
rows before the table's rows, so that the interpreter reads unit and amount unit the same
way as from a workbook.  Every cell knows where it was printed: ``第7页 表1 第5行第4列``
(PDF: page, table on that page, row and column of that table) or ``表3 第5行第4列`` (DOCX:
table in document order).  Merged cells are given once, at their first row and column;
the cells they span are empty.

Only tables of the part that holds the 决算 tables are read when the report has part
headings (``第二部分 … 决算表`` here; ``第五部分 附表`` or ``第一部分 … 决算报表`` in other
provinces), so that the self-evaluation's scoring tables (Part 5) or a unit list in Part 1
are not taken for 决算 tables.  In a PDF, a table that starts a page with no new title
continues the previous table (its repeated header rows are dropped).  ``problems`` are located findings
for what is not read: a table among them without a title naming a 决算表, a continuation
whose columns cannot be aligned, a title without a table, a PDF without text.
"""

import re
import unicodedata
from pathlib import Path

from generator.findings import ERROR, WARNING, Finding, Source
from generator.i18n import N_
from generator.importers.grid import Grid, GridCell

CN_DIGITS = "一二三四五六七八九十"
PART = re.compile(r"^第([一二三四五六七八九十]{1,2})部分")
LEADER = re.compile(r"(\.{3,}|…{2,}|·{3,}|\t)\s*\d+\s*$")
UNIT_SPLIT = re.compile(r"\s+(?=(?:金额)?单位[:：])")
DECIMAL = re.compile(r"\d\.\d")
NUMERIC = re.compile(r"[-－—]?[\d,，]*\d(\.\d+)?%?")
HEADING_NAME = re.compile(r"^(?:第[一二三四五六七八九十]{1,2}部分)?(.*?)(?:(?:20\d{2})?年度?)?(?:部门|单位)?决算表$")
CONTINUED = re.compile(r"^[(（]?续表?[)）]?$|^续表\d*$")
YEAR_LINE = re.compile(r"^(20\d{2})(年度?)?$")

NO_TEXT = N_("the PDF has no text layer (a scanned image?); its tables cannot be read")
NO_TITLE = N_("this table among the 决算 tables has no title naming one of them; its {count} figure(s) are not read")
COLUMNS_DIFFER = N_("this continuation of '{title}' has {count} columns where the table has {width}; "
                    "its {figures} figure(s) are not read")
TITLE_WITHOUT_TABLE = N_("the title '{title}' has no table under it; nothing is read for it")
OUTSIDE = N_("{count} figure(s) on this page of the 决算 tables stand outside any table found (the first: {first}); "
              "they are not read")
NOT_A_REPORT = N_("'{suffix}' is not a published report this reader knows (.docx or .pdf)")


class ReportError(OSError):
    """The file cannot be opened as a DOCX or PDF at all."""


def read_report(path):
    """(grids, problems) of a published report, ``.docx`` or ``.pdf``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        try:
            return _read_pdf(path)
        except OSError:
            raise
        except Exception as exc:                    # a damaged PDF: pdfminer's and pdfium's errors
            if type(exc).__module__.split(".")[0] in ("pdfminer", "pdfplumber", "pypdfium2", "pypdfium2_raw"):
                raise ReportError(f"{path.name}: {exc}") from exc
            raise
    if suffix == ".docx":
        return _read_docx(path)
    raise ReportError(NOT_A_REPORT.format(suffix=suffix))


# ------------------------------------------------------------------ text helpers

def norm(text):
    """Text as compared: NFKC, no blanks, no quotes."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s\"'“”‘’「」]", "", text)


def cell_text(text):
    """A cell's printed text on one line: line breaks inside a cell are wrapping, joined
    without a blank (a blank only between two Latin letters or digits)."""
    if text is None:
        return ""
    lines = [part.strip() for part in str(text).splitlines()]
    out = ""
    for part in lines:
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def part_number(text):
    """The part a heading line opens (``第二部分 …`` → 2), None for any other line, or a
    table-of-contents entry (dot leaders and a page number)."""
    if LEADER.search(text or ""):
        return None
    m = PART.match(norm(text))
    if not m:
        return None
    digits = m.group(1)
    if digits == "十":
        return 10
    if digits.startswith("十"):
        return 10 + CN_DIGITS.index(digits[1]) + 1
    return CN_DIGITS.index(digits[0]) + 1 if len(digits) == 1 else None


def names_tables_part(text):
    """A part heading that names the tables: ``第二部分 … 部门决算表``, ``第五部分 附表``."""
    return bool(re.search(r"决算报?表|附表|报表|公开表", norm(text)))


def names_table(text):
    """True when a line is a 决算表 title (``收入决算表``, ``收入决算批复表``,
    ``财政拨款“三公”经费支出决算表``); not a part heading, a note or a sentence."""
    t = norm(text)
    t = re.sub(r"[(（]续[)）]$", "", t)
    if not t or len(t) > 40 or PART.match(t) or t.startswith(("注", "附件", "说明")):
        return False
    if re.search(r"(部门|单位)决算表$", t):
        return False                                # “XX局2024年度部门决算表”: Part 2's heading
    return t.endswith("表") and ("决算" in t or "三公" in t)


def is_figure(text):
    """A cell that prints an amount (what a test counts as a table figure)."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    return bool(t) and bool(DECIMAL.search(t)) and bool(NUMERIC.fullmatch(t.replace(" ", "")))


def caption_cells(text, where):
    """A caption line as cells: ``部门：X  金额单位：万元`` → two cells (tabs split too)."""
    parts = []
    for piece in str(text).split("\t"):
        parts.extend(p for p in UNIT_SPLIT.split(piece.strip()) if p.strip())
    return tuple(GridCell(p.strip(), where) for p in parts)


def _is_toc_page(lines):
    return any(norm(t) in ("目录", "目次") for t in lines)


def _problem(rule, message, file, where, severity=ERROR, **params):
    return Finding(rule, severity, message, Source(str(file), 0, 0, where), params)


def _pad(rows, where_of):
    """Rows padded to one width with empty cells (located where they would be)."""
    width = max((len(r) for r in rows), default=0)
    out = []
    for i, row in enumerate(rows):
        row = tuple(row)
        if len(row) < width:
            row += tuple(GridCell("", where_of(i, j)) for j in range(len(row), width))
        out.append(row)
    return tuple(out)


def _unit_from_heading(headings):
    """``第二部分 上海市普陀区财政局 年度部门决算表`` → ``上海市普陀区财政局`` (None when the
    heading names no unit, as in ``第二部分 2024年度部门决算表``)."""
    for text in headings:
        m = HEADING_NAME.match(norm(text))
        if m:
            name = re.sub(r"(20\d{2})年度?$", "", m.group(1))
            if name and not name[0].isdigit():
                return name
    return None


def _add_heading_captions(grids, headings, where):
    """The Part 2 heading's unit and year as caption rows of the first grid, when no table
    caption gives the unit's name (``部门：…``)."""
    if not grids or not headings:
        return grids
    has_name = any(re.match(r"^(部门|编制单位|单位名称|预算单位|部门名称)[:：]", norm(c.text))
                   for g in grids for r in g.rows for c in r)
    extra = []
    name = _unit_from_heading(headings)
    if name and not has_name:
        extra.append((GridCell("部门：" + name, where),))
    for text in headings:
        m = YEAR_LINE.match(norm(text)) or re.search(r"(20\d{2})年度?", norm(text))
        if m:
            extra.append((GridCell(m.group(1) + "年度", where),))
            break
    if not extra:
        return grids
    first = grids[0]
    rows = (first.rows[0],) + tuple(extra) + first.rows[1:]
    width = max(len(r) for r in first.rows)
    rows = tuple(r + tuple(GridCell("", where) for _ in range(width - len(r))) for r in rows)
    return [Grid(first.title, rows, first.source, first.where)] + list(grids[1:])


# ------------------------------------------------------------------ PDF

class _Segment:
    """A table as found on one page: rows of (text, where), its column x-ranges."""

    def __init__(self, page, index, rows, columns, top, bottom, label=None):
        self.page, self.index, self.rows, self.columns = page, index, rows, columns
        self.top, self.bottom, self.label = top, bottom, label

    @property
    def where(self):
        return self.label or f"第{self.page}页 表{self.index}"

    def figures(self):
        return sum(1 for row in self.rows for c in row if is_figure(c.text))


def _segment(page_no, index, raw_rows, columns, top, bottom):
    rows = []
    for r, raw in enumerate(raw_rows, start=1):
        row = tuple(GridCell(cell_text(text), f"第{page_no}页 表{index} 第{r}行第{c}列")
                    for c, text in enumerate(raw, start=1))
        rows.append(row)
    return _Segment(page_no, index, rows, columns, top, bottom)


def _column_ranges(table):
    """x-range of each column of a pdfplumber table (the narrowest cell bbox in it)."""
    ranges = []
    try:
        rows = table.rows
    except Exception:                               # pragma: no cover - pdfplumber internals
        return []
    width = max((len(r.cells) for r in rows), default=0)
    for j in range(width):
        best = None
        for row in rows:
            if j < len(row.cells) and row.cells[j] is not None:
                x0, _, x1, _ = row.cells[j]
                if best is None or x1 - x0 < best[1] - best[0]:
                    best = (x0, x1)
        ranges.append(best)
    return ranges


class _Pending:
    """A 决算表 being assembled over one or more pages."""

    def __init__(self, title, captions, segment):
        self.title, self.captions, self.segments = title, captions, [segment]
        first = segment.rows
        data = next((i for i, r in enumerate(first) if any(DECIMAL.search(c.text) for c in r)), len(first))
        self.header = {tuple(norm(c.text) for c in r) for r in first[:data] if any(c.text for c in r)}
        self.width = max((len(r) for r in first), default=0)
        self.columns = segment.columns
        self.rows = [r for r in first if any(c.text for c in r)]

    def extend(self, segment, file, problems):
        rows = [r for r in segment.rows if any(c.text for c in r)]
        while rows and tuple(norm(c.text) for c in rows[0]) in self.header:
            rows.pop(0)                                  # the header repeated on the new page
        if not rows:
            return
        width = max(len(r) for r in rows)
        if width != self.width:
            mapping = _align(segment.columns, self.columns)
            if mapping is None:
                problems.append(_problem("IMPORT-REPORT-COLUMNS", COLUMNS_DIFFER, file, segment.where,
                                         title=self.title, count=width, width=self.width,
                                         figures=segment.figures()))
                return
            aligned = []
            for row in rows:
                cells = [None] * self.width
                for k, cell in enumerate(row):
                    j = mapping[k]
                    if cells[j] is None or not cells[j].text:
                        cells[j] = cell
                base = re.sub(r"第\d+列$", "", row[0].where)   # an empty cell where none was printed
                aligned.append(tuple(c if c is not None else GridCell("", f"{base}(第{j + 1}列)")
                                     for j, c in enumerate(cells)))
            rows = aligned
        self.rows.extend(rows)

    def grid(self, file):
        first = self.segments[0]
        where = first.where
        caption_rows = [caption_cells(text, f"{where}上方") for text in self.captions]
        caption_rows = [r for r in caption_rows if r]
        rows = [(GridCell(self.title, f"{where}上方"),)] + caption_rows + self.rows
        return Grid(self.title, _pad(rows, lambda i, j: f"{where}上方"), str(file), where)


def _align(columns, target):
    """Column k of a continuation → column j of the table, by x position; None if any
    column falls outside the table's columns or two fall into one."""
    if not columns or not target or any(c is None for c in columns):
        return None
    mapping, used = [], set()
    for x0, x1 in columns:
        centre = (x0 + x1) / 2
        j = next((j for j, t in enumerate(target) if t and t[0] - 1 <= centre <= t[1] + 1), None)
        if j is None or j in used:
            return None
        used.add(j)
        mapping.append(j)
    return mapping


LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
TEXT = {"vertical_strategy": "text", "horizontal_strategy": "text", "snap_tolerance": 3,
        "join_tolerance": 3, "min_words_vertical": 2, "min_words_horizontal": 1}


def _read_pdf(path):
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:                      # pragma: no cover - a broken install
        raise ReportError(str(exc)) from exc
    problems, grids = [], []
    try:
        pdf = pdfplumber.open(path)
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ReportError(f"{path.name}: {exc}") from exc
    except OSError:
        raise
    with pdf:
        texts = _page_texts(path, pdf)              # fast: pdfium's text, for the part headings
        if not any(t.strip() for t in texts):
            problems.append(_problem("IMPORT-REPORT-NO-TEXT", NO_TEXT, path, "第1页"))
            return [], problems
        # which part each page starts in (part headings outside a table of contents)
        starts, page_parts, part, heading_of = [], [], None, {}
        for text in texts:
            starts.append(part)
            page_lines = text.splitlines()
            numbers = [] if _is_toc_page(page_lines) else \
                [(n, t.strip()) for n, t in ((part_number(t), t) for t in page_lines) if n is not None]
            page_parts.append({n for n, _ in numbers})
            for n, t in numbers:
                part = n
                heading_of.setdefault(n, t)
        # the part(s) holding the tables: “第二部分 … 决算表” here and in the examples,
        # “第五部分 附表” or “第一部分 … 决算报表” elsewhere; with none named, every page
        wanted = {n for n, t in heading_of.items() if names_tables_part(t)} or None
        named_parts = wanted is not None

        def wanted_part(p):
            return wanted is None or p in wanted

        has_heading = [bool(wanted and numbers & wanted) for numbers in page_parts]
        heading = heading_of[min(wanted)] if wanted else None
        headings, heading_where = [], ""
        pending = None
        for page_no, page in enumerate(pdf.pages, start=1):
            part = starts[page_no - 1]
            if not wanted_part(part) and not has_heading[page_no - 1]:
                continue                            # only the tables' part is parsed in full
            if _is_toc_page(texts[page_no - 1].splitlines()):
                continue                            # a table of contents lists titles, no tables
            lines = _merge_lines(page.extract_text_lines(layout=False, strip=True, return_chars=True))
            marks = [] if _is_toc_page([ln["text"] for ln in lines]) else \
                [(ln["top"], part_number(ln["text"])) for ln in lines if part_number(ln["text"]) is not None]
            if has_heading[page_no - 1] and not any(n in wanted for _, n in marks):
                marks.insert(0, (0, min(page_parts[page_no - 1] & wanted)))   # pdfplumber split the heading

            def part_at(y):
                p = part
                for top, n in marks:
                    if top <= y:
                        p = n
                return p

            if not wanted_part(part) and not any(wanted_part(n) for _, n in marks):
                continue
            if has_heading[page_no - 1] and not headings and named_parts:
                headings = [heading]
                heading_where = f"第{page_no}页 表格部分标题"
            if not headings and not named_parts:    # Part 2's heading without “第二部分”
                heading = next((ln["text"] for ln in lines if re.search(r"20\d{2}年度?(部门|单位)决算表$",
                                                                         norm(ln["text"]))), None)
                if heading:
                    headings, heading_where = [heading], f"第{page_no}页 决算表标题"
            tables = sorted(page.find_tables(LINES), key=lambda t: t.bbox[1])
            found = []
            for t in tables:
                raw = t.extract()
                if not any(cell_text(c) for r in raw for c in r):
                    continue                        # an empty frame (a page-bottom rule)
                found.append((t.bbox[1], t.bbox[3], raw, _column_ranges(t)))
            # titles on the page without a table under them: try the text strategy there
            titles = [ln for ln in lines if names_table(ln["text"])]
            for k, title in enumerate(titles):
                below = titles[k + 1]["top"] if k + 1 < len(titles) else page.height
                # a part heading below the title ends its table's region (Part 3's text is no table)
                below = min([below] + [top for top, _ in marks if top > title["bottom"]])
                if not wanted_part(part_at(title["top"])):
                    continue
                if any(title["bottom"] <= top + 1 and top < below for top, _, _, _ in found):
                    continue
                if k + 1 < len(titles) and not any(
                        is_figure(w["text"]) for w in _band(page, title["bottom"], below).extract_words()):
                    continue                        # a list of titles (a contents page): no table here
                captions = [ln for ln in lines if title["bottom"] <= ln["top"] < below
                            and _caption_like(ln["text"])]
                start = max([title["bottom"]] + [ln["bottom"] for ln in captions])
                if below - start < 12:
                    problems.append(_problem("IMPORT-REPORT-NO-TABLE", TITLE_WITHOUT_TABLE, path,
                                             f"第{page_no}页", WARNING, title=norm(title["text"])))
                    continue
                region = _band(page, start + 0.5, below - 0.5)
                candidates = region.find_tables(TEXT)
                best = max(candidates, key=lambda t: len(t.extract()), default=None)
                if best is None or not any(is_figure(cell_text(c)) or cell_text(c) for r in best.extract() for c in r):
                    problems.append(_problem("IMPORT-REPORT-NO-TABLE", TITLE_WITHOUT_TABLE, path,
                                             f"第{page_no}页", WARNING, title=norm(title["text"])))
                    continue
                found.append((best.bbox[1], best.bbox[3], best.extract(), _column_ranges(best)))
            if not found and not titles and pending is not None and wanted_part(part_at(0)):
                # a continuation page without ruling lines: the text strategy on the whole page
                best = max(page.find_tables(TEXT), key=lambda t: len(t.extract()), default=None)
                if best is not None and any(is_figure(cell_text(c)) for r in best.extract() for c in r):
                    found.append((best.bbox[1], best.bbox[3], best.extract(), _column_ranges(best)))
            found.sort(key=lambda f: f[0])
            stray = [w for w in page.extract_words() if is_figure(w["text"])
                     and not any(top <= (w["top"] + w["bottom"]) / 2 <= bottom
                                 and x0 <= (w["x0"] + w["x1"]) / 2 <= x1          # a glyph may overhang a rule
                                 for top, bottom, _, _, (x0, x1) in ((*f, _x_span(f[3])) for f in found))
                     and wanted_part(part_at(w["top"]))]
            if stray:
                problems.append(_problem("IMPORT-REPORT-OUTSIDE", OUTSIDE, path, f"第{page_no}页",
                                         count=len(stray), first=stray[0]["text"]))
            previous_bottom = 0
            for index, (top, bottom, raw, columns) in enumerate(found, start=1):
                segment = _segment(page_no, index, raw, columns, top, bottom)
                above = [ln for ln in lines if ln["bottom"] <= top + 1 and ln["top"] >= previous_bottom - 1]
                previous_bottom = bottom
                if not wanted_part(part_at(top)):
                    continue
                title_i = max((i for i, ln in enumerate(above) if names_table(ln["text"])), default=None)
                inside = _title_in_rows(segment.rows)
                if title_i is not None or inside:
                    if pending is not None:
                        grids.append(pending.grid(path))
                    if title_i is not None:
                        captions = [ln["text"] for ln in above[title_i + 1:] if part_number(ln["text"]) is None]
                        pending = _Pending(cell_text(above[title_i]["text"]), captions, segment)
                    else:
                        pending = _Pending(inside, [], segment)
                elif index == 1 and pending is not None:
                    pending.extend(segment, path, problems)
                else:
                    count = segment.figures()
                    if count:
                        problems.append(_problem("IMPORT-REPORT-TABLE", NO_TITLE, path, segment.where, count=count))
        if pending is not None:
            grids.append(pending.grid(path))
    return _add_heading_captions(grids, headings, heading_where), problems


def _band(page, top, bottom):
    """The page between two heights (kept inside the page, at least a point high)."""
    x0, y0, x1, y1 = page.bbox
    top = min(max(top, y0), y1 - 1)
    return page.crop((x0, top, x1, min(max(bottom, top + 1), y1)))


def _x_span(columns):
    """Left and right edge of a table from its column ranges (the whole width if unknown)."""
    known = [c for c in columns if c]
    return (min(c[0] for c in known), max(c[1] for c in known)) if known else (-1e9, 1e9)


def _merge_lines(lines):
    """Text lines that share most of their height are one printed line (a raised quote
    mark, a year set in a larger font): their characters merged left to right, a blank
    where the gap between two characters is wider than half a character."""
    merged = []
    for ln in sorted(lines, key=lambda l: l["top"]):
        last = merged[-1] if merged else None
        if last is not None:
            overlap = min(last["bottom"], ln["bottom"]) - max(last["top"], ln["top"])
            height = min(last["bottom"] - last["top"], ln["bottom"] - ln["top"]) or 1
            if overlap > height / 2:
                last["chars"] = last["chars"] + ln["chars"]
                last["top"], last["bottom"] = min(last["top"], ln["top"]), max(last["bottom"], ln["bottom"])
                last["merged"] = True
                continue
        merged.append(dict(ln, chars=list(ln.get("chars", []))))
    for ln in merged:
        if ln.pop("merged", False):
            chars = sorted(ln["chars"], key=lambda c: c["x0"])
            text, right = "", None
            for ch in chars:
                if right is not None and ch["x0"] - right > (ch["x1"] - ch["x0"]) / 2 and not text.endswith(" "):
                    text += " "
                text += ch["text"]
                right = ch["x1"]
            ln["text"] = text.strip()
        ln.pop("chars", None)
    return merged


def _page_texts(path, pdf):
    """Each page's text (lines), through pdfium (fast); pdfplumber's when pdfium fails."""
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            texts = []
            for i in range(len(document)):
                page = document[i]
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                page.close()
            return texts
        finally:
            document.close()
    except Exception:                               # pdfium cannot read it: the slow way
        return [page.extract_text() or "" for page in pdf.pages]


def _caption_like(text):
    t = norm(text)
    return bool(re.search(r"(部门|单位|编制单位)[:：]|批复\d+表$|公开\d+表$|^\d{4}年度?$", t))


# ------------------------------------------------------------------ DOCX

def _read_docx(path):
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:                      # pragma: no cover
        raise ReportError(str(exc)) from exc
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ReportError(f"{path.name}: {exc}") from exc
    except Exception as exc:                        # a zip or XML error of a damaged file
        raise ReportError(f"{path.name}: {exc}") from exc
    body = document.element.body
    blocks = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(("p", Paragraph(child, document)))
        elif tag == "tbl":
            blocks.append(("t", Table(child, document)))
        elif tag == "sdt":                          # a content control (a TOC) holds paragraphs
            for p in child.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
                blocks.append(("toc", Paragraph(p, document)))
    texts = [(kind, b.text if kind != "t" else None) for kind, b in blocks]
    wanted = {part_number(text) for kind, text in texts if kind == "p" and not _toc_paragraph(blocks, text)
              and part_number(text) is not None and names_tables_part(text)} or None
    problems, grids, headings = [], [], []
    part, table_no, since, pending = None, 0, [], None
    for (kind, block), (_, text) in zip(blocks, texts):
        if kind == "toc":
            continue
        if kind == "p":
            if text and text.strip():
                n = None if _toc_paragraph(blocks, text, block) else part_number(text)
                if n is not None:
                    part = n
                    since = []
                    if wanted and n in wanted and not headings:
                        headings.append(text)
                    continue
                since.append(text)
            continue
        table_no += 1
        where = f"表{table_no}"
        rows = _docx_rows(block, where)
        preceding, since = since, []
        if wanted and part not in wanted:
            continue
        if not any(c.text for r in rows for c in r):
            continue
        segment = _Segment(None, table_no, rows, [], 0, 0, label=where)
        title_i = max((i for i, t in enumerate(preceding) if names_table(t)), default=None)
        inside = _title_in_rows(rows)
        if title_i is not None or inside:
            if pending is not None:
                grids.append(pending.grid(path))
            if title_i is not None:
                pending = _Pending(cell_text(preceding[title_i]), preceding[title_i + 1:], segment)
            else:
                pending = _Pending(inside, [], segment)
        elif pending is not None and all(CONTINUED.match(norm(t)) for t in preceding):
            pending.extend(segment, path, problems)   # a table split in two (“续表”)
        else:
            count = segment.figures()
            if count:
                problems.append(_problem("IMPORT-REPORT-TABLE", NO_TITLE, path, where, count=count))
    if pending is not None:
        grids.append(pending.grid(path))
    return _add_heading_captions(grids, headings, "表格部分标题"), problems


def _title_in_rows(rows):
    """A title printed in the table's own first rows (one text across the row), or None."""
    for row in rows[:3]:
        texts = {c.text for c in row if c.text}
        if len(texts) == 1:
            text = next(iter(texts))
            if names_table(text):
                return text
        elif texts:
            return None
    return None


def _toc_paragraph(blocks, text, paragraph=None):
    """A table-of-contents entry: a TOC style, or a page number after a tab or leaders."""
    if text and LEADER.search(text):
        return True
    if paragraph is not None:
        try:
            style = (paragraph.style.name or "").lower()
        except Exception:                           # pragma: no cover - a style without a name
            style = ""
        return style.startswith("toc")
    return False


def _docx_rows(table, where):
    """Rows of cell texts; a merged cell (gridSpan, vMerge) gives its text once, at its
    first grid column and first row — python-docx repeats the same ``_tc`` in every grid
    column and row it spans, so a cell already seen is empty here."""
    seen = set()
    rows = []
    for r, row in enumerate(table.rows, start=1):
        cells = []
        for c, cell in enumerate(row.cells, start=1):
            tc = cell._tc
            text = "" if tc in seen else cell_text(cell.text)
            seen.add(tc)                          # the element itself: its id() may be reused
            cells.append(GridCell(text, f"{where} 第{r}行第{c}列"))
        rows.append(tuple(cells))
    return rows
