#!/usr/bin/env bash
# Installs Folio for the current user: the `folio` command (with `cargo install`),
# its desktop entry, icons and metainfo under ~/.local/share, so that it appears in the
# desktop's applications with its icon. Run it from the project's folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ID=io.github.folio_archive.Folio
DATA=${XDG_DATA_HOME:-$HOME/.local/share}

cargo install --path . --locked
install -Dm644 "assets/$ID.desktop" "$DATA/applications/$ID.desktop"
install -Dm644 assets/folio.svg "$DATA/icons/hicolor/scalable/apps/$ID.svg"
install -Dm644 assets/folio-256.png "$DATA/icons/hicolor/256x256/apps/$ID.png"
install -Dm644 "assets/$ID.metainfo.xml" "$DATA/metainfo/$ID.metainfo.xml"
# Menus and docks pick the entry up at once where these tools exist.
command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -qtf "$DATA/icons/hicolor" || true
echo "Installed: folio in ~/.cargo/bin, and Folio in your applications."
