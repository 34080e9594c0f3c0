"""An article as a ninjs 2.2 object (IPTC's news in JSON; schema in schemas/).

Fields are read from an article fetched with ``for_api()`` (below), so a page of them
costs a fixed number of queries. Video and picture placeholders are left out of the body:
what they show depends on the moment it is shown (a rights window, a licence), which a
partner's copy cannot follow. The lead picture is sent only while readers may see it.
"""

from datetime import UTC

from django.db.models import Prefetch
from django.urls import reverse

from articles.credits import byline_lines, credit_lines
from articles.markdown import FIGURE_PLACEHOLDER, PLACEHOLDER, plain_text
from articles.media import renditions
from articles.models import Attribution, Byline

SCHEMA_URL = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
STANDARD = {"name": "ninjs", "version": "2.2", "schema": SCHEMA_URL}


def for_api(articles):
    """``articles`` with everything their ninjs shows, in a fixed number of queries."""
    return articles.select_related("section", "lead_image").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        Prefetch(
            "attributions", queryset=Attribution.objects.select_related("organization", "person")
        ),
        "tags",
    )


def timestamp(value) -> str | None:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def item_url(request, article) -> str:
    return request.build_absolute_uri(reverse("api:article", args=[article.pk]))


def picture(request, image) -> dict:
    made = renditions.responsive(image)
    return {
        "name": "featureimage",
        "uri": request.build_absolute_uri(image.file.url),
        "type": "picture",
        "headlines": [{"role": "alt", "value": image.alt_text}],
        **(
            {"descriptions": [{"role": "caption", "value": image.caption}]} if image.caption else {}
        ),
        **({"by": image.credit} if image.credit else {}),
        "renditions": [
            {
                "name": rendition.spec,
                "href": request.build_absolute_uri(rendition.url),
                "contenttype": rendition.mime_type,
                "width": rendition.width,
                "height": rendition.height,
            }
            for rendition in made.jpeg + made.webp
        ],
    }


def serialize(request, article, now=None) -> dict:
    bylines = list(article.bylines.all())
    attributions = list(article.attributions.all())
    main = [line for line in byline_lines(bylines) if line.role == Byline.Role.BY]
    credit = " ".join(credit_lines(attributions))
    summary = plain_text(article.dek)
    data = {
        "uri": item_url(request, article),
        "standard": STANDARD,
        "type": "text",
        "representationtype": "full",
        "version": str(int(article.modified_at.timestamp())),
        "firstcreated": timestamp(article.first_published_at or article.published_at),
        "versioncreated": timestamp(article.modified_at),
        "pubstatus": "usable",
        "headlines": [{"role": "main", "value": article.headline}],
        "descriptions": [
            *(
                [{"role": "summary", "contenttype": "text/plain", "value": summary}]
                if summary
                else []
            ),
            *([{"role": "credit", "contenttype": "text/plain", "value": credit}] if credit else []),
        ],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": FIGURE_PLACEHOLDER.sub("", PLACEHOLDER.sub("", article.body_html)),
            }
        ],
        "by": main[0].names if main else "",
        "people": [
            {
                "name": byline.person.name,
                "rel": "author" if byline.role == Byline.Role.BY else byline.get_role_display(),
                "uri": request.build_absolute_uri(byline.person.get_absolute_url()),
            }
            for byline in bylines
        ],
        "organisations": [
            {"name": a.organization.name, "rel": "contributor"}
            for a in attributions
            if a.organization_id
        ],
        "subjects": [
            {
                "name": article.section.name,
                "rel": "section",
                "uri": request.build_absolute_uri(article.section.get_absolute_url()),
            },
            *(
                {
                    "name": tag.name,
                    "rel": "about",
                    "uri": request.build_absolute_uri(tag.get_absolute_url()),
                }
                for tag in article.tags.all()
            ),
        ],
        "altids": [
            {"role": "canonical", "value": request.build_absolute_uri(article.get_absolute_url())},
            {"role": "id", "value": str(article.pk)},
        ],
    }
    if article.updated_at:
        data["altids"].append({"role": "updated", "value": timestamp(article.updated_at)})
    if (lead := article.shown_lead_image(now)) is not None:
        data["associations"] = [picture(request, lead)]
    if not data["by"]:
        del data["by"]
    return {key: value for key, value in data.items() if value != []}
