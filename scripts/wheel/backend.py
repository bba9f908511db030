"""A PEP 517 build backend for `pip install .` (see pyproject.toml): the wheel is the platform wheel that
scripts/wheel/build_wheel.py makes from the release binary.

- $CUTLINE_WHEEL names a prebuilt wheel (e.g. dist/cutline-*.whl from `make wheel`): it is copied as is.
- Otherwise the release binary is built here (`swift build -c release --static-swift-stdlib --product cutline`,
  Swift from PATH or /opt/swift/usr/bin; minutes on a cold tree) and packed with the host's platform tag.
No sdist: a source install needs the Swift toolchain, and the repository is the source.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _swift() -> str:
    found = shutil.which("swift")
    if found:
        return found
    if Path("/opt/swift/usr/bin/swift").exists():
        return "/opt/swift/usr/bin/swift"
    raise RuntimeError("cutline: building from source needs a Swift 6 toolchain (or set CUTLINE_WHEEL to a built wheel)")


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    prebuilt = os.environ.get("CUTLINE_WHEEL")
    if prebuilt:
        src = Path(prebuilt)
        if not src.is_file():
            raise RuntimeError(f"CUTLINE_WHEEL={prebuilt}: no such wheel")
        shutil.copy2(src, Path(wheel_directory) / src.name)
        return src.name
    flags = ["-c", "release", "--product", "cutline"]
    if sys.platform.startswith("linux"):
        flags.insert(2, "--static-swift-stdlib")
    subprocess.run([_swift(), "build", *flags], cwd=ROOT, check=True, stdout=sys.stderr)
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    if sys.platform == "darwin":
        plat = f"macosx_14_0_{platform.machine()}"
    out = subprocess.run([sys.executable, str(ROOT / "scripts/wheel/build_wheel.py"), "--binary",
                          str(ROOT / ".build/release/cutline"), "--plat", plat, "--out", str(wheel_directory)],
                         check=True, capture_output=True, text=True).stdout.strip()
    return Path(out).name


def get_requires_for_build_wheel(config_settings=None):
    return []
