"""
The editorial workflow in the article admin: roles, publishing, revisions, no lost edits.

``ArticleAdmin`` calls what is here from its permission methods, its form and its saves.
Every rule is a permission method or a form check, so it holds for each URL and action,
whichever buttons the page shows:

* reporters (writers who cannot publish) change only their own drafts and can move
  them to review; only editors publish, schedule, withdraw and restore revisions;
* a story cannot be published or scheduled without a headline, slug, section, body
  and a "By" byline;
* every admin save keeps a revision (django-reversion) that can be compared and restored;
* the form carries the version it was opened at: a save over someone else's newer save
  is refused with the text kept in the form.
"""

import functools
from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from reversion.models import Version

from articles.admin.accessibility import NamedInlineFormSet
from articles.editorial import rules
from articles.editorial.previews import preview_response
from articles.editorial.revisions import compare_versions
from articles.models import Article, Attribution, Byline, Correction, PreviewLink

RECENT_SAVES = timedelta(hours=2)
UNKNOWN_VERSION = (
    "Nothing was saved: the form did not say which version of the article it was opened "
    "at. Your text is still in the form below; saving it again replaces the current version."
)
# The statuses someone who cannot publish may choose.
EDITABLE_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)


def version_token(article):
    """The article's last save time, sent with the form to detect a newer save."""
    return article.modified_at.isoformat() if article.modified_at else ""


def saved_modified_at(pk):
    """The stored last save time, locked until the admin's save transaction ends so that
    two saves at the same moment are checked one after the other."""
    rows = Article.objects.filter(pk=pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    return rows.values_list("modified_at", flat=True).first()


def latest_version(article):
    return Version.objects.get_for_object(article).select_related("revision__user").first()


class ArticleWorkflowForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields and self.instance.pk:
            self.fields["version"].initial = version_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        if "version" not in self.fields or not self.instance.pk:
            return cleaned
        # Browsers always send the field; a post without it cannot say what it was based
        # on, so it is treated as made over an older version.
        sent = self.data.get(self.add_prefix("version"))
        self.instance.modified_at = saved_modified_at(self.instance.pk)
        current = version_token(self.instance)
        if sent != current:
            # The next save is a deliberate overwrite: the form now carries the new version.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
            message = self.stale_message() if sent else UNKNOWN_VERSION
            raise ValidationError(message, code="stale")
        return cleaned

    def clean_body(self):
        # Browsers send a textarea's line breaks as CRLF; store the Markdown as typed.
        return self.cleaned_data["body"].replace("\r\n", "\n")

    def stale_message(self):
        version = latest_version(self.instance)
        who = "someone else"
        when = localize(timezone.localtime(self.instance.modified_at))
        if version is not None and version.revision.user is not None:
            who = version.revision.user.get_username()
        return (
            f"This article was changed by {who} at {when}, after you opened it. Nothing was "
            "saved; your text is still in the form below. Open the article in another tab to "
            "see their changes; saving this form again replaces them with yours."
        )


class BylinesReadyToPublish(NamedInlineFormSet):
    """A published or scheduled story needs its bylines: checked with the rows being saved."""

    def clean(self):
        super().clean()
        article = self.instance
        if article.status != Article.Status.PUBLISHED:
            return
        rows = [
            (form.cleaned_data.get("role"), self._should_delete_form(form))
            for form in self.forms
            if form.cleaned_data
        ]
        missing = rules.publishing_problems(article, bylines=rows)
        if missing:
            raise ValidationError(rules.describe_problems(missing))


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ("kind", "published_at", "text")


class PreviewLinkForm(forms.ModelForm):
    revoked = forms.BooleanField(
        required=False, help_text="Stops the link at once. A revoked link cannot be revived."
    )

    class Meta:
        model = PreviewLink
        fields = ("expires_at",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.revoked_at is not None:
            self.fields["revoked"].initial = True
            self.fields["revoked"].disabled = True

    def save(self, commit=True):
        if self.cleaned_data.get("revoked") and self.instance.revoked_at is None:
            self.instance.revoked_at = timezone.now()
        return super().save(commit)


class PreviewLinkInline(admin.TabularInline):
    model = PreviewLink
    form = PreviewLinkForm
    extra = 0
    fields = ("share_url", "expires_at", "revoked", "created_by")
    readonly_fields = ("share_url", "created_by")
    verbose_name = "share link"
    verbose_name_plural = "share links for people without an account"

    @admin.display(description="Address")
    def share_url(self, link):
        if link.pk is None:
            return "Made when you save."
        if not link.is_active():
            return "No longer works."
        return format_html('<a href="{0}">{0}</a>', link.share_path())


def article_pk(object_id):
    """The article id an admin URL names, or None when the text is no id at all
    (letters, a NUL): such a URL then answers like one naming no article."""
    try:
        return Article._meta.pk.to_python(unquote(object_id))
    except ValidationError:
        return None


def opened_article(model_admin, request, object_id, may):
    """The article an admin URL names, as ``model_admin`` fetches it for the user: a 404
    when there is none (or the text is no id), a 403 unless ``may(request, article)``."""
    pk = article_pk(object_id)
    article = model_admin.get_object(request, unquote(object_id)) if pk is not None else None
    if article is None:
        raise Http404
    if not may(request, article):
        raise PermissionDenied
    return article


def refuse_unless_publisher(request):
    """Only those who may publish restore revisions or see deleted articles."""
    if not rules.can_publish(request.user):
        raise PermissionDenied


# The form ----------------------------------------------------------------------------


def workflow_fieldset(model_admin, request, obj):
    """The form's last fieldset: the preview link, and the version it was opened at."""
    fields = ["preview_link"]
    if obj is not None and model_admin.has_change_permission(request, obj):
        fields.append("version")
    return ("Workflow", {"fields": fields})


def workflow_readonly_fields(request, obj):
    readonly = ["preview_link", "updated_at"]
    if not rules.can_publish(request.user):
        readonly.append("published_at")
        # Someone who cannot publish never moves a story out of publication either.
        if obj is not None and obj.status not in EDITABLE_STATUSES:
            readonly.append("status")
    return readonly


def status_choices(request):
    """The statuses the user may choose, or None for all of them."""
    if rules.can_publish(request.user):
        return None
    return [(status.value, status.label) for status in EDITABLE_STATUSES]


def preview_link(article):
    if article.pk is None:
        return "Available once the article is saved."
    url = reverse("admin:articles_article_preview", args=[article.pk])
    return format_html('<a href="{}">Open in the reader template</a>', url)


def warn_of_recent_saves(request, pk):
    recent = (
        Version.objects.get_for_object_reference(Article, pk)
        .filter(revision__date_created__gte=timezone.now() - RECENT_SAVES)
        .exclude(revision__user=request.user)
        .select_related("revision__user")[:5]
    )
    saves = [
        f"{version.revision.user.get_username() if version.revision.user else 'unknown'} "
        f"at {localize(timezone.localtime(version.revision.date_created))}"
        for version in recent
    ]
    if saves:
        messages.warning(request, "Others saved this article recently: " + "; ".join(saves) + ".")


# Saving ------------------------------------------------------------------------------


def refuse_forged_status(request, obj, form, change):
    """The form offers no publishing status to those who cannot publish; refuse a forged one."""
    status_set = not change or "status" in form.changed_data
    publishing = status_set and obj.status not in EDITABLE_STATUSES
    if publishing and not rules.can_publish(request.user):
        raise PermissionDenied


def credit_rows_changed(formsets):
    """Whether the rows readers see with the story change. Asked before saving: the
    admin's inline forms answer differently once saved."""
    return any(
        formset.has_changed()
        for formset in formsets
        if formset.model in (Byline, Attribution, Correction)
    )


def note_reader_change(article, rows_changed):
    """After a save: move the "Updated" time and purge when readers see a change."""
    before = getattr(article, "_seen_before", None)
    if before is None:
        return
    if rows_changed or rules.reader_snapshot(article.pk)["fields"] != before["fields"]:
        rules.note_reader_change(article, was_live=before["live"])


def save_preview_links(request, formset):
    for link in formset.save(commit=False):
        if link.created_by_id is None:
            link.created_by = request.user
        link.save()
    for link in formset.deleted_objects:
        link.delete()


# Actions -----------------------------------------------------------------------------


@admin.action(description="Publish selected articles", permissions=["publish"])
def publish_selected(model_admin, request, queryset):
    published, refused = [], []
    for article in queryset.select_related("section"):
        missing = rules.publishing_problems(article)
        if missing:
            refused.append(f"“{article}” needs {', '.join(missing)}")
        elif not article.is_published():
            rules.publish(article)
            published.append(article)
    if published:
        reversion.set_comment("Published from the article list.")
        model_admin.message_user(
            request, f"Published {len(published)} article(s).", messages.SUCCESS
        )
    if refused:
        model_admin.message_user(
            request, "Not published: " + "; ".join(refused) + ".", messages.ERROR
        )


@admin.action(description="Withdraw selected articles", permissions=["publish"])
def withdraw_selected(model_admin, request, queryset):
    count = 0
    for article in queryset.exclude(status=Article.Status.WITHDRAWN):
        rules.withdraw(article)
        count += 1
    reversion.set_comment("Withdrawn from the article list.")
    model_admin.message_user(request, f"Withdrew {count} article(s).", messages.SUCCESS)


# Views -------------------------------------------------------------------------------


def urls(model_admin):
    """The preview and the comparison of two versions."""
    view = model_admin.admin_site.admin_view
    return [
        path(
            "<path:object_id>/preview/",
            view(preview_view),
            name="articles_article_preview",
        ),
        path(
            "<path:object_id>/history/compare/",
            view(functools.partial(compare_view, model_admin=model_admin)),
            name="articles_article_compare",
        ),
    ]


def preview_view(request, object_id):
    pk = article_pk(object_id)
    article = Article.objects.for_page().filter(pk=pk).first() if pk is not None else None
    if article is None:
        raise Http404
    if not rules.can_preview(request.user, article):
        raise PermissionDenied
    return preview_response(request, article)


def compare_view(request, object_id, *, model_admin):
    article = opened_article(
        model_admin, request, object_id, model_admin.has_view_or_change_permission
    )
    versions = Version.objects.get_for_object(article).select_related("revision__user")
    try:
        old = versions.get(pk=int(request.GET.get("from", "")))
        new = versions.get(pk=int(request.GET.get("to", "")))
    except (ValueError, Version.DoesNotExist) as exc:
        raise Http404 from exc
    if old.revision.date_created > new.revision.date_created:
        old, new = new, old
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": article,
        "title": f"Changes to “{article}”",
        "old": old,
        "new": new,
        "changes": compare_versions(old, new),
    }
    return TemplateResponse(request, "admin/articles/article/compare.html", context)


def history_context(request, object_id):
    """What the history page shows besides Django's list: every version, and whether
    the user may restore one."""
    pk = article_pk(object_id)
    if pk is None:
        raise Http404
    versions = Version.objects.get_for_object_reference(Article, pk).select_related(
        "revision__user"
    )
    return {"can_restore": rules.can_publish(request.user), "versions": versions}
