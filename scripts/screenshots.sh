#!/usr/bin/env bash
# Screenshots of the real window under Xvfb, driven from the keyboard as an archivist
# would, at each window size of $SIZES (default: 1000x700 1440x900 2560x1440). There
# is no desktop portal under Xvfb: File > Import pages opens Folio's own chooser.
#
# Needs: apt-get install xvfb xauth imagemagick xdotool (and fonts-noto-cjk to see
# Chinese text rather than the missing-font notice). Writes PNGs to $OUT (default
# shots/), named SIZE-STEP.png.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-shots}
BIN=${BIN:-target/release/folio}
SIZES=${SIZES:-1000x700 1440x900 2560x1440}
mkdir -p "$OUT"
[ -x "$BIN" ] || cargo build --release
BIN=$(realpath "$BIN")
PAGE=$(realpath ../shared/fixtures/wilson/000_seed.txt 2>/dev/null || true)

key() { xdotool key --clearmodifiers "$@"; sleep 0.5; }
type_text() { xdotool type --delay 25 "$1"; sleep 0.6; }

for SIZE in $SIZES; do
    W=${SIZE%x*}
    H=${SIZE#*x}
    WORK=$(mktemp -d)
    cp -r sample_catalog "$WORK/catalog"
    # A record holding footnotes and Chinese text.
    "$BIN" set "$WORK/catalog" wcda-208198 texts '[{"kind":"translation","language":"English","body":"To the Chairman [Mao Zedong] and Comrades Liu [Shaoqi], Zhu [De], Peng [Dehuai], [Li] Fuchun, and Su Yu:[1] The telegram I sent is attached. [2] Please review it. Humbly submitted, Zhou Enlai July 26 [1952]\n\n[1] The editors included several footnotes. [2] On July 26, 1952, Mao Zedong gave instructions."},{"kind":"transcription","language":"Chinese","body":"主席并少奇、朱德、彭德怀、富春、粟裕同志：\n\n所发电报附上。一九五二年七月二十六日"}]' >/dev/null
    if [ -n "$PAGE" ]; then
        sed 's/September 17, 1963/September 19, 1963/' "$PAGE" > "$WORK/page.txt"
    fi
    export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_CACHE_HOME="$WORK/cache"
    Xvfb :99 -screen 0 "${W}x${H}x24" >/dev/null 2>&1 &
    XVFB=$!
    export DISPLAY=:99
    sleep 1
    "$BIN" open "$WORK/catalog" >/dev/null 2>&1 &
    APP=$!
    trap 'kill $APP $XVFB 2>/dev/null || true' EXIT
    sleep 4
    WIN=$(xdotool search --name Folio | head -1)
    xdotool windowsize "$WIN" "$W" "$H" windowmove "$WIN" 0 0 windowfocus --sync "$WIN"
    # The pointer out of the way (over the toolbar's empty stretch): no tooltips.
    xdotool mousemove $((W * 3 / 5)) 37
    sleep 1
    shot() { sleep 0.8; import -window root "$OUT/$SIZE-$1.png"; echo "$OUT/$SIZE-$1.png"; }

    # 1. The list from the keyboard: Down selects, the focus ring follows.
    key Down
    key Down
    shot 1-list
    # 2. Enter edits the record (cursor in Title), Tab to the next field.
    key Return
    key Tab
    shot 2-metadata
    # 3. A search, ranked; Down from the box to the best match, and its document
    #    (insertions in italics, footnote markers raised).
    key Escape
    key ctrl+k
    type_text "Zhou Enlai"
    shot 3-search
    key Escape
    key Down
    key ctrl+1
    shot 4-document
    key ctrl+k
    key ctrl+a
    key BackSpace
    key Escape
    # 5. Folio's own chooser (no portal here), a page's path typed, Enter.
    if [ -n "$PAGE" ]; then
        key ctrl+i
        key ctrl+a
        type_text "$WORK/page.txt"
        shot 5-chooser
        key Return
        shot 6-imported
        key Escape
    fi
    # 7. A new record: Ctrl+N, a title, Ctrl+S with the cursor still in the field.
    key ctrl+n
    type_text "Minutes of the Wonsan harbour board"
    key ctrl+s
    shot 7-new-record-saved
    # 8. The reading layout: Nehru's letter (a 7-page PDF) beside its text, the
    #    page with the keyboard, paged to the end.
    key Escape
    key ctrl+k
    type_text "Nehru"
    key Down
    key ctrl+r
    for _ in 1 2 3 4 5 6; do key Right; done
    shot 8-reading-layout

    kill $APP $XVFB 2>/dev/null || true
    trap - EXIT
    wait $APP $XVFB 2>/dev/null || true
    rm -rf "$WORK"
    sleep 1
done
