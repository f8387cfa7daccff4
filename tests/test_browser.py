"""The HTML report in a real browser: headless Chromium loads the seeds' report.

Skipped, with the reason, when Chromium is not installed (``.ci/run`` installs
Debian's ``chromium``). Each page is loaded twice: once for the DOM as the
browser built it after running the page's script (``--dump-dom``), once for a
screenshot kept under the test's tmp dir. Set ``DEDUP_SCREENSHOT=PATH`` to also
write the seeds' screenshot there (the README's picture is made that way:
``DEDUP_SCREENSHOT=docs/seeds-report.png pytest tests/test_browser.py``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup.cli import main

WINDOW = "1280,2000"  # tall enough that the seeds screenshot reaches the first marks


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not on PATH (apt-get install chromium); the browser test needs it")


def _browse(page: Path, tmp: Path, *what: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``page`` (offline, a throw-away profile)."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    command = [
        _chromium(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
        f"--window-size={WINDOW}", *what, page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _scan(folder: Path, out: Path, *options: str) -> None:
    result = CliRunner().invoke(main, ["scan", str(folder), "--format", "html", "-o", str(out),
                                       *options])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def seeds_page(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "seeds.html"
    _scan(seeds_dir, out)
    return out


def test_the_seeds_report_shows_the_cluster_and_its_aligned_passages(seeds_page: Path) -> None:
    tmp = seeds_page.parent
    dom = _browse(seeds_page, tmp, "--dump-dom").stdout
    assert re.search(r'<html lang="en" class="js">', dom), "the page's own script did not run"
    cluster = dom[dom.index('<section class="cluster" id="c1"'):]
    cluster = cluster[: cluster.index("</section>\n</section>")]
    assert "original: 000_fa5270a6cb906790" in cluster
    assert "credits 000_fa5270a6cb906790: 'Originally published by DW" in cluster
    assert "copy: 001_a6036b3efc683721" in cluster
    copy = cluster[cluster.index('aria-label="copy 001_a6036b3efc683721"'):]
    original = copy[copy.index('aria-label="original 000_fa5270a6cb906790"'):]
    copy = copy[: copy.index('aria-label="original 000_fa5270a6cb906790"')]
    marks_copy = re.findall(r'<mark class="aligned" data-n="(\d+)"', copy)
    marks_original = re.findall(r'<mark class="aligned" data-n="(\d+)"', original)
    assert len(marks_copy) >= 3 and marks_copy == marks_original  # the same pairs, both sides
    row = r'<tr><td>(\d+)</td><td>.*?</td><td>.*?</td><td class="num">([01]\.\d\d)</td>'
    rows = re.findall(row, cluster)
    assert [n for n, _ in rows] == marks_copy and all(float(c) >= 0.7 for _, c in rows)
    for n in ("002_9a241e841ed3170a", "003_f68eab5e179ec97d", "004_fd76645f59ff68de"):
        assert n not in cluster
    shot = tmp / "seeds.png"
    _browse(seeds_page, tmp, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    wanted = os.environ.get("DEDUP_SCREENSHOT")
    if wanted:
        shutil.copyfile(shot, wanted)


def test_a_script_in_an_article_does_not_run(seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (seeds_dir / "003_f68eab5e179ec97d.txt").read_text(encoding="utf-8")
    (folder / "003.txt").write_text(text, encoding="utf-8")
    lines = text.split("\n")
    lines[3] += (" <script>document.documentElement.setAttribute('data-pwned', 'script')"
                 "</script> <img src=x onerror=\"document.documentElement.setAttribute("
                 "'data-pwned', 'img')\">")
    (folder / "003-copy.txt").write_text("\n".join(lines), encoding="utf-8")
    page = tmp_path / "hostile.html"
    _scan(folder, page, "--no-semantic")
    dom = _browse(page, tmp_path, "--dump-dom").stdout
    assert re.search(r'<html lang="en" class="js">', dom), "the page's own script did not run"
    assert "data-pwned" not in dom.split("<body>")[0]  # nothing set it on <html>
    assert "&lt;script&gt;document.documentElement.setAttribute('data-pwned'" in dom
    assert "<img" not in dom
    _browse(page, tmp_path, f"--screenshot={tmp_path / 'hostile.png'}")
    assert (tmp_path / "hostile.png").stat().st_size > 10_000
