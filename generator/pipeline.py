"""The data flow of one input, stage by stage: load → parse → compute → check (→ compose → write)."""

import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks import run_checks, run_scheme_checks
from generator.compute import compute
from generator.findings import ERROR, WARNING, Finding, has_errors, sort_key
from generator.i18n import N_
from generator.model import parse_file
from generator.previous import attach_previous
from generator.scheme import TEMPLATES_DIR, FetchRefused, SchemeError, load_scheme, valid_name

log = logging.getLogger(__name__)

SCHEME_NAME = N_("'{scheme}' is not a scheme name: a scheme is named (letters, digits, '_', '.', '-'), never a path; it is looked up in the --templates folders, the build folder's schemes/ and the built-in templates")


@dataclass(frozen=True)
class CheckResult:
    """The parsed input, its figures and every finding (None where a stage could not run)."""

    input: object
    figures: object
    findings: tuple
    report: tuple | None = None      # (scheme, Document): the report as check composed it

    def composed(self, scheme):
        """The report check composed with ``scheme`` (an equal one), else None."""
        return self.report[1] if self.report is not None and self.report[0] == scheme else None


@dataclass(frozen=True)
class RenderResult:
    findings: tuple
    written: tuple = field(default_factory=tuple)
    checked: CheckResult | None = None


def _timed(stage, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    log.debug("%s: %.1f ms", stage, (time.perf_counter() - start) * 1000)
    return result


def check_file(path, search=(), root=None):
    """Load, parse, compute and check one file (with its scheme and its previous year).

    ``root``: the folder a ``previous.file`` link must stay in (``build``'s folder; by
    default see :func:`generator.previous.input_root`).
    """
    parsed = _timed("load+parse", parse_file, path)
    if parsed.input is None:
        return CheckResult(None, None, tuple(sorted(parsed.findings, key=sort_key)))
    inp, link_findings = _timed("previous", attach_previous, parsed.input, path, root)
    findings = list(parsed.findings) + list(link_findings)
    scheme, catalogue = None, None
    if inp.unit.scheme and not valid_name(inp.unit.scheme):
        findings.append(Finding("SCHEME-NAME", ERROR, SCHEME_NAME, inp.where("unit.scheme"),
                                {"scheme": inp.unit.scheme}))
    else:
        scheme, catalogue, scheme_findings = _timed("scheme", _scheme_of, inp, path, search)
        findings += scheme_findings
    figures = _timed("compute", compute, inp, catalogue=catalogue)
    findings += _timed("check", run_checks, inp, figures)
    report = None
    if scheme is not None:
        findings += run_scheme_checks(inp, figures, scheme)
        if inp.is_report and not has_errors(findings):
            unsaid, doc = _timed("unsaid", _unsaid, inp, figures, scheme)
            findings += unsaid
            report = None if doc is None else (scheme, doc)
    return CheckResult(inp, figures, tuple(sorted(findings, key=sort_key)), report)


def search_folders(path, search=()):
    """The scheme folders for input ``path``: ``--templates``, then its build folder's schemes
    (a disclosure.toml's folder or schemes/, see generator/project.py); the built-in last."""
    from generator.project import scheme_folders_near

    near = scheme_folders_near(path)
    return tuple(search) + tuple(f for f in near if f not in tuple(Path(s) for s in search))


def _scheme_of(inp, path, search):
    """(scheme, its catalogue, findings): the scheme loaded and its static validation (cached per
    scheme: schema, references, catalogue files, templates compiled; generator/scheme_check.py)."""
    from generator.catalogue import CatalogueError
    from generator.project import ProjectError
    from generator.scheme_check import static_findings

    try:
        folders = search_folders(path, search)
    except ProjectError as exc:
        return None, None, [Finding("SCHEME-CONFIG", ERROR, N_("the build folder's disclosure.toml is wrong: {reason}"),
                                    inp.where("unit.scheme"), {"reason": exc})]
    try:
        scheme = load_scheme(inp.unit.scheme, folders + (TEMPLATES_DIR,))
    except SchemeError as exc:
        return None, None, [Finding("SCHEME-UNKNOWN", ERROR, N_("unknown template scheme: {reason}"),
                                    inp.where("unit.scheme"), {"reason": exc})]
    # an unknown key does not stop the report (the bureau's `scheme check` fails on it): a warning here
    findings = [replace(f, severity=WARNING) if f.rule == "SCHEME-KEY" else f for f in static_findings(scheme)]
    try:
        catalogue = scheme.catalogue(inp.unit.year) if inp.unit.year else None
    except CatalogueError:
        catalogue = None                          # static_findings located it (SCHEME-CATALOGUE)
    return (None if has_errors(findings) else scheme), catalogue, findings


def _unsaid(inp, figures, scheme):
    """(FACT-UNUSED warnings, the composed report); a template that fails with this unit's
    data is a located error (and no report)."""
    from generator.scheme_check import error_finding
    from generator.unsaid import composed_findings

    try:
        return composed_findings(inp, figures, scheme)
    except Exception as exc:                      # noqa: BLE001 — render would fail the same way
        return [error_finding(exc, inp.where("unit.scheme"), inp.file, rule="RENDER-SCHEME",
                              folders=scheme.folders)], None


def render_file(path, out_dir, formats, document="report", search=(), root=None):
    """Check one file and, when it has no errors, compose and write it.

    A scheme or template problem becomes a located finding (RENDER-SCHEME), not a traceback.
    """
    from jinja2 import TemplateError

    from generator.compose import ComposeError
    from generator.render import render_checked  # writers are heavy; load them only to render

    try:
        search = search_folders(path, search)
    except Exception:                             # noqa: BLE001 — check_file reports it (SCHEME-CONFIG)
        pass
    checked = check_file(path, search, root)
    if checked.input is None or has_errors(checked.findings):
        return RenderResult(checked.findings)
    try:
        written = _timed("compose+write", render_checked, checked, out_dir, formats, document, search)
    except (SchemeError, ComposeError, TemplateError) as exc:
        from generator.scheme_check import template_location

        cause = exc if isinstance(exc, TemplateError) else exc.__cause__
        if cause is not None and template_location(cause):    # at the template's line, in words
            from generator.scheme_check import error_finding

            finding = error_finding(exc, checked.input.where("unit.scheme"), checked.input.file,
                                    rule="RENDER-SCHEME", folders=_folders_of(checked.input, search))
        else:
            finding = Finding("RENDER-SCHEME", ERROR, N_("the report cannot be composed: {reason}"),
                              checked.input.where("unit.scheme"), {"reason": exc})
        return RenderResult(checked.findings + (finding,))
    except FetchRefused as exc:
        return RenderResult(checked.findings + (fetch_finding(exc, checked.input.where("unit.scheme")),))
    return RenderResult(checked.findings, tuple(written), checked)


def _folders_of(inp, search):
    """The folders of the input's scheme (to name a template relative to them), () if unknown."""
    try:
        return load_scheme(inp.unit.scheme, tuple(search) + (TEMPLATES_DIR,)).folders
    except SchemeError:
        return ()


def fetch_finding(refused, source):
    """The RENDER-FETCH finding of a refused fetch (its reason is a msgid naming scheme and URL)."""
    message, params = refused.reason
    return Finding("RENDER-FETCH", ERROR, message, source, {"scheme": refused.scheme, "url": refused.url, **params})
