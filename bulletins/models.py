"""The bulletin 联络动态: its issues (drafted, published, corrected) and the lists of
their recipients.

The tables keep the names they had when the bulletin was part of `activities`
(`db_table`), so moving the app moved no row.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Campaign
from activities.versioning import Versioned
from lianluo.permissions import permission
from representatives.models import AccessQuerySet


class DistributionList(Versioned):
    """A reusable list of the recipients of the bulletin 送, one recipient line a line."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    recipients = models.TextField(_("recipients"))

    class Meta:
        db_table = "activities_distributionlist"  # the table it had in activities
        verbose_name = _("distribution list")
        verbose_name_plural = _("distribution lists")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BulletinQuerySet(AccessQuerySet):
    def visible_to(self, user):
        """Published issues for every signed-in user; drafts for those who edit them."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(permission(self.model, "change")):
            return self
        return self.filter(status=Bulletin.Status.PUBLISHED)

    def current(self):
        """The latest revision of each issue among these: after `visible_to(user)`, an issue
        whose correction is still a draft stays current for those who cannot see drafts."""
        return self.filter(~Exists(self.filter(revises=OuterRef("pk"))))

    def next_numbers(self, year):
        """(number in `year`, running number) for the next issue: after the last ones."""
        numbers = self.aggregate(
            in_year=models.Max("number", filter=Q(year=year)), total=models.Max("total_number")
        )
        return (numbers["in_year"] or 0) + 1, (numbers["total"] or 0) + 1


class Bulletin(Versioned):
    """An issue of the office's bulletin 联络动态, as drafted, published or corrected.

    A published issue is locked: a correction is a new revision of it (the same numbers,
    `revises` pointing at the one it corrects), and the published one is kept.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("issue number in the year"))
    total_number = models.PositiveIntegerField(_("running number"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1, editable=False)
    revises = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
        editable=False,
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    contributor = models.CharField(_("contributor"), max_length=100, blank=True)
    editors = models.CharField(_("editors"), max_length=100, blank=True)
    contact_line = models.CharField(_("contact line"), max_length=200, blank=True)
    approval_number = models.CharField(_("approval number"), max_length=100, blank=True)
    distribution = models.TextField(_("distribution list"), blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # The campaign's figures the issue printed, as they stood when it was published
    # (`checking.snapshot`): the page says which of them the records no longer bear out.
    printed_figures = models.JSONField(
        _("figures printed"), default=list, blank=True, editable=False
    )

    objects = BulletinQuerySet.as_manager()

    class Meta:
        db_table = "activities_bulletin"  # the table it had in activities: no data moved
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-year", "-number", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number", "revision"],
                name="bulletin_unique_number",
                violation_error_message=_("This issue number is taken in that year."),
            ),
            models.UniqueConstraint(
                fields=["total_number", "revision"],
                name="bulletin_unique_running_number",
                violation_error_message=_("This running number is taken."),
            ),
        ]

    def __str__(self):
        return f"{self.year}年第{self.number}期 {self.title}"

    def save(self, *args, **kwargs):
        if self.pk and Bulletin.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists():
            raise ValidationError(_("A published issue cannot be changed: make a correction."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("bulletins:bulletin-detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @transaction.atomic
    def publish(self, check=None):
        """Publish and lock the issue, keeping the figures it prints as they stand now
        (from `check`, the issue's `checking.IssueCheck`, when the caller has it)."""
        from .checking import check_bulletin, snapshot

        check = check or check_bulletin(self)
        Bulletin.objects.filter(pk=self.pk, status=self.Status.DRAFT).update(
            status=self.Status.PUBLISHED,
            published_at=timezone.now(),
            printed_figures=snapshot(check.readings),
            version=models.F("version") + 1,
        )
        self.refresh_from_db()

    def correct(self):
        """A new draft revision of this published issue, to be edited and published."""
        fields = {
            field.name: getattr(self, field.name)
            for field in self._meta.concrete_fields
            if field.name
            not in ("id", "revision", "revises", "status", "published_at", "printed_figures")
        }
        return Bulletin.objects.create(**fields, revision=self.revision + 1, revises=self)


class ArticleSection(models.Model):
    """A section of the drafted article as the office set it: its heading, its place,
    whether it is written (`article.SECTIONS` are the shipped ones)."""

    key = models.CharField(_("section"), max_length=20, unique=True, editable=False)
    heading = models.CharField(_("heading"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"))
    enabled = models.BooleanField(_("written"), default=True)

    class Meta:
        verbose_name = _("article section")
        verbose_name_plural = _("article sections")
        ordering = ["position", "pk"]

    def __str__(self):
        from .article import SECTION

        section = SECTION.get(self.key)
        return str(section.label) if section else self.key


class ArticleSentence(models.Model):
    """The office's wording of one sentence of the drafted article: plain text with the
    placeholders its sentence is given (`article.SENTENCES`), checked on save."""

    key = models.CharField(_("sentence"), max_length=40, unique=True, editable=False)
    text = models.TextField(_("wording"))

    class Meta:
        verbose_name = _("article sentence")
        verbose_name_plural = _("article sentences")
        ordering = ["key"]

    def __str__(self):
        from .article import SENTENCE

        sentence = SENTENCE.get(self.key)
        return str(sentence.label) if sentence else self.key

    def clean(self):
        from .article import SENTENCE, refusal

        sentence = SENTENCE.get(self.key)
        said = refusal(self.text, sentence.names) if sentence else ""
        if said:
            raise ValidationError({"text": said})


class Outlet(models.Model):
    """An outlet the office names in this order when it lists who reported (湖南日报
    first); outlets not listed follow by kind: papers, television, websites, journals."""

    name = models.CharField(_("outlet"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
