"""``kgsearch serve``: a read-only web page and JSON API over the search API.

Starlette (routing, a test client) with uvicorn (the server) and Jinja2
(templates, escaping everything by default): small, well kept, and nothing
fetched at run time. The page needs no JavaScript; the one vendored script
only moves between a document's matches. Searches run in the server's threads,
one at a time on an open ``Index`` (Whoosh's searchers are not safe across
threads), so static files and the event loop never wait for them.

With kgsearch[semantic], a hit names its versions in other languages and, when it is there
for its meaning alone, says so; ``semantic=0``/``1`` is ``--no-semantic``/``--semantic``; a
document's page links "More like this" (``/similar/ID``, ``kgsearch similar``) where the index
has vectors, and never offers a link that could only answer with an error.

Parameters are named as the command line's options (``year``, ``from``,
``speaker``, ``translate=0`` …) and checked with the same click types, so a
bad one gets the command line's one-line message, with status 400.
"""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import anyio
import anyio.to_thread
import click
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kgsearch.budget import Budget, shared
from kgsearch.choices import FACET_FIELDS, LANGUAGES, SORTS, SYNTAX
from kgsearch.errors import KgsearchError, StoreError
from kgsearch.live import Live
from kgsearch.options import OPTION_OF, Filters, Page
from kgsearch.render import LANGUAGE_NAMES, join_names

FILES = Path(__file__).parent / "web_files"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; " \
      "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# The URL's parameters that hold a search's state, in the order a link writes them.
STATE = ("q", "year", "from", "to", "speaker", "person", "org", "place", "lang", "source", "sort", "limit", "page", "translate",
         "semantic")
# At most, in one request: its queries spend one budget anyway, and these keep what is asked
# before the search begins (parsing, looking names up) as small as a person would ask.
MAX_QUERIES = 10  # in a trend
MAX_VALUES = 20  # for a filter that repeats: year, speaker, person, org, place
REPEATING = ("year", "speaker", "person", "org", "place")
SEARCH_THREADS = 4  # requests searching at once; one reads an open index at a time, the others wait for it
BAR_STEPS = 20  # a bar's width in twentieths of the longest, as CSS classes (no inline styles under the CSP)


class BadRequest(KgsearchError):
    """A parameter the search cannot take: the message is the command line's one line."""


def _check(kind, value, option: str):
    try:
        return kind.convert(value, None, None)
    except click.BadParameter as error:
        message = click.BadParameter(error.message, param_hint=f"'{option}'").format_message()
        raise BadRequest(message.rstrip(".")) from None  # as the command line says it, before its "; see --help"


def _flag(params, name: str) -> bool:
    return params.get(name, "") not in ("", "0", "false", "no")


def _maybe(params, name: str) -> bool | None:
    """A switch with a default of its own: absent (or empty) ``None``, ``0``/``off``/``false``/``no``
    ``False``, anything else ``True`` (``semantic``, as ``--semantic/--no-semantic`` or neither)."""
    value = params.get(name, "").strip().lower()
    return None if not value else value not in ("0", "off", "false", "no")


def search_options(params) -> tuple[str, Filters, Page]:
    """The query, the filters and the paging of a request, as ``kgsearch query`` reads its options."""
    for name in REPEATING:
        if len(params.getlist(name)) > MAX_VALUES:
            raise BadRequest(f"at most {MAX_VALUES} values for --{name}, not {len(params.getlist(name))}")
    lang = params.get("lang") or None
    filters = Filters.parse(years=params.getlist("year"), date_from=params.get("from"), date_to=params.get("to"),
                            speakers=params.getlist("speaker"), people=params.getlist("person"),
                            orgs=params.getlist("org"), places=params.getlist("place"),
                            lang=_check(click.Choice(LANGUAGES), lang, "--lang") if lang else None,
                            source=params.get("source"))
    page = Page(_check(click.IntRange(1), params.get("page") or "1", "--page"),
                _check(click.IntRange(1, 1000), params.get("limit") or "10", "--limit"),
                _check(click.Choice(SORTS), params.get("sort") or SORTS[0], "--sort"))
    return params.get("q", ""), filters, page


def _no_words(query: str, filters: Filters) -> None:
    """A query with no words lists what its filters select; with no filters either, say what to write."""
    if not query.strip() and not filters.named():
        raise BadRequest("give a QUERY, or filters (--source, --year, --speaker …) to list what they select; "
                         "see `kgsearch query --help`")


def _answer(error: KgsearchError) -> tuple[int, str]:
    """The status and the one line of any error kgsearch raised: the command line's message (its
    options named as it names them); 503 for an index that cannot be read, else 400."""
    message = error.message(OPTION_OF.get(error.parameter, error.parameter)) if error.parameter else str(error)
    return (503 if isinstance(error, StoreError) else 400), message


def _searching(route):
    """``route`` (a plain function) run in one of the searches' own threads: at most
    ``SEARCH_THREADS`` at once, the rest waiting in the event loop. In Starlette's threads, which
    static files borrow too, 40 requests waiting for the index kept the stylesheet waiting."""

    @functools.wraps(route)
    async def in_thread(self, request: Request):
        if self.threads is None:
            self.threads = anyio.CapacityLimiter(SEARCH_THREADS)
        return await anyio.to_thread.run_sync(route, self, request, limiter=self.threads)

    return in_thread


class Server:
    """The open index and what the routes do with it.

    The routes are plain functions run in threads of their own (``_searching``): a search holds
    one thread, never the event loop, so a page's stylesheet is not kept waiting behind it (a
    trend of twelve prefix queries held every request for 29 s when they ran on the loop). Each
    request's queries, and the names it asks to look up, spend one budget (``shared``).
    """

    def __init__(self, index, reopen):
        self.live = Live(index, reopen)
        self.threads = None  # the searches' own threads (an anyio.CapacityLimiter), made in the server's loop
        self.templates = Environment(loader=FileSystemLoader(FILES / "templates"),
                                     autoescape=select_autoescape(default=True, default_for_string=True))
        self.templates.globals.update(link=link, facet_fields=FACET_FIELDS, languages=LANGUAGES, bar=bar, marked=marked,
                                     syntax=SYNTAX, language_names=LANGUAGE_NAMES)
        self.templates.filters["names"] = join_names

    @contextmanager
    def reading(self):
        """The index as it is now (after any update, rebuild or edit), to this request alone
        (Whoosh's searchers are not safe across threads), with one budget for all it asks."""
        with self.live.reading() as index, shared(Budget()):
            yield index

    # -- the API's answers, as the command line prints them with --json

    def search(self, params):
        query, filters, page = search_options(params)
        _no_words(query, filters)
        exact = _flag(params, "exact")
        page = page.but(facets=_flag(params, "facets"), all_versions=_flag(params, "all_versions"),
                        semantic=False if exact else _maybe(params, "semantic"))  # --exact: as typed, as the CLI
        with self.reading() as index:
            return index.search(query, filters, page, translate=not params.get("translate") == "0",
                                correct=not exact)

    def document(self, doc_id: str, params):
        """The document, its other versions, and whether "More like this" can be asked of the index."""
        highlight = params.get("q") or None
        with self.reading() as index:
            doc = index.get(doc_id, highlight=highlight, translate=params.get("translate") != "0")
            versions = index.versions(doc["id"]) if doc else None
            alike = index.has_vectors
        if doc is None:
            raise _unknown(doc_id)
        return doc, versions, alike

    def similar(self, doc_id: str, params):
        """The document and those closest to it in meaning (``Index.like``), as ``kgsearch similar``
        lists them: the filters and ``limit`` as its options; without vectors, its one-line error."""
        _, filters, _ = search_options(params)
        limit = _check(click.IntRange(1, 1000), params.get("limit") or "10", "--limit")
        with self.reading() as index:
            hits = index.like(doc_id, filters, limit=limit)
            doc = index.get(doc_id) if hits is not None else None
        if hits is None or doc is None:
            raise _unknown(doc_id)
        return doc, hits

    def facets(self, params):
        field = _check(click.Choice(FACET_FIELDS), params.get("field") or "", "FIELD")
        query, filters, _ = search_options(params)
        with self.reading() as index:
            if query or filters.named():
                return index.search(query, filters, limit=1, snippets=False, facets=True).facets[field]
            return index.facet_counts(fields=(field,))[field]

    def everything(self):
        """Facet counts over the whole index, for the search page with nothing asked."""
        with self.reading() as index:
            return index.facet_counts()

    def trend(self, params):
        queries = [q for q in params.getlist("q") if q.strip()]
        if not queries:
            raise BadRequest("Missing argument 'QUERY [QUERY]...'.")
        if len(queries) > MAX_QUERIES:
            raise BadRequest(f"a trend counts at most {MAX_QUERIES} queries at once, not {len(queries)}")
        by = _check(click.Choice(("year", "month", "week")), params.get("by") or "year", "--by")
        _, filters, _ = search_options(params)
        with self.reading() as index:
            return index.trend(queries, filters, by=by, translate=params.get("translate") != "0")

    # -- routes

    @_searching
    def api_search(self, request: Request):
        params = request.query_params
        if not _flag(params, "related"):
            return _json(self.search(params).to_json())
        results = self.search(_with(params, facets="1"))  # related=1, as query --related: read from the facets
        named = [r.to_json() for r in self.related(results, params)]
        results.facets = results.facets if _flag(params, "facets") else None
        return _json(results.to_json() | {"related": named})

    def related(self, results, params) -> list:
        """The entities most named in ``results`` (searched with facets), but those the search names."""
        from kgsearch.related import related

        with self.reading() as index:
            return related(results, index.registry, search_options(params)[1])

    @_searching
    def api_document(self, request: Request):
        doc, _, _ = self.document(request.path_params["doc_id"], request.query_params)
        return _json(doc)

    @_searching
    def api_similar(self, request: Request):
        _, hits = self.similar(request.path_params["doc_id"], request.query_params)
        return _json({"id": request.path_params["doc_id"], "hits": [hit.to_json() for hit in hits]})

    @_searching
    def api_facets(self, request: Request):
        return _json(self.facets(request.query_params))

    @_searching
    def api_trend(self, request: Request):
        return _json(self.trend(request.query_params).to_json())

    @_searching
    def page_search(self, request: Request):
        params = request.query_params
        query, filters, _ = search_options(params)
        state = _state(params)
        results, overall = None, None
        if query.strip() or filters.named():
            params_with_facets = _with(params, facets="1")
            results = self.search(params_with_facets)
        else:
            overall = self.everything()
        return self.render("search.html", state=state, query=query, results=results,
                           facets=results.facets if results else overall, filters=_active(state),
                           related=self.related(results, params) if results else [])

    @_searching
    def page_document(self, request: Request):
        doc, versions, alike = self.document(request.path_params["doc_id"], request.query_params)
        pieces = _pieces(doc["text"], doc.get("highlights") or [])
        return self.render("document.html", doc=doc, versions=versions, pieces=pieces, has_vectors=alike,
                           matches=sum(1 for _, n in pieces if n), query=request.query_params.get("q", ""))

    @_searching
    def page_similar(self, request: Request):
        doc, hits = self.similar(request.path_params["doc_id"], request.query_params)
        return self.render("similar.html", doc=doc, hits=hits, cosine=True,
                           filters=_active(_state(request.query_params)))

    @_searching
    def page_trend(self, request: Request):
        params = request.query_params
        counted = self.trend(params) if any(q.strip() for q in params.getlist("q")) else None
        top = max((c for s in counted.series for c in s.counts), default=0) if counted else 0
        return self.render("trend.html", counted=counted, top=top, queries=params.getlist("q") or [""],
                           by=params.get("by") or "year")

    def render(self, name: str, status: int = 200, **context):
        return HTMLResponse(self.templates.get_template(name).render(**context), status_code=status)


def _unknown(doc_id: str) -> HTTPException:
    return HTTPException(404, f"no document with id {doc_id!r}; ids are shown by `kgsearch query`")


def _json(value, status: int = 200) -> Response:
    from kgsearch.render import dumps

    return Response(dumps(value, default=str) + "\n", status_code=status, media_type="application/json")


def _with(params, **changes):
    """Query parameters as (name, value) pairs, with ``changes`` (None removes a name)."""
    from starlette.datastructures import QueryParams

    pairs = [(k, v) for k, v in params.multi_items() if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    return QueryParams(pairs)


def _state(params) -> list[tuple[str, str]]:
    return [(k, v) for k, v in params.multi_items() if k in STATE and v != ""]


def link(state, path: str = "/", drop=(), keep_page: bool = False, **changes) -> str:
    """A URL for ``state`` (a search's parameters) with ``changes``: a value adds to a name that
    repeats (year, speaker, person, org, place) else replaces; ``drop`` removes (name, value) pairs or names.
    Any change but of the page goes back to page 1."""
    repeating = set(REPEATING)
    pairs = [(k, v) for k, v in state if (k, v) not in drop and k not in drop]
    for name, value in changes.items():
        if name not in repeating:
            pairs = [(k, v) for k, v in pairs if k != name]
        if value is not None and (name, str(value)) not in pairs:
            pairs.append((name, str(value)))
    if "page" not in changes and not keep_page:
        pairs = [(k, v) for k, v in pairs if k != "page"]
    return path + ("?" + urlencode(pairs) if pairs else "")


def bar(count: int, top: int) -> str:
    """The CSS class of a bar ``count`` long when the longest is ``top``."""
    return f"w{round(BAR_STEPS * count / top) if top else 0}"


def marked(snippet_html: str) -> Markup:
    """A snippet the API made: its text already escaped, its matches in <mark> (Snippet.html)."""
    return Markup(snippet_html)


def _active(state) -> list[tuple[str, str]]:
    return [(k, v) for k, v in state if k not in ("q", "page", "limit", "sort")]


def _pieces(text: str, spans) -> list[tuple[str, int]]:
    """``text`` cut at the highlighted ``spans``: (piece, 0) between matches, (piece, n) the n-th match."""
    pieces, at = [], 0
    for n, (start, end) in enumerate(sorted(spans), 1):
        if start < at:
            continue
        pieces += [(text[at:start], 0), (text[start:end], n)]
        at = end
    pieces.append((text[at:], 0))
    return [(p, n) for p, n in pieces if p or n]


def create_app(index, host: str = "127.0.0.1", reopen=None):
    """The web app over an open ``index`` (only GET and HEAD; every answer with the CSP), answering
    only requests addressed to this machine or to ``host`` (the address it listens on).

    After the index changes on disk, ``reopen()`` opens it again (by default ``open_index`` of
    its folder: the people and glossary files that ``$KGSEARCH_PEOPLE`` and
    ``$KGSEARCH_GLOSSARY`` name); ``index`` is closed once it is replaced and read no more.
    """
    if reopen is None:
        from kgsearch.search import open_index

        def reopen():
            return open_index(index.root)

    server = Server(index, reopen)

    async def kgsearch_error(request: Request, error: KgsearchError):
        return _error(server, request, *_answer(error))

    async def http_error(request: Request, error: HTTPException):
        return _error(server, request, error.status_code, str(error.detail), getattr(error, "headers", None))

    routes = [
        Route("/", server.page_search), Route("/document/{doc_id:path}", server.page_document),
        Route("/trend", server.page_trend), Route("/similar/{doc_id:path}", server.page_similar),
        Route("/api/search", server.api_search), Route("/api/document/{doc_id:path}", server.api_document),
        Route("/api/facets", server.api_facets), Route("/api/trend", server.api_trend),
        Route("/api/similar/{doc_id:path}", server.api_similar),
        Mount("/static", StaticFiles(directory=FILES / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={
        KgsearchError: kgsearch_error, HTTPException: http_error})

    return _with_headers(_only_to(app, host))


def _only_to(app, host: str):
    """``app`` answering only requests whose ``Host`` names this machine or ``host``, at the port served.

    A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and then read
    whatever the server answers, as from the same origin; the browser still sends that name in
    ``Host``, so refusing names not ours closes the way. Starlette's TrustedHostMiddleware
    ignores the port, and any port on 127.0.0.1 would do for the attacker.
    """
    names = {"127.0.0.1", "localhost", "[::1]", _bracketed(host.lower())}

    async def checked(scope, receive, send):
        if scope["type"] == "http" and not _ours(dict(scope["headers"]).get(b"host"), names, scope.get("server")):
            response = PlainTextResponse(f"421: kgsearch answers only to {', '.join(sorted(names))} "
                                         "(the Host this request names is none of them)\n", status_code=421)
            return await response(scope, receive, send)
        return await app(scope, receive, send)

    return checked


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _ours(header: bytes | None, names: set[str], server) -> bool:
    """Whether a ``Host`` header is one of ``names``, alone or with the port the server listens on."""
    if not header:
        return False
    value = header.decode("latin-1").strip().lower()
    name, colon, port = value.rpartition(":") if not value.endswith("]") else (value, "", "")
    if not colon:
        name = value
    elif not (port.isdigit() and server and int(port) == server[1]):
        return False
    return name in names


def _with_headers(app):
    """``app`` with ``HEADERS`` on every response, errors included."""
    extra = [(name.lower().encode(), value.encode()) for name, value in HEADERS.items()]

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k not in dict(extra)]
                message = {**message, "headers": kept + extra}
            await send(message)

        await app(scope, receive, sending)

    return wrapped


def _error(server: Server, request: Request, status: int, message: str, headers=None):
    if request.url.path.startswith("/api/"):
        response = _json({"error": message, "status": status}, status)
    else:
        params = request.query_params
        state = [(k, v) for k, v in _state(params) if len(params.getlist(k)) <= MAX_VALUES]  # not 3,000 speakers again
        response = server.render("error.html", status=status, status_code=status, message=message,
                                 trend=request.url.path == "/trend", query=params.get("q", ""), state=state,
                                 filters=_active(state), queries=params.getlist("q")[:MAX_QUERIES] or [""],
                                 by=params.get("by") or "year")
    if headers:
        response.headers.update(headers)
    return response


def serve(index, host: str, port: int, open_browser: bool) -> None:
    """Run the server until interrupted."""
    import uvicorn

    app = create_app(index, host)
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    if open_browser:
        import webbrowser

        threading.Timer(1.0, webbrowser.open, (url,)).start()
    click.echo(f"kgsearch: serving {index.root} at {url} (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
