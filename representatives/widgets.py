"""Choosing people, groups, areas and departments by typing: one widget for every form
and list filter that picks them.

Without JavaScript it is the plain <select> it extends (every choice listed, several
chosen with Ctrl), so every page still works with scripts off. With JavaScript
`static/js/pickers.js` turns each into Tom Select (served from the app's own files,
`static/vendor/tom-select/`): the user types a name, a card number or pinyin initials and
the choices become tags with a remove button. Each option carries what else it is found
by in `data-search`: a deputy's card number and stored initials in every reading
(`pinyin.py`), else the pinyin initials of the option's label (长沙市 → css).

Tom Select, not htmx: the choosing is all on the page (no round trip to filter a few
hundred options), which is what Tom Select does and htmx does not; the one round trip the
activity form makes, laying out the checklist, is a few lines of `fetch` in
`static/js/checklist.js` against the same view the no-script button posts to.
"""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .pinyin import first_letters

MEDIA = forms.Media(
    css={"all": ["vendor/tom-select/tom-select.min.css"]},
    js=[
        forms.Script("vendor/tom-select/tom-select.complete.min.js", defer=True),
        forms.Script("js/pickers.js", defer=True),
    ],
)


@functools.lru_cache(maxsize=50_000)
def label_initials(label):
    """The pinyin initials of a label, as typed to find it: 长沙市第一代表小组 → cssdydbxz."""
    return "".join(letter for letter in first_letters(label) if letter.isalnum()).lower()


def search_terms(instance, label):
    """What an option is found by besides its label, one space between."""
    initials = getattr(instance, "initials", None)  # a deputy's, in every reading
    terms = [getattr(instance, "code", ""), label_initials(str(label))]
    if initials:
        terms[1] = initials
    return " ".join(term for term in terms if term)


class PickerMixin:
    media = MEDIA

    def __init__(self, attrs=None, choices=()):
        words = {
            "data-picker-none": _("Nothing found."),
            "data-picker-loading": _("Searching…"),
            "data-picker-placeholder": _("Type a name or its pinyin initials"),
        }
        super().__init__({"data-picker": "", **words, **(attrs or {})}, choices)

    def render(self, name, value, attrs=None, renderer=None):
        """The <select> written here, not through Django's templates: two template
        includes an option made a list filter's area picker (the province's 137 areas)
        most of the time its page spent outside the database."""
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (str(option["value"]), flatatt(option["attrs"]), option["label"])
                for _name, options, _index in groups
                for option in options
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', widget["name"], flatatt(widget["attrs"]), options
        )

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in ("", None):
            terms = search_terms(getattr(value, "instance", None), label)
            if terms:
                option["attrs"]["data-search"] = terms
        return option


class Picker(PickerMixin, forms.Select):
    """One record (a list filter's group, a problem's department)."""


class MultiPicker(PickerMixin, forms.SelectMultiple):
    """Several records (an activity's groups, leaders and departments)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": 6, **(attrs or {})}, choices)


class SearchPicker(forms.TextInput):
    """One record of thousands (a list filter's group), chosen by typing rather than from
    a list of all of them. Without JavaScript a search box whose text the field reads
    (representatives/group_search.py); with it, `static/js/pickers.js` makes it a picker
    that asks `source` (a URL answering {"results": [{"name", "area"}]}) as the user
    types, and sends the chosen record's whole name."""

    input_type = "search"
    media = MEDIA

    def __init__(self, source, attrs=None):
        self.source = source
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        words = {
            "data-search-picker": "",
            "data-source": str(self.source),
            "data-picker-none": _("Nothing found."),
            "data-picker-loading": _("Searching…"),
            "data-picker-placeholder": _("Type a part of the name"),
            "placeholder": _("Type a part of the name"),
        }
        return super().get_context(name, value, {**words, **(attrs or {})})


class SearchMultiPicker(forms.SelectMultiple):
    """Several records of thousands (an activity's groups), chosen by typing rather than
    from a list of all of them: the page lists only those chosen.

    Without JavaScript, the chosen ones as ticked boxes, then a search box and its Find
    button (posted as `<name>_query` and `<name>_search`, as the guest box does): the
    form then offers what the search found (`found`) as boxes to tick. With it,
    `static/js/pickers.js` makes the box one picker that asks `source` (a URL answering
    {"results": [{"id", "name", "area"}]}) as the user types, the chosen ones its items.
    Either way the form posts the records' keys, as a <select multiple> does."""

    media = MEDIA
    template_name = None  # written here (`render`)

    def __init__(self, source, attrs=None):
        self.source = source
        self.query = ""  # the no-script search, and what it found: set by the form
        self.found = []
        self.refusal = ""
        super().__init__(attrs)

    def chosen(self, value):
        """The records of the field's queryset whose keys `value` holds (one query)."""
        keys = [str(key) for key in value or () if str(key).isascii() and str(key).isdigit()]
        keys = [key for key in keys if int(key) < 2**63]
        if not keys:
            return []
        return list(self.choices.queryset.filter(pk__in=keys).select_related("area"))

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = self.chosen(value)
        keys = {record.pk for record in chosen}
        offered = [record for record in self.found if record.pk not in keys]
        boxes = format_html_join(
            "\n",
            '<label class="chosen"{}><input type="checkbox" name="{}" value="{}" data-name="{}"'
            "{}> {}{}</label>",
            (
                (
                    "" if ticked else " data-no-script",  # the script keeps the ticked ones
                    name,
                    record.pk,
                    record.name,
                    " checked" if ticked else "",
                    record.name,
                    format_html(" <small>{}</small>", record.area.name),
                )
                for record, ticked in [
                    *((record, True) for record in chosen),
                    *((record, False) for record in offered),
                ]
            ),
        )
        label = attrs.get("aria-label") or _("Find a group")
        search = format_html(
            '<p data-no-script><input type="search" name="{}_query" value="{}" id="{}"'
            ' placeholder="{}" aria-label="{}"{}>'
            ' <button type="submit" name="{}_search" class="secondary" formnovalidate>{}</button>'
            "</p>",
            name,
            self.query,
            attrs.get("id", ""),
            _("Type a part of the name"),
            label,
            format_html(' aria-invalid="{}"', attrs["aria-invalid"])
            if "aria-invalid" in attrs
            else "",
            name,
            _("Find"),
        )
        said = ""
        if self.refusal:
            said = format_html('<p class="error" data-no-script>{}</p>', self.refusal)
        elif self.query and not self.found:
            said = format_html("<p data-no-script>{}</p>", _("Nothing found."))
        words = {
            "data-search-multi-picker": "",
            "data-name": name,
            "data-id": attrs.get("id", ""),
            "data-source": str(self.source),
            "data-picker-none": _("Nothing found."),
            "data-picker-loading": _("Searching…"),
            "data-picker-placeholder": _("Type a part of the name"),
            "data-picker-label": label,
        }
        if attrs.get("aria-invalid"):
            words["data-invalid"] = attrs["aria-invalid"]
        return format_html(
            '<div class="search-multi-picker"{}>{}{}{}</div>', flatatt(words), boxes, search, said
        )

    def value_omitted_from_data(self, data, files, name):
        return False  # unticked boxes post nothing, as an empty <select multiple> does
