"""Which site a URL belongs to: its host, and its registered domain.

``amp.dw.com``, ``p.dw.com`` and ``dw.com`` are one publisher; so are
``news.bbc.co.uk`` and ``bbc.co.uk``; ``a.github.io`` and ``b.github.io`` are
not. The registered domain (the label just under the public suffix) tells
them apart, and the public suffix list knows where that suffix ends
(``co.uk``, ``github.io``). ``tldextract`` reads it, here strictly offline:
no list URLs (its default fetches the list over the network), no cache
directory, only the snapshot inside its wheel; private suffixes (``github.io``,
``blogspot.com``) count, as their sub-sites belong to different people.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

import tldextract


def host(url: str | None) -> str | None:
    """The URL's host without ``www.`` (a bare ``dw.com/x`` reads as a host too)."""
    if not url:
        return None
    try:
        name = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:  # an unbalanced "[" reads as a broken IPv6 literal
        return None
    return name.removeprefix("www.") or None


@cache
def _extractor() -> tldextract.TLDExtract:
    # Built on first use, not at import: reading the snapshot takes ~50 ms.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


@cache
def registered_domain(name: str) -> str | None:
    """``bbc.co.uk`` for ``news.bbc.co.uk``; None for hosts without a public
    suffix (``localhost``, IP addresses)."""
    found: str = _extractor()(name).top_domain_under_public_suffix
    return found or None


def same_site(a: str | None, b: str | None) -> bool:
    """True when the URLs ``a`` and ``b`` have the same host or, failing that,
    the same registered domain."""
    ha, hb = host(a), host(b)
    if ha is None or hb is None:
        return False
    if ha == hb:
        return True
    ra = registered_domain(ha)
    return ra is not None and ra == registered_domain(hb)
