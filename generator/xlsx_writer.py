"""A small, fast .xlsx writer for the build's overview (tens of thousands of rows in well
under a second, where openpyxl takes seconds).

Cells: ``str`` → an inline string (always text: "=SUM(A1)" is never a formula), ``int`` and
``Decimal`` → numbers (amounts with the format ``#,##0.00``), ``datetime`` → a date-time
number with the format ``yyyy-mm-dd hh:mm:ss``, ``None`` → an empty cell.  Each sheet has a
bold header row, frozen panes and column widths.  openpyxl reads the result back (tests).
"""

import datetime
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime.datetime(1899, 12, 30)

# style indexes of STYLES below: 0 plain, 1 bold, 2 amount, 3 bold amount, 4 date-time, 5 bold date-time
PLAIN, BOLD, AMOUNT, BOLD_AMOUNT, DATETIME, BOLD_DATETIME = range(6)
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def column_letter(index):
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value):
    if _NEEDS_ESCAPE.search(value) is None:         # most texts: nothing to escape or drop
        return value
    return escape(_ILLEGAL.sub("", value))


def _cell(ref, value, bold):
    kind = type(value)
    if kind is str:
        style = ' s="1"' if bold else ""
        return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{_text(value)}</t></is></c>'
    if value is None:
        return ""
    if kind is int:
        style = f' s="{BOLD}"' if bold else ""
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if kind is Decimal:
        style = BOLD_AMOUNT if bold else AMOUNT
        return f'<c r="{ref}" s="{style}"><v>{format(value, "f")}</v></c>'
    if isinstance(value, bool):
        return _cell(ref, str(value), bold)
    if isinstance(value, str):
        return _cell(ref, str(value), bold)
    if isinstance(value, datetime.datetime):
        serial = (value - _EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{BOLD_DATETIME if bold else DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, Decimal):
        return _cell(ref, Decimal(value), bold)
    style = f' s="{BOLD}"' if bold else ""
    return f'<c r="{ref}"{style}><v>{int(value)}</v></c>'


class Sheet:
    def __init__(self, title, header, widths, freeze="A2"):
        self.title, self.header, self.widths, self.freeze = title, header, widths, freeze
        self.rows = []                      # (values, bold)

    def append(self, values, bold=False):
        self.rows.append((values, bold))

    def xml(self):
        letters = [column_letter(i) for i in range(1, len(self.header) + 1)]
        col, row = re.match(r"([A-Z]+)(\d+)", self.freeze).groups()
        split_x = sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(col))) - 1
        split_y = int(row) - 1
        x = f' xSplit="{split_x}"' if split_x else ""
        pane = "bottomRight" if split_x else "bottomLeft"
        parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 f'<sheetViews><sheetView workbookViewId="0"><pane{x} ySplit="{split_y}" topLeftCell="{self.freeze}" '
                 f'activePane="{pane}" state="frozen"/></sheetView></sheetViews><cols>']
        parts += [f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(self.widths, 1)]
        parts.append("</cols><sheetData>")
        cell = _cell
        for number, (values, bold) in enumerate([(self.header, True)] + self.rows, start=1):
            row = str(number)
            cells = "".join([cell(letter + row, value, bold) for letter, value in zip(letters, values)])
            parts.append(f'<row r="{row}">{cells}</row>')
        parts.append("</sheetData></worksheet>")
        return "".join(parts)


class RawSheet:
    """A sheet of an earlier workbook, kept as it was stored (:func:`stored_sheet`): written into
    the new workbook byte for byte, neither inflated nor deflated again."""

    def __init__(self, title, stored):
        self.title, self.stored = title, stored


@dataclass(frozen=True)
class StoredMember:
    """A member of a zip archive as stored: its compressed bytes and what the archive says of them."""

    data: bytes
    compress_type: int
    crc: int
    file_size: int


def stored_sheet(path, index):
    """Sheet ``index`` (1-based) of a workbook this module wrote, as stored; None if it cannot be
    read or its bytes do not inflate to what its CRC says."""
    name = f"xl/worksheets/sheet{index}.xml"
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(name)
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                return None
            archive.fp.seek(info.header_offset)
            header = archive.fp.read(30)
            if header[:4] != b"PK\x03\x04":
                return None
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            archive.fp.seek(info.header_offset + 30 + name_length + extra_length)
            data = archive.fp.read(info.compress_size)
    except (OSError, KeyError, zipfile.BadZipFile, struct.error):
        return None
    if len(data) != info.compress_size or _crc(data, info.compress_type) != (info.CRC, info.file_size):
        return None
    return StoredMember(data, info.compress_type, info.CRC, info.file_size)


def _crc(data, compress_type):
    """(CRC-32, size) of what ``data`` inflates to (in chunks: the sheet is never whole in memory)."""
    if compress_type == zipfile.ZIP_STORED:
        return zlib.crc32(data), len(data)
    inflate, crc, size, view = zlib.decompressobj(-15), 0, 0, memoryview(data)
    try:
        for start in range(0, len(data), 1 << 20):
            chunk = inflate.decompress(view[start:start + (1 << 20)])
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
        chunk = inflate.flush()
    except zlib.error:
        return None
    return zlib.crc32(chunk, crc), size + len(chunk)


def _write_stored(archive, name, stored):
    """``stored`` as member ``name`` of ``archive`` (open for writing), its bytes as they are;
    the archive's directory lists it as :meth:`zipfile.ZipFile.writestr` would."""
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.compress_type, info.CRC, info.file_size = stored.compress_type, stored.crc, stored.file_size
    info.compress_size = len(stored.data)
    info.external_attr = 0o600 << 16
    info.header_offset = archive.fp.tell()
    archive.fp.write(info.FileHeader(zip64=None))
    archive.fp.write(stored.data)
    archive.filelist.append(info)
    archive.NameToInfo[name] = info
    archive.start_dir = archive.fp.tell()
    archive._didModify = True


def save(sheets, path):
    """Write ``sheets`` (a list of :class:`Sheet`) as an .xlsx workbook at ``path``."""
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                        for i in range(1, len(sheets) + 1))
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                     '<Override PartName="/xl/styles.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' + overrides + '</Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    book = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{_text(s.title[:31])}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, s in enumerate(sheets, 1)) + '</sheets></workbook>')
    book_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                           f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                           for i in range(1, len(sheets) + 1))
                 + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/styles" Target="styles.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", book_rels)
        archive.writestr("xl/styles.xml", STYLES)
        for i, sheet in enumerate(sheets, 1):
            if isinstance(sheet, RawSheet):
                _write_stored(archive, f"xl/worksheets/sheet{i}.xml", sheet.stored)
            else:
                archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet.xml())
