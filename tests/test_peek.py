"""build's quick read of an input's links (generator.loader.peek): the same answer as the
careful loader, or a refusal that sends the file to it."""

import pytest

from generator import loader, previous
from generator.loader import MAX_DEPTH, Unpeekable, peek

PATHS = (("unit", "scheme"), ("previous", "file"))

TEXTS = {
    "block": "unit:\n  name: 甲\n  scheme: approval-2024\nprevious:\n  file: ../2023/甲.yaml\n",
    "flow": "unit: {name: 甲, scheme: public-2020}\nprevious: {file: '2023.yaml'}\n",
    "quoted": 'unit: {scheme: "approval-2024"}\nprevious: {file: "a b/c.yaml"}\n',
    "number": "unit: {scheme: 2024}\nprevious: {file: 2023.10}\n",
    "tagged number": "unit: {scheme: !!int 2024}\n",
    "duplicate keys: the first": "unit:\n  scheme: first\n  scheme: second\nunit: {scheme: third}\n",
    "alias": "base: &b {scheme: shared}\nunit: *b\n",
    "no unit": "income: {}\n",
    "unit not a map": "unit: approval-2024\n",
    "scheme a map": "unit: {scheme: {a: 1}}\nprevious: {file: [a, b]}\n",
    "root a list": "- unit\n- scheme\n",
    "python tag": "unit: !!python/object:os.system {scheme: x}\n",
    "tagged map": "unit: !!map {scheme: ok}\n",
    "comment and BOM": "\ufeff# 注释\nunit: {scheme: approval-2024}  # scheme\n",
    "non-scalar key": "unit: {[a]: 1, scheme: s}\n",
    "empty": "unit: {scheme: }\nprevious: {file: ''}\n",
}


def careful(path):
    """links() through the careful loader alone."""
    real = loader.peek
    try:
        loader.peek = lambda *a: (_ for _ in ()).throw(Unpeekable("test"))
        return previous.links(path)
    finally:
        loader.peek = real


@pytest.mark.parametrize("name", list(TEXTS))
def test_the_quick_read_answers_as_the_careful_loader(tmp_path, name):
    path = tmp_path / "unit.yaml"
    path.write_text(TEXTS[name], encoding="utf-8")
    assert peek(path, PATHS) == careful(path)
    assert previous.links(path) == careful(path)


def test_the_answers():
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "u.yaml"
        for name, expected in (("block", ("approval-2024", "../2023/甲.yaml")), ("number", ("2024", "2023.10")),
                               ("duplicate keys: the first", ("first", None)), ("alias", ("shared", None)),
                               ("python tag", (None, None)), ("non-scalar key", ("s", None))):
            path.write_text(TEXTS[name], encoding="utf-8")
            assert peek(path, PATHS) == expected, name


@pytest.mark.parametrize("text, why", [
    ("unit: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", "deep flow nesting"),
    ("unit: {scheme: [unclosed\n", "a syntax error"),
])
def test_what_the_quick_read_leaves_to_the_careful_loader(tmp_path, text, why):
    path = tmp_path / "unit.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Unpeekable):
        peek(path, PATHS)
    assert previous.links(path) == careful(path)


def test_files_that_cannot_be_peeked(tmp_path):
    with pytest.raises(Unpeekable):
        peek(tmp_path / "missing.yaml", PATHS)
    with pytest.raises(Unpeekable):
        peek(tmp_path, PATHS)                                        # a folder
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("unit: {name: 甲单位, scheme: approval-2024}\n".encode("gb18030"))
    assert peek(gbk, PATHS) == ("approval-2024", None) == careful(gbk)   # decoded as the loader does
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" + b" " * loader.MAX_BYTES)
    with pytest.raises(Unpeekable):
        peek(big, PATHS)


def test_an_alias_bomb_is_cheap_to_peek(tmp_path):
    import time

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 30)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\nunit: {scheme: s}\n", encoding="utf-8")
    start = time.perf_counter()
    assert peek(path, PATHS) == ("s", None)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("text", [
    "z: [" + "1," * 200_000 + "1]\n",                        # many nodes: memory without a budget
    "unit: {scheme: s}\nz: " + "- " * 5_000 + "x\n",          # compact nesting on one line: C recursion
    "unit: {scheme: s}\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 1200)),   # deep indentation
])
def test_what_could_grow_large_goes_to_the_careful_loader(tmp_path, text):
    path = tmp_path / "unit.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Unpeekable):
        peek(path, PATHS)
