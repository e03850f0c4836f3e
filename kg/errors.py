"""One error hierarchy for the library; only the CLI turns these errors into exit codes."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error xbrl-kg raises on purpose.

    ``hint`` is an optional second sentence telling the user what to do about it.
    """

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class SourceError(KgError):
    """An input file that is not what it claims to be: not an R page, truncated, binary.

    ``path`` is the input as the user gave it; ``line`` is 1-based where known.
    """

    def __init__(
        self, path: str, message: str, *, line: int | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {super().__str__()}"

    @classmethod
    def reader_failure(cls, path: str, exc: Exception) -> SourceError:
        """A reader's own failure on an input it did not foresee stays with that input: the
        other inputs still go through, and the message says where to look."""
        return cls(
            path,
            f"the reader failed on this input ({type(exc).__name__}: {exc})",
            hint="please report it with the file",
        )


class AppendedPage(SourceError):
    """Another R page starts in the same file, after the first page's (pages appended to one
    file, or saved together). ``offset`` is where, in the text read, the next page starts:
    ``kg.build.read_reports`` reads the file page by page; ``read_report``, for one page,
    refuses it."""

    def __init__(self, path: str, message: str, *, line: int, offset: int) -> None:
        super().__init__(
            path, message, line=line, hint="kg build reads every page, as read_reports does"
        )
        self.offset = offset


class ValidationFailed(KgError):
    """The graph does not conform to the shapes (the report says why)."""

    exit_code = 1


class TaxonomyError(KgError):
    """A taxonomy path that does not exist, holds no dictionary, or a dictionary file that
    cannot be read (the message names the file)."""


class ShapesError(KgError):
    """A shapes file is unknown, or a shape cannot be run (malformed or unsupported SPARQL)."""


class QueryError(KgError):
    """A stored query is unknown, lacks a parameter, or failed to run."""


class OutputError(KgError):
    """The output could not be written (unknown format, unwritable path)."""


class StoreError(KgError):
    """A triple store refused, failed or could not be reached."""

    exit_code = 1


class PublishError(KgError):
    """A site or a server could not be made from the graph (no base, unsafe IRIs, busy port)."""
