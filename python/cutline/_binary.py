"""Finding and running the ``cutline`` executable that ships inside the wheel (kept to ``os`` and ``sys``: the
console script imports it on every run)."""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def binary() -> str:
    """The cutline executable: ``$CUTLINE_BINARY`` when set, else the one in this package's ``bin/``."""
    env = os.environ.get("CUTLINE_BINARY")
    if env:
        return env
    exe = os.path.join(_HERE, "bin", "cutline.exe" if os.name == "nt" else "cutline")
    if not os.path.isfile(exe):
        raise FileNotFoundError(
            f"the cutline executable is missing from {os.path.dirname(exe)} (install a platform wheel, or set CUTLINE_BINARY)"
        )
    return exe


def main() -> None:
    """The ``cutline`` console script: replaces this process with the executable (same arguments, exit code)."""
    try:
        exe = binary()
    except FileNotFoundError as e:
        sys.stderr.write(f"cutline: error: {e}\n")
        raise SystemExit(2)
    if os.name == "posix":
        os.execv(exe, [exe, *sys.argv[1:]])
    import subprocess

    raise SystemExit(subprocess.call([exe, *sys.argv[1:]]))
