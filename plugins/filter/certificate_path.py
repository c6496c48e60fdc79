# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
name: certificate_path
short_description: Where role certops.reseller.certificate puts the certificate of an item of certops_certificates
version_added: 0.2.0
author:
  - certops.reseller contributors (@certops)
description:
  - The item's own C(certificate_path), else C(<cert_dir>/<common name>.crt) with the common name as the role settles
    it (A-labels, lower case; a leading C(*) written as C(_wildcard)) - the plan's own rule, not a copy of it.
  - An item without a common name, or whose common name is no valid DNS name (the role refuses both), gives its
    C(certificate_path), else an empty string.
positional: cert_dir
options:
  _input:
    description: An item of C(certops_certificates); it needs C(common_name).
    type: dict
    required: true
  cert_dir:
    description:
      - The certificate directory (the role's C(certificate_cert_dir)). Empty means V(/etc/ssl/certs).
    type: str
    default: /etc/ssl/certs
'''

EXAMPLES = r'''
- name: Read the installed certificates
  community.crypto.x509_certificate_info:
    path: "{{ item | certops.reseller.certificate_path(certificate_cert_dir | default('/etc/ssl/certs')) }}"
  loop: "{{ certops_certificates }}"

# '*.example.com' -> /etc/ssl/certs/_wildcard.example.com.crt
- name: The path of a wildcard certificate
  ansible.builtin.debug:
    msg: "{{ {'common_name': '*.example.com'} | certops.reseller.certificate_path }}"
'''

RETURN = r'''
_value:
  description: The path of the item's certificate file on its host.
  type: str
  sample: /etc/ssl/certs/www.example.com.crt
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._plan.declaration import settle_paths


def certificate_path(item, cert_dir=None):
    if not isinstance(item, dict):
        raise AnsibleFilterError('certificate_path expects an item of certops_certificates (a dict), got %s'
                                 % type(item).__name__)
    if not item.get('common_name'):
        return item.get('certificate_path') or ''
    try:
        return settle_paths(item, dict(cert_dir=cert_dir or None))['certificate_path']
    except InputError:
        # no name the role accepts: the item's own path, if it names one (a report still reads it)
        return item.get('certificate_path') or ''


class FilterModule(object):
    def filters(self):
        return dict(certificate_path=certificate_path)
