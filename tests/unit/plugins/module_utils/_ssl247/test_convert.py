# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""SSL247 convert: the paid term (seed 002 ``CertificateDetails.years``, ``remaining_reissues``, ``Dates``) and
the statuses Subscription and Expiring."""


import datetime

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._ssl247 import convert

UTC = datetime.timezone.utc
NOW = datetime.datetime(2027, 1, 10, 12, 0, 0, tzinfo=UTC)


def details(status='Issued', years='2', remaining='unlimited', order='2026-03-20 09:00:00',
            issuance='2026-11-22 09:00:05', expiry='2027-06-10 09:00:05'):
    """``Data`` of ``POST /certificate/{id}`` (seed 002), the fields the term is made of filled in."""
    return {
        'order_id': '1001', 'certificate_id': '500000',
        'CertificateDetails': {
            'product_code': 'RAPIDSSL', 'common_name': 'www.example.com', 'serial_number': '4A2B',
            'years': years, 'remaining_reissues': remaining, 'dv_auth_method': 'dns',
            'Status': {'code': status, 'description': status}},
        'Dates': {'order': order, 'issuance': issuance, 'created': order, 'expiry': expiry},
    }


def test_term_end_is_the_order_date_plus_years():
    """Seed 002 names no end of the term: our reading is ``Dates.order`` plus ``years`` (docs/providers.md)."""
    cert = convert.certificate_from_details(details(), now=NOW)
    assert cert.not_after == '2027-06-10T09:00:05Z'            # the certificate's own expiry (Dates.expiry)
    assert cert.term_end == '2028-03-20T09:00:00Z'             # 2026-03-20 + 2 years
    assert (cert.term_years, cert.lifetime_months, cert.remaining_reissues) == (2, 24, 'unlimited')
    assert (cert.days_remaining(NOW), cert.term_days_remaining(NOW)) == (150, 434)
    data = cert.to_dict(now=NOW)
    assert (data['term_end'], data['term_days_remaining'], data['term_years'], data['remaining_reissues']) == (
        '2028-03-20T09:00:00Z', 434, 2, 'unlimited')
    assert (data['multiyear'], data['reissue_required'], data['reissue_status']) == (None, None, None)
    assert 'remaining_reissues' not in cert.extra and cert.extra['ordered'] == '2026-03-20T09:00:00Z'


@pytest.mark.parametrize('order, years, end', [
    ('2026-12-03 10:00:00', '1', '2027-12-03T10:00:00Z'),
    ('2028-02-29 10:00:00', '1', '2029-02-28T10:00:00Z'),   # a leap day's term ends on 28 February
    ('2028-02-29 10:00:00', '4', '2032-02-29T10:00:00Z'),
    ('2026-12-03 10:00:00', '6', '2032-12-03T10:00:00Z'),
    ('', '1', None), (None, '2', None), ('2026-12-03 10:00:00', '', None), ('not a date', '1', None),
])
def test_term_end_reading(order, years, end):
    assert convert.term_end(convert.safe_date(order), convert.to_int(years)) == end


@pytest.mark.parametrize('value, expected', [
    ('3', 3), (3, 3), ('0', 0), ('unlimited', 'unlimited'), ('', None), (None, None)])
def test_remaining_reissues_is_a_number_or_the_text_as_it_comes(value, expected):
    """Seed 002 types it "string" in the certificate details and "integer (int32)" in the order list."""
    assert convert.reissues_left(value) == expected


@pytest.mark.parametrize('status, expiry, expected', [
    ('Subscription', '2027-06-10 09:00:05', 'issued'),   # a subscription with a current certificate
    ('Subscription', '2027-01-01 09:00:05', 'expired'),  # ... whose certificate ran out (the term may run on)
    ('Subscription', None, 'pending'),                   # ... without a certificate yet
    ('Expiring', '2027-01-20 09:00:05', 'issued'),
    ('Expiring', '2027-01-01 09:00:05', 'expired'),
])
def test_subscription_and_expiring_statuses(status, expiry, expected):
    cert = convert.certificate_from_details(details(status=status, expiry=expiry, issuance=expiry), now=NOW)
    assert (cert.status, cert.provider_status) == (expected, status)
    assert cert.term_end == '2028-03-20T09:00:00Z'


def test_a_subscription_list_entry_cannot_tell_and_is_pending():
    """``/certificates`` entries carry id, common name and status only: no dates, so no term and no expiry."""
    cert = convert.certificate_from_list_item({'id': '5', 'common_name': 'a.example.com', 'status': 'Subscription'}, now=NOW)
    assert (cert.status, cert.provider_status, cert.term_end) == ('pending', 'Subscription', None)
    assert 'Subscription' in convert.SSL247_STATUSES['issued'] and 'Subscription' in convert.SSL247_STATUSES['pending']


def test_order_entries_carry_the_term():
    entry = {'order_id': '1001', 'CertificateDetails': {
        'id': '500000', 'common_name': 'www.example.com', 'years': 3, 'remaining_reissues': 7,
        'Status': {'code': 'Subscription', 'description': 'Subscription'}},
        'Dates': {'order': '2026-03-20 09:00:00', 'expiry': '2027-06-10 09:00:05'}}
    order = convert.order_entry(entry, now=NOW)
    assert (order['status'], order['provider_status']) == ('issued', 'Subscription')
    assert (order['years'], order['term_end'], order['remaining_reissues']) == (3, '2029-03-20T09:00:00Z', 7)
