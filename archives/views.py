"""A deputy's archive 履职档案: the page, its print on A4 and its Word file, for a period.

The three read the same archive (figures.py) for the same period (periods.py) and say it
in the same words (parts.py). The page links each number to the list of the records it
counts, and each record to its own page only where the viewer may follow it (one query
per kind of record, whatever their number): the page's queries are as many whatever the
deputy's history.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from activities.models import Activity, Attendance
from activities.review import counting_as_asked
from representatives.models import Representative
from suggestions.models import Suggestion

from .figures import archive
from .models import Duty
from .parts import basic_facts, campaigns, line_role, number, sections, with_basics
from .periods import PeriodForm, latest_year_of
from .reach import WITHHELD, followable, readable
from .word import (
    archive_docx,
    archive_filename,
    archive_title,
    drawn_up,
    period_line,
    rating_label,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def latest(records, field, **where):
    """A subquery: the latest `field` of the counted `records` of the deputy at hand."""
    return Subquery(records.filter(**where).order_by(f"-{field}").values(field)[:1])


def with_latest_records(representatives, today):
    """Each deputy with the dates of their latest counted records up to `today`: an
    activity taken part in or led, a duty, a suggestion (the period's default year)."""
    me = OuterRef("pk")
    return representatives.annotate(
        latest_attended=latest(
            Attendance.objects.taking_part().filter(Activity.counts_when("activity__")),
            "activity__date",
            representative=me,
            activity__date__lte=today,
        ),
        latest_led=latest(Activity.objects.counted(), "date", leaders=me, date__lte=today),
        latest_duty=latest(Duty.objects.counted(), "date", representatives=me, date__lte=today),
        latest_suggestion=latest(
            Suggestion.objects.counted(), "submitted_on", deputies=me, submitted_on__lte=today
        ),
    )


def read_archive(request, pk):
    """(deputy, period form, period, archive) as the address asks, for one the user sees."""
    today = timezone.localdate()
    representatives = with_basics(Representative.objects.visible_to(request.user))
    rep = get_object_or_404(with_latest_records(representatives, today), pk=pk)
    form = PeriodForm(request.GET, user=request.user)
    latest_year = latest_year_of(
        rep.latest_attended, rep.latest_led, rep.latest_duty, rep.latest_suggestion, today=today
    )
    period = form.period(latest_year, today)
    return rep, form, period, archive(rep, period.start, period.end)


def context(request, rep, form, period, found, read):
    return {
        "seen": read,
        "withheld": WITHHELD,
        "rep": rep,
        "title": archive_title(rep),
        "period_line": period_line(period),
        "drawn_up": drawn_up(),
        "form": form,
        "period": period,
        "archive": found,
        "sections": sections(found, get_language() or "zh-hans"),
        "basics": basic_facts(rep, found),
        "campaigns": campaigns(found),
        "own": [(line, line_role(line)) for line in found.own],
        "activity_lists": [
            ("led", gettext("Activities led"), found.led),
            ("guest", gettext("Activities of other groups attended as a guest"), found.guest),
        ],
        "suggestions": [(s, lead, rating_label(s.latest_rating)) for s, lead in found.suggestions],
        "points": [(line, number(line.weight), number(line.points)) for line in found.points or ()],
        "points_total": number(found.points_total),
        "query": request.GET.urlencode(),  # the same period for the print and the file
    }


@login_required
@require_safe
@counting_as_asked
def representative(request, pk):
    """The archive page: the eight parts, the points when kept, the period chosen."""
    rep, form, period, found = read_archive(request, pk)
    read = readable(request.user, [found])
    return render(
        request,
        "archives/representative.html",
        {
            **context(request, rep, form, period, found, read),
            "followable": followable(request.user, rep, found, read),
        },
    )


@login_required
@require_safe
@counting_as_asked
def representative_print(request, pk):
    """The archive on A4, without the site's chrome or links, for the period asked."""
    rep, form, period, found = read_archive(request, pk)
    shown = context(request, rep, form, period, found, readable(request.user, [found]))
    return render(request, "archives/representative_print.html", shown)


@login_required
@require_safe
def representative_docx(request, pk):
    """The archive as a Word file: <name>-<period>-履职档案.docx. A file handed out says
    what the office has checked, as a batch's do: approved records only, whatever the
    page's switch."""
    rep, _form, period, found = read_archive(request, pk)
    read = readable(request.user, [found])
    response = HttpResponse(archive_docx(rep, found, period, read=read), content_type=DOCX)
    # RFC 6266 / 5987: filename*=utf-8''… for the Chinese name.
    response["Content-Disposition"] = content_disposition_header(
        True, archive_filename(rep, period)
    )
    return response
