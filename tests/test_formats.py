"""Every format an archive holds (issue 14): real files made by each format's own writer, indexed,
and found by words only they hold, with the title, date, source and path each format gives."""

import io
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

import kgsearch
from kgsearch import index
from kgsearch.index import files
from format_files import (make_atom, make_docx, make_eml, make_message, make_mbox, make_odt, make_pdf, make_rss,
                          make_rtf, make_zip)

BISHKEK = timezone(timedelta(hours=6))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A folder with a file of every kind, and an index of it."""
    folder = tmp_path_factory.mktemp("formats")
    make_pdf(folder / "statement.pdf", [
        "Совместное заявление о строительстве железной дороги\n"
        "Бишкек, 20 ноября 2025 года. Министры обсудили квазипэдээф и сроки.",
        "На второй странице: вторстраничный график работ.",
    ], title="Совместное заявление", created=datetime(2025, 12, 1, tzinfo=BISHKEK))
    make_pdf(folder / "undated.pdf", ["Protocol on trade\nThe parties agreed on the pdfcreationword terms."],
             title="Microsoft Word - protocol_final.doc", created=datetime(2021, 3, 4, 9, 30, tzinfo=BISHKEK))
    make_docx(folder / "memo.docx", "Меморандум о взаимопонимании",
              ["Стороны договорились о докиксовском сотрудничестве.", "Bishkek hosted the talks."],
              header="Пресс-служба МИД Кыргызской Республики", footnote="Сноска: сносочныйтермин.",
              table=[["Таблица", "ячейкатермин"], ["2025", "план"]], created=datetime(2025, 2, 3, tzinfo=BISHKEK))
    make_odt(folder / "note.odt", "Нота об открытии консульства", ["Текст ноты: одтэшный абзац."],
             note="примечательныйтермин в сноске", created="2024-04-05T10:00:00")
    make_rtf(folder / "release.rtf", "Заявление пресс-службы",
             "Кыргызстан и Китай обсудили строительство железной дороги ртфовский.\nRésumé of the talks.",
             created=datetime(2023, 9, 10, 11, 12))
    make_rss(folder / "kabar.rss", "Kabar", [
        {"title": "Japarov met Xi Jinping", "link": "https://kabar.kg/news/1",
         "description": "<p>The presidents discussed the <b>rssitemword</b> railway.</p>",
         "date": datetime(2024, 6, 6, 9, 30, tzinfo=BISHKEK)},
        {"title": "Second item", "link": "https://kabar.kg/news/2", "description": "Another rsssecondword item.",
         "date": datetime(2024, 6, 7, 9, 30, tzinfo=BISHKEK)}])
    make_atom(folder / "wires.atom", "24.kg", [
        {"title": "Border checkpoint reopened", "link": "https://24.kg/2",
         "description": "<p>The atomentryword checkpoint reopened.</p>", "date": datetime(2023, 1, 2, 8, 0)}])
    attachment = make_pdf(folder.parent / "attached.pdf", ["Attached agreement\nThe attachmentword clause."])
    message = make_message("Пресс-релиз: встреча министров", "Министры встретились. Письмотерм в тексте.",
                           datetime(2025, 6, 17, 10, 0, tzinfo=BISHKEK), organization="MFA KR",
                           attachments=[("agreement.pdf", attachment.read_bytes()), ("logo.png", b"\x89PNG")])
    make_eml(folder / "wire.eml", message)
    make_mbox(folder / "box.mbox", [
        make_message("First wire", "The mboxfirstword wire.", datetime(2025, 1, 5, 12, 0, tzinfo=BISHKEK)),
        make_message("Second wire", "The mboxhtmlword wire in HTML.", datetime(2025, 1, 6, 12, 0, tzinfo=BISHKEK),
                     sender="Agency Desk <desk@akipress.org>", html=True)])
    make_zip(folder / "bundle.zip", {
        "inside/note.txt": "Заметка из архива\n\nЗиповский текст заметки.".encode(),
        "inside/2023-05-01-Встреча в Пекине.txt": "Встреча прошла. Датированныйзип.".encode(),
        "inside/memo.docx": _rename(folder / "memo.docx"),
        "picture.png": b"\x89PNG not read",
    })
    location = tmp_path_factory.mktemp("formats-index") / "ix"
    report = index.rebuild(location, [folder])
    return folder, location, report


def _rename(path):
    """The .docx again, with another unique word, to find the copy inside the ZIP on its own."""
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content.replace("докиксовском".encode(), "внутризиповом".encode())
            target.writestr(item, content)
    return data.getvalue()


def hit(location, query):
    """The one document a query of marker words finds, as typed (a translation of its other
    words would find the other language's documents too, which are not what is tested here)."""
    with kgsearch.open_index(location) as ix:
        results = ix.search(query, limit=5, translate=False)
    assert results.hits, f"nothing found for {query!r}"
    assert len(results.hits) == 1, [h.path for h in results.hits]
    return results.hits[0]


def paths(location, query) -> set[str]:
    with kgsearch.open_index(location) as ix:
        return {h.path for h in ix.search(query, limit=10).hits} | {c["path"] for h in ix.search(query).hits
                                                                     for c in h.copies}


def test_every_file_is_indexed_and_nothing_skipped_but_the_picture(archive):
    _, _, report = archive
    assert report.skipped == []
    assert any("picture.png: unsupported file type .png" in w["warning"] for w in report.warnings)


def test_pdf_text_title_date_and_page(archive):
    _, location, _ = archive
    found = hit(location, "квазипэдээф")
    assert found.title == "Совместное заявление о строительстве железной дороги"  # the property only shortens it
    assert (found.date, found.date_source) == ("2025-11-20", "dateline")  # the text's date, not the file's
    assert found.path.endswith("statement.pdf")
    second = hit(location, "вторстраничный")
    assert [s.page for s in second.snippets] == [2]
    assert second.to_json()["pages"] == [2]
    # Russian inflection reaches the PDF's Cyrillic text layer
    assert hit(location, '"железная дорога" министр').path.endswith("statement.pdf")


def test_pdf_without_a_date_in_its_text_takes_its_creation_date_and_a_real_title(archive):
    _, location, _ = archive
    found = hit(location, "pdfcreationword")
    assert found.title == "Protocol on trade"  # "Microsoft Word - protocol_final.doc" is no title
    assert (found.date, found.date_source) == ("2021-03-04", "file properties")


def test_docx_heading_header_footnote_and_table(archive):
    _, location, _ = archive
    found = hit(location, "докиксовском")
    assert found.title == "Меморандум о взаимопонимании"
    assert found.source == "MFA of the Kyrgyz Republic"  # from the page header's press service
    assert found.date == ""  # Word's creation date is a template's as often as not: not used
    copies = {found.path, found.path.replace("memo.docx", "bundle.zip!inside/memo.docx")}
    assert paths(location, "сносочныйтермин") == copies  # the file, and its copy inside the ZIP
    assert paths(location, "ячейкатермин") == copies


def test_odt_heading_and_note(archive):
    _, location, _ = archive
    found = hit(location, "одтэшный")
    assert found.title == "Нота об открытии консульства"
    assert found.date == ""  # its creation date is not used (see test_docx_…)
    assert hit(location, "примечательныйтермин").id == found.id


def test_rtf_cyrillic_escapes_and_info_title(archive):
    _, location, _ = archive
    found = hit(location, "ртфовский")
    assert found.title == "Заявление пресс-службы"
    assert found.date == "2023-09-10" and found.lang == "ru"
    assert hit(location, "железная дорога ртфовский").id == found.id
    with kgsearch.open_index(location) as ix:
        assert "Résumé of the talks" in ix.get(found.id)["text"]


def test_feed_items_are_documents_with_link_date_and_the_feed_as_source(archive):
    _, location, _ = archive
    found = hit(location, "rssitemword")
    assert (found.title, found.url, found.date, found.source) == (
        "Japarov met Xi Jinping", "https://kabar.kg/news/1", "2024-06-06", "Kabar")
    assert found.record_id is None  # the link is its key, shown as its url
    assert hit(location, "rsssecondword").date == "2024-06-07"
    atom = hit(location, "atomentryword")
    assert (atom.title, atom.url, atom.date, atom.source) == (
        "Border checkpoint reopened", "https://24.kg/2", "2023-01-02", "24.kg")


def test_email_subject_date_organisation_and_attachment(archive):
    folder, location, _ = archive
    found = hit(location, "письмотерм")
    assert (found.title, found.date, found.source) == ("Пресс-релиз: встреча министров", "2025-06-17", "MFA KR")
    assert found.path == str(folder / "wire.eml")
    attached = hit(location, "attachmentword")
    assert attached.path == f"{folder / 'wire.eml'}!agreement.pdf"
    with kgsearch.open_index(location) as ix:
        extras = ix.get(attached.id)["extras"]
    assert extras["message"] == "Пресс-релиз: встреча министров" and extras["message_id"]


def test_mbox_one_message_one_document_html_read_as_a_page(archive):
    _, location, _ = archive
    first = hit(location, "mboxfirstword")
    assert (first.title, first.date, first.source) == ("First wire", "2025-01-05", "press@mfa.gov.kg")
    second = hit(location, "mboxhtmlword")
    assert (second.title, second.source) == ("Second wire", "desk@akipress.org")
    assert "<p>" not in "".join(s.plain() for s in second.snippets)


def test_zip_members_are_found_at_their_place_in_the_archive(archive):
    folder, location, _ = archive
    note = hit(location, "зиповский")
    assert note.path == f"{folder / 'bundle.zip'}!inside/note.txt"
    assert note.title == "Заметка из архива" and note.record_id is None
    dated = hit(location, "датированныйзип")
    assert (dated.title, dated.date, dated.date_source) == ("Встреча в Пекине", "2023-05-01", "filename")
    inner = hit(location, "внутризиповом")
    assert inner.path == f"{folder / 'bundle.zip'}!inside/memo.docx"
    assert inner.title == "Меморандум о взаимопонимании"


def test_update_replaces_and_removes_everything_read_from_a_container(archive, tmp_path):
    import shutil

    folder, built, _ = archive
    copy = tmp_path / "archive"
    shutil.copytree(folder, copy)
    location = tmp_path / "ix"
    index.rebuild(location, [copy])
    make_zip(copy / "bundle.zip", {"only.txt": "Единственный файл: новозиповый.".encode()})
    report = index.update(location, [copy])
    assert report.changed == 1
    with kgsearch.open_index(location) as ix:
        assert ix.search("зиповский").total == 0 and ix.search("внутризиповом").total == 0
        assert ix.search("новозиповый").hits[0].path == f"{copy / 'bundle.zip'}!only.txt"
    (copy / "box.mbox").unlink()
    (copy / "wire.eml").unlink()
    report = index.update(location, [copy])
    assert report.removed == 2
    with kgsearch.open_index(location) as ix:
        for word in ("mboxfirstword", "mboxhtmlword", "письмотерм", "attachmentword"):
            assert ix.search(word).total == 0, word
    assert index.update(location, [copy]).unchanged == len(list(copy.iterdir()))


def test_readers_alone_give_the_documents_of_each_format(archive):
    folder, _, _ = archive
    documents, warnings = files.read_file(folder / "box.mbox")
    assert [d.title for d in documents] == ["First wire", "Second wire"] and warnings == []
    documents, _ = files.read_file(folder / "wire.eml")
    assert [d.location.rsplit("/", 1)[-1] for d in documents] == ["wire.eml", "wire.eml!agreement.pdf"]
    assert len({d.key for d in documents}) == 2


def test_cli_shows_the_page_of_a_pdf_snippet(archive):
    from conftest import invoke

    _, location, _ = archive
    result = invoke("query", "вторстраничный", "--index", location)
    assert result.exit_code == 0 and "p. 2: " in result.output


def test_a_heading_is_found_by_its_style_name_whatever_its_id(tmp_path):
    """Word in Russian names the heading style "heading 1" and gives it another id ("1", "a3")."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Приложение 2")
    document.add_heading("Заголовок по стилю", level=1)
    document.add_paragraph("Текст документа.")
    path = tmp_path / "localised.docx"
    document.save(str(path))
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename in ("word/styles.xml", "word/document.xml"):
                content = content.replace(b'"Heading1"', b'"a3"')
            target.writestr(item, content)
    with zipfile.ZipFile(data) as written:
        assert b'w:styleId="a3"' in written.read("word/styles.xml")
    documents, _ = files.read_file(path, data.getvalue())
    assert documents[0].title == "Заголовок по стилю"  # not the first line
    assert documents[0].body.split("\n") == ["Приложение 2", "Заголовок по стилю", "Текст документа."]


def test_rss_1_items_with_dublin_core_dates_and_categories(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://akipress.org/"><title>AKIpress</title></channel>'
        '<item rdf:about="https://akipress.org/1"><title>Talks in Bishkek</title>'
        "<link>https://akipress.org/1</link><description>The talks &amp; the railway.</description>"
        "<dc:date>2024-06-06T09:30:00+06:00</dc:date><dc:subject>trade</dc:subject></item></rdf:RDF>", "utf-8")
    (doc,), warnings = files.read_file(path)
    assert (doc.title, doc.url, doc.date.iso, doc.source, doc.body) == (
        "Talks in Bishkek", "https://akipress.org/1", "2024-06-06", "AKIpress", "The talks & the railway.")
    assert warnings == []


def test_rss_categories_are_tags(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text('<rss version="2.0"><channel><title>Kabar</title><item><title>Trade</title>'
                    "<category>economy</category><category>China</category><description>Text.</description>"
                    "</item></channel></rss>", "utf-8")
    (doc,), _ = files.read_file(path)
    assert doc.tags == ["economy", "China"] and doc.key == "1" and doc.date is None
