"""The limit on the public query-code look-up (the API and the page): failed guesses only.

Query codes carry 80 random bits, so guessing one is hopeless whatever the limit; the limit
keeps a scraper from trying anyway and from loading the database. It counts only look-ups of
codes that do not exist: a petitioner following a matter is never held back, not even from an
address where someone else is guessing (a correct code is answered; it is no hint to a guesser,
who would have had to guess it).

The limit is a sliding window kept in the shared cache (the database table or Redis:
``CACHES``), so it holds across processes and servers: each failed look-up claims one of
``limit`` slots for ``window`` seconds with the cache's atomic ``add``; when every slot is
taken the look-up is refused until the oldest expires, however the guesses straddle a clock
boundary. Clients are told apart by their real address: ``X-Forwarded-For`` is believed only
from the reverse proxies in ``XINFANG_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LIMIT = 30
DEFAULT_WINDOW_SECONDS = 300
IPV6_PREFIX = 64  # one subscriber holds a whole /64: its addresses count as one client

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in configured)


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's own IP address (``client_address`` without grouping IPv6 by /64): what
    django-axes records of a failed sign-in (``AXES_CLIENT_IP_CALLABLE``), so a lock-out
    behind the reverse proxy falls on the client, not on the proxy and everyone behind it."""
    address = client_address(request, group_ipv6=False)
    return address if _address(address) is not None else ""


def client_address(request: HttpRequest, *, group_ipv6: bool = True) -> str:
    """The address of the client itself, not of the reverse proxy in front of the server.

    ``X-Forwarded-For`` is read only when the direct peer (``REMOTE_ADDR``) is a trusted
    proxy, from the right: the first hop that is not a trusted proxy is the client (entries
    further left were written by the client and prove nothing)."""
    peer = str(request.META.get("REMOTE_ADDR", "") or "")
    trusted = _networks(tuple(getattr(settings, "XINFANG_TRUSTED_PROXIES", ())))
    current = _address(peer)

    def is_trusted(address: Address | None) -> bool:
        return address is not None and any(address in network for network in trusted)

    if is_trusted(current):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
        for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
            address = _address(hop)
            if address is None:
                break  # not written by a proxy of ours: the last trusted hop stands
            current = address
            if not is_trusted(address):
                break
    if current is None:
        return peer or "unknown"
    if current.version == 6 and group_ipv6:
        return str(ipaddress.ip_network(f"{current}/{IPV6_PREFIX}", strict=False))
    return str(current)


def _take_slot(prefix: str, *, limit: int, window: int) -> int | None:
    """Claim one of ``limit`` slots under ``prefix`` for ``window`` seconds in the shared cache.

    Returns None when a slot was free, otherwise the seconds until the oldest frees."""
    slots = [f"{prefix}:{n}" for n in range(limit)]
    now = time.time()
    taken = cache.get_many(slots)
    for slot in slots:
        # ``add`` is atomic: of two requests racing for one free slot, one gets it.
        if slot not in taken and cache.add(slot, now + window, timeout=window):
            return None
    taken = cache.get_many(slots)
    frees_at = min((float(v) for v in taken.values()), default=now + 1)
    return max(1, math.ceil(frees_at - now))


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def public_lookup_failed(request: HttpRequest) -> int | None:
    """Count a look-up of an unknown code from the request's client.

    Returns None when it is within the limit (answer "not found"), otherwise the seconds until
    the client may try again (answer 429 with ``Retry-After``)."""
    return _take_slot(
        f"xinfang:public-lookup:{client_address(request)}",
        limit=_setting("XINFANG_PUBLIC_LOOKUP_LIMIT", DEFAULT_LIMIT),
        window=_setting("XINFANG_PUBLIC_LOOKUP_WINDOW", DEFAULT_WINDOW_SECONDS),
    )


# ---------------------------------------------------------------------------------------------
# The petitioner's portal: submissions per client, the petitioner's acts per query code

DEFAULT_SUBMIT_LIMIT = 10
DEFAULT_SUBMIT_WINDOW_SECONDS = 3600
DEFAULT_CODE_LIMIT = 10
DEFAULT_CODE_WINDOW_SECONDS = 3600


def portal_submit_allowed(request: HttpRequest) -> int | None:
    """Count an online submission from the request's client (``XINFANG_PORTAL_SUBMIT_LIMIT``
    in ``XINFANG_PORTAL_SUBMIT_WINDOW`` seconds, 10 an hour by default): a form that writes a
    matter, a petitioner and files is not for a script to fill in a loop.

    Returns None when within the limit, otherwise the seconds until the client may submit."""
    return _take_slot(
        f"xinfang:portal-submit:{client_address(request)}",
        limit=_setting("XINFANG_PORTAL_SUBMIT_LIMIT", DEFAULT_SUBMIT_LIMIT),
        window=_setting("XINFANG_PORTAL_SUBMIT_WINDOW", DEFAULT_SUBMIT_WINDOW_SECONDS),
    )


def portal_code_allowed(query_code: str, *, action: str) -> int | None:
    """Count an attempt of the petitioner's ``action`` (``rate``, ``review``) on a matter's
    code, from whatever address (``XINFANG_PORTAL_CODE_LIMIT`` in
    ``XINFANG_PORTAL_CODE_WINDOW`` seconds, 10 an hour by default): the act itself is once,
    and a code passed around cannot be used to hammer the matter's records.

    The code is a key to the matter, so the cache holds its hash, never the code."""
    digest = hashlib.sha256(query_code.encode("utf-8")).hexdigest()[:32]
    return _take_slot(
        f"xinfang:portal-code:{action}:{digest}",
        limit=_setting("XINFANG_PORTAL_CODE_LIMIT", DEFAULT_CODE_LIMIT),
        window=_setting("XINFANG_PORTAL_CODE_WINDOW", DEFAULT_CODE_WINDOW_SECONDS),
    )
