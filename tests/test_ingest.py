"""Reading inputs: encodings, bad files, HTML pages and JSONL batches (communique.ingest)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from communique.errors import CommuniqueError, InputError
from communique.ingest import (
    MAX_BYTES,
    LineError,
    SourceDocument,
    decode_bytes,
    iter_jsonl,
    load_path,
    parse_html,
)

ENGLISH = ("The foreign ministers of India and China agreed on Saturday to resume talks on "
           "their disputed border, according to a joint statement released in Beijing.")

FRENCH = (
    "Le ministre des Affaires étrangères a déclaré mardi que la France était prête à "
    "accueillir une conférence internationale sur la reconstruction de l'Ukraine. Selon lui, "
    "les pays européens doivent renforcer leur soutien militaire et financier à Kiev, alors "
    "que les négociations avec Moscou restent bloquées depuis plusieurs mois."
)

SPANISH = (
    "El ministro de Asuntos Exteriores anunció el martes que España enviará una delegación a "
    "Bruselas para negociar un nuevo acuerdo comercial con Marruecos. Según fuentes "
    "diplomáticas, las conversaciones se centrarán en la pesca y la inmigración."
)

GERMAN = (
    "Der Außenminister hat am Dienstag angekündigt, dass Deutschland weitere zwei Milliarden "
    "Euro für den Wiederaufbau der Ukraine bereitstellen wird. Die Bundesregierung wolle "
    "damit ein klares Signal an Moskau senden, sagte er nach einem Treffen in Berlin."
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ministers agree on border talks | World News</title>
<meta property="article:published_time" content="2025-02-08">
</head>
<body>
<nav class="menu"><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe now</a></li>
</ul></nav>
<div class="ad banner">Advertisement: Buy the best cheap flights today with SkyDeals!</div>
<article>
<h1>Ministers agree on border talks</h1>
<p>The foreign ministers of India and China agreed on Saturday to resume talks on their
disputed border, according to a joint statement released after a meeting in Beijing.</p>
<p>Indian External Affairs Minister S. Jaishankar said the two countries would hold a new
round of negotiations in March, and that both sides had committed to maintaining peace.</p>
<p>China pledged $2 billion in trade credits to ease the imbalance between the two
economies, the statement said.</p>
</article>
<footer class="footer"><p>Copyright 2025 World News Corp. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body>
</html>
"""

# The same page shell with no article in it: only menu, an ad and the footer.
EMPTY_PAGE = NEWS_PAGE[:NEWS_PAGE.index("<article>")] + NEWS_PAGE[NEWS_PAGE.index("<footer"):]


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return str(path)


def error_of(path: str) -> str:
    with pytest.raises(InputError) as caught:
        load_path(path)
    return str(caught.value)


# --------------------------------------------------------------------------- errors


def test_input_error_is_a_communique_error_with_exit_code_2() -> None:
    error = InputError("x.txt: no such file")
    assert isinstance(error, CommuniqueError)
    assert error.exit_code == 2
    assert str(error) == "x.txt: no such file"


# --------------------------------------------------------------------------- plain text


def test_plain_utf8_file_is_read_exactly(tmp_path: Path) -> None:
    path = write(tmp_path, "article.txt", "Café talks — “agreed”.\n" + ENGLISH + "\n")
    assert load_path(path) == SourceDocument(
        text="Café talks — “agreed”.\n" + ENGLISH + "\n", name=path)


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode())
    assert load_path(path).text == ENGLISH


def test_crlf_and_cr_line_endings_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path, "dos.txt", b"One line.\r\nTwo lines.\rThree.\r\n")
    assert load_path(path).text == "One line.\nTwo lines.\nThree.\n"


def test_windows_1252_curly_quotes_decode(tmp_path: Path) -> None:
    path = write(tmp_path, "cp1252.txt", b"Caf\xe9 \x93quoted\x94")
    assert load_path(path).text == "Café “quoted”"


def test_windows_1252_news_text_decodes(tmp_path: Path) -> None:
    text = "The minister said the caf\u00e9 in Z\u00fcrich was \u201cclosed\u201d \u2014 for now."
    path = write(tmp_path, "cp1252-news.txt", text.encode("cp1252"))
    assert load_path(path).text == text


def test_latin1_accents_decode(tmp_path: Path) -> None:
    text = "The na\u00efve r\u00e9sum\u00e9 of Se\u00f1or Garc\u00eda reached the ministry."
    path = write(tmp_path, "latin1.txt", text.encode("latin-1"))
    assert load_path(path).text == text


def test_utf16_with_bom_decodes(tmp_path: Path) -> None:
    path = write(tmp_path, "utf16.txt", ENGLISH.encode("utf-16"))
    assert load_path(path).text == ENGLISH


def test_decode_bytes_names_the_input() -> None:
    with pytest.raises(InputError, match=r"^memo: empty file \(0 bytes\)$"):
        decode_bytes(b"", "memo")


# --------------------------------------------------------------------------- bad files


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "article.txt", b"")
    assert error_of(path) == f"{path}: empty file (0 bytes)"


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.txt", b"  \n\t\r\n  \n")
    assert error_of(path) == f"{path}: empty document (only whitespace)"


def test_png_is_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert error_of(path) == f"{path}: binary file (not text or HTML)"


def test_pdf_is_binary_by_magic_number(tmp_path: Path) -> None:
    path = write(tmp_path, "report.pdf", b"%PDF-1.7\n" + ENGLISH.encode())
    assert error_of(path) == f"{path}: binary file (not text or HTML)"


def test_random_bytes_with_nuls_are_binary(tmp_path: Path) -> None:
    data = os.urandom(4096) + b"\x00\x00"
    path = write(tmp_path, "blob.bin", data)
    assert error_of(path) == f"{path}: binary file (not text or HTML)"


def test_control_bytes_without_nul_are_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "ctl.dat", bytes(range(1, 8)) * 200 + ENGLISH.encode())
    assert error_of(path) == f"{path}: binary file (not text or HTML)"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    expected = f"{folder}: is a directory (give a file, or - for standard input)"
    assert error_of(str(folder)) == expected


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "x.txt")
    assert error_of(path) == f"{path}: no such file"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", ENGLISH)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # chmod 000 does not stop root (CI containers), so the refusal is simulated.
    monkeypatch.setattr(Path, "open", denied)
    assert error_of(path) == f"{path}: permission denied (cannot read the file)"


def test_file_over_the_size_limit_is_refused_before_reading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MiB without writing them
        handle.truncate(50 * 1024 * 1024)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    assert error_of(str(path)) == f"{path}: file is 52.4 MB, over the 10 MB limit"


def test_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    sentence = (ENGLISH + "\n").encode()
    data = sentence * (MAX_BYTES // len(sentence))
    data += b" " * (MAX_BYTES - len(data))
    path = write(tmp_path, "big.txt", data)
    assert len(load_path(path).text) == MAX_BYTES


def test_stdin_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"a " * (MAX_BYTES // 2 + 1)))
    monkeypatch.setattr(sys, "stdin", stream)
    assert error_of("-") == "<stdin>: input is over the 10 MB limit"


def test_stdin_is_read_for_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ENGLISH.encode())))
    assert load_path("-") == SourceDocument(text=ENGLISH, name="<stdin>")


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert error_of("-") == "<stdin>: empty input (0 bytes)"


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize("text", [FRENCH, SPANISH, GERMAN], ids=["fr", "es", "de"])
def test_non_english_text_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "foreign.txt", text)
    assert error_of(path) == f"{path}: text is not English (communique reads English only)"


def test_non_latin_script_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "ru.txt", "Министр иностранных дел заявил во вторник, что встреча "
                                     "состоится в Женеве.")
    assert error_of(path) == f"{path}: text is not English (communique reads English only)"


def test_french_in_windows_1252_is_refused_as_not_english(tmp_path: Path) -> None:
    path = write(tmp_path, "fr-1252.txt", FRENCH.replace("'", "\u2019").encode("cp1252"))
    assert error_of(path) == f"{path}: text is not English (communique reads English only)"


def test_english_headlines_without_stopwords_pass(tmp_path: Path) -> None:
    text = ("UN Security Council votes; EU sanctions package; Houthis strike Red Sea ship; "
            "NATO summit Vilnius; G7 leaders meet Hiroshima; Ukraine grain deal collapse; "
            "Sudan ceasefire talks Jeddah; Iran nuclear deal")
    assert load_path(write(tmp_path, "headlines.txt", text)).text == text


def test_english_with_foreign_quotation_passes(tmp_path: Path) -> None:
    text = f"{ENGLISH} Le Monde reported the French minister as saying: «{FRENCH[:80]}»"
    assert load_path(write(tmp_path, "quote.txt", text)).text == text


# --------------------------------------------------------------------------- HTML


def test_html_page_gives_article_text_title_and_date(tmp_path: Path) -> None:
    document = load_path(write(tmp_path, "page.html", NEWS_PAGE))
    assert "agreed on Saturday to resume talks" in document.text
    assert "two countries would hold a new" in document.text
    assert "China pledged $2 billion in trade credits" in document.text
    for boilerplate in ("Subscribe now", "SkyDeals", "Copyright", "Privacy policy"):
        assert boilerplate not in document.text
    assert document.title == "Ministers agree on border talks"
    assert document.published == "2025-02-08"
    assert document.name.endswith("page.html")


def test_html_is_recognised_by_content_without_suffix(tmp_path: Path) -> None:
    document = load_path(write(tmp_path, "download", NEWS_PAGE))
    assert document.published == "2025-02-08"
    assert "<p>" not in document.text


def test_html_with_windows_1252_meta_charset(tmp_path: Path) -> None:
    page = NEWS_PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "a joint statement", "a \u201cjoint\u201d statement")
    document = load_path(write(tmp_path, "page.htm", page.encode("cp1252")))
    assert "a \u201cjoint\u201d statement" in document.text


def test_html_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path, "menu.html", EMPTY_PAGE)
    assert error_of(path) == f"{path}: no article text found in the HTML"


def test_html_with_empty_body() -> None:
    with pytest.raises(InputError, match=r"^page: no article text found in the HTML$"):
        parse_html("<html><body></body></html>", "page")


# --------------------------------------------------------------------------- JSONL


def test_jsonl_mixed_good_and_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a1", "text": ENGLISH, "published": "2025-02-08", "title": "Talks"}),
        "{not json",
        '{"id": "a3", "title": "no text here"}',
        "",
        '{"id": 5, "text": "Talks resume in Geneva."}',
    ]
    stream = io.BytesIO(("\n".join(lines) + "\n").encode())
    assert list(iter_jsonl(stream)) == [
        SourceDocument(text=ENGLISH, name='<stdin> line 1 (id "a1")', id="a1",
                       title="Talks", published="2025-02-08", date_source="record"),
        LineError(line=2, id=None, error="<stdin> line 2: not valid JSON "
                                         "(Expecting property name enclosed in double quotes "
                                         "at column 2)"),
        LineError(line=3, id="a3", error='<stdin> line 3 (id "a3"): no "text" field'),
        SourceDocument(text="Talks resume in Geneva.", name='<stdin> line 5 (id "5")', id="5"),
    ]


def test_jsonl_reads_text_streams_too() -> None:
    stream = io.StringIO('{"text": "Talks resume in Geneva."}\n')
    assert list(iter_jsonl(stream, "batch.jsonl")) == [
        SourceDocument(text="Talks resume in Geneva.", name="batch.jsonl line 1")]


@pytest.mark.parametrize(("line", "expected"), [
    ('["a list"]', "<stdin> line 1: expected a JSON object, got a list"),
    ('{"id": "x", "text": 42}', '<stdin> line 1 (id "x"): "text" must be a string, got a number'),
    ('{"id": "x", "text": "  "}', '<stdin> line 1 (id "x"): empty "text"'),
    ('{"text": "Hi", "title": 3}', '<stdin> line 1: "title" must be a string, got a number'),
    ('{"id": [1], "text": "Hi"}', '<stdin> line 1: "id" must be a string or number, got a list'),
    ('{"text": "Hi \\ud800"}', '<stdin> line 1: "text" holds invalid Unicode (a lone surrogate)'),
    (f'{{"id": "fr", "text": "{FRENCH}"}}',
     '<stdin> line 1 (id "fr"): text is not English (communique reads English only)'),
])
def test_jsonl_bad_record(line: str, expected: str) -> None:
    [item] = iter_jsonl(io.BytesIO(line.encode()))
    assert isinstance(item, LineError)
    assert (item.line, item.error) == (1, expected)


def test_jsonl_text_over_the_limit() -> None:
    line = json.dumps({"id": "big", "text": "a " * (MAX_BYTES // 2 + 1)}) + "\n"
    [item] = iter_jsonl(io.BytesIO(line.encode()))
    assert item == LineError(1, "big",
                             '<stdin> line 1 (id "big"): "text" is 10.5 MB, over the 10 MB limit')


def test_jsonl_invalid_utf8_line_does_not_stop_the_batch() -> None:
    data = b'{"text": "caf\xe9"}\n{"text": "Talks resume in Geneva."}\n'
    assert list(iter_jsonl(io.BytesIO(data))) == [
        LineError(1, None, "<stdin> line 1: not valid UTF-8 (byte 14)"),
        SourceDocument(text="Talks resume in Geneva.", name="<stdin> line 2"),
    ]


def test_jsonl_crlf_lines_and_bom() -> None:
    data = b'\xef\xbb\xbf{"text": "Line one.\\r\\nLine two."}\r\n'
    assert list(iter_jsonl(io.BytesIO(data))) == [
        SourceDocument(text="Line one.\nLine two.", name="<stdin> line 1")]


def test_an_html_headline_is_the_title_and_not_a_first_sentence_of_the_text(
        tmp_path: Path) -> None:
    page = write(tmp_path, "pledge.html", (
        "<html><head><title>Japan pledges $1 trillion investment in US</title></head><body>"
        "<article><h1>Japan pledges $1 trillion investment in US</h1>"
        "<p>Japan pledged on Friday to raise its investment in the United States to $1 "
        "trillion, Prime Minister Shigeru Ishiba told President Donald Trump.</p>"
        "<p>The two leaders also agreed to strengthen cooperation on semiconductors and "
        "artificial intelligence, according to a joint statement.</p></article></body></html>"))
    document = load_path(page)
    assert document.title == "Japan pledges $1 trillion investment in US"
    assert document.text.startswith("Japan pledged on Friday")
