"""Every tunable of the pipeline, with its default and the reason for it.

Defaults ship here; a project overrides any of them, key by key, in
``pyproject.toml`` under ``[tool.provenance]`` (dashes or underscores), and the
command line overrides both.  :func:`read_config` reads that table once; its
sub-tables belong to other components (``[tool.provenance.policy]``: the CI
gate's :class:`provenance.ci.Policy`), which take them from the same
:class:`ConfigTable`.

>>> Settings().shingle_size
5
>>> Settings.from_mapping({"shingle-size": 4}).shingle_size
4
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ProvenanceError

__all__ = [
    "SUB_TABLES",
    "ConfigTable",
    "Settings",
    "SettingsError",
    "config_from_text",
    "field_values",
    "load_settings",
    "read_config",
]


class SettingsError(ProvenanceError):
    """A settings file or value is not valid."""


SUB_TABLES = ("corpus", "policy")
"""The sub-tables of ``[tool.provenance]``, each read by its own component (``CorpusRules``, ``Policy``): any
other (``[tool.provenance.polic]``) would be read by nobody, its values silently the defaults."""


@dataclass(frozen=True)
class Settings:
    """Pipeline parameters, each with the reason for its default (docs/settings.md is generated from them)."""

    # signatures
    shingle_size: int = 5
    """Words per shingle. Five words rarely repeat by chance between two articles
    on the same topic, yet survive light editing between edits."""
    num_perm: int = 128
    """MinHash permutations per window signature."""
    seed: int = 1
    """Seed of the MinHash permutations (datasketch's default)."""
    window: int = 40
    """Shingles per passage window. A reprint that shares only part of its source
    still shares whole windows with it, where whole-document Jaccard is diluted."""
    short_shingle_size: int = 3
    """Words per shingle of a verified pair's short containment figures: three-word runs
    survive word-by-word revision that breaks most five-word shingles, so the share of
    them kept tells a revised text from an independent one on the same topic."""
    # candidates
    lsh_bands: int = 64
    """LSH bands per window signature."""
    lsh_rows: int = 2
    """Values per band: 64 x 2 makes windows of Jaccard 0.2 collide with p = 0.93
    and windows of Jaccard 0.03 (topical overlap) with p = 0.06."""
    max_bucket: int = 64
    """Band buckets shared by more documents than this are mostly boilerplate: they pair no two of their
    documents, only each with the bucket's lowest, and only as ``wide_share`` allows (every pair of a
    bucket of 1,000 is 500,000 pairs)."""
    wide_share: float = 0.5
    """Share of the smaller document's band keys two documents must share, counting buckets of more than
    ``max_bucket`` documents, to be a candidate through those buckets alone: a wire story copied 71 times
    has every key in a bucket of 71, and is paired only so. A site's footer or a stock phrase is a small
    part of a page's keys; half of them is the page. 0 pairs nothing through a wide bucket."""
    index_bands: int = 3
    """Bands per window kept by the persistent index (:mod:`provenance.index`), a
    sparser banding than the scan's so a million articles fit: about 80 keys an
    article instead of 2,200. A copy reworded every few words keeps few of them: 12 (4x the keys, a
    rebuild) finds Clough light revisions 14/15 and heavy 11/16 against 11/15 and 7/16, no ``non``
    answer failed, for 3.5x the index bytes (377 MiB at 100,000 articles against 109; build and check
    p50 unchanged within noise) and 0.10 chance candidates a check at 20,000 articles against 0.007
    (``benchmarks/eval_index_recall.py``, docs/performance.md). Not the default: an index of other
    settings is refused, so every index built before would need ``--rebuild``."""
    index_rows: int = 1
    """Values per index band: one window minimum, so a passage shared with light
    edits keeps its keys (recall 1.0 of reprints reusing >= 30 % on the
    benchmark corpus, ``benchmarks/bench_scale.py``)."""
    index_min_collisions: int = 2
    """Index keys a document must share with a query to be a candidate: one
    shared window minimum is often a chance 5-word phrase, two rarely are. 1 finds Clough light
    revisions 13/15 and heavy 9/16 (against 11/15 and 7/16, no rebuild), but verifies 46x the chance
    candidates at 20,000 articles (0.32 a check), growing with the archive. A text of one window (a
    paragraph, a brief: ``index_bands`` keys) needs one shared key, as a query or as an indexed text
    (:func:`~provenance.detect.candidates.collisions_needed`): the benchmark pages' 713 paragraphs of
    ``reuse_min_chars`` or more, each checked alone, were found 701 times word for word with two."""
    index_wide_share: float = 0.5
    """Share of a checked text's index keys an archived text must hold, counting keys held by more than
    ``max_bucket`` texts (read up to ``max_bucket`` holders each), to be a candidate all the same: a wire
    story archived 100 times has every key over the bucket limit, and a new copy of it was found by nothing.
    A site's shared footer or a stock phrase is a small part of an article's keys; half of them is the
    article. 0 reads no key over the limit."""
    # alignment
    min_sentence_tokens: int = 3
    """Sentences with fewer words never align on their own (datelines, bylines)."""
    similarity_threshold: float = 0.6
    """Token similarity (2·LCS / total words) for two sentences to align."""
    containment_threshold: float = 0.8
    """Share of a left-over sentence's words, in order, inside another sentence
    for it to join that sentence (splits and merges)."""
    min_shared_tokens: int = 5
    """Fewest shared words for such a partial alignment."""
    rewrite_intercept: float = -4.8
    """A sentence pair below ``similarity_threshold`` sharing ``min_shared_tokens`` words in
    order (a rewrite, a clause moved or added) aligns when this plus the ``rewrite_weight_*``
    times their figures (``provenance.detect.align.rewrite_features``) is >= 0 and the floors
    below hold. The weights are a logistic regression fitted on MSRP DEV's pairs below the
    threshold, rounded (``benchmarks/tune_align_rewrite.py``, 10-fold CV in evaluation.md);
    each is its figure's effect with the others held fixed."""
    rewrite_weight_similarity: float = 10.1
    """Weight of the token similarity (2·LCS / total words): words kept in their order."""
    rewrite_weight_containment: float = -4.1
    """Weight of the token containment (LCS / the shorter sentence's words). Negative: at one
    similarity, a higher containment means one sentence is much the longer, saying more."""
    rewrite_weight_bigram_dice: float = -4.6
    """Weight of the Dice coefficient of the word-bigram sets. Negative beside the trigram
    Dice, which counts the same kept phrases again (with the words that changed form)."""
    rewrite_weight_trigram_dice: float = 8.1
    """Weight of the Dice coefficient of the character-trigram sets: words kept even when
    inflected or spelt another way (resume / resumed); the strongest single figure on MSRP."""
    rewrite_weight_unmatched_words: float = -0.5
    """Weight of log(1 + the most content words either sentence has that the other lacks):
    each name, figure or noun of news one side adds makes another sentence likelier."""
    rewrite_content_dice: float = 0.45
    """Least Dice coefficient of the two sentences' content-word sets (function words left out)
    for the weighing above to align them: a rewrite keeps names, figures and key nouns; two
    sentences on one topic share a term or two ("Iran and Russia signed the agreement in Moscow
    on Friday" / "... will discuss the agreement again in Tehran next month": 0.43). MSRP
    pays for the floor (10-fold CV accuracy 0.744 without it); ``rewrite_phrase_trigrams``
    gives back part of it."""
    rewrite_phrase_trigrams: int = 2
    """Word trigrams (three-word phrases) shared that stand in for ``rewrite_content_dice``:
    a rewrite that changes many content words but keeps two phrases of the original is still
    weighed (MSRP 10-fold CV accuracy 0.7382 -> 0.7404; 3: 0.7392), while the same-topic
    pair above shares one ("iran and russia"; 1 would let it through, for CV 0.7407). Not a
    way round the weighing: the logistic score and ``rewrite_bigram_dice`` still decide."""
    rewrite_bigram_dice: float = 0.1
    """Least Dice coefficient of the word-bigram sets for the weighing to align them: a rewrite
    keeps a phrase or two; two definitions of one term written apart (an independent answer of
    Clough & Stevenson's corpus) share its words but hardly a phrase (0.05)."""
    rewrite_shared_trigrams: int = 10
    """Word trigrams two sentences hold in common that align them whatever the weighing says:
    a run of a dozen words copied (a passage cut mid-sentence by noisy extraction, PAN-13)
    is reuse; on MSRP, 10 or more changes nothing (6: accuracy -0.011)."""
    rewrite_whole_content_dice: float = 0.5
    """A shorter sentence found whole (every word, in order) in a longer one below
    ``similarity_threshold`` is outside the pairs the weights were fitted on (MSRP has none):
    it aligns one to one, its whole longer sentence reported, when the content-word Dice
    reaches this (the rewrite path's floor before the weights); else only the part of the
    longer sentence it covers aligns (``containment_threshold``)."""
    max_sentence_tokens: int = 200
    """Longest sentence in words: a longer run without a sentence end (a line of
    megabytes) is cut into pieces of this many words, keeping alignment bounded."""
    max_align_sentences: int = 1000
    """Sentences of one document that alignment compares (its cost grows with the
    product of both sides' counts). A longer document counts a repeated sentence
    once and compares this many at most, those closest to the other text (held word
    for word, then sharing the most word runs), and pairs the rest the other text
    holds word for word, with a note: a copy after a thousand lines of filler, or of
    a text of many thousand sentences, is still found."""
    # verification
    reuse_min_share: float = 0.2
    """Reuse needs this share of the shorter text's characters aligned..."""
    reuse_min_chars: int = 200
    """...or this many characters of it aligned (a passage in a long text)..."""
    reuse_min_sentences: int = 2
    """...and in any case at least this many aligned sentence groups (a text of fewer sentences: all of
    them, over ``reuse_min_chars`` characters -- a brief whose page runs its paragraphs into one)..."""
    reuse_min_narrative_words: int = 12
    """...sharing, when they share quoted words, at least this many words outside quotations or in
    sentences copied word for word: two reports of one press conference share the quotations and the
    speakers' names and titles, a copy the story around them or the quoted sentences whole."""
    passage_max_gap: int = 3000
    """Aligned sentences of a pair closer than this many characters on both sides
    form one reused passage (:mod:`provenance.detect.passages`); 3000 gave the best
    granularity and plagdet on the PAN13 DEV part (300: 1.07 / 0.72; 1000: 1.05 / 0.73;
    3000: 1.02 / 0.74)."""
    passage_min_chars: int = 150
    """A reused passage holds at least this many characters on both sides once its edges have
    moved (a sentence or two); shorter runs ("One of the", a copyright line, a sentence both
    texts happen to hold) recur between unrelated texts. Chosen with the four settings below by
    cross-validation over PAN13 DEV's suspicious documents (``python -m benchmarks.tune_passages``,
    5 and 10 folds; 50 / 100 / 150 / 200 tried: 150 in 8 of 15 folds, 200 in 7); DEV
    ``listed_plagdet`` 0.949 at 50, 0.956 at 100, 0.959 at 150 and at 200 (PAN13's cases are
    all 256 characters or more)."""
    passage_max_skew: int = 250
    """An alignment joins a passage only when the gaps it leaves on the two sides differ by at
    most this many characters: a copied passage runs on side by side, while a stray match of a
    short sentence far off on one side would stretch the passage over text never reused. One
    sentence (~250 characters) at least, so a reprint that drops a sentence still runs on.
    Cross-validation (250 / 500 / 1000 / none tried) chose 250 in all 15 folds; DEV
    ``listed_plagdet`` 0.931 without a bound, 0.945 at 1000, 0.955 at 500, 0.959."""
    passage_edge_chars: int = 400
    """Each passage edge moves to where the shared words start and end, within this many
    characters of it (about two sentences; 0 keeps the aligned sentences' edges): unmatched words
    leading or trailing the aligned sentences are left out, and a neighbouring sentence that only
    partly matched is taken in as far as it is shared. Cross-validation (0 / 200 / 400): 400 in 8
    of 15 folds, 200 in 7; DEV ``listed_plagdet`` 0.939 at 0, 0.958 at 200, 0.959."""
    passage_edge_gap_words: int = 1
    """An edge moves outward over shared words that follow one another with at most this many
    unshared words between (a noisy or dropped word). Cross-validation (1 / 2) chose 1 in all 15
    folds; DEV ``listed_plagdet`` 0.958 at 0 and at 2, 0.959."""
    passage_echo_share: float = 0.5
    """A passage whose text on either side lies more than this share inside longer passages is
    the same text matched again elsewhere (a sentence both texts repeat): it is left out, and the
    text reported once, with its longest counterpart. Cross-validation (0.5 / 0.8 / 1.0 = none
    left out) chose 0.5 in all 15 folds (0.8 the same on DEV); without it DEV granularity is
    1.008 and ``listed_plagdet`` 0.953."""
    unaligned_min_chars: int = 50
    """A run of a pair's unaligned sentences (what a copy added or dropped,
    :mod:`provenance.detect.gaps`) is listed from this many characters: the shortest reused
    passage listed (``passage_min_chars``), so a dateline, a byline or a stray "Read more"
    left over beside the aligned text is no added passage. Set a priori, not fitted."""
    # input
    max_file_bytes: int = 10_000_000
    """Files larger than this are reported and skipped, never read; so are a compressed file whose text
    decompresses past it and a JSON Lines line longer (an export, plain or compressed, is bounded a line at a
    time: a newsroom's export of every article is many times the size of one)."""
    # metadata and lineage
    meta_head_lines: int = 8
    """Non-empty lines at the top of a text searched for its title, date and site name."""
    meta_tail_lines: int = 6
    """Non-empty lines at the bottom searched for a date, a site name or a link."""
    meta_max_date_chars: int = 48
    """A line longer than this is prose, never a stand-alone date line."""
    lineage_contained_share: float = 0.9
    """A text whose aligned share reaches this is contained in the other..."""
    lineage_contained_margin: float = 0.2
    """...when the other's share is lower by at least this much."""
    lineage_weight_credit: float = 0.9
    """Evidence weight: one text credits the other's outlet."""
    lineage_weight_upstream: float = 0.8
    """Evidence weight: both credit the same external source, neither the other."""
    lineage_weight_date: float = 0.6
    """Evidence weight: one text is dated later than the other."""
    lineage_weight_dateline: float = 0.5
    """Evidence weight: one text credits the other's outlet, which only the other's own dateline names (both
    carry "(AP) —"): below a date's, since a credit says where a text came from, not who published the copy;
    above containment's, since a paper running the wire story with reporting of its own added is the reprint."""
    lineage_weight_containment: float = 0.4
    """Evidence weight: one text is contained in the other (the shorter is the reprint)."""
    # changes
    synonym_max_words: int = 3
    """A replacement of at most this many content words a side is a synonym; longer, wording."""
    attribution_max_words: int = 3
    """A change with an attribution verb ("said", "according to") is an attribution when,
    besides names and attribution words, it has at most this many content words a side;
    more ("adding that the document covers all economic aspects") carry content too."""
    speaker_window: int = 1
    """A replacement at most this many words before an attribution verb, in the same
    clause, changes the speaker ("the minister said" / "Araghchi said"); words on one
    side only must stand right before the verb ("..., Lavrov said")."""
    reorder_max_gap: int = 8
    """Most unchanged words between a moved run and its old place for a reorder."""
    bridge_max_words: int = 2
    """An insertion or deletion this close to another change, with only function words
    between, is one change with it ("increase in the" / "the promotion of the")."""
    number_max_words: int = 1
    """A replacement whose figures differ is a ``number`` change when neither side has
    more than this many other content words ("15%" / "38%", "nine states" / "eight
    states"); a longer rewrite that happens to hold other figures is another clause, so
    ``wording`` (a figure facing a figure with the same word beside both is still peeled
    out of it).  Chosen by 5-fold cross-validation on the ETPC DEV pairs (most recall at
    number precision >= 0.95): 1 in 12 of 15 folds, 2 in the others.  Since a dropped figure
    is no longer a changed one, the same procedure picks 3 in 11 of 15 folds (pooled held-out
    precision 0.957, recall 0.942); 1 is kept, whose margins over the evaluation's targets
    (precision 0.95, recall 0.90) are the most even: 0.968 / 0.923 on DEV."""
    name_part_min_similarity: float = 0.7
    """One part of a multi-word name whose other parts match (every other word equal or a
    name variant) is another spelling when the two words' phonetic keys
    (:func:`provenance.text.names.phonetic_key`) are at least this similar (normalised
    Levenshtein) and start alike (Mahir Jawad / Maher Jawad).  A name standing alone
    needs the stricter skeleton rule (Gaza / Giza, Bush / Bash stay apart)."""
    # boilerplate
    boilerplate_min_documents: int = 3
    """A short line found in at least this many documents is site chrome (never below 3:
    a sentence two articles share is what reuse looks like, not boilerplate)."""
    boilerplate_max_words: int = 12
    """Only lines of at most this many words can be boilerplate by recurrence; longer
    recurring lines are reused article text (a wire story in several papers)."""
    boilerplate_pattern_max_words: int = 20
    """Only lines of at most this many words can be site chrome by pattern ("READ: …"
    teasers run to a dozen words; a longer line starting "Keywords:" carries the story)."""
    boilerplate_edge_sentences: int = 8
    """Recurrence counts only among a document's first and last this many sentences, where
    site chrome sits; a short sentence reused inside several stories is not chrome."""
    boilerplate_max_share: float = 0.5
    """A page whose recurring lines would take more than this share of its characters is made of
    the text the pages share (a brief of one-line paragraphs three outlets reprint), not chrome
    around a story of its own: nothing of it is set aside by recurrence."""
    boilerplate_site_min_documents: int = 2
    """A line of any length that this many pages of one outlet share at their top or bottom is that
    site's chrome (a letters footer, a comments policy), in a block that ends within the edge
    sentences and leaves the story beside it; a shared block that runs on into the story, a long
    line at the top (a lead) or a page mostly shared (a reprint) stays text. Never below 2."""
    boilerplate_site_max_share: float = 0.5
    """A page whose site-chrome blocks would take more than this share of its characters is a
    reprint of another page of the site, not chrome: nothing of it is set aside by site."""
    chrome_file: str = ""
    """A file of known chrome lines, one a line (``#`` comments; ``*`` stands for any words),
    set aside wherever a sentence or a line matches by its words; relative to the config file.
    Empty: none. A missing or unreadable file is an error."""

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], *, source: str = "settings") -> Settings:
        """Defaults overridden by ``values`` (unknown keys and bad types are errors)."""
        # A sub-table of [tool.provenance] ([tool.provenance.policy]) belongs to another component.
        own = {key: value for key, value in values.items() if not isinstance(value, dict)}
        unknown = sorted(key for key, value in values.items() if isinstance(value, dict) and key not in SUB_TABLES)
        if unknown:
            known = " and ".join(f"[tool.provenance.{name}]" for name in SUB_TABLES)
            raise SettingsError(f"{source}: unknown table [tool.provenance.{unknown[0]}] (the tables are {known})")
        settings = cls(**field_values(cls, own, source=source, error=SettingsError, noun="setting"))
        settings.validate(source)
        return settings

    @classmethod
    def from_config(cls, config: ConfigTable, **overrides: Any) -> Settings:
        """Defaults overridden by the ``[tool.provenance]`` table, then by ``overrides`` (None values ignored)."""
        values = {**config.values, **{k: v for k, v in overrides.items() if v is not None}}
        # A file the config names is relative to the config, wherever the command runs.
        for key in ("chrome_file", "chrome-file"):
            named = config.values.get(key)
            if isinstance(named, str) and named and values.get(key) is named:
                values[key] = config.resolve(str(named))
        return cls.from_mapping(values, source=config.path or "defaults")

    def validate(self, source: str = "settings") -> None:
        """Raise :class:`SettingsError` when values contradict each other."""
        for name, least in _LEAST.items():
            if getattr(self, name) < least:
                raise SettingsError(
                    f"{source}: {name} must " + ("not be negative" if least == 0 else f"be at least {least}")
                )
        if self.lsh_bands * self.lsh_rows > self.num_perm:
            raise SettingsError(f"{source}: lsh_bands * lsh_rows must not exceed num_perm")
        if self.index_bands * self.index_rows > self.num_perm:
            raise SettingsError(f"{source}: index_bands * index_rows must not exceed num_perm")
        if not self.seed < 2**32:
            raise SettingsError(f"{source}: seed must be between 0 and 2**32 - 1")
        if self.window % 2:
            raise SettingsError(f"{source}: window must be an even number of at least 2")
        for name in _FRACTIONS:
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SettingsError(f"{source}: {name} must be between 0 and 1")
        for name in _REALS:
            if not math.isfinite(getattr(self, name)):
                raise SettingsError(f"{source}: {name} must be a finite number")

    @property
    def rewrite_weights(self) -> tuple[float, ...]:
        """The rewrite decision's intercept and weights, in the order of ``align.REWRITE_FEATURES``."""
        return (
            self.rewrite_intercept,
            self.rewrite_weight_similarity,
            self.rewrite_weight_containment,
            self.rewrite_weight_bigram_dice,
            self.rewrite_weight_trigram_dice,
            self.rewrite_weight_unmatched_words,
        )

    def as_dict(self) -> dict[str, Any]:
        """The settings as a plain, JSON-ready mapping."""
        return dataclasses.asdict(self)


_LEAST: dict[str, int] = {
    # Sizes and counts of the signatures, candidates and index: one at least.
    **dict.fromkeys(["shingle_size", "short_shingle_size", "num_perm", "lsh_bands", "lsh_rows", "max_bucket"], 1),
    **dict.fromkeys(["index_bands", "index_rows", "index_min_collisions", "min_sentence_tokens"], 1),
    "seed": 0,
    "window": 2,
    # Alignment and the reuse rule.
    **dict.fromkeys(["min_shared_tokens", "reuse_min_chars", "passage_max_gap", "passage_min_chars"], 0),
    "reuse_min_narrative_words": 0,
    "rewrite_shared_trigrams": 1,
    "rewrite_phrase_trigrams": 1,
    **dict.fromkeys(["passage_max_skew", "passage_edge_chars", "passage_edge_gap_words"], 0),
    "unaligned_min_chars": 0,
    **dict.fromkeys(["max_sentence_tokens", "max_align_sentences", "reuse_min_sentences", "max_file_bytes"], 1),
    # Metadata, changes and boilerplate.
    **dict.fromkeys(["meta_head_lines", "meta_tail_lines", "speaker_window", "reorder_max_gap", "bridge_max_words"], 0),
    **dict.fromkeys(["meta_max_date_chars", "synonym_max_words", "attribution_max_words", "number_max_words"], 1),
    "boilerplate_min_documents": 3,
    "boilerplate_max_words": 2,
    "boilerplate_pattern_max_words": 1,
    "boilerplate_edge_sentences": 0,
    "boilerplate_site_min_documents": 2,
}
"""The least value of every whole-number setting: below it a setting means nothing (a negative
file size, -3 sentences) or breaks a stage, so it is refused rather than read."""
_FRACTIONS = (
    "similarity_threshold",
    "containment_threshold",
    "rewrite_content_dice",
    "rewrite_bigram_dice",
    "rewrite_whole_content_dice",
    "reuse_min_share",
    "passage_echo_share",
    "lineage_contained_share",
    "lineage_contained_margin",
    "lineage_weight_credit",
    "lineage_weight_upstream",
    "lineage_weight_date",
    "lineage_weight_dateline",
    "lineage_weight_containment",
    "name_part_min_similarity",
    "boilerplate_max_share",
    "boilerplate_site_max_share",
    "wide_share",
    "index_wide_share",
)
"""Settings that are shares or weights: between 0 and 1."""
_REALS = (
    "rewrite_intercept",
    "rewrite_weight_similarity",
    "rewrite_weight_containment",
    "rewrite_weight_bigram_dice",
    "rewrite_weight_trigram_dice",
    "rewrite_weight_unmatched_words",
)
"""Coefficients of a fitted model: any sign, but a finite number (TOML reads ``nan`` and ``inf``)."""


@dataclass(frozen=True)
class ConfigTable:
    """The ``[tool.provenance]`` table of a project's config file (settings, and sub-tables such as the policy)."""

    values: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    """The table as read (empty when no file was found)."""
    path: str | None = None
    """The file it came from, named in error messages (None: no file, the defaults apply)."""
    root: str | None = dataclasses.field(default=None, compare=False)
    """The folder the paths of the table are relative to, wherever a command runs: the config file's own
    (read from git at a revision: its folder in the repository); None: no file, the current folder."""

    def resolve(self, path: str) -> str:
        """A path of the table (or its default) as the current folder reaches it: under :attr:`root`, given
        relative to it; an absolute path as it is.

        >>> ConfigTable({}, "../pyproject.toml", "..").resolve("articles")
        '../articles'
        """
        if self.root is None or not path or os.path.isabs(path):
            return path
        joined = os.path.join(self.root, path)
        try:
            return os.path.relpath(joined)
        except ValueError:  # another drive (Windows): no relative path reaches it
            return os.path.abspath(joined)


def read_config(
    start: str | os.PathLike[str] = ".", *, config: str | os.PathLike[str] | None = None, above: bool = True
) -> ConfigTable:
    """The ``[tool.provenance]`` table of ``config``, or else of the nearest ``pyproject.toml`` at or
    above ``start`` (an empty table when there is none); ``above=False``: of the one in ``start`` only (the
    gate: a repository's own settings, or none)."""
    if config is not None and not Path(config).is_file():
        raise SettingsError(f"{config}: no such settings file")
    here = Path(start).resolve()
    folders = [here, *here.parents] if above else [here]
    files = [Path(config)] if config is not None else [folder / "pyproject.toml" for folder in folders]
    for candidate in files:
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise SettingsError(f"{candidate}: {err}") from None
            return config_from_text(text, str(candidate), root=str(candidate.parent))
    return ConfigTable()


def config_from_text(text: str, source: str, *, root: str | None = None) -> ConfigTable:
    """The ``[tool.provenance]`` table of a ``pyproject.toml`` given as text (``source`` names it:
    a file, or ``BASE:pyproject.toml`` read from git by the gate; ``root`` is the folder its paths are
    relative to, :attr:`ConfigTable.root`).

    >>> config_from_text("[tool.provenance]\\nshingle_size = 4\\n", "pyproject.toml").values
    {'shingle_size': 4}
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{source}: {err}") from None
    section = data.get("tool", {}).get("provenance", {})
    if not isinstance(section, dict):
        raise SettingsError(f"{source}: [tool.provenance] must be a table")
    return ConfigTable(section, source, root)


def load_settings(
    start: str | os.PathLike[str] = ".", *, config: str | os.PathLike[str] | None = None, **overrides: Any
) -> Settings:
    """Settings from ``config``, or else the nearest ``pyproject.toml`` at or above
    ``start``; then ``overrides`` (those that are None are ignored, so CLI options
    can be passed straight in).
    """
    return Settings.from_config(read_config(start, config=config), **overrides)


def field_values(
    cls: type[Any], values: Mapping[str, Any], *, source: str, error: type[ProvenanceError], noun: str
) -> dict[str, Any]:
    """``values`` as keyword arguments of the dataclass ``cls``, checked against its defaults.

    Keys may use dashes or underscores; an int is taken for a float.  An unknown key
    or a value of another type raises ``error`` naming ``source`` (``noun`` names a key).

    >>> field_values(Settings, {"shingle-size": 4, "similarity_threshold": 1}, source="s", error=SettingsError,
    ...              noun="setting")
    {'shingle_size': 4, 'similarity_threshold': 1.0}
    """
    defaults = cls()
    names = {f.name for f in dataclasses.fields(cls)}
    given: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = raw_key.replace("-", "_")
        if key not in names:
            raise error(f"{source}: unknown {noun} {raw_key!r}")
        default = getattr(defaults, key)
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not type(default):
            raise error(f"{source}: {raw_key} must be {type(default).__name__}, not {type(value).__name__}")
        given[key] = value
    return given
