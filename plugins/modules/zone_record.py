#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: zone_record
short_description: Publish or remove DCV records in a zone hosted at AutoDNS
version_added: 0.1.0
description:
  - Adds records to, or removes them from, a DNS zone that the provider hosts, through the AutoDNS zone API
    (zone info 0205, zone stream update 0202002). Only the listed records are touched; the rest of the zone stays as it is.
  - Made to publish the RV(certops.reseller.certificate_order#module:challenges) of a certificate order and to remove
    them again once the certificate is issued.
  - Supported by O(provider=autodns) with O(api_format=json). SSL247 hosts no zones; the module says so and fails.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  zone:
    description:
      - The zone's origin, for example V(example.com).
    type: str
    required: true
  nameserver:
    description:
      - The zone's virtual name server at AutoDNS. Looked up when not given.
    type: str
  challenges:
    description:
      - The RV(certops.reseller.certificate_order#module:challenges) of an order, as returned; the DNS ones are
        published (or removed) as records, the others are ignored.
      - Exactly one of O(records) and O(challenges) is required.
    type: list
    elements: dict
  records:
    description:
      - The records to publish or remove.
      - Exactly one of O(records) and O(challenges) is required.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - The record's name, either fully qualified (V(_dnsauth.www.example.com)) or relative to the zone
            (V(_dnsauth.www)); empty or V(@) for the apex.
        type: str
        default: ''
      type:
        description: The record type.
        type: str
        default: TXT
      value:
        description: The record's value (a TXT value without quotes).
        type: str
        required: true
      ttl:
        description: The time to live in seconds.
        type: int
        default: 300
  state:
    description:
      - V(present) adds the records that are missing; V(absent) removes those that exist.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: certops.reseller.certificate_order
'''

EXAMPLES = r'''
- name: Publish the DNS challenges of an order in a zone hosted at AutoDNS
  certops.reseller.zone_record:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    zone: example.com
    challenges: "{{ order.challenges }}"

- name: Remove them again, settings from module_defaults
  module_defaults:
    group/certops.reseller.api:
      provider: autodns
      username: "{{ autodns_user }}"
      password: "{{ autodns_password }}"
  certops.reseller.zone_record:
    zone: example.com
    state: absent
    records:
      - name: _dnsauth.www.example.com
        type: TXT
        value: "{{ token }}"
'''

RETURN = r'''
zone:
  description: The zone's origin.
  returned: always
  type: str
  sample: example.com
added:
  description: The records added (or that would be added in check mode), names relative to the zone.
  returned: always
  type: list
  elements: dict
  sample: [{name: _dnsauth.www, type: TXT, value: 2f1e0c9d8b7a, ttl: 300}]
removed:
  description: The records removed (or that would be removed in check mode), names relative to the zone.
  returned: always
  type: list
  elements: dict
  sample: []
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.zone_record import (
    ZONE_RECORD_MUTUALLY_EXCLUSIVE,
    ZONE_RECORD_REQUIRED_ONE_OF,
    handle,
    zone_record_argument_spec,
)


def main():
    run_module(provider_argument_spec(**zone_record_argument_spec()), handle, supports_check_mode=True,
               mutually_exclusive=ZONE_RECORD_MUTUALLY_EXCLUSIVE, required_one_of=ZONE_RECORD_REQUIRED_ONE_OF)


if __name__ == '__main__':
    main()
