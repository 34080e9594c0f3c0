"""
Which content keys a change touches, purged once its transaction commits.

Saving or deleting a row that reader pages show, or changing an article's tags or
videos, purges the keys of exactly the pages that show it (``articles.delivery.keys``):

| change | keys purged |
| --- | --- |
| article edited | ``article:N``; ``search``, ``feeds``, ``sitemap`` when it is or was published |
| article published, withdrawn, rescheduled, moved or deleted | also every list it joins or leaves |
| byline | the article; the person's list |
| pictures an article shows | the article; each photographer's list (their author page) |
| attribution, video or picture placement | the article |
| correction | the article, ``corrections`` |
| tags of an article | the article, each tag's list |
| person, organization, tag | that thing, ``feeds`` |
| video, image | that thing |
| section | ``site``: every page shows the section navigation |
| front, its slots, line-ups and placements | ``front:N`` (and, for a new front, its page's list) |
| related article | ``related:N``: the related list on article N's page |
| breaking-news banner, or the story one links to | ``site``: every page shows the banner |

A scheduled article going live needs no purge: every page that would list it is cached
no longer than that instant (``articles.delivery.lifetimes``).

Changes that bypass ``save()`` (``QuerySet.update``, ``bulk_create``, raw SQL) send no
signals; after one, call ``changed(*objects)`` with the rows it changed.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles.delivery import keys
from articles.delivery.purge import purge_on_commit


def _article_lists(article, section_ids) -> set[str]:
    """The lists a published ``article`` is in: every list that may gain or lose it."""
    from articles.models import Byline

    people = set(
        Byline.objects.filter(article_id=article.pk).values_list("person_id", flat=True)
    ) | _photographers([article.pk])
    tags = article.tags.values_list("pk", flat=True)
    corrected = {keys.CORRECTIONS} if article.corrections.exists() else set()
    return {
        keys.ARTICLES,
        keys.SEARCH,
        keys.FEEDS,
        keys.SITEMAP,
        *corrected,
        *(keys.articles_of("section", pk) for pk in section_ids),
        *(keys.articles_of("tag", pk) for pk in tags),
        *(keys.articles_of("person", pk) for pk in people),
    }


def _photographers(article_ids) -> set:
    """The people whose photographs the articles show (their author pages list them)."""
    from articles.models import ArticleImage

    rows = ArticleImage.objects.filter(
        article_id__in=article_ids, image__photographer__isnull=False
    )
    return set(rows.values_list("image__photographer_id", flat=True))


def _remember_article(sender, instance, raw=False, **kwargs):
    """Before an article is saved: where readers found it until now."""
    if instance.pk is None or raw:
        instance._listed_before = None
        return
    instance._listed_before = (
        sender.objects.filter(pk=instance.pk)
        .values_list("status", "published_at", "section_id")
        .first()
    )


def article_keys(article, before=None, *, deleted=False) -> set[str]:
    """What saving (or deleting) ``article`` stales, given its listed state ``before``."""
    now = (article.status, article.published_at, article.section_id)
    published = article.Status.PUBLISHED
    was_listed = before is not None and before[0] == published
    is_listed = now[0] == published and not deleted
    touched = {keys.thing("article", article.pk)}
    if was_listed or is_listed:
        touched |= {keys.SEARCH, keys.FEEDS, keys.SITEMAP}
    if (was_listed or is_listed) and (deleted or before is None or before != now):
        sections = {now[2]} | ({before[2]} if before else set())
        touched |= _article_lists(article, sections) | _placing_keys(article.pk)
    return touched


def _placing_keys(pk) -> set[str]:
    """The fronts placing article ``pk`` and the related lists choosing it: their pages
    name only the live stories they place, so a story joining or leaving the live ones
    purges them by their own keys."""
    from articles.models import Placement, RelatedArticle

    chosen_by = RelatedArticle.objects.filter(related_id=pk).values_list("article_id", flat=True)
    fronts = Placement.objects.filter(article_id=pk).values_list("slot__front_id", flat=True)
    return {keys.thing("related", a) for a in chosen_by} | {keys.thing("front", f) for f in fronts}


def _article_saved(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    touched = article_keys(instance, getattr(instance, "_listed_before", None))
    purge_on_commit(touched | banner_keys_of_article(instance), using)


def _article_deleted(sender, instance, using=None, **kwargs):
    # Before the delete, while its bylines and tags still say which lists hold it.
    before = (instance.status, instance.published_at, instance.section_id)
    purge_on_commit(article_keys(instance, before, deleted=True), using)


def byline_keys(byline) -> set[str]:
    return {
        keys.thing("article", byline.article_id),
        keys.articles_of("person", byline.person_id),
        keys.FEEDS,
    }


def attribution_keys(attribution) -> set[str]:
    return {keys.thing("article", attribution.article_id), keys.FEEDS}


def correction_keys(correction) -> set[str]:
    return {keys.thing("article", correction.article_id), keys.CORRECTIONS}


def placement_keys(placement) -> set[str]:
    return {keys.thing("article", placement.article_id)}


def section_keys(section) -> set[str]:
    return {keys.SITE}


def front_keys(front) -> set[str]:
    page = keys.articles_of("section", front.section_id) if front.section_id else keys.ARTICLES
    return {keys.thing("front", front.pk), page}


def slot_keys(slot) -> set[str]:
    # A front's first slot puts it on its page, whose list key it does not carry yet.
    from articles.models import Front

    front = Front.objects.filter(pk=slot.front_id).first()
    return front_keys(front) if front else {keys.thing("front", slot.front_id)}


def lineup_keys(lineup) -> set[str]:
    return {keys.thing("front", lineup.front_id)}


def placement_in_front_keys(placement) -> set[str]:
    from articles.models import Slot

    front = Slot.objects.filter(pk=placement.slot_id).values_list("front_id", flat=True).first()
    return {keys.thing("front", front)} if front else set()


def related_article_keys(related) -> set[str]:
    return {keys.thing("related", related.article_id)}


def breaking_news_keys(banner) -> set[str]:
    return {keys.SITE}


def banner_keys_of_article(article) -> set[str]:
    """``site`` when a banner not yet ended links to ``article``."""
    from articles.models import BreakingNews

    linked = BreakingNews.objects.not_ended().filter(article=article).exists()
    return {keys.SITE} if linked else set()


def _thing_keys(kind, *lists):
    def touched(instance) -> set[str]:
        return {keys.thing(kind, instance.pk), *lists}

    return touched


# Model label -> what a saved or deleted row of it stales (articles have their own).
KEYS_OF = {
    "articles.Byline": byline_keys,
    "articles.Attribution": attribution_keys,
    "articles.Correction": correction_keys,
    "articles.ArticleVideo": placement_keys,
    "articles.ArticleImage": placement_keys,
    "articles.Section": section_keys,
    "articles.Person": _thing_keys("person", keys.FEEDS),
    "articles.Organization": _thing_keys("organization", keys.FEEDS),
    "articles.Video": _thing_keys("video"),
    "articles.Image": _thing_keys("image"),
    "articles.Tag": _thing_keys("tag", keys.FEEDS),
    "articles.Front": front_keys,
    "articles.Slot": slot_keys,
    "articles.LineUp": lineup_keys,
    "articles.Placement": placement_in_front_keys,
    "articles.RelatedArticle": related_article_keys,
    "articles.BreakingNews": breaking_news_keys,
}


def keys_of(instance) -> set[str]:
    """The keys a save or delete of ``instance`` stales (nothing for other models)."""
    from articles.models import Article

    if isinstance(instance, Article):
        return article_keys(instance)
    touched = KEYS_OF.get(instance._meta.label)
    return touched(instance) if touched else set()


def _row_changed(sender, instance, raw=False, using=None, **kwargs):
    if not raw:
        purge_on_commit(keys_of(instance), using)


def _related_pks(instance, action, pk_set, relation):
    """The rows on the other side of an m2m change (all of them when it is cleared)."""
    if action == "pre_clear":
        return list(getattr(instance, relation).values_list("pk", flat=True))
    return pk_set or []


def _tags_changed(sender, instance, action, pk_set, reverse, using=None, **kwargs):
    """An article's tags: the article, and the lists of the tags it joined or left."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # changed from the tag's side
        articles, tags = _related_pks(instance, action, pk_set, "articles"), [instance.pk]
    else:
        articles, tags = [instance.pk], _related_pks(instance, action, pk_set, "tags")
    touched = {keys.thing("article", pk) for pk in articles}
    touched |= {keys.articles_of("tag", pk) for pk in tags}
    purge_on_commit(touched | {keys.SEARCH, keys.FEEDS}, using)


def _videos_changed(sender, instance, action, pk_set, reverse, using=None, **kwargs):
    """The videos or pictures an article places: the article."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    articles = _related_pks(instance, action, pk_set, "articles") if reverse else [instance.pk]
    purge_on_commit({keys.thing("article", pk) for pk in articles}, using)


def _images_changed(sender, instance, action, pk_set, reverse, using=None, **kwargs):
    """The pictures an article shows: the article, and its photographers' author pages."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    from articles.models import Image

    articles = _related_pks(instance, action, pk_set, "articles") if reverse else [instance.pk]
    images = [instance.pk] if reverse else _related_pks(instance, action, pk_set, "images")
    people = Image.objects.filter(pk__in=images, photographer__isnull=False).values_list(
        "photographer_id", flat=True
    )
    touched = {keys.thing("article", pk) for pk in articles}
    touched |= {keys.articles_of("person", pk) for pk in people}
    purge_on_commit(touched, using)


def changed(*objects) -> None:
    """Purge what ``objects`` show, after a change made without ``save()``.

    For example, after ``Person.objects.filter(pk=7).update(name="…")`` call
    ``changed(person)``. An article is treated as having joined or left every list it is
    in now, which is right for any change.
    """
    touched = set()
    for instance in objects:
        touched |= keys_of(instance)
        if instance._meta.label == "articles.Article":
            touched |= _article_lists(instance, {instance.section_id})
    purge_on_commit(touched)


def connect_signals():
    from articles.models import Article

    pre_save.connect(_remember_article, sender=Article, dispatch_uid="delivery:article:before")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="delivery:article:save")
    pre_delete.connect(_article_deleted, sender=Article, dispatch_uid="delivery:article:delete")
    for label in KEYS_OF:
        uid = f"delivery:{label}"
        post_save.connect(_row_changed, sender=label, dispatch_uid=f"{uid}:save")
        post_delete.connect(_row_changed, sender=label, dispatch_uid=f"{uid}:delete")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="delivery:tags")
    m2m_changed.connect(
        _videos_changed, sender=Article.videos.through, dispatch_uid="delivery:videos"
    )
    m2m_changed.connect(
        _images_changed, sender=Article.images.through, dispatch_uid="delivery:images"
    )
