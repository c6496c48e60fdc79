# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""certificate_fetch as a whole: which certificate the role keeps after its work at the reseller, the outcome's
message, and exactly the reads certificate_info (download=true) makes for the same choice."""


import pytest

from ansible_collections.certops.reseller.plugins.modules import certificate_fetch
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_fetch import (
    fetch_id,
    newest_issued,
    outcome_message,
)
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_info import run_certificate_info
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)
from ansible_collections.certops.reseller.tests.unit.plugins.modules.contact_info_module_runner import run

CN = 'www.example.com'


def pem(name):
    return '-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----' % name


def fill(provider):
    """Two issued certificates of CN with PEM (the later one ends last), one without PEM ending even later,
    one of another product, one pending and one of another name."""
    older = provider.add_certificate(common_name=CN, product='BASIC_SSL', status='issued', serial_number='01',
                                     not_after='2030-01-01T00:00:00Z', certificate=pem('OLDER'))
    newer = provider.add_certificate(common_name=CN, product='BASIC_SSL', status='issued', serial_number='02',
                                     not_after='2031-01-01T00:00:00Z', certificate=pem('NEWER'))
    provider.add_certificate(common_name=CN, product='BASIC_SSL', status='issued', serial_number='03',
                             not_after='2032-01-01T00:00:00Z')
    other_product = provider.add_certificate(common_name=CN, product='PREMIUM_SSL', status='issued',
                                             serial_number='04', not_after='2033-01-01T00:00:00Z',
                                             certificate=pem('OTHER'))
    provider.add_certificate(common_name=CN, product='BASIC_SSL', status='pending')
    provider.add_certificate(common_name='shop.example.com', product='BASIC_SSL', status='issued',
                             serial_number='05', not_after='2034-01-01T00:00:00Z', certificate=pem('SHOP'))
    return older, newer, other_product


def names(provider):
    return [call[0] for call in provider.calls]


def info_calls(provider_class, info_params):
    """The provider calls certificate_info makes for the same read (the role's task before certificate_fetch)."""
    provider = provider_class()
    fill(provider)
    run_certificate_info(provider, dict(dict(id=None, common_name=None, status=None, product=None, details=False,
                                             download=True, download_format=None, limit=None, offset=0),
                                        **info_params))
    return names(provider)


@pytest.mark.parametrize('provider_class', [FakeAutodns, FakeSSL247])
def test_a_followed_job_names_the_certificate(provider_class):
    provider = provider_class()
    older, dummy, dummy = fill(provider)
    job = dict(id='J1', status='succeeded', certificate_id=older.id)
    result, failed = run(certificate_fetch, dict(job_id='J1', job=job, certificate_id='plan-id', common_name=CN,
                                                 product='BASIC_SSL', action='order'), provider)
    assert not failed and result['changed'] is False
    assert result['certificate']['id'] == older.id
    assert result['certificate']['certificate'] == pem('OLDER')
    assert result['message'] == 'order: serial 01, expires 2030-01-01T00:00:00Z'
    assert provider.calls == [('get_certificate', (older.id,), {})]
    assert names(provider) == info_calls(provider_class, dict(id=older.id))


@pytest.mark.parametrize('provider_class', [FakeAutodns, FakeSSL247])
def test_a_followed_job_without_certificate_id_searches_the_newest_issued(provider_class):
    provider = provider_class()
    dummy, newer, dummy = fill(provider)
    job = dict(id='J1', status='succeeded', certificate_id=None)
    result, failed = run(certificate_fetch, dict(job_id='J1', job=job, certificate_id='plan-id', common_name=CN,
                                                 product='BASIC_SSL', action='reissue'), provider)
    assert not failed
    assert result['certificate']['id'] == newer.id
    assert result['certificate']['fullchain'].startswith(pem('NEWER'))
    assert result['message'] == 'reissue: serial 02, expires 2031-01-01T00:00:00Z'
    searches = provider.called('list_certificates')
    assert len(searches) == 1
    assert searches[0][2]['common_name'] == CN and searches[0][2]['status'] == 'issued'
    assert searches[0][2]['product'] == 'BASIC_SSL'
    # the page, then each of the three issued BASIC_SSL certificates of CN in full
    assert names(provider) == ['list_certificates'] + ['get_certificate'] * 3
    assert names(provider) == info_calls(provider_class, dict(common_name=CN, status='issued', product='BASIC_SSL'))


def test_a_followed_job_that_names_no_certificate_never_takes_the_plans():
    provider = FakeAutodns()
    dummy, newer, dummy = fill(provider)
    result, failed = run(certificate_fetch, dict(job_id='J1', certificate_id='plan-id', common_name=CN,
                                                 product='BASIC_SSL', action='order'), provider)
    assert not failed
    assert result['certificate']['id'] == newer.id
    assert 'plan-id' not in [call[1][0] for call in provider.called('get_certificate')]


@pytest.mark.parametrize('provider_class', [FakeAutodns, FakeSSL247])
def test_without_a_job_the_plans_certificate(provider_class):
    provider = provider_class()
    older, dummy, dummy = fill(provider)
    result, failed = run(certificate_fetch, dict(job_id='', certificate_id=older.id, common_name=CN,
                                                 product='BASIC_SSL', action='deploy'), provider, check_mode=True)
    assert not failed and result['changed'] is False
    assert result['certificate']['id'] == older.id
    assert result['message'] == 'deploy: serial 01, expires 2030-01-01T00:00:00Z'
    assert provider.calls == [('get_certificate', (older.id,), {})]
    assert names(provider) == info_calls(provider_class, dict(id=older.id))


def test_an_empty_job_id_ignores_a_job_left_by_another_certificate():
    provider = FakeAutodns()
    older, newer, dummy = fill(provider)
    leftover = dict(id='J0', status='succeeded', certificate_id=newer.id)
    result, failed = run(certificate_fetch, dict(job_id='', job=leftover, certificate_id=older.id, common_name=CN,
                                                 action='deploy'), provider)
    assert not failed
    assert result['certificate']['id'] == older.id
    assert provider.calls == [('get_certificate', (older.id,), {})]


@pytest.mark.parametrize('provider_class', [FakeAutodns, FakeSSL247])
def test_without_a_job_or_plan_id_the_newest_issued_of_the_name(provider_class):
    provider = provider_class()
    dummy, newer, other_product = fill(provider)
    result, failed = run(certificate_fetch, dict(job_id='', common_name=CN, product='BASIC_SSL', action='resume'),
                         provider)
    assert not failed
    assert result['certificate']['id'] == newer.id
    assert names(provider) == ['list_certificates'] + ['get_certificate'] * 3
    assert names(provider) == info_calls(provider_class, dict(common_name=CN, status='issued', product='BASIC_SSL'))
    # an empty product means any product: the other product's certificate ends last
    provider = provider_class()
    fill(provider)
    result, failed = run(certificate_fetch, dict(common_name=CN, product='', action='resume'), provider)
    assert not failed
    assert result['certificate']['id'] == other_product.id
    assert provider.called('list_certificates')[0][2]['product'] is None
    assert names(provider) == ['list_certificates'] + ['get_certificate'] * 4


def test_nothing_issued_gives_an_empty_certificate_and_dashes():
    provider = FakeAutodns()
    provider.add_certificate(common_name=CN, product='BASIC_SSL', status='pending')
    result, failed = run(certificate_fetch, dict(job_id='', common_name=CN, action='order'), provider)
    assert not failed
    assert result['certificate'] == {}
    assert result['message'] == 'order: serial -, expires -'
    assert names(provider) == ['list_certificates']


def test_an_unknown_certificate_gives_an_empty_certificate():
    provider = FakeAutodns()
    result, failed = run(certificate_fetch, dict(job_id='', certificate_id='404', common_name=CN, action='deploy'),
                         provider)
    assert not failed
    assert result['certificate'] == {} and result['message'] == 'deploy: serial -, expires -'
    assert names(provider) == ['get_certificate']


def test_fetch_id():
    assert fetch_id(dict(job_id='J', job=dict(certificate_id='C'), certificate_id='P')) == 'C'
    assert fetch_id(dict(job_id='J', job=dict(certificate_id=''), certificate_id='P')) == ''
    assert fetch_id(dict(job_id='J', job=None, certificate_id='P')) == ''
    assert fetch_id(dict(job_id='', job=dict(certificate_id='C'), certificate_id='P')) == 'P'
    assert fetch_id(dict(job_id=None, job=dict(certificate_id='C'), certificate_id='P')) == 'C'
    assert fetch_id(dict(job_id=None, job=None, certificate_id=None)) == ''


def test_newest_issued_is_the_last_with_a_pem_by_end():
    first = dict(id='1', certificate='A', not_after='2030-01-01T00:00:00Z')
    same_end = dict(id='2', certificate='B', not_after='2030-01-01T00:00:00Z')
    no_pem = dict(id='3', certificate=None, not_after='2040-01-01T00:00:00Z')
    earlier = dict(id='4', certificate='C', not_after='2029-01-01T00:00:00Z')
    assert newest_issued([first, no_pem, same_end, earlier]) == same_end   # of equal ends, the last listed
    assert newest_issued([no_pem]) == {}
    assert newest_issued([]) == {}


def test_outcome_message():
    assert outcome_message('renew', dict(serial_number='0A', not_after='2030-01-01T00:00:00Z')) == (
        'renew: serial 0A, expires 2030-01-01T00:00:00Z')
    assert outcome_message('renew', dict(serial_number=None, not_after='2030-01-01T00:00:00Z')) == (
        'renew: serial -, expires 2030-01-01T00:00:00Z')
    assert outcome_message('order', {}) == 'order: serial -, expires -'
