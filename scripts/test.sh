#!/usr/bin/env bash
# The whole test suite, from a fresh machine: bash scripts/test.sh [stage ...]
# Stages (default: all, in this order): sanity units sandbox faults integration e2e lint packaging awx docs
# Every stage runs even when an earlier one failed; the exit code is non-zero if any failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
bash scripts/setup.sh || { echo "setup failed"; exit 1; }
# shellcheck source=/dev/null
source scripts/env.sh

ALL_STAGES=(sanity units sandbox faults integration e2e lint packaging awx docs)
STAGES=("$@")
[ "${#STAGES[@]}" -gt 0 ] || STAGES=("${ALL_STAGES[@]}")

# ansible-test wants the collection at .../ansible_collections/certops/reseller: copy the files git
# knows (tracked and untracked-but-not-ignored) into a temporary tree.
TREE_BASE="$(mktemp -d "${TMPDIR:-/tmp}/certops-test.XXXXXX")"
TREE="$TREE_BASE/ansible_collections/certops/reseller"
cleanup() { rm -rf "$TREE_BASE"; }
trap cleanup EXIT
mkdir -p "$TREE"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$ROOT" ls-files -z --cached --others --exclude-standard | rsync -a --from0 --files-from=- "$ROOT/" "$TREE/"
else
  rsync -a --exclude .venv --exclude .cache --exclude tests/output "$ROOT/" "$TREE/"
fi

PYTEST=(python -m pytest -p no:cacheprovider -q --durations=12)
export PYTHONPATH="$ROOT/.cache/collections"

run_stage() {
  case "$1" in
    sanity) (cd "$TREE" && ansible-test sanity --venv --python 3.11 --color no) ;;
    units) (cd "$TREE" && ansible-test units --local --python 3.11 --color no) ;;
    sandbox) "${PYTEST[@]}" tests/sandbox ;;
    faults) "${PYTEST[@]}" tests/faults ;;
    integration) (cd "$TREE" && ansible-test integration --local --python 3.11 --color no) ;;
    e2e) "${PYTEST[@]}" tests/e2e ;;
    lint) ansible-lint --profile production roles playbooks ;;
    packaging) "${PYTEST[@]}" tests/packaging ;;   # galaxy-importer, reuse lint, ansible-builder (EE)
    awx) "${PYTEST[@]}" tests/awx ;;               # credential type, awx_setup, ansible-runner with AWX's env
    docs) bash scripts/docs.sh "$TREE_BASE/docsite" ;;   # antsibull-docs site, offline, no warnings
    *) echo "unknown stage $1 (known: ${ALL_STAGES[*]})"; return 2 ;;
  esac
}

passed=0; failed=0; failed_names=()
for stage in "${STAGES[@]}"; do
  echo "=== stage $stage"
  start=$(date +%s)
  if run_stage "$stage"; then
    passed=$((passed + 1)); result=passed
  else
    failed=$((failed + 1)); failed_names+=("$stage"); result=FAILED
  fi
  echo "=== stage $stage $result in $(( $(date +%s) - start ))s"
done
[ "$failed" -eq 0 ] || echo "failed stages: ${failed_names[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
