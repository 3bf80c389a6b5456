"""The paths an index is built from: resolved once (symbolic links followed), so that one file
reached two ways is one file; refused when missing, before anything changes; and told gone only
when really gone, never because its folder cannot be read now."""

import os
import stat as stat_mode

from kgsearch.index.errors import MissingPathError


def absolute(paths) -> list[str]:
    """Each path absolute, ``~`` expanded and symbolic links resolved, each once."""
    resolved = [os.path.realpath(os.path.expanduser(p)) if p else "" for p in paths]
    return list(dict.fromkeys(resolved))


def as_paths(paths) -> list[str] | None:
    """``paths`` as a list of resolved paths: one str or Path is one path; ``None`` stays ``None``."""
    if paths is None:
        return None
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif not isinstance(paths, (list, tuple)):
        raise TypeError(f"paths must be a str, a Path or a list of them, not {type(paths).__name__}")
    names = []
    for path in paths:
        name = os.fspath(path) if isinstance(path, (str, os.PathLike)) else None
        if not isinstance(name, str):
            raise TypeError(f"paths must be a str, a Path or a list of them; got {path!r} in the list")
        names.append(name)
    return absolute(names)


def check_exist(paths: list[str]) -> None:
    """Refuse, before anything changes, a path that is not there: a typo or an unmounted disk."""
    for path in paths:
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            raise MissingPathError(path or "''") from None
        except OSError as error:
            raise MissingPathError(path, f"cannot read ({error.strerror or error})") from None


def under(name: str, roots: list[str]) -> bool:
    return any(name == root or name.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def moved_roots(recorded: list[str]) -> dict[str, str]:
    """Recorded paths that resolve elsewhere (an index built before paths were resolved), to where."""
    return {path: real for path in recorded if (real := os.path.realpath(path)) != path}


def real_name(name: str, moved: dict[str, str]) -> str:
    """A recorded file name with its root resolved, as the walk names the file now."""
    for path, real in moved.items():
        if under(name, [path]):
            return real + name[len(path):]
    return name


def gone(name: str) -> bool:
    """True only for a file that is really gone: not there, or no longer a file. When its
    folder cannot be searched (permissions, a failing disk), it cannot be told: not gone."""
    try:
        mode = os.stat(name).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return not stat_mode.S_ISREG(mode)

