"""The preview server (disclosure serve) and the web page in a real browser (headless Chromium
from Debian's package, driven over the DevTools protocol: tests/cdp.py)."""

import http.client
import io
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from generator.cli import main
from generator.serve import Preview, make_server, watch
from tests.cdp import Browser, available
from tests.conftest import EXAMPLE_2020, EXAMPLE_2024, ROOT
from tests.extract import report_figures

BREAK = ('"2010301": {basic: 141.81', '"2010301": {basic: 141.91')     # table 03's 项 no longer adds up


@pytest.fixture
def unit(tmp_path):
    path = tmp_path / "unit.yaml"
    shutil.copy(EXAMPLE_2020, path)
    return path


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


# ------------------------------------------------------------------ without a browser

def test_preview_keeps_the_last_good_page_while_the_file_is_broken(unit, tmp_path):
    preview = Preview(unit)
    good = preview.refresh()
    assert good.ok and "收入支出决算总表" in good.page and good.version == 1
    _replace(unit, *BREAK)
    broken = preview.refresh()
    assert not broken.ok and broken.page == good.page and broken.version == 2
    state = preview.state_json()
    sums = [f for f in state["findings"] if f["rule"] == "T03-SUM"]
    assert sums and state["errors"] >= 1
    line = sums[0]["location"].split(":")[1]
    assert sums[0]["location"].startswith(f"{unit}:") and int(line) > 1
    assert sums[0]["editor"] == f"vscode://file{unit.resolve()}:{line}:{sums[0]['location'].split(':')[2]}"
    _replace(unit, BREAK[1], BREAK[0])
    fixed = preview.refresh()
    assert fixed.ok and not [f for f in fixed.findings if f.severity == "error"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit.yaml"]        # nothing written


def test_preview_writes_the_page_only_when_asked(unit, tmp_path):
    state = Preview(unit, out=tmp_path / "out").refresh()
    assert [p.name for p in state.written] == ["unit.html"]
    assert (tmp_path / "out" / "unit.html").read_text(encoding="utf-8") == state.page


def _get(port, path, host="127.0.0.1"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": f"{host}:{port}"})
    response = conn.getresponse()
    return response.status, response.getheader("Content-Type"), response.read()


def test_server_answers_only_its_own_routes_on_loopback(unit):
    preview = Preview(unit)
    preview.refresh()
    server = make_server([preview])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address
        assert host == "127.0.0.1"
        status, kind, body = _get(port, "/")
        assert status == 200 and b'id="findings"' in body and kind.startswith("text/html")
        status, kind, body = _get(port, "/state?i=0")
        assert status == 200 and json.loads(body)["version"] == 1
        assert _get(port, "/report")[2].decode("utf-8") == preview.state.page
        assert _get(port, "/etc/passwd")[0] == 404 and _get(port, "/state?i=7")[0] == 404
        assert _get(port, "/", host="attacker.example")[0] == 403            # DNS rebinding
    finally:
        server.shutdown()
        server.server_close()


def test_watcher_refreshes_after_a_save_and_stops(unit):
    preview = Preview(unit)
    preview.refresh()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=([preview], stop, [unit.parent]), daemon=True)
    thread.start()
    time.sleep(0.3)
    _replace(unit, *BREAK)
    deadline = time.monotonic() + 10
    while preview.state.version < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert preview.state.version >= 2 and not preview.state.ok
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_serve_refuses_a_missing_target(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "nothing.yaml"), "--lang", "en"]) == 2
    assert "file not found" in capsys.readouterr().err


# ------------------------------------------------------------------ in Chromium

@pytest.fixture(scope="module")
def browser():
    ok, why = available()
    if not ok:
        pytest.skip(why)
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def page_2024(tmp_path_factory):
    out = tmp_path_factory.mktemp("page")
    assert main(["render", str(EXAMPLE_2024), "--format", "html", "--out", str(out)]) == 0
    return out / f"{EXAMPLE_2024.stem}.html"


def _image(data):
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16)
    return image, len(colours) if colours else 1 << 16


def test_page_on_a_phone(browser, page_2024, tmp_path):
    browser.viewport(390, 844, mobile=True)
    browser.open(page_2024.as_uri())
    assert browser.js("document.scrollingElement.scrollWidth") <= 390          # the page never scrolls sideways
    assert browser.js("document.documentElement.lang") == "zh-CN"
    # the wide tables scroll inside their frames instead
    frames = browser.js("[...document.querySelectorAll('.table-frame')].map(f => [f.clientWidth, f.scrollWidth])")
    assert frames and all(client <= 390 for client, _ in frames)
    assert any(scroll > client for client, scroll in frames)
    assert browser.js("getComputedStyle(document.querySelector('.table-frame')).overflowX") == "auto"
    table, colours = _image(browser.screenshot(tmp_path / "table.png", "#table-t06 + .table-frame"))
    assert table.width <= 390 and table.height > 100 and colours > 8           # a table, not a blank frame
    chart, colours = _image(browser.screenshot(tmp_path / "chart.png", "#chart-three-public"))
    assert chart.width <= 390 and chart.height > 150 and colours > 8
    # every label of every chart is there as text, drawn with a width, and the alternative too
    for figure in report_figures(EXAMPLE_2024):
        texts = browser.js(f"[...document.querySelectorAll('#{figure.anchor} svg text')]"
                           ".map(t => [t.textContent, t.getBBox().width])")
        drawn = [t for t, width in texts if width > 0]
        for label in figure.chart.labels():
            assert any(label in t for t in drawn), (figure.anchor, label)
        assert browser.js(f"document.querySelector('#{figure.anchor} [role=img]').getAttribute('aria-label')") \
            == figure.alt
    # the table of contents leads to its sections
    browser.js("document.querySelector('.toc a[href=\"#table-t07\"]').click()")
    assert browser.wait("Math.abs(document.getElementById('table-t07').getBoundingClientRect().top) < 40", 5)


def _url(process, timeout=30):
    """The preview's URL from the first line ``disclosure serve`` prints."""
    found = {}

    def read():
        for line in process.stdout:
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if match:
                found["url"] = match[0]
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    if "url" not in found:
        process.kill()
        raise AssertionError("disclosure serve printed no URL: " + process.stderr.read()[-2000:])
    return found["url"]


def test_serve_end_to_end(browser, unit, tmp_path):
    """Load, edit (break a total), see the finding, fix, see it go; Ctrl-C stops the server."""
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(unit), "--lang", "en"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    try:
        url = _url(process)
        browser.viewport(1280, 900)
        browser.open(url)
        browser.wait("document.body.dataset.shown >= 1", 20)
        report = "document.getElementById('report').contentDocument.body.innerText"
        assert "收入支出决算总表" in browser.js(report)
        assert browser.js("document.querySelectorAll('#findings li.error').length") == 0
        version = int(browser.js("document.body.dataset.version"))

        _replace(unit, *BREAK)
        start = time.monotonic()
        browser.wait("!!document.querySelector('#findings li.error[data-rule=\"T03-SUM\"]')", 10, 0.02)
        seen = time.monotonic() - start
        assert seen < 5, seen
        finding = browser.js("document.querySelector('#findings li.error[data-rule=\"T03-SUM\"]').innerText")
        assert f"{unit}:" in finding
        link = browser.js("document.querySelector('#findings li.error a.editor').href")
        assert link.startswith(f"vscode://file{unit.resolve()}:")
        assert "last good version" in browser.js("document.getElementById('status').innerText")
        assert "收入支出决算总表" in browser.js(report)                      # the last good view stays
        browser.screenshot(tmp_path / "findings.png", "#panel")

        _replace(unit, BREAK[1], BREAK[0])
        browser.wait("document.querySelectorAll('#findings li').length > 0 && "
                     "document.querySelectorAll('#findings li.error').length === 0", 10, 0.02)
        fixed = int(browser.js("document.body.dataset.version"))
        assert fixed >= version + 2
        browser.wait(f"document.body.dataset.shown == {fixed}", 10)            # re-rendered and shown
        assert "收入支出决算总表" in browser.js(report)
    except Exception as exc:
        process.send_signal(signal.SIGINT)
        raise AssertionError(f"{exc}; the server said: {process.communicate(timeout=15)[1][-3000:]}") from exc
    process.send_signal(signal.SIGINT)
    try:
        err = process.communicate(timeout=15)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0, err[-2000:]
    assert "preview stopped" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.png", "unit.yaml"]     # no output/


def test_a_folder_previews_each_input_but_not_its_schemes(tmp_path):
    from generator.serve import inputs_of, shell_page

    for name in ("a.yaml", "sub/b.yaml", "schemes/mine/scheme.yaml", ".draft/c.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLE_2020, tmp_path / name)
    files = inputs_of(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.yaml", "sub/b.yaml"]
    page = shell_page([Preview(f) for f in files], 1, "zh")
    assert '<a href="/?i=0">a.yaml</a>' in page and '<a href="/?i=1" aria-current=page>b.yaml</a>' in page
    assert "检查结果" in page and 'src="/report?i=1"' in page
