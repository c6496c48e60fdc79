# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""order_info: SSL247 orders (all, or certificate orders by status), one order's details, an invoice.
AutoDNS has no order list in this API (its orders are jobs: see certificate_job_info)."""


from ansible_collections.certops.reseller.plugins.module_utils._module.info import (
    info_result,
    require,
    to_plain,
)
from ansible_collections.certops.reseller.plugins.module_utils._paging import (
    as_list,
    paging_argument_spec,
    slice_items,
)


def order_info_argument_spec():
    spec = dict(
        order_id=dict(type='str'),
        status=dict(type='str'),
        invoice_id=dict(type='str'),
        invoice_download=dict(type='bool', default=False),
    )
    spec.update(paging_argument_spec())
    return spec


ORDER_INFO_MUTUALLY_EXCLUSIVE = [('order_id', 'status')]


def run_order_info(provider, params):
    result = {}
    if params.get('invoice_id'):
        require(provider, 'invoice')
    if params.get('order_id'):
        require(provider, 'order_details')
        result['order_details'] = to_plain(as_list(provider.order_details(params['order_id'])))
    elif not params.get('invoice_id') or params.get('status'):
        # The list, unless the caller only asked for an invoice.
        require(provider, 'list_orders')
        orders, total = slice_items(provider.list_orders(status=params.get('status')),
                                    params.get('limit'), params.get('offset'))
        result['orders'] = to_plain(orders)
        result['total'] = total
    if params.get('invoice_id'):
        result['invoice'] = to_plain(provider.invoice(params['invoice_id'], download=params.get('invoice_download', False)))
    return info_result(**result)


def handle(module, provider):
    return run_order_info(provider, module.params)
