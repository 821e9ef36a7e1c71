"""People named as the office writes them: each by the post held on the day (时任), in
protocol order (省委书记 before 省长 before 副主任 …).

Every list of people a reader sees in the office's voice (the bulletin's article, the
leader table, the exports) goes through `titled`; nothing else orders or titles people.
"""

from dataclasses import dataclass

from .models import PostHeld, Representative, post_on


@dataclass(frozen=True)
class Titled:
    """A person with the post they held on the day ("" when none is recorded)."""

    representative: Representative
    post: str

    @property
    def name(self):
        return self.representative.name

    def __str__(self):
        """The post, then the name, as the office first names an official:
        省委副书记、省长毛伟明."""
        return f"{self.post}{self.name}"


def titled(representatives, on):
    """`representatives` each with the post held on `on`, in protocol order: one query
    for the posts, whatever their number."""
    representatives = list(representatives)
    posts = {}
    for post in PostHeld.objects.filter(representative__in=representatives).held_on(on):
        posts.setdefault(post.representative_id, []).append(post)
    people = [Titled(rep, post_on(posts.get(rep.pk, []), on)) for rep in representatives]
    return sorted(people, key=lambda person: (person.post == "", person.name))
