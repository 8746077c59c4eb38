#!/usr/bin/env bash
# Installs what the real-VS-Code and real-client tests need on a fresh Debian machine: Chromium,
# fonts, ripgrep, kerberos headers, Debian's PyMongo (python3-pymongo 3.11, for /usr/bin/python3),
# code-server 4.100.3 (bundles VS Code 1.100.3; runs on Node 20) and mongosh 2.x, each into a cache
# folder under .vscode-test/, outside the extension's node_modules. Idempotent: a second run is quick.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
CS_VERSION=4.100.3
CS_DIR="$root/.vscode-test/code-server-$CS_VERSION"
MONGOSH_VERSION=2.12.0
MONGOSH_DIR="$root/.vscode-test/mongosh-$MONGOSH_VERSION"

need_apt=()
for p in chromium fonts-liberation libkrb5-dev ripgrep python3-pymongo; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  echo "setup: installing code-server@$CS_VERSION into $CS_DIR (compiles native modules, ~1-3 min)"
  mkdir -p "$CS_DIR"
  # @vscode/ripgrep downloads rg from GitHub in its postinstall: seed its cache with Debian's rg.
  export TMPDIR="${TMPDIR:-/tmp}"
  cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$tarball" ]; then
    tmp=$(mktemp -d); cp /usr/bin/rg "$tmp/rg"; tar -czf "$tarball" -C "$tmp" rg; rm -rf "$tmp"
  fi
  (
    cd "$CS_DIR"
    [ -f package.json ] || echo '{"name":"code-server-cache","private":true}' > package.json
    npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund \
      --loglevel=error "code-server@$CS_VERSION"
  )
fi
"$CS_DIR/node_modules/.bin/code-server" --version | head -1

# mongosh: a real client to check the sandbox against (test/helpers/realClients.ts finds it here).
if [ ! -x "$MONGOSH_DIR/node_modules/.bin/mongosh" ]; then
  echo "setup: installing mongosh@$MONGOSH_VERSION into $MONGOSH_DIR (~2 min)"
  mkdir -p "$MONGOSH_DIR"
  (
    cd "$MONGOSH_DIR"
    [ -f package.json ] || echo '{"name":"mongosh-cache","private":true}' > package.json
    npm_config_yes=true npm install --no-audit --no-fund --loglevel=error "mongosh@$MONGOSH_VERSION"
  )
fi
echo "mongosh $("$MONGOSH_DIR/node_modules/.bin/mongosh" --version)"
/usr/bin/python3 -c 'import pymongo; print("pymongo", pymongo.version)'
