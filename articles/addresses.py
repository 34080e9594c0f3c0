"""Reader addresses by URL name, remembered: a page asks for the same few many times, and
reversing a URL costs more than the rest of a link."""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse


def address(name, **kwargs):
    """``reverse(name, kwargs=kwargs)``, remembered per URLconf and script prefix."""
    return _reverse(name, tuple(sorted(kwargs.items())), get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=20_000)
def _reverse(name, kwargs, urlconf, prefix):
    return reverse(name, kwargs=dict(kwargs), urlconf=urlconf)
