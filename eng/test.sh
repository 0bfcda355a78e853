#!/usr/bin/env bash
# Runs every test suite of CpqSync on a fresh machine: installs what the suites need, builds with
# warnings as errors, runs the tests and ends with one line "N passed, N failed" over all suites.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

log() { printf '==> %s\n' "$*" >&2; }

apt_install() {
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi
}

# Node.js runs the official JavaScript clients (jsforce, stripe-node) in the conformance suites.
command -v node >/dev/null 2>&1 || apt_install nodejs npm
if [ -f tests/conformance/package.json ]; then
    log "installing the conformance clients (npm)"
    (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# Debian's chromium for the web app's browser tests (Playwright drives it; it never downloads a browser).
[ -x /usr/bin/chromium ] || apt_install chromium

# PostgreSQL for the storage contract tests: a throwaway cluster on a free loopback port, stopped on exit.
pg_dir=$(mktemp -d /tmp/cpqsync-pg.XXXXXX); chmod 755 "$pg_dir"
trap 'bash eng/postgres.sh stop "$pg_dir/cluster" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
log "starting a throwaway PostgreSQL cluster"
CPQSYNC_TEST_POSTGRES=$(bash eng/postgres.sh start "$pg_dir/cluster" | tail -n 1); export CPQSYNC_TEST_POSTGRES

log "building"
dotnet build CpqSync.slnx -c Release -nologo -v quiet

log "testing"
status=0
# A test host that makes no progress for 10 minutes (no test finishing, or not exiting once its tests are done) is
# stopped and counted as aborted, so a hang fails the run instead of running out CI's time.
dotnet test CpqSync.slnx -c Release --no-build -nologo --blame-hang --blame-hang-timeout 10m --blame-hang-dump-type none \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

# Sum the counters of every suite's TRX report.
passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    total=$((total + $(get total)))
    passed=$((passed + $(get passed)))
    failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
echo "$passed passed, $failed failed"
if [ "$total" -eq 0 ]; then echo "no test was executed" >&2; exit 1; fi
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then exit 1; fi
