#!/usr/bin/env bash
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# playbooks/report.yml with a named connection: every connection option reaches the listing (the module checks the
# 2FA code it is given, and hides it), and a key that is no connection option stops the report with a sentence.

set -eux

source ../setup_sandbox/files/sandbox.sh
sandbox_start

absent() {   # absent TEXT FILE: TEXT is nowhere in FILE ("! grep" would not stop "set -e")
    if grep -qF -- "$1" "$2"; then echo "found $1 in $2" >&2; return 1; fi
}

report() {   # report VARS_FILE LOG: runs the report, its output in LOG; returns the playbook's exit code
    local status=0
    ansible-playbook -v -i "${SANDBOX_INVENTORY}" certops.reseller.report -e @"$1" >"$2" 2>&1 || status=$?
    cat "$2"
    return "${status}"
}

connection() {   # connection EXTRA_JSON: a vars file with one connection "json" (the sandbox's AutoDNS JSON + EXTRA)
    cat >"${SANDBOX_DIR}/report-vars.json" <<JSON
{"certops_report_dir": "${SANDBOX_DIR}/reports",
 "certificate_connections": {"json": {"provider": "autodns", "api_format": "json", "api_url": "${SANDBOX_AUTODNS_JSON_URL}",
                                      "username": "sandbox", "password": "sandbox", "context": 4, $1}}}
JSON
    echo "${SANDBOX_DIR}/report-vars.json"
}

# Every option the modules take, in the connection: the report runs, and the 2FA code is nowhere in its output.
report "$(connection '"owner_user": "reseller-sub", "owner_context": 9, "two_factor_token": "864209", "demo": true,
                      "validate_certs": true, "timeout": 30, "rate_limit": 20')" "${SANDBOX_DIR}/all.log"
test -s "${SANDBOX_DIR}/reports/certops-report.json"
absent 864209 "${SANDBOX_DIR}/all.log"

# The 2FA code reaches the module (which refuses one that is not digits) and stays hidden.
if report "$(connection '"two_factor_token": "canary-2fa-code"')" "${SANDBOX_DIR}/2fa.log"; then exit 1; fi
grep -q "two_factor_token must be the digits of the current one-time code" "${SANDBOX_DIR}/2fa.log"
absent canary-2fa-code "${SANDBOX_DIR}/2fa.log"

# A key that is no connection option (here one that certificate_info would take as a filter) is an error.
if report "$(connection '"product": "BASIC_SSL", "pasword": "canary-typo"')" "${SANDBOX_DIR}/unknown.log"; then exit 1; fi
grep -q "certificate_connections\[json\] has keys that are no connection option: pasword, product" "${SANDBOX_DIR}/unknown.log"
absent canary-typo "${SANDBOX_DIR}/unknown.log"
