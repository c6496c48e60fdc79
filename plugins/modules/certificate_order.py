#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_order
short_description: Make sure a commercial certificate for a set of names is ordered (or gone)
version_added: 0.1.0
description:
  - Makes sure that a certificate for O(common_name) and O(subject_alternative_names) of a O(product) exists at the
    reseller (AutoDNS or SSL247), ordering it when none exists, or that it is gone (O(state=absent)).
  - "The module first looks: a running order for the common name is not ordered again (its job and DCV challenges are
    returned); an issued certificate with the same names and key is left alone; an issued certificate whose names or
    public key differ is reissued (O(reissue=true)) or reported as drift."
  - Input is checked before any call that costs money - a CSR that does not parse, CSR names that differ from the task,
    e-mail validation without O(approver_email), or a wildcard name for a product without wildcard support are
    refused without calling the provider.
  - The returned RV(challenges) are ready to loop over in a DNS or file task; feed RV(job.id) to
    M(certops.reseller.certificate_job) to wait for the certificate.
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
      - Check mode makes only reading calls and never spends money. It returns the RV(action) it would take, the DCV
        challenges when the provider can tell them before ordering (AutoDNS with O(csr)), and the price (SSL247).
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  state:
    description:
      - V(present) makes sure a certificate exists (or is being ordered).
      - V(absent) cancels a running order for O(common_name) and revokes issued certificates for it (of O(product) when
        given).
    type: str
    choices: [present, absent]
    default: present
  common_name:
    description:
      - The certificate's common name.
      - An internationalized name may be written with U-labels (C(bücher.example)); it is ordered, and compared, as
        A-labels (C(xn--bcher-kva.example)), lower case, without a trailing dot. So are O(subject_alternative_names).
    type: str
    required: true
  subject_alternative_names:
    description:
      - Further names the certificate covers. The common name need not be repeated.
    type: list
    elements: str
    default: []
    aliases: [sans]
  product:
    description:
      - The product code, for example V(BASIC_SSL) or V(SSL123) (AutoDNS) or an SSL247 product code.
      - Also used to find an existing certificate.
    type: str
  lifetime:
    description:
      - Validity in months. SSL247 sells whole years, so it must be a multiple of 12 there.
      - When not set, the provider's default.
    type: int
  csr:
    description:
      - The certificate signing request, PEM. Its names must be exactly O(common_name) and O(subject_alternative_names).
      - Needed to order or reissue; its public key is compared with an issued certificate's key.
    type: str
  software:
    description:
      - The server software (AutoDNS), for example V(APACHESSL) or V(NGINX).
    type: str
  signature_hash_algorithm:
    description:
      - The signature hash algorithm, for example V(SHA2_256).
    type: str
  validation_method:
    description:
      - How the CA checks domain control.
    type: str
    choices: [dns, email, file]
    default: dns
  approver_email:
    description:
      - The address that receives the approval e-mail. Required when O(validation_method=email).
    type: str
  dns_provisioning:
    description:
      - Ask AutoDNS to publish the DNS challenge record itself, for zones it hosts. Not available on SSL247.
    type: bool
    default: false
  admin_contact:
    description:
      - The administrative contact, as the id of an existing contact (a string) or as a dictionary of its fields
        (C(first_name), C(last_name), C(email), C(phone), C(organization), C(address), C(postal_code), C(city),
        C(region), C(country), C(title), C(fax)) given to the provider with the order.
      - Manage reusable contacts with M(certops.reseller.contact_profile).
    type: raw
  technical_contact:
    description:
      - The technical contact, like O(admin_contact).
    type: raw
  organization:
    description:
      - Company data for organization or extended validation (SSL247), for example C(category), C(legal_name),
        C(registration_number), C(duns).
    type: dict
  reissue:
    description:
      - When an issued certificate's names or public key differ from the task, reissue it with O(csr).
      - When V(false), such a difference is only reported as RV(drift) with a warning.
    type: bool
    default: true
  force:
    description:
      - Order a new certificate even when one exists or an order is running. This spends money on every run.
    type: bool
    default: false
notes:
  - A run that changes nothing makes at most two API calls.
  - With AutoDNS an order is a job; with SSL247, which has no jobs, RV(job.id) is the certificate id.
seealso:
  - module: certops.reseller.certificate_job
  - module: certops.reseller.certificate_renew
'''

EXAMPLES = r'''
- name: Make a key and a CSR
  community.crypto.openssl_privatekey:
    path: /etc/ssl/private/www.example.com.key

- name: Make the CSR
  community.crypto.openssl_csr_pipe:
    privatekey_path: /etc/ssl/private/www.example.com.key
    common_name: www.example.com
    subject_alt_name:
      - DNS:www.example.com
      - DNS:example.com
  register: csr

- name: Order a certificate at AutoDNS, connection settings once for the whole play
  module_defaults:
    group/certops.reseller.api:
      provider: autodns
      username: "{{ autodns_user }}"
      password: "{{ autodns_password }}"
      context: 4
  block:
    - name: Order (or find) the certificate
      certops.reseller.certificate_order:
        common_name: www.example.com
        subject_alternative_names:
          - example.com
        product: BASIC_SSL
        lifetime: 12
        csr: "{{ csr.csr }}"
        validation_method: dns
      register: order

    - name: Publish the DCV records
      community.dns.hetzner_dns_record_set:
        zone_name: example.com
        prefix: "{{ item.record_name | community.dns.remove_public_suffix }}"
        type: "{{ item.record_type }}"
        ttl: "{{ item.ttl }}"
        value: "{{ item.record_value }}"
      loop: "{{ order.challenges }}"
      when: item.method == 'dns'

    - name: Wait for the certificate
      certops.reseller.certificate_job:
        job_id: "{{ order.job.id }}"
        state: completed
        wait_timeout: 1800
      when: order.job is not none

- name: Order at SSL247 with e-mail validation and wait for it
  certops.reseller.certificate_order:
    provider: ssl247
    api_key: "{{ ssl247_key }}"
    username: certs@example.com
    common_name: shop.example.com
    product: RAPIDSSL
    lifetime: 12
    csr: "{{ csr.csr }}"
    validation_method: email
    approver_email: admin@example.com
    wait: true
    wait_timeout: 3600
  register: order

- name: See what would be ordered, and for how much, without spending money
  certops.reseller.certificate_order:
    provider: ssl247
    api_key: "{{ ssl247_key }}"
    username: certs@example.com
    common_name: shop.example.com
    product: RAPIDSSL
    csr: "{{ csr.csr }}"
  check_mode: true
  register: preview

- name: Revoke the certificate for a name (or cancel its running order)
  certops.reseller.certificate_order:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    common_name: old.example.com
    product: BASIC_SSL
    state: absent
'''

RETURN = r'''
action:
  description: What the module did (or would do in check mode).
  returned: always
  type: str
  choices: [none, order, reissue, revoke, cancel]
  sample: order
duplicates_cancelled:
  description:
    - Ids of younger open orders (AutoDNS jobs, SSL247 certificates) for the same common name that the module cancelled
      after ordering, because another run (on another machine) ordered at the same moment. The oldest order is kept.
  returned: when the look after ordering found more than one open order
  type: list
  elements: str
  sample: ["4711"]
replaced_job:
  description:
    - The id of the order this run placed when it turned out to duplicate an older order and was cancelled; RV(job)
      is then the older order the run went on with.
  returned: when this run's order was the younger duplicate
  type: str
  sample: "4712"
looked_after_lost_answer:
  description:
    - V(true) when the answer to the order or reissue was lost and a look showed that it had been done; it was not sent again.
  returned: when it happened
  type: bool
  sample: true
certificate:
  description:
    - The certificate found, reissued or issued; V(null) when none exists yet (an order that is still running on a
      provider with jobs).
  returned: always
  type: dict
  contains:
    id:
      description: The certificate's id.
      type: str
      sample: "1234567"
    common_name:
      description: The common name.
      type: str
      sample: www.example.com
    common_name_unicode:
      description: RV(certificate.common_name) with its A-labels written as U-labels (C(xn--bcher-kva.example) is
        C(bücher.example)), for people to read; equal to it for a name without an internationalized label.
      type: str
      sample: www.example.com
    subject_alternative_names:
      description: All names of the certificate, the common name included.
      type: list
      elements: str
      sample: [www.example.com, example.com]
    product:
      description: The product code.
      type: str
      sample: BASIC_SSL
    status:
      description: Normalized status.
      type: str
      choices: [pending, validating, issued, expired, revoked, cancelled, failed]
      sample: issued
    provider_status:
      description: The provider's own status value.
      type: str
      sample: ACTIVE
    not_before:
      description: Start of validity, ISO 8601 UTC.
      type: str
      sample: "2026-01-10T08:00:00Z"
    not_after:
      description: End of validity, ISO 8601 UTC.
      type: str
      sample: "2027-01-10T08:00:00Z"
    days_remaining:
      description: Whole days until RV(certificate.not_after), by the provider's clock.
      type: int
      sample: 364
    term_end:
      description:
        - End of the paid term, ISO 8601 UTC. Certificates issued inside the term (a reissue, free of charge) end before
          it or with it; only at its end is the term renewed, and paid.
        - AutoDNS C(payable) ("when a runtime renewal must take place"). SSL247 names no such date; the collection reads
          it as the order date plus C(years).
        - V(null) when the provider tells nothing of the term.
      type: str
      sample: "2027-12-03T10:00:00Z"
    term_days_remaining:
      description: Whole days until RV(certificate.term_end), by the provider's clock, negative once the term has
        ended; V(null) when unknown.
      type: int
      sample: 331
    multiyear:
      description: Whether the certificate is sold as a multi-year term (AutoDNS C(multiyear)); V(null) on SSL247.
      type: bool
      sample: false
    reissue_required:
      description: Whether AutoDNS says that a reissue is required for this certificate (C(reissueRequired)); V(null)
        on SSL247 and when AutoDNS does not say.
      type: bool
      sample: false
    reissue_status:
      description: The status of a reissue as AutoDNS writes it (C(reissueStatus)); its values are not documented, so it
        is shown as it comes. V(null) on SSL247.
      type: str
      sample: null
    term_years:
      description: The years of the paid term (SSL247 C(years)); V(null) on AutoDNS, which counts the term in months
        (O(lifetime)).
      type: int
      sample: null
    remaining_reissues:
      description: The reissues left in the term (SSL247 C(remaining_reissues)) - a number, or the provider's text such
        as V(unlimited); V(null) on AutoDNS.
      type: raw
      sample: null
    serial_number:
      description: The serial number (hex).
      type: str
      sample: 4f2a01
    certificate:
      description:
        - The leaf certificate, PEM.
        - V(null) while the certificate is not issued, and on a run that changes nothing when the provider's search does
          not carry the PEM (SSL247, where reading it would take two more calls) - set O(wait=true) to always get it,
          or use M(certops.reseller.certificate_info).
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
    chain:
      description: The intermediate certificates, PEM, without the root.
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
    fullchain:
      description: Leaf and intermediates, PEM.
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
    order_id:
      description: The provider's order id.
      type: str
      sample: "ORD-1234"
    job_id:
      description: The job that made the certificate, when known.
      type: str
      sample: "876543"
job:
  description:
    - The running order job (found or started). On SSL247 a pseudo job whose id is the certificate id.
    - V(null) when no job is involved.
  returned: always
  type: dict
  contains:
    id:
      description: The job id; feed it to M(certops.reseller.certificate_job).
      type: str
      sample: "876543"
    status:
      description: Normalized status.
      type: str
      choices: [running, deferred, succeeded, failed, cancelled]
      sample: running
    provider_status:
      description: The provider's own status value.
      type: str
      sample: RUNNING
    sub_status:
      description: The provider's sub-status, for example C(WF_EMAIL_AUTH).
      type: str
      sample: WF_EMAIL_AUTH
    action:
      description: What the job does.
      type: str
      sample: create
    object:
      description: The common name the job works on.
      type: str
      sample: www.example.com
    created:
      description: Creation time, ISO 8601 UTC.
      type: str
      sample: "2026-01-10T08:00:00Z"
    updated:
      description: Last update, ISO 8601 UTC.
      type: str
      sample: "2026-01-10T08:05:00Z"
    execution:
      description: Planned execution time, ISO 8601 UTC.
      type: str
      sample: "2026-01-10T08:00:00Z"
    certificate_id:
      description: The certificate the job made or works on, when known.
      type: str
      sample: "1234567"
challenges:
  description: The domain-control-validation tasks, one per name; empty when none are known.
  returned: always
  type: list
  elements: dict
  contains:
    domain:
      description: The name being validated.
      type: str
      sample: www.example.com
    method:
      description: V(dns), V(file) or V(email).
      type: str
      sample: dns
    record_name:
      description: DNS record to create, FQDN without trailing dot.
      type: str
      sample: _dnsauth.www.example.com
    record_type:
      description: DNS record type.
      type: str
      sample: TXT
    record_value:
      description: DNS record value, unquoted.
      type: str
      sample: 20260110080000abcdef
    ttl:
      description: DNS record TTL.
      type: int
      sample: 300
    file_path:
      description: URL path of the validation file.
      type: str
      sample: /.well-known/pki-validation/fileauth.txt
    file_content:
      description: Content of the validation file.
      type: str
      sample: 20260110080000abcdef
    approver_email:
      description: The approver address for e-mail validation.
      type: str
      sample: admin@example.com
    status:
      description: V(pending), V(valid), V(invalid) or V(null) when unknown.
      type: str
      sample: pending
drift:
  description:
    - How an issued certificate differs from the task - C(names) (C(current), C(wanted), C(missing), C(extra)) and
      C(public_key_fingerprint) (C(current), C(wanted)).
  returned: when an issued certificate differs from the task
  type: dict
  sample: {names: {current: [www.example.com], wanted: [example.com, www.example.com], missing: [example.com], extra: []}}
price:
  description: The price the provider quoted (SSL247), with C(value) and C(currency).
  returned: when the provider quotes prices and an order is (or would be) placed
  type: dict
  sample: {value: 49.0, currency: GBP}
validation:
  description: The provider's verdict on the order (SSL247), with C(valid), C(price), C(currency), C(messages).
  returned: when the provider validates orders and an order is (or would be) placed
  type: dict
  sample: {valid: true, price: 49.0, currency: GBP, messages: []}
name_checks:
  description: In check mode on SSL247, the provider's verdict on each name (C(name), C(valid), C(message)).
  returned: in check mode when an order would be placed and the provider checks names
  type: list
  elements: dict
  sample: [{name: www.example.com, valid: true, message: OK}]
cancelled_jobs:
  description: Ids of the running order jobs cancelled (or that would be).
  returned: when O(state=absent) and something was to do
  type: list
  elements: str
  sample: ["876543"]
cancelled_certificates:
  description: Ids of the pending certificate orders cancelled (or that would be).
  returned: when O(state=absent) and something was to do
  type: list
  elements: str
  sample: []
revoked_certificates:
  description: Ids of the certificates revoked (or that would be).
  returned: when O(state=absent) and something was to do
  type: list
  elements: str
  sample: ["1234567"]
diff:
  description: Names, product and public key fingerprint before and after.
  returned: in diff mode when something changes or differs
  type: dict
  sample: {before: {}, after: {names: [www.example.com], product: BASIC_SSL, public_key_fingerprint: "ab:cd:..."}}
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_order import (
    CERTIFICATE_ORDER_REQUIRED_IF,
    certificate_order_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**certificate_order_argument_spec()), handle, supports_check_mode=True,
               required_if=CERTIFICATE_ORDER_REQUIRED_IF)


if __name__ == '__main__':
    main()
