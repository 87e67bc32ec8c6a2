"""How long loading takes per input format, the boilerplate stage, and the HTML report.

Run: ``.venv/bin/python -m benchmarks.bench_inputs [--copies N]``. Builds, in a
temporary folder, N copies of each seed as .txt, .md, .html (a page with
navigation and a footer around the text) and one .jsonl export, then times
loading each format, loading single lines of the export by path (as check and
gate load an indexed candidate), the boilerplate stage over all documents, and
rendering the seeds' HTML report. Prints a table.
"""

from __future__ import annotations

import argparse
import html
import json
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

from provenance.io.load import load_article, load_folder, load_jsonl
from provenance.pipeline import prepare, scan, set_aside
from provenance.report import render_html
from provenance.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _page(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (
        "<html><head><title>Story</title><meta property='og:site_name' content='Bench'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/p'>Politics</a></nav>"
        f"<article>{paragraphs}</article><footer>Comments are closed.</footer></body></html>"
    )


def _export_lines(export: Path, count: int) -> list[list[object]]:
    """Loading single lines of the export by path (what check and gate do for an indexed candidate):
    load_article against streaming load_jsonl up to the line, in the same process."""
    wanted = [f"{export}:{n}" for n in range(count // 2, count + 1, max(1, count // 20))]
    start = time.perf_counter()
    for where in wanted:
        next(i for i in load_jsonl(export) if i.path == where)
    streamed = (time.perf_counter() - start) / len(wanted)
    start = time.perf_counter()
    load_article(wanted[0])  # finds the export's line starts once
    first = time.perf_counter() - start
    start = time.perf_counter()
    for where in wanted[1:]:
        load_article(where)
    later = (time.perf_counter() - start) / max(1, len(wanted) - 1)
    return [
        ["one export line, streaming load_jsonl", len(wanted), "", f"{streamed * 1000:.2f} ms"],
        [
            "one export line, load_article",
            len(wanted),
            f"first {first * 1000:.1f} ms",
            f"{later * 1000:.3f} ms ({streamed / later:,.0f}x)",
        ],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    args = parser.parse_args()
    seeds = {p.stem: p.read_text(encoding="utf-8-sig") for p in sorted((ROOT / "seeds").glob("*.txt"))}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("txt", "md", "html", "jsonl"):
            folder = Path(tmp) / fmt
            folder.mkdir()
            lines = []
            for n in range(args.copies):
                for stem, text in seeds.items():
                    if fmt == "jsonl":
                        lines.append(json.dumps({"id": f"{stem}-{n}", "text": text}))
                    elif fmt == "html":
                        (folder / f"{stem}-{n}.html").write_text(_page(text), encoding="utf-8")
                    else:
                        (folder / f"{stem}-{n}.{fmt}").write_text(text, encoding="utf-8")
            if lines:
                (folder / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            start = time.perf_counter()
            docs, problems = load_folder(folder)
            elapsed = time.perf_counter() - start
            assert not problems, problems[:3]
            rows.append([f"load .{fmt}", len(docs), f"{elapsed * 1000:.0f} ms", f"{elapsed / len(docs) * 1000:.2f} ms"])
            if fmt == "jsonl":
                rows += _export_lines(folder / "export.jsonl", len(lines))
        settings = Settings()
        prepared = [prepare(d) for d in docs]
        start = time.perf_counter()
        set_aside(prepared, settings)
        elapsed = time.perf_counter() - start
        rows.append(
            ["boilerplate", len(prepared), f"{elapsed * 1000:.0f} ms", f"{elapsed / len(prepared) * 1000:.2f} ms"]
        )
    seed_docs, _ = load_folder(ROOT / "seeds")
    result = scan(seed_docs)
    start = time.perf_counter()
    page = render_html(result)
    elapsed = time.perf_counter() - start
    rows.append(["HTML report (seeds)", len(result.pairs), f"{elapsed * 1000:.0f} ms", f"{len(page):,} chars"])
    print(tabulate(rows, headers=["step", "items", "total", "per item"], tablefmt="github"))


if __name__ == "__main__":
    main()
