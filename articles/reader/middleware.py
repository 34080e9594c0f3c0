from django.utils.cache import patch_vary_headers

from articles.reader.browsers import classify


class BrowserSupportMiddleware:
    """Sets ``request.browser_class`` for templates and the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.browser_class = classify(request.headers.get("User-Agent"))
        response = self.get_response(request)
        if getattr(response, "browser_dependent", True) and "text/html" in response.get(
            "Content-Type", ""
        ):
            patch_vary_headers(response, ("User-Agent",))
        return response
