#!/usr/bin/env bash
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Start and stop the certops sandbox (tests/simulator/server.py) for an integration target.
#
#   source ../setup_sandbox/files/sandbox.sh
#   sandbox_start [auto|check]  # DCV mode (default auto: orders are issued 2 s after they are placed;
#                               # check: they wait for DCV - e-mail via /_sandbox/jobs/{id}/approve)
#                               # exports SANDBOX_URL, SANDBOX_PID, SANDBOX_STATE; stops it again on EXIT
#                               # SANDBOX_SEED_STATE=file: the sandbox starts from a copy of that state file
#   ...
#   sandbox_stop             # optional: the EXIT trap does it
#   ansible-playbook -i "$SANDBOX_INVENTORY" play.yml -e @"$SANDBOX_VARS"   # play on hosts: testhost
#
# Also exports the three flavours' base URLs and credentials as SANDBOX_* variables and
# SANDBOX_VARS, an extra-vars JSON file for ansible-playbook (-e @"$SANDBOX_VARS").

sandbox_collection_root() {
    # ansible-test copies tests/integration elsewhere and sets ANSIBLE_COLLECTIONS_PATH;
    # run by hand from the checkout we find the root by walking up.
    local dir candidate
    if [ -n "${SANDBOX_COLLECTION_ROOT:-}" ] && [ -f "${SANDBOX_COLLECTION_ROOT}/tests/simulator/server.py" ]; then
        echo "${SANDBOX_COLLECTION_ROOT}"
        return 0
    fi
    local IFS=':'
    for dir in ${ANSIBLE_COLLECTIONS_PATH:-} ${ANSIBLE_COLLECTIONS_PATHS:-}; do
        for candidate in "${dir}/ansible_collections/certops/reseller" "${dir}/certops/reseller"; do
            if [ -f "${candidate}/tests/simulator/server.py" ]; then
                echo "${candidate}"
                return 0
            fi
        done
    done
    unset IFS
    dir="$(pwd)"
    while [ "${dir}" != "/" ]; do
        if [ -f "${dir}/tests/simulator/server.py" ] && [ -f "${dir}/galaxy.yml" ]; then
            echo "${dir}"
            return 0
        fi
        dir="$(dirname "${dir}")"
    done
    echo "sandbox.sh: cannot find the collection root (tests/simulator/server.py)" >&2
    return 1
}

sandbox_python() {
    # The sandbox needs Python 3.11+ with cryptography; prefer the interpreter ansible-test uses.
    local candidate
    for candidate in "${SANDBOX_PYTHON:-}" "${ANSIBLE_TEST_PYTHON_INTERPRETER:-}" python3.11 python3 python; do
        if [ -n "${candidate}" ] && command -v "${candidate}" >/dev/null 2>&1 \
            && "${candidate}" -c 'import sys, cryptography; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
            echo "${candidate}"
            return 0
        fi
    done
    echo "sandbox.sh: no Python 3.11+ with cryptography found (set SANDBOX_PYTHON)" >&2
    return 1
}

sandbox_start() {
    local root python banner waited dcv="${1:-auto}"
    root="$(sandbox_collection_root)" || return 1
    python="$(sandbox_python)" || return 1
    SANDBOX_DIR="$(mktemp -d "${TMPDIR:-/tmp}/certops-sandbox.XXXXXX")"
    SANDBOX_STATE="${SANDBOX_DIR}/state.json"
    if [ -n "${SANDBOX_SEED_STATE:-}" ]; then
        cp "${SANDBOX_SEED_STATE}" "${SANDBOX_STATE}"   # start from a state made beforehand (tests/simulator/core.py)
    fi
    "${python}" "${root}/tests/simulator/server.py" --host 127.0.0.1 --port 0 --dcv "${dcv}" --state "${SANDBOX_STATE}" \
        >"${SANDBOX_DIR}/stdout" 2>"${SANDBOX_DIR}/stderr" &
    SANDBOX_PID=$!
    trap sandbox_stop EXIT
    trap 'sandbox_stop; exit 130' INT
    trap 'sandbox_stop; exit 143' TERM
    waited=0
    banner=""
    while [ "${waited}" -lt 300 ]; do
        banner="$(head -n 1 "${SANDBOX_DIR}/stdout" 2>/dev/null)"
        case "${banner}" in
            "sandbox listening on "*) break ;;
        esac
        if ! kill -0 "${SANDBOX_PID}" 2>/dev/null; then
            echo "sandbox.sh: the sandbox exited early:" >&2
            cat "${SANDBOX_DIR}/stderr" >&2
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    case "${banner}" in
        "sandbox listening on "*) ;;
        *) echo "sandbox.sh: no banner from the sandbox after 30 seconds" >&2; cat "${SANDBOX_DIR}/stderr" >&2; return 1 ;;
    esac
    SANDBOX_URL="${banner#sandbox listening on }"
    export SANDBOX_URL SANDBOX_PID SANDBOX_STATE SANDBOX_DIR
    export SANDBOX_AUTODNS_JSON_URL="${SANDBOX_URL}/autodns/v1"
    export SANDBOX_AUTODNS_XML_URL="${SANDBOX_URL}/autodns/gateway"
    export SANDBOX_SSL247_URL="${SANDBOX_URL}/ssl247/api/v3"
    export SANDBOX_VARS="${SANDBOX_DIR}/vars.json"
    cat >"${SANDBOX_VARS}" <<JSON
{
  "sandbox_url": "${SANDBOX_URL}",
  "sandbox_dir": "${SANDBOX_DIR}",
  "sandbox_flavours": {
    "autodns_json": {"provider": "autodns", "api_format": "json", "api_url": "${SANDBOX_AUTODNS_JSON_URL}",
                     "username": "sandbox", "password": "sandbox", "context": 4},
    "autodns_xml": {"provider": "autodns", "api_format": "xml", "api_url": "${SANDBOX_AUTODNS_XML_URL}",
                    "username": "sandbox", "password": "sandbox", "context": 4},
    "ssl247": {"provider": "ssl247", "api_format": "json", "api_url": "${SANDBOX_SSL247_URL}",
               "username": "sandbox@example.com", "api_key": "sandbox-key"}
  }
}
JSON
    # ansible-test hands us an inventory with "testhost"; by hand we make one.
    if [ -n "${INVENTORY_PATH:-}" ] && [ -f "${INVENTORY_PATH}" ]; then
        SANDBOX_INVENTORY="${INVENTORY_PATH}"
    else
        SANDBOX_INVENTORY="${SANDBOX_DIR}/inventory"
        echo "testhost ansible_connection=local ansible_python_interpreter=$(command -v "${python}")" >"${SANDBOX_INVENTORY}"
    fi
    export SANDBOX_INVENTORY
    echo "sandbox running at ${SANDBOX_URL} (pid ${SANDBOX_PID})"
}

sandbox_stop() {
    if [ -n "${SANDBOX_PID:-}" ] && kill -0 "${SANDBOX_PID}" 2>/dev/null; then
        kill "${SANDBOX_PID}" 2>/dev/null
        wait "${SANDBOX_PID}" 2>/dev/null
    fi
    SANDBOX_PID=""
    if [ -n "${SANDBOX_DIR:-}" ] && [ -d "${SANDBOX_DIR}" ]; then
        if [ -s "${SANDBOX_DIR}/stderr" ]; then
            echo "--- sandbox stderr ---" >&2
            cat "${SANDBOX_DIR}/stderr" >&2
        fi
        rm -rf "${SANDBOX_DIR}"
    fi
    SANDBOX_DIR=""
}

sandbox_reset() {
    curl -sf -X POST "${SANDBOX_URL}/_sandbox/reset" >/dev/null
}
