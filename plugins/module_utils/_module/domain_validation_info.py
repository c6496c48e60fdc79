# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""domain_validation_info: before ordering, which approver e-mail addresses a product accepts for a
name, and whether the common name and each SAN are acceptable for the product (SSL247)."""


from ansible_collections.certops.reseller.plugins.module_utils._module.info import (
    info_result,
    require,
    to_plain,
)
from ansible_collections.certops.reseller.plugins.module_utils._paging import as_list

GATHER_CHOICES = ('approver_emails', 'common_name', 'san')
GATHER_OPERATIONS = {
    'approver_emails': 'approver_emails',
    'common_name': 'check_common_name',
    'san': 'check_san',
}


def domain_validation_info_argument_spec():
    return dict(
        product=dict(type='str', required=True),
        common_name=dict(type='str', required=True),
        subject_alternative_names=dict(type='list', elements='str', default=[]),
        gather=dict(type='list', elements='str', choices=list(GATHER_CHOICES), default=list(GATHER_CHOICES)),
    )


def check_to_result(name, check):
    check = to_plain(check) or {}
    if not isinstance(check, dict):
        check = dict(raw=check)
    return dict(name=name, valid=bool(check.get('valid')), message=check.get('message'), raw=check.get('raw'))


def run_domain_validation_info(provider, params):
    gather = list(params.get('gather') or GATHER_CHOICES)
    product = params['product']
    common_name = params['common_name']
    sans = [name for name in (params.get('subject_alternative_names') or []) if name != common_name]
    if 'san' in gather and not sans:
        gather.remove('san')
    require(provider, *[GATHER_OPERATIONS[item] for item in gather])

    result = {}
    checks = []
    if 'approver_emails' in gather:
        result['approver_emails'] = [str(address) for address in as_list(provider.approver_emails(product, common_name))]
    if 'common_name' in gather:
        result['common_name_check'] = check_to_result(common_name, provider.check_common_name(product, common_name))
        checks.append(result['common_name_check'])
    if 'san' in gather:
        result['san_checks'] = [check_to_result(san, provider.check_san(product, common_name, san)) for san in sans]
        checks.extend(result['san_checks'])
    result['valid'] = all(check['valid'] for check in checks) if checks else None
    return info_result(**result)


def handle(module, provider):
    return run_domain_validation_info(provider, module.params)
