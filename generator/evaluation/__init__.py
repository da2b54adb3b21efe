"""The performance self-evaluation (部门整体支出绩效自评报告): Part 5 of a report, or a
document of its own.  Its model, figures, checks and composition live in this package."""

from generator.kinds import DocumentKind


def _kind():
    from generator.evaluation import checks, compose, figures, model

    return DocumentKind(key="self_evaluation", document="self-evaluation", parse=model.parse_self_evaluation,
                        compute=figures.compute_evaluation, rules=checks.rules, blocks=compose.evaluation_blocks,
                        compose=compose.compose_evaluation)


def __getattr__(name):
    if name == "KIND":
        return _kind()
    raise AttributeError(name)
