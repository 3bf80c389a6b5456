"""A kgsearch index's Xapian twin: the same documents, terms and positions, in the same order.

A rebuild writes the twin from its own analysis as it goes (``parts``); an
update, and a rebuild whose parts cannot be trusted, from the Whoosh index. Document ``n`` of the Whoosh index is
Xapian document ``n + 1`` (``terms.docid``), deleted ones left as gaps, so
that a matched set can be compared number for number; over several shards
the documents are dealt out in turn, which keeps that numbering for the
shards searched together.

- Title and body: kgsearch's analyzer through the Whoosh field's own
  ``index`` (as a build indexes them), each term added at each position
  Whoosh stores for it, several terms at one position where the analyzer
  gives several (an ambiguous lemma, a name's forms).
- Names, labels and ids: the terms Whoosh holds for the document, read from
  its postings: an entity's key was made through the build's people
  registry, which a stored name alone cannot give back.
- Date and year: values (``terms.sortable``), the date in Whoosh's own
  units (its column's number, microseconds); the kgsearch id a value too.
- Data: the stored fields as JSON, so that a remote shard can serve a hit.
"""

import json
import os
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import xapian
from whoosh.fields import NUMERIC

from kgsearch.index.engine.xapian import stamps, terms
from kgsearch.index.schema import from_fields, to_fields

TEXT_FIELDS = ("title", "body")
# Documents a database takes between commits: Xapian keeps what it has not committed in memory (by
# default 10,000 documents' postings: a 100,000-document copy peaked at 2.8 GB); a copy is no
# copy until its mark is set, so a commit on the way is never taken for one (``twins``).
COMMIT_EVERY = 1_000
# Set in the twin: what it was written from, so that a later run can tell it is still the same.
TWIN_OF = "kgsearch:twin-of"


def open_target(target, overwrite: bool = False):
    """A writable database: ``target`` itself if it is one, else a new database at the path
    ``target`` (a folder that exists and holds anything is refused unless ``overwrite``)."""
    if isinstance(target, xapian.WritableDatabase):
        return target
    path = Path(target)
    if path.exists() and any(path.iterdir()) and not overwrite:
        raise FileExistsError(f"{path} is not empty: a Xapian twin is written only into a new or empty folder")
    return xapian.WritableDatabase(os.fspath(path), xapian.DB_CREATE_OR_OVERWRITE)


def write_twin(reader, targets, *, overwrite: bool = False, source: dict | None = None, documents=None,
               folder=None) -> int:
    """Write the documents of ``reader`` (a kgsearch index's Whoosh reader) into ``targets`` (paths or
    writable databases; document ``n`` goes to ``targets[n % len(targets)]``) and commit them.
    ``source`` is kept in each database's metadata (``TWIN_OF``). ``documents``: (number, Xapian
    document) for each, made already (``parts.documents``); else each made from ``reader``.
    ``folder``: the generation's, whose story groups are stamped before the last commit (``stamps``).
    Returns the documents written."""
    databases = [open_target(t, overwrite) for t in targets]
    shards = len(databases)
    written = 0
    for docnum, doc in (documents if documents is not None else made(reader)):
        shard = docnum % shards
        databases[shard].replace_document(terms.docid(docnum, shard, shards), doc)
        written += 1
        if written % (COMMIT_EVERY * shards) == 0:
            for db in databases:
                db.commit()
    if folder is not None:
        stamps.stamp(databases, reader, folder)
    for db in databases:
        if source is not None:
            db.set_metadata(TWIN_OF, json.dumps(source, sort_keys=True))
        db.commit()
    return written


def made(reader):
    """(number, Xapian document) for each document of ``reader``, its text analysed again."""
    schema = reader.schema
    keywords = keyword_terms(reader)
    for docnum in range(reader.doc_count_all()):
        if not reader.is_deleted(docnum):
            yield docnum, document(schema, reader.stored_fields(docnum), keywords.get(docnum, {}))


def keyword_fields(schema) -> list[str]:
    """The indexed fields that are neither text (positions) nor numbers (values)."""
    return [name for name in schema.names() if schema[name].indexed and name not in TEXT_FIELDS
            and not isinstance(schema[name], NUMERIC)]


def keyword_terms(reader) -> dict[int, dict[str, list[str]]]:
    """Each document's terms in every keyword field, as Whoosh holds them: {docnum: {field: [term]}}."""
    found: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for field in keyword_fields(reader.schema):
        for btext in reader.lexicon(field):
            for docnum in reader.postings(field, btext).all_ids():
                found[docnum][field].append(btext.decode("utf-8"))
    return found


def text_positions(field, value: str) -> dict[str, list[int]]:
    """The terms Whoosh's ``field`` indexes for ``value``, each with its positions, through the
    field's own analysis and format (what a build writes)."""
    return {btext.decode("utf-8"): field.format.decode_positions(encoded)
            for btext, _, _, encoded in field.index(value)}


def document(schema, stored: dict, keywords: dict[str, list[str]]) -> "xapian.Document":
    """The Xapian document for one Whoosh document: its ``stored`` fields and its ``keywords``,
    its title and body analysed again."""
    indexed = to_fields(from_fields(stored))  # the title and body as the build gave them (tagged)
    texts = {name: text_positions(schema[name], indexed[name]) for name in TEXT_FIELDS if indexed.get(name)}
    return assembled(schema, stored, texts, keywords)


def tapped_document(schema, postings, stored: dict) -> "xapian.Document":
    """The Xapian document for the postings Whoosh's writer was given for one document (``(field,
    term, docnum, weight, value)``, as a build's analysis made them) and its ``stored`` fields: the
    same document ``document`` makes, without analysing the text a second time."""
    texts: dict[str, dict[str, list[int]]] = defaultdict(dict)
    keywords: dict[str, list[str]] = defaultdict(list)
    kept = set(keyword_fields(schema))
    for name, btext, _, _, encoded in postings:
        if name in TEXT_FIELDS:
            texts[name][btext.decode("utf-8")] = schema[name].format.decode_positions(encoded)
        elif name in kept:
            keywords[name].append(btext.decode("utf-8"))
    return assembled(schema, stored, texts, keywords)


def assembled(schema, stored: dict, texts: dict[str, dict[str, list[int]]],
              keywords: dict[str, list[str]]) -> "xapian.Document":
    """A Xapian document of ``texts`` (each text field's terms and their positions), ``keywords``
    (each keyword field's terms) and ``stored`` (values and data)."""
    doc = xapian.Document()
    for name in TEXT_FIELDS:
        for text, positions in texts.get(name, {}).items():
            xterm = terms.term(name, text)
            for position in positions:
                doc.add_posting(xterm, position)
    for name, texts_of in keywords.items():
        for text in texts_of:
            if schema[name].scorable:  # Whoosh scores it (a name), so that Xapian can
                doc.add_term(terms.term(name, text), 1)
            else:
                doc.add_boolean_term(terms.term(name, text))
    for name, slot in terms.NUMBER_SLOTS.items():
        if stored.get(name) is not None:
            doc.add_value(slot, terms.sortable(number(schema[name], stored[name])))
    doc.add_value(terms.ID_SLOT, stored["id"].encode("utf-8"))
    doc.set_data(json.dumps(stored, ensure_ascii=False, default=_json_value))
    return doc


def number(field, value) -> int:
    """A numeric field's value as the whole number Whoosh indexes and ranges compare."""
    if isinstance(value, datetime):
        return field.to_column_value(value)
    return int(field.prepare_number(value))


def _json_value(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not kept in a Xapian document's data")
