# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


from ansible_collections.certops.reseller.plugins.module_utils._errors import ProviderError
from ansible_collections.certops.reseller.plugins.modules import contact_profile
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
)
from ansible_collections.certops.reseller.tests.unit.plugins.modules.contact_info_module_runner import run

JANE = dict(first_name='Jane', last_name='Doe', email='jane@example.com', organization='Example Ltd',
            address=['Main Street 1'], city='Berlin', country='DE')


def test_create_then_unchanged():
    provider = FakeAutodns()
    result, failed = run(contact_profile, JANE, provider)
    assert not failed and result['changed'] is True
    assert result['contact']['id'] in provider.contacts
    assert 'diff' not in result           # only in diff mode
    result, failed = run(contact_profile, JANE, provider)
    assert not failed and result['changed'] is False
    assert len(provider.writes()) == 1


def test_check_mode_and_diff_mode():
    provider = FakeAutodns()
    existing = provider.add_contact(**JANE)
    result, failed = run(contact_profile, dict(JANE, city='Hamburg'), provider, check_mode=True, diff=True)
    assert not failed and result['changed'] is True
    assert result['diff']['before']['city'] == 'Berlin'
    assert result['diff']['after']['city'] == 'Hamburg'
    assert provider.writes() == []
    assert provider.contacts[existing.id].city == 'Berlin'


def test_id_or_email_required():
    result, failed = run(contact_profile, dict(first_name='Jane'), FakeAutodns())
    assert failed
    assert 'one of the following is required: id, email' in result['msg']


def test_roles_choices_checked():
    result, failed = run(contact_profile, dict(JANE, roles=['owner']), FakeSSL247())
    assert failed and 'roles' in result['msg']


def test_absent_on_ssl247_fails_in_one_sentence():
    provider = FakeSSL247()
    provider.add_contact(**JANE)
    result, failed = run(contact_profile, dict(JANE, state='absent'), provider)
    assert failed
    assert result['msg'] == 'state=absent cannot be used because deleting a contact is not supported by ssl247'
    assert result['error_type'] == 'UnsupportedOperationError'
    assert provider.writes() == []


def test_provider_error_carries_its_code():
    class Refusing(FakeAutodns):
        def create_contact(self, contact):
            raise ProviderError('the phone number is invalid', code='EF01000', operation='400201',
                                http_status=400, provider='autodns')

    result, failed = run(contact_profile, JANE, Refusing())
    assert failed
    assert 'the phone number is invalid' in result['msg'] and 'EF01000' in result['msg']
    assert result['error_code'] == 'EF01000'
    assert 'sandbox-password' not in repr(result)
