"""Files written whole or not at all: a backup, an export's file.

A file is written under a temporary name beside its final place (same folder, so the same
disk) and renamed to its final name only once every byte is written and flushed to the disk.
If anything goes wrong on the way (the disk is full, the process is stopped by an exception),
the temporary file is removed: nobody ever finds half a file under the final name.
"""

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# errno values that mean "no room left" (the disk, or the user's quota).
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(error: BaseException) -> bool:
    """Whether this error (or one it was raised from) says the disk is full."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in DISK_FULL:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` for the block to write; renamed to `path` when the block
    ends without an error, removed when it raises."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _flush_to_disk(temporary)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_whole(path: Path, content: bytes) -> None:
    """Write `content` to `path` whole, or leave nothing (see `written_whole`)."""
    with written_whole(path) as temporary, temporary.open("wb") as stream:
        write_chunks(stream, content)


def write_chunks(stream: IO[bytes], content: bytes) -> None:
    """Write `content` to an open binary stream, a megabyte at a time."""
    view = memoryview(content)
    step = 1024 * 1024
    for start in range(0, len(view), step):
        stream.write(view[start : start + step])


def _flush_to_disk(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())
