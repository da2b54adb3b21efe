"""Template schemes: ``templates/<name>/scheme.yaml`` plus templates, with ``extends`` chains.

A scheme that ``extends`` another holds only what differs: its scheme.yaml is merged over
the parent's (mappings deep-merged; lists of entries keyed by ``id`` — or by ``term``, the
glossary — merged entry by entry, ``{id: x, remove: true}`` removing one; other lists and
scalars replaced), and its template files are searched before the parent's.  A scheme may
ship its own classification catalogue (``catalogue/function-YYYY.yaml``,
``catalogue/economic-YYYY.yaml``) that extends the built-in one.  Adding a scheme needs no
Python change (docs/schemes.md).

A scheme is a *name* (``[A-Za-z0-9_.-]``, no ``..``), never a path: it is looked up only in
the search folders (``--templates``, a build folder's ``schemes/``, the built-in templates),
and a symbolic link inside a scheme folder may not lead outside it (docs/security.md).
"""

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


class SchemeError(Exception):
    """A scheme cannot be found or is malformed; the message names what was searched."""


class FetchRefused(Exception):
    """The PDF renderer asked for something outside the scheme's folders (see writers.pdf)."""

    def __init__(self, scheme, url, reason):
        super().__init__(f"scheme {scheme}: refused to fetch {url}: {reason}")
        self.scheme, self.url, self.reason = scheme, url, reason


#: How many schemes an ``extends`` chain may hold.
MAX_EXTENDS = 8
#: A scheme name: letters, digits, '_', '.', '-' (no '/', '\\', ':' and no '..').
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")


def valid_name(name):
    """True when ``name`` may name a scheme (a name, never a path)."""
    return isinstance(name, str) and NAME.fullmatch(name) is not None and ".." not in name


@dataclass(frozen=True)
class Scheme:
    name: str
    folders: tuple          # the scheme's folder first, then its ancestors'
    data: dict

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)

    def find(self, relative):
        """The first existing ``relative`` file along the chain, or SchemeError naming all tried."""
        tried = []
        for folder in self.folders:
            path = folder / relative
            if path.is_file():                   # a FIFO or a device is never a scheme file
                return path
            tried.append(str(path))
        raise SchemeError(f"scheme {self.name}: {relative} not found; searched: " + ", ".join(tried))

    def files(self):
        """Every file the scheme uses (for change detection): all files of all its folders."""
        return sorted(p for folder in self.folders for p in folder.rglob("*") if p.is_file())

    @functools.cached_property
    def env(self):
        """A sandboxed Jinja environment over the chain; a missing value is an error."""
        return make_env(self.folders)

    def catalogue_folders(self):
        """The chain's ``catalogue/`` folders, the scheme's own first (see :mod:`generator.catalogue`)."""
        return tuple(folder / "catalogue" for folder in self.folders if (folder / "catalogue").is_dir())

    def catalogue(self, year):
        """The classification catalogue of report ``year``: the built-in one extended by the
        catalogue files the scheme chain ships (the nearest scheme's entries win)."""
        from generator import catalogue as catalogue_mod

        return catalogue_mod.for_year(year, self.catalogue_folders())


def make_env(folders):
    """The narrative templates' Jinja environment over ``folders`` (StrictUndefined, no
    autoescape), sandboxed when a template may come from outside the built-in templates
    (:func:`template_folders`), shared by every Scheme over the same folders so that a template
    is compiled once per process (Jinja reloads a template whose file changed).  Its
    ``finalize`` and template class record which view values a template prints while ``check``
    composes (generator/unsaid.py); otherwise they change nothing."""
    return _env(*template_folders(folders))


@functools.lru_cache(maxsize=1)
def built_in_schemes():
    """The schemes the program ships, as ``templates/shipped.txt`` lists them: their templates
    are the program's own code.  A scheme an operator adds under templates/ — perhaps a
    department's — is not listed."""
    try:
        text = (TEMPLATES_DIR / "shipped.txt").read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def template_folders(folders):
    """(the folders templates are loaded from, whether they run sandboxed).

    The templates of the schemes the program ships (:func:`built_in_schemes`) are its own code:
    when no other folder of the chain holds a template (``*.j2``, or a symbolic link to a
    folder, which might), the templates run unsandboxed — Jinja's sandbox checks every
    attribute and call, about a third of the PDF's HTML rendering time — and are loaded from
    the shipped folders only (their resolved paths), so a template placed in another folder
    later is never run outside the sandbox.  Any other folder with a template, wherever it
    lies (also under templates/), makes the whole chain sandboxed (docs/security.md)."""
    folders = tuple(str(f) for f in folders)
    built_in = tuple(f for f in folders if _built_in(f))
    if any(_may_hold_templates(f) for f in folders if f not in built_in):
        return folders, True
    return tuple(str(Path(f).resolve()) for f in built_in), False


def _built_in(folder):
    path = Path(folder).resolve()
    return path.parent == TEMPLATES_DIR and path.name in built_in_schemes()


def _may_hold_templates(folder):
    import os

    for root, dirs, files in os.walk(folder):
        if any(name.lower().endswith(".j2") for name in files + dirs) or \
                any(os.path.islink(os.path.join(root, d)) for d in dirs):
            return True
    return False


@functools.lru_cache(maxsize=4)
def _bytecode_cache(sandboxed=True):
    """Compiled templates kept between runs (keyed by the template's source checksum) in Jinja's
    per-user cache folder (``<tmp>/_jinja2-cache-<uid>``, mode 0700, refused if someone else owns
    it), so ``check`` does not compile every template of a scheme again; None when unavailable.
    Sandboxed and unsandboxed templates compile to different code (a sandboxed call goes through
    the sandbox's checks), so each has its own files."""
    from jinja2 import FileSystemBytecodeCache

    try:
        return FileSystemBytecodeCache() if sandboxed else FileSystemBytecodeCache(pattern="__disclosure_trusted_%s.cache")
    except (OSError, RuntimeError):
        return None


def environment_class(sandboxed):
    from jinja2 import Environment

    return ImmutableSandboxedEnvironment if sandboxed else Environment


@functools.lru_cache(maxsize=32)
def _env(folders, sandboxed):
    from generator.unsaid import TrackingTemplate, record_printed

    env = environment_class(sandboxed)(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
        undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=False, finalize=record_printed, bytecode_cache=_bytecode_cache(sandboxed))
    env.template_class = TrackingTemplate
    return env


#: The keys that identify the entries of a list merged entry by entry under ``extends``:
#: ``id`` (parts, and any list of entries a scheme names), ``term`` (glossary entries).
ENTRY_KEYS = ("id", "term")


def deep_merge(base, override):
    """``override`` over ``base``: mappings merged key by key; lists of entries that all carry
    the same identifying key (``id``, else ``term``) merged entry by entry (see
    :func:`merge_entries`); everything else replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = deep_merge(base.get(key), value) if key in base else value
        return merged
    key = entry_key(base, override)
    if key is not None:
        return merge_entries(base, override, key)
    return override


def entry_key(*lists):
    """The identifying key shared by every entry of ``lists`` (all lists of mappings), else None."""
    if not all(isinstance(items, list) and items for items in lists):
        return None
    for key in ENTRY_KEYS:
        if all(isinstance(e, dict) and isinstance(e.get(key), (str, int)) for items in lists for e in items):
            return key
    return None


def merge_entries(base, override, key):
    """Merge two lists of entries by ``key``: an override entry with a known key is merged into
    it (``remove: true`` drops it), a new one is appended.  The base order is kept, unless the
    override names every entry that remains: then the override's order is the order."""
    merged = {e[key]: e for e in base}
    order = [e[key] for e in base]
    named = []
    for entry in override:
        ident = entry[key]
        if entry.get("remove") is True:
            merged.pop(ident, None)
            continue
        named.append(ident)
        if ident in merged:
            merged[ident] = deep_merge(merged[ident], entry)
        else:
            merged[ident] = entry
            order.append(ident)
    remaining = [ident for ident in order if ident in merged]
    if set(named) == set(remaining) and len(named) == len(remaining):
        remaining = named
    return [merged[ident] for ident in remaining]


def load_scheme(name, search=(TEMPLATES_DIR,)):
    """The scheme ``name`` from the first search folder that has it, with its ancestors merged."""
    return _load(name, tuple(Path(s) for s in search), ())


def _load(name, search, seen):
    if not valid_name(name):
        raise SchemeError(f"scheme {name!r}: a scheme is a name (letters, digits, '_', '.', '-'), not a path")
    if len(seen) >= MAX_EXTENDS:
        raise SchemeError(f"scheme {name}: 'extends' chain longer than {MAX_EXTENDS}: {' → '.join(seen)}")
    if name in seen:
        raise SchemeError(f"scheme {name}: 'extends' forms a cycle: {' → '.join(seen + (name,))}")
    for root in search:
        folder = root / name
        if (folder / "scheme.yaml").exists():
            break
    else:
        raise SchemeError(f"scheme {name} not found; searched: " + ", ".join(str(r / name) for r in search))
    if not folder.resolve().is_relative_to(root.resolve()):
        raise SchemeError(f"scheme {name}: {folder} leads outside {root}")
    _confined(folder, name)
    data = _read_scheme_yaml(folder / "scheme.yaml", name)
    parent_name = data.pop("extends", None)
    if parent_name:
        parent = _load(parent_name, search, seen + (name,))
        return Scheme(name, (folder,) + parent.folders, deep_merge(parent.data, data))
    return Scheme(name, (folder,), data)


def _confined(folder, name):
    """SchemeError when a symbolic link in ``folder`` leads outside it, or when the folder holds
    something that is neither a file nor a folder (a FIFO or a device would block a read)."""
    inside = folder.resolve()
    for path in folder.rglob("*"):
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            raise SchemeError(f"scheme {name}: {path} is a symbolic link to {path.resolve()}, outside the "
                              "scheme folder; a scheme may only use its own files")
        if not path.is_file() and not path.is_dir():
            raise SchemeError(f"scheme {name}: {path} is not a regular file (a FIFO, a device or a socket)")


_READ = {}     # (path, sha256 of its bytes) → scheme.yaml's data: a worker rendering many units parses it once


def _read_scheme_yaml(path, name):
    """scheme.yaml as plain data, read within the input limits (a scheme folder may be sent
    with the inputs, so it is not trusted either).  Parsed once per version of the file in a
    process; each caller gets its own copy."""
    from generator.loader import bounded_data

    import hashlib

    from generator.loader import read_bounded

    try:                                  # a regular file within the limits (else bounded_data says why)
        key = (str(path.resolve()), hashlib.sha256(read_bounded(path)).hexdigest())
    except Exception:                     # noqa: BLE001 - refused or unreadable: not cached
        key = None
    if key is None or key not in _READ:
        try:
            data = bounded_data(path)
        except ValueError as exc:
            raise SchemeError(f"scheme {name}: {path}: {exc}") from None
        if not isinstance(data, dict):
            raise SchemeError(f"scheme {name}: {path} is not a mapping")
        if key is None:
            return data
        if len(_READ) > 64:
            _READ.clear()
        _READ[key] = data
    return copy.deepcopy(_READ[key])
