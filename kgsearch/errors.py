"""The errors the search API raises for what its caller can put right.

Every one derives from ``KgsearchError`` (defined in the lowest layer that
raises, ``kgsearch.index.errors``). The library names its own parameters
(``limit``, ``date_from``); only the command line turns them into sentences
about ``--limit`` and ``--from``. Anything else that escapes the API is a
bug and must look like one.
"""

from kgsearch.index.errors import KgsearchError, NoIndexError, StoreError, UserFileError

__all__ = ["KgsearchError", "NoIndexError", "ParameterError", "QueryBudgetError", "QueryError", "StoreError",
           "UserFileError"]


class QueryError(KgsearchError, ValueError):
    """A query that cannot be run; the message says what is wrong and how to write it."""


class QueryBudgetError(QueryError):
    """A query stopped for taking too long or too much memory (see ``kgsearch.budget``)."""


class ParameterError(KgsearchError, ValueError):
    """A search option with a value it cannot take.

    ``template`` names the parameter as ``{name}``, so that each caller can
    say it in its own words:

    >>> error = ParameterError("date_from", "bad date '2020-13' for {name}; write YYYY-MM-DD")
    >>> str(error), error.message("--from")
    ("bad date '2020-13' for date_from; write YYYY-MM-DD", "bad date '2020-13' for --from; write YYYY-MM-DD")
    """

    def __init__(self, parameter: str, template: str):
        super().__init__(template, parameter)
