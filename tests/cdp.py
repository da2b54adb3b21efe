"""Headless Chromium (Debian's ``chromium`` package) driven over the DevTools protocol.

Only what the browser tests need: open a page at a viewport size, evaluate JavaScript, wait
for a condition, take a screenshot.  The browser is started with its own temporary profile and
``--remote-debugging-port=0`` on 127.0.0.1; its port is read from ``DevToolsActivePort``; one
WebSocket (websocket-client) talks to the page target.  No browser download, no network.
"""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium():
    """The Chromium executable, or None."""
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, executable=None, width=1024, height=800):
        self.executable = executable or find_chromium()
        self.width, self.height = width, height
        self.profile = tempfile.mkdtemp(prefix="disclosure-chromium-")
        self.process = None
        self.ws = None
        self._id = 0

    def __enter__(self):
        args = [self.executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-sync", "--disable-component-update", "--hide-scrollbars", "--mute-audio",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}", f"--window-size={self.width},{self.height}", "about:blank"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._port()
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.send("Page.enable")
        self.send("Runtime.enable")
        return self

    def _port(self):
        marker = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if marker.exists():
                text = marker.read_text().split()
                if text:
                    return int(text[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with status {self.process.returncode}")
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    def __exit__(self, *exc):
        try:
            if self.ws is not None:
                self.ws.close()
        finally:
            if self.process is not None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, method, **params):
        """Call a DevTools method; return its result (events that arrive meanwhile are dropped)."""
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def viewport(self, width, height, mobile=False):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=mobile)

    def open(self, url, ready="document.readyState === 'complete'", timeout=20):
        self.send("Page.navigate", url=url)
        time.sleep(0.05)
        self.wait(ready, timeout)

    def js(self, expression):
        """The value of a JavaScript expression (awaited if it is a promise)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait(self, expression, timeout=10, interval=0.05):
        """Wait until ``expression`` is truthy; return its value, or raise TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.js(expression)
            except RuntimeError:
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} s for: {expression}")
            time.sleep(interval)

    def screenshot(self, path, selector=None):
        """A PNG of the viewport, or of the element ``selector`` (scrolled into view)."""
        params = {"format": "png"}
        if selector:
            box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                          "e.scrollIntoView(); const r = e.getBoundingClientRect();"
                          "return [r.x + window.scrollX, r.y + window.scrollY, r.width, r.height]; })()")
            params["clip"] = {"x": box[0], "y": box[1], "width": max(1, box[2]), "height": max(1, box[3]),
                              "scale": 1}
            params["captureBeyondViewport"] = True
        data = base64.b64decode(self.send("Page.captureScreenshot", **params)["data"])
        Path(path).write_bytes(data)
        return data


def available():
    """(True, path) when a Chromium can be started here, else (False, reason)."""
    path = find_chromium()
    if path is None:
        return False, "chromium is not installed (make browser installs Debian's chromium package)"
    if not os.access(path, os.X_OK):
        return False, f"{path} is not executable"
    return True, path
