#!/usr/bin/env bash
# Builds the .deb from the debug build `make test` already made, and checks it the way a
# user's machine would: every library the binary links comes from a package it declares,
# `dpkg -i` installs it (into a throwaway root, against this system's package database),
# nothing is left unresolved, and the installed `contact-desk doctor` passes.
# Run inside scripts/desktop-session.sh (doctor probes the keychain).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=target/debug/contact-desk
fail() { printf 'package-test: %s\n' "$*" >&2; exit 1; }

# The package owning a file; with merged /usr, dpkg may know it under /lib instead.
owner_of() {
  { dpkg -S "$1" 2>/dev/null || dpkg -S "${1#/usr}" 2>/dev/null; } | head -n1 | cut -d: -f1 | grep .
}

# Libraries that come with every Debian or Ubuntu system (priority required).
base_packages=" libc6 libgcc-s1 "

scratch=$(mktemp -d -t contact-desk-package.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

# The bundler writes the bundle type into the binary it packs; keep cargo's (up to date)
# copy as it was, so the tests that run it still see an unpackaged app.
${CARGO:-cargo} build --quiet
cp -p "$binary" "$scratch/unpatched"
npx tauri bundle --debug --bundles deb >"$scratch/build.log" 2>&1 ||
  { cat "$scratch/build.log" >&2; fail "the .deb did not build"; }
cp -p "$scratch/unpatched" "$binary"

deb=$(ls -t target/debug/bundle/deb/*.deb | head -n1)
depends=$(dpkg-deb -f "$deb" Depends)
printf 'package-test: %s declares Depends: %s\n' "$(basename "$deb")" "$depends"
declared=" $(tr ',|' '  ' <<<"$depends" | tr -s ' ') "

# Every library the packaged binary links directly must come from a declared package.
root="$scratch/root"
mkdir -p "$root"
dpkg-deb -x "$deb" "$scratch/unpacked"
packaged="$scratch/unpacked/usr/bin/contact-desk"
while read -r library; do
  path=$(ldd "$packaged" | awk -v lib="$library" '$1 == lib { print $3 }')
  [ -n "$path" ] || continue # the dynamic loader itself
  owner=$(owner_of "$(readlink -f "$path")") || fail "no installed package owns $path ($library)"
  case "$declared$base_packages" in
    *" $owner "*) ;;
    *) fail "the binary links $library from $owner, which the .deb does not declare" ;;
  esac
done < <(readelf -d "$packaged" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')

# A real `dpkg -i` into a throwaway root, with this system's package database, so dpkg
# itself refuses the package when a declared dependency is not installed.
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
cp /var/lib/dpkg/status "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-script-chrootless -i "$deb" >"$scratch/dpkg.log" 2>&1 ||
  { cat "$scratch/dpkg.log" >&2; fail "dpkg -i refused the package"; }
installed="$root/usr/bin/contact-desk"
[ -x "$installed" ] || fail "dpkg -i installed no /usr/bin/contact-desk"
! ldd "$installed" | grep -F 'not found' || fail "the installed binary has unresolved libraries"

CONTACT_DESK_DATA_DIR="$scratch/data" "$installed" doctor ||
  fail "the installed contact-desk doctor failed"
echo "package-test: the .deb installs and its contact-desk doctor passes"
