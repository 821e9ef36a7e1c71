"""What liaison staff scoped to areas may do with other areas' groups and deputies.

One rule, which the activity and output forms and the ledgers' importers all go through:

- An activity a scoped user saves keeps at least one group of their areas. They neither
  add nor remove another area's group: a joint activity stays joint, and nobody moves an
  activity out of their own areas (where they would lose sight of it).
- Any deputy of the province may be recorded as a guest 列席: a visiting deputy is
  legitimate. The guest box finds every deputy by name, card number 代表证号 or pinyin
  initials, and shows of those outside the user's areas no more than name, card number
  and group; a guest is posted by card number, as in a ledger. The representatives list
  and the deputies' pages stay within the user's areas.
- A lead representative or an output's author from another area must be a
  provincial-level leading cadre (the province's, offered to every staff member); other
  deputies of other areas already linked are neither added nor removed by scoped staff,
  since an output without an activity is shown to its authors' areas.
- An output without an activity keeps an author of the user's areas.

Staff of the whole province (and imports from the command line) are not limited.
"""

from django.utils.translation import gettext as _

from representatives.models import Area, Representative


class Reach:
    """The rule for one user, built once per form or import; it remembers the deputies it
    has looked at, so an import asks the database once per batch."""

    def __init__(self, user):
        self.user = user
        self.areas = Area.objects.keys_limiting(user)
        self.people = {}  # id → Representative looked at
        self.visible = set()  # the ids among them the user may see

    @property
    def is_limited(self):
        return self.areas is not None

    def covers(self, area_id):
        return self.areas is None or area_id in self.areas

    def group_refusals(self, before, after):
        """Why the groups of an activity may not go from `before` to `after`: messages.

        Groups are compared by name (unique), so an import may pass groups it has not
        created yet (with their area set).
        """
        if not self.is_limited:
            return []
        before = {group.name: group for group in before}
        after = {group.name: group for group in after}
        refusals = [
            _("“%(name)s” lies outside your areas.") % {"name": name}
            for name, group in after.items()
            if name not in before and not self.covers(group.area_id)
        ]
        refusals += [
            _("“%(name)s” is another area's group: it stays on the activity.") % {"name": name}
            for name, group in before.items()
            if name not in after and not self.covers(group.area_id)
        ]
        if not refusals and not any(self.covers(group.area_id) for group in after.values()):
            refusals.append(_("The activity needs a group of your areas."))
        return refusals

    def see(self, ids):
        """Look at the deputies `ids` not looked at yet: two queries, whatever their number."""
        missing = set(ids) - set(self.people)
        if not self.is_limited or not missing:
            return
        self.people.update(Representative.objects.in_bulk(missing))
        self.visible |= set(
            Representative.objects.visible_to(self.user)
            .filter(pk__in=missing)
            .values_list("pk", flat=True)
        )

    def people_refusals(self, before, after):
        """Why lead representatives or authors may not go from `before` to `after` (ids)."""
        if not self.is_limited:
            return []
        before, after = set(before), set(after)
        self.see(before | after)
        fixed = {
            pk
            for pk in before | after
            if pk not in self.visible and not self.people[pk].is_provincial_leader
        }
        return [
            _("%(name)s is a deputy of another area.") % {"name": self.people[pk]}
            for pk in sorted(fixed & (after - before))
        ] + [
            _("%(name)s is a deputy of another area: they stay.") % {"name": self.people[pk]}
            for pk in sorted(fixed & (before - after))
        ]

    def output_refusals(self, authors):
        """Why an output without an activity, by `authors` (ids), would leave the user's
        sight (it is shown to its authors' areas)."""
        if not self.is_limited:
            return []
        self.see(authors)
        if any(pk in self.visible for pk in authors):
            return []
        return [_("An output without an activity needs an author of your areas.")]

    def find_guests(self, search):
        """The guest search (a bound PersonSearchForm): every deputy of the province by
        name, card number or pinyin initials, as name, card number and group only."""
        return search.found(Representative.objects.all())


def guests_named(codes):
    """The deputies whose card numbers are `codes` (anyone may be a guest), and the codes
    that name nobody."""
    found = {rep.code: rep for rep in Representative.objects.filter(code__in=set(codes))}
    return [found[code] for code in codes if code in found], [
        code for code in codes if code not in found
    ]
