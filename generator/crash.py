"""An unexpected exception while checking or rendering one file is a located finding
(INTERNAL-ERROR), so the findings of the other files are never lost.  The traceback is
printed only with ``--debug`` or the environment variable ``DISCLOSURE_DEBUG=1``."""

import os
import sys
import traceback

from generator.findings import ERROR, Finding, Source
from generator.i18n import N_

DEBUG_ENV = "DISCLOSURE_DEBUG"
INTERNAL = N_("internal error while processing this file ({error}); the other files were processed. Please "
              "report it with this file (--debug or DISCLOSURE_DEBUG=1 prints the traceback)")


def debugging(args=None):
    return bool(os.environ.get(DEBUG_ENV)) or bool(getattr(args, "debug", False))


def internal_finding(exc, path, args=None):
    """The INTERNAL-ERROR finding of ``exc`` raised while processing ``path``; prints the
    traceback to stderr when debugging."""
    if debugging(args):
        traceback.print_exception(exc, file=sys.stderr)
    error = f"{type(exc).__name__}: {exc}"
    return Finding("INTERNAL-ERROR", ERROR, INTERNAL, Source(str(path)),
                   {"error": error if len(error) <= 300 else error[:300] + "…"})
