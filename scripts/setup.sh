#!/usr/bin/env bash
# Installs what building, running and testing Contact Desk needs, and only what is missing:
# a second run costs a few dpkg-query and stat calls.
#   scripts/setup.sh run    what `make run` needs
#   scripts/setup.sh test   that, plus the end-to-end driver
set -euo pipefail
cd "$(dirname "$0")/.."
need=${1:-run}

build_packages=(libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev libdbus-1-dev
  build-essential pkg-config file)
session_packages=(xvfb xauth x11-utils xdotool imagemagick dbus-x11 dbus-user-session
  gnome-keyring libsecret-tools)
test_packages=(webkit2gtk-driver)

packages=("${build_packages[@]}" "${session_packages[@]}")
[ "$need" = test ] && packages+=("${test_packages[@]}")

say() { printf 'setup: %s\n' "$*"; }

is_debian_like() {
  [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release
}

install_system_packages() {
  if ! is_debian_like; then
    say "not Debian or Ubuntu: install the equivalents of these packages yourself:"
    say "  ${packages[*]}"
    return
  fi
  local missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

check_toolchains() {
  command -v cargo >/dev/null || { say "Rust is missing: install it from https://rustup.rs"; exit 1; }
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$node_major" -lt 20 ]; then
    say "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))"
    exit 1
  fi
}

install_npm_packages() {
  # npm ci rewrites node_modules; skip it while the lockfile is older than the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

install_tauri_driver() {
  command -v tauri-driver >/dev/null && return
  [ -x "$HOME/.cargo/bin/tauri-driver" ] && return
  say "installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
}

install_system_packages
check_toolchains
install_npm_packages
[ "$need" = test ] && install_tauri_driver
exit 0
