# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Writes other than orders whose answer is lost: contact create/update/delete, cancel, revoke."""


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import AmbiguousResultError, NotFoundError
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact
from ansible_collections.certops.reseller.plugins.module_utils._module.contact_profile import run_contact_profile
from ansible_collections.certops.reseller.plugins.module_utils._provider import Provider


class ContactStore(Provider):
    name = 'fake'

    def __init__(self):
        super(ContactStore, self).__init__(None, None)
        self.contacts = {}
        self.lose = set()          # operations whose answer is lost AFTER they happened
        self.drop = set()          # operations lost BEFORE they happened
        self.writes = []

    def _maybe_lose(self, operation):
        if operation in self.drop:
            raise AmbiguousResultError('connection reset before the provider acted')

    def _after(self, operation):
        if operation in self.lose:
            raise AmbiguousResultError('the provider answered HTTP 502')

    def create_contact(self, contact):
        self.writes.append('create')
        self._maybe_lose('create')
        made = Contact(**contact.to_dict())
        made.id = str(len(self.contacts) + 1)
        self.contacts[made.id] = made
        self._after('create')
        return made

    def update_contact(self, contact):
        self.writes.append('update')
        self._maybe_lose('update')
        self.contacts[contact.id] = Contact(**contact.to_dict())
        self._after('update')
        return contact

    def delete_contact(self, contact_id):
        self.writes.append('delete')
        self._maybe_lose('delete')
        del self.contacts[contact_id]
        self._after('delete')

    def get_contact(self, contact_id):
        if contact_id not in self.contacts:
            raise NotFoundError('contact %s not found' % contact_id)
        return Contact(**self.contacts[contact_id].to_dict())

    def list_contacts(self, email=None, first_name=None, last_name=None, organization=None, limit=None, offset=0):
        found = [Contact(**c.to_dict()) for c in self.contacts.values() if email is None or c.email == email]
        return found[offset:offset + limit if limit else None], len(found)


PARAMS = dict(state='present', email='ada@example.com', first_name='Ada', last_name='Lovelace', city='London')


def run(store, **more):
    return run_contact_profile(store, dict(PARAMS, **more), sleep=lambda seconds: None)


def test_a_lost_create_answer_finds_the_contact_and_never_creates_a_second():
    store = ContactStore()
    store.lose.add('create')
    result = run(store)
    assert result['changed'] is True and result['contact']['id'] == '1'
    assert 'a look showed that it was done' in result['warnings'][0]
    assert store.writes == ['create'] and len(store.contacts) == 1
    store.lose.clear()
    assert run(store)['changed'] is False
    assert len(store.contacts) == 1


def test_a_create_lost_before_the_provider_acted_fails_in_one_sentence_and_the_rerun_creates_once():
    store = ContactStore()
    store.drop.add('create')
    with pytest.raises(AmbiguousResultError) as error:
        run(store)
    assert 'two looks found no trace of it' in str(error.value)
    store.drop.clear()
    assert run(store)['changed'] is True
    assert len(store.contacts) == 1


def test_a_lost_update_answer_is_confirmed_by_reading_the_contact():
    store = ContactStore()
    run(store)
    store.lose.add('update')
    result = run(store, city='Paris')
    assert result['changed'] is True and result['contact']['city'] == 'Paris'
    assert store.writes == ['create', 'update']


def test_a_lost_delete_answer_is_confirmed_by_the_contact_being_gone():
    store = ContactStore()
    run(store)
    store.lose.add('delete')
    result = run(store, state='absent')
    assert result['changed'] is True and store.contacts == {}
    assert store.writes == ['create', 'delete']
