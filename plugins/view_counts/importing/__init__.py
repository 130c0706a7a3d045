"""The ``invoke views-*`` tasks' import tooling: never imported by the build.

- ``sources``: one function per task (access logs, CSV exports, analytics APIs);
- ``job``: one import's files and its save, a small transaction an interruption cannot break;
- ``logs`` counts access-log lines, ``resume`` finds where a log imported before goes on;
- ``exports`` and ``analytics_api`` read GoatCounter's and Plausible's files and APIs;
- ``ledger`` records what was imported; ``counts_file`` writes the counts, comments kept;
- ``tally``: the counters each source prints.
"""

from .job import ImportRefused
from .sources import import_api, import_csv, import_logs

__all__ = ["ImportRefused", "import_api", "import_csv", "import_logs"]
