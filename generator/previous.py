"""Last year's file: where ``previous.file`` may point, and how the chain of years is read.

An input is untrusted (a bureau checks files that departments send it), so ``previous.file``
is resolved under rules, each refusal a located finding in the file that names the link:

* it resolves (symbolic links followed) inside the *input tree*: the folder given to
  ``disclosure build``, or for ``check``/``render`` the current working directory when the
  input lies under it, else the input's own folder;
* it names a YAML input (``.yaml``/``.yml``);
* it is a regular file (not a directory, FIFO, device or socket) of at most ``MAX_BYTES``;
* it exists ("上年文件不存在：…", not "has 1 error").

The chain of years is followed iteratively, never recursively, with a cycle check, and only
as deep as the figures need (``DEPTH``): last year's file gives this year's prior figures and
must itself pass check; the year before gives last year's prior figures (its carry-over
continuity) and must be readable.  Every file of the chain is checked on its own when it is
the file being checked, so nothing deeper changes this year's output.
"""

import os
import stat
from dataclasses import replace
from pathlib import Path

from generator.findings import ERROR, Finding
from generator.i18n import N_

#: How many links are followed from the file being checked (last year, and the year before).
DEPTH = 2
#: The largest previous file read (bytes); real inputs are 10–60 kB.
MAX_BYTES = 2 * 1024 * 1024
SUFFIXES = (".yaml", ".yml")

MISSING = N_("last year's file does not exist: {file}")
OUTSIDE = N_("last year's file {file} is outside the input folder {root}; previous.file may only name a file inside it")
NOT_YAML = N_("last year's file {file} is not a YAML input (.yaml or .yml)")
NOT_REGULAR = N_("last year's file {file} is not a regular file")
IS_DIRECTORY = N_("last year's file {file} is a directory, not a file")
IS_FIFO = N_("last year's file {file} is a named pipe (FIFO), not a regular file; it is not read")
IS_DEVICE = N_("last year's file {file} is a device, not a regular file; it is not read")
TOO_LARGE = N_("last year's file {file} has {size} bytes, more than the limit of {limit}")
CYCLE = N_("the 'previous' links form a cycle through {file}")
INVALID = N_("last year's file {file} has {count} error(s); run check on it first")
UNREADABLE = N_("last year's file {file} cannot be read: {reason}")

KINDS = ((stat.S_ISDIR, IS_DIRECTORY), (stat.S_ISFIFO, IS_FIFO), (stat.S_ISCHR, IS_DEVICE),
         (stat.S_ISBLK, IS_DEVICE))


def input_root(path, root=None):
    """The folder ``previous.file`` links of ``path`` must stay in (resolved).

    ``root``: the folder given to ``build``.  Otherwise the current working directory when
    ``path`` lies under it (so ``inputs/2024/a.yaml`` may link ``../2023/a.yaml``), else the
    input's own folder.
    """
    if root is not None:
        root = Path(root).resolve()
        return root if root.is_dir() else root.parent
    folder = Path(path).resolve().parent
    cwd = Path.cwd().resolve()
    return cwd if folder.is_relative_to(cwd) else folder


def locate(link, from_path, root, source):
    """(resolved path, None) for a link that may be read, or (None, Finding) saying why not.

    Nothing is opened: the checks use ``stat`` only, so a FIFO or a device never blocks.
    """
    def refuse(message, **params):
        return None, Finding(_rule(message), ERROR, message, source, {"file": link, **params})

    target = (Path(from_path).resolve().parent / link)
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:          # a symlink loop
        return refuse(UNREADABLE, reason=exc)
    if not resolved.is_relative_to(root):
        return refuse(OUTSIDE, root=root)
    if resolved.suffix.lower() not in SUFFIXES:
        return refuse(NOT_YAML)
    try:
        info = os.stat(resolved)
    except FileNotFoundError:
        return refuse(MISSING)
    except OSError as exc:
        return refuse(UNREADABLE, reason=exc.strerror or exc)
    if not stat.S_ISREG(info.st_mode):
        return refuse(next((message for test, message in KINDS if test(info.st_mode)), NOT_REGULAR))
    if info.st_size > MAX_BYTES:
        return refuse(TOO_LARGE, size=info.st_size, limit=MAX_BYTES)
    return resolved, None


_RULES = {MISSING: "PREVIOUS-MISSING", OUTSIDE: "PREVIOUS-OUTSIDE", NOT_YAML: "PREVIOUS-NOT-YAML",
          TOO_LARGE: "PREVIOUS-TOO-LARGE", NOT_REGULAR: "PREVIOUS-NOT-FILE", IS_DIRECTORY: "PREVIOUS-NOT-FILE",
          IS_FIFO: "PREVIOUS-NOT-FILE", IS_DEVICE: "PREVIOUS-NOT-FILE", CYCLE: "PREVIOUS-CYCLE", INVALID: "PREVIOUS-INVALID",
          UNREADABLE: "PREVIOUS-UNREADABLE"}


def _rule(message):
    return _RULES[message]


def link_of(inp):
    """The ``previous.file`` text of a parsed input, or None."""
    prior = inp.prior
    if prior is None or not prior.file or "previous.file" not in inp.sources:
        return None
    return prior.file


def _walk(inp, path, root, depth, parse):
    """[(input, resolved path, its own findings)] from ``inp`` down its links, and the
    findings on each link (index: the file that names the link)."""
    chain = [(inp, Path(path).resolve(), ())]
    links = [[] for _ in range(depth + 1)]
    seen = {chain[0][1]}
    for level in range(depth):
        current, current_path, _ = chain[-1]
        link = link_of(current)
        if link is None:
            break
        source = current.where("previous.file")
        target, refusal = locate(link, current_path, root, source)
        if refusal is not None:
            links[level].append(refusal)
            break
        if target in seen:
            links[level].append(Finding("PREVIOUS-CYCLE", ERROR, CYCLE, source, {"file": link}))
            if level and target == chain[0][1]:        # the cycle runs through the file checked
                links[0].append(Finding("PREVIOUS-CYCLE", ERROR, CYCLE, inp.where("previous.file"),
                                        {"file": link_of(inp)}))
            break
        seen.add(target)
        parsed = parse(target)
        errors = [f for f in parsed.findings if f.severity == ERROR]
        if parsed.input is None:
            links[level].append(Finding("PREVIOUS-INVALID", ERROR, INVALID, source,
                                        {"file": link, "count": max(len(errors), 1)}))
            break
        chain.append((parsed.input, target, tuple(parsed.findings)))
    return chain, links


def attach_previous(inp, path, root=None, depth=DEPTH):
    """``inp`` with last year's figures (``prior``) and input (``previous_input``) attached
    from its ``previous.file`` chain, and the findings on its link.

    Last year's file must pass check (its own parse, its link, its rules); the deepest file
    read must parse without errors.
    """
    from generator.checks import run_checks          # checks and compute import the model
    from generator.compute import compute
    from generator.model import parse_file

    if link_of(inp) is None:
        return inp, []
    root = input_root(path, root)
    chain, links = _walk(inp, path, root, depth, lambda p: parse_file(p, str(p)))
    for level in range(len(chain) - 2, -1, -1):
        previous, previous_path, own = chain[level + 1]
        figures = compute(previous)
        deepest = level + 1 == len(chain) - 1 and level + 1 == depth
        found = list(own) + list(links[level + 1])
        if not deepest:
            found += run_checks(previous, figures)
        errors = [f for f in found if f.severity == ERROR]
        current = chain[level][0]
        if errors and not any(f.rule == "PREVIOUS-CYCLE" for f in links[level]):
            links[level].append(Finding("PREVIOUS-INVALID", ERROR, INVALID, current.where("previous.file"),
                                        {"file": link_of(current), "count": len(errors)}))
        current = replace(current, prior=figures.as_prior(str(previous_path)), previous_input=previous)
        chain[level] = (current, chain[level][1], chain[level][2])
    return chain[0][0], links[0]


def chain_paths(path, root=None, depth=DEPTH):
    """The resolved files of ``path``'s previous chain that its output depends on, read from
    the YAML only (for build's fingerprints); the same rules, without findings."""
    root = input_root(path, root)
    current = Path(path).resolve()
    seen, chain = {current}, []
    for _ in range(depth):
        _, link = links(current)
        if link is None:
            break
        target, refusal = locate(link, current, root, None)
        if refusal is not None or target in seen:
            break
        seen.add(target)
        chain.append(str(target))
        current = target
    return chain


def links(path):
    """(``unit.scheme``, ``previous.file``) of a YAML file as written (None where absent), for
    build's fingerprints: libyaml's quick read (generator.loader.peek), else the careful loader."""
    from generator.loader import Unpeekable, load, peek

    try:
        return peek(path, (("unit", "scheme"), ("previous", "file")))
    except Unpeekable:
        pass
    tree = load(path).tree
    found = []
    for outer, inner in (("unit", "scheme"), ("previous", "file")):
        node = tree.value.get(outer) if tree is not None and tree.is_map() else None
        value = node.value.get(inner) if node is not None and node.is_map() else None
        found.append(value.text if value is not None and value.kind == "scalar" and value.text else None)
    return tuple(found)
