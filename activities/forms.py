import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from representatives.forms import DAY
from representatives.group_search import GroupSearchForm
from representatives.models import Area, Group, Membership, Representative
from representatives.widgets import MultiPicker, Picker, SearchMultiPicker

from .formfields import RecordsField
from .models import (
    Activity,
    Attendance,
    Campaign,
    ContactTally,
    Department,
    MediaReport,
    Output,
    Problem,
    Topic,
)
from .reach import Reach, guests_named
from .versioning import VersionedForm

DATE = DAY  # the browser's date picker
CHECKLIST_STATUSES = [
    (Attendance.Status.PRESENT, Attendance.Status.PRESENT.label),
    (Attendance.Status.LEAVE, Attendance.Status.LEAVE.label),
    (Attendance.Status.ABSENT, Attendance.Status.ABSENT.label),
]


class ActivityForm(VersionedForm, forms.ModelForm):
    """An activity and, below it, the attendance checklist of its groups' members.

    The checklist is not a form field: the view lays it out from the chosen groups and
    date (`members()`), and reads each member's status from `status_<id>` and
    `reason_<id>`, and the guests from `guest`.
    """

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)
    BOOKKEEPING = ("version", "submission")  # what the user did not type (has_changed)
    # The page's sections, in the order staff fill them; the attendance follows.
    SECTIONS = [
        (pgettext_lazy("form section", "When and where"), ["date", "place", "campaign", "mode"]),
        (pgettext_lazy("form section", "Who"), ["groups", "leaders", "departments", "accompanied"]),
        (pgettext_lazy("form section", "What"), ["title", "topics", "summary"]),
    ]

    class Meta:
        model = Activity
        fields = [
            "campaign", "date", "title", "place", "mode", "groups", "leaders", "topics",
            "departments", "accompanied", "summary",
        ]  # fmt: skip
        field_classes = {
            "groups": RecordsField, "leaders": RecordsField, "topics": RecordsField,
            "departments": RecordsField,
        }  # fmt: skip
        widgets = {
            "date": DATE,
            # A province has 10,000 groups: chosen by typing, only the chosen ones listed.
            "groups": SearchMultiPicker(source=reverse_lazy("representatives:group-search")),
            "leaders": MultiPicker,
            "topics": forms.CheckboxSelectMultiple,
            "departments": MultiPicker,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.reach = Reach(user)  # what the user may do with other areas' groups and deputies
        groups = Group.objects.visible_to(user)
        if self.instance.pk:  # a joint activity keeps the groups of other areas it has
            groups = groups | Group.objects.filter(activities=self.instance)
        self.fields["groups"].queryset = groups.distinct().select_related("area")
        self.fields["groups"].required = True
        self.fields["groups"].error_messages["invalid_choice"] = _(
            "A chosen group is not one you may register an activity for (outside your areas,"
            " or no longer there): choose the groups again."
        )
        if self.is_bound and "groups_query" in self.data:  # the no-script group search
            self.search_groups(self.data["groups_query"], Group.objects.visible_to(user))
        leaders = Representative.objects.filter(is_provincial_leader=True)
        if self.instance.pk:  # and whoever leads it already, so saving does not drop them
            leaders = leaders | Representative.objects.filter(activities_led=self.instance)
        self.fields["leaders"].queryset = leaders.distinct()
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["departments"].queryset = Department.objects.all()
        self.fields["campaign"].queryset = Campaign.objects.all()
        if not self.is_bound:
            self.initial["submission"] = self.instance.submission or uuid.uuid4()

    def search_groups(self, words, groups):
        """Offer those of `groups` (the ones the user may register for) whose name holds
        `words`, as the picker's search does, below the chosen ones: the way to choose
        groups without scripts."""
        search = GroupSearchForm({"q": words})
        widget = self.fields["groups"].widget
        widget.query = search["q"].value() or ""
        widget.found = search.groups(groups)
        widget.refusal = search.refusal()

    @property
    def media(self):
        return super().media + forms.Media(js=[forms.Script("js/checklist.js", defer=True)])

    def sections(self):
        """(legend, bound fields) of each section of the page."""
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]

    def clean_groups(self):
        groups = self.cleaned_data["groups"]
        before = self.instance.groups.all() if self.instance.pk else []
        refusals = self.reach.group_refusals(before, groups)
        if refusals:
            raise forms.ValidationError(refusals)
        return groups

    def clean_leaders(self):
        leaders = self.cleaned_data["leaders"]
        before = self.instance.leaders.values_list("pk", flat=True) if self.instance.pk else []
        refusals = self.reach.people_refusals(before, [rep.pk for rep in leaders])
        if refusals:
            raise forms.ValidationError(refusals)
        return leaders

    def members(self):
        """The members of the chosen groups on the chosen date, for the checklist."""
        if self.is_bound:
            groups = self.posted("groups") or Group.objects.none()
            day = self.posted("date")
        else:
            groups = self.instance.groups.all() if self.instance.pk else Group.objects.none()
            day = self.instance.date
        if day is None or not groups:
            return Representative.objects.none()
        active = Membership.objects.active_on(day).filter(group__in=groups)
        people = Representative.objects.filter(memberships__in=active).distinct()
        return people.order_by("initials", "name")  # in pinyin order, as Chinese lists go

    def posted(self, name):
        """A field's posted value as that field alone cleans it; None when it does not
        clean (the form shows why), so a mistyped date or group lists nobody."""
        bound = self[name]
        try:
            return bound.field.clean(bound.data)
        except ValidationError:
            return None


class AttendanceChecklist:
    """The checklist as posted: each listed member's status, and the guests."""

    def __init__(self, data, members, activity=None):
        self.members = list(members)
        self.errors = []
        recorded = {}
        if activity is not None and activity.pk:
            attendance = activity.attendance.select_related("representative")
            recorded = {a.representative_id: a for a in attendance}
        self.rows = []
        for rep in self.members:
            if data is not None:
                status = data.get(f"status_{rep.pk}", "")
                reason = data.get(f"reason_{rep.pk}", "").strip()
            else:
                found = recorded.get(rep.pk)
                status = found.status if found and found.status != Attendance.Status.GUEST else ""
                reason = found.reason if found else ""
            if status and status not in dict(CHECKLIST_STATUSES):
                status = ""
            if not status and data is not None and "all_present" in data:
                status = Attendance.Status.PRESENT
            if status == Attendance.Status.LEAVE and not reason and data is not None:
                self.errors.append(_("Give the reason %(name)s is on leave.") % {"name": rep.name})
            self.rows.append({"rep": rep, "status": status, "reason": reason})
        if data is not None:
            # A guest is posted by card number, which names anyone (activities/reach.py).
            codes = dict.fromkeys(code.strip() for code in data.getlist("guest"))
            guests, unknown = guests_named([code for code in codes if code])
            for code in unknown:
                self.errors.append(_("Unknown deputy card number “%(name)s”.") % {"name": code})
        else:
            guests = [
                a.representative for a in recorded.values() if a.status == Attendance.Status.GUEST
            ]
        member_ids = {rep.pk for rep in self.members}
        guests = [guest for guest in guests if guest.pk not in member_ids]
        self.guests = sorted(guests, key=lambda rep: (rep.name, rep.code))

    def is_valid(self):
        return not self.errors

    def statuses(self):
        """{representative id: (status, reason)} of everyone to record."""
        rows = {row["rep"].pk: (row["status"], row["reason"]) for row in self.rows if row["status"]}
        rows.update({guest.pk: (Attendance.Status.GUEST, "") for guest in self.guests})
        return rows


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["title", "detail", "topic", "department"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 2}), "department": Picker}


ProblemFormSet = forms.modelformset_factory(Problem, form=ProblemForm, extra=3, can_delete=False)


class StatusChangeForm(VersionedForm):
    to_status = forms.ChoiceField(label=_("new status"), choices=Problem.Status.choices)
    changed_on = forms.DateField(label=_("date"), widget=DATE)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.CharField(label=_("outcome"), required=False)

    def __init__(self, *args, problem, **kwargs):
        self.instance = self.problem = problem  # the record whose version the form carries
        super().__init__(*args, **kwargs)
        # A careless save keeps the problem where it is (refused as unchanged), never
        # moves it back to the first status.
        self.fields["to_status"].initial = problem.status

    def clean(self):
        cleaned = super().clean()
        status, day = cleaned.get("to_status"), cleaned.get("changed_on")
        if status and day:
            refusals = self.problem.change_refusals(
                status, day, cleaned.get("note", ""), cleaned.get("outcome") or None
            )
            for field, message in refusals.items():
                self.add_error(field, message)
        return cleaned


class HighlightForm(VersionedForm, forms.ModelForm):
    """Marks a problem for the bulletin's draft or unmarks it: the button posts the new
    value, so a stale click is refused rather than undoing someone else's."""

    class Meta:
        model = Problem
        fields = ["is_highlight"]
        widgets = {"is_highlight": forms.HiddenInput}

    def _post_clean(self):
        # The mark is no part of what the problem's rules judge: set it alone, so a
        # problem that broke a rule made later (resolved without an outcome) stays markable.
        forms.models.construct_instance(self, self.instance, fields=["is_highlight"])


class ProblemRecordForm(VersionedForm, forms.ModelForm):
    """Corrects what a problem says (what it is, its field, who answers for it, its outcome
    and note) without moving its status — so a problem returned by a reviewer can be put
    right and sent again: a change is kept in the history and submits the problem for
    review, as any change of it does."""

    class Meta:
        model = Problem
        fields = ["title", "detail", "topic", "department", "outcome", "note"]
        widgets = {
            "detail": forms.Textarea(attrs={"rows": 3}),
            "department": Picker,
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class OutputForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Output
        fields = ["kind", "title", "date", "campaign", "activity", "representatives"]
        field_classes = {"representatives": RecordsField}
        widgets = {"date": DATE, "representatives": MultiPicker, "activity": Picker}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.visible_to(user)
        # Deputies the user may see and the province's leaders, and the authors it has.
        authors = Representative.objects.visible_to(user) | Representative.objects.filter(
            is_provincial_leader=True
        )
        if self.instance.pk:
            authors = authors | Representative.objects.filter(outputs=self.instance)
        self.fields["representatives"].queryset = authors.distinct()
        self.reach = Reach(user)

    def clean_representatives(self):
        authors = [rep.pk for rep in self.cleaned_data["representatives"]]
        before = self.instance.representatives.all() if self.instance.pk else []
        refusals = self.reach.people_refusals([rep.pk for rep in before], authors)
        if not self.cleaned_data.get("activity"):
            refusals += self.reach.output_refusals(authors)
        if refusals:
            raise forms.ValidationError(refusals)
        return self.cleaned_data["representatives"]


class ContactTallyForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ContactTally
        fields = ["area", "campaign", "start", "end", "person_times", "problems_solved", "aid_yuan"]
        widgets = {"start": DATE, "end": DATE, "area": Picker}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.visible_to(user)


class MediaReportForm(VersionedForm, forms.ModelForm):
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = MediaReport
        fields = ["outlet", "title", "published_on", "url", "campaign", "activity"]
        widgets = {"published_on": DATE, "activity": Picker}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.visible_to(user)
