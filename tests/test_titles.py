"""Titles: from a file name that carries one, and from a web page's several (issue 12).

Cases are real: Meduza files named for their articles (../shared/corpora/meduza,
no title line inside), BBC articles (``001.txt``, a title line on top), the
seeds and the demo corpus (slug names, title lines), and their headlines and
texts put into the shapes web pages give them.
"""

import re
import textwrap
from html import escape

import pytest

from conftest import DEMO_ROWS, shared_path
from kgsearch.index.files import read_file
from kgsearch.index.text import read_text
from kgsearch.index.titles import filename_title
from kgsearch.index.webpage import read_html

# Real Meduza file names and the titles they carry (U+00A0 as the files have it).
MEDUZA = [
    ("2016-12-05-300 миллионов патриарха.txt", "300 миллионов патриарха"),
    ("2016-11-07-Липы за\xa0200 тысяч.txt", "Липы за 200 тысяч"),
    ("2017-03-02-Новые «короли госзаказа»: кто они?.txt", "Новые «короли госзаказа»: кто они?"),
    ("2017-03-27-Ахмед позвонил.txt", "Ахмед позвонил"),
    ("2019-05-17-Выселяторы.txt", "Выселяторы"),
    ("2017-06-28-Москва, 💩.txt", "Москва, 💩"),
    ("2018-03-23-Друг патриарха, присоединитель Крыма.txt", "Друг патриарха, присоединитель Крыма"),
    ("2017-09-12-Масштабные учения или масштабная атака «телефонных террористов»? Четыре главных "
     "вопроса к\xa0эвакуациям людей по\xa0всей России.txt",
     "Масштабные учения или масштабная атака «телефонных террористов»? Четыре главных вопроса к "
     "эвакуациям людей по всей России"),
    ("2018-08-31-Кто зарабатывает на\xa0уничтожении московских троллейбусов? (Спойлер: один "
     "из\xa0крупнейших подрядчиков мэрии)\xa0.txt",
     "Кто зарабатывает на уничтожении московских троллейбусов? (Спойлер: один из крупнейших подрядчиков мэрии)"),
    ("2019-01-16-На\xa0улицах Москвы установили новые ограждения для сугробов\xa0— как в\xa0аэропорту.txt",
     "На улицах Москвы установили новые ограждения для сугробов — как в аэропорту"),
]
# Real names that are no titles: BBC numbers, seed hashes, the demo corpus's slugs.
NOT_TITLES = ["001.txt", "000_8bb143db41755dee.txt", *sorted(row["file"] for row in DEMO_ROWS)]


def meduza(name: str):
    return shared_path("corpora", "meduza", name)


def title_of(path, data: bytes | None = None) -> str:
    documents, _ = read_file(path, path.read_bytes() if data is None else data)
    return documents[0].title


@pytest.mark.parametrize("name, title", MEDUZA)
def test_a_meduza_file_is_titled_by_its_name(name, title):
    path = meduza(name)
    [doc], _ = read_file(path, path.read_bytes())
    assert " ".join(doc.title.split()) == title
    assert doc.body == path.read_text("utf-8").strip()  # no sentence taken away as a title


def test_every_meduza_file_is_titled_by_its_name():
    files = sorted(meduza("").glob("*.txt"))
    wrong = []
    for path in files:
        if path.stat().st_size:  # one file of the corpus is empty
            expected = " ".join(re.sub(r"^\d{4}-\d\d-\d\d-", "", path.name[: -len(".txt")]).split())
            if " ".join(title_of(path).split()) != expected:
                wrong.append(path.name)
    assert len(files) >= 100 and not wrong


def test_a_slug_before_the_title_is_no_part_of_it():
    name = next(p.name for p in meduza("").glob("niderlandy-*.txt"))
    assert filename_title(name) == "Нидерланды обвинили четверых россиян в хакерской атаке"


@pytest.mark.parametrize("name", NOT_TITLES)
def test_numbers_hashes_and_slugs_are_no_titles(name):
    assert filename_title(name) == ""


def test_bbc_files_keep_their_title_lines():
    """``001.txt`` gives no title: the first line does, in every BBC folder."""
    for folder in ("business", "entertainment", "politics", "sport", "tech"):
        for path in sorted(shared_path("corpora", "bbc", folder).glob("*.txt"))[:20]:
            first = next(line for line in path.read_text("utf-8", "replace").splitlines() if line.strip())
            assert title_of(path) == first.strip(), path


def test_a_title_line_outranks_the_name(tmp_path):
    """The title line is the publisher's; a name is cut and loses ``:`` and ``?`` on some systems."""
    bbc = shared_path("corpora", "bbc", "politics", "001.txt").read_bytes()
    other = tmp_path / "2005-02-14-Фужеры от братьев Ротенбергов.txt"
    assert title_of(other, bbc) == "Labour plans maternity pay rise"
    source = meduza("2017-03-02-Новые «короли госзаказа»: кто они?.txt").read_text("utf-8")
    saved = tmp_path / "2017-03-02-Новые «короли госзаказа» кто они.txt"  # as Windows would name it
    doc = read_text(str(saved), "Новые «короли госзаказа»: кто они?\n\n" + source)
    assert doc.title == "Новые «короли госзаказа»: кто они?" and doc.body == source.strip()


def test_a_lead_paragraph_does_not_push_the_name_aside():
    """The Meduza texts saved a sentence a line: a first line ending in a full stop is no headline."""
    checked = 0
    for name, title in MEDUZA:
        text = meduza(name).read_text("utf-8")
        lines = re.split(r"(?<=[.!?])\s+", text.strip())
        if lines[0].endswith(".") and len(lines) > 1:
            doc = read_text(name, "\n\n".join(lines))
            assert " ".join(doc.title.split()) == title and doc.body.startswith(lines[0])
            checked += 1
    assert checked >= len(MEDUZA) // 2


# --- web pages ---------------------------------------------------------------

def headlines():
    """Real headlines: Meduza names, BBC title lines (dashes inside: "Abortion not a poll issue - Blair")."""
    names = [title for _, title in MEDUZA]
    bbc = [shared_path("corpora", "bbc", folder, name) for folder, name in
           (("politics", "001.txt"), ("politics", "405.txt"), ("business", "001.txt"), ("tech", "010.txt"))]
    return names + [next(iter(p.read_text("utf-8").splitlines())).strip() for p in bbc]


PAGES = {
    "<title> names the site": "<title>Press release | MFA KR</title><h1>{h}</h1>",
    "<title> is the site": "<title>МИД КР</title><h1>{h}</h1>",
    "<title> names the site after a dash": "<title>Пресс-релиз — МИД КР</title><h1>{h}</h1>",
    "old BBC: site | section | headline": "<title>BBC NEWS | Politics | {h}</title><h1>{h}</h1>",
    "headline | site": "<title>{h} | BBC NEWS</title><h1>{h}</h1>",
    "the site's logo in <h1>": "<title>{h} — Медуза</title><div><h1>Медуза</h1></div>",
    "og:title": '<meta property="og:title" content="{h}"><title>Press release | MFA KR</title>',
    "og:title with og:site_name": '<meta property="og:title" content="{h} — Медуза">'
                                  '<meta property="og:site_name" content="Медуза"><title>{h} — Медуза</title>',
    "a section's name in <h1>": "<title>{h}</title><h1>Новости</h1>",
    "<h1> in pieces": "<title>Press release | MFA KR</title><h1><a href='/a'>{h}</a><span></span></h1>",
    "a second <h1> further down": "<title>МИД КР</title><h1>{h}</h1><p>Текст.</p><h1>Читайте также</h1>",
}


@pytest.mark.parametrize("shape", sorted(PAGES))
def test_a_page_is_titled_by_its_headline(shape):
    wrong = []
    for headline in headlines():
        if shape.endswith("after a dash") and len(headline) < len("Пресс-релиз"):
            # The known limit: an <h1> shorter than every part of a <title> joined by dashes
            # ("Выселяторы") is taken for a section's name, as "Новости" must be.
            continue
        page = PAGES[shape].format(h=escape(headline)) + "<p>Текст.</p>"
        if (title := read_html("page.html", page).title) != headline:
            wrong.append((headline, title))
    assert not wrong


def test_a_page_without_titles_takes_its_files_name():
    name, title = MEDUZA[0]
    assert read_html(name, "<p>Согласно материалам Арбитражного суда Москвы, на счетах.</p>").title == title


@pytest.mark.parametrize("name", [name for name, _ in MEDUZA[:4]])
def test_wrapped_page_source_keeps_every_word(name):
    words = meduza(name).read_text("utf-8").split()
    lines = textwrap.wrap(" ".join(words), 60, break_on_hyphens=False, break_long_words=False)
    source = "".join(escape(line) + ("<br>\n" if i % 5 == 4 else "\n") for i, line in enumerate(lines))
    doc = read_html("page.html", f"<html><body><p>{source}</p></body></html>")
    assert doc.body.split() == words
    assert "\n" not in doc.body  # one paragraph: a line break or one <br> inside it is a space


def test_line_breaks_and_br_inside_a_paragraph_are_spaces():
    lines = [line for line in shared_path("corpora", "bbc", "politics", "001.txt").read_text("utf-8")
             .splitlines() if line.strip()][1:4]
    body = read_html("p.html", "<p>" + "\r\n".join(lines[:2]) + "<br/>" + lines[2] + "</p>").body
    assert body == " ".join(" ".join(lines).split())
    assert read_html("p.html", "<p>Hello\nworld</p>").body == "Hello world"
    paragraphs = read_html("p.html", "<div>" + "<br>\n<br>".join(lines) + "</div>").body.split("\n\n")
    assert paragraphs == [" ".join(line.split()) for line in lines]  # <br><br> ends a paragraph
    cells = "<table><tr><td>Бишкек</td><td>Пекин</td></tr><tr><th>Ош<th>Кашгар</tr></table>"
    assert read_html("t.html", cells).body == "Бишкек Пекин\n\nОш Кашгар"  # closed or not
