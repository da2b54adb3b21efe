"""Hostile input (issue 9): a scheme folder cannot read a file or open a socket; an input
cannot exhaust the machine; a number means one thing; a syntax error says its cause."""

import os
import socket
import time
from decimal import Decimal

import pytest
from pypdf import PdfReader

from generator.loader import MAX_BYTES, load, load_text
from generator.money import D, NumberError
from generator.pipeline import check_file, render_file
from generator.scheme import TEMPLATES_DIR, FetchRefused, SchemeError, load_scheme
from tests.conftest import MINIMAL

PASSWD = "/etc/passwd"


# ------------------------------------------------------------------ hostile scheme folder

@pytest.fixture
def listener():
    """A listening socket on 127.0.0.1 that must never receive a connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _connections(server):
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return 0
    conn.close()
    return 1


TEMPLATE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">{head}
<style>{{{{ css | safe }}}}</style></head>
<body><p>{{{{ doc.title }}}}</p>{body}</body></html>
"""

HOSTILE = {
    "attachment-link": ('<link rel="attachment" href="file:///etc/passwd">', "", ""),
    "attachment-anchor": ("", '<a rel="attachment" href="file:///etc/passwd">x</a>', ""),
    "attachment-entity": ('<link rel="&#97;ttachment" href="file:///etc/passwd">', "", ""),
    "css-file-url": ("", "", "body { background: url(file:///etc/passwd); }"),
    "css-relative-escape": ("", "", "body { background: url(../../../../../../../../etc/passwd); }"),
    "css-import-port": ("", "", "@import url(http://127.0.0.1:{port}/x.css);"),
    "img-port": ("", '<img src="http://127.0.0.1:{port}/x.png">', ""),
    "font-data-text": ("", "", "@font-face { font-family: x; src: url(data:text/plain,hello); } body { font-family: x; }"),
    "all": ('<link rel="attachment" href="file:///etc/passwd">', '<img src="http://127.0.0.1:{port}/i.png">',
            "@import url(http://127.0.0.1:{port}/x.css); body { background: url(file:///etc/passwd); }"),
}


def hostile_scheme(tmp_path, head="", body="", css="", name="hostile"):
    """A scheme folder as a department could send it: extends the built-in scheme and
    overrides only the HTML page and its CSS."""
    folder = tmp_path / "schemes" / name
    (folder / "html").mkdir(parents=True)
    (folder / "scheme.yaml").write_text("extends: approval-2024\n", encoding="utf-8")
    (folder / "html" / "report.html.j2").write_text(TEMPLATE.format(head=head, body=body), encoding="utf-8")
    (folder / "html" / "report.css").write_text(css, encoding="utf-8")
    return tmp_path / "schemes"


def unit_file(tmp_path, scheme="hostile"):
    path = tmp_path / "unit.yaml"
    path.write_text(MINIMAL.replace("scheme: approval-2024", f"scheme: {scheme}"), encoding="utf-8")
    return path


def pdf_is_inert(path):
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "root:" not in text and "/bin/" not in text
    assert b"root:x:0:0" not in path.read_bytes()


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_scheme_gets_no_file_and_no_socket(tmp_path, listener, case, monkeypatch):
    port = listener.getsockname()[1]
    head, body, css = (part.replace("{port}", str(port)) for part in HOSTILE[case])
    search = hostile_scheme(tmp_path, head, body, css)
    opened = []
    real_open = open

    def spy_open(file, *args, **kwargs):            # every file Python opens while rendering
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    from generator.writers import pdf

    calls = []
    original = pdf.SchemeFetcher.fetch

    def recording_fetch(self, url, headers=None):
        calls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.SchemeFetcher, "fetch", recording_fetch)
    monkeypatch.setattr("builtins.open", spy_open)
    read_bytes = type(tmp_path).read_bytes

    def spy_read_bytes(self):
        opened.append(str(self))
        return read_bytes(self)

    monkeypatch.setattr(type(tmp_path), "read_bytes", spy_read_bytes)
    out = tmp_path / "out"
    result = render_file(unit_file(tmp_path), out, ["pdf"], search=[search])
    monkeypatch.undo()

    rules = [f.rule for f in result.findings]
    assert "RENDER-FETCH" in rules, [f.line() for f in result.findings]
    [finding] = [f for f in result.findings if f.rule == "RENDER-FETCH"]
    assert finding.source.path == "unit.scheme" and finding.source.line == 1
    assert "hostile" in finding.text() and "hostile" in finding.text("en")
    assert not result.written and not (out.exists() and list(out.glob("*.pdf")))
    assert not any(PASSWD in str(p) for p in opened), opened
    assert _connections(listener) == 0
    if "ttachment" not in head + body:           # an attachment is refused before it is fetched
        hostile = [c for c in calls if "passwd" in c or "127.0.0.1" in c or c.startswith("data:text")]
        assert hostile, f"the hostile URL did not go through our fetcher: {calls}"


def test_scheme_own_files_are_served_and_the_pdf_is_inert(tmp_path):
    """The fetcher serves the scheme's own files (here a PNG beside the CSS) and nothing else."""
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d4944415478da6364f8ffbf1e000502027f3e1a4d0b0000000049454e44ae426082")
    search = hostile_scheme(tmp_path, css="body { background: url(dot.png) no-repeat; }")
    (search / "hostile" / "dot.png").write_bytes(png)
    (search / "hostile" / "html" / "dot.png").write_bytes(png)
    from generator.writers import pdf

    scheme = load_scheme("hostile", (search,) + (TEMPLATES_DIR,))
    fetcher = pdf.SchemeFetcher(scheme)
    from generator.compose import compose

    checked = check_file(unit_file(tmp_path), [search])
    target = tmp_path / "ok.pdf"
    pdf.write_pdf(compose(checked.figures, scheme), target, scheme, fetcher=fetcher)
    assert fetcher.calls and not fetcher.refused
    assert all(url.startswith("file://" + str(search.resolve())) for url in fetcher.calls), fetcher.calls
    pdf_is_inert(target)


def test_fetcher_refuses_without_opening(tmp_path):
    search = hostile_scheme(tmp_path)
    from generator.writers.pdf import SchemeFetcher

    fetcher = SchemeFetcher(load_scheme("hostile", (search, TEMPLATES_DIR)))
    for url in ("file:///etc/passwd", f"file://{search}/../../x", "http://127.0.0.1:9/x.css",
                "https://example.org/a.png", "ftp://example.org/a", "data:text/html,<b>x</b>",
                "file://otherhost/etc/passwd", "gopher://x/"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 8
    served = fetcher.fetch("data:image/png;base64,iVBORw0KGgo=")
    assert served.read() == b"\x89PNG\r\n\x1a\n"
    own = fetcher.fetch((search / "hostile" / "html" / "report.css").resolve().as_uri())
    assert own.read() == b""


def test_symlink_out_of_a_scheme_is_refused(tmp_path):
    search = hostile_scheme(tmp_path)
    css = search / "hostile" / "html" / "report.css"
    css.unlink()
    css.symlink_to(PASSWD)
    with pytest.raises(SchemeError, match="symbolic link"):
        load_scheme("hostile", (search,))


@pytest.mark.parametrize("name", ["../hostile", "/etc", "templates/public-2020", "..", "a\\b", "x:y", "C:\\t"])
def test_scheme_is_a_name_not_a_path(tmp_path, name):
    hostile_scheme(tmp_path)
    result = check_file(unit_file(tmp_path, scheme=f"'{name}'"), [tmp_path / "schemes"])
    [finding] = [f for f in result.findings if f.rule == "SCHEME-NAME"]
    assert finding.source.path == "unit.scheme" and finding.source.line == 1
    assert "模板方案" in finding.text() or "方案" in finding.text()


def test_scheme_yaml_alias_bomb_is_a_scheme_error(tmp_path):
    search = hostile_scheme(tmp_path)
    (search / "hostile" / "scheme.yaml").write_text(BOMB, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(SchemeError):
        load_scheme("hostile", (search,))
    assert time.perf_counter() - start < 1


# ------------------------------------------------------------------ bounded input

BOMB = "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9 if p else ['lol'] * 9)}]\n"
               for p, c in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi"))


def finding_of(result, rule="LOAD-LIMIT"):
    [finding] = [f for f in result.findings if f.rule == rule]
    return finding


def test_alias_bomb_is_refused_in_under_a_second(tmp_path):
    assert len(BOMB.encode()) < 600
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    start = time.perf_counter()
    result = check_file(path)
    assert time.perf_counter() - start < 1
    finding = finding_of(result)
    assert finding.source.file == str(path) and finding.source.line > 1
    assert "别名" in finding.text() or "个值" in finding.text()


def test_many_aliases_are_refused():
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 150) + "]\n"
    finding = finding_of(load_text(text, "x.yaml"))
    assert finding.source.line == 2 and "100" in finding.text()


def test_a_few_aliases_are_fine():
    result = load_text("a: &x {q: 1.5}\nb: *x\n", "x.yaml")
    assert not result.findings and result.tree.value["b"].value["q"].value == Decimal("1.5")


@pytest.mark.parametrize("text", ["a: &a [1, *a]\n", "a: &a {b: *a}\n", "a: &a {b: [{c: *a}]}\n"])
def test_recursive_alias_is_refused_without_recursion_error(text):
    finding = finding_of(load_text(text, "x.yaml"))
    assert finding.source.line == 1 and "*a" in finding.text()


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000 + "\n",
                                  "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n",
                                  "a:\n" + "".join("  " * i + "- \n" for i in range(1, 300))])
def test_deep_nesting_is_refused(text):
    finding = finding_of(load_text(text, "x.yaml"))
    assert finding.source.line >= 1 and "50" in finding.text()


def test_a_long_list_is_refused_by_the_node_limit():
    start = time.perf_counter()
    finding = finding_of(load_text("a: [" + "1," * 1_000_000 + "]\n", "x.yaml"))
    assert "50000" in finding.text() and time.perf_counter() - start < 5


def test_file_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)           # sparse: nothing is written, nothing is read
    finding = finding_of(load(path))
    assert str(MAX_BYTES) in finding.text()


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "dir"])
def test_special_files_are_not_read(tmp_path, special):
    if special == "fifo":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)                           # opening it for reading would block forever
    elif special == "dir":
        path = tmp_path / "folder.yaml"
        path.mkdir()
    else:
        path = special
    start = time.perf_counter()
    result = load(path)
    assert time.perf_counter() - start < 1
    assert result.tree is None and finding_of(result, "LOAD-FILE").text() != ""


# ------------------------------------------------------------------ numbers mean one thing

@pytest.mark.parametrize("text, value", [("1,249.50", "1249.50"), ("１，２４９．５０", "1249.50"),
                                         ("12,345,678.9", "12345678.9"), (" 417.30 ", "417.30"),
                                         ("-1,000", "-1000"), ("２０２４", "2024"), ("999999999999.99", "999999999999.99")])
def test_numbers_that_mean_one_thing(text, value):
    assert D(text) == Decimal(value) and str(D(text)) == value


@pytest.mark.parametrize("text, says", [("374,77", "three digits"), ("8,5.48", "three digits"),
                                        ("1,2345", "three digits"), ("85_48", "'_'"),
                                        ("1.2.3", "more than one decimal point"), ("12万元", "unit"),
                                        ("12 %", "unit"), ("NaN", "finite"), (".inf", "finite"),
                                        ("-Infinity", "finite"), ("1e400", "10^12"), ("1000000000000", "10^12"),
                                        ("abc", "not a number"), ("0x1F", "not a number"), ("", "not a number")])
def test_numbers_that_are_errors(text, says):
    with pytest.raises(NumberError, match=says.replace("^", r"\^").replace(".", r"\.")):
        D(text)


def test_decimal_nan_and_float_are_refused():
    with pytest.raises(ValueError):
        D(Decimal("NaN"))
    with pytest.raises(ValueError):
        D(float("inf"))


@pytest.mark.parametrize("cell, rule, says", [
    ('"374,77"', "AMOUNT-FORMAT", "374,77"), ("8,5.48", "AMOUNT-FORMAT", "8,5.48"),
    ("85_48", "LOAD-NUMBER", "85_48"), ("1.2.3", "AMOUNT-FORMAT", "1.2.3"),
    ("12万元", "AMOUNT-FORMAT", "12万元"), (".nan", "LOAD-NUMBER", ".nan"), (".inf", "LOAD-NUMBER", ".inf"),
    ("1.0e+400", "LOAD-NUMBER", "1.0e+400"), ("100000000", "AMOUNT-RANGE", "100000000"),
    ('"１，２４９，９９９，９９９．００"', "AMOUNT-RANGE", "１，２４９")])
def test_an_amount_that_is_not_one_number_names_its_cell(tmp_path, cell, rule, says):
    path = tmp_path / "unit.yaml"
    path.write_text(MINIMAL.replace('"30101": 60', f'"30101": {cell}'), encoding="utf-8")
    result = check_file(path)
    finding = finding_of(result, rule)
    assert finding.severity == "error"
    assert finding.source.path == "basic_economic.30101" and finding.source.line == 7
    assert says in finding.text() and says in finding.text("en")


def test_full_width_amount_is_read(tmp_path):
    path = tmp_path / "unit.yaml"
    path.write_text(MINIMAL.replace('"30101": 60', '"30101": "６０．００"'), encoding="utf-8")
    result = check_file(path)
    assert not [f for f in result.findings if f.severity == "error"], [f.line() for f in result.findings]
    assert result.input.basic_economic["30101"] == Decimal("60.00")


def test_amount_in_yuan_within_bounds(tmp_path):
    path = tmp_path / "unit.yaml"
    text = MINIMAL.replace("scheme: approval-2024}", "scheme: approval-2024, amount_unit: 元}")
    path.write_text(text.replace('"30101": 60', '"30101": 999999999999'), encoding="utf-8")
    assert not [f for f in check_file(path).findings if f.rule in ("AMOUNT-RANGE", "LOAD-NUMBER")]


@pytest.mark.parametrize("year, ok", [("2024", True), ("2000", True), ("2100", True), ("1999", False),
                                      ("2101", False), ("99999", False), ("1e5000", False)])
def test_year_is_between_2000_and_2100(tmp_path, year, ok):
    path = tmp_path / "unit.yaml"
    path.write_text(MINIMAL.replace("year: 2024", f"year: {year}"), encoding="utf-8")
    result = check_file(path)
    bad = [f for f in result.findings if f.rule in ("UNIT-YEAR", "SCHEMA-TYPE") and f.source.path == "unit.year"]
    assert bool(bad) != ok, [f.line() for f in result.findings]


# ------------------------------------------------------------------ syntax errors in words

SYNTAX = {
    "full-width colon": ("unit:\n  name：某单位\n  year: 2024\n", 2, "全角冒号", "full-width colon"),
    "full-width colon, top key": ("unit：\n  name: 某单位\n", 1, "全角冒号", "full-width colon"),
    "full-width comma in flow": ("a: {x: 1，y: 2}\n", 1, "全角逗号", "full-width comma"),
    "full-width space indent": ("unit:\n　　name: x\n  year: 2024\n", 2, "全角空格", "full-width space"),
    "tab": ("unit:\n\tname: x\n", 2, "制表符", "tab"),
    "tab after spaces": ("unit:\n  name: x\n \tyear: 1\n", 3, "制表符", "tab"),
    "over-indented": ("unit:\n  name: x\n    year: 2024\n", 3, "缩进", "indented more"),
    "misaligned": ("unit:\n    name: x\n   year: 2024\n", 3, "对齐", "line up"),
    "windows path": ('a: "D:\\数据\\2024"\n', 1, "单引号", "single quotes"),
    "windows path users": ('a: "C:\\Users\\x"\n', 1, "单引号", "single quotes"),
    "missing colon": ("unit:\n  name x\n    year: 1\n", 2, "冒号", "no ':'"),
}


@pytest.mark.parametrize("case", list(SYNTAX), ids=list(SYNTAX))
def test_syntax_error_names_its_cause(case):
    text, line, zh, en = SYNTAX[case]
    result = load_text(text, "x.yaml")
    [finding] = result.findings
    assert finding.rule in ("LOAD-SYNTAX", "LOAD-FULLWIDTH") and finding.severity == "error"
    assert finding.source.line == line
    assert zh in finding.text("zh") and f"{line}" in finding.text("zh")
    assert en in finding.text("en")
    assert "could not find" not in finding.text("zh") and "mapping values" not in finding.text("zh")


@pytest.mark.parametrize("text, line", [("unit:\n  year：2024\n", 2), ("unit:\n  name:　某单位\n", 2)])
def test_full_width_mistakes_that_parse_are_errors(text, line):
    finding = finding_of(load_text(text, "x.yaml"), "LOAD-FULLWIDTH")
    assert finding.source.line == line and finding.severity == "error"


def test_text_with_a_full_width_colon_is_not_flagged():
    result = load_text("texts:\n  duties: 2024：完成任务。\n  other: |\n    name：不是键\n", "x.yaml")
    assert not result.findings


def test_gbk_file_is_read_with_a_warning(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(MINIMAL.encode("gbk"))
    result = check_file(path)
    finding = finding_of(result, "LOAD-ENCODING")
    assert finding.severity == "warning" and "请另存为 UTF-8" in finding.text()
    assert result.input is not None and result.input.unit.name == "测试单位"


def test_undecodable_file_is_a_located_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"unit:\n  name: \xff\xfe\x80\n")
    finding = finding_of(load(path), "LOAD-FILE")                # unreadable: exit status 2
    assert finding.severity == "error" and (finding.source.line, finding.source.column) == (2, 9)
    assert "UTF-8" in finding.text() and "0xFF" in finding.text()


def test_build_folder_schemes_are_found_and_confined(tmp_path):
    """A build folder's schemes/ holds schemes sent with the inputs: a good one renders, a
    hostile one fails just its unit, and nothing under schemes/ is taken for an input."""
    import io

    from generator.build import SerialExecutor, build

    folder = tmp_path / "in"
    hostile_scheme(folder, css="body { background: url(file:///etc/passwd); }")
    good = folder / "schemes" / "local"
    (good).mkdir()
    (good / "scheme.yaml").write_text("extends: approval-2024\n", encoding="utf-8")
    (folder / "bad.yaml").write_text(MINIMAL.replace("approval-2024", "hostile"), encoding="utf-8")
    (folder / "good.yaml").write_text(MINIMAL.replace("approval-2024", "local"), encoding="utf-8")
    summary = build(folder, tmp_path / "out", formats=("pdf",), executor=SerialExecutor(), stream=io.StringIO())
    assert summary.rendered == ["good.yaml"] and summary.failed == ["bad.yaml"]
    [bad] = [r for r in summary.results if r.input.endswith("bad.yaml")]
    assert any("RENDER-FETCH" in line and "/etc/passwd" in line for line in bad.findings), bad.findings
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["good.pdf"]
    pdf_is_inert(tmp_path / "out" / "good.pdf")


def test_check_command_reports_limits_and_causes_and_goes_on(tmp_path, capsys):
    """`check` prints a located Chinese message for a bomb and a syntax mistake (English with
    --lang en), keeps the findings of the other files, and exits 2 (unreadable)."""
    from generator.cli import main

    bomb, colon, good = tmp_path / "bomb.yaml", tmp_path / "colon.yaml", tmp_path / "good.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    colon.write_text(MINIMAL.replace("income:\n", "income：\n"), encoding="utf-8")
    good.write_text(MINIMAL.replace('"30101": 60', '"30101": "374,77"'), encoding="utf-8")
    assert main(["check", str(bomb), str(colon), str(good)]) == 2
    out = capsys.readouterr().out
    assert f"{bomb}:" in out and "[LOAD-LIMIT]" in out
    assert f"{colon}:2:" in out and "全角冒号" in out and "could not find" not in out
    assert f"{good}:7:" in out and "[AMOUNT-FORMAT]" in out and "374,77" in out
    assert main(["check", "--lang", "en", str(colon)]) == 2
    assert "full-width colon" in capsys.readouterr().out


def test_a_fifo_in_a_scheme_folder_is_refused_not_read(tmp_path):
    search = hostile_scheme(tmp_path)
    css = search / "hostile" / "html" / "report.css"
    css.unlink()
    os.mkfifo(css)                                   # reading it would block forever
    with pytest.raises(SchemeError, match="not a regular file"):
        load_scheme("hostile", (search,))


# ------------------------------------------------------------------ templates: the sandbox

ESCAPE = "{{ ''.__class__.__mro__[1].__name__ }}"     # 'object' unsandboxed: the way to every class


@pytest.mark.parametrize("template", ["html/report.html.j2", "narrative/income.j2"])
def test_a_departments_template_runs_in_the_sandbox(tmp_path, template):
    """Built-in templates run unsandboxed (they are the program's code); a scheme folder's own
    template makes the chain sandboxed, so an attribute escape is refused, located, and
    nothing is written."""
    folder = tmp_path / "schemes" / "escape"
    (folder / template).parent.mkdir(parents=True)
    (folder / "scheme.yaml").write_text("extends: approval-2024\n", encoding="utf-8")
    built_in = (TEMPLATES_DIR / "public-2020" / template).read_text(encoding="utf-8")
    (folder / template).write_text(built_in.replace("</body>", f"<p>{ESCAPE}</p></body>") if template.startswith("html")
                                   else ESCAPE + built_in, encoding="utf-8")
    out = tmp_path / "out"
    result = render_file(unit_file(tmp_path, "escape"), out, ["pdf"], search=[tmp_path / "schemes"])
    said = " ".join(f.line() for f in result.findings)
    assert "unsafe" in said and "__class__" in said, said
    assert not result.written and not (out.exists() and list(out.iterdir()))


def test_templates_run_unsandboxed_only_from_the_built_in_folders(tmp_path):
    from jinja2.sandbox import SandboxedEnvironment

    from generator.scheme import template_folders
    from generator.writers.pdf import html_environment

    built_in = load_scheme("approval-2024")
    folders, sandboxed = template_folders(built_in.folders)
    assert not sandboxed and folders == tuple(str(f) for f in built_in.folders)
    assert not isinstance(built_in.env, SandboxedEnvironment)
    assert not isinstance(html_environment(built_in), SandboxedEnvironment)

    own = tmp_path / "schemes" / "own"                 # data only: unsandboxed, and never loaded from
    (own / "html").mkdir(parents=True)
    (own / "scheme.yaml").write_text("extends: approval-2024\n", encoding="utf-8")
    (own / "html" / "report.css").write_text("body {}", encoding="utf-8")
    scheme = load_scheme("own", (tmp_path / "schemes", TEMPLATES_DIR))
    folders, sandboxed = template_folders(scheme.folders)
    assert not sandboxed and str(own) not in folders and len(folders) == 2

    (own / "narrative").mkdir()                        # a template appears: the chain is sandboxed
    (own / "narrative" / "extra.j2").write_text("x", encoding="utf-8")
    assert template_folders(scheme.folders) == (tuple(str(f) for f in scheme.folders), True)
    assert isinstance(load_scheme("own", (tmp_path / "schemes", TEMPLATES_DIR)).env, SandboxedEnvironment)
    assert isinstance(html_environment(scheme), SandboxedEnvironment)

    (own / "narrative" / "extra.j2").unlink()          # a link to a folder may hold templates
    os.symlink(TEMPLATES_DIR / "public-2020" / "narrative", own / "more")
    assert template_folders(scheme.folders)[1]


def test_only_the_shipped_schemes_are_the_programs_own(tmp_path):
    """A scheme an operator copies under templates/ (perhaps a department's) is not trusted
    because of where it lies; the list of shipped schemes is the templates/ folder's."""
    from generator.scheme import _built_in, built_in_schemes, template_folders

    assert sorted(built_in_schemes()) == sorted(p.name for p in TEMPLATES_DIR.iterdir() if p.is_dir())
    assert _built_in(TEMPLATES_DIR / "public-2020") and not _built_in(TEMPLATES_DIR / "bureau-x")
    assert not _built_in(TEMPLATES_DIR) and not _built_in(TEMPLATES_DIR / "public-2020" / "narrative")
    link = tmp_path / "looks-built-in"
    os.symlink(TEMPLATES_DIR / "public-2020", link)      # loaded by its resolved path
    folders, sandboxed = template_folders([link])
    assert not sandboxed and folders == (str(TEMPLATES_DIR / "public-2020"),)
