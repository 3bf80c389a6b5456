"""The ``kgsearch`` command: a thin skin over the Python API."""

import json
from dataclasses import asdict

import click

from kgsearch import __version__


@click.group()
@click.version_option(__version__, prog_name="kgsearch")
def cli():
    """Bilingual (Russian + English) full-text search for news and statements."""


@cli.command()
@click.argument("text")
@click.option("--ambiguity", type=click.Choice(["first", "all"]), default="first",
              help="Russian forms with several lemmas: keep the first or all.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of terms.")
def analyze(text, ambiguity, as_json):
    """Show the index terms of TEXT: Russian lemmas, English stems.

    \b
    Examples:
      kgsearch analyze "железной дороги"
      kgsearch analyze "China's railways" --json
    """
    from kgsearch.analysis import analyze as run

    terms = run(text, ambiguity)
    if as_json:
        click.echo(json.dumps([asdict(t) for t in terms], ensure_ascii=False))
        return
    for t in terms:
        click.echo(f"{t.position:>4}  {t.surface:<24} {t.term}")


def main():
    cli()
