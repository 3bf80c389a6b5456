"""What an index holds: counts by facet, dates covered, and what was skipped."""

from collections import Counter

from whoosh import index as whoosh_index

from index import store


def status(location=None) -> dict:
    """The index's summary as one JSON-ready object (the ``index status --json`` format)."""
    root = store.resolve(location)
    generation = store.current(root)
    if generation is None:
        raise store.StoreError(f"no index at {root}; build one with `kgsearch index rebuild [PATH...]`")
    meta = store.read_meta(generation)
    ix = whoosh_index.open_dir(generation)
    by_lang, by_year, by_source = Counter(), Counter(), Counter()
    dates = []
    with ix.reader() as reader:
        live = [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
        langs = reader.column_reader("lang")
        sources = reader.column_reader("source")
        years = reader.column_reader("year")
        date_column = reader.column_reader("date")
        for n in live:
            by_lang[langs[n] or "none"] += 1
            by_source[sources[n] or "none"] += 1
            year = years[n]
            # A document without a date has the column's "missing" value, past any year.
            dated = year is not None and 0 < year < 10000
            by_year[str(year) if dated else "none"] += 1
            if dated:
                dates.append(date_column[n])
        speakers = sum(
            1 for term in reader.lexicon("speakers")
            if any(not reader.is_deleted(n) for n in reader.postings("speakers", term).all_ids())
        )
    return {
        "location": str(root),
        "documents": len(live),
        "by_lang": dict(sorted(by_lang.items())),
        "by_year": dict(sorted(by_year.items())),
        "by_source": dict(by_source.most_common()),
        "speakers": speakers,
        "date_range": [min(dates).date().isoformat(), max(dates).date().isoformat()] if dates else None,
        "built_at": meta["built_at"],
        "updated_at": meta.get("updated_at", meta["built_at"]),
        "paths": meta["paths"],
        "files": len(meta["files"]),
        "skipped": meta["skipped"],
        "warnings": meta.get("warnings", []),
    }
