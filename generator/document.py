"""The Document: what both writers render, and nothing else (no I/O, no arithmetic).

A Document is a cover, then parts; a part holds blocks: headings, paragraphs and tables.
The DOCX and the PDF are two views of the same Document, so they say the same thing.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading.  ``level`` 1 = part, 2 = section, 3 = sub-section.

    ``text`` is printed in the body; ``toc_text`` (when set) is what the table of contents
    shows.  ``anchor`` is a stable id for links and bookmarks.
    """

    level: int
    text: str
    anchor: str
    toc_text: str = ""
    in_toc: bool = True
    style: str = ""            # "" or "table-title", "part"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text.  ``style``: body, note, center, right, unit-line, signature."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"       # left, center, right
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table with header rows that repeat on every page, and its captions and notes."""

    anchor: str
    code: str                         # 公开01表 / 财决批复01表
    meta_left: str                    # 部门：…
    meta_center: str                  # 2020年度
    meta_right: str                   # 单位：万元
    header: tuple                     # rows of Cells
    body: tuple                       # rows of Cells
    notes: tuple = ()
    widths: tuple = ()                # relative column widths
    landscape: bool = False
    font_size: float = 9.0            # points
    empty_statement: str = ""


@dataclass(frozen=True)
class PageBreak:
    landscape: bool = False


@dataclass(frozen=True)
class Part:
    heading: Heading
    blocks: tuple


@dataclass(frozen=True)
class Cover:
    lines: tuple                      # e.g. ("2020年度", "株洲市…", "部门决算")


@dataclass(frozen=True)
class Fonts:
    """Font families for Word (names a Chinese Word user has) and for the PDF (installed)."""

    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    table: str = "宋体"
    latin: str = "Times New Roman"
    pdf_body: tuple = ("Noto Serif CJK SC",)
    pdf_heading1: tuple = ("Noto Sans CJK SC",)
    pdf_heading2: tuple = ("Noto Serif CJK SC",)
    pdf_table: tuple = ("Noto Serif CJK SC",)


@dataclass(frozen=True)
class Document:
    title: str
    cover: Cover
    toc_title: str
    parts: tuple
    fonts: Fonts = field(default_factory=Fonts)
    footer: str = "— {page} —"
    lang: str = "zh-CN"

    def headings(self):
        """Every heading in body order: the table of contents is built from this."""
        for part in self.parts:
            yield part.heading
            for block in part.blocks:
                if isinstance(block, Heading):
                    yield block
