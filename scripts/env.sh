# shellcheck shell=bash
# Source me (after scripts/setup.sh): puts the venv first on PATH and makes certops.reseller visible.
_certops_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CERTOPS_ROOT="$_certops_root"
export VIRTUAL_ENV="${CERTOPS_VENV:-$_certops_root/.venv}"
export PATH="$VIRTUAL_ENV/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$_certops_root/.cache/collections"
export ANSIBLE_FORCE_COLOR="${ANSIBLE_FORCE_COLOR:-0}"
unset _certops_root
