# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError, UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._module.product_info import run_product_info
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)


def params(**overrides):
    result = dict(product_type=None, product_code=None, gather=None)
    result.update(overrides)
    return result


def test_default_is_types():
    provider = FakeSSL247()
    result = run_product_info(provider, params())
    assert result == dict(changed=False, product_types=[dict(code='DV', name='Domain validated')])


def test_default_with_type_is_products():
    result = run_product_info(FakeSSL247(), params(product_type='DV'))
    assert result['products'][0]['type'] == 'DV'
    assert 'product_types' not in result


def test_default_with_code_is_details():
    result = run_product_info(FakeSSL247(), params(product_code='SECTIGO_DV'))
    assert result['details']['Code'] == 'SECTIGO_DV'


def test_gather_all_of_a_code():
    provider = FakeSSL247()
    result = run_product_info(provider, params(product_code='X', gather=['details', 'requirements', 'addons', 'prices']))
    assert result['requirements'] == dict(csr=True)
    assert result['addons'] == [dict(name='SAN')]
    assert result['prices']['ProductPrices'][0]['price'] == 10


def test_missing_inputs_fail_before_calls():
    provider = FakeSSL247()
    with pytest.raises(InputError, match='needs product_type'):
        run_product_info(provider, params(gather=['products']))
    with pytest.raises(InputError, match='gather=prices needs product_code'):
        run_product_info(provider, params(gather=['prices']))
    assert provider.calls == []


def test_autodns_unsupported():
    with pytest.raises(UnsupportedOperationError, match='product types is not supported by autodns'):
        run_product_info(FakeAutodns(), params())
