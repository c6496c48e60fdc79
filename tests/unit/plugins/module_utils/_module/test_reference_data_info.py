# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._module.reference_data_info import run_reference_data_info
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)


def test_all_lists_by_default():
    result = run_reference_data_info(FakeSSL247(), dict(lists=None))
    assert set(result) == set(['changed', 'countries', 'titles', 'us_states', 'internal_products',
                               'external_products', 'websites'])
    assert result['countries'][0]['code'] == 'countries-1'


def test_selected_lists():
    provider = FakeSSL247()
    result = run_reference_data_info(provider, dict(lists=['titles']))
    assert set(result) == set(['changed', 'titles'])
    assert provider.calls == [('reference_list', ('titles',), {})]


def test_autodns_unsupported():
    with pytest.raises(UnsupportedOperationError, match='reference list is not supported by autodns'):
        run_reference_data_info(FakeAutodns(), dict(lists=None))
