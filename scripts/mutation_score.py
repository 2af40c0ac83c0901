"""Prints the mutation score per rule module from mutmut's results (`make mutate`).

Reads mutants/**/*.py.meta (mutmut 3.8). A mutant is killed when a test failed (or timed out)
with it in place; it survived when every test that reaches it passed. Exits 1 when a module kills
fewer than TARGET per cent, so `make mutate` shows a shortfall. `--survivors` lists the survivors
(see them with `mutmut show <name>`).
"""

import json
import sys
from collections import Counter
from pathlib import Path

TARGET = 90.0
KILLED = {1, 3, 24, -24, 36, 152, 255, 37}
SURVIVED = {0}


def main() -> int:
    metas = sorted(Path("mutants").glob("altprov/**/*.py.meta"))
    if not metas:
        print("No mutmut results: run `make mutate` first.")
        return 1
    short = False
    survivors = []
    print(f"{'module':40} {'killed':>6} {'survived':>8} {'total':>6} {'score':>6}  other")
    for meta in metas:
        module = str(meta.relative_to("mutants"))[: -len(".py.meta")].replace("/", ".")
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        killed = sum(1 for c in codes.values() if c in KILLED)
        survived = [name for name, c in codes.items() if c in SURVIVED]
        survivors += survived
        other = Counter(
            "not checked" if c is None else "no tests" if c in (5, 33) else f"exit {c}"
            for c in codes.values()
            if c not in KILLED and c not in SURVIVED
        )
        score = 100.0 * killed / len(codes)
        short |= score < TARGET
        extra = ", ".join(f"{n} {k}" for k, n in sorted(other.items()))
        print(
            f"{module.removeprefix('altprov.'):40} {killed:>6} {len(survived):>8} {len(codes):>6} "
            f"{score:>5.1f}%  {extra}"
        )
    if "--survivors" in sys.argv:
        print("\nSurvivors:")
        print("\n".join(sorted(survivors)))
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
