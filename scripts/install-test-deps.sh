#!/usr/bin/env bash
# Installs what the cross-checks of `make test` use beyond the build: headless Chromium for the HTML report check.
# Best effort: without it the HTML check says it was skipped.
set -uo pipefail
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 && exit 0
if command -v apt-get >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing chromium (headless HTML report check) with apt-get"
  ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: chromium could not be installed; the HTML report check will be skipped"
fi
exit 0
