"""The GB 2312 subsets of the PDF's faces (generator/fonts.py, issue 13: memory per worker):
they hold every character of GB 2312 with the glyphs and advances of the full face, the PDF
uses them, and a character outside them is still printed, from the full face."""

import unicodedata

import pytest
from pypdf import PdfReader

from generator import fonts
from generator.pipeline import render_file
from tests.conftest import MINIMAL


def test_gb2312_is_the_whole_standard():
    chars = fonts.gb2312()
    hanzi = [c for c in chars if unicodedata.name(chr(c), "").startswith("CJK UNIFIED IDEOGRAPH")]
    assert len(hanzi) == 6763 and len(chars) == 7445           # 6,763 汉字 + 682 symbols (GB 2312-80)
    kept = fonts.characters()
    assert chars <= kept
    for text in "０１２３％（）、。《》“”—①㈠ABCxyz0.5,":      # what the reports print besides 汉字
        assert ord(text) in kept, text


def test_each_subset_goes_right_before_its_face():
    subsets = {"Noto Serif CJK SC": "Noto Serif CJK SC GB2312", "LXGW WenKai": "LXGW WenKai GB2312"}
    assert fonts.with_subsets(["FangSong", "LXGW WenKai", "Noto Serif CJK SC"], subsets) == \
        ["FangSong", "LXGW WenKai GB2312", "LXGW WenKai", "Noto Serif CJK SC GB2312", "Noto Serif CJK SC"]
    assert fonts.with_subsets(["KaiTi"], subsets) == ["KaiTi"]
    assert fonts.with_subsets(["LXGW WenKai", "LXGW WenKai"], subsets).count("LXGW WenKai GB2312") == 1


installed = pytest.mark.skipif(not fonts.installed(), reason="no GB 2312 subsets installed (make fonts)")


def _index():
    import json

    for folder in fonts.folders():
        if (folder / fonts.INDEX).is_file():
            return folder, json.loads((folder / fonts.INDEX).read_text(encoding="utf-8"))["faces"]
    return None, []


@installed
def test_a_subset_keeps_every_character_glyph_and_advance_of_its_face():
    from fontTools.ttLib import TTFont

    folder, faces = _index()
    wanted = fonts.characters()
    checked = 0
    for entry in faces:
        if (entry["family"], entry["style"]) not in (("Noto Serif CJK SC", "Regular"), ("LXGW WenKai", "Light")):
            continue                               # one face of each outline kind (CFF, TrueType): fast
        path, index = entry["source"].split(":")[:2]
        full = TTFont(path, fontNumber=int(index), lazy=True)
        small = TTFont(folder / entry["file"], lazy=True)
        full_map, small_map = full.getBestCmap(), small.getBestCmap()
        assert {c for c in full_map if c in wanted} <= set(small_map), entry["file"]    # (+ what layout rules reach)
        assert len(small_map) < len(full_map) / 2, entry["file"]
        for code in list(small_map)[::37]:         # the advance of every 37th: the same layout
            assert small["hmtx"][small_map[code]][0] == full["hmtx"][full_map[code]][0], (entry["file"], hex(code))
        assert entry["subset"] == entry["family"] + fonts.SUFFIX
        names = {r.toUnicode() for r in small["name"].names if r.nameID == 1}
        assert any(n.endswith(fonts.SUFFIX) for n in names) and not any(n == entry["family"] for n in names)
        checked += 1
        full.close()
        small.close()
    assert checked == 2


def _fonts_of(pdf):
    names = set()
    for page in PdfReader(str(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@installed
def test_the_pdf_embeds_the_subsets_and_prints_a_character_outside_them(tmp_path):
    from tests.extract import pdf_text

    rare = "喆"                                   # in GBK, not in GB 2312
    assert ord(rare) not in fonts.characters()
    source = tmp_path / "unit.yaml"
    source.write_text(MINIMAL.replace("name: 测试单位", f"name: 测试{rare}单位"), encoding="utf-8")
    rendered = render_file(source, tmp_path, ("pdf",))
    pdf = tmp_path / "unit.pdf"
    assert rendered.written and pdf.exists()
    embedded = _fonts_of(pdf)
    # the body (仿宋's stand-in) and the tables (宋体) from their subsets
    assert {"LXGW-WenKai-GB2312", "Noto-Serif-CJK-SC-GB2312"} <= embedded, embedded
    assert rare in pdf_text(pdf)                                       # printed, not a blank box
    assert any("GB2312" not in name and "CJK" in name for name in embedded), embedded   # from the full face


def test_make_subsets_once_and_survives_a_face_it_cannot_subset(tmp_path, monkeypatch):
    import io
    import json

    if fonts.face_file("DejaVu Sans", "Book") is None:
        pytest.skip("DejaVu Sans is not installed")
    monkeypatch.setattr(fonts, "FACES", (("DejaVu Sans", "Book"),))      # a small face: fast
    out = io.StringIO()
    index = fonts.make(tmp_path, out)
    (entry,) = index["faces"]
    assert entry["subset"] == "DejaVu Sans GB2312" and (tmp_path / entry["file"]).is_file()
    assert json.loads((tmp_path / fonts.INDEX).read_text(encoding="utf-8")) == index
    assert not list(tmp_path.glob(".*.tmp"))
    monkeypatch.setattr(fonts, "_subset", lambda *a: pytest.fail("made again"))
    assert fonts.make(tmp_path, io.StringIO()) == index                   # made once, then skipped

    def broken(*args):
        raise ValueError("no glyphs")

    monkeypatch.setattr(fonts, "_subset", broken)
    (tmp_path / entry["file"]).unlink()
    again = io.StringIO()
    index = fonts.make(tmp_path, again)
    assert "no subset" in again.getvalue() and not list(tmp_path.glob(".*.tmp"))
    assert not (tmp_path / entry["file"]).exists()
