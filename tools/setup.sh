#!/usr/bin/env bash
# Installs everything threatloop needs into the project, idempotently.
#   tools/setup.sh          node modules, opa, regal, moto server
#   tools/setup.sh bench    also conftest and checkov, used only by `make bench`
# Built tools land in .tools/ (git-ignored). A tool whose stamp matches its pin is not rebuilt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=versions.env
source tools/versions.env

tools="$root/.tools"
mkdir -p "$tools/bin" "$tools/src"

say() { printf 'setup: %s\n' "$*" >&2; }

stamp_matches() { [ -x "$tools/bin/$1" ] && [ "$(cat "$tools/bin/$1.pin" 2>/dev/null)" = "$2" ]; }

# Builds a Go command from a throwaway module that requires the pinned version, so the build
# never asks the module proxy for version lists (it refuses some of them here).
go_tool() {
  local name=$1 module=$2 pkg=$3 version=$4
  if stamp_matches "$name" "$module@$version"; then return 0; fi
  command -v go >/dev/null || { say "go is required to build $name"; exit 2; }
  say "building $name $version (first run only)"
  local dir="$tools/src/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'module threatloop.local/tools/%s\n\ngo 1.22\n\nrequire %s %s\n' \
    "$name" "$module" "$version" >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" >"$dir/tools.go"
  if ! (cd "$dir" && GOFLAGS=-mod=mod go mod tidy >"$dir/build.log" 2>&1 &&
    go build -trimpath -ldflags "-s -w" -o "$tools/bin/$name.tmp" "$pkg" >>"$dir/build.log" 2>&1); then
    say "building $name $version failed:"
    sed 's/^/  /' "$dir/build.log" >&2
    exit 2
  fi
  mv "$tools/bin/$name.tmp" "$tools/bin/$name"
  echo "$module@$version" >"$tools/bin/$name.pin"
}

py_venv() {
  local name=$1; shift
  local pin="$*"
  local venv="$tools/venv-$name"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.pin" 2>/dev/null)" = "$pin" ]; then return 0; fi
  say "installing $pin into .tools/venv-$name (first run only)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
  echo "$pin" >"$venv/.pin"
}

node_modules() {
  local lock_hash
  lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -d node_modules ] && [ "$(cat node_modules/.threatloop-lock 2>/dev/null)" = "$lock_hash" ]; then
    return 0
  fi
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" >node_modules/.threatloop-lock
}

node_modules
go_tool opa github.com/open-policy-agent/opa github.com/open-policy-agent/opa "$OPA_VERSION"
go_tool regal github.com/open-policy-agent/regal github.com/open-policy-agent/regal "$REGAL_VERSION"
py_venv moto "moto[server]==$MOTO_VERSION"

# Debian's chromium drives the dashboard's browser test; without root or apt-get that test skips.
chromium_browser() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "chromium is missing and needs root and apt-get to install: the dashboard browser test skips"
    return 0
  fi
  say "installing chromium for the dashboard browser test (first run only)"
  if ! { apt-get update -qq >/dev/null 2>&1 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; }; then
    say "installing chromium failed: the dashboard browser test skips"
  fi
}
chromium_browser

if [ "${1:-}" = bench ]; then
  go_tool conftest github.com/open-policy-agent/conftest github.com/open-policy-agent/conftest \
    "$CONFTEST_VERSION"
  py_venv checkov "checkov==$CHECKOV_VERSION"
fi

if ! command -v terraform >/dev/null; then
  say "terraform is not on PATH: terraform fmt checks and terraform test runs will be skipped"
fi
