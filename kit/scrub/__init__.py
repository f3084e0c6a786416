"""The scrubber: names (roster and introduced), numbers, addresses and links out of a text before it is saved.
`text` finds and replaces, `roster` knows names, `spelling` how a name sounds across scripts.
"""

from kit.scrub.text import (
    PLACEHOLDER_RE,
    PLACEHOLDERS,
    Removal,
    ScrubResult,
    clean_text,
    scrub,
)

__all__ = [
    "PLACEHOLDERS",
    "PLACEHOLDER_RE",
    "Removal",
    "ScrubResult",
    "clean_text",
    "scrub",
]
