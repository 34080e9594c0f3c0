"""The rights window in the admin, for pictures and videos alike: the list filter, the Rights
column, the list of articles that show one, and the warnings on saving an article."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timeuntil

from articles.admin_site import GuardedModelAdmin
from articles.models.rights import EXPIRY_WARNING, RightsState


class RightsStatusFilter(admin.SimpleListFilter):
    title = "rights status"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        can_be_taken_down = model_admin.model.removal_field is not None
        return (
            ("available", "Available"),
            ("expiring", f"Expiring within {EXPIRY_WARNING.days} days"),
            ("expired", "Expired or taken down" if can_be_taken_down else "Expired"),
            ("pending", "Not yet available"),
        )

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "available":
                return queryset.available(now)
            case "expiring":
                return queryset.expiring_within(EXPIRY_WARNING, now)
            case "expired":
                return queryset.expired(now)
            case "pending":
                return queryset.pending(now)
        return queryset


class RightsWindowAdmin(GuardedModelAdmin):
    """What the picture and video admins share: the Rights column, and the articles using
    one, listed for the viewer (their ``articles_using`` display reads ``linked_articles``)."""

    @admin.display(description="Rights")
    def rights_status(self, obj):
        if obj.pk is None:
            return "—"
        now = timezone.now()
        if obj.expires_within(EXPIRY_WARNING, now):
            return f"Expiring in {timeuntil(obj.expires_at, now, depth=1)}"
        return obj.state(now).label

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.viewer = request.user  # whose list of articles the page shows
        return obj


def linked_articles(articles):
    """The articles as a list of links to their change pages, each with its status."""
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:articles_article_change", args=[article.pk]),
                    article.headline,
                    article.get_status_display().lower(),
                )
                for article in articles
            ),
        ),
    )


def protecting_articles(articles):
    """The lines naming the articles that stop a deletion, each linked to its admin page."""
    return [
        format_html(
            'Article: <a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.headline,
        )
        for article in articles
    ]


def warn_about_rights(request, article, now=None):
    """Tell the editor, without blocking the save, about the videos and pictures the article
    shows that readers no longer see, or will not see within the warning's horizon."""
    now = now or timezone.now()
    for shown in (article.videos, article.images):
        for obj in shown.order_by("expires_at", "pk"):
            if obj.state(now) in {RightsState.EXPIRED, RightsState.REMOVED}:
                # What can be taken down may be gone for another reason than its licence.
                gone = "is no longer available" if obj.removal_field else "is past its licence"
                messages.warning(
                    request,
                    f"The {obj.noun} “{obj}” {gone}; readers see {obj.shown_instead} in its place.",
                )
            elif obj.expires_within(EXPIRY_WARNING, now):
                when = date_format(timezone.localtime(obj.expires_at), "DATETIME_FORMAT")
                messages.warning(
                    request,
                    f"The {obj.noun} “{obj}” expires on {when}; after that readers see "
                    f"{obj.shown_instead} in its place.",
                )
