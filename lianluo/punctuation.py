"""The punctuation around data, in the user's language: a list joined with 、 in Chinese
and ", " in English, a label followed by ： or ": ", a note in （） or " ()".

One place for the three, used by Python (`join_list`, `labelled`, `noted`) and by the
templates (`{% load punctuation %}`: the `join_list` filter, the `list_separator` and
`label_separator` tags, the `{% noted %}…{% note %}…{% endnoted %}` block). Each
English form is a message with a context of its own, translated once in the catalogue.
What a file holds (a ledger's lists, the bulletin's article) is not UI and keeps its
Chinese punctuation whatever the language.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

register = template.Library()


def list_separator():
    return pgettext("list separator", ", ")


def label_separator():
    return pgettext("label separator", ": ")


def join_list(items):
    """The items as text, joined as a list is in the active language: 甲、乙 or 甲, 乙."""
    return list_separator().join(str(item) for item in items)


def labelled(label, value):
    """`label` then `value`: 备注：… or note: …"""
    return f"{label}{label_separator()}{value}"


def noted(text, note):
    """`text` and its `note` in parentheses: 张三（A001） or 张三 (A001)."""
    return pgettext("a text and its note in parentheses", "%(text)s (%(note)s)") % {
        "text": text,
        "note": note,
    }


register.simple_tag(list_separator)
register.simple_tag(label_separator)


@register.filter(name="join_list", needs_autoescape=True)
def join_list_filter(items, autoescape=True):
    """Like the `join` filter, with the list separator of the active language."""
    escape = conditional_escape if autoescape else str
    return mark_safe(list_separator().join(escape(item) for item in items))


@register.tag(name="noted")
def noted_tag(parser, token):
    """{% noted %}12/30{% note %}40%{% endnoted %}: 12/30（40%） or 12/30 (40%)."""
    text = parser.parse(("note",))
    parser.delete_first_token()
    note = parser.parse(("endnoted",))
    parser.delete_first_token()
    return NotedNode(text, note)


class NotedNode(template.Node):
    def __init__(self, text, note):
        self.text, self.note = text, note

    def render(self, context):
        # Both parts are rendered (so escaped) by the template; the pattern is the catalogue's.
        return mark_safe(noted(self.text.render(context), self.note.render(context)))
