# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_fetch: the role's one read of the issued certificate after its work at the reseller.

Which certificate: the one the followed job names, else (no job followed) the one the plan names; when that gives
no id, the newest issued certificate of the common name (and product). The reads are certificate_info's own
(``run_certificate_info`` with ``download=true``), so the requests are exactly those of that module.
"""


from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_info import run_certificate_info
from ansible_collections.certops.reseller.plugins.module_utils._http import server_now


def certificate_fetch_argument_spec():
    return dict(
        job=dict(type='dict'),
        job_id=dict(type='str'),
        certificate_id=dict(type='str'),
        common_name=dict(type='str'),
        product=dict(type='str'),
        action=dict(type='str', default=''),
    )


def job_followed(params):
    """Whether a job was followed: ``job_id`` decides when given ('' = none, whatever ``job`` holds, so that a job
    left over from another certificate never counts); without it, whether ``job`` is given."""
    if params.get('job_id') is not None:
        return bool(params['job_id'])
    return bool(params.get('job'))


def fetch_id(params):
    """The certificate to read by id: the followed job's, else the plan's; '' when neither names one."""
    if job_followed(params):
        return (params.get('job') or {}).get('certificate_id') or ''
    return params.get('certificate_id') or ''


def info_params(params):
    """certificate_info's parameters for the read: by id, else the issued certificates of the name; PEM included."""
    certificate_id = fetch_id(params)
    result = dict(id=None, common_name=None, status=None, product=None, details=False, download=True,
                  download_format=None, limit=None, offset=0)
    if certificate_id:
        result['id'] = certificate_id
    else:
        result.update(common_name=params.get('common_name'), status='issued', product=params.get('product') or None)
    return result


def newest_issued(certificates):
    """The certificate with a PEM that ends last ({} when none has a PEM); of equal ends the last one listed."""
    with_pem = [certificate for certificate in certificates or [] if certificate.get('certificate')]
    if not with_pem:
        return {}
    ordered = sorted(with_pem, key=lambda certificate: (certificate.get('not_after') is not None,
                                                        (certificate.get('not_after') or '').lower()))
    return ordered[-1]


def outcome_message(action, certificate):
    """'<action>: serial <serial or ->, expires <not_after or ->'."""
    return '%s: serial %s, expires %s' % (action or '', (certificate or {}).get('serial_number') or '-',
                                          (certificate or {}).get('not_after') or '-')


def run_certificate_fetch(provider, params, now=None):
    found = run_certificate_info(provider, info_params(params), now=now)
    certificate = newest_issued(found['certificates'])
    return dict(changed=False, certificate=certificate, message=outcome_message(params.get('action'), certificate))


def handle(module, provider):
    return run_certificate_fetch(provider, module.params, now=server_now(provider))
