"""The leaderwatch benchmark: ``python bench/run.py [--quick] [--json FILE]`` (also ``make bench``)."""
