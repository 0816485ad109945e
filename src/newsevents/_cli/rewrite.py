"""Replacing a file's text safely: all or nothing, and the file stays the same file.

The usual way is a new file renamed over the old one: a crash or a full disk leaves the old
text whole. But a new file is a new inode: its other hard links would keep the old text,
and it belongs to whoever runs ``fmt``. So the new file is given the old one's owner, group,
mode and extended attributes (ACLs among them) before the rename; where it cannot be (the
file has other links, or the owner or an attribute cannot be given away), the old inode is
rewritten in place instead, with a copy of the old text kept beside it until the new text
is safely on disk.

Either way, the file is read again just before it is replaced: another program (an editor,
a hook run alongside) may have saved it since its text was read, and replacing it then
would throw that program's text away unseen.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from typing import BinaryIO

from newsevents._read.limits import NotRegular, open_file

__all__ = ["FileChanged", "replace_text"]

_PREFIX = ".newsevents-"


class FileChanged(Exception):
    """The file no longer holds the bytes it was read with: it was left as it is now."""

    def __init__(self, path: str, *, removed: bool = False) -> None:
        super().__init__(path)
        self.path = path
        self.removed = removed


def replace_text(path: str, text: str, read: bytes | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path``, keeping its owner, group, mode and hard links.

    ``read`` is what the file held when its text was read: if it holds anything else when
    it is about to be replaced, or is gone, ``FileChanged`` is raised and nothing written.
    Raises ``OSError`` when the file cannot be rewritten; it then holds its old text.
    """
    data = text.encode("utf-8")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if read is None:
            raise
        raise FileChanged(path, removed=True) from None
    directory = os.path.dirname(os.path.abspath(path))
    if info.st_nlink == 1:
        try:
            temporary = _written(directory, data, ".tmp")
        except OSError:  # a directory we may not write to: the file itself may still be
            temporary = None
        if temporary is not None:
            try:
                if _took_identity(temporary, path, info):
                    _unchanged(path, read)
                    os.replace(temporary, path)
                    _sync_directory(directory)
                    return
            except BaseException:
                os.unlink(temporary)
                raise
            os.unlink(temporary)
    _rewrite_in_place(path, data, directory, read)


def _unchanged(path: str, read: bytes | None) -> None:
    """Raise ``FileChanged`` unless the file still holds ``read`` (None: not asked)."""
    if read is None:
        return
    with _open_file(path, "rb") as stream:
        now = stream.read(len(read) + 1)  # one byte more tells that it grew
    if now != read:
        raise FileChanged(path)


def _open_file(path: str, mode: str) -> BinaryIO:
    """The file at ``path`` opened in ``mode`` (``rb`` or ``r+b``), or ``FileChanged`` when
    it is gone or is no regular file any more: a named pipe put in its place must not
    stall the run."""
    try:
        return open_file(path, mode)
    except FileNotFoundError:
        raise FileChanged(path, removed=True) from None
    except (NotRegular, IsADirectoryError):
        raise FileChanged(path) from None


def _written(directory: str, data: bytes, suffix: str) -> str:
    """A new file in ``directory`` (else in the temporary directory) holding ``data``, synced."""
    try:
        handle, name = tempfile.mkstemp(dir=directory, prefix=_PREFIX, suffix=suffix)
    except OSError:
        if suffix == ".tmp":  # a replacement must be on the same file system
            raise
        handle, name = tempfile.mkstemp(prefix=_PREFIX, suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        os.unlink(name)
        raise
    return name


def _took_identity(temporary: str, path: str, info: os.stat_result) -> bool:
    """Give the new file the old one's owner, group, mode and attributes; False if one fails."""
    try:
        if hasattr(os, "chown"):
            os.chown(temporary, info.st_uid, info.st_gid)
        os.chmod(temporary, stat.S_IMODE(info.st_mode))  # after chown, which clears setuid
        if hasattr(os, "listxattr"):
            wanted = {name: os.getxattr(path, name) for name in _attributes(path)}
            for name in _attributes(temporary):
                if name not in wanted:  # inherited from the directory, say a default ACL
                    os.removexattr(temporary, name)
            for name, value in wanted.items():
                os.setxattr(temporary, name, value)
    except OSError as error:
        if error.errno in (errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP):
            return False
        raise
    return True


def _attributes(path: str) -> list[str]:
    try:
        return os.listxattr(path)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return []
        raise


def _rewrite_in_place(path: str, data: bytes, directory: str, read: bytes | None) -> None:
    """Overwrite the file's own inode, putting the old text back if that fails."""
    with _open_file(path, "r+b") as stream:
        old = stream.read()
        if read is not None and old != read:
            raise FileChanged(path)
        # Until the new text is on disk, a crash could leave the file half written: the
        # old text waits in this copy, named after the file it belongs to.
        backup = _written(directory, old, f".{os.path.basename(path)[:100]}.old")
        try:
            _overwrite(stream, data)
        except BaseException as error:
            try:
                _overwrite(stream, old)
            except OSError:
                reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
                message = f"{reason}, and so did putting the old text back; it is kept in {backup}"
                raise OSError(errno.EIO, message) from error
            os.unlink(backup)
            raise
    os.unlink(backup)


def _overwrite(stream: BinaryIO, data: bytes) -> None:
    stream.seek(0)
    stream.write(data)
    stream.truncate()
    stream.flush()
    os.fsync(stream.fileno())


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable; where directories cannot be opened, skip it."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename still happened
    finally:
        os.close(handle)
