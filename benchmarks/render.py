"""Time each rendering stage for each example input, and a raw WeasyPrint render.

    .venv/bin/python benchmarks/render.py [FILE...] [--repeat N] [--wall]

Prints, per input: check (load+parse+compute+check), compose, DOCX writing, HTML
templating, PDF writing through our writer (from the Document, and from the same HTML),
and WeasyPrint alone on that HTML — stock WeasyPrint: without our CJK justification, our
resource fetcher or our long-run breaking — so the writer's overhead over WeasyPrint is
visible (``+%``: writer from HTML over WeasyPrint alone; issue 12 asks for at most 5 %).

Times are CPU seconds of this process (``time.process_time``), best of N runs (default 3),
the writer and WeasyPrint alone interleaved: the machine is shared, and wall-clock times of
a render swing by more than the difference measured.  ``--wall`` prints wall-clock times.
"""

import argparse
import contextlib
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.compose import compose  # noqa: E402
from generator.pipeline import check_file  # noqa: E402
from generator.render import scheme_for  # noqa: E402
from generator.writers.docx import write_docx  # noqa: E402
from generator.writers.longwords import break_long_runs  # noqa: E402
from generator.writers.pdf import render_html, write_pdf  # noqa: E402

CLOCK = time.process_time


def timed(func):
    gc.collect()                 # the last run's garbage is not charged to this one
    start = CLOCK()
    result = func()
    return CLOCK() - start, result


def best(func, repeat):
    times, result = [], None
    for _ in range(repeat):
        elapsed, result = timed(func)
        times.append(elapsed)
    return min(times), result


@contextlib.contextmanager
def stock_weasyprint():
    """WeasyPrint's own justify_line while the block runs (our writer installs its own)."""
    from weasyprint.layout import inline
    ours = inline.justify_line
    inline.justify_line = getattr(ours, "__wrapped_justify__", ours)
    try:
        yield
    finally:
        inline.justify_line = ours


@contextlib.contextmanager
def justify_timer(spent):
    """Add the CPU seconds spent in our CJK justify_line to ``spent[0]`` while the block runs."""
    from weasyprint.layout import inline
    ours = inline.justify_line

    def counted(context, line, extra_width):
        start = time.process_time()
        try:
            return ours(context, line, extra_width)
        finally:
            spent[0] += time.process_time() - start
    counted.__wrapped_justify__ = getattr(ours, "__wrapped_justify__", ours)
    inline.justify_line = counted
    try:
        yield
    finally:
        inline.justify_line = ours


def document_of(checked, scheme):
    """The Document ``render`` writes for a checked input (a standalone self-evaluation is
    composed by its kind, as generator.render.render_checked does)."""
    from generator.kinds import kinds

    inp = checked.input
    kind = None if inp.is_report else next((k for k in kinds() if inp.documents.get(k.key) is not None), None)
    return kind.compose(checked.figures, scheme) if kind is not None else compose(checked.figures, scheme)


def _raw(HTML, html, scheme):
    with stock_weasyprint():
        rendered = HTML(string=html, base_url=str(scheme.folders[0])).render()
        rendered.write_pdf()
    return rendered


def main():
    global CLOCK
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", default=sorted(str(p) for p in (ROOT / "inputs").glob("*.yaml")))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wall", action="store_true", help="wall-clock instead of CPU seconds")
    args = parser.parse_args()
    if args.wall:
        CLOCK = time.perf_counter
    from weasyprint import HTML

    print(f"{'input':42} {'check':>6} {'compose':>7} {'docx':>6} {'html':>6} {'pdf':>6} "
          f"{'from html':>9} {'raw wp':>7} {'+%':>6} {'justify':>7} {'pages':>5}")
    overheads = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.files:
            t_check, checked = best(lambda: check_file(path), args.repeat)
            scheme = scheme_for(checked.input)
            t_compose, doc = best(lambda: document_of(checked, scheme), args.repeat)
            reference = scheme.find("docx/reference.docx")
            t_docx, _ = best(lambda: write_docx(doc, Path(tmp) / "x.docx", reference), args.repeat)
            t_html, html = best(lambda: render_html(doc, scheme), args.repeat)
            same = break_long_runs(html)             # what our writer hands WeasyPrint
            pdf, from_html, raw, rendered = [], [], [], None
            for i in range(args.repeat):             # interleaved, in turn first: the same load on each
                if i % 2:
                    elapsed, rendered = timed(lambda: _raw(HTML, same, scheme))
                    raw.append(elapsed)
                pdf.append(timed(lambda: write_pdf(doc, Path(tmp) / "x.pdf", scheme))[0])
                from_html.append(timed(lambda: write_pdf(doc, Path(tmp) / "y.pdf", scheme, html=html))[0])
                if not i % 2:
                    elapsed, rendered = timed(lambda: _raw(HTML, same, scheme))
                    raw.append(elapsed)
            spent = [0.0]
            with justify_timer(spent):
                t_once, _ = timed(lambda: write_pdf(doc, Path(tmp) / "y.pdf", scheme, html=html))
            justify = 100 * spent[0] / t_once
            t_pdf, t_from, t_raw = min(pdf), min(from_html), min(raw)
            overhead = 100 * (t_from - t_raw) / t_raw
            overheads.append(overhead)
            print(f"{Path(path).name:42} {t_check:6.3f} {t_compose:7.3f} {t_docx:6.3f} {t_html:6.3f} "
                  f"{t_pdf:6.3f} {t_from:9.3f} {t_raw:7.3f} {overhead:+5.1f}% {justify:6.2f}% {len(rendered.pages):5}")
    unit = "wall-clock" if args.wall else "CPU"
    print(f"{unit} seconds, best of {args.repeat} runs; pdf = our writer from the Document (HTML templating, "
          "charts, WeasyPrint); from html = our writer given the HTML; raw wp = stock WeasyPrint alone on "
          f"the same HTML; +% = from html over raw wp (largest {max(overheads):+.1f}%); justify = share of the "
          "writer's CPU time spent justifying CJK lines (measured inside one run: free of the machine's noise)")


if __name__ == "__main__":
    main()
