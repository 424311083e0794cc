"""Speed of the rules engine against spaCy's own parse: median ms per sample article.

Run: .venv/bin/python scripts/bench_rules.py  (analyze is timed apart; the engine must stay
well under nlp(text), and a 20,000-word article must go through in one pass).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from newsbrief.analyze import analyze, nlp
from newsbrief.engines.rules import RulesEngine
from newsbrief.load import from_text, load

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print per-article timings, their medians and a long-article run."""
    engine, parse = RulesEngine(), nlp()
    rules_ms, nlp_ms = [], []
    for path in sorted((ROOT / "articles").glob("*.txt")):
        article = load(path)
        analysis = analyze(article)
        runs_rules, runs_nlp = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            engine.draft(article, analysis)
            runs_rules.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            parse(article.clean_text)
            runs_nlp.append(time.perf_counter() - t0)
        rules_ms.append(statistics.median(runs_rules) * 1000)
        nlp_ms.append(statistics.median(runs_nlp) * 1000)
        print(f"{path.name}: rules {rules_ms[-1]:.1f} ms, nlp(text) {nlp_ms[-1]:.1f} ms")
    print(f"median: rules {statistics.median(rules_ms):.1f} ms, nlp(text) {statistics.median(nlp_ms):.1f} ms")
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "articles").glob("*.txt")))
    big = from_text("\n".join([text] * (20000 // len(text.split()) + 1)), published="2025-08-01")
    t0 = time.perf_counter()
    analysis = analyze(big)
    t_analyze = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine.draft(big, analysis)
    t_rules = time.perf_counter() - t0
    print(f"{len(big.text.split())} words: analyze {t_analyze:.1f} s, rules {t_rules * 1000:.0f} ms")


if __name__ == "__main__":
    main()
