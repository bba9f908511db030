"""Finding and running the ``cutline`` executable that ships inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def binary() -> str:
    """The cutline executable: ``$CUTLINE_BINARY`` when set, else the one in this package's ``bin/``."""
    env = os.environ.get("CUTLINE_BINARY")
    if env:
        return env
    exe = _HERE / "bin" / ("cutline.exe" if os.name == "nt" else "cutline")
    if not exe.is_file():
        raise FileNotFoundError(
            f"the cutline executable is missing from {exe.parent} (install a platform wheel, or set CUTLINE_BINARY)"
        )
    return str(exe)


def main() -> None:
    """The ``cutline`` console script: replaces this process with the executable (same arguments, exit code)."""
    try:
        exe = binary()
    except FileNotFoundError as e:
        sys.stderr.write(f"cutline: error: {e}\n")
        raise SystemExit(2)
    if os.name == "posix":
        os.execv(exe, [exe, *sys.argv[1:]])
    raise SystemExit(subprocess.call([exe, *sys.argv[1:]]))
