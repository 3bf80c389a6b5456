"""How often each language's text is routed to its own analyzer.

Run: python benchmarks/language_routing.py [--no-langid]

Kyrgyz: the held-out sentences of UD_Kyrgyz-KTMU train (every sentence whose
sent_id number is a multiple of 5; the word lists of index/language.py were
checked on the other four fifths), one by one and in chunks of 3 and 10
consecutive sentences (documents are longer than sentences). Russian: the UD
Russian GSD dev sentences and every document of meduza, ng, wmt21 (ru) and
factrueval_dev, which must all stay Russian. English: UD English EWT dev
sentences, bbc and wmt21 (en) documents. The same for py3langid limited to
ru/ky/en/kk/uk/be/mn when it is importable (it is not a dependency), for the
letters-only rule kgsearch had before; Russian sentences led by two Kyrgyz
names in their own spelling; and for queries: 1 to 3 consecutive
words cut from the held-out Kyrgyz and the Russian dev sentences.
"""

import json
import re
import sys
import time
from collections import Counter

from corpora import CORPORA, bbc_texts, ng_texts, require

from kgsearch.analyzers import CYRILLIC_LETTER
from kgsearch.index.language import detect_language, query_language

UD = CORPORA / "ud"


def sentences(name: str) -> list[tuple[str, str]]:
    """(sent_id, text) of each sentence of a CoNLL-U file."""
    found, sent_id = [], ""
    with require(UD / name).open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
            elif line.startswith("# text ="):
                found.append((sent_id, line.split("=", 1)[1].strip()))
    return found


def held_out(sent_id: str) -> bool:
    """The Kyrgyz sentences no word list was learnt from: sent_id a multiple of 5."""
    return int(re.sub(r"\D", "", sent_id)) % 5 == 0


def kyrgyz_held_out() -> list[str]:
    return [text for sent_id, text in sentences("ky_ktmu-ud-train.conllu") if held_out(sent_id)]


def chunks(texts: list[str], size: int) -> list[str]:
    return [" ".join(texts[i:i + size]) for i in range(0, len(texts) - size + 1, size)]


def jsonl_texts(path, *keys) -> list[str]:
    with require(path).open(encoding="utf-8") as lines:
        return ["\n".join(filter(None, (json.loads(line).get(k) for k in keys))) for line in lines if line.strip()]


def russian_documents() -> dict[str, list[tuple[str, str]]]:
    """Each Russian corpus: (name, text) of its documents."""
    meduza = sorted(require(CORPORA / "meduza").glob("*.txt"))
    factru = sorted(require(CORPORA / "factrueval_dev").glob("*.txt"))
    return {
        "meduza": [(p.name, p.read_text("utf-8")) for p in meduza],
        "ng": [(f"ng #{i}", t) for i, t in enumerate(ng_texts())],
        "wmt21 ru": [(f"wmt21 ru #{i}", t) for i, t in
                     enumerate(jsonl_texts(CORPORA / "wmt21" / "collection.ru.jsonl", "title", "text"))],
        "factrueval": [(p.name, p.read_text("utf-8")) for p in factru],
    }


def kyrgyz_names() -> list[str]:
    """Names with ң, ө or ү in the Kyrgyz treebank (Төрөбаев, Ысык-Көл), as a Russian release may spell them."""
    names = []
    with require(UD / "ky_ktmu-ud-train.conllu").open(encoding="utf-8") as lines:
        for line in lines:
            cols = line.split("\t")
            if len(cols) == 10 and cols[3] == "PROPN" and re.search("[ңөүҢӨҮ]", cols[1]) and cols[1] not in names:
                names.append(cols[1])
    return names


def letters_only(text: str) -> str:
    """The rule before issue 26: Kyrgyz when ң, ө, ү make 1% of the Cyrillic letters."""
    sample = text[:5_000]
    cyrillic = len(CYRILLIC_LETTER.findall(sample))
    latin = len(re.findall("[A-Za-z]", sample))
    if not cyrillic and not latin:
        return ""
    if cyrillic >= latin:
        return "ky" if len(re.findall("[ңөүҢӨҮ]", sample)) >= 0.01 * cyrillic else "ru"
    return "en"


def langid_detector(languages):
    """py3langid limited to ``languages``, or None when it is not installed."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(languages)

    def detect(text: str) -> str:
        return identifier.classify(text[:5_000])[0] if text.strip() else ""
    return detect


def combined(langid):
    """Kyrgyz only when both py3langid and the rules say so."""
    def detect(text: str) -> str:
        ours = detect_language(text)
        return "ru" if ours == "ky" and langid(text) != "ky" else ours
    return detect


def share(detect, texts, lang) -> str:
    """The share of ``texts`` called ``lang``, and how many of the others went where."""
    calls = Counter(detect(t) for t in texts)
    others = ", ".join(f"{n} {other or 'none'}" for other, n in calls.most_common() if other != lang)
    return f"{calls[lang] / len(texts):7.2%} of {len(texts):4}" + (f" (else {others})" if others else "")


def main():
    ky = kyrgyz_held_out()
    ru = [t for _, t in sentences("ru_gsd-ud-dev.conllu")]
    en = [t for _, t in sentences("en_ewt-ud-dev.conllu")]
    ru_docs = russian_documents()
    en_docs = {"bbc": bbc_texts(), "wmt21 en": jsonl_texts(CORPORA / "wmt21" / "collection.en.jsonl", "title", "text")}
    detectors = {"letters only (before)": letters_only, "detect_language": detect_language}
    langid = None if "--no-langid" in sys.argv else langid_detector(["ru", "ky", "en", "kk", "uk", "be", "mn"])
    if langid:
        detectors["py3langid ru/ky/en"] = langid_detector(["ru", "ky", "en"])
        detectors["py3langid ru/ky/en/kk/uk/be/mn"] = langid
        detectors["detect_language and py3langid"] = combined(langid)
    trained = [text for sent_id, text in sentences("ky_ktmu-ud-train.conllu") if not held_out(sent_id)]
    names = kyrgyz_names()
    led = [f"{names[i % len(names)]} {names[(i + 1) % len(names)]}: {text}" for i, text in enumerate(ru)]
    print(f"Kyrgyz: {len(ky)} held-out KTMU sentences (sent_id % 5 == 0)")
    for name, detect in detectors.items():
        print(f"\n{name}")
        print(f"  ky sentences -> ky      {share(detect, ky, 'ky')}")
        print(f"  ky 3-sentence chunks    {share(detect, chunks(ky, 3), 'ky')}")
        print(f"  ky 10-sentence chunks   {share(detect, chunks(ky, 10), 'ky')}")
        print(f"  ky other 4/5 -> ky      {share(detect, trained, 'ky')}")
        print(f"  ru sentences -> ru      {share(detect, ru, 'ru')}")
        print(f"  ru led by 2 ky names    {share(detect, led, 'ru')}")
        for corpus, docs in ru_docs.items():
            texts = [t for _, t in docs]
            started = time.perf_counter()
            line = share(detect, texts, "ru")
            speed = len(texts) / (time.perf_counter() - started)
            wrong = [f"{n} ({detect(t) or 'none'})" for n, t in docs if detect(t) != "ru"]
            print(f"  {corpus + ' docs -> ru':23} {line}  {speed:6.0f} docs/s"
                  + (f"  not ru: {', '.join(wrong[:5])}" if wrong else ""))
        print(f"  en sentences -> en      {share(detect, en, 'en')}")
        for corpus, texts in en_docs.items():
            print(f"  {corpus + ' docs -> en':23} {share(detect, texts, 'en')}")
    print("\nquery_language on 1-3-word windows (ky / ru / open):")
    for name, texts in (("Kyrgyz held-out", ky), ("Russian dev", ru)):
        for size in (1, 2, 3):
            counts = Counter(query_language(w) for w in windows(texts, size))
            total = sum(counts.values())
            print(f"  {name:16} {size} word{'s' if size > 1 else ' '}  "
                  + "  ".join(f"{lang or 'open'} {counts[lang] / total:6.1%} ({counts[lang]:4})" for lang in ("ky", "ru", ""))
                  + f"  of {total}")


def windows(texts: list[str], size: int) -> list[str]:
    """Every run of ``size`` consecutive Cyrillic words, as a user might type them."""
    found = []
    for text in texts:
        words = re.findall("[\u0400-\u04ff]+(?:-[\u0400-\u04ff]+)*", text)
        found += [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]
    return found


if __name__ == "__main__":
    main()
