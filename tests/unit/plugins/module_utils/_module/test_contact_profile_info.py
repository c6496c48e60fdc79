# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


from ansible_collections.certops.reseller.plugins.module_utils._module.contact_profile_info import run_contact_profile_info
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import FakeAutodns


def params(**overrides):
    result = dict(id=None, email=None, first_name=None, last_name=None, organization=None, limit=None, offset=0)
    result.update(overrides)
    return result


def test_by_id():
    provider = FakeAutodns()
    jane = provider.add_contact(email='jane@example.com', first_name='Jane')
    result = run_contact_profile_info(provider, params(id=jane.id))
    assert result == dict(changed=False, contacts=[jane.to_dict()], total=1)


def test_unknown_id_is_empty():
    assert run_contact_profile_info(FakeAutodns(), params(id='1'))['contacts'] == []


def test_search_passes_given_fields_only():
    provider = FakeAutodns()
    provider.add_contact(email='jane@example.com')
    provider.add_contact(email='john@example.com')
    result = run_contact_profile_info(provider, params(email='jane@'))
    assert [c['email'] for c in result['contacts']] == ['jane@example.com']
    call = provider.called('list_contacts')[0][2]
    assert call['email'] == 'jane@' and call['first_name'] is None


def test_all_pages_and_one_page():
    provider = FakeAutodns()
    for index in range(5):
        provider.add_contact(email='c%d@example.com' % index)
    assert run_contact_profile_info(provider, params())['total'] == 5
    result = run_contact_profile_info(provider, params(limit=2, offset=4))
    assert [c['email'] for c in result['contacts']] == ['c4@example.com']
    assert result['total'] == 5
