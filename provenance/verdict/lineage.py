"""Lineage stage: which text of a reuse pair came from which, on what evidence.

Each piece of evidence votes for one relation with a weight (settings
``lineage_weight_*``):

- **credit**: one text credits the other's outlet (a source credit or dateline
  naming it) and not the other way round: the crediting text is the reprint;
  at the weight ``lineage_weight_dateline`` only when the other's outlet is
  read from its own dateline alone (:attr:`~provenance.models.DocumentMeta.outlet_from_dateline`):
  both then credit the agency, a credit says where a text came from and not
  who published the copy, so a later date outweighs it;
- **upstream**: both credit the same external source and neither credits the
  other: ``common-source``;
- **date**: both are dated and one is later (by day, or by time on the same
  day): the later text is the reprint;
- **containment**: one text's aligned share is at least
  ``lineage_contained_share`` and the other's lower by
  ``lineage_contained_margin``: the contained (shorter) text is taken as the
  reprint, since republishers trim a source far more often than they pad it.

Only source credits (``DocumentMeta.attributions``) count: an in-story attribution
(``DocumentMeta.mentions``: "the US military said", "according to the United Nations")
is copied along with the story, so two texts sharing one says nothing of where either
came from, and an uncredited copy is never ``common-source`` for it.  For the same reason
a common source must be credited for the whole story (a dateline, a byline, "Source: X",
"X reported" in the lead), not cited for one fact deep in it ("told Ruptly"); and a lead's
"X reported" (:attr:`~provenance.models.Attribution.lead`) counts only where the two texts
do not open alike: a copy that takes the lead word for word takes its "As Emily Feng reports
for NPR" too, and two texts sharing it were both credited by one writer.

The relation with the most support wins. Its confidence is the noisy-OR of its
weights, ``1 - Π(1 - w)``, less half the noisy-OR of the weights for other
relations; with no evidence the relation is ``undetermined`` at confidence 0.
The evidence names the two texts by their ids, so it reads the same whichever
way a report shows the pair (:func:`provenance.pipeline.orient`).

>>> from provenance.models import DocumentMeta, Attribution, PairResult
>>> a = DocumentMeta(attributions=(Attribution("Sputnik", (0, 7)),))
>>> pair = PairResult(
...     a="a", b="b", is_reuse=True, share_a=0.7, share_b=0.4, estimated_jaccard=None, jaccard=0.2,
...     containment_a=0.4, containment_b=0.3,
... )
>>> decide(pair, a, a).relation
'common-source'
>>> decide(pair, a, a).evidence[0]
'both credit Sputnik; neither credits the other'
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from ..models import DocumentMeta, PairResult, Provenance, Relation, Span
from ..settings import Settings
from ..text.metadata import same_source, source_key

__all__ = ["decide", "story_credits"]


def _credits(meta: DocumentMeta) -> dict[str, str]:
    """Folded name → name as written, of every source a text credits (its mentions never)."""
    return {source_key(a.source): a.source for a in meta.attributions if source_key(a.source)}


def _every_lead(span: Span) -> bool:
    return True


def story_credits(meta: DocumentMeta, *, keep_lead: Callable[[Span], bool] = _every_lead) -> dict[str, str]:
    """Folded name → name as written, of every source a text credits for the whole story
    (:attr:`~provenance.models.Attribution.story`): a dateline or byline agency, "Source: X", "first appeared
    in X", and of the lead credits (:attr:`~provenance.models.Attribution.lead`, "X reported" in the first
    lines) those whose span ``keep_lead`` keeps (all of them unless told)."""
    return {
        source_key(a.source): a.source
        for a in meta.attributions
        if a.story and source_key(a.source) and (not a.lead or keep_lead(a.span))
    }


def _credited(outlet: str, credits: dict[str, str]) -> bool:
    return any(same_source(outlet, key) for key in credits)


def _credits_outlet(outlet: str, story: dict[str, str], credits: dict[str, str], its_own: dict[str, str]) -> bool:
    """Whether a text (its ``story`` credits and all its ``credits``) credits ``outlet``, the other text's: for
    the whole story, or for one fact deep in it ("sources told Reuters") when the outlet's own text
    (``its_own`` credits) does not cite itself so too: there, the copy carried the sentence along."""
    if not outlet:
        return False
    return _credited(outlet, story) or (_credited(outlet, credits) and not _credited(outlet, its_own))


_COPIED_SCORE = 0.9
"""An aligned sentence pair scoring this or more is one sentence copied, not rewritten (copies of the DEV pages
score 0.96 and up, punctuation aside; two write-ups of one interview open at 0.63)."""


def _opens_alike(pair: PairResult) -> bool:
    """Whether the first passage the two texts share, on either side, is copied word for word: one text took
    the other's lead (or both the same lead), with any credit in it."""
    if not pair.alignments:
        return False
    first_a = min(pair.alignments, key=lambda al: al.a_span)
    first_b = min(pair.alignments, key=lambda al: al.b_span)
    return max(first_a.score, first_b.score) >= _COPIED_SCORE


def _own_story_credits(meta: DocumentMeta, aligned: list[Span], opens_alike: bool) -> dict[str, str]:
    """A text's story credits (:func:`story_credits`) less its lead credits copied with a lead both texts
    share."""

    def own(span: Span) -> bool:
        return not (opens_alike and any(start <= span[0] < end for start, end in aligned))

    return story_credits(meta, keep_lead=own)


def _noisy_or(weights: list[float]) -> float:
    return 1.0 - math.prod(1.0 - w for w in weights)


def decide(
    pair: PairResult,
    meta_a: DocumentMeta | None,
    meta_b: DocumentMeta | None,
    *,
    contained_share: float = Settings.lineage_contained_share,
    contained_margin: float = Settings.lineage_contained_margin,
    weight_credit: float = Settings.lineage_weight_credit,
    weight_upstream: float = Settings.lineage_weight_upstream,
    weight_date: float = Settings.lineage_weight_date,
    weight_dateline: float = Settings.lineage_weight_dateline,
    weight_containment: float = Settings.lineage_weight_containment,
) -> Provenance:
    """The relation of ``pair`` from its shares and both texts' metadata (see the module docstring)."""
    meta_a, meta_b = meta_a or DocumentMeta(), meta_b or DocumentMeta()
    a, b = pair.a, pair.b
    votes: dict[Relation, list[float]] = defaultdict(list)
    evidence: list[str] = []
    credits_a, credits_b = _credits(meta_a), _credits(meta_b)
    story_a, story_b = story_credits(meta_a), story_credits(meta_b)
    outlet_a = source_key(meta_a.outlet) if meta_a.outlet else ""
    outlet_b = source_key(meta_b.outlet) if meta_b.outlet else ""

    different = not same_source(outlet_a, outlet_b)
    a_credits_b = different and _credits_outlet(outlet_b, story_a, credits_a, credits_b)
    b_credits_a = different and _credits_outlet(outlet_a, story_b, credits_b, credits_a)
    if a_credits_b != b_credits_a:
        relation: Relation = "a-from-b" if a_credits_b else "b-from-a"
        crediting, credited, meta = (a, b, meta_b) if a_credits_b else (b, a, meta_a)
        if meta.outlet_from_dateline:
            # A credit says where a text came from, never who published the copy: both texts credit the agency
            # (the credited one by the dateline read as its outlet), and a later date outweighs that.
            votes[relation].append(weight_dateline)
            evidence.append(
                f"both credit {meta.outlet}; only its dateline names {credited}'s outlet: {credited} may be "
                f"{meta.outlet}'s own copy, {crediting} a reprint"
            )
        else:
            votes[relation].append(weight_credit)
            evidence.append(f"{crediting} credits {credited}'s outlet {meta.outlet}")

    # A common source is one both texts credit for the whole story: an outlet cited for one fact deep in
    # the story ("told Ruptly", "after Politico reported") is carried along by a copy as well.
    # ... and both must credit it themselves: a lead credit copied with the lead is one writer's, twice.
    alike = _opens_alike(pair)
    own_a = _own_story_credits(meta_a, [al.a_span for al in pair.alignments], alike)
    own_b = _own_story_credits(meta_b, [al.b_span for al in pair.alignments], alike)
    shared = {
        k: v
        for k, v in story_a.items()
        if _credited(k, story_b) and not same_source(k, outlet_a) and not same_source(k, outlet_b)
    }
    upstream = sorted(v for k, v in shared.items() if k in own_a and _credited(k, own_b))
    if upstream and not (a_credits_b or b_credits_a):
        votes["common-source"].append(weight_upstream)
        evidence.append(f"both credit {', '.join(upstream)}; neither credits the other")
    copied = sorted(v for v in shared.values() if v not in upstream)
    if copied:
        evidence.append(
            f"both credit {', '.join(copied)} only in the lead they share word for word: one credit, copied, "
            "no sign of a common source"
        )

    if meta_a.date and meta_b.date:
        day_a, day_b = meta_a.date[:10], meta_b.date[:10]
        timed = len(meta_a.date) > 10 and len(meta_b.date) > 10
        if day_a != day_b or (timed and meta_a.date != meta_b.date):
            later: Relation = "a-from-b" if meta_a.date > meta_b.date else "b-from-a"
            votes[later].append(weight_date)
            evidence.append(f"dates: {a} {meta_a.date}, {b} {meta_b.date}; {a if later == 'a-from-b' else b} is later")
        else:
            evidence.append(f"dates: both {day_a}; no order")
    else:
        evidence.append(f"dates: {a} {meta_a.date or 'none'}, {b} {meta_b.date or 'none'}")

    # Shares are rounded to four places; the difference is too, so "lower by 20 points" holds at 95% / 75%.
    apart = round(pair.share_a - pair.share_b, 6)
    if pair.share_a >= contained_share and apart >= contained_margin:
        votes["a-from-b"].append(weight_containment)
        evidence.append(
            f"{b} contains {a}'s aligned sentences plus more ({pair.share_a:.0%} of {a}, {pair.share_b:.0%} of {b})"
        )
    elif pair.share_b >= contained_share and -apart >= contained_margin:
        votes["b-from-a"].append(weight_containment)
        evidence.append(
            f"{a} contains {b}'s aligned sentences plus more ({pair.share_b:.0%} of {b}, {pair.share_a:.0%} of {a})"
        )
    elif min(pair.share_a, pair.share_b) >= contained_share:
        evidence.append(
            f"each holds nearly all of the other ({pair.share_a:.0%} of {a}, {pair.share_b:.0%} of {b} aligned): "
            "containment gives no order"
        )
    elif max(pair.share_a, pair.share_b) >= contained_share:  # one is contained, the other too much to tell
        # "nearly all" only of the share that reaches lineage_contained_share: 80% of a text is not nearly all.
        (held, held_share), (other, other_share) = sorted(
            ((a, pair.share_a), (b, pair.share_b)), key=lambda side: -side[1]
        )
        evidence.append(
            f"{other} holds nearly all of {held} ({held_share:.0%} of {held} aligned); {other_share:.0%} of {other} is "
            f"aligned, less than {contained_margin * 100:.0f} points lower: containment gives no order"
        )
    else:
        evidence.append(f"neither contains the other ({pair.share_a:.0%} of {a}, {pair.share_b:.0%} of {b} aligned)")

    for side, meta in ((a, meta_a), (b, meta_b)):
        if meta.outlet:
            evidence.append(f"{side}'s outlet: {meta.outlet}")
    for side, story, credits in ((a, story_a, credits_a), (b, story_b, credits_b)):
        if story:
            evidence.append(f"{side} credits {', '.join(sorted(story.values()))}")
        cited = sorted(v for k, v in credits.items() if k not in story)
        if cited:  # an outlet cited for one fact, deep in the story
            evidence.append(f"{side} cites {', '.join(cited)} in the story")

    if not votes:
        return Provenance("undetermined", 0.0, tuple(evidence), tuple(upstream))
    scores = {relation: _noisy_or(weights) for relation, weights in votes.items()}
    best = max(sorted(scores), key=lambda r: scores[r])
    against = _noisy_or([w for r, ws in votes.items() if r != best for w in ws])
    confidence = round(max(0.0, scores[best] - against / 2), 2)
    if confidence == 0.0:
        return Provenance("undetermined", 0.0, tuple(evidence), tuple(upstream))
    return Provenance(best, confidence, tuple(evidence), tuple(upstream))
