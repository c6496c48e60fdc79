# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_inventory.py: grouping, paging and pacing of the certificates inventory."""


import datetime

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._inventory import (
    DEFAULT_EXPIRY_WINDOWS,
    DEFAULT_TERM_WINDOWS,
    TERM_FIELDS,
    certificate_data,
    check_expiry_windows,
    check_term_windows,
    expiry_groups,
    host_name,
    make_record,
    read_certificates,
    standard_groups,
    term_groups,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Certificate
from ansible_collections.certops.reseller.plugins.module_utils._provider import Capabilities, Provider

NOW = datetime.datetime(2026, 1, 10, 8, 0, 0, tzinfo=datetime.timezone.utc)


def expiring_in(days, hours=1):
    return (NOW + datetime.timedelta(days=days, hours=hours)).strftime('%Y-%m-%dT%H:%M:%SZ')


class PagedProvider(Provider):
    """Lists ``certificates`` page by page, like AutoDNS; records every call."""
    name = 'autodns'

    def __init__(self, certificates, summaries=False, shift_after_first_page=None):
        Provider.__init__(self, http=None, settings=None)
        self.certificates = list(certificates)
        self.summaries = summaries
        self.shift_after_first_page = shift_after_first_page
        self.calls = []

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        self.calls.append(('list', limit, offset))
        if self.shift_after_first_page is not None and offset and self.shift_after_first_page:
            # a certificate ordered while paging pushes everything one place on
            self.certificates.insert(0, self.shift_after_first_page)
            self.shift_after_first_page = None
        end = None if limit is None else offset + limit
        page = self.certificates[offset:end]
        if self.summaries:
            page = [Certificate(id=c.id, common_name=c.common_name, status=c.status) for c in page]
        return page, len(self.certificates)

    def get_certificate(self, certificate_id, include_pem=True):
        self.calls.append(('get', certificate_id, include_pem))
        return next(c for c in self.certificates if c.id == certificate_id)


class WholeListProvider(PagedProvider):
    """Answers every list at once, like SSL247."""
    name = 'ssl247'
    capabilities = Capabilities(lists_in_pages=False)


def certificates(count):
    return [Certificate(id=str(1000 + index), common_name='host%d.example.com' % index,
                        subject_alternative_names=['host%d.example.com' % index], product='BASIC_SSL',
                        status='issued', not_after=expiring_in(index)) for index in range(count)]


@pytest.mark.parametrize('days, groups', [
    (-1, ['expired']),
    (0, ['expiring_7d', 'expiring_30d', 'expiring_90d']),
    (5, ['expiring_7d', 'expiring_30d', 'expiring_90d']),
    (7, ['expiring_7d', 'expiring_30d', 'expiring_90d']),
    (8, ['expiring_30d', 'expiring_90d']),
    (30, ['expiring_30d', 'expiring_90d']),
    (31, ['expiring_90d']),
    (90, ['expiring_90d']),
    (91, []),
    (None, []),
])
def test_expiry_groups_are_cumulative_windows(days, groups):
    assert expiry_groups(dict(status='issued', days_remaining=days), DEFAULT_EXPIRY_WINDOWS) == groups


@pytest.mark.parametrize('status, days, groups', [
    ('expired', 40, ['expired']),       # the provider says so
    ('pending', 3, []),
    ('revoked', 3, []),
    ('cancelled', -5, []),
    ('validating', None, []),
])
def test_only_live_certificates_are_in_a_window(status, days, groups):
    assert expiry_groups(dict(status=status, days_remaining=days), DEFAULT_EXPIRY_WINDOWS) == groups


def test_custom_windows_and_no_expired_group():
    windows = check_expiry_windows({'expiring_14d': 14, 'soon': '3'}, 'gone')
    assert windows == {'expiring_14d': 14, 'soon': 3}
    assert expiry_groups(dict(status='issued', days_remaining=2), windows, 'gone') == ['soon', 'expiring_14d']
    assert expiry_groups(dict(status='issued', days_remaining=-2), windows, 'gone') == ['gone']
    assert expiry_groups(dict(status='issued', days_remaining=-2), windows, '') == []


@pytest.mark.parametrize('windows, message', [
    ({'7 days': 7}, 'not a valid group name'),
    ({'1st': 7}, 'not a valid group name'),
    ({'soon': -1}, 'must not be negative'),
    ({'soon': 'week'}, 'whole number of days'),
    ({'soon': True}, 'whole number of days'),
    ({'expired': 3}, 'also the expired group'),
    (['soon'], 'must be a mapping'),
])
def test_bad_windows_are_refused_with_a_sentence(windows, message):
    with pytest.raises(InputError, match=message):
        check_expiry_windows(windows, 'expired')


def test_record_follows_the_provider_clock():
    data = certificate_data(Certificate(id=7, common_name='a.example.com', subject_alternative_names=['a.example.com', 'b.example.com'],
                                        product='BASIC_SSL', status='issued', not_after=expiring_in(-3), serial_number='0A1B',
                                        certificate='-----BEGIN CERTIFICATE-----'))
    assert 'certificate' not in data
    record = make_record(data, 'main', 'autodns', 'xml', NOW)
    assert record['id'] == '7' and record['days_remaining'] == -3
    # AutoDNS derives the status with the local clock; past the expiry on the provider's clock it is expired.
    assert record['status'] == 'expired'
    assert record['names'] == ['a.example.com', 'b.example.com']
    assert (record['provider'], record['api_format'], record['connection']) == ('autodns', 'xml', 'main')
    assert expiry_groups(record, DEFAULT_EXPIRY_WINDOWS) == ['expired']
    later = make_record(data, 'main', 'autodns', 'xml', NOW - datetime.timedelta(days=10))
    assert later['status'] == 'issued' and later['days_remaining'] == 7


def test_record_carries_the_paid_term_and_its_days():
    data = certificate_data(Certificate(id=8, common_name='a.example.com', product='BASIC_SSL', status='issued',
                                        not_after=expiring_in(12), term_end=expiring_in(93), multiyear=False,
                                        reissue_required=True, reissue_status='REQUIRED', term_years=None,
                                        remaining_reissues=None))
    assert (data['term_end'], data['multiyear'], data['reissue_required'], data['reissue_status']) == (
        expiring_in(93), False, True, 'REQUIRED')
    record = make_record(data, 'main', 'autodns', 'json', NOW)
    assert (record['days_remaining'], record['term_end'], record['term_days_remaining']) == (12, expiring_in(93), 93)
    assert record['reissue_required'] is True and record['term_years'] is None
    assert expiry_groups(record, DEFAULT_EXPIRY_WINDOWS) == ['expiring_30d', 'expiring_90d']
    assert term_groups(record, DEFAULT_TERM_WINDOWS) == []   # 93 days: outside the 90-day renewal window
    # data cached before the term's fields existed: no term, no term group
    old = make_record(dict((k, v) for k, v in data.items() if k not in TERM_FIELDS), 'main', 'autodns', 'json', NOW)
    assert old['term_end'] is None and old['term_days_remaining'] is None and term_groups(old, DEFAULT_TERM_WINDOWS) == []


@pytest.mark.parametrize('status, term_days, groups', [
    ('issued', -1, ['term_ended']),
    ('issued', 0, ['term_ending_30d', 'term_ending_90d']),
    ('issued', 30, ['term_ending_30d', 'term_ending_90d']),
    ('issued', 31, ['term_ending_90d']),
    ('issued', 90, ['term_ending_90d']),
    ('issued', 91, []),
    ('issued', None, []),
    ('expired', 200, []),                      # the certificate ran out, the term runs on: a free reissue
    ('expired', 20, ['term_ending_30d', 'term_ending_90d']),
    ('pending', 20, ['term_ending_30d', 'term_ending_90d']),   # a reissue waiting for its DCV
    ('revoked', 20, []),
    ('cancelled', -5, []),
    ('failed', 3, []),
])
def test_term_groups_are_cumulative_windows_of_the_paid_term(status, term_days, groups):
    assert term_groups(dict(status=status, term_days_remaining=term_days), DEFAULT_TERM_WINDOWS) == groups


def test_custom_term_windows_and_their_names():
    windows = check_term_windows({'renewal_due': 90}, 'unpaid', taken={'expiring_30d', 'expired'})
    assert term_groups(dict(status='issued', term_days_remaining=-3), windows, 'unpaid') == ['unpaid']
    assert term_groups(dict(status='issued', term_days_remaining=-3), windows, '') == []
    assert check_term_windows(None, 'term_ended') == DEFAULT_TERM_WINDOWS
    for windows, ended, message in (({'expiring_30d': 30}, 'term_ended', 'also an expiry group'),
                                    ({'t': 30}, 'expired', 'also an expiry group'),
                                    ({'term_ended': 3}, 'term_ended', 'also the term ended group'),
                                    ({'t': -1}, 'term_ended', 'term_windows: t must not be negative'),
                                    ('soon', 'term_ended', 'term_windows must be a mapping')):
        with pytest.raises(InputError, match=message):
            check_term_windows(windows, ended, taken={'expiring_30d', 'expired'})


def test_standard_groups_and_host_names():
    record = dict(provider='autodns', product='BASIC_SSL', status='issued', connection='Main', common_name='*.example.com',
                  id='12')
    assert standard_groups(record) == ['provider_autodns', 'product_basic_ssl', 'status_issued', 'connection_main']
    assert standard_groups(dict(provider='ssl247', product=None, status='pending', connection='x')) == [
        'provider_ssl247', 'status_pending', 'connection_x']
    assert host_name(record) == 'wildcard.example.com_Main_12'
    assert host_name(dict(common_name=None, connection=None, id='3')) == 'unnamed_default_3'
    assert host_name(dict(common_name='a b:c,d', connection='x', id='1')) == 'a_b_c_d_x_1'


def test_large_account_is_read_page_by_page():
    provider = PagedProvider(certificates(250))
    read = read_certificates(provider, page_size=100)
    assert [c.id for c in read] == [str(1000 + i) for i in range(250)]
    assert provider.calls == [('list', 100, 0), ('list', 100, 100), ('list', 100, 200)]


def test_exact_multiple_of_the_page_size_stops_at_the_total():
    provider = PagedProvider(certificates(200))
    assert len(read_certificates(provider, page_size=100)) == 200
    assert provider.calls == [('list', 100, 0), ('list', 100, 100)]


def test_a_page_shift_while_reading_yields_no_duplicate():
    newcomer = Certificate(id='999', common_name='new.example.com', product='BASIC_SSL', status='issued',
                           not_after=expiring_in(400))
    provider = PagedProvider(certificates(5), shift_after_first_page=newcomer)
    read = read_certificates(provider, page_size=2)
    ids = [c.id for c in read]
    assert len(ids) == len(set(ids))
    assert set(ids) >= set(str(1000 + i) for i in range(5))


def test_summaries_are_completed_one_by_one_without_pem():
    provider = WholeListProvider(certificates(3), summaries=True)
    read = read_certificates(provider, page_size=2)
    assert provider.calls == [('list', None, 0), ('get', '1000', False), ('get', '1001', False), ('get', '1002', False)]
    assert [c.not_after for c in read] == [expiring_in(0), expiring_in(1), expiring_in(2)]


def test_complete_list_entries_are_not_read_again():
    provider = PagedProvider(certificates(3))
    read_certificates(provider)
    assert [call[0] for call in provider.calls] == ['list']
