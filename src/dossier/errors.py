"""The library's exceptions; the CLI and the API translate them once, at their edge."""


class DossierError(Exception):
    """Base class: anything dossier raises on purpose."""


class UnreadableInput(DossierError):
    """An input item cannot become a Document; the message is the reason shown to the user."""


class UnsupportedFormat(DossierError):
    """An export or input format dossier does not know; the message lists the valid ones."""


class StoreError(DossierError):
    """The store cannot be opened or written as asked."""


class InvalidFilter(DossierError):
    """A query filter names a value dossier does not know; the message lists the accepted ones."""


class FetchError(DossierError):
    """A URL could not be fetched (network, HTTP status, a size or time limit); the message says why."""


class FetchRefused(FetchError):
    """A URL dossier will not fetch: a scheme other than http(s), or an address it must not reach."""


class InvalidReview(DossierError):
    """A review names a verdict or a corrected value dossier does not accept; the message says which."""


class UnknownRecord(DossierError):
    """A review names an event or register row the store does not hold."""


class InvalidSetting(DossierError):
    """A setting has a value dossier does not accept; the message lists the valid ones."""


class MissingDependency(DossierError):
    """An optional dependency is not installed; the message names the extra that brings it."""
