"""``{% link 'web:home' %}``: the URL of a view without arguments, reversed once per process.

``{% url %}`` walks the URL resolver on every use; the site's header and navigation draw ten
such links on every page. The path depends only on the name, the URL configuration and the
script prefix the site is mounted under, so it is cached under those three.
"""

from __future__ import annotations

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@functools.lru_cache(maxsize=256)
def _reversed(name: str, urlconf: str, prefix: str) -> str:
    # ``prefix`` is part of the key only: ``reverse`` reads the same thread-local prefix.
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def link(name: str) -> str:
    """The path of the named view (one without arguments), as ``{% url name %}`` gives it."""
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
