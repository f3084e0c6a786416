"""The kit's exception family: every message says what went wrong and what to do next."""


class KitError(Exception):
    """An error a facilitator or coordinator can act on; shown as one line, never a traceback."""


class DataFileError(KitError):
    """A data file shipped with or added to the kit (activity, theme, glossary) is invalid."""


class SessionNotFound(KitError):
    """No session with that id or path exists in the sessions folder."""


class CorruptSession(KitError):
    """A session file cannot be read as a session log; it is left untouched."""


class NotFound(KitError):
    """An output, activity or other item named by id does not exist."""


class InputError(KitError):
    """Something typed or passed in is not acceptable (too long, empty, wrong value)."""
