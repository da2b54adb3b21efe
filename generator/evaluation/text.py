"""Checks on the self-evaluation's free text: what a proof-reader would mark.

Titles that carry their own number (the program numbers them), a figure typed with the
wrong unit, unbalanced quotes or brackets, a paragraph that ends in "；" or "，", Latin
"and"/"&" inside Chinese text.  All are located warnings.
"""

import re
from decimal import Decimal

from generator.checks import _f
from generator.findings import WARNING
from generator.i18n import N_
from generator.money import TEN_THOUSAND

_OWN_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+[部分章节条]|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[、．]|\d+\.(?!\d)|[①-⑳])")
_AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万元|元)")
_LATIN = re.compile(r"[\u4e00-\u9fff]\s*(?:(?<![A-Za-z])and(?![A-Za-z])|&)"
                    r"|(?:(?<![A-Za-z])and(?![A-Za-z])|&)\s*[\u4e00-\u9fff]")
_PAIRS = (("“", "”"), ("‘", "’"), ("（", "）"), ("(", ")"), ("《", "》"), ("【", "】"), ("〔", "〕"))


def _texts(se):
    """(YAML path, text, is_title) of every free text of the self-evaluation."""
    def walk(nodes):
        for node in nodes:
            if node.title:
                yield f"{node.path}.title", node.title, True
            for i, text in enumerate(node.text):
                yield f"{node.path}.text", text, False
            for text in node.after:
                yield f"{node.path}.after", text, False
            yield from walk(node.children)

    yield from walk(se.sections)
    if se.scoring is not None:
        yield "self_evaluation.scoring.goals.expected", se.scoring.goals_expected, False
        yield "self_evaluation.scoring.goals.achieved", se.scoring.goals_achieved, False
        for group in se.scoring.groups:
            for item in group.items:
                yield f"{item.path}.deviation", item.deviation, False
    for project in se.projects:
        yield f"{project.path}.purpose", project.purpose, False


def _unbalanced(text):
    for left, right in _PAIRS:
        depth = 0
        for char in text:
            if char == left:
                depth += 1
            elif char == right:
                depth -= 1
                if depth < 0:
                    return left + right
        if depth:
            return left + right
    return None


def known_amounts(ev, fig):
    """Amounts in 万元 the self-evaluation's figures hold (a typed figure is compared with them)."""
    values = [v for v in ev.budget.values() if v is not None]
    values += [p.actual for p in ev.projects] + [v for p in ev.projects for v in (p.initial, p.adjusted) if v is not None]
    for column in (ev.three_public or {}).values():
        if column:
            values += list(column.values())
    if fig.input.is_report:
        values += [fig.totals[k] for k in ("exp.general", "expenditure_total", "income_total", "public", "personnel")]
    return {v for v in values if v}


def check_texts(inp, fig):
    """Free-text slips in the self-evaluation (located warnings)."""
    ev = fig.evaluation
    if ev is None:
        return
    amounts = known_amounts(ev, fig)
    for path, text, is_title in _texts(ev.se):
        if not text:
            continue
        where = inp.where(path)
        if is_title and _OWN_NUMBER.match(text):
            yield _f("SE-TITLE-NUMBER", WARNING,
                     N_("the title '{text}' begins with its own number; numbers are generated, leave it out"),
                     where, text=text[:30])
        for number, unit in _AMOUNT.findall(text):
            value = Decimal(number)
            if unit == "元" and value in amounts and value * TEN_THOUSAND not in amounts:
                yield _f("SE-TEXT-UNIT", WARNING,
                         N_("'{number}{unit}': {number} is an amount in 万元 elsewhere in this document; is the unit wrong?"),
                         where, number=number, unit=unit)
            elif unit == "万元" and value not in amounts and value / TEN_THOUSAND in amounts:
                yield _f("SE-TEXT-UNIT", WARNING,
                         N_("'{number}{unit}': {number} 元 is an amount of this document; is the unit wrong?"),
                         where, number=number, unit=unit)
        pair = _unbalanced(text)
        if pair:
            yield _f("SE-TEXT-BRACKETS", WARNING, N_("unbalanced {pair} in '{text}'"), where, pair=pair,
                     text=text[:30])
        if not is_title and text.rstrip()[-1:] in ("；", "，", ";", ","):
            yield _f("SE-TEXT-END", WARNING, N_("the paragraph ends in '{end}': '…{text}'"), where,
                     end=text.rstrip()[-1], text=text.rstrip()[-20:])
        if _LATIN.search(text):
            yield _f("SE-TEXT-LATIN", WARNING, N_("Latin 'and' or '&' inside Chinese text: '{text}'"), where,
                     text=text[:30])
