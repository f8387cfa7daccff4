"""Language detection: deterministic, bounded, never raising on short text."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from dedup.prepare import language
from dedup.prepare.language import detect_language, language_sample


def test_seed_000_is_english(seed_text: Callable[[str], str]) -> None:
    assert detect_language(seed_text("000")) == ("en", 1.0)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Isto é um texto em português sobre as notícias do Brasil e do mundo.", "pt"),
        ("Ein deutscher Satz über die Nachrichten aus Berlin und München heute.", "de"),
        ("Este es un artículo en español sobre la política de Madrid y Sevilla.", "es"),
        ("这是一个关于新闻的中文句子，我们要检测它的语言。这是一个关于新闻的中文句子", "zh-cn"),
        ("這是一個關於新聞的中文句子，我們要檢測它的語言。這是一個關於新聞的中文句子", "zh-tw"),
    ],
)
def test_languages_keep_langdetect_codes(text: str, code: str) -> None:
    lang, prob = detect_language(text)
    assert lang == code
    assert prob is not None and 0.5 < prob <= 1.0


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "12345 678 90", "Hello there", "https://example.com/a/b", "!!! ???"]
)
def test_undecidable_text_gives_none(text: str) -> None:
    assert detect_language(text) == (None, None)


def test_probability_is_rounded() -> None:
    _, prob = detect_language("The prime minister said on Monday that talks would continue.")
    assert prob is not None and round(prob, 4) == prob


def test_deterministic_across_cache_clears() -> None:
    # A short, ambiguous text is where an unseeded langdetect flips.
    text = "Market update: oil prices fall again"
    first = detect_language(text)
    for _ in range(5):
        language._detect_sample.cache_clear()
        assert detect_language(text) == first


def test_global_langdetect_factory_untouched() -> None:
    from langdetect.detector_factory import DetectorFactory

    detect_language("The prime minister said on Monday that talks would continue.")
    assert DetectorFactory.seed is None


def test_sample_is_whole_lines_without_urls() -> None:
    text = "https://example.com/story\n" + "\n".join(f"line {i} of text " + "x" * 83
                                                   for i in range(30))
    sample = language_sample(text, 1000)
    assert len(sample) <= 1000
    assert "example.com" not in sample
    assert all(line.startswith("line ") and line.endswith("x") for line in sample.split("\n"))
    assert len(sample.split("\n")) == 10


def test_sample_cuts_one_long_line_at_a_space() -> None:
    text = "word " * 500
    sample = language_sample(text, 1000)
    assert len(sample) <= 1000 and sample.endswith("word")


def test_short_text_is_its_own_sample() -> None:
    assert language_sample("A short text.\nTwo lines.", 1000) == "A short text.\nTwo lines."


def test_threads_share_one_factory() -> None:
    language._detect_sample.cache_clear()
    results: list[tuple[str | None, float | None]] = []
    text = "The prime minister said on Monday that talks with the unions would continue."

    def run() -> None:
        results.append(detect_language(text))

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and results[0][0] == "en"


# The head of SemEval article s02c9253dea (a machine translation into Chinese of an
# English ANI story): langdetect alone labels it "no" with probability 0.71.
CHINESE_WITH_LATIN_NAMES = (
    "Post Malone 给自己带来新年新面孔纹身\n华盛顿特区 [美国]，1 月 1 日（ANI）：Post Malone "
    "再次将他的脸用作画布，并在其上涂上纹身以庆祝 2020 年的开始。\n\n据福克斯新闻报道，"
    "流行现象选择了一个拿着连枷的中世纪手套来装饰他已经很严重的脸。\n\n这位“摇滚明星”歌手的"
    "纹身艺术家与他本周二在 Instagram 上发布的一张照片分享了他的创作。\n\n在标题中，"
    "“kylehedigertattoo”写道：“2019 年的最后一个纹身。男婴的手套@postmalone 爱你。"
)


def test_script_overrides_langdetect_on_han_text_full_of_latin_names() -> None:
    assert detect_language(CHINESE_WITH_LATIN_NAMES)[0] == "zh-cn"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("東京都は今日、新しい計画を発表しました。市民の生活を守るための対策です。", "ja"),
        ("서울시는 오늘 새로운 계획을 발표했습니다. 시민의 생활을 지키기 위한 대책입니다.", "ko"),
    ],
)
def test_kana_and_hangul_texts(text: str, code: str) -> None:
    assert detect_language(text)[0] == code


def test_latin_text_with_a_few_han_names_keeps_its_language() -> None:
    text = (
        "The delegation met officials of 北京 and 上海 on Tuesday to discuss the trade "
        "agreement, which both governments expect to sign before the end of the year."
    )
    assert detect_language(text)[0] == "en"


def test_georgian_and_armenian_are_named_by_their_script():
    """langdetect has no profile for either and said ``et`` (probability 1.0) for every
    ntrex version of both."""
    georgian = ("საქართველოს მთავრობამ ორშაბათს განაცხადა, რომ ახალი კანონი "
                "ძალაში შევა მომავალ თვეში, თბილისში გამართულ შეხვედრაზე. ") * 3
    armenian = ("Հայաստանի կառավարությունը երկուշաբթի հայտարարեց, որ նոր օրենքը "
                "ուժի մեջ կմտնի հաջորդ ամսին, Երևանում կայացած հանդիպմանը: ") * 3
    assert detect_language(georgian)[0] == "ka"
    assert detect_language(armenian)[0] == "hy"
