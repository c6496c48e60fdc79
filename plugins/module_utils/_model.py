# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Normalized objects: what module code sees whatever the provider and wire format.

Certificate ``status``: pending, validating, issued, expired, revoked, cancelled, failed.
Job ``status``: running, deferred, succeeded, failed, cancelled.
The provider's own value is kept as ``provider_status``.
Dates are ISO 8601 strings in UTC (``2026-11-22T10:00:00Z``) or None.
"""


import datetime
import re

from dataclasses import dataclass, field, asdict
from typing import Any, Dict, List, Optional

from ansible_collections.certops.reseller.plugins.module_utils._names import unicode_name

CERTIFICATE_STATUSES = ('pending', 'validating', 'issued', 'expired', 'revoked', 'cancelled', 'failed')
CERTIFICATE_DEAD_STATUSES = ('revoked', 'cancelled', 'failed', 'expired')
# an order not issued yet: its certificate is the order
PENDING_CERTIFICATE_STATUSES = ('pending', 'validating')
JOB_STATUSES = ('running', 'deferred', 'succeeded', 'failed', 'cancelled')
JOB_ACTIVE_STATUSES = ('running', 'deferred')
# certificate status -> the status of the order that is the certificate (or made it)
ORDER_STATUS_OF_CERTIFICATE = dict(pending='running', validating='running', issued='succeeded', expired='succeeded',
                                   failed='failed', cancelled='cancelled', revoked='cancelled')
VALIDATION_METHODS = ('dns', 'email', 'file')


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def parse_datetime(value):
    """Parse the date formats the providers use into an aware UTC datetime (None on empty).

    Accepts ``2019-10-23T16:12:33.000+0200`` (AutoDNS JSON), ``2019-10-23 16:12:33`` (AutoDNS XML,
    taken as UTC), ``2019-10-23`` and ISO 8601 with ``Z``.  Raises ValueError otherwise.
    """
    if value is None or value == '':
        return None
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    text = str(value).strip()
    if text.endswith('Z'):
        text = text[:-1] + '+00:00'
    match = re.match(r'^(.*[T ]\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2}):?(\d{2})$', text)
    if match:
        text = '%s%s%s:%s' % (match.group(1), match.group(2) or '', match.group(3), match.group(4))
    for candidate in (text, text.replace(' ', 'T', 1)):
        try:
            parsed = datetime.datetime.fromisoformat(candidate)
        except ValueError:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.timezone.utc)
        return parsed.astimezone(datetime.timezone.utc)
    try:
        parsed = datetime.datetime.strptime(text[:10], '%Y-%m-%d')
    except ValueError:
        raise ValueError('unrecognised date %r' % (value,))
    return parsed.replace(tzinfo=datetime.timezone.utc)


def whole_days_until(value, now=None):
    """Whole days from ``now`` (default: the local clock) until the date ``value``, negative once it has
    passed (rounded down: 23 hours left is 0 days); None without a date."""
    when = parse_datetime(value) if value else None
    if when is None:
        return None
    now = now or utcnow()
    return int((when - now).total_seconds() // 86400)


def format_datetime(value):
    """ISO 8601 UTC string (``2026-11-22T10:00:00Z``) from anything parse_datetime accepts."""
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    return parsed.strftime('%Y-%m-%dT%H:%M:%SZ')


_ZONE_LINE = re.compile(
    r'^\s*(?P<name>\S+)\s+(?:(?P<ttl>\d+)\s+)?(?:IN\s+)?(?P<type>[A-Za-z]+)\s+(?P<value>.+?)\s*$')


def parse_zone_line(line):
    """Parse one zone-file line such as ``_dnsauth.example.com.\\t300\\tIN\\tTXT\\t"token"``.

    Returns ``(name, ttl, type, value)``: ``name`` without the trailing dot, ``ttl`` an int or None,
    ``type`` upper case, ``value`` without surrounding quotes for TXT.  Raises ValueError.
    """
    match = _ZONE_LINE.match(line or '')
    if not match:
        raise ValueError('not a zone-file line: %r' % (line,))
    name = match.group('name').rstrip('.')
    rtype = match.group('type').upper()
    value = match.group('value')
    if rtype == 'TXT' and len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        value = value[1:-1]
    ttl = int(match.group('ttl')) if match.group('ttl') else None
    return name, ttl, rtype, value


@dataclass
class Challenge:
    """One domain-control-validation task, ready to loop over in a DNS or file task."""
    domain: str
    method: str                       # dns | email | file
    record_name: Optional[str] = None   # FQDN without trailing dot, e.g. _dnsauth.example.com
    record_type: Optional[str] = None   # TXT | CNAME
    record_value: Optional[str] = None  # unquoted value
    ttl: Optional[int] = None
    file_path: Optional[str] = None     # URL path, e.g. /.well-known/pki-validation/fileauth.txt
    file_content: Optional[str] = None
    approver_email: Optional[str] = None
    status: Optional[str] = None        # pending | valid | invalid | None when unknown

    def to_dict(self):
        return asdict(self)


@dataclass
class Contact:
    """An AutoDNS SSL contact or an SSL247 contact profile."""
    id: Optional[str] = None
    title: Optional[str] = None
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None
    fax: Optional[str] = None
    organization: Optional[str] = None
    address: List[str] = field(default_factory=list)
    postal_code: Optional[str] = None
    city: Optional[str] = None
    region: Optional[str] = None
    country: Optional[str] = None
    roles: List[str] = field(default_factory=list)   # admin, tech, billing (SSL247)

    FIELDS = ('title', 'first_name', 'last_name', 'email', 'phone', 'fax', 'organization',
              'address', 'postal_code', 'city', 'region', 'country', 'roles')

    def to_dict(self):
        return asdict(self)


@dataclass
class Certificate:
    id: Optional[str] = None
    common_name: Optional[str] = None
    subject_alternative_names: List[str] = field(default_factory=list)  # all names, CN included
    product: Optional[str] = None
    status: Optional[str] = None           # see CERTIFICATE_STATUSES
    provider_status: Optional[str] = None
    not_before: Optional[str] = None
    not_after: Optional[str] = None
    serial_number: Optional[str] = None
    certificate: Optional[str] = None      # leaf PEM
    chain: Optional[str] = None            # intermediates PEM (root excluded), concatenated
    order_id: Optional[str] = None
    job_id: Optional[str] = None
    csr: Optional[str] = None
    lifetime_months: Optional[int] = None
    validation_method: Optional[str] = None
    challenges: List[Challenge] = field(default_factory=list)
    admin_contact_id: Optional[str] = None
    technical_contact_id: Optional[str] = None
    # The paid term, which outlives the certificates issued inside it (a reissue within it is free, a
    # renewal of it is paid).  None where the provider does not tell (docs/providers.md names each source).
    term_end: Optional[str] = None         # ISO 8601 UTC like not_after: AutoDNS payable, SSL247 order date + years
    multiyear: Optional[bool] = None       # AutoDNS multiyear
    reissue_required: Optional[bool] = None   # AutoDNS reissueRequired
    reissue_status: Optional[str] = None   # AutoDNS reissueStatus, opaque: shown as it comes
    term_years: Optional[int] = None       # SSL247 years
    remaining_reissues: Any = None         # SSL247 remaining_reissues: an int, or the provider's text (unlimited)
    extra: Dict[str, Any] = field(default_factory=dict)   # provider-specific leftovers worth showing

    def status_needs_details(self):
        """Whether only the certificate's details tell its status (a list entry whose status word means
        issued or still pending, depending on dates the list leaves out); the provider's convert marks it."""
        return bool((self.extra or {}).get('status_needs_details'))

    def days_remaining(self, now=None):
        return whole_days_until(self.not_after, now)

    def term_days_remaining(self, now=None):
        """Whole days until the paid term ends (negative once it has ended), None when unknown."""
        return whole_days_until(self.term_end, now)

    @property
    def fullchain(self):
        if not self.certificate:
            return None
        parts = [self.certificate.strip()]
        if self.chain:
            parts.append(self.chain.strip())
        return '\n'.join(parts) + '\n'

    def to_dict(self, now=None):
        return dict(
            id=self.id,
            common_name=self.common_name,
            common_name_unicode=unicode_name(self.common_name),
            subject_alternative_names=list(self.subject_alternative_names),
            product=self.product,
            status=self.status,
            provider_status=self.provider_status,
            not_before=self.not_before,
            not_after=self.not_after,
            days_remaining=self.days_remaining(now),
            serial_number=self.serial_number,
            certificate=self.certificate,
            chain=self.chain,
            fullchain=self.fullchain,
            order_id=self.order_id,
            job_id=self.job_id,
            lifetime_months=self.lifetime_months,
            validation_method=self.validation_method,
            admin_contact_id=self.admin_contact_id,
            technical_contact_id=self.technical_contact_id,
            term_end=self.term_end,
            term_days_remaining=self.term_days_remaining(now),
            multiyear=self.multiyear,
            reissue_required=self.reissue_required,
            reissue_status=self.reissue_status,
            term_years=self.term_years,
            remaining_reissues=self.remaining_reissues,
        )


@dataclass
class Job:
    """An AutoDNS order job.  On SSL247, which has no jobs, a pseudo job whose id is the
    certificate id and whose status follows the certificate's order status."""
    id: Optional[str] = None
    status: Optional[str] = None           # see JOB_STATUSES
    provider_status: Optional[str] = None
    sub_status: Optional[str] = None
    action: Optional[str] = None           # create | reissue | renew | ...
    object: Optional[str] = None           # the common name the job works on
    created: Optional[str] = None
    updated: Optional[str] = None
    execution: Optional[str] = None
    certificate_id: Optional[str] = None   # the certificate the job made or works on, when known
    certificate: Optional[Certificate] = None
    challenges: List[Challenge] = field(default_factory=list)

    @classmethod
    def of_certificate(cls, order, **fields):
        """The job of the order that is the certificate ``order`` (or made it): its id is the job id the certificate
        tells, else the certificate's; its status follows the certificate's.  ``fields`` set anything else."""
        values = dict(id=order.job_id or order.id, status=ORDER_STATUS_OF_CERTIFICATE.get(order.status, 'running'),
                      provider_status=order.provider_status, object=order.common_name, certificate_id=order.id,
                      certificate=order, challenges=list(order.challenges))
        values.update(fields)
        return cls(**values)

    @classmethod
    def finished_with(cls, certificate, common_name=None):
        """The succeeded order that left ``certificate`` (an order whose answer was lost, found afterwards)."""
        return cls(id=certificate.job_id or certificate.id, status='succeeded', object=common_name or certificate.common_name,
                   certificate_id=certificate.id, certificate=certificate)

    @property
    def active(self):
        return self.status in JOB_ACTIVE_STATUSES

    def to_dict(self):
        return dict(
            id=self.id,
            status=self.status,
            provider_status=self.provider_status,
            sub_status=self.sub_status,
            action=self.action,
            object=self.object,
            created=self.created,
            updated=self.updated,
            execution=self.execution,
            certificate_id=self.certificate_id,
        )


@dataclass
class OrderRequest:
    """What to order, reissue or renew, provider-agnostic.  ``lifetime_months`` is converted to
    years by providers that count in years (SSL247) - they reject a value that is not a multiple of 12."""
    common_name: str
    subject_alternative_names: List[str] = field(default_factory=list)   # extra names, CN excluded
    product: Optional[str] = None
    lifetime_months: Optional[int] = None
    csr: Optional[str] = None
    software: Optional[str] = None
    signature_hash_algorithm: Optional[str] = None
    validation_method: str = 'dns'
    approver_email: Optional[str] = None
    dns_provisioning: bool = False
    admin_contact: Any = None        # id (str) or Contact
    technical_contact: Any = None    # id (str) or Contact
    organization: Optional[Dict[str, Any]] = None   # SSL247 OV/EV: category, legal_name, registration_number, duns

    @property
    def names(self):
        """Every name, common name first, without duplicates."""
        result = [self.common_name]
        for name in self.subject_alternative_names or []:
            if name not in result:
                result.append(name)
        return result
