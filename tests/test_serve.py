"""The reprint desk (provenance serve): every API endpoint and error, the pages, the safeguards, the pool."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import html
import json
import logging
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("multipart")
from click.testing import CliRunner
from helpers import SEED_A, SEED_B, SEED_OTHERS, assert_one_line_error
from starlette.testclient import TestClient
from test_changes_read import EXPECTED, changes_of, edited
from test_outside_body import _host

from benchmarks.corpus import generate, write_folder
from benchmarks.eval_outside import attack_page
from provenance import pipeline
from provenance.ci import Policy
from provenance.ci.check import OUTSIDE_BODY
from provenance.cli import main
from provenance.index import Index, IndexFileError
from provenance.io.load import list_corpus, load_article
from provenance.report.html import render_pair_html
from provenance.serve import CSP, Desk, DeskBusy, DeskConfig, DeskError, check_binding, create_app
from provenance.serve.desk import NO_ARCHIVE
from provenance.settings import Settings

BASE = "http://127.0.0.1"
CSRF, TOKEN = "desk_csrf_80", "desk_token_80"
"""The desk's cookies as a desk on port 80 (``BASE``'s) names them."""


def build_archive(root: Path, seeds_dir: Path) -> DeskConfig:
    """``root/seeds`` (a copy of the seeds) indexed in ``root/.provenance``; the current folder must be ``root``."""
    shutil.copytree(seeds_dir, root / "seeds")
    listing = list_corpus(["seeds"])
    with Index.open(".provenance/index.sqlite", Settings()) as index:
        index.update(listing.files, ids=listing.ids)
    return DeskConfig(index=".provenance/index.sqlite", archive="seeds")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[DeskConfig]:
    root = tmp_path_factory.mktemp("desk")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        yield build_archive(root, seeds_dir)


@pytest.fixture(scope="module")
def desk(archive: DeskConfig) -> Iterator[Desk]:
    with Desk(archive, Settings(), Policy(folder="seeds")) as desk:
        yield desk


@pytest.fixture(scope="module")
def client(desk: Desk) -> Iterator[TestClient]:
    with TestClient(create_app(desk), base_url=BASE) as client:
        yield client


@pytest.fixture(scope="module")
def seed_b_text(seeds_dir: Path) -> str:
    return (seeds_dir / f"{SEED_B}.txt").read_text(encoding="utf-8")


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    client.get("/")
    return {"csrf": client.cookies[CSRF], **fields}


# -- the API ------------------------------------------------------------------------


def test_api_check_is_the_json_of_provenance_check(client: TestClient, seed_b_text: str, archive: DeskConfig) -> None:
    answer = client.post("/api/check", json={"text": seed_b_text, "name": "pasted.txt"})
    assert answer.status_code == 200
    got = answer.json()
    # The same text as a file, checked by the CLI against the same archive and index.
    new = Path("new")
    new.mkdir(exist_ok=True)
    (new / "pasted.txt").write_text(seed_b_text, encoding="utf-8")
    try:
        result = CliRunner().invoke(
            main, ["check", "new/pasted.txt", "--corpus", "seeds", "--index", archive.index, "--format", "json"]
        )
    finally:
        shutil.rmtree(new)
    assert result.exit_code == 1, result.output  # the near-exact copy of 001 fails
    expected = json.loads(result.output)
    expected["files"][0]["path"] = "pasted.txt"
    assert got == expected
    sources = [m["source"] for m in got["files"][0]["matches"]]
    assert SEED_A in sources and not any(s[:3] in ("002", "003", "004") for s in sources)


def test_api_check_of_an_unrelated_text_passes(client: TestClient) -> None:
    got = client.post("/api/check", json={"text": "A short note on the weather in Lisbon this week. " * 5}).json()
    assert got["verdict"] == "pass" and got["files"][0]["matches"] == []


_DEEP_FRAMES = "<p>Own words.</p>" + functools.reduce(
    lambda markup, _: f'<iframe srcdoc="{html.escape(markup)}"></iframe>', range(40), "<p>Words of a page. </p>" * 60
)
"""A page of frames nested 40 deep: they hold more than the page may (refused by check, the gate and the desk)."""


@pytest.mark.parametrize(
    ("send", "status", "words"),
    [
        ({"content": b"text=hello", "headers": {"content-type": "text/plain"}}, 415, "application/json"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "not valid JSON"),
        ({"json": ["a list"]}, 400, "JSON object"),
        ({"json": {"name": "a.txt"}}, 422, '"text"'),
        ({"json": {"text": "   "}}, 422, '"text"'),
        ({"json": {"text": "hello", "name": 3}}, 422, '"name"'),
        ({"json": {"text": "hello", "name": "a.exe"}}, 415, "not a text the desk reads"),
        ({"json": {"text": '{"id": "a", "text": "x y"}\n{"id": "b", "text": "y z"}', "name": "two.jsonl"}}, 422, "one"),
        ({"json": {"text": '{"id": "a"}', "name": "bad.jsonl"}}, 422, "missing 'text'"),
        ({"json": {"text": _DEEP_FRAMES, "name": "deep.html"}}, 422, "frames inside frames hold more than 8 times"),
        ({"json": {"text": "hello"}, "headers": {"origin": "https://evil.example"}}, 403, "cross-site"),
    ],
)
def test_api_check_errors(client: TestClient, send: dict[str, object], status: int, words: str) -> None:
    answer = client.post("/api/check", **send)  # type: ignore[arg-type]
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()["error"]
    assert error["status"] == status and words in error["message"]


def test_api_check_refuses_a_body_over_the_limit(client: TestClient, desk: Desk) -> None:
    big = "word " * desk.config.max_upload_bytes
    answer = client.post("/api/check", json={"text": big})
    assert answer.status_code == 413
    assert "limit" in answer.json()["error"]["message"]


def test_api_check_refuses_a_text_over_the_length_limit(archive: DeskConfig) -> None:
    config = DeskConfig(index=archive.index, archive=archive.archive, max_text_chars=1000)
    with Desk(config, Settings(), Policy(folder="seeds")) as small, TestClient(create_app(small), base_url=BASE) as c:
        answer = c.post("/api/check", json={"text": "word " * 400})
    assert answer.status_code == 413
    assert "2,000 characters, over the limit of 1,000" in answer.json()["error"]["message"]


def test_api_article(client: TestClient) -> None:
    got = client.get(f"/api/articles/{SEED_A}").json()
    assert got["id"] == SEED_A and got["outlet"] == "Islam Times"
    related = got["reuses"] + got["reused_by"] + got["shares"]
    assert related == [SEED_B]
    assert [m["source"] for m in got["check"]["matches"]] == [SEED_B]
    unrelated = client.get("/api/articles/002_a69506151a1a2a0e").json()
    assert unrelated["check"]["matches"] == [] and unrelated["shares"] == []


def test_an_article_view_reads_its_row_not_the_archives_listing(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each view of ``/articles/ID`` listed every archived article to find one path (1.09 s a view at a
    million rows, 5 us by the id's own index): any page elsewhere could make the desk list the archive."""

    def listing(index: Index) -> list[tuple[str, str]]:
        raise AssertionError("the whole archive listed for one article")

    monkeypatch.setattr(Index, "documents", listing)
    assert client.get(f"/api/articles/{SEED_A}").json()["id"] == SEED_A
    assert client.get("/api/articles/nope").status_code == 404


def test_api_article_unknown_and_unknown_endpoint(client: TestClient) -> None:
    answer = client.get("/api/articles/nope")
    assert answer.status_code == 404 and answer.json()["error"]["message"] == "no article 'nope' in the archive"
    answer = client.get("/api/nothing-here")
    assert answer.status_code == 404 and answer.json()["error"]["status"] == 404
    assert client.get("/api/check").status_code == 405


def test_api_health_and_schema(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "documents": 5}
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/check", "/api/articles/{id}", "/api/health"} <= set(schema["paths"])


# -- the pages ------------------------------------------------------------------------


def test_pages_load_nothing_and_run_nothing(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.headers["content-security-policy"] == CSP
    assert "default-src 'none'" in CSP and "script-src" not in CSP
    assert answer.headers["x-frame-options"] == "DENY"
    assert "samesite=strict" in answer.headers["set-cookie"].lower()
    assert "<script" not in answer.text and 'name="csrf"' in answer.text
    for each in (answer, client.get("/api/health"), client.get("/api/articles/nope"), client.get("/nope")):
        assert each.headers["cache-control"] == "no-store" and each.headers["x-content-type-options"] == "nosniff"
        assert each.headers["x-frame-options"] == "DENY" and each.headers["referrer-policy"] == "same-origin"


def test_the_api_grants_no_other_origin_a_preflight(client: TestClient) -> None:
    asked = {
        "origin": "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    answer = client.options("/api/check", headers=asked)
    assert answer.status_code == 405 and answer.json()["error"]["status"] == 405
    assert not [k for k in answer.headers if k.lower().startswith("access-control-")]
    assert not [
        k for k in client.get("/api/health", headers={"origin": "https://evil.example"}).headers if "access" in k
    ]


@pytest.mark.parametrize(
    ("send", "words"),
    [
        ({"content": b"xx", "headers": {"content-type": "multipart/form-data"}}, "boundary"),
        ({"content": b"xx", "headers": {"content-type": "multipart/form-data; boundary=zz"}}, "multipart"),
        ({"files": [("file", ("a.txt", b"a")), ("file", ("b.txt", b"b"))]}, "files"),
        ({"data": {f"f{n}": "x" for n in range(9)}}, "fields"),
    ],
)
def test_malformed_forms_are_a_one_line_4xx(client: TestClient, send: dict[str, Any], words: str) -> None:
    client.get("/")
    answer = client.post("/check", **send)
    assert answer.status_code == 400 and "text/html" in answer.headers["content-type"]
    error = re.findall(r'<p class="error" id="error">([^<]*)</p>', answer.text)
    assert len(error) == 1 and words in error[0].lower() and "Traceback" not in answer.text


def test_check_page_shows_the_match_its_relation_and_the_name_variant(client: TestClient, seed_b_text: str) -> None:
    answer = client.post("/check", data=_form(client, text=seed_b_text))
    assert answer.status_code == 200
    page = answer.text
    assert f'<a href="/articles/{SEED_A}">{SEED_A}</a>' in page
    assert f"pasted.txt and {SEED_A} share a common source" in page
    assert '<mark class="k-name-variant">Araqchi → Araghchi</mark>' in page
    assert '<iframe class="sbs"' in page and 'sandbox="allow-scripts"' in page  # the report's side by side
    # Only the report's own scripts may run, in the frame (an origin of its own); the page itself has none.
    policy = answer.headers["content-security-policy"]
    assert policy.startswith(CSP + "; script-src 'sha256-") and "unsafe" not in policy.split("script-src")[1]
    assert "<script" not in page and "&lt;desk&gt;" not in page
    assert "Verdict by the policy: <strong>FAIL</strong>" in page


def test_a_pasted_page_is_read_as_a_page(client: TestClient, seed_b_text: str) -> None:
    """A page's source pasted (the form's box, or the API's text of no name) was read as ``pasted.txt``, its
    markup words: a copy of seed 001 with each word in a ``<span>`` passed, "no reuse found", as ``copy.php``
    passed ``check``.  A paste that begins as an HTML page (:func:`~provenance.io.formats.html_page`) is read as
    ``pasted.html``; one the API names ``.txt`` is text, as its name says."""
    words = " ".join(f"<span class=w>{html.escape(w)}</span>" for w in seed_b_text.split())
    page = f"<head><title>Story</title></head><body><p>{words}</p></body>"
    got = client.post("/api/check", json={"text": page}).json()
    assert (got["verdict"], got["files"][0]["path"]) == ("fail", "pasted.html"), got
    assert client.post("/api/check", json={"text": page, "name": "page.txt"}).json()["verdict"] == "pass"
    answer = client.post("/check", data=_form(client, text=page))
    assert answer.status_code == 200 and f"pasted.html and {SEED_A} share a common source" in answer.text


@pytest.mark.parametrize(
    ("head", "tag"),
    [("Islam Times: ", "span"), ("&nbsp;", "span"), ("By staff</p><p>", "span"), ("Islam Times: ", "x-w"), ("", "w")],
)
def test_a_pasted_fragment_of_a_page_is_read_as_a_page_too(
    client: TestClient, seed_b_text: str, head: str, tag: str
) -> None:
    """A story's body pasted from a CMS is a page's fragment: seed 001 with each word in a ``<span>`` after a
    word, ``&nbsp;`` or a paragraph's end, or in an element of a custom or unknown name (which a browser shows
    as a span's text), did not begin as a page, was read as ``pasted.txt`` alone, its markup words, and passed,
    "no reuse found" (the API's verdict ``pass``).  A paste holding markup is read both as a text and as a page,
    the worse verdict given; a copy a page's reading hides (after ``<!--``) is still found by the text's."""
    words = " ".join(f"<{tag} class=w>{html.escape(w)}</{tag}>" for w in seed_b_text.split())
    got = client.post("/api/check", json={"text": head + words}).json()
    assert (got["verdict"], got["files"][0]["path"]) == ("fail", "pasted.html"), got
    answer = client.post("/check", data=_form(client, text=head + words))
    assert answer.status_code == 200 and f"pasted.html and {SEED_A} share a common source" in answer.text
    hidden = f"Talks went on, <b>again</b>. <!-- {seed_b_text}"  # a page shows nothing after "<!--"; a text does
    got = client.post("/api/check", json={"text": hidden}).json()
    assert (got["verdict"], got["files"][0]["path"]) == ("fail", "pasted.txt"), got
    assert client.post("/api/check", json={"text": head + words, "name": "story.txt"}).json()["verdict"] == "pass"


@pytest.mark.parametrize(
    ("tail", "status", "words"),
    [
        (f"<p>{_DEEP_FRAMES}</p>", 422, "pasted.html: frames inside frames hold more than 8 times"),
        ("<a href='https://x.example/' style='color:oklch(.5 .1 30)'>more</a>", 200, ""),
    ],
    ids=["frames", "oklch"],
)
def test_a_paste_whose_page_reading_fails_is_refused_not_judged_on_its_text_alone(
    client: TestClient, seed_b_text: str, tail: str, status: int, words: str
) -> None:
    """A paste of seed 001 a word a ``<span>`` fails by its page's reading; one whose page reading failed (its
    frames over the budget, an ``oklch`` link tinycss2 did not convert) was passed over, and the text's reading
    alone, its markup words, passed it.  It is refused as an upload of the page is (one line, 422); a page read
    (the oklch link now is) fails it."""
    spans = "".join(f"<span>{html.escape(w)}</span> " for w in seed_b_text.split())
    paste = f"Islam Times: {spans}{tail}"
    api = client.post("/api/check", json={"text": paste})
    for answer in (api, client.post("/check", data=_form(client, text=paste))):
        assert answer.status_code == status, answer.text[:300]
        if answer.headers["content-type"] == "application/json":
            got = answer.json()
            assert got["error"]["message"].startswith(words) if status != 200 else got["verdict"] == "fail", got
        else:
            assert words in answer.text if status != 200 else "pasted.html and" in answer.text


def test_check_page_escapes_what_it_shows(client: TestClient, seed_b_text: str) -> None:
    hostile = seed_b_text.replace("Araghchi", "Araghchi<script>alert(1)</script><img src=x onerror=alert(2)>\x1b[2J", 1)
    files = {"file": ('<b>x</b>".txt', hostile.encode(), "text/plain")}
    answer = client.post("/check", data=_form(client), files=files)
    assert answer.status_code == 200
    assert f'href="/articles/{SEED_A}"' in answer.text  # still the match, so the text is shown side by side
    assert "<script" not in answer.text and "<img" not in answer.text and "\x1b" not in answer.text
    assert "&amp;lt;script&amp;gt;alert(1)" in answer.text  # inside the frame's page, escaped there too
    assert re.search(r"<h1>Check of [\w.-]+</h1>", answer.text)  # the name made safe


def test_check_page_reads_an_uploaded_html_page(client: TestClient, seed_b_text: str) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in seed_b_text.split("\n") if p.strip())
    page = f"<html><head><title>Reprint</title></head><body><article>{paragraphs}</article></body></html>"
    answer = client.post("/check", data=_form(client), files={"file": ("reprint.html", page.encode(), "text/html")})
    assert answer.status_code == 200
    assert "Check of reprint.html" in answer.text and f'href="/articles/{SEED_A}"' in answer.text


def _page_with_an_aside(copy: str) -> str:
    """A page of its own (``OWN``'s Riverton story) keeping ``copy`` in an ``<aside>``, on lines of its own."""
    return attack_page(_host(), copy, "aside").replace("<aside>", "\n\n\n<aside>\n")


def test_api_check_of_a_page_with_a_copy_in_its_aside_is_the_gates_verdict(
    client: TestClient, seed_b_text: str, archive: DeskConfig
) -> None:
    """Before: ``pass``, no match: the desk read the upload's article alone (``check`` and the gate read the
    page's file again for what it shows outside its article, and an upload has no file), so a page the gate
    fails for an uncredited copy in its aside passed on the desk.  Now the JSON is ``check``'s, line and all."""
    page = _page_with_an_aside(seed_b_text)
    got = client.post("/api/check", json={"text": page, "name": "riverton.html"}).json()
    new = Path("new")
    new.mkdir(exist_ok=True)
    (new / "riverton.html").write_text(page, encoding="utf-8")
    try:
        result = CliRunner().invoke(
            main, ["check", "new/riverton.html", "--corpus", "seeds", "--index", archive.index, "--format", "json"]
        )
    finally:
        shutil.rmtree(new)
    assert result.exit_code == 1, result.output
    expected = json.loads(result.output)
    expected["files"][0]["path"] = "riverton.html"
    assert got == expected
    (match,) = [m for m in got["files"][0]["matches"] if m["source"] == SEED_B]
    assert (match["verdict"], match["outside_body"], match["line"]) == ("fail", True, 5)
    assert match["reason"].startswith(f"{OUTSIDE_BODY} ")
    assert (
        "outside_body"
        in client.get("/api/openapi.json").json()["components"]["schemas"]["CheckResult"]["properties"]["files"][
            "items"
        ]["properties"]["matches"]["items"]["properties"]
    )


@pytest.mark.parametrize("name", ["riverton.html", "Riverton.HTML.gz"])
def test_check_page_shows_a_copy_outside_an_uploaded_pages_body(
    client: TestClient, seed_b_text: str, name: str
) -> None:
    """Before: "PASS", "No reuse found in the archive", for the page the gate fails (above)."""
    import gzip

    data = _page_with_an_aside(seed_b_text).encode()
    data = gzip.compress(data, mtime=0) if name.endswith(".gz") else data
    answer = client.post("/check", data=_form(client), files={"file": (name, data, "text/html")})
    assert answer.status_code == 200
    assert "Verdict by the policy: <strong>FAIL</strong>" in answer.text
    assert f'href="/articles/{SEED_B}"' in answer.text and f"{OUTSIDE_BODY} " in answer.text
    assert '<iframe class="sbs"' in answer.text  # the copy and its source side by side


def test_a_compressed_page_uploaded_is_decompressed_once(
    desk: Desk, seed_b_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: twice, once for its article and once more for what the page shows outside it (its HTML)."""
    import gzip

    import provenance.io.load as load_module

    data = gzip.compress(_page_with_an_aside(seed_b_text).encode(), mtime=0)
    plain = desk.check_upload("riverton.html", gzip.decompress(data))
    calls: list[int] = []
    gunzip = load_module._gunzip
    monkeypatch.setattr(load_module, "_gunzip", lambda *a: calls.append(1) or gunzip(*a))
    outcome = desk.check_upload("Riverton.HTML.gz", data)
    assert len(calls) == 1
    assert outcome.checks[0].path == "Riverton.HTML.gz" and outcome.text.path.endswith("/Riverton.HTML.gz")
    assert [(m.source_id, m.verdict, m.outside, m.line) for m in outcome.checks[0].matches] == [
        (m.source_id, m.verdict, m.outside, m.line) for m in plain.checks[0].matches
    ]
    assert any(m.outside for m in outcome.checks[0].matches)


def test_a_paste_is_ordered_by_containment_one_way_only(client: TestClient, seeds_dir: Path) -> None:
    """docs/serve.md said a paste's direction comes "from credits and the archive's date only", but an excerpt
    the archive article holds whole reads as taken from it (``_checked_direction`` keeps containment that way):
    the docs now say so.  Pinned here: the excerpt ``a-from-b``; the article whole, or with more after it,
    never read as the paste's reprint."""
    story = (seeds_dir / f"{SEED_OTHERS[0]}.txt").read_text(encoding="utf-8")
    more = (seeds_dir / f"{SEED_OTHERS[1]}.txt").read_text(encoding="utf-8")
    for text, relation in ((story[:1500], "a-from-b"), (story, "undetermined"), (f"{story}\n{more}", "undetermined")):
        (checked,) = client.post("/api/check", json={"text": text}).json()["files"]
        assert [m["relation"] for m in checked["matches"] if m["source"] == SEED_OTHERS[0]] == [relation]
    page = client.post("/check", data=_form(client, text=story[:1500])).text
    assert f"pasted.txt took its text from {SEED_OTHERS[0]}" in page


def test_a_compressed_upload_is_read_as_the_cli_reads_it(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, seed_b_text: str
) -> None:
    """``article.html.gz`` and an export's ``.jsonl.gz``, which ``provenance check`` reads, were refused 415 by
    the desk ("not a text the desk reads"). They are read decompressed, as the CLI reads them, to the desk's
    limit of a text: a gzip bomb is one line, 413, before more is decompressed; a file that is no gzip stream
    one line, 422; and an added ``.gz`` is archived as it came, and indexed."""
    import gzip

    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    paragraphs = "".join(f"<p>{p}</p>" for p in seed_b_text.split("\n") if p.strip())
    page = f"<html><head><title>Reprint</title></head><body><article>{paragraphs}</article></body></html>"
    export = json.dumps({"id": "wire-copy", "text": seed_b_text}) + "\n"
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        for name, data in (("Reprint.HTML.gz", page.encode()), ("export.jsonl.gz", export.encode())):
            upload = {"file": (name, gzip.compress(data, mtime=0), "application/gzip")}
            answer = c.post("/check", data=_form(c), files=upload)
            assert answer.status_code == 200, answer.text[:300]
            assert f"Check of {name}" in answer.text and f'href="/articles/{SEED_A}"' in answer.text
        added = _submit(c, answer.text, "add-form", id="ignored")  # an export's article keeps its own id
        assert added.status_code == 200 and added.url.path == "/articles/wire-copy"
        assert gzip.decompress((tmp_path / "seeds" / "ignored.jsonl.gz").read_bytes()) == export.encode()
        bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # 50 MB in ~50 kB
        assert len(bomb) < 100_000
        for data, status, reason in (
            (bomb, 413, "decompresses to more than the limit of 2,000,000 bytes (a gzip bomb?)"),
            (b"plain text, not gzip", 422, "not a readable gzip file"),
        ):
            answer = c.post("/check", data=_form(c), files={"file": ("a.txt.gz", data, "application/gzip")})
            assert answer.status_code == status and f"a.txt.gz: {reason}" in answer.text
        answer = c.post("/api/check", json={"text": seed_b_text, "name": "a.txt.gz"})
        assert answer.status_code == 415 and "compressed" in answer.json()["error"]["message"]
        assert c.post("/check", data=_form(c), files={"file": ("a.pdf.gz", b"x", "x")}).status_code == 415


def test_forms_need_the_csrf_token(client: TestClient, seed_b_text: str) -> None:
    client.get("/")
    answer = client.post("/check", data={"text": seed_b_text, "csrf": "forged"})
    assert answer.status_code == 403 and "CSRF" in answer.text
    answer = client.post("/check", data={"text": seed_b_text})
    assert answer.status_code == 403
    answer = client.post("/archive", data={"id": "x", "name": "x.txt", "content": "eA=="})
    assert answer.status_code == 403
    # A browser's own post carries the desk's origin (the referrer policy keeps it from being "null").
    own = client.post("/check", data=_form(client, text=seed_b_text), headers={"origin": BASE})
    assert own.status_code == 200 and own.headers["referrer-policy"] == "same-origin"
    for origin in ("null", "http://127.0.0.1.evil.example"):
        other = client.post("/check", data=_form(client, text=seed_b_text), headers={"origin": origin})
        assert other.status_code == 403 and "refused" in other.text


def test_check_page_errors_are_pages(client: TestClient) -> None:
    answer = client.post("/check", data=_form(client, text="  "))
    assert answer.status_code == 422 and 'id="error"' in answer.text
    answer = client.get("/no-such-page")
    assert answer.status_code == 404 and "text/html" in answer.headers["content-type"]
    answer = client.get("/articles/nope")
    assert answer.status_code == 404 and "no article" in answer.text


def test_article_page_lists_what_it_shares(client: TestClient) -> None:
    page = client.get(f"/articles/{SEED_A}").text
    assert f'<div id="shares"><ul><li><a href="/articles/{SEED_B}">{SEED_B}</a>' in page
    assert "Islam Times" in page


def test_articles_list_filters(client: TestClient) -> None:
    page = client.get("/articles", params={"q": "001"}).text
    assert SEED_B in page and SEED_A not in page and "1 article(s)" in page
    assert client.get("/articles", params={"page": "x"}).status_code == 422


def test_clusters_and_spellings(client: TestClient, desk: Desk) -> None:
    assert desk.wait_survey(60) is not None
    clusters = client.get("/clusters").text
    assert "Cluster 1: 2 articles" in clusters and SEED_A in clusters and SEED_B in clusters
    assert "Cluster 2" not in clusters  # 002-004 share only the topic
    spellings = client.get("/spellings").text
    assert '<mark class="k-name-variant">Araqchi</mark>' in spellings
    assert '<mark class="k-name-variant">Araghchi</mark>' in spellings


# -- the archive ----------------------------------------------------------------------


def test_nothing_is_stored_unless_added(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    text = "An editor's own report on the harbour strike, written today, with figures from the port authority."
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        before = sorted(os.listdir("seeds"))
        assert c.post("/check", data=_form(c, text=text)).status_code == 200
        assert c.post("/api/check", json={"text": text}).status_code == 200
        assert sorted(os.listdir("seeds")) == before
        page = c.post("/check", data=_form(c, text=text)).text
        assert 'name="content" value="' in page  # the add form carries the text as checked
        content = page.split('name="content" value="', 1)[1].split('"', 1)[0]
        added = c.post("/archive", data=_form(c, id="harbour-strike", name="pasted.txt", content=content))
        assert added.status_code == 200 and added.url.path == "/articles/harbour-strike"
        assert (tmp_path / "seeds" / "harbour-strike.txt").read_text(encoding="utf-8") == text
        got = c.post("/api/check", json={"text": text}).json()
        assert [m["source"] for m in got["files"][0]["matches"]] == ["harbour-strike"]
        again = c.post("/archive", data=_form(c, id="harbour-strike", name="pasted.txt", content=content))
        assert again.status_code == 409
        bad = c.post("/archive", data=_form(c, id="../escape", name="pasted.txt", content=content))
        assert bad.status_code == 422
    assert not (tmp_path / "escape.txt").exists()


def _submit(client: TestClient, page: str, form_id: str, **fields: str) -> Any:
    """Post the form ``form_id`` of ``page`` as a browser does: its fields (hidden ones as the page holds them,
    ``fields`` over them), encoded as its ``enctype`` says (URL-encoded by default)."""
    import lxml.html

    form = lxml.html.fromstring(page).get_element_by_id(form_id)
    values = {i.get("name"): i.get("value") or "" for i in form.iter("input") if i.get("type") != "file"}
    values |= fields
    if form.get("enctype") == "multipart/form-data":
        return client.post(form.get("action"), files={k: (None, v) for k, v in values.items()})
    return client.post(form.get("action"), data=values)


def test_an_article_the_check_accepts_can_be_added_whatever_its_script(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The add form posted the checked text's base64 URL-encoded, and percent-encoding writes each ``+`` and
    ``/`` of it in three bytes: a Chinese article under the desk's limit of bytes (checked, then added) was
    refused 413, its body over the limit of the request (half of its base64 is ``+`` and ``/``: 8/3 of its
    bytes in all).  The form posts as ``multipart/form-data`` (the base64 as it is, 4/3 of the text's
    bytes), and a body's limit follows its encoding: URL-encoded (a page the desk drew before, a script) or
    JSON with ``\\u`` escapes, a text the desk accepts fits; one byte more than that is still refused."""
    monkeypatch.chdir(tmp_path)
    config = replace(build_archive(tmp_path, seeds_dir), max_upload_bytes=100_000)
    line = "俾叿埾埿俾叿埾埿，俾叿埾埿俾叿埾埿。\n\n\n"  # 57 bytes: each line's base64 as the first's
    text = line * (config.max_upload_bytes // len(line.encode("utf-8")))
    assert config.max_upload_bytes - 100 < len(text.encode("utf-8")) <= config.max_upload_bytes
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        checked = _submit(c, c.get("/").text, "check-form", text=text)
        assert checked.status_code == 200
        added = _submit(c, checked.text, "add-form", id="chinese")
        assert added.status_code == 200 and added.url.path == "/articles/chinese"
        content = checked.text.split('name="content" value="', 1)[1].split('"', 1)[0]
        encoded = c.post("/archive", data=_form(c, id="chinese-2", name="pasted.txt", content=content))
        assert encoded.status_code == 200 and encoded.url.path == "/articles/chinese-2"
        russian = "Министр заявил, что план будет реализован в следующем году. " * 1000
        russian = russian.encode("utf-8")[: config.max_upload_bytes].decode("utf-8", "ignore")
        body = json.dumps({"text": russian}).encode("ascii")  # every letter as \uXXXX, three times its bytes
        assert len(body) > 2.5 * config.max_upload_bytes
        answer = c.post("/api/check", content=body, headers={"content-type": "application/json"})
        assert answer.status_code == 200, answer.text[:300]
        over = json.dumps({"text": "\u0416" * (config.max_upload_bytes // 2 + 1)})  # two bytes too many
        answer = c.post("/api/check", content=over, headers={"content-type": "application/json"})
        assert answer.status_code == 413 and "100,002 bytes, over the limit of 100,000" in answer.text
    assert (tmp_path / "seeds" / "chinese.txt").read_bytes() == text.encode("utf-8")


# -- the safeguards -------------------------------------------------------------------


def test_a_token_guards_every_request(desk: Desk) -> None:
    with TestClient(create_app(desk, token="s3cret", hosts=None), base_url=BASE) as c:
        assert c.get("/api/health").status_code == 401
        assert c.get("/").status_code == 401
        assert c.get("/api/health", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/health", headers={"authorization": "Bearer s3cret"}).status_code == 200
        first = c.get("/?token=s3cret", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/"
        assert c.get("/").status_code == 200  # the cookie the first visit set
        # An attacker's pass: the cookie held the token, and browsers send it to every port of the host.
        assert c.cookies.get(TOKEN) and "s3cret" not in first.headers["set-cookie"] + c.cookies[TOKEN]
    with TestClient(create_app(desk, token="s3cret", hosts=None), base_url=BASE, cookies={TOKEN: "s3cret"}) as c:
        assert c.get("/").status_code == 401  # the token itself is no cookie


def test_another_host_name_is_refused(client: TestClient) -> None:
    answer = client.get("/api/health", headers={"host": "rebound.example:8000"})
    assert answer.status_code == 421
    assert client.get("/api/health", headers={"host": "localhost:8000"}).status_code == 200


def _fetched(site: str, mode: str, dest: str, *, user: bool = False) -> dict[str, str]:
    """The Fetch Metadata a browser sends with a request (``user``: a navigation the user made, a click)."""
    return {"sec-fetch-site": site, "sec-fetch-mode": mode, "sec-fetch-dest": dest} | (
        {"sec-fetch-user": "?1"} if user else {}
    )


@pytest.mark.parametrize(
    ("site", "mode", "dest"),
    [
        ("cross-site", "no-cors", "image"),  # <img src=…>: ran a check of the article for the page
        ("cross-site", "navigate", "iframe"),  # a frame (X-Frame-Options stopped only its display)
        ("same-site", "no-cors", "style"),  # a page on another port of this host
        ("cross-site", "cors", "empty"),  # fetch()
        ("cross-site", "navigate", "document"),  # a window another site's script moves from address to address
    ],
)
def test_a_request_another_sites_page_made_is_refused(client: TestClient, site: str, mode: str, dest: str) -> None:
    answer = client.get(f"/articles/{SEED_A}", headers=_fetched(site, mode, dest))
    assert answer.status_code == 403 and "another site" in answer.text
    api = client.get("/api/health", headers=_fetched(site, mode, dest))
    assert api.status_code == 403 and api.json()["error"]["status"] == 403


@pytest.mark.parametrize(
    "said",
    [
        # Chromium's for another site's speculation rules: "none", as if the editor had typed the address.
        {"sec-purpose": "prefetch", **_fetched("none", "navigate", "document")},
        {"sec-purpose": "prefetch;prerender", **_fetched("none", "navigate", "document")},
        {"purpose": "prefetch"},
        {"x-moz": "prefetch"},
    ],
)
def test_a_prefetch_is_refused_whoever_asked(client: TestClient, said: dict[str, str]) -> None:
    answer = client.get(f"/articles/{SEED_A}", headers=said)
    assert answer.status_code == 403 and "prefetch is refused" in answer.text


def test_a_link_from_another_site_and_the_desks_own_requests_are_answered(client: TestClient) -> None:
    followed = _fetched("cross-site", "navigate", "document", user=True)
    assert client.get(f"/articles/{SEED_A}", headers=followed).status_code == 200
    assert client.get("/api/health", headers=_fetched("same-origin", "cors", "empty")).status_code == 200
    assert client.get("/", headers=_fetched("none", "navigate", "document")).status_code == 200
    # A form another site's page posts is a navigation too, but never a visit.
    answer = client.post("/check", data=_form(client, text="x"), headers=followed)
    assert answer.status_code == 403 and "another site" in answer.text


def test_binding_beyond_loopback_needs_a_token() -> None:
    assert check_binding("127.0.0.1", None) and check_binding("localhost", None)
    with pytest.raises(DeskError, match="only with a token"):
        check_binding("0.0.0.0", None)
    assert check_binding("192.0.2.7", "s3cret") is False
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"], env={"PROVENANCE_SERVE_TOKEN": ""})
    assert result.exit_code == 2
    assert "only with a token" in assert_one_line_error(result)


def test_the_desk_says_when_the_index_paths_are_not_found_here(
    archive: DeskConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = str(Path(archive.index).resolve())
    with Desk(DeskConfig(index=index), Settings(), Policy(folder="seeds")) as desk:
        assert desk.missing() == []
        monkeypatch.chdir(tmp_path)
        assert desk.missing() == [f"seeds/{SEED_A}.txt", f"seeds/{SEED_B}.txt", *desk.missing()[2:]]
        assert len(desk.missing()) == 5


def test_serve_without_the_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "provenance.serve", None)  # as if starlette were not installed
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    # not 'provenance[serve]': the name provenance on PyPI is another project (a new user installed it)
    assert "in the project's folder, pip install '.[serve]'" in assert_one_line_error(result)


def test_serve_without_an_index_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["serve", "--index", "missing.sqlite"])
    assert result.exit_code == 2
    assert "missing.sqlite: no index; run `provenance index" in assert_one_line_error(result)


def test_serve_on_a_port_in_use_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a port already taken the desk said it was running, then uvicorn printed its own ERROR line and
    exited 3; it is one line naming the address, exit 2, and no claim that the desk runs."""
    import socket

    monkeypatch.chdir(tmp_path)
    Index.open("empty.sqlite", Settings()).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--index", "empty.sqlite", "--port", str(port)])
    assert result.exit_code == 2, result.output
    *warnings, error = result.stderr.splitlines()
    assert error.lower() == f"provenance: error: 127.0.0.1:{port}: cannot listen there (address already in use)"
    assert all(line.startswith("provenance: warning:") for line in warnings) and not result.stdout


def test_serve_of_an_index_of_no_article_warns_that_every_check_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desk on an index holding no article passed every pasted text without a word (``check`` against
    one is an error; the desk starts, since "add to archive" fills it, but says so)."""
    import provenance.serve

    monkeypatch.chdir(tmp_path)
    Index.open("empty.sqlite", Settings()).close()
    served: list[object] = []
    monkeypatch.setattr(provenance.serve, "serve", lambda desk, **kw: served.append(desk))
    result = CliRunner().invoke(main, ["serve", "--index", "empty.sqlite"])
    assert result.exit_code == 0 and len(served) == 1, result.output
    assert result.stderr == (
        "provenance: warning: empty.sqlite: the index holds no article, so every check passes; "
        "run `provenance index seeds` first\n"  # the policy's default folder
        f"provenance: warning: seeds: {NO_ARCHIVE}\n"  # which is not there: no folder to add to either
    )


def test_the_desk_adds_to_the_folder_the_index_holds_when_the_policy_names_none(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``provenance index news`` then ``provenance serve`` (no policy, so its folder ``seeds``): every "add to
    archive" was refused, 409 "seeds: no archive folder", and nothing at the start said so. The desk now adds
    to the one folder the index holds, and when there is none to choose, says at the start how to name it."""
    import provenance.serve

    monkeypatch.chdir(tmp_path)
    shutil.copytree(seeds_dir, tmp_path / "news")
    assert CliRunner().invoke(main, ["index", "news"]).exit_code == 0
    served: list[Desk] = []
    monkeypatch.setattr(provenance.serve, "serve", lambda desk, **kw: served.append(desk))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0 and result.stderr == "", result.output
    (desk,) = served
    assert desk.config.archive == "news"
    assert desk.add("brief", "brief.txt", b"A harbour strike closed the port of Antwerp on Monday.\n") == "brief"
    assert (tmp_path / "news" / "brief.txt").is_file()
    # two folders indexed: which one is the archive is the editor's to say, at the start and when adding
    shutil.copytree(seeds_dir, tmp_path / "wire")
    assert CliRunner().invoke(main, ["index", "news", "wire"]).exit_code == 0
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"provenance: warning: seeds: {NO_ARCHIVE}\n"
    with pytest.raises(DeskError, match="start the desk with --archive DIR") as refused:
        served[-1].add("other", "other.txt", b"Another text entirely, of its own words.\n")
    assert refused.value.status == 409
    assert CliRunner().invoke(main, ["serve", "--archive", "wire"]).stderr == ""
    assert served[-1].config.archive == "wire"


def test_a_full_pool_answers_busy(archive: DeskConfig) -> None:
    config = DeskConfig(index=archive.index, archive=archive.archive, workers=1, queue=0)
    release = threading.Event()

    async def burst(desk: Desk) -> None:
        first = asyncio.ensure_future(desk.run(lambda: release.wait(10)))
        await asyncio.sleep(0.05)
        with pytest.raises(DeskBusy, match="busy"):
            await desk.run(lambda: None)
        release.set()
        assert await first is True
        assert await desk.run(lambda: 7) == 7  # the slot is free again

    with Desk(config, Settings(), Policy(folder="seeds")) as desk:
        asyncio.run(burst(desk))


def test_checks_hold_while_the_index_is_updated(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, seed_b_text: str
) -> None:
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    extra = tmp_path / "seeds" / "extra.txt"
    stop = threading.Event()
    updates = 0

    def churn() -> None:  # another writer adds and drops an article, over and over
        nonlocal updates
        with Index.open(config.index, Settings()) as index:
            while not stop.is_set():
                extra.write_text(seed_b_text.replace("Araghchi", f"Araghchi {updates}"), encoding="utf-8")
                listing = list_corpus(["seeds"])
                index.update(listing.files, ids=listing.ids)
                extra.unlink()
                listing = list_corpus(["seeds"])
                index.update(listing.files, ids=listing.ids)
                updates += 1

    writer = threading.Thread(target=churn)
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        writer.start()
        try:
            for _ in range(15):
                answer = c.post("/api/check", json={"text": seed_b_text})
                assert answer.status_code == 200, answer.text
                sources = {m["source"] for m in answer.json()["files"][0]["matches"]}
                assert {SEED_A, SEED_B} <= sources
        finally:
            stop.set()
            writer.join()
    assert updates >= 1


def test_a_rebuilt_index_is_opened_again(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        assert c.get("/api/health").json()["documents"] == 5
        (tmp_path / "seeds" / f"{SEED_B}.txt").unlink()
        listing = list_corpus(["seeds"])
        with Index.open(config.index, Settings(), rebuild=True) as index:  # provenance index --rebuild
            index.update(listing.files, ids=listing.ids)
        assert c.get("/api/health").json()["documents"] == 4
        assert c.get(f"/api/articles/{SEED_B}").status_code == 404


@pytest.mark.parametrize("name", ["reprint.md", "reprint.jsonl", "reprint.html"])
def test_api_check_reads_every_format(client: TestClient, seed_b_text: str, name: str) -> None:
    paragraphs = [p for p in seed_b_text.split("\n") if p.strip()]
    text = {
        "reprint.md": "# A reprint\n\n" + "\n\n".join(paragraphs),
        "reprint.jsonl": json.dumps({"id": "reprint-1", "text": seed_b_text}) + "\n",
        "reprint.html": "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>",
    }[name]
    got = client.post("/api/check", json={"text": text, "name": name}).json()
    (checked,) = got["files"]
    assert checked["path"] == (f"{name}:1" if name.endswith(".jsonl") else name)
    assert SEED_A in [m["source"] for m in checked["matches"]]


def test_no_survey_of_an_archive_past_the_bound(archive: DeskConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    config = DeskConfig(index=archive.index, archive=archive.archive, max_survey=4)

    def listing(index: Index) -> list[tuple[str, str]]:
        raise AssertionError("an archive past the bound listed to refuse its survey")

    with Desk(config, Settings(), Policy(folder="seeds")) as small, TestClient(create_app(small), base_url=BASE) as c:
        monkeypatch.setattr(Index, "documents", listing)
        answer = c.get("/clusters")
    assert answer.status_code == 422 and "run `provenance scan`" in answer.text


# -- a hostile client -------------------------------------------------------------------


def test_a_token_or_csrf_of_any_characters_is_refused_not_a_crash(desk: Desk, client: TestClient) -> None:
    # hmac.compare_digest raises TypeError on a non-ASCII str: that was a 500 (and a traceback in the log).
    app = create_app(desk, token="s3cret", hosts=None)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        for headers in (
            {"authorization": "Bearer \xe9".encode("latin-1")},
            {"cookie": f"{TOKEN}=\xe9".encode("latin-1")},
        ):
            answer = c.get("/api/health", headers=headers)
            assert answer.status_code == 401 and answer.json()["error"]["status"] == 401
        assert c.get("/api/health", params={"token": "s3cr\xe9t"}).status_code == 401
    answer = client.post("/check", data=_form(client, text="some text") | {"csrf": "\xe9"})
    assert answer.status_code == 403 and "CSRF" in answer.text
    # A cross-site form may post text/plain (no preflight): its fields are not read, so it has no token.
    body = f"csrf={client.cookies[CSRF]}&text=some text"
    answer = client.post("/check", content=body, headers={"content-type": "text/plain"})
    assert answer.status_code == 403 and "CSRF" in answer.text


@pytest.mark.parametrize("token", ["", "  "])
def test_an_empty_token_is_refused_not_a_page_that_redirects_to_itself(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    # `--token ""` started a desk whose every page was a 303 to itself ("/?token=" matched a missing one).
    monkeypatch.setattr("provenance.serve.serve", lambda *a, **k: pytest.fail("the desk started"))
    result = CliRunner().invoke(main, ["serve", "--index", desk.config.index, "--token", token])
    assert "an empty token guards nothing" in assert_one_line_error(result)
    with pytest.raises(DeskError, match="an empty token guards nothing"):
        create_app(desk, token=token)


def test_the_token_address_redirects_only_within_the_desk(desk: Desk) -> None:
    with TestClient(create_app(desk, token="s3cret", hosts=None), base_url=BASE) as c:
        answer = c.get(f"{BASE}//evil.example/x?q=001&token=s3cret", follow_redirects=False)
        assert answer.status_code == 303
        location = answer.headers["location"]
        assert location.startswith("/") and not location.startswith("//") and "s3cret" not in location
        assert c.get("/articles?q=001&token=s3cret", follow_redirects=False).headers["location"] == "/articles?q=001"


def test_add_never_replaces_a_symlink_in_the_archive(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    (tmp_path / "seeds" / "planted.txt").symlink_to(tmp_path / "outside.txt")  # dangling: exists() is False
    text = "An editor's own report on the harbour strike, written today, with figures from the port authority."
    content = __import__("base64").b64encode(text.encode()).decode()
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        answer = c.post("/archive", data=_form(c, id="planted", name="pasted.txt", content=content))
    assert answer.status_code == 409
    assert (tmp_path / "seeds" / "planted.txt").is_symlink() and not (tmp_path / "outside.txt").exists()


_HARBOUR = "An editor's own report on the harbour strike, written today, with figures from the port authority."


def test_an_add_the_index_refuses_leaves_nothing_behind_and_may_be_tried_again(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file stayed without its index entry: the desk said "try again", and again said "already in the archive"
    # (409) while no check found the article.
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    content = base64.b64encode(_HARBOUR.encode()).decode()
    update = Index.update

    def locked(self: Index, *args: Any, **kwargs: Any) -> Any:
        raise IndexFileError(f"{self.path}: index update failed (database is locked); another process holds it")

    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        monkeypatch.setattr(Index, "update", locked)
        answer = c.post("/archive", data=_form(c, id="harbour", name="pasted.txt", content=content))
        assert answer.status_code == 503 and "another process holds it" in answer.text
        assert not (tmp_path / "seeds" / "harbour.txt").exists()
        monkeypatch.setattr(Index, "update", update)
        again = c.post("/archive", data=_form(c, id="harbour", name="pasted.txt", content=content))
        assert again.status_code == 200 and again.url.path == "/articles/harbour"
        assert [m["source"] for m in c.post("/api/check", json={"text": _HARBOUR}).json()["files"][0]["matches"]] == [
            "harbour"
        ]


def test_an_add_never_replaces_a_file_written_since_it_looked(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two desks (or a copy) writing the same name at once: both looked, found it free, and the second replaced
    # the first's article while both editors were told it was added.
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    theirs = tmp_path / "seeds" / "harbour.txt"
    theirs.write_text("Another desk's article, written between the look and the write.", encoding="utf-8")
    content = base64.b64encode(_HARBOUR.encode()).decode()
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        monkeypatch.setattr("provenance.serve.desk.os.path.lexists", lambda path: False)  # it looked before
        answer = c.post("/archive", data=_form(c, id="harbour", name="pasted.txt", content=content))
    assert answer.status_code == 409 and "already in the archive" in answer.text
    assert theirs.read_text(encoding="utf-8").startswith("Another desk's article")
    assert not [p.name for p in theirs.parent.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_an_add_looks_up_its_id_not_the_archives_listing(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each add listed every archived article to see whether its id was taken (1.09 s at a million rows, as
    an article view did), under the desk's write lock: the id's own row answers."""
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    content = base64.b64encode(_HARBOUR.encode()).decode()

    def listing(index: Index) -> list[tuple[str, str]]:
        raise AssertionError("the whole archive listed for one add")

    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        monkeypatch.setattr(Index, "documents", listing)
        taken = c.post("/archive", data=_form(c, id=SEED_A, name="pasted.md", content=content))
        assert taken.status_code == 409 and "already in the archive" in taken.text
        assert not (tmp_path / "seeds" / f"{SEED_A}.md").exists()
        added = c.post("/archive", data=_form(c, id="harbour", name="pasted.txt", content=content))
        assert added.status_code == 200 and added.url.path == "/articles/harbour"


def test_a_checked_export_is_added_through_the_pages_own_form(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The add form named the file as the check names an export's line (``export.jsonl:1``), no name of a
    format: adding a checked ``.jsonl`` from its page was refused 415. The form names the file as uploaded."""
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    text = "An editor's own report on the harbour strike, written today, with figures from the port authority."
    line = json.dumps({"id": "harbour", "text": text}) + "\n"
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        checked = c.post("/check", data=_form(c), files={"file": ("export.jsonl", line.encode(), "text/plain")})
        assert checked.status_code == 200 and "Check of export.jsonl:1" in checked.text
        added = _submit(c, checked.text, "add-form")
        assert added.status_code == 200, added.text[-300:]
        assert added.url.path == "/articles/harbour"
    assert (tmp_path / "seeds" / "export.jsonl").read_text(encoding="utf-8") == line


def test_an_added_export_line_is_held_to_the_id_rule(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An attacker's pass: the form's id was checked, but a .jsonl line's own id was stored and indexed
    ("../../x/<b>\u202eevil")."""
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    text = "An editor's own report on the harbour strike, written today, with figures from the port authority."
    line = json.dumps({"id": "../../x/<b>\u202eevil", "text": text})
    content = __import__("base64").b64encode(line.encode()).decode()
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        answer = c.post("/archive", data=_form(c, id="plain_id", name="a.jsonl", content=content))
        assert answer.status_code == 422
        assert not (tmp_path / "seeds" / "plain_id.jsonl").exists()
        assert all("evil" not in known for known, _ in desk.documents())


def test_a_cancelled_request_keeps_its_worker_counted(archive: DeskConfig) -> None:
    # A client that goes away does not stop its work: the slot stays taken until the work ends.
    config = DeskConfig(index=archive.index, archive=archive.archive, workers=1, queue=0)
    release = threading.Event()

    async def leave(desk: Desk) -> None:
        first = asyncio.ensure_future(desk.run(lambda: release.wait(10)))
        await asyncio.sleep(0.05)
        first.cancel()
        await asyncio.sleep(0)
        with pytest.raises(DeskBusy):
            await desk.run(lambda: None)
        release.set()
        for _ in range(100):
            await asyncio.sleep(0.01)
            try:
                assert await desk.run(lambda: 7) == 7
                return
            except DeskBusy:
                continue
        raise AssertionError("the slot was never freed")

    with Desk(config, Settings(), Policy(folder="seeds")) as desk:
        asyncio.run(leave(desk))


def test_a_burst_of_slow_uploads_is_refused_before_its_bodies_are_read(archive: DeskConfig) -> None:
    # Bodies are read (into memory) before a worker is asked for: a burst past the bound must wait outside.
    config = DeskConfig(index=archive.index, archive=archive.archive, workers=1, queue=1)

    async def burst(app: object) -> list[int]:
        hold = asyncio.Event()
        statuses: list[int] = []

        def call() -> asyncio.Future[None]:
            scope = {
                "type": "http", "method": "POST", "path": "/api/check", "raw_path": b"/api/check",
                "query_string": b"", "scheme": "http", "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 1),
                "http_version": "1.1", "root_path": "", "app": app,
                "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json")],
            }  # fmt: skip

            async def receive() -> dict[str, object]:
                await hold.wait()  # a client that sends its body slowly
                return {"type": "http.request", "body": b'{"text": "x"}', "more_body": False}

            async def send(message: dict[str, object]) -> None:
                if message["type"] == "http.response.start":
                    statuses.append(int(message["status"]))  # type: ignore[call-overload]

            return asyncio.ensure_future(app(scope, receive, send))  # type: ignore[operator]

        calls = [call() for _ in range(12)]
        await asyncio.sleep(0.2)
        early = list(statuses)
        hold.set()
        await asyncio.gather(*calls)
        return early

    with Desk(config, Settings(), Policy(folder="seeds")) as desk:
        early = asyncio.run(burst(create_app(desk)))
    assert early and set(early) == {503}  # answered at once, the first ones still reading


def _post_scope(app: object) -> dict[str, object]:
    return {
        "type": "http", "method": "POST", "path": "/api/check", "raw_path": b"/api/check",
        "query_string": b"", "scheme": "http", "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 1),
        "http_version": "1.1", "root_path": "", "app": app,
        "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"), (b"content-length", b"1000")],
    }  # fmt: skip


def test_a_stalled_upload_is_cut_off_and_frees_its_slot(archive: DeskConfig, caplog: pytest.LogCaptureFixture) -> None:
    """An attacker's pass: 18 posts that sent one byte of a 1,000-byte body and stalled held every slot
    (2 workers + 16 queued): every check was refused (503) for as long as their sockets stayed open, and
    each client that left logged an internal error with a traceback."""
    config = DeskConfig(index=archive.index, archive=archive.archive, workers=1, queue=0)

    async def stall(app: Any) -> tuple[list[int], list[int]]:
        statuses: list[int] = []

        async def send(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                statuses.append(int(message["status"]))  # type: ignore[call-overload]

        async def one_byte_then_nothing() -> dict[str, object]:
            if not hasattr(one_byte_then_nothing, "sent"):
                one_byte_then_nothing.sent = True  # type: ignore[attr-defined]
                return {"type": "http.request", "body": b"{", "more_body": True}
            await asyncio.Event().wait()  # never
            raise AssertionError

        await app(_post_scope(app), one_byte_then_nothing, send)
        stalled = list(statuses)

        async def leaves() -> dict[str, object]:
            return {"type": "http.disconnect"}

        statuses.clear()
        await app(_post_scope(app), leaves, send)
        return stalled, statuses

    caplog.set_level(logging.ERROR, logger="provenance.serve")
    with Desk(config, Settings(), Policy(folder="seeds")) as desk:
        stalled, left = asyncio.run(stall(create_app(desk, body_seconds=0.2)))
    assert stalled == [408]  # cut off, and its slot free again: the next post was answered, not 503
    assert left == [400] and not caplog.records


def test_pages_escape_as_the_report_does(client: TestClient) -> None:
    # One escaping for every page: a bidirectional override in a query (or an id, a title) is spelled out.
    page = client.get("/articles", params={"q": "\u202e<script>x</script>\x1b"}).text
    assert re.search(r"[\u202a-\u202e\u2066-\u2069\x1b]", page) is None and "<script>x" not in page
    assert "\\u202e&lt;script&gt;x&lt;/script&gt;\\x1b" in page


def test_a_failed_survey_says_so_without_its_internals(archive: DeskConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> object:
        raise RuntimeError("/home/editor/private/archive: boom")

    monkeypatch.setattr("provenance.serve.desk.scan", boom)
    with Desk(archive, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        assert c.get("/clusters").status_code == 200  # "being surveyed"
        assert desk._surveying is not None
        desk._surveying.join(60)
        answer = c.get("/clusters")
    assert answer.status_code == 500 and "the survey of the archive failed (RuntimeError)" in answer.text
    assert "/home/editor" not in answer.text


def test_an_archived_file_replaced_by_a_symlink_is_not_followed(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = build_archive(tmp_path, seeds_dir)
    secret = tmp_path / "secret.txt"
    secret.write_text("The private notes of the night editor about a source who must stay unnamed.", encoding="utf-8")
    archived = tmp_path / "seeds" / f"{SEED_A}.txt"
    archived.unlink()
    archived.symlink_to(secret)
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, TestClient(create_app(desk), base_url=BASE) as c:
        for path in (f"/api/articles/{SEED_A}", f"/articles/{SEED_A}"):
            answer = c.get(path)
            assert answer.status_code == 410 and "night editor" not in answer.text


@pytest.mark.parametrize(
    ("relation", "phrase"),
    [
        ("a-from-b", "src → this text: this text took its text from src"),
        ("b-from-a", "this text → src: src took its text from this text"),
        ("common-source", "this text and src share a common source"),
        ("undetermined", "which of this text and src came first is undetermined"),
        (None, "no direction decided"),
    ],
)
def test_relation_phrase_reads_source_to_copy(relation: str | None, phrase: str) -> None:
    """The desk reads a match in the HTML report's words, the checked text as side ``a``."""
    from provenance.ci import Match
    from provenance.serve.pages import relation_phrase

    match = Match("src", "seeds/src.txt", 0.6, 0.6, True, "fail", "why", relation=relation)
    assert relation_phrase(match) == phrase


def test_the_side_by_side_is_the_checks_own_pair_read_source_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desk aligned each shown match again (``compare`` of the source and the text) after the check had
    aligned it: now it shows the check's pair, read source first, and the view is what it was."""
    monkeypatch.chdir(tmp_path)
    write_folder(generate(6, seed=3, reprint_every=2), tmp_path / "archive")  # 002 reprints 001, 004 reprints 002
    listing = list_corpus(["archive"])
    settings = Settings()
    with Index.open("ix.sqlite", settings) as index:
        index.update(listing.files, ids=listing.ids)
    aligned: list[int] = []
    real_align = pipeline.align
    monkeypatch.setattr(pipeline, "align", lambda *a, **k: aligned.append(1) or real_align(*a, **k))
    with Desk(DeskConfig(index="ix.sqlite", archive="archive"), settings, Policy(folder="archive")) as desk:
        doc = desk.read_upload("reprint.txt", (tmp_path / "archive" / "a0000004.txt").read_bytes())
        plain = desk.check(doc)
        checked = len(aligned)
        outcome = desk.check(doc, pages=True)
    assert len(aligned) == 2 * checked  # the check's alignments, none for the view
    assert outcome.checks == plain.checks  # the verdicts, and so the API's JSON, as without the view
    shown = outcome.checks[0].path
    assert [s for s, *_ in outcome.pages] == [m.source_id for m in outcome.checks[0].matches][:3]
    assert {"a0000002", "a0000004"} <= {s for s, *_ in outcome.pages}
    for source_id, pair, doc_a, doc_b in outcome.pages:
        path = next(m.source_path for m in outcome.checks[0].matches if m.source_id == source_id)
        source = load_article(path, links=False, doc_id=source_id)
        # What the desk showed before: the source and the text compared afresh, chrome set aside.
        (before_a, before_b), chrome = pipeline.set_aside(
            [
                pipeline.describe_document(pipeline.prepare(d, settings), settings)
                for d in (source, replace(doc, path=shown))
            ],
            settings,
        )
        assert chrome == ()  # texts without boilerplate: the check verified what the view shows
        before = pipeline.compare(before_a, before_b, settings)
        assert (pair.a, pair.b) == (source_id, doc.id) and pair == before
        assert render_pair_html(pair, doc_a, doc_b) == render_pair_html(before, before_a, before_b)


# -- changes read source → new text (round six, newuser 10) ---------------------------------


def test_api_check_reads_the_changes_source_to_new_text(client: TestClient, seed_b_text: str) -> None:
    got = client.post("/api/check", json={"text": edited(seed_b_text), "name": "edited.txt"}).json()
    assert changes_of(got) == EXPECTED


def test_check_page_reads_the_changes_source_to_new_text(client: TestClient, seed_b_text: str) -> None:
    page = client.post("/check", data=_form(client, text=edited(seed_b_text))).text
    section = page.split(f'id="m-{SEED_B}"', 1)[1].split("</section>", 1)[0]
    assert f"Most severe changes ({SEED_B} → this text)" in section
    assert '<mark class="k-insertion">(nothing) → very</mark> <span class="muted">insertion,' in section
    assert '<mark class="k-deletion">highly → (nothing)</mark> <span class="muted">deletion,' in section


def test_check_page_lists_an_edit_made_in_several_places_once(client: TestClient, seed_b_text: str) -> None:
    """The desk listed "seventh → ninth" twice among a reuters.com reprint's three most severe changes, as
    the check's line did: each edit is listed once."""
    assert seed_b_text.count("cooperation") > 2
    page = client.post("/check", data=_form(client, text=seed_b_text.replace("cooperation", "collaboration"))).text
    section = page.split(f'id="m-{SEED_B}"', 1)[1].split("</section>", 1)[0]
    items = section.split("<ul>", 1)[1].split("</ul>", 1)[0].split("</li>")[:-1]
    assert len(items) == len(set(items)) == 2, items  # in a quotation and outside one: two edits, each once


# -- the server under uvicorn: connections that never finish their headers ------------------------------


class _LiveDesk:
    """The desk under uvicorn on 127.0.0.1 (a port the system picks), in a thread, with the server options
    ``provenance serve`` uses; ``port``, and ``open_connections()`` as uvicorn counts them."""

    def __init__(self, desk: Desk, token: str | None = None) -> None:
        import uvicorn

        from provenance.serve.server import server_options

        app = create_app(desk, token=token, hosts=None if token else ("127.0.0.1",))
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", **server_options(desk.config))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> _LiveDesk:
        import time

        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "the desk did not start"
            time.sleep(0.02)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def open_connections(self) -> int:
        return len(self.server.server_state.connections)

    def until(self, condition: Any, within: float = 30.0, every: float = 0.02) -> bool:
        """Whether ``condition(connections)`` (uvicorn's protocols) holds within ``within`` seconds (looked at
        every ``every`` seconds)."""
        import time

        deadline = time.monotonic() + within
        while not condition(list(self.server.server_state.connections)):
            if time.monotonic() > deadline:
                return False
            time.sleep(every)
        return True

    def health(self) -> int:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", "/api/health")
            return connection.getresponse().status
        finally:
            connection.close()


def test_two_desks_of_one_host_work_side_by_side_in_one_browser(archive: DeskConfig, seed_b_text: str) -> None:
    """A browser sends a host's cookies to all its ports: two desks on 127.0.0.1 (two newsrooms' archives, two
    tokens) shared the cookie names, so opening the second with its token overwrote the first's cookie and
    the first answered 401 to every page and form.  Each desk's cookies are named by its port."""
    pytest.importorskip("uvicorn")
    import http.cookiejar
    import urllib.error
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()  # as a browser keeps them: by host, whatever the port
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def status(url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = None if data is None else urllib.parse.urlencode(data).encode()
        try:
            with browser.open(url, body, timeout=30) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as refused:
            return refused.code, ""

    config = replace(archive, workers=1, queue=2)
    with (
        Desk(config, Settings(), Policy(folder="seeds")) as desk,
        _LiveDesk(desk, token="first") as one,
        _LiveDesk(desk, token="second") as two,
    ):
        first, second = (f"http://127.0.0.1:{live.port}" for live in (one, two))
        assert status(f"{first}/?token=first")[0] == 200
        assert status(f"{second}/?token=second")[0] == 200
        for desk_url in (first, second):
            code, page = status(f"{desk_url}/")
            assert code == 200
            csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            code, result = status(f"{desk_url}/check", {"csrf": csrf, "text": seed_b_text})
            assert code == 200 and SEED_A in result
        assert len({cookie.name for cookie in jar}) == 4  # a token and a CSRF cookie each


def _half_sent(port: int) -> Any:
    import socket

    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: the headers never end
    return sock


def _closed_by_server(sock: Any) -> bool:
    """Whether the server closed ``sock`` (an end of stream, or a reset when it closed before reading what
    was sent) within 10 s: a timeout is an open connection."""
    sock.settimeout(10)
    try:
        return bool(sock.recv(100) == b"")
    except ConnectionResetError:
        return True


def test_a_connection_that_never_finishes_its_headers_is_closed(archive: DeskConfig) -> None:
    """An attacker's pass: uvicorn times a connection out only after a response, so one that sent half a
    request (or nothing) stayed open for ever; idle sockets piled up until the desk ran out of file
    descriptors and answered nothing. Its headers must now arrive within ``header_seconds``."""
    pytest.importorskip("uvicorn")
    config = replace(archive, header_seconds=0.5)
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, _LiveDesk(desk) as live:
        sock = _half_sent(live.port)
        try:
            assert _closed_by_server(sock)  # within 0.5 s, not 10 s; it stayed open for ever before
        finally:
            sock.close()
        assert live.health() == 200  # a whole request on a new connection is answered as before


def test_idle_connections_past_the_cap_close_the_oldest_and_health_still_answers(archive: DeskConfig) -> None:
    """40 connections holding half-sent headers against a cap of 8: the ones that waited longest are
    closed as new ones come (before, every one stayed open: under ``ulimit -n 256``, 300 idle sockets left
    the desk answering nothing), and ``/api/health`` on a new connection answers at once."""
    pytest.importorskip("uvicorn")
    config = replace(archive, header_seconds=30.0, max_connections=8)
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, _LiveDesk(desk) as live:
        socks = [_half_sent(live.port) for _ in range(40)]
        try:
            assert live.health() == 200
            assert _closed_by_server(socks[0])  # the oldest was closed for the newer ones
            assert live.open_connections() <= 8
        finally:
            for sock in socks:
                sock.close()


def _pipelining(port: int, requests: int = 2_000) -> Any:
    """A connection that sends ``requests`` pipelined ``GET /api/openapi.json`` and reads no answer (a small
    receive buffer, so its answers back up at once)."""
    import socket

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    sock.connect(("127.0.0.1", port))
    sock.setblocking(False)
    with contextlib.suppress(BlockingIOError):  # what the socket takes: the server reads some, then stops
        sock.send(b"GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * requests)
    return sock


def _unread(port: int) -> Any:
    """A connection (blocking, a small receive buffer) whose client will read none of its answers."""
    import socket

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    sock.connect(("127.0.0.1", port))
    return sock


def _schema_status(port: int) -> int:
    """``GET /api/openapi.json`` on a new connection (answered without a worker)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/api/openapi.json")
        return connection.getresponse().status
    finally:
        connection.close()


def _reaches_its_end(sock: Any) -> bool:
    """Whether reading ``sock`` reaches the end of its stream or a reset (each read within 10 s)."""
    sock.settimeout(10)
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def _all_writes_paused(count: int) -> Any:
    """``count`` connections open, each with its answers backed up (uvicorn's flow control paused it)."""
    return lambda connections: len(connections) == count and all(c.flow.write_paused for c in connections)


def test_connections_that_pipeline_and_never_read_do_not_lock_out_a_new_one(archive: DeskConfig) -> None:
    """An attacker's pass: 256 connections each sent 2,000 pipelined requests and read no answer; not waiting
    for headers, they held the cap of 256 for ever, and every new connection was the one closed
    (``/api/health`` failed for 30 s). Past the cap, the oldest of them is now closed instead."""
    pytest.importorskip("uvicorn")
    config = replace(archive, header_seconds=30.0, max_connections=8)
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, _LiveDesk(desk) as live:
        socks = [_pipelining(live.port) for _ in range(8)]
        try:
            assert live.until(_all_writes_paused(8))
            assert live.health() == 200  # the new connection was closed at once before
            assert _reaches_its_end(socks[0])  # the oldest was closed for it
            assert live.until(lambda connections: len(connections) <= 8)
        finally:
            for sock in socks:
                sock.close()


def test_a_connection_that_never_reads_its_answers_is_closed(archive: DeskConfig) -> None:
    """A connection whose client reads none of its answers waited for ever for them to drain (uvicorn's
    flow control paused it, and ``close()`` waits for unsent bytes); once they have not moved for
    ``header_seconds`` it is reset, freeing its place."""
    pytest.importorskip("uvicorn")
    config = replace(archive, header_seconds=0.5, max_connections=8)
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, _LiveDesk(desk) as live:
        socks = [_pipelining(live.port) for _ in range(2)]
        try:
            assert live.until(lambda connections: len(connections) == 2)
            assert live.until(lambda connections: not connections, within=10)  # both stayed open for ever
            assert live.health() == 200
        finally:
            for sock in socks:
                sock.close()


def test_a_connection_that_asks_one_at_a_time_and_never_reads_is_closed_past_the_cap(archive: DeskConfig) -> None:
    """A client that sends its next request only once the last is answered (no pipelining) and reads none
    of the answers backs them up until writing pauses: not waiting for headers, not pipelining, it held its
    place for ``header_seconds``. Past the cap it is now the one closed, as one waiting on its client."""
    pytest.importorskip("uvicorn")
    config = replace(archive, header_seconds=30.0, max_connections=1)
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, _LiveDesk(desk) as live:
        sock = _unread(live.port)
        try:
            assert live.until(lambda connections: len(connections) == 1)
            (server_side,) = live.server.server_state.connections
            request = b"GET /articles/" + SEED_A.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            for _ in range(10_000):  # ~9 KB an answer: writing pauses once the socket's buffers hold ~2 MB
                cycle = server_side.cycle
                sock.sendall(request)  # only once the last is answered: never pipelined

                def answered_or_paused(_: object, cycle: Any = cycle) -> bool:
                    now = server_side.cycle
                    return now is not cycle and bool(now.response_complete or server_side.flow.write_paused)

                assert live.until(answered_or_paused, every=0.0005)
                if not server_side.cycle.response_complete:  # writing paused before this answer: it waits
                    break
            assert server_side.flow.write_paused and not server_side.flow.read_paused  # backed up, none ahead
            assert live.health() == 200  # the new connection was closed at once before
            assert _reaches_its_end(sock)  # the one that read nothing was closed for it
        finally:
            sock.close()


def test_a_connection_holding_pipelined_requests_is_closed_past_the_cap(
    archive: DeskConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that sends a request before the answer to the one before (no browser does) is the one closed
    past the cap, even while its answers still flow (the 256 connections of an attacker's pass were answered
    for over 30 s before any backed up, and ``/api/health`` failed all along). Here its first request waits
    on a worker, so it stays the same until the test lets it go."""
    pytest.importorskip("uvicorn")
    config = replace(archive, header_seconds=30.0, max_connections=1)
    release = threading.Event()
    with Desk(config, Settings(), Policy(folder="seeds")) as desk, _LiveDesk(desk) as live:
        monkeypatch.setattr(desk, "count", lambda: release.wait(10) and 0)
        sock = _unread(live.port)
        try:
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 2)
            assert live.until(lambda connections: len(connections) == 1 and connections[0].flow.read_paused)
            assert _schema_status(live.port) == 200  # the new connection was closed at once before
            assert _reaches_its_end(sock)  # the one holding a request ahead was closed for it
        finally:
            release.set()
            sock.close()


def test_running_out_of_file_descriptors_is_one_warning_not_a_traceback_per_accept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """asyncio logged ``socket.accept() out of system resource`` with a traceback for every attempt (152,045
    in a minute, 62 MB of log); the desk's loop says it once a minute."""
    pytest.importorskip("uvicorn")
    from provenance.serve.server import _quiet_when_out_of_files

    loop = asyncio.new_event_loop()
    try:
        _quiet_when_out_of_files(loop)
        caplog.set_level(logging.WARNING)
        for _ in range(1_000):
            loop.call_exception_handler(
                {"message": "socket.accept() out of system resource", "exception": OSError(24, "Too many open files")}
            )
    finally:
        loop.close()
    assert [r.getMessage() for r in caplog.records] == [
        "out of file descriptors (Too many open files): new connections wait until some close"
    ]
    assert not any(r.exc_info for r in caplog.records)


def test_a_desk_stopped_by_sigterm_ends_as_a_service_stops(tmp_path: Path, seeds_dir: Path) -> None:
    """uvicorn shuts the desk down on SIGTERM, then passes the signal on; the command took it for an
    interruption, "error: terminated (SIGTERM)", exit 2, so every `systemctl stop` of the desk failed."""
    import signal
    import socket
    import subprocess
    import time
    import urllib.request

    shutil.copytree(seeds_dir, tmp_path / "seeds")
    run = [sys.executable, "-m", "provenance.cli"]
    subprocess.run([*run, "index", "seeds"], cwd=tmp_path, check=True, capture_output=True, timeout=120)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    desk = subprocess.Popen([*run, "serve", "--port", str(port)], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5) as answer:
                    assert answer.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline and desk.poll() is None, "the desk did not start"
                time.sleep(0.1)
        desk.send_signal(signal.SIGTERM)
        _, err = desk.communicate(timeout=60)
    finally:
        desk.kill()
    assert desk.returncode == 0, err
    assert "error" not in err and err.rstrip().endswith("the desk stopped (SIGTERM)")


def test_a_desk_closed_while_it_surveys_leaves_no_thread_running(
    archive: DeskConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the survey's thread outlived the desk, holding what it held (an import's lock, a logger's) when a
    scan later forked its workers: each child inherited the lock held and waited on it for ever (seen as a test
    run that hung in a forked worker, after the desk's tests)."""
    started, release = threading.Event(), threading.Event()
    real_scan = pipeline.scan

    def slow_scan(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(5)  # still surveying when the desk closes, unless close waits
        return real_scan(*args, **kwargs)

    monkeypatch.setattr("provenance.serve.desk.scan", slow_scan)
    with Desk(archive, Settings(), Policy(folder="seeds")) as desk:
        assert desk.survey() is None  # being computed
        assert started.wait(30)
        threading.Timer(0.2, release.set).start()
    assert not [t for t in threading.enumerate() if t.name == "desk-survey"]
    assert desk._survey is not None  # it was waited for, not dropped
