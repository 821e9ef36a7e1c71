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

    def compiled(entry):
        if entry.msgid_plural:
            return translations.ngettext(entry.msgid, entry.msgid_plural, 1)
        if entry.msgctxt:
            return translations.pgettext(entry.msgctxt, entry.msgid)
        return translations.gettext(entry.msgid)

    def source(entry):
        return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr

    stale = [
        entry.msgid for entry in catalogue.translated_entries() if compiled(entry) != source(entry)
    ]

    assert stale == [], "run: python manage.py compilemessages"
