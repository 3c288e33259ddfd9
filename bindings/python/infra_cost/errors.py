"""Exceptions raised by infra_cost.

Every failure of the C library becomes an :class:`Error` (or a subclass)
carrying the library's error code, its one-line message and the location it
names (file, line, column, JSON path) from ``infracost_error_last()``.
"""

# enum infracost_error_code (include/infracost/common.h)
OK = 0
ERROR = -1
ENOMEM = -2
EINVALID = -3
EPARSE = -4
ENOTFOUND = -5
EIO = -6
ENET = -7
EDB = -8
ENUMERIC = -9
EUNSUPPORTED = -10

CODE_NAMES = {
    ERROR: "INFRACOST_ERROR",
    ENOMEM: "INFRACOST_ENOMEM",
    EINVALID: "INFRACOST_EINVALID",
    EPARSE: "INFRACOST_EPARSE",
    ENOTFOUND: "INFRACOST_ENOTFOUND",
    EIO: "INFRACOST_EIO",
    ENET: "INFRACOST_ENET",
    EDB: "INFRACOST_EDB",
    ENUMERIC: "INFRACOST_ENUMERIC",
    EUNSUPPORTED: "INFRACOST_EUNSUPPORTED",
}


class Error(Exception):
    """A failure reported by libinfracost.

    Attributes:
        code: the negative ``INFRACOST_E*`` code (see ``errors.CODE_NAMES``).
        message: the library's one-line message (starts with the source and
            location when there is one).
        source: file name or ``"<string>"``, or None.
        line, column: 1-based location, 0 when not applicable.
        path: JSON path such as ``"services[2].replicas.max"``, or None.
        errors: every error the failing call reported, this one first: one
            per missing key when an estimate (simulate, recommend) finds
            several prices missing; ``[self]`` for any other failure. ``str()``
            of the exception is the first one's message.
    """

    def __init__(self, code, message, source=None, line=0, column=0, path=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.path = path
        self.errors = [self]

    @property
    def code_name(self):
        """The symbolic name of :attr:`code`, e.g. ``"INFRACOST_ENOTFOUND"``."""
        return CODE_NAMES.get(self.code, str(self.code))

    def __str__(self):
        return self.message


class SpecError(Error):
    """The spec could not be read, is not JSON, or is not a valid spec."""


class PriceNotFound(Error, LookupError):
    """A price (or another named thing) is not in the catalog (INFRACOST_ENOTFOUND)."""


class FetchError(Error):
    """A pricing feed could not be fetched or imported (network, feed format)."""


class StoreError(Error):
    """The price store (SQLite file) failed (INFRACOST_EDB), or could not be opened."""


class CatalogError(Error):
    """A price book could not be read or is invalid."""


class InvalidArgument(Error, ValueError):
    """An argument is out of range (INFRACOST_EINVALID outside spec loading)."""


class NumericError(Error, ArithmeticError):
    """A numeric failure, such as a fit that does not converge (INFRACOST_ENUMERIC)."""


_CONTEXT_CLASSES = {
    "spec": SpecError,
    "catalog": CatalogError,
    "store": StoreError,
    "fetch": FetchError,
}


def error_class(code, context):
    """The exception class for `code` raised while doing `context`."""
    if code == ENOTFOUND:
        return PriceNotFound
    if code == ENET:
        return FetchError
    if code == EDB:
        return StoreError
    if code == ENOMEM:
        return MemoryErrorWrapper
    if context in _CONTEXT_CLASSES:
        return _CONTEXT_CLASSES[context]
    if code == ENUMERIC:
        return NumericError
    if code == EINVALID:
        return InvalidArgument
    return Error


class MemoryErrorWrapper(Error, MemoryError):
    """The library ran out of memory (INFRACOST_ENOMEM)."""
