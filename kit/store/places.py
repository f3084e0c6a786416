"""Moved to `kit.places` (where the kit keeps its files), so finding a folder no longer loads the whole store.

Kept so that `from kit.store.places import ...` goes on working.
"""

from kit.places import *  # noqa: F403
from kit.places import __all__  # noqa: F401
