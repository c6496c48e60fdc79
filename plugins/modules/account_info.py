#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: account_info
short_description: Show the SSL247 account, its users, deposit and monthly allowance
version_added: 0.1.0
description:
  - "SSL247: returns the account's general information, its users, the deposit balance and the monthly allowance
    (only what O(gather) asks for; one request each)."
  - "AutoDNS: the certificate API has no such data; the module fails with C(account info is not supported by autodns)
    (or the first other item of O(gather)) before sending any request."
author:
  - certops.reseller contributors (@certops)
extends_documentation_fragment:
  - certops.reseller._provider
  - certops.reseller._provider.attributes
  - certops.reseller._provider.info_module
options:
  gather:
    description:
      - What to fetch. V(account) general information, V(users) the account users, V(deposit) the deposit balance,
        V(allowance) the monthly allowance.
    type: list
    elements: str
    choices:
      - account
      - users
      - deposit
      - allowance
    default: [account, users, deposit, allowance]
  user_id:
    description:
      - Also fetch this user's details into RV(user).
    type: str
seealso:
  - module: certops.reseller.order_info
'''

EXAMPLES = r'''
- name: SSL247 deposit before ordering
  certops.reseller.account_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"
    gather:
      - deposit
  register: account

- name: Stop when the deposit is low
  ansible.builtin.assert:
    that:
      - account.deposit.value >= 100
    fail_msg: "Only {{ account.deposit.value }} {{ account.deposit.currency }} left"

- name: Everything SSL247 tells about the account
  certops.reseller.account_info:
    provider: ssl247
    username: api@example.com
    api_key: "{{ ssl247_api_key }}"

# AutoDNS (JSON or XML) has no account data in this API: this task fails with
# "account info is not supported by autodns".
- name: Not available at AutoDNS
  certops.reseller.account_info:
    provider: autodns
    username: "{{ autodns_user }}"
    password: "{{ autodns_password }}"
  ignore_errors: true
'''

RETURN = r'''
account:
  description: General account information (SSL247 C(/account)).
  returned: when O(gather) contains V(account)
  type: dict
  sample:
    account_code: ACC123
    company: Example Ltd
    country: GB
    currency: GBP
    allowance_limit: 1000.0
    remaining_allowance: 750.0
    users:
      - full_name: Jane Doe
        email: jane.doe@example.com
users:
  description: The account users (SSL247 C(/account/users)).
  returned: when O(gather) contains V(users)
  type: list
  elements: dict
  sample:
    - id: "12"
      full_name: Jane Doe
      email: jane.doe@example.com
deposit:
  description: The deposit balance (SSL247 C(/account/deposit)).
  returned: when O(gather) contains V(deposit)
  type: dict
  sample:
    value: 1000.0
    currency: GBP
allowance:
  description: The monthly allowance (SSL247 C(/account/monthly-allowance)).
  returned: when O(gather) contains V(allowance)
  type: dict
  sample:
    remaining: 750.0
    limit: 1000.0
    currency: GBP
user:
  description: The details of the user O(user_id), as SSL247 gives them.
  returned: when O(user_id) is given
  type: dict
  sample:
    id: "12"
    full_name: Jane Doe
    email: jane.doe@example.com
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec, run_module
from ansible_collections.certops.reseller.plugins.module_utils._module.account_info import (
    account_info_argument_spec,
    handle,
)


def main():
    run_module(provider_argument_spec(**account_info_argument_spec()), handle)


if __name__ == '__main__':
    main()
