"""``python -m pipeline.demo [--port N]``: serve the demo site until interrupted."""

from pipeline.demo.server import main

raise SystemExit(main())
