# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The certificates inventory, without Ansible: read every certificate of a connection (paged,
paced) and decide which groups each one belongs to.

The inventory plugin ``certops.reseller.certificates`` is the only caller; it turns the records
built here into inventory hosts.  Expiry is judged against the provider's clock (its ``Date``
header), like the modules do.
"""


import datetime
import re

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._model import whole_days_until
from ansible_collections.certops.reseller.plugins.module_utils._paging import fetch_pages

DEFAULT_PAGE_SIZE = 100
DEFAULT_EXPIRY_WINDOWS = {'expiring_7d': 7, 'expiring_30d': 30, 'expiring_90d': 90}
DEFAULT_EXPIRED_GROUP = 'expired'
# The paid term's windows: a term that ends within 90 days is where AutoDNS renews (EF4001012).
DEFAULT_TERM_WINDOWS = {'term_ending_30d': 30, 'term_ending_90d': 90}
DEFAULT_TERM_ENDED_GROUP = 'term_ended'
# Only these statuses can expire "soon": a pending, cancelled or revoked certificate is in no window.
LIVE_STATUS = 'issued'
# A term is over for these; any other certificate (an expired one too: it may be reissued inside its term)
# is in the term windows.
TERMLESS_STATUSES = ('revoked', 'cancelled', 'failed')

# What a record (one inventory host) carries, in this order.
RECORD_FIELDS = ('id', 'common_name', 'names', 'product', 'status', 'not_before', 'not_after', 'days_remaining',
                 'term_end', 'term_days_remaining', 'multiyear', 'reissue_required', 'reissue_status', 'term_years',
                 'remaining_reissues', 'serial_number', 'provider', 'api_format', 'connection')
# The paid term's data, as the model carries it (cached with the certificate).
TERM_FIELDS = ('term_end', 'multiyear', 'reissue_required', 'reissue_status', 'term_years', 'remaining_reissues')


def check_expiry_windows(windows, expired_group):
    """``{group name: days}`` -> the same, validated; raises InputError with a sentence."""
    return _check_windows(windows, expired_group, 'expiry_windows', DEFAULT_EXPIRY_WINDOWS, 'expired group')


def check_term_windows(windows, ended_group, taken=()):
    """``{group name: days}`` of the paid terms -> the same, validated; ``taken``: the names of the expiry groups,
    which a term group must not reuse.  Raises InputError with a sentence."""
    checked = _check_windows(windows, ended_group, 'term_windows', DEFAULT_TERM_WINDOWS, 'term ended group')
    for name in sorted(set(checked) | set([ended_group] if ended_group else [])):
        if name in taken:
            raise InputError('term_windows: %s is also an expiry group; choose another name' % name)
    return checked


def _check_windows(windows, last_group, option, defaults, last_group_label):
    if windows is None:
        windows = defaults
    if not isinstance(windows, dict):
        raise InputError('%s must be a mapping of group name to a number of days, got %r'
                         % (option, type(windows).__name__))
    checked = {}
    for name, days in windows.items():
        if not isinstance(name, str) or not re.match(r'^[A-Za-z_][A-Za-z0-9_]*$', name):
            raise InputError('%s: %r is not a valid group name (letters, digits and _, not first a digit)'
                             % (option, name))
        if isinstance(days, bool):
            days = None
        try:
            days = int(days)
        except (TypeError, ValueError):
            raise InputError('%s: %s must be a whole number of days, got %r' % (option, name, days))
        if days < 0:
            raise InputError('%s: %s must not be negative, got %d' % (option, name, days))
        checked[name] = days
    if last_group in checked:
        raise InputError('%s: %s is also the %s; choose another name' % (option, last_group, last_group_label))
    return checked


def read_certificates(provider, page_size=DEFAULT_PAGE_SIZE):
    """Every certificate of one connection: the list, page by page (in one call where the provider
    answers a list at once), then the details of every entry the list gives only in summary (no
    expiry or no product: SSL247's list).  Duplicates a page shift may cause (a certificate
    ordered while paging) are dropped by id."""
    def list_page(limit, offset):
        return provider.list_certificates(limit=limit, offset=offset)

    if provider.capabilities.lists_in_pages:
        listed, dummy = fetch_pages(list_page, page_size=page_size)
    else:
        listed, dummy = provider.list_certificates()
    certificates = []
    seen = set()
    for certificate in listed:
        key = str(certificate.id)
        if key in seen:
            continue
        seen.add(key)
        if is_summary(certificate):
            certificate = provider.get_certificate(certificate.id, include_pem=False)
        certificates.append(certificate)
    return certificates


def is_summary(certificate):
    """True when a listed certificate lacks what the inventory shows (its expiry or product)."""
    if certificate.status == 'issued' and not certificate.not_after:
        return True
    return not certificate.product


def certificate_data(certificate):
    """The plain data kept (and cached) for one certificate; no PEM, nothing secret."""
    data = dict(
        id=None if certificate.id is None else str(certificate.id),
        common_name=certificate.common_name,
        names=list(certificate.subject_alternative_names or ([certificate.common_name] if certificate.common_name else [])),
        product=certificate.product,
        status=certificate.status,
        not_before=certificate.not_before,
        not_after=certificate.not_after,
        serial_number=certificate.serial_number,
    )
    data.update((name, getattr(certificate, name)) for name in TERM_FIELDS)
    return data


def make_record(data, connection, provider, api_format, now):
    """One inventory host's variables (without prefix) from cached certificate data."""
    record = dict((name, data.get(name)) for name in RECORD_FIELDS if name in data)
    record.update(
        names=list(data.get('names') or []),
        days_remaining=whole_days_until(data.get('not_after'), now),
        term_days_remaining=whole_days_until(data.get('term_end'), now),
        provider=provider,
        api_format=api_format,
        connection=connection,
    )
    if record.get('status') == LIVE_STATUS and record['days_remaining'] is not None and record['days_remaining'] < 0:
        # A status derived from the expiry with the local clock (AutoDNS) follows the provider's clock here.
        record['status'] = 'expired'
    return dict((name, record.get(name)) for name in RECORD_FIELDS)


def is_expired(record):
    if record.get('status') == 'expired':
        return True
    days = record.get('days_remaining')
    return record.get('status') == LIVE_STATUS and days is not None and days < 0


def expiry_groups(record, windows, expired_group=DEFAULT_EXPIRED_GROUP):
    """The expiry groups of one record: ``[expired_group]`` for an expired certificate, else every
    window whose number of days is at least the days remaining (a certificate with 5 days left is in
    expiring_7d, expiring_30d and expiring_90d), smallest window first.  Only issued certificates
    are in a window."""
    if is_expired(record):
        return [expired_group] if expired_group else []
    days = record.get('days_remaining')
    if record.get('status') != LIVE_STATUS or days is None:
        return []
    return [name for name, limit in sorted(windows.items(), key=lambda item: (item[1], item[0])) if days <= limit]


def term_groups(record, windows, ended_group=DEFAULT_TERM_ENDED_GROUP):
    """The paid-term groups of one record, like expiry_groups: ``[ended_group]`` once the term has ended, else
    every window whose number of days is at least the days left in the term, smallest first.  A certificate
    without a known term end, or a revoked, cancelled or failed one, is in none."""
    days = record.get('term_days_remaining')
    if days is None or record.get('status') in TERMLESS_STATUSES:
        return []
    if days < 0:
        return [ended_group] if ended_group else []
    return [name for name, limit in sorted(windows.items(), key=lambda item: (item[1], item[0])) if days <= limit]


def standard_groups(record):
    """Group names by provider, product, status and connection, lower case (not yet sanitized)."""
    groups = []
    for key in ('provider', 'product', 'status', 'connection'):
        value = record.get(key)
        if value not in (None, ''):
            groups.append('%s_%s' % (key, str(value).lower()))
    return groups


def host_name(record):
    """``<common name>_<connection>_<id>``: unique across connections and renewals, readable, and
    usable in a host pattern (no ``:`` or ``,``).  A wildcard's ``*`` becomes ``wildcard``."""
    common_name = (record.get('common_name') or 'unnamed').replace('*', 'wildcard')
    text = '%s_%s_%s' % (common_name, record.get('connection') or 'default', record.get('id'))
    return re.sub(r'[^A-Za-z0-9._-]', '_', text)


def now_with_offset(offset_seconds):
    """The local UTC time moved by a provider clock offset (seconds)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    if offset_seconds:
        now = now + datetime.timedelta(seconds=offset_seconds)
    return now
