#!/bin/sh
# Renders the PNG and ICO icons in public/ from public/icon.svg. Needs rsvg-convert and ImageMagick
# (Debian: apt-get install librsvg2-bin imagemagick); run it again after changing the SVG.
set -eu
cd "$(dirname "$0")/../public"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Home screens round or mask the corners themselves, so those icons fill the whole square.
sed 's/rx="14"/rx="0"/' icon.svg >"$tmp/full.svg"
png() { rsvg-convert -w "$2" -h "$2" "$1" -o "$3"; }
png icon.svg 192 icon-192.png
png icon.svg 512 icon-512.png
png "$tmp/full.svg" 512 icon-maskable-512.png
png "$tmp/full.svg" 180 apple-touch-icon.png
for size in 16 32 48; do png icon.svg "$size" "$tmp/$size.png"; done
/usr/bin/convert "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" favicon.ico
