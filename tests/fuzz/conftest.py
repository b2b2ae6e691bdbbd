"""Hypothesis profiles for the fuzz suite: bounded and repeatable by default, long on request.

`DOSSIER_FUZZ=long` runs many more examples from a fresh seed each time and keeps the failing ones
in `.hypothesis/` (ignored by git), so a crash found once is tried first on the next run. Both
profiles say every setting they rely on: hypothesis's own `ci` profile, loaded where `CI` is set,
would otherwise lend them its own.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
          HealthCheck.filter_too_much]

settings.register_profile(
    "bounded", max_examples=50, deadline=None, derandomize=True, database=None, suppress_health_check=_QUIET,
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, derandomize=False, print_blob=True, suppress_health_check=_QUIET,
    database=DirectoryBasedExampleDatabase(".hypothesis/examples"),
)
settings.load_profile("long" if os.environ.get("DOSSIER_FUZZ") == "long" else "bounded")
