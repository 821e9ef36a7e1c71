"""Pages of the long lists (activities, problems, outputs, representatives, the review
queue) that cost the same at any size: the rows are counted up to COUNT_UP_TO and no
further, so no view counts a whole large table.

A list of up to COUNT_UP_TO rows pages as Django's Paginator does ("Page 3 of 12"). A
longer one says "Page 3 (more than 10,000 match)": its pages are still numbered, kept in
the address with the filters (a page can be bookmarked, sent, come back to), and reached
by Previous and Next; whether there is a next page is read with the page (one row more
than a page). A staff user narrows a list that long by date, area or group rather than
paging to its end, and the count they see says so without the database counting it.

A page asked for past the end (a bookmark of a list that has since shrunk) is the last
page, as Django's `get_page` gives; only then is a long list counted whole.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

COUNT_UP_TO = 10_000  # rows: a county's year of activities, a city's with one filter


class CappedPaginator(Paginator):
    """Django's Paginator, counting at most COUNT_UP_TO + 1 rows (`capped` beyond)."""

    cap = COUNT_UP_TO

    @cached_property
    def count(self):
        if isinstance(self.object_list, list):
            return len(self.object_list)
        # The order does not change how many there are, and costs a sort to keep.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self):
        """Whether the list is longer than it was counted."""
        return self.count > self.cap

    def rows(self, bottom, top):
        """The rows from `bottom` to `top`: their keys first, found by the list's filters
        in its order (from an index alone where the order has one), then those rows by
        key, with what the list joins and prefetches: a deep page's database skips keys,
        not whole rows with their joins, and the filters are not applied twice."""
        listed = self.object_list
        # A DISTINCT list's keys would need its order's columns beside them: cut it whole.
        if isinstance(listed, list) or listed.query.distinct:
            return list(listed[bottom:top])
        keys = listed.values("pk")[bottom:top]
        rows = listed.model._default_manager.filter(pk__in=keys)
        rows.query.select_related = listed.query.select_related
        rows._prefetch_related_lookups = listed._prefetch_related_lookups
        return list(rows.order_by(*listed.query.order_by) if listed.query.order_by else rows)

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger from None
        if number < 1:
            raise EmptyPage
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.capped:
            top = min(bottom + self.per_page, self.count)
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(self.rows(bottom, top), number, self)
        rows = self.rows(bottom, bottom + self.per_page + 1)
        if not rows:
            raise EmptyPage
        page = CappedPage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            if self.capped:  # past the end of a long list: count it whole, this once
                self.cap = self.count = self.object_list.count()
            return self.page(max(self.num_pages, 1))


class CappedPage(Page):
    """A page of a list longer than it was counted: whether a next one exists was read."""

    more = False

    def has_next(self):
        return self.more


def page_of(request, rows, per_page):
    """The page of `rows` that `request` asks for (?page=), its `query` the request's other
    parameters (the filters), which its links keep."""
    page = CappedPaginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode()
    return page
