# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError, UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._module import zone_record
from ansible_collections.certops.reseller.plugins.module_utils._provider import Provider


class ZoneProvider(Provider):
    name = 'zones'

    def __init__(self, records):
        super(ZoneProvider, self).__init__(http=None, settings=None)
        self.records = list(records)
        self.updates = []

    def get_zone(self, name, nameserver=None):
        return dict(origin=name, records=list(self.records))

    def update_zone_records(self, zone, adds=None, removes=None, nameserver=None):
        self.updates.append((zone, adds, removes))


class FakeModule(object):
    def __init__(self, check_mode=False, **params):
        self.check_mode = check_mode
        self.params = dict(zone='example.com', nameserver=None, records=None, challenges=None, state='present')
        self.params.update(params)


CHALLENGES = [
    dict(domain='www.example.com', method='dns', record_name='_dnsauth.www.example.com', record_type='TXT',
         record_value='tok1', ttl=300),
    dict(domain='other.org', method='dns', record_name='_dnsauth.other.org', record_type='TXT', record_value='tok2', ttl=300),
    dict(domain='example.com', method='file', file_path='/.well-known/pki-validation/fileauth.txt', file_content='x'),
]


@pytest.mark.parametrize('name, expected', [
    ('_dnsauth.www.example.com', '_dnsauth.www'),
    ('_dnsauth.www.example.com.', '_dnsauth.www'),
    ('example.com', ''),
    ('@', ''),
    ('_dnsauth', '_dnsauth'),
])
def test_relative_name(name, expected):
    assert zone_record.relative_name(name, 'example.com') == expected


def test_a_name_outside_the_zone_is_refused():
    with pytest.raises(InputError) as excinfo:
        zone_record.relative_name('_dnsauth.other.org.', 'example.com')
    assert 'not inside the zone example.com' in str(excinfo.value)


def test_challenges_publish_only_the_dns_records_of_this_zone():
    provider = ZoneProvider([dict(name='www', type='A', value='192.0.2.1', ttl=300)])
    result = zone_record.handle(FakeModule(challenges=CHALLENGES), provider)
    assert result['changed'] is True
    assert provider.updates == [('example.com', [dict(name='_dnsauth.www', type='TXT', value='tok1', ttl=300)], [])]
    assert '_dnsauth.www TXT tok1' in result['diff']['after']


def test_present_records_are_no_change_and_no_write():
    provider = ZoneProvider([dict(name='_dnsauth.www', type='TXT', value='"tok1"', ttl=300)])
    result = zone_record.handle(FakeModule(challenges=CHALLENGES), provider)
    assert result['changed'] is False
    assert provider.updates == []


def test_absent_removes_only_existing_records():
    provider = ZoneProvider([dict(name='_dnsauth.www', type='TXT', value='tok1', ttl=300)])
    records = [dict(name='_dnsauth.www.example.com', type='txt', value='tok1', ttl=None),
               dict(name='_dnsauth.api', type='TXT', value='gone', ttl=60)]
    result = zone_record.handle(FakeModule(records=records, state='absent'), provider)
    assert result['removed'] == [dict(name='_dnsauth.www', type='TXT', value='tok1', ttl=300)]
    assert provider.updates == [('example.com', [], result['removed'])]


def test_check_mode_reports_without_writing():
    provider = ZoneProvider([])
    result = zone_record.handle(FakeModule(check_mode=True, challenges=CHALLENGES), provider)
    assert result['changed'] is True and len(result['added']) == 1
    assert provider.updates == []


def test_a_provider_without_zones_says_so():
    class NoZones(Provider):
        name = 'ssl247'
    with pytest.raises(UnsupportedOperationError) as excinfo:
        zone_record.handle(FakeModule(challenges=CHALLENGES), NoZones(http=None, settings=None))
    assert str(excinfo.value) == 'update zone records is not supported by ssl247'


def test_a_record_without_value_is_refused_before_any_call():
    provider = ZoneProvider([])
    with pytest.raises(InputError):
        zone_record.handle(FakeModule(records=[dict(name='_dnsauth', type='TXT', value='', ttl=300)]), provider)
    assert provider.updates == []
