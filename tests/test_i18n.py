"""Every message the code can show has a Chinese translation in the Babel catalogue."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

from generator.i18n import _catalogue, translate

GENERATOR = Path(__file__).resolve().parent.parent / "generator"


def test_every_message_is_translated():
    messages = {msg for _, _, msg, _, _ in extract_from_dir(
        str(GENERATOR), method_map=[("**.py", "python")], keywords={"N_": None})}
    assert len(messages) > 30
    missing = sorted(m for m in messages if m not in _catalogue("zh"))
    assert missing == []


def test_placeholders_survive_translation():
    for msgid, msgstr in _catalogue("zh").items():
        names = {part.split("}")[0] for part in msgid.split("{")[1:]}
        assert names == {part.split("}")[0] for part in msgstr.split("{")[1:]}, msgid


def test_english_is_the_msgid():
    assert translate("error", "en") == "error" and translate("error", "zh") == "错误"
