#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_summary
short_description: The summary table of a certificate run, and last-run.json
version_added: 0.2.0
description:
  - Runs on the controller (an action plugin). Joins the plan of M(certops.reseller.certificate_plan) with what the
    hosts reported (their C(_certificate_outcomes) and C(_certificate_installs) facts) into one row per certificate -
    certificate, hosts, action, result (V(ok), V(changed), V(failed), V(skipped)).
  - Writes the rows to C(<report_dir>/last-run.json) (not in check mode) and fails when a certificate failed or is
    blocked, so that a scheduled job shows red.
author:
  - certops.reseller contributors (@certops)
attributes:
  check_mode:
    support: full
    description: In check mode nothing is written; planned work shows as V(skipped).
  diff_mode:
    support: none
    description: Nothing to compare.
options:
  plan:
    description: The registered result of M(certops.reseller.certificate_plan).
    type: dict
    required: true
  report_dir:
    description: Directory on the controller for C(last-run.json); empty writes nothing.
    type: str
  outcomes_var:
    description: Host variable with the lead host's outcome per certificate id.
    type: str
    default: _certificate_outcomes
  installs_var:
    description: Host variable with the deploying host's outcome per certificate id.
    type: str
    default: _certificate_installs
  fail_on_error:
    description: Fail the task when a certificate failed or is blocked.
    type: bool
    default: true
notes:
  - "C(last-run.json) is a JSON object C({\"generated\": ISO time, \"certificates\": [{\"connection\", \"common_name\",
    \"names\", \"hosts\", \"action\", \"result\", \"message\"}]})."
'''

EXAMPLES = r'''
- name: Summarize the run
  certops.reseller.certificate_summary:
    plan: "{{ _certificate_plan }}"
    report_dir: /var/lib/certops
  run_once: true
'''

RETURN = r'''
summary:
  description: The table, one line per certificate, then one line per failure.
  returned: always
  type: list
  elements: str
report:
  description: What C(last-run.json) holds.
  returned: always
  type: dict
failed_certificates:
  description: The common names of the certificates that failed or are blocked.
  returned: always
  type: list
  elements: str
report_path:
  description: The file written.
  returned: when O(report_dir) is set and not in check mode
  type: str
'''

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(plan=dict(type='dict', required=True), report_dir=dict(type='str'),
                                              outcomes_var=dict(type='str', default='_certificate_outcomes'),
                                              installs_var=dict(type='str', default='_certificate_installs'),
                                              fail_on_error=dict(type='bool', default=True)),
                           supports_check_mode=True)
    module.fail_json(msg='certificate_summary runs as an action plugin on the controller; it reads hostvars there')


if __name__ == '__main__':
    main()
