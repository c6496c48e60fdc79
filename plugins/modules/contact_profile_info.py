#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: contact_profile_info
short_description: Show SSL contacts (AutoDNS) or contact profiles (SSL247)
version_added: 0.1.0
description:
  - Shows one contact by O(id), or searches by O(email), O(first_name), O(last_name) and O(organization), or lists
    all contacts.
  - "AutoDNS: SSL contacts (C(/sslcontact)); the search matches the given fields as the API does."
  - "SSL247: the account's contact profiles; SSL247 has no search, so the provider reads the profiles and filters them."
  - Lists are paged for you - without O(limit) all matching contacts are returned.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  id:
    description:
      - The contact's id. When it does not exist, RV(contacts) is empty.
    type: str
  email:
    description:
      - Only contacts with this e-mail address.
    type: str
  first_name:
    description:
      - Only contacts with this first name.
    type: str
  last_name:
    description:
      - Only contacts with this last name.
    type: str
  organization:
    description:
      - Only contacts of this organization.
    type: str
  limit:
    description:
      - Return at most this many contacts, starting at O(offset). Without it, all are returned.
    type: int
  offset:
    description:
      - How many matching contacts to skip.
    type: int
    default: 0
seealso:
  - module: certops.reseller.contact_profile
'''

EXAMPLES = r'''
- name: Find the AutoDNS SSL contact of jane.doe@example.com
  certops.reseller.contact_profile_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    email: jane.doe@example.com
  register: found

- name: One contact through the AutoDNS XML gateway
  certops.reseller.contact_profile_info:
    provider: autodns
    api_format: xml
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    id: "{{ found.contacts[0].id }}"

- name: All SSL247 contact profiles
  certops.reseller.contact_profile_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
  register: profiles

- name: Ids of the SSL247 technical contacts
  ansible.builtin.debug:
    msg: "{{ profiles.contacts | selectattr('roles', 'contains', 'tech') | map(attribute='id') | list }}"
'''

RETURN = r'''
total:
  description: How many contacts match (all pages).
  returned: success
  type: int
  sample: 1
contacts:
  description: The contacts found (this page). The fields are those of RV(certops.reseller.contact_profile#module:contact).
  returned: success
  type: list
  elements: dict
  sample:
    - id: "2384712"
      title: Ms
      first_name: Jane
      last_name: Doe
      email: jane.doe@example.com
      phone: "+49.9411234567"
      fax: null
      organization: Example GmbH
      address: ["Main Street 1"]
      postal_code: "93047"
      city: Regensburg
      region: null
      country: DE
      roles: []
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.contact_profile_info import (
    CONTACT_PROFILE_INFO_MUTUALLY_EXCLUSIVE,
    contact_profile_info_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**contact_profile_info_argument_spec()), handle,
               mutually_exclusive=CONTACT_PROFILE_INFO_MUTUALLY_EXCLUSIVE)


if __name__ == '__main__':
    main()
