#!/usr/bin/env bash
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

set -eux

source ../setup_sandbox/files/sandbox.sh
sandbox_start

for flavour in autodns_json autodns_xml ssl247; do
    ansible-playbook -i ../../inventory -e @"${SANDBOX_VARS}" -e "flavour=${flavour}" zone_record.yml "$@"
done

# The role dns_validation (backend autodns) with the connection in dns_validation_autodns_connection
ansible-playbook -i ../../inventory -e @"${SANDBOX_VARS}" dns_validation.yml "$@"
