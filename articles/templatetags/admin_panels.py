"""Template tags for the admin's own pages: the panels on its index."""

from django import template
from django.db.models import Prefetch

from articles.editorial import rules
from articles.models import Article, Image, Video
from articles.models.rights import EXPIRY_WARNING

register = template.Library()

# The libraries whose rights window the index watches, by the name the template gives.
LIBRARIES = {"video": Video, "image": Image}


@register.inclusion_tag("admin/includes/expiring.html", takes_context=True)
def expiring_panel(context, library):
    """An admin index panel: the videos or pictures whose licence ends soon, with the
    articles showing them that the viewer may open."""
    model = LIBRARIES[library]
    name = model._meta.model_name
    user = context["request"].user
    if not user.has_perm(f"articles.view_{name}"):
        return {"show": False}
    articles = rules.visible_articles(user, Article.objects.select_related("section"))
    articles = articles.order_by("-published_at", "-pk")
    rows = model.objects.expiring_within(EXPIRY_WARNING).prefetch_related(
        Prefetch("articles", queryset=articles)
    )
    return {
        "show": True,
        "rows": rows.order_by("expires_at", "pk"),
        "plural": f"{model.noun}s",
        "change_url": f"admin:articles_{name}_change",
        "days": EXPIRY_WARNING.days,
        "can_change_articles": user.has_perm("articles.change_article"),
        "can_change_rows": user.has_perm(f"articles.change_{name}"),
    }
