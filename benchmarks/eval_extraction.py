"""Article-body extraction measured on the article-extraction benchmark (DEV pages).

Run (from the repository root)::

    python -m benchmarks.eval_extraction [PATH] [--variants] [--folds 5] [--pages] [--time]

PATH is a folder with ``html/<key>.html.gz`` and ``ground-truth.json`` (default
``../shared/corpora/article_extraction_benchmark``). ``benchmarks.evaluate`` registers
:func:`evaluate_extraction` as the corpus ``article_extraction_benchmark``.

The measure (our implementation of the benchmark's definition): each text is split into tokens
with the Unicode regular expression ``\\w+`` (case kept); its shingles are the runs of 4 consecutive
tokens (a text of fewer than 4 tokens is one shorter shingle), counted as a multiset. For one page,
true positives are the shingles the extraction and the truth share (the smaller count of each),
precision = shared / extracted, recall = shared / true (1 for both when both texts are empty, 0 when
one is). ``precision`` and ``recall`` are the averages over pages; ``f1`` is the average of the
per-page F1; ``f1_of_means`` is the F1 of the two averages, the figure the benchmark publishes.
``pages_recall_below_0_8`` counts pages whose recall is below 0.8. Every page is read as the
pipeline reads an ``.html`` file (:func:`provenance.io.formats.decode_html`, then ``extract_page``).

``--variants`` compares the extraction settings tried (trafilatura as before, recall-oriented
settings, the body recovery, the line vote of a second extractor, a second extractor as fallback),
cross-validates the choice among them over sites (folds by host; :func:`cross_validated`) and chooses
the warning threshold the same way (:func:`choose_warning`); ``--time`` gives the ms per page before
the line vote and now.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tabulate import tabulate

from benchmarks import CORPORA
from provenance.io.formats import DecodeError, _lead_siblings, decode_html, extract_page, precise_text

DEFAULT = CORPORA / "article_extraction_benchmark"
Figures = dict[str, Any]

_TOKEN = re.compile(r"\w+")

PUBLISHED: list[tuple[str, str, str, str]] = [
    ("rs_trafilatura (Rust port)", "0.970", "0.951", "0.990"),
    ("Zyte AutoExtract (commercial, 2019)", "0.970", "0.984", "0.956"),
    ("trafilatura 2.0.0", "0.958", "0.938", "0.978"),
    ("newspaper4k 0.9.3.1", "0.949", "0.964", "0.934"),
    ("readability.js", "0.947", "0.914", "0.982"),
    ("readability-lxml 0.8.4.1", "0.922", "0.913", "0.931"),
    ("justext 3.0.2", "0.804", "0.858", "0.756"),
]
"""The benchmark README's figures on all 181 pages (F1 of the averaged precision and recall)."""


BASELINE_ROWS: list[tuple[str, str, str]] = [
    (f"F1 / P / R: {f1} / {p} / {r}", "all 181 pages", name) for name, f1, p, r in PUBLISHED
] + [
    ("F1 / P / R: 0.949 / 0.939 / 0.959", "DEV, F1 of means", "the pipeline before (trafilatura 2.3.1, no tables)"),
    ("F1 / P / R: 0.966 / 0.946 / 0.987", "DEV, F1 of means", "the pipeline before the line vote (CV F1 0.954)"),
    ("F1 / P / R: 0.982 / 0.975 / 0.989", "DEV, F1 of means", "the pipeline before the lead siblings"),
]
"""Published extractors beside ours (``reports/evaluation.md``): their F1 is the F1 of the averages
(compare with our ``f1_of_means``)."""

GOALS: tuple[tuple[str, str, float], ...] = (
    ("f1", "≥", 0.975),
    ("recall", "≥", 0.99),
    ("pages_recall_below_0_8", "≤", 0),
)
"""Issue 24's targets (meant for held-out sites; here over the DEV pages)."""

NOTE = (
    "Measure (our implementation of the benchmark's definition, `benchmarks/eval_extraction.py`): tokens "
    "are `\\w+` matches (Unicode, case kept); shingles are runs of 4 tokens (a text of fewer is one "
    "shorter shingle), compared as multisets; per page precision = shared / extracted and recall = "
    "shared / true; `precision`, `recall` and `f1` are averages of the per-page figures; `f1_of_means` "
    "is the F1 of the averaged precision and recall, the figure the benchmark publishes (compare the "
    "baselines with it). Pages are read as the pipeline reads an `.html` file (`decode_html`, then "
    "`extract_page`). Extraction: trafilatura with tables kept and `favor_recall`; link cards nested in "
    "a paragraph (a name's hover card, spliced mid-sentence on thehill.com) are removed first; the rest "
    "of an article body split over sibling containers of one class (Wired's `article__body`, cut by an "
    "ad) is put back when that class holds >= 5% of the kept words (`BODY_SHARE`); then a line of that "
    "text stays only when trafilatura's precision-oriented run (`favor_precision`, tables kept) over the "
    "same page holds it too (half of its 4-word shingles, or a line of under 4 words whole; put-back "
    "paragraphs and lines without words stay) when it lies before the first line that run keeps or after the "
    "last (between two kept lines it is body: subheadings, a list's headings, a paragraph; so are the lines just "
    "before the first kept line while each is read from a sibling of a kept line's block, same tag, class and "
    "parent: the story's opening link, paragraph or list heading; not after the last, where a body container's "
    "siblings are what a site appends to every story: a comments policy, a 'read also' link, a copyright line), "
    "and the line "
    "repeating the declared title goes (the headline: on DEV 17 such lines, none in a true body); the filter "
    "is undone on a page where it would leave out over half the words (`MAX_DROPPED`, a guard: never reached "
    "on DEV). An embedded post (`blockquote.twitter-tweet`) left out is put back with its attribution line, "
    "and so is any other blockquote left out whole between two kept paragraphs. Variants (`python -m "
    "benchmarks.eval_extraction --variants`; DEV, P / R / per-page F1 / F1 of means / pages under 0.8 "
    "recall): trafilatura as before 0.939 / 0.959 / 0.940 / 0.949 / 5; + tables + favor_recall 0.943 / "
    "0.973 / 0.951 / 0.957 / 3; favor_precision + tables 0.968 / 0.967 / 0.964 / 0.968 / 3; readability-lxml "
    "alone 0.934 / 0.976 / 0.951 / 0.955 / 2; recall settings + hover cards + body and quote recovery 0.947 "
    "/ 0.990 / 0.966 / 0.968 / 0; + headline dropped 0.955 / 0.990 / 0.970 / 0.972 / 0; + vote of the "
    "precision run on every line 0.977 / 0.986 / 0.980 / 0.981 / 0; + that vote at the edges only 0.9754 / "
    "0.9894 / 0.9817 / 0.9823 / 0; **+ the lead lines read from siblings of kept blocks kept (the pipeline) "
    "0.9754 / 0.9904 / 0.9823 / 0.9829 / 0** (catchitkansas.com's results link, ign.com's first deal); the "
    "same from the blocks of kept lines only 0.9754 / 0.9897 / 0.9819 / 0.9825 / 0, by tag and class under a "
    "parent of the same tag and class 0.9754 / 0.9904 / 0.9823 / 0.9829 / 0 (the same lines), siblings at "
    "both edges 0.9716 / 0.9904 / 0.9801 / 0.9809 / 0 and by parent's tag and class 0.9716 / 0.9908 / 0.9803 "
    "/ 0.9811 / 0 (a comments policy, a 'read also' link and related links kept: 1 of 5 lines restored after "
    "the story is body, hawaiinewsnow.com's copyright line); + vote of readability-lxml at the edges instead 0.968 / "
    "0.991 / 0.978 / 0.979 / 0 (it keeps chron.com's gallery captions: that page's precision 1.00 -> 0.58); + "
    "a line kept when either votes for it 0.966 / 0.990 / 0.977 / 0.978 / 0; the pipeline without body "
    "recovery 0.975 / 0.973 / 0.970 / 0.974 / 3. Measured once outside the harness (not used): resiliparse "
    "2.0 alone 0.886, "
    "boilerpy3 0.812, jusText 0.679, and a line vote among seven extractors (a line kept by k of them, no "
    "headline rule): at best 0.967. **Cross-validated over sites** (5 folds by host; each fold picks among "
    "all those variants by per-page F1 on the other four): every fold picks the pipeline, so the held-out "
    "figures are the DEV ones: F1 0.9823 (F1 of means 0.9829), precision 0.9754, recall 0.9904, 0 pages "
    "under 0.8 recall (before issue 24: 0.946 / 0.945 / 0.963 / 4). Above every published extractor (F1 of "
    "means 0.983 against 0.970). Of the 0.0096 of recall still lost, the vote costs 0.0008 (0.0004 of it "
    "hawaiinewsnow.com's copyright line after the story, a line entermedia.co.kr's truth counts as chrome; "
    "before the lead siblings 0.0019), trafilatura's recall run never keeping the rest: what bounds it is "
    "the truth's own convention, which differs by site: standfirsts and link lists counted as body on some "
    "sites (rt.com's "
    "summary, ign.com's 'Get it on Amazon' links) and as chrome on others (wsj.com, express.co.uk, "
    "cleveland.com: on 22 DEV pages a standfirst repeating the page's description is not in the truth, on "
    "rt.com it is), a site's address line "
    "(autoracing.com.br), and Japanese text the truth spaces around links (note100yen.com: 0.825 recall "
    "with every sentence kept). Warning: a page keeping under 50% of its prose words (`<p>` of 20+ words outside "
    "nav/header/footer/aside/form and links) with 150+ left out is named on stderr and in the reports; "
    "`pages_warned` counts them (comment threads trip it too; chosen by the same folds "
    "against trafilatura-alone pages under 0.8 recall, it does not generalise across sites: 0 of 3 "
    "held-out truncations flagged, 1 false flag, 3 before teaser cards in links were left out of the "
    "prose). Time (`python -m benchmarks.eval_extraction --time`, "
    "best of 3 in one process): 18.4 ms a page before the vote, 34.2 ms with it (x1.86: trafilatura runs "
    "twice); the lead siblings' one walk of the page (`_line_blocks`) 1.75 ms a page, 2% of the extraction's "
    "time (best of 3 in one process, on a loaded machine)."
)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles of ``text`` (tokens: ``\\w+``).

    >>> sorted(shingles("a b c d e").items())
    [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    >>> shingles("two words")
    Counter({('two', 'words'): 1})
    """
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(true: str, predicted: str) -> tuple[float, float]:
    """(precision, recall) of one page by shared 4-token shingles.

    >>> page_scores("one two three four five", "one two three four")
    (1.0, 0.5)
    """
    truth, guess = shingles(true), shingles(predicted)
    shared = sum((truth & guess).values())
    extra = sum((guess - truth).values())
    missed = sum((truth - guess).values())
    if extra == missed == 0:
        return 1.0, 1.0
    precision = shared / (shared + extra) if shared + extra else 0.0
    recall = shared / (shared + missed) if shared + missed else 0.0
    return precision, recall


def figures(scores: Sequence[tuple[float, float]]) -> Figures:
    """The averaged figures of per-page (precision, recall)."""
    n = len(scores)
    if not n:
        return {"pages": 0}
    p = sum(s[0] for s in scores) / n
    r = sum(s[1] for s in scores) / n
    f1 = sum(2 * a * b / (a + b) if a + b else 0.0 for a, b in scores) / n
    return {
        "pages": n,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "f1_of_means": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "pages_recall_below_0_8": sum(s[1] < 0.8 for s in scores),
    }


@dataclass(frozen=True)
class Page:
    """One DEV page: its key, site, HTML (decoded as the pipeline decodes it) and true body."""

    key: str
    site: str
    html: str
    truth: str


def pages(path: Path) -> list[Page]:
    """The pages of a benchmark folder, by key."""
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for key in sorted(truth):
        html, _ = decode_html(gzip.decompress((path / "html" / f"{key}.html.gz").read_bytes()))
        url = truth[key].get("url") or ""
        site = (urlsplit(url).hostname or key).removeprefix("www.")
        found.append(Page(key, site, html, truth[key].get("articleBody") or ""))
    return found


Extractor = Callable[[str], str]


def _extractor(**options: Any) -> Extractor:
    """The pipeline's ``extract_page`` with ``options``, as an extractor (no text on a page it cannot decode)."""

    def run(html: str) -> str:
        try:
            return extract_page(html, **options).text
        except DecodeError:
            return ""

    return run


_pipeline = _extractor()
_LEAD_SIBLINGS = _lead_siblings


def run_extractor(items: Sequence[Page], extractor: Extractor) -> tuple[list[tuple[float, float]], float]:
    """Per-page (precision, recall) of ``extractor`` and its mean time per page in milliseconds."""
    scores = []
    start = time.perf_counter()
    for page in items:
        scores.append(page_scores(page.truth, extractor(page.html)))
    return scores, 1000 * (time.perf_counter() - start) / max(1, len(items))


def evaluate_extraction(path: Path, settings: object = None) -> Figures:
    """The harness's figures: the pipeline's extraction over every DEV page, and the warning's reach."""
    items = pages(path)
    scores: list[tuple[float, float]] = []
    warned = 0
    start = time.perf_counter()
    for page in items:
        try:
            found = extract_page(page.html)
        except DecodeError:
            scores.append(page_scores(page.truth, ""))
            continue
        warned += found.warning is not None
        scores.append(page_scores(page.truth, found.text))
    out = figures(scores)
    out["pages_warned"] = warned
    out["sites"] = len({p.site for p in items})
    out["ms_per_page"] = round(1000 * (time.perf_counter() - start) / max(1, len(items)), 1)
    return out


def folds_by_site(items: Sequence[Page], k: int) -> list[list[int]]:
    """Page indices in ``k`` folds, every page of a site in the same fold (sites in sorted order, dealt round)."""
    sites = sorted({p.site for p in items})
    fold_of = {site: i % k for i, site in enumerate(sites)}
    return [[i for i, p in enumerate(items) if fold_of[p.site] == f] for f in range(k)]


def choose_warning(
    items: Sequence[Page], k: int = 5, candidates: Sequence[float] = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
) -> Figures:
    """The low-coverage threshold chosen by cross-validation over sites.

    A page should be flagged when trafilatura alone (no body recovery) keeps under 0.8 of its true body:
    that is the failure the warning exists for. In each fold the candidate with the best F1 of flagging on
    the other folds is taken, and scored on the held-out fold; the pooled held-out counts are returned.
    """
    measures = []
    for page in items:
        try:
            found = extract_page(page.html, recover=False, low_coverage=1.0, min_missing=0)
            share = found.kept_words / found.prose_words if found.prose_words else 1.0
            missing = found.prose_words - found.kept_words
            recall = page_scores(page.truth, found.text)[1]
        except DecodeError:
            share, missing, recall = 1.0, 0, 0.0
        measures.append((share, missing, recall < 0.8))

    def flags(i: int, t: float) -> bool:
        share, missing, _ = measures[i]
        return share < t and missing >= 150

    def counts(idx: Sequence[int], t: float) -> tuple[int, int, int]:
        """(flagged and truncated, flagged but not, truncated but not flagged) over ``idx``."""
        tp = sum(flags(i, t) and measures[i][2] for i in idx)
        fp = sum(flags(i, t) and not measures[i][2] for i in idx)
        fn = sum(not flags(i, t) and measures[i][2] for i in idx)
        return tp, fp, fn

    def f1(idx: Sequence[int], t: float) -> float:
        tp, fp, fn = counts(idx, t)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    chosen = []
    tp = fp = fn = 0
    folds = folds_by_site(items, k)
    for f, held in enumerate(folds):
        train = [i for g, fold in enumerate(folds) if g != f for i in fold]
        best = max(candidates, key=lambda t: (f1(train, t), -t))
        chosen.append(best)
        held_tp, held_fp, held_fn = counts(held, best)
        tp, fp, fn = tp + held_tp, fp + held_fp, fn + held_fn
    return {"chosen_per_fold": chosen, "held_out_flagged_true": tp, "held_out_false_flags": fp, "held_out_missed": fn}


def cross_validated(
    items: Sequence[Page],
    variants: dict[str, Extractor],
    k: int = 5,
    scored: dict[str, list[tuple[float, float]]] | None = None,
) -> Figures:
    """Choose among ``variants`` by mean per-page F1 on the training folds (by site); pool the held-out scores.

    ``scored`` holds per-page scores already measured, by variant name (those are not run again).
    """
    per_variant = {name: (scored or {}).get(name) or run_extractor(items, fn)[0] for name, fn in variants.items()}
    held_scores: list[tuple[float, float]] = []
    chosen = []
    for held in folds_by_site(items, k):
        held_set = set(held)
        train = [i for i in range(len(items)) if i not in held_set]
        best = max(per_variant, key=lambda n: figures([per_variant[n][i] for i in train])["f1"])
        chosen.append(best)
        held_scores += [per_variant[best][i] for i in held]
    return {"chosen_per_fold": chosen, **figures(held_scores)}


def variants() -> dict[str, Extractor]:
    """The extraction settings compared (trafilatura as before, the recall-oriented settings, the pipeline)."""
    import logging

    import trafilatura

    logging.getLogger("trafilatura").disabled = True

    def traf(**kw: Any) -> Extractor:
        def run(html: str) -> str:
            try:
                result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, **kw)
            except Exception:  # broken markup: nothing extracted
                return ""
            return str(getattr(result, "text", "") or "") if result is not None else ""

        return run

    return {
        "trafilatura as before (no tables, no dedup)": traf(include_tables=False, deduplicate=False),
        "trafilatura + tables": traf(include_tables=True, deduplicate=False),
        "trafilatura + tables + favor_recall": traf(include_tables=True, deduplicate=False, favor_recall=True),
        "... + deduplicate": traf(include_tables=True, deduplicate=True, favor_recall=True),
        "trafilatura favor_precision": traf(include_tables=False, deduplicate=False, favor_precision=True),
        "trafilatura favor_precision + tables": traf(include_tables=True, deduplicate=False, favor_precision=True),
        "readability-lxml alone": _readability_lxml,
        "recall settings + hover cards (no recovery, no filter)": _extractor(
            recover=False, voters=(), drop_headline=False
        ),
        "... + body recovery (the pipeline before)": _extractor(voters=(), drop_headline=False),
        "... + headline dropped": _extractor(voters=()),
        "... + vote of precision trafilatura, no headline rule": _extractor(drop_headline=False, lead_siblings=False),
        "... + vote of readability-lxml": _extractor(voters=(readability_text,), lead_siblings=False),
        "... + vote of precision trafilatura or readability-lxml": _extractor(
            voters=(precise_text, readability_text), lead_siblings=False
        ),
        "... + vote of precision trafilatura on every line": _extractor(keep_inside=False, lead_siblings=False),
        "... + vote of precision trafilatura at the edges": _extractor(lead_siblings=False),
        "... + lead lines from siblings of kept blocks kept (the pipeline)": _pipeline,
        "... + lead lines from blocks of kept lines only": _patched("_sibling_key", _block_key),
        "... + lead lines from blocks of a kept block's tag, class and parent's tag and class": _patched(
            "_sibling_key", _signature_key
        ),
        "... + siblings at both edges": _patched("_lead_siblings", _both_edges),
        "... + siblings at both edges, by tag, class and parent's tag and class": _patched(
            "_lead_siblings", _both_edges, _signature_key
        ),
        "the pipeline without body recovery": _extractor(recover=False),
        **{
            f"the pipeline, body recovery at share {share:g}": _extractor(body_share=share)
            for share in (0.1, 0.2, 0.3, 0.5, 0.0)
        },
        "before, + readability (trafilatura's fork) when under 0.5 of the prose is kept": _readability_fallback,
    }


def _patched(name: str, replacement: Any, key: Any = None) -> Extractor:
    """The pipeline with ``provenance.io.formats``' function ``name`` replaced (and ``_sibling_key`` by ``key``):
    the sibling rules tried besides the one kept."""
    from provenance.io import formats

    def run(html: str) -> str:
        saved = formats._lead_siblings, formats._sibling_key
        setattr(formats, name, replacement)
        if key is not None:
            formats._sibling_key = key
        try:
            return _pipeline(html)
        finally:
            formats._lead_siblings, formats._sibling_key = saved

    return run


def _block_key(block: Any) -> int:
    """A block itself: a lead line stays only when read from the block of a kept line (text around its blocks)."""
    return id(block)


def _signature_key(block: Any) -> tuple[str, ...]:
    """A block's tag and class and its parent's (siblings of one kind under any parent of that kind)."""
    parent = block.getparent()
    return block.tag, block.get("class") or "", parent.tag, parent.get("class") or ""


def _both_edges(lines: list[str], verdicts: list[str], first: int, last: int, blocks: Any) -> int:
    """The lead siblings rule at the trailing edge too (walking forward from the last kept line)."""
    start = _LEAD_SIBLINGS(lines, verdicts, first, last, blocks)
    n = len(lines) - 1
    backwards = verdicts[::-1]
    _LEAD_SIBLINGS(lines[::-1], backwards, n - last, n - first, blocks)
    verdicts[:] = backwards[::-1]
    return start


def readability_text(page: Any) -> str:
    """readability-lxml's article text of a page (HTML text or a parsed tree), one line per text node.

    A second extractor tried as a voter (``pip install readability-lxml``, in the ``dev`` extra).
    """
    from readability import Document
    from trafilatura.utils import load_html

    found = load_html(f"<html><body>{Document(page).summary(html_partial=True)}</body></html>")
    return "" if found is None else "\n".join(" ".join(t.split()) for t in found.itertext() if t.strip())


def _readability_lxml(html: str) -> str:
    """readability-lxml's article text alone."""
    try:
        return readability_text(html)
    except Exception:  # broken markup: nothing extracted
        return ""


def _readability_fallback(html: str) -> str:
    """The pipeline, its text replaced by readability's when readability's is longer on a low-coverage page."""
    import lxml.html
    from trafilatura.readability_lxml import Document as Readability

    try:
        found = extract_page(html, voters=(), drop_headline=False)
    except DecodeError:
        return ""
    if not found.prose_words or found.kept_words >= 0.5 * found.prose_words:
        return found.text
    try:
        summary = Readability(lxml.html.fromstring(html)).summary()
    except Exception:  # broken markup: keep the pipeline's text
        return found.text
    tree = lxml.html.fromstring(summary) if isinstance(summary, str) else summary
    other = "\n".join(" ".join(t.split()) for t in tree.itertext() if t.strip())
    return other if len(other) > len(found.text) else found.text


def timing(items: Sequence[Page], repeat: int = 3) -> Figures:
    """Milliseconds per page of the extraction before the line vote and now, best of ``repeat`` alternating runs
    in this process (a ratio is what carries over between machines)."""
    runs: dict[str, list[float]] = {"before_ms_per_page": [], "now_ms_per_page": []}
    before = _extractor(voters=(), drop_headline=False)
    for _ in range(repeat):
        runs["before_ms_per_page"].append(run_extractor(items, before)[1])
        runs["now_ms_per_page"].append(run_extractor(items, _pipeline)[1])
    best = {name: round(min(values), 1) for name, values in runs.items()}
    return {**best, "ratio": round(best["now_ms_per_page"] / best["before_ms_per_page"], 2)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--variants", action="store_true", help="compare the extraction settings tried")
    parser.add_argument("--folds", type=int, default=5, help="folds by site for the cross-validated figures")
    parser.add_argument("--pages", action="store_true", help="list the pipeline's pages by recall")
    parser.add_argument("--time", action="store_true", help="ms per page before the line vote and now (best of 3)")
    args = parser.parse_args(argv)
    path = Path(args.path)
    if not path.is_dir():
        print(f"eval_extraction: {path}: not found; skipped", file=sys.stderr)
        return 0
    items = pages(path)
    if args.variants:
        rows = []
        table = variants()
        scored = {}
        for name, fn in table.items():
            scores, ms = run_extractor(items, fn)
            scored[name] = scores
            f = figures(scores)
            rows.append(
                (name, f["precision"], f["recall"], f["f1"], f["f1_of_means"], f["pages_recall_below_0_8"], f"{ms:.0f}")
            )
        print(tabulate(rows, headers=["variant", "P", "R", "F1 (per page)", "F1 of means", "R<0.8", "ms/page"]))
        print()
        print("cross-validated choice among them:", json.dumps(cross_validated(items, table, args.folds, scored)))
        print("warning threshold:", json.dumps(choose_warning(items, args.folds)))
    if args.pages:
        scores, _ = run_extractor(items, _pipeline)
        for page, (p, r) in sorted(zip(items, scores, strict=True), key=lambda x: x[1][1]):
            print(f"{r:.3f} {p:.3f} {page.key[:12]} {page.site}")
    if args.time:
        print(json.dumps(timing(items)))
    if not args.variants and not args.pages and not args.time:
        print(json.dumps(evaluate_extraction(path), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
