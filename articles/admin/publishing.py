"""
The editorial workflow in the article admin: roles, publishing, revisions, no lost edits.

``EditorialWorkflowMixin`` goes before the model admin base class. Every rule is a
permission method or a form check, so it holds for each URL and action, whichever
buttons the page shows:

* reporters (writers who cannot publish) change only their own drafts and can move
  them to review; only editors publish, schedule, withdraw and restore revisions;
* a story cannot be published or scheduled without a headline, slug, section, body
  and a "By" byline;
* every admin save keeps a revision (django-reversion) that can be compared and restored;
* the form carries the version it was opened at: a save over someone else's newer save
  is refused with the text kept in the form.
"""

from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version

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


class BylinesReadyToPublish(BaseInlineFormSet):
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


class EditorialWorkflowMixin(VersionAdmin):
    form = ArticleWorkflowForm
    actions = ("publish_selected", "withdraw_selected")
    object_history_template = "admin/articles/article/object_history.html"

    # Permissions ---------------------------------------------------------------------

    def get_queryset(self, request):
        return rules.visible_articles(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if allowed and obj is not None:
            return rules.may_view(request.user, obj)
        return allowed

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and rules.is_writer_without_publishing(request.user):
            return rules.reporter_may_edit(request.user, obj)
        return allowed

    def has_publish_permission(self, request):
        return rules.can_publish(request.user)

    # The list --------------------------------------------------------------------------

    def get_list_display(self, request):
        return tuple(
            "state" if name == "status" else name for name in super().get_list_display(request)
        )

    @admin.display(description="Status", ordering="status")
    def state(self, article):
        return rules.describe_state(article)

    # The form --------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        workflow_fields = ["preview_link"]
        if obj is not None and self.has_change_permission(request, obj):
            workflow_fields.append("version")
        return (*fieldsets, ("Workflow", {"fields": workflow_fields}))

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "preview_link", "updated_at"]
        if not rules.can_publish(request.user):
            readonly.append("published_at")
            # Someone who cannot publish never moves a story out of publication either.
            if obj is not None and obj.status not in EDITABLE_STATUSES:
                readonly.append("status")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not rules.can_publish(request.user):
            kwargs["choices"] = [(status.value, status.label) for status in EDITABLE_STATUSES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        return (*super().get_inlines(request, obj), CorrectionInline, PreviewLinkInline)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if inline.model is Byline:
                formset = type(formset.__name__, (BylinesReadyToPublish, formset), {})
            yield formset, inline

    def get_view_on_site_url(self, obj=None):
        if obj is not None and obj.pk and not obj.is_published():
            return reverse("admin:articles_article_preview", args=[obj.pk])
        return super().get_view_on_site_url(obj)

    @admin.display(description="Preview")
    def preview_link(self, article):
        if article.pk is None:
            return "Available once the article is saved."
        url = reverse("admin:articles_article_preview", args=[article.pk])
        return format_html('<a href="{}">Open in the reader template</a>', url)

    def article_pk(self, object_id):
        """The article id an admin URL names, or None when the text is no id at all
        (letters, a NUL): such a URL then answers like one naming no article."""
        try:
            return self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pk = self.article_pk(object_id)
        if request.method == "GET" and pk is not None:
            # Only about a story the user may open: the names are not for anyone else.
            if self.get_queryset(request).filter(pk=pk).exists():
                self.warn_of_recent_saves(request, pk)
        return super().change_view(request, object_id, form_url, extra_context)

    def warn_of_recent_saves(self, request, pk):
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
            messages.warning(
                request, "Others saved this article recently: " + "; ".join(saves) + "."
            )

    # Saving ----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        # The form offers no publishing status to those who cannot publish; refuse a forged one.
        status_set = not change or "status" in form.changed_data
        publishing = status_set and obj.status not in EDITABLE_STATUSES
        if publishing and not rules.can_publish(request.user):
            raise PermissionDenied
        obj._seen_before = rules.reader_snapshot(obj.pk) if change else None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not PreviewLink:
            return super().save_formset(request, form, formset, change)
        for link in formset.save(commit=False):
            if link.created_by_id is None:
                link.created_by = request.user
            link.save()
        for link in formset.deleted_objects:
            link.delete()
        return None

    def save_related(self, request, form, formsets, change):
        # Asked before saving: the admin's inline forms answer differently once saved.
        rows_changed = any(
            formset.has_changed()
            for formset in formsets
            if formset.model in (Byline, Attribution, Correction)
        )
        super().save_related(request, form, formsets, change)
        article = form.instance
        before = getattr(article, "_seen_before", None)
        if before is None:
            return
        if rows_changed or rules.reader_snapshot(article.pk)["fields"] != before["fields"]:
            rules.note_reader_change(article, was_live=before["live"])

    # Actions ---------------------------------------------------------------------------

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
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
            self.message_user(request, f"Published {len(published)} article(s).", messages.SUCCESS)
        if refused:
            self.message_user(request, "Not published: " + "; ".join(refused) + ".", messages.ERROR)

    @admin.action(description="Withdraw selected articles", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.WITHDRAWN):
            rules.withdraw(article)
            count += 1
        reversion.set_comment("Withdrawn from the article list.")
        self.message_user(request, f"Withdrew {count} article(s).", messages.SUCCESS)

    # Views -----------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        pk = self.article_pk(object_id)
        article = Article.objects.for_page().filter(pk=pk).first() if pk is not None else None
        if article is None:
            raise Http404
        if not rules.can_preview(request.user, article):
            raise PermissionDenied
        return preview_response(request, article)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not rules.can_publish(request.user):
            raise PermissionDenied
        if self.article_pk(object_id) is None:
            raise Http404
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not rules.can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not rules.can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        pk = self.article_pk(object_id)
        if pk is None:
            raise Http404
        versions = Version.objects.get_for_object_reference(Article, pk).select_related(
            "revision__user"
        )
        context = {
            "can_restore": rules.can_publish(request.user),
            "versions": versions,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            old = versions.get(pk=int(request.GET.get("from", "")))
            new = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist) as exc:
            raise Http404 from exc
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Changes to “{article}”",
            "old": old,
            "new": new,
            "changes": compare_versions(old, new),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)
