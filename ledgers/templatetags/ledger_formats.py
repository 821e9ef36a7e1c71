"""The upload page's table of formats: for each kind the user may import, its sample
file and its columns, read from the same layouts the importers read."""

from django import template
from django.conf import settings

from ledgers.registry import IMPORTERS

register = template.Library()


def sample_of(kind):
    """The sample file of `kind` under samples/ (served as static `samples/…`), if any."""
    found = sorted((settings.BASE_DIR / "samples").glob(f"{kind}.*"))
    return f"samples/{found[0].name}" if found else None


@register.inclusion_tag("ledgers/_formats.html")
def ledger_formats(form):
    formats = [
        {
            "kind": kind,
            "label": label,
            "sample": sample_of(kind),
            "columns": IMPORTERS[kind].layout.columns,
        }
        for kind, label in form.fields["kind"].choices
        if kind in IMPORTERS
    ]
    return {"formats": formats}
