#!/usr/bin/env bash
# `npm test`: every check the project has, in one run, ending with one line of totals:
#   services (Chromium, PostgreSQL, faketime) → typecheck → lint → vitest (unit, sqlite, postgres) → the date-sensitive
#   tests again with the clock a year ahead → next build → Playwright → topology (nginx, two app processes, PostgreSQL)
# Typecheck and lint count as one test each; every vitest and Playwright test counts once. A failing stage does
# not stop the run, so the totals are always complete. Exit status: 0 only when nothing failed.
# Reports: test-results/vitest.json, test-results/playwright.json (Playwright's traces etc.: test-results/playwright/).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

export NEXT_TELEMETRY_DISABLED=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
REPORTS="$ROOT/test-results"
VITEST_JSON="$REPORTS/vitest.json"
PLAYWRIGHT_JSON="$REPORTS/playwright.json"
E2E_DIST=.next-e2e
E2E_DB="$ROOT/data/e2e/e2e.db"
mkdir -p "$REPORTS"
rm -f "$VITEST_JSON" "$PLAYWRIGHT_JSON"

passed=0
failed=0
skipped=0
failures=()

stage() { printf '\n=== %s ===\n' "$*"; }
record() { # name rc
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}
add_counts() { # "passed failed skipped" stage-name
  local p f s
  read -r p f s <<<"$1"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ "$f" -gt 0 ] && failures+=("$2 ($f)")
  return 0
}

# Prints "passed failed skipped" from a vitest JSON report; exit code 0 fine, 1 on a missing/broken file.
vitest_counts() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
    console.log(`${r.numPassedTests || 0} ${r.numFailedTests || 0} ${skipped}`);
  ' "$1" 2>/dev/null
}

# Prints "passed failed skipped" from a Playwright JSON report.
playwright_counts() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const s = r.stats || {};
    console.log(`${s.expected || 0} ${(s.unexpected || 0) + (s.flaky || 0)} ${s.skipped || 0}`);
  ' "$1" 2>/dev/null
}

# Number of Playwright tests (without running them), to count them as failed when the build fails.
playwright_listed() {
  npx playwright test --list --reporter=json 2>/dev/null | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      try {
        const r = JSON.parse(s);
        const walk = (suite) => (suite.specs || []).reduce((n, sp) => n + (sp.tests || []).length, 0) + (suite.suites || []).reduce((n, x) => n + walk(x), 0);
        console.log((r.suites || []).reduce((n, x) => n + walk(x), 0));
      } catch { console.log(0); }
    });'
}

stage "services: Chromium, PostgreSQL, faketime, nginx"
bash scripts/ensure-services.sh || echo "(continuing: the stages that need the missing service will fail)"

stage "typecheck: tsc --noEmit"
npx tsc --noEmit
record typecheck $?

stage "lint: eslint ."
npx eslint .
record lint $?

stage "vitest: unit, sqlite, postgres"
npx vitest run --reporter=default --reporter=json --outputFile="$VITEST_JSON"
rc=$?
if counts=$(vitest_counts "$VITEST_JSON"); then
  add_counts "$counts" vitest
  # A non-zero exit with no failed test (a file that fails to load, an unhandled error) still fails the stage.
  if [ $rc -ne 0 ] && [ "$(cut -d' ' -f2 <<<"$counts")" -eq 0 ]; then record "vitest (exit $rc, see above)" 1; fi
else
  record "vitest (no report)" 1
fi

stage "vitest with the clock a year ahead (faketime +365d): registration, start list, demo seed"
# The suite sets its own clock (test/clock.ts) and the demo seed's dates follow the day it runs (docs/testing.md
# "Time"); this run shows both hold when the machine's clock is a year on. These tests count again in the totals.
YEAR_AHEAD_JSON="$REPORTS/vitest-year-ahead.json"
rm -f "$YEAR_AHEAD_JSON"
if command -v faketime >/dev/null 2>&1; then
  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f +365d npx vitest run --project sqlite --project postgres \
    server/registration/register.test.ts server/exports/start-list.test.ts scripts/seed.test.ts \
    --reporter=default --reporter=json --outputFile="$YEAR_AHEAD_JSON"
  rc=$?
  if counts=$(vitest_counts "$YEAR_AHEAD_JSON"); then
    add_counts "$counts" "vitest a year ahead"
    if [ $rc -ne 0 ] && [ "$(cut -d' ' -f2 <<<"$counts")" -eq 0 ]; then record "vitest a year ahead (exit $rc, see above)" 1; fi
  else
    record "vitest a year ahead (no report)" 1
  fi
else
  echo "faketime is missing (bash scripts/ensure-services.sh faketime): counted as one failure."
  record "vitest a year ahead (no faketime)" 1
fi

stage "build: next build ($E2E_DIST)"
# The build sees the same, freshly prepared database as the e2e server (Playwright's webServer makes it anew).
export DATABASE_URL="file:$E2E_DB"
# `next build` adds its dist dir's types to tsconfig.json (and reformats it); keep the checked-in file as it was.
tsconfig_copy=$(mktemp)
cp tsconfig.json "$tsconfig_copy"
npx tsx --conditions=react-server e2e/prepare-db.ts && rm -rf "$E2E_DIST" && NEXT_DIST_DIR="$E2E_DIST" npx next build
build_rc=$?
cmp -s tsconfig.json "$tsconfig_copy" || cp "$tsconfig_copy" tsconfig.json
rm -f "$tsconfig_copy"
unset DATABASE_URL

stage "e2e: Playwright (Chromium)"
if [ $build_rc -eq 0 ]; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$PLAYWRIGHT_JSON" npx playwright test --pass-with-no-tests
  rc=$?
  counts=$(playwright_counts "$PLAYWRIGHT_JSON") || counts="0 0 0"
  add_counts "$counts" playwright
  if [ $rc -ne 0 ] && [ "$(cut -d' ' -f2 <<<"$counts")" -eq 0 ]; then
    # Nothing failed yet the run did (web server, global setup, a file that does not load): the tests that
    # did not run count as failed, at least one.
    read -r p _ s <<<"$counts"
    n=$(( $(playwright_listed) - p - s ))
    [ "$n" -gt 0 ] || n=1
    failed=$((failed + n)); failures+=("playwright exited $rc: $n e2e test(s) not run or not reported, see above")
  fi
else
  n=$(playwright_listed)
  [ "${n:-0}" -gt 0 ] || n=1
  echo "The build failed: counting the $n e2e test(s) as failed without running them."
  failed=$((failed + n)); failures+=("build failed: $n e2e test(s) not run")
fi

stage "topology: nginx in front of two app processes on one PostgreSQL (test/topology)"
TOPOLOGY_JSON="$REPORTS/vitest-topology.json"
rm -f "$TOPOLOGY_JSON"
if [ $build_rc -eq 0 ]; then
  NEXT_DIST_DIR="$E2E_DIST" npx vitest run --config vitest.topology.config.mts --reporter=default --reporter=json --outputFile="$TOPOLOGY_JSON"
  rc=$?
  if counts=$(vitest_counts "$TOPOLOGY_JSON"); then
    add_counts "$counts" topology
    if [ $rc -ne 0 ] && [ "$(cut -d' ' -f2 <<<"$counts")" -eq 0 ]; then record "topology (exit $rc, see above)" 1; fi
  else
    record "topology (no report)" 1
  fi
else
  echo "The build failed: the topology test needs it."
  record "topology (no build)" 1
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "Failed: ${failures[*]}"
fi
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
