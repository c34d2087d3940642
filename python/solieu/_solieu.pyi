"""Type stubs of the native module ``solieu._solieu`` (PyO3).

Use the functions of the ``solieu`` package; these are its internals."""

from typing import Any, Optional, Tuple

class RulePackError(ValueError):
    """The rule pack cannot be used: the message names the file and the rule,
    as ``solieu`` prints them."""

class ArrowStream:
    """Record batches exported through the Arrow C stream interface; can be
    consumed once."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def _address(self) -> int: ...

class _ImportSlot:
    """An empty C stream struct an old pyarrow exports a table into."""

    def __init__(self) -> None: ...
    def _address(self) -> int: ...

def _extract(
    texts: Any,
    ids: Any = None,
    titles: Any = None,
    published: Any = None,
    sources: Any = None,
    source: Optional[str] = None,
    rules: Optional[str] = None,
    threads: Optional[int] = None,
    articles: bool = True,
) -> Tuple[ArrowStream, Optional[ArrowStream]]: ...
def _yoy(
    figures: Any,
    rules: Optional[str] = None,
    metric: Optional[str] = None,
    org: Optional[str] = None,
) -> ArrowStream: ...
def _version() -> str: ...
