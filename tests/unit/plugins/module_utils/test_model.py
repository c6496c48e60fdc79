# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""_model: zone lines, dates, Certificate helpers."""


import datetime

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._model import (
    Certificate,
    Job,
    OrderRequest,
    format_datetime,
    parse_datetime,
    parse_zone_line,
)

UTC = datetime.timezone.utc


@pytest.mark.parametrize('line, expected', [
    ('_dnsauth.example.com.\t300\tIN\tTXT\t"token"', ('_dnsauth.example.com', 300, 'TXT', 'token')),
    ('_dnsauth.example.com. 300 IN TXT "two words"', ('_dnsauth.example.com', 300, 'TXT', 'two words')),
    ('stvrvkg19vib8j5o1p35is3forhbo7zp.example.com.    300    IN    CNAME    s20170131154625.example.com.',
     ('stvrvkg19vib8j5o1p35is3forhbo7zp.example.com', 300, 'CNAME', 's20170131154625.example.com.')),
    ('_dnsauth.example.com TXT token', ('_dnsauth.example.com', None, 'TXT', 'token')),
    ('  _dnsauth.example.com 60 txt "t"  ', ('_dnsauth.example.com', 60, 'TXT', 't')),
])
def test_parse_zone_line(line, expected):
    assert parse_zone_line(line) == expected


@pytest.mark.parametrize('line', ['', None, 'justoneword', '_dnsauth.example.com.'])
def test_parse_zone_line_rejects(line):
    with pytest.raises(ValueError):
        parse_zone_line(line)


@pytest.mark.parametrize('text, expected', [
    ('2019-10-23T16:12:33.000+0200', datetime.datetime(2019, 10, 23, 14, 12, 33, tzinfo=UTC)),
    ('2019-10-23T16:12:33.000+0000', datetime.datetime(2019, 10, 23, 16, 12, 33, tzinfo=UTC)),
    ('2019-10-23 16:12:33', datetime.datetime(2019, 10, 23, 16, 12, 33, tzinfo=UTC)),
    ('2019-10-23', datetime.datetime(2019, 10, 23, tzinfo=UTC)),
    ('2026-11-22T10:00:00Z', datetime.datetime(2026, 11, 22, 10, 0, tzinfo=UTC)),
    ('2026-11-22T10:00:00-05:00', datetime.datetime(2026, 11, 22, 15, 0, tzinfo=UTC)),
])
def test_parse_datetime(text, expected):
    parsed = parse_datetime(text)
    assert parsed == expected and parsed.utcoffset() == datetime.timedelta(0)


def test_parse_datetime_edges():
    assert parse_datetime(None) is None and parse_datetime('') is None
    naive = datetime.datetime(2020, 1, 1, 12, 0)
    assert parse_datetime(naive) == naive.replace(tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_datetime('next tuesday')
    assert format_datetime('2019-10-23T16:12:33.000+0200') == '2019-10-23T14:12:33Z'
    assert format_datetime(None) is None


def test_days_remaining():
    now = datetime.datetime(2026, 1, 1, tzinfo=UTC)
    cert = Certificate(not_after='2026-01-31T00:00:00Z')
    assert cert.days_remaining(now) == 30
    assert Certificate(not_after='2025-12-31T12:00:00Z').days_remaining(now) == -1
    assert Certificate().days_remaining(now) is None
    assert cert.to_dict(now)['days_remaining'] == 30


def test_a_certificate_shows_its_paid_term_beside_its_validity():
    """Two dates per certificate: ``not_after`` (the certificate) and ``term_end`` (the paid term, which a free
    reissue does not move), each with its days counted on the same clock."""
    now = datetime.datetime(2027, 9, 1, tzinfo=UTC)
    cert = Certificate(not_after='2027-09-13T00:00:00Z', term_end='2027-12-03T10:00:00Z', multiyear=False,
                       reissue_required=True, reissue_status='REQUIRED', term_years=None, remaining_reissues=None)
    data = cert.to_dict(now)
    assert (data['not_after'], data['days_remaining']) == ('2027-09-13T00:00:00Z', 12)
    assert (data['term_end'], data['term_days_remaining']) == ('2027-12-03T10:00:00Z', 93)
    assert (data['multiyear'], data['reissue_required'], data['reissue_status']) == (False, True, 'REQUIRED')
    assert Certificate(term_end='2027-08-31T12:00:00Z').term_days_remaining(now) == -1   # the term has ended
    ssl247 = Certificate(term_end='2028-03-20T09:00:00Z', term_years=2, remaining_reissues='unlimited').to_dict(now)
    assert (ssl247['term_years'], ssl247['remaining_reissues']) == (2, 'unlimited')
    unknown = Certificate(not_after='2027-09-13T00:00:00Z').to_dict(now)
    assert [unknown[key] for key in ('term_end', 'term_days_remaining', 'multiyear', 'reissue_required',
                                     'reissue_status', 'term_years', 'remaining_reissues')] == [None] * 7


def test_a_certificate_result_shows_the_u_labels_of_its_common_name():
    assert Certificate(common_name='xn--bcher-kva.example').to_dict()['common_name_unicode'] == 'bücher.example'
    assert Certificate(common_name='www.example.com').to_dict()['common_name_unicode'] == 'www.example.com'
    assert Certificate().to_dict()['common_name_unicode'] is None


def test_fullchain():
    leaf = '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n'
    inter = '-----BEGIN CERTIFICATE-----\nINT\n-----END CERTIFICATE-----\n'
    assert Certificate(certificate=leaf, chain=inter).fullchain == leaf + inter
    assert Certificate(certificate=leaf).fullchain == leaf
    assert Certificate(chain=inter).fullchain is None
    assert Certificate(certificate=leaf + '\n\n', chain='\n' + inter).fullchain == leaf + inter


def test_order_request_names_and_job_active():
    request = OrderRequest('example.com', ['www.example.com', 'example.com', 'www.example.com'])
    assert request.names == ['example.com', 'www.example.com']
    assert Job(status='deferred').active and Job(status='running').active
    assert not Job(status='succeeded').active and not Job(status='cancelled').active


def test_status_needs_details_reads_the_mark_the_provider_set():
    listed = Certificate(id='1', common_name='a.example.com', status='issued')
    assert listed.status_needs_details() is False
    listed.extra['status_needs_details'] = True
    assert listed.status_needs_details() is True
