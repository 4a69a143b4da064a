"""Fetching articles and RSS/Atom feeds over HTTP, with SSRF protection (communique.fetch).

A real HTTP server runs on 127.0.0.1 for the whole module. Because it is a loopback
address, tests that fetch from it pass allow_private=True; the refusals are tested with
allow_private=False.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from communique import __version__
from communique.errors import InputError
from communique.fetch import (
    FetchedPage,
    check_address,
    fetch,
    guarded_client,
    is_url,
    load_url,
)
from communique.ingest import SourceDocument

HEADLINE = "Norway and Indonesia agree on maritime cooperation"
PARAGRAPHS = [
    "The foreign ministers of Norway and Indonesia met in Oslo on Thursday to discuss a "
    "new framework for maritime cooperation in the Indian Ocean, officials said.",
    "According to a joint statement released after the talks, both governments agreed to "
    "share information on illegal fishing and to hold regular consultations between their "
    "coast guards.",
    "The Norwegian minister said the agreement would strengthen the rules-based order at "
    "sea, while her Indonesian counterpart called it a practical step that would benefit "
    "fishing communities in both countries.",
    "Diplomats from the two countries will meet again in Jakarta later this year to review "
    "progress and to prepare a visit by the Indonesian president.",
]

ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{HEADLINE}</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2025-02-06T09:30:00+00:00">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
<h1>{HEADLINE}</h1>
{"".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)}
</article>
<footer>Copyright Harbour Times</footer>
</body>
</html>
"""

SECOND_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Chile and Japan sign trade pact</title></head>
<body>
<article>
<h1>Chile and Japan sign trade pact</h1>
<p>Chile and Japan signed an agreement on Monday that will remove tariffs on most of the
goods traded between the two countries, the trade ministers said at a news conference.</p>
<p>The pact, which still has to be ratified by both parliaments, covers agriculture,
copper and automobiles, and it includes a chapter on digital trade and data flows.</p>
<p>Officials said they expected the agreement to take effect early next year, after which
a joint committee would meet every year to review how it is working.</p>
</article>
</body>
</html>
"""

PLAIN_TEXT = (
    "The prime ministers of Canada and Ireland said on Friday that they would work together "
    "to expand research partnerships between their universities.\n"
    "In a statement released after the meeting, the two leaders also welcomed closer "
    "cooperation on renewable energy and on support for Ukraine.\n"
)

NAVIGATION_HTML = """<!DOCTYPE html>
<html lang="en"><head><title>Menu</title></head>
<body><nav><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li>
</ul></nav></body></html>
"""

FRENCH_TEXT = (
    "Le ministre des Affaires étrangères a déclaré mardi que la France était prête à "
    "accueillir une conférence internationale sur la reconstruction de l'Ukraine. Selon lui, "
    "les pays européens doivent renforcer leur soutien militaire et financier à Kiev, alors "
    "que les négociations avec Moscou restent bloquées depuis plusieurs mois.\n"
)

LATIN1_TEXT = (
    "The café owners' association met the ambassador of France in Dublin on Tuesday, and "
    "they said that the talks had been useful for both sides.\n"
)

RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Harbour Times: World</title>
<link>{base}/</link>
<description>World news</description>
<item>
  <title>Norway and Indonesia agree on maritime cooperation</title>
  <link>{base}/article.html</link>
  <pubDate>Thu, 06 Feb 2025 09:30:00 +0000</pubDate>
</item>
<item>
  <title>A story that was taken down</title>
  <link>{base}/missing</link>
  <pubDate>Wed, 05 Feb 2025 12:00:00 +0000</pubDate>
</item>
<item>
  <title>Canada and Ireland expand research ties</title>
  <link>/plain.txt</link>
  <pubDate>Fri, 07 Feb 2025 23:30:00 -0500</pubDate>
</item>
</channel>
</rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Harbour Times</title>
<id>urn:harbour-times:feed</id>
<updated>2025-02-10T08:00:00Z</updated>
<entry>
  <title>Chile and Japan sign trade pact</title>
  <link href="{base}/second.html"/>
  <id>urn:harbour-times:2</id>
  <updated>2025-02-10T08:00:00Z</updated>
</entry>
<entry>
  <title>A story that was taken down</title>
  <link href="{base}/missing"/>
  <id>urn:harbour-times:3</id>
  <updated>2025-02-09T08:00:00Z</updated>
</entry>
<entry>
  <title>Canada and Ireland expand research ties</title>
  <link href="{base}/plain.txt"/>
  <id>urn:harbour-times:4</id>
  <published>2025-02-07T23:30:00-05:00</published>
  <updated>2025-02-08T10:00:00Z</updated>
</entry>
</feed>
"""

HOSTILE_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Hostile</title>
<link>{base}/</link>
<description>Links that must not be followed</description>
<item><title>A file server</title><link>ftp://files.example.org/secret.txt</link></item>
<item><title>A script</title><link>javascript:alert(1)</link></item>
<item><title>A real article</title><link>{base}/article.html</link></item>
</channel>
</rss>
"""

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
HUGE_SIZE = 200_000
SMALL_LIMIT = 10_000
SLOW_SECONDS = 3.0


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, compresslevel=9)


def _deflate(data: bytes) -> bytes:
    import zlib

    return zlib.compress(data, 9)


BOMB_SIZE = 200_000_000  # inflates to 200 MB; a 2.6 kB body
_BOMB = _gzip(_gzip(b"\0" * BOMB_SIZE))
ENCODED_BODIES = {
    "/encoded/gzip": _gzip(PLAIN_TEXT.encode()),
    "/encoded/deflate": _deflate(PLAIN_TEXT.encode()),
    "/encoded/gzip+gzip": _gzip(_gzip(PLAIN_TEXT.encode())),
    "/encoded/gzip+gzip+gzip": _gzip(_gzip(_gzip(PLAIN_TEXT.encode()))),
    "/encoded/gzip+gzip-bomb": _BOMB,
    "/encoded/br": b"not really brotli",
}
ENCODED_BODIES["/encoded/gzip+gzip-bomb"] = _BOMB


class Handler(BaseHTTPRequestHandler):
    """The test site. Paths are the behaviours the tests need."""

    def do_GET(self) -> None:
        base = f"http://{self.headers['Host']}"
        path = self.path
        if path == "/article.html":
            self._send(200, "text/html; charset=utf-8", ARTICLE_HTML.encode())
        elif path == "/second.html":
            self._send(200, "text/html; charset=utf-8", SECOND_HTML.encode())
        elif path == "/plain.txt":
            self._send(200, "text/plain; charset=utf-8", PLAIN_TEXT.encode())
        elif path == "/latin1.txt":
            self._send(200, "text/plain; charset=iso-8859-1", LATIN1_TEXT.encode("latin-1"))
        elif path == "/french.txt":
            self._send(200, "text/plain; charset=utf-8", FRENCH_TEXT.encode())
        elif path == "/navigation.html":
            self._send(200, "text/html; charset=utf-8", NAVIGATION_HTML.encode())
        elif path == "/feed.rss":
            self._send(200, "application/rss+xml", RSS_FEED.format(base=base).encode())
        elif path == "/hostile.rss":
            self._send(200, "application/rss+xml", HOSTILE_FEED.format(base=base).encode())
        elif path == "/feed.atom":
            # Labelled as generic XML: found to be a feed by looking at the body.
            self._send(200, "application/xml", ATOM_FEED.format(base=base).encode())
        elif path == "/redirect":
            self._redirect("/article.html")
        elif path == "/redirect-twice":
            self._redirect(f"{base}/redirect")
        elif path == "/redirect-missing":
            self._redirect("/missing")
        elif path == "/redirect-loop":
            self._redirect("/redirect-loop")
        elif path == "/redirect-file":
            self._redirect("file:///etc/passwd")
        elif path == "/redirect-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/image.png":
            self._send(200, "image/png", PNG)
        elif path == "/huge-declared":
            self._send(200, "text/plain", b"word " * (HUGE_SIZE // 5))
        elif path == "/huge-streamed":
            # No Content-Length: the size is only known by reading (HTTP/1.0, until close).
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(HUGE_SIZE // 1000):
                self.wfile.write(b"word " * 200)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, "text/plain", PLAIN_TEXT.encode())
        elif path == "/drip-headers":
            # The status line, then one header byte every 0.2 s: each read is quick, the
            # response never ends on its own.
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self.wfile.flush()
            try:
                for _ in range(200):
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
        elif path.startswith("/encoded/"):
            codings = path.removeprefix("/encoded/").removesuffix("-bomb").split("+")
            body = ENCODED_BODIES[path]
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Encoding", ", ".join(codings))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/user-agent":
            self._send(200, "text/plain", self.headers.get("User-Agent", "").encode())
        else:
            self.send_error(404)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


class Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client that stops reading (size limit, timeout) is what some tests are about.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """The base URL of a real HTTP server on 127.0.0.1 (a free port)."""
    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def only_error(results: list[SourceDocument | InputError]) -> str:
    """The message of the one InputError that `load_url` returned."""
    assert len(results) == 1
    assert isinstance(results[0], InputError)
    return str(results[0])


def only_document(results: list[SourceDocument | InputError]) -> SourceDocument:
    assert len(results) == 1
    assert isinstance(results[0], SourceDocument), results[0]
    return results[0]


# --------------------------------------------------------------------------- is_url


@pytest.mark.parametrize("value", [
    "http://example.org/news", "https://example.org", "HTTPS://Example.org/a?b=c",
    "http://127.0.0.1:8080/", "http://[::1]/",
])
def test_is_url_accepts_http_and_https_with_a_host(value: str) -> None:
    assert is_url(value)


@pytest.mark.parametrize("value", [
    "article.html", "/tmp/article.html", "-", "ftp://example.org/file.txt",
    "file:///etc/passwd", "http://", "http:///path", "example.org/news", "http://[::1",
    "http://exa mple.org/",
])
def test_is_url_rejects_paths_other_schemes_and_malformed_urls(value: str) -> None:
    assert not is_url(value)


# --------------------------------------------------------------------------- check_address


@pytest.mark.parametrize(("url", "message"), [
    ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://10.1.2.3/", "10.1.2.3 is a private address"),
    ("http://192.168.0.1:8080/admin", "192.168.0.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
    ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ("http://100.64.0.1/", "100.64.0.1 is a non-public address"),
    ("http://[::1]/", "::1 is a loopback address"),
    ("http://[fe80::1]/", "fe80::1 is a link-local address"),
    ("http://[fc00::1]/", "fc00::1 is a private address"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
    ("http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe is a link-local address"),
    ("http://[64:ff9b::a00:1]/", "64:ff9b::a00:1 is a private address"),
    ("http://[2002:7f00:1::]/", "2002:7f00:1:: is a loopback address"),
])
def test_check_address_refuses_literal_non_public_addresses(url: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        check_address(url, allow_private=False)
    assert str(caught.value) == f"{url}: refused: {message}; use --allow-private to fetch it"


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1", "0177.0.0.1"])
def test_check_address_refuses_loopback_written_in_other_notations(host: str) -> None:
    # Resolvers read these as 127.0.0.1; so would the connection.
    with pytest.raises(InputError) as caught:
        check_address(f"http://{host}/", allow_private=False)
    assert str(caught.value) == (f"http://{host}/: refused: {host} resolves to a loopback "
                                 "address (127.0.0.1); use --allow-private to fetch it")


def test_check_address_refuses_a_host_name_that_resolves_to_loopback() -> None:
    with pytest.raises(InputError, match=(
            r"^http://localhost:8000/: refused: localhost resolves to a loopback address "
            r"\((127\.0\.0\.1|::1)\); use --allow-private to fetch it$")):
        check_address("http://localhost:8000/", allow_private=False)


@pytest.mark.parametrize("url", [
    "http://93.184.215.14/", "https://8.8.8.8/dns", "http://[2606:4700::1111]/",
    "http://[::ffff:8.8.8.8]/",
])
def test_check_address_accepts_public_literal_addresses(url: str) -> None:
    check_address(url, allow_private=False)


def test_check_address_accepts_private_addresses_when_allowed() -> None:
    check_address("http://127.0.0.1:8000/", allow_private=True)
    check_address("http://169.254.169.254/", allow_private=True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.txt",
                                 "gopher://127.0.0.1/"])
def test_check_address_refuses_other_schemes_even_when_private_is_allowed(url: str) -> None:
    with pytest.raises(InputError) as caught:
        check_address(url, allow_private=True)
    assert str(caught.value) == f"{url}: refused: only http and https URLs are fetched"


def test_check_address_reports_an_unresolvable_host() -> None:
    with pytest.raises(InputError) as caught:
        check_address("http://nonexistent.invalid/", allow_private=False)
    assert str(caught.value) == (
        "http://nonexistent.invalid/: cannot fetch (host not found: nonexistent.invalid)")


# --------------------------------------------------------------------------- fetch


def test_fetch_returns_the_body_content_type_and_charset(site: str) -> None:
    page = fetch(f"{site}/plain.txt", allow_private=True)
    assert page == FetchedPage(url=f"{site}/plain.txt", content_type="text/plain",
                               body=PLAIN_TEXT.encode(), charset="utf-8")


def test_fetch_sends_the_communique_user_agent(site: str) -> None:
    page = fetch(f"{site}/user-agent", allow_private=True)
    assert page.body.decode() == f"communique/{__version__}"


def test_fetch_refuses_the_loopback_server_without_allow_private(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/article.html")
    assert str(caught.value) == (f"{site}/article.html: refused: 127.0.0.1 is a loopback "
                                 "address; use --allow-private to fetch it")


def test_fetch_follows_redirects_and_reports_the_final_url(site: str) -> None:
    page = fetch(f"{site}/redirect-twice", allow_private=True)
    assert page.url == f"{site}/article.html"
    assert page.body == ARTICLE_HTML.encode()


def test_fetch_checks_every_redirect_hop(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/redirect-file", allow_private=True)
    assert str(caught.value) == (f"{site}/redirect-file: redirected to file:///etc/passwd: "
                                 "refused: only http and https URLs are fetched")


def test_fetch_names_where_a_redirect_led_to_an_error(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/redirect-missing", allow_private=True)
    assert str(caught.value) == (f"{site}/redirect-missing: HTTP 404 Not Found "
                                 f"(at {site}/missing)")


def test_fetch_stops_after_five_redirects(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/redirect-loop", allow_private=True)
    assert str(caught.value) == f"{site}/redirect-loop: too many redirects (more than 5)"


def test_fetch_reports_an_http_error_status(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/missing", allow_private=True)
    assert str(caught.value) == f"{site}/missing: HTTP 404 Not Found"


def test_fetch_refuses_a_declared_length_over_the_limit(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/huge-declared", allow_private=True, max_bytes=SMALL_LIMIT)
    assert str(caught.value) == (f"{site}/huge-declared: response is 200,000 bytes, "
                                 "over the 10,000 bytes limit")


def test_fetch_stops_reading_a_body_that_grows_over_the_limit(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/huge-streamed", allow_private=True, max_bytes=SMALL_LIMIT)
    assert str(caught.value) == (f"{site}/huge-streamed: response is over the "
                                 "10,000 bytes limit")


def test_fetch_refuses_an_unsupported_content_type(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/image.png", allow_private=True)
    assert str(caught.value) == f"{site}/image.png: unsupported content type image/png"


def test_fetch_gives_up_on_a_slow_server(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/slow", allow_private=True, timeout=0.5)
    assert str(caught.value) == f"{site}/slow: cannot fetch (timed out)"


def test_the_whole_fetch_has_a_deadline_even_while_headers_drip_in(site: str) -> None:
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/drip-headers", allow_private=True, timeout=5, deadline=1.5)
    assert str(caught.value) == f"{site}/drip-headers: cannot fetch (timed out)"
    assert time.monotonic() - start < 4


@pytest.mark.parametrize("codings", ["gzip", "deflate", "gzip+gzip"])
def test_a_compressed_body_is_decoded(site: str, codings: str) -> None:
    page = fetch(f"{site}/encoded/{codings}", allow_private=True)
    assert page.body.decode() == PLAIN_TEXT


def test_a_nested_gzip_bomb_stops_at_the_size_limit_using_little_memory(site: str) -> None:
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            fetch(f"{site}/encoded/gzip+gzip-bomb", allow_private=True, max_bytes=SMALL_LIMIT)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (f"{site}/encoded/gzip+gzip-bomb: response is over the "
                                 "10,000 bytes limit")
    assert peak < 20_000_000  # the bomb inflates to 200 MB


def test_more_than_two_stacked_encodings_are_refused(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/encoded/gzip+gzip+gzip", allow_private=True)
    assert str(caught.value) == (f"{site}/encoded/gzip+gzip+gzip: 3 stacked content "
                                 "encodings (gzip, gzip, gzip); at most 2 are read")


def test_an_encoding_not_asked_for_is_refused(site: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{site}/encoded/br", allow_private=True)
    assert str(caught.value) == f"{site}/encoded/br: unsupported content encoding 'br'"


def test_fetch_reports_a_closed_port() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, and now is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with pytest.raises(InputError) as caught:
        fetch(url, allow_private=True)
    assert str(caught.value) == f"{url}: cannot fetch (connection refused)"


def test_fetch_uses_a_given_client_and_leaves_it_open(site: str) -> None:
    with httpx.Client() as client:
        page = fetch(f"{site}/plain.txt", allow_private=True, client=client)
        assert page.body == PLAIN_TEXT.encode()
        assert not client.is_closed


def test_guarded_client_refuses_to_connect_to_a_private_address(site: str) -> None:
    # The check when the connection opens, behind check_address: it is what stops a host
    # name that resolves differently for the check and for the connection (DNS rebinding).
    with guarded_client(allow_private=False) as client, pytest.raises(
            httpx.ConnectError,
            match=r"^refused: 127\.0\.0\.1 is a loopback address; use --allow-private"):
        client.get(f"{site}/plain.txt")


# --------------------------------------------------------------------------- load_url


def test_load_url_reads_an_html_article_with_title_date_and_outlet(site: str) -> None:
    document = only_document(load_url(f"{site}/article.html", allow_private=True))
    # trafilatura keeps the article's headline as its first line; it is the title, and
    # the text starts with the first paragraph.
    assert document.text == "\n".join(PARAGRAPHS)
    assert document.name == f"{site}/article.html"
    assert document.url == f"{site}/article.html"
    assert document.title == HEADLINE
    assert document.published == "2025-02-06"
    assert document.outlet == "Harbour Times"
    assert document.id is None


def test_load_url_reads_plain_text_with_the_host_as_outlet(site: str) -> None:
    document = only_document(load_url(f"{site}/plain.txt", allow_private=True))
    assert document == SourceDocument(text=PLAIN_TEXT, name=f"{site}/plain.txt",
                                      url=f"{site}/plain.txt", outlet="127.0.0.1")


def test_load_url_decodes_with_the_charset_of_the_content_type(site: str) -> None:
    document = only_document(load_url(f"{site}/latin1.txt", allow_private=True))
    assert document.text == LATIN1_TEXT


def test_load_url_names_the_given_url_and_records_where_it_redirected(site: str) -> None:
    document = only_document(load_url(f"{site}/redirect", allow_private=True))
    assert document.name == f"{site}/redirect"
    assert document.url == f"{site}/article.html"
    assert document.title == HEADLINE


def test_load_url_returns_a_refusal_instead_of_raising(site: str) -> None:
    assert only_error(load_url(f"{site}/article.html")) == (
        f"{site}/article.html: refused: 127.0.0.1 is a loopback address; "
        "use --allow-private to fetch it")


def test_load_url_refuses_a_redirect_to_the_metadata_address(site: str) -> None:
    # Without allow_private the loopback test server itself is refused first; the point
    # is that nothing is fetched from 169.254.169.254 either way.
    message = only_error(load_url(f"{site}/redirect-metadata"))
    assert message == (f"{site}/redirect-metadata: refused: 127.0.0.1 is a loopback "
                       "address; use --allow-private to fetch it")


def test_load_url_reports_an_unresolvable_host() -> None:
    assert only_error(load_url("http://nonexistent.invalid/")) == (
        "http://nonexistent.invalid/: cannot fetch (host not found: nonexistent.invalid)")


def test_load_url_reports_an_unresolvable_host_when_private_is_allowed() -> None:
    assert only_error(load_url("http://nonexistent.invalid/", allow_private=True)) == (
        "http://nonexistent.invalid/: cannot fetch (host not found: nonexistent.invalid)")


def test_load_url_reports_html_without_article_text(site: str) -> None:
    assert only_error(load_url(f"{site}/navigation.html", allow_private=True)) == (
        f"{site}/navigation.html: no article text found in the HTML")


def test_load_url_reports_text_that_is_not_english(site: str) -> None:
    assert only_error(load_url(f"{site}/french.txt", allow_private=True)) == (
        f"{site}/french.txt: text is not English (communique reads English only)")


def test_load_url_reports_an_unsupported_content_type(site: str) -> None:
    assert only_error(load_url(f"{site}/image.png", allow_private=True)) == (
        f"{site}/image.png: unsupported content type image/png")


def test_load_url_reports_a_missing_page(site: str) -> None:
    assert only_error(load_url(f"{site}/missing", allow_private=True)) == (
        f"{site}/missing: HTTP 404 Not Found")


def test_load_url_reads_every_entry_of_an_rss_feed_in_feed_order(site: str) -> None:
    results = load_url(f"{site}/feed.rss", allow_private=True)
    assert [type(result) for result in results] == [SourceDocument, InputError,
                                                     SourceDocument]
    article, missing, plain = results
    assert isinstance(article, SourceDocument) and isinstance(plain, SourceDocument)
    assert (article.name, article.title, article.published, article.outlet) == (
        f"{site}/article.html", HEADLINE,
        "2025-02-06", "Harbour Times")
    assert str(missing) == f"{site}/missing: HTTP 404 Not Found"
    # A relative link is resolved against the feed; the page has no title or date, so
    # the feed's are used, with the day as the publisher wrote it (not the UTC day).
    assert plain == SourceDocument(
        text=PLAIN_TEXT, name=f"{site}/plain.txt", url=f"{site}/plain.txt",
        title="Canada and Ireland expand research ties", published="2025-02-07",
        outlet="127.0.0.1", date_source="feed")


def test_load_url_reads_an_atom_feed_recognised_by_its_body(site: str) -> None:
    results = load_url(f"{site}/feed.atom", allow_private=True)
    assert [type(result) for result in results] == [SourceDocument, InputError,
                                                     SourceDocument]
    second, missing, plain = results
    assert isinstance(second, SourceDocument) and isinstance(plain, SourceDocument)
    assert (second.name, second.title, second.published, second.outlet) == (
        f"{site}/second.html", "Chile and Japan sign trade pact", "2025-02-10", "127.0.0.1")
    assert second.text.startswith("Chile and Japan signed ")  # the headline is the title
    assert str(missing) == f"{site}/missing: HTTP 404 Not Found"
    assert (plain.title, plain.published) == ("Canada and Ireland expand research ties",
                                              "2025-02-07")


def test_load_url_checks_the_address_of_every_feed_entry(site: str) -> None:
    results = load_url(f"{site}/hostile.rss", allow_private=True)
    assert [str(result) if isinstance(result, InputError) else result.name
            for result in results] == [
        "ftp://files.example.org/secret.txt: refused: only http and https URLs are fetched",
        "javascript:alert(1): refused: only http and https URLs are fetched",
        f"{site}/article.html",
    ]
