"""Template schemes: ``templates/<name>/scheme.yaml`` plus templates, with ``extends`` chains.

A scheme that ``extends`` another holds only what differs: its scheme.yaml is merged over
the parent's (mappings deep-merged, lists and scalars replaced), and its template files
are searched before the parent's.  Adding a scheme needs no Python change.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


class SchemeError(Exception):
    """A scheme cannot be found or is malformed; the message names what was searched."""


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
            if path.exists():
                return path
            tried.append(str(path))
        raise SchemeError(f"scheme {self.name}: {relative} not found; searched: " + ", ".join(tried))

    def files(self):
        """Every file the scheme uses (for change detection): all files of all its folders."""
        return sorted(p for folder in self.folders for p in folder.rglob("*") if p.is_file())

    @functools.cached_property
    def env(self):
        """A sandboxed Jinja environment over the chain; a missing value is an error."""
        env = ImmutableSandboxedEnvironment(
            loader=ChoiceLoader([FileSystemLoader(str(f)) for f in self.folders]),
            undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=False)
        return env


def deep_merge(base, override):
    """``override`` over ``base``: mappings merged key by key, everything else replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = deep_merge(base.get(key), value) if key in base else value
        return merged
    return override


def load_scheme(name, search=(TEMPLATES_DIR,)):
    """The scheme ``name`` from the first search folder that has it, with its ancestors merged."""
    return _load(name, tuple(Path(s) for s in search), ())


def _load(name, search, seen):
    if name in seen:
        raise SchemeError(f"scheme {name}: 'extends' forms a cycle: {' → '.join(seen + (name,))}")
    for root in search:
        folder = root / name
        if (folder / "scheme.yaml").exists():
            break
    else:
        raise SchemeError(f"scheme {name} not found; searched: " + ", ".join(str(r / name) for r in search))
    with (folder / "scheme.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    parent_name = data.pop("extends", None)
    if parent_name:
        parent = _load(parent_name, search, seen + (name,))
        return Scheme(name, (folder,) + parent.folders, deep_merge(parent.data, data))
    return Scheme(name, (folder,), data)
