"""Analyzer throughput on one core, cold and warm, and the cache's memory.

Run: python benchmarks/bench_analyzer.py [--repeat 3]

Cold is the first pass over the corpora in a fresh process (empty caches,
pymorphy3 dictionaries loaded on first use); warm is the median of later
passes. Target: at least 150,000 tokens/s warm. The same for the Kyrgyz
treebank's sentences read as Kyrgyz documents, where the code has the
Kyrgyz analyzer.
"""

import argparse
import statistics
import time
import tracemalloc

from corpora import CORPORA, bbc_texts, kyrgyz_texts, ng_texts

from kgsearch.analyzers import bilingual_analyzer, english, russian
from kgsearch.analyzers.bilingual import terms_first
from kgsearch.analyzers.tokenize import WORD_PATTERN


def run_pass(analyzer, texts) -> tuple[int, float]:
    start = time.perf_counter()
    count = 0
    for text in texts:
        for _ in analyzer(text, positions=True, chars=True):
            count += 1
    return count, time.perf_counter() - start


def cache_bytes(texts) -> int:
    """Memory the filled caches hold, measured by refilling them under tracemalloc."""
    words = {m.group() for text in texts for m in WORD_PATTERN.finditer(text)}
    for fn in (terms_first, russian.normal_forms, english.stem):
        fn.cache_clear()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for word in words:
        terms_first(word)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm passes (default 3)")
    args = parser.parse_args()

    texts = ng_texts() + bbc_texts()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(texts)} documents (NG + BBC), {megabytes:.1f} MB of UTF-8 text")
    analyzer = bilingual_analyzer()

    tokens, cold = run_pass(analyzer, texts)
    print(f"cold: {tokens:,} tokens in {cold:.2f} s = {tokens / cold:,.0f} tokens/s")
    warm = [run_pass(analyzer, texts)[1] for _ in range(args.repeat)]
    median = statistics.median(warm)
    print(f"warm: median of {args.repeat} passes {median:.2f} s = {tokens / median:,.0f} tokens/s "
          f"(target >= 150,000)")
    info = terms_first.cache_info()
    print(f"cache: {info.currsize:,} distinct surface words (bound {info.maxsize:,}); "
          f"pymorphy3 entries {russian.normal_forms.cache_info().currsize:,}, "
          f"stems {english.stem.cache_info().currsize:,}")
    print(f"cache memory when full for this corpus: {cache_bytes(texts) / 2**20:.1f} MiB")
    kyrgyz(analyzer, args.repeat)


def kyrgyz(analyzer, repeat: int) -> None:
    """Tokens per second of Kyrgyz text, read as the index reads a Kyrgyz document."""
    try:
        from kgsearch.analyzers.tagged import TaggedText
    except ImportError:
        print("kyrgyz: this code has no Kyrgyz analyzer")
        return
    if not (CORPORA / "ud" / "ky_ktmu-ud-train.conllu").exists():
        return
    texts = [TaggedText(text, "ky") for text in kyrgyz_texts()]
    tokens, cold = run_pass(analyzer, texts)
    median = statistics.median(run_pass(analyzer, texts)[1] for _ in range(repeat))
    print(f"kyrgyz ({len(texts)} texts of treebank sentences): cold {tokens / cold:,.0f} tokens/s, "
          f"warm {tokens / median:,.0f} tokens/s")


if __name__ == "__main__":
    main()
