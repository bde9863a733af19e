"""The one lock of every command that writes to an archive.

A crawl, ``import``, ``reparse``, ``reindex``, ``cluster`` and ``repair`` each hold it for
as long as they write, so two of them never interleave their transactions (SQLite
would serialise them, but a long one makes the other wait past its busy timeout).
The lock is an ``flock`` on a file beside the archive (``archive.db.lock``) that names
its holder; it is keyed on the archive's *real* path, so two spellings of one file
(a symlink, ``./a.db`` and ``/data/a.db``) are one lock.  The kernel releases it when
the holder exits, however it exits.
"""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

from .store import ArchiveError


def lock_path(db_path: str | os.PathLike) -> Path:
    """The lock file of an archive, beside its real path.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp(); real = os.path.join(folder, "a.db"); link = os.path.join(folder, "b.db")
    >>> os.symlink(real, link)
    >>> lock_path(link) == lock_path(real) == Path(os.path.realpath(real) + ".lock")
    True
    """
    return Path(os.path.realpath(db_path) + ".lock")


class ArchiveLock:
    """An exclusive lock on an archive (see the module), naming its holder."""

    def __init__(self, db_path: str | os.PathLike):
        self.path = lock_path(db_path)
        self.file = None

    def acquire(self) -> str | None:
        """Take the lock; return None, or a description of the holder if it is taken."""
        try:
            self.file = open(self.path, "a+")
        except OSError as exc:
            raise ArchiveError(f"cannot create the lock file {self.path}: {exc.strerror}") from None
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.seek(0)
            holder = self.file.read().strip() or "another process"
            self.file.close()
            self.file = None
            return holder
        self.file.seek(0)
        self.file.truncate()
        self.file.write(f"pid {os.getpid()} ({' '.join(sys.argv[1:])[:200]})")
        self.file.flush()
        return None

    def release(self) -> None:
        if self.file:
            self.file.close()
            self.file = None
