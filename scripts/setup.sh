#!/usr/bin/env bash
# System packages the project uses outside cargo: a free Chinese font for PDF reports
# (fonts-noto-cjk) and poppler-utils (pdftotext, used by the PDF tests when present).
#
# Idempotent and quiet: does nothing when everything is there; installs with apt-get when
# run as root on Debian/Ubuntu; otherwise prints what to install and exits 0 (the PDF
# tests then skip with a message, and `jixiao report --format pdf` says which font to
# provide or accepts --font PATH).
set -u

have_cjk_font() {
  for f in \
    /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
    /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
    /usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc \
    /usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc; do
    [ -f "$f" ] && return 0
  done
  return 1
}

missing=()
have_cjk_font || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  if apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 \
         && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; }; then
    echo "setup: installed ${missing[*]}"
    exit 0
  fi
  echo "setup: apt-get could not install ${missing[*]}" >&2
  exit 0
fi

echo "setup: please install ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]})." >&2
echo "setup: without a Chinese font, use: jixiao report INPUT --format pdf --font /path/to/font.ttf" >&2
exit 0
