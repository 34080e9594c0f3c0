"""
Content keys: names for the content a reader page shows.

Every cacheable reader response lists its keys in a ``Surrogate-Key`` header (space
separated, as Varnish xkey and Fastly read it). A change purges the keys it touches
(``articles.delivery.changes``), which stales exactly the pages that show it.

Two kinds of key:

- **Things**: ``article:42``, ``person:7``, ``organization:3``, ``video:9``, ``image:5``,
  ``tag:4``, ``section:2``, ``front:1`` (a front's slots and line-ups), ``related:42`` (the
  stories an editor chose for article 42). A page carries the key of everything it shows,
  a listing the keys of every article on it, so a new headline stales the lists that show
  that article.
- **Lists**: which articles a list holds and in what order. ``articles`` (the home page and
  the site's feeds), ``section:2:articles``, ``tag:4:articles``, ``person:7:articles``
  (an author's page), ``search``, ``corrections``, and two that every published article
  is part of: ``feeds`` (items show credits and topics too) and ``sitemap`` (it dates every
  article). Publishing, withdrawing or moving an article purges the
  lists it joins or leaves; editing its text does not.

``site`` is on every page: it stands for what every page shows (the section navigation),
so purging it stales everything.
"""

from collections.abc import Iterable

SITE = "site"
ARTICLES = "articles"
SEARCH = "search"
SITEMAP = "sitemap"
FEEDS = "feeds"
CORRECTIONS = "corrections"
HEADER = "Surrogate-Key"


def thing(kind: str, pk) -> str:
    """``thing("article", 42)`` is ``"article:42"``."""
    return f"{kind}:{pk}"


def articles_of(kind: str, pk) -> str:
    """The list of published articles of a section, tag or person: ``"tag:4:articles"``."""
    return f"{kind}:{pk}:articles"


def of_listed(articles: Iterable) -> set[str]:
    """Keys of what a list shows of each article: the article, its section and picture,
    and the people of its bylines when they were fetched with it."""
    keys = set()
    for article in articles:
        keys.add(thing("article", article.pk))
        keys.add(thing("section", article.section_id))
        if article.lead_image_id:
            keys.add(thing("image", article.lead_image_id))
        if "bylines" in getattr(article, "_prefetched_objects_cache", {}):
            keys.update(thing("person", byline.person_id) for byline in article.bylines.all())
    return keys


def of_article_page(article) -> set[str]:
    """Keys of everything an article page shows (``article`` fetched with ``for_page()``)."""
    keys = of_listed([article])
    keys.update(thing("tag", tag.pk) for tag in article.tags.all())
    for attribution in article.attributions.all():
        if attribution.organization_id:
            keys.add(thing("organization", attribution.organization_id))
        if attribution.person_id:
            keys.add(thing("person", attribution.person_id))
    if article.lead_video_id:
        keys.add(thing("video", article.lead_video_id))
    for image in article.images.all():
        keys.add(thing("image", image.pk))
        if image.photographer_id:
            keys.add(thing("person", image.photographer_id))
        if image.agency_id:
            keys.add(thing("organization", image.agency_id))
    for video in article.videos.all():
        keys.add(thing("video", video.pk))
        if video.poster_id:
            keys.add(thing("image", video.poster_id))
        if video.credit_organization_id:
            keys.add(thing("organization", video.credit_organization_id))
    return keys


def label(response, keys: Iterable[str]):
    """Record on ``response`` the keys of what it shows, ``site`` included."""
    current = set(response.get(HEADER, "").split())
    response[HEADER] = " ".join(sorted(current | set(keys) | {SITE}))
    return response


def of_response(response) -> list[str]:
    return response.get(HEADER, "").split()
