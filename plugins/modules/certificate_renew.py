#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_renew
short_description: Renew a commercial certificate when it is due
version_added: 0.1.0
description:
  - Renews a certificate's paid term at the reseller (AutoDNS or SSL247) when it ends within O(remaining_days) days,
    or always with O(force=true). The term's end is the provider's (AutoDNS C(payable)) where it tells one, else the
    certificate's expiry. Inside a paid term a new certificate comes by a free reissue
    (M(certops.reseller.certificate_order) with O(certops.reseller.certificate_order#module:reissue=true)); role
    C(certops.reseller.certificate) chooses between the two.
  - A certificate that is not due costs one call (by O(certificate_id)) or one search (by O(common_name)) and nothing
    is changed.
  - A renewal that is already running is not paid for again; its job is returned. On SSL247, where a renewal makes a
    new certificate, a certificate that was renewed already is recognised by its successor.
  - AutoDNS renews only within 90 days of the term's end; before that the module fails and says when renewal opens.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.wait
attributes:
  check_mode:
    support: full
    details:
      - Check mode only reads and says whether it would renew.
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  certificate_id:
    description:
      - The id of the certificate to renew.
      - One of O(certificate_id) and O(common_name) is required.
    type: str
  common_name:
    description:
      - Renew the newest live certificate with this common name (of O(product) when given).
    type: str
  product:
    description:
      - Only consider certificates of this product when searching by O(common_name).
    type: str
  remaining_days:
    description:
      - The certificate is due when its term (else the certificate) ends in this many days or fewer.
    type: int
    default: 30
  lifetime:
    description:
      - Validity of the renewed certificate in months; by default the certificate's current lifetime.
      - A multiple of 12 for SSL247.
    type: int
  csr:
    description:
      - A new certificate signing request (PEM) for a new key. Its names must be the certificate's names.
      - By default the certificate's current CSR is used.
    type: str
  validation_method:
    description:
      - How the CA checks domain control for the renewal; by default as before.
    type: str
    choices: [dns, email, file]
  approver_email:
    description:
      - The approver address when O(validation_method=email).
    type: str
  dns_provisioning:
    description:
      - Ask AutoDNS to publish the DNS challenge record itself. Not available on SSL247.
    type: bool
    default: false
  force:
    description:
      - Renew even when the certificate is not due.
    type: bool
    default: false
seealso:
  - module: certops.reseller.certificate_order
  - module: certops.reseller.certificate_job
'''

EXAMPLES = r'''
- name: Renew certificates that expire within 30 days, AutoDNS settings for the whole block
  module_defaults:
    group/certops.reseller.api:
      provider: autodns
      username: "{{ autodns_user }}"
      password: "{{ autodns_password }}"
  block:
    - name: Renew www.example.com when due
      certops.reseller.certificate_renew:
        common_name: www.example.com
        remaining_days: 30
      register: renewal

    - name: Wait for the renewal
      certops.reseller.certificate_job:
        job_id: "{{ renewal.job.id }}"
        state: completed
      when: renewal.job is not none

- name: Renew an SSL247 certificate with a new key and wait for the new certificate
  certops.reseller.certificate_renew:
    provider: ssl247
    api_key: "{{ ssl247_key }}"
    username: certs@example.com
    certificate_id: "{{ certificate_id }}"
    csr: "{{ new_csr.csr }}"
    lifetime: 12
    wait: true
  register: renewal

- name: Would it renew?
  certops.reseller.certificate_renew:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    certificate_id: "1234567"
  check_mode: true
  register: due
'''

RETURN = r'''
renewed:
  description: Whether a renewal was started (or would be, in check mode).
  returned: always
  type: bool
  sample: true
days_remaining:
  description: Days until the certificate expires (the renewed one after O(wait=true)).
  returned: always
  type: int
  sample: 21
completed_renewal:
  description:
    - The id of a paid renewal that was still waiting for its CSR (SSL247 C(Incomplete), after an earlier run lost the
      answer) and that this run completed.
  returned: when it happened
  type: str
  sample: "500002"
duplicates_cancelled:
  description: Ids of younger open renewals of the same common name that were cancelled after renewing.
  returned: when the look after renewing found more than one open order
  type: list
  elements: str
  sample: ["500003"]
looked_after_lost_answer:
  description: V(true) when the answer to the renewal was lost and a look showed that it had been done.
  returned: when it happened
  type: bool
  sample: true
certificate:
  description:
    - The certificate; after a renewal on SSL247 the new certificate (with its new id).
    - Same keys as RV(certops.reseller.certificate_order#module:certificate), among them both dates - the certificate's
      C(not_after) with C(days_remaining) and the paid term's C(term_end) with C(term_days_remaining) - and the
      provider's term data (C(multiyear), C(reissue_required), C(reissue_status), C(term_years), C(remaining_reissues)).
  returned: always
  type: dict
  sample: {id: "1234567", common_name: www.example.com, status: issued, not_after: "2027-01-10T08:00:00Z", days_remaining: 21,
           term_end: "2027-01-10T08:00:00Z", term_days_remaining: 21, multiyear: false, reissue_required: false,
           reissue_status: null, term_years: null, remaining_reissues: null}
job:
  description:
    - The renewal job started or found running; V(null) when none. Same keys as
      RV(certops.reseller.certificate_order#module:job).
  returned: always
  type: dict
  sample: {id: "876544", status: running, action: renew, object: www.example.com}
challenges:
  description:
    - The DCV tasks for the renewal, when known. Same keys as RV(certops.reseller.certificate_order#module:challenges).
  returned: always
  type: list
  elements: dict
  sample: [{domain: www.example.com, method: dns, record_name: _dnsauth.www.example.com, record_type: TXT, record_value: abc, ttl: 300}]
msg:
  description: Why nothing was done, when nothing was done.
  returned: when not renewed
  type: str
  sample: certificate 1234567 expires in 200 days, more than remaining_days 30 - not due
diff:
  description: The certificate id and expiry before and after.
  returned: in diff mode when renewing
  type: dict
  sample: {before: {id: "1234567", not_after: "2026-02-01T00:00:00Z"}, after: {id: "1234567", not_after: null}}
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_renew import (
    CERTIFICATE_RENEW_REQUIRED_IF,
    CERTIFICATE_RENEW_REQUIRED_ONE_OF,
    certificate_renew_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**certificate_renew_argument_spec()), handle, supports_check_mode=True,
               required_one_of=CERTIFICATE_RENEW_REQUIRED_ONE_OF,
               required_if=CERTIFICATE_RENEW_REQUIRED_IF)


if __name__ == '__main__':
    main()
