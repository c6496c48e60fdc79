# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""AutoDNS data <-> normalized objects, shared by the JSON and the XML client.

Every function here works on the JSON API's shapes (camelCase keys, lists, nested dicts as in
the OpenAPI spec and the seeds).  The XML client first translates its answer into those shapes
(``sub_status`` -> ``subStatus``, ``postal_code`` -> ``pcode``, ...) and then calls these, so both
wire formats produce exactly the same ``Certificate`` / ``Job`` / ``Contact`` / ``Challenge``.

Nothing here sends a request.
"""


import datetime

from ansible_collections.certops.reseller.plugins.module_utils._provider import Capabilities
from ansible_collections.certops.reseller.plugins.module_utils._validation import (
    AUTODNS_PHONE,
    AUTODNS_PHONE_EXAMPLE,
    ContactRules,
    check_contact,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import (
    Certificate,
    Challenge,
    Contact,
    Job,
    format_datetime,
    parse_datetime,
    parse_zone_line,
    utcnow,
)

try:
    from cryptography import x509 as _x509
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - cryptography is optional here
    _x509 = None
    HAS_CRYPTOGRAPHY = False


PROVIDER = 'autodns'

# AutoDNS job status -> normalized job status (_model.JOB_STATUSES).
# SUPPORT means InterNetX staff took the job over: it is not over and may still succeed, so it
# must not look 'failed' (a caller would order - and pay - again).  It is 'deferred': active,
# waiting for someone else, exactly like a job waiting for the DCV.  provider_status keeps SUPPORT.
# DEFFERED is the seed's own spelling of DEFERRED; both are accepted.
JOB_STATUS_MAP = {
    'RUNNING': 'running',
    'WAIT': 'running',
    'NOT_SET': 'running',
    'DEFERRED': 'deferred',
    'DEFFERED': 'deferred',
    'SUPPORT': 'deferred',
    'SUCCESS': 'succeeded',
    'FAILED': 'failed',
    'CANCELED': 'cancelled',
    'CANCELLED': 'cancelled',
}

# normalized job status -> the AutoDNS values to filter on (job search ``status`` IN ...).  Only
# values of the spec's JobStatusConstants are sent (DEFERRED; the seed's DEFFERED is only read).
JOB_STATUS_FILTER = {
    'running': ['RUNNING', 'WAIT', 'NOT_SET'],
    'deferred': ['DEFERRED', 'SUPPORT'],
    'succeeded': ['SUCCESS'],
    'failed': ['FAILED'],
    'cancelled': ['CANCELED'],
}

# While a job runs, the certificate it makes is in this state.
_CERT_STATUS_FROM_JOB = {
    'running': 'pending',
    'deferred': 'validating',
    'failed': 'failed',
    'cancelled': 'cancelled',
}

METHODS_TO_API = {'dns': 'DNS', 'email': 'EMAIL', 'file': 'FILE'}

RENEW_WINDOW_DAYS = 90

# A job history search needs ``view.from``/``view.to`` (QueryView: "Required for Historical Task").
# The window reaches back further than the longest certificate lifetime AutoDNS sells plus its
# renewal window, so that every job of a living certificate is found; ``to`` lies a day ahead so
# that a clock a little behind the provider's misses nothing.
HISTORY_WINDOW_DAYS = 3 * 366 + RENEW_WINDOW_DAYS


def _text(value):
    if value is None:
        return None
    return str(value)


def _date(value):
    """ISO 8601 UTC string or None; a date the parser does not know is kept as given."""
    try:
        return format_datetime(value)
    except ValueError:
        return _text(value)


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def boolean_or_none(value):
    """A spec boolean (JSON true/false; the XML client's translation) -> bool, None when absent or unreadable."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ''
    if text in ('1', 'true', 'yes'):
        return True
    if text in ('0', 'false', 'no'):
        return False
    return None


# -- the provider's local time ----------------------------------------------------------------------

def _last_sunday(year, month):
    """The last Sunday of ``month`` (March or October) as a date."""
    day = datetime.date(year, month, 31)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def _summer_time(utc):
    """True when Central European Summer Time holds at the naive UTC datetime ``utc``: from the
    last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (EU rule since 1996)."""
    start = datetime.datetime.combine(_last_sunday(utc.year, 3), datetime.time(1))
    end = datetime.datetime.combine(_last_sunday(utc.year, 10), datetime.time(1))
    return start <= utc < end


def provider_local_to_utc(text):
    """``2019-10-23 16:12:33`` in AutoDNS's local time (Europe/Berlin, CET/CEST) -> aware UTC datetime.

    The hour that repeats in October is read as summer time (its first occurrence); a time in the
    hour that is skipped in March is read as winter time."""
    local = datetime.datetime.strptime(str(text).strip(), '%Y-%m-%d %H:%M:%S')
    candidate = local - datetime.timedelta(hours=2)
    if not _summer_time(candidate):
        candidate = local - datetime.timedelta(hours=1)
    return candidate.replace(tzinfo=datetime.timezone.utc)


def utc_to_provider_local(value):
    """Aware (or naive UTC) datetime -> ``YYYY-MM-DD HH:MM:SS`` in AutoDNS's local time."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    offset = 2 if _summer_time(value) else 1
    return (value + datetime.timedelta(hours=offset)).strftime('%Y-%m-%d %H:%M:%S')


def history_view(now):
    """``{from, to}`` of a job history search ending now (ISO 8601 UTC, the spec's date-time)."""
    start = now - datetime.timedelta(days=HISTORY_WINDOW_DAYS)
    end = now + datetime.timedelta(days=1)
    return {'from': start.strftime('%Y-%m-%dT%H:%M:%S.000Z'), 'to': end.strftime('%Y-%m-%dT%H:%M:%S.000Z')}


# -- contacts ------------------------------------------------------------------------------------

def contact_from_api(data):
    """SslContact ``{id, fname, lname, title, organization, address: [..], pcode, city, state, country,
    phone, fax, email}`` -> Contact.  ``address`` may be a string (XML with a single line)."""
    data = data or {}
    return Contact(
        id=_text(data.get('id')),
        title=data.get('title'),
        first_name=data.get('fname'),
        last_name=data.get('lname'),
        email=data.get('email'),
        phone=data.get('phone'),
        fax=data.get('fax'),
        organization=data.get('organization'),
        address=[str(line) for line in _as_list(data.get('address')) if line is not None],
        postal_code=_text(data.get('pcode')),
        city=data.get('city'),
        region=data.get('state'),
        country=data.get('country'),
    )


# SSL contacts (400201/400202, POST/PUT /sslcontact): InterNetX's 400201 example ("Ordering SSL
# Certificates") carries first, last, phone, email, address, postal code, city and country; the spec's
# SslContact marks phone/fax "x-custom-type: phone" with the example "+49-123-12345" and country
# "x-custom-type: country" ("DE").  The required list is our reading (the spec names no required fields).
CONTACT_RULES = ContactRules(
    required=('first_name', 'last_name', 'email', 'phone', 'address', 'postal_code', 'city', 'country'),
    phone=AUTODNS_PHONE, phone_example=AUTODNS_PHONE_EXAMPLE, min_phone_digits=3)   # seed 000 has +49-0-0


def contact_to_api(contact, include_id=False, option=None):
    """Contact -> SslContact dict (only the fields that are set).  InputError (one sentence naming
    ``option`` and the field) for data AutoDNS would refuse: nothing is sent then."""
    check_contact(contact, CONTACT_RULES, option)
    values = dict(
        fname=contact.first_name,
        lname=contact.last_name,
        title=contact.title,
        organization=contact.organization,
        address=list(contact.address) if contact.address else None,
        pcode=contact.postal_code,
        city=contact.city,
        state=contact.region,
        country=contact.country,
        phone=contact.phone,
        fax=contact.fax,
        email=contact.email,
    )
    if include_id and contact.id is not None:
        values['id'] = id_value(contact.id)
    return dict((k, v) for k, v in values.items() if v not in (None, [], ''))


def id_value(value):
    """AutoDNS ids are integers on the wire; a non-numeric id is kept as given."""
    text = str(value)
    return int(text) if text.isdigit() else text


def contact_reference_to_api(contact, option=None):
    """OrderRequest.admin_contact / technical_contact (id string or Contact) -> ``{id}`` or a full SslContact."""
    if contact is None:
        return None
    if isinstance(contact, Contact):
        if contact.id:
            return {'id': id_value(contact.id)}
        return contact_to_api(contact, option=option)
    return {'id': id_value(contact)}


# -- challenges ----------------------------------------------------------------------------------

_AUTH_STATUS = {
    'COMPLETED': 'valid', 'COMPLETED_PASSED': 'valid',
    'COMPLETED_FAILED': 'invalid', 'UNABLE_TO_COMPLETE': 'invalid', 'NOT_COMPLETED': 'invalid',
}


def _challenge_status(value):
    if not value:
        return None
    return _AUTH_STATUS.get(str(value).upper(), 'pending')


def _domain_of_record(record_name, names):
    """The name (from ``names``) a DCV record belongs to: the longest name the record ends with."""
    record = record_name.lower().rstrip('.')
    best = None
    for name in names:
        candidate = name.lower().lstrip('*.').rstrip('.')
        if record == candidate or record.endswith('.' + candidate):
            if best is None or len(candidate) > len(best.lstrip('*.')):
                best = name
    return best


def _file_path(file_name):
    """``example.com/.well-known/pki-validation/fileauth.txt`` -> ``/.well-known/pki-validation/fileauth.txt``."""
    if not file_name:
        return None
    file_name = str(file_name)
    if file_name.startswith('http://') or file_name.startswith('https://'):
        file_name = file_name.split('://', 1)[1]
    if file_name.startswith('/'):
        return file_name
    index = file_name.find('/')
    if index < 0:
        return '/' + file_name
    return file_name[index:]


def _dns_challenges(text, names, status, method='dns'):
    """One Challenge per zone line in ``text`` (several lines separated by newlines)."""
    result = []
    lines = [line for line in str(text or '').splitlines() if line.strip()]
    for index, line in enumerate(lines):
        record_name, ttl, rtype, value = parse_zone_line(line)
        domain = _domain_of_record(record_name, names)
        if domain is None:
            domain = names[index] if index < len(names) else record_name
        result.append(Challenge(domain=domain, method=method, record_name=record_name, record_type=rtype,
                                record_value=value, ttl=ttl, status=status))
    return result


def _names_of(auth):
    names = []
    for item in _as_list(auth.get('domains')):
        name = item.get('name') if isinstance(item, dict) else item
        if name and name not in names:
            names.append(str(name))
    if auth.get('name') and auth.get('name') not in names:
        names.insert(0, str(auth.get('name')))
    return names


def challenges_from_authentication(auth, names=None, approver_emails=None):
    """CertAuthentication(s) -> list[Challenge].

    ``auth`` is either
    - a list with one CertAuthentication per name (prepareOrder):
      ``[{name, method, dns: zone line | fileName, fileContent | approverEmails: [...]}]``, or
    - one CertAuthentication for the whole certificate (job info, certificate info):
      ``{method, domains: [names or {name}], dns: one zone line per name separated by newlines,
      fileName, fileContent (the same content for every name), approverEmails, status}``.
    ``names``: every name of the certificate, common name first; used when ``auth`` does not list them.
    ``approver_emails``: optional {name: approver e-mail} (from subjectAlternativeNames[].approverEmail).
    Zone lines may be TXT (``_dnsauth.<name>``) or CNAME; each is matched to its name by suffix.
    """
    if not auth:
        return []
    if isinstance(auth, list):
        result = []
        for item in auth:
            if isinstance(item, dict):
                item_names = [item['name']] if item.get('name') else list(names or [])
                result.extend(challenges_from_authentication(item, item_names, approver_emails))
        return result
    per_name = [d for d in _as_list(auth.get('domains'))
                if isinstance(d, dict) and d.get('name') and (d.get('dns') or d.get('fileContent') or d.get('approverEmails'))]
    if per_name:
        # the sandbox and newer answers carry each name's own DCV data (tokens differ per name)
        return challenges_from_authentication(
            [dict(d, method=d.get('method') or auth.get('method'), status=d.get('status') or auth.get('status'))
             for d in per_name], names, approver_emails)
    names = list(names or []) or _names_of(auth)
    for name in _names_of(auth):
        if name not in names:
            names.append(name)
    method = str(auth.get('method') or '').lower() or None
    status = _challenge_status(auth.get('status'))
    if method == 'dns' or (method is None and auth.get('dns')):
        return _dns_challenges(auth.get('dns'), names, status)
    if method == 'file' or (method is None and auth.get('fileName')):
        path = _file_path(auth.get('fileName'))
        return [Challenge(domain=name, method='file', file_path=path, file_content=auth.get('fileContent'),
                          status=status) for name in names]
    if method == 'email':
        emails = [str(e) for e in _as_list(auth.get('approverEmails')) if e]
        approver_emails = approver_emails or {}
        result = []
        for index, name in enumerate(names):
            email = approver_emails.get(name)
            if not email and emails:
                email = emails[index] if index < len(emails) else emails[0]
            result.append(Challenge(domain=name, method='email', approver_email=email, status=status))
        return result
    return []


# -- certificates --------------------------------------------------------------------------------

def _san_names(data):
    names = []
    for san in _as_list(data.get('subjectAlternativeNames')):
        name = san.get('name') if isinstance(san, dict) else san
        if name:
            names.append(str(name))
    return names


def certificate_names(data):
    """Every name of a Certificate dict, common name first, without duplicates."""
    result = []
    for name in [data.get('name')] + _san_names(data):
        if name and name not in result:
            result.append(str(name))
    return result


def lifetime_months(lifetime):
    """``{unit: MONTH|YEAR, period}`` (or a plain number of months, XML) -> int or None."""
    if lifetime is None or lifetime == '':
        return None
    if isinstance(lifetime, dict):
        period = lifetime.get('period')
        if period is None or period == '':
            return None
        unit = str(lifetime.get('unit') or 'MONTH').upper()
        return int(period) * 12 if unit == 'YEAR' else int(period)
    return int(lifetime)


def certificate_status(data, now=None):
    """Status of a certificate object AutoDNS returns: it exists there only once issued, so it is
    ``issued`` while ``expire`` lies in the future and ``expired`` after; a certificate without an
    expiry date (still in a job) is ``pending``."""
    expire = parse_datetime(data.get('expire')) if data.get('expire') else None
    if expire is None:
        return 'issued' if data.get('server') else 'pending'
    now = now or utcnow()
    return 'issued' if expire > now else 'expired'


def _not_before(data):
    """notBefore from the issued PEM when cryptography can read it, else the ``created`` date."""
    pem = data.get('server')
    if pem and HAS_CRYPTOGRAPHY:
        try:
            cert = _x509.load_pem_x509_certificate(str(pem).encode('ascii'))
            value = getattr(cert, 'not_valid_before_utc', None) or cert.not_valid_before
            return format_datetime(value)
        except Exception:  # noqa: broad - a broken PEM only costs us the notBefore date
            pass
    return _date(data.get('created'))


def _chain(authorities):
    """certificationAuthority [{caType, caCertificate}] -> (intermediates PEM joined, root PEM)."""
    intermediates = []
    root = None
    for item in _as_list(authorities):
        if not isinstance(item, dict) or not item.get('caCertificate'):
            continue
        pem = str(item['caCertificate']).strip()
        if str(item.get('caType') or '').upper() == 'ROOT':
            root = pem + '\n'
        else:
            intermediates.append(pem)
    return ('\n'.join(intermediates) + '\n') if intermediates else None, root


def certificate_from_api(data, now=None, status=None, job_id=None):
    """Certificate dict (search / info / job object.data) -> Certificate.

    ``data``: ``{id, name, product, lifetime {unit, period}, software, csr, server (leaf PEM),
    serialNumber, created, expire, orderId, partnerOrderId, adminContact {id, ...},
    technicalContact {id, ...}, subjectAlternativeNames [{name, approverEmail}], signatureHashAlgorithm,
    certificationAuthority [{caType INTERMEDIATE|ROOT, caCertificate}], authentication {...},
    payable, multiyear, reissueRequired, reissueStatus}``.
    ``status`` overrides the derived status (a job's certificate is pending/validating/...).

    The paid term (autodns-openapi.json ``definitions/Certificate``): ``payable`` ("Indicates when a
    runtime renewal must take place"; seed 001 calls that renewal a Laufzeitverlaengerung) is the end of
    the term -> ``term_end``, beside ``expire``, the certificate's notAfter -> ``not_after``.
    ``reissueStatus`` has no documented values: it is kept as it comes.
    """
    data = data or {}
    names = certificate_names(data)
    auth = data.get('authentication')
    method = None
    if isinstance(auth, dict) and auth.get('method'):
        method = str(auth['method']).lower()
    elif isinstance(auth, list) and auth and isinstance(auth[0], dict) and auth[0].get('method'):
        method = str(auth[0]['method']).lower()
    approvers = {}
    for san in _as_list(data.get('subjectAlternativeNames')):
        if isinstance(san, dict) and san.get('name') and san.get('approverEmail'):
            approvers[san['name']] = san['approverEmail']
    chain, root = _chain(data.get('certificationAuthority'))
    extra = dict((key, data[key]) for key in ('partnerOrderId', 'software', 'signatureHashAlgorithm',
                                              'certificateTransparencyPrivacy', 'comment')
                 if data.get(key) not in (None, ''))
    if root:
        extra['root'] = root
    admin = data.get('adminContact') or {}
    tech = data.get('technicalContact') or {}
    return Certificate(
        id=_text(data.get('id')),
        common_name=names[0] if names else None,
        subject_alternative_names=names,
        product=data.get('product'),
        status=status or certificate_status(data, now),
        provider_status=None,
        not_before=_not_before(data) if data.get('server') else None,
        not_after=_date(data.get('expire')),
        serial_number=_text(data.get('serialNumber')),
        certificate=(str(data['server']).strip() + '\n') if data.get('server') else None,
        chain=chain,
        order_id=_text(data.get('orderId')),
        job_id=_text(job_id) if job_id is not None else None,
        csr=data.get('csr'),
        lifetime_months=lifetime_months(data.get('lifetime')),
        validation_method=method,
        challenges=challenges_from_authentication(auth, names, approvers) if auth else [],
        admin_contact_id=_text(admin.get('id')) if isinstance(admin, dict) else _text(admin),
        technical_contact_id=_text(tech.get('id')) if isinstance(tech, dict) else _text(tech),
        term_end=_date(data.get('payable')),
        multiyear=boolean_or_none(data.get('multiyear')),
        reissue_required=boolean_or_none(data.get('reissueRequired')),
        reissue_status=_text(data.get('reissueStatus')) if data.get('reissueStatus') != '' else None,
        extra=extra,
    )


# -- jobs ----------------------------------------------------------------------------------------

def job_status(provider_status):
    """AutoDNS job status -> normalized; an unknown value counts as running (never as final)."""
    if provider_status is None:
        return None
    return JOB_STATUS_MAP.get(str(provider_status).upper(), 'running')


def job_from_api(entry, now=None):
    """A job answer -> Job.

    ``entry`` is an ObjectJob ``{job: {id, status, subStatus, subType, action, created, updated,
    execution, owner, updater}, object: {type: Certificate, value: <name>, data: Certificate?}}``
    (job list / job info), or a bare Job ``{id, status}`` (what create/renew/reissue answer in
    ``data[0]``).  ``object.data.id`` is the certificate the job made (after SUCCESS) or works on
    (reissue, renew) -> ``Job.certificate_id``.  The DCV data of ``object.data.authentication``
    becomes ``Job.challenges`` and ``Job.certificate``.
    """
    entry = entry or {}
    if 'job' in entry and isinstance(entry.get('job'), dict):
        job = entry['job']
        obj = entry.get('object') or {}
    else:
        job = entry
        obj = {}
    provider_status = _text(job.get('status'))
    if provider_status == 'DEFFERED':   # the seed's spelling of the spec's DEFERRED: one value for users
        provider_status = 'DEFERRED'
    status = job_status(provider_status)
    data = obj.get('data') if isinstance(obj.get('data'), dict) else None
    certificate = None
    certificate_id = None
    challenges = []
    if data:
        cert_status = _CERT_STATUS_FROM_JOB.get(status)
        certificate = certificate_from_api(data, now=now, status=cert_status, job_id=job.get('id'))
        certificate.provider_status = provider_status
        certificate_id = certificate.id
        challenges = list(certificate.challenges)
    object_name = obj.get('value') or (data or {}).get('name')
    return Job(
        id=_text(job.get('id')),
        status=status,
        provider_status=provider_status,
        sub_status=_text(job.get('subStatus')),
        action=_text(job.get('action')),
        object=_text(object_name),
        created=_date(job.get('created')),
        updated=_date(job.get('updated')),
        execution=_date(job.get('execution')),
        certificate_id=certificate_id,
        certificate=certificate,
        challenges=challenges,
    )


# What AutoDNS offers, on both wire formats (the zone calls exist on the JSON API only: supports() tells).
CAPABILITIES = Capabilities(
    lifetime_unit='month',
    renew_window_days=RENEW_WINDOW_DAYS,
    renew_creates_new_certificate=False,
    jobs_are_certificates=False,
    challenges_before_order=True,
    order_validation=False,
    dns_provisioning=True,
    job_history=True,
)
