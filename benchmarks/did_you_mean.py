"""Did you mean, measured: how often the suggestion is the word meant, and how often it is rarer.

Run: python benchmarks/did_you_mean.py [--index DIR] [--per-language 100] [--seed 12] [--old REV]

Builds an index of ../shared/corpora (BBC, NG, Meduza) unless --index names
one. The typos are made from the archive's own words: for each language,
words the documents write (5+ letters, in 3+ documents, no stop words) are
drawn at random and given one slip a typist makes (two neighbouring letters
swapped, or one dropped, as benchmarks/eval_relevance.py's typo group does);
a slip that some document writes is a word of the archive, not a typo, and
is drawn again. A third set holds slips that 1 to 3 documents write too (the
archive's own typos, or rare words: ``definately`` is in one BBC article). The same is done for eval_relevance's typo group (the NG
tags, one word misspelt), when the index holds the NG corpus.

For each typo: the suggestion is the word meant (folded: case and ё aside),
another word, or none; and it is *rarer* when no more documents have it
than have the typo (goal 0). Words are counted as written, over every
document of the index; a Russian dictionary word, as the documents with any
of its forms (Russian is searched by lemma). False alarms: the share of correctly written words
of the archive (drawn the same way, from words in 1+ documents) that get a
suggestion at all.

--old REV measures kgsearch/suggest.py as it was at a git revision (e.g.
HEAD~1) on the same typos, for a before/after.
"""

import argparse
import importlib.util
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from corpora import CORPORA

from kgsearch.analyzers import fold, is_cyrillic
from kgsearch.analyzers.russian import is_known
from kgsearch.analyzers.stopwords import stop_words
from kgsearch.analyzers.tokenize import WordTokenizer
from kgsearch.query import parse
from kgsearch.suggest import written

ROOT = Path(__file__).resolve().parents[1]


def written_counts(ix) -> Counter:
    """How many documents of the index write each word (folded), in body or title."""
    counts: Counter = Counter()
    tokenize = WordTokenizer()
    for stored in ix.searcher.all_stored_fields():
        text = f"{stored.get('title', '')}\n{stored.get('body', '')}"
        counts.update({written(t.text) for t in tokenize(text)})
    return counts


def slip(word: str, rng: random.Random) -> str:
    """``word`` with two neighbouring letters swapped or one dropped (not the first letter)."""
    at = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + word[at + 1 :]


def draw_words(counts: Counter, cyrillic: bool, least: int, n: int, rng: random.Random) -> list[str]:
    stops = stop_words("ru" if cyrillic else "en")
    pool = sorted(w for w, c in counts.items() if c >= least and len(w) >= 5 and w.isalpha()
                  and is_cyrillic(w) == cyrillic and w not in stops and (cyrillic or w.isascii()))
    return rng.sample(pool, min(n, len(pool)))


def typos(counts: Counter, cyrillic: bool, n: int, rng: random.Random, written_by=(0, 0)) -> list[tuple[str, str]]:
    """(typo, meant) pairs: ``n`` archive words, each with a slip that as many documents
    as ``written_by`` says (none, by default) write."""
    pairs = []
    least, most = written_by
    for word in draw_words(counts, cyrillic, 3, n * (3 if not most else 300), rng):
        typo = slip(word, rng)
        if typo != word and least <= counts[typo] <= most:
            pairs.append((typo, word))
        if len(pairs) == n:
            break
    return pairs


def tag_typos(counts: Counter, seed: int = 7) -> list[tuple[str, str]]:
    """eval_relevance's typo group: (misspelt tag, tag) pairs of the NG corpus."""
    sys.path.insert(0, str(Path(__file__).parent))
    from eval_relevance import ng_judged

    judged = ng_judged(CORPORA / "ng" / "ng.jsonl", seed=seed)
    written_as = {(q["id"], q["group"]): q["query"] for q in judged}
    return [(q["query"], written_as[(q["id"], "as written")]) for q in judged if q["group"] == "typo"]


def load_old(rev: str):
    """kgsearch/suggest.py as it was at ``rev``, as a module of its own."""
    source = subprocess.run(["git", "show", f"{rev}:kgsearch/suggest.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp(prefix="kgsearch-old-suggest-")) / "old_suggest.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("old_suggest", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documents(word: str, counts: Counter, compiler) -> int:
    """How many documents have ``word``: a Russian dictionary word in any of its forms
    (Russian is searched by lemma: Киргизия finds Киргизии), any other word as written."""
    if is_cyrillic(word) and is_known(word) and word not in stop_words("ru"):
        return compiler.frequency(word)
    return counts[written(word)]


def measure(name: str, pairs, suggest, counts: Counter, compiler) -> None:
    meant = other = none = rarer = 0
    times, examples = [], []
    for typo, word in pairs:
        started = time.perf_counter()
        shown = suggest(typo)
        times.append(time.perf_counter() - started)
        if shown is None:
            none += 1
            continue
        if fold(shown) == fold(word):
            meant += 1
        else:
            other += 1
            if len(examples) < 6:
                examples.append(f"{typo} → {shown} (meant {word})")
        changed = [(a, b) for a, b in zip(fold(typo).split(), fold(shown).split()) if a != b]
        if any(documents(b, counts, compiler) <= documents(a, counts, compiler) for a, b in changed):
            rarer += 1
            examples.append(f"RARER: {typo} → {shown}")
    n = len(pairs)
    print(f"  {name:34} {n:4} typos: the word meant {meant / n:6.1%}, another word {other / n:6.1%}, "
          f"none {none / n:6.1%}; rarer than typed {rarer / n:.1%} (goal 0); "
          f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    for example in examples:
        print(f"      {example}")


def false_alarms(name: str, words, suggest) -> None:
    flagged = [(w, s) for w in words if (s := suggest(w)) is not None]
    print(f"  {name:34} {len(words):4} words written correctly: {len(flagged) / len(words):.1%} get a suggestion"
          + (f" (e.g. {', '.join(f'{w} → {s}' for w, s in flagged[:4])})" if flagged else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="an index of the corpora built before (default: build one)")
    parser.add_argument("--per-language", type=int, default=100, help="typos drawn per language (default 100)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--old", metavar="REV", help="also measure kgsearch/suggest.py at this git revision")
    args = parser.parse_args()
    import kgsearch

    workdir = None
    location = args.index
    if location is None:
        from bench_query import build

        workdir = Path(tempfile.mkdtemp(prefix="kgsearch-suggest-"))
        location = workdir / "ix"
        build(location)
    try:
        with kgsearch.open_index(location) as ix:
            counts = written_counts(ix)
            rng = random.Random(args.seed)
            sets = [("English words, one slip", typos(counts, False, args.per_language, rng)),
                    ("Russian words, one slip", typos(counts, True, args.per_language, rng)),
                    ("slips 1-3 documents write too", typos(counts, False, args.per_language // 2, rng, (1, 3))
                     + typos(counts, True, args.per_language // 2, rng, (1, 3)))]
            if (CORPORA / "ng" / "ng.jsonl").exists():
                sets.append(("NG tags, eval_relevance typo group", tag_typos(counts)))
            correct = [("English words as written", draw_words(counts, False, 1, args.per_language, rng)),
                       ("Russian words as written", draw_words(counts, True, 1, args.per_language, rng))]
            suggesters = [("now", ix.suggest)]
            if args.old:
                old = load_old(args.old)
                suggesters.append((args.old, lambda q: old.did_you_mean(q, parse(q), ix.searcher, ix._lookup)))
            print(f"{ix.searcher.doc_count()} documents; {len(counts)} distinct written words")
            for label, suggest in suggesters:
                print(f"suggest.py {label}:")
                for name, pairs in sets:
                    measure(name, pairs, suggest, counts, ix._lookup)
                for name, words in correct:
                    false_alarms(name, words, suggest)
    finally:
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
