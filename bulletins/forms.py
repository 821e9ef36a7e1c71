import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from activities.forms import DATE
from activities.models import Campaign
from activities.versioning import VersionedForm

from .article import SECTION, SECTIONS, SENTENCES, Templates, refusal
from .models import ArticleSection, ArticleSentence, Bulletin, DistributionList, Outlet


class BulletinForm(VersionedForm, forms.ModelForm):
    """An issue's text and numbers; a distribution list fills the 送 lines."""

    distribution_list = forms.ModelChoiceField(
        label=_("take the recipients of"),
        queryset=DistributionList.objects.all(),
        required=False,
        help_text=_("Replaces the distribution below when chosen."),
    )

    class Meta:
        model = Bulletin
        fields = [
            "year", "number", "total_number", "date", "title", "body", "contributor",
            "editors", "contact_line", "approval_number", "distribution",
        ]  # fmt: skip
        widgets = {
            "date": DATE,
            "body": forms.Textarea(attrs={"rows": 24}),
            "distribution": forms.Textarea(attrs={"rows": 5}),
        }

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("distribution_list")
        if chosen is not None:
            cleaned["distribution"] = chosen.recipients
        return cleaned


class ArticleForm(forms.Form):
    """The office's templates of the drafted article, all on one page: each section's
    heading, place and whether it is written; each sentence's wording, checked against
    the names it may use; the outlets in the office's order; the campaign to preview on.

    It saves all at once, refusing when someone saved the templates since it was opened
    (`stamp`, a digest of what was stored then)."""

    stamp = forms.CharField(widget=forms.HiddenInput, required=False)
    outlets = forms.CharField(
        label=_("Outlets, in the office's order"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "One outlet a line, as its reports name it. Outlets not listed follow: papers, "
            "television, websites, journals, the most reports first."
        ),
    )
    campaign = forms.ModelChoiceField(
        label=_("Preview on the campaign"), queryset=Campaign.objects.none(), required=False
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].initial = campaigns.first()
        self.stored = stored = stored_templates()
        written = self.stored_templates()  # a wording this version refuses: as shipped
        self.fields["stamp"].initial = stamp_of(stored)
        self.fields["outlets"].initial = "\n".join(stored["outlets"])
        for position, section in enumerate(SECTIONS, start=1):
            row = stored["sections"].get(section.key)
            self.fields[f"heading_{section.key}"] = forms.CharField(
                label=_("Heading"),
                max_length=100,
                required=False,
                initial=row.heading if row else section.heading,
                help_text=_("Run in at the start of the section's paragraph; empty: none."),
            )
            self.fields[f"position_{section.key}"] = forms.IntegerField(
                label=_("Place in the article"),
                min_value=1,
                max_value=99,
                initial=row.position if row else position,
            )
            self.fields[f"enabled_{section.key}"] = forms.BooleanField(
                label=_("Written"), required=False, initial=row.enabled if row else True
            )
        for sentence in SENTENCES:
            optional = sentence.section in SECTION
            self.fields[f"text_{sentence.key}"] = forms.CharField(
                label=sentence.label,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=not optional,
                strip=True,
                initial=written.texts[sentence.key],
                help_text=_("Empty: the sentence is left out.") if optional else "",
                validators=[placeholders_of(sentence)],
            )

    def ordered(self):
        """The sections in the order the form puts them: by place; of two at one place,
        the one moved there first (moved to 2, it goes before the one at 2 already)."""

        def place(item):
            index, section = item
            field = self[f"position_{section.key}"]
            try:
                value = int(field.value())
            except (TypeError, ValueError):
                value = field.initial
            return (value, value == field.initial, index)

        return [section for _index, section in sorted(enumerate(SECTIONS), key=place)]

    def sections(self):
        """The sections in order, each with its settings' fields and its sentences'."""
        return [
            {
                "label": section.label,
                "key": section.key,
                "settings": [
                    self[f"{name}_{section.key}"] for name in ("heading", "position", "enabled")
                ],
                "sentences": self.sentence_fields(section.key),
            }
            for section in self.ordered()
        ]

    def title_fields(self):
        return self.sentence_fields("title")

    def phrase_fields(self):
        return self.sentence_fields("phrases")

    def sentence_fields(self, section):
        return [
            (sentence, self[f"text_{sentence.key}"])
            for sentence in SENTENCES
            if sentence.section == section
        ]

    def stored_templates(self):
        """The templates as stored when the form was opened."""
        return Templates.of(self.stored["sections"], self.stored["sentences"])

    def templates(self):
        """The templates as edited (the form is valid): what the preview writes with."""
        data = self.cleaned_data
        return Templates(
            [
                (section.key, data[f"heading_{section.key}"])
                for section in self.ordered()
                if data[f"enabled_{section.key}"]
            ],
            {sentence.key: data[f"text_{sentence.key}"] for sentence in SENTENCES},
        )

    def outlet_names(self):
        names = [line.strip() for line in self.cleaned_data["outlets"].splitlines()]
        return list(dict.fromkeys(name for name in names if name))

    def save_unless_stale(self):
        """Store the templates and the outlets' order as edited, at once; False, with the
        refusal shown on the form, when someone saved them after this form was opened."""
        with transaction.atomic():
            list(ArticleSection.objects.select_for_update())  # one save at a time
            if stamp_of(stored_templates()) != self.cleaned_data["stamp"]:
                self.refuse_as_stale()
                return False
            self.save()
        return True

    def save(self):
        data = self.cleaned_data
        for position, section in enumerate(self.ordered(), start=1):  # renumbered 1, 2 …
            ArticleSection.objects.update_or_create(
                key=section.key,
                defaults={
                    "heading": data[f"heading_{section.key}"],
                    "position": position,
                    "enabled": data[f"enabled_{section.key}"],
                },
            )
        for sentence in SENTENCES:
            ArticleSentence.objects.update_or_create(
                key=sentence.key, defaults={"text": data[f"text_{sentence.key}"]}
            )
        Outlet.objects.all().delete()
        Outlet.objects.bulk_create(
            Outlet(name=name, position=position)
            for position, name in enumerate(self.outlet_names(), start=1)
        )

    def refuse_as_stale(self):
        """Say why nothing was saved; the re-shown form carries the stamp now stored."""
        self.add_error(
            None,
            _(
                "Someone else saved this %(record)s while you were editing it, so nothing "
                "of yours was saved. Your input is kept below: open the %(record)s in "
                "another tab to see their changes; saving this form again replaces them."
            )
            % {"record": _("article's templates")},
        )
        self.data = self.data.copy()
        self.data["stamp"] = stamp_of(stored_templates())


def stored_templates():
    """What is stored of the templates: sections, sentences and the outlets' order."""
    return {
        "sections": {row.key: row for row in ArticleSection.objects.all()},
        "sentences": {row.key: row.text for row in ArticleSentence.objects.all()},
        "outlets": list(Outlet.objects.values_list("name", flat=True)),
    }


def placeholders_of(sentence):
    """A validator: the wording uses only the names `sentence` is given."""

    def validate(text):
        said = refusal(text, sentence.names)
        if said:
            raise ValidationError(said)

    return validate


def stamp_of(stored):
    """A digest of the templates as stored: a save is refused when it changed."""
    sections = sorted(
        (key, row.heading, row.position, row.enabled) for key, row in stored["sections"].items()
    )
    sentences = sorted(stored["sentences"].items())
    text = repr((sections, sentences, stored["outlets"]))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
