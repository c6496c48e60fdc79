# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""account_info: the SSL247 account, its users, deposit and monthly allowance.

AutoDNS has no such data in this API: asking for it fails with "... is not supported by autodns".
"""


from ansible_collections.certops.reseller.plugins.module_utils._module.info import (
    info_result,
    require,
    to_plain,
)
from ansible_collections.certops.reseller.plugins.module_utils._paging import as_list

# What can be gathered, and the provider operation that gives it.
GATHER_OPERATIONS = {
    'account': 'account_info',
    'users': 'list_users',
    'deposit': 'deposit',
    'allowance': 'monthly_allowance',
}
GATHER_CHOICES = ('account', 'users', 'deposit', 'allowance')


def account_info_argument_spec():
    return dict(
        gather=dict(type='list', elements='str', choices=list(GATHER_CHOICES), default=list(GATHER_CHOICES)),
        user_id=dict(type='str'),
    )


def run_account_info(provider, params):
    gather = list(params.get('gather') or GATHER_CHOICES)
    operations = [GATHER_OPERATIONS[item] for item in gather]
    if params.get('user_id'):
        operations.append('get_user')
    require(provider, *operations)

    result = {}
    if 'account' in gather:
        result['account'] = to_plain(provider.account_info())
    if 'users' in gather:
        result['users'] = to_plain(as_list(provider.list_users()))
    if 'deposit' in gather:
        result['deposit'] = to_plain(provider.deposit())
    if 'allowance' in gather:
        result['allowance'] = to_plain(provider.monthly_allowance())
    if params.get('user_id'):
        result['user'] = to_plain(provider.get_user(params['user_id']))
    return info_result(**result)


def handle(module, provider):
    return run_account_info(provider, module.params)
