#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: contact_profile
short_description: Ensure an SSL contact (AutoDNS) or contact profile (SSL247) exists, or is gone
version_added: 0.1.0
description:
  - Creates an AutoDNS SSL contact or an SSL247 contact profile with the given fields, updates the fields that differ,
    or deletes it.
  - Without O(id), the contact is found by O(email), O(first_name), O(last_name) and O(organization) (those given).
    When several contacts match, the module fails and lists their ids; give O(id) then.
  - Only the fields you give are compared and written; fields you leave out keep the value the provider holds.
  - Use the returned RV(contact.id) as administrative or technical contact when ordering a certificate.
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  state:
    description:
      - V(present) creates the contact or updates it; V(absent) deletes it.
      - SSL247 cannot delete contact profiles through its API; O(state=absent) fails there.
    type: str
    choices:
      - present
      - absent
    default: present
  id:
    description:
      - The provider's id of the contact.
      - With O(state=present) the contact must exist; it is updated.
      - When not given, the contact is looked up by O(email), O(first_name), O(last_name) and O(organization);
        O(email) is then required.
    type: str
  title:
    description:
      - Title, for example V(Mr), V(Ms), V(Dr).
      - On SSL247 one of the values that M(certops.reseller.reference_data_info) returns in RV(certops.reseller.reference_data_info#module:titles).
    type: str
  first_name:
    description:
      - First name (AutoDNS C(fname), SSL247 C(firstname)).
    type: str
  last_name:
    description:
      - Last name (AutoDNS C(lname), SSL247 C(lastname)).
    type: str
  email:
    description:
      - E-mail address. Compared without regard to case.
      - Required when O(id) is not given.
    type: str
  phone:
    description:
      - Phone number, for example V(+49.9411234567) (AutoDNS) or V(+44 20 1234 5678) (SSL247).
    type: str
  fax:
    description:
      - Fax number.
    type: str
  organization:
    description:
      - Organization (AutoDNS C(organization), SSL247 C(company_name)).
    type: str
  address:
    description:
      - Street address, one list item per line (SSL247 takes at most three lines).
    type: list
    elements: str
  postal_code:
    description:
      - Postal code.
    type: str
  city:
    description:
      - City.
    type: str
  region:
    description:
      - State, county or region (AutoDNS C(state), SSL247 C(state)/C(county)).
    type: str
  country:
    description:
      - Two-letter ISO country code, for example V(DE). Compared without regard to case.
    type: str
  roles:
    description:
      - SSL247 only. The roles of the contact profile.
      - AutoDNS SSL contacts have no roles; do not set this option for AutoDNS.
    type: list
    elements: str
    choices:
      - admin
      - tech
      - billing
seealso:
  - module: certops.reseller.contact_profile_info
'''

EXAMPLES = r'''
- name: Ensure the technical contact exists at AutoDNS (JSON API)
  certops.reseller.contact_profile:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    context: 4
    first_name: Jane
    last_name: Doe
    email: jane.doe@example.com
    organization: Example GmbH
    phone: "+49.9411234567"
    address:
      - Main Street 1
    postal_code: "93047"
    city: Regensburg
    country: DE
  register: tech_contact

- name: Use its id when ordering
  ansible.builtin.debug:
    msg: "Technical contact: {{ tech_contact.contact.id }}"

- name: Same through the AutoDNS XML gateway, changing only the phone number of a known contact
  certops.reseller.contact_profile:
    provider: autodns
    api_format: xml
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    id: "{{ tech_contact.contact.id }}"
    phone: "+49.9417654321"

- name: Ensure an SSL247 contact profile that is admin and technical contact
  certops.reseller.contact_profile:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    title: Ms
    first_name: Jane
    last_name: Doe
    email: jane.doe@example.com
    organization: Example Ltd
    phone: "+44 20 1234 5678"
    address:
      - 1 High Street
    postal_code: SW1A 1AA
    city: London
    country: GB
    roles:
      - admin
      - tech

- name: Remove an AutoDNS SSL contact (not possible on SSL247)
  certops.reseller.contact_profile:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
    email: old.contact@example.com
    first_name: Old
    last_name: Contact
    state: absent
'''

RETURN = r'''
contact:
  description:
    - The contact as the provider holds it after the task (in check mode, as it would be).
    - With O(state=absent), the contact that was removed, or an empty dictionary when there was none.
  returned: success
  type: dict
  contains:
    id:
      description: The provider's id of the contact; V(null) for a contact that check mode would create.
      type: str
      sample: "2384712"
    title:
      description: Title.
      type: str
      sample: Ms
    first_name:
      description: First name.
      type: str
      sample: Jane
    last_name:
      description: Last name.
      type: str
      sample: Doe
    email:
      description: E-mail address.
      type: str
      sample: jane.doe@example.com
    phone:
      description: Phone number.
      type: str
      sample: "+49.9411234567"
    fax:
      description: Fax number.
      type: str
      sample: null
    organization:
      description: Organization.
      type: str
      sample: Example GmbH
    address:
      description: Street address lines.
      type: list
      elements: str
      sample: ["Main Street 1"]
    postal_code:
      description: Postal code.
      type: str
      sample: "93047"
    city:
      description: City.
      type: str
      sample: Regensburg
    region:
      description: State, county or region.
      type: str
      sample: Bavaria
    country:
      description: Country code.
      type: str
      sample: DE
    roles:
      description: Roles of an SSL247 contact profile (V(admin), V(tech), V(billing)); empty on AutoDNS.
      type: list
      elements: str
      sample: ["admin", "tech"]
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.contact_profile import (
    CONTACT_REQUIRED_ONE_OF,
    contact_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**contact_argument_spec()), handle, required_one_of=CONTACT_REQUIRED_ONE_OF)


if __name__ == '__main__':
    main()
