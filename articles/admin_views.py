"""
django-markdownx's preview and upload endpoints, behind staff login and permission.

markdownx ships them open to anyone; Newsroom routes its own subclasses under /admin/
and refuses every request from someone who may not write articles.
"""

from django.contrib.auth.mixins import UserPassesTestMixin
from markdownx.views import ImageUploadView, MarkdownifyView


def can_write_articles(user):
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    )


class ArticleWriterRequired(UserPassesTestMixin):
    raise_exception = True  # 403 for everyone refused, anonymous included: no login redirect.
    http_method_names = ["post"]

    def test_func(self):
        return can_write_articles(self.request.user)


class PreviewView(ArticleWriterRequired, MarkdownifyView):
    pass


class UploadView(ArticleWriterRequired, ImageUploadView):
    pass
