# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    InputError,
    NotFoundError,
    UnsupportedOperationError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact
from ansible_collections.certops.reseller.plugins.module_utils._module.contact_profile import (
    differing_fields,
    run_contact_profile,
    same_value,
)
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)

JANE = dict(first_name='Jane', last_name='Doe', email='jane@example.com', organization='Example Ltd',
            phone='+49.1234567', address=['Main Street 1'], postal_code='12345', city='Berlin', country='DE')


def params(**overrides):
    result = dict((name, None) for name in Contact.FIELDS)
    result.update(state='present', id=None)
    result.update(JANE)
    result.update(overrides)
    return result


@pytest.fixture(params=[FakeAutodns, FakeSSL247])
def provider(request):
    return request.param()


def test_creates_missing_contact(provider):
    result = run_contact_profile(provider, params())
    assert result['changed'] is True
    assert result['contact']['id'] in provider.contacts
    assert provider.contacts[result['contact']['id']].email == 'jane@example.com'
    assert len(provider.called('create_contact')) == 1
    assert result['diff']['before'] == {}
    assert result['diff']['after']['city'] == 'Berlin'


def test_check_mode_create_writes_nothing(provider):
    result = run_contact_profile(provider, params(), check_mode=True)
    assert result['changed'] is True
    assert result['contact']['id'] is None
    assert result['contact']['email'] == 'jane@example.com'
    assert provider.writes() == []
    assert provider.contacts == {}


def test_second_run_is_idempotent(provider):
    first = run_contact_profile(provider, params())
    provider.calls = []
    second = run_contact_profile(provider, params())
    assert second['changed'] is False
    assert second['contact']['id'] == first['contact']['id']
    assert provider.writes() == []
    assert second['diff']['before'] == second['diff']['after']


def test_finds_by_identity_not_by_substring(provider):
    # The fake search matches e-mail substrings, like a provider's LIKE search; the module must not.
    other = provider.add_contact(**dict(JANE, email='mary.jane@example.com'))
    result = run_contact_profile(provider, params())
    assert result['changed'] is True
    assert result['contact']['id'] != other.id
    assert len(provider.contacts) == 2


def test_same_email_other_name_is_another_contact(provider):
    provider.add_contact(**dict(JANE, first_name='John'))
    result = run_contact_profile(provider, params())
    assert result['changed'] is True
    assert len(provider.called('create_contact')) == 1


def test_updates_only_differing_fields_and_keeps_others(provider):
    existing = provider.add_contact(**dict(JANE, fax='+49.999'))
    result = run_contact_profile(provider, params(city='Hamburg'))
    assert result['changed'] is True
    updates = provider.called('update_contact')
    assert len(updates) == 1
    sent = updates[0][1][0]
    assert sent.id == existing.id
    assert sent.city == 'Hamburg'
    assert sent.fax == '+49.999'          # not given: left alone
    assert provider.contacts[existing.id].city == 'Hamburg'
    assert result['diff']['before']['city'] == 'Berlin'
    assert result['diff']['after']['city'] == 'Hamburg'
    assert provider.called('create_contact') == []


def test_fields_not_given_are_not_compared(provider):
    provider.add_contact(**dict(JANE, fax='+49.999', region='Berlin'))
    result = run_contact_profile(provider, params(fax=None, region=None))
    assert result['changed'] is False
    assert provider.writes() == []


def test_check_mode_update_writes_nothing(provider):
    existing = provider.add_contact(**JANE)
    result = run_contact_profile(provider, params(phone='+49.7654321'), check_mode=True)
    assert result['changed'] is True
    assert result['contact']['phone'] == '+49.7654321'
    assert result['diff']['before']['phone'] == '+49.1234567'
    assert provider.writes() == []
    assert provider.contacts[existing.id].phone == '+49.1234567'


def test_by_id_updates_that_contact(provider):
    existing = provider.add_contact(**JANE)
    result = run_contact_profile(provider, dict(params(email=None, first_name=None, last_name=None, organization=None,
                                                       address=None, phone=None, postal_code=None, city=None,
                                                       country=None), id=existing.id, title='Dr'))
    assert result['changed'] is True
    assert provider.called('list_contacts') == []
    assert provider.contacts[existing.id].title == 'Dr'
    assert provider.contacts[existing.id].email == 'jane@example.com'


def test_unknown_id_fails_clearly(provider):
    with pytest.raises(NotFoundError, match='contact 4711 does not exist'):
        run_contact_profile(provider, params(id='4711'))
    assert provider.writes() == []


def test_several_matches_fail_and_name_the_ids(provider):
    first = provider.add_contact(**JANE)
    second = provider.add_contact(**JANE)
    with pytest.raises(InputError) as excinfo:
        run_contact_profile(provider, params(city='Hamburg'))
    assert '2 contacts match' in str(excinfo.value)
    assert first.id in str(excinfo.value) and second.id in str(excinfo.value)
    assert provider.writes() == []


def test_email_and_country_compare_without_case(provider):
    provider.add_contact(**dict(JANE, email='Jane@Example.com', country='de'))
    result = run_contact_profile(provider, params())
    assert result['changed'] is False


def test_roles_compare_as_a_set():
    assert same_value('roles', ['tech', 'admin'], ['admin', 'tech'])
    assert not same_value('roles', ['tech'], ['admin', 'tech'])


def test_empty_and_missing_are_the_same():
    assert same_value('fax', '', None)
    assert same_value('address', [], [''])
    assert not same_value('fax', '', '+49.1')


def test_differing_fields_in_field_order():
    current = Contact(city='Berlin', phone='1', address=['a'])
    assert differing_fields(current, dict(phone='2', city='Hamburg', address=['a'])) == ['phone', 'city']


def test_absent_removes_existing_contact():
    provider = FakeAutodns()
    existing = provider.add_contact(**JANE)
    result = run_contact_profile(provider, params(state='absent'))
    assert result['changed'] is True
    assert result['contact']['id'] == existing.id
    assert provider.contacts == {}
    assert result['diff'] == dict(before=existing.to_dict(), after={})


def test_absent_check_mode_deletes_nothing():
    provider = FakeAutodns()
    existing = provider.add_contact(**JANE)
    result = run_contact_profile(provider, params(state='absent'), check_mode=True)
    assert result['changed'] is True
    assert provider.writes() == []
    assert existing.id in provider.contacts


def test_absent_when_missing_is_unchanged():
    provider = FakeAutodns()
    result = run_contact_profile(provider, params(state='absent'))
    assert result['changed'] is False
    assert provider.writes() == []


def test_absent_by_unknown_id_is_unchanged():
    provider = FakeAutodns()
    result = run_contact_profile(provider, params(state='absent', id='999'))
    assert result['changed'] is False


def test_absent_fails_clearly_where_contacts_cannot_be_deleted():
    provider = FakeSSL247()
    provider.add_contact(**JANE)
    with pytest.raises(UnsupportedOperationError) as excinfo:
        run_contact_profile(provider, params(state='absent'))
    assert 'not supported by ssl247' in str(excinfo.value)
    assert provider.writes() == []
    assert len(provider.contacts) == 1


def test_email_required_without_id(provider):
    with pytest.raises(InputError, match='email is required'):
        run_contact_profile(provider, params(email=None))


def test_roles_rejected_when_provider_says_it_has_none():
    provider = FakeAutodns()

    class NoRoles(object):
        contact_roles = False

    provider.capabilities = NoRoles()
    with pytest.raises(UnsupportedOperationError, match='contact roles are not supported by autodns'):
        run_contact_profile(provider, params(roles=['admin']))
    assert provider.calls == []


def test_roles_are_written_on_ssl247():
    provider = FakeSSL247()
    provider.add_contact(**dict(JANE, roles=['tech']))
    result = run_contact_profile(provider, params(roles=['admin', 'tech']))
    assert result['changed'] is True
    assert sorted(result['contact']['roles']) == ['admin', 'tech']


def _without_contact_organization():
    """FakeSSL247 with the real SSL247 capability: contact-profile add/edit take no company (seed 002)."""
    import dataclasses
    fake = FakeSSL247()
    fake.capabilities = dataclasses.replace(fake.capabilities, contact_organization=False)
    return fake


def test_organization_the_provider_cannot_store_is_refused_before_any_write():
    fake = _without_contact_organization()
    with pytest.raises(InputError) as caught:
        run_contact_profile(fake, params())
    assert str(caught.value).startswith("organization 'Example Ltd' cannot be set on a ssl247 contact profile")
    assert fake.writes() == []
    result = run_contact_profile(fake, params(organization=None))
    assert result['changed'] is True and len(fake.called('create_contact')) == 1
