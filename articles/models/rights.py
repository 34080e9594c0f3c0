"""The rights window of pictures and videos: one rule, written once in Python and in SQL."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

# How far ahead the admin warns that a licence ends.
EXPIRY_WARNING = timedelta(days=7)


class RightsState(models.TextChoices):
    AVAILABLE = "available", "Available"
    PENDING = "pending", "Not yet available"
    EXPIRED = "expired", "Expired"
    REMOVED = "removed", "Taken down"


def rights_state(now, *, removed, available_from, expires_at):
    """What readers get of a picture or video at ``now``, from its rights window alone."""
    if removed:
        return RightsState.REMOVED
    if expires_at is not None and expires_at <= now:
        return RightsState.EXPIRED
    if available_from is not None and available_from > now:
        return RightsState.PENDING
    return RightsState.AVAILABLE


def rights_boundary(now, *, available_from, expires_at):
    """The next instant after ``now`` at which a rights window opens or closes, or None."""
    instants = [t for t in (available_from, expires_at) if t is not None and t > now]
    return min(instants, default=None)


class RightsWindowQuerySet(models.QuerySet):
    """The rights window in SQL: the same rule as ``rights_state``, tested against it."""

    def available_q(self, now=None, prefix=""):
        """Rows readers see at ``now``: inside their window and not taken down (``prefix``
        for a related path, e.g. ``"image__"``)."""
        now = now or timezone.now()
        opened = Q(**{f"{prefix}available_from__isnull": True}) | Q(
            **{f"{prefix}available_from__lte": now}
        )
        not_closed = Q(**{f"{prefix}expires_at__isnull": True}) | Q(
            **{f"{prefix}expires_at__gt": now}
        )
        return self._not_removed_q(prefix) & opened & not_closed

    def available(self, now=None):
        return self.filter(self.available_q(now))

    def expiring_within(self, delta, now=None):
        """Available rows whose licence ends within ``delta`` of ``now``."""
        now = now or timezone.now()
        return self.available(now).filter(expires_at__lte=now + delta)

    def expired(self, now=None):
        """Rows readers no longer see: the licence ended, or they were taken down."""
        gone = Q(expires_at__lte=now or timezone.now())
        if self.model.removal_field:
            gone |= ~self._not_removed_q()
        return self.filter(gone)

    def pending(self, now=None):
        """Rows whose window has not opened yet (and that were not taken down)."""
        return self.filter(self._not_removed_q(), available_from__gt=now or timezone.now())

    def _not_removed_q(self, prefix=""):
        field = self.model.removal_field
        return Q(**{f"{prefix}{field}": ""}) if field else Q()


class RightsWindow(models.Model):
    """A picture or video that readers see only inside its licence's window, and that
    articles place in their body by its reference (``[[image:slug]]``, ``[[video:slug]]``)."""

    State = RightsState
    noun = ""  # what editors call it: "picture", "video"
    reference_kind = ""  # the word in a body's reference: "image", "video"
    references_in = None  # a staticmethod reading the slugs that a Markdown body places
    removal_field = None  # the field that says why it was taken down, for what can be
    shown_instead = ""  # what readers see in its place once it is gone, for the editors' warning

    available_from = models.DateTimeField(
        null=True, blank=True, help_text="Readers see it from this moment. Empty: at once."
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the licence ends; from then readers no longer see it (a video shows its "
        "expiry notice in its place).",
    )

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["expires_at"], name="%(class)s_expires_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(expires_at__isnull=True)
                | Q(expires_at__gt=models.F("available_from")),
                name="%(class)s_window_ordered",
            ),
        ]

    def clean(self):
        errors = self.rights_errors()
        if errors:
            raise ValidationError(errors)

    def rights_errors(self):
        """``clean()``'s messages on the window and on the reference, by field."""
        errors = {}
        if self.available_from and self.expires_at and self.expires_at <= self.available_from:
            errors["expires_at"] = "The expiry must come after the availability start."
        placed_in = self._articles_placing_old_slug()
        if placed_in:
            names = "; ".join(f"“{article.headline}”" for article in placed_in)
            errors["slug"] = (
                f"Articles place this {self.noun} by its reference; change "
                f"[[{self.reference_kind}:…]] in them first: {names}."
            )
        return errors

    def _articles_placing_old_slug(self):
        """Articles whose body would lose this row if its reference changed now."""
        if self.pk is None:
            return []
        old_slug = (
            type(self)._default_manager.filter(pk=self.pk).values_list("slug", flat=True).first()
        )
        if old_slug in {None, self.slug}:
            return []
        return [
            article
            for article in self.articles.order_by("headline")
            if old_slug in self.references_in(article.body)
        ]

    @property
    def is_removed(self):
        return bool(self.removal_field and getattr(self, self.removal_field))

    def state(self, now=None):
        return rights_state(
            now or timezone.now(),
            removed=self.is_removed,
            available_from=self.available_from,
            expires_at=self.expires_at,
        )

    def is_available(self, now=None):
        return self.state(now) == RightsState.AVAILABLE

    def expires_within(self, delta=EXPIRY_WARNING, now=None):
        now = now or timezone.now()
        return (
            self.is_available(now)
            and self.expires_at is not None
            and self.expires_at <= now + delta
        )

    def next_boundary(self, now=None):
        """The next instant this appears or disappears for readers, or None."""
        return rights_boundary(
            now or timezone.now(), available_from=self.available_from, expires_at=self.expires_at
        )
