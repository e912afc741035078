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
click 700 172
shot 1-document
# 2. The Metadata tab.
key ctrl+2
shot 2-metadata
# 3. A search with a facet filter.
key ctrl+1
key ctrl+k
xdotool type --delay 40 'kim OR telegram -date:1960..'; sleep 1
shot 3-search
xdotool mousemove 700 96; sleep 1.5
shot 3b-search-snippet
key ctrl+a
key BackSpace
key Escape

# 4. A record with an invalid date being edited (the reason shows as you type).
click 700 430
key ctrl+2
click ${DATE_X:-1150} ${DATE_Y:-372}
key ctrl+a
xdotool type --delay 40 "1967-02-30"; sleep 1
shot 4-invalid-date
key Escape

# 5. The conflict dialog: an edit in Folio, a change on disk, then Ctrl+S.
click ${TITLE_X:-1150} ${TITLE_Y:-165}
key ctrl+a
xdotool type --delay 20 "Statement of Nakajima Kenzo (mine)"; key Return
sed -i -e 's/Statement of Nakajima Kenzo/Statement of Nakajima Kenzo (theirs)/' -e 's/denounces the impending/condemns the impending/' "$WORK/catalog/records/wcda-300638.ron"
key ctrl+s
shot 5-conflict
click ${SHOW_BOTH_X:-591} ${SHOW_BOTH_Y:-505}
xdotool mousemove 700 800; sleep 0.3; xdotool mousemove 720 820
shot 5b-conflict-both
# 5c. Their summary chosen, my title kept; then the merged version saved.
click ${THEIRS_SUMMARY_X:-790} ${THEIRS_SUMMARY_Y:-442}
shot 5c-conflict-choice
click ${SAVE_MERGED_X:-515} ${SAVE_MERGED_Y:-702}
shot 5d-merged

# 6. A record with Chinese text.
click 700 221
key ctrl+1
shot 6a-chinese-record
click ${CHINESE_TAB_X:-1162} ${CHINESE_TAB_Y:-285}
shot 6-chinese

# 7. File > Export with three records selected (CSV columns shown).
click 700 172
xdotool keydown ctrl; click 700 196; click 700 221; xdotool keyup ctrl
key ctrl+e
shot 7-export

key Escape
# 8. Find in the document shown (Ctrl+F).
click 700 172
key ctrl+1
key ctrl+f
xdotool type --delay 40 "telegram"; sleep 1
key Return
shot 8-find-in-document
