#!/usr/bin/env bash
# Install the Debian packages the report needs when they are missing:
# chromium (HTML -> PDF, browser tests), poppler-utils (pdftotext/pdftoppm for checks),
# fonts with Vietnamese coverage, LibreOffice Writer (the .docx -> PDF check of the official document) with
# Liberation Serif 2, the metric twin of Times New Roman. Does nothing when everything is present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
[ -e /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || need+=(fonts-noto-core)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -e /usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf ] || need+=(fonts-noto-mono)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# Liberation 2 (not 1.07) has the Vietnamese letters; without it LibreOffice mixes in another font.
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "Installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
