"""How the glossary linker's cost grows with the number of terms: 45 against 2,000.

Links every article body of the shipped fixtures with a glossary of the first 45 shipped terms,
then with those plus 1,955 synthetic terms, and prints the time per body for each and their
ratio. Sub-linear growth means the ratio stays far below 2000 / 45 (about 44). Run by
`make bench`; standalone: `python bench/benchmark_linker.py`.
"""

import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_portal.settings")

import django  # noqa: E402

django.setup()

from bench.scale import WORDS  # noqa: E402
from core.markdown import render_markdown  # noqa: E402
from glossary.linker import _Linker, build_matcher  # noqa: E402
from glossary.models import Term  # noqa: E402

ROUNDS = 5


def shipped(model):
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            if item["model"] == model:
                yield item["fields"]


def glossary(size):
    terms = [
        Term(term=f["term"], slug=f["slug"], aliases=f["aliases"], short_definition="")
        for f in list(shipped("glossary.term"))[:45]
    ]
    rng = random.Random(1)  # noqa: S311 - synthetic names
    seen = {term.term.casefold() for term in terms}
    while len(terms) < size:
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 3)))
        if name not in seen:
            seen.add(name)
            terms.append(Term(term=name, slug=f"synthetic-{len(terms)}", short_definition=""))
    return terms


def seconds_per_body(matcher, bodies):
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for html in bodies:
            linker = _Linker(matcher, "")
            linker.feed(html)
            linker.result()
        best = min(best, time.perf_counter() - start)
    return best / len(bodies)


def main():
    bodies = [render_markdown(fields["body"]) for fields in shipped("articles.article")]
    results = {}
    for size in (45, 2000):
        start = time.perf_counter()
        matcher = build_matcher(glossary(size))
        built = time.perf_counter() - start
        results[size] = (built, seconds_per_body(matcher, bodies))
    ratio = results[2000][1] / results[45][1]
    print("| terms | matcher built once (ms) | linking one article body (ms) |")
    print("|---:|---:|---:|")
    for size, (built, per_body) in results.items():
        print(f"| {size} | {built * 1000:.1f} | {per_body * 1000:.2f} |")
    verdict = "sub-linear" if ratio < 2000 / 45 / 4 else "NOT sub-linear"
    print(
        f"\nLinking cost ratio 2,000 / 45 terms: {ratio:.2f}× for {2000 / 45:.0f}× the terms "
        f"({verdict}; {len(bodies)} article bodies, best of {ROUNDS} rounds)."
    )


if __name__ == "__main__":
    main()
