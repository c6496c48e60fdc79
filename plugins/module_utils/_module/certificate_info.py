# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_info: certificates by id, common name, status or product; optionally with PEM."""


from ansible_collections.certops.reseller.plugins.module_utils._errors import NotFoundError
from ansible_collections.certops.reseller.plugins.module_utils._model import CERTIFICATE_STATUSES
from ansible_collections.certops.reseller.plugins.module_utils._http import server_now
from ansible_collections.certops.reseller.plugins.module_utils._module.info import (
    info_result,
    require,
)
from ansible_collections.certops.reseller.plugins.module_utils._paging import (
    fetch_pages,
    paging_argument_spec,
)

DOWNLOAD_FORMATS = ('x509', 'pkcs7', 'intermediate', 'root', 'bundle')

# Left out of the result unless download=true: large, and often secret-adjacent material users do not need.
PEM_KEYS = ('certificate', 'chain', 'fullchain')


def certificate_info_argument_spec():
    spec = dict(
        id=dict(type='str'),
        common_name=dict(type='str'),
        status=dict(type='str', choices=list(CERTIFICATE_STATUSES)),
        product=dict(type='str'),
        details=dict(type='bool', default=False),
        download=dict(type='bool', default=False),
        download_format=dict(type='str', choices=list(DOWNLOAD_FORMATS)),
    )
    spec.update(paging_argument_spec())
    return spec


CERTIFICATE_INFO_MUTUALLY_EXCLUSIVE = [('id', 'common_name'), ('id', 'status'), ('id', 'product')]


def certificate_to_result(certificate, download=False, downloaded=None, now=None):
    data = certificate.to_dict(now=now)
    data['challenges'] = [challenge.to_dict() for challenge in (certificate.challenges or [])]
    if not download:
        for key in PEM_KEYS:
            data[key] = None
    if downloaded is not None:
        data['download'] = downloaded
    return data


def run_certificate_info(provider, params, now=None):
    """``now``: the provider's clock (aware datetime) for days_remaining; None for the local clock."""
    download = params.get('download', False)
    download_format = params.get('download_format')
    if download_format:
        require(provider, 'download_certificate')

    if params.get('id'):
        try:
            certificates = [provider.get_certificate(params['id'])]
        except NotFoundError:
            certificates = []
        total = len(certificates)
    else:
        def list_page(limit, offset):
            return provider.list_certificates(common_name=params.get('common_name'), status=params.get('status'),
                                              product=params.get('product'), limit=limit, offset=offset)

        certificates, total = fetch_pages(list_page, params.get('limit'), params.get('offset'))
        if params.get('details') or download or download_format:
            # A search may return only a summary (SSL247): read each certificate in full.
            certificates = [provider.get_certificate(certificate.id) for certificate in certificates]

    results = []
    for certificate in certificates:
        downloaded = None
        if download_format:
            downloaded = dict(format=download_format, content=None)
            if certificate.status in ('issued', 'expired', 'revoked'):
                downloaded['content'] = provider.download_certificate(certificate.id, download_format)
        results.append(certificate_to_result(certificate, download=download, downloaded=downloaded, now=now))
    return info_result(certificates=results, total=total)


def handle(module, provider):
    return run_certificate_info(provider, module.params, now=server_now(provider))
