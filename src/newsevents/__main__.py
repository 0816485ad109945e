"""``python -m newsevents``: the same command as ``newsevents``."""

from newsevents._cli import main

raise SystemExit(main())
