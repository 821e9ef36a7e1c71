"""What of a deputy's archive its reader may read and open.

The figures of an archive count every record of the deputy (figures.py); the records
themselves are another matter. A member of the office limited to some areas reads the
archive of a deputy of their areas, who may have gone as a guest to another area's
activity or written with its deputies: the archive then lists that record by its date,
counted as it is, without its title or its text (`readable`), as every page of the app
keeps another area's records to that area. A record is linked where its reader may open
its page (`followable`): the page's lookup for each kind, one query per kind whatever
the number of records (so the archive page asks as many queries whatever the history).
"""

from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Output, Problem
from representatives.models import Group
from suggestions.models import Suggestion

from .models import Duty

# In place of the title of a record its reader may not read.
WITHHELD = _("(a record outside your areas)")


def among(queryset, keys):
    """The keys of `keys` that `queryset` holds, in one query even when `keys` is empty
    (Django asks nothing for `pk__in=[]`). No record has the key 0."""
    return set(queryset.filter(pk__in=[*keys, 0]).values_list("pk", flat=True))


def readable(user, archives):
    """{kind: keys}: the records of `archives` (Archives, one or many deputies') whose
    title and text `user` may read: activities, problems, suggestions and outputs, in
    four queries. (Duties are seen by whoever sees one of their deputies: the deputy's.)"""
    activities, problems, suggestions, outputs = set(), set(), set(), set()
    for each in archives:
        activities |= {line.activity_id for line in each.activities}
        problems |= {problem.pk for problem in each.problems}
        suggestions |= {suggestion.pk for suggestion, _lead in each.suggestions}
        outputs |= {output.pk for output in each.outputs}
    return {
        "activities": among(Activity.objects.visible_to(user), activities),
        "problems": among(Problem.objects.visible_to(user), problems),
        "suggestions": among(Suggestion.objects.visible_to(user), suggestions),
        "outputs": among(Output.objects.visible_to(user), outputs),
    }


def followable(user, representative, archive, read):
    """{kind: keys}: the records of `archive` whose page `user` may open, given what
    they may `read` (an activity's, a problem's, a suggestion's page is theirs to read):
    the duties they may correct, and the groups of the deputy they see."""
    return {
        "activities": read["activities"],
        "problems": read["problems"],
        "suggestions": read["suggestions"],
        "duties": among(Duty.objects.editable_by(user), [duty.pk for duty in archive.duties]),
        "groups": among(
            Group.objects.visible_to(user),
            [membership.group_id for membership in representative.memberships.all()],
        ),
    }
