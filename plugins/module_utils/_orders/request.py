# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The order request of a task: its names, contacts, lifetime, validation and CSR checked before any
paid call, and the OrderRequest built from them.  Nothing here calls the provider (except
``check_wildcards``, which may read the catalogue)."""


from ansible_collections.certops.reseller.plugins.module_utils._csr import normalize_name
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._model import (
    VALIDATION_METHODS,
    Contact,
    OrderRequest,
)
from ansible_collections.certops.reseller.plugins.module_utils._validation import check_certificate_name


CONTACT_KEYS = ('id',) + Contact.FIELDS


def wanted_names(common_name, subject_alternative_names):
    """Common name first, then the other names; as the providers want them (A-labels, lower case,
    no trailing dot), without duplicates.  InputError for a name no CA would take."""
    names = [check_certificate_name(common_name, 'common_name')]
    for name in subject_alternative_names or []:
        name = check_certificate_name(name, 'subject_alternative_names')
        if name and name not in names:
            names.append(name)
    return names


def certificate_names(certificate):
    """The set of names a normalized Certificate covers (common name included)."""
    names = set(normalize_name(name) for name in certificate.subject_alternative_names or [])
    if certificate.common_name:
        names.add(normalize_name(certificate.common_name))
    names.discard('')
    return names


def to_contact(value, option):
    """An id (str/int) stays a str; a dict becomes a Contact.  Raises InputError on unknown keys."""
    if value is None or value == '':
        return None
    if isinstance(value, Contact):
        return value
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(CONTACT_KEYS))
        if unknown:
            raise InputError('%s has unknown keys %s; known keys are %s' % (
                option, ', '.join(unknown), ', '.join(CONTACT_KEYS)))
        data = dict((key, item) for key, item in value.items() if item is not None)
        if 'id' in data:
            data['id'] = str(data['id'])
        for key in ('address', 'roles'):
            if isinstance(data.get(key), str):
                data[key] = [data[key]]
        return Contact(**data)
    return str(value)


def check_lifetime(provider, lifetime):
    if lifetime is None:
        return
    if lifetime <= 0:
        raise InputError('lifetime must be a positive number of months, got %s' % lifetime)
    if provider.capabilities.lifetime_unit == 'year' and lifetime % 12:
        raise InputError('lifetime must be a multiple of 12 months for provider %s, which sells whole years; got %s' % (
            provider.name, lifetime))


def check_csr_names(csr_info, names):
    """The CSR must ask for exactly the names of the task (compared as sets)."""
    wanted = set(names)
    if csr_info.name_set != wanted:
        missing = sorted(wanted - csr_info.name_set)
        extra = sorted(csr_info.name_set - wanted)
        parts = []
        if missing:
            parts.append('it lacks %s' % ', '.join(missing))
        if extra:
            parts.append('it also contains %s' % ', '.join(extra))
        raise InputError('the names in csr do not match common_name and subject_alternative_names: %s' % '; '.join(parts))


def check_validation(provider, method, approver_email, dns_provisioning):
    if method not in VALIDATION_METHODS:
        raise InputError('validation_method must be one of %s, got %r' % (', '.join(VALIDATION_METHODS), method))
    if method == 'email' and not approver_email:
        raise InputError('validation_method email needs approver_email (the address the CA sends the approval mail to)')
    if dns_provisioning and not provider.capabilities.dns_provisioning:
        raise InputError('dns_provisioning is not supported by %s; publish the DNS challenge records yourself' % provider.name)
    if dns_provisioning and method != 'dns':
        raise InputError('dns_provisioning needs validation_method dns')


def check_wildcards(provider, product, names):
    wildcards = [name for name in names if name.startswith('*.')]
    if wildcards and provider.product_allows_wildcard(product) is False:
        raise InputError('product %s does not allow wildcard names (%s)' % (product, ', '.join(wildcards)))


def build_request(params, names):
    return OrderRequest(
        common_name=names[0],
        subject_alternative_names=names[1:],
        product=params.get('product'),
        lifetime_months=params.get('lifetime'),
        csr=params.get('csr'),
        software=params.get('software'),
        signature_hash_algorithm=params.get('signature_hash_algorithm'),
        validation_method=params.get('validation_method') or 'dns',
        approver_email=params.get('approver_email'),
        dns_provisioning=bool(params.get('dns_provisioning')),
        admin_contact=to_contact(params.get('admin_contact'), 'admin_contact'),
        technical_contact=to_contact(params.get('technical_contact'), 'technical_contact'),
        organization=params.get('organization') or None,
    )
