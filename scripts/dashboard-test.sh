#!/usr/bin/env bash
# Drives Parse Dashboard (npm parse-dashboard, compat/dashboard/) in headless Chromium against a running
# Parsec node; exits with the run's code. Installs what is missing first (see --install-only).
# usage: scripts/dashboard-test.sh URL APP_ID MASTER_KEY   e.g. scripts/dashboard-test.sh http://127.0.0.1:1337/parse myapp mykey
#        scripts/dashboard-test.sh --install-only          installs Chromium and the npm packages, runs nothing
# env:   SCREENSHOT_DIR (default target/dashboard-screenshots), DASHBOARD_STEPS (a comma-separated subset),
#        PARSEC_PUSH=true when the node has FCM or APNs configured, CHROMIUM_PATH (default /usr/bin/chromium)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"

install() {
  if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "$chromium is missing; install Debian's chromium as root (apt-get install -y chromium) or set CHROMIUM_PATH" >&2
      exit 3
    fi
    echo "installing chromium (apt-get)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  # npm ci again only when the lock file changed since the last install (it takes ~20 s)
  local dir="$root/compat/dashboard"
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-package-lock.json"; then
    # puppeteer-core never downloads a browser; the variable keeps any other package from trying
    (cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$dir/package-lock.json" "$dir/node_modules/.installed-package-lock.json"
  fi
}

if [ "${1:-}" = "--install-only" ]; then
  install
  exit 0
fi
if [ $# -ne 3 ]; then
  echo "usage: $0 URL APP_ID MASTER_KEY | --install-only" >&2
  exit 2
fi
install
export PARSEC_SERVER_URL=$1 PARSEC_APP_ID=$2 PARSEC_MASTER_KEY=$3
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$root/target/dashboard-screenshots}"
cd "$root/compat/dashboard"
exec node run.mjs
