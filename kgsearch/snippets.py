"""Snippets: the passages of a document where the query matched, matches marked.

The index keeps each body term's character offsets, so the matched words are
found by offset, not by analysing the text again: a query ``железная дорога``
marks ``железной дороги`` exactly where the index matched it.
"""

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from kgsearch.analyzers import fold, stop_words

WIDTH = 240
MAX_FRAGMENTS = 3
MAX_ANCHORS = 200
_SPACE = re.compile(r"\s+")
# Between two matches of one phrase: spaces, hyphens and at most two stop words.
MAX_GAP = 24
_GAP = re.compile(r"[\s\-‐‑–—]*(?:[^\W\d_]+[\s\-‐‑–—]+){0,2}")


@dataclass(frozen=True)
class Snippet:
    """A passage as (text, matched) segments, with an ellipsis where it was cut, and the page of its
    first match (or of its start) when the document has pages (a PDF's), counted from 1."""

    segments: tuple[tuple[str, bool], ...]
    page: int | None = None

    def plain(self) -> str:
        return "".join(text for text, _ in self.segments)

    def html(self) -> str:
        """HTML-escaped text with the matches in ``<mark>``.

        >>> Snippet((("a <b> ", False), ("дороги", True))).html()
        'a &lt;b&gt; <mark>дороги</mark>'
        """
        return "".join(f"<mark>{html.escape(t)}</mark>" if hit else html.escape(t) for t, hit in self.segments)


def match_spans(reader, docnum: int, field: str, terms) -> list[tuple[int, int]]:
    """Character spans of ``terms`` in one document's ``field``, from the postings."""
    spans = set()
    for term in terms:
        if (field, term) not in reader:
            continue
        postings = reader.postings(field, term)
        postings.skip_to(docnum)
        if postings.is_active() and postings.id() == docnum:
            spans.update((start, end) for _, start, end in postings.value_as("characters"))
    return sorted(spans)


def make_snippets(text: str, spans: list[tuple[int, int]], width: int = WIDTH,
                  limit: int = MAX_FRAGMENTS, pages: list[int] | None = None) -> list[Snippet]:
    """Up to ``limit`` passages of about ``width`` characters holding the most distinct matches;
    ``pages``, where each page begins in ``text``, gives each passage its page.

    >>> text = "Строительство железной дороги Китай – Кыргызстан – Узбекистан началось."
    >>> [s.html() for s in make_snippets(text, [(14, 22), (23, 29)])]
    ['Строительство <mark>железной дороги</mark> Китай – Кыргызстан – Узбекистан началось.']
    """
    if not text:
        return []
    if not spans:
        return [_snippet(text, 0, min(len(text), width), [], pages)]
    spans = join_phrases(text, spans)
    windows: list[tuple[int, int]] = []
    starts = [s for s, _ in spans]
    # A text that matches everywhere (one word repeated 200,000 times) must not cost
    # a window per match: at most MAX_ANCHORS matches, spread over the text, are tried.
    step = max(1, len(spans) // MAX_ANCHORS)
    remaining = spans[::step]
    while remaining and len(windows) < limit:
        best = max(remaining, key=lambda s: _window_score(text, spans, starts, *_fit(text, s[0], width, windows)))
        start, end = _fit(text, best[0], width, windows)
        windows.append((start, end))
        remaining = [s for s in remaining if not (start <= s[0] < end) and not _covered(s[0], windows)]
    windows.sort()
    return [_snippet(text, start, end, [s for s in spans[bisect_left(starts, start) : bisect_left(starts, end)]
                                        if s[1] <= end], pages) for start, end in windows]


def join_phrases(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Matches that stand together, or with only stop words between, as one mark:
    a phrase is highlighted whole, as it stands in the text.

    >>> text = "the Belt and Road Forum, railway. Road"
    >>> [text[a:b] for a, b in join_phrases(text, [(4, 8), (13, 17), (18, 23), (25, 32), (34, 38)])]
    ['Belt and Road Forum', 'railway', 'Road']
    """
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _joins(text[joined[-1][1] : start]):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _joins(gap: str) -> bool:
    if len(gap) > MAX_GAP or not _GAP.fullmatch(gap):
        return False
    stops = stop_words("en") | stop_words("ru")
    return all(fold(word) in stops for word in gap.split())


def _covered(position: int, windows) -> bool:
    return any(start <= position < end for start, end in windows)


def _fit(text: str, anchor: int, width: int, windows) -> tuple[int, int]:
    """A window around ``anchor`` that does not repeat text of the windows chosen before."""
    start, end = _window(text, anchor, width)
    for w_start, w_end in windows:
        if w_end <= anchor:
            start = max(start, w_end)
        elif w_start > anchor:
            end = min(end, w_start)
    return start, end


def _window(text: str, anchor: int, width: int) -> tuple[int, int]:
    start = max(0, anchor - width // 3)
    end = min(len(text), start + width)
    start = max(0, end - width)
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 30 else start
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space and space - end < 30 else end
    return start, end


def _window_score(text, spans, starts, start, end) -> tuple[int, int]:
    inside = [text[s:e].lower() for s, e in spans[bisect_left(starts, start) : bisect_left(starts, end)] if e <= end]
    return len(set(inside)), len(inside)


def _snippet(text: str, start: int, end: int, spans, pages=None) -> Snippet:
    segments = []
    cursor = start
    for s, e in spans:
        if s < cursor:
            continue
        if s > cursor:
            segments.append((text[cursor:s], False))
        segments.append((text[s:e], True))
        cursor = e
    if cursor < end:
        segments.append((text[cursor:end], False))
    segments = [(_SPACE.sub(" ", t), hit) for t, hit in segments]
    if start > 0:
        segments.insert(0, ("…", False))
    if end < len(text):
        segments.append(("…", False))
    page = bisect_right(pages, spans[0][0] if spans else start) if pages else None  # the first match's
    return Snippet(tuple((t, hit) for t, hit in segments if t), page)
