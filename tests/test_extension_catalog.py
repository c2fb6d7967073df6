"""The extension's own catalog covers every message of its code."""

from pathlib import Path

import briefs
import polib
from babel.messages.extract import extract_python

PACKAGE = Path(briefs.__file__).parent


def code_messages() -> set[str]:
    found = set()
    for module in PACKAGE.glob("*.py"):
        with module.open("rb") as source:
            for _line, function, message, _comments in extract_python(source, ["_"], [], {}):
                if function == "_" and isinstance(message, str):
                    found.add(message)
    return found


def test_every_message_of_the_code_is_translated_to_chinese() -> None:
    catalog = polib.pofile(str(PACKAGE / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs.po"))
    translated = {entry.msgid for entry in catalog.translated_entries()}
    assert len(code_messages()) > 20
    assert code_messages() - translated == set()
