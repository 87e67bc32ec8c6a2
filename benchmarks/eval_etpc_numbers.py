"""Recall of ``number``/``date`` changes on real news sentence pairs (ETPC).

ETPC (Kovatchev et al. 2018) annotates the MSRP non-paraphrase pairs with the type of
each difference; a changed figure is a "Same Polarity Substitution (named ent.)" in its
meaning-changing file.  For each such annotation with digits on both sides, this script
asks whether the classifier, run on the two whole sentences, reports a ``number`` or
``date`` change that covers one of the annotated figures.  The corpus is read in place
(read-only evaluation data, never copied into the repository).

    python -m benchmarks.eval_etpc_numbers [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from benchmarks.evaluate import CORPORA
from provenance.detect.changes import changes_in_texts

DEFAULT = CORPORA / "etpc"
_DIGITS = re.compile(r"\d[\d.,:]*\d|\d")


def main(folder: Path) -> None:
    """Print the recall and a few misses."""
    with (folder / "etpc_pairs_from_msrp.tsv").open(encoding="utf-8") as f:
        rows = {r["pair_id"]: r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
    relations = ET.parse(folder / "textual_np_neg.xml").getroot().findall("relation")
    found = total = 0
    kinds: Counter[str] = Counter()
    misses: list[str] = []
    cache: dict[str, list[tuple[str, str, str]]] = {}
    for rel in relations:
        if rel.findtext("type_name") != "Same Polarity Substitution (named ent.)":
            continue
        s1, s2 = rel.findtext("s1_text") or "", rel.findtext("s2_text") or ""
        figures = set(_DIGITS.findall(s1)) | set(_DIGITS.findall(s2))
        pair = rows.get(rel.findtext("pair_id") or "")
        if not (_DIGITS.search(s1) and _DIGITS.search(s2)) or pair is None:
            continue
        if pair["pair_id"] not in cache:
            cache[pair["pair_id"]] = [(c.kind, c.a, c.b) for c in changes_in_texts(pair["sent1"], pair["sent2"])]
        total += 1
        hits = [
            k for k, a, b in cache[pair["pair_id"]] if figures & (set(_DIGITS.findall(a)) | set(_DIGITS.findall(b)))
        ]
        if any(k in ("number", "date") for k in hits):
            found += 1
        else:
            misses.append(f"  {s1!r} / {s2!r}: {hits or 'no change covers it'}")
        kinds.update(hits[:1])
    print(f"figure substitutions annotated: {total}; reported as number or date: {found} ({found / total:.2f})")
    print("kind of the first change covering the figure:", dict(kinds.most_common()))
    print("some misses:")
    print("\n".join(misses[:8]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus_dir", nargs="?", type=Path, default=DEFAULT, help="an etpc folder")
    folder = parser.parse_args().corpus_dir
    if not (folder / "etpc_pairs_from_msrp.tsv").is_file():
        print(f"{folder}: no etpc_pairs_from_msrp.tsv here; skipped", file=sys.stderr)
        sys.exit(0)
    main(folder)
