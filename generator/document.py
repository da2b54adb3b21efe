"""The Document: what both writers render, and nothing else (no I/O, no arithmetic).

A Document is a cover, then parts; a part holds blocks: headings, paragraphs and tables.
The DOCX and the PDF are two views of the same Document, so they say the same thing.
"""

from dataclasses import dataclass, field

from generator.columns import CELL_PADDING, fit_columns, text_em  # noqa: F401  (layout)

MM = 72 / 25.4                  # points in a millimetre


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

    def note_lead(self):
        """The width in characters of a note's lead (注： → 2, 备注： → 3), 0 without one: a
        note's wrapped lines hang under its text, and the notes after it align with it."""
        for lead in NOTE_LEADS:
            if self.text.startswith(lead):
                return len(lead)
        return 0


NOTE_LEADS = ("注：", "备注：", "说明：")


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

    def fit(self, available):
        """Column widths (points) and type size that fit the content in ``available`` points
        (layout only): a :class:`generator.columns.Fit`.

        Amounts (right-aligned cells) and short codes never wrap: their column is as wide as
        the widest figure in the table's font.  Headers and names may wrap, but never leave
        one character alone on a line.  Columns of names take what is left; a table with no
        names spreads the rest over all its columns.  A table whose figures cannot fit is set
        in a smaller type.  See :func:`generator.columns.fit_columns`.
        """
        return fit_columns(self.header, self.body, self.font_size, available)

    def column_widths(self, available):
        """The column widths in points of :meth:`fit`."""
        return list(self.fit(available).widths)


@dataclass(frozen=True)
class PageBreak:
    landscape: bool = False


@dataclass(frozen=True)
class Figure:
    """A chart with its caption (``title``) and its text alternative (``alt``).

    ``chart`` (:class:`generator.charts.Chart`) holds the printed labels and values; the
    writers ask for it drawn: :meth:`svg` (HTML, PDF) or :meth:`png` (DOCX).
    """

    anchor: str
    title: str
    chart: object
    alt: str

    def svg(self):
        from generator.charts import svg
        return svg(self.chart)

    def png(self):
        from generator.charts import png
        return png(self.chart)

    def size_inches(self):
        from generator.charts import size_inches
        return size_inches(self.chart)


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
    title: str = "方正小标宋简体"      # the document title (小标宋)
    pdf_title: tuple = ("Noto Serif CJK SC",)


@dataclass(frozen=True)
class Page:
    """Page geometry and type sizes in points, in the manner of GB/T 9704 (layout settings).

    A4; text block 156 mm × 225 mm (天头 37 mm, 订口 28 mm); body 三号 (16 pt) in lines of
    ``line_pt``.  ``grid`` sets 28 characters × 22 lines: the body size then fills the
    line exactly (156 mm / 28) and the pitch is 225 mm / 22.  Landscape pages turn the
    margins with the page (the portrait top margin becomes the left one).
    """

    width_mm: float = 210
    height_mm: float = 297
    margins_mm: tuple = (37, 26, 35, 28)     # top, right, bottom, left
    body_pt: float = 16                      # 三号
    line_pt: float = 28.95                   # 22 lines in 225 mm
    grid: bool = False                       # 28 characters × 22 lines
    title_pt: float = 22                     # 二号 小标宋
    part_pt: float = 18                      # 小二 黑体
    heading_pt: float = 16                   # 三号 黑体 / 楷体
    note_pt: float = 10.5                    # 五号
    chars: int = 28
    lines: int = 22

    def text_width(self, landscape=False):
        """The width of the text block in points."""
        top, right, bottom, left = self.margins_mm
        return ((self.height_mm - top - bottom) if landscape else (self.width_mm - left - right)) * MM

    def text_height(self, landscape=False):
        top, right, bottom, left = self.margins_mm
        return ((self.width_mm - left - right) if landscape else (self.height_mm - top - bottom)) * MM

    def margins(self, landscape=False):
        """CSS order (top right bottom left) in mm; a landscape page turns them a quarter."""
        top, right, bottom, left = self.margins_mm
        return (right, bottom, left, top) if landscape else (top, right, bottom, left)

    def body_size(self):
        return round(self.text_width() / self.chars, 2) if self.grid else self.body_pt

    def line_pitch(self):
        return round(self.text_height() / self.lines, 2) if self.grid else self.line_pt


@dataclass(frozen=True)
class Document:
    title: str
    cover: Cover
    toc_title: str
    parts: tuple
    fonts: Fonts = field(default_factory=Fonts)
    footer: str = "— {page} —"
    lang: str = "zh-CN"
    author: str = ""                  # the unit (DOCX core properties, PDF metadata)
    page: Page = field(default_factory=Page)

    def headings(self):
        """Every heading in body order: the table of contents is built from this."""
        for part in self.parts:
            yield part.heading
            for block in part.blocks:
                if isinstance(block, Heading):
                    yield block
