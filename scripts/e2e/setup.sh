#!/usr/bin/env bash
# Installs what the end-to-end suite (npm run test:e2e) needs on a bare Debian machine, as root,
# with no internet except the npm registry and Debian's apt:
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (code-server's
#     search, and the cache tarball below), libkrb5-dev (a native module of code-server compiles
#     against it), git (the fixture workspace is a git repository);
#   - code-server 4.100.3 (VS Code 1.100.3, the newest release that runs on Node 20), installed
#     with npm into a folder outside the project's node_modules:
#     ${KEP_STUDIO_E2E_HOME:-$HOME/.cache/kep-studio-e2e}/code-server
# Idempotent: every step checks first and does nothing when already done (a second run takes
# about a second). See docs: /work/shared/docs/real-vscode-tests.md.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# The @vscode/ripgrep version code-server 4.100.3 pins, and the rg release its postinstall fetches.
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_RELEASE=v13.0.0-10

E2E_HOME="${KEP_STUDIO_E2E_HOME:-$HOME/.cache/kep-studio-e2e}"
CS_DIR="$E2E_HOME/code-server"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

say() { printf '[e2e setup] %s\n' "$*"; }
started=$SECONDS

# --- 1. Debian packages ----------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)
command -v git >/dev/null 2>&1 || missing+=(git)
# code-server's native modules (node-pty, kerberos, argon2, …) compile with node-gyp.
{ command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; } || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)

if ((${#missing[@]})); then
  if [[ $(id -u) != 0 ]]; then
    say "missing Debian packages: ${missing[*]} (run this script as root, or install them: apt-get install -y ${missing[*]})"
    exit 1
  fi
  say "apt-get install -y ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "Debian packages present: chromium ripgrep libkrb5-dev git (skipping apt)"
fi
say "chromium: $(chromium --version 2>/dev/null | head -1 || echo '?')"

# --- 2. code-server --------------------------------------------------------------------------
# code-server writes a default config.yaml (and a log folder) under XDG_CONFIG_HOME/XDG_DATA_HOME
# the first time it runs, even for --version: keep those in the e2e folder, not in ~/.config.
export XDG_CONFIG_HOME="$E2E_HOME/xdg/config" XDG_DATA_HOME="$E2E_HOME/xdg/data"
installed_version() {
  [[ -f "$CS_ENTRY" ]] || return 0
  # The version line looks like "4.100.3 409c64e0… with Code 1.100.3"; other lines are logs.
  node "$CS_ENTRY" --version 2>/dev/null | awk '$3 == "with" && $4 == "Code" {print $1; exit}' || true
}

current="$(installed_version)"
if [[ "$current" == "$CODE_SERVER_VERSION" ]]; then
  say "code-server $CODE_SERVER_VERSION already installed in $CS_DIR (reusing)"
else
  [[ -n "$current" ]] && say "code-server in $CS_DIR is '$current', reinstalling $CODE_SERVER_VERSION"

  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache holds the archive;
  # a tar.gz with Debian's rg at its root is accepted.
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) say "unsupported architecture $(uname -m) for the ripgrep cache trick"; exit 1 ;;
  esac
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
  rg_tar="$rg_cache/ripgrep-$RIPGREP_RELEASE-$rg_target.tar.gz"
  if [[ -s "$rg_tar" ]]; then
    say "ripgrep cache present: $rg_tar"
  else
    say "creating ripgrep cache from $(command -v rg): $rg_tar"
    mkdir -p "$rg_cache"
    tmp_rg="$(mktemp -d)"
    cp "$(command -v rg)" "$tmp_rg/rg"
    tar -czf "$rg_tar" -C "$tmp_rg" rg
    rm -rf "$tmp_rg"
  fi

  say "npm install code-server@$CODE_SERVER_VERSION into $CS_DIR (about 1 to 2 minutes, ~300 MB)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # node-gyp would download Node's headers from nodejs.org (unreachable): use the installed ones
  # when they are those of the running node (Debian's/NodeSource's nodejs ships them in /usr).
  if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node_version.h ]]; then
    headers="$(awk '/define NODE_(MAJOR|MINOR|PATCH)_VERSION/ {printf "%s%s", sep, $3; sep="."}' /usr/include/node/node_version.h)"
    if [[ "v$headers" == "$(node --version)" ]]; then
      export npm_config_nodedir=/usr
      say "node-gyp: using Node $headers headers from /usr/include/node"
    fi
  fi
  # Run from the install folder so the project's own npm configuration does not apply.
  # unsafe_perm: code-server's postinstall refuses to run as root without it;
  # yes: node-pty's postinstall runs `npx node-gyp`, which npm config yes=false would cancel.
  (
    cd "$CS_DIR"
    npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false \
      npm_config_update_notifier=false \
      npm install --prefix "$CS_DIR" --loglevel=error "code-server@$CODE_SERVER_VERSION"
  )
  current="$(installed_version)"
  if [[ "$current" != "$CODE_SERVER_VERSION" ]]; then
    say "code-server install failed: '$CS_ENTRY --version' printed '$current'"
    exit 1
  fi
fi
say "code-server: $(node "$CS_ENTRY" --version 2>/dev/null | grep " with Code " | head -1)"
say "done in $((SECONDS - started)) s"
