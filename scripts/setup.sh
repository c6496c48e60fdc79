#!/usr/bin/env bash
# Sets up everything the demo and the tests need on a fresh Debian machine, idempotently:
#   - system packages: bind9 (real DNS for DCV), nginx (real TLS endpoint), openssl, rsync, shellcheck,
#     chromium (report test)
#   - a virtualenv (.venv, or $CERTOPS_VENV) with ansible (ansible-core + community.crypto,
#     community.general, community.dns, awx.awx), requests, xmltodict and the test tools
#     (tests/requirements.txt, tests/requirements-tools.txt)
#   - the collection made visible to Ansible as certops.reseller (.cache/collections)
#   - the offline stand-in for ansible-test's pip bootstrap script, only when it is missing
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CERTOPS_VENV:-$ROOT/.venv}"
PYTHON="${CERTOPS_PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

log() { printf '[setup] %s\n' "$*" >&2; }

# -- system packages --------------------------------------------------------------------
need_apt=()
command -v named >/dev/null 2>&1 || [ -x /usr/sbin/named ] || need_apt+=(bind9)
command -v nsupdate >/dev/null 2>&1 || need_apt+=(bind9-utils bind9-dnsutils)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v rsync >/dev/null 2>&1 || need_apt+=(rsync)
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)   # ansible-test sanity's shellcheck test
# headless browser that opens the HTML expiry report in the e2e test
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ "${#need_apt[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The packaged services are not used (the tests start their own on 127.0.0.1); keep them off.
for service in named bind9 nginx; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl stop "$service" >/dev/null 2>&1 || true
  fi
done

# -- Python virtualenv -------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  log "creating virtualenv $VENV"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.certops-requirements"
requirements=("$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-tools.txt")
if ! cat "${requirements[@]}" | cmp -s - "$stamp" 2>/dev/null; then
  log "installing Python packages (tests/requirements.txt, tests/requirements-tools.txt)"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q -r "$ROOT/tests/requirements.txt" -r "$ROOT/tests/requirements-tools.txt"
  cat "${requirements[@]}" > "$stamp"
fi

# -- the collection, visible to Ansible ---------------------------------------------------
mkdir -p "$ROOT/.cache/collections/ansible_collections/certops"
ln -sfn "$ROOT" "$ROOT/.cache/collections/ansible_collections/certops/reseller"

# -- ansible-test's pip bootstrap, offline -------------------------------------------------
pip_version="$("$VENV/bin/python" - <<'PY'
import re, ansible_test, os
path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
match = re.search(r"pip='([0-9.]+)'", open(path).read())
print(match.group(1) if match else '24.2')
PY
)"
cache="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
if [ ! -f "$cache" ]; then
  log "installing the offline pip bootstrap stand-in at $cache"
  mkdir -p "$(dirname "$cache")"
  cp "$ROOT/scripts/get_pip_standin.py" "$cache"
fi
log "ready: source scripts/env.sh"
