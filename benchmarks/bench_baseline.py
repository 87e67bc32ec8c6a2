"""``provenance baseline`` end to end, before and after: the command of another tree and of this checkout, by
turns, in child processes (:func:`benchmarks.peak.run_cli`: wall seconds, CPU seconds, peak memory), on the
DEV pages of the article extraction benchmark unpacked into a folder (a corpus of 90 HTML pages), with the
load average beside each run, each tree's medians and the ratio, and whether the baseline files the two
trees wrote are byte-identical (``cmp``).

``--attacks`` puts :mod:`benchmarks.eval_outside`'s attack pages in the corpus too (a DEV page given a copy in
an aside, a footer, a nav or a related box, the copied texts beside them): a baseline that accepts copies
outside an article body, not an empty one.  The other tree is an earlier commit's package, e.g.
``git archive 372fa2a provenance | tar -x -C BEFORE`` with the compiled core (``provenance/_core*.so``) copied in.

    python -m benchmarks.bench_baseline --before BEFORE [--attacks] [--rounds 3] [PATH]
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import os
import statistics
import tempfile
from pathlib import Path

from .eval_chrome import unpack
from .eval_outside import ATTACKS, COPIED, DEFAULT, HOST, SEED, SEEDS, attack_page
from .peak import ROOT, run_cli


def corpus(path: Path, folder: Path, *, attacks: bool) -> None:
    """The DEV pages of ``path`` in ``folder``; with ``attacks``, the host page's copies of
    :mod:`benchmarks.eval_outside` in ``folder/attacks`` (and seeds/001 beside the pages) in its place."""
    pages = unpack(path, folder)
    if not pages:
        raise SystemExit(f"{path}: no pages (html/*.html.gz) here")
    if not attacks:
        return
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    host_key = next(key for key in sorted(pages) if key.startswith(HOST))
    pages[host_key].unlink()  # the host's body is the attack pages' own
    host = gzip.decompress((path / "html" / f"{host_key}.html.gz").read_bytes()).decode("utf-8", "replace")
    (folder / f"{SEED}.txt").write_bytes((SEEDS / f"{SEED}.txt").read_bytes())
    copies = {SEED: (SEEDS / f"{SEED}.txt").read_text(encoding="utf-8")}
    copies.update({key: truth[key]["articleBody"] for key in sorted(pages) if key.startswith(COPIED)})
    made = folder / "attacks"
    made.mkdir()
    for where in ATTACKS:
        for key, text in copies.items():
            (made / f"{where}-{key[:8]}.html").write_text(attack_page(host, text, where), encoding="utf-8")


def main() -> None:
    """Run the command by turns and print one Markdown row a run, then the medians and the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="the benchmark's DEV folder")
    parser.add_argument("--before", required=True, help="the other tree (a package to compare with)")
    parser.add_argument("--attacks", action="store_true", help="the attack pages of eval_outside in the corpus too")
    parser.add_argument("--rounds", type=int, default=3, help="before-after pairs run (default 3)")
    args = parser.parse_args()
    trees = [("before", Path(args.before).resolve()), ("after", ROOT)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = work / "pages"
        pages.mkdir()
        corpus(Path(args.path), pages, attacks=args.attacks)
        print("| run | tree | seconds | CPU seconds | MiB | load average | pairs |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in trees}
        for n in range(1, args.rounds + 1):
            for name, root in trees:
                out = work / f"{name}.json"
                out.unlink(missing_ok=True)  # entries already in the file are kept: each run starts afresh
                before = os.getloadavg()[0]
                run = run_cli(["baseline", str(pages), "--out", str(out)], cwd=work, root=root)
                after = os.getloadavg()[0]
                if run.returncode != 0:
                    raise SystemExit(f"{name}: exit {run.returncode}\n{run.stderr[-2000:]}")
                runs[name].append((run.seconds, run.cpu_seconds))
                pairs = len(json.loads(out.read_text(encoding="utf-8"))["entries"])
                print(
                    f"| {n} | {name} | {run.seconds:.2f} | {run.cpu_seconds:.2f} | {run.peak_kib / 1024:,.0f} "
                    f"| {before:.1f} → {after:.1f} | {pairs} |",
                    flush=True,
                )
        medians = {name: [statistics.median(t[i] for t in timed) for i in (0, 1)] for name, timed in runs.items()}
        for name, (wall, cpu) in medians.items():
            print(f"{name}: median of {len(runs[name])}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        print(
            f"after / before: {medians['after'][0] / medians['before'][0]:.2f} wall, "
            f"{medians['after'][1] / medians['before'][1]:.2f} CPU"
        )
        same = filecmp.cmp(work / "before.json", work / "after.json", shallow=False)
        print(f"baseline files {'identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()
