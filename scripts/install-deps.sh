#!/usr/bin/env bash
# Installs the system packages Cutline builds against, when missing: libprotobuf-c (headers + library) and
# pkg-config. Debian/Ubuntu via apt-get (sudo when not root), macOS via Homebrew. Quiet when all is present.
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1; }
if have pkg-config && pkg-config --exists libprotobuf-c 2>/dev/null; then exit 0; fi
case "$(uname -s)" in
  Darwin)
    have brew || { echo "install Homebrew, then: brew install protobuf-c pkg-config" >&2; exit 2; }
    brew install protobuf-c pkg-config ;;
  *)
    have apt-get || { echo "install libprotobuf-c (headers and library) and pkg-config with your package manager" >&2; exit 2; }
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "installing libprotobuf-c-dev pkg-config with apt-get"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libprotobuf-c-dev pkg-config >/dev/null ;;
esac
pkg-config --exists libprotobuf-c || { echo "libprotobuf-c is still not visible to pkg-config" >&2; exit 2; }
