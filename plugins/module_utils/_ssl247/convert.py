# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""SSL247 shapes <-> the normalized model (``_model``).  Pure functions, no I/O.

Interpretations of the SSL247 reference that the sandbox (tests/simulator/ssl247.py) shares:

- ``Status.code`` is the status name (``Issued``, ``Pending``, ...); ``description`` is prose.
  ``Revoked`` is used for revoked certificates (not in SSL247's list of list filters).
- One ``dns_auth_string`` / ``file_auth_filename`` + ``file_auth_contents`` per certificate is
  valid for every name: TXT at ``_dnsauth.<name>``, file at
  ``http://<name>/.well-known/pki-validation/<file_auth_filename>``.  A wildcard name is
  validated on its base domain.  E-mail approval: ``approver_email`` for the common name,
  ``Addons.Addon[].approver_email`` for each SAN.
"""


import json

from ansible_collections.certops.reseller.plugins.module_utils._model import (
    Certificate,
    Challenge,
    Contact,
    format_datetime,
    parse_datetime,
    utcnow,
)
from ansible_collections.certops.reseller.plugins.module_utils._validation import (
    GENERIC_PHONE,
    GENERIC_PHONE_EXAMPLE,
    ContactRules,
    check_contact,
)
from ansible_collections.certops.reseller.plugins.module_utils._names import normalize_name

DNS_RECORD_PREFIX = '_dnsauth.'
DNS_RECORD_TTL = 300
FILE_PATH_PREFIX = '/.well-known/pki-validation/'

# SSL247 certificate status name -> normalized certificate status.
_STATUS_MAP = {
    'incomplete': 'pending',        # placed (paid) but not completed: no CSR / DCV method yet
    'stock': 'pending',             # bought, not used yet
    'subscription': 'pending',      # a multi-year subscription: -> issued (or expired) once it has a certificate
    'pending': 'pending',           # -> validating once DCV data exists
    'readytoreview': 'pending',     # -> validating once DCV data exists
    'issued': 'issued',
    'expiring': 'issued',           # issued, close to its expiry (provider_status keeps Expiring)
    'external': 'issued',           # an imported certificate issued elsewhere
    'temporarycertificate': 'issued',
    'expired': 'expired',
    'cancelled': 'cancelled',
    'canceled': 'cancelled',
    'archived': 'cancelled',
    'deactivated': 'cancelled',
    'revoked': 'revoked',
    'rejected': 'failed',
    'failed': 'failed',
}
_WAITS_FOR_DCV = ('pending', 'readytoreview')
# Seed 002 lists Subscription among the statuses without defining it.  Our reading: a certificate of a
# multi-year subscription, issued once it carries an expiry date (then issued or expired by that date),
# pending before.  Its normalized status needs the details: a list entry (id, name, status) cannot tell,
# so a list filtered on pending or issued reads such an entry's details.  (A filter on expired asks only
# for Expired, with its own route: a Subscription whose certificate ran out is not found by it.)
DATE_DEPENDENT_STATUSES = ('subscription',)

# Normalized certificate status -> the SSL247 status names it covers (for list filters).
SSL247_STATUSES = {
    'pending': ('Pending', 'Incomplete', 'ReadyToReview', 'Stock', 'Subscription'),
    'validating': ('Pending', 'ReadyToReview'),
    'issued': ('Issued', 'Expiring', 'External', 'TemporaryCertificate', 'Subscription'),
    'expired': ('Expired',),
    'cancelled': ('Cancelled', 'Archived', 'Deactivated'),
    'revoked': ('Revoked',),
    'failed': (),
}
# The values seed 002 lists for the path parameter of ``/certificates/{status}`` and of
# ``/orders/certificates/{status}``: only these are ever sent; other statuses (Revoked, and
# ReadyToReview / TemporaryCertificate for orders) are filtered here from the unfiltered list.
CERTIFICATE_LIST_STATUSES = (
    'Incomplete', 'Expiring', 'External', 'Issued', 'Stock', 'Pending', 'ReadyToReview', 'Expired',
    'Subscription', 'Cancelled', 'Archived', 'TemporaryCertificate')
ORDER_LIST_STATUSES = (
    'Stock', 'Expiring', 'Subscription', 'Issued', 'Pending', 'Expired', 'Deactivated', 'External', 'Cancelled',
    'Archived', 'Incomplete')
KNOWN_SSL247_STATUSES = (
    'Incomplete', 'Expiring', 'External', 'Issued', 'Stock', 'Pending', 'ReadyToReview', 'Expired',
    'Subscription', 'Cancelled', 'Archived', 'TemporaryCertificate', 'Deactivated', 'Revoked')

# Normalized certificate status -> pseudo-job status (SSL247 has no jobs).
_JOB_STATUS = {
    'pending': 'running',
    'validating': 'running',
    'issued': 'succeeded',
    'expired': 'succeeded',
    'revoked': 'succeeded',
    'cancelled': 'cancelled',
    'failed': 'failed',
}

DOWNLOAD_KINDS = ('x509', 'pkcs7', 'intermediate', 'root', 'bundle')


def ssl247_status_names(status):
    """A normalized status (or an SSL247 status name) -> tuple of SSL247 status names; None if unknown."""
    if status in SSL247_STATUSES:
        return SSL247_STATUSES[status]
    for name in KNOWN_SSL247_STATUSES:
        if name.lower() == str(status).lower():
            return (name,)
    return None


def status_name(status_object):
    """``{code, description}`` (or a plain string) -> the SSL247 status name."""
    if isinstance(status_object, dict):
        code = status_object.get('code')
        description = status_object.get('description')
        for candidate in (code, description):
            if candidate is not None and str(candidate).replace(' ', '').lower() in _STATUS_MAP:
                return str(candidate)
        return str(code if code not in (None, '') else (description or '')) or None
    if status_object in (None, ''):
        return None
    return str(status_object)


def normalize_status(provider_status, has_dcv_data=False, not_after=None, now=None):
    """SSL247 status name -> normalized certificate status."""
    if not provider_status:
        return 'pending'
    key = str(provider_status).replace(' ', '').lower()
    status = _STATUS_MAP.get(key)
    if key in DATE_DEPENDENT_STATUSES and not_after:
        status = 'issued'   # becomes expired below once the date has passed
    if status is None:
        status = 'failed' if any(word in key for word in ('reject', 'fail', 'error', 'denied')) else 'pending'
    if status == 'pending' and has_dcv_data and key in _WAITS_FOR_DCV:
        status = 'validating'
    if status == 'issued' and not_after:
        try:
            expiry = parse_datetime(not_after)
        except ValueError:
            expiry = None
        if expiry is not None and expiry <= (now or utcnow()):
            status = 'expired'
    return status


def job_status(certificate_status):
    return _JOB_STATUS.get(certificate_status, 'running')


def to_int(value, default=None):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def to_float(value, default=None):
    try:
        return float(str(value).replace(',', '').strip())
    except (TypeError, ValueError):
        return default


def to_bool(value):
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    return str(value).strip().lower() in ('1', 'true', 'yes', 'y', 'on')


def safe_date(value):
    try:
        return format_datetime(value) if value not in (None, '') else None
    except ValueError:
        return None


def reissues_left(value):
    """``remaining_reissues`` (seed 002: "string" in the details, "integer (int32)" in the orders) -> an int
    when it is a number, else the provider's text as it comes (``unlimited``); None when empty."""
    if value in (None, ''):
        return None
    number = to_int(value)
    return number if number is not None else str(value)


def term_end(ordered, years):
    """The end of the paid term: the order date plus ``years`` calendar years (ISO 8601 UTC), None when
    either is unknown.  No SSL247 field names the term's end: this is our reading (docs/providers.md).
    A term ordered on 29 February ends on 28 February."""
    start = parse_datetime(ordered) if ordered else None
    if start is None or not years:
        return None
    try:
        end = start.replace(year=start.year + int(years))
    except ValueError:   # 29 February in a year that has none
        end = start.replace(year=start.year + int(years), day=28)
    return format_datetime(end)


def addon_list(addons):
    """``Addons`` as ``{"Addon": [...]}``, a bare list, or a single dict -> list of dicts."""
    if isinstance(addons, dict):
        addons = addons.get('Addon', addons.get('addon', []))
    if isinstance(addons, dict):
        addons = [addons]
    return [a for a in (addons or []) if isinstance(a, dict)]


def san_addons(addons):
    return [a for a in addon_list(addons) if str(a.get('type') or 'SAN').upper() == 'SAN' and a.get('value')]


def validated_domain(name):
    """The domain whose control proves a name: a wildcard is validated on its base domain."""
    name = normalize_name(name)
    return name[2:] if name.startswith('*.') else name


def challenges_from_details(details, names):
    """CertificateDetails + all names (CN first) -> list[Challenge] (one per validated domain)."""
    method = str(details.get('dv_auth_method') or '').lower()
    approvers = {}
    approvers[validated_domain(details.get('common_name') or (names[0] if names else ''))] = details.get('approver_email')
    for addon in san_addons(details.get('Addons')):
        approvers.setdefault(validated_domain(addon.get('value')), addon.get('approver_email'))
    result = []
    seen = set()
    for name in names:
        domain = validated_domain(name)
        if not domain or domain in seen:
            continue
        seen.add(domain)
        if method == 'dns' and details.get('dns_auth_string'):
            result.append(Challenge(
                domain=domain, method='dns', record_name=DNS_RECORD_PREFIX + domain, record_type='TXT',
                record_value=str(details['dns_auth_string']), ttl=DNS_RECORD_TTL, status='pending'))
        elif method == 'file' and details.get('file_auth_filename'):
            result.append(Challenge(
                domain=domain, method='file', file_path=FILE_PATH_PREFIX + str(details['file_auth_filename']).lstrip('/'),
                file_content=details.get('file_auth_contents'), status='pending'))
        elif method == 'email' and (approvers.get(domain) or details.get('approver_email')):
            result.append(Challenge(
                domain=domain, method='email', approver_email=approvers.get(domain) or details.get('approver_email'),
                status='pending'))
    return result


def has_dcv_data(details):
    return bool(details.get('dns_auth_string') or details.get('file_auth_filename')
                or (str(details.get('dv_auth_method') or '').lower() == 'email' and details.get('approver_email')))


def certificate_from_details(data, certificate_id=None, now=None):
    """``Data`` of ``POST /certificate/{id}`` -> Certificate (without PEM)."""
    details = data.get('CertificateDetails') or {}
    dates = data.get('Dates') or {}
    product = data.get('Product') or {}
    common_name = details.get('common_name')
    names = [common_name] if common_name else []
    for addon in san_addons(details.get('Addons')):
        if addon['value'] not in names:
            names.append(addon['value'])
    provider_status = status_name(details.get('Status')) or status_name(data.get('Status'))
    not_after = safe_date(dates.get('expiry'))
    status = normalize_status(provider_status, has_dcv_data(details), not_after, now)
    years = to_int(details.get('years'))
    ordered = safe_date(dates.get('order'))
    method = str(details.get('dv_auth_method') or '').lower() or None
    cert = Certificate(
        id=str(data.get('certificate_id') or certificate_id or '') or None,
        common_name=common_name,
        subject_alternative_names=names,
        product=details.get('product_code') or product.get('code'),
        status=status,
        provider_status=provider_status,
        not_before=safe_date(dates.get('issuance')),
        not_after=not_after,
        serial_number=details.get('serial_number') or None,
        order_id=str(data['order_id']) if data.get('order_id') not in (None, '') else None,
        csr=details.get('csr') or None,
        lifetime_months=years * 12 if years else None,
        validation_method=method,
        term_end=term_end(ordered, years),
        term_years=years,
        remaining_reissues=reissues_left(details.get('remaining_reissues')),
    )
    cert.job_id = cert.id
    if status in ('pending', 'validating'):
        cert.challenges = challenges_from_details(details, names)
    extra = dict(
        product_name=product.get('name'),
        brand=(product.get('Brand') or {}).get('name'),
        hash=details.get('hash') or None,
        status_description=(details.get('Status') or {}).get('description') if isinstance(details.get('Status'), dict) else None,
        ordered=ordered,
        created=safe_date(dates.get('created')),
    )
    if data.get('Contacts'):
        extra['contacts'] = data['Contacts']
    cert.extra = dict((k, v) for k, v in extra.items() if v not in (None, ''))
    return cert


def certificate_from_list_item(item, now=None):
    """``{id, common_name, status}`` of ``POST /certificates`` -> Certificate (basic)."""
    provider_status = status_name(item.get('status'))
    cert = Certificate(
        id=str(item.get('id')) if item.get('id') not in (None, '') else None,
        common_name=item.get('common_name'),
        subject_alternative_names=[item['common_name']] if item.get('common_name') else [],
        product=item.get('product_code'),
        status=normalize_status(provider_status, now=now),
        provider_status=provider_status,
    )
    cert.job_id = cert.id
    if (provider_status or '').lower() in DATE_DEPENDENT_STATUSES:
        # issued or still pending: only the details tell (the plan asks them, or the hosts, before it acts)
        cert.extra['status_needs_details'] = True
    return cert


def order_entry(item, now=None):
    """One ``Certificate`` entry of ``/orders`` or ``/orders/certificates/{status}`` -> dict."""
    details = item.get('CertificateDetails') or {}
    dates = item.get('Dates') or {}
    provider_status = status_name(details.get('Status'))
    not_after = safe_date(dates.get('expiry'))
    names = [details['common_name']] if details.get('common_name') else []
    names += [a['value'] for a in san_addons(details.get('Addons')) if a['value'] not in names]
    years = to_int(details.get('years'))
    ordered = safe_date(dates.get('order'))
    return dict(
        order_id=item.get('order_id'),
        order_ref=item.get('order_ref'),
        certificate_id=details.get('id'),
        common_name=details.get('common_name'),
        names=names,
        product=details.get('product_code'),
        product_name=details.get('product_name'),
        years=years,
        status=normalize_status(provider_status, not_after=not_after, now=now),
        provider_status=provider_status,
        ordered=ordered,
        not_before=safe_date(dates.get('issuance')),
        not_after=not_after,
        term_end=term_end(ordered, years),
        remaining_reissues=reissues_left(details.get('remaining_reissues')),
    )


# -- contacts -------------------------------------------------------------------------------

_ROLE_FIELDS = (('admin', 'admin'), ('tech', 'tech'), ('billing', 'billing'))


def contact_from_profile(profile):
    """``ContactProfile`` (view) -> Contact."""
    address = [profile.get(k) for k in ('address_1', 'address_2', 'address_3') if profile.get(k)]
    return Contact(
        id=str(profile['id']) if profile.get('id') not in (None, '') else None,
        title=profile.get('title') or None,
        first_name=profile.get('firstname') or None,
        last_name=profile.get('lastname') or None,
        email=profile.get('email') or None,
        phone=profile.get('phone') or None,
        fax=profile.get('fax') or None,
        organization=profile.get('company_name') or None,
        address=address,
        postal_code=profile.get('postcode') or None,
        city=profile.get('city') or None,
        region=profile.get('county') or profile.get('state') or None,
        country=profile.get('country') or None,
        roles=[role for role, key in _ROLE_FIELDS if to_bool(profile.get(key))],
    )


def contact_from_list_item(item):
    """``ContactProfile`` item of ``/account/users`` (id, full_name, email, tech, admin, billing) -> Contact."""
    return Contact(
        id=str(item['id']) if item.get('id') not in (None, '') else None,
        email=item.get('email') or None,
        roles=[role for role, key in _ROLE_FIELDS if to_bool(item.get(key))],
    )


# Contact-profile add/edit (seed 002): title, firstname, lastname, email, phone, fax, address_1..3,
# city, state, postcode, country.  The seed marks nothing required; first name, last name and
# e-mail identify a profile (our reading).  SSL247 documents no phone format.
PROFILE_RULES = ContactRules(required=('first_name', 'last_name', 'email'), phone=GENERIC_PHONE,
                             phone_example=GENERIC_PHONE_EXAMPLE, max_address_lines=3)
# The Administrative/Technical contact of an order (seed 002, place-order): organisation, title,
# firstname, lastname, email, phone, address_1, address_2, city, postcode, region, country.  An order
# contact is the CA's contact for validation: all but title/region/organisation are required (our reading).
ORDER_CONTACT_RULES = ContactRules(
    required=('first_name', 'last_name', 'email', 'phone', 'address', 'city', 'postal_code', 'country'),
    phone=GENERIC_PHONE, phone_example=GENERIC_PHONE_EXAMPLE)


def profile_fields(contact):
    """Contact -> body fields of contact-profile add / edit (only what is set; roles always).
    InputError (one sentence) for data SSL247 would refuse: nothing is sent then."""
    check_contact(contact, PROFILE_RULES)
    fields = dict(
        title=contact.title,
        firstname=contact.first_name,
        lastname=contact.last_name,
        email=contact.email,
        phone=contact.phone,
        fax=contact.fax,
        city=contact.city,
        state=contact.region,
        postcode=contact.postal_code,
        country=contact.country,
        # organization is not sent: the add/edit fields of seed 002 have no company field (the view
        # shows company_name, which is set elsewhere); CAPABILITIES.contact_organization says so.
    )
    for index, line in enumerate((contact.address or [])[:3]):
        fields['address_%d' % (index + 1)] = line
    fields = dict((k, v) for k, v in fields.items() if v not in (None, ''))
    roles = contact.roles or []
    for role, key in _ROLE_FIELDS:
        fields[key] = role in roles
    return fields


def order_contact(contact, option=None):
    """Contact -> the inline ``Contacts.Administrative`` / ``Technical`` object of an order."""
    check_contact(contact, ORDER_CONTACT_RULES, option)
    address = list(contact.address or [])
    fields = dict(
        organisation=contact.organization,
        title=contact.title,
        firstname=contact.first_name,
        lastname=contact.last_name,
        email=contact.email,
        phone=contact.phone,
        address_1=address[0] if address else None,
        address_2=', '.join(address[1:]) if len(address) > 1 else None,
        city=contact.city,
        postcode=contact.postal_code,
        region=contact.region,
        country=contact.country,
    )
    return dict((k, v) for k, v in fields.items() if v not in (None, ''))


def order_company(organization):
    """OrderRequest.organization (category, legal_name, registration_number, duns) -> ``Contacts.Company``."""
    mapping = (('category', 'organisation_category'), ('legal_name', 'organisation_legal_name'),
               ('registration_number', 'organisation_registration_number'), ('duns', 'organisation_duns'))
    result = {}
    for source, target in mapping:
        value = organization.get(source, organization.get(target))
        if value not in (None, ''):
            result[target] = value
    return result


# -- products -------------------------------------------------------------------------------

def price_list(prices, value_key='price'):
    result = []
    for entry in prices or []:
        if not isinstance(entry, dict):
            continue
        result.append(dict(
            years=to_int(entry.get('years')),
            price=to_float(entry.get(value_key, entry.get('value', entry.get('price')))),
            currency=entry.get('currency'),
        ))
    return result


def addon_prices(addon_prices_data):
    result = {}
    for name, entry in (addon_prices_data or {}).items():
        prices = entry.get('prices') if isinstance(entry, dict) else entry
        result[name] = price_list(prices)
    return result


def product_from_details(data):
    wildcard = data.get('wildcard')
    return dict(
        code=data.get('Code') or data.get('code'),
        name=data.get('name'),
        brand=data.get('brand'),
        url=data.get('url'),
        wildcard=to_bool(wildcard) if wildcard is not None else None,
        description=(data.get('ProductDetail') or {}).get('description'),
        requirements=data.get('ProductRequirements'),
        addons=data.get('ProductAddons') or [],
        prices=price_list(data.get('ProductPrices')),
        addon_prices=addon_prices(data.get('ProductAddonPrices')),
    )


def product_from_list_item(item):
    return dict(
        code=item.get('code'),
        brand=item.get('brand'),
        name=item.get('name'),
        prices=price_list((item.get('Prices') or {}).get('Price'), value_key='value'),
    )


def reference_items(data):
    """Reference lists (``Data`` documented only as "string"): a list, a dict or a JSON/line string -> list."""
    if isinstance(data, str):
        text = data.strip()
        if text[:1] in ('[', '{'):
            try:
                data = json.loads(text)
            except ValueError:
                pass
        if isinstance(data, str):
            separator = '\n' if '\n' in text else ','
            return [part.strip() for part in text.split(separator) if part.strip()]
    if isinstance(data, dict):
        return [dict(code=key, name=value) for key, value in data.items()]
    if isinstance(data, list):
        return data
    return []
