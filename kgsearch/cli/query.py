"""The commands that read: ``query``, ``show``, ``trend``, ``facets`` and ``analyze``."""

import sys
from dataclasses import asdict

import click

from kgsearch.choices import AMBIGUITY_POLICIES, FACET_FIELDS, SORTS, SYNTAX
from kgsearch.cli.base import (EXPORT_FORMATS, UsageProblem, _no_words, _open, _reading, filter_options,
                               glossary_option, index_option, json_option, no_translate_option)

@click.command()
@click.argument("text")
@click.option("--ambiguity", type=click.Choice(AMBIGUITY_POLICIES), default=AMBIGUITY_POLICIES[0],
              help="Russian forms with several lemmas: keep the first or all.")
@click.option("--lang", type=click.Choice(("ru", "ky")), default=None,
              help="Read Cyrillic words as Russian or as Kyrgyz (default: the language an index would tell).")
@json_option
def analyze(text, ambiguity, lang, as_json):
    """Show the index terms of TEXT: Russian and Kyrgyz lemmas, English stems.

    \b
    Examples:
      kgsearch analyze "железной дороги"
      kgsearch analyze "China's railways" --json
      kgsearch analyze "Жапаровдун" --lang ky
    """
    from kgsearch.analysis import analyze as run
    from kgsearch.render import dumps, printable

    terms = run(text, ambiguity, lang)
    if as_json:
        click.echo(dumps([asdict(t) for t in terms]))
        return
    for t in terms:
        click.echo(f"{t.position:>4}  {printable(t.surface, lines=False):<24} {printable(t.term, lines=False)}")


@click.command()
@click.argument("query", required=False, default="")
@index_option
@filter_options
@click.option("--sort", type=click.Choice(SORTS), default=SORTS[0], show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--facets", is_flag=True,
              help="Also count the results by year, language, speaker, person and source.")
@click.option("--related", is_flag=True,
              help="Also list the people most often named in the results, each with the filter that selects them.")
@json_option
@no_translate_option()
@click.option("--exact", is_flag=True,
              help="No correction: when nothing matches, say so (with a suggestion), not the suggestion's results.")
@glossary_option
@click.option("--format", "form", type=click.Choice(EXPORT_FORMATS),
              help="Write the hits for a report: title, date, source, url, speakers, path and the best snippet "
                   "as plain text.")
@click.option("--all", "every", is_flag=True, help="With --format: every hit, not a page.")
@click.option("--all-versions", is_flag=True,
              help="Every copy and reprint of a story as a hit of its own (by default: one hit, the others listed).")
@click.option("--semantic/--no-semantic", default=None,
              help="Fuse the documents nearest in meaning into a query of plain words (by default, where the "
                   "index was built with kgsearch[semantic]); --semantic without it is an error.")
@click.pass_context
def query(ctx, query, index_dir, filters, sort, limit, page, facets, related, as_json, no_translate, exact, glossaries,
          form, every, all_versions, semantic):
    """Search for QUERY; every word must match (as on web search engines).

    With no QUERY, lists what the filters select, the newest first
    (kgsearch query --source Kabar --year 2024).

    Russian words match in every inflected form, English words by stem.
    The query also runs in the other language (railway finds железная
    дорога, Kulubaev finds Кулубаев); --no-translate turns that off.
    A misspelt word gets a suggestion (goverment: government); when nothing
    matches as typed, the suggestion's results are shown, and said to be;
    --exact turns that off.

    \b
    Syntax:
    SYNTAX

    \b
    Examples:
      kgsearch query "railway"
      kgsearch query "железная дорога" --year 2024 --facets
      kgsearch query '"Belt and Road" OR "Один пояс"' --sort newest
      kgsearch query "checkpoint OR КПП" --speaker "Akylbek Japarov" --json
      kgsearch query --speaker "Sadyr Japarov" --year 2024
      kgsearch query "railway" --format csv --all

    A query that starts with - goes after --: kgsearch query -- "-railway".
    Exit status: 0 when the page has hits, 1 when nothing matched (or the
    page is past the end), 2 on an error.
    """
    from kgsearch.render import console, dumps, printable, show_related, show_results

    _no_words(query, filters)
    if every and not form:
        raise UsageProblem("--all goes with --format csv, jsonl or markdown (a terminal shows a page at a time)")
    if form and (as_json or facets or related):
        left = "--json" if as_json else "--facets" if facets else "--related"
        raise UsageProblem(f"--format {form} writes hits only; leave out {left}")
    from kgsearch.options import Page

    # Related entities are read from the facets: a process counts them at a cost (docs/searching.md).
    shown = Page(page, limit, sort, facets=facets or related, all_versions=all_versions,
                 semantic=False if exact else semantic)
    how = dict(translate=not no_translate, correct=not exact)
    with _open(ctx, index_dir, glossary=glossaries) as index, _reading(index):
        if form:
            from kgsearch.export import write

            results = None if every else index.search(query, filters, shown, **how)
            hits = index.all_hits(query, filters, shown, **how) if every else results.hits
            written = write(hits, form, sys.stdout, 1 if every else (page - 1) * limit + 1)
        else:
            results = index.search(query, filters, shown, **how)
            named = _related(results, index, filters, facets) if related else None
    if form:
        if results is not None and results.total and not written:  # a page past the end: said beside the data
            click.echo(f"kgsearch: {printable(results.notes[-1], lines=False)}", err=True)
        ctx.exit(0 if written else 1)  # outside ``_reading``, which takes any exception for a sign of damage
    if as_json:
        click.echo(dumps(results.to_json() | ({"related": [r.to_json() for r in named]} if related else {})))
    else:
        out = console()
        if results.total:
            show_results(out, results)
            if named:
                show_related(out, named)
        else:
            hint = f" Did you mean: {printable(results.suggestion, lines=False)}" if results.suggestion else ""
            asked = f"No documents match {printable(repr(query), lines=False)}" if query.strip() else \
                "No documents match the filters"
            click.echo(f"{asked}.{hint}")
            for note in results.notes:
                click.echo(f"  ({printable(note, lines=False)})")
    ctx.exit(0 if results.hits else 1)  # a page past the end shows nothing, and says so in a note



def _related(results, index, filters, facets: bool) -> list:
    """The entities most named in ``results`` (counted with its facets, which are shown only if asked for)."""
    from kgsearch.related import related

    named = related(results, index.registry, filters)
    if not facets:
        results.facets = None
    return named


query.help = query.help.replace("    SYNTAX", "\n".join("      " + line for line in SYNTAX.splitlines()))

@click.command()
@click.argument("doc_id", metavar="ID")
@index_option
@json_option
@click.option("--highlight", metavar="QUERY",
              help="Mark where QUERY's words stand (any form, either language, as a query finds them).")
@no_translate_option("With --highlight: only the words as typed, not translations.")
@click.pass_context
def show(ctx, doc_id, index_dir, as_json, highlight, no_translate):
    """Show the whole document ID (the id a query prints) with its metadata.

    With --highlight, the matches of a query are marked: in colour on a
    terminal, between ** and ** in a pipe; --json gives their character
    spans in the text as "highlights".

    \b
    Example:
      kgsearch query "railway" --limit 1      (the id is on the second line)
      kgsearch show 51de7cefe552
      kgsearch show 51de7cefe552 --highlight "железная дорога"
    """
    from kgsearch.render import console, dumps, show_document

    with _open(ctx, index_dir) as index, _reading(index):
        doc = index.get(doc_id, highlight=highlight, translate=not no_translate)
    if doc is None:
        raise UsageProblem(f"no document with id {doc_id!r}; ids are shown by `kgsearch query`")
    if as_json:
        click.echo(dumps(doc, default=str))
    else:
        show_document(console(), doc)


@click.command()
@click.argument("doc_id", metavar="ID")
@index_option
@filter_options
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Documents to list.")
@json_option
@click.pass_context
def similar(ctx, doc_id, index_dir, filters, limit, as_json):
    """The documents closest in meaning to document ID, in every language.

    Each story once, closest first; the score is the cosine of the two
    documents' vectors (title and lead). Needs an index built with
    kgsearch[semantic] (pip install 'kgsearch[semantic]', then rebuild).

    \b
    Examples:
      kgsearch similar 51de7cefe552
      kgsearch similar 51de7cefe552 --lang ru --json

    Exit status: 0 when something is listed, 1 when nothing is, 2 on an error.
    """
    from kgsearch.render import console, dumps, show_hits

    with _open(ctx, index_dir) as index, _reading(index):
        hits = index.like(doc_id, filters, limit=limit)
    if hits is None:
        raise UsageProblem(f"no document with id {doc_id!r}; ids are shown by `kgsearch query`")
    if as_json:
        click.echo(dumps({"id": doc_id, "hits": [hit.to_json() for hit in hits]}))
    elif hits:
        show_hits(console(), hits)
    else:
        click.echo("No other document is close in meaning (with these filters).")
    ctx.exit(0 if hits else 1)


@click.command()
@click.argument("queries", nargs=-1, required=True, metavar="QUERY [QUERY]...")
@index_option
@click.option("--by", type=click.Choice(("year", "month", "week")), default="year", show_default=True,
              help="The periods to count by (weeks are ISO weeks: 2024-W05).")
@filter_options
@no_translate_option()
@json_option
@click.option("--format", "form", type=click.Choice(("csv",)), help="Write the counts as CSV: a row a period.")
@glossary_option
@click.pass_context
def trend(ctx, queries, index_dir, by, filters, no_translate, as_json, form, glossaries):
    """How many documents match each QUERY in each year, month or week.

    Each QUERY is counted as `kgsearch query` counts its total (in both
    languages unless --no-translate; copies of one text once), so a trend
    by year agrees with the query's year facet. Periods run from the first
    with a match to the last, empty ones as 0. Undated documents, and those
    dated only to the year (by month) or month (by week), are in no period:
    they are counted apart, below the chart.

    \b
    Examples:
      kgsearch trend Торугарт Иркештам --by month
      kgsearch trend "железная дорога" railway --from 2015 --json
      kgsearch trend Торугарт --by week --format csv
    """
    from kgsearch.render import console, dumps

    if as_json and form:
        raise UsageProblem("choose one of --json and --format csv")
    with _open(ctx, index_dir, glossary=glossaries) as index, _reading(index):
        counted = index.trend(list(queries), filters, by=by, translate=not no_translate)
    if as_json:
        click.echo(dumps(counted.to_json()))
    elif form == "csv":
        import csv

        from kgsearch.render import printable

        table = csv.writer(sys.stdout)
        for row in counted.rows():
            table.writerow([printable(str(value)) for value in row])
    else:
        from kgsearch.charts import show_trend

        show_trend(console(), counted)
    ctx.exit(0 if any(s.total for s in counted.series) else 1)


@click.command()
@click.argument("field", type=click.Choice(FACET_FIELDS), metavar="FIELD")
@click.argument("query", required=False)
@index_option
@filter_options
@json_option
@click.pass_context
def facets(ctx, field, query, index_dir, filters, as_json):
    """Count documents by FIELD, over everything or over the results of QUERY and the filters
    (the same as `kgsearch query` takes).

    \b
    Examples:
      kgsearch facets speaker
      kgsearch facets year "железная дорога"
      kgsearch facets source --year 2024 --lang ru
    """
    from kgsearch.render import dumps, printable

    with _open(ctx, index_dir) as index, _reading(index):
        if query or filters.named():
            counts = index.search(query or "", filters, limit=1, snippets=False, facets=True).facets[field]
        else:
            counts = index.facet_counts(fields=(field,))[field]
    if as_json:
        click.echo(dumps(counts))
    else:
        shown = [(printable(str(value), lines=False), count) for value, count in counts.items()]
        width = max((len(value) for value, _ in shown), default=0)
        for value, count in shown:
            click.echo(f"{value:<{width}}  {count}")
    ctx.exit(0 if counts else 1)

