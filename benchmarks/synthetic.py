"""A seeded generator of realistic reprints and near-duplicates built from real articles.

The eval sets hold no large labelled set of reprints or near duplicates, so
this module makes one (eval README, last section) from real reuters, bbc
(English) and fakebr (Portuguese) articles of at least 150 words. Each copy is
what a real publisher does to a story, not an attack on the detector:

* ``excerpt``  a leading or inner run of 30–70 % of the paragraphs (sentences);
* ``framed``   the whole story inside a publisher's intro and outro;
* ``dropped``  10–30 % of the paragraphs left out (never the lede);
* ``copyedit`` 3–10 % of the words edited: house-style synonyms, spelling
  variety, number and date style, punctuation, typo fixes, one sentence pair
  swapped;
* ``roundup``  excerpts of two articles of one language under a roundup header.

Originals get a ``source``, ``url`` and ``published``; every copy is published
later, and some carry a credit line ("Originally published by X on DATE",
"Source: URL", ...), so attribution can be measured too. All ids are opaque
hashes so that no naive "smallest id" rule can find the original.

Some copies carry no evidence of direction at all: published on their
original's day with a date but no time, without a credit, and of a kind whose
shape gives no direction (a copy edit, dropped paragraphs, a framing without
a credit). Their gold row says ``"decidable": false``; the quality benchmark
counts them apart instead of the detector being tuned to them.

    python benchmarks/synthetic.py --seed 7 --n 500 -o /tmp/synth
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from evalsets import EvalSet, GoldRow, default_eval_dir, iter_articles, read_gold, write_set

from dedup.models import Article

KINDS: tuple[str, ...] = ("excerpt", "framed", "dropped", "copyedit", "roundup")
RELATION_OF_KIND = {"excerpt": "reprint", "framed": "reprint", "roundup": "reprint",
                    "dropped": "near_duplicate", "copyedit": "near_duplicate"}
LANG_OF_SET = {"bbc": "en", "reuters": "en", "fakebr": "pt"}
MIN_WORDS = 150

_MONTH_NAMES = """\
en January February March April May June July August September October November December
pt janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
es enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
de Januar Februar März April Mai Juni Juli August September Oktober November Dezember"""
MONTHS = {line[:2]: line[3:].split() for line in _MONTH_NAMES.splitlines()}
DATE_TEXT = {"en": "{d} {m} {y}", "pt": "{d} de {m} de {y}", "es": "{d} de {m} de {y}",
             "de": "{d}. {m} {y}"}
CREDITS = {
    "en": ("Originally published by {src} on {date}.", "Source: {url}",
           "This article first appeared in {src}."),
    "pt": ("Publicado originalmente por {src} em {date}.", "Fonte: {url}",
           "Este artigo foi publicado originalmente em {src}."),
    "es": ("Publicado originalmente por {src} el {date}.", "Fuente: {url}",
           "Este artículo apareció primero en {src}."),
    "de": ("Ursprünglich veröffentlicht von {src} am {date}.", "Quelle: {url}",
           "Dieser Artikel erschien zuerst bei {src}."),
}
INTROS = {
    "en": ("The following story was published by {src} on {date}.",
           "Editor's note: this article was first published by {src} and is republished "
           "here with permission."),
    "pt": ("A reportagem a seguir foi publicada por {src} em {date}.",
           "Nota da redação: este texto foi publicado primeiro por {src} e é reproduzido "
           "com autorização."),
}
PLAIN_INTROS = {"en": ("In case you missed it:", "Here is one of the stories our readers are "
                       "talking about today."),
                "pt": ("Caso você tenha perdido:", "Confira a reportagem completa abaixo.")}
OUTROS = {
    "en": ("Sign up for the {pub} morning newsletter to get the day's top stories in your inbox.",
           "Related: {related}", "Read more: {related}",
           "Follow {pub} on social media for the latest updates."),
    "pt": ("Assine a newsletter do {pub} e receba as principais notícias do dia no seu e-mail.",
           "Leia também: {related}", "Veja mais: {related}", "Siga o {pub} nas redes sociais."),
}
ROUNDUP_HEADERS = {"en": ("{pub} roundup: the stories you need to know", "Briefing for {date}",
                          "Week in review: stories worth your time"),
                   "pt": ("Resumo do dia: as notícias que você precisa saber",
                          "Giro de notícias do {pub}", "Resumo da semana")}
ROUNDUP_CREDIT = {"en": "(Source: {src})", "pt": "(Fonte: {src})"}
PUBLISHERS = {"en": ("The Daily Ledger", "Metro Wire", "Harbour Post", "NewsNow Digest",
                     "The Evening Courier", "Capital Briefing"),
              "pt": ("Jornal do Povo", "Portal Notícias Hoje", "Diário da Manhã Online",
                     "Folha do Interior", "Gazeta Digital")}
HOST_NAMES = {"estadao": "Estadão", "g1.globo": "G1", "folha.uol": "Folha de S.Paulo",
              "diariodobrasil": "Diário do Brasil", "afolhabrasil": "A Folha Brasil",
              "thejornalbrasil": "The Jornal Brasil"}


def _pairs(text: str, both_ways: bool = True) -> dict[str, str]:
    """``"a/b c/d"`` -> ``{a: b, c: d}`` (and ``{b: a, d: c}`` when ``both_ways``)."""
    pairs = [tuple(p.split("/")) for p in text.split()]
    back = {b: a for a, b in pairs} if both_ways else {}
    return back | {a: b for a, b in pairs}


# House-style edits, one word for one word, so the sentence stays grammatical.
SYNONYMS = {
    "en": _pairs("said/stated says/states told/informed added/noted big/large biggest/largest "
                 "buy/purchase bought/purchased help/assist start/begin started/began "
                 "rose/increased fell/declined nearly/almost firm/company expected/anticipated "
                 "need/require needs/requires tried/attempted shows/indicates showed/indicated "
                 "because/since main/principal many/numerous very/extremely whilst/while "
                 "amongst/among towards/toward spokesman/spokesperson chairman/chair "
                 "e-mail/email Mr/Mr. Mrs/Mrs. Dr/Dr. U.S./US Co/Co. Inc/Inc. Corp/Corp. "
                 "pct/percent mln/million bln/billion dlrs/dollars vs/versus", both_ways=False),
    "pt": _pairs("disse/afirmou afirmou/disse diz/afirma também/ainda mas/porém segundo/conforme "
                 "muito/bastante muitos/vários muitas/várias porque/pois começou/iniciou "
                 "mostra/revela mostrou/revelou declarou/disse explicou/esclareceu "
                 "informou/comunicou anunciou/divulgou apenas/somente somente/apenas "
                 "contudo/porém importante/relevante rapidamente/depressa mulher/esposa "
                 "segunda-feira/segunda terça-feira/terça quarta-feira/quarta quinta-feira/quinta "
                 "sexta-feira/sexta", both_ways=False),
}
SPELLING = {
    "en": _pairs("colour/color favour/favor labour/labor centre/center programme/program "
                 "organisation/organization organised/organized realise/realize "
                 "recognise/recognize defence/defense analyse/analyze travelled/traveled "
                 "cancelled/canceled licence/license behaviour/behavior neighbour/neighbor "
                 "theatre/theater criticised/criticized privatisation/privatization "
                 "modernisation/modernization"),
    "pt": _pairs("econômico/económico econômica/económica fenômeno/fenómeno "
                 "acadêmico/académico registro/registo fato/facto contato/contacto"),
}
NUMBER_WORDS = {"en": ["two", "three", "four", "five", "six", "seven", "eight", "nine"],
                "pt": ["dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"]}
MONTH_ABBR = {m: m[:3] + "." for m in MONTHS["en"] if len(m) > 4}
CONJUNCTIONS = {"en": {"and", "but"}, "pt": {"mas", "porém"}}
_WORD = re.compile(r"^([\"“‘'(\[]*)(.*?)([\"”’'),.;:!?\]]*)$", re.S)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“(]?[A-ZÀ-Ý0-9])")
_GLUED = re.compile(r"^([a-zà-ÿ]{3,})\.([A-ZÀ-Ý][a-zà-ÿ]+)$")


@dataclass(frozen=True)
class Original:
    """A real article prepared as a publisher's original (opaque id, source, url, date)."""

    article: Article
    lang: str
    when: datetime
    real_id: str


@dataclass(frozen=True)
class Made:
    """What a kind function produces: the copy's text and whether it credits the original."""

    text: str
    title: str | None
    credit: bool


def paragraphs(text: str) -> list[str]:
    """Paragraphs reflowed to one line (reuters hard-wraps and indents paragraphs)."""
    blocks = re.split(r"\n\s*\n|\n(?=[ \t]{2,})", text)
    return [p for p in (re.sub(r"\s*\n\s*", " ", b).strip() for b in blocks) if p]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def units(text: str) -> tuple[list[str], str]:
    """Paragraphs when the article has them, else sentences (fakebr is one block)."""
    paras = paragraphs(text)
    if len(paras) >= 4:
        return paras, "\n\n"
    return sentences(" ".join(paras)), " "


def date_text(when: datetime, lang: str) -> str:
    month = MONTHS[lang][when.month - 1]
    return DATE_TEXT[lang].format(d=when.day, m=month, y=when.year)


def credit_line(orig: Original, rng: random.Random) -> str:
    a = orig.article
    template = rng.choice(CREDITS[orig.lang])
    return template.format(src=a.source, url=a.url, date=date_text(orig.when, orig.lang))


# ---------------------------------------------------------------- the kinds
def excerpt(orig: Original, rng: random.Random, related: list[str], pub: str) -> Made:
    parts, sep = units(orig.article.text)
    m = min(len(parts) - 1, max(2, round(rng.uniform(0.30, 0.70) * len(parts))))
    start = 0 if rng.random() < 0.6 else rng.randint(1, len(parts) - m)
    text = sep.join(parts[start:start + m])
    credit = rng.random() < 0.5
    return Made(text + ("\n\n" + credit_line(orig, rng) if credit else ""),
                orig.article.title, credit)


def framed(orig: Original, rng: random.Random, related: list[str], pub: str) -> Made:
    lang, a = orig.lang, orig.article
    credit = rng.random() < 0.8
    if credit:
        intro = rng.choice(INTROS[lang]).format(src=a.source, date=date_text(orig.when, lang))
    else:
        intro = rng.choice(PLAIN_INTROS[lang])
    outros = rng.sample(OUTROS[lang], rng.randint(1, 3))
    outro = [o.format(pub=pub, related=rng.choice(related)) for o in outros]
    return Made("\n\n".join([intro, *paragraphs(a.text), *outro]), a.title, credit)


def dropped(orig: Original, rng: random.Random, related: list[str], pub: str) -> Made:
    parts, sep = units(orig.article.text)
    k = min(len(parts) - 2, max(1, round(rng.uniform(0.10, 0.30) * len(parts))))
    gone = set(rng.sample(range(1, len(parts)), k))
    text = sep.join(p for i, p in enumerate(parts) if i not in gone)
    credit = rng.random() < 0.3
    return Made(text + ("\n\n" + credit_line(orig, rng) if credit else ""),
                orig.article.title, credit)


def _match_case(template: str, word: str) -> str:
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def _edit_word(core: str, lang: str, rng: random.Random) -> str | None:
    """One house-style edit of one word, or None when none applies."""
    low = core.lower()
    if core.isupper() and len(core) > 1:
        return None  # acronyms and wire headlines stay as they are
    for table in (SYNONYMS[lang], SPELLING[lang]):
        if low in table:
            return _match_case(core, table[low])
    if lang == "en" and core in MONTH_ABBR:
        return MONTH_ABBR[core]
    words = NUMBER_WORDS[lang]
    if core.isdigit() and 2 <= int(core) <= 9:
        return words[int(core) - 2]
    if low in words:
        return str(words.index(low) + 2)
    thousands = "," if lang == "en" else "."
    if re.fullmatch(r"\d{1,3}(" + re.escape(thousands) + r"\d{3})+", core):
        return core.replace(thousands, "")
    if re.fullmatch(r"\d+(\.\d+)?%", core) and rng.random() < 0.5:
        return core[:-1] + (" percent" if lang == "en" else " por cento")
    if core in ("-", "--"):
        return "—"
    glued = _GLUED.match(core)  # a typo fix: "covarde.Estamos" -> "covarde. Estamos"
    if glued:
        return f"{glued.group(1)}. {glued.group(2)}"
    return None


def copyedit(orig: Original, rng: random.Random, related: list[str], pub: str) -> Made:
    """Word-level copy-editing on 3–10 % of the words, plus one swapped sentence pair.

    Edits first use the house-style tables; when those do not reach the target,
    serial commas are toggled before conjunctions, and doubled words and quote
    styles are fixed.
    """
    lang = orig.lang
    paras = paragraphs(orig.article.text)
    if rng.random() < 0.5:
        for i in rng.sample(range(len(paras)), len(paras)):
            sents = sentences(paras[i])
            if len(sents) >= 2:
                j = rng.randrange(len(sents) - 1)
                sents[j], sents[j + 1] = sents[j + 1], sents[j]
                paras[i] = " ".join(sents)
                break
    tokens = re.split(r"(\s+)", "\n\n".join(paras))
    words = list(range(0, len(tokens), 2))
    target = max(1, round(rng.uniform(0.03, 0.10) * len(words)))
    order = rng.sample(words, len(words))
    edited: set[int] = set()
    commas = 0  # serial-comma toggles are cheap edits: at most a quarter of them
    for generic in (False, True):
        for i in order:
            if len(edited) >= target:
                break
            match = _WORD.match(tokens[i])
            if i in edited or not match or not tokens[i]:
                continue
            lead, core, trail = match.groups()
            new: str | None = None
            if not generic:
                new = _edit_word(core, lang, rng)
            elif (commas < target // 4 and trail in ("", ",") and core[-1:].isalpha()
                  and i + 2 < len(tokens) and tokens[i + 2].lower() in CONJUNCTIONS[lang]):
                commas += 1
                trail, new = ("" if trail else ","), core
            elif i >= 2 and core and tokens[i - 2].lower() == core.lower():
                tokens[i - 1], new = "", ""  # a doubled word fixed: "the the" -> "the"
            elif lead == '"' or trail == '"':
                lead, trail, new = lead.replace('"', "“"), trail.replace('"', "”"), core
            if new is not None:
                if new.endswith(".") and trail.startswith("."):
                    trail = trail[1:]  # "November." -> "Nov." not "Nov.."
                tokens[i] = lead + new + trail
                edited.add(i)
    return Made("".join(tokens), orig.article.title, False)


def roundup(first: Original, second: Original, rng: random.Random, pub: str,
            when: datetime) -> Made:
    """Two excerpts under one header (the header becomes the title)."""
    lang = first.lang
    header = rng.choice(ROUNDUP_HEADERS[lang]).format(pub=pub, date=date_text(when, lang))
    credit = rng.random() < 0.7
    sections = []
    for orig in (first, second):
        parts, sep = units(orig.article.text)
        m = min(len(parts) - 1, max(2, round(rng.uniform(0.40, 0.70) * len(parts))))
        title = orig.article.title or sentences(parts[0])[0]
        body = sep.join(parts[:m])
        cite = "\n\n" + ROUNDUP_CREDIT[lang].format(src=orig.article.source) if credit else ""
        sections.append(f"{title}\n\n{body}{cite}")
    return Made("\n\n".join(sections), header, credit)


SINGLE_KINDS: dict[str, Callable[[Original, random.Random, list[str], str], Made]] = {
    "excerpt": excerpt, "framed": framed, "dropped": dropped, "copyedit": copyedit}


# ---------------------------------------------------------------- originals
def _opaque(seed: int, *parts: str) -> str:
    return "y" + hashlib.sha1("|".join([str(seed), *parts]).encode()).hexdigest()[:12]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-") or "story"


def _real_date(article: Article, setname: str, rng: random.Random) -> datetime:
    """The article's own date when it has one, else a date in the corpus's years."""
    p = (article.published or "").strip()
    try:
        if setname == "reuters":
            return datetime.strptime(p.split(".")[0], "%d-%b-%Y %H:%M:%S")
        if m := re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})h(\d{2}))?", p):
            d, mo, y, h, mi = m.groups()
            return datetime(int(y), int(mo), int(d), int(h or 9), int(mi or 0))
        if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", p):
            return datetime(int(m[1]), int(m[2]), int(m[3]), 9)
        if m := re.match(r"(\d{1,2}) de (\w+) de (\d{4})", p):
            month = MONTHS["pt"].index(m[2].lower()) + 1
            return datetime(int(m[3]), month, int(m[1]), 9)
    except ValueError:
        pass
    start = datetime(2004, 1, 1) if setname == "bbc" else datetime(2016, 1, 1)
    return start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))


def _publisher(article: Article, setname: str) -> tuple[str, str]:
    if setname == "bbc":
        section = article.id.split("-")[1]
        digits = int(hashlib.sha1(article.id.encode()).hexdigest()[:7], 16)
        return "BBC News", f"https://www.bbc.co.uk/news/{section}-{digits}"
    if setname == "reuters":
        tag = hashlib.sha1(article.id.encode()).hexdigest()[:8].upper()
        return "Reuters", f"https://www.reuters.com/article/{_slug(article.title or '')}-id{tag}"
    url = (article.url or "").strip()
    host = urlsplit(url).netloc.removeprefix("www.")
    name = next((v for k, v in HOST_NAMES.items() if k in host), host or "Notícias")
    return name, url or f"https://{_slug(name)}.example/{article.id}"


def _copy_date(when: datetime, lang: str, rng: random.Random) -> str:
    """Publishers format dates their own way; all of these are unambiguous."""
    styles = [when.isoformat(timespec="minutes"), date_text(when, lang)]
    if lang == "en":
        styles.append(f"{MONTHS['en'][when.month - 1]} {when.day}, {when:%Y %H:%M}")
    return rng.choice(styles)


# Kinds whose shape shows the direction: an excerpt (or a roundup section) is
# contained in a much longer original.
SHAPE_SHOWS_DIRECTION = frozenset({"excerpt", "roundup"})


def decidable(kind: str, credit: bool, original: datetime, copy_published: str) -> bool:
    """False when nothing in the copy or its metadata says it is the later one.

    The copy's date then equals its original's day and gives no time of day, it
    credits nobody, and its kind's shape shows no direction.
    """
    same_day = _day_of(copy_published) == original.date()
    timed = re.search(r"\d:\d\d", copy_published) is not None
    return not same_day or timed or credit or kind in SHAPE_SHOWS_DIRECTION


def _day_of(published: str) -> date:
    """The day of a date written by :func:`_copy_date`."""
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", published):
        return date(int(m[1]), int(m[2]), int(m[3]))
    for lang, months in MONTHS.items():
        for k, month in enumerate(months, start=1):
            if m := re.fullmatch(DATE_TEXT[lang].format(d=r"(\d+)", m=month, y=r"(\d{4})"),
                                 published):
                return date(int(m[2]), k, int(m[1]))
        if m := re.match(rf"({'|'.join(months)}) (\d+), (\d{{4}})", published):
            return date(int(m[3]), months.index(m[1]) + 1, int(m[2]))
    raise ValueError(f"not a date written by _copy_date: {published!r}")


def load_pools(eval_dir: Path) -> dict[str, list[Article]]:
    """Eligible originals per source set, in file order: long enough, not a known duplicate.

    Articles already labelled as duplicates, or that open with the same 300
    characters as an earlier one (reuters repeats wire stories), are left out so
    the synthetic set holds no copies other than the generated ones.
    """
    pools: dict[str, list[Article]] = {}
    for name in LANG_OF_SET:
        gold = read_gold(eval_dir / f"{name}.gold.jsonl")
        labelled = {m for r in gold if r.is_copy for m in r.members}
        seen: set[str] = set()
        pool = []
        for a in iter_articles(eval_dir / f"{name}.articles.jsonl.gz"):
            head = " ".join(a.text.lower().split())[:300]
            if a.id in labelled or head in seen:
                continue
            seen.add(head)
            if len(a.text.split()) >= MIN_WORDS and len(units(a.text)[0]) >= 4:
                pool.append(replace(a, input=None, line=None))
        pools[name] = pool
    return pools


def generate(seed: int = 7, n: int = 500, eval_dir: Path | None = None, *,
             distractors: int | None = None,
             pools: dict[str, list[Article]] | None = None) -> EvalSet:
    """``n`` copies (kinds in equal shares), their originals and untouched distractors."""
    rng = random.Random(seed)
    pools = pools if pools is not None else load_pools(eval_dir or default_eval_dir())
    queues = {name: rng.sample(pool, len(pool)) for name, pool in sorted(pools.items())}
    titles: dict[str, list[str]] = {"en": [], "pt": []}  # for "Related:" links
    for name, pool in sorted(pools.items()):
        titles[LANG_OF_SET[name]] += [a.title or sentences(a.text)[0][:90].rsplit(" ", 1)[0]
                                      for a in pool[:200]]
    names = sorted(queues)
    kinds = [KINDS[i % len(KINDS)] for i in range(n)]
    rng.shuffle(kinds)

    def take(name: str) -> Original:
        a = queues[name].pop()
        when = _real_date(a, name, rng)
        source, url = _publisher(a, name)
        art = Article(id=_opaque(seed, "orig", a.id), text=a.text, title=a.title, url=url,
                      source=source, published=when.isoformat(timespec="minutes"))
        return Original(art, LANG_OF_SET[name], when, a.id)

    articles: list[Article] = []
    gold: list[GoldRow] = []
    for index, kind in enumerate(kinds):
        need = 2 if kind == "roundup" else 1
        name = rng.choice([m for m in names if len(queues[m]) >= need])
        lang = LANG_OF_SET[name]
        pub = rng.choice(PUBLISHERS[lang])
        origs = [take(name), take(name)] if kind == "roundup" else [take(name)]
        when = max(o.when for o in origs) + timedelta(minutes=rng.randrange(120, 14 * 24 * 60))
        if kind == "roundup":
            made = roundup(origs[0], origs[1], rng, pub, when)
        else:
            made = SINGLE_KINDS[kind](origs[0], rng, titles[lang], pub)
        copy_id = _opaque(seed, kind, str(index), *(o.real_id for o in origs))
        url = (f"https://www.{_slug(pub).replace('-', '')}.example/{when:%Y/%m/%d}/"
               f"{_slug(made.title or made.text[:60])}")
        articles += [o.article for o in origs]
        published = _copy_date(when, lang, rng)
        articles.append(Article(id=copy_id, text=made.text, title=made.title, url=url,
                                source=pub, published=published))
        for o in origs:
            gold.append(GoldRow(RELATION_OF_KIND[kind], (o.article.id, copy_id), o.article.id,
                                {"kind": kind, "credit": made.credit, "lang": lang,
                                 "from": o.real_id,
                                 "decidable": decidable(kind, made.credit, o.when, published)}))
    for _ in range(n if distractors is None else distractors):
        name = rng.choice([m for m in names if queues[m]])
        articles.append(take(name).article)
    rng.shuffle(articles)
    return EvalSet("synth", tuple(articles), tuple(gold))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--n", type=int, default=500, help="number of generated copies")
    parser.add_argument("--distractors", type=int, default=None,
                        help="untouched unrelated articles to add (default: --n)")
    parser.add_argument("--eval-dir", type=Path, default=None)
    parser.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    args = parser.parse_args(argv)
    evalset = generate(args.seed, args.n, args.eval_dir, distractors=args.distractors)
    paths = write_set(evalset, args.out)
    print(f"{len(evalset.articles)} articles, {len(evalset.gold)} gold rows -> "
          + ", ".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
