"""Reuse outside the article body: a copy a page shows in its aside, footer, navigation or a related box.

Round twelve: a page whose own body is original, with an uncredited copy of a corpus article kept where the
extractor reads chrome (``<aside>``, ``<footer>``, ``<nav>``, a related-links box), passed ``check`` and the
gate as "no reuse found": every reader is shown the copy, the check never read it.  The real-page tests read
the article extraction benchmark's DEV pages and skip when it is absent (its 90 pages checked against each
other, the noise, are ``benchmarks/eval_outside.py``).
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import HIDDEN_LINKS, SEED_A, SEED_B, SEED_OTHERS, commit_all, seeds_repo

from benchmarks.eval_outside import ATTACKS, COPIED, HOST, attack_page
from provenance.ci import check
from provenance.ci.check import check_documents
from provenance.ci.policy import Policy
from provenance.cli import main
from provenance.index import Index
from provenance.index.state import sync
from provenance.io import formats
from provenance.io.formats import ShownText, shown_text
from provenance.io.load import CorpusRules, load_file, load_paths
from provenance.models import Document, PairResult, ShownLines
from provenance.pipeline import describe_document, prepare, set_aside
from provenance.settings import Settings

BENCHMARK = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "article_extraction_benchmark"
needs_benchmark = pytest.mark.skipif(
    not (BENCHMARK / "ground-truth.json").is_file(), reason=f"{BENCHMARK}: the benchmark is not here"
)

OWN = "".join(
    f"<p>The council of Riverton met on {day} evening to discuss item {n} of the budget, which concerns the "
    "repair of roads and the library roof, and the members voted after a long debate about costs and the "
    "priorities of the coming year.</p>"
    for n, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"])
)
"""An article body of the page's own, copied from nothing (long enough to be read as the article)."""
SEED_OTHER = SEED_OTHERS[0]
"""Seed 002, another story the corpus holds."""


def _host(body: str = OWN, head: str = "") -> str:
    article = f"<article><h1>Riverton budget</h1>{body}</article>"
    return f"<html><head><title>Riverton budget</title>{head}</head><body>{article}</body></html>"


def _check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args])


def _json(result: Result) -> dict[str, object]:
    data: dict[str, object] = json.loads(result.stdout)
    return data


# -- what a page shows outside its article text ---------------------------------------------------------


def test_the_text_left_out_is_the_shown_chrome_not_the_body() -> None:
    page = (
        "<body><header><a href='/'>Home</a></header><nav>Sections World</nav><article><p>The body of the story "
        "runs here in full.</p></article><aside><p>A copy kept in the aside.</p></aside><form><p>A copy in a "
        "form.</p></form><footer><p>A copy kept in the footer.</p></footer><script>var x = 1;</script></body>"
    )
    assert shown_text(page, "The body of the story runs here in full.").outside().split("\n") == [
        "Home",
        "Sections World",
        "A copy kept in the aside.",
        "A copy in a form.",
        "A copy kept in the footer.",
    ]


@pytest.mark.parametrize(
    "hidden",
    [
        "<aside hidden><p>{}</p></aside>",
        "<aside style='DISPLAY : none'><p>{}</p></aside>",
        "<style>.x{{display:none}}</style><footer class=x><p>{}</p></footer>",
        "<nav><p style='visibility:hidden'>{}</p></nav>",
    ],
)
def test_the_shown_text_leaves_out_what_no_reader_sees(hidden: str) -> None:
    # the shown-text rules the extraction uses: a hidden aside is no copy shown to a reader
    page = f"<body><article><p>The body of the story.</p></article>{hidden.format('A hidden copy here.')}</body>"
    assert "hidden copy" not in shown_text(page, "The body of the story.").text


# -- the attack: a copy of seeds/001 kept outside the article body ---------------------------------------


def _copy_block(seeds_dir: Path, where: str) -> str:
    text = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    return attack_page(_host(), text, where)


@pytest.mark.parametrize("where", ATTACKS)
def test_a_copy_of_a_seed_kept_outside_the_body_fails_check(where: str, seeds_dir: Path, tmp_path: Path) -> None:
    """Before: ``PASS (no reuse found)``, exit 0: the extractor leaves the aside, footer, navigation or
    related box out as chrome, and the check read only the article."""
    page = tmp_path / "riverton.html"
    page.write_text(_copy_block(seeds_dir, where), encoding="utf-8")
    result = _check(str(page), "--corpus", str(seeds_dir), "--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    match = next(m for m in checked["matches"] if m["source"] == SEED_B)
    assert match["outside_body"] is True and match["verdict"] == "fail"
    assert match["reason"].startswith("outside the article body: ")
    assert match["share_source"] >= 0.8


def test_a_copy_outside_the_body_is_annotated_where_the_page_holds_it(seeds_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "riverton.html"
    source = _copy_block(seeds_dir, "aside").replace("<aside>", "\n\n\n<aside>\n")
    page.write_text(source, encoding="utf-8")
    result = _check(str(page), "--corpus", str(seeds_dir), "--format", "json")
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    assert checked["verdict"] == "fail"
    # the line is in the JSON too (before: in the Actions annotation alone, for other CI systems nowhere)
    assert [m["line"] for m in checked["matches"] if m["source"] == SEED_B] == [5]
    result = _check(str(page), "--corpus", str(seeds_dir))
    assert "outside the article body, from line 5 of the page: " in result.output


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each parse of a page as shown (:func:`~provenance.io.formats._shown_tree`) counted from now on."""
    parsed: list[int] = []
    parse = formats._shown_tree

    def counted(html: str) -> object:
        parsed.append(len(html))
        return parse(html)

    monkeypatch.setattr(formats, "_shown_tree", counted)
    return parsed


def test_check_parses_a_page_once_for_its_article_and_what_it_shows_outside(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: twice (extraction at load, then :func:`shown_text` at check on the page read again: +22 ms a
    page).  The page's shown lines are kept from its extraction's parse; the copy in its aside still fails,
    on the line where the page holds it."""
    page = tmp_path / "riverton.html"
    page.write_text(_copy_block(seeds_dir, "aside").replace("<aside>", "\n\n\n<aside>\n"), encoding="utf-8")
    parsed = _counting_parses(monkeypatch)
    result = _check(str(page), "--corpus", str(seeds_dir), "--format", "json")
    assert result.exit_code == 1, result.output
    assert len(parsed) == 1
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    assert [(m["outside_body"], m["verdict"], m["line"]) for m in checked["matches"] if m["source"] == SEED_B] == [
        (True, "fail", 5)
    ]


def test_a_desk_upload_is_parsed_once_too(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Before: twice, as ``check`` (the upload's page given to the check, and parsed again there)."""
    from provenance.serve.desk import Desk, DeskConfig

    monkeypatch.chdir(tmp_path)
    with Index.open("index.sqlite", Settings()) as index:
        sync(index, [str(seeds_dir)], CorpusRules())
    parsed = _counting_parses(monkeypatch)
    with Desk(DeskConfig(index="index.sqlite", archive=str(seeds_dir)), Settings(), Policy()) as desk:
        outcome = desk.check_upload("riverton.html", _copy_block(seeds_dir, "footer").encode())
    assert len(parsed) == 1
    assert [(m.outside, m.verdict) for m in outcome.checks[0].matches if m.source_id == SEED_B] == [(True, "fail")]


@pytest.mark.parametrize("where", ATTACKS)
def test_the_lines_kept_from_extraction_are_those_shown_text_reads(where: str, seeds_dir: Path) -> None:
    page = _copy_block(seeds_dir, where)
    found = formats.extract_page(page, shown=True)
    assert found.shown is not None and found.shown.lines == shown_text(page, found.text).lines
    assert formats.extract_page(page).shown is None  # a scan's pages keep none


def test_the_gate_fails_a_page_with_a_copy_in_its_footer(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeds_repo(tmp_path, seeds_dir, monkeypatch, without=(SEED_A,))
    (repo / "seeds" / "riverton.html").write_text(_copy_block(seeds_dir, "footer"), encoding="utf-8")
    commit_all(repo, "add a page")
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~1"])
    assert result.exit_code == 1, result.output
    assert "seeds/riverton.html: FAIL" in result.output and "outside the article body" in result.output


@pytest.mark.parametrize("per_line", [False, True])
def test_a_copy_typed_into_lines_of_the_articles_own_text_fails_check(
    per_line: bool, seeds_dir: Path, tmp_path: Path
) -> None:
    """Before: ``PASS (no reuse found)``: an aside line holding as much of the article's own text as of the
    copy (the whole article then all of seeds/001 in one paragraph, or two of its paragraphs then one of the
    copy's in each) was held by the article text, half of its shingles, and the copy in it never compared."""
    own = [
        f"The council of Riverton met on day {n} to discuss item {n} of the budget, which concerns the repair of "
        f"road {n}, the library roof and the school on street {n}, and its members voted {n} times in the end."
        for n in range(60)
    ]
    copy = [x for x in (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    if per_line:
        aside = "".join(f"<p>{own[2 * n]} {own[2 * n + 1]} {html.escape(x)}</p>" for n, x in enumerate(copy))
    else:
        aside = f"<p>{' '.join(own)} {html.escape(' '.join(copy))}</p>"
    page = tmp_path / "riverton.html"
    body = "".join(f"<p>{x}</p>" for x in own)
    page.write_text(_host(body).replace("</body>", f"<aside>{aside}</aside></body>"), encoding="utf-8")
    result = _check(str(page), "--corpus", str(seeds_dir), "--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    match = next(m for m in checked["matches"] if m["source"] == SEED_B)
    assert (match["outside_body"], match["verdict"]) == (True, "fail")


def test_a_page_whose_article_reuses_the_source_gets_one_match_of_it(seeds_dir: Path, tmp_path: Path) -> None:
    # half the copy in the article, the other half in an aside: one match, the article's
    lines = [html.escape(x) for x in (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8").splitlines() if x]
    half = len(lines) // 2
    body = OWN + "".join(f"<p>{line}</p>" for line in lines[:half])
    page = tmp_path / "reprint.html"
    page.write_text(attack_page(_host(body), "\n".join(lines[half:]), "aside"), encoding="utf-8")
    (checked,) = _json(_check(str(page), "--corpus", str(seeds_dir), "--format", "json"))["files"]  # type: ignore[misc]
    ours = [m for m in checked["matches"] if m["source"] == SEED_B]
    assert len(ours) == 1 and ours[0]["outside_body"] is False


def test_a_quote_in_the_article_does_not_hide_the_whole_copy_in_an_aside(seeds_dir: Path, tmp_path: Path) -> None:
    """Before: WARN, exit 0: two paragraphs of seeds/001 in the article warned (7 % of it), and the match of the
    same source outside the body, all of it in an aside, was dropped as the article's source already."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seeds_dir / f"{SEED_B}.txt", corpus)
    copy = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    quoted = [html.escape(x) for x in copy.splitlines() if x.strip()][3:5]
    page = tmp_path / "riverton.html"
    body = OWN + OWN.replace("council", "board") + "".join(f"<p>{x}</p>" for x in quoted)
    page.write_text(attack_page(_host(body), copy, "aside"), encoding="utf-8")
    result = _check(str(page), "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    (match,) = checked["matches"]
    assert (match["source"], match["outside_body"], match["verdict"]) == (SEED_B, True, "fail")
    (doc,), _ = load_paths([page])
    kept: list[tuple[str, PairResult, Document, Document]] = []
    with Index.open(":memory:", Settings()) as index:
        sync(index, [str(corpus)])
        check_documents([doc], index, Settings(), Policy(), verified_pairs=kept)
    assert [(source, "Kremlin" in new.text, "long debate" in new.text) for source, _, _, new in kept] == [
        (SEED_B, True, False)  # the pair shown is the aside's, the article's gone
    ]


# -- no noise: what pages of one site share outside their bodies -----------------------------------------

TIMES = "The Times is committed to publishing a diversity of letters to the editor."
FOOTER = (
    f"{TIMES} We'd like to hear what you think about this or any of our articles. Here are some tips. "
    "And here's our email: letters@nytimes.com. Follow The New York Times Opinion section on Facebook, "
    "Twitter (@NYTopinion) and Instagram."
)
NYT = '<meta property="og:site_name" content="The New York Times">'


def test_a_footer_the_sites_pages_share_is_no_reuse_outside_the_body(tmp_path: Path) -> None:
    """Chrome by site still applies: a new page's footer that the site's indexed pages hold is its chrome."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(2):
        body = "".join(
            f"<p>Letter {n}: the reader from district {n} wrote at length about item {k} of the school budget "
            "and what the city should do about its laboratories, buses and libraries next year.</p>"
            for k in range(5)
        )
        (corpus / f"letter{n}.html").write_text(_host(body + f"<p>{FOOTER}</p>", NYT), encoding="utf-8")
    page = tmp_path / "new.html"
    page.write_text(_host(OWN, NYT).replace("</body>", f"<footer><p>{FOOTER}</p></footer></body>"), encoding="utf-8")
    result = _check(str(page), "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 0, result.output
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    assert checked["matches"] == [] and checked["verdict"] == "pass"


def test_a_chrome_sentence_shown_a_few_words_a_line_is_left_out_on_every_line(seeds_dir: Path, tmp_path: Path) -> None:
    """A footer of five short lines ("Follow us", "Facebook page", ...) that a candidate holds too is set aside as
    one sentence across the lines (read unwrapped): only the line it starts on was left out of the text compared,
    the four after it kept as the page's own."""
    footer = ["Follow us", "Facebook page", "Twitter feed", "Instagram stories", "Contact the desk"]
    own = (seeds_dir / f"{SEED_OTHERS[1]}.txt").read_text(encoding="utf-8")
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in own.split("\n") if p.strip())
    page = tmp_path / "page.html"
    canonical = "<link rel=canonical href='https://courier.example/a'>"
    footer_html = "".join(f"<p>{line}</p>" for line in footer)
    page.write_text(_host(paras, canonical).replace("</body>", f"<footer>{footer_html}</footer></body>"), "utf-8")
    story = (seeds_dir / f"{SEED_OTHER}.txt").read_text(encoding="utf-8")
    source = tmp_path / "source.md"
    source.write_text("---\nurl: https://courier.example/b\n---\n\n" + story + "\n\n" + "\n".join(footer) + "\n")
    settings = Settings()
    around = check._outside(prepare(load_file(str(page), shown=True), settings), settings)
    assert around is not None
    candidate = describe_document(prepare(load_file(str(source)), settings), settings)
    (page_bare, _), _ = set_aside([around.page, candidate], settings)
    bare, dropped = check._without_chrome(around, page_bare, settings)
    assert {around.shown.lines[n] for n in dropped} >= set(footer)
    assert not any(line in bare.text.split("\n") for line in footer)


SUBSCRIBE = (
    "Subscribe to the Riverton Courier for ten dollars a month and get every story of the valley, the "
    "council, the schools and the harbour delivered to your door each morning before seven. Our reporters "
    "cover every meeting of the council and every match of the county league, in print and online."
)
"""A box of the site's, which its chrome file lists."""


def test_a_listed_chrome_line_outside_the_body_is_no_reuse(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    box = SUBSCRIBE
    (corpus / "other.md").write_text(
        "The harbour committee met to discuss the winter ferry timetable and the northern pier.\n\n" + box + "\n"
    )
    (tmp_path / "chrome.txt").write_text(box + "\n", encoding="utf-8")
    page = tmp_path / "new.html"
    page.write_text(_host().replace("</body>", f"<aside><p>{box}</p></aside></body>"), encoding="utf-8")
    listed = ["--set", f"chrome_file={tmp_path / 'chrome.txt'}"]
    before = _json(_check(str(page), "--corpus", str(corpus), "--format", "json"))
    assert before["verdict"] != "pass"  # not listed: the box is reuse outside the body
    (checked,) = _json(_check(str(page), "--corpus", str(corpus), "--format", "json", *listed))["files"]  # type: ignore[misc]
    assert checked["matches"] == []


HARBOUR = "".join(
    f"<p>The harbour board of Eastport said on {day} that the northern pier will close for repairs to its "
    f"pilings, item {n} of a plan that moves the winter ferry to the southern quay until the spring.</p>"
    for n, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
)
"""A story of the site's own, copied whole into another of its pages' aside."""


def test_accept_records_the_shares_the_check_reports_of_a_copy_beside_the_sites_chrome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``accept`` measured the aside's copy with the footer both pages of the site end with (their
    chrome, set aside by the check) and recorded 47% of the page and 94% of the story where the check reported
    41% and 92%, and ``baseline`` wrote 41% and 92% for the same pair (two formulas; the entry still passed,
    by its digests).  Both now use the check's reading (:func:`~provenance.ci.check._without_shared_chrome`)."""
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    byline = "<p>Reporting by Jane Doe in Eastport; editing by Sam Roe and the night desk of the paper.</p>"
    (corpus / "story.html").write_text(_host(HARBOUR + byline + f"<p>{FOOTER}</p>", NYT), encoding="utf-8")
    page = _host(OWN, NYT).replace("<body>", f"<body><aside>{HARBOUR}</aside>")
    (corpus / "page.html").write_text(page.replace("</body>", f"<footer><p>{FOOTER}</p></footer></body>"))
    page_path, story_path = str(corpus / "page.html"), str(corpus / "story.html")
    (match,) = _json(_check(page_path, "--corpus", str(corpus), "--format", "json"))["files"][0]["matches"]  # type: ignore[index]
    assert match["source"] == "story" and match["outside_body"] is True and match["verdict"] == "fail"
    accept = ["accept", page_path, "--source", story_path, "--corpus", str(corpus), "--baseline", "accepted.json"]
    assert CliRunner().invoke(main, accept).exit_code == 0
    (accepted,) = json.loads(Path("accepted.json").read_text(encoding="utf-8"))["entries"]
    assert (accepted["share_new"], accepted["share_source"]) == (
        round(match["share_new"], 3),
        round(match["share_source"], 3),
    )
    result = CliRunner().invoke(main, ["baseline", str(corpus), "--out", "every.json"])
    assert result.exit_code == 0, result.output
    (entry,) = [e for e in json.loads(Path("every.json").read_text(encoding="utf-8"))["entries"] if e["new"] == "page"]
    fields = ("new", "source", "new_sha256", "source_sha256", "share_new", "share_source")
    assert {k: entry[k] for k in fields} == {k: accepted[k] for k in fields}
    (checked,) = _json(_check(page_path, "--corpus", str(corpus), "--baseline", "accepted.json", "--format", "json"))[
        "files"
    ]  # type: ignore[misc]
    assert checked["verdict"] == "pass" and "accepted in the baseline" in checked["matches"][0]["reason"]


# -- real pages of the benchmark's DEV part ---------------------------------------------------------------


def _truth() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    return data


def _key(prefix: str) -> str:
    return next(key for key in sorted(_truth()) if key.startswith(prefix))


def _unpack(key: str, folder: Path) -> Path:
    path = folder / f"{key}.html"
    path.write_bytes(gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes()))
    return path


@needs_benchmark
@pytest.mark.parametrize("copied", [SEED_B, *COPIED])
@pytest.mark.parametrize("where", ATTACKS)
def test_a_copy_kept_outside_a_real_pages_body_fails(where: str, copied: str, seeds_dir: Path, tmp_path: Path) -> None:
    """A latimes.com story (its body its own) given seeds/001 or another DEV page's true body in an aside, a
    footer, a nav or a related-links box, checked against those: PASS before, FAIL now."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(seeds_dir / f"{SEED_B}.txt", corpus)
    sources = {SEED_B: (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")}
    for prefix in COPIED:
        _unpack(_key(prefix), corpus)
        sources[prefix] = _truth()[_key(prefix)]["articleBody"]
    host = gzip.decompress((BENCHMARK / "html" / f"{_key(HOST)}.html.gz").read_bytes()).decode("utf-8")
    page = tmp_path / "new.html"
    page.write_text(attack_page(host, sources[copied], where), encoding="utf-8")
    result = _check(str(page), "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 1, result.output
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    source = copied if copied == SEED_B else _key(copied)
    (match,) = checked["matches"]
    assert (match["source"], match["outside_body"], match["verdict"]) == (source, True, "fail")


@needs_benchmark
@pytest.mark.parametrize("host", ["thehill.com", "www.morebikes.co.uk"])
def test_real_pages_of_one_site_find_nothing_outside_their_bodies(host: str, tmp_path: Path) -> None:
    """Two articles of one site share their header, menus and footer, which a check now reads: no match."""
    keys = sorted(k for k, v in _truth().items() if (v["url"].split("/")[2]) == host)
    assert len(keys) == 2
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pages = [_unpack(key, corpus) for key in keys]
    result = _check(*map(str, pages), "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [m for f in _json(result)["files"] for m in f["matches"]] == []  # type: ignore[attr-defined]


def test_a_teaser_outside_the_body_warns_by_its_share_of_the_page(seeds_dir: Path, tmp_path: Path) -> None:
    """A related box quoting another story's headline and first sentence: its share is of all the page shows
    (the article with the rest), not of the few lines outside the article, which on a page with no other chrome
    are the teaser alone (98 %: a FAIL for a teaser)."""
    lines = [x for x in (seeds_dir / f"{SEED_OTHER}.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    teaser = "".join(f'<li><a href="/story/{n}">{html.escape(line)}</a></li>' for n, line in enumerate(lines[:2]))
    page = tmp_path / "riverton.html"
    page.write_text(_host().replace("</body>", f"<div class=related><ul>{teaser}</ul></div></body>"), "utf-8")
    result = _check(str(page), "--corpus", str(seeds_dir), "--format", "json")
    assert result.exit_code == 0, result.output
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    (match,) = checked["matches"]
    assert (match["source"], match["outside_body"], match["verdict"]) == (SEED_OTHER, True, "warn")
    assert match["share_new"] < 0.2


def test_the_pair_kept_for_a_source_the_article_matches_is_the_articles(seeds_dir: Path, tmp_path: Path) -> None:
    """The reprint desk shows each match's pair by its source: the pair of the text outside the body, verified
    after the article's, replaced the article's in what ``verified_pairs`` held for the same source."""
    lines = [html.escape(x) for x in (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8").splitlines() if x]
    half = len(lines) // 2  # the article reprints the first half, the aside the second
    body = OWN + "".join(f"<p>{x}</p>" for x in lines[:half])
    page = tmp_path / "reprint.html"
    page.write_text(attack_page(_host(body), "\n".join(lines[half:]), "aside"), "utf-8")
    (doc,), _ = load_paths([page])
    kept: list[tuple[str, PairResult, Document, Document]] = []
    with Index.open(":memory:", Settings()) as index:
        sync(index, [str(seeds_dir)])
        (checked,) = check_documents([doc], index, Settings(), Policy(), verified_pairs=kept)
    pairs = {source: new for source, _, _, new in kept if source == SEED_B}
    assert [m.outside for m in checked.matches if m.source_id == SEED_B] == [False]
    assert [new.text for new in pairs.values()] == [doc.text]


# -- what an editor does with the finding: the direction it reads, and accepting it -----------------------


def _seed_002_in_an_aside(seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A gate repository whose change adds ``seeds/riverton.html``: seed 002 (dated nowhere, crediting nobody)
    copied whole into the aside of a page of its own."""
    repo = seeds_repo(tmp_path, seeds_dir, monkeypatch, without=())
    copy = (seeds_dir / f"{SEED_OTHER}.txt").read_text(encoding="utf-8")
    (repo / "seeds" / "riverton.html").write_text(attack_page(_host(), copy, "aside"), encoding="utf-8")
    commit_all(repo, "add a page")
    return repo


def test_a_copy_outside_the_body_is_never_read_as_the_source_of_what_it_copies(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``b-from-a``, the corpus text read as a reprint of the page (the page "contains" it plus more),
    so the gate's next step accepted the archived story as a reprint of the page (``accept --source
    seeds/riverton.html -- seeds/002…``) and the annotation said the page was "reused by" it.  What a page shows
    outside its article is its boxes and chrome, not a text grown from the copy: containment gives no order."""
    _seed_002_in_an_aside(seeds_dir, tmp_path, monkeypatch)
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~1", "--format", "json"])
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    (match,) = [m for m in checked["matches"] if m["source"] == SEED_OTHER]
    assert match["outside_body"] is True and match["relation"] != "b-from-a"
    assert match["reason"] == "outside the article body: at or above the fail share 50%"
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~1"])
    assert f"provenance accept --source seeds/{SEED_OTHER}.txt --reason '…' -- seeds/riverton.html" in result.output


def test_a_copy_outside_the_body_is_accepted_as_the_gate_says_and_then_passes(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``provenance: error: seeds/riverton.html: shares no passage with seeds/002….txt; nothing to
    accept``, exit 2 (``accept`` measured the page's article alone), so the finding could not be accepted
    as docs/ci-gate.md says it is."""
    _seed_002_in_an_aside(seeds_dir, tmp_path, monkeypatch)
    accept = ["accept", "seeds/riverton.html", "--source", f"seeds/{SEED_OTHER}.txt", "--reason", "our partner's"]
    result = CliRunner().invoke(main, accept)
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(Path("seeds/.provenance-baseline.json").read_text(encoding="utf-8"))["entries"]
    assert (entry["new"], entry["source"]) == ("riverton", SEED_OTHER) and entry["share_source"] >= 0.8
    assert 0.0 < entry["share_new"] < 1.0  # its share of all the page shows, as the gate measures it
    commit_all(tmp_path / "repo", "accept the box")
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~2"])
    assert result.exit_code == 0, result.output
    assert "accepted in the baseline (our partner's)" in result.output


def test_the_gate_says_on_which_line_of_the_page_the_copy_outside_the_body_starts(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the text report said "outside the article body" and nothing of where (the line was in the
    Actions annotation alone), and its next step was ``provenance compare``, which reads the page's article
    only and answers "no reuse" for such a copy."""
    repo = _seed_002_in_an_aside(seeds_dir, tmp_path, monkeypatch)
    page = repo / "seeds" / "riverton.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<aside>", "\n\n\n<aside>\n"), encoding="utf-8")
    commit_all(repo, "the aside on a line of its own")
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~2"])
    assert "outside the article body, from line 5 of the page: " in result.output, result.output
    assert "provenance compare" not in result.output
    assert f"provenance accept --source seeds/{SEED_OTHER}.txt" in result.output


def test_baseline_accepts_a_copy_outside_the_body_as_accept_does_and_the_gate_then_passes(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``provenance baseline`` (accept every current pair) built on the scan, which reads articles only:
    it never accepted the aside's copy of seed 002, and the gate run after it failed the page, a failure the
    newsroom adopting the gate could not baseline.  Its entry is now the one ``accept PAGE --source STORY``
    writes (the same texts, digests and shares), and the gate passes the page."""
    _seed_002_in_an_aside(seeds_dir, tmp_path, monkeypatch)
    result = CliRunner().invoke(main, ["baseline"])
    assert result.exit_code == 0, result.output
    entries = json.loads(Path("seeds/.provenance-baseline.json").read_text(encoding="utf-8"))["entries"]
    (entry,) = [e for e in entries if "riverton" in (e["new"], e["source"])]
    accept = ["accept", "seeds/riverton.html", "--source", f"seeds/{SEED_OTHER}.txt", "--baseline", "accepted.json"]
    assert CliRunner().invoke(main, accept).exit_code == 0
    (accepted,) = json.loads(Path("accepted.json").read_text(encoding="utf-8"))["entries"]
    fields = ("new", "source", "new_sha256", "source_sha256", "share_new", "share_source")
    assert {k: entry[k] for k in fields} == {k: accepted[k] for k in fields}
    Path("accepted.json").unlink()
    commit_all(tmp_path / "repo", "baseline every current pair")
    result = CliRunner().invoke(main, ["gate", "--base", "HEAD~2"])
    assert result.exit_code == 0, result.output
    assert "outside the article body" in result.output and "accepted in the baseline" in result.output


# -- a related box quoting a story and linking it: a credit ----------------------------------------------

TEASED = "https://www.latimes.com/entertainment-arts/business/story/2019-11-19/disney-plus-kevin-mayer"
"""The address the DEV page ``HOST`` (latimes.com) declares, its canonical URL: the story a box teases."""
PROMO = "https://www.latimes.com/business/hiltzik/la-fi-hiltzik-alden-gannett-20190115-story.html"
"""The story the real related box of another latimes.com DEV page (8634d121) quotes, and links three times."""
DESCRIPTION = re.compile(r'<div class="PromoSmall-description">.*?</div>', re.DOTALL)


def _teaser_page(tmp_path: Path, link: str | None, extra: str = "", head: str = "") -> tuple[Path, Path]:
    """The corpus (the DEV page ``HOST``, story A) and a page of the same site (the DEV page 8634d121) whose real
    related box (a headline link, an image link and a description: ``PromoSmall``) quotes A's first two
    paragraphs, its links leading to ``link`` (None: no links, the anchors made spans), with ``extra`` markup
    in the description and ``head`` in the page's head."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _unpack(_key(HOST), corpus)
    page = gzip.decompress((BENCHMARK / "html" / f"{_key('8634d121')}.html.gz").read_bytes()).decode("utf-8")
    teaser = " ".join(p for p in _truth()[_key(HOST)]["articleBody"].split("\n") if p.strip())[:440]
    teaser = teaser[: teaser.rindex(".") + 1]  # the first two paragraphs, whole
    box = f'<div class="PromoSmall-description">{html.escape(teaser)}{extra}</div>'
    page = DESCRIPTION.sub(lambda _: box, page, count=1).replace("<head>", f"<head>{head}", 1)
    if link is None:
        page = re.sub(rf'<a class="Link"([^>]*)href="{re.escape(PROMO)}"([^>]*)>(.*?)</a>', r"<span>\3</span>", page)
    else:
        page = page.replace(PROMO, html.escape(link))
    new = tmp_path / "new.html"
    new.write_text(page, encoding="utf-8")
    return corpus, new


@needs_benchmark
@pytest.mark.parametrize(
    ("link", "head"),
    [
        (TEASED, ""),
        ("/entertainment-arts/business/story/2019-11-19/disney-plus-kevin-mayer", ""),  # the page's own address
        ("HTTP://WWW.LATIMES.COM/entertainment-arts/business/story/2019-11-19/disney-plus-kevin-mayer/?x=1#top", ""),
        ("2019-11-19/disney-plus-kevin-mayer", '<base href="/entertainment-arts/business/story/">'),
    ],
    ids=["address", "relative", "spelled-otherwise", "base"],
)
def test_a_related_box_quoting_the_sites_story_and_linking_it_credits_it(link: str, head: str, tmp_path: Path) -> None:
    """A latimes.com page's related box (its real markup) quoting the first two paragraphs of another
    latimes.com story, in the index, and linking it.  Before: ``WARN`` (exit 0), "outside the article body: a
    reused passage below the warn share", on every page teasing a story of its own site: the box's link says
    where its text is from, a credit, as a credit in words is (allow_credited)."""
    corpus, new = _teaser_page(tmp_path, link, head=head)
    result = _check(str(new), "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 0, result.output
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    (match,) = checked["matches"]
    assert (match["source"], match["outside_body"], match["verdict"]) == (_key(HOST), True, "pass")
    assert match["credit"] == f"a link to {TEASED}"
    assert match["reason"] == (
        f"outside the article body: credits its source (a link to {TEASED}), which allows it (allow_credited):"
        " a reused passage below the warn share"
    )
    assert checked["verdict"] == "pass"


@needs_benchmark
@pytest.mark.parametrize(
    ("link", "extra"),
    [
        (PROMO, ""),  # the box as the page has it: its links lead to another story
        (None, ""),
        (f"javascript:window.location='{TEASED}'", ""),
        (None, f' <a href="{TEASED}" style="display: none">Read more</a>'),  # a link no reader is shown
        (None, f'<a href="{TEASED}"> </a>'),  # a link that shows nothing
        ("https://www.latimes.com/entertainment-arts/business/story/2019-11-19", ""),
    ],
    ids=["elsewhere", "no-link", "javascript", "hidden", "empty", "another-path"],
)
def test_a_related_box_quoting_a_story_without_a_link_to_it_is_still_reported(
    link: str | None, extra: str, tmp_path: Path
) -> None:
    corpus, new = _teaser_page(tmp_path, link, extra)
    result = _check(str(new), "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 0, result.output
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    (match,) = checked["matches"]
    assert (match["source"], match["outside_body"], match["verdict"]) == (_key(HOST), True, "warn")
    assert match["credit"] is None
    assert match["reason"] == "outside the article body: a reused passage below the warn share"


def test_a_related_box_linking_the_story_it_quotes_credits_it(seeds_dir: Path, tmp_path: Path) -> None:
    """The same without the benchmark: a box quoting seed 002 (a Markdown story declaring its address) and
    linking it, beside the headline's link as a related box has it; a passage of it outside the box is not
    credited by the box's link."""
    url = "https://courier.example/valley/the-story"
    page, lines, check = _box_quoting_seed(seeds_dir, tmp_path, url, "/valley/the-story/", "valley/budget")
    assert check() == [("pass", f"a link to {url}")]
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<footer><p>{lines[3]}</p></footer></body>"))
    assert check() == [("warn", None)]


def _box_quoting_seed(
    seeds_dir: Path, tmp_path: Path, url: str, href: str, canonical: str
) -> tuple[Path, list[str], Callable[[], list[tuple[str, str | None]]]]:
    """A page (at ``canonical`` of courier.example) whose aside holds a related box quoting the first three
    paragraphs of seed 002, a Markdown story of the corpus declaring the address ``url``, and linking
    ``href``: the page, the story's paragraphs, and its check's matches as (verdict, credit)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = (seeds_dir / f"{SEED_OTHER}.txt").read_text(encoding="utf-8")
    (corpus / "story.md").write_text(f"---\nurl: {url}\n---\n\n{story}", encoding="utf-8")
    lines = [html.escape(x) for x in story.splitlines() if x.strip()]
    card = f"<div class=card><h3><a href='{href}'>Read it</a></h3><p>{' '.join(lines[:3])}</p></div>"
    head = f"<link rel='canonical' href='https://courier.example/{canonical}'>"
    page = tmp_path / "riverton.html"
    page.write_text(_host(head=head).replace("</body>", f"<aside>{card}</aside></body>"), encoding="utf-8")

    def check() -> list[tuple[str, str | None]]:
        (checked,) = _json(_check(str(page), "--corpus", str(corpus), "--format", "json"))["files"]  # type: ignore[misc]
        return [(m["verdict"], m["credit"]) for m in checked["matches"]]

    return page, lines, check


@pytest.mark.parametrize(("wrapper", "story_tag"), [("div", "article"), ("main", "article"), ("div", "div")])
def test_a_link_in_the_article_body_credits_no_copy_beside_it_in_the_pages_wrapper(
    wrapper: str, story_tag: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """A page wrapped in one block (``<div id=page>``, a ``<main>``), its article linking seed 002 ("Earlier: the
    valley story") and an aside beside it copying 002 with no link: the aside's lines, holding no link, took the
    wrapper's (20 addresses or fewer, the body's link among them), and the copy passed as credited; the same
    copy in the body with that link fails (a passage outside the linking box is no credit).  So too with the
    story in a plain ``<div>`` (no ``<article>`` to tell the wrapper by): a block holding the article's text
    lends no link."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = (seeds_dir / f"{SEED_OTHER}.txt").read_text(encoding="utf-8")
    url = "https://courier.example/valley/the-story"
    (corpus / "story.md").write_text(f"---\nurl: {url}\n---\n\n{story}", encoding="utf-8")
    copy = "".join(f"<p>{html.escape(x)}</p>" for x in story.splitlines()[:6] if x.strip())
    earlier = "<p>Earlier: <a href='/valley/the-story/'>the valley story</a>.</p>"
    head = "<link rel='canonical' href='https://courier.example/valley/budget'>"
    page = tmp_path / "riverton.html"
    article = f"<{story_tag} class=story><h1>Riverton budget</h1>{OWN}{earlier}</{story_tag}>"
    body = f"<{wrapper} id=page>{article}<aside>{copy}</aside></{wrapper}>"
    page.write_text(_host(head=head).split("<body>")[0] + f"<body>{body}</body></html>", encoding="utf-8")
    (checked,) = _json(_check(str(page), "--corpus", str(corpus), "--format", "json"))["files"]  # type: ignore[misc]
    assert [(m["verdict"], m["credit"]) for m in checked["matches"]] == [("warn", None)]


@pytest.mark.parametrize(("href", "credited"), [("/view.html?idx=7&ref=box", True), ("/view.html?idx=8", False)])
def test_a_box_on_a_site_addressing_its_stories_by_query_credits_only_the_story_it_links(
    seeds_dir: Path, tmp_path: Path, href: str, credited: bool
) -> None:
    """A site whose stories are ``view.html?idx=N`` (entermedia.co.kr's DEV pages): the link credited any of its
    stories, the query being dropped, so a box quoting story 7 and linking story 8 passed as credited."""
    url = "https://courier.example/view.html?idx=7"
    _, _, check = _box_quoting_seed(seeds_dir, tmp_path, url, href, "view.html?idx=9")
    assert check() == [("pass", f"a link to {url}") if credited else ("warn", None)]


SOURCE_URL = "https://sputnik.example/world/iran-russia"
"""The address a corpus copy of seed 001 declares (:func:`_linked_copy`)."""


def _linked_copy(seeds_dir: Path, tmp_path: Path, link: str, head: str = "") -> list[tuple[str, str | None]]:
    """Check a page of its own (``head`` in its head) with an aside quoting seed 001 (four paragraphs without the
    name of its source) beside ``link``, the seed in the corpus declaring :data:`SOURCE_URL`: each match's
    verdict and credit."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")
    (corpus / "story.md").write_text(f"---\nurl: {SOURCE_URL}\n---\n\n{story}", encoding="utf-8")
    lines = [html.escape(x) for x in story.splitlines() if x.strip() and "Sputnik" not in x]
    card = f"<div class=card><h3>{link}</h3><p>{' '.join(lines[:4])}</p></div>"
    page = tmp_path / "riverton.html"
    page.write_text(_host(head=head).replace("</body>", f"<aside>{card}</aside></body>"), encoding="utf-8")
    (checked,) = _json(_check(str(page), "--corpus", str(corpus), "--format", "json"))["files"]  # type: ignore[misc]
    return [(m["verdict"], m["credit"]) for m in checked["matches"]]


@pytest.mark.parametrize(
    "text", ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u3164", "\u2800", "&#8203;", "\u200b\u200c \u00ad"]
)
def test_a_link_showing_only_invisible_characters_credits_nothing(seeds_dir: Path, tmp_path: Path, text: str) -> None:
    """A link to the source holding a zero-width space (a word joiner, a soft hyphen, a Hangul filler, a Braille
    blank) shows no text, as ``<a href=…> </a>`` does, but was read as showing some: an uncredited copy of seed
    001 beside it passed as ``credits its source (a link to …)``."""
    assert _linked_copy(seeds_dir, tmp_path, f"<a href='{SOURCE_URL}'>{text}</a>") == [("warn", None)]


@pytest.mark.parametrize("form", HIDDEN_LINKS)
def test_a_link_no_reader_can_see_or_follow_credits_nothing(seeds_dir: Path, tmp_path: Path, form: str) -> None:
    """A link to the source beside an uncredited copy of seed 001, in a box of no size that hides what overflows
    it, scaled to nothing, too faint to see (an opacity of 0.03, a filter to none), drawn in its background's
    colour, or shown but inert
    (``pointer-events: none``, ``inert``): no reader sees or follows it (``helpers.HIDDEN_LINKS``, measured in
    Chromium by ``test_a_credit_link_chromium_shows_no_reader_is_read_so``), but it credited the copy, which
    passed as ``credits its source (a link to …)``.  A link such styles leave shown (an inline box's size or
    transform, a box whose padding shows it, half an opacity, a colour apart) still credits it."""
    sheet, link, credited = HIDDEN_LINKS[form]
    head = f"<style>{sheet}</style>" if sheet else ""
    expected = ("pass", f"a link to {SOURCE_URL}") if credited else ("warn", None)
    assert _linked_copy(seeds_dir, tmp_path, link.format(href=SOURCE_URL), head) == [expected]


@pytest.mark.parametrize(
    ("link", "credited"),
    [
        ("<details><summary>More</summary><a href='{}'>Read it</a></details>", False),
        ("<details><summary>More</summary><details open><a href='{}'>Read it</a></details></details>", False),
        ("<dialog><a href='{}'>Read it</a></dialog>", False),
        ("<a href='{}'><details><summary></summary>Read it</details></a>", False),
        ("<details><summary><a href='{}'>Read it</a></summary>More</details>", True),  # the summary is shown
        ("<details open><summary>More</summary><a href='{}'>Read it</a></details>", True),
        ("<dialog open><a href='{}'>Read it</a></dialog>", True),
    ],
    ids=["details", "nested", "dialog", "wrapping", "summary", "details-open", "dialog-open"],
)
def test_a_link_a_closed_details_or_dialog_holds_credits_nothing(
    seeds_dir: Path, tmp_path: Path, link: str, credited: bool
) -> None:
    """A browser shows nothing of a ``<dialog>`` or a ``<details>`` (but its summary) until it is opened: their
    text is read (more read), but a link to the source in one credited the uncredited copy of seed 001 beside
    it."""
    expected = ("pass", f"a link to {SOURCE_URL}") if credited else ("warn", None)
    assert _linked_copy(seeds_dir, tmp_path, link.format(SOURCE_URL)) == [expected]


@pytest.mark.parametrize(
    ("href", "credited"),
    [
        ("https://evil.example\\@sputnik.example/world/iran-russia", False),  # a browser goes to evil.example
        ("https:\\\\evil.example\\@sputnik.example/world/iran-russia", False),
        ("https://sputnik.example\\world\\iran-russia", True),  # a browser reads its backslashes as slashes
        ("https://sputnik.exam\tple/world/iran-russia", True),  # a browser drops the tab
    ],
    ids=["userinfo", "slashes", "path", "tab"],
)
def test_a_link_is_read_with_its_backslashes_as_a_browser_reads_them(
    seeds_dir: Path, tmp_path: Path, href: str, credited: bool
) -> None:
    """A backslash in a web address's host or path is a slash to a browser; Python's parser read
    ``https://evil.example\\@sputnik.example/…`` as an address of sputnik.example (the part before the ``@`` its
    user), so a copy of seed 001 beside a link leading to evil.example passed as credited by a link to its source."""
    expected = ("pass", f"a link to {SOURCE_URL}") if credited else ("warn", None)
    assert _linked_copy(seeds_dir, tmp_path, f"<a href='{html.escape(href)}'>Read it</a>") == [expected]


MENU = "".join(f"<li><a href='/{n}'>{n}</a></li>" for n in range(21))
"""A list of 21 links (more than a teaser box holds)."""


@pytest.mark.parametrize(
    ("box", "links"),
    [
        ("<a href='/b'>What B says here.</a>", ("/b",)),
        ("<div><h3><a href='/b'>B</a></h3><p>What B says here.</p></div>", ("/b",)),  # beside its headline
        ("<div><p>What B says here.</p><div><a href='/b'>Read more</a></div></div>", ("/b",)),
        ("<ul><li><a href='/a'>A</a></li><li><p>What B says here.</p></li></ul>", ("/a",)),  # the block's
        (f"<ul>{MENU}<li>What B says here.</li></ul>", ()),  # a block of too many links lends none
        ("<p>What B says here.<a href='/b' hidden>B</a></p>", ()),
        ("<p>What B says here.<a href='/b'><img src='b.png'></a></p>", ()),  # a link showing no text
        ("<p>What B says here.</p></aside><footer><a href='/b'>B</a></footer><aside>", ()),  # in no block with it
    ],
)
def test_each_shown_line_carries_the_links_it_is_shown_in(box: str, links: tuple[str, ...]) -> None:
    page = f"<html><body><article><p>The body of the story.</p></article><aside>{box}</aside></body></html>"
    shown = shown_text(page, "The body of the story.", url="https://x.org/a")
    (n,) = [n for n, line in enumerate(shown.lines) if line.startswith("What B says")]
    assert shown.links[n] == links


def test_a_credit_by_link_reads_only_the_links_of_the_lines_its_spans_touch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The links of every line of the outside text were read (each target parsed with the page's address again)
    for a span touching one: 2.9 s for one call on a page of 80,000 links (benchmarks/bench_linking.py)."""
    teasers = "".join(f"<li><a href='/s/{n}/'>Story {n}</a></li>" for n in range(100))
    page = f"<html><body><article><p>The body of the story.</p></article><ul>{teasers}</ul></body></html>"
    shown = shown_text(page, "The body of the story.", url="https://x.org/a")
    read: list[str | None] = []
    address = formats._address
    monkeypatch.setattr(formats, "_address", lambda url, base=None: read.append(url) or address(url, base))
    assert shown.linking("https://x.org/s/0", [(0, 7)]) and not shown.linking("https://x.org/s/0", [(0, 16)])
    assert sorted(read, key=str) == ["/s/0/", "/s/0/", "/s/1/", "https://x.org/s/0", "https://x.org/s/0"]


def test_a_box_linking_its_story_after_a_chrome_line_is_credited(seeds_dir: Path, tmp_path: Path) -> None:
    """A chrome line (the chrome file lists it; the story holds it too) is left out of what is compared, before
    the box: the passages are found in the lines after it, as the page shows them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [x for x in (seeds_dir / f"{SEED_OTHER}.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    url = "https://courier.example/valley/the-story"
    (corpus / "story.md").write_text(f"---\nurl: {url}\n---\n\n{SUBSCRIBE}\n\n" + "\n\n".join(lines))
    (tmp_path / "chrome.txt").write_text(SUBSCRIBE + "\n", encoding="utf-8")
    card = f"<div><h3><a href='{url}'>Read it</a></h3><p>{html.escape(' '.join(lines[:3]))}</p></div>"
    page = tmp_path / "new.html"
    page.write_text(_host().replace("</body>", f"<nav><p>{SUBSCRIBE}</p></nav><aside>{card}</aside></body>"), "utf-8")
    listed = ["--set", f"chrome_file={tmp_path / 'chrome.txt'}"]
    result = _check(str(page), "--corpus", str(corpus), "--format", "json", *listed)
    (checked,) = _json(result)["files"]  # type: ignore[misc]
    assert [(m["verdict"], m["credit"]) for m in checked["matches"]] == [("pass", f"a link to {url}")]


def test_the_text_after_an_aside_is_a_line_of_its_own_and_takes_none_of_its_links() -> None:
    """An ``<aside>``, a ``<nav>`` or a ``<footer>`` started and ended no line: the text after an aside holding a
    link was glued to the link's text ("HeadUnrelated words.") and read as shown in that link.  Now a line of
    its own, it takes the link as any line of a block holding one does (lent by the ``<div>``, a teaser's
    card), not as the link's own text."""
    body = "The council of Riverton met on Monday evening to discuss the budget of the roads."
    for box in ("aside", "nav", "footer"):
        page = f"<body><article><p>{body}</p></article><div><{box}><a href=/s/>Head</a></{box}>Unrelated words.</div>"
        shown = shown_text(page, body, url="https://x.org/a")
        assert shown.outside() == "Head\nUnrelated words.", box
        assert shown.lent == ((2, 1, 3, ("/s/",)),), box  # "Unrelated words.": the div's, not its own
        assert shown.linking("https://x.org/s/", [(0, 4)]), box  # "Head"


def test_a_base_address_is_read_with_its_backslashes_as_a_browser_reads_it() -> None:
    """A link was read with its backslashes as a browser reads them, but the page's ``<base href>`` was not:
    ``<base href="\\\\evil.example/">`` made every relative link lead under the page's own address."""
    lines = ShownLines(("hello world",), (("story",),), "\\\\evil.example/")
    shown = ShownText.of(lines, "x", "https://site.example/a/")
    assert shown.base == "https://evil.example/"
    assert shown.linking("https://evil.example/story", [(0, 11)])
    assert not shown.linking("https://site.example/a/evil.example/story", [(0, 11)])


MODERN_COLOURS = ["oklch(.5 .1 30)", "oklab(.5 .1 .1)", "lab(50 10 10)", "lch(50 10 30)", "color(display-p3 .1 .3 .8)"]
"""CSS Color 4 colours tinycss2 reads but does not convert to sRGB (Tailwind v4's palette is oklch)."""


@pytest.mark.parametrize("colour", [*MODERN_COLOURS, "color()"])
@pytest.mark.parametrize("where", ["inline", "rule", "around"])
def test_a_link_in_a_colour_not_converted_here_is_taken_as_seen(
    seeds_dir: Path, tmp_path: Path, colour: str, where: str
) -> None:
    """A link (or a box around it) coloured ``oklch()``, ``lab()``, ``color(display-p3 …)``: tinycss2 raised
    NotImplementedError converting it to sRGB (``color()``: ValueError reading it), and ``check`` refused the
    page ("HTML could not be parsed", exit 2).  A colour not known here is unknown, as an external sheet's: the
    link is taken as seen and credits the copy beside it."""
    forms = {
        "inline": ("", f"<a href='{{}}' style='color:{colour}'>Read it</a>"),
        "rule": (f"<style>.c{{color:{colour}}}</style>", "<a class=c href='{}'>Read it</a>"),
        "around": (f"<style>.c{{background:{colour}}}</style>", "<span class=c><a href='{}'>Read it</a></span>"),
    }
    head, link = forms[where]
    assert _linked_copy(seeds_dir, tmp_path, link.format(SOURCE_URL), head) == [("pass", f"a link to {SOURCE_URL}")]


@pytest.mark.parametrize("colour", ["oklch(.5 .1 30 / 0)", "color(display-p3 .1 .3 .8 / 0)"])
def test_a_link_in_a_transparent_modern_colour_credits_nothing(seeds_dir: Path, tmp_path: Path, colour: str) -> None:
    """A colour of alpha 0 is transparent whatever its space: a link drawn in one is unseen, as ``#0000`` is."""
    link = f"<a href='{SOURCE_URL}' style='color:{colour}'>Read it</a>"
    assert _linked_copy(seeds_dir, tmp_path, link) == [("warn", None)]


@pytest.mark.parametrize("colour", MODERN_COLOURS)
def test_baseline_and_shown_text_read_a_page_in_modern_colours(seeds_dir: Path, tmp_path: Path, colour: str) -> None:
    """``shown_text`` raised NotImplementedError on a page of oklch links (not a DecodeError: the colours are read
    after the parse), and ``provenance baseline`` over a folder holding one stopped: "internal error", exit 2."""
    page = f"<style>.b{{color:{colour}}}</style><p>Own text. <a class=b href=/x>x</a></p>"
    assert shown_text(page, "Own text.").links == (("/x",),)
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    linked = _host(OWN + "<aside><a href=/x>More</a></aside>", f"<style>a{{color:{colour}}}</style>")
    (corpus / "riverton.html").write_text(linked, encoding="utf-8")
    result = CliRunner().invoke(main, ["baseline", str(corpus), "--out", str(tmp_path / "every.json")])
    assert result.exit_code == 0, result.output
