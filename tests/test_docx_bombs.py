"""Word files whose XML would fill memory (a 47 KB .docx of nothing but elements took 490 MB and
54 s), and text boxes, which Word writes twice (mc:Choice and mc:Fallback). Memory is measured by
benchmarks/bench_hostile.py; here, that the tree keeps nothing once read."""

import zipfile

import kgsearch
from conftest import invoke
from kgsearch.index import files
from kgsearch.index.readers import office

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def text_box(text: str) -> str:
    """A run holding a text box as Word writes it: a drawing, and the same box again in VML."""
    content = f"<w:txbxContent>{paragraph(text)}</w:txbxContent>"
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{content}'
            f"</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}"
            "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def docx(path, body: str):
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:mc="{MC}" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           f'xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return path


def test_a_text_box_is_read_once_and_its_paragraph_stays_whole(tmp_path):
    body = (paragraph("Railway talks") + '<w:p><w:r><w:t xml:space="preserve">Before the box </w:t></w:r>'
            + text_box("Boxed railway note.") + '<w:r><w:t xml:space="preserve">and after it.</w:t></w:r></w:p>')
    (doc,), _ = files.read_file(docx(tmp_path / "box.docx", body))
    assert doc.body.count("Boxed railway note.") == 1, doc.body
    assert "Before the box and after it." in doc.body.split("\n"), doc.body


def widest(module, monkeypatch) -> list[int]:
    """The most children any open element held while ``module`` parsed (read it after parsing)."""
    most = [0]
    parse = module.iterparse

    def recording(source, events):
        open_elements = []
        for event, element in parse(source, events):
            if event == "start":
                open_elements.append(element)
            else:
                open_elements.pop()
                if open_elements:
                    most[0] = max(most[0], len(open_elements[-1]))
            yield event, element

    monkeypatch.setattr(module, "iterparse", recording)
    return most


def test_paragraphs_are_dropped_as_they_are_read(tmp_path, monkeypatch):
    """20,000 paragraphs: the body holds at most the parser's block of the file ahead of the
    events read (16 KB, a few hundred paragraphs), not every paragraph read, emptied."""
    most = widest(office, monkeypatch)
    body = paragraph("Railway talks") + ("<w:p><w:r/><w:r/><w:r><w:t>x</w:t></w:r></w:p>" * 20_000)
    (doc,), _ = files.read_file(docx(tmp_path / "many.docx", body))
    assert doc.body.count("x") >= 20_000
    assert most[0] < 2_000, most


def test_a_folder_with_a_docx_nested_too_deep_builds(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "MAX_NESTING", 100)  # the limit, made small to test cheaply
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain note\n\nThe plainrailway note.\n", "utf-8")
    docx(folder / "deep.docx", paragraph("Deep") + "<w:sdt>" * 200 + "</w:sdt>" * 200)
    docx(folder / "boxed.docx", paragraph("Boxed report") + '<w:p><w:r><w:t>The boxrailway </w:t></w:r>'
         + text_box("inside") + "</w:p>")
    result = invoke("index", "rebuild", folder, "--index", tmp_path / "ix", "--verbose")
    assert result.exit_code == 0, result.output
    assert "deep.docx: word/document.xml: its XML is nested deeper than 100 elements" \
        in result.output, result.output
    with kgsearch.open_index(tmp_path / "ix") as ix:
        assert ix.search("plainrailway").total == 1
        assert ix.search("boxrailway").total == 1
