"""The langdetect replay gives langdetect's own probabilities, bit for bit.

Every comparison is against real langdetect run on the project's private,
seeded factory: same languages, same floats (``==``, not approx), same order,
and "No features in text" exactly where langdetect raises it.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

from dedup.config import Config
from dedup.models import Article
from dedup.prepare import langdetect_replay as replay
from dedup.prepare.article import prepare, prepare_many
from dedup.prepare.langdetect_ngrams import MAX_TEXT_LENGTH
from dedup.prepare.language import (
    detect_language,
    detect_languages,
    langdetect_factory,
    langdetect_table,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SENTENCES = [
    "Isto é um texto em português sobre as notícias do Brasil e do mundo inteiro.",
    "Ein deutscher Satz über die Nachrichten aus Berlin und München, heute Abend.",
    "Este es un artículo en español sobre la política de Madrid y de Sevilla.",
    "Le président a déclaré mercredi que les négociations reprendraient à Genève.",
    "Il governo italiano ha approvato la legge di bilancio dopo una lunga notte.",
    "Президент заявил в среду, что переговоры продолжатся в Женеве на следующей неделе.",
    "Уряд України ухвалив рішення про підтримку малого бізнесу в регіонах.",
    "Правителството одобри бюджета след дълги преговори с опозицията.",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία και την ανεργία.",
    "وقال الرئيس يوم الأربعاء إن المفاوضات ستستأنف في جنيف الأسبوع المقبل.",
    "رئیس جمهور روز چهارشنبه گفت که مذاکرات در ژنو از سر گرفته می‌شود.",
    "הממשלה הודיעה על צעדים חדשים לכלכלה ולתעסוקה בשבוע הבא.",
    "प्रधानमंत्री ने बुधवार को कहा कि बातचीत अगले सप्ताह जिनेवा में फिर से शुरू होगी।",
    "প্রধানমন্ত্রী বুধবার বলেছেন যে আলোচনা আগামী সপ্তাহে আবার শুরু হবে।",
    "பிரதமர் புதன்கிழமை பேச்சுவார்த்தை அடுத்த வாரம் மீண்டும் தொடங்கும் என்றார்.",
    "นายกรัฐมนตรีกล่าวเมื่อวันพุธว่าการเจรจาจะเริ่มต้นอีกครั้งในสัปดาห์หน้า",
    "대통령은 수요일 협상이 다음 주 제네바에서 재개될 것이라고 말했다.",
    "首相は水曜日、交渉は来週ジュネーブで再開されると述べた。カタカナもひらがなも。",
    "这是一个关于新闻的中文句子，我们要检测它的语言。总统星期三说谈判将恢复。",
    "這是一個關於新聞的中文句子，我們要檢測它的語言。總統星期三說談判將恢復。",
    "Thủ tướng cho biết vào thứ Tư rằng các cuộc đàm phán sẽ được nối lại.",
    # Vietnamese with combining marks (a + U+0301 ...): NGram.normalize_vi composes them.
    "Thu\u0309 tu\u031bo\u031b\u0301ng cho bie\u0302\u0301t va\u0300o thu\u031b\u0301 Tu\u031b.",
    "Cumhurbaşkanı çarşamba günü müzakerelerin gelecek hafta yeniden başlayacağını söyledi.",
    "Prezydent powiedział w środę, że negocjacje zostaną wznowione w przyszłym tygodniu.",
    "Prezident ve středu řekl, že jednání budou příští týden obnovena v Ženevě.",
    "Președintele a spus că negocierile vor fi reluate săptămâna viitoare la Geneva.",
    "Presedintele a spus ca ş ţ ș ț sunt litere românești, cu virgulă și cu sedilă.",
    "Pääministeri sanoi keskiviikkona, että neuvottelut jatkuvat ensi viikolla.",
    "Statsministeren sagde onsdag, at forhandlingerne genoptages i næste uge.",
    "De premier zei woensdag dat de onderhandelingen volgende week worden hervat.",
    "NATO AND THE EU SAID ON MONDAY THAT THE TALKS WOULD CONTINUE IN BRUSSELS.",
    "The WHO, UNICEF and the IMF met in NEW YORK; the USA and the UK sent ENVOYS.",
    "Read more at https://www.example.com/news/2025/10/30/story?id=42&x=y or mail "
    "press@example.org, editor.desk@news-site.co.uk for comments.",
    "Prices rose 3.5% to $1,234.56 on 29/10/2025 — “quoted” «guillemets» ‘single’ … ¡Olé!",
    "Tab\tseparated\tand   many    spaces\n\nand\r\nnewlines  here   and there.",
]


def _seed_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines.append(text[:500])
        lines.extend(line for line in text.split("\n") if line.strip())
    return lines


def _mixtures(count: int) -> list[str]:
    """Texts of words drawn from all the sentences: mixed scripts, 1 to ~120 words."""
    rng = random.Random(6)
    words = [w for s in SENTENCES for w in s.split()]
    texts = []
    for _ in range(count):
        n = rng.choice([1, 2, 3, 5, 8, 13, 30, 60, 120])
        texts.append(" ".join(rng.choice(words) for _ in range(n)))
    return texts


TEXTS = SENTENCES + _seed_lines() + _mixtures(150) + ["", " ", "12345 678", "!!!", "a", "AB"]


def _langdetect(text: str) -> list[tuple[str, float]] | None:
    detector = langdetect_factory().create()
    detector.append(text)
    try:
        return [(str(r.lang), float(r.prob)) for r in detector.get_probabilities()]
    except LangDetectException:
        return None


def _replayed(text: str) -> list[tuple[str, float]] | None:
    try:
        return replay.probabilities(text, langdetect_table(), 0)
    except LangDetectException:
        return None


def test_enough_varied_texts() -> None:
    assert len(TEXTS) >= 300
    assert sum(_langdetect(t) is None for t in TEXTS) >= 4  # the "No features" path is exercised


def test_one_at_a_time_is_langdetect() -> None:
    assert [_replayed(t) for t in TEXTS] == [_langdetect(t) for t in TEXTS]


def test_batch_is_langdetect() -> None:
    batch = replay.probabilities_many(TEXTS, langdetect_table(), 0)
    assert batch == [_langdetect(t) for t in TEXTS]


def test_batch_order_does_not_matter() -> None:
    shuffled = list(TEXTS)
    random.Random(1).shuffle(shuffled)
    batch = replay.probabilities_many(shuffled, langdetect_table(), 0)
    assert batch == [_replayed(t) for t in shuffled]


def test_no_features_raises_as_langdetect() -> None:
    with pytest.raises(LangDetectException):
        replay.probabilities("12345 !!! 678", langdetect_table(), 0)


def test_text_longer_than_max_text_length() -> None:
    text = " ".join(SENTENCES) * 5
    assert len(text) > MAX_TEXT_LENGTH
    assert _replayed(text) == _langdetect(text)


def test_walks_that_hit_the_iteration_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # A threshold above 1 never converges: every trial runs its 1,001 draws,
    # which reads far more of the random stream than a normal text.
    monkeypatch.setattr(Detector, "CONV_THRESHOLD", 1.5)
    monkeypatch.setattr(replay, "CONV_THRESHOLD", 1.5)
    texts = [SENTENCES[0], SENTENCES[17], "abc"]
    expected = [_langdetect(t) for t in texts]
    assert [_replayed(t) for t in texts] == expected
    assert replay.probabilities_many(texts, langdetect_table(), 0) == expected


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("abcXYZ éÉßçŞșțĐđ ạ ЖжЯя ΩωΣ אב عربی 中文國語 かなカナ 한국 हिन ̀́ @.:/-_0\n\t")
        ),
        max_size=200,
    )
)
@example("XXX_" + "\u0300" * 8 + "ạ")  # Vietnamese letters count as non-Latin in cleaning_text
def test_mixed_script_strings(text: str) -> None:
    assert _replayed(text) == _langdetect(text)


def test_parameters_are_langdetects() -> None:
    detector = langdetect_factory().create()
    assert replay.ALPHA == Detector.ALPHA_DEFAULT
    assert replay.ALPHA_WIDTH == Detector.ALPHA_WIDTH
    assert replay.ITERATION_LIMIT == Detector.ITERATION_LIMIT
    assert replay.CONV_THRESHOLD == Detector.CONV_THRESHOLD
    assert replay.BASE_FREQ == Detector.BASE_FREQ
    assert replay.PROB_THRESHOLD == Detector.PROB_THRESHOLD
    assert detector.n_trial == replay.N_TRIAL
    assert detector.max_text_length == MAX_TEXT_LENGTH


def test_row_sums_are_the_builtin_sum() -> None:
    rng = np.random.default_rng(0)
    tiny = 10.0 ** rng.uniform(-300, 0, (200, 55))
    rows = np.concatenate([rng.random((200, 55)), rng.random((200, 55)) ** 40, tiny])
    assert replay.row_sums(rows).tolist() == [sum(row) for row in rows.tolist()]


def test_stream_is_random_randoms() -> None:
    rng = random.Random(0)
    stream = replay._WordStream(0)
    assert stream.upto(1000)[:1000].tolist() == [rng.getrandbits(32) for _ in range(1000)]
    for pos in (0, 4, 17, 600):
        rng = random.Random(0)
        for _ in range(pos):
            rng.getrandbits(32)
        assert stream.gauss(pos) == (rng.gauss(0.0, 1.0), rng.gauss(0.0, 1.0))


def test_detect_languages_is_detect_language() -> None:
    texts = [*SENTENCES, *_seed_lines()[:20], "", "Hello there", SENTENCES[0]]
    assert detect_languages(texts) == [detect_language(t) for t in texts]


def test_prepare_many_is_prepare() -> None:
    config = Config()
    articles = [
        Article(id=path.stem, text=path.read_text(encoding="utf-8"))
        for path in sorted(SEEDS.glob("*.txt"))
    ]
    articles.append(Article(id="given", text=SENTENCES[1], lang="de"))
    one = [prepare(a, config) for a in articles]
    many = prepare_many(articles, config)
    assert [p.info for p in many] == [p.info for p in one]
    assert [p.content_hash for p in many] == [p.content_hash for p in one]
