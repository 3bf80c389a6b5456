"""``kgsearch edit``: correct a document's metadata in the index folder's overrides file
(see ``kgsearch.index.overrides``); rebuilds and updates apply it."""

import click

from kgsearch.cli.base import UsageProblem, _open, _reading, index_option, wait_option


@click.command()
@click.argument("doc_id", metavar="ID")
@index_option
@click.option("--date", metavar="DATE", help="The document's date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--title", help="The document's title.")
@click.option("--source", help="The document's source (Kabar, Xinhua, …).")
@click.option("--speaker", "speakers", multiple=True, metavar="NAME",
              help="Who speaks, meets or is quoted in it; repeatable (all of them: they replace the ones found).")
@click.option("--undo", is_flag=True, help="Drop the document's corrections: back to what was found.")
@wait_option
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
    from kgsearch.corrections import correct
    from kgsearch.render import printable

    fields = {name: value for name, value in (("date", date), ("title", title), ("source", source)) if value is not None}
    if speakers:
        fields["speakers"] = list(speakers)
    if undo and fields:
        raise UsageProblem("--undo drops every correction of the document; give it alone")
    if not undo and not fields:
        raise UsageProblem("nothing to correct; give --date, --title, --source or --speaker (or --undo)")
    with _open(ctx, index_dir) as index, _reading(index):
        doc_id, now = correct(index, doc_id, None if undo else fields, lock_timeout=wait)
    shown = ", ".join(f"{name} {value if isinstance(value, str) else ', '.join(value)}" for name, value in now.items())
    click.echo(printable(f"Document {doc_id}: " + (f"corrected ({shown})" if now else "back to what was found")
                         + "; kept in overrides.json in the index folder, applied by every rebuild and update.",
                         lines=False))
