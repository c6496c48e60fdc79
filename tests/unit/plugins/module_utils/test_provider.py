# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError, UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._provider import Provider


class PartialProvider(Provider):
    name = 'partial'

    def get_contact(self, contact_id):
        return contact_id


def test_supports_tells_overridden_operations_only():
    provider = PartialProvider(http=None, settings=None)
    assert provider.supports('get_contact')
    assert not provider.supports('delete_contact')
    assert not provider.supports('no_such_operation')


def test_missing_operation_raises_a_clear_unsupported_error():
    provider = PartialProvider(http=None, settings=None)
    with pytest.raises(UnsupportedOperationError) as excinfo:
        provider.delete_contact('1')
    assert str(excinfo.value) == 'delete contact is not supported by partial'
    assert excinfo.value.details == dict(provider='partial', operation='delete_contact')


def test_error_string_is_one_line_with_code_and_status():
    error = CertopsError('certificate cannot\nbe renewed yet', code='EF4001012', operation='certificate renew (400106)',
                         http_status=400, provider='autodns')
    assert str(error) == ('autodns certificate renew (400106): certificate cannot be renewed yet (code EF4001012, HTTP 400)')
    assert error.to_result()['error_code'] == 'EF4001012'
