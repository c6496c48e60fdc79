# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""product_info: SSL247 product types, the products of a type, and a product's details,
requirements, add-ons and prices.  AutoDNS has no product catalogue in this API."""


from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._module.info import (
    info_result,
    require,
    to_plain,
)
from ansible_collections.certops.reseller.plugins.module_utils._paging import as_list

GATHER_CHOICES = ('types', 'products', 'details', 'requirements', 'addons', 'prices')
PRODUCT_CODE_ITEMS = ('details', 'requirements', 'addons', 'prices')

GATHER_OPERATIONS = {
    'types': 'product_types',
    'products': 'products',
    'details': 'product_details',
    'requirements': 'product_requirements',
    'addons': 'product_addons',
    'prices': 'product_prices',
}


def product_info_argument_spec():
    return dict(
        product_type=dict(type='str'),
        product_code=dict(type='str'),
        gather=dict(type='list', elements='str', choices=list(GATHER_CHOICES)),
    )


def default_gather(params):
    """Without ``gather``: a product code's details, else a type's products, else the types."""
    if params.get('product_code'):
        return ['details']
    if params.get('product_type'):
        return ['products']
    return ['types']


def run_product_info(provider, params):
    gather = list(params.get('gather') or default_gather(params))
    if 'products' in gather and not params.get('product_type'):
        raise InputError('gather=products needs product_type (see gather=types for the codes)')
    needs_code = [item for item in gather if item in PRODUCT_CODE_ITEMS]
    if needs_code and not params.get('product_code'):
        raise InputError('gather=%s needs product_code' % ','.join(needs_code))
    require(provider, *[GATHER_OPERATIONS[item] for item in gather])

    code = params.get('product_code')
    result = {}
    if 'types' in gather:
        result['product_types'] = to_plain(as_list(provider.product_types()))
    if 'products' in gather:
        result['products'] = to_plain(as_list(provider.products(params['product_type'])))
    if 'details' in gather:
        result['details'] = to_plain(provider.product_details(code))
    if 'requirements' in gather:
        result['requirements'] = to_plain(provider.product_requirements(code))
    if 'addons' in gather:
        result['addons'] = to_plain(provider.product_addons(code))
    if 'prices' in gather:
        result['prices'] = to_plain(provider.product_prices(code))
    return info_result(**result)


def handle(module, provider):
    return run_product_info(provider, module.params)
