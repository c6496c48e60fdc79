# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""_model: zone lines, dates, Certificate helpers."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

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
