"""Time each rendering stage for each example input, and a raw WeasyPrint render.

    .venv/bin/python benchmarks/render.py [FILE...] [--repeat N]

Prints, per input: check (load+parse+compute+check), compose, DOCX writing, HTML
templating, PDF writing through our writer, and WeasyPrint alone on the same HTML —
so the writer's overhead over WeasyPrint is visible.  Best of N runs (default 3).
"""

import argparse
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
from generator.writers.pdf import render_html, write_pdf  # noqa: E402


def best(func, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def _raw(HTML, html, scheme):
    rendered = HTML(string=html, base_url=str(scheme.folders[0])).render()
    rendered.write_pdf()
    return rendered


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", default=sorted(str(p) for p in (ROOT / "inputs").glob("*.yaml")))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from weasyprint import HTML

    print(f"{'input':42} {'check':>7} {'compose':>8} {'docx':>7} {'html':>7} {'pdf':>7} {'raw wp':>7} {'pages':>5}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.files:
            t_check, checked = best(lambda: check_file(path), args.repeat)
            scheme = scheme_for(checked.input)
            t_compose, doc = best(lambda: compose(checked.figures, scheme), args.repeat)
            reference = scheme.find("docx/reference.docx")
            t_docx, _ = best(lambda: write_docx(doc, Path(tmp) / "x.docx", reference), args.repeat)
            t_html, html = best(lambda: render_html(doc, scheme), args.repeat)
            t_pdf, _ = best(lambda: write_pdf(doc, Path(tmp) / "x.pdf", scheme), args.repeat)
            t_raw, rendered = best(lambda: _raw(HTML, html, scheme), args.repeat)
            pages = len(rendered.pages)
            print(f"{Path(path).name:42} {t_check:7.3f} {t_compose:8.3f} {t_docx:7.3f} {t_html:7.3f} "
                  f"{t_pdf:7.3f} {t_raw:7.3f} {pages:5}")
    print("seconds, best of", args.repeat, "runs; pdf = our writer (HTML templating + WeasyPrint); "
          "raw wp = WeasyPrint alone on the same HTML")


if __name__ == "__main__":
    main()
