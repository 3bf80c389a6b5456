"""``kgsearch serve``: the web page, over the index."""

import click

from kgsearch.cli.base import UsageProblem, _open, index_option

@click.command()
@index_option
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; any but this machine's lets others on the network read the archive.")
@click.option("--open", "open_browser", is_flag=True, help="Open the search page in a web browser.")
@click.pass_context
def serve(ctx, index_dir, port, host, open_browser):
    """A read-only web page and JSON API (/api/search, /api/document/ID, /api/facets, /api/trend)
    over the index, on this machine only unless --host says otherwise.

    \b
    Example:
      kgsearch serve --open
      curl 'http://127.0.0.1:8765/api/search?q=railway&year=2025'
    """
    try:
        from kgsearch.web import serve as run
    except ImportError as error:
        raise UsageProblem(f"the web server needs {error.name}: pip install 'kgsearch[serve]'") from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"kgsearch: warning: listening on {host}: anyone who can reach it on the network can read "
                   "the archive", err=True)
    _check_address(host, port)
    with _open(ctx, index_dir) as index:
        run(index, host, port, open_browser)


def _check_address(host: str, port: int) -> None:
    """A port another program holds, or an address not this machine's, in one line before the
    server starts (the server's own message was a log line and exit status 3)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        raise UsageProblem(f"cannot listen on {host} port {port}: {error.strerror or error}") from None

