"""The third stage of a query: versions of one story folded into one.

An archive holds the same text under several urls or files (copies,
``index.copies``) and reprints lightly edited (``index.similar``): a reader
wants each story once. The matches are folded here, before anything is
ranked or counted, so that a total, the pages and the facets count each
story once and later stages only read the groups.
"""

from dataclasses import dataclass, field

from kgsearch.index import stories
from kgsearch.index.copies import copy_groups


@dataclass
class Folded:
    """The matches, and what folding made of them."""

    ids: set[int]  # the documents matched (less any skipped)
    groups: dict[int, tuple[int, ...]]  # each document's versions, by number ({}: every document its own)
    articles: set[int]  # ``ids`` with each story once: what a total counts
    same_text: dict[int, tuple[int, ...]]  # each document's copies (the same text), themselves included
    copies: int = 0  # documents folded as copies of a text
    similar: int = 0  # documents folded as other versions of a story
    unfiltered: int | None = None  # stories the words alone match, when asked
    total: int = field(init=False)  # the stories: what a total counts

    def __post_init__(self):
        self.total = len(self.articles)


@dataclass
class Counted:
    """What an engine that folds the matches itself counted of them (``enginepage``): what a page's
    totals read of a ``Folded``, without the matches."""

    total: int  # the stories matched
    same_text: dict[int, tuple[int, ...]]
    copies: int = 0
    similar: int = 0
    unfiltered: int | None = None


class Folder:
    """The copies and versions of one open index's documents, read on first use."""

    def __init__(self, reader, folder):
        self.reader = reader
        self.folder = stories.kept(folder)  # now, beside the reader: an update writes them again
        self._copies = None
        self._stories = None
        self._fingerprints = None

    def copy_groups(self) -> dict[int, tuple[int, ...]]:
        if self._copies is None:
            self._copies = copy_groups(self.reader, self.folder)
        return self._copies

    def fingerprints(self) -> dict[str, str]:
        """The digests of the story and copy groups (``index.stories.fingerprint``): an engine folds
        a search itself only by these groups."""
        if self._fingerprints is None:
            self._fingerprints = {"stories": stories.fingerprint(self.story_groups()),
                                  "copies": stories.fingerprint(self.copy_groups())}
        return self._fingerprints

    def story_groups(self) -> dict[int, tuple[int, ...]]:
        """Versions of one story, copies and other languages' versions included."""
        if self._stories is None:
            self._stories = stories.groups(self.reader, self.folder, self.copy_groups())
        return self._stories

    def fold(self, ids: set[int], all_versions: bool, unfiltered: set[int] | None = None) -> Folded:
        """``ids`` folded, each story once (``all_versions``: each document its own); ``unfiltered``
        (what the words match without the filters) counted as the total is."""
        groups = {} if all_versions else self.story_groups()
        found = articles(ids, groups)
        copies = 0 if all_versions else len(ids) - len(articles(ids, self.copy_groups()))
        return Folded(ids, groups, found, self.copy_groups(), copies, len(ids) - len(found) - copies,
                      None if unfiltered is None else len(articles(unfiltered, groups)))

    def versions_of(self, docnum: int) -> tuple[set[int], set[int]]:
        """The other documents with ``docnum``'s text, and the other versions of its story."""
        same_text = set(self.copy_groups().get(docnum, ())) - {docnum}
        return same_text, set(self.story_groups().get(docnum, ())) - same_text - {docnum}


def articles(ids: set[int], groups: dict[int, tuple[int, ...]]) -> set[int]:
    """``ids`` with each of ``groups`` once (the same text under several urls or files, or
    the versions of one story): of a group's members among ``ids``, the first."""
    copies = {d for d in ids & groups.keys() if min(m for m in groups[d] if m in ids) != d}
    return ids - copies
