# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The eight info modules as a whole: argument handling, check mode, never changed, clear failures."""


import pytest

from ansible_collections.certops.reseller.plugins.modules import (
    account_info,
    certificate_info,
    certificate_job_info,
    contact_profile_info,
    domain_validation_info,
    order_info,
    product_info,
    reference_data_info,
)
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)
from ansible_collections.certops.reseller.tests.unit.plugins.modules.contact_info_module_runner import run

SSL247_ONLY = [
    (account_info, dict(), 'account info is not supported by autodns'),
    (product_info, dict(), 'product types is not supported by autodns'),
    (order_info, dict(), 'list orders is not supported by autodns'),
    (domain_validation_info, dict(product='BASIC_SSL', common_name='example.com'),
     'approver emails is not supported by autodns'),
    (reference_data_info, dict(lists=['countries']), 'reference list is not supported by autodns'),
]


@pytest.mark.parametrize('module, args, message', SSL247_ONLY)
def test_ssl247_only_modules_fail_clearly_on_autodns(module, args, message):
    provider = FakeAutodns()
    result, failed = run(module, args, provider)
    assert failed
    assert message in result['msg']
    assert result['error_type'] == 'UnsupportedOperationError'
    assert provider.calls == []


@pytest.mark.parametrize('module, args, key', [
    (account_info, dict(gather=['deposit']), 'deposit'),
    (product_info, dict(product_type='DV'), 'products'),
    (order_info, dict(status='Issued'), 'orders'),
    (domain_validation_info, dict(product='SECTIGO_DV', common_name='example.com'), 'approver_emails'),
    (reference_data_info, dict(lists=['titles']), 'titles'),
])
def test_ssl247_modules_in_check_mode(module, args, key):
    result, failed = run(module, args, FakeSSL247(), check_mode=True)
    assert not failed
    assert result['changed'] is False
    assert result[key]


def test_certificate_info_mutually_exclusive():
    result, failed = run(certificate_info, dict(id='1', status='issued'), FakeAutodns())
    assert failed and 'mutually exclusive' in result['msg']


def test_certificate_info_lists_in_check_mode():
    provider = FakeAutodns()
    provider.add_certificate(common_name='www.example.com', status='issued', not_after='2030-01-01T00:00:00Z')
    result, failed = run(certificate_info, dict(status='issued'), provider, check_mode=True)
    assert not failed and result['changed'] is False
    assert result['total'] == 1
    assert result['certificates'][0]['days_remaining'] > 0


def test_certificate_job_info_unknown_job_is_empty():
    result, failed = run(certificate_job_info, dict(job_id='77'), FakeAutodns())
    assert not failed
    assert result['jobs'] == [] and result['certificate'] is None


def test_contact_profile_info_paging_options_checked():
    result, failed = run(contact_profile_info, dict(limit=0), FakeAutodns())
    assert failed and 'limit must be at least 1' in result['msg']


def test_domain_validation_info_requires_product():
    result, failed = run(domain_validation_info, dict(common_name='example.com'), FakeSSL247())
    assert failed and 'product' in result['msg']
