"""Errors the user should see as one clear line, not as a traceback."""

from __future__ import annotations


class CommuniqueError(Exception):
    """A user-facing error: one line, names the input and the problem.

    The CLI prints `communique: error: <message>` and exits with `exit_code`.
    """

    exit_code = 2


class InputError(CommuniqueError):
    """An input document cannot be read: `<input name>: <problem>`,
    e.g. `article.txt: empty file (0 bytes)`."""
