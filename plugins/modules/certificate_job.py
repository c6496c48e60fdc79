#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_job
short_description: Inquire, wait for, cancel a certificate order job, or resend its approver e-mail
version_added: 0.1.0
description:
  - Works on one certificate order job - an AutoDNS job, or on SSL247 (which has no jobs) a certificate order, whose
    id is the certificate id.
  - V(present) inquires the job; V(completed) waits until it ends; V(cancelled) cancels it while it still runs.
  - Takes the RV(certops.reseller.certificate_order#module:job.id) that M(certops.reseller.certificate_order) and
    M(certops.reseller.certificate_renew) return.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is cancelled or resent, and O(state=completed) does not wait.
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  job_id:
    description:
      - The job's id.
    type: str
    required: true
  state:
    description:
      - V(present) inquires the job.
      - V(completed) waits until the job ends (at most O(wait_timeout) seconds), and fails when it failed or was
        cancelled unless O(fail_on_job_failure=false).
      - V(cancelled) cancels the job when it is still running. A cancelled job is left alone; a job that succeeded
        cannot be cancelled - revoke its certificate with M(certops.reseller.certificate_order) O(certops.reseller.certificate_order#module:state=absent).
    type: str
    choices: [present, completed, cancelled]
    default: present
  resend_approver_email:
    description:
      - Send the approval e-mail of a job that waits for one (sub-status C(WF_EMAIL_AUTH)) again.
      - Refused when the job does not wait for an e-mail approval, and on SSL247.
    type: bool
    default: false
  history:
    description:
      - Look the job up in the job history (finished jobs) instead of the running jobs.
      - Without it a job that left the running list is looked up in the history too, when the provider keeps one.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds O(state=completed) waits at most.
    type: int
    default: 600
  fail_on_job_failure:
    description:
      - With O(state=completed), fail when the job failed or was cancelled.
    type: bool
    default: true
seealso:
  - module: certops.reseller.certificate_order
  - module: certops.reseller.certificate_job_info
'''

EXAMPLES = r'''
- name: Wait for an AutoDNS order job, settings from module_defaults
  module_defaults:
    group/certops.reseller.api:
      provider: autodns
      username: "{{ autodns_user }}"
      password: "{{ autodns_password }}"
  certops.reseller.certificate_job:
    job_id: "{{ order.job.id }}"
    state: completed
    wait_timeout: 1800
  register: done

- name: Show the issued certificate
  ansible.builtin.debug:
    msg: "{{ done.certificate.fullchain }}"

- name: Cancel an SSL247 order that is still pending
  certops.reseller.certificate_job:
    provider: ssl247
    api_key: "{{ ssl247_key }}"
    username: certs@example.com
    job_id: "{{ order.job.id }}"
    state: cancelled

- name: Resend the approval e-mail
  certops.reseller.certificate_job:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    job_id: "876543"
    resend_approver_email: true
'''

RETURN = r'''
job:
  description:
    - The job after the action. Same keys as RV(certops.reseller.certificate_order#module:job).
  returned: always
  type: dict
  sample: {id: "876543", status: succeeded, provider_status: SUCCESS, sub_status: null, action: create, object: www.example.com}
certificate:
  description:
    - The certificate the job works on or made, when the provider tells it with the job.
    - Same keys as RV(certops.reseller.certificate_order#module:certificate).
  returned: always
  type: dict
  sample: {id: "1234567", common_name: www.example.com, status: issued}
challenges:
  description:
    - The job's DCV tasks when the provider tells them. Same keys as RV(certops.reseller.certificate_order#module:challenges).
  returned: always
  type: list
  elements: dict
  sample: []
approver_email_resent:
  description: Whether the approver e-mail was sent again (V(false) in check mode).
  returned: when O(resend_approver_email=true)
  type: bool
  sample: true
msg:
  description: Why nothing was done, when O(state=cancelled) had nothing to do.
  returned: sometimes
  type: str
  sample: job 876543 is cancelled already
diff:
  description: The job's status before and after.
  returned: in diff mode when cancelling
  type: dict
  sample: {before: {id: "876543", status: running}, after: {id: "876543", status: cancelled}}
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_job import (
    certificate_job_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**certificate_job_argument_spec()), handle, supports_check_mode=True)


if __name__ == '__main__':
    main()
