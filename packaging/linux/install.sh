#!/bin/sh
# Install the Linux bundle for the current user: the app in ~/.local/opt, a command in
# ~/.local/bin, the menu entry, the icon and the .rcproj file type.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bundle="${1:-$here/../../dist/review-coder}"
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$prefix/applications" "$prefix/icons/hicolor/256x256/apps"
rm -rf "$HOME/.local/opt/review-coder"
cp -r "$bundle" "$HOME/.local/opt/review-coder"
ln -sf "$HOME/.local/opt/review-coder/review-coder" "$HOME/.local/bin/review-coder"
cp "$here/review-coder.desktop" "$prefix/applications/"
cp "$here/../../resources/review-coder.png" "$prefix/icons/hicolor/256x256/apps/"
xdg-mime install --novendor "$here/review-coder-mime.xml" 2>/dev/null || true
xdg-mime default review-coder.desktop application/x-review-coder-project 2>/dev/null || true
update-desktop-database "$prefix/applications" 2>/dev/null || true
echo "installed: run review-coder, or open a .rcproj file"
