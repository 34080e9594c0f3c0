"""
A front as readers get it: the live line-up's slots filled with stories that are live now.

The live line-up is the front's latest one whose start has come, chosen at the request;
a scheduled line-up takes over at its instant, so the page's lifetime ends then. A slot
shows its stories in order, skipping any that are not live (withdrawn, scheduled, a
draft) or already shown higher up; a slot that asks to be filled takes the latest
stories for its empty places. Below the slots come the latest stories not shown above.

Two queries whatever the number of slots and stories: the front's slots, each with the
front's live and next line-up, then the live line-up's placements with their stories.
"""

from dataclasses import dataclass, field
from datetime import datetime

from articles.delivery import keys


@dataclass
class ShownSlot:
    title: str
    size: int
    fill: bool
    articles: list = field(default_factory=list)

    @property
    def missing(self):
        return self.size - len(self.articles) if self.fill else 0


@dataclass
class Arrangement:
    """What a front shows now, the stories it places, and when that changes by itself."""

    front_id: int | None = None
    slots: list[ShownSlot] = field(default_factory=list)
    live_pks: set = field(default_factory=set)
    changes_at: datetime | None = None

    @property
    def shown_pks(self):
        return {article.pk for slot in self.slots for article in slot.articles}

    def fill(self, latest):
        """Fill the slots' empty places from ``latest`` (stories not shown above, newest
        first); return the ones left for the list below."""
        latest = list(latest)
        for slot in self.slots:
            taken, latest = latest[: slot.missing], latest[slot.missing :]
            slot.articles.extend(taken)
        return latest

    def content_keys(self):
        """The front, and every live story it places. A placed story that is not live is
        not named (its id would tell readers it exists): it going live, or a live one
        going, purges the front's key (``articles.delivery.changes``)."""
        if self.front_id is None:
            return set()
        return {keys.thing("front", self.front_id)} | {
            keys.thing("article", pk) for pk in self.live_pks
        }


def _earliest(*instants):
    return min((t for t in instants if t is not None), default=None)


def arrange(section=None, now=None) -> Arrangement:
    """The front of the home page (``section`` None) or of ``section``, as it stands at
    ``now``; an empty arrangement when the page has no front (or a front without slots)."""
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from articles.models import LineUp, Placement, Slot

    now = now or timezone.now()
    lineups = LineUp.objects.filter(front_id=OuterRef("front_id"))
    live = lineups.filter(starts_at__lte=now).order_by("-starts_at", "-pk")
    upcoming = lineups.filter(starts_at__gt=now).order_by("starts_at")
    slots = list(
        Slot.objects.filter(front__section=section)
        .annotate(
            live_lineup_id=Subquery(live.values("pk")[:1]),
            next_lineup_at=Subquery(upcoming.values("starts_at")[:1]),
        )
        .order_by("order", "pk")
    )
    if not slots:
        return Arrangement()
    first = slots[0]
    arrangement = Arrangement(front_id=first.front_id, changes_at=first.next_lineup_at)
    shown = {slot.pk: ShownSlot(slot.title, slot.size, slot.fill) for slot in slots}
    arrangement.slots = list(shown.values())
    if first.live_lineup_id is None:
        return arrangement
    placements = (
        Placement.objects.filter(lineup_id=first.live_lineup_id)
        .select_related("article__section", "article__lead_image")
        .defer(
            "article__body", "article__body_html", "article__created_by", "article__search_document"
        )
        .order_by("slot__order", "slot_id", "order", "pk")
    )
    seen = set()
    for placement in placements:
        article = placement.article
        if article.status == article.Status.PUBLISHED and article.published_at > now:
            arrangement.changes_at = _earliest(arrangement.changes_at, article.published_at)
        slot = shown.get(placement.slot_id)
        if not article.is_published(now):
            continue
        arrangement.live_pks.add(article.pk)
        if slot is None or article.pk in seen:
            continue
        if len(slot.articles) < slot.size:
            slot.articles.append(article)
            seen.add(article.pk)
    return arrangement
