"""How heavily a text was derived from another, from a verified pair's own figures.

Four classes, as in Clough & Stevenson's corpus of short answers: ``cut``
(copied nearly verbatim), ``light`` (light revision), ``heavy`` (heavy
revision) and ``non`` (written independently). The rule reads only what the
pipeline already measured for the pair (see :class:`ReuseClassRule`), with
the derived text on side B.

>>> from provenance.models import PairResult
>>> pair = PairResult("src", "answer", False, 0.0, 0.0, None, 0.0, 0.0, 0.0)
>>> reuse_class(pair)
'non'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .models import PairResult

__all__ = ["ReuseClass", "ReuseClassRule", "reuse_class"]

ReuseClass = Literal["cut", "light", "heavy", "non"]


@dataclass(frozen=True)
class ReuseClassRule:
    """Thresholds of the four-class rule, tried in order (first match wins).

    1. ``non`` when less than ``min_share`` of B's sentence characters align
       with A: an independent text shares no sentence with the source.
    2. ``cut`` when at least ``cut_containment`` of B's 5-word shingles occur
       in A: copy and paste keeps runs of five words intact.
    3. ``light`` when at least ``light_share`` of B's sentence characters align
       with A: light revision keeps sentence after sentence recognisable.
    4. ``heavy`` otherwise.

    The values were chosen by leave-one-task-out cross-validation over the
    four development tasks of Clough & Stevenson's corpus
    (``benchmarks/evaluate.py``'s ``clough_stevenson`` figures, tuned with
    ``benchmarks/tune_reuse_class.py``), never inside the evaluation itself:
    leave-one-task-out four-class accuracy 0.711 (54/76), binary 0.908 (69/76); these
    defaults are the grid point best on all four tasks (55/76).
    """

    min_share: float = 0.05
    cut_containment: float = 0.5
    light_share: float = 0.3


def reuse_class(pair: PairResult, rule: ReuseClassRule | None = None) -> ReuseClass:
    """The class of B's derivation from A for one compared pair."""
    rule = rule or ReuseClassRule()
    if pair.share_b < rule.min_share:
        return "non"
    if pair.containment_b >= rule.cut_containment:
        return "cut"
    if pair.share_b >= rule.light_share:
        return "light"
    return "heavy"
