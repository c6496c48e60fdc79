# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_info import run_certificate_info
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
    a_challenge,
)

LEAF = '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----'
INTERMEDIATE = '-----BEGIN CERTIFICATE-----\nINT\n-----END CERTIFICATE-----'


def params(**overrides):
    result = dict(id=None, common_name=None, status=None, product=None, details=False, download=False,
                  download_format=None, limit=None, offset=0)
    result.update(overrides)
    return result


def fill(provider):
    issued = provider.add_certificate(common_name='www.example.com', subject_alternative_names=['www.example.com'],
                                      product='BASIC_SSL', status='issued', not_after='2030-01-01T00:00:00Z',
                                      certificate=LEAF, chain=INTERMEDIATE, serial_number='0A')
    pending = provider.add_certificate(common_name='shop.example.com', product='BASIC_SSL', status='pending',
                                       challenges=[a_challenge('shop.example.com')])
    return issued, pending


def test_read_only_and_unchanged():
    provider = FakeAutodns()
    fill(provider)
    result = run_certificate_info(provider, params())
    assert result['changed'] is False
    assert result['total'] == 2
    assert provider.writes() == []


def test_by_id_and_pem_hidden_unless_download():
    provider = FakeAutodns()
    issued, dummy = fill(provider)
    result = run_certificate_info(provider, params(id=issued.id))
    assert result['total'] == 1
    certificate = result['certificates'][0]
    assert certificate['id'] == issued.id
    assert certificate['serial_number'] == '0A'
    assert certificate['certificate'] is None and certificate['chain'] is None and certificate['fullchain'] is None
    assert provider.called('list_certificates') == []


def test_download_gives_pem_chain_fullchain():
    provider = FakeAutodns()
    issued, dummy = fill(provider)
    certificate = run_certificate_info(provider, params(id=issued.id, download=True))['certificates'][0]
    assert certificate['certificate'] == LEAF
    assert certificate['chain'] == INTERMEDIATE
    assert certificate['fullchain'] == LEAF + '\n' + INTERMEDIATE + '\n'


def test_unknown_id_gives_empty_list():
    result = run_certificate_info(FakeAutodns(), params(id='nope'))
    assert result['certificates'] == [] and result['total'] == 0


def test_filters_are_passed_to_the_provider():
    provider = FakeAutodns()
    fill(provider)
    result = run_certificate_info(provider, params(status='pending'))
    assert [c['common_name'] for c in result['certificates']] == ['shop.example.com']
    assert result['certificates'][0]['challenges'][0]['record_name'] == '_dnsauth.shop.example.com'
    assert provider.called('list_certificates')[0][2]['status'] == 'pending'
    result = run_certificate_info(provider, params(common_name='www.example.com'))
    assert result['total'] == 1


def test_days_remaining_uses_given_clock():
    import datetime
    provider = FakeAutodns()
    issued, dummy = fill(provider)
    now = datetime.datetime(2029, 12, 22, tzinfo=datetime.timezone.utc)
    certificate = run_certificate_info(provider, params(id=issued.id), now=now)['certificates'][0]
    assert certificate['days_remaining'] == 10


def test_paging_with_limit():
    provider = FakeAutodns()
    for index in range(5):
        provider.add_certificate(common_name='n%d.example.com' % index, status='issued')
    result = run_certificate_info(provider, params(limit=2, offset=1))
    assert [c['common_name'] for c in result['certificates']] == ['n1.example.com', 'n2.example.com']
    assert result['total'] == 5


def test_summary_list_is_completed_with_details():
    provider = FakeSSL247()
    fill(provider)
    summary = run_certificate_info(provider, params(status='issued'))['certificates'][0]
    assert summary['product'] is None
    assert provider.called('get_certificate') == []
    detailed = run_certificate_info(provider, params(status='issued', details=True))['certificates'][0]
    assert detailed['product'] == 'BASIC_SSL'
    assert detailed['not_after'] == '2030-01-01T00:00:00Z'
    assert detailed['certificate'] is None


def test_download_format_on_ssl247_only_for_issued():
    provider = FakeSSL247()
    issued, pending = fill(provider)
    result = run_certificate_info(provider, params(download_format='pkcs7'))
    by_id = dict((c['id'], c) for c in result['certificates'])
    assert by_id[issued.id]['download'] == dict(format='pkcs7', content='pkcs7 of %s' % issued.id)
    assert by_id[pending.id]['download'] == dict(format='pkcs7', content=None)
    assert provider.called('download_certificate') == [('download_certificate', (issued.id, 'pkcs7'), {})]


def test_download_format_unsupported_fails_before_any_call():
    provider = FakeAutodns()
    fill(provider)
    with pytest.raises(UnsupportedOperationError, match='download certificate is not supported by autodns'):
        run_certificate_info(provider, params(download_format='pkcs7'))
    assert provider.calls == []
