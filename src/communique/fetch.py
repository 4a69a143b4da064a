"""Fetch articles and RSS/Atom feeds over HTTP(S), safely.

A URL given on the command line, or found in a feed, must not make communique fetch an
internal address (cloud metadata at 169.254.169.254, a router, localhost): every address
a host name resolves to is checked before each request and each redirect hop, and again
when the connection is opened, so a host name that resolves to a public address for the
check and to a private one a moment later (DNS rebinding) is still refused. Private
addresses are fetched only when the user asks for it (`allow_private`, `--allow-private`).

Every problem becomes an `InputError` with one line that starts with the URL. httpx and
feedparser are imported only when something is fetched, so the CLI starts fast.
"""

from __future__ import annotations

import codecs
import contextvars
import email.utils
import io
import ipaddress
import re
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from communique import __version__
from communique.errors import InputError
from communique.ingest import (
    LIMIT_TEXT,
    MAX_BYTES,
    SourceDocument,
    check_english,
    decode_bytes,
    looks_like_html,
    normalise_newlines,
    parse_html,
    text_document,
)

if TYPE_CHECKING:
    import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_TIMEOUT = 20.0  # seconds to connect, and between two reads of the response
# The whole fetch (connecting, every redirect hop, the headers and the body) has this
# wall-clock budget: a server that drips one byte just inside the read timeout, in the
# headers or in the body, cannot hold us for ever.
DEFAULT_DEADLINE = 60.0
MAX_ENCODINGS = 2  # "Content-Encoding: gzip, gzip" at most; more is a decompression bomb
MAX_REDIRECTS = 5
USER_AGENT = f"communique/{__version__}"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
XML_TYPES = frozenset({"application/xml", "text/xml"})  # a feed, or XHTML: the body tells
ACCEPTED_TYPES = HTML_TYPES | TEXT_TYPES | FEED_TYPES | XML_TYPES

_ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
           "application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8")
_HEADERS = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"}
# When the fetch under way must end (time.monotonic()); read by every socket operation.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "communique_fetch_deadline", default=None)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # DNS64 maps IPv4 hosts into this range
_FEED_START = (b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")
_ERRNO = re.compile(r"^\[Errno -?\d+\]\s*")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A successful response: where it finally came from, and what it holds."""

    url: str  # the final URL, after redirects
    content_type: str  # media type, lower case, no parameters; "" when the server sent none
    body: bytes
    charset: str | None = None  # the charset the Content-Type header declares, if known


# --------------------------------------------------------------------------- addresses


class _Refused(Exception):
    """Why an address may not be fetched, without the URL (callers add it). `detail` is
    the reason alone, for a connection error ("host not found: example.invalid")."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail or message


def is_url(value: str) -> bool:
    """True for an http or https URL with a host name ("https://example.org/news")."""
    if not value or any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 bracket)
        return False


def check_address(url: str, allow_private: bool) -> None:
    """Raise InputError unless `url` is http(s) and every address its host resolves to is
    a public (global) one. With `allow_private`, only the scheme is checked."""
    try:
        _vetted_addresses(url, allow_private)
    except _Refused as refused:
        raise InputError(f"{url}: {refused}") from None


def _vetted_addresses(url: str, allow_private: bool) -> list[IPAddress]:
    """The addresses `url` may be fetched from; raises _Refused. With `allow_private` the
    host is not resolved here (the connection will find out whether it exists)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        raise _Refused("not a valid URL") from None
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise _Refused("refused: only http and https URLs are fetched")
    if not host:
        raise _Refused("not a valid URL (no host name)")
    if allow_private:
        return []
    return _public_addresses(host)


def _public_addresses(host: str) -> list[IPAddress]:
    """Every address of `host` when all are public; else raises _Refused naming the first
    that is not. All must be public: the connection may use any of them."""
    literal = _literal_address(host)
    if literal is not None:
        kind = non_public_kind(literal)
        if kind is not None:
            raise _Refused(f"refused: {host} is {_article(kind)} {kind} address; "
                           "use --allow-private to fetch it")
        return [literal]
    addresses = _resolve(host)
    for address in addresses:
        kind = non_public_kind(address)
        if kind is not None:
            raise _Refused(f"refused: {host} resolves to {_article(kind)} {kind} address "
                           f"({address}); use --allow-private to fetch it")
    return addresses


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _resolve(host: str) -> list[IPAddress]:
    """The IPv4 and IPv6 addresses of `host`, in the resolver's order, without repeats.
    Raises _Refused ("cannot fetch (host not found: …)") when it has none."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):  # socket.gaierror; UnicodeError for a bad IDNA name
        raise _not_found(host) from None
    addresses: list[IPAddress] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise _not_found(host)
    return addresses


def _not_found(host: str) -> _Refused:
    return _Refused(f"cannot fetch (host not found: {host})", f"host not found: {host}")


def non_public_kind(address: IPAddress) -> str | None:
    """None for a public address; else what it is: "loopback", "private", "link-local",
    "multicast", "reserved", "unspecified", "site-local" or "non-public"."""
    if isinstance(address, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address reach that IPv4 host: judge it instead.
        if address.ipv4_mapped is not None:
            return non_public_kind(address.ipv4_mapped)
        if address in _NAT64:
            return non_public_kind(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.sixtofour is not None:
            kind = non_public_kind(address.sixtofour)
            if kind is not None:
                return kind
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("site-local", isinstance(address, ipaddress.IPv6Address) and address.is_site_local),
    )
    for kind, applies in checks:
        if applies:
            return kind
    return None if address.is_global else "non-public"  # e.g. 100.64.0.0/10 (carrier NAT)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


# --------------------------------------------------------------------------- HTTP client


class _GuardedBackend:
    """An httpcore network backend that connects only to addresses that pass the check,
    resolving the host itself: the check and the connection use the same addresses, so
    DNS rebinding cannot slip a private address in between."""

    def __init__(self, allow_private: bool) -> None:
        import httpcore

        self._inner = httpcore.SyncBackend()
        self._allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> Any:
        import httpcore

        try:
            if self._allow_private:
                literal = _literal_address(host)
                addresses = [literal] if literal is not None else _resolve(host)
            else:
                addresses = _public_addresses(host)
        except _Refused as refused:
            # httpcore's own error type, so httpx reports it as an httpx.ConnectError.
            raise httpcore.ConnectError(refused.detail) from None
        error = httpcore.ConnectError(f"host not found: {host}")
        for address in addresses:  # like socket.create_connection: the first that answers
            try:
                return _DeadlineStream(self._inner.connect_tcp(
                    str(address), port, _budget(timeout, httpcore.ConnectTimeout),
                    local_address, socket_options))
            except httpcore.ConnectError as failed:
                error = failed
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> Any:
        import httpcore

        raise httpcore.ConnectError("refused: Unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def _budget(timeout: float | None, expired: type[Exception]) -> float | None:
    """The time one socket operation may take: its own timeout, cut to what is left of the
    fetch's deadline; `expired` is raised when nothing is left."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the whole fetch took longer than its deadline")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    """An httpcore network stream whose every read and write ends by the fetch's deadline
    (httpx's timeouts bound each read, not the whole response)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore

        return self._inner.read(max_bytes, _budget(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore

        self._inner.write(buffer, _budget(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> _DeadlineStream:
        import httpcore

        return _DeadlineStream(self._inner.start_tls(
            ssl_context, server_hostname, _budget(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def guarded_client(*, allow_private: bool = False,
                   timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """The httpx client `fetch` uses when it is given none: no automatic redirects, no
    proxies from the environment (a proxy would connect for us, unchecked), and every
    connection it opens goes only to public addresses unless `allow_private`."""
    import httpcore
    import httpx

    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no public hook for the network backend, so the transport's connection
    # pool is replaced by one that uses the guarded backend (same TLS settings).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=_GuardedBackend(allow_private),  # type: ignore[arg-type]
    )
    return httpx.Client(transport=transport, trust_env=False, follow_redirects=False,
                        timeout=httpx.Timeout(timeout), headers=_HEADERS)


# --------------------------------------------------------------------------- fetching


def fetch(url: str, *, allow_private: bool = False, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = MAX_BYTES, client: httpx.Client | None = None,
          deadline: float = DEFAULT_DEADLINE) -> FetchedPage:
    """GET `url`, following up to 5 redirects (each hop checked by `check_address`).

    `timeout` bounds connecting and each read; `deadline` (seconds) the whole fetch,
    headers and body included (with the guarded client, whose every socket operation
    knows the deadline; with another client it is checked between reads).
    Raises InputError, one line starting with `url`, for a refused address, a network
    error or timeout, HTTP status 400 or more, an unsupported content type, or a body
    over `max_bytes`.
    """
    http = client if client is not None else guarded_client(allow_private=allow_private,
                                                            timeout=timeout)
    ends = time.monotonic() + deadline
    token = _DEADLINE.set(ends)
    try:
        return _fetch(http, url, allow_private, timeout, max_bytes, ends)
    finally:
        _DEADLINE.reset(token)
        if client is None:
            http.close()


def _fetch(http: httpx.Client, url: str, allow_private: bool, timeout: float,
           max_bytes: int, deadline: float) -> FetchedPage:
    import httpx

    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            _vetted_addresses(current, allow_private)
        except _Refused as refused:
            where = url if current == url else f"{url}: redirected to {current}"
            raise InputError(f"{where}: {refused}") from None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise InputError(f"{url}: cannot fetch (timed out)")
        try:
            request = http.build_request("GET", current, headers=_HEADERS,
                                         timeout=httpx.Timeout(min(timeout, remaining)))
            response = http.send(request, stream=True, follow_redirects=False)
            try:
                if response.is_redirect:
                    # Resolved by the standard rules, checked at the top of the loop.
                    current = urljoin(current, response.headers["location"].strip())
                    continue
                return _page(response, url, current, max_bytes, deadline)
            finally:
                response.close()
        except httpx.TimeoutException:
            raise InputError(f"{url}: cannot fetch (timed out)") from None
        except httpx.HTTPError as error:
            raise InputError(f"{url}: cannot fetch ({_reason(error)})") from None
        except httpx.InvalidURL as error:
            raise InputError(f"{url}: not a valid URL ({_reason(error)})") from None
    raise InputError(f"{url}: too many redirects (more than {MAX_REDIRECTS})")


def _page(response: httpx.Response, url: str, current: str, max_bytes: int,
          deadline: float) -> FetchedPage:
    """The body of a response that is not a redirect, or the InputError it deserves."""
    at = "" if current == url else f" (at {current})"
    status = response.status_code
    if status >= 300:  # 4xx/5xx, or a 3xx that is not a usable redirect
        reason = response.reason_phrase or "error"
        raise InputError(f"{url}: HTTP {status} {reason}{at}")
    media, charset = parse_content_type(response.headers.get("content-type"))
    if media and media not in ACCEPTED_TYPES:
        raise InputError(f"{url}: unsupported content type {media}{at}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:  # refuse before reading anything
        raise InputError(f"{url}: response is {_size(int(declared))}, "
                         f"over the {_size(max_bytes)} limit")
    over = InputError(f"{url}: response is over the {_size(max_bytes)} limit")
    decoder = _BodyDecoder(response.headers.get("content-encoding", ""), max_bytes, over,
                           url)
    for chunk in response.iter_raw():  # as sent: decoded here, within the limit per layer
        decoder.feed(chunk)
        if time.monotonic() > deadline:
            raise InputError(f"{url}: cannot fetch (timed out)")
    return FetchedPage(url=str(response.url), content_type=media, body=decoder.finish(),
                       charset=charset)


class _BodyDecoder:
    """A response body through its content encodings (gzip, deflate; at most two), each
    layer inflated step by step with a bound on its output, so that a small body that
    would inflate to gigabytes stops at the size limit having used about that much memory.
    (httpx's decoders inflate each chunk whole: a 2.6 kB "gzip, gzip" body took 3 GB.)"""

    def __init__(self, header: str, max_bytes: int, over: InputError, url: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > MAX_ENCODINGS:
            raise InputError(f"{url}: {len(codings)} stacked content encodings "
                             f"({', '.join(codings)}); at most {MAX_ENCODINGS} are read")
        for coding in codings:
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise InputError(f"{url}: unsupported content encoding {coding!r}")
        # Applied in the order listed, so undone in reverse.
        self._layers = [_Inflater(c, max_bytes, over, url) for c in reversed(codings)]
        self._max = max_bytes
        self._over = over
        self._body = bytearray()

    def feed(self, data: bytes) -> None:
        for layer in self._layers:
            data = layer.feed(data)
        self._body += data
        if len(self._body) > self._max:
            raise self._over

    def finish(self) -> bytes:
        tail = b""
        for layer in self._layers:  # what each layer still holds goes through the next
            tail = layer.finish(tail)
        self._body += tail
        if len(self._body) > self._max:
            raise self._over
        return bytes(self._body)


class _Inflater:
    """One gzip or deflate layer, inflated in steps of at most what the limit leaves."""

    def __init__(self, coding: str, max_bytes: int, over: InputError, url: str) -> None:
        self._gzip = coding in ("gzip", "x-gzip")
        self._url = url
        self._raw_deflate = False
        self._inflate = self._new()
        self._left = max_bytes + 1  # one byte past the limit tells "too big"
        self._over = over
        self._started = False

    def _new(self) -> Any:
        import zlib

        if self._gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" should be zlib-wrapped; some servers send raw deflate.
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> bytes:
        import zlib

        out = bytearray()
        while data:
            try:
                piece = self._inflate.decompress(data, self._left)
            except zlib.error as error:
                if not self._gzip and not self._started and not self._raw_deflate:
                    self._raw_deflate = True
                    self._inflate = self._new()
                    continue
                raise InputError(f"{self._url}: cannot decode the compressed response "
                                 f"({error})") from None
            self._started = True
            self._left -= len(piece)
            if self._left <= 0:
                raise self._over
            out += piece
            if self._inflate.unconsumed_tail:
                data = self._inflate.unconsumed_tail
            elif self._inflate.eof and self._inflate.unused_data and self._gzip:
                data = self._inflate.unused_data  # the next member of a multi-member gzip
                self._inflate = self._new()
            else:
                data = b""
        return bytes(out)

    def finish(self, data: bytes) -> bytes:
        out = self.feed(data) if data else b""
        rest = self._inflate.flush()
        self._left -= len(rest)
        if self._left <= 0:
            raise self._over
        return out + rest


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"; the charset is None when
    absent or unknown to Python."""
    if not header:
        return "", None
    media = header.split(";", 1)[0].strip().lower()
    match = _CHARSET.search(header)
    charset: str | None = None
    if match is not None:
        try:
            charset = codecs.lookup(match.group(1)).name
        except LookupError:
            charset = None
    return media, charset


def _reason(error: Exception) -> str:
    text = _ERRNO.sub("", " ".join(str(error).split()))  # "[Errno 111] Connection refused"
    if text[:1].isupper() and text[1:2].islower():  # "Connection refused" reads as a reason
        text = text[0].lower() + text[1:]
    return text or type(error).__name__


def _size(count: int) -> str:
    if count == MAX_BYTES:
        return LIMIT_TEXT
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    return f"{count:,} bytes"


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class _Entry:
    """What a feed says about one of its articles."""

    link: str | None
    title: str | None
    published: str | None


def load_url(url: str, *, allow_private: bool = False, timeout: float = DEFAULT_TIMEOUT,
             client: httpx.Client | None = None, deadline: float = DEFAULT_DEADLINE
             ) -> list[SourceDocument | InputError]:
    """The documents at `url`: one article, or one per entry of an RSS/Atom feed, in feed
    order. Anything that cannot be read (the URL itself, or one entry) is an InputError in
    the list, not raised, so a feed with one broken link still yields the rest.

    `name` is the URL as given (the entry's link for a feed entry), `url` the final URL
    after redirects, `outlet` the page's site name or else its host name.
    """
    http = client if client is not None else guarded_client(allow_private=allow_private,
                                                            timeout=timeout)
    try:
        try:
            page = fetch(url, allow_private=allow_private, timeout=timeout, client=http,
                         deadline=deadline)
            entries = _feed_entries(page, url)
        except InputError as error:
            return [error]
        if entries is None:
            return [_document_or_error(page, url, None)]
        if not entries:
            return [InputError(f"{url}: the feed has no entries")]
        results: list[SourceDocument | InputError] = []
        for number, entry in enumerate(entries, start=1):
            if entry.link is None:
                results.append(InputError(f"{url}: entry {number} has no link"))
                continue
            try:
                entry_page = fetch(entry.link, allow_private=allow_private, timeout=timeout,
                                   client=http, deadline=deadline)
            except InputError as error:
                results.append(error)
                continue
            results.append(_document_or_error(entry_page, entry.link, entry))
        return results
    finally:
        if client is None:
            http.close()


def _feed_entries(page: FetchedPage, url: str) -> list[_Entry] | None:
    """The entries when the page is an RSS/Atom feed (links made absolute, repeated links
    dropped), else None. Raises InputError for a page labelled as a feed that is not one."""
    declared = page.content_type in FEED_TYPES
    if not declared and not page.body.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(
            _FEED_START):
        return None
    import feedparser

    headers = {"content-location": page.url}
    if page.content_type:
        headers["content-type"] = page.content_type + (
            f"; charset={page.charset}" if page.charset else "")
    # A stream, never the bytes: feedparser opens a bytes "string" as a local file path.
    parsed = feedparser.parse(io.BytesIO(page.body), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        if declared:
            problem = parsed.get("bozo_exception")
            detail = f" ({_reason(problem)})" if problem else ""
            raise InputError(f"{url}: not a valid RSS or Atom feed{detail}")
        return None
    entries: list[_Entry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        raw = item.get("link")
        link = urljoin(page.url, raw.strip()) if isinstance(raw, str) and raw.strip() else None
        if link is not None:
            if link in seen:
                continue
            seen.add(link)
        entries.append(_Entry(link=link, title=_clean(item.get("title")),
                              published=_entry_date(item)))
    return entries


def _entry_date(item: Any) -> str | None:
    """The entry's publication date as the feed writes it (the publisher's own day, not
    the UTC day feedparser converts to), YYYY-MM-DD."""
    for key in ("published", "updated"):
        raw = item.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            return email.utils.parsedate_to_datetime(raw.strip()).date().isoformat()  # RSS
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.strip()).date().isoformat()  # Atom
        except ValueError:
            pass
        parsed = item.get(f"{key}_parsed")  # other formats feedparser knows, in UTC
        if parsed is not None:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _document_or_error(page: FetchedPage, name: str, entry: _Entry | None
                       ) -> SourceDocument | InputError:
    try:
        return _document(page, name, entry)
    except InputError as error:
        return error


def _document(page: FetchedPage, name: str, entry: _Entry | None) -> SourceDocument:
    """An article page as a SourceDocument; the feed entry fills in what the page lacks."""
    if not page.body:
        raise InputError(f"{name}: empty response (0 bytes)")
    if page.content_type in FEED_TYPES:
        raise InputError(f"{name}: a feed, not an article (feeds in feeds are not followed)")
    text = _decode(page, name)
    if page.content_type in HTML_TYPES or (
            page.content_type not in TEXT_TYPES and looks_like_html(text)):
        document = parse_html(text, name)
    elif page.content_type in XML_TYPES:
        raise InputError(f"{name}: XML that is neither an RSS/Atom feed nor an HTML page")
    else:
        document = text_document(text, name)
    check_english(document.text, name)
    dated_by_entry = document.published is None and entry is not None and entry.published
    return replace(
        document,
        name=name,
        url=page.url,
        title=document.title or (entry.title if entry else None),
        published=document.published or (entry.published if entry else None),
        date_source="feed" if dated_by_entry else document.date_source,
        outlet=document.outlet or _host_outlet(page.url),
    )


def _decode(page: FetchedPage, name: str) -> str:
    """The body as text: the header's charset wins over guessing, but not over a BOM or
    valid UTF-8 (a page that decodes as UTF-8 is UTF-8, whatever the label says)."""
    text = decode_bytes(page.body, name)  # also refuses binary and whitespace-only bodies
    if page.charset is None or page.body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                                     codecs.BOM_UTF16_BE)):
        return text
    try:
        page.body.decode("utf-8")
        return text
    except UnicodeDecodeError:
        pass
    try:
        return normalise_newlines(page.body.decode(page.charset))
    except (UnicodeDecodeError, LookupError):
        return text


def _host_outlet(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
