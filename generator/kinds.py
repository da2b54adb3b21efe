"""Document kinds: a document that a unit's file may carry besides the report itself.

Each kind lives in one package of its own (its model, figures, checks and composition
together) and plugs into the one pipeline through a :class:`DocumentKind`: the parser
reads its key, compute adds its figures, check runs its rules, the report composes its
blocks (as a part of the report) and ``render --document NAME`` composes it alone.
A new kind is a new package and one line in :func:`kinds`.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class DocumentKind:
    key: str                  # its key in the YAML file (``self_evaluation``)
    document: str             # its name on the command line (``render --document self-evaluation``)
    parse: Callable           # (Reader) -> model or None when the key is absent
    compute: Callable         # (Input, Figures of the report or None) -> figures
    rules: Callable           # () -> rules of (Input, Figures)
    blocks: Callable          # (Figures, scheme, NumberStyle) -> blocks inside the report
    compose: Callable         # (Figures, scheme) -> a Document of its own


def kinds():
    """The document kinds, in the order they are parsed and composed."""
    from generator import evaluation

    return (evaluation.KIND,)


def by_document(name):
    """The kind that ``render --document NAME`` asks for, or None."""
    return next((k for k in kinds() if k.document == name), None)
