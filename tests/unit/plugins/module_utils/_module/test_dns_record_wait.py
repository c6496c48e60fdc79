# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._module import dns_record_wait as mod

TXT = dict(domain='www.example.com', method='dns', record_name='_dnsauth.www.example.com.', record_type='TXT',
           record_value='token-1')
CNAME = dict(domain='api.example.com', method='dns', record_name='_abc.api.example.com', record_type='CNAME',
             record_value='Target.Sectigo.COM')
FILE = dict(domain='x.example.com', method='file', file_path='/.well-known/pki-validation/x.txt', file_content='y')


class Clock(object):
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def params(**more):
    value = dict(challenges=[TXT, CNAME, FILE], servers=[], timeout=10, delay=2)
    value.update(more)
    return value


@pytest.mark.parametrize('text, expected', [
    ('192.0.2.1', ('192.0.2.1', 53)),
    ('127.0.0.1:5353', ('127.0.0.1', 5353)),
    ('[2001:db8::1]', ('2001:db8::1', 53)),
    ('[2001:db8::1]:5353', ('2001:db8::1', 5353)),
    ('2001:db8::1', ('2001:db8::1', 53)),
    ('ns1.example.com', ('ns1.example.com', 53)),
])
def test_parse_server(text, expected):
    assert mod.parse_server(text) == expected


def test_a_server_that_is_none_is_refused():
    with pytest.raises(InputError):
        mod.parse_server('ns1.example.com:fiftythree')


def test_records_of_takes_the_dns_challenges_once():
    assert mod.records_of([TXT, TXT, FILE, CNAME]) == [
        dict(name='_dnsauth.www.example.com', type='TXT', value='token-1'),
        dict(name='_abc.api.example.com', type='CNAME', value='Target.Sectigo.COM')]


def test_the_record_test():
    txt = dict(type='TXT', value='token-1')
    assert mod.seen(txt, ['other', 'token-1'])
    assert not mod.seen(txt, ['TOKEN-1']), 'a TXT value is compared as it is'
    assert not mod.seen(txt, [])
    cname = dict(type='CNAME', value='Target.Sectigo.COM')
    assert mod.seen(cname, ['target.sectigo.com.'])
    assert not mod.seen(cname, ['other.sectigo.com.'])


def test_given_servers_are_asked_for_every_record_until_seen():
    clock = Clock()
    asked = []

    def ask(name, record_type, server):
        asked.append((name, record_type, server, clock.now))
        if record_type == 'TXT' and clock.now >= 4:
            return ['token-1'], None
        if record_type == 'CNAME':
            return ['target.sectigo.com.'], None
        return [], None
    result = mod.run_dns_record_wait(params(servers=['127.0.0.1:5353']), ask_server=ask, clock=clock, sleep=clock.sleep)
    assert not result.get('failed')
    assert result['authoritative_txt'] == []
    assert [(r['type'], r['server'], r['seen']) for r in result['records']] == [
        ('TXT', '127.0.0.1:5353', True), ('CNAME', '127.0.0.1:5353', True)]
    # the CNAME once, the TXT record at 0, 2 and 4 seconds
    assert [(a[1], a[3]) for a in asked] == [('TXT', 0), ('CNAME', 0), ('TXT', 2), ('TXT', 4)]
    assert all(a[2] == ('127.0.0.1', 5353) for a in asked)


def test_without_servers_the_txt_records_go_to_wait_for_txt():
    clock = Clock()
    asked = []

    def ask(name, record_type, server):
        asked.append((name, record_type, server))
        return ['target.sectigo.com'], None
    result = mod.run_dns_record_wait(params(), ask_server=ask, clock=clock, sleep=clock.sleep)
    assert asked == [('_abc.api.example.com', 'CNAME', None)], 'only the CNAME, through the system resolver'
    assert result['authoritative_txt'] == [dict(name='_dnsauth.www.example.com', values=['token-1'])]
    assert not result.get('failed')


def test_only_txt_records_without_servers_ask_nothing():
    result = mod.run_dns_record_wait(params(challenges=[TXT]), ask_server=lambda *a: pytest.fail('asked'))
    assert result['records'] == [] and len(result['authoritative_txt']) == 1


def test_a_record_that_never_appears_fails_with_one_line_each_after_the_timeout():
    clock = Clock()

    def ask(name, record_type, server):
        if record_type == 'TXT':
            return [], 'The DNS operation timed out.'
        return ['elsewhere.example.'], None
    result = mod.run_dns_record_wait(params(servers=['127.0.0.1:9'], timeout=6, delay=1), ask_server=ask, clock=clock,
                                     sleep=clock.sleep)
    assert result['failed']
    assert clock.now == 6
    assert result['msg'] == (
        'DCV records did not appear within 6 seconds: '
        '_dnsauth.www.example.com TXT "token-1" on 127.0.0.1:9 (last answer: The DNS operation timed out.); '
        '_abc.api.example.com CNAME "Target.Sectigo.COM" on 127.0.0.1:9 (last answer: elsewhere.example.)')
