# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact
from ansible_collections.certops.reseller.plugins.module_utils._module.info import (
    require,
    to_plain,
)
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)


def test_require_names_the_missing_operation_and_provider():
    with pytest.raises(UnsupportedOperationError, match='account info is not supported by autodns'):
        require(FakeAutodns(), 'delete_contact', 'account_info')
    require(FakeSSL247(), 'account_info', 'reference_list')


def test_to_plain_converts_models():
    assert to_plain(dict(x=[Contact(id='1')]))['x'][0]['id'] == '1'
