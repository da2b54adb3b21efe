from decimal import Decimal

from generator.loader import load, load_text


def test_numbers_are_exact_decimals_with_positions():
    result = load_text("a: 417.30\nb:\n  - 1\n  - 2.50\nc: '1,249.50'\n", "x.yaml")
    tree = result.tree.value
    assert tree["a"].value == Decimal("417.30") and str(tree["a"].value) == "417.30"
    assert tree["b"].value[1].value == Decimal("2.50")
    assert (tree["b"].value[1].source.line, tree["b"].value[1].source.path) == (4, "b[1]")
    assert tree["c"].value == "1,249.50"
    assert not result.findings


def test_no_float_anywhere():
    result = load_text("a: 1.1\nb: [0.1, 2.0e+3]\nc: {d: .5}\n")

    def walk(node):
        if node.is_map():
            for child in node.value.values():
                yield from walk(child)
        elif node.is_seq():
            for child in node.value:
                yield from walk(child)
        else:
            yield node.value

    values = list(walk(result.tree))
    assert all(isinstance(v, Decimal) for v in values)
    assert sum(values[1:3]) == Decimal("2000.1")


def test_duplicate_key_is_a_located_finding():
    result = load_text("unit:\n  name: a\n  name: b\n", "dup.yaml")
    [finding] = result.findings
    assert finding.rule == "LOAD-DUPLICATE-KEY"
    assert (finding.source.line, finding.source.column, finding.source.path) == (3, 3, "unit.name")
    assert result.tree.value["unit"].value["name"].value == "a"


def test_syntax_error_is_located_not_raised():
    result = load_text("a: [1, 2\nb: 3\n", "bad.yaml")
    assert result.tree is None
    [finding] = result.findings
    assert finding.rule == "LOAD-SYNTAX" and finding.source.line == 2


def test_unsafe_tags_are_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("a: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    result = load(path)
    [finding] = result.findings
    assert finding.rule == "LOAD-TAG" and finding.source.path == "a"
    assert result.tree.value["a"].value is None


def test_missing_and_empty_files(tmp_path):
    assert load(tmp_path / "nope.yaml").findings[0].rule == "LOAD-FILE"
    (tmp_path / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    assert load(tmp_path / "empty.yaml").findings[0].rule == "LOAD-EMPTY"
