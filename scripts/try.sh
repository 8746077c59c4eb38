#!/usr/bin/env bash
# The one command to try the extension: sets the machine up, builds and packages the .vsix, opens it
# in an isolated code-server on 127.0.0.1 with the built-in Sandbox's demo traffic on, plus a
# standalone sandbox (CLI, --demo) to add as a connection. Ctrl-C stops everything.
#   bash scripts/try.sh                      # prints the URL to open, runs until Ctrl-C
#   bash scripts/try.sh --screenshot f.png   # headless screenshot of a live watch of shop.orders
#   bash scripts/try.sh --port 8080          # fixed port instead of a free one
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/setup-machine.sh
npm run --silent package
exec node_modules/.bin/tsx scripts/try.ts "$@"
