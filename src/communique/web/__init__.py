"""The web interface and REST API (`communique serve`); the only package that imports
FastAPI."""

from typing import Any

from communique.web.app import create_app

__all__ = ["create_app", "local_client"]


def local_client(app: Any) -> Any:
    """An HTTP client that calls `app` in this process, without a network (what `bench
    --api` times): FastAPI's TestClient."""
    import warnings

    with warnings.catch_warnings():  # starlette would like httpx2, not a dependency here
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    return TestClient(app)
