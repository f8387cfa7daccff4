"""Obvious non-content lines that must not be fingerprinted.

Share buttons, "Read more:" teasers, photo credits, "Advertisement", cookie
notices and the like are page furniture: two unrelated articles from one site
share them, and a copy scraped from another site lacks them. Left in, they
create false shingle overlap between unrelated articles and dilute the overlap
of real copies. Metadata lines (dates, bylines, "Edited by:", credits) are not
boilerplate: :mod:`dedup.prepare.metadata` reads them and says which lines they are.

Every pattern is conservative, because a false positive deletes real content:
each matches a whole line of one recognisable shape, and only lines of at most
``MAX_CHARS`` characters (a cookie notice may be a little longer) are looked at.

Measured over every non-blank line of the evaluation sets
(../shared/eval/*.articles.jsonl.gz, field ``text``; the gold files unread),
lines removed per pattern::

    pattern           bbc  fakebr  reuters  semeval     wmt
    social              0       3        0       23       0
    teaser              0       0        0       38       0
    photo_credit        0       0        3       17       3
    caption_credit      0       0        0       19       0
    advertisement       0       0        0       40       0
    cookies             0       0        0        5       0
    rights              0       0        0        8       0
    no_letters          1      15     4906       66       0
    lines           10635   14722   317343    12396  124157

Every hit was read: reuters' are its "&#3;" end-of-text marker, "- - - -"
table rules and " REUTER(S)" sign-offs; semeval's are real furniture
("Advertisement", "Anzeige", "READ MORE: ...", "MOST READ", "Facebook",
"(Image: Getty)", AP's "All rights reserved" notice, a cookie banner); wmt's
are "PHOTO: <name>" lines. A random sample of 60 of the 1,547 near misses
(short lines starting with Share, Like, Read, Photo, Also, More, Source...)
were all prose and stay content. Two false positives found on the way were
fixed: reuters' wrapped lines ("subscribe between January 1 1988 and ...",
so lines starting in lower case are never boilerplate) and a credit glued to
prose ("Photo: Hailey BollingerIn light of ...", so photo credits are short).
The seeds are where the web furniture is (003: "My Posts", "© CC BY 2.0",
"You might also want to read: ...", "Share"; 001: captions ending in
"| Ahn Young-joon/AP Photo/picture alliance"; 002: "LikeLike").
"""

from __future__ import annotations

from typing import Any

import regex


class LazyPattern:
    """A ``regex`` pattern compiled on first use, then kept.

    Compiling the case-insensitive Unicode patterns of this module and of
    :mod:`dedup.prepare.metadata` costs ~135 ms in all (measured), which a mere
    ``import dedup`` (``dedup --help``) must not pay. Two threads racing on
    first use compile twice and keep equal patterns: harmless.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: regex.Pattern[str] | None = None

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, string: str) -> regex.Match[str] | None:
        return self.compiled.match(string)

    def search(self, string: str) -> regex.Match[str] | None:
        return self.compiled.search(string)

    def fullmatch(self, string: str) -> regex.Match[str] | None:
        return self.compiled.fullmatch(string)

    def findall(self, string: str) -> list[Any]:
        found: list[Any] = self.compiled.findall(string)
        return found

    def sub(self, repl: str, string: str, count: int = 0) -> str:
        replaced: str = self.compiled.sub(repl, string, count=count)
        return replaced

    def split(self, string: str) -> list[str]:
        parts: list[str] = self.compiled.split(string)
        return parts


# Longer lines are never boilerplate here: furniture is short, and a long line
# that merely starts like a teaser ("Related to the merger, ...") is prose.
MAX_CHARS = 200
# A photo credit is a name or two; semeval has "Photo: Hailey BollingerIn light
# of the global COVID-19 outbreak, CityBeat has..." (credit glued to prose).
MAX_PHOTO_CREDIT_CHARS = 100
# Cookie banners are one or two sentences; they may run longer than buttons.
MAX_COOKIE_CHARS = 300

_F = regex.IGNORECASE | regex.VERSION1

# Buttons, one or several on a line ("Share Tweet Email", "Facebook | Twitter").
_BUTTON = (
    r"share(?:\s+(?:this|on))?(?:\s+(?:article|story|post|page|facebook|twitter|x))?"
    r"|tweet|like(?:like)?|like\s+this|likes?|my\s+posts|print(?:\s+this\s+(?:article|page))?"
    r"|e-?mail|whatsapp|facebook|twitter|linkedin|pinterest|reddit|telegram|flipboard"
    r"|copy\s+link|comments?|reply|save|bookmark"
    r"|compartilh(?:e|ar)|compartir|comparte|partager|partagez|teilen|condividi"
    r"|imprimir|imprimer|drucken|stampa|curtir|me\s+gusta|j'aime|gefällt\s+mir|mi\s+piace"
)
_SOCIAL = LazyPattern(
    rf"^\s*(?:{_BUTTON})(?:\s*[|·•/,]?\s*(?:{_BUTTON}))*\s*:?\s*$"
    # "Subscribe to our newsletter", "Sign up for ...", and their translations;
    # without figures: "Subscribe between January 1 1988 and ..." is a reuters
    # rights issue.
    r"|^\s*(?:subscribe|sign\s+up\s+(?:for|to)|assine|inscreva-se|suscríbete|suscribete"
    r"|abonnez-vous|abonnieren\s+sie|jetzt\s+abonnieren|iscriviti|follow\s+us)\b\D{0,100}$",
    _F,
)

# Teasers for other articles: keyword, then ":" / a dash / "»" / nothing.
_TEASER = LazyPattern(
    r"^\s*(?:"
    r"you\s+(?:might|may)\s+also\s+(?:want\s+to\s+read|like|be\s+interested\s+in)"
    r"|(?:read|see)\s+(?:more|also)|also\s+read|related(?:\s+(?:articles?|stories|posts|news))?"
    r"|more\s+on\s+this(?:\s+story)?|recommended(?:\s+for\s+you)?|most\s+read"
    r"|leia\s+(?:também|mais)|veja\s+(?:também|mais)|saiba\s+mais"
    r"|lea\s+también|lee\s+también|ver\s+también|más\s+información"
    r"|(?:à\s+)?lire\s+aussi|voir\s+aussi|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema"
    r"|auch\s+interessant|leggi\s+anche|vedi\s+anche|potrebbe\s+interessarti"
    r")\s*(?:$|[:»>–—-]|\.\.\.|…)",
    _F,
)

# "© Name", "Photo: Name", "Foto: dpa", "Image credit: ...", "Getty Images".
_PHOTO_CREDIT = LazyPattern(
    r"^\s*(?:©|\(c\)\s+(?=\d|\p{Lu})"
    r"|(?:photo|photos|image|images|picture|foto|fotos|imagem|imagen|bild|credit|crédito"
    r"|crédit(?:\s+photo)?|photo\s+credit|image\s+credit|cover\s+image)\s*:"
    r"|(?:photo|foto|image)\s+(?:by|de|von|di)\s"
    r")"
    r"|^\s*(?:getty\s+images|ap\s+photo|afp|reuters|dpa|epa|imago|shutterstock)"
    r"(?:\s*/\s*[^/\n]{1,40})*\s*$",
    _F,
)

# A caption whose tail after " | " is a photo credit: "... | Russian Foreign
# Ministry/REUTERS", "... | Ahn Young-joon/AP Photo/picture alliance"; or a
# caption ending "(Photo: Reuters)". The tail has a "/" or an agency word, is
# short, has no figures ("| 11am ET / 8am PT" is a time) and no final period.
_CREDIT_WORD = (
    r"photo|foto|reuters|ap|afp|getty(?:\s+images)?|picture\s+alliance|dpa|epa|imago"
    r"|shutterstock|xinhua|anadolu|efe|ansa|lusa|agência\s+brasil|handout"
)
_CAPTION_CREDIT = LazyPattern(
    rf"\s\|\s+(?=[^|]*(?:/|\b(?:{_CREDIT_WORD})\b))[^|!?\d]{{2,80}}(?<!\.)\s*$"
    r"|\((?:photo|foto|image|bild|imagem|imagen)\s*:[^()]{1,60}\)\s*$",
    _F,
)

_ADVERTISEMENT = LazyPattern(
    r"^\s*(?:advertisement|advertising|ad|sponsored(?:\s+content)?|publicidade|publicidad"
    r"|anzeige|werbung|publicité|pubblicità|pubblicità\s*-\s*continua\s+a\s+leggere"
    r"|(?:story|article)\s+continues\s+below(?:\s+(?:this\s+)?advertisement)?"
    r"|continue\s+reading\s+(?:below|the\s+main\s+story))\s*$",
    _F,
)

_COOKIES = LazyPattern(
    # "cookies" (the plural: a recipe's "cookie" stays) with a word of the web.
    r"^(?=.*\bcookies\b)(?=.*\b(?:site|website|web|browser|browsing|experience|consent|privacy"
    r"|policy|navegação|navegación|navigation|navigateur|datenschutz|sito|navigazione"
    r"|accept|aceitar|aceptar|accepter|akzeptieren|accetta)\b)",
    _F,
)

_RIGHTS = LazyPattern(
    r"\b(?:all\s+rights\s+reserved|todos\s+os\s+direitos\s+reservados"
    r"|todos\s+los\s+derechos\s+reservados|tous\s+droits\s+réservés"
    r"|alle\s+rechte\s+vorbehalten|tutti\s+i\s+diritti\s+riservati)\b",
    _F,
)

# Nothing but punctuation, symbols and HTML entities: "|", "•", "***", and the
# "&#3;" end-of-text marker that closes reuters wire copy.
_NO_LETTERS = LazyPattern(r"^(?:[\p{P}\p{S}\s]|&#?\w{1,8};)+$", _F)

# In order of evaluation; names are what boilerplate_reason returns.
PATTERNS: tuple[tuple[str, LazyPattern], ...] = (
    ("social", _SOCIAL),
    ("teaser", _TEASER),
    ("photo_credit", _PHOTO_CREDIT),
    ("caption_credit", _CAPTION_CREDIT),
    ("advertisement", _ADVERTISEMENT),
    ("cookies", _COOKIES),
    ("rights", _RIGHTS),
    ("no_letters", _NO_LETTERS),
)


# Gates: cheap necessary conditions, checked before a pattern is searched; a
# line that fails a pattern's gate cannot match it, so results are unchanged
# (benchmarks/probes/same_parse.py: every eval article parses as before). Each regex
# search costs 1-4 us even when it fails at the first character (measured:
# ``^xyz`` 1.1 us a line, the eight patterns ~19 us on the 158,035 reuters+bbc
# lines that reach them); a gate costs ~0.1 us.
#
# Most gates hold for ASCII lines only (all of reuters): there, and only
# there, case-insensitive matching is plain ``str.lower`` matching, because no
# non-ASCII character of the patterns is a case variant of an ASCII one
# (benchmarks/probes/same_parse.py checks it), a stripped line starts with no
# regex ``\s`` (Python strips a superset of ASCII ``\s``), and the pattern
# alternatives spelled with accents ("publicité", "à lire") cannot match. An
# anchored pattern then needs the lowered line to start with the literal
# start of one of its alternatives; an unanchored one needs a word it holds.
_ASCII_STARTS: dict[str, tuple[str, ...]] = {
    "social": (
        "share", "tweet", "like", "my", "print", "e", "whatsapp", "facebook", "twitter",
        "linkedin", "pinterest", "reddit", "telegram", "flipboard", "copy", "comment", "reply",
        "save", "bookmark", "compart", "partag", "teilen", "condividi", "imprim", "drucken",
        "stampa", "curtir", "me", "j'aime", "mi", "subscribe", "sign", "assine", "inscreva",
        "suscr", "abonne", "jetzt", "iscriviti", "follow",
    ),
    "teaser": (
        "you", "read", "see", "also", "related", "more", "recommended", "most", "leia", "veja",
        "saiba", "lea", "lee", "ver", "lire", "voir", "lesen", "mehr", "auch", "leggi", "vedi",
        "potrebbe",
    ),
    "photo_credit": (
        "(c)", "photo", "image", "picture", "foto", "bild", "credit", "cover", "getty", "ap",
        "afp", "reuters", "dpa", "epa", "imago", "shutterstock",
    ),
    "advertisement": (
        "ad", "sponsored", "publicidad", "anzeige", "werbung", "story", "article", "continue",
    ),
}
_ASCII_WORDS: dict[str, tuple[str, ...]] = {
    "cookies": ("cookies",),
    "rights": ("reserv", "vorbehalten", "riservati"),
}


_ANY_ASCII_START = tuple(start for starts in _ASCII_STARTS.values() for start in starts)
_ANY_ASCII_WORD = tuple(word for words in _ASCII_WORDS.values() for word in words)


def _may_match(name: str, text: str, low: str | None) -> bool:
    """False if ``text`` (stripped; ``low`` its lower case if it is ASCII) cannot match ``name``."""
    if name == "caption_credit":  # " | credit" or "(Photo: ...)": any line
        return "|" in text or "(" in text
    if low is None:
        return True
    if name == "no_letters":  # a letter or digit is neither \p{P}, \p{S}, \s nor "&"
        return not text[0].isalnum()
    starts = _ASCII_STARTS.get(name)
    if starts is not None:
        return low.startswith(starts)
    return any(word in low for word in _ASCII_WORDS[name])


def boilerplate_reason(line: str) -> str | None:
    """The name of the pattern that makes ``line`` boilerplate, or None if it is content."""
    text = line.strip()
    # Furniture never starts in lower case; wrapped lines of wire copy do
    # ("share.", "like this one that I dedicate...").
    if not text or len(text) > MAX_COOKIE_CHARS or text[0].islower():
        return None
    low = text.lower() if text.isascii() else None
    if len(text) > MAX_CHARS:
        if not _may_match("cookies", text, low):
            return None
        return "cookies" if _COOKIES.search(text) else None
    if (
        low is not None  # all gates at once: most lines pass none (then no pattern matches)
        and not low.startswith(_ANY_ASCII_START)
        and "|" not in text
        and "(" not in text
        and text[0].isalnum()
        and not any(word in low for word in _ANY_ASCII_WORD)
    ):
        return None
    for name, pattern in PATTERNS:
        if name == "photo_credit" and len(text) > MAX_PHOTO_CREDIT_CHARS:
            continue
        if _may_match(name, text, low) and pattern.search(text):
            return name
    return None


def is_boilerplate(line: str) -> bool:
    """True for a page-furniture line (share buttons, teasers, photo credits, ads...).

    Blank lines are not boilerplate (they are nothing); callers drop them anyway.
    """
    return boilerplate_reason(line) is not None
