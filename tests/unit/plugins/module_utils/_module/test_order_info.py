# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._module.order_info import run_order_info
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)


def params(**overrides):
    result = dict(order_id=None, status=None, invoice_id=None, invoice_download=False, limit=None, offset=0)
    result.update(overrides)
    return result


def test_all_orders():
    result = run_order_info(FakeSSL247(), params())
    assert result['changed'] is False
    assert [o['order_id'] for o in result['orders']] == ['O1', 'O2', 'O3']
    assert result['total'] == 3


def test_orders_by_status_with_paging():
    provider = FakeSSL247()
    result = run_order_info(provider, params(status='Issued', limit=1, offset=1))
    assert [o['order_id'] for o in result['orders']] == ['O3']
    assert result['total'] == 2
    assert provider.called('list_orders')[0][2] == dict(status='Issued')


def test_order_details():
    provider = FakeSSL247()
    result = run_order_info(provider, params(order_id='O2'))
    assert result['order_details'] == [dict(order_id='O2', status='Pending')]
    assert 'orders' not in result
    assert provider.called('list_orders') == []


def test_invoice_only():
    provider = FakeSSL247()
    result = run_order_info(provider, params(invoice_id='I9', invoice_download=True))
    assert result['invoice'] == 'PDF'
    assert provider.called('list_orders') == []


def test_autodns_unsupported():
    provider = FakeAutodns()
    with pytest.raises(UnsupportedOperationError, match='list orders is not supported by autodns'):
        run_order_info(provider, params())
    with pytest.raises(UnsupportedOperationError, match='invoice is not supported by autodns'):
        run_order_info(provider, params(invoice_id='1', order_id='2'))
    assert provider.calls == []
