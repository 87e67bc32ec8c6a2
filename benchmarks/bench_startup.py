"""Start-up of a one-shot command: the package's imports and ``provenance check`` of one seed, in new
interpreters, this checkout and (``--before``) another tree by turns.

Each run is a child process from compiled bytecode, as an installed package runs (a
``PYTHONDONTWRITEBYTECODE`` in the environment is dropped: it would compile every module on every
run).  Three measures, ``--runs`` times each, medians printed:

- the interpreter alone (``python -c pass``): the floor under every figure;
- ``python -X importtime -c "import provenance.cli"``: the import time the interpreter reports for
  the command line's module and all it imports (its own clock, without the interpreter's start), and the
  wall and CPU time of the process (CPU time is the steadier figure on a shared machine);
- ``provenance check seeds/000_… --corpus seeds`` against the seeds' index (``provenance index seeds``
  run once beforehand in a scratch folder holding a copy of ``seeds/``): wall and CPU seconds.

Then the modules of this checkout with the most import time of their own (``-X importtime``'s self
column, median over the runs).  The other tree is an earlier commit's package, e.g. ``git archive HEAD
provenance | tar -x -C BEFORE`` with the compiled core (``provenance/_core*.so``) copied in.

    python -m benchmarks.bench_startup [--before BEFORE] [--runs 15]
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from .peak import ROOT

SEED = "000_c4d69d43826d85bd.txt"
"""The seed checked (a reprint: its source is found and aligned)."""


def _run(root: Path, args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds and the stderr of ``python ARGS`` with the package of ``root`` first on the path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(root)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"python {' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()[-2000:]}")
    return wall, now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime, done.stderr.decode()


def _importtime(stderr: str) -> dict[str, tuple[int, int]]:
    """``-X importtime``'s lines: (self, cumulative) microseconds by module (the last import of a name)."""
    found = {}
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line and not line.rstrip().endswith("imported package"):
            own, total, name = (part.strip() for part in line[len("import time:") :].split("|"))
            if own.isdigit():
                found[name] = (int(own), int(total))
    return found


def main() -> None:
    """Run the measures by turns and print a Markdown table of medians, then the costliest modules."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="another tree (an earlier package) measured by turns with this one")
    parser.add_argument("--runs", type=int, default=15, help="runs of each measure a tree (default 15)")
    parser.add_argument("--top", type=int, default=15, help="modules listed by their own import time")
    args = parser.parse_args()
    trees = {"after": ROOT} if not args.before else {"before": Path(args.before).resolve(), "after": ROOT}
    for root in trees.values():
        compileall.compile_dir(root / "provenance", quiet=1)
    figures: dict[tuple[str, str], list[float]] = defaultdict(list)
    own: dict[str, list[int]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "seeds", work / "seeds")
        cli = ["-m", "provenance.cli"]
        _run(ROOT, [*cli, "index", "seeds", "--quiet"], work)
        check = [*cli, "check", f"seeds/{SEED}", "--corpus", "seeds"]
        for _ in range(args.runs):
            for name, root in trees.items():
                figures[name, "python -c pass, wall"].append(_run(root, ["-c", "pass"], work)[0])
                wall, cpu, err = _run(root, ["-X", "importtime", "-c", "import provenance.cli"], work)
                modules = _importtime(err)
                figures[name, "import provenance.cli (-X importtime)"].append(modules["provenance.cli"][1] / 1e6)
                figures[name, "import provenance.cli, wall"].append(wall)
                figures[name, "import provenance.cli, CPU"].append(cpu)
                if name == "after":
                    for module, (self_us, _) in modules.items():
                        own[module].append(self_us)
                wall, cpu, _ = _run(root, check, work)
                figures[name, "provenance check one seed, wall"].append(wall)
                figures[name, "provenance check one seed, CPU"].append(cpu)
    measures = list(dict.fromkeys(measure for _, measure in figures))
    print(f"| measure (median of {args.runs}, ms) | {' | '.join(trees)} |")
    print(f"| --- |{' --- |' * len(trees)}")
    for measure in measures:
        cells = [f"{statistics.median(figures[name, measure]) * 1000:.0f}" for name in trees]
        print(f"| {measure} | {' | '.join(cells)} |")
    print()
    print(f"Own import time of this checkout's costliest modules (median of {args.runs}, ms):")
    ranked = sorted(own.items(), key=lambda item: -statistics.median(item[1]))[: args.top]
    for module, times in ranked:
        print(f"  {statistics.median(times) / 1000:6.1f}  {module}")


if __name__ == "__main__":
    main()
