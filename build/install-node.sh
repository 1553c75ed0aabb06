#!/usr/bin/env bash
# Makes sure Node.js >= 20.19 and npm are here (package.json "engines"). A fresh Debian has
# neither: this installs Debian's own when its version is enough (trixie and newer; bookworm's 18
# is not), as root, and otherwise says what to do. Does nothing when a recent enough Node is here.
# Used by README's set-up command and by .ci/run.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}
node_ok && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Node.js 20.19 or newer with npm is needed. Run this as root (sudo bash $0) to install Debian's, or install it from nodejs.org." >&2
  exit 1
fi
apt-get update -qq
candidate="$(apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ {print $2}')"
version="${candidate#*:}"
version="${version%%[+~-]*}"
if [ -n "$version" ] && [ "$candidate" != "(none)" ] && dpkg --compare-versions "$version" ge 20.19; then
  echo "Installing Node.js $version and npm from Debian"
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
else
  echo "This project needs Node.js 20.19 or newer with npm; Debian offers nodejs '${candidate:-none}' here." >&2
  echo "Install Node.js 20.19+ (nodejs.org, or Debian trixie's 'apt-get install nodejs npm'), then run this again." >&2
  exit 1
fi
node_ok || { echo "node and npm are still missing or too old after installing them" >&2; exit 1; }
