"""Findings: what check (and the loader and parser) report, with their location."""

from dataclasses import dataclass, field
from typing import Mapping

from generator.i18n import N_, translate

ERROR = "error"
WARNING = "warning"
SEVERITY_LABEL = {ERROR: N_("error"), WARNING: N_("warning")}


@dataclass(frozen=True)
class Source:
    """Where a value came from: file, 1-based line and column, and its YAML path."""

    file: str
    line: int = 0
    column: int = 0
    path: str = ""

    def child(self, key):
        """The source of ``key`` below this one when nothing better is known."""
        return Source(self.file, self.line, self.column, join_path(self.path, key))


def join_path(path, key):
    """YAML path notation: ``expenditure.2010301.basic``, ``profile.duties[2]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


@dataclass(frozen=True)
class Finding:
    """One problem: a rule id, a severity, a located message (English msgid + params)."""

    rule: str
    severity: str
    message: str
    source: Source
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang="zh"):
        """The message in ``lang`` (a parameter with ``translated(lang)`` is said in ``lang`` too)."""
        return translate(self.message, lang, **{k: v.translated(lang) if hasattr(v, "translated") else str(v)
                                                for k, v in self.params.items()})

    def line(self, lang="zh"):
        """``file:line:col: 错误 [RULE] message`` — one finding per line, editor-friendly."""
        s = self.source
        severity = translate(SEVERITY_LABEL[self.severity], lang)
        where = f"{s.file}:{s.line}:{s.column}"
        path = f" ({s.path})" if s.path else ""
        return f"{where}: {severity} [{self.rule}] {self.text(lang)}{path}"

    def as_dict(self, lang="zh"):
        """The JSON form of ``check --json``."""
        s = self.source
        return {
            "rule": self.rule, "severity": self.severity, "file": s.file, "line": s.line,
            "column": s.column, "path": s.path, "message": self.text(lang),
        }


def has_errors(findings):
    """True when any finding is an error."""
    return any(f.severity == ERROR for f in findings)


def sort_key(finding):
    """Order findings by file and position, errors first on the same line."""
    s = finding.source
    return (s.file, s.line, s.column, finding.severity != ERROR, finding.rule)
