"""Column widths from content (generator/columns.py): the rules behind tests/test_layout.py,
checked in milliseconds on tables made here."""

from generator.columns import CELL_PADDING, MIN_FONT, fit_columns, orphans, text_em, wrap
from generator.document import Cell


def test_wrap_follows_cjk_line_breaking():
    # no break after an opening bracket or before a closing one: 国 stays alone at 3 em
    assert wrap("因公出国（境）费", 3.0) == ("因公出", "国", "（境）", "费")
    assert orphans("因公出国（境）费", 3.0)
    assert not orphans("因公出国（境）费", 4.0)          # 因公出国 / （境）费
    # a number is never broken: too narrow a line does not fit it at all
    assert wrap("99,999,999.99", 6.0) is None
    assert wrap("少于目标1-3期", 4.0) == ("少于目标", "1-3期")
    assert orphans("满意度指标", 4.0) and not orphans("满意度指标", 3.0)


def _cells(*texts, align="left"):
    return tuple(Cell(t, align=align) for t in texts)


def _content(widths, size):
    return [(w - CELL_PADDING) / size for w in widths]


HEADER = (_cells("科目编码", "科目名称", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入",
                 "经营收入", "附属单位上缴收入", "其他收入", align="center"),)


def _body(amount):
    names = ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行", "机关事业单位基本养老保险缴费支出",
             "对民间非营利组织和群众性自治组织补贴", "十六、金融支出"]
    return tuple((Cell("2010" + str(101 + i)), Cell(name)) + _cells(*[amount] * 7, align="right")
                 for i, name in enumerate(names))


def _check(fit, header, body, available):
    assert sum(fit.widths) <= available + 0.05
    content = _content(fit.widths, fit.font_size)
    for row in header + body:
        for c, cell in enumerate(row):
            width = content[c]
            if cell.align == "right" or not any(ord(ch) > 0x2E80 for ch in cell.text):
                assert text_em(cell.text) <= width, (cell.text, width)      # figures and codes on one line
            else:
                for slack in (0.0, 0.1, 0.2):                                # whatever the renderer's padding
                    assert not orphans(cell.text, width + slack), (cell.text, width + slack, wrap(cell.text, width))


def test_portrait_table_fits_at_its_size():
    body = _body("1,234.56")
    fit = fit_columns(HEADER, body, 9.0, 440.0)
    assert fit.font_size == 9.0
    _check(fit, HEADER, body, 440.0)


def test_figures_of_1e8_fit_in_a_smaller_type_instead_of_overflowing():
    for amount in ("99,999,999.99", "99999999.99"):
        body = _body(amount)
        fit = fit_columns(HEADER, body, 9.0, 440.0)
        assert MIN_FONT <= fit.font_size < 9.0
        _check(fit, HEADER, body, 440.0)
        assert sum(fit.widths) > 439.0                     # the whole text block, no more


def test_landscape_header_columns_never_orphan():
    header = (_cells("合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行费", "公务接待费",
                     align="center") * 2,)
    body = (_cells(*["65.30", "0.00", "23.15", "0.00", "23.15", "42.15"] * 2, align="right"),)
    for available in range(420, 700, 7):          # every width a scheme's margins could leave
        _check(fit_columns(header, body, 9.0, float(available)), header, body, float(available))


def test_a_header_over_several_columns_never_orphans():
    for text in ("公务用车购置及运行费", "一般公共预算财政拨款", "年初结转和结余"):
        for span in (2, 3):
            header = ((Cell("合计", align="center"), Cell(text, colspan=span, align="center"),
                       Cell("其他", align="center")), _cells(*("小计", "基本", "项目")[:span], align="center"))
            body = (_cells(*["65.30"] * (span + 2), align="right"),)
            for available in range(150, 500, 2):
                fit = fit_columns(header, body, 9.0, float(available))
                have = (sum(fit.widths[1:1 + span]) - CELL_PADDING) / fit.font_size
                for slack in (0.0, 0.1, 0.2):
                    assert not orphans(text, have + slack), (text, span, available, wrap(text, have + slack))
