"""Fronts and the breaking-news banner in the admin: slots, line-ups with history, banners."""

from datetime import timedelta

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin

from articles.admin.accessibility import NamedInputsMixin, NamedTabularInline
from articles.admin_site import GuardedModelAdmin
from articles.editorial import rules
from articles.models import BreakingNews, Front, LineUp, Placement, Slot

# A copied line-up starts this far ahead, for the editor to arrange and set its time.
COPY_LEAD_TIME = timedelta(hours=1)


def _front_id(value):
    """The front id an address's ``?front=`` names, or None for anything else."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _live_lineup_pk(now):
    lineups = LineUp.objects.filter(front=OuterRef("front_id"), starts_at__lte=now)
    return Subquery(lineups.order_by("-starts_at", "-pk").values("pk")[:1])


def _slot_title(slot):
    return slot.title


def _when(instant):
    return date_format(timezone.localtime(instant), "DATETIME_FORMAT") if instant else "—"


class SlotInline(NamedTabularInline):
    model = Slot
    extra = 0
    fields = ("title", "size", "fill", "order")


@admin.register(Front)
class FrontAdmin(NamedInputsMixin, GuardedModelAdmin):
    list_display = ("__str__", "live_lineup", "next_lineup")
    list_select_related = ("section",)
    search_fields = ("section__name",)
    autocomplete_fields = ("section",)
    inlines = (SlotInline,)
    readonly_fields = ("lineups",)
    fields = ("section", "lineups")

    def get_queryset(self, request):
        # The list's line-up columns without a query per row.
        now = timezone.now()
        lineups = LineUp.objects.filter(front=OuterRef("pk")).values("starts_at")
        return (
            super()
            .get_queryset(request)
            .annotate(
                live_start=Subquery(
                    lineups.filter(starts_at__lte=now).order_by("-starts_at", "-pk")[:1]
                ),
                next_start=Subquery(lineups.filter(starts_at__gt=now).order_by("starts_at")[:1]),
            )
        )

    @admin.display(description="Live line-up")
    def live_lineup(self, front):
        return _when(front.live_start) if front.live_start else "None: the latest stories"

    @admin.display(description="Next line-up")
    def next_lineup(self, front):
        return _when(front.next_start)

    @admin.display(description="Line-ups")
    def lineups(self, front):
        if front.pk is None:
            return "Save the front and its slots, then add a line-up of stories."
        now = timezone.now()
        live = front.live_lineup(now)
        rows = front.lineups.select_related("created_by").order_by("-starts_at", "-pk")[:20]
        add_url = reverse("admin:articles_lineup_add") + f"?front={front.pk}"
        table = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {} · by {}</li>',
            (
                (
                    reverse("admin:articles_lineup_change", args=[lineup.pk]),
                    _when(lineup.starts_at),
                    "scheduled"
                    if lineup.starts_at > now
                    else ("live" if live and live.pk == lineup.pk else "replaced"),
                    lineup.created_by or "unknown",
                )
                for lineup in rows
            ),
        )
        return format_html(
            '<ul class="lineup-list">{}</ul><p><a href="{}">Add a line-up</a></p>',
            table or format_html("<li>{}</li>", "None yet."),
            add_url,
        )


class PlacementInline(NamedTabularInline):
    model = Placement
    extra = 1
    fields = ("slot", "article", "order")
    autocomplete_fields = ("article",)
    verbose_name = "story"
    verbose_name_plural = "stories, by slot and order"

    def get_queryset(self, request):
        # A reporter may look at line-ups, not at the headlines of stories they may not open.
        return (
            super().get_queryset(request).filter(article__in=rules.visible_articles(request.user))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "slot":
            front = getattr(request, "_lineup_front_id", None)
            slots = Slot.objects.select_related("front__section")
            kwargs["queryset"] = slots.filter(front_id=front) if front else slots
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "slot" and front:
            formfield.label_from_instance = _slot_title  # all of one front: its title will do
        return formfield


@admin.register(LineUp)
class LineUpAdmin(NamedInputsMixin, GuardedModelAdmin, VersionAdmin):
    list_display = ("__str__", "starts_at", "state", "note", "created_by")
    list_filter = ("front",)
    list_select_related = ("front__section", "created_by")
    fields = ("front", "starts_at", "note")
    inlines = (PlacementInline,)
    actions = ("copy_scheduled", "restore_now")
    ordering = ("-starts_at", "-pk")

    def get_readonly_fields(self, request, obj=None):
        # Its stories sit in its front's slots: a saved line-up stays with its front.
        return ("front",) if obj is not None else ()

    @admin.display(description="State")
    def state(self, lineup):
        if lineup.starts_at > timezone.now():
            return "scheduled"
        return "live" if lineup.live_pk == lineup.pk else "replaced"

    def get_queryset(self, request):
        # Each row's state without a query of its own.
        return super().get_queryset(request).annotate(live_pk=_live_lineup_pk(timezone.now()))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        front = _front_id(request.GET.get("front"))
        if front is not None:
            initial["front"] = front
        return initial

    def get_formsets_with_inlines(self, request, obj=None):
        # The slots offered are the front's own once the line-up has one.
        front = obj.front_id if obj is not None else request.GET.get("front")
        request._lineup_front_id = _front_id(front)
        return super().get_formsets_with_inlines(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # An old version opens as a form that restores it: for those who may change fronts.
    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def _copy(self, request, queryset, starts_at, comment):
        copies = []
        for lineup in queryset.select_related("front__section"):
            with reversion.create_revision():
                copy = lineup.copy(starts_at, user=request.user, note=lineup.note)
                reversion.set_user(request.user)
                reversion.set_comment(comment.format(lineup=lineup))
            copies.append(copy)
        return copies

    @admin.action(description="Copy as a new line-up starting in an hour", permissions=("add",))
    def copy_scheduled(self, request, queryset):
        copies = self._copy(request, queryset, timezone.now() + COPY_LEAD_TIME, "Copied {lineup}.")
        for copy in copies:
            messages.success(
                request,
                format_html(
                    'Copied as <a href="{}">{}</a>: arrange it and set its start.',
                    reverse("admin:articles_lineup_change", args=[copy.pk]),
                    copy,
                ),
            )

    @admin.action(description="Restore: make a copy live now", permissions=("add",))
    def restore_now(self, request, queryset):
        copies = self._copy(request, queryset, timezone.now(), "Restored {lineup}.")
        messages.success(request, f"{len(copies)} line-up(s) restored; live now.")


class ShowingFilter(admin.SimpleListFilter):
    title = "showing"
    parameter_name = "showing"

    def lookups(self, request, model_admin):
        return (("now", "Showing now"), ("ended", "Ended"))

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "now":
                return queryset.filter(pk__in=BreakingNews.objects.current(now).values("pk"))
            case "ended":
                return queryset.filter(ends_at__lte=now)
        return queryset


@admin.register(BreakingNews)
class BreakingNewsAdmin(NamedInputsMixin, GuardedModelAdmin):
    list_display = ("text", "article", "starts_at", "ends_at", "showing")
    list_filter = (ShowingFilter,)
    list_select_related = ("article",)
    search_fields = ("text",)
    autocomplete_fields = ("article",)
    fields = ("text", "article", "starts_at", "ends_at")
    actions = ("end_now",)

    def get_queryset(self, request):
        # A banner for a story a reporter may not open (scheduled, say) is not theirs to read.
        return (
            super().get_queryset(request).filter(article__in=rules.visible_articles(request.user))
        )

    @admin.display(description="Showing now", boolean=True)
    def showing(self, banner):
        now = timezone.now()
        return (
            banner.starts_at <= now
            and (banner.ends_at is None or banner.ends_at > now)
            and banner.article.is_published(now)
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Clear: end the selected banners now", permissions=("change",))
    def end_now(self, request, queryset):
        now = timezone.now()
        ended = 0
        for banner in queryset.not_ended(now):
            # Saved one by one: each save purges every page that shows the banner.
            if banner.starts_at >= now:  # not started yet: it never shows
                banner.starts_at = now - timedelta(seconds=1)
            banner.ends_at = now
            banner.save(update_fields=["starts_at", "ends_at"])
            ended += 1
        messages.success(request, f"{ended} banner(s) cleared.")
