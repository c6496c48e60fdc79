# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The request bodies AutoDNS takes for an order, a reissue, a renewal (Certificate) and prepareOrder
(CertificateData), from the collection's OrderRequest; the DCV data prepareOrder answers; what a product
name says about wildcards."""


from ansible_collections.certops.reseller.plugins.module_utils._autodns.convert import (
    METHODS_TO_API,
    certificate_names,
    challenges_from_authentication,
    contact_reference_to_api,
)
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError


def _method_to_api(method):
    value = METHODS_TO_API.get(str(method or 'dns').lower())
    if value is None:
        raise InputError('validation method must be one of dns, email, file, got %r' % (method,))
    return value


def authentication_to_api(request):
    """OrderRequest -> CertAuthentication ``{method, provisioning?, approverEmails?}``."""
    auth = {'method': _method_to_api(request.validation_method)}
    if auth['method'] == 'DNS' and request.dns_provisioning:
        auth['provisioning'] = True
    if auth['method'] == 'EMAIL' and request.approver_email:
        auth['approverEmails'] = [request.approver_email]
    return auth


def order_request_to_api(request, include_name=True):
    """OrderRequest -> Certificate body for create (400101), reissue (400102) and renew (400106).

    ``{name, product, lifetime {unit: MONTH, period}, software, csr, signatureHashAlgorithm,
    adminContact {id}, technicalContact {id}, subjectAlternativeNames [{name, approverEmail}],
    authentication {method, provisioning, approverEmails}}`` with only the fields that are set.
    ``subjectAlternativeNames`` lists the names besides the common name.
    """
    body = {}
    if include_name and request.common_name:
        body['name'] = request.common_name
    if request.product:
        body['product'] = request.product
    if request.lifetime_months:
        body['lifetime'] = {'unit': 'MONTH', 'period': int(request.lifetime_months)}
    if request.software:
        body['software'] = request.software
    if request.csr:
        body['csr'] = request.csr
    if request.signature_hash_algorithm:
        body['signatureHashAlgorithm'] = request.signature_hash_algorithm
    admin = contact_reference_to_api(request.admin_contact, 'admin_contact')
    if admin:
        body['adminContact'] = admin
    tech = contact_reference_to_api(request.technical_contact, 'technical_contact')
    if tech:
        body['technicalContact'] = tech
    sans = []
    for name in request.names[1:]:
        san = {'name': name}
        if request.approver_email and str(request.validation_method).lower() == 'email':
            san['approverEmail'] = request.approver_email
        sans.append(san)
    if sans:
        body['subjectAlternativeNames'] = sans
    body['authentication'] = authentication_to_api(request)
    return body


def prepare_order_to_api(request):
    """OrderRequest -> CertificateData body for prepareOrder (400110):
    ``{plain: CSR, name, product, subjectAlternativeNames [{name}], authentication: [{method}]}``."""
    body = {'plain': request.csr, 'authentication': [{'method': _method_to_api(request.validation_method)}]}
    if request.common_name:
        body['name'] = request.common_name
    if request.product:
        body['product'] = request.product
    sans = [{'name': name} for name in request.names[1:]]
    if sans:
        body['subjectAlternativeNames'] = sans
    return body


def challenges_from_prepare_order(data, request=None):
    """prepareOrder ``data[0]`` (CertificateData ``{name, subjectAlternativeNames, authentication: [...]}``)
    -> list[Challenge], in the order of the names."""
    data = data or {}
    names = certificate_names(data)
    if request is not None:
        for name in request.names:
            if name not in names:
                names.append(name)
    approvers = {}
    if request is not None and request.approver_email:
        approvers = dict((name, request.approver_email) for name in names)
    challenges = challenges_from_authentication(data.get('authentication'), names, approvers)
    order = dict((name, index) for index, name in enumerate(names))
    return sorted(challenges, key=lambda c: order.get(c.domain, len(order)))


def wildcard_allowed(product):
    """AutoDNS product names say what they are: every product that may carry a wildcard name has
    WILDCARD in its name (RAPIDSSL_WILDCARD, ..., BASIC_SSL_WILDCARD); the API has no product
    catalogue call that could tell otherwise.  None for an unknown (empty) product."""
    if not product:
        return None
    return 'WILDCARD' in str(product).upper()
