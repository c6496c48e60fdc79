#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
module: certificate_inspect
short_description: Read every declared key and certificate file of a host in one go
version_added: 0.2.0
description:
  - Reads, on the managed host, the private key, pending key, certificate, chain and full chain files of each declared
    certificate and tells what they hold, so that the controller can plan without a further task on the host.
  - Makes no API call and returns no secret; of a private key only its type, size or curve and the SHA-256 fingerprint
    of its public half are returned.
  - Role C(certops.reseller.certificate) runs it once per host and run and hands the answers to
    M(certops.reseller.certificate_plan).
author:
  - certops.reseller contributors (@certops)
attributes:
  check_mode:
    support: full
    description: The module only reads.
  diff_mode:
    support: none
    description: The module only reads.
options:
  certificates:
    description:
      - The declared certificates, each with C(common_name) and optionally C(key_path), C(certificate_path),
        C(chain_path) and C(fullchain_path). Other keys are refused, so that nothing else (such as a DNS secret)
        is sent to the host.
    type: list
    elements: dict
    default: []
  key_dir:
    description: Directory of a private key whose item names no C(key_path).
    type: str
    default: /etc/ssl/private
  cert_dir:
    description: Directory of the certificate files whose item names no path.
    type: str
    default: /etc/ssl/certs
requirements:
  - cryptography (on the managed host)
notes:
  - A pending key is a key made for an order whose certificate is not installed yet (C(<key_path>.certops-new)).
'''

EXAMPLES = r'''
- name: Look at the declared files
  certops.reseller.certificate_inspect:
    certificates:
      - common_name: www.example.com
      - common_name: api.example.com
        key_path: /etc/nginx/tls/api.key
  register: inspection
'''

RETURN = r'''
certificates:
  description: One entry per declared item, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    common_name:
      description: The item's common name, settled as the plan settles it (A-labels, lower case, no trailing dot).
      type: str
      sample: www.example.com
    key:
      description:
        - The private key file. C(exists), C(path), C(owner), C(group), C(mode); when it can be read, C(type) (V(ECC) or
          V(RSA)), C(curve), C(size) and C(public_key_fingerprint); C(error) when it cannot.
      type: dict
      sample: {path: /etc/ssl/private/www.example.com.key, exists: true, type: ECC, curve: secp256r1, size: 256,
               public_key_fingerprint: "3a:9f:...", owner: root, group: root, mode: "0600"}
    pending_key:
      description: The key that waits for its certificate (C(<key_path>.certops-new)), with the same keys as RV(certificates[].key).
      type: dict
    certificate:
      description:
        - The certificate file. C(exists), C(path), C(owner), C(group), C(mode), C(count) (certificates in the file); when it
          parses, C(serial_number) (hex), C(names), C(not_before), C(not_after), C(issuer), C(public_key_fingerprint).
      type: dict
      sample: {path: /etc/ssl/certs/www.example.com.crt, exists: true, serial_number: "1f3a", names: [www.example.com],
               not_after: "2027-01-01T00:00:00Z", issuer: "CN=Sandbox CA", count: 1}
    chain:
      description: The chain file, like RV(certificates[].certificate) (its first certificate).
      type: dict
    fullchain:
      description: The full chain file, like RV(certificates[].certificate) (its first certificate, the leaf).
      type: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError, MissingDependencyError
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_inspect import (
    certificate_inspect_argument_spec,
    handle,
)


# Runs on managed hosts: it builds AnsibleModule itself rather than use _module.common.run_local_module, whose
# imports (the API client, both providers, the HTTP transport) have no business in this module's payload.
def main():
    module = AnsibleModule(argument_spec=certificate_inspect_argument_spec(), supports_check_mode=True)
    try:
        result = handle(module)
    except MissingDependencyError:
        module.fail_json(msg='certificate_inspect needs the Python library cryptography on the managed host')
    except CertopsError as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
