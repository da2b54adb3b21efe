"""GB 2312 subsets of the PDF's CJK faces: the same glyphs, an eighth of the size.

A Noto CJK collection holds about 65,000 glyphs in 20–27 MB; WeasyPrint copies the whole face
into memory for every face a document uses and subsets it when the PDF is written, which is
most of a render's peak memory (about 130 MiB of ~430 for one report).  A report is written
in the characters of GB 2312 (6,763 汉字 and the symbols of the standard) and ASCII, so
``make install`` makes, once, a subset of each face the built-in schemes name: the characters
of GB 2312 plus Latin, punctuation and the CJK and full-width forms, the glyphs unchanged, its
metrics unchanged (so layout is the same), and the family renamed ``<family> GB2312`` so it
never replaces the full face.  The PDF writer puts each subset right before its full face in
the font stacks (:func:`with_subsets`): a character outside the subset falls through to the
full face, exactly as before; a machine without the subsets uses the full faces.

    python -m generator.fonts            # make the subsets (skips those already made)
    python -m generator.fonts --check    # list what is installed

The subsets live in ``/usr/local/share/fonts/disclosure-gb2312`` (root) or
``~/.local/share/fonts/disclosure-gb2312``, with ``subsets.json`` naming them; fontconfig is
told with ``fc-cache``.
"""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

SUFFIX = " GB2312"
INDEX = "subsets.json"
FOLDER = "disclosure-gb2312"

#: (family, style) of the faces subset: what the built-in schemes' PDF stacks name
#: and the charts' labels (generator/charts.py)
FACES = (
    ("Noto Serif CJK SC", "Regular"), ("Noto Serif CJK SC", "Bold"),
    ("Noto Sans CJK SC", "Regular"), ("Noto Sans CJK SC", "Bold"),
    ("LXGW WenKai", "Light"), ("LXGW WenKai", "Regular"), ("LXGW WenKai", "Bold"),
    ("AR PL UKai CN", "Book"),
)

#: Unicode blocks kept beside GB 2312: ASCII and Latin-1, general punctuation, letter-like and
#: number forms, arrows, enclosed numbers (①), box drawing, CJK symbols (、。《》), enclosed CJK
#: (㈠), half- and full-width forms
RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF),
          (0x2460, 0x24FF), (0x2500, 0x257F), (0x3000, 0x303F), (0x3200, 0x32FF), (0xFF00, 0xFFEF))


def gb2312():
    """Every character of GB 2312 (rows 0xA1–0xF7, cells 0xA1–0xFE), as code points."""
    found = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return found


def characters():
    kept = gb2312()
    for first, last in RANGES:
        kept.update(range(first, last + 1))
    return kept


def folders():
    """Where subsets are looked for: the system-wide folder, then the user's."""
    return (Path("/usr/local/share/fonts") / FOLDER, Path.home() / ".local" / "share" / "fonts" / FOLDER)


@functools.lru_cache(maxsize=1)
def _installed_faces():
    """[(family, subset family, subset file, style)] of the subsets made by :func:`make`."""
    for folder in folders():
        try:
            index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return [(entry["family"], entry["subset"], folder / entry["file"], entry.get("style"))
                for entry in index.get("faces", []) if (folder / entry["file"]).is_file()]
    return []


def installed():
    """{family: subset family} of the subsets made by :func:`make` (empty when none)."""
    return {family: subset for family, subset, _, _ in _installed_faces()}


def subset_file(family):
    """The file of the installed subset of ``family``'s regular face, else None."""
    return next((path for name, _, path, style in _installed_faces()
                 if name == family and style in ("Regular", "Book")), None)


def with_subsets(names, subsets=None):
    """``names`` (a font stack) with each installed subset right before its full face."""
    subsets = installed() if subsets is None else subsets
    stack = []
    for name in names:
        if name in subsets and subsets[name] not in stack:
            stack.append(subsets[name])
        stack.append(name)
    return stack


def face_file(family, style):
    """(file, index in a collection) of an installed face, or None (fontconfig's own list)."""
    try:
        out = subprocess.run(["fc-list", "-f", r"%{file}\t%{index}\t%{family}\t%{style}\n", f"{family}:style={style}"],
                             capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(out.splitlines()):
        fields = line.split("\t")
        if len(fields) != 4:
            continue
        path, index, families, styles = fields
        if family in families.split(",") and FOLDER not in path and styles.split(",")[0] == style:
            return path, int(index or 0)
    return None


def _is_cff(source, index):
    """Whether the face has PostScript (CFF) outlines: its subset is an .otf, else a .ttf."""
    from fontTools.ttLib import TTFont

    font = TTFont(source, fontNumber=index, lazy=True)
    try:
        return "CFF " in font or "CFF2" in font
    finally:
        font.close()


def _subset(source, index, family, style, target):
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, fontNumber=index)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]          # vertical forms, proportional figures… all kept
    options.notdef_outline = True
    options.hinting = True
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    renamed = family + SUFFIX
    for record in font["name"].names:
        try:
            text = record.toUnicode()
        except UnicodeDecodeError:
            continue
        if record.nameID in (1, 3, 4, 16, 21):        # family, unique id, full name, typographic/WWS family
            record.string = text + SUFFIX
        elif record.nameID == 6:                       # PostScript name: no spaces
            record.string = (text + SUFFIX).replace(" ", "")[:63]
    font.save(target)
    return renamed


def make(folder=None, out=sys.stdout):
    """Make the subsets of :data:`FACES` that are installed and not made yet; return the index."""
    folder = Path(folder) if folder else (folders()[0] if os.geteuid() == 0 else folders()[1])
    folder.mkdir(parents=True, exist_ok=True)
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {"faces": []}
    done = {(e["family"], e["style"]): e for e in index["faces"]}
    todo = []
    for family, style in FACES:
        found = face_file(family, style)
        if found is None:                      # not installed here: its stack uses what there is
            continue
        source, number = found
        stamp = f"{source}:{number}:{os.path.getsize(source)}:{int(os.path.getmtime(source))}"
        entry = done.get((family, style))
        if entry and entry.get("source") == stamp and (folder / entry["file"]).is_file():
            continue
        suffix = ".otf" if _is_cff(source, number) else ".ttf"
        name = f"{family}-{style}{SUFFIX}".replace(" ", "") + suffix
        todo.append((family, style, source, number, stamp, name))
    if todo:
        from concurrent.futures import ProcessPoolExecutor

        for family, style, source, _, _, name in todo:
            print(f"GB 2312 subset of {family} {style} ({source}) → {folder / name}", file=out, flush=True)
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            jobs = [pool.submit(_subset, source, number, family, style, folder / f".{name}.tmp")
                    for family, style, source, number, _, name in todo]
            for (family, style, _, _, stamp, name), job in zip(todo, jobs):
                try:
                    subset_family = job.result()
                except Exception as exc:           # noqa: BLE001 - the full face still serves
                    print(f"  {family} {style}: no subset ({type(exc).__name__}: {exc}); the PDF uses the full face",
                          file=out, flush=True)
                    (folder / f".{name}.tmp").unlink(missing_ok=True)
                    continue
                os.replace(folder / f".{name}.tmp", folder / name)
                done[(family, style)] = {"family": family, "style": style, "subset": subset_family,
                                         "file": name, "source": stamp}
    changed = bool(todo)
    index = {"faces": sorted(done.values(), key=lambda e: (e["family"], e["style"]))}
    if changed or not (folder / INDEX).exists():
        (folder / INDEX).write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
        subprocess.run(["fc-cache", "-f", str(folder)], check=False, capture_output=True)
    _installed_faces.cache_clear()
    return index


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--check" in argv:
        subsets = installed()
        for family, subset_family in sorted(subsets.items()):
            print(f"{family} → {subset_family}")
        return 0 if subsets else 1
    make()
    return 0


if __name__ == "__main__":
    sys.exit(main())
