# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._module.domain_validation_info import (
    run_domain_validation_info,
)
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)


def params(**overrides):
    result = dict(product='SECTIGO_DV', common_name='example.com', subject_alternative_names=[], gather=None)
    result.update(overrides)
    return result


def test_all_checks():
    provider = FakeSSL247()
    sans = ['www.example.com', 'bad.example.com', 'example.com']
    result = run_domain_validation_info(provider, params(subject_alternative_names=sans))
    assert result['changed'] is False
    assert result['approver_emails'] == ['admin@example.com', 'webmaster@example.com']
    assert result['common_name_check']['valid'] is True
    assert [(c['name'], c['valid']) for c in result['san_checks']] == [('www.example.com', True), ('bad.example.com', False)]
    assert result['valid'] is False
    # The common name is not checked again as a SAN.
    assert len(provider.called('check_san')) == 2


def test_without_sans_no_san_check():
    provider = FakeSSL247()
    result = run_domain_validation_info(provider, params())
    assert 'san_checks' not in result
    assert result['valid'] is True
    assert provider.called('check_san') == []


def test_only_approver_emails():
    result = run_domain_validation_info(FakeSSL247(), params(gather=['approver_emails']))
    assert result['valid'] is None
    assert 'common_name_check' not in result


def test_autodns_unsupported():
    provider = FakeAutodns()
    with pytest.raises(UnsupportedOperationError, match='approver emails is not supported by autodns'):
        run_domain_validation_info(provider, params())
    assert provider.calls == []
