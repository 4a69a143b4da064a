"""Read documents into text: files, standard input, HTML pages and JSONL batches.

Every problem with an input becomes one line naming the input (`InputError`, or a
`LineError` for one line of a JSONL batch), never a traceback. This module must import
fast: no spaCy here, and trafilatura / charset_normalizer are imported only when needed.
"""

from __future__ import annotations

import codecs
import json
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from communique.errors import InputError

MAX_BYTES = 10 * 1024 * 1024  # documented size limit: 10 MB per document
LIMIT_TEXT = f"{MAX_BYTES // (1024 * 1024)} MB"
STDIN = "<stdin>"

# A JSON string can be up to 6 bytes per character of text (\u0001), so a line may be
# longer than MAX_BYTES and still hold an acceptable text; past this it cannot.
MAX_LINE = 6 * MAX_BYTES + 64 * 1024

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
BINARY_MESSAGE = "binary file (not text or HTML)"
NOT_ENGLISH_MESSAGE = "text is not English (communique reads English only)"

# File signatures of formats people are likely to pass by mistake.
_MAGIC = (
    b"%PDF-",  # PDF
    b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08",  # ZIP, so also DOCX, XLSX, EPUB
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"\x1f\x8b",  # gzip
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a", b"GIF89a",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: old .doc / .xls
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\x7fELF",  # executables
    b"SQLite format 3\x00",
)
# C0 control bytes that never occur in text (tab, newlines, form feed are allowed).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_SHARE = 0.10  # more than this share of control bytes: not text
_WESTERN_HIGH_SHARE = 0.30  # legacy text mostly ASCII: an English-ish single-byte encoding
_SAMPLE = 64 * 1024

# Small English stopword set for the language check. Words that are also common in other
# European languages (a, an, at, be, do, for, in, is, on, as, to, we, her, over, die, was,
# will, also, no, de, en) are left out so that foreign text cannot pass on them.
_STOPWORDS = frozenset({
    "the", "of", "and", "that", "with", "from", "this", "which", "have", "has", "had",
    "said", "says", "were", "been", "their", "they", "them", "would", "could", "should",
    "not", "but", "its", "it", "who", "by", "are", "his", "she", "there", "than", "then",
    "when", "what", "after", "about", "into", "more", "other", "you", "our", "these",
    "those", "because", "while", "between", "against", "during", "being", "did", "does",
})
# Function words of other languages written in Latin script. English text with few English
# stopwords (a list of headlines, say) is only called foreign when it shows signs of another
# language: some of these words, or accented letters.
_FOREIGN_STOPWORDS = frozenset({
    "le", "la", "les", "des", "du", "et", "une", "est", "que", "qui", "dans", "pour", "sur",
    "au", "aux", "avec", "il", "elle", "el", "los", "las", "del", "y", "en", "una", "por",
    "con", "para", "se", "al", "es", "su", "der", "die", "das", "und", "den", "dem", "ist",
    "nicht", "mit", "sich", "auf", "für", "ein", "eine", "zu", "von", "im", "di", "che",
    "e", "gli", "per", "della", "non", "sono", "o", "os", "do", "da", "dos", "em",
    "um", "uma", "com", "não", "na", "no", "het", "een", "van", "dat", "op", "te",
    "voor", "zijn", "och", "att", "det", "som", "är", "på", "av", "för", "og", "er", "til",
    "w", "z", "się", "że", "nie", "jest", "yang", "dan", "ini", "itu", "dengan",
    "untuk", "dari", "ve", "bir", "bu", "ile", "için", "și", "în", "cu", "pe", "care",
})
_MIN_FOREIGN_SHARE = 0.03
_MIN_ACCENTED_SHARE = 0.01  # share of non-ASCII letters among letters
_MIN_WORDS_FOR_STOPWORDS = 20
_MIN_STOPWORD_SHARE = 0.03
_MIN_ASCII_LETTER_SHARE = 0.6
_MIN_ARTICLE_WORDS = 3  # HTML extraction shorter than this is a stray menu link, not text
_SHORT_ARTICLE_WORDS = 50  # HTML extraction shorter than this is checked in precision mode
_LANG_SAMPLE = 50_000  # characters looked at by the language check (keeps 10 MB fast)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One document to extract from. `text` is what character offsets refer to."""

    text: str
    name: str  # the input as the user knows it: path, "<stdin>", "<stdin> line 3"
    id: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD when known
    url: str | None = None
    outlet: str | None = None  # the site or publisher ("Reuters", "example.org")
    # Where `published` came from: "page" (HTML metadata), "feed" (the RSS/Atom entry),
    # "record" (a JSONL field), "dateline" (a date line at the top of the text), "given"
    # (--published). None when there is no date.
    date_source: str | None = None
    nul_replaced: int = 0  # NUL characters of the input, each replaced by U+FFFD


NUL_REPLACEMENT = "\ufffd"


def replace_nul(text: str) -> tuple[str, int]:
    """The text with each NUL character replaced by U+FFFD, and how many there were. One
    character for one, so offsets are unchanged; no database keeps a NUL intact (SQLite
    reads the text back cut at it, PostgreSQL refuses it)."""
    count = text.count("\x00")
    return (text.replace("\x00", NUL_REPLACEMENT), count) if count else (text, 0)


@dataclass(frozen=True, slots=True)
class LineError:
    """A JSONL line that cannot be used; the batch goes on without it."""

    line: int  # 1-based, blank lines counted
    id: str | None
    error: str  # one line: "<stdin> line 2: not valid JSON (...)"


# --------------------------------------------------------------------------- files


def load_path(path: str) -> SourceDocument:
    """Read a text or HTML document from a path, or from standard input when `path` is "-".

    Raises InputError with a one-line message naming the input.
    """
    if path == "-":
        data = _read_stdin()
        name = STDIN
    else:
        name = path
        data = _read_file(path)
    text = decode_bytes(data, name)
    document = parse_html(text, name) if looks_like_html(text, path) else text_document(
        text, name)
    check_english(document.text, name)
    return document


def text_document(text: str, name: str) -> SourceDocument:
    """A plain-text document: its title from a markdown heading, its date from a dateline."""
    published = dateline_date(text)
    return SourceDocument(text=text, name=name, title=markdown_title(text),
                          published=published, date_source="dateline" if published else None)


# A date line at the top of a text: "August 1, 2024", "Wednesday, February 12, 2025",
# "FOR IMMEDIATE RELEASE - July 23, 2025", "Washington, DC, March 28, 2025", "Published:
# 2025-02-10", or a wire dateline "WASHINGTON, Feb. 8, 2025 — ...". Only dates that name
# their year count: "Feb 8 —" alone could be any year. Written here rather than with
# dateparser.search, which would also pick dates out of the body's sentences.
_MONTH_NUMBERS = {
    name: number for number, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_FORMS = (
    rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}",  # February 10, 2025
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}",  # 10 February 2025
    rf"{_YEAR}-(?P<mnum>\d\d)-(?P<day>\d\d)",  # 2025-02-10
)
_DATE_LINE = [re.compile(rf"^[^\n]{{0,60}}?\b{form}[ \t.]*$", re.I | re.M)
              for form in _DATE_FORMS]
_DATELINE = [re.compile(rf"\A[^\n]{{0,60}}?\b{form}\s*(?:\([^)\n]{{1,30}}\)\s*)?[—–-]",
                        re.I) for form in _DATE_FORMS]
_DATE_LINES_LOOKED_AT = 6


def dateline_date(text: str) -> str | None:
    """The date (YYYY-MM-DD) a text states at its top, on a line of its own among the first
    six lines or as the dateline opening its first line; None when it states none."""
    head = "\n".join(text.lstrip().split("\n", _DATE_LINES_LOOKED_AT)[:_DATE_LINES_LOOKED_AT])
    for pattern in _DATELINE:
        match = pattern.match(head)
        if match and (found := _iso(match)):
            return found
    for line in head.split("\n"):
        if len(line) > 100:
            continue
        for pattern in _DATE_LINE:
            match = pattern.match(line.strip())
            if match and (found := _iso(match)):
                return found
    return None


def _iso(match: re.Match[str]) -> str | None:
    import datetime as dt

    fields = match.groupdict()
    month = (int(fields["mnum"]) if fields.get("mnum")
             else _MONTH_NUMBERS[fields["month"].lower()])
    try:
        return dt.date(int(fields["year"]), month, int(fields["day"])).isoformat()
    except ValueError:
        return None


MARKDOWN_HEADING = re.compile(r"\A\s*#[ \t]+(\S[^\n]*?)[ \t#]*$", re.M)


def markdown_title(text: str) -> str | None:
    """The title of a text that opens with a markdown heading ("# Leaders meet in Rome")."""
    match = MARKDOWN_HEADING.match(text)
    return match.group(1).strip() if match else None


def _read_stdin() -> bytes:
    if sys.stdin is None:  # e.g. started with stdin closed
        raise InputError(f"{STDIN}: standard input is closed")
    # Read one byte past the limit: enough to know the input is too big, never more.
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        data = buffer.read(MAX_BYTES + 1)
    else:  # a text-only stand-in (some test runners): its characters as UTF-8
        data = sys.stdin.read(MAX_BYTES + 1).encode("utf-8", "surrogateescape")
    if len(data) > MAX_BYTES:
        raise InputError(f"{STDIN}: input is over the {LIMIT_TEXT} limit")
    return data


def _read_file(path: str) -> bytes:
    try:
        info = Path(path).stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied (cannot read the file)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory (give a file, or - for standard input)")
    # Check the size before reading, so a huge file costs nothing. (Pipes and process
    # substitution report size 0; the bounded read below covers them.)
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
        raise InputError(f"{path}: file is {_megabytes(info.st_size)}, over the {LIMIT_TEXT} limit")
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory (give a file, or - for standard input)"
                         ) from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:  # grew since stat, or not a regular file
        raise InputError(f"{path}: input is over the {LIMIT_TEXT} limit")
    return data


def _megabytes(size: int) -> str:
    # Decimal megabytes: anything over the 10 MiB limit then shows as 10.5 MB or more,
    # never as a confusing "10.0 MB, over the 10 MB limit".
    return f"{size / 1_000_000:.1f} MB"


# --------------------------------------------------------------------------- bytes → text


def decode_bytes(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (a BOM is dropped), else a detected legacy encoding.

    Line endings become "\\n"; nothing else changes. Raises InputError for empty input,
    binary data, and whitespace-only text.
    """
    if not data:
        what = "input" if name == STDIN else "file"
        raise InputError(f"{name}: empty {what} (0 bytes)")
    text = _decode(data, name)
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(f"{name}: empty document (only whitespace)")
    return text


def _decode(data: bytes, name: str) -> str:
    if data.startswith(_MAGIC):
        raise InputError(f"{name}: {BINARY_MESSAGE}")
    # UTF-16/32 hold NUL bytes, so their BOMs are honoured before the binary check.
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{name}: {BINARY_MESSAGE}") from None
            return text
    if _is_binary(data):
        raise InputError(f"{name}: {BINARY_MESSAGE}")
    try:
        return data.decode("utf-8-sig")  # also drops a UTF-8 BOM
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    return _decode_legacy(data, name)


def _is_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > _CONTROL_SHARE * len(sample)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, as browsers read it."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # Browsers read "iso-8859-1" and "us-ascii" pages as windows-1252 (WHATWG encoding spec).
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def _decode_legacy(data: bytes, name: str) -> str:
    sample = data[:_SAMPLE]
    non_space = len(sample.translate(None, b" \t\n\r")) or 1
    high = len(sample.translate(None, bytes(range(0x80))))
    if high / non_space < _WESTERN_HIGH_SHARE:
        # Mostly ASCII with a few accents or curly quotes: a Western single-byte
        # encoding. Statistical detection misreads such short runs (é → щ in cp1125),
        # and for English text Windows-1252 is by far the likeliest. It agrees with
        # Latin-1 on 0xa0-0xff and has the curly quotes and dashes in 0x80-0x9f.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
            return data.decode("latin-1")
    # Mostly non-ASCII: another script (Cyrillic, Japanese, ...). Detect it, so the
    # language check can say "not English" rather than show mojibake.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: {BINARY_MESSAGE}")
    return str(best)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; offsets refer to the text after this."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- checks


def looks_like_html(text: str, path: str = "") -> bool:
    """An .html/.htm path, or text that starts like an HTML page or has a <body>."""
    if path.lower().endswith(HTML_SUFFIXES):
        return True
    head = text[:4096].lstrip().lower()
    return (head.startswith(("<!doctype html", "<html"))
            or "<body" in text[:_SAMPLE].lower())


def check_english(text: str, name: str) -> None:
    """Raise InputError when the text is clearly not English. Cheap: looks at letters and
    a handful of stopwords in the first 50,000 characters; short texts pass."""
    problem = english_problem(text)
    if problem is not None:
        raise InputError(f"{name}: {problem}")


def english_problem(text: str) -> str | None:
    """NOT_ENGLISH_MESSAGE when the text is clearly in another language, else None."""
    words = _WORD.findall(text[:_LANG_SAMPLE])
    letters = sum(len(word) for word in words)
    if not letters:
        return None  # numbers and symbols only: nothing to judge
    non_ascii = sum(1 for word in words for ch in word if not ch.isascii())
    if (letters - non_ascii) / letters < _MIN_ASCII_LETTER_SHARE:
        return NOT_ENGLISH_MESSAGE  # another script: Cyrillic, Arabic, CJK, Greek, ...
    if len(words) < _MIN_WORDS_FOR_STOPWORDS:
        return None  # too short to judge by stopwords
    lowered = [word.lower() for word in words]
    if sum(word in _STOPWORDS for word in lowered) >= _MIN_STOPWORD_SHARE * len(words):
        return None
    foreign = sum(word in _FOREIGN_STOPWORDS for word in lowered)
    if foreign >= _MIN_FOREIGN_SHARE * len(words) or non_ascii >= _MIN_ACCENTED_SHARE * letters:
        return NOT_ENGLISH_MESSAGE  # Latin script, no English function words, foreign ones
    return None


# --------------------------------------------------------------------------- HTML


def parse_html(html: str, name: str) -> SourceDocument:
    """The main article text of an HTML page (no navigation, ads, footer), with its title,
    publication date (YYYY-MM-DD) and canonical URL when the page gives them."""
    fields = _trafilatura(html, name)
    text = normalise_newlines(fields.get("text") or "")
    words = len(text.split())
    # On a page with no article trafilatura falls back to whatever text there is (menu
    # links, an ad). A short result is therefore checked again in precision mode, which
    # returns nothing for such boilerplate but keeps a genuine short article.
    if words < _SHORT_ARTICLE_WORDS and (
            words < _MIN_ARTICLE_WORDS or not _trafilatura(html, name, precision=True)):
        text = ""
    title = _clean(fields.get("title"))
    text = _without_headline(text, title)
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    return SourceDocument(
        text=text,
        name=name,
        title=title,
        published=(published := _clean(fields.get("date"))),
        date_source="page" if published else None,
        url=_clean(fields.get("url")),
        outlet=_clean(fields.get("sitename")),
    )


def _without_headline(text: str, title: str | None) -> str:
    """The article text without its first line when that line is the page's headline: the
    headline is the document's title, and left in the text it would be read as a second
    report of the first paragraph (one pledge, two events)."""
    first, newline, rest = text.lstrip().partition("\n")
    if not title or not newline or not rest.strip():
        return text
    line, headline = " ".join(first.split()).casefold(), title.casefold()
    if line == headline or (len(line) >= 20 and headline.startswith(line)):
        return rest.lstrip("\n")
    return text


def _trafilatura(html: str, name: str, precision: bool = False) -> dict[str, Any]:
    """trafilatura's fields as a dict ({} when it finds nothing); 2.x returns a Document."""
    import trafilatura  # slow to import: only when a page is actually read

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=not precision,
            include_comments=False,
            favor_precision=precision,
            # Only dates the page states in its markup (meta tags, JSON-LD, <time>, URL):
            # a date guessed from the body text would anchor "on Tuesday" wrongly.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except ValueError:  # trafilatura's way of saying "nothing usable"
        return {}
    except Exception as error:  # lxml and trafilatura raise assorted errors on odd markup
        raise InputError(
            f"{name}: cannot parse the HTML ({type(error).__name__}: {error})") from None
    if result is None:
        return {}
    fields = result if isinstance(result, dict) else result.as_dict()
    return fields if (fields.get("text") or "").strip() else {}


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


# --------------------------------------------------------------------------- JSONL


def iter_jsonl(stream: TextIO | BinaryIO, name: str = STDIN
               ) -> Iterator[SourceDocument | LineError]:
    """One item per non-blank line, in order: a SourceDocument, or a LineError saying why
    the line cannot be used. Never raises for a bad line, so a batch always finishes.

    Each line is a JSON object: "text" (required) and optional "id", "published", "title",
    "url". Blank lines are skipped but counted, so line numbers match the file's.
    """
    number = 0
    while True:
        raw = stream.readline(MAX_LINE)
        if not raw:
            return
        number += 1
        if len(raw) >= MAX_LINE and not _ends_line(raw):
            _skip_rest_of_line(stream)
            yield LineError(number, None, f"{name} line {number}: line is longer than "
                            f"{_megabytes(MAX_LINE)}, over the {LIMIT_TEXT} limit for a text")
            continue
        yield from _parse_line(raw, number, name)


def _ends_line(raw: str | bytes) -> bool:
    return raw.endswith(b"\n" if isinstance(raw, bytes) else "\n")


def _skip_rest_of_line(stream: TextIO | BinaryIO) -> None:
    while True:
        chunk = stream.readline(MAX_LINE)
        if not chunk or _ends_line(chunk):
            return


def _parse_line(raw: str | bytes, number: int, name: str
                ) -> Iterator[SourceDocument | LineError]:
    where = f"{name} line {number}"
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            yield LineError(number, None, f"{where}: not valid UTF-8 (byte {error.start + 1})")
            return
    else:
        line = raw.removeprefix("\ufeff") if number == 1 else raw
    if not line.strip():
        return  # blank line: skipped, but it still counts for the numbering
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        yield LineError(number, None,
                        f"{where}: not valid JSON ({error.msg} at column {error.colno})")
        return
    except RecursionError:
        yield LineError(number, None, f"{where}: not valid JSON (nested too deeply)")
        return
    if not isinstance(record, dict):
        yield LineError(number, None,
                        f"{where}: expected a JSON object, got {_json_type(record)}")
        return
    yield _record_to_document(record, number, where)


def _record_to_document(record: dict[str, Any], number: int, where: str
                        ) -> SourceDocument | LineError:
    raw_id = record.get("id")
    doc_id: str | None = None
    if isinstance(raw_id, str):
        doc_id = raw_id
    elif isinstance(raw_id, int | float) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)  # numeric ids are common in exports; keep them as text
    elif raw_id is not None:
        return LineError(number, None,
                         f'{where}: "id" must be a string or number, got {_json_type(raw_id)}')
    if doc_id is not None:
        where = f"{where} (id {json.dumps(doc_id, ensure_ascii=False)})"

    def error(problem: str) -> LineError:
        return LineError(number, doc_id, f"{where}: {problem}")

    if "text" not in record:
        return error('no "text" field')
    text = record["text"]
    if not isinstance(text, str):
        return error(f'"text" must be a string, got {_json_type(text)}')
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # JSON "\ud800": a lone surrogate cannot be written out
        return error('"text" holds invalid Unicode (a lone surrogate)')
    if size > MAX_BYTES:
        return error(f'"text" is {_megabytes(size)}, over the {LIMIT_TEXT} limit')
    if not text.strip():
        return error('empty "text"')
    optional: dict[str, str | None] = {}
    for key in ("published", "title", "url", "outlet"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return error(f'"{key}" must be a string, got {_json_type(value)}')
        optional[key] = value or None
    text, nul = replace_nul(normalise_newlines(text))
    problem = english_problem(text)
    if problem is not None:
        return error(problem)
    return SourceDocument(text=text, name=where, id=doc_id, **optional,
                          date_source="record" if optional["published"] else None,
                          nul_replaced=nul)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
