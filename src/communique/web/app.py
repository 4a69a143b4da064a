"""`communique serve`: the JSON API under /api/v1 and the HTML pages, one FastAPI app.

Every page has a JSON twin served by the same query (`communique.queries`). All text from
documents is escaped by Jinja2's autoescaping; the pages load scripts from this origin only
(a Content-Security-Policy without 'unsafe-inline'); clients never see a stack trace, only
a JSON error with a request id that the server's log also shows; writing (POST
/api/v1/documents, the /add page) needs COMMUNIQUE_WRITE_TOKEN.
"""

from __future__ import annotations

import functools
import hmac
import logging
import secrets
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique import queries
from communique.errors import CommuniqueError
from communique.web import models

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MAX_UPLOAD = 10 * 1024 * 1024  # the documented input limit
log = logging.getLogger("communique.web")


def create_app(db_url: str | None = None, write_token: str | None = None) -> FastAPI:
    """The application over the database at `db_url` (default: $COMMUNIQUE_DB or
    communique.db). Writing is enabled only with a `write_token`."""
    from communique.store import Store

    store = Store.open(db_url)
    app = FastAPI(title="communique", version=_version(), docs_url=None, redoc_url=None,
                  description="Who did, said and promised what to whom.")
    app.state.store = store
    app.state.write_token = write_token or None
    app.state.extractor = None
    app.state.extractor_lock = threading.Lock()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["money"] = _money
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        request.state.request_id = secrets.token_hex(6)
        try:
            response = await call_next(request)
        except Exception:
            log.exception("request %s failed", request.state.request_id)
            response = JSONResponse(
                {"error": "internal error", "request_id": request.state.request_id},
                status_code=500)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Request-Id"] = request.state.request_id
        return response

    def error_page(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "request_id": request.state.request_id},
                                status_code=status)
        return templates.TemplateResponse(request, "error.html", {
            "status": status, "message": message, "request_id": request.state.request_id},
            status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body"))
        return error_page(request, 400, f"{where or 'body'}: {first.get('msg', 'invalid')}")

    @app.exception_handler(CommuniqueError)
    async def input_error(request: Request, exc: CommuniqueError) -> Response:
        from communique.store import StoreError

        if isinstance(exc, StoreError):  # the database failed: the server's fault
            log.error("request %s: %s", request.state.request_id, exc)
            return error_page(request, 503, "the database is not available")
        return error_page(request, 400, str(exc))

    def page(request: Request, name: str, **context: Any) -> Response:
        return templates.TemplateResponse(request, name, {
            "writable": app.state.write_token is not None, **context})

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        """Swagger UI from vendored files; its inline start-up script allowed by hash."""
        import base64
        import hashlib
        import re

        from fastapi.openapi.docs import get_swagger_ui_html

        html = get_swagger_ui_html(openapi_url="/openapi.json", title="communique API",
                                   swagger_js_url="/static/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui.css",
                                   swagger_favicon_url="data:,").body.decode()
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            + "'" for script in re.findall(r"<script>(.*?)</script>", html, re.S))
        response = HTMLResponse(html)
        response.headers["Content-Security-Policy"] = CSP.replace(
            "script-src 'self'", f"script-src 'self' {hashes}")
        return response

    # ------------------------------------------------------------------ API
    # Every answer has a model (communique.web.models) and every error status the schema
    # lists: 400 for bad input (a parameter of the wrong type included: FastAPI's 422 is
    # answered as 400 too, see `_openapi`), 404 for an unknown id, 503 when the database
    # fails.

    @app.get("/api/v1/stats", responses=_errors())
    def api_stats() -> dict[str, int]:
        return queries.stats(store)

    @app.get("/api/v1/documents", response_model=models.DocumentPage, responses=_errors(400))
    def api_documents(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        return queries.documents(store, limit=limit, offset=offset)

    @app.get("/api/v1/documents/{document_id}", response_model=models.Document,
             responses=_errors(404))
    def api_document(document_id: str) -> dict[str, Any]:
        found = queries.document(store, document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id!r}")
        return found

    @app.get("/api/v1/events", response_model=models.Page, responses=_errors(400))
    def api_events(actor: str | None = None, type: str | None = None,
                   since: str | None = None, until: str | None = None, limit: Limit = 50,
                   offset: Offset = 0) -> dict[str, Any]:
        return queries.events(store, actor=actor, type=type, since=_date(since),
                              until=_date(until), limit=limit, offset=offset)

    @app.get("/api/v1/commitments", response_model=models.Page, responses=_errors(400))
    def api_commitments(by: str | None = None, to: str | None = None,
                        topic: str | None = None, since: str | None = None,
                        until: str | None = None, limit: Limit = 50, offset: Offset = 0
                        ) -> dict[str, Any]:
        return queries.commitments(store, by=by, to=to, topic=topic, since=_date(since),
                                   until=_date(until), limit=limit, offset=offset)

    @app.get("/api/v1/tracks", response_model=models.Page, responses=_errors(400))
    def api_tracks(by: str | None = None, to: str | None = None, topic: str | None = None,
                   status: str | None = None, since: str | None = None,
                   until: str | None = None, limit: Limit = 50, offset: Offset = 0
                   ) -> dict[str, Any]:
        return queries.tracks(store, by=by, to=to, topic=topic, status=status,
                              since=_date(since), until=_date(until), limit=limit,
                              offset=offset)

    @app.get("/api/v1/tracks/{track_id}", response_model=models.Track, responses=_errors(404))
    def api_track(track_id: str) -> dict[str, Any]:
        found = queries.track(store, track_id)
        if found is None:
            raise HTTPException(404, f"no track {track_id!r}")
        return found

    @app.get("/api/v1/actors", response_model=models.ActorPage, responses=_errors(400))
    def api_actors(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        return queries.actors(store, limit=limit, offset=offset)

    @app.get("/api/v1/actors/{code}", response_model=models.ActorProfile, responses=_errors(404))
    def api_actor(code: str) -> dict[str, Any]:
        found = queries.actor_profile(store, code)
        if found is None:
            raise HTTPException(404, f"no actor {code!r}")
        return found

    @app.get("/api/v1/quotes", response_model=models.Page, responses=_errors(400))
    def api_quotes(speaker: str | None = None, limit: Limit = 50, offset: Offset = 0
                   ) -> dict[str, Any]:
        return queries.quotes(store, speaker=speaker, limit=limit, offset=offset)

    @app.get("/api/v1/stories", response_model=models.Stories, responses=_errors(400))
    def api_stories(min_sources: Annotated[int, Query(ge=1, le=BIG)] = 2,
                    limit: Limit = 50) -> dict[str, Any]:
        return queries.stories(store, min_sources=min_sources, limit=limit)

    @app.get("/api/v1/search", response_model=models.SearchResult, responses=_errors(400))
    def api_search(q: str = "", limit: Limit = 20) -> dict[str, Any]:
        return queries.search(store, q, limit=limit)

    @app.post("/api/v1/documents", status_code=201, response_model=models.Added,
              responses=_errors(400, 401, 403, 409, 413))
    def api_add(payload: models.NewDocument,
                authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        _check_token(app, (authorization or "").removeprefix("Bearer ").strip())
        if not payload.text.strip():
            raise HTTPException(400, 'a document needs a "text" (a non-empty string)')
        return _add(app, payload.text, payload.title, payload.published, payload.id)

    app.openapi = functools.partial(_openapi, app)  # type: ignore[method-assign]

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        return page(request, "home.html", stats=queries.stats(store),
                    recent=queries.documents(store, limit=10)["items"],
                    chart=_per_type(queries.events_per_type(store)))

    @app.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, q: str = "") -> Response:
        return page(request, "search.html", result=queries.search(store, q))

    @app.get("/documents", response_class=HTMLResponse)
    def documents_page(request: Request, offset: int = 0) -> Response:
        return page(request, "documents.html",
                    listing=queries.documents(store, limit=50, offset=offset))

    @app.get("/documents/{document_id}", response_class=HTMLResponse)
    def document_page(request: Request, document_id: str) -> Response:
        found = queries.document(store, document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id!r}")
        return page(request, "document.html", doc=found,
                    segments=queries.highlighted(found["text"], found["spans"]))

    @app.get("/commitments", response_class=HTMLResponse)
    def commitments_page(request: Request, by: str | None = None, to: str | None = None,
                         topic: str | None = None, status: str | None = None) -> Response:
        return page(request, "commitments.html", listing=queries.tracks(
            store, by=by or None, to=to or None, topic=topic or None, status=status or None,
            limit=MAX_ROWS), filters={"by": by or "", "to": to or "", "topic": topic or "",
                                      "status": status or ""})

    @app.get("/commitments/{track_id}", response_class=HTMLResponse)
    def track_page(request: Request, track_id: str) -> Response:
        found = queries.track(store, track_id)
        if found is None:
            raise HTTPException(404, f"no track {track_id!r}")
        return page(request, "track.html", track=found, timeline=_timeline(found))

    @app.get("/actors/{code}", response_class=HTMLResponse)
    def actor_page(request: Request, code: str) -> Response:
        found = queries.actor_profile(store, code)
        if found is None:
            raise HTTPException(404, f"no actor {code!r}")
        return page(request, "actor.html", profile=found, activity=_activity(found))

    @app.get("/map", response_class=HTMLResponse)
    def map_page(request: Request) -> Response:
        from communique.web.worldmap import countries, places

        rows = queries.events(store, limit=MAP_EVENTS, max_limit=None)["items"]
        return page(request, "map.html", events=len(rows),
                    where={"places": places(rows), "countries": countries(rows)})

    @app.get("/add", response_class=HTMLResponse)
    def add_page(request: Request) -> Response:
        if app.state.write_token is None:
            raise HTTPException(403, "adding documents is disabled: start the server with "
                                     "COMMUNIQUE_WRITE_TOKEN set")
        return page(request, "add.html")

    @app.post("/add", response_class=HTMLResponse)
    async def add_submit(request: Request, token: Annotated[str, Form()] = "",
                         text: Annotated[str, Form()] = "",
                         title: Annotated[str, Form()] = "",
                         published: Annotated[str, Form()] = "",
                         file: UploadFile | None = None) -> Response:
        _check_token(app, token)
        if file is not None and file.filename:
            data = await file.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise HTTPException(413, "the file is over the 10 MB limit")
            from communique.ingest import decode_bytes

            text = decode_bytes(data, file.filename)
        if not text.strip():
            raise HTTPException(400, "paste a text or choose a file")
        added = _add(app, text, title or None, published or None, None)
        return page(request, "added.html", added=added)

    return app


MAX_ROWS = 200
BIG = 10**12  # far past any count of rows, and far inside SQLite's 64-bit integers
# Out of range is bad input (400), not a number the database cannot hold: `limit` past
# queries.MAX_LIMIT is still read as MAX_LIMIT, and below 1 as 1.
Limit = Annotated[int, Query(ge=-BIG, le=BIG)]
Offset = Annotated[int, Query(ge=-BIG, le=BIG)]
ERRORS = {400: "Bad input: a parameter or body of the wrong type or form.",
          401: "The write token is missing or wrong.",
          403: "Writing is disabled (no COMMUNIQUE_WRITE_TOKEN).",
          404: "Nothing has that id.", 409: "The text is already stored under another id.",
          413: "The text is over the 10 MB limit.",
          503: "The database is not available."}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers of an operation, each an `Error`; every one can get a 503."""
    return {status: {"model": models.Error, "description": ERRORS[status]}
            for status in (*statuses, 503)}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema without its 422 answers: this app answers invalid input with 400
    and an `Error` (see `bad_request`), and each operation lists its 400 itself."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        for path in schema["paths"].values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        components = schema.get("components", {}).get("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
    return app.openapi_schema
MAP_EVENTS = 20_000  # events placed on the map at most


def _money(amount: dict[str, Any] | None) -> str:
    """{"value": 1e12, "currency": "USD"} -> "$1 trillion", as the terminal report writes it."""
    if not amount:
        return ""
    from communique.report import format_amount

    return format_amount(float(amount["value"]), str(amount["currency"]))


def _version() -> str:
    from communique import __version__

    return __version__


def _date(value: str | None) -> str | None:
    if not value:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(400, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _check_token(app: FastAPI, given: str) -> None:
    expected = app.state.write_token
    if expected is None:
        raise HTTPException(403, "writing is disabled: start the server with "
                                 "COMMUNIQUE_WRITE_TOKEN set")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid write token is needed")


def _add(app: FastAPI, text: str, title: str | None, published: str | None,
         document_id: str | None) -> dict[str, Any]:
    """Extract and store one document, then link its commitments."""
    import hashlib

    from communique.ingest import MAX_BYTES, SourceDocument, english_problem, replace_nul
    from communique.linking import link_documents
    from communique.model import PIPELINE_VERSION
    from communique.store import content_sha256

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise HTTPException(413, "the text is over the 10 MB limit")
    problem = english_problem(text)
    if problem is not None:
        raise HTTPException(400, problem)
    text, _nul = replace_nul(text.replace("\r\n", "\n").replace("\r", "\n"))
    title = replace_nul(title)[0] if title else title
    published = _date(published)
    document_id = document_id or "web-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    store = app.state.store
    with app.state.extractor_lock:
        if store.has_content(content_sha256(text)):  # the same text under this id is replaced
            same = store.document(document_id)
            if same is None or same["text"] != text:
                raise HTTPException(409, "this text is already stored under another id")
        if app.state.extractor is None:
            from communique.pipeline import Extractor

            app.state.extractor = Extractor()
        document = app.state.extractor.extract(text, published=published, title=title,
                                               id=document_id)
        source = SourceDocument(text=text, name=f"web upload {document_id}", id=document_id,
                                title=title, published=published)
        result = store.write(source, document, PIPELINE_VERSION)
        link_documents(store, [document_id], fresh=result == "added")
    return {"id": document_id, "result": result, "events": len(document.events),
            "commitments": len(document.commitments)}


# The charts are drawn in the browser by static/charts.js (Apache ECharts) from the numbers
# below, which each page also shows as a table; they reach the script as a JSON data block
# (<script type="application/json">, never executed; `tojson` escapes <, > and &).
MONTHS = 24  # the charts show the last 24 months that have events


def _per_type(data: dict[str, Any]) -> dict[str, Any]:
    """Events per PLOVER type and month, the last MONTHS months: {"months", "types",
    "counts": {type: [per month]}, "totals": [per month]}, types without events left out."""
    months = data["months"][-MONTHS:]
    first = len(data["months"]) - len(months)
    counts = {t: data["counts"][t][first:] for t in data["types"]}
    counts = {t: row for t, row in counts.items() if any(row)}
    return {"months": months, "types": list(counts), "counts": counts,
            "totals": [sum(column) for column in zip(*counts.values(), strict=True)]
            if counts else []}


def _activity(profile: dict[str, Any], most: int = 16) -> dict[str, Any]:
    """An actor's events as source and as target per month (the last MONTHS months with
    either), and the `most` actors it deals with most, for the network."""
    from collections import Counter

    def per_month(rows: list[dict[str, Any]]) -> Counter[str]:
        return Counter(when[:7] for r in rows if (when := r["date"] or r["published"]))

    source = per_month(profile["events_as_source"])
    target = per_month(profile["events_as_target"])
    months = sorted(source.keys() | target.keys())[-MONTHS:]
    return {"actor": profile["actor"]["code"], "months": months,
            "source": [source[m] for m in months], "target": [target[m] for m in months],
            "network": profile["network"][:most]}


def _timeline(track: dict[str, Any]) -> dict[str, Any]:
    """A track's dated mentions (date, relation, outlet, evidence sentence) and, in its
    most used currency, the amounts promised and delivered at each."""
    from collections import Counter

    mentions = [m for m in track["mentions"] if m["published"]]
    currencies = Counter(a["currency"] for m in mentions for a in (m["amount"], m["delivered"])
                         if a)
    currency = currencies.most_common(1)[0][0] if currencies else None

    def value(amount: dict[str, Any] | None) -> float | None:
        return float(amount["value"]) if amount and amount["currency"] == currency else None

    def point(m: dict[str, Any]) -> dict[str, Any]:
        promised, delivered = value(m["amount"]), value(m["delivered"])
        return {"date": m["published"], "relation": m["relation"],
                "outlet": m["outlet"] or m["doc"], "evidence": m["evidence"]["text"],
                "promised": promised, "delivered": delivered,
                "promised_text": "" if promised is None else _money(m["amount"]),
                "delivered_text": "" if delivered is None else _money(m["delivered"])}

    return {"mentions": [point(m) for m in mentions], "currency": currency}
