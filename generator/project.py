"""A build folder's own schemes: ``schemes/`` beside the inputs, or ``disclosure.toml``.

A department sends its inputs with the schemes its bureau issued, so nobody passes
``--templates``::

    build-folder/
      disclosure.toml          [schemes] path = "bureau-schemes"   (optional)
      bureau-schemes/<name>/scheme.yaml …   (or schemes/<name>/… without a disclosure.toml)
      units/a.yaml …

``build DIR`` searches the folder's schemes after ``--templates`` and before the built-in
templates; ``check`` and ``render`` of a file inside such a folder find them too: the
folders from the input's up to the current directory are searched for the nearest
``disclosure.toml`` (or ``schemes/``), never above the current directory.  The path a
``disclosure.toml`` names must stay inside the folder that holds it (docs/schemes.md).
"""

import tomllib
from pathlib import Path

CONFIG = "disclosure.toml"
SCHEMES = "schemes"


class ProjectError(ValueError):
    """A disclosure.toml cannot be read or names a folder outside its own; the message says which."""


def read_config(path):
    """The ``[schemes] path`` folder a ``disclosure.toml`` names (resolved, inside its folder), or None."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProjectError(f"{path}: {exc}") from None
    schemes = data.get("schemes", {})
    if not isinstance(schemes, dict):
        raise ProjectError(f"{path}: [schemes] must be a table with path = \"…\"")
    unknown = sorted(set(data) - {"schemes"}) + sorted(set(schemes) - {"path"})
    if unknown:
        raise ProjectError(f"{path}: unknown key(s) {', '.join(unknown)}; known: [schemes] path")
    folder = schemes.get("path")
    if folder is None:
        return None
    if not isinstance(folder, str) or not folder.strip():
        raise ProjectError(f"{path}: [schemes] path must be a folder name (text)")
    base = path.parent.resolve()
    target = (base / folder).resolve()
    if not target.is_relative_to(base):
        raise ProjectError(f"{path}: [schemes] path = {folder!r} leads outside {base}")
    if not target.is_dir():
        raise ProjectError(f"{path}: [schemes] path = {folder!r}: no such folder {target}")
    return target


def scheme_folders(base):
    """The scheme folders of build folder ``base``: what its disclosure.toml names, else its
    ``schemes/``; ``()`` when it has neither."""
    base = Path(base)
    config = base / CONFIG
    if config.is_file():
        named = read_config(config)
        if named is not None:
            return (named,)
    folder = base / SCHEMES
    return (folder,) if folder.is_dir() else ()


def project_root(path, cwd=None):
    """The nearest folder from ``path``'s up to the current directory that holds a
    disclosure.toml or a ``schemes/`` folder; None when there is none (or ``path`` lies
    outside the current directory)."""
    cwd = Path(cwd or Path.cwd()).resolve()
    folder = Path(path).resolve().parent
    if not folder.is_relative_to(cwd):
        return None
    while True:
        if (folder / CONFIG).is_file() or (folder / SCHEMES).is_dir():
            return folder
        if folder == cwd:
            return None
        folder = folder.parent


def scheme_folders_near(path, cwd=None):
    """The scheme folders of the build folder that holds input ``path`` (see :func:`project_root`)."""
    root = project_root(path, cwd)
    return () if root is None else scheme_folders(root)


def excluded_folders(base):
    """Folders under build folder ``base`` that hold schemes, not inputs (``build`` skips them)."""
    try:
        return tuple(f.resolve() for f in scheme_folders(base))
    except ProjectError:
        return ()
