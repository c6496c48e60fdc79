#!/usr/bin/env bash
# Builds the collection's docsite (antsibull-docs + Sphinx) offline: bash scripts/docs.sh [DEST]
# DEST defaults to .cache/docsite; the site is DEST/build/html/index.html.
# Fails on any Sphinx warning that comes from the collection's own content (module, role and playbook docs,
# docs/docsite/). Offline, references to other collections and to docs.ansible.com cannot be resolved (there is no
# intersphinx inventory to fetch): those, and only those, are listed and tolerated.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=/dev/null
[ -n "${VIRTUAL_ENV:-}" ] || source "$ROOT/scripts/env.sh"
DEST="${1:-$ROOT/.cache/docsite}"
COLLECTION="$ROOT/.cache/collections/ansible_collections/certops/reseller"
# antsibull writes its log to ~/antsibull.log: give it a home of its own, so that a test run writes nothing into the
# user's home directory (the log is shown when a step fails).
ANTSIBULL_HOME="$(mktemp -d "${TMPDIR:-/tmp}/certops-antsibull.XXXXXX")"
trap 'rm -rf "$ANTSIBULL_HOME"' EXIT
antsibull_docs() { HOME="$ANTSIBULL_HOME" antsibull-docs "$@" || { tail -n 40 "$ANTSIBULL_HOME/antsibull.log" 2>/dev/null; return 1; }; }

# antsibull-docs lints a copy of the collection in a temporary directory named antsibull-docs-XXXXXXXX; when the
# random part ends in "_", that name lands in the rendered RST as a reference ("Unknown target name:
# antsibull-docs-..."), about one run in 37. Only a run that failed with nothing but that is run once more.
lint_log="$(mktemp)"
if ! antsibull_docs lint-collection-docs --plugin-docs "$COLLECTION" >"$lint_log" 2>&1; then
  cat "$lint_log"
  if grep -v 'Unknown target name: "antsibull-docs-[A-Za-z0-9_]*"' "$lint_log" | grep -q .; then
    rm -f "$lint_log"; exit 1
  fi
  echo "docs lint: only the temporary directory's name was taken for a reference; linting once more"
  antsibull_docs lint-collection-docs --plugin-docs "$COLLECTION"
else
  cat "$lint_log"
fi
rm -f "$lint_log"

rm -rf "$DEST"
mkdir -p "$DEST"
chmod 700 "$DEST"   # antsibull-docs wants a directory only its owner can write
antsibull_docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$DEST" certops.reseller >/dev/null
cat >> "$DEST/conf.py" <<'PY'

# Offline build (scripts/docs.sh): no intersphinx inventories to fetch.
intersphinx_mapping = {}
PY
cd "$DEST"
mkdir -p rst
chmod og-w rst
antsibull_docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error --use-current \
  --squash-hierarchy --dest-dir rst certops.reseller
# Without -W: every warning goes to warnings.log and is sorted below; a non-zero exit is a real build error.
sphinx-build -M html rst build -c . -q --keep-going -w warnings.log 2>sphinx-stderr.log \
  || { cat sphinx-stderr.log; echo "sphinx-build failed"; exit 1; }
python "$ROOT/scripts/docs_warnings.py" warnings.log
echo "docsite: $DEST/build/html/index.html"
