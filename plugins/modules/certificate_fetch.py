#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_fetch
short_description: Fetch the issued certificate a job or plan names, else the newest issued one of a name, with its PEM
version_added: 0.2.0
description:
  - Reads one certificate with its PEM after an order, reissue or renewal, the way role P(certops.reseller.certificate#role)
    does once per certificate.
  - Which certificate - when a job was followed (see O(job_id)), the certificate the job names (C(certificate_id) of
    O(job)); else the certificate O(certificate_id).
  - When that gives no id, the issued certificates of O(common_name) (and O(product)) are searched, with their PEM.
  - Of the certificates read, RV(certificate) is the one with a PEM that ends last (RV(certificate.not_after)).
  - The reads are those of M(certops.reseller.certificate_info) with O(certops.reseller.certificate_info#module:download=true) -
    by id one request, a search its pages plus one request per certificate found.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  job:
    description:
      - The job that was followed, as RV(certops.reseller.certificate_job#module:job) returns it; its C(certificate_id)
        names the certificate.
      - A job whose C(certificate_id) is empty leads to the search by O(common_name).
    type: dict
  job_id:
    description:
      - The id of the job that was followed. When set, the certificate is the one O(job) names (none without O(job)),
        never O(certificate_id).
      - Set but empty - no job was followed, whatever O(job) holds; O(certificate_id) names the certificate.
      - Omitted - a job was followed when O(job) is given.
    type: str
  certificate_id:
    description:
      - The certificate to read when no job was followed (the plan's certificate).
    type: str
  common_name:
    description:
      - The common name whose newest issued certificate is read when neither the job nor O(certificate_id) names one.
    type: str
  product:
    description:
      - With O(common_name) - only certificates of this product. Empty means any product.
    type: str
  action:
    description:
      - What was done (for example V(order) or V(renew)); the first word of RV(message).
    type: str
    default: ''
seealso:
  - module: certops.reseller.certificate_info
  - module: certops.reseller.certificate_job
'''

EXAMPLES = r'''
- name: Wait for the job of an order
  certops.reseller.certificate_job:
    job_id: "{{ ordered.job.id }}"
    state: completed
  register: followed

- name: Fetch the certificate the job issued, with its PEM
  certops.reseller.certificate_fetch:
    job_id: "{{ ordered.job.id }}"
    job: "{{ followed.job }}"
    common_name: www.example.com
    action: order
  register: fetched

- name: The newest issued certificate of www.example.com
  certops.reseller.certificate_fetch:
    common_name: www.example.com
    product: BASIC_SSL
  register: newest

- name: Write the full chain
  ansible.builtin.copy:
    content: "{{ newest.certificate.fullchain }}"
    dest: /etc/ssl/certs/www.example.com.fullchain.crt
    mode: "0644"
  when: newest.certificate | length > 0
'''

RETURN = r'''
certificate:
  description:
    - The certificate read, normalized as RV(certops.reseller.certificate_info#module:certificates) returns each, with
      its PEM; the newest (RV(certificate.not_after)) of those that have one.
    - An empty dict when no certificate with a PEM was found.
  returned: success
  type: dict
  contains:
    id:
      description: The certificate's id.
      type: str
      sample: "2873612"
    common_name:
      description: The common name.
      type: str
      sample: www.example.com
    status:
      description: Normalized status.
      type: str
      sample: issued
    not_after:
      description: End of validity, ISO 8601 UTC.
      type: str
      sample: "2026-11-22T10:00:00Z"
    serial_number:
      description: Serial number.
      type: str
      sample: "0A1B2C"
    certificate:
      description: The certificate in PEM.
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
    chain:
      description: The intermediate certificates in PEM.
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
    fullchain:
      description: Certificate followed by chain, in PEM.
      type: str
      sample: "-----BEGIN CERTIFICATE-----\n..."
message:
  description: O(action), the serial number and the end of validity of RV(certificate), V(-) for what is unknown.
  returned: success
  type: str
  sample: "order: serial 0A1B2C, expires 2026-11-22T10:00:00Z"
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_fetch import (
    certificate_fetch_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**certificate_fetch_argument_spec()), handle, supports_check_mode=True)


if __name__ == '__main__':
    main()
