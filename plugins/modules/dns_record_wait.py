#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: dns_record_wait
short_description: Wait until the DNS records of DCV challenges are answered on given name servers
version_added: 0.1.0
description:
  - Asks the given name servers (any port) for the DNS records of DCV challenges, every O(delay) seconds, until each
    server answers each record's value or O(timeout) seconds have passed; then fails naming each record that did not
    appear, where, and the last answer.
  - Does what M(community.dns.wait_for_txt) cannot, that module asks the zone's authoritative name servers on port 53
    for TXT records only. Without O(servers), records that are no TXT record (a CNAME) are asked of the system
    resolver and the TXT records are returned in RV(authoritative_txt), ready for M(community.dns.wait_for_txt).
  - A TXT record is seen when one answer is its value; any other record when one answer is its value, compared
    without a trailing dot and case.
author:
  - certops.reseller contributors (@certops)
requirements:
  - dnspython
attributes:
  check_mode:
    description: Can run in C(check_mode).
    support: full
    details: It only reads.
  diff_mode:
    description: Returns details on what has changed, in diff mode.
    support: N/A
    details: It only reads.
  idempotent:
    description: When run twice in a row with the same arguments, the second run indicates no change.
    support: full
    details: It only reads.
options:
  challenges:
    description:
      - The RV(certops.reseller.certificate_order#module:challenges) of an order or a renewal, as returned; the DNS
        ones (C(record_name), C(record_type), default V(TXT), C(record_value)) are waited for, the others ignored.
    type: list
    elements: dict
    required: true
  servers:
    description:
      - The name servers to ask, each V(address), V(address:port) or V([address]:port) (IPv6); port 53 by default.
      - Empty asks the system resolver for the records that are no TXT record and returns the TXT records in
        RV(authoritative_txt).
    type: list
    elements: str
    default: []
  timeout:
    description: Seconds to wait; the module fails after that.
    type: int
    default: 300
  delay:
    description: Seconds between two rounds of lookups.
    type: int
    default: 5
seealso:
  - module: community.dns.wait_for_txt
  - module: certops.reseller.certificate_order
'''

EXAMPLES = r'''
- name: Wait until the primary answers the DCV records of an order
  certops.reseller.dns_record_wait:
    challenges: "{{ order.challenges }}"
    servers: ["192.0.2.53", "192.0.2.54:5353"]
    timeout: 120
    delay: 2
  delegate_to: localhost
'''

RETURN = r'''
records:
  description: One entry per record and server asked.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The record's name, without a trailing dot.
      type: str
      returned: always
      sample: _dnsauth.www.example.com
    type:
      description: The record type.
      type: str
      returned: always
      sample: TXT
    value:
      description: The value waited for.
      type: str
      returned: always
      sample: 2f1e0c9d8b7a
    server:
      description: The server asked, V(address:port), or V(the system resolver).
      type: str
      returned: always
      sample: 192.0.2.53:53
    seen:
      description: Whether the server answered the value.
      type: bool
      returned: always
      sample: true
    answers:
      description: The values of the last answer.
      type: list
      elements: str
      returned: always
      sample: [2f1e0c9d8b7a]
    error:
      description: Why the last lookup had no answer (a timeout, NXDOMAIN), or null.
      type: str
      returned: always
      sample: null
authoritative_txt:
  description:
    - Without O(servers), the TXT records to ask the zone's authoritative name servers for, as the option C(records)
      of M(community.dns.wait_for_txt) takes them; else empty.
  returned: always
  type: list
  elements: dict
  sample: [{name: _dnsauth.www.example.com, values: [2f1e0c9d8b7a]}]
'''

from ansible_collections.certops.reseller.plugins.module_utils._module.common import run_local_module
from ansible_collections.certops.reseller.plugins.module_utils._module.dns_record_wait import (
    dns_record_wait_argument_spec,
    handle,
)


def main():
    run_local_module(dns_record_wait_argument_spec(), handle)


if __name__ == '__main__':
    main()
