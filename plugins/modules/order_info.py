#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: order_info
short_description: Show SSL247 orders, one order's details, or an invoice
version_added: 0.1.0
description:
  - "SSL247: lists the orders (all, or the certificate orders in one O(status)), shows one order's details
    (O(order_id)), or fetches an invoice (O(invoice_id))."
  - SSL247 returns its order lists in one piece; O(limit) and O(offset) cut the page out of it.
  - "AutoDNS: orders are jobs there (see M(certops.reseller.certificate_job_info)); this module fails with
    C(list orders is not supported by autodns) (or C(order details) / C(invoice)) before sending any request."
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  order_id:
    description:
      - The order id or order reference; returns RV(order_details) instead of RV(orders).
    type: str
  status:
    description:
      - Only certificate orders in this status - a normalized status (V(pending), V(validating), V(issued),
        V(expired), V(revoked), V(cancelled), V(failed)) or an SSL247 status name (V(Incomplete), V(Expiring),
        V(Pending), V(ReadyToReview), V(Archived), ...).
    type: str
  invoice_id:
    description:
      - Also fetch this invoice into RV(invoice). Alone (without O(status)), no order list is fetched.
    type: str
  invoice_download:
    description:
      - With O(invoice_id), fetch the PDF (base64) instead of a URL.
    type: bool
    default: false
  limit:
    description:
      - Return at most this many orders, starting at O(offset). Without it, all are returned.
    type: int
  offset:
    description:
      - How many orders to skip.
    type: int
    default: 0
seealso:
  - module: certops.reseller.certificate_info
  - module: certops.reseller.account_info
'''

EXAMPLES = r'''
- name: All SSL247 orders
  certops.reseller.order_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
  register: orders

- name: SSL247 certificate orders still pending
  certops.reseller.order_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    status: pending

- name: One order and its invoice as PDF
  certops.reseller.order_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    order_id: "{{ orders.orders[0].order_id }}"
    invoice_id: "INV-1001"
    invoice_download: true
  register: order

# AutoDNS (JSON or XML) keeps orders as jobs: this task fails with
# "list orders is not supported by autodns"; use certops.reseller.certificate_job_info.
- name: Not available at AutoDNS
  certops.reseller.order_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
  ignore_errors: true
'''

RETURN = r'''
total:
  description: How many orders there are (before O(limit) and O(offset)).
  returned: when RV(orders) is returned
  type: int
  sample: 1
orders:
  description:
    - The orders (this page), normalized.
    - C(term_end) is the end of the paid term, the order date plus C(years) (SSL247 names no such date; this is the
      collection's reading); C(remaining_reissues) is a number, or SSL247's text such as V(unlimited).
  returned: unless O(order_id) is given, or only O(invoice_id)
  type: list
  elements: dict
  sample:
    - order_id: "100234"
      order_ref: WEB-100234
      certificate_id: "5123"
      common_name: www.example.com
      names: ["www.example.com", "example.com"]
      product: SECTIGO_DV
      product_name: Sectigo PositiveSSL
      years: 1
      status: issued
      provider_status: Issued
      ordered: "2025-11-22T10:00:00Z"
      not_before: "2025-11-22T10:05:00Z"
      not_after: "2026-11-22T10:05:00Z"
      term_end: "2026-11-22T10:00:00Z"
      remaining_reissues: unlimited
order_details:
  description: The details of order O(order_id) as SSL247 gives them (C(/orders/{order-id}) C(Orders)).
  returned: when O(order_id) is given
  type: list
  elements: dict
  sample:
    - Certificate:
        id: "5123"
        order_id: "100234"
        CertificateDetails:
          common_name: www.example.com
          product_code: SECTIGO_DV
          Status:
            code: Issued
      invoice_id: INV-1001
invoice:
  description: The invoice O(invoice_id).
  returned: when O(invoice_id) is given
  type: dict
  sample:
    invoice_id: INV-1001
    kind: url
    invoice: https://www.ssl247.com/invoice/INV-1001
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.order_info import (
    ORDER_INFO_MUTUALLY_EXCLUSIVE,
    handle,
    order_info_argument_spec,
)


def main():
    run_module(provider_argument_spec(**order_info_argument_spec()), handle, mutually_exclusive=ORDER_INFO_MUTUALLY_EXCLUSIVE)


if __name__ == '__main__':
    main()
