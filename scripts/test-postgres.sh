#!/usr/bin/env bash
# The store and route tests against PostgreSQL (DATABASE_URL) and the Citus cluster (CITUS_URL), each set
# URL a leg of its own: the same test files as `npm test` runs on SQLite, with TEST_DATABASE_URL set
# (test/helpers.ts openTestStore). Start the servers first:
#   eval "$(scripts/postgres.sh start)" && export DATABASE_URL CITUS_URL && npm run test:postgres
set -euo pipefail
cd "$(dirname "$0")/.."

# Files whose store follows TEST_DATABASE_URL. Not here: tests that read the SQLite file itself
# (security, backup, store-restart, sqlite-submissions, unit-move: it corrupts a stored answer in the
# file), run the CLI on DATABASE_PATH, or hold no store.
FILES=(
  test/respondent-routes.test.ts
  test/code-credentials.test.ts
  test/release-rule.test.ts
  test/account-life-cycle.test.ts
  test/account-commands.test.ts
  test/campaign-flood.test.ts
  test/unit-import.test.ts
  test/limits-hardening.test.ts
  test/authorization.test.ts
  test/session.test.ts
  test/anonymity-results.test.ts
  test/export.test.ts
  test/results-gap.test.ts
  test/aggregates-property.test.ts
  test/bad-input.test.ts
  test/body-limit.test.ts
  test/group-commit.test.ts
  test/concurrent-stores.test.ts
  test/copy-to-postgres.test.ts
  test/crash-safety.test.ts
  test/form-owners.test.ts
  test/campaign-management.test.ts
)

ran=0
failed=()
for leg in DATABASE_URL CITUS_URL; do
  url=${!leg:-}
  if [ -z "$url" ]; then
    echo "== test:postgres: $leg not set, leg skipped" >&2
    continue
  fi
  echo "== test:postgres: $leg ($url)"
  # A longer hang detector than npm test's 60 s: each submission is a round trip to a server that shares
  # the 2 cores with the app, the tests and (Citus) two more servers; 1,000 submissions took 45 s on PostgreSQL and over 5 min on Citus here.
  TEST_DATABASE_URL=$url npx vitest run --testTimeout=900000 "${FILES[@]}" "$@" || failed+=("$leg")
  ran=$((ran + 1))
done
if [ "$ran" -eq 0 ]; then
  echo 'test:postgres: set DATABASE_URL and/or CITUS_URL (eval "$(scripts/postgres.sh start)")' >&2
  exit 1
fi
if [ "${#failed[@]}" -gt 0 ]; then
  echo "test:postgres: failed on ${failed[*]}" >&2
  exit 1
fi
