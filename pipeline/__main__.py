"""``python -m pipeline`` is the ``leaderwatch`` command."""

from pipeline.cli import main

raise SystemExit(main())
