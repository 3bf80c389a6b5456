"""``kgsearch edit``: correct a document's metadata in the index folder's overrides file
(see ``kgsearch.index.overrides``); rebuilds and updates apply it."""

import click

from kgsearch.cli import UsageProblem, _index_dir, _open, _reading, index_option


@click.command()
@click.argument("doc_id", metavar="ID")
@index_option
@click.option("--date", metavar="DATE", help="The document's date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--title", help="The document's title.")
@click.option("--source", help="The document's source (Kabar, Xinhua, …).")
@click.option("--speaker", "speakers", multiple=True, metavar="NAME",
              help="Who speaks, meets or is quoted in it; repeatable (all of them: they replace the ones found).")
@click.option("--undo", is_flag=True, help="Drop the document's corrections: back to what was found.")
@click.option("--wait", type=click.FloatRange(0), default=30.0, show_default=True,
              help="Seconds to wait for another kgsearch process that is writing the index.")
@click.pass_context
def edit(ctx, doc_id, index_dir, date, title, source, speakers, undo, wait):
    """Correct the date, title, source or speakers of the document ID.

    The correction goes to overrides.json in the index folder; every rebuild
    and update applies it, and the document is indexed again at once. A
    corrected date shows "date_source": "override".

    \b
    Examples:
      kgsearch edit 51de7cefe552 --date 2024-05-01 --source Kabar
      kgsearch edit 51de7cefe552 --speaker "Sadyr Japarov" --speaker "Xi Jinping"
      kgsearch edit 51de7cefe552 --undo
    """
    from kgsearch.index.build import correct
    from kgsearch.index.dates import parse_date
    from kgsearch.render import printable

    fields = {name: value for name, value in (("date", date), ("title", title), ("source", source)) if value is not None}
    if speakers:
        fields["speakers"] = list(speakers)
    if undo and fields:
        raise UsageProblem("--undo drops every correction of the document; give it alone")
    if not undo and not fields:
        raise UsageProblem("nothing to correct; give --date, --title, --source or --speaker (or --undo)")
    if date is not None and parse_date(date) is None:
        raise UsageProblem(f"bad --date {date!r}; write YYYY, YYYY-MM or YYYY-MM-DD")
    with _open(ctx, index_dir) as index, _reading(index):
        doc = index.get(doc_id)  # kgsearch's id, the record's own id or its url
    if doc is None:
        raise UsageProblem(f"no document with id {doc_id!r}; ids are shown by `kgsearch query`")
    now = correct(_index_dir(ctx, index_dir), doc["id"], None if undo else fields, lock_timeout=wait)
    shown = ", ".join(f"{name} {value if isinstance(value, str) else ', '.join(value)}" for name, value in now.items())
    click.echo(printable(f"Document {doc['id']}: " + (f"corrected ({shown})" if now else "back to what was found")
                         + "; kept in overrides.json in the index folder, applied by every rebuild and update.",
                         lines=False))
