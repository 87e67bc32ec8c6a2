"""What changed inside an aligned sentence pair, word by word, and of what kind.

The two word sequences are compared as *units* (:mod:`provenance.text.numbers`):
case-folded words, with figures read as values, so quote marks, dashes,
spacing, case, "five"/"5", "1,000"/"1000" and "20 years"/"20-year" never count.
The units are diffed with :func:`rapidfuzz.distance.Indel.opcodes`; inside each
differing run a second diff over transliteration skeletons
(:mod:`provenance.text.names`) pulls out names spelled two ways.  Runs are then
joined (an insertion and a deletion bridged by function words are one
replacement), paired (a run deleted here and inserted there is a reorder),
split (an insertion or deletion at clause punctuation; a date peeled off a
replacement) and classified, first rule that fits:

* ``name-variant``: one name in another spelling (Araqchi / Araghchi);
* ``number``: the figures differ (15% / 38%, a phone number or model code with digits
  234-7743 / 234-7724, F-16 / F-35), or a figure comes or goes;
* ``date``: the dates, days or times differ, or a date comes or goes;
* ``reversal``: a short change turning the statement to its opposite: a negation
  comes or goes ("has" / "hasn't"), or a word faces its opposite (rose / fell);
* ``attribution``: a short change touching an attribution verb or phrase
  ("said", "according to", "published by"), or the speaker of one;
* ``reorder``: the same content words in another order;
* ``synonym``: at most ``synonym_max_words`` content words a side replaced,
  no name among them (simplify / facilitate);
* ``wording``: any other replacement (a longer rewrite, or one name replaced
  by a different one: Putin / Lavrov);
* ``insertion`` / ``deletion``: words on one side only.

Each change gets ``in_quote`` (it overlaps a direct quotation on either side,
:mod:`provenance.text.quotes`) and a ``severity`` (:func:`severity_of`).

>>> [(c.kind, c.a, c.b) for c in changes_in_texts("Araqchi said it rose 15%.", "Araghchi said it rose 38%.")]
[('name-variant', 'Araqchi', 'Araghchi'), ('number', '15%', '38%')]
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz.distance import Indel

from ..models import Alignment, Change, ChangeKind, Sentence, Severity, Span
from ..settings import Settings
from ..text.lexicon import (
    ATTRIBUTION_PHRASES,
    ATTRIBUTION_VERBS,
    CALENDAR_WORDS,
    FUNCTION_WORDS,
    NAME_PARTICLES,
    NEGATIONS,
    OBJECT_VERBS,
    OPPOSITES,
    SPEAKER_OBJECT_VERBS,
    TITLE_NAMES,
    TITLE_WORDS,
)
from ..text.names import (
    consonant_outline,
    is_name_part_variant,
    is_name_variant,
    looks_like_name,
    same_listed_place,
    skeleton,
    without_possessive,
)
from ..text.normalize import fold
from ..text.numbers import Unit, units
from ..text.quotes import Quotation, QuoteSpans, find_quotations
from ..text.sentences import split_sentences
from ..verdict.spellings import census_counts

__all__ = [
    "SEVERITY_ORDER",
    "changes_and_pairs",
    "changes_between",
    "changes_in_texts",
    "classify",
    "diff_blocks",
    "severity_of",
]

_DEFAULTS = Settings()
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”„«»—–]|\s-\s|[.!?]\s")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*\s")
_INITIAL_NAME_LETTERS = 5
_REORDER_RUNS = 4  # most diff runs one reorder is cut into
_JOINERS = re.compile(r"['’\-]")
_PHRASE_WORDS = frozenset(itertools.chain.from_iterable(ATTRIBUTION_PHRASES))
SEVERITY_ORDER: dict[Severity, int] = {"high": 0, "medium": 1, "low": 2}
"""Rank of each severity, highest first (for sorting reports)."""

Block = tuple[str, int, int, int, int]


def diff_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """difflib-style opcodes over two token sequences, adjacent edits merged.

    >>> diff_blocks(["a", "big", "cat"], ["a", "huge", "cat"])
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 3, 2, 3)]
    """
    runs: list[Block] = []
    for op in Indel.opcodes(list(a), list(b)):
        if op.tag != "equal" and runs and runs[-1][0] != "equal":
            # Indel has no "replace": a deletion next to an insertion is one.
            _, a0, _, b0, _ = runs.pop()
            runs.append(("edit", a0, op.src_end, b0, op.dest_end))
        else:
            runs.append((op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return [
        (
            tag if tag == "equal" else "replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert",
            a0,
            a1,
            b0,
            b1,
        )
        for tag, a0, a1, b0, b1 in runs
    ]


def severity_of(kind: ChangeKind, in_quote: bool) -> Severity:
    """How much an editor should care about a change.

    A name spelled another way is medium even in a quotation: the speaker's words are the same
    (Araqchi / Araghchi is a transliteration, not an altered quote).

    >>> severity_of("synonym", True), severity_of("name-variant", False), severity_of("deletion", False)
    ('high', 'medium', 'low')
    >>> severity_of("name-variant", True)
    'medium'
    """
    if kind == "name-variant":
        return "medium"
    if in_quote or kind in ("number", "date", "attribution", "reversal"):
        return "high"
    if kind in ("name-variant", "wording"):
        return "medium"
    return "low"


@dataclass(frozen=True)
class _Side:
    """One side of an alignment: its words, their spans and comparison units."""

    text: str
    words: tuple[str, ...]
    spans: tuple[Span, ...]
    initial: tuple[bool, ...]
    """Whether each word starts its sentence (its capital says nothing)."""
    units: tuple[Unit, ...]
    start: int
    """Where the alignment starts (the anchor of an edit at the very beginning)."""
    before: tuple[str, ...] | None
    """The text before each word (from the end of the word before it), when some holds a "$"; else None."""
    keys: tuple[str, ...]
    """Each unit's key."""
    unit_spans: tuple[Span, ...]
    """Each unit's span in ``text``, from its first word's start to its last word's end."""

    def key(self, i: int) -> str:
        return self.keys[i]

    def content(self, lo: int, hi: int) -> Counter[str]:
        return Counter(u.key for u in self.units[lo:hi] if u.key not in FUNCTION_WORDS)

    def span(self, lo: int, hi: int) -> Span:
        if hi > lo:
            return self.unit_spans[lo][0], self.unit_spans[hi - 1][1]
        anchor = self.unit_spans[lo - 1][1] if lo > 0 else self.start
        return anchor, anchor

    def breaks_before(self, i: int) -> bool:
        """A clause break (punctuation) between unit ``i - 1`` and unit ``i``."""
        if i <= 0 or i >= len(self.units):
            return True
        end, start = self.unit_spans[i - 1][1], self.unit_spans[i][0]
        return end < start and bool(_CLAUSE_BREAK.search(self.text, end, start + 1))

    def ends_sentence_before(self, i: int) -> bool:
        """A sentence end (". ", "! ") between unit ``i - 1`` and unit ``i``."""
        if i <= 0 or i >= len(self.units):
            return False
        end, start = self.unit_spans[i - 1][1], self.unit_spans[i][0]
        return end < start and bool(_SENTENCE_END.search(self.text, end, start))

    def name_at(self, i: int) -> bool:
        unit = self.units[i]
        word = self.words[unit.token]
        return not unit.figure and unit.token == unit.end and looks_like_name(word)


@dataclass
class _Edit:
    a0: int
    a1: int
    b0: int
    b1: int
    kind: ChangeKind | None = None


_UNITS_CACHED = 1024
"""Aligned word runs whose units are kept: a document verified against several others (a story and its
reprints, an article of a pull request and its matches) has the units of its aligned sentences read once,
not once a pair."""


@functools.lru_cache(maxsize=_UNITS_CACHED)
def _units(words: tuple[str, ...], before: tuple[str, ...] | None) -> tuple[tuple[Unit, ...], tuple[str, ...]]:
    """The comparison units of ``words`` (:func:`~provenance.text.numbers.units`, read only) and their keys.

    >>> [u.key for u in _units(("five", "percent"), None)[0]], _units(("five", "percent"), None)[1]
    (['#5', 'percent'], ('#5', 'percent'))
    """
    found = tuple(units(words, before))
    return found, tuple(u.key for u in found)


def _side(
    sentences: Sequence[Sentence], indices: Sequence[int], span: Span, text: str, other: _Side | None = None
) -> _Side:
    """The side of an alignment; ``other``: the side already read, whose units serve when the words (and
    what stands before each) are the same (a sentence a reprint keeps as it was)."""
    spans: list[Span] = []
    initial: list[bool] = []
    for i in indices:
        inside = [t for t in sentences[i].token_spans if t[0] >= span[0] and t[1] <= span[1]]
        initial += [True] + [False] * (len(inside) - 1) if inside else []
        spans += inside
    # Units read the words with typography folded (dashes, quotes, NFKC); case is kept.
    words = tuple(text[s:e] for s, e in spans)
    if spans and not text[spans[0][0] : spans[-1][1]].isascii():
        words = tuple(w if w.isascii() else fold(w).text for w in words)
    # The text before each word tells a dollar amount ("$US6.5"); with no "$" anywhere before a
    # word it tells nothing, and the units are those of the words alone.
    before: tuple[str, ...] | None = None
    if spans and "$" in text[max(0, spans[0][0] - 1) : spans[-1][0]]:
        ends = [max(0, spans[0][0] - 1)] + [e for _, e in spans[:-1]]
        before = tuple(text[e:s] for e, (s, _) in zip(ends, spans, strict=True))
    if other is not None and other.words == words and other.before == before:
        found, keys = other.units, other.keys
    else:
        found, keys = _units(words, before)
    unit_spans = tuple(spans[u.token] if u.last <= u.token else (spans[u.token][0], spans[u.last][1]) for u in found)
    return _Side(text, words, tuple(spans), tuple(initial), found, span[0], before, keys, unit_spans)


def _name_key(side: _Side, i: int) -> str:
    if side.name_at(i):
        return "\x00" + consonant_outline(side.words[side.units[i].token])
    return side.key(i)


def _name_part(side: _Side, i: int) -> bool:
    """Unit ``i`` is a word of a personal name: a name word that is not a title
    ("Senator").  A title that is also a given name (Amir, Sultan) is a name when it
    closes a name: English writes titles before names, so "Zabin Sultan" is a name."""
    if not side.name_at(i):
        return False
    key = side.key(i)
    if key in CALENDAR_WORDS:
        return False  # a weekday or time word ("On Monday Bush spoke"); a month may be a name (May, Jan)
    if key not in TITLE_WORDS:
        return True
    return (
        key in TITLE_NAMES
        and not side.breaks_before(i)
        and side.name_at(i - 1)
        and side.key(i - 1) not in TITLE_WORDS
        and (side.breaks_before(i + 1) or not side.name_at(i + 1))
    )


def _in_name(side: _Side, i: int) -> bool:
    word = side.words[side.units[i].token]
    return _name_part(side, i) or (side.key(i) in NAME_PARTICLES and word.islower())


def _name_run(side: _Side, i: int) -> tuple[int, int]:
    """The name words (with lower-case particles between them: "Abd al Rahman") around
    unit ``i``, within one clause."""
    lo, hi = i, i + 1
    while not side.breaks_before(lo) and _in_name(side, lo - 1):
        lo -= 1
    while not side.breaks_before(hi) and _in_name(side, hi):
        hi += 1
    while lo < i and not _name_part(side, lo):
        lo += 1
    while hi > i + 1 and not _name_part(side, hi - 1):
        hi -= 1
    return lo, hi


def _same_part(sa: _Side, sb: _Side, i: int, j: int, settings: Settings) -> bool:
    if sa.key(i) == sb.key(j):
        return True
    wa, wb = sa.words[sa.units[i].token], sb.words[sb.units[j].token]
    return is_name_variant(wa, wb) or is_name_part_variant(wa, wb, min_similarity=settings.name_part_min_similarity)


def _other_parts_match(sa: _Side, sb: _Side, i: int, j: int, settings: Settings) -> bool:
    """Words ``i`` and ``j`` stand at the same place in two names of several words whose
    other words all match (the stronger evidence a looser spelling rule needs)."""
    if not (_name_part(sa, i) and _name_part(sb, j)):
        return False
    lo_a, hi_a = _name_run(sa, i)
    lo_b, hi_b = _name_run(sb, j)
    if hi_a - lo_a < 2 or hi_a - lo_a != hi_b - lo_b or i - lo_a != j - lo_b:
        return False
    return all(
        _same_part(sa, sb, k, m, settings) for k, m in zip(range(lo_a, hi_a), range(lo_b, hi_b), strict=True) if k != i
    )


def _name_pair_kind(sa: _Side, sb: _Side, i: int, j: int, settings: Settings) -> ChangeKind | None:
    """``name-variant`` when words ``i`` and ``j`` are one name spelled two ways."""
    wa, wb = sa.words[sa.units[i].token], sb.words[sb.units[j].token]
    if is_name_variant(wa, wb):
        # Two sentence-initial capitals may be common words (Lead / Led): ask
        # for one skeleton, or for words long enough to be unlikely look-alikes.
        both_initial = sa.initial[sa.units[i].token] and sb.initial[sb.units[j].token]
        sure = (
            skeleton(wa) == skeleton(wb) or min(len(wa), len(wb)) >= _INITIAL_NAME_LETTERS or same_listed_place(wa, wb)
        )
        if not both_initial or sure:
            return "name-variant"
    if is_name_part_variant(wa, wb, min_similarity=settings.name_part_min_similarity) and _other_parts_match(
        sa, sb, i, j, settings
    ):
        return "name-variant"
    return None


def _split_names(sa: _Side, sb: _Side, block: _Edit, settings: Settings) -> list[_Edit]:
    """Pull name variants out of a differing run with a diff over name outlines; a run
    of as many names on each side whose outlines differ is paired word by word when
    every pair is a variant (ABU DAWUD Musa / ABOU DAOUD Moussa)."""
    keys_a = [_name_key(sa, i) for i in range(block.a0, block.a1)]
    keys_b = [_name_key(sb, i) for i in range(block.b0, block.b1)]
    if not any(k.startswith("\x00") for k in keys_a) or not any(k.startswith("\x00") for k in keys_b):
        return [block]
    out: list[_Edit] = []
    for tag, a0, a1, b0, b1 in diff_blocks(keys_a, keys_b):
        a0, a1, b0, b1 = a0 + block.a0, a1 + block.a0, b0 + block.b0, b1 + block.b0
        pairs = list(zip(range(a0, a1), range(b0, b1), strict=False))
        if tag != "equal":
            kinds = [_name_pair_kind(sa, sb, i, j, settings) for i, j in pairs] if a1 - a0 == b1 - b0 else []
            if not kinds or not all(
                k is not None or sa.key(i) == sb.key(j) for k, (i, j) in zip(kinds, pairs, strict=True)
            ):
                out.append(_Edit(a0, a1, b0, b1))
                continue
        for i, j in pairs:
            if sa.words[sa.units[i].token].lower() == sb.words[sb.units[j].token].lower():
                continue
            out.append(_Edit(i, i + 1, j, j + 1, _name_pair_kind(sa, sb, i, j, settings)))
    return out


def _function_only(side: _Side, lo: int, hi: int) -> bool:
    return all(side.key(i) in FUNCTION_WORDS for i in range(lo, hi))


def _bridge(edits: list[_Edit], sa: _Side, sb: _Side, bridge_max_words: int) -> list[_Edit]:
    """Join an insertion or deletion to the next change over a few function words."""
    out: list[_Edit] = []
    for edit in edits:
        if out:
            prev = out[-1]
            gap = edit.a0 - prev.a1
            one_sided = prev.a0 == prev.a1 or prev.b0 == prev.b1 or edit.a0 == edit.a1 or edit.b0 == edit.b1
            if (
                gap <= bridge_max_words
                and one_sided
                and prev.kind is None
                and edit.kind is None
                and _function_only(sa, prev.a1, edit.a0)
            ):
                out[-1] = _Edit(prev.a0, edit.a1, prev.b0, edit.b1)
                continue
        out.append(edit)
    return [_trim_common(e, sa, sb) for e in out]


def _trim_common(e: _Edit, sa: _Side, sb: _Side) -> _Edit:
    """Bridging may put the same word at the end of both sides; that word is no change."""
    a0, a1, b0, b1 = e.a0, e.a1, e.b0, e.b1
    while a1 > a0 and b1 > b0 and sa.key(a1 - 1) == sb.key(b1 - 1):
        a1, b1 = a1 - 1, b1 - 1
    while a1 > a0 and b1 > b0 and sa.key(a0) == sb.key(b0):
        a0, b0 = a0 + 1, b0 + 1
    return _Edit(a0, a1, b0, b1, e.kind)


def _reorders(edits: list[_Edit], sa: _Side, sb: _Side, reorder_max_gap: int) -> list[_Edit]:
    """Join neighbouring runs that hold the same content words in another order
    ("the export of energy" / "energy export"; "trade, energy and security" /
    "security, trade and energy", which the diff cuts into three runs)."""
    out: list[_Edit] = []
    i = 0
    while i < len(edits):
        edit, joined = edits[i], None
        content_a, content_b = Counter[str](), Counter[str]()
        gap = 0
        for j in range(i, min(len(edits), i + _REORDER_RUNS)):
            nxt = edits[j]
            if nxt.kind is not None or (j > i and (gap := gap + nxt.a0 - edits[j - 1].a1) > reorder_max_gap):
                break
            content_a += sa.content(nxt.a0, nxt.a1)
            content_b += sb.content(nxt.b0, nxt.b1)
            if content_a and content_a == content_b:
                joined = j
                break
        if joined is not None:
            out.append(_Edit(edit.a0, edits[joined].a1, edit.b0, edits[joined].b1, "reorder"))
            i = joined + 1
            continue
        out.append(edit)
        i += 1
    return out


def _pieces(side: _Side, lo: int, hi: int) -> list[tuple[int, int]]:
    cuts = [lo] + [i for i in range(lo + 1, hi) if side.breaks_before(i)] + [hi]
    return [(x, y) for x, y in itertools.pairwise(cuts) if y > x]


def _dates_only(side: _Side, lo: int, hi: int) -> bool:
    units_ = side.units[lo:hi]
    return any(u.date for u in units_) and all(u.date or u.key in FUNCTION_WORDS for u in units_)


def _stray(side: _Side, lo: int, hi: int) -> bool:
    """Whether words ``[lo, hi)`` of one side only, at the edge of the alignment, are a piece of another
    sentence run into it: a lead-in holding or followed by a sentence end ("Topped with ginger ale. $10 The
    pianist …"; a capitalised function word inside a sentence, "$10 The pianist", starts one too), or a
    tail after one ("… in 1998. $10").  Such a piece is what the splitter merged in, not a changed figure,
    date or attribution of the aligned sentence."""
    n = len(side.units)
    if lo == 0 and hi < n:
        first = side.units[hi].token
        restarts = side.words[first][:1].isupper() and side.key(hi) in FUNCTION_WORDS and not side.initial[first]
        return restarts or any(side.ends_sentence_before(i) for i in range(lo + 1, hi + 1))
    if hi == n and lo > 0:
        return any(side.ends_sentence_before(i) for i in range(lo, hi))
    return False


def _split(edits: list[_Edit], sa: _Side, sb: _Side, settings: Settings) -> list[_Edit]:
    """Cut insertions and deletions at clause punctuation; peel a changed figure out of
    a longer rewrite; peel a date off a replacement.  A stray piece of another sentence at an
    edge (:func:`_stray`) stays whole, a plain insertion or deletion."""
    out: list[_Edit] = []
    for e in edits:
        if e.kind is not None:
            out.append(e)
        elif e.b0 == e.b1 and _stray(sa, e.a0, e.a1):
            out.append(_Edit(e.a0, e.a1, e.b0, e.b1, "deletion"))
        elif e.a0 == e.a1 and _stray(sb, e.b0, e.b1):
            out.append(_Edit(e.a0, e.a1, e.b0, e.b1, "insertion"))
        elif e.b0 == e.b1:
            out += [_Edit(x, y, e.b0, e.b0) for x, y in _pieces(sa, e.a0, e.a1)]
        elif e.a0 == e.a1:
            out += [_Edit(e.a0, e.a0, x, y) for x, y in _pieces(sb, e.b0, e.b1)]
        else:
            peeled = _peel_figure(e, sa, sb, settings)
            out += _split(peeled, sa, sb, settings) if len(peeled) > 1 else _peel_date(e, sa, sb)
    return out


def _same_neighbour(sa: _Side, sb: _Side, i: int, j: int) -> bool:
    """The words right before, or right after, figures ``i`` and ``j`` are the same
    ("rate of 4.66 percent" / "October is 2.66 percent")."""
    before = i > 0 and j > 0 and sa.key(i - 1) == sb.key(j - 1)
    after = i + 1 < len(sa.units) and j + 1 < len(sb.units) and sa.key(i + 1) == sb.key(j + 1)
    return before or after


def _peel_figure(e: _Edit, sa: _Side, sb: _Side, settings: Settings) -> list[_Edit]:
    """In a rewrite too long to be one changed figure, a figure facing another figure
    in the same context (the same word just before or after both) is a ``number``
    change of its own; the words around it are separate changes."""
    if max(_words_besides_figures(sa, e.a0, e.a1), _words_besides_figures(sb, e.b0, e.b1)) <= settings.number_max_words:
        return [e]
    for i in range(e.a0, e.a1):
        if not _figure_at(sa, i):
            continue
        for j in range(e.b0, e.b1):
            if (
                _figure_at(sb, j)
                and sa.key(i) != sb.key(j)
                and sa.units[i].ordinal == sb.units[j].ordinal  # "ninth in points" / "and 48 assists": no rank
                and _same_neighbour(sa, sb, i, j)
            ):
                pieces = [_Edit(e.a0, i, e.b0, j), _Edit(i, i + 1, j, j + 1, "number"), _Edit(i + 1, e.a1, j + 1, e.b1)]
                return [p for p in pieces if p.a1 > p.a0 or p.b1 > p.b0]
    return [e]


def _peel_date(e: _Edit, sa: _Side, sb: _Side) -> list[_Edit]:
    for side, other, lo, hi, olo, ohi, on_a in (
        (sa, sb, e.a0, e.a1, e.b0, e.b1, True),
        (sb, sa, e.b0, e.b1, e.a0, e.a1, False),
    ):
        if any(u.date for u in other.units[olo:ohi]):
            continue
        pieces = _pieces(side, lo, hi)
        if len(pieces) < 2:
            continue
        last, first = pieces[-1], pieces[0]
        if _dates_only(side, *last):
            rest = (lo, last[0])
            peeled = [(rest, (olo, ohi)), (last, (ohi, ohi))]
        elif _dates_only(side, *first):
            rest = (first[1], hi)
            peeled = [(first, (olo, olo)), (rest, (olo, ohi))]
        else:
            continue
        return [_Edit(s[0], s[1], o[0], o[1]) if on_a else _Edit(o[0], o[1], s[0], s[1]) for s, o in peeled]
    return [e]


def _has_phrase(side: _Side, lo: int, hi: int) -> bool:
    """An attribution verb in ``[lo, hi)`` or a credit phrase overlapping it."""
    keys = side.keys
    if not ATTRIBUTION_VERBS.isdisjoint(keys[lo:hi]):
        return True
    for phrase in ATTRIBUTION_PHRASES:
        n = len(phrase)
        for start in range(max(0, lo - n + 1), min(hi, len(keys) - n + 1)):
            if keys[start] == phrase[0] and keys[start : start + n] == phrase:
                return True
    return False


def _speaker(side: _Side, lo: int, hi: int, speaker_window: int) -> bool:
    """The run names who speaks: just before an attribution verb in the same clause,
    or right after "told", "according to", "published by", or a verb with a name after it
    ("said Lavrov")."""
    if hi == lo:
        return False
    for k in range(hi, min(len(side.units), hi + speaker_window + 1)):
        if side.breaks_before(k):
            break
        if side.key(k) in ATTRIBUTION_VERBS:
            return True
    if lo == 0 or side.breaks_before(lo):
        return False
    before = side.key(lo - 1)
    if before in ATTRIBUTION_VERBS and (
        before in SPEAKER_OBJECT_VERBS or (side.name_at(lo) and before not in OBJECT_VERBS)
    ):
        return True
    return any(lo >= len(phrase) and side.keys[lo - len(phrase) : lo] == phrase for phrase in ATTRIBUTION_PHRASES)


def _figure_at(side: _Side, i: int) -> bool:
    """Unit ``i`` is a figure that is not a date; a bare "one" is not counted (it is
    mostly a pronoun or an article: "one of", "no one", "one restaurant")."""
    unit = side.units[i]
    if not (unit.figure and unit.key.startswith("#") and not unit.date):
        return False
    return not (unit.key == "#1" and side.words[unit.token].lower() == "one")


_LEADING_FIGURE = re.compile(r"(\d[\d.,]{0,40})(.{0,80})", re.DOTALL)
_EN_FIGURE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_EU_FIGURE = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


def _amounts(word: str) -> set[Decimal]:
    """The values a numeral can have as English (1,234.5) or continental (1.234,5) text writes it.

    >>> sorted(map(float, _amounts("1.200"))), sorted(map(float, _amounts("3,5"))), sorted(map(float, _amounts("35")))
    ([1.2, 1200.0], [3.5], [35.0])
    """
    word = word.rstrip("%")
    values = set()
    if _EN_FIGURE.fullmatch(word):
        values.add(Decimal(word.replace(",", "")))
    if _EU_FIGURE.fullmatch(word):
        values.add(Decimal(word.replace(".", "").replace(",", ".")))
    return values


def _same_amount(sa: _Side, a0: int, a1: int, sb: _Side, b0: int, b1: int) -> bool:
    """Whether two runs differ only in how one figure is written, in one convention or the other (a decimal
    comma, a thousands point), with the same digits: "3.5" and "35", "1,200" and "1.2" are never one figure."""
    if a1 == a0 or b1 == b0:
        return False
    found_a = _LEADING_FIGURE.fullmatch(sa.text, *sa.span(a0, a1))
    found_b = _LEADING_FIGURE.fullmatch(sb.text, *sb.span(b0, b1))
    if found_a is None or found_b is None:
        return False
    (figure_a, rest_a), (figure_b, rest_b) = found_a.groups(), found_b.groups()
    if " ".join(rest_a.split()).casefold() != " ".join(rest_b.split()).casefold():
        return False  # one figure, then the same words ("points", "%")
    digits_a, digits_b = (re.sub(r"\D", "", w) for w in (figure_a, figure_b))
    return digits_a == digits_b and bool(_amounts(figure_a) & _amounts(figure_b))


def _figures(side: _Side, lo: int, hi: int) -> Counter[str]:
    return Counter(side.key(i) for i in range(lo, hi) if _figure_at(side, i))


def _dates(side: _Side, lo: int, hi: int) -> Counter[str]:
    return Counter(u.key for u in side.units[lo:hi] if u.date)


# Spaces that end a line (a newline, a no-break space, …): no word after one stands in mid-sentence here.
_LINE_BREAK = re.compile(r"[^\S \t]")


@functools.lru_cache(maxsize=64)
def _capitals(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words ``text`` capitalises in mid-sentence, and those it writes in lower case (possessives removed,
    lower-cased), for the first words of sentences, whose capitals say nothing: the spelling census's reading
    (:func:`~provenance.verdict.spellings.census_counts`, one pass of the compiled core) kept to one line, so
    a line's first word after an unpunctuated headline or byline is not in mid-sentence.

    >>> [sorted(s) for s in _capitals("Sondland spoke. Then Harrison's aide met Sondland.")]
    [['harrison', 'sondland'], ['aide', 'met', 'spoke']]
    >>> [sorted(s) for s in _capitals("Harrison testifies\\nNearby, Sondland waited")]
    [['sondland'], ['testifies', 'waited']]
    """
    counts, mid = census_counts(_LINE_BREAK.sub(".", text))
    lower = frozenset(without_possessive(word).lower() for word in counts if word[:1].islower())
    capital = frozenset(without_possessive(word).lower() for word in mid if not word[:1].islower())
    return capital, lower


def _named_elsewhere(side: _Side, other: _Side, i: int) -> bool:
    """Whether unit ``i``, a sentence's capitalised first word, is a name: one of the two texts capitalises it
    in mid-sentence and neither writes it in lower case ("Sondland routinely…" after "Gordon Sondland
    faced…"), a title or a weekday aside ("Ambassador", "Monday")."""
    start, end = side.spans[side.units[i].token]
    key = without_possessive(side.text[start:end]).lower()
    if key in TITLE_WORDS or key in CALENDAR_WORDS:
        return False
    own, theirs = _capitals(side.text), _capitals(other.text)
    return (key in own[0] or key in theirs[0]) and key not in own[1] and key not in theirs[1]


def _has_name(side: _Side, lo: int, hi: int, other: _Side) -> bool:
    """A name among units ``[lo, hi)``: a capitalised word in mid-sentence, or a sentence's first word that is
    a name elsewhere in either text (:func:`_named_elsewhere`)."""
    return any(
        side.name_at(i) and (not side.initial[side.units[i].token] or _named_elsewhere(side, other, i))
        for i in range(lo, hi)
    )


def _claim_words(side: _Side, lo: int, hi: int) -> int:
    """Content words that are neither names nor attribution words: what was said, not who said it."""
    return sum(
        1
        for i in range(lo, hi)
        if side.key(i) not in FUNCTION_WORDS
        and side.key(i) not in ATTRIBUTION_VERBS
        and side.key(i) not in _PHRASE_WORDS
        and not side.name_at(i)
    )


def _joined_words(side: _Side, lo: int, hi: int) -> str:
    """The run's words as one lower-case string without spaces, hyphens or apostrophes."""
    if hi <= lo:
        return ""
    first, last = side.units[lo].token, side.units[hi - 1].end
    return _JOINERS.sub("", "".join(side.words[first : last + 1]).lower())


def _words_besides_figures(side: _Side, lo: int, hi: int) -> int:
    """Content words of the run that are neither figures, their units, nor dates; an ordinal counts as a word
    here ("and ninth in points with 89" / "goals and 48 assists" is a rewrite, not the same figure changed)."""
    return sum(1 for u in side.units[lo:hi] if (u.ordinal or not (u.figure or u.date)) and u.key not in FUNCTION_WORDS)


def _figure_change(figures_a: Counter[str], figures_b: Counter[str], sa: _Side, sb: _Side) -> ChangeKind | None:
    """What differing figures facing each other are, read against both whole sentences.

    None when each figure one side has here and the other not stands elsewhere in the
    other's sentences: it moved ("were $4.2 billion, 82 percent higher" / "surged 82 percent
    to $4.2 billion"), it did not change, and the edit is classified as if it held none.
    ``wording`` when both sides hold figures here and one side has no figure the other
    lacks: the other side's figure was dropped and this one kept from elsewhere ("AMD will
    own 60 percent and Fujitsu 40 percent" / "Fujitsu will own 40 percent"). Else ``number``.
    """
    all_a, all_b = _figures(sa, 0, len(sa.units)).keys(), _figures(sb, 0, len(sb.units)).keys()
    if (figures_a - figures_b).keys() <= all_b and (figures_b - figures_a).keys() <= all_a:
        return None
    if figures_a and figures_b and (all_b <= all_a or all_a <= all_b):
        return "wording"
    return "number"


def _figures_only(side: _Side, lo: int, hi: int) -> bool:
    units_ = side.units[lo:hi]
    return any(_figure_at(side, i) for i in range(lo, hi)) and all(u.figure or u.key in FUNCTION_WORDS for u in units_)


def _classify_one_sided(e: _Edit, sa: _Side, sb: _Side, settings: Settings) -> ChangeKind:
    side, lo, hi = (sb, e.b0, e.b1) if e.a0 == e.a1 else (sa, e.a0, e.a1)
    if _reversed(_expanded(sa, e.a0, e.a1)[0], _expanded(sb, e.b0, e.b1)[0], settings) and _negations_differ(sa, sb):
        return "reversal"
    if _dates_only(side, lo, hi):
        return "date"
    if _figures_only(side, lo, hi):
        return "number"
    if _claim_words(side, lo, hi) <= settings.attribution_max_words and (
        _has_phrase(side, lo, hi) or _speaker(side, lo, hi, 0)
    ):
        return "attribution"
    return "insertion" if side is sb else "deletion"


def _classify_edit(e: _Edit, sa: _Side, sb: _Side, settings: Settings) -> ChangeKind | None:
    if e.kind is not None:
        return e.kind
    keys_a = "".join(_JOINERS.sub("", sa.key(i)) for i in range(e.a0, e.a1))
    keys_b = "".join(_JOINERS.sub("", sb.key(i)) for i in range(e.b0, e.b1))
    if keys_a == keys_b or _joined_words(sa, e.a0, e.a1) == _joined_words(sb, e.b0, e.b1):
        return None  # only hyphens, apostrophes or spaces differ: "North-South" / "North South"
    if {keys_a, keys_b} in ({"a", "#1"}, {"an", "#1"}):
        return None  # "a" and "one" are the same figure
    expanded_a, expanded_b = _expanded(sa, e.a0, e.a1), _expanded(sb, e.b0, e.b1)
    if (expanded_a[1] or expanded_b[1]) and expanded_a[0] == expanded_b[0]:
        return None  # a contraction written out: "will not" / "won't", "We are" / "We're"
    ca, cb = sa.content(e.a0, e.a1), sb.content(e.b0, e.b1)
    words = max(sum(ca.values()), sum(cb.values()))
    if e.a0 == e.a1 or e.b0 == e.b1:
        return _classify_one_sided(e, sa, sb, settings)
    if _respelled(sa, e.a0, e.a1, sb, e.b0, e.b1):
        return "name-variant"
    figures_a, figures_b = _figures(sa, e.a0, e.a1), _figures(sb, e.b0, e.b1)
    if (
        figures_a != figures_b
        and ((figures_a and figures_b) or _figures_only(sa, e.a0, e.a1) or _figures_only(sb, e.b0, e.b1))
        and max(_words_besides_figures(sa, e.a0, e.a1), _words_besides_figures(sb, e.b0, e.b1))
        <= settings.number_max_words
        and (kind := _figure_change(figures_a, figures_b, sa, sb)) is not None
    ):
        # A figure changed, or one side is nothing but a figure ("Three" / "the");
        # a rewrite that merely mentions a figure on one side, or a longer rewrite
        # with other figures in it (another clause, not the same figure changed), is wording.
        return kind
    if _reversed(expanded_a[0], expanded_b[0], settings) and _negations_differ(sa, sb):
        return "reversal"
    dates_a, dates_b = _dates(sa, e.a0, e.a1), _dates(sb, e.b0, e.b1)
    claim = max(_claim_words(sa, e.a0, e.a1), _claim_words(sb, e.b0, e.b1))
    attributed = claim <= settings.attribution_max_words and (
        _has_phrase(sa, e.a0, e.a1)
        or _has_phrase(sb, e.b0, e.b1)
        or _speaker(sa, e.a0, e.a1, settings.speaker_window)
        or _speaker(sb, e.b0, e.b1, settings.speaker_window)
    )
    if dates_a != dates_b and ((dates_a and dates_b) or not attributed):
        return "date"
    if attributed:
        return "attribution"
    if ca and ca == cb:
        return "reorder"
    named_a, named_b = _has_name(sa, e.a0, e.a1, sb), _has_name(sb, e.b0, e.b1, sa)
    if named_a != named_b or (named_a and ca.keys() != cb.keys()):
        return "wording"
    if 0 < words <= settings.synonym_max_words:
        return "synonym"
    return "wording"


def _reversed(words_a: Sequence[str], words_b: Sequence[str], settings: Settings) -> bool:
    """Whether a short change turns the statement to its opposite and does nothing else: a negation comes or
    goes and every other word stays ("has" / "hasn't", "not" dropped), or one word faces its opposite with no
    negation on either side ("decreased" / "increased", "arrested" / "released":
    :data:`~provenance.text.lexicon.OPPOSITES`).  A paraphrase that says the same thing another way ("were
    not named" / "None … were named", "did not deny" / "confirmed", "not guilty" / "innocent") changes other
    words too, and is left to the other kinds.

    >>> s = Settings()
    >>> _reversed(["has"], ["has", "not"], s), _reversed(["fell"], ["rose"], s), _reversed(["big"], ["large"], s)
    (True, True, False)
    >>> _reversed(["not", "guilty"], ["innocent"], s), _reversed(["did", "not", "deny"], ["confirmed"], s)
    (False, False)
    """
    content = max(sum(w not in FUNCTION_WORDS for w in words_a), sum(w not in FUNCTION_WORDS for w in words_b))
    if content > settings.synonym_max_words:
        return False
    negated_a, negated_b = [w for w in words_a if w in NEGATIONS], [w for w in words_b if w in NEGATIONS]
    if len(negated_a) != len(negated_b):
        return [w for w in words_a if w not in NEGATIONS] == [w for w in words_b if w not in NEGATIONS]
    if negated_a or negated_b:
        return False
    only_a, only_b = set(words_a) - set(words_b), set(words_b) - set(words_a)
    return len(only_a) == len(only_b) == 1 and not OPPOSITES.get(next(iter(only_a)), frozenset()).isdisjoint(only_b)


def _negations_differ(sa: _Side, sb: _Side) -> bool:
    """Whether the two whole sides hold different numbers of negations, or none: a negation that only moved
    ("None of the victims were named" / "The victims were not named") reverses nothing.  Asked only of a
    change already read as a reversal (rare), so the sides are read here, not for every change."""
    count_a = sum(w in NEGATIONS for w in _expanded(sa, 0, len(sa.units))[0])
    count_b = sum(w in NEGATIONS for w in _expanded(sb, 0, len(sb.units))[0])
    return count_a != count_b or count_a == 0


_WRITTEN_OUT = {
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "i'm": ("i", "am"),
}
_CONTRACTED = (("n't", "not"), ("'re", "are"), ("'ll", "will"), ("'ve", "have"))
"""Contractions with one reading ("'s" and "'d" have two: "is"/"has", "would"/"had")."""


def _written_out(key: str) -> tuple[str, ...]:
    """A unit's key with its contraction written out ("hasn't" -> has, not); any other key as it is.

    >>> _written_out("won't"), _written_out("hasn't"), _written_out("we're"), _written_out("it's")
    (('will', 'not'), ('has', 'not'), ('we', 'are'), ("it's",))
    """
    if "'" not in key:
        return _WRITTEN_OUT.get(key, (key,))
    if key in _WRITTEN_OUT:
        return _WRITTEN_OUT[key]
    for ending, word in _CONTRACTED:
        if key.endswith(ending) and len(key) > len(ending):
            return key[: -len(ending)], word
    return (key,)


def _expanded(side: _Side, lo: int, hi: int) -> tuple[list[str], bool]:
    """The run's words (its units' keys) with its contractions written out, and whether it held one; read
    from the keys the diff already made, no pass over the text.

    >>> side = _side(split_sentences("We won’t go."), [0], (0, 12), "We won’t go.")
    >>> _expanded(side, 0, 3)
    (['we', 'will', 'not', 'go'], True)
    """
    words: list[str] = []
    contracted = False
    for key in side.keys[lo:hi]:
        written = _written_out(key)
        contracted = contracted or len(written) > 1
        words += written
    return words, contracted


def classify(a_words: Sequence[str], b_words: Sequence[str], settings: Settings | None = None) -> ChangeKind | None:
    """Kind of one replacement seen out of context (None: no change at all).

    >>> classify(["Araqchi"], ["Araghchi"]), classify(["Putin"], ["Lavrov"]), classify(["simplify"], ["facilitate"])
    ('name-variant', 'wording', 'synonym')
    >>> classify(["20", "years"], ["20-year"]) is None, classify(["15%"], ["38%"])
    (True, 'number')
    """
    settings = settings or _DEFAULTS
    text_a, text_b = " ".join(a_words), " ".join(b_words)
    kinds = [c.kind for c in changes_in_texts(f"x {text_a} x", f"x {text_b} x", settings=settings)]
    return kinds[0] if len(kinds) == 1 else ("wording" if kinds else None)


def _edits(sa: _Side, sb: _Side, blocks: list[Block], settings: Settings) -> list[_Edit]:
    edits: list[_Edit] = []
    for tag, a0, a1, b0, b1 in blocks:
        # typography: a clitic split off ("Boeing 's"), a figure in the other convention ("27.934,02")
        if tag != "equal" and not _same_letters(sa, a0, a1, sb, b0, b1) and not _same_amount(sa, a0, a1, sb, b0, b1):
            edits += _split_names(sa, sb, _Edit(a0, a1, b0, b1), settings)
    edits = _bridge(edits, sa, sb, settings.bridge_max_words)
    edits = _moves(_reorders(edits, sa, sb, settings.reorder_max_gap), sa, sb)
    return _split(edits, sa, sb, settings)


_CLITICS = frozenset({"s", "t", "nt", "n't", "re", "ll", "ve", "d", "m"})
"""What a tokeniser splits off a word as a token of its own ("Boeing 's", "do n't", "we 're")."""


def _same_letters(sa: _Side, a0: int, a1: int, sb: _Side, b0: int, b1: int) -> bool:
    """Whether two runs hold the same letters but for a clitic split off as a word of its own ("Boeing's"
    and the tokenised "Boeing 's"): typography, never a change."""
    if a1 == a0 or b1 == b0:
        return False
    keys_a = [sa.key(i) for i in range(a0, a1)]
    keys_b = [sb.key(i) for i in range(b0, b1)]
    # only a clitic a tokeniser split off ("Boeing 's", "do n't"): "Abd al-Rahman" and "Abdal Rahman" are a
    # name's variants, and "3.5" and "35" two figures
    if not any(k.lstrip("'’") in _CLITICS for k in (*keys_a, *keys_b)):
        return False
    letters_a = "".join(ch for k in keys_a for ch in k if ch.isalnum())
    letters_b = "".join(ch for k in keys_b for ch in k if ch.isalnum())
    return letters_a == letters_b and len(keys_a) != len(keys_b) and not any(ch.isdigit() for ch in letters_a)


_RESPELLING_MIN_LETTERS = 6  # shorter capitalised words differing a little are other words (Lead / Led)


def _respelled(sa: _Side, a0: int, a1: int, sb: _Side, b0: int, b1: int) -> bool:
    """Whether one capitalised word is respelled ("Pochettino" / "Pocchettino", "Mourinho" / "Mourino")
    wherever it stands: a sentence's first word, a speaker before "said", mid-sentence.  The outline rules
    of :func:`~provenance.text.names.is_name_variant` miss a doubled or added consonant, and the change
    was then a synonym, wording or attribution by position.  A letter doubled or a silent h only: another
    ending is another word (Niger / Nigeria), a letter replaced may be another name (Carlson / Carlton),
    another letter dropped another spelling rule (Djokovic / Dokovic), two letters another country
    (Austria / Australia)."""
    if a1 - a0 != 1 or b1 - b0 != 1:
        return False
    wa, wb = sa.words[sa.units[a0].token], sb.words[sb.units[b0].token]
    if not (looks_like_name(wa) and looks_like_name(wb)) or wa.lower() == wb.lower():
        return False
    short, long_ = sorted((wa.lower(), wb.lower()), key=len)
    if len(short) < _RESPELLING_MIN_LETTERS or long_.startswith(short) or long_[:-1] == short[:-1]:
        return False
    if len(long_) != len(short) + 1:
        return False
    at = next((n for n, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    if long_[:at] + long_[at + 1 :] != short:
        return False
    extra = long_[at]
    # a letter doubled ("Pocchettino") or a silent h ("Mourinho" / "Mourino", "Thomas" / "Tomas")
    return extra == "h" or (at > 0 and long_[at - 1] == extra) or (at + 1 < len(long_) and long_[at + 1] == extra)


_MOVE_MIN_WORDS = 2  # content words a phrase needs to be taken as moved (one word recurs by chance)


def _moves(edits: list[_Edit], sa: _Side, sb: _Side) -> list[_Edit]:
    """Join a run deleted in one place with a run of the same content words inserted in another, however
    far apart, into one reorder: "…, according to the United Nations." moved to the sentence's start is
    one phrase moved, not an attribution removed and another added (two high changes).  Each deletion is
    matched through a dictionary of the insertions' words (linear in the edits)."""
    inserted: dict[tuple[tuple[str, int], ...], list[int]] = {}
    for n, e in enumerate(edits):
        if e.kind is None and e.a0 == e.a1 and e.b1 > e.b0:
            words = sb.content(e.b0, e.b1)
            if sum(words.values()) >= _MOVE_MIN_WORDS:
                inserted.setdefault(tuple(sorted(words.items())), []).append(n)
    if not inserted:
        return edits
    moved: dict[int, _Edit] = {}
    gone: set[int] = set()
    for n, e in enumerate(edits):
        if e.kind is None and e.b0 == e.b1 and e.a1 > e.a0:
            match = inserted.get(tuple(sorted(sa.content(e.a0, e.a1).items())))
            if match:
                m = match.pop(0)
                moved[n] = _Edit(e.a0, e.a1, edits[m].b0, edits[m].b1, "reorder")
                gone.add(m)
    return [moved.get(n, e) for n, e in enumerate(edits) if n not in gone]


def _quote_edge(side: _Side, lo: int, hi: int, quotes: QuoteSpans) -> tuple[int, bool] | bool | None:
    """How words ``[lo, hi)`` stand to the quotations: ``(first word past the edge, starts inside)`` when
    the run crosses one edge of a quotation, ``True``/``False`` when it lies wholly inside/outside one, None
    when it crosses several."""
    inside = [quotes.covers(side.unit_spans[i]) for i in range(lo, hi)]
    edges = [lo + n for n in range(1, len(inside)) if inside[n] != inside[n - 1]]
    if not edges:
        return all(inside)
    return (edges[0], inside[0]) if len(edges) == 1 else None


def _cut_at_edge(lo: int, hi: int, cut: int, starts_inside: bool, olo: int, ohi: int, other: bool) -> list[Span]:
    """One side's run cut at a quotation's edge, each piece with the other side's run it faces: the
    whole other run faces the piece on its own side of the edge (``other``: it is inside), the other
    piece faces nothing."""
    if starts_inside == other:
        return [(lo, cut), (olo, ohi), (cut, hi), (ohi, ohi)]
    return [(lo, cut), (olo, olo), (cut, hi), (olo, ohi)]


def _at_quote_edges(edits: list[_Edit], sa: _Side, sb: _Side, in_a: QuoteSpans, in_b: QuoteSpans) -> list[_Edit]:
    """Cut a replacement that runs across the edge of a quotation into the words quoted and the words
    around them: two reporters' endings of one remark and their speaker tags ("of companies,” he said" /
    "to be done,” said Michael Sims, CEO") are a changed quotation and a changed attribution, not one
    attribution change inside a quote.  Both sides crossing the edge the same way are cut there; one side
    crossing it is cut, its piece on the other side's side of the edge facing the other side's words."""
    out: list[_Edit] = []
    for e in edits:
        if e.kind is not None or e.a1 == e.a0 or e.b1 == e.b0:
            out.append(e)
            continue
        edge_a, edge_b = _quote_edge(sa, e.a0, e.a1, in_a), _quote_edge(sb, e.b0, e.b1, in_b)
        pieces: list[_Edit] = []
        if isinstance(edge_a, tuple) and isinstance(edge_b, tuple) and edge_a[1] == edge_b[1]:
            pieces = [_Edit(e.a0, edge_a[0], e.b0, edge_b[0]), _Edit(edge_a[0], e.a1, edge_b[0], e.b1)]
        elif isinstance(edge_a, tuple) and isinstance(edge_b, bool):
            a_1, b_1, a_2, b_2 = _cut_at_edge(e.a0, e.a1, *edge_a, e.b0, e.b1, edge_b)
            pieces = [_Edit(*a_1, *b_1), _Edit(*a_2, *b_2)]
        elif isinstance(edge_b, tuple) and isinstance(edge_a, bool):
            b_1, a_1, b_2, a_2 = _cut_at_edge(e.b0, e.b1, *edge_b, e.a0, e.a1, edge_a)
            pieces = [_Edit(*a_1, *b_1), _Edit(*a_2, *b_2)]
        out += [_trim_common(p, sa, sb) for p in pieces] if pieces else [e]
    return out


def changes_between(
    alignment: Alignment,
    sentences_a: Sequence[Sentence],
    text_a: str,
    sentences_b: Sequence[Sentence],
    text_b: str,
    *,
    quotes_a: Sequence[Quotation] | QuoteSpans = (),
    quotes_b: Sequence[Quotation] | QuoteSpans = (),
    settings: Settings | None = None,
) -> tuple[Change, ...]:
    """The classified word-level changes inside one alignment, in text order.

    ``quotes_a``/``quotes_b`` are the documents' quotations (for ``in_quote``; a caller with many
    alignments of one pair passes them as :class:`QuoteSpans`, built once);
    ``settings`` supplies the ``synonym_max_words`` … ``bridge_max_words`` limits.
    """
    changes, _ = changes_and_pairs(
        alignment, sentences_a, text_a, sentences_b, text_b, quotes_a=quotes_a, quotes_b=quotes_b, settings=settings
    )
    return changes


def changes_and_pairs(
    alignment: Alignment,
    sentences_a: Sequence[Sentence],
    text_a: str,
    sentences_b: Sequence[Sentence],
    text_b: str,
    *,
    quotes_a: Sequence[Quotation] | QuoteSpans = (),
    quotes_b: Sequence[Quotation] | QuoteSpans = (),
    settings: Settings | None = None,
) -> tuple[tuple[Change, ...], list[tuple[Span, Span]]]:
    """:func:`changes_between`, plus the spans of the words the two sides share,
    matched one to one (for quote fidelity)."""
    settings = settings or _DEFAULTS
    in_a = quotes_a if isinstance(quotes_a, QuoteSpans) else QuoteSpans(quotes_a)
    in_b = quotes_b if isinstance(quotes_b, QuoteSpans) else QuoteSpans(quotes_b)
    sa = _side(sentences_a, alignment.a_sentences, alignment.a_span, text_a)
    sb = _side(sentences_b, alignment.b_sentences, alignment.b_span, text_b, sa)
    blocks = diff_blocks(sa.keys, sb.keys)
    changes: list[Change] = []
    for edit in _at_quote_edges(_edits(sa, sb, blocks, settings), sa, sb, in_a, in_b):
        kind = _classify_edit(edit, sa, sb, settings)
        if kind is None:
            continue
        span_a, span_b = sa.span(edit.a0, edit.a1), sb.span(edit.b0, edit.b1)
        in_quote = in_a.covers(span_a) or in_b.covers(span_b)
        changes.append(
            Change(
                kind=kind,
                a=text_a[span_a[0] : span_a[1]],
                b=text_b[span_b[0] : span_b[1]],
                a_span=span_a,
                b_span=span_b,
                in_quote=in_quote,
                severity=severity_of(kind, in_quote),
            )
        )
    pairs: list[tuple[Span, Span]] = []
    for tag, a0, a1, b0, b1 in blocks:
        if tag == "equal":
            pairs += zip(sa.unit_spans[a0:a1], sb.unit_spans[b0:b1], strict=True)
    return tuple(changes), pairs


def changes_in_texts(text_a: str, text_b: str, *, settings: Settings | None = None) -> tuple[Change, ...]:
    """The changes between two short texts taken as one aligned group (tests, benchmarks)."""
    sent_a, sent_b = split_sentences(text_a), split_sentences(text_b)
    if not sent_a or not sent_b:
        return ()
    alignment = Alignment(
        a_sentences=tuple(s.index for s in sent_a),
        b_sentences=tuple(s.index for s in sent_b),
        a_span=(sent_a[0].span[0], sent_a[-1].span[1]),
        b_span=(sent_b[0].span[0], sent_b[-1].span[1]),
        score=0.0,
    )
    return changes_between(
        alignment,
        sent_a,
        text_a,
        sent_b,
        text_b,
        quotes_a=find_quotations(text_a),
        quotes_b=find_quotations(text_b),
        settings=settings,
    )
