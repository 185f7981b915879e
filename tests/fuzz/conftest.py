"""Hypothesis settings for the fuzz tests: one profile, reproducible in CI.

In CI (`CI=true`) every run tries the same examples (`derandomize`) and keeps no example
database, so a failure seen there is seen again on a laptop with `CI=true`. Elsewhere the
examples vary from run to run and the failing ones are remembered in `.hypothesis/`.

The profile is not loaded globally (that would change the other hypothesis tests of the suite):
each fuzz test starts from it with `@settings(FUZZ, max_examples=...)`.
"""

import os

from hypothesis import HealthCheck, settings

PROFILE = "zoneinvest-fuzz"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

settings.register_profile(
    PROFILE,
    max_examples=100,
    deadline=None,  # the database makes single examples slow now and then; speed is not a property
    print_blob=True,
    **({"derandomize": True, "database": None} if IN_CI else {}),
    # The db / world fixtures are shared by the examples of one test on purpose: each example
    # makes its own rows (a new project, a new job) and never relies on an empty table.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
