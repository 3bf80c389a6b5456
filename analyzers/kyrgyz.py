"""TEMPORARY stub: replaced by the Kyrgyz analyzer branch."""
import re
from functools import lru_cache
from kgsearch.analyzers.letters import fold

_SUFFIX = re.compile(r"(?P<stem>[а-яңөү-]{3,}?)(?:дун|дын|дин|дүн|нын|нин|го|га|ге|гө|ду|ды|ди|дү|те|та|то|тө|де|да|до|дө|тен|тан|дан|ден|лер|лар|тер|тар|дер|дар|ерге|дерге|тердин|дердин|лердин)+")


@lru_cache(maxsize=100_000)
def terms(word: str) -> tuple[str, ...]:
    folded = fold(word)
    m = _SUFFIX.fullmatch(folded)
    return (m["stem"] if m else folded,)


def is_known(folded: str) -> bool:
    return False
