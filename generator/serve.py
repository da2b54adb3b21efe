"""``disclosure serve FILE|DIR``: a live preview of the report while the accountant edits.

One process, three parts:

- :class:`Preview` holds one input's last good page (HTML only, never PDF) and its current
  findings; :meth:`Preview.refresh` re-checks and re-renders it.  While the file is broken the
  last good page stays and the findings say why.
- A watcher thread (``watchfiles``, a maintained Rust-backed watcher) sees a save in the
  inputs' folders or the scheme folders and refreshes what changed (an input: that input; a
  scheme file or a previous year's file: every input).
- An HTTP server (the standard library's ThreadingHTTPServer) bound to 127.0.0.1 only serves
  the preview page, the report page and a small JSON state that the page polls; requests
  naming another host are refused (no DNS rebinding), and nothing else is served.

Nothing is written unless ``--out`` is given (then the page is also written there, atomically,
after each good refresh).  Ctrl-C stops the watcher and the server and returns 0.
"""

import html
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from generator.findings import ERROR, Finding, has_errors
from generator.i18n import N_, translate

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
POLL_MS = 300
WATCHED_SUFFIXES = (".yaml", ".yml", ".j2", ".css", ".docx", ".png", ".svg")


@dataclass
class State:
    """What the page shows of one input (replaced whole on each refresh, never edited)."""

    version: int = 0
    page: str = ""                     # the last good report page ("" before the first)
    findings: tuple = ()
    ok: bool = False                   # the last refresh rendered
    seconds: float = 0.0               # how long the last refresh took
    rendered_at: float = 0.0
    written: tuple = field(default_factory=tuple)


class Preview:
    """One input's preview: refresh on demand, read the state from any thread."""

    def __init__(self, path, search=(), out=None, lang="zh", root=None):
        self.path = Path(path)
        self.search, self.out, self.lang, self.root = tuple(search), out, lang, root
        self.state = State()
        self._lock = threading.Lock()          # one refresh at a time
        self._mtime = None

    @property
    def name(self):
        return self.path.name

    def changed_since_refresh(self):
        """True when the input file changed after the last refresh began."""
        return _mtime(self.path) != self._mtime

    def refresh(self):
        """Check and render the input again; return the new State."""
        with self._lock:
            start = time.perf_counter()
            self._mtime = _mtime(self.path)
            findings, page, written = render_page(self.path, self.search, self.out, self.root)
            old = self.state
            ok = page is not None
            self.state = State(version=old.version + 1, page=page if ok else old.page, findings=findings, ok=ok,
                               seconds=time.perf_counter() - start,
                               rendered_at=time.time() if ok else old.rendered_at, written=written)
            log.debug("%s refreshed in %.0f ms", self.path, self.state.seconds * 1000)
            return self.state

    def state_json(self):
        """The state the page polls: version, findings (located, with editor links), timing."""
        s = self.state
        return {
            "file": str(self.path), "version": s.version, "ok": s.ok, "has_page": bool(s.page),
            "ms": round(s.seconds * 1000), "errors": sum(1 for f in s.findings if f.severity == ERROR),
            "findings": [finding_json(f, self.lang) for f in s.findings],
        }


def _mtime(path):
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def render_page(path, search=(), out=None, root=None):
    """(findings, page or None, written paths): the input checked and, without errors, its page."""
    from generator.compose import ComposeError, compose
    from generator.kinds import kinds
    from generator.pipeline import check_file, fetch_finding
    from generator.render import scheme_for, write_formats
    from generator.scheme import FetchRefused, SchemeError
    from generator.writers.html import page_html

    checked = check_file(path, search, root)
    if checked.input is None or has_errors(checked.findings):
        return checked.findings, None, ()
    inp = checked.input
    try:
        scheme = scheme_for(inp, search)
        kind = None if inp.is_report else next((k for k in kinds() if inp.documents.get(k.key) is not None), None)
        doc = kind.compose(checked.figures, scheme) if kind is not None else compose(checked.figures, scheme)
        page = page_html(doc, scheme)
        written = tuple(write_formats(doc, scheme, out, Path(path).stem, ["html"])) if out else ()
    except (SchemeError, ComposeError) as exc:
        finding = Finding("RENDER-SCHEME", ERROR, N_("the report cannot be composed: {reason}"),
                          inp.where("unit.scheme"), {"reason": exc})
        return checked.findings + (finding,), None, ()
    except FetchRefused as exc:
        return checked.findings + (fetch_finding(exc, inp.where("unit.scheme")),), None, ()
    return checked.findings, page, written


def finding_json(finding, lang):
    s = finding.source
    location = f"{s.file}:{s.line}" + (f":{s.column}" if s.column else "")
    absolute = Path(s.file).resolve() if s.file else None
    return {
        "rule": finding.rule, "severity": finding.severity, "message": finding.text(lang), "path": s.path,
        "location": location,
        "editor": f"vscode://file{quote(str(absolute))}:{s.line or 1}:{s.column or 1}" if absolute else "",
    }


# ------------------------------------------------------------------ watching

def watch_roots(previews, search=()):
    """The folders to watch: each input's folder, the --templates folders, the built-in templates."""
    from generator.scheme import TEMPLATES_DIR

    roots = {p.path.resolve().parent for p in previews} | {Path(s).resolve() for s in search}
    roots.add(TEMPLATES_DIR.resolve())
    return sorted(r for r in roots if r.is_dir())


def watch(previews, stop, roots, on_refresh=None, ready=None):
    """Refresh the previews on every save under ``roots`` until ``stop`` is set (a thread's body).

    ``ready`` (an Event) is set once the watcher runs; a save made before that (between the
    first render and the watcher's start) is caught by comparing the inputs' times.
    """
    import watchfiles

    by_path = {p.path.resolve(): p for p in previews}

    def wanted(change, name):
        return name.endswith(WATCHED_SUFFIXES) and not Path(name).name.startswith(".")

    started = False
    for changes in watchfiles.watch(*roots, watch_filter=wanted, debounce=60, step=20, stop_event=stop,
                                    raise_interrupt=False, yield_on_timeout=True, rust_timeout=250):
        targets = []
        if not started:                     # the first yield: the watcher is running
            started = True
            targets = [p for p in previews if p.changed_since_refresh()]
            if ready is not None:
                ready.set()
        changed = {Path(name).resolve() for _, name in changes}
        targets += [by_path[c] for c in changed if c in by_path and by_path[c] not in targets]
        if changed - set(by_path):          # a scheme file or last year's input: all of them
            targets = list(previews)
        for preview in targets:
            try:
                preview.refresh()
            except Exception:                 # noqa: BLE001 — the preview must survive any bad save
                log.exception("refresh of %s failed", preview.path)
            if on_refresh:
                on_refresh(preview)


# ------------------------------------------------------------------ HTTP

class Handler(BaseHTTPRequestHandler):
    """GET / (the preview), /report?i=N (the last good page), /state?i=N (JSON); nothing else."""

    server_version = "disclosure-preview"
    previews = ()
    lang = "zh"

    def log_message(self, format, *args):        # noqa: A002 — quiet: the terminal is the user's
        log.debug("%s - %s", self.address_string(), format % args)

    def do_GET(self):                            # noqa: N802 — http.server's name
        if not self._local_host():
            return self._send(HTTPStatus.FORBIDDEN, "text/plain", b"forbidden")
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        try:
            index = int(query.get("i", ["0"])[0])
            preview = self.previews[index]
        except (ValueError, IndexError):
            return self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
        if url.path == "/":
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8",
                              shell_page(self.previews, index, self.lang).encode("utf-8"), csp=True)
        if url.path == "/report":
            page = preview.state.page or empty_page(self.lang)
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8"))
        if url.path == "/state":
            body = json.dumps(preview.state_json(), ensure_ascii=False).encode("utf-8")
            return self._send(HTTPStatus.OK, "application/json; charset=utf-8", body)
        return self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found")

    def _local_host(self):
        """Only requests addressed to this machine (a page elsewhere cannot rebind a name to us)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in ("127.0.0.1", "localhost", "::1")

    def _send(self, status, kind, body, csp=False):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if csp:
            self.send_header("Content-Security-Policy",
                             "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                             "img-src 'self' data:; frame-src 'self'; connect-src 'self'")
        self.end_headers()
        self.wfile.write(body)


def make_server(previews, port=0, lang="zh"):
    """A ThreadingHTTPServer on 127.0.0.1:``port`` (0: a free port) serving ``previews``."""
    handler = type("PreviewHandler", (Handler,), {"previews": tuple(previews), "lang": lang})
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server


def empty_page(lang):
    text = html.escape(translate(N_("no page yet: the file has errors (see the findings)"), lang))
    return f'<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>…</title><p>{text}</p></html>'


def shell_page(previews, index, lang):
    """The preview page: the units (for a folder), the findings panel and the report in a frame."""
    t = lambda msgid: html.escape(translate(msgid, lang))  # noqa: E731
    units = "".join(
        f'<a href="/?i={i}"{" aria-current=page" if i == index else ""}>{html.escape(p.name)}</a>'
        for i, p in enumerate(previews)) if len(previews) > 1 else ""
    labels = json.dumps({"ok": translate(N_("no findings"), lang),
                         "stale": translate(N_("the file has errors: the report shows the last good version"), lang),
                         "error": translate(N_("error"), lang), "warning": translate(N_("warning"), lang),
                         "open": translate(N_("open in the editor"), lang)}, ensure_ascii=False)
    return SHELL.format(title=html.escape(previews[index].name), units=units, index=index, poll=POLL_MS,
                        findings=t(N_("Findings")), labels=labels.replace("</", "<\\/"),
                        report=t(N_("Report preview")))


SHELL = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — 预览</title>
<style>
  html, body {{ margin: 0; height: 100%; font-family: "Noto Sans CJK SC", sans-serif; }}
  body {{ display: flex; flex-direction: column; }}
  header {{ padding: 0.4rem 0.8rem; background: #1f3a5f; color: #fff; display: flex; gap: 1rem;
           align-items: center; flex-wrap: wrap; }}
  header a {{ color: #cfe3ff; }} header a[aria-current] {{ color: #fff; font-weight: bold; }}
  main {{ flex: 1; display: flex; min-height: 0; }}
  #panel {{ width: 26rem; max-width: 40%; overflow: auto; border-right: 1px solid #ccc; padding: 0.5rem 0.8rem;
           box-sizing: border-box; font-size: 0.9rem; }}
  #panel h2 {{ font-size: 1rem; margin: 0.3rem 0; }}
  #status {{ margin: 0.3rem 0 0.6rem; }} #status.stale {{ color: #a4001d; font-weight: bold; }}
  #findings {{ list-style: none; margin: 0; padding: 0; }}
  #findings li {{ border-left: 4px solid #d9a400; padding: 0.3rem 0.5rem; margin-bottom: 0.5rem; background: #fffbea; }}
  #findings li.error {{ border-color: #c8102e; background: #fff0f0; }}
  #findings .where {{ font-family: monospace; font-size: 0.8rem; overflow-wrap: anywhere; }}
  iframe {{ flex: 1; border: 0; min-width: 0; background: #f4f4f1; }}
  @media (max-width: 700px) {{ main {{ flex-direction: column; }} #panel {{ width: auto; max-width: none;
    max-height: 35%; border-right: 0; border-bottom: 1px solid #ccc; }} }}
</style>
</head>
<body>
<header><strong>{title}</strong>{units}<span id="timing" aria-live="polite"></span></header>
<main>
  <section id="panel" aria-labelledby="findings-title">
    <h2 id="findings-title">{findings}</h2>
    <p id="status" role="status"></p>
    <ul id="findings"></ul>
  </section>
  <iframe id="report" title="{report}" src="/report?i={index}"></iframe>
</main>
<script>
const LABELS = {labels};
let shown = -1, page = false;
function item(f) {{
  const li = document.createElement("li");
  li.className = f.severity;
  li.dataset.rule = f.rule;
  const head = document.createElement("div");
  head.textContent = (f.severity === "error" ? LABELS.error : LABELS.warning) + " [" + f.rule + "] " + f.message;
  const where = document.createElement("div");
  where.className = "where";
  const text = document.createElement("span");
  text.textContent = f.location + (f.path ? " (" + f.path + ")" : "") + " ";
  where.appendChild(text);
  if (f.editor) {{
    const a = document.createElement("a");
    a.href = f.editor; a.textContent = LABELS.open; a.className = "editor";
    where.appendChild(a);
  }}
  li.append(head, where);
  return li;
}}
async function poll() {{
  try {{
    const r = await fetch("/state?i={index}", {{cache: "no-store"}});
    const s = await r.json();
    if (s.version !== shown) {{
      const list = document.getElementById("findings");
      list.replaceChildren(...s.findings.map(item));
      const status = document.getElementById("status");
      status.textContent = s.ok ? (s.findings.length ? "" : LABELS.ok) : LABELS.stale;
      status.className = s.ok ? "" : "stale";
      document.getElementById("timing").textContent = s.ms + " ms";
      document.body.dataset.version = s.version;
      document.body.dataset.errors = s.errors;
      if (s.ok || (s.has_page && !page)) {{
        const frame = document.getElementById("report");
        const y = frame.contentWindow ? frame.contentWindow.scrollY : 0;
        frame.onload = () => {{ frame.contentWindow.scrollTo(0, y); document.body.dataset.shown = s.version; }};
        frame.contentWindow.location.replace("/report?i={index}&v=" + s.version);
        page = s.has_page;
      }}
      shown = s.version;
    }}
  }} catch (e) {{ /* the server is restarting or stopped: try again */ }}
  setTimeout(poll, {poll});
}}
poll();
</script>
</body>
</html>
"""


# ------------------------------------------------------------------ the command

def inputs_of(target):
    """The input files of FILE or DIR (a folder's *.yaml / *.yml files, not its schemes/)."""
    target = Path(target)
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                      and "schemes" not in p.relative_to(target).parts
                      and not any(part.startswith(".") for part in p.relative_to(target).parts))
    return [target]


def cmd_serve(args):
    """Serve the preview until Ctrl-C; exit 2 if there is nothing to preview or the port is taken."""
    import sys

    lang = args.lang
    files = inputs_of(args.target) if Path(args.target).exists() else []
    if not files:
        print(translate(N_("file not found"), lang) + f": {args.target}", file=sys.stderr)
        return 2
    root = Path(args.target).resolve() if Path(args.target).is_dir() else None
    previews = [Preview(f, args.templates, args.out, lang, root) for f in files]
    for preview in previews:
        state = preview.refresh()
        for finding in state.findings:
            print(finding.line(lang), file=sys.stderr)
    try:
        server = make_server(previews, args.port, lang)
    except OSError as exc:
        print(translate(N_("cannot listen on {host}:{port}: {reason}"), lang, host=HOST, port=args.port,
                        reason=exc.strerror or exc), file=sys.stderr)
        return 2
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch, args=(previews, stop, watch_roots(previews, args.templates)),
                               kwargs={"on_refresh": lambda p: _report(p, lang), "ready": ready}, name="watch",
                               daemon=True)
    watcher.start()
    ready.wait(timeout=10)                  # saves from now on are seen
    _stop_on_signals()
    url = f"http://{HOST}:{server.server_address[1]}/"
    print(translate(N_("preview: {url} (Ctrl-C stops)"), lang, url=url), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=5)
    print(translate(N_("preview stopped"), lang), file=sys.stderr)
    return 0


def _stop_on_signals():
    """Ctrl-C (SIGINT, even where a shell started us with it ignored) and SIGTERM stop the server."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def _report(preview, lang):
    import sys

    s = preview.state
    errors = sum(1 for f in s.findings if f.severity == ERROR)
    print(translate(N_("{file}: refreshed in {ms} ms, {errors} error(s), {warnings} warning(s)"), lang,
                    file=preview.path, ms=round(s.seconds * 1000), errors=errors,
                    warnings=len(s.findings) - errors), file=sys.stderr, flush=True)
