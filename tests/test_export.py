"""Exports: CSV, JSON Lines and Parquet of the store's rows, and the GDELT 2.0 event table.

The rows are written by hand in the store's `export_rows` shapes; one test at the end
exports a real store.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from communique.export import (
    COLUMNS,
    FORMATS,
    GDELT_COLUMNS,
    KINDS,
    PARQUET_BATCH_ROWS,
    GdeltActor,
    export,
    gdelt_actor,
    gdelt_rows,
    goldstein,
    quad_class,
)

Row = dict[str, Any]

JAPAN = {"code": "JPN", "name": "Japan", "kind": "country", "country": "JPN"}
USA = {"code": "USA", "name": "United States", "kind": "country", "country": "USA"}
ISHIBA = {"code": "JPN", "name": "Shigeru Ishiba", "kind": "person", "country": "JPN"}
TRUMP = {"code": "USA", "name": "Donald Trump", "kind": "person", "country": "USA"}
UN = {"code": "UN", "name": "United Nations", "kind": "igo", "country": None}
RUSSIA = {"code": "RUS", "name": "Russia", "kind": "country", "country": "RUS"}
WASHINGTON = {"name": "Washington D.C.", "kind": "city", "country": "USA",
              "lat": 38.9, "lon": -77.04}


def event(event_id: int, document_id: str, **changes: Any) -> Row:
    """An events row in the store's export shape; `changes` override fields."""
    row: Row = {
        "event_id": event_id, "document_id": document_id, "date": "2025-02-07",
        "published": "2025-02-08", "type": "AGREE", "cameo": "031", "modality": "asserted",
        "source": [JAPAN], "target": [USA],
        "trigger": "pledged", "trigger_start": 10, "trigger_end": 17,
        "sentence": "Japan pledged to invest.", "sentence_start": 0, "sentence_end": 24,
        "location": WASHINGTON, "url": "https://www.example.com/a", "outlet": "Example Times",
        "ingested_at": "2025-02-08T10:00:00+00:00",
    }
    return row | changes


# Two documents report the same pledge; one more event falls back to its published date;
# one has no URL; one has no date at all (not in the GDELT export).
EVENTS: list[Row] = [
    event(1, "d1"),
    event(2, "d2", url="https://news.example.org/b", outlet=None,
          ingested_at="2025-02-09T09:30:00Z", trigger_start=3, trigger_end=10),
    event(3, "d2", date=None, published="2025-02-09", type="CONSULT", cameo="040",
          source=[ISHIBA], target=[TRUMP], location=None,
          url="https://news.example.org/b", outlet=None, ingested_at="2025-02-09T09:30:00Z"),
    event(4, "d3", date="2025-03-01", type="RETREAT", cameo="0874", source=[RUSSIA],
          target=[UN], location=None, url=None, outlet=None,
          ingested_at="2025-03-02T00:00:05+09:00"),
    event(5, "d4", date=None, published=None),
]
COMMITMENTS: list[Row] = [{
    "commitment_id": 1, "document_id": "d1", "published": "2025-02-08",
    "by": [JAPAN], "to": [USA], "action": "invest in the United States",
    "topic": "investment", "status": "new", "trigger": "pledged", "trigger_start": 6,
    "trigger_end": 13, "evidence_start": 0, "evidence_end": 60,
    "amount_value": 1e12, "amount_currency": "USD", "deadline": None,
    "url": "https://www.example.com/a",
}]
QUOTES: list[Row] = [{
    "quote_id": 7, "document_id": "d2", "published": "2025-02-09",
    "text": "We will stand together", "start": 101, "end": 123,
    "speaker": [ISHIBA, JAPAN], "speaker_name": "Shigeru Ishiba", "cue": "said",
    "url": None,
}]
ACTORS: list[Row] = [
    {"actor_id": 1, "name": "Japan", "kind": "country", "code": "JPN", "country": "JPN",
     "role": None, "documents": 3, "mentions": 12},
    {"actor_id": 2, "name": "Shigeru Ishiba", "kind": "person", "code": "JPN",
     "country": "JPN", "role": "Prime Minister", "documents": 2, "mentions": 4},
]
ROWS: dict[str, list[Row]] = {
    "events": EVENTS, "commitments": COMMITMENTS, "quotes": QUOTES, "actors": ACTORS,
}


def rows_for(kind: str) -> Iterator[Row]:
    """What `Store.export_rows` gives: a one-pass iterator per kind."""
    return iter(ROWS[kind])


def no_rows(kind: str) -> Iterator[Row]:
    return iter(())


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def gdelt_file(tmp_path: Path, source: Callable[[str], Iterable[Row]] = rows_for) -> list[
        list[str]]:
    [path] = export(source, "gdelt", tmp_path)
    assert path == tmp_path / "events.gdelt.csv"
    return [line.split("\t") for line in lines(path)]


# --------------------------------------------------------------------------- CSV


def test_csv_writes_one_file_per_kind(tmp_path: Path) -> None:
    paths = export(rows_for, "csv", tmp_path / "out")
    assert paths == [tmp_path / "out" / f"{kind}.csv" for kind in KINDS]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "actors.csv", "commitments.csv", "events.csv", "quotes.csv"]


def test_csv_events_flatten_actor_lists_and_location(tmp_path: Path) -> None:
    export(rows_for, "csv", tmp_path)
    text = lines(tmp_path / "events.csv")
    assert text[0] == (
        "event_id,document_id,date,published,type,cameo,modality,source_codes,source_names,"
        "target_codes,target_names,trigger,trigger_start,trigger_end,sentence,"
        "sentence_start,sentence_end,location_name,location_country,location_lat,"
        "location_lon,url,outlet,ingested_at")
    assert text[1] == (
        "1,d1,2025-02-07,2025-02-08,AGREE,031,asserted,JPN,Japan,USA,United States,"
        "pledged,10,17,Japan pledged to invest.,0,24,Washington D.C.,USA,38.9,-77.04,"
        "https://www.example.com/a,Example Times,2025-02-08T10:00:00+00:00")
    assert text[3] == (
        "3,d2,,2025-02-09,CONSULT,040,asserted,JPN,Shigeru Ishiba,USA,Donald Trump,"
        "pledged,10,17,Japan pledged to invest.,0,24,,,,,"
        "https://news.example.org/b,,2025-02-09T09:30:00Z")
    assert len(text) == 1 + len(EVENTS)


def test_csv_commitment_keeps_amount_and_joins_actors(tmp_path: Path) -> None:
    export(rows_for, "csv", tmp_path)
    with (tmp_path / "commitments.csv").open(encoding="utf-8", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert row == {
        "commitment_id": "1", "document_id": "d1", "published": "2025-02-08",
        "by_codes": "JPN", "by_names": "Japan", "to_codes": "USA",
        "to_names": "United States", "action": "invest in the United States",
        "topic": "investment", "status": "new", "trigger": "pledged", "trigger_start": "6",
        "trigger_end": "13", "evidence_start": "0", "evidence_end": "60",
        "amount_value": "1000000000000.0", "amount_currency": "USD", "deadline": "",
        "url": "https://www.example.com/a",
    }


def test_csv_quote_joins_several_speakers_with_semicolons(tmp_path: Path) -> None:
    export(rows_for, "csv", tmp_path)
    assert lines(tmp_path / "quotes.csv") == [
        "quote_id,document_id,published,text,start,end,speaker_codes,speaker_names,"
        "speaker_name,cue,url",
        "7,d2,2025-02-09,We will stand together,101,123,JPN;JPN,Shigeru Ishiba;Japan,"
        "Shigeru Ishiba,said,",
    ]


def test_csv_actors(tmp_path: Path) -> None:
    export(rows_for, "csv", tmp_path)
    assert lines(tmp_path / "actors.csv") == [
        "actor_id,name,kind,code,country,role,documents,mentions",
        "1,Japan,country,JPN,JPN,,3,12",
        "2,Shigeru Ishiba,person,JPN,JPN,Prime Minister,2,4",
    ]


def test_csv_of_an_empty_store_has_headers_only(tmp_path: Path) -> None:
    export(no_rows, "csv", tmp_path)
    for kind in KINDS:
        assert lines(tmp_path / f"{kind}.csv") == [",".join(COLUMNS[kind])]


def test_csv_quotes_fields_with_commas_and_quotes(tmp_path: Path) -> None:
    quote = QUOTES[0] | {"text": 'He said "yes", then left'}
    export(lambda kind: [quote] if kind == "quotes" else [], "csv", tmp_path)
    with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert row["text"] == 'He said "yes", then left'


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_round_trips_every_row_with_nested_values(tmp_path: Path) -> None:
    paths = export(rows_for, "jsonl", tmp_path)
    assert paths == [tmp_path / f"{kind}.jsonl" for kind in KINDS]
    for kind in KINDS:
        assert [json.loads(line) for line in lines(tmp_path / f"{kind}.jsonl")] == ROWS[kind]


def test_jsonl_keeps_key_order_and_unicode(tmp_path: Path) -> None:
    actor = ACTORS[0] | {"name": "Côte d'Ivoire"}
    export(lambda kind: [actor] if kind == "actors" else [], "jsonl", tmp_path)
    assert lines(tmp_path / "actors.jsonl") == [
        '{"actor_id": 1, "name": "Côte d\'Ivoire", "kind": "country", "code": "JPN", '
        '"country": "JPN", "role": null, "documents": 3, "mentions": 12}']
    assert lines(tmp_path / "events.jsonl") == []


# --------------------------------------------------------------------------- Parquet


def test_parquet_reads_back_as_the_flat_rows_with_types(tmp_path: Path) -> None:
    export(rows_for, "parquet", tmp_path)
    table = pq.read_table(tmp_path / "commitments.parquet")
    assert table.schema.field("commitment_id").type == pa.int64()
    assert table.schema.field("amount_value").type == pa.float64()
    assert table.schema.field("deadline").type == pa.string()
    assert table.to_pylist() == [{
        "commitment_id": 1, "document_id": "d1", "published": "2025-02-08",
        "by_codes": "JPN", "by_names": "Japan", "to_codes": "USA",
        "to_names": "United States", "action": "invest in the United States",
        "topic": "investment", "status": "new", "trigger": "pledged", "trigger_start": 6,
        "trigger_end": 13, "evidence_start": 0, "evidence_end": 60, "amount_value": 1e12,
        "amount_currency": "USD", "deadline": None, "url": "https://www.example.com/a",
    }]


def test_parquet_events_have_location_columns_and_nulls(tmp_path: Path) -> None:
    export(rows_for, "parquet", tmp_path)
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == list(COLUMNS["events"])
    assert table.schema.field("location_lat").type == pa.float64()
    assert table.schema.field("trigger_start").type == pa.int64()
    rows = table.to_pylist()
    assert len(rows) == len(EVENTS)
    assert rows[0] == {
        "event_id": 1, "document_id": "d1", "date": "2025-02-07",
        "published": "2025-02-08", "type": "AGREE", "cameo": "031", "modality": "asserted",
        "source_codes": "JPN", "source_names": "Japan", "target_codes": "USA",
        "target_names": "United States", "trigger": "pledged", "trigger_start": 10,
        "trigger_end": 17, "sentence": "Japan pledged to invest.", "sentence_start": 0,
        "sentence_end": 24, "location_name": "Washington D.C.", "location_country": "USA",
        "location_lat": 38.9, "location_lon": -77.04, "url": "https://www.example.com/a",
        "outlet": "Example Times", "ingested_at": "2025-02-08T10:00:00+00:00",
    }
    assert (rows[2]["date"], rows[2]["location_name"], rows[2]["location_lat"]) == (
        None, None, None)


def test_parquet_of_an_empty_store_has_the_schema_and_no_rows(tmp_path: Path) -> None:
    export(no_rows, "parquet", tmp_path)
    for kind in KINDS:
        table = pq.read_table(tmp_path / f"{kind}.parquet")
        assert table.num_rows == 0
        assert table.column_names == list(COLUMNS[kind])


def test_parquet_writes_large_exports_in_batches(tmp_path: Path) -> None:
    count = 2 * PARQUET_BATCH_ROWS + 1

    def many(kind: str) -> Iterator[Row]:
        if kind == "actors":
            for i in range(count):
                yield ACTORS[0] | {"actor_id": i + 1, "name": f"Actor {i + 1}"}

    export(many, "parquet", tmp_path)
    parquet = pq.ParquetFile(tmp_path / "actors.parquet")
    assert parquet.metadata.num_rows == count
    assert parquet.metadata.num_row_groups == 3
    assert parquet.read().column("name")[-1].as_py() == f"Actor {count}"


# --------------------------------------------------------------------------- GDELT


def test_gdelt_columns_follow_the_2_0_codebook() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:6] == (
        "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code")
    assert GDELT_COLUMNS[25:35] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[51:] == (
        "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
        "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long",
        "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL")


def test_gdelt_every_line_has_61_tab_separated_fields(tmp_path: Path) -> None:
    table = gdelt_file(tmp_path)
    assert len(table) == 3  # 5 events: two are one GDELT event, one has no date
    assert all(len(fields) == 61 for fields in table)


def test_gdelt_one_event_reported_by_two_documents_is_one_row(tmp_path: Path) -> None:
    first = gdelt_file(tmp_path)[0]
    assert first == [
        "1", "20250207", "202502", "2025", "2025.1041",
        "JPN", "JAPAN", "JPN", "", "", "", "", "", "", "",
        "USA", "UNITED STATES", "USA", "", "", "", "", "", "", "",
        "1", "031", "031", "03", "1", "5.2", "2", "2", "2", "0",
        "0", "", "", "", "", "", "", "",
        "0", "", "", "", "", "", "", "",
        "3", "Washington D.C.", "US", "", "", "38.9", "-77.04", "",
        "20250208100000", "https://www.example.com/a",
    ]


def test_gdelt_falls_back_to_published_and_codes_government_officials(
        tmp_path: Path) -> None:
    row = dict(zip(GDELT_COLUMNS, gdelt_file(tmp_path)[1], strict=True))
    assert (row["GLOBALEVENTID"], row["SQLDATE"], row["FractionDate"]) == (
        "2", "20250209", "2025.1096")
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"],
            row["Actor1Type1Code"]) == ("JPNGOV", "SHIGERU ISHIBA", "JPN", "GOV")
    assert (row["Actor2Code"], row["Actor2Name"]) == ("USAGOV", "DONALD TRUMP")
    assert (row["EventCode"], row["QuadClass"], row["GoldsteinScale"]) == ("040", "1", "1.0")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("1", "1", "1")
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"]) == ("0", "")
    assert (row["DATEADDED"], row["SOURCEURL"]) == (
        "20250209093000", "https://news.example.org/b")


def test_gdelt_four_digit_code_igo_target_and_document_without_url(tmp_path: Path) -> None:
    row = dict(zip(GDELT_COLUMNS, gdelt_file(tmp_path)[2], strict=True))
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == (
        "0874", "087", "08")
    assert (row["QuadClass"], row["GoldsteinScale"]) == ("2", "10.0")
    assert (row["Actor2Code"], row["Actor2Name"], row["Actor2CountryCode"],
            row["Actor2KnownGroupCode"], row["Actor2Type1Code"]) == (
        "IGOUNO", "UNITED NATIONS", "", "UNO", "IGO")
    assert row["DATEADDED"] == "20250301150005"  # 2025-03-02 00:00:05 +09:00 in UTC
    assert row["SOURCEURL"] == "communique:d3"


def test_gdelt_counts_mentions_articles_and_sources() -> None:
    rows = [
        event(1, "d1"),
        event(2, "d1", trigger_start=40),  # the same document says it twice
        event(3, "d2", url="https://www.example.com/c"),  # same outlet, another article
        event(4, "d3", outlet=None, url="https://example.com/d"),  # host example.com
        event(5, "d4", outlet=None, url=None),  # counted as its own source
    ]
    [fields] = gdelt_rows(rows)
    row = dict(zip(GDELT_COLUMNS, fields, strict=True))
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("5", "4", "3")


def test_gdelt_dateadded_and_sourceurl_come_from_the_earliest_ingestion() -> None:
    rows = [
        event(1, "d1", url="https://late.example/1", ingested_at="2025-02-10T00:00:00Z"),
        event(2, "d2", url="https://early.example/2", ingested_at="2025-02-08T06:00:00Z"),
    ]
    [fields] = gdelt_rows(rows)
    row = dict(zip(GDELT_COLUMNS, fields, strict=True))
    assert (row["DATEADDED"], row["SOURCEURL"]) == (
        "20250208060000", "https://early.example/2")


def test_gdelt_keeps_different_locations_and_days_apart() -> None:
    rows = [event(1, "d1"), event(2, "d2", location=None), event(3, "d3", date="2025-02-06")]
    assert [fields[0] for fields in gdelt_rows(rows)] == ["1", "2", "3"]


def test_gdelt_location_types_and_fips_country_codes() -> None:
    places = [
        {"name": "Tokyo", "kind": "city", "country": "JPN", "lat": 35.69, "lon": 139.69},
        {"name": "Crimea", "kind": "region", "country": "UKR", "lat": 45.3, "lon": 34.4},
        {"name": "Hawaii", "kind": "region", "country": "USA", "lat": 20.8, "lon": -156.3},
        {"name": "South China Sea", "kind": "sea", "country": None, "lat": 12.0,
         "lon": 113.0},
        {"name": "Norway", "kind": "country", "country": "NOR", "lat": None, "lon": None},
    ]
    rows = [event(i, f"d{i}", location=place) for i, place in enumerate(places, start=1)]
    geo = [fields[51:58] for fields in gdelt_rows(rows)]
    assert geo == [
        ["4", "Tokyo", "JA", "", "", "35.69", "139.69"],
        ["5", "Crimea", "UP", "", "", "45.3", "34.4"],
        ["2", "Hawaii", "US", "", "", "20.8", "-156.3"],
        ["4", "South China Sea", "", "", "", "12.0", "113.0"],
        ["1", "Norway", "NO", "", "", "", ""],
    ]


def test_gdelt_skips_events_without_a_day_or_a_cameo_code() -> None:
    rows = [
        event(1, "d1", date="2025-02", published=None),  # a month is not a day
        event(2, "d2", date=None, published=None),
        event(3, "d3", cameo=""),
        event(4, "d4", cameo="21"),
    ]
    assert list(gdelt_rows(rows)) == []


def test_gdelt_of_an_empty_store_is_an_empty_file(tmp_path: Path) -> None:
    assert gdelt_file(tmp_path, no_rows) == []
    assert (tmp_path / "events.gdelt.csv").read_bytes() == b""


def test_gdelt_replaces_tabs_and_newlines_in_names() -> None:
    rows = [event(1, "d1", source=[JAPAN | {"name": "Ja\tpan\nese"}])]
    [fields] = gdelt_rows(rows)
    assert fields[6] == "JA PAN ESE"


@pytest.mark.parametrize(("code", "value"), [
    ("031", 5.2), ("0874", 10.0), ("190", -10.0), ("042", 1.9), ("130", -4.4),
    ("0315", 5.2),  # not in the table: its base code 031
    ("099", -2.0),  # neither it nor a base: its root 09
])
def test_goldstein_value_of_a_code_then_its_base_then_its_root(code: str, value: float) -> None:
    assert goldstein(code) == value


@pytest.mark.parametrize(("code", "quad"), [
    ("010", 1), ("057", 1), ("060", 2), ("0874", 2), ("090", 3), ("130", 3), ("140", 4),
    ("204", 4),
])
def test_quad_class_from_the_root_code(code: str, quad: int) -> None:
    assert quad_class(code) == quad


@pytest.mark.parametrize(("actor", "expected"), [
    (JAPAN, GdeltActor("JPN", "JAPAN", "JPN", "", "")),
    ({"code": "ROU", "name": "Romania", "kind": "country", "country": "ROU"},
     GdeltActor("ROM", "ROMANIA", "ROM", "", "")),
    # Persons: GOV from the packaged gazetteer's role, or from a role in the dict.
    (ISHIBA, GdeltActor("JPNGOV", "SHIGERU ISHIBA", "JPN", "", "GOV")),
    ({"code": "FRA", "name": "Jeanne Martin", "kind": "person", "country": "FRA"},
     GdeltActor("FRA", "JEANNE MARTIN", "FRA", "", "")),
    ({"code": "FRA", "name": "Jeanne Martin", "kind": "person", "country": "FRA",
      "role": "Foreign Minister"}, GdeltActor("FRAGOV", "JEANNE MARTIN", "FRA", "", "GOV")),
    ({**ISHIBA, "role": "Former Prime Minister"}, GdeltActor("JPN", "SHIGERU ISHIBA", "JPN",
                                                             "", "")),
    ({"code": "NATO", "name": "NATO", "kind": "igo", "country": None},
     GdeltActor("IGONAT", "NATO", "", "NAT", "IGO")),
    ({"code": "AU", "name": "African Union", "kind": "igo", "country": None},
     GdeltActor("IGO", "AFRICAN UNION", "", "", "IGO")),
    ({"code": "UN", "name": "António Guterres", "kind": "person", "country": None,
      "role": "Secretary-General"}, GdeltActor("IGOUNO", "ANTÓNIO GUTERRES", "", "UNO",
                                               "IGO")),
    ({"code": "UNK", "name": "ECOWAS", "kind": "igo", "country": None},
     GdeltActor("IGOWAS", "ECOWAS", "", "WAS", "IGO")),
    ({"code": "UNK", "name": "Amnesty International", "kind": "organization",
      "country": None}, GdeltActor("NGOAMN", "AMNESTY INTERNATIONAL", "", "AMN", "NGO")),
    ({"code": "PSE", "name": "Hamas", "kind": "group", "country": "PSE"},
     GdeltActor("PSE", "HAMAS", "PSE", "HMS", "")),
    ({"code": "UNK", "name": "Islamic State", "kind": "group", "country": None},
     GdeltActor("", "ISLAMIC STATE", "", "", "")),
    (None, GdeltActor()),
])
def test_gdelt_actor_codes(actor: dict[str, Any] | None, expected: GdeltActor) -> None:
    assert gdelt_actor(actor) == expected


# --------------------------------------------------------------------------- misc


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(rows_for, "xml", tmp_path)
    assert not any(tmp_path.iterdir())


def test_a_failing_export_leaves_no_partial_file(tmp_path: Path) -> None:
    def broken(kind: str) -> Iterator[Row]:
        yield EVENTS[0]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        export(broken, "csv", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_every_format_is_exported(tmp_path: Path) -> None:
    for fmt in FORMATS:
        assert all(p.is_file() for p in export(rows_for, fmt, tmp_path / fmt))


# --------------------------------------------------------------------------- a real store


def test_exports_a_stored_document_in_every_format(tmp_path: Path, extractor: Any) -> None:
    from communique.ingest import SourceDocument
    from communique.model import PIPELINE_VERSION
    from communique.store import Store

    text = (Path(__file__).parent.parent / "examples" / "japan-us-summit-2025-02.txt"
            ).read_text(encoding="utf-8")
    doc = extractor.extract(text, published="2025-02-10", id="seed")
    with Store.open("sqlite:///" + str(tmp_path / "c.db")) as store:
        store.write(SourceDocument(text=text, name="seed", id="seed", published="2025-02-10"),
                    doc, PIPELINE_VERSION)
        for fmt in FORMATS:
            export(store.export_rows, fmt, tmp_path / fmt)
        stored = {kind: list(store.export_rows(kind)) for kind in KINDS}

    assert len(stored["events"]) == len(doc.events)
    for kind in KINDS:
        assert [json.loads(line) for line in lines(tmp_path / "jsonl" / f"{kind}.jsonl")] \
            == stored[kind]
        with (tmp_path / "csv" / f"{kind}.csv").open(encoding="utf-8", newline="") as f:
            assert len(list(csv.reader(f))) == 1 + len(stored[kind])  # fields may hold \n
        assert pq.read_table(tmp_path / "parquet" / f"{kind}.parquet").num_rows \
            == len(stored[kind])
    table = [line.split("\t") for line in lines(tmp_path / "gdelt" / "events.gdelt.csv")]
    assert table and all(len(fields) == 61 for fields in table)
    assert sum(int(fields[31]) for fields in table) == len(doc.events)  # NumMentions
    assert {fields[5] for fields in table} <= {"JPN", "USA", "JPNGOV", "USAGOV"}
    assert {fields[60] for fields in table} == {"communique:seed"}


# --------------------------------------------------------------------------- formulas

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def hostile(value: Any, n: int) -> Any:
    """Every text inside a row (actor names, locations, sentences, urls) as a formula."""
    if isinstance(value, str):
        return f"{FORMULA_STARTS[n % len(FORMULA_STARTS)]}HYPERLINK(\"http://x\",\"{value}\")"
    if isinstance(value, dict):
        return {k: hostile(v, n + i) for i, (k, v) in enumerate(value.items())}
    if isinstance(value, list):
        return [hostile(v, n + i) for i, v in enumerate(value)]
    return value


def hostile_rows(kind: str) -> Iterator[Row]:
    return iter([hostile(row, 0) for row in ROWS[kind]])


def is_number(cell: str) -> bool:
    """-77.04 is a longitude: a number in a CSV is no formula."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def csv_cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("kind", KINDS)
def test_every_csv_text_column_is_neutralised_against_formulas(tmp_path: Path,
                                                               kind: str) -> None:
    export(hostile_rows, "csv", tmp_path)
    rows = csv_cells(tmp_path / f"{kind}.csv")
    texts = 0
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS) or is_number(cell), (column, cell)
            if cell.startswith("'") and "HYPERLINK" in cell:
                assert cell[1] in FORMULA_STARTS  # the apostrophe, then the text unchanged
                texts += 1
    # Every column that held text in the hostile rows was seen neutralised.
    hostile_columns = {c for row in rows for c, cell in row.items() if "HYPERLINK" in cell}
    assert texts >= len(hostile_columns) >= 3


def test_raw_csv_keeps_the_text_exactly(tmp_path: Path) -> None:
    export(hostile_rows, "csv", tmp_path, raw=True)
    names = [row["name"] for row in csv_cells(tmp_path / "actors.csv")]
    assert names and all(name.startswith(FORMULA_STARTS) for name in names)


def test_numbers_are_not_numbers_with_an_apostrophe(tmp_path: Path) -> None:
    from communique.export import spreadsheet_safe

    assert spreadsheet_safe(-4.5) == -4.5
    assert spreadsheet_safe("-4.5 percent") == "'-4.5 percent"
    assert spreadsheet_safe("2025-02-10") == "2025-02-10"
    assert spreadsheet_safe(None) is None
