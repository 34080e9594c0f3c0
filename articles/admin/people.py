from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from markdownx.admin import MarkdownxModelAdmin

from articles.admin_site import GuardedModelAdmin
from articles.editorial import rules
from articles.models import Attribution, Byline, Image, Organization, Person, Video

# Credits are rows of these models; Django's own list of protecting rows names them bare.
CREDIT_MODELS = (Byline, Attribution, Video, Image)
# Credits that are not on one article: any viewer may see them.
MEDIA_CREDITS = (Video, Image)


def describe_credit(credit):
    """One credit as a line for editors: what it says, and a link to where it is."""
    if isinstance(credit, Video):
        return format_html(
            'Credit on the video <a href="{}">{}</a>',
            reverse("admin:articles_video_change", args=[credit.pk]),
            credit.title,
        )
    if isinstance(credit, Image):
        return format_html(
            'Credit on the picture <a href="{}">{}</a> ({})',
            reverse("admin:articles_image_change", args=[credit.pk]),
            credit.alt_text or credit.slug,
            credit.credit_line,
        )
    article = credit.article
    what = (
        f"Byline “{credit.get_role_display()}”"
        if isinstance(credit, Byline)
        else f"Attribution “{credit.text_phrase}”"
    )
    return format_html(
        '{} on <a href="{}">{}</a> ({})',
        what,
        reverse("admin:articles_article_change", args=[article.pk]),
        article.headline,
        article.get_status_display(),
    )


def visible_credits(credits, user):
    """The credits on stories ``user`` may open (see ``rules.visible_articles``)."""
    if user is None:
        return []
    article_ids = {credit.article_id for credit in credits if not isinstance(credit, MEDIA_CREDITS)}
    visible = set(
        rules.visible_articles(user).filter(pk__in=article_ids).values_list("pk", flat=True)
    )
    return [c for c in credits if isinstance(c, MEDIA_CREDITS) or c.article_id in visible]


def _is_credit_row(line):
    return str(line).startswith(
        tuple(f"{capfirst(model._meta.verbose_name)}: " for model in CREDIT_MODELS)
    )


class CreditedAdminMixin:
    """A person's or organization's page lists its credits; deleting a credited one is refused."""

    delete_confirmation_template = "admin/articles/credited_delete_confirmation.html"
    # A site typed without a scheme is taken as https, as Django 6 will do.
    formfield_overrides = {
        **MarkdownxModelAdmin.formfield_overrides,
        models.URLField: {"assume_scheme": "https"},
    }

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.viewer = request.user  # whose list of credits the page shows
        return obj

    @admin.display(description="Credited on")
    def credited_on(self, obj):
        if obj.pk is None:
            return "—"
        credits = visible_credits(obj.bylines_and_attributions(), getattr(obj, "viewer", None))
        if not credits:
            return "Not credited anywhere yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((describe_credit(c),) for c in credits)),
        )

    def get_deleted_objects(self, objs, request):
        """Name every story and video that credits what is being deleted, with links."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        credits = [
            describe_credit(credit) for obj in objs for credit in obj.bylines_and_attributions()
        ]
        if credits:
            protected = credits + [line for line in protected if not _is_credit_row(line)]
        return to_delete, model_count, perms_needed, protected


@admin.register(Person)
class PersonAdmin(CreditedAdminMixin, GuardedModelAdmin, MarkdownxModelAdmin):
    list_display = ("name", "job_title", "active", "user")
    list_filter = ("active",)
    search_fields = ("name", "slug", "job_title")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("headshot", "user")
    readonly_fields = ("credited_on",)
    fields = (
        "name",
        "slug",
        "job_title",
        "bio",
        "headshot",
        "user",
        "website",
        "social_handle",
        "active",
        "credited_on",
    )

    def get_search_results(self, request, queryset, search_term):
        """Inactive people are not offered when a credit is being chosen."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") in {"byline", "attribution"}:
            queryset = queryset.filter(active=True)
        return queryset, may_have_duplicates


@admin.register(Organization)
class OrganizationAdmin(CreditedAdminMixin, GuardedModelAdmin):
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("logo",)
    readonly_fields = ("credited_on",)
    fields = ("name", "short_name", "slug", "kind", "homepage", "logo", "credited_on")
