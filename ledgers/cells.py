"""Reading and writing one cell of a ledger: dates, yes/no, lists, numbers, choices.

A parser returns the value or raises CellError with a message for the user; a formatter
writes the value back the way the parser reads it, so an export re-imports unchanged.
"""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext as _

from lianluo.punctuation import join_list
from lianluo.spreadsheets import runs_as_formula

from .columns import LIST_SEPARATORS


class CellError(ValueError):
    """A cell that cannot be read; its message is shown to the user as it is."""


YES = {"是", "yes", "y", "true", "1", "√"}
NO = {"否", "no", "n", "false", "0", ""}

DATE_FORMS = [
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$"),
]
SPLIT = re.compile(f"[{re.escape(LIST_SEPARATORS)}]")


def text(value):
    """A cell as trimmed text ('' for empty); full-width spaces are trimmed too.

    An apostrophe before what could run as a formula is the mark a spreadsheet (and our
    exports) put on text that must not run: it is not part of the text.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = str(value).strip()
    if raw.startswith("'") and runs_as_formula(raw[1:]):
        return raw[1:].strip()
    return raw


def parse_date(value):
    """2021-05-12, 2021/5/12, 2021年5月12日 or an Excel date; None when empty."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not raw:
        return None
    raw = raw.split(" ")[0] if re.match(r"^\d{4}-\d{1,2}-\d{1,2} 00:00(:00)?$", raw) else raw
    for form in DATE_FORMS:
        match = form.match(raw)
        if match:
            try:
                return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise CellError(_("“%(value)s” is not a date (write 2021-05-12).") % {"value": raw})


def parse_link(value):
    """A web address, taken as https when written without a scheme (as the form takes
    it); '' when empty."""
    raw = text(value)
    if not raw:
        return ""
    if "://" not in raw:
        raw = f"https://{raw}"
    try:
        URLValidator()(raw)
    except ValidationError:
        raise CellError(_("Not a web address: “%(value)s”.") % {"value": text(value)}) from None
    return raw


def parse_bool(value):
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("“%(value)s” is not 是 or 否.") % {"value": text(value)})


def parse_list(value):
    """Items separated by 、 ; ； or , — empty items dropped, order kept."""
    return [item.strip() for item in SPLIT.split(text(value)) if item.strip()]


def parse_count(value):
    """A whole number ≥ 0; empty is 0."""
    raw = text(value).replace(",", "")
    if not raw:
        return 0
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw}) from None
    if not number.is_finite():  # NaN, Infinity: Decimal reads them, no count is one
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw})
    if number < 0:
        raise CellError(_("%(value)s is negative.") % {"value": raw})
    if number != number.to_integral_value():
        raise CellError(_("%(value)s is not a whole number.") % {"value": raw})
    return int(number)


def parse_choice(value, choices):
    """A TextChoices member from its Chinese label or its English key; None when empty."""
    raw = text(value)
    if not raw:
        return None
    lookup = choice_lookup(choices)
    if raw not in lookup:
        names = join_list(chinese_label(member) for member in choices)
        raise CellError(_("“%(value)s” is not one of %(names)s.") % {"value": raw, "names": names})
    return lookup[raw]


@functools.cache
def choice_lookup(choices):
    """{key or Chinese label: member} for a TextChoices class."""
    lookup = {member.value: member for member in choices}
    lookup.update({chinese_label(member): member for member in choices})
    return lookup


def chinese_label(member):
    """The label of a choice in Chinese, whatever the active language: files are Chinese."""
    with translation.override("zh-hans"):
        return str(member.label)


def format_date(value):
    return value.isoformat() if value else ""


def format_bool(value):
    return "是" if value else "否"


def format_list(values):
    return "、".join(str(value) for value in values)
