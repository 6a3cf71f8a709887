#!/usr/bin/env bash
# Runs a command inside what a desktop login provides: a private D-Bus session, an unlocked
# GNOME Keyring (the Secret Service) in a throwaway directory, and an X display (Xvfb when
# there is none). Nothing here touches the user's own keyring or data.
set -euo pipefail

if [ -z "${CONTACT_DESK_IN_SESSION:-}" ]; then
  export CONTACT_DESK_IN_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi

scratch=$(mktemp -d -t contact-desk-session.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

# A throwaway password unlocks (and creates) the session's login keyring.
eval "$(printf '%s' "session-$$-$RANDOM" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

status=0
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$@" || status=$?
else
  xvfb-run -a -s "-screen 0 1920x1080x24" "$@" || status=$?
fi
exit "$status"
