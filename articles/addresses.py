"""Reader addresses by URL name, and static files' addresses, remembered: a page asks for
the same few many times, and reversing a URL (or reading the static files' manifest) costs
more than the rest of a link."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse


def address(name, **kwargs):
    """``reverse(name, kwargs=kwargs)``, remembered per URLconf and script prefix."""
    return _reverse(name, tuple(sorted(kwargs.items())), get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=20_000)
def _reverse(name, kwargs, urlconf, prefix):
    return reverse(name, kwargs=dict(kwargs), urlconf=urlconf)


@functools.lru_cache(maxsize=256)
def static_address(path):
    """``static(path)``: a static file's address, fixed until the next deploy."""
    return static(path)


@receiver(setting_changed)
def _static_settings_changed(setting, **kwargs):
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT"}:
        static_address.cache_clear()
