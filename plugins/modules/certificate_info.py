#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_info
short_description: Show certificates held at AutoDNS or SSL247, optionally with their PEM
version_added: 0.1.0
description:
  - Finds certificates by O(id), O(common_name), O(status) or O(product), or lists them all.
  - Returns the normalized certificate data; with O(download=true) also the certificate, its chain and the full chain
    in PEM.
  - "AutoDNS: the search returns complete certificates. SSL247: its certificate list gives only id, common name and
    status; set O(details=true) to read each certificate in full (one more request per certificate)."
  - Lists are paged for you - without O(limit) all matching certificates are returned.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  id:
    description:
      - The certificate's id (AutoDNS certificate id, SSL247 certificate id).
      - When the certificate does not exist, RV(certificates) is empty.
    type: str
  common_name:
    description:
      - Only certificates with this common name.
    type: str
  status:
    description:
      - Only certificates in this normalized status.
    type: str
    choices:
      - pending
      - validating
      - issued
      - expired
      - revoked
      - cancelled
      - failed
  product:
    description:
      - Only certificates of this product, for example V(BASIC_SSL) (AutoDNS) or an SSL247 product code.
    type: str
  details:
    description:
      - Read every certificate a search found individually, for complete data where the provider's search gives only a
        summary (SSL247).
      - Implied by O(download) and O(download_format). Not needed with O(id).
    type: bool
    default: false
  download:
    description:
      - Include the certificate (RV(certificates[].certificate)), its intermediate chain (RV(certificates[].chain)) and
        both together (RV(certificates[].fullchain)) in PEM.
      - Without it these three are V(null).
    type: bool
    default: false
  download_format:
    description:
      - SSL247 only. Also download each issued certificate in this format into RV(certificates[].download).
      - V(x509) the certificate, V(pkcs7) the PKCS#7 bundle, V(intermediate) and V(root) the CA certificates,
        V(bundle) everything.
      - Fails for AutoDNS with C(download certificate is not supported by autodns).
    type: str
    choices:
      - x509
      - pkcs7
      - intermediate
      - root
      - bundle
  limit:
    description:
      - Return at most this many certificates, starting at O(offset). Without it, all are returned.
    type: int
  offset:
    description:
      - How many matching certificates to skip.
    type: int
    default: 0
seealso:
  - module: certops.reseller.certificate_job_info
'''

EXAMPLES = r'''
- name: All issued certificates at AutoDNS
  certops.reseller.certificate_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    status: issued
  register: issued

- name: Certificates that expire within 30 days
  ansible.builtin.debug:
    msg: "{{ issued.certificates | selectattr('days_remaining', 'lt', 30) | map(attribute='common_name') | list }}"

- name: Paid terms that end within 90 days (a renewal, paid), whatever the certificates' own expiry
  ansible.builtin.debug:
    msg: "{{ issued.certificates | rejectattr('term_days_remaining', 'none') | selectattr('term_days_remaining', 'le', 90)
             | map(attribute='common_name') | list }}"

- name: One certificate with its PEM, through the AutoDNS XML gateway
  certops.reseller.certificate_info:
    provider: autodns
    api_format: xml
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    id: "2873612"
    download: true
  register: cert

- name: Write the full chain
  ansible.builtin.copy:
    content: "{{ cert.certificates[0].fullchain }}"
    dest: /etc/ssl/example.com.fullchain.pem
    mode: "0644"
  when: cert.certificates | length > 0

- name: SSL247 certificates of www.example.com, in full, with a PKCS#7 download
  certops.reseller.certificate_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    common_name: www.example.com
    details: true
    download_format: pkcs7

- name: The first page of 20 SSL247 certificates
  certops.reseller.certificate_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    limit: 20
'''

RETURN = r'''
total:
  description: How many certificates match (all pages), as the provider counts them.
  returned: success
  type: int
  sample: 1
certificates:
  description: The certificates found (this page), normalized for both providers.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The certificate's id.
      type: str
      sample: "2873612"
    common_name:
      description: The common name.
      type: str
      sample: www.example.com
    common_name_unicode:
      description: RV(certificates[].common_name) with its A-labels written as U-labels (C(xn--bcher-kva.example) is
        C(bücher.example)), for people to read; equal to it for a name without an internationalized label.
      type: str
      sample: www.example.com
    subject_alternative_names:
      description: All names of the certificate, the common name included.
      type: list
      elements: str
      sample: ["www.example.com", "example.com"]
    product:
      description: The product. V(null) in an SSL247 search result without O(details).
      type: str
      sample: BASIC_SSL
    status:
      description: Normalized status, one of V(pending), V(validating), V(issued), V(expired), V(revoked), V(cancelled), V(failed).
      type: str
      sample: issued
    provider_status:
      description: The provider's own status value.
      type: str
      sample: ACTIVE
    not_before:
      description: Start of validity, ISO 8601 UTC.
      type: str
      sample: "2025-11-22T10:00:00Z"
    not_after:
      description: End of validity, ISO 8601 UTC.
      type: str
      sample: "2026-11-22T10:00:00Z"
    days_remaining:
      description: Whole days until RV(certificates[].not_after), counted on the provider's clock; V(null) when unknown.
      type: int
      sample: 364
    term_end:
      description:
        - End of the paid term, ISO 8601 UTC, beside the certificate's own end RV(certificates[].not_after). Certificates
          issued inside the term (a reissue, free of charge) end before it or with it; only at its end is the term
          renewed, and paid.
        - AutoDNS C(payable) ("when a runtime renewal must take place"). SSL247 names no such date; the collection reads
          it as the order date plus C(years), and needs the certificate's details for it (O(details=true), or O(id)).
        - V(null) when the provider tells nothing of the term.
      type: str
      sample: "2027-12-03T10:00:00Z"
    term_days_remaining:
      description: Whole days until RV(certificates[].term_end), counted on the provider's clock, negative once the term
        has ended; V(null) when unknown.
      type: int
      sample: 376
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
        (RV(certificates[].lifetime_months)).
      type: int
      sample: null
    remaining_reissues:
      description: The reissues left in the term (SSL247 C(remaining_reissues)) - a number, or the provider's text such
        as V(unlimited); V(null) on AutoDNS.
      type: raw
      sample: null
    serial_number:
      description: Serial number.
      type: str
      sample: "0A1B2C"
    certificate:
      description: The certificate in PEM. Only with O(download=true) and once issued; V(null) otherwise.
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
    chain:
      description: The intermediate certificates in PEM (the root excluded). Only with O(download=true).
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
    fullchain:
      description: Certificate followed by chain, in PEM. Only with O(download=true).
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
    order_id:
      description: The provider's order id.
      type: str
      sample: "ORD-1234"
    job_id:
      description: The job that created or works on the certificate (AutoDNS), when known.
      type: str
      sample: "394821"
    lifetime_months:
      description: Validity period ordered, in months.
      type: int
      sample: 12
    validation_method:
      description: Domain validation method, V(dns), V(email) or V(file).
      type: str
      sample: dns
    admin_contact_id:
      description: Administrative contact id.
      type: str
      sample: "2384712"
    technical_contact_id:
      description: Technical contact id.
      type: str
      sample: "2384712"
    challenges:
      description: Domain validation tasks while the certificate is pending, when the provider tells them.
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
    download:
      description: With O(download_format), the downloaded content (V(null) for a certificate that is not issued).
      type: dict
      returned: when O(download_format) is set
      sample:
        format: pkcs7
        content: "-----BEGIN PKCS7-----\n..."
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_info import (
    CERTIFICATE_INFO_MUTUALLY_EXCLUSIVE,
    certificate_info_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**certificate_info_argument_spec()), handle,
               mutually_exclusive=CERTIFICATE_INFO_MUTUALLY_EXCLUSIVE)


if __name__ == '__main__':
    main()
