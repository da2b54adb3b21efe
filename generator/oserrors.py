"""Filesystem errors as located findings (disk full, read-only, a file where a folder must be)."""

import errno
import re
from pathlib import Path

from generator.findings import ERROR, Finding, Source
from generator.i18n import N_

CANNOT_WRITE = {
    errno.ENOSPC: N_("cannot write {path}: the disk is full"),
    errno.EDQUOT: N_("cannot write {path}: the disk quota is used up"),
    errno.EROFS: N_("cannot write {path}: the file system is read-only"),
    errno.EACCES: N_("cannot write {path}: permission denied"),
    errno.EPERM: N_("cannot write {path}: permission denied"),
    errno.ENOTDIR: N_("cannot write {path}: a part of the path is a file, not a folder"),
    errno.EEXIST: N_("cannot write {path}: a file is in the way of a folder"),
    errno.EISDIR: N_("cannot write {path}: a folder is in the way of a file"),
    errno.ENAMETOOLONG: N_("cannot write {path}: the name is too long"),
}
OTHER = N_("cannot write {path}: {reason}")
OUT_IS_FILE = N_("the output folder {path} is a file, not a folder")


# a temporary name of generator.render.atomic_path (".{stem}.{8 random}{suffix}.tmp"), and
# the build's lock: the message names the file or folder the user knows
_TEMPORARY = re.compile(r"^\.(.+)\.[a-z0-9_]{8}(\.[A-Za-z0-9]+)\.tmp$")


def _shown(path):
    path = Path(path)
    if path.name == ".build.lock":
        return path.parent
    match = _TEMPORARY.match(path.name)
    return path.with_name(match[1] + match[2]) if match else path


def os_error_finding(exc, where):
    """The FS-WRITE finding of ``exc`` (an OSError), located at ``where`` (an input or a folder)."""
    path = _shown(exc.filename) if getattr(exc, "filename", None) else where
    message = CANNOT_WRITE.get(exc.errno, OTHER)
    return Finding("FS-WRITE", ERROR, message, Source(str(where)),
                   {"path": path, "reason": exc.strerror or type(exc).__name__})


def out_is_file(path):
    """The FS-OUT finding when the output folder ``path`` exists and is not a folder, else None."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        return Finding("FS-OUT", ERROR, OUT_IS_FILE, Source(str(path)), {"path": path})
    return None
