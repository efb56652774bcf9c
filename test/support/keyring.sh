#!/usr/bin/env bash
# Runs one command with a real, unlocked Secret Service (gnome-keyring) on a private
# D-Bus session bus, so keytar talks to the same libsecret path as a Linux desktop.
#
#   test/support/keyring.sh npx vitest run --project unit test/integration/keychain
#
# Needs the Debian packages dbus (dbus-run-session), gnome-keyring and libsecret-1-0.
# The keyring lives in a fresh temporary folder: the daemon creates a "login" keyring
# there, unlocked with a throwaway password, so no prompt can appear and the machine's
# own keyrings are never touched. The daemon leaves with the bus when the command ends.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

if [ -z "${RD_KEYRING_INNER:-}" ]; then
  for bin in dbus-run-session gnome-keyring-daemon; do
    command -v "$bin" >/dev/null || { echo "keyring.sh: $bin not found (apt-get install dbus gnome-keyring)" >&2; exit 127; }
  done
  exec dbus-run-session -- env RD_KEYRING_INNER=1 bash "${BASH_SOURCE[0]}" "$@"
fi

# Inside the private bus from here on.
unset RD_KEYRING_INNER
keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/rd-keyring.XXXXXX")"
mkdir -p "$keyring_home/data" "$keyring_home/run"
chmod 700 "$keyring_home" "$keyring_home/run"
cleanup() { rm -rf "$keyring_home"; }
trap cleanup EXIT

# Only the daemon sees the temporary XDG folders; the command keeps the caller's own.
# --unlock reads the password on stdin and creates the login keyring when it is missing;
# it returns once the daemon owns org.freedesktop.secrets on the bus.
if ! printf '%s' "refund-desk-test" |
  XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
  echo "keyring.sh: gnome-keyring-daemon did not start" >&2
  exit 1
fi

# Not exec: the trap must run to remove the keyring folder.
set +e
"$@"
status=$?
exit "$status"
