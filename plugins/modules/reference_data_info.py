#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: reference_data_info
short_description: Show SSL247 reference lists (countries, titles, US states, products, websites)
version_added: 0.1.0
description:
  - "SSL247: the reference lists its API offers (C(/generic/get-...-list)), one request per list."
  - "AutoDNS: the certificate API has no reference lists; the module fails with
    C(reference list is not supported by autodns) before sending any request."
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  lists:
    description:
      - Which lists to fetch. Each becomes a return value of the same name.
    type: list
    elements: str
    choices:
      - countries
      - titles
      - us_states
      - internal_products
      - external_products
      - websites
    default: [countries, titles, us_states, internal_products, external_products, websites]
seealso:
  - module: certops.reseller.contact_profile
  - module: certops.reseller.product_info
'''

EXAMPLES = r'''
- name: Titles and countries SSL247 accepts for contact profiles
  certops.reseller.reference_data_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    lists:
      - titles
      - countries
  register: reference

- name: Show them
  ansible.builtin.debug:
    msg: "{{ reference.titles }}"

# AutoDNS (JSON or XML) has no reference lists: this task fails with
# "reference list is not supported by autodns".
- name: Not available at AutoDNS
  certops.reseller.reference_data_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
  ignore_errors: true
'''

RETURN = r'''
countries:
  description: Countries (SSL247 C(/generic/get-country-list)), as SSL247 gives them.
  returned: when O(lists) contains V(countries)
  type: list
  elements: raw
  sample:
    - code: GB
      name: United Kingdom
titles:
  description: Person titles (SSL247 C(/generic/get-user-titles)).
  returned: when O(lists) contains V(titles)
  type: list
  elements: raw
  sample: ["Mr", "Mrs", "Ms", "Dr"]
us_states:
  description: US states (SSL247 C(/generic/get-us-state-list)).
  returned: when O(lists) contains V(us_states)
  type: list
  elements: raw
  sample:
    - code: CA
      name: California
internal_products:
  description: Products sold by SSL247 (SSL247 C(/generic/get-internal-product-list)).
  returned: when O(lists) contains V(internal_products)
  type: list
  elements: raw
  sample:
    - code: SECTIGO_DV
      name: Sectigo PositiveSSL
external_products:
  description: Products that can be imported as external certificates (SSL247 C(/generic/get-external-product-list)).
  returned: when O(lists) contains V(external_products)
  type: list
  elements: raw
  sample:
    - code: LETSENCRYPT
      name: Let's Encrypt
websites:
  description: SSL247 websites (SSL247 C(/generic/get-websites-list)).
  returned: when O(lists) contains V(websites)
  type: list
  elements: raw
  sample:
    - code: UK
      name: www.ssl247.co.uk
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.reference_data_info import (
    handle,
    reference_data_info_argument_spec,
)


def main():
    run_module(provider_argument_spec(**reference_data_info_argument_spec()), handle)


if __name__ == '__main__':
    main()
