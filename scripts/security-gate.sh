#!/usr/bin/env bash
# Security gate, called from .ci/run:
#  1. Electronegativity over src-main (main + preload sources) and the built renderer;
#     fails on any HIGH finding and on the promoted checklist items (scripts/security-gate.ts).
#  2. The release workflow must pass action-validator.
# Builds out/ first when it is missing. SARIF report: test-results/electronegativity.sarif.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/node22.sh
source scripts/node22.sh

if [ ! -f out/renderer/index.html ]; then
  echo "security-gate: out/renderer missing, running electron-vite build" >&2
  npx electron-vite build
fi

echo "== electronegativity"
npx tsx scripts/security-gate.ts

echo "== action-validator .github/workflows/release.yml"
npx action-validator .github/workflows/release.yml
echo "security-gate: ok"
