"""Fronts: the editors' line-ups for the home and section pages, and the breaking-news banner."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models.articles import Article, Section
from articles.models.fields import created_by_field

# Fronts offer only stories that are published or scheduled.
PUBLISHED_OR_SCHEDULED = {"status": Article.Status.PUBLISHED}


class Front(models.Model):
    """The curated top of the home page or of one section's page."""

    section = models.OneToOneField(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="front",
        help_text="The section whose page this front leads. Leave empty for the home page.",
    )

    class Meta:
        constraints = [
            # One front per page; the home page (no section) counts as section 0.
            models.UniqueConstraint(
                Coalesce("section", Value(0)),
                name="front_one_per_page",
                violation_error_message="That page already has a front.",
            ),
        ]

    def __str__(self):
        return f"{self.section.name} front" if self.section_id else "Home page front"

    def get_absolute_url(self):
        return self.section.get_absolute_url() if self.section_id else "/"

    def live_lineup(self, now=None):
        now = now or timezone.now()
        return self.lineups.filter(starts_at__lte=now).order_by("-starts_at", "-pk").first()


class Slot(models.Model):
    """A named group of stories on a front: the lead, top stories, and any others."""

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="slots")
    title = models.CharField(
        max_length=100, help_text="Shown above the group, e.g. “Top stories”. The first slot leads."
    )
    size = models.PositiveSmallIntegerField(
        default=4, help_text="How many stories the slot shows (1 to 20)."
    )
    fill = models.BooleanField(
        default=True,
        help_text="When fewer of its stories are live than its size, fill it with the "
        "latest stories.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ("order", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gte=1, size__lte=20),
                name="slot_size_range",
                violation_error_message="A slot shows 1 to 20 stories.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.front})"


class LineUp(models.Model):
    """One version of a front: which stories fill its slots, from its start time on.

    The live line-up is the one that started last; a line-up with a future start replaces
    it at that instant, with no job running."""

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="lineups")
    starts_at = models.DateTimeField(
        default=timezone.now,
        help_text="When this line-up replaces the live one. A future time schedules it.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="For the desk, e.g. “Evening line-up”."
    )
    created_by = created_by_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "line-up"
        ordering = ("-starts_at", "-pk")
        indexes = [models.Index(fields=["front", "-starts_at"], name="lineup_front_start_idx")]

    def __str__(self):
        when = timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.front} from {when}" + (f" ({self.note})" if self.note else "")

    def state(self, now=None):
        """Scheduled, live or replaced: the line-up's state at ``now`` (one query)."""
        now = now or timezone.now()
        if self.starts_at > now:
            return "scheduled"
        live = self.front.live_lineup(now)
        return "live" if live is not None and live.pk == self.pk else "replaced"

    def copy(self, starts_at, user=None, note=""):
        """A new line-up of the same stories in the same places, from ``starts_at``."""
        twin = LineUp.objects.create(
            front_id=self.front_id, starts_at=starts_at, created_by=user, note=note
        )
        Placement.objects.bulk_create(
            Placement(lineup=twin, slot_id=p.slot_id, article_id=p.article_id, order=p.order)
            for p in self.placements.all()
        )
        return twin


class Placement(models.Model):
    """A story in a slot of a line-up, at a position."""

    lineup = models.ForeignKey(LineUp, on_delete=models.CASCADE, related_name="placements")
    slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, related_name="placements", help_text="Where it goes."
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="placements",
        limit_choices_to=PUBLISHED_OR_SCHEDULED,
        help_text="A published or scheduled story; it shows once it is live.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ("slot__order", "slot_id", "order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["lineup", "article"],
                name="placement_once_per_lineup",
                violation_error_message="A story goes in one place of a line-up.",
            ),
        ]

    def __str__(self):
        return f"{self.article} in {self.slot.title}"

    def clean(self):
        # The line-up may be new and unsaved (the admin's add form): compare through it.
        slot, lineup = getattr(self, "slot", None), getattr(self, "lineup", None)
        if slot is not None and lineup is not None and slot.front_id != lineup.front_id:
            raise ValidationError({"slot": "Choose a slot of this line-up's front."})


class BreakingNewsQuerySet(models.QuerySet):
    def not_ended(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))

    def current(self, now=None):
        """Banners shown now: started, not ended, linking to a story readers can see."""
        now = now or timezone.now()
        return (
            self.not_ended(now)
            .filter(starts_at__lte=now, article__in=Article.objects.published(now))
            .order_by("-starts_at", "-pk")
        )


class BreakingNews(models.Model):
    """A banner across every reader page, linking to a story, until it ends or is cleared."""

    text = models.CharField(
        max_length=200, help_text="The banner's words, e.g. “Earthquake strikes central Italy”."
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=PUBLISHED_OR_SCHEDULED,
        help_text="The story the banner links to; the banner shows only while it is live.",
    )
    starts_at = models.DateTimeField(
        default=timezone.now, help_text="When the banner appears. A future time schedules it."
    )
    ends_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the banner goes away by itself. Leave empty to keep it until cleared.",
    )
    created_by = created_by_field()

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        verbose_name = "breaking news banner"
        verbose_name_plural = "breaking news"
        ordering = ("-starts_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="breaking_ends_after_start",
                violation_error_message="The banner must end after it starts.",
            ),
        ]

    def __str__(self):
        return self.text


# Each admin save of a line-up keeps a revision with its placements: history and restore.
reversion.register(Placement)
reversion.register(LineUp, follow=("placements",))
