"""The build's manifest (``OUT/.manifest.json``): what was rendered from what.

Per input (its path relative to the build folder) it records a key made of the content hashes
of the input, the files of its ``previous`` chain, every file of the scheme it uses (its
ancestors' included) and the program itself, with the outputs written, the overview's figures
and the time; an input whose key is unchanged since its last successful render, and whose
outputs are all still there, is skipped.  A unit that fails keeps its entry (its last good
outputs stay in use) with the key ``failed``, so it is tried again next time; an input that no
longer exists loses its entry.  Written atomically; a manifest of another version is ignored
(everything is rendered again).
"""

import functools
import hashlib
import json
import os
from pathlib import Path

from generator import __version__
from generator.render import atomic_path
from generator.scheme import TEMPLATES_DIR, SchemeError, load_scheme

MANIFEST = ".manifest.json"
MANIFEST_VERSION = 1
PACKAGE_DIR = Path(__file__).resolve().parent
FAILED = "failed"


# ------------------------------------------------------------------ fingerprints

def _sha(data):
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=1)
def program_hash():
    """The program's own fingerprint: version, code, catalogues and messages."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".yaml", ".po") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Fingerprints:
    """Content hashes with per-build caches (a scheme or a previous file is hashed once)."""

    def __init__(self, search=()):
        self.search = tuple(search) + (TEMPLATES_DIR,)
        self._files = {}
        self._schemes = {}

    def file(self, path):
        path = Path(path).resolve()
        if path not in self._files:
            if not path.is_file():                # a FIFO or a device is never read
                self._files[path] = "missing"
                return self._files[path]
            try:
                self._files[path] = _sha(path.read_bytes())
            except OSError:
                self._files[path] = "missing"
        return self._files[path]

    def scheme(self, name):
        if name not in self._schemes:
            try:
                scheme = load_scheme(name, self.search)
                digest = hashlib.sha256()
                for path in scheme.files():
                    digest.update(str(path).encode())
                    digest.update(self.file(path).encode())
                self._schemes[name] = digest.hexdigest()
            except SchemeError:
                self._schemes[name] = "missing"
        return self._schemes[name]


def dependencies(path, root=None):
    """(scheme name, [previous files]) of an input, read from its YAML without checking it;
    the previous files are those check reads (confined to ``root``, see generator.previous)."""
    from generator.previous import chain_paths, links

    scheme, _ = links(path)
    return scheme, chain_paths(path, root)


# ------------------------------------------------------------------ the manifest

def read_manifest(out_dir):
    path = Path(out_dir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("units", {}) if data.get("version") == MANIFEST_VERSION else {}


def write_manifest(out_dir, units):
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    with atomic_path(Path(out_dir) / MANIFEST) as tmp:
        tmp.write_text(json.dumps({"version": MANIFEST_VERSION, "program": __version__, "units": units},
                                  ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")


def unit_key(path, formats, prints, entry=None, root=None):
    """(key, content hash, deps): the key decides whether an input must be rendered again.

    The input's dependencies (scheme, previous chain) are read from its YAML only when its
    content changed since the manifest ``entry`` recorded them, so a no-op build only hashes.
    """
    content = prints.file(path)
    deps = entry.get("deps") if entry and entry.get("content") == content else None
    if not deps or any(prints.file(p) != h for p, h in zip(deps["chain"], deps.get("chain_hashes", []))):
        scheme, chain = dependencies(path, root)  # the input or a file of its chain changed
    else:
        scheme, chain = deps["scheme"], deps["chain"]
    hashes = [prints.file(p) for p in chain]
    parts = [program_hash(), ",".join(formats), content, prints.scheme(scheme or "")] + hashes
    return (_sha("|".join(parts).encode()), content,
            {"scheme": scheme, "chain": chain, "chain_hashes": hashes})


def is_current(entry, key, exists=os.path.exists):
    """Whether the unit of ``entry`` may be skipped: rendered with this very ``key`` and every
    output it wrote still there (``exists``: a path test, e.g. :class:`Seen`)."""
    return bool(entry) and entry.get("key") == key and all(exists(p) for p in entry.get("outputs", []))


class Seen:
    """``os.path.exists`` that remembers the files it found, so that a build asks once per
    output (the skip decision, then the overview); a file not found is asked again, since the
    build may write it meanwhile."""

    def __init__(self):
        self.found = set()

    def __call__(self, path):
        if path in self.found:
            return True
        if os.path.exists(path):
            self.found.add(path)
            return True
        return False


def record(manifest, rel, keyed, result, built):
    """Record a unit rendered now: ``keyed`` is :func:`unit_key`'s (key, content, deps)."""
    key, content, deps = keyed
    manifest[rel] = {"key": key, "content": content, "deps": deps, "outputs": result.outputs,
                     "warnings": result.warnings, "overview": result.overview, "built": built}


def mark_failed(manifest, rel):
    """A unit failed now: its last good outputs stay in use, but it is never skipped next time."""
    if rel in manifest:
        manifest[rel]["key"] = FAILED


def prune(manifest, present):
    """Drop the entries of inputs not in ``present`` (deleted or renamed); return their names."""
    removed = [rel for rel in manifest if rel not in present]
    for rel in removed:
        manifest.pop(rel)
    return removed
