"""
Comparing two saved versions of an article, field by field, as a line diff.

Related rows (bylines, attributions) are compared as the text each showed when the
version was saved; foreign keys and the video list by the names of what they point to.
"""

import difflib

from articles.models import Article, ArticleVideo, Attribution, Byline

COMPARED_FIELDS = (
    "headline",
    "slug",
    "dek",
    "body",
    "section",
    "lead_video",
    "status",
    "published_at",
    "updated_at",
    "byline_style",
    "seo_title",
    "seo_description",
)
COMPARED_RELATIONS = (
    ("Bylines", Byline),
    ("Attributions", Attribution),
    ("Videos", ArticleVideo),
)


def _revision_rows(version, model):
    """The related rows a revision kept, as the text each showed when saved."""
    kept = version.revision.version_set.all()
    return sorted(row.object_repr for row in kept if row._model is model)


def _field_lines(fields, field):
    """A field's value in a revision as lines of text; related rows by their names."""
    value = fields.get(field.attname)
    if field.is_relation:
        ids = value if field.many_to_many else [value]
        ids = [pk for pk in ids or () if pk is not None]
        related = field.related_model._default_manager.filter(pk__in=ids)
        names = {obj.pk: str(obj) for obj in related}
        return sorted(names.get(pk, f"(deleted #{pk})") for pk in ids)
    if value is None:
        return []
    return str(value).splitlines()


def compare_versions(old, new):
    """Each field that differs, as diff lines: (mark, text) with mark "+", "-" or " "."""
    changes = []
    old_fields, new_fields = old.field_dict, new.field_dict
    for name in COMPARED_FIELDS:
        field = Article._meta.get_field(name)
        before, after = _field_lines(old_fields, field), _field_lines(new_fields, field)
        if before != after:
            changes.append((field.verbose_name.capitalize(), _diff(before, after)))
    for label, model in COMPARED_RELATIONS:
        before, after = _revision_rows(old, model), _revision_rows(new, model)
        if before != after:
            changes.append((label, _diff(before, after)))
    return changes


def _diff(before, after):
    return [
        (line[0], line[2:]) for line in difflib.ndiff(before, after) if not line.startswith("?")
    ]
