#!/usr/bin/env bash
# Opens the app on the current X display, shows Settings › About (Ctrl+6), saves a
# screenshot of the screen, and closes the app. Used by `make run` when there is no display.
set -euo pipefail
out=${1:-artifacts/screenshot.png}
app=${APP:-target/debug/contact-desk}
mkdir -p "$(dirname "$out")"

"$app" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  window=$(xdotool search --name '^Contact Desk$' 2>/dev/null | head -n1 || true)
  [ -n "$window" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "screenshot: the app exited before its window opened" >&2; exit 1; }
  sleep 0.2
done
[ -n "${window:-}" ] || { echo "screenshot: no Contact Desk window appeared" >&2; exit 1; }

sleep 2 # first paint
xdotool windowfocus --sync "$window" key ctrl+6
sleep 2 # the About probes answer
import -window root "$out"
echo "Contact Desk ran under Xvfb; its screenshot is at $out"
