"""A table as read from any source: rows of text cells, each knowing where it was read.

The workbook reader (one sheet or CSV file per table) and the report readers (DOCX
tables, PDF pages) all produce Grids; the interpreter reads figures from Grids only, so
every source gets the same tolerance for header variants and the same located messages.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class GridCell:
    """One cell's text exactly as read (numbers as their printed/stored text), and where.

    ``where`` is what a message prints: ``收入决算表!D12`` for a workbook cell, or
    ``第7页 表1 第5行第4列`` for a cell of a published report.
    """

    text: str
    where: str


@dataclass(frozen=True)
class Grid:
    """One table: its title (sheet name or the caption found above it), rows of cells.

    ``rows`` include header rows, the 单位/部门 caption rows and notes, as found; merged
    cells are repeated or left empty, as the source gives them.  ``source`` is the file.
    """

    title: str
    rows: tuple          # tuple of tuples of GridCell
    source: str
    where: str = ""      # e.g. the sheet name, or "第7页"
