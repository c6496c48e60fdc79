# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""reference_data_info: SSL247 reference lists (countries, titles, US states, products, websites).
AutoDNS has no such lists in this API."""


from ansible_collections.certops.reseller.plugins.module_utils._provider import CatalogueInterface
from ansible_collections.certops.reseller.plugins.module_utils._module.info import (
    info_result,
    require,
    to_plain,
)
from ansible_collections.certops.reseller.plugins.module_utils._paging import as_list

REFERENCE_LISTS = CatalogueInterface.REFERENCE_LISTS


def reference_data_info_argument_spec():
    return dict(
        lists=dict(type='list', elements='str', choices=list(REFERENCE_LISTS), default=list(REFERENCE_LISTS)),
    )


def run_reference_data_info(provider, params):
    names = list(params.get('lists') or REFERENCE_LISTS)
    require(provider, 'reference_list')
    result = {}
    for name in names:
        result[name] = to_plain(as_list(provider.reference_list(name)))
    return info_result(**result)


def handle(module, provider):
    return run_reference_data_info(provider, module.params)
