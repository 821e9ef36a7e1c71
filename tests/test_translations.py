"""The Chinese UI is complete and the compiled catalogue matches its source."""

import gettext
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_message_has_a_chinese_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    with open(LOCALE / "django.mo", "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    stale = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if translations.gettext(entry.msgid) != entry.msgstr
    ]

    assert stale == [], "run: python manage.py compilemessages"
