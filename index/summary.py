"""What an index holds: counts by facet, dates covered, and what was skipped."""

from kgsearch.index import columns, store
from kgsearch.index.errors import DamagedIndexError
from kgsearch.index.facets import column_counts, live_documents
from kgsearch.index.integrity import reading
from kgsearch.index.schema import is_year


def status(location=None) -> dict:
    """The index's summary as one JSON-ready object (the ``index status --json`` format).

    An index with no documents has no columns to count (Whoosh has no
    segment to read them from): its counts are empty. A damaged index is a
    ``DamagedIndexError``.
    """
    root = store.resolve(location)
    generation, meta, ix = store.open_current(root)
    with reading(root, generation), ix.reader() as reader:
        live = live_documents(reader)
        by_lang, by_year, by_source = (column_counts(reader, live, f) for f in ("lang", "year", "source"))
        # Read by segment (``columns.values``): Whoosh's reader of a column across segments is
        # wrong where a segment has none (a parallel rebuild's segment of undated documents).
        years, date_values = columns.values(reader, "year"), columns.values(reader, "date")
        to_year = reader.schema["year"].from_column_value
        dates = [date_values[n] for n in live if is_year(to_year(years[n]))]
        speakers = sum(
            1 for term in reader.lexicon("speakers")
            if any(not reader.is_deleted(n) for n in reader.postings("speakers", term).all_ids())
        )
    to_date = ix.schema["date"].from_column_value
    try:
        date_range = [to_date(min(dates)).date().isoformat(), to_date(max(dates)).date().isoformat()] if dates else None
    except (OverflowError, ValueError):
        raise DamagedIndexError(root, "its date column holds dates no calendar has") from None
    return {
        "location": str(root),
        "documents": len(live),
        "by_lang": dict(sorted(by_lang.items())),
        "by_year": dict(sorted(by_year.items())),
        "by_source": dict(by_source.most_common()),
        "speakers": speakers,
        "date_range": date_range,
        "built_at": meta["built_at"],
        "updated_at": meta.get("updated_at", meta["built_at"]),
        "paths": meta["paths"],
        "files": len(meta["files"]),
        "skipped": meta["skipped"],
        "warnings": meta.get("warnings", []),
        "engine": meta.get("engine", "whoosh"),
        "shards": meta.get("shards", []),
    }
