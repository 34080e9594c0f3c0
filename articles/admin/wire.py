"""Wire sources, the items read from them, the wire log, and the desk's incoming stories."""

from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from articles.admin.accessibility import NamedInputsMixin
from articles.admin_site import GuardedModelAdmin
from articles.models import Article, IncomingArticle, WireEvent, WireItem, WireSource
from articles.wire.ingest import Report, ingest_source


def article_link(article):
    if article is None:
        return "—"
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:articles_article_change", args=[article.pk]),
        article.headline,
    )


class ReadOnlyAdmin(GuardedModelAdmin):
    """Rows that ingest writes: editors read them, nobody edits them by hand. The admin
    offers only the addresses it answers: the list and each row's read-only page."""

    offered = ("changelist", "change", "history")

    class Media:
        css = {"all": ("css/admin.css",)}  # links told apart without colour, as elsewhere

    def get_urls(self):
        return [
            url
            for url in super().get_urls()
            if url.name is not None and url.name.rsplit("_", 1)[-1] in self.offered
        ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WireSource)
class WireSourceAdmin(NamedInputsMixin, GuardedModelAdmin):
    list_display = (
        "name",
        "organization",
        "format",
        "place",
        "credit",
        "section",
        "active",
        "last_read_at",
        "last_report",
    )
    list_filter = ("active", "format", "organization")
    list_select_related = ("organization", "section")
    search_fields = ("name", "folder", "feed_url")
    autocomplete_fields = ("organization", "section")
    readonly_fields = ("last_read_at", "last_report")
    # An address typed without a scheme is taken as https, as Django 6 will do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "organization", "format", "active")}),
        ("Where to read", {"fields": ("folder", "feed_url")}),
        ("Stories made from it", {"fields": ("credit", "section")}),
        ("Last reading", {"fields": ("last_read_at", "last_report")}),
    )

    actions = ("read_now",)

    @admin.display(description="Reads from")
    def place(self, source):
        return source.place

    @admin.action(description="Read the selected sources now", permissions=["change"])
    def read_now(self, request, queryset):
        for source in queryset.select_related("organization", "section"):
            report = Report()
            ingest_source(source, report)
            level = messages.WARNING if report.counts[WireEvent.Outcome.REFUSED] else messages.INFO
            self.message_user(request, f"{source}: {report.summary()}.", level)


@admin.register(WireItem)
class WireItemAdmin(ReadOnlyAdmin):
    list_display = ("guid", "organization", "version", "state", "story", "pending_version")
    list_filter = ("state", "organization")
    list_select_related = ("organization", "article")
    search_fields = ("guid",)

    @admin.display(description="Story")
    def story(self, item):
        return article_link(item.article)


@admin.register(WireEvent)
class WireEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "outcome", "organization", "guid", "version", "reason", "story")
    list_filter = ("outcome", "organization", "source")
    list_select_related = ("organization", "article")
    search_fields = ("guid", "reason", "where")
    date_hierarchy = "at"

    @admin.display(description="Story")
    def story(self, event):
        return article_link(event.article)


class WireStateFilter(admin.SimpleListFilter):
    title = "wire state"
    parameter_name = "wire"

    def lookups(self, request, model_admin):
        return (("waiting", "Newer version waiting"), ("killed", "Killed by the agency"))

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(wire_items__pending_version__isnull=False)
        if self.value() == "killed":
            return queryset.filter(wire_items__state=WireItem.State.KILLED)
        return queryset


@admin.register(IncomingArticle)
class IncomingArticleAdmin(ReadOnlyAdmin):
    """Stories made from wire items that are not published: each opens the article form."""

    list_display = ("story", "agency", "version", "wire_state", "embargo", "status")
    list_filter = (WireStateFilter, "status", "section")
    search_fields = ("headline", "wire_items__guid")
    list_display_links = None
    offered = ("changelist",)  # each row opens the article's own form

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=Article.Status.PUBLISHED)
            .filter(wire_items__isnull=False)
            .select_related("section")
            .prefetch_related("wire_items__organization")
            .order_by("-created_at", "-pk")
        )

    def _item(self, article):
        items = list(article.wire_items.all())
        return items[0] if items else None

    @admin.display(description="Story")
    def story(self, article):
        return article_link(article)

    @admin.display(description="Agency")
    def agency(self, article):
        item = self._item(article)
        return item.organization.name if item else "—"

    @admin.display(description="Version")
    def version(self, article):
        item = self._item(article)
        return item.version if item else "—"

    @admin.display(description="Wire")
    def wire_state(self, article):
        item = self._item(article)
        if item is None:
            return "—"
        if item.state == WireItem.State.KILLED:
            return "Killed by the agency: withdrawn, do not use"
        if item.pending_version:
            return f"Version {item.pending_version} waiting in the history: compare to take it"
        return "As received"

    @admin.display(description="Embargoed until")
    def embargo(self, article):
        item = self._item(article)
        return item.embargoed_until if item and item.embargoed_until else "—"
