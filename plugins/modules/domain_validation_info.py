#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: domain_validation_info
short_description: Before ordering, check names for a product and list the approver e-mail addresses (SSL247)
version_added: 0.1.0
description:
  - "SSL247: which approver e-mail addresses the product accepts for the common name (for e-mail validation), whether
    the common name is acceptable for the product, and whether each subject alternative name is."
  - "AutoDNS: the certificate API has no such checks (its C(_prepareOrder) step, used by
    M(certops.reseller.certificate_order) in check mode, tells the validation data instead); the module fails with
    C(approver emails is not supported by autodns) (or the first check of O(gather)) before sending any request."
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  product:
    description:
      - The product code, see M(certops.reseller.product_info).
    type: str
    required: true
  common_name:
    description:
      - The certificate's common name.
    type: str
    required: true
  subject_alternative_names:
    description:
      - Further names to check (the common name is not checked twice).
    type: list
    elements: str
    default: []
  gather:
    description:
      - What to ask (one request each; V(san) one per name). V(approver_emails) the accepted approver addresses,
        V(common_name) the common-name check, V(san) the checks of O(subject_alternative_names).
    type: list
    elements: str
    choices:
      - approver_emails
      - common_name
      - san
    default: [approver_emails, common_name, san]
seealso:
  - module: certops.reseller.product_info
  - module: certops.reseller.certificate_order
'''

EXAMPLES = r'''
- name: Check names and find the approver addresses at SSL247
  certops.reseller.domain_validation_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    product: SECTIGO_DV
    common_name: www.example.com
    subject_alternative_names:
      - example.com
      - shop.example.com
  register: dcv

- name: Stop before ordering when a name is refused
  ansible.builtin.assert:
    that: dcv.valid
    fail_msg: "{{ ([dcv.common_name_check] + dcv.san_checks) | rejectattr('valid') | map(attribute='message') | list }}"

- name: Only the approver addresses
  certops.reseller.domain_validation_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    product: SECTIGO_DV
    common_name: www.example.com
    gather:
      - approver_emails

# AutoDNS (JSON or XML) has no such checks: this task fails with
# "approver emails is not supported by autodns".
- name: Not available at AutoDNS
  certops.reseller.domain_validation_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    product: BASIC_SSL
    common_name: www.example.com
  ignore_errors: true
'''

RETURN = r'''
approver_emails:
  description: The approver e-mail addresses the product accepts for O(common_name).
  returned: when V(approver_emails) is gathered
  type: list
  elements: str
  sample: ["admin@example.com", "webmaster@example.com"]
common_name_check:
  description: The check of O(common_name).
  returned: when V(common_name) is gathered
  type: dict
  contains:
    name:
      description: The name checked.
      type: str
      sample: www.example.com
    valid:
      description: Whether the provider accepts the name for the product.
      type: bool
      sample: true
    message:
      description: The provider's message.
      type: str
      sample: Common name is valid
    raw:
      description: The provider's answer as it came.
      type: raw
      sample: {}
san_checks:
  description: One check per subject alternative name, fields as in RV(common_name_check).
  returned: when V(san) is gathered and O(subject_alternative_names) has names other than the common name
  type: list
  elements: dict
  sample:
    - name: shop.example.com
      valid: true
      message: SAN is valid
      raw: {}
valid:
  description: Whether every check made passed; V(null) when no check was made.
  returned: success
  type: bool
  sample: true
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.domain_validation_info import (
    domain_validation_info_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**domain_validation_info_argument_spec()), handle)


if __name__ == '__main__':
    main()
