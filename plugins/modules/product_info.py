#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: product_info
short_description: Show SSL247 product types, products, and a product's details, requirements, add-ons and prices
version_added: 0.1.0
description:
  - "SSL247: the product catalogue. Without O(gather): the details of O(product_code) when given, else the products
    of O(product_type) when given, else the product types."
  - "AutoDNS: the certificate API has no product catalogue (products are names such as C(BASIC_SSL) in the order);
    the module fails with C(product types is not supported by autodns) (or the item asked for) before sending any
    request."
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  product_type:
    description:
      - A product type code from RV(product_types), for V(products).
    type: str
  product_code:
    description:
      - A product code from RV(products), for V(details), V(requirements), V(addons) and V(prices).
    type: str
  gather:
    description:
      - What to fetch (one request each). V(types) needs nothing, V(products) needs O(product_type), the others need
        O(product_code).
    type: list
    elements: str
    choices:
      - types
      - products
      - details
      - requirements
      - addons
      - prices
seealso:
  - module: certops.reseller.domain_validation_info
'''

EXAMPLES = r'''
- name: SSL247 product types
  certops.reseller.product_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
  register: types

- name: The products of the first type, with their prices
  certops.reseller.product_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    product_type: "{{ types.product_types[0].code }}"
  register: products

- name: Requirements and prices of one product
  certops.reseller.product_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    product_code: "{{ products.products[0].code }}"
    gather:
      - requirements
      - prices

# AutoDNS (JSON or XML) has no product catalogue in this API: this task fails with
# "product types is not supported by autodns".
- name: Not available at AutoDNS
  certops.reseller.product_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
  ignore_errors: true
'''

RETURN = r'''
product_types:
  description: The product types (SSL247 C(/product-types)).
  returned: when V(types) is gathered
  type: list
  elements: dict
  sample:
    - code: DV
      name: Domain Validation
products:
  description: The products of O(product_type) with their prices per number of years (SSL247 C(/products/{type})).
  returned: when V(products) is gathered
  type: list
  elements: dict
  sample:
    - code: SECTIGO_DV
      brand: Sectigo
      name: Sectigo PositiveSSL
      prices:
        - years: 1
          price: 25.0
          currency: GBP
details:
  description: The details of O(product_code) (SSL247 C(/product/{code})).
  returned: when V(details) is gathered
  type: dict
  sample:
    code: SECTIGO_DV
    name: Sectigo PositiveSSL
    brand: Sectigo
    url: https://www.ssl247.com/
    wildcard: false
    description: Domain validated certificate
    requirements: {}
    addons: []
    prices:
      - years: 1
        price: 25.0
        currency: GBP
    addon_prices: {}
requirements:
  description: What an order of O(product_code) requires, as SSL247 gives it (C(ProductRequirements)).
  returned: when V(requirements) is gathered
  type: raw
  sample:
    csr: true
addons:
  description: The add-ons of O(product_code) (SSL247 C(ProductAddons)).
  returned: when V(addons) is gathered
  type: list
  elements: raw
  sample: []
prices:
  description: The prices of O(product_code) and of its add-ons.
  returned: when V(prices) is gathered
  type: dict
  sample:
    prices:
      - years: 1
        price: 25.0
        currency: GBP
    addon_prices:
      SAN:
        - years: 1
          price: 10.0
          currency: GBP
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.product_info import (
    handle,
    product_info_argument_spec,
)


def main():
    run_module(provider_argument_spec(**product_info_argument_spec()), handle)


if __name__ == '__main__':
    main()
