"""``python -m api.cli``: the ``eklaim`` command line."""

from __future__ import annotations

import sys

from api.cli.main import main

sys.exit(main())
