from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import SEARCH_VAR
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin
from reversion.admin import VersionAdmin

from articles.admin import article_search, autosave, desk, presence, publishing
from articles.admin.accessibility import NamedTabularInline, name_inputs
from articles.admin.form_fit import fit
from articles.admin.pagination import EstimatedCountPaginator, SearchCountPaginator
from articles.admin.publishing import (
    ArticleWorkflowForm,
    BylinesReadyToPublish,
    CorrectionInline,
    PreviewLinkInline,
)
from articles.admin.rights import warn_about_rights
from articles.admin_site import BoundedChangeList, GuardedModelAdmin
from articles.editorial import rules
from articles.models import Article, Attribution, Byline, PreviewLink, RelatedArticle, Section


@admin.register(Section)
class SectionAdmin(GuardedModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class BylineInline(NamedTabularInline):
    model = Byline
    formset = BylinesReadyToPublish
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
    """
    The list shows no body: leave the two largest columns in the database.

    Each row links to its change form, carrying the list's search and filters back to it.
    The admin reverses each link's address, then resolves it again to add the filters: a
    hundred of each a page, more than the rest of a row. Here the address is reversed
    once for the page, with a stand-in for the id, and the filters added the same way the
    admin adds them to a change form's address.
    """

    ROW = "__row__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_filters, self.preserved_filters = self.preserved_filters, ""
        self.row_url = None

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer("body", "body_html")

    def url_for_result(self, result):
        if self.row_url is None:
            info = self.opts.app_label, self.opts.model_name
            url = reverse(
                "admin:{}_{}_change".format(*info),
                args=(self.ROW,),
                current_app=self.model_admin.admin_site.name,
            )
            self.row_url = f"{url}?{self.row_filters}" if self.row_filters else url
        return self.row_url.replace(self.ROW, str(quote(getattr(result, self.pk_attname))), 1)


@admin.register(Article)
class ArticleAdmin(VersionAdmin, GuardedModelAdmin, MarkdownxModelAdmin):
    """The article admin. Each part of the form's work lives in its own module (autosave,
    presence, form_fit, desk, publishing, accessibility); the methods here call it, in
    the order it runs."""

    form = ArticleWorkflowForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    actions = (publishing.publish_selected, publishing.withdraw_selected)
    list_display = ("headline", "section", "state", "published_at", "view_on_site_link")
    list_filter = ("status", "section", "published_at")
    list_select_related = ("section",)
    # At newsroom scale a second COUNT(*) of every article on each filtered page costs more
    # than the "of N total" it prints.
    show_full_result_count = False
    # Counted from PostgreSQL's statistics when the list is unfiltered and long.
    paginator = EstimatedCountPaginator
    # Fifty rows, the newest first: a screenful or two. Each row costs the admin a quarter
    # of a millisecond to draw, which a hundred rows made the larger part of a search.
    list_per_page = 50
    # Headline, dek, slug and bylines' names, with indexes on PostgreSQL: see get_search_results.
    search_fields = ("headline", "dek", "slug")
    # No date hierarchy: its list of years is a DISTINCT over every story on each visit;
    # the "Published at" filter (today, past 7 days, this month, this year) costs nothing.
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section", "lead_image", "lead_video", "tags")
    inlines = (
        BylineInline,
        AttributionInline,
        RelatedArticleInline,
        CorrectionInline,
        PreviewLinkInline,
    )
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

    class Media:  # the accessible names (see accessibility.py)
        js = ("js/admin-names.js",)
        css = {"all": ("css/admin.css",)}

    # Addresses ---------------------------------------------------------------------------

    def get_urls(self):
        return [
            *autosave.urls(self),
            *presence.urls(self),
            *publishing.urls(self),
            *super().get_urls(),
        ]

    # Who may do what ---------------------------------------------------------------------

    def get_queryset(self, request):
        return rules.visible_articles(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if allowed and obj is not None:
            return rules.may_view(request.user, obj)
        return allowed

    def has_change_permission(self, request, obj=None):
        if obj is not None and desk.editing(request):
            return True
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and rules.is_writer_without_publishing(request.user):
            return rules.reporter_may_edit(request.user, obj)
        return allowed

    def has_publish_permission(self, request):
        return rules.can_publish(request.user)

    # The list ----------------------------------------------------------------------------

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        return article_search.search(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if request.GET.get(SEARCH_VAR):
            return SearchCountPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    @admin.display(description="Status", ordering="status")
    def state(self, article):
        return rules.describe_state(article)

    @admin.display(description="On site")
    def view_on_site_link(self, article):
        if not article.is_published():
            return "—"
        return format_html('<a href="{}">View</a>', article.get_absolute_url())

    # The form ----------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = (
            *super().get_fieldsets(request, obj),
            publishing.workflow_fieldset(self, request, obj),
        )
        if desk.editing(request):
            return desk.shown_fieldsets(self, fieldsets)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if desk.editing(request):
            return desk.readonly_fields(self.get_fieldsets(request, obj))
        return [
            *super().get_readonly_fields(request, obj),
            *publishing.workflow_readonly_fields(request, obj),
        ]

    def get_prepopulated_fields(self, request, obj=None):
        if desk.editing(request):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            name_inputs(formfield, db_field.verbose_name)
            fit(formfield, db_field.name)
        return formfield

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            choices = publishing.status_choices(request)
            if choices is not None:
                kwargs["choices"] = choices
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description="Preview")
    def preview_link(self, article):
        return publishing.preview_link(article)

    def get_view_on_site_url(self, obj=None):
        if obj is not None and obj.pk and not obj.is_published():
            return reverse("admin:articles_article_preview", args=[obj.pk])
        return super().get_view_on_site_url(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pk = publishing.article_pk(object_id)
        # Only about a story the user may open: the names are not for anyone else.
        if request.method == "GET" and pk is not None:
            if self.get_queryset(request).filter(pk=pk).exists():
                publishing.warn_of_recent_saves(request, pk)
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None and desk.is_desk_user(request, self.opts):
            request.desk_editing = True
            if request.method == "POST":
                desk.refuse_other_input(self, request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET":
            warn_about_rights(request, obj)
        context.update(autosave.form_context(self, request, obj))
        context.update(presence.form_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Saving ------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if desk.editing(request):
            desk.save_credits_only(obj)
            return
        publishing.refuse_forged_status(request, obj, form, change)
        obj._seen_before = rules.reader_snapshot(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is PreviewLink:
            publishing.save_preview_links(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        rows_changed = publishing.credit_rows_changed(formsets)
        super().save_related(request, form, formsets, change)
        publishing.note_reader_change(form.instance, rows_changed)
        if "_continue" not in request.POST:  # the change form, shown next, warns itself
            warn_about_rights(request, form.instance)

    def response_add(self, request, obj, post_url_continue=None):
        autosave.forget(request.user, None)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        autosave.forget(request.user, obj)
        return super().response_change(request, obj)

    # Revisions (django-reversion's pages) --------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        context = {**publishing.history_context(request, object_id), **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        publishing.refuse_unless_publisher(request)
        if publishing.article_pk(object_id) is None:
            raise Http404
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        publishing.refuse_unless_publisher(request)
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        publishing.refuse_unless_publisher(request)
        return super().recoverlist_view(request, extra_context)
