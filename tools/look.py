"""Render every example in both formats for a person to look at: ``make look``.

    .venv/bin/python tools/look.py [FILE...] [--out output/look] [--dpi 50]

For each input (default: inputs/*.yaml) it writes under ``output/look/<stem>/``:
the DOCX and the PDF, the DOCX converted to PDF by LibreOffice (``docx.pdf``, when
``soffice`` is installed), PNG pages of both (``pdf-NN.png``, ``docx-NN.png``, pdftoppm) and
one contact sheet per format (``<stem>-pdf.png``, ``<stem>-docx.png`` in output/look/),
then prints the page counts of both formats side by side.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx, out_dir):
    """The DOCX as LibreOffice lays it out, as PDF in ``out_dir``; None without LibreOffice."""
    exe = soffice()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx)], check=True, capture_output=True, timeout=300)
    return Path(out_dir) / (Path(docx).stem + ".pdf")


def pages_png(pdf, prefix, dpi):
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def contact_sheet(pngs, target, columns=8):
    """The pages side by side on a grey ground, numbered in reading order."""
    from PIL import Image, ImageDraw

    images = [Image.open(p).convert("RGB") for p in pngs]
    if not images:
        return None
    cell_w = max(i.width for i in images) + 12
    cell_h = max(i.height for i in images) + 26
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (cell_w * min(columns, len(images)), cell_h * rows), (150, 150, 150))
    draw = ImageDraw.Draw(sheet)
    for n, image in enumerate(images):
        x, y = (n % columns) * cell_w + 6, (n // columns) * cell_h + 6
        sheet.paste(image, (x + (cell_w - 12 - image.width) // 2, y))
        draw.text((x, y + cell_h - 24), str(n + 1), fill=(0, 0, 0))
    sheet.save(target)
    return target


def page_count(pdf):
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", default=sorted(str(p) for p in (ROOT / "inputs").glob("*.yaml")))
    parser.add_argument("--out", default=str(ROOT / "output" / "look"))
    parser.add_argument("--dpi", type=int, default=50)
    args = parser.parse_args()
    from generator.pipeline import render_file

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if soffice() is None:
        print("soffice not found: the DOCX is not laid out (make look installs libreoffice-writer-nogui)")
    rows = []
    for path in args.files:
        stem = Path(path).stem
        folder = out / stem
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        result = render_file(path, folder, ["docx", "pdf"])
        written = {p.suffix[1:]: p for p in result.written}
        if len(written) != 2:
            print(f"{stem}: not rendered: " + "; ".join(f.line() for f in result.findings))
            continue
        pdf_pages = page_count(written["pdf"])
        sheet = contact_sheet(pages_png(written["pdf"], folder / "pdf", args.dpi), out / f"{stem}-pdf.png")
        docx_pages = "-"
        lo_dir = folder / "libreoffice"
        lo_dir.mkdir()
        lo_pdf = docx_to_pdf(written["docx"], lo_dir)
        if lo_pdf is not None and lo_pdf.exists():
            docx_pages = page_count(lo_pdf)
            contact_sheet(pages_png(lo_pdf, folder / "docx", args.dpi), out / f"{stem}-docx.png")
        rows.append((stem, pdf_pages, docx_pages, sheet))
    print(f"{'document':48} {'PDF':>5} {'DOCX (LibreOffice)':>19}")
    for stem, pdf_pages, docx_pages, _ in rows:
        print(f"{stem:48} {pdf_pages:>5} {docx_pages!s:>19}")
    print(f"pages and contact sheets: {out}")


if __name__ == "__main__":
    main()
