#!/usr/bin/env bash
# Install the system packages the report needs when they are missing (Debian 12, Ubuntu 22.04 and later):
# a Chromium or Chrome (HTML -> PDF, browser tests), poppler-utils (pdftotext/pdftoppm for checks),
# fonts with Vietnamese coverage, LibreOffice Writer (the .docx -> PDF check of the official document) with
# Liberation Serif 2, the metric twin of Times New Roman. Does nothing when everything is present.
#
# Waits (up to APT_LOCK_WAIT seconds, default 600) for apt's lock, which unattended upgrades hold on a fresh
# machine, and shows apt's progress. On Ubuntu the `chromium` package is only a snap wrapper: an installed
# Chrome or Chromium is used if there is one, else the script says what to install and fails at the end.
set -euo pipefail
LOCK_WAIT="${APT_LOCK_WAIT:-600}"
say() { echo "[install-system-deps] $*" >&2; }

distro="debian"
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  distro="${ID:-debian}"
fi

need=()
browser=""
for candidate in "${TTHC_CHROMIUM:-}" chromium chromium-browser google-chrome google-chrome-stable; do
  [ -n "$candidate" ] || continue
  found="$(command -v "$candidate" 2>/dev/null || true)"
  # Ubuntu's /usr/bin/chromium-browser without snapd is a shim that cannot start a browser.
  if [ -n "$found" ] && "$found" --version >/dev/null 2>&1; then
    browser="$found"
    break
  fi
done
missing_browser=""
if [ -z "$browser" ]; then
  if [ "$distro" = "ubuntu" ]; then
    missing_browser="yes"
  else
    need+=(chromium)
  fi
fi
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
[ -e /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || need+=(fonts-noto-core)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -e /usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf ] || need+=(fonts-noto-mono)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# Liberation 2 (not 1.07) has the Vietnamese letters; without it LibreOffice mixes in another font.
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  # apt waits for the dpkg lock itself (DPkg::Lock::Timeout); the package lists' lock is waited for here.
  say "updating the package lists"
  waited=0
  while ! $SUDO apt-get update -q -o DPkg::Lock::Timeout="$LOCK_WAIT" 2>/tmp/tthc-apt-update.err; do
    if grep -qi "lock" /tmp/tthc-apt-update.err && [ "$waited" -lt "$LOCK_WAIT" ]; then
      say "apt is busy (another apt or unattended-upgrades holds its lock); waiting… (${waited}s of ${LOCK_WAIT}s)"
      sleep 10
      waited=$((waited + 10))
    else
      cat /tmp/tthc-apt-update.err >&2
      exit 1
    fi
  done
  say "installing ${#need[@]} packages: ${need[*]} (this can take a few minutes)"
  $SUDO apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout="$LOCK_WAIT" \
    -o Dpkg::Progress-Fancy=0 "${need[@]}"
  say "done"
fi

if [ -n "$missing_browser" ]; then
  say "No Chromium or Chrome found. On Ubuntu the apt package 'chromium' is only a snap wrapper. Install one of:"
  say "  sudo snap install chromium            (then: export TTHC_CHROMIUM=/snap/bin/chromium)"
  say "  Google Chrome's .deb from https://www.google.com/chrome/ (found as google-chrome)"
  say "or run 'tthc report --no-pdf' to skip the PDF."
  exit 1
fi
