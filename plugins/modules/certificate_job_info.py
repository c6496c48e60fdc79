#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_job_info
short_description: Show certificate order jobs (AutoDNS) or pending orders (SSL247)
version_added: 0.1.0
description:
  - Shows one job (O(job_id)) with its certificate and domain validation challenges, or lists the running jobs or the
    job history, optionally filtered by normalized status and common name.
  - "AutoDNS: certificate orders, reissues and renewals run as jobs; finished jobs move to the job history. Given a
    O(job_id) that is no longer running, the module looks it up in the history too."
  - "SSL247 has no jobs: each certificate order is shown as a pseudo job whose id is the certificate id and whose
    status follows the order's status; there is no separate history."
  - Lists are paged for you - without O(limit) all matching jobs are returned.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  job_id:
    description:
      - The job's id, as returned by M(certops.reseller.certificate_order) (SSL247 - the certificate id).
      - When the job does not exist, RV(jobs) is empty.
    type: str
  history:
    description:
      - List (or look up) finished jobs instead of running ones (AutoDNS job history).
    type: bool
    default: false
  status:
    description:
      - Only jobs in this normalized status.
    type: str
    choices:
      - running
      - deferred
      - succeeded
      - failed
      - cancelled
  common_name:
    description:
      - Only jobs working on this common name.
    type: str
  limit:
    description:
      - Return at most this many jobs, starting at O(offset). Without it, all are returned.
    type: int
  offset:
    description:
      - How many matching jobs to skip.
    type: int
    default: 0
seealso:
  - module: certops.reseller.certificate_job
  - module: certops.reseller.certificate_info
'''

EXAMPLES = r'''
- name: Running certificate jobs at AutoDNS
  certops.reseller.certificate_job_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
  register: running

- name: One job with its DNS challenges, through the AutoDNS XML gateway
  certops.reseller.certificate_job_info:
    provider: autodns
    api_format: xml
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    job_id: "{{ order.job.id }}"
  register: job

- name: Show the DNS records to publish
  ansible.builtin.debug:
    msg: "{{ item.record_name }} {{ item.record_type }} {{ item.record_value }}"
  loop: "{{ job.challenges }}"

- name: Failed jobs of the history
  certops.reseller.certificate_job_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    history: true
    status: failed

- name: SSL247 orders still waiting (pseudo jobs)
  certops.reseller.certificate_job_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    status: running
'''

RETURN = r'''
total:
  description: How many jobs match (all pages).
  returned: success
  type: int
  sample: 1
jobs:
  description: The jobs found (this page).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The job's id (SSL247 - the certificate id).
      type: str
      sample: "394821"
    status:
      description: Normalized status, one of V(running), V(deferred), V(succeeded), V(failed), V(cancelled).
      type: str
      sample: running
    provider_status:
      description: The provider's own status value (AutoDNS C(RUNNING), C(DEFERRED), C(SUCCESS), ...).
      type: str
      sample: RUNNING
    sub_status:
      description: The provider's sub-status, for example V(WF_EMAIL_AUTH) while waiting for the approver e-mail.
      type: str
      sample: WF_DNS_AUTH
    action:
      description: What the job does, V(create), V(reissue), V(renew), ...
      type: str
      sample: create
    object:
      description: The common name the job works on.
      type: str
      sample: www.example.com
    created:
      description: When the job was created, ISO 8601 UTC.
      type: str
      sample: "2025-11-22T10:00:00Z"
    updated:
      description: When the job last changed, ISO 8601 UTC.
      type: str
      sample: "2025-11-22T10:05:00Z"
    execution:
      description: When the job is (or was) executed, ISO 8601 UTC.
      type: str
      sample: "2025-11-22T10:00:00Z"
    certificate_id:
      description: The certificate the job made or works on, when known.
      type: str
      sample: "2873612"
certificate:
  description:
    - With O(job_id), the job's certificate (see M(certops.reseller.certificate_info) for the fields), V(null) when
      the provider does not tell.
  returned: when O(job_id) is given
  type: dict
  sample:
    id: "2873612"
    common_name: www.example.com
    status: validating
challenges:
  description: With O(job_id), the domain validation tasks of the job, ready to loop over.
  returned: when O(job_id) is given
  type: list
  elements: dict
  sample:
    - domain: www.example.com
      method: dns
      record_name: _dnsauth.www.example.com
      record_type: TXT
      record_value: 2025112210abcdef
      ttl: 300
      file_path: null
      file_content: null
      approver_email: null
      status: pending
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_job_info import (
    CERTIFICATE_JOB_INFO_MUTUALLY_EXCLUSIVE,
    certificate_job_info_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**certificate_job_info_argument_spec()), handle,
               mutually_exclusive=CERTIFICATE_JOB_INFO_MUTUALLY_EXCLUSIVE)


if __name__ == '__main__':
    main()
