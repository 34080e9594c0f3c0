from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin

from articles.admin import article_search
from articles.admin.accessibility import NamedInputsMixin, NamedTabularInline
from articles.admin.autosave import AutosaveMixin
from articles.admin.desk import DeskCreditsMixin
from articles.admin.form_fit import FormFitMixin
from articles.admin.images import warn_about_picture_rights
from articles.admin.pagination import EstimatedCountPaginator, SearchCountPaginator
from articles.admin.presence import PresenceMixin
from articles.admin.publishing import EditorialWorkflowMixin
from articles.admin.videos import warn_about_video_rights
from articles.admin_site import BoundedChangeList, GuardedModelAdmin
from articles.editorial import rules
from articles.models import Article, Attribution, Byline, RelatedArticle, Section


@admin.register(Section)
class SectionAdmin(GuardedModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class BylineInline(NamedTabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ("person",)
    fields = ("person", "role", "order")


class AttributionInline(NamedTabularInline):
    model = Attribution
    extra = 0
    autocomplete_fields = ("organization", "person")
    fields = ("organization", "person", "phrase", "custom_phrase", "order")


class RelatedArticleInline(NamedTabularInline):
    model = RelatedArticle
    fk_name = "article"
    extra = 0
    autocomplete_fields = ("related",)
    fields = ("related", "order")
    verbose_name_plural = "related stories (shown first; the page adds stories that share tags)"

    # A reporter neither sees nor chooses a story they may not open (someone else's
    # scheduled story, say): its headline is not theirs to read yet.
    def get_queryset(self, request):
        visible = rules.visible_articles(request.user)
        return super().get_queryset(request).filter(related__in=visible)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "related":
            published = Article.objects.filter(status=Article.Status.PUBLISHED)
            kwargs["queryset"] = rules.visible_articles(request.user, published)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ArticleChangeList(BoundedChangeList):
    """The list shows no body: leave the two largest columns in the database."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer("body", "body_html")


@admin.register(Article)
class ArticleAdmin(
    AutosaveMixin,
    PresenceMixin,
    FormFitMixin,
    DeskCreditsMixin,
    EditorialWorkflowMixin,
    NamedInputsMixin,
    GuardedModelAdmin,
    MarkdownxModelAdmin,
):
    list_display = ("headline", "section", "status", "published_at", "view_on_site_link")
    list_filter = ("status", "section", "published_at")
    list_select_related = ("section",)
    # At newsroom scale a second COUNT(*) of every article on each filtered page costs more
    # than the "of N total" it prints.
    show_full_result_count = False
    # Counted from PostgreSQL's statistics when the list is unfiltered and long.
    paginator = EstimatedCountPaginator
    # Headline, dek, slug and bylines' names, with indexes on PostgreSQL: see get_search_results.
    search_fields = ("headline", "dek", "slug")
    # No date hierarchy: its list of years is a DISTINCT over every story on each visit;
    # the "Published at" filter (today, past 7 days, this month, this year) costs nothing.
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section", "lead_image", "lead_video", "tags")
    inlines = (BylineInline, AttributionInline, RelatedArticleInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "headline",
                    "slug",
                    "dek",
                    "section",
                    "tags",
                    "lead_image",
                    "lead_video",
                    "body",
                )
            },
        ),
        ("Publishing", {"fields": ("status", "published_at", "updated_at", "byline_style")}),
        ("Search engines", {"fields": ("seo_title", "seo_description"), "classes": ("collapse",)}),
    )

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        return article_search.search(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if request.GET.get(SEARCH_VAR):
            return SearchCountPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    @admin.display(description="On site")
    def view_on_site_link(self, article):
        if not article.is_published():
            return "—"
        return format_html('<a href="{}">View</a>', article.get_absolute_url())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "_continue" not in request.POST:  # the change form, shown next, warns itself
            warn_about_video_rights(request, form.instance)
            warn_about_picture_rights(request, form.instance)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET":
            warn_about_video_rights(request, obj)
            warn_about_picture_rights(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
