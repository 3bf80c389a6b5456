"""Whether documents get the titles their publishers gave them, on real archives.

Run: python benchmarks/title_check.py

Meduza articles (../shared/corpora/meduza) have no title line: the title is
in the file name (``2016-12-05-300 миллионов патриарха.txt``; one name has a
URL slug before it). Counted: how many get the file name's title, read by
this script's own plain rule, not by the reader's. BBC articles
(``001.txt``, a title line on top) and the seeds must keep their title line:
counted as a guard, since a rule for names must not reach them.

Web pages: each of these headlines (the Meduza titles and every tenth BBC
one) put in the shapes sites give a page (``<title>Press release | MFA
KR</title>`` and the headline in ``<h1>``, a logo in ``<h1>``, ``og:title``
…): how many pages are titled by the headline. And the Meduza texts wrapped at
72 columns in ``<p>`` (with a ``<br>`` now and then), as page sources are
written: how many keep all their words.
"""

import re
import sys
import textwrap
from html import escape
from pathlib import Path

from corpora import CORPORA, SHARED, require

from kgsearch.index.documents import SkipFile
from kgsearch.index.files import read_file
from kgsearch.index.metadata import complete
from kgsearch.index.people import PeopleRegistry
from kgsearch.index.webpage import read_html

PAGE_SHAPES = {
    "<title> names the site, headline in <h1>": "<title>Press release | MFA KR</title><h1>{h}</h1>",
    "<title> is the site": "<title>МИД КР</title><h1>{h}</h1>",
    "<title> names the site after a dash": "<title>Пресс-релиз — МИД КР</title><h1>{h}</h1>",
    "headline | site, <h1>": "<title>{h} | BBC NEWS</title><h1>{h}</h1>",
    "site | section | headline, <h1>": "<title>BBC NEWS | Business | {h}</title><h1>{h}</h1>",
    "headline — site, logo in <h1>": "<title>{h} — Медуза</title><div><h1>Медуза</h1></div>",
    "og:title, <title> names the site": '<meta property="og:title" content="{h}"><title>Press release | MFA KR</title>',
    "og:title — site, og:site_name": '<meta property="og:title" content="{h} — Медуза">'
                                     '<meta property="og:site_name" content="Медуза"><title>{h} — Медуза</title>',
    "<title> only": "<title>{h}</title>",
    "headline in <title>, a section in <h1>": "<title>{h}</title><h1>Новости</h1>",
}


def expected_meduza(name: str) -> str:
    """The title in a Meduza file name: after the date or the URL slug, before ``.txt``."""
    stem = re.sub(r"\.txt$", "", name)
    stem = re.sub(r"^\d{4}-\d\d-\d\d-", "", stem)
    stem = re.sub(r"^[a-z0-9-]+-(?=[А-ЯЁ])", "", stem)
    return " ".join(stem.split())


def first_line(path: Path) -> str:
    text = path.read_text("utf-8", errors="replace").lstrip("\ufeff")
    return " ".join(next(line for line in text.splitlines() if line.strip()).split())


def titles(paths, registry):
    for path in paths:
        try:
            documents, _ = read_file(path, path.read_bytes())
        except SkipFile:
            continue
        yield path, complete(documents[0], registry).title


def main():
    registry = PeopleRegistry([])
    meduza = list(titles(sorted(require(CORPORA / "meduza").glob("*.txt")), registry))
    named = [(p, t) for p, t in meduza if t == expected_meduza(p.name)]
    print(f"Meduza: {len(named)} of {len(meduza)} documents titled by their file name")
    for path, title in [(p, t) for p, t in meduza if (p, t) not in named][:5]:
        print(f"   {path.name[:60]!r}: {title[:70]!r}")
    kept = 0
    bbc = list(titles(sorted(require(CORPORA / "bbc").glob("*/*.txt")), registry))
    kept = sum(title == first_line(path) for path, title in bbc)
    print(f"BBC: {kept} of {len(bbc)} documents keep their first line as title")
    seeds = list(titles(sorted((SHARED / "seeds").glob("*.txt")), registry))
    print("seeds:", "; ".join(f"{p.name[:3]}: {t[:50]!r}" for p, t in seeds))
    headlines = [expected_meduza(p.name) for p, _ in meduza]
    headlines += [first_line(p) for p, _ in bbc[::10]]
    for shape, template in PAGE_SHAPES.items():
        pages = [template.format(h=escape(h)) + "<p>Text.</p>" for h in headlines]
        right = sum(read_html("a.html", page).title == h for page, h in zip(pages, headlines))
        print(f"HTML, {shape}: {right} of {len(headlines)} pages titled by the headline")
    kept = 0
    for path, _ in meduza:
        words = path.read_text("utf-8").split()
        lines = textwrap.wrap(" ".join(words), 72, break_on_hyphens=False, break_long_words=False)
        source = "".join(escape(line) + ("<br>\n" if i % 7 == 6 else "\n") for i, line in enumerate(lines))
        kept += read_html("a.html", f"<p>{source}</p>").body.split() == words
    print(f"HTML: {kept} of {len(meduza)} Meduza texts wrapped in <p> keep all their words")
    return 0 if named else 1


if __name__ == "__main__":
    sys.exit(main())
