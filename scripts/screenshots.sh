#!/usr/bin/env bash
# Screenshots of the real window under Xvfb (1440x900), for reviewing the GUI.
# Needs: apt-get install xvfb xauth imagemagick xdotool (and fonts-noto-cjk to see
# Chinese text rather than the missing-font notice). Writes PNGs to $OUT (default shots/).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-shots}
BIN=${BIN:-target/debug/folio}
mkdir -p "$OUT"
[ -x "$BIN" ] || cargo build

# A scratch copy of the sample catalog, with one record holding Chinese text.
WORK=$(mktemp -d)
cp -r sample_catalog "$WORK/catalog"
"$BIN" set "$WORK/catalog" wcda-208198 texts '[{"kind":"translation","language":"English","body":"To the Chairman [Mao Zedong] and Comrades Liu [Shaoqi], Zhu [De], Peng [Dehuai], [Li] Fuchun, and Su Yu:[1]\n\nThe telegram I sent is attached.[2]"},{"kind":"transcription","language":"Chinese","body":"主席并少奇、朱德、彭德怀、富春、粟裕同志：\n\n所发电报附上。一九五二年七月二十六日"}]' >/dev/null

export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
Xvfb :99 -screen 0 1440x900x24 >/dev/null 2>&1 &
XVFB=$!
trap 'kill $APP $XVFB 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DISPLAY=:99
sleep 1
"$BIN" open "$WORK/catalog" >/dev/null 2>&1 &
APP=$!
sleep 4
WIN=$(xdotool search --name Folio | head -1)
xdotool windowfocus --sync "$WIN" 2>/dev/null || true
xdotool windowsize "$WIN" 1440 900 windowmove "$WIN" 0 0 2>/dev/null || true
shot() { sleep 1; import -window root "$OUT/$1.png"; echo "$OUT/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.5; }
key() { xdotool key --clearmodifiers "$@"; sleep 0.5; }

# 1. A record selected, Document tab.
click 700 140
shot 1-document
# 2. The Metadata tab.
key ctrl+2
shot 2-metadata
# 3. A search with a facet filter.
key ctrl+1
key ctrl+f
xdotool type --delay 40 "Kim"; sleep 1
shot 3-search
