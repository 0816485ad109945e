"""``python -m newsevents``: the same command as ``newsevents``."""

from ._cli import main

raise SystemExit(main())
