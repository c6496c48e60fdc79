# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._module.account_info import run_account_info
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)


def test_gathers_everything_by_default():
    result = run_account_info(FakeSSL247(), dict(gather=None, user_id=None))
    assert result['changed'] is False
    assert result['account']['account_code'] == 'ACC1'
    assert result['users'][0]['email'] == 'sandbox@example.com'
    assert result['deposit'] == dict(value=1000.0, currency='GBP')
    assert result['allowance']['limit'] == '1000'
    assert 'user' not in result


def test_gathers_only_what_is_asked():
    provider = FakeSSL247()
    result = run_account_info(provider, dict(gather=['deposit'], user_id='5'))
    assert set(result) == set(['changed', 'deposit', 'user'])
    assert [call[0] for call in provider.calls] == ['deposit', 'get_user']


def test_autodns_fails_clearly_before_any_call():
    provider = FakeAutodns()
    with pytest.raises(UnsupportedOperationError, match='account info is not supported by autodns'):
        run_account_info(provider, dict(gather=None, user_id=None))
    assert provider.calls == []
