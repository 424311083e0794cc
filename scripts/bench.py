"""`make bench`: speed and memory of newsbrief, measured in one run, printed as one table.

Rows: the rules engine per sample article beside spaCy's own parse (the floor); the openai
engine against a local stub server answering every request after 300 ms, over 64 article
variants at --jobs 1, 8 and 32, beside the ideal (the rules engine's own wall time for the
same articles plus ceil(requests / jobs) x 0.3 s); the same 64 again from a warm cache; a
synthetic 20,000-word article (time and peak RSS, each engine in its own subprocess); and
the prompt's size per article word. Timings are medians where repeated. Offline: the only
server is the stub, on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the stub server lives with the tests

from newsbrief import pipeline, prompting, windows  # noqa: E402
from newsbrief.analyze import analyze, nlp  # noqa: E402
from newsbrief.batch import Batch, run_sync  # noqa: E402
from newsbrief.cache import Cache  # noqa: E402
from newsbrief.engines.openai import OpenAIEngine  # noqa: E402
from newsbrief.engines.rules import RulesEngine  # noqa: E402
from newsbrief.load import load  # noqa: E402
from stub_server import StubServer  # noqa: E402

LATENCY_S = 0.3
SAMPLES = sorted((ROOT / "articles").glob("*.txt"))
LEADS = [
    "Updated with new details.",
    "This story has been corrected.",
    "From our correspondent.",
    "First published this morning.",
]


def variants(n: int, folder: Path) -> list[Path]:
    """`n` copies of the sample articles, each with a different closing note so that ids differ."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = SAMPLES[i % len(SAMPLES)]
        note = f"{LEADS[i % len(LEADS)]} (Edition {i + 1}.)"
        path = folder / f"{src.stem}_v{i:02d}.txt"
        path.write_text(src.read_text(encoding="utf-8").rstrip() + f"\n\n{note}\n", encoding="utf-8")
        out.append(path)
    return out


def long_article(words: int, path: Path) -> Path:
    """Paragraphs of the sample articles, reshuffled each round, until `words` words."""
    paragraphs = [
        p.strip() for s in SAMPLES for p in s.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12
    ]
    rng = random.Random(7)
    chosen: list[str] = []
    count = 0
    while count < words:
        rng.shuffle(paragraphs)
        for p in paragraphs:
            chosen.append(p)
            count += len(p.split())
            if count >= words:
                break
    path.write_text("\n\n".join(chosen) + "\n", encoding="utf-8")
    return path


def median_cpu_ms(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    """Median CPU time of `fn` in ms: CPU, not wall, so other work on a shared machine does not count."""
    times = []
    for _ in range(repeats):
        t = time.process_time()
        fn()
        times.append((time.process_time() - t) * 1000)
    return statistics.median(times)


def batch_wall(engine, sources: list[Path], jobs: int, cache: Cache | None, out: Path) -> float:  # type: ignore[no-untyped-def]
    batch = Batch(engine, jobs=jobs, cache=cache, out=out, formats=("json",))
    t = time.perf_counter()
    outcomes = run_sync(batch, sources)
    wall = time.perf_counter() - t
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise SystemExit(f"bench: {len(failed)} article(s) failed, e.g. {failed[0].error}")
    return wall


CHILD = """
import json, resource, sys, time
from newsbrief import pipeline
from newsbrief.analyze import nlp
nlp()
if sys.argv[2] == "rules":
    from newsbrief.engines.rules import RulesEngine
    engine = RulesEngine()
else:
    from newsbrief.engines.openai import OpenAIEngine
    engine = OpenAIEngine("stub-model", base_url=sys.argv[3], api_key="not-needed")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t, c = time.perf_counter(), time.process_time()
brief = pipeline.brief(sys.argv[1], engine=engine, cache=False)
wall, cpu = time.perf_counter() - t, time.process_time() - c
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"s": wall, "cpu": cpu, "peak_mib": peak / 1024, "before_mib": base / 1024, "actions": len(brief.actions)}))
"""


def child(path: Path, engine: str, url: str = "") -> dict[str, float]:
    """Brief one article in a fresh interpreter; its time and peak resident memory."""
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), engine, url], capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        raise SystemExit(f"bench: the {engine} subprocess failed:\n{run.stderr[-2000:]}")
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=64, help="article variants for the openai rows")
    parser.add_argument("--repeats", type=int, default=3, help="repeats per sample article for the rules row")
    parser.add_argument("--words", type=int, default=20_000, help="words in the long article")
    args = parser.parse_args()
    os.environ.pop("OPENAI_API_KEY", None)
    rows: list[tuple[str, str, str, str]] = []
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="newsbrief-bench-"))

    # Rules engine beside spaCy's parse of the same text, per sample article: the text the
    # pipeline analyses (junk blanked), so the floor is not inflated by navigation and teasers.
    parse = nlp()
    rules = RulesEngine()
    pipeline.brief(SAMPLES[0], engine=rules, cache=False)  # warm up spaCy and dateparser
    ours, floor = [], []
    for path in SAMPLES:
        text = load(path).clean_text
        ours.append(median_cpu_ms(lambda p=path: pipeline.brief(p, engine=rules, cache=False), args.repeats))
        floor.append(median_cpu_ms(lambda t=text: parse(t), args.repeats))
    a, b = statistics.median(ours), statistics.median(floor)
    rules_detail = ", ".join(f"{o:.0f}/{f:.0f}" for o, f in zip(ours, floor, strict=True))
    rules_detail = f"per article, ours/parse CPU ms: {rules_detail}"
    rows.append(
        (
            "rules: median CPU ms per sample article",
            f"{a:.0f} ms",
            f"spaCy parse {b:.0f} ms",
            f"{a / b:.2f}x (target <= 1.5x)",
        )
    )

    sources = variants(args.articles, tmp / "in")
    local_walls = [batch_wall(rules, sources, 1, None, tmp / "rules")]

    with StubServer(latency_s=LATENCY_S) as server:
        engine = OpenAIEngine("stub-model", base_url=server.url, api_key="not-needed")
        for jobs in (1, 8, 32):
            before = len(server.requests)
            # The last cold run fills an empty cache for the warm row (a put costs next to nothing).
            cache = Cache(tmp / "cache") if jobs == 32 else None
            wall = batch_wall(engine, sources, jobs, cache, tmp / f"openai{jobs}")
            requests = len(server.requests) - before
            ideal = statistics.median(local_walls) + math.ceil(requests / jobs) * LATENCY_S
            target = " (target <= 1.25x)" if jobs == 32 else ""
            rows.append(
                (
                    f"openai: {len(sources)} articles, --jobs {jobs}, {requests} requests",
                    f"{wall:.1f} s",
                    f"ideal {ideal:.1f} s",
                    f"{wall / ideal:.2f}x{target}",
                )
            )

        before = len(server.requests)
        warm = batch_wall(engine, sources, 32, Cache(tmp / "cache"), tmp / "warm")
        calls = len(server.requests) - before
        rows.append(
            (
                f"openai: same {len(sources)}, warm cache",
                f"{warm:.2f} s",
                f"{calls} model calls",
                "target 0 calls, < 1 s",
            )
        )

        # The machine may be shared: the baseline is taken before and after the openai runs.
        local_walls.append(batch_wall(rules, sources, 1, None, tmp / "rules"))
        walls = " and ".join(f"{w:.1f}" for w in local_walls)
        base_row = (
            f"rules: {len(sources)} articles, --jobs 1",
            f"{statistics.median(local_walls):.1f} s",
            f"mean of {walls} s",
            "",
        )
        rows.insert(1, base_row)

        big = long_article(args.words, tmp / "long.txt")
        for name in ("rules", "openai"):
            before = len(server.requests)
            r = child(big, name, server.url)
            note = f"{len(server.requests) - before} windows drafted" if name == "openai" else "one pass"
            rows.append(
                (
                    f"{name}: {args.words:,}-word article ({note})",
                    f"{r['s']:.1f} s ({r['cpu']:.1f} s CPU)",
                    f"peak RSS {r['peak_mib']:.0f} MiB",
                    "target < 15 s, < 1.5 GiB" if name == "rules" else "",
                )
            )

    # Prompt size: the rendered opening messages, estimated at 4 characters a token.
    per_word = []
    for path in SAMPLES:
        article = load(path)
        text = "".join(m["content"] for m in prompting.messages(article, analyze(article)))
        per_word.append(windows.estimate_tokens(text) / len(article.text.split()))
    rows.append(
        (
            "openai: prompt tokens per article word",
            f"{statistics.median(per_word):.2f}",
            "estimate: chars / 4",
            "",
        )
    )

    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("measure", "value", "beside", "ratio / note")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print(line)
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    print(line)
    print(f"{rules_detail}; whole bench {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
