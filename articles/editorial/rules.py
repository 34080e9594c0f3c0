"""
The editorial workflow's rules: who may do what to an article, what an article needs
before readers may see it, and what counts as a change readers see.

The admin, the preview views and the tests all ask these functions, so a rule is
written once and enforced on every URL, not only where a button is shown.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import localize

from articles.models import Article, ArticleQuerySet, Byline

# Changes to these fields alter what readers see on a live article.
READER_FIELDS = ("headline", "slug", "dek", "body", "section", "lead_video", "byline_style")


def can_publish(user) -> bool:
    """Publish, schedule, withdraw and restore old versions: editors and superusers."""
    return user.is_active and user.has_perm("articles.publish_article")


def is_writer_without_publishing(user) -> bool:
    """A reporter: may write stories but not publish them, so edits only their own drafts."""
    return user.has_perm("articles.add_article") and not can_publish(user)


def is_reporter_of(user, article) -> bool:
    """The user started the story or is credited in one of its bylines."""
    if not user.is_authenticated or article.pk is None:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.bylines.filter(person__user=user).exists()


def reporter_may_edit(user, article) -> bool:
    return article.status == Article.Status.DRAFT and is_reporter_of(user, article)


def visible_articles(user, articles=None):
    """The stories ``user`` may open in the admin, from ``articles`` (default: all).

    Editors and desk staff see every story; a reporter sees the stories they write and
    those readers can see now, and nothing of anyone else's draft, review or schedule.
    Every admin view asks this (lists, forms, history, compare, autocomplete, the
    "View on site" shortcut, the credit and video pages that list stories).
    """
    articles = Article.objects.all() if articles is None else articles
    if not is_writer_without_publishing(user):
        return articles
    bylined = Byline.objects.filter(article=OuterRef("pk"), person__user=user)
    return articles.filter(ArticleQuerySet.published_q() | Q(created_by=user) | Exists(bylined))


def may_view(user, article) -> bool:
    """``visible_articles`` for one story already in hand."""
    return (
        not is_writer_without_publishing(user)
        or article.is_published()
        or is_reporter_of(user, article)
    )


def can_preview(user, article) -> bool:
    """Editors preview any story; reporters the stories they write."""
    if not (user.is_active and user.is_staff):
        return False
    return can_publish(user) or (
        user.has_perm("articles.add_article") and is_reporter_of(user, article)
    )


def describe_state(article, now=None) -> str:
    """The status in words, telling a scheduled story from a live one."""
    if article.status == Article.Status.PUBLISHED and not article.is_published(now):
        return f"Scheduled for {localize(timezone.localtime(article.published_at))}"
    return article.get_status_display()


def publishing_problems(article, bylines=None) -> list[str]:
    """What the article lacks before it may be published or scheduled, in words for editors.

    ``bylines`` are (role, deleted) pairs from a form being saved; by default the saved ones.
    """
    missing = []
    if not article.headline.strip():
        missing.append("a headline")
    if not article.slug.strip():
        missing.append("a slug")
    if article.section_id is None:
        missing.append("a section")
    if not article.body.strip():
        missing.append("a body")
    if bylines is None:
        has_by = article.pk is not None and article.bylines.filter(role=Byline.Role.BY).exists()
    else:
        has_by = any(role == Byline.Role.BY and not deleted for role, deleted in bylines)
    if not has_by:
        missing.append("a “By” byline")
    return missing


def describe_problems(missing) -> str:
    return "Cannot publish or schedule: add " + ", ".join(missing) + "."


def publish(article, now=None):
    """Publish now, or keep the time already set (a scheduled story stays scheduled)."""
    article.status = Article.Status.PUBLISHED
    article.published_at = article.published_at or now or timezone.now()
    article.save()


def withdraw(article):
    article.status = Article.Status.WITHDRAWN
    article.save()


def reader_snapshot(pk, now=None):
    """What readers see of a saved article: its page's own fields and whether it is live."""
    names = [Article._meta.get_field(name).attname for name in READER_FIELDS]
    row = Article.objects.filter(pk=pk).values(*names).first() or {}
    live = Article.objects.published(now).filter(pk=pk).exists()
    return {"fields": row, "live": live}


def note_reader_change(article, was_live, now=None):
    """Move ``updated_at`` when a story that readers could already see has changed."""
    now = now or timezone.now()
    if was_live and article.is_published(now):
        article.updated_at = now
        article.save(update_fields=["updated_at"])
        return True
    return False
