"""Template tags for the admin's own pages: the panels on its index."""

from django import template
from django.db.models import Prefetch
from django.utils import timezone

from articles.editorial import rules
from articles.models import Article, Image, Video
from articles.models.images import EXPIRY_WARNING as IMAGE_EXPIRY_WARNING
from articles.models.videos import EXPIRY_WARNING

register = template.Library()


@register.inclusion_tag("admin/includes/expiring_videos.html", takes_context=True)
def expiring_videos_panel(context):
    """The admin index panel: videos whose licence ends soon, with the articles showing them."""
    request = context["request"]
    if not request.user.has_perm("articles.view_video"):
        return {"show": False}
    now = timezone.now()
    videos = Video.objects.expiring_within(EXPIRY_WARNING, now).with_articles()
    return {
        "show": True,
        "videos": videos.order_by("expires_at", "pk"),
        "days": EXPIRY_WARNING.days,
        "can_change_articles": request.user.has_perm("articles.change_article"),
        "can_change_videos": request.user.has_perm("articles.change_video"),
    }


@register.inclusion_tag("admin/includes/expiring_pictures.html", takes_context=True)
def expiring_pictures_panel(context):
    """The admin index panel: pictures whose licence ends soon, with the articles showing them."""
    request = context["request"]
    if not request.user.has_perm("articles.view_image"):
        return {"show": False}
    now = timezone.now()
    articles = rules.visible_articles(request.user, Article.objects.select_related("section"))
    articles = articles.order_by("-published_at", "-pk")
    images = Image.objects.expiring_within(IMAGE_EXPIRY_WARNING, now).prefetch_related(
        Prefetch("articles", queryset=articles)
    )
    return {
        "show": True,
        "images": images.order_by("expires_at", "pk"),
        "days": IMAGE_EXPIRY_WARNING.days,
        "can_change_articles": request.user.has_perm("articles.change_article"),
        "can_change_images": request.user.has_perm("articles.change_image"),
    }
