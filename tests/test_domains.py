"""Sites of URLs: exact host first, then the registered domain, read offline."""

from __future__ import annotations

import pytest

from dedup import Article
from dedup.attribute.domains import host, registered_domain, same_site
from dedup.attribute.origin import EvidencePolicy
from dedup.config import Config
from dedup.lexical.relate import relate
from dedup.prepare.article import prepare


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://amp.dw.com/en/a-1", "dw.com"),
        ("p.dw.com/x", "dw.com"),
        ("http://news.bbc.co.uk/1/hi/business/4206585.stm", "bbc.co.uk"),
        ("https://alice.github.io/post", "alice.github.io"),  # a private suffix: her own site
    ],
)
def test_registered_domain_from_the_bundled_suffix_list(no_network, url, expected) -> None:
    name = host(url)
    assert name is not None
    registered_domain.cache_clear()
    assert registered_domain(name) == expected


def test_hosts_without_a_public_suffix_have_no_registered_domain(no_network) -> None:
    assert registered_domain("localhost") is None
    assert registered_domain("192.168.0.1") is None
    assert host("http://[broken/") is None


def test_same_site_is_the_host_then_the_registered_domain(no_network) -> None:
    assert same_site("https://www.dw.com/en/x", "dw.com/en/y")
    assert same_site("https://amp.dw.com/en/x", "https://p.dw.com/a")
    assert same_site("http://news.bbc.co.uk/x", "https://www.bbc.co.uk/news/y")
    assert not same_site("https://alice.github.io/a", "https://bob.github.io/a")
    assert not same_site("https://bbc.co.uk/a", "https://bbc.com/a")
    assert not same_site(None, "https://dw.com")


def test_a_url_credit_names_the_original_on_another_host_of_its_site(seed_text) -> None:
    body = "\n".join(p for p in seed_text("000").split("\n")[1:20] if p.strip())
    original = Article("dw", body, url="https://www.dw.com/en/trump-kim/a-74551234")
    copy = Article("copy", body + "\n\nSource: https://amp.dw.com/en/trump-kim/a-74551234",
                   url="https://example.org/news/1")
    config = Config()
    prepared = [prepare(original, config), prepare(copy, config)]
    pair = relate(0, 1, prepared[0], prepared[1], config.relation)
    assert pair is not None
    found = EvidencePolicy()(prepared, [pair])
    assert prepared[found.original].id == "dw"
    assert any(e.startswith("copy credits dw: 'Source: https://amp.dw.com") for e in found.evidence)
