# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""contact_profile_info: one contact by id, or a search by e-mail, names and organization."""


from ansible_collections.certops.reseller.plugins.module_utils._errors import NotFoundError
from ansible_collections.certops.reseller.plugins.module_utils._module.info import info_result
from ansible_collections.certops.reseller.plugins.module_utils._paging import (
    fetch_pages,
    paging_argument_spec,
)

SEARCH_FIELDS = ('email', 'first_name', 'last_name', 'organization')


def contact_profile_info_argument_spec():
    spec = dict(
        id=dict(type='str'),
        email=dict(type='str'),
        first_name=dict(type='str'),
        last_name=dict(type='str'),
        organization=dict(type='str'),
    )
    spec.update(paging_argument_spec())
    return spec


CONTACT_PROFILE_INFO_MUTUALLY_EXCLUSIVE = [('id', name) for name in SEARCH_FIELDS]


def run_contact_profile_info(provider, params):
    if params.get('id'):
        try:
            contacts = [provider.get_contact(params['id'])]
        except NotFoundError:
            contacts = []
        return info_result(contacts=[contact.to_dict() for contact in contacts], total=len(contacts))

    search = dict((name, params[name]) for name in SEARCH_FIELDS if params.get(name) is not None)

    def list_page(limit, offset):
        return provider.list_contacts(limit=limit, offset=offset, **search)

    contacts, total = fetch_pages(list_page, params.get('limit'), params.get('offset'))
    return info_result(contacts=[contact.to_dict() for contact in contacts], total=total)


def handle(module, provider):
    return run_contact_profile_info(provider, module.params)
