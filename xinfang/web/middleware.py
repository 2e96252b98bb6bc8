"""Chinese first: the interface is zh-hans unless the user chose another language; and
nothing the application answers is cached."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but a browser's Accept-Language is not a choice.

    Civil servants' browsers are often set to English by default; the interface stays in
    Chinese until someone picks English with the language switcher (the language cookie).
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        # The language belongs to this request only: the thread goes back to the default, so
        # a command, a job or the next request in this thread never inherits it.
        translation.deactivate()
        return response


class NoStoreMiddleware:
    """Nothing the application answers is kept by a browser or a proxy.

    Pages, API JSON, PDFs and downloads carry personal data or data in one official's scope;
    every response gets Django's never-cache headers (``Cache-Control: no-store`` ..., as
    ``never_cache`` gives a view) and ``Pragma: no-cache`` for HTTP/1.0 caches. A view that sets
    its own ``Cache-Control`` keeps it. Static files are answered before this middleware
    (WhiteNoise) and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        if "no-store" in response.get("Cache-Control", ""):
            response.headers.setdefault("Pragma", "no-cache")
        return response
