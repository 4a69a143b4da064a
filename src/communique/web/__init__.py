"""The web interface and REST API (`communique serve`); the only package that imports
FastAPI."""

from communique.web.app import create_app

__all__ = ["create_app"]
