"""The ``eklaim`` command line (console script ``eklaim = "api.cli:main"``).

:mod:`api.cli.main` holds the typer app and :func:`main`; :mod:`api.cli.reverify` the
``eklaim reverify`` command's body and its progress screen.
"""

from __future__ import annotations

from api.cli.main import app, main

__all__ = ["app", "main"]
