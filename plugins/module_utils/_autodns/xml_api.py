# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""AutoDNS through the XML gateway: one POST of ``<request><auth/><task/></request>`` per task.

The answers are parsed with xmltodict (without entity expansion, and never when the body
declares a DOCTYPE or an ENTITY), translated into the JSON API's shapes (``sub_status`` ->
``subStatus``, ``first`` -> ``fname``, ``2019-10-23 16:12:33`` -> ISO, ``lifetime`` 12 ->
``{unit: MONTH, period: 12}``, ...) and then converted by ``convert`` exactly like JSON answers,
so both wire formats normalize identically.

xmltodict is imported only here, behind a guard: without it the provider raises
``MissingDependencyError`` on first use.
"""


import re
import uuid

from xml.parsers.expat import ExpatError
from xml.sax.saxutils import escape

try:
    import xmltodict
    HAS_XMLTODICT = True
    XMLTODICT_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by patching HAS_XMLTODICT
    xmltodict = None
    HAS_XMLTODICT = False
    XMLTODICT_IMPORT_ERROR = exc

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    InputError,
    MalformedResponseError,
    MissingDependencyError,
    NotFoundError,
    NotRenewableError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Job, format_datetime
from ansible_collections.certops.reseller.plugins.module_utils._provider import Provider
from ansible_collections.certops.reseller.plugins.module_utils._autodns import convert


PROVIDER_NAME = 'autodns'

# Elements that may occur more than once; parsed as lists wherever they appear.
REPEATED_TAGS = (
    'certificate_job', 'certificate', 'ssl_contact', 'subject_alternative_name', 'certification_authority',
    'address', 'approver_email', 'dns', 'domain', 'authentication', 'msg',
)

# Values written as CDATA (PEM blocks): readable and safe as long as they do not contain "]]>".
CDATA_TAGS = ('csr', 'plain', 'server', 'ca_certificate')

# "If no limit is specified in the View element, the number of queried objects is limited to 100"
# (Running List Inquiries): every list is paged with this size until its summary is reached.
PAGE_SIZE = 100

# XML API Basics, "Transport and coding": the content-type is application/xml, the encoding UTF-8.
XML_CONTENT_TYPE = 'application/xml; charset=utf-8'
MAX_PAGES = 1000   # a gateway that ignores ``offset`` must not keep us looping forever

TASKS = {
    '400101': 'certificate create',
    '400102': 'certificate reissue',
    '400103': 'certificate delete',
    '400104': 'certificate info',
    '400105': 'certificate list',
    '400106': 'certificate renew',
    '400110': 'certificate prepare order',
    '4001031': 'certificate revoke',
    '400113': 'job cancel',
    '400114': 'job info',
    '400134': 'job history info',
    '400115': 'job list',
    '400135': 'job history list',
    '400118': 'approver e-mail resend',
    '400201': 'SSL contact create',
    '400202': 'SSL contact update',
    '400203': 'SSL contact delete',
    '400204': 'SSL contact info',
    '400205': 'SSL contact list',
}

# Tasks that start an order at the CA (and may spend money).
ORDER_TASKS = ('400101', '400102', '400106')
# Every task that changes something: never repeated after an unclear failure (see _http); the caller looks.
WRITE_TASKS = ORDER_TASKS + ('400103', '4001031', '400113', '400201', '400202', '400203')

JOB_NOT_FOUND = 'EF300101'

_FORBIDDEN_MARKUP = re.compile(br'<!\s*(DOCTYPE|ENTITY)', re.IGNORECASE)
_XML_DATE = re.compile(r'^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$')
# Characters XML 1.0 cannot carry at all, not even escaped.
_INVALID_XML_CHARS = re.compile(u'[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def operation_name(code):
    return '%s (%s)' % (TASKS.get(code, 'task'), code)


# ---------------------------------------------------------------------------------------------
# Building requests
# ---------------------------------------------------------------------------------------------

class CData(object):
    """A text value to be written as CDATA (falls back to escaping when it contains ``]]>``)."""

    def __init__(self, text):
        self.text = text


def _text(value):
    if isinstance(value, bool):
        return '1' if value else '0'
    text = value if isinstance(value, str) else str(value)
    if _INVALID_XML_CHARS.search(text):
        raise InputError('a value contains a control character that XML cannot carry')
    return text


def xml_element(tag, value):
    """Serialize ``value`` as ``<tag>``.  dict: children in order; list/tuple: ``<tag>`` repeated;
    None: left out; bool: 1/0; CData or a CDATA_TAGS value: CDATA; else escaped text."""
    if value is None:
        return ''
    if isinstance(value, (list, tuple)):
        return ''.join(xml_element(tag, item) for item in value)
    if isinstance(value, dict):
        inner = ''.join(xml_element(key, item) for key, item in value.items())
        if not inner:
            return '<%s/>' % tag
        return '<%s>%s</%s>' % (tag, inner, tag)
    if isinstance(value, CData) or tag in CDATA_TAGS:
        text = _text(value.text if isinstance(value, CData) else value)
        if ']]>' not in text:
            return '<%s><![CDATA[%s]]></%s>' % (tag, text, tag)
        return '<%s>%s</%s>' % (tag, escape(text), tag)
    return '<%s>%s</%s>' % (tag, escape(_text(value)), tag)


def build_request(user, password, context, code, content=None, ctid=None, owner_user=None, owner_context=None,
                  token=None):
    """The complete request document (str) for one task.  ``content`` is a dict of task children.

    XML API Basics, "Default request": ``request / auth``, ``request / owner`` (the sub-user to act
    for: ``<owner><user/><context/></owner>``), ``request / task``.  The two-factor code travels as
    ``<auth><token>`` (page "Authentication": two-factor authentication exists on the XML API)."""
    auth = {'user': user or '', 'password': password or '', 'context': context}
    if token:
        auth['token'] = token
    owner = None
    if owner_user:
        owner = xml_element('owner', {'user': owner_user, 'context': owner_context})
    task = dict(code=code)
    task.update(content or {})
    if ctid:
        task['ctid'] = ctid
    return '<?xml version="1.0" encoding="utf-8"?>\n<request>%s%s%s</request>' % (
        xml_element('auth', auth), owner or '', xml_element('task', task))


# The gateway's operators (page "Running List Inquiries" of the SSL XML API): eq ne like gt lt ge le,
# with ``*`` as the wildcard inside the value of ``like``.  The JSON API's names (EQUAL, LIKE) are refused.
XML_OPERATORS = ('eq', 'ne', 'like', 'gt', 'lt', 'ge', 'le')


def build_where(filters, link='and'):
    """``[(key, operator, value), ...]`` -> the ``<where>`` content.

    One condition is written as is (``<where><key/><operator/><value/></where>``); several as one
    ``<and>`` (or ``<or>``) block per condition, each holding key, operator and value - the form of
    the pages "Running List Inquiries" (example 2) and "Single Inquire"."""
    conditions = []
    for key, operator, value in filters:
        if operator not in XML_OPERATORS:
            raise InputError('the XML gateway knows the list operators %s, not %r' % (', '.join(XML_OPERATORS), operator))
        conditions.append(dict(key=key, operator=operator, value=value))
    if not conditions:
        return None
    if len(conditions) == 1:
        return conditions[0]
    return {link: conditions}


_CONTACT_JSON_TO_XML = (
    ('fname', 'first'), ('lname', 'last'), ('title', 'title'), ('organization', 'organization'),
    ('address', 'address'), ('pcode', 'postal_code'), ('city', 'city'), ('state', 'state'),
    ('country', 'country'), ('phone', 'phone'), ('fax', 'fax'), ('email', 'email'), ('id', 'id'),
)


def json_contact_to_xml(contact):
    """SslContact in the JSON API's shape (``convert.contact_to_api``) -> the children of
    ``<admin>`` / ``<technical>`` / ``<ssl_contact>``."""
    if not contact:
        return None
    element = {}
    for json_key, xml_key in _CONTACT_JSON_TO_XML:
        value = contact.get(json_key)
        if value not in (None, '', []):
            element[xml_key] = list(value) if isinstance(value, (list, tuple)) else value
    return element


def json_authentication_to_xml(auth):
    if not auth:
        return None
    element = {'method': auth.get('method')}
    if auth.get('provisioning') is not None:
        element['provisioning'] = bool(auth['provisioning'])
    if auth.get('approverEmails'):
        element['approver_email'] = list(auth['approverEmails'])
    return element


def json_certificate_to_xml(body, certificate_id=None):
    """Certificate body in the JSON API's shape (``convert.order_request_to_api``) -> the children of
    ``<certificate>`` (create 400101, reissue 400102, renew 400106).  The same function decides
    what goes into an order on both wire formats; this only renames."""
    element = {}
    if certificate_id is not None:
        element['id'] = str(certificate_id)
    for json_key, xml_key in (('name', 'name'), ('product', 'product')):
        if body.get(json_key):
            element[xml_key] = body[json_key]
    months = convert.lifetime_months(body.get('lifetime'))
    if months:
        element['lifetime'] = months
    for json_key, xml_key in (('software', 'software'), ('csr', 'csr'), ('signatureHashAlgorithm', 'sha')):
        if body.get(json_key):
            element[xml_key] = body[json_key]
    element['admin'] = json_contact_to_xml(body.get('adminContact'))
    element['technical'] = json_contact_to_xml(body.get('technicalContact'))
    sans = []
    for san in body.get('subjectAlternativeNames') or []:
        entry = {'name': san.get('name')}
        if san.get('approverEmail'):
            entry['approver_email'] = san['approverEmail']
        sans.append(entry)
    element['subject_alternative_name'] = sans or None
    element['authentication'] = json_authentication_to_xml(body.get('authentication'))
    return element


def json_certificate_data_to_xml(body):
    """prepareOrder body in the JSON API's shape (``convert.prepare_order_to_api``) -> the children
    of ``<certificate_data>`` (400110)."""
    element = {'plain': body.get('plain')}
    for key in ('name', 'product'):
        if body.get(key):
            element[key] = body[key]
    element['subject_alternative_name'] = [{'name': san.get('name')} for san in body.get('subjectAlternativeNames') or []] or None
    element['authentication'] = [json_authentication_to_xml(auth) for auth in body.get('authentication') or []] or None
    return element


# ---------------------------------------------------------------------------------------------
# Reading answers: XML -> the JSON API's shapes
# ---------------------------------------------------------------------------------------------

def _as_list(value):
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _scalar(value):
    """Text of a leaf (None for an empty element)."""
    value = _first(value)
    if value is None or isinstance(value, dict):
        return None if not value else value.get('#text')
    return value


def _int(value):
    text = _scalar(value)
    if text in (None, ''):
        return None
    try:
        return int(str(text).strip())
    except ValueError:
        return text


def _flag(value):
    text = _scalar(value)
    if text is None:
        return None
    return str(text).strip().lower() in ('1', 'true', 'yes')


def _first_present(element, *keys):
    """The value of the first of ``keys`` the element carries (None when it carries none)."""
    for key in keys:
        if element.get(key) is not None:
            return element.get(key)
    return None


def xml_date_to_iso(value):
    """``2019-10-23 16:12:33`` (the provider's local time, Europe/Berlin) -> ``2019-10-23T14:12:33Z``.

    Seed 000 shows one job as JSON ``2019-10-23T16:12:33.000+0200`` and XML ``2019-10-23 16:12:33``:
    the gateway writes German local time without an offset.  Other text is passed on unchanged."""
    text = _scalar(value)
    if text is None:
        return None
    text = text.strip()
    if _XML_DATE.match(text):
        return format_datetime(convert.provider_local_to_utc(text))
    return text


def _put(target, key, value):
    if value is not None and value != [] and value != '':
        target[key] = value


def xml_contact_to_json(element):
    element = _first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    for xml_key, json_key in (('first', 'fname'), ('last', 'lname'), ('title', 'title'),
                              ('organization', 'organization'), ('postal_code', 'pcode'), ('city', 'city'),
                              ('state', 'state'), ('country', 'country'), ('phone', 'phone'), ('fax', 'fax'),
                              ('email', 'email')):
        _put(result, json_key, _scalar(element.get(xml_key)))
    _put(result, 'address', [_scalar(line) for line in _as_list(element.get('address')) if _scalar(line)])
    _put(result, 'id', _int(element.get('id')))
    _put(result, 'created', xml_date_to_iso(element.get('created')))
    _put(result, 'updated', xml_date_to_iso(element.get('updated')))
    return result


def _approver_emails(element):
    return [_scalar(item) for item in _as_list(element.get('approver_email')) if _scalar(item)]


def xml_authentication_to_json(element):
    """``<authentication>`` -> CertAuthentication ``{name, method, dns, fileName, fileContent,
    approverEmails, provisioning, status, domains}``.

    The gateway repeats ``<dns>`` (one zone line per name) and ``<domain>`` (a name, or one name's own
    authentication data); the JSON API carries the lines in one ``dns`` string separated by newlines
    and the per-name data in ``domains`` (names or CertAuthentication dicts)."""
    element = _first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    _put(result, 'name', _scalar(element.get('name')))
    _put(result, 'method', _scalar(element.get('method')))
    dns_lines = [_scalar(line).strip() for line in _as_list(element.get('dns')) if _scalar(line)]
    _put(result, 'dns', '\n'.join(dns_lines))
    _put(result, 'fileName', _scalar(element.get('file_name')))
    _put(result, 'fileContent', _scalar(element.get('file_content')))
    _put(result, 'approverEmails', _approver_emails(element))
    _put(result, 'provisioning', _flag(element.get('provisioning')))
    _put(result, 'status', _scalar(element.get('status')))
    domains = []
    for domain in _as_list(element.get('domain')):
        if isinstance(domain, dict):
            entry = xml_authentication_to_json(domain)
            if entry:
                domains.append(entry)
        elif _scalar(domain):
            domains.append(_scalar(domain))
    _put(result, 'domains', domains)
    return result


def xml_certificate_to_json(element):
    element = _first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    _put(result, 'id', _int(element.get('id')))
    for xml_key, json_key in (('name', 'name'), ('product', 'product'), ('software', 'software'), ('csr', 'csr'),
                              ('server', 'server'), ('serial_number', 'serialNumber'), ('order_id', 'orderId'),
                              ('partner_order_id', 'partnerOrderId'), ('sha', 'signatureHashAlgorithm'),
                              ('certificate_transparency_privacy', 'certificateTransparencyPrivacy'),
                              ('comment', 'comment'), ('status', 'status')):
        _put(result, json_key, _scalar(element.get(xml_key)))
    # payable (the end of the paid term) is a date in the provider's local time like expire and created
    for key in ('created', 'updated', 'expire', 'payable'):
        _put(result, key, xml_date_to_iso(element.get(key)))
    # The term's flags: the gateway writes its elements in snake case (serial_number, order_id), so these are
    # read as multiyear, reissue_required and reissue_status (our reading: no XML sample shows them), or
    # under the JSON names.
    for xml_key, json_key in (('multiyear', 'multiyear'), ('reissue_required', 'reissueRequired')):
        _put(result, json_key, convert.boolean_or_none(_scalar(_first_present(element, xml_key, json_key))))
    _put(result, 'reissueStatus', _scalar(_first_present(element, 'reissue_status', 'reissueStatus')))
    lifetime = _int(element.get('lifetime'))
    if isinstance(lifetime, int):
        result['lifetime'] = {'unit': 'MONTH', 'period': lifetime}
    _put(result, 'certificateTransparency', _flag(element.get('certificate_transparency')))
    _put(result, 'adminContact', xml_contact_to_json(element.get('admin')))
    _put(result, 'technicalContact', xml_contact_to_json(element.get('technical')))
    sans = []
    for san in _as_list(element.get('subject_alternative_name')):
        if isinstance(san, dict):
            entry = {}
            _put(entry, 'name', _scalar(san.get('name')))
            _put(entry, 'approverEmail', _scalar(san.get('approver_email')))
            sans.append(entry)
        elif san:
            sans.append({'name': san})
    _put(result, 'subjectAlternativeNames', sans)
    authorities = []
    for authority in _as_list(element.get('certification_authority')):
        if isinstance(authority, dict):
            entry = {}
            _put(entry, 'caType', _scalar(authority.get('ca_type')))
            _put(entry, 'caCertificate', _scalar(authority.get('ca_certificate')))
            authorities.append(entry)
    _put(result, 'certificationAuthority', authorities)
    _put(result, 'authentication', xml_authentication_to_json(element.get('authentication')))
    return result


def xml_job_to_json(element):
    element = _first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    _put(result, 'id', _int(element.get('id')))
    for xml_key, json_key in (('status', 'status'), ('sub_status', 'subStatus'), ('sub_type', 'subType'),
                              ('action', 'action'), ('type', 'type')):
        _put(result, json_key, _scalar(element.get(xml_key)))
    for key in ('created', 'updated', 'execution'):
        _put(result, key, xml_date_to_iso(element.get(key)))
    for key in ('owner', 'updater'):
        user = _first(element.get(key))
        if isinstance(user, dict):
            _put(result, key, dict(user=_scalar(user.get('user')), context=_int(user.get('context'))))
    return result


def xml_certificate_job_to_json(element):
    """``<certificate_job><job/><certificate/></certificate_job>`` -> the JSON ObjectJob
    ``{job: {...}, object: {type: Certificate, value: <name>, data: {certificate}}}``."""
    element = _first(element)
    if not isinstance(element, dict):
        return None
    job_element = _first(element.get('job'))
    job = xml_job_to_json(job_element) or {}
    certificate = xml_certificate_to_json(element.get('certificate'))
    name = _scalar(job_element.get('object')) if isinstance(job_element, dict) else None
    if name is None and certificate:
        name = certificate.get('name')
    result = {'job': job}
    if name is not None or certificate:
        obj = {'type': 'Certificate'}
        _put(obj, 'value', name)
        _put(obj, 'data', certificate)
        result['object'] = obj
    return result


def xml_certificate_data_to_json(element):
    """Prepare-order answer ``<certificate_data>`` -> ``{name, plain, product, authentication: [..]}``."""
    element = _first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    for key in ('name', 'plain', 'product'):
        _put(result, key, _scalar(element.get(key)))
    _put(result, 'subjectAlternativeNames',
         [{'name': _scalar(san.get('name')) if isinstance(san, dict) else san}
          for san in _as_list(element.get('subject_alternative_name'))])
    result['authentication'] = [xml_authentication_to_json(item) for item in _as_list(element.get('authentication'))
                                if isinstance(item, dict)]
    return result


def xml_result_to_envelope(result, stid=None, ctid=None):
    """``<result>`` (parsed) -> the JSON envelope ``{stid, ctid, status, messages, object}`` (no data)."""
    status = _first(result.get('status')) or {}
    if not isinstance(status, dict):
        status = {}
    envelope = {'status': {'code': _scalar(status.get('code')), 'text': _scalar(status.get('text')),
                           'type': (_scalar(status.get('type')) or '').upper()}}
    obj = _first(status.get('object'))
    if isinstance(obj, dict):
        envelope['object'] = {'type': _scalar(obj.get('type')), 'value': _scalar(obj.get('value'))}
    messages = []
    for msg in _as_list(result.get('msg')):
        if not isinstance(msg, dict):
            continue
        message = {'code': _scalar(msg.get('code')), 'text': _scalar(msg.get('text')),
                   'status': (_scalar(msg.get('type')) or 'error').upper()}
        objects = []
        for item in _as_list(msg.get('object')):
            if isinstance(item, dict):
                objects.append({'type': _scalar(item.get('type')), 'value': _scalar(item.get('value'))})
        if objects:
            message['objects'] = objects
        messages.append(message)
    envelope['messages'] = messages
    _put(envelope, 'stid', stid)
    _put(envelope, 'ctid', ctid)
    return envelope


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------

def parse_xml(body, operation, http_status):
    """Bytes -> the parsed ``<response>`` dict.  Refuses DOCTYPE/ENTITY declarations before parsing;
    anything that is not a well-formed gateway answer raises MalformedResponseError."""
    if not HAS_XMLTODICT:
        raise MissingDependencyError('xmltodict', exception=XMLTODICT_IMPORT_ERROR, operation=operation,
                                     provider=PROVIDER_NAME)
    if isinstance(body, str):
        body = body.encode('utf-8')
    if not body or not body.strip():
        raise MalformedResponseError('the gateway sent an empty answer', operation=operation,
                                     http_status=http_status, provider=PROVIDER_NAME)
    if b'\x00' in body:
        # UTF-16/32 would also hide a DOCTYPE from the check below; the gateway speaks UTF-8.
        raise MalformedResponseError('the gateway answer is not UTF-8 text', operation=operation,
                                     http_status=http_status, provider=PROVIDER_NAME)
    if _FORBIDDEN_MARKUP.search(body):
        raise MalformedResponseError('the gateway answer declares a DOCTYPE or ENTITY; it was refused unparsed',
                                     operation=operation, http_status=http_status, provider=PROVIDER_NAME)
    try:
        document = xmltodict.parse(body, disable_entities=True, xml_attribs=False, force_list=REPEATED_TAGS)
    except (ExpatError, ValueError, TypeError, AttributeError) as exc:
        raise MalformedResponseError('the gateway answer is not well-formed XML (%s)' % _short(exc),
                                     operation=operation, http_status=http_status, provider=PROVIDER_NAME)
    if not isinstance(document, dict) or 'response' not in document:
        root = next(iter(document), None) if isinstance(document, dict) else None
        raise MalformedResponseError('the answer is not an AutoDNS gateway response (root element %s)' % (root or 'none'),
                                     operation=operation, http_status=http_status, provider=PROVIDER_NAME)
    response = document['response']
    result = _first(response.get('result')) if isinstance(response, dict) else None
    if not isinstance(result, dict) or not isinstance(_first(result.get('status')), dict):
        raise MalformedResponseError('the gateway answer has no <result><status>', operation=operation,
                                     http_status=http_status, provider=PROVIDER_NAME)
    return response


def _require(value, what, code):
    if not value:
        raise InputError('%s is required' % what, operation=operation_name(code), provider=PROVIDER_NAME)


def _text_filter(key, value):
    """``eq``, or ``like`` when the value carries the AutoDNS wildcard ``*``."""
    return (key, 'like' if '*' in str(value) else 'eq', value)


def _short(exc):
    text = ' '.join(str(exc).split())
    return text[:200]


# ---------------------------------------------------------------------------------------------
# The provider
# ---------------------------------------------------------------------------------------------

# Same behaviour as the JSON API; the zone calls of the JSON API are not offered on this gateway.
CAPABILITIES = convert.CAPABILITIES


class AutoDNSXmlProvider(Provider):
    name = PROVIDER_NAME
    api_format = 'xml'
    capabilities = CAPABILITIES

    def __init__(self, http, settings):
        super(AutoDNSXmlProvider, self).__init__(http, settings)
        self.last_stid = None

    # -- transport ---------------------------------------------------------------------------
    def _call(self, code, content=None, answer=None):
        """Send one task; returns the parsed ``<data>`` (a dict, {} when empty).  Error answers raise
        the exception ``convert.error_from_envelope`` chooses, exactly as on the JSON API.
        ``answer``: an optional dict that receives the envelope (status, stid, ctid)."""
        operation = operation_name(code)
        if not HAS_XMLTODICT:
            raise MissingDependencyError('xmltodict', exception=XMLTODICT_IMPORT_ERROR, operation=operation,
                                         provider=PROVIDER_NAME)
        ctid = 'certops-%s' % uuid.uuid4().hex[:16]
        settings = self.settings
        body = build_request(settings.username, settings.password, settings.context, code, content, ctid=ctid,
                             owner_user=getattr(settings, 'owner_user', None),
                             owner_context=getattr(settings, 'owner_context', None),
                             token=getattr(settings, 'two_factor_token', None))
        response, parsed = self.http.send_and_parse(
            'POST', '', operation, lambda r: parse_xml(r.body, operation, r.status), body=body.encode('utf-8'),
            headers={'Content-Type': XML_CONTENT_TYPE, 'Accept': 'application/xml'}, mutating=code in WRITE_TASKS)
        result = _first(parsed.get('result'))
        envelope = xml_result_to_envelope(result, stid=_scalar(parsed.get('stid')), ctid=_scalar(parsed.get('ctid')))
        self.last_stid = envelope.get('stid')
        if answer is not None:
            answer.update(envelope)
        if convert.is_error_envelope(envelope, response.status):
            raise convert.error_from_envelope(envelope, http_status=response.status, operation=operation,
                                              provider=PROVIDER_NAME)
        data = _first(result.get('data'))
        return data if isinstance(data, dict) else {}

    def _job_entry(self, data):
        entry = xml_certificate_job_to_json(data.get('certificate_job'))
        if not entry or entry.get('job', {}).get('id') in (None, ''):
            return None
        return entry

    def _job(self, data, code, action=None, object_name=None, certificate_id=None, money=False):
        """The job a task started (create, reissue, renew) or inquired (job info)."""
        entry = self._job_entry(data)
        if entry is None:
            text = 'the gateway accepted the task but named no job id'
            if money:
                raise AmbiguousResultError(text + '; check the jobs before ordering again',
                                           operation=operation_name(code), provider=PROVIDER_NAME)
            raise MalformedResponseError(text, operation=operation_name(code), provider=PROVIDER_NAME)
        job = convert.job_from_api(entry)
        job.status = job.status or 'running'
        job.provider_status = job.provider_status or 'RUNNING'
        job.action = job.action or action
        job.object = job.object or object_name
        if certificate_id is not None and not job.certificate_id:
            job.certificate_id = str(certificate_id)
        return job

    def _optional_job(self, data, action, certificate_id):
        entry = self._job_entry(data)
        if entry is None:
            return None
        job = convert.job_from_api(entry)
        job.action = job.action or action
        job.certificate_id = job.certificate_id or str(certificate_id)
        return job

    def _list(self, code, key, translate, filters, limit, offset, extra_view=None):
        """Run a list task -> (translated items, total).  Always sends a ``<limit>`` of at most
        PAGE_SIZE and pages until ``limit`` items (every item when None) or the summary is reached."""
        items = []
        total = None
        offset = offset or 0
        where = build_where(filters)
        for dummy in range(MAX_PAGES):
            page = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - len(items))
            view = {'offset': offset, 'limit': page, 'children': True}
            view.update(extra_view or {})
            content = {'view': view}
            if where:
                content['where'] = where
            data = self._call(code, content)
            batch = [item for item in (translate(element) for element in _as_list(data.get(key))) if item]
            summary = _int(data.get('summary'))
            total = summary if isinstance(summary, int) else None
            items.extend(batch)
            offset += len(batch)
            if not batch or (limit is not None and len(items) >= limit):
                break
            if total is None:
                if len(batch) < page:
                    break
            elif offset >= total:
                break
        return items, total if total is not None else len(items)

    @staticmethod
    def _window(items, limit, offset):
        offset = offset or 0
        end = None if limit is None else offset + limit
        return items[offset:end]

    # -- connection ------------------------------------------------------------------------
    def check_connection(self):
        """The gateway has no hello task: a one-item job list proves URL, credentials and context.
        -> dict(stid=..., message=..., code=...) like the JSON API's hello."""
        envelope = {}
        self._call('400115', {'view': {'offset': 0, 'limit': 1, 'children': False}}, envelope)
        status = envelope.get('status') or {}
        return dict(stid=envelope.get('stid'), message=status.get('text'), code=status.get('code'))

    # -- certificates ----------------------------------------------------------------------
    def prepare_order(self, request):
        _require(request.csr, 'a CSR', '400110')
        body = json_certificate_data_to_xml(convert.prepare_order_to_api(request))
        data = self._call('400110', {'certificate_data': body})
        return convert.challenges_from_prepare_order(xml_certificate_data_to_json(data.get('certificate_data')) or {},
                                                     request)

    def create_certificate(self, request):
        _require(request.csr, 'a CSR', '400101')
        _require(request.product, 'a product', '400101')
        body = json_certificate_to_xml(convert.order_request_to_api(request))
        return self._job(self._call('400101', {'certificate': body}), '400101', 'create', request.common_name, money=True)

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        filters = []
        if common_name:
            filters.append(_text_filter('name', common_name))
        if product:
            filters.append(('product', 'eq', product))
        if status is None:
            raw, total = self._list('400105', 'certificate', xml_certificate_to_json, filters, limit, offset)
            return [convert.certificate_from_api(item) for item in raw], total
        # The status of an AutoDNS certificate is derived (from its expiry), so it is filtered here.
        raw, dummy = self._list('400105', 'certificate', xml_certificate_to_json, filters, None, 0)
        matching = [cert for cert in (convert.certificate_from_api(item) for item in raw) if cert.status == status]
        return self._window(matching, limit, offset), len(matching)

    def get_certificate(self, certificate_id, include_pem=True):  # the PEM comes with the answer anyway
        data = self._call('400104', {'certificate': {'id': str(certificate_id)}})
        element = xml_certificate_to_json(data.get('certificate'))
        if not element:
            raise MalformedResponseError('the gateway answer carries no <certificate>', operation=operation_name('400104'),
                                         provider=self.name)
        return convert.certificate_from_api(element)

    def reissue_certificate(self, certificate_id, request):
        _require(request.csr, 'a CSR', '400102')
        body = json_certificate_to_xml(convert.order_request_to_api(request), certificate_id)
        return self._job(self._call('400102', {'certificate': body}), '400102', 'reissue', request.common_name,
                         certificate_id)

    def renew_certificate(self, certificate_id, request=None):
        """AutoDNS renews in place: the job's certificate id is the renewed certificate's."""
        if request is None:
            body = {'id': str(certificate_id)}
        else:
            body = json_certificate_to_xml(convert.order_request_to_api(request), certificate_id)
        try:
            data = self._call('400106', {'certificate': body})
        except NotRenewableError as exc:
            self._explain_renew_window(certificate_id, exc)
            raise
        return self._job(data, '400106', 'renew', request.common_name if request else None, certificate_id, money=True)

    def _explain_renew_window(self, certificate_id, error):
        """Fill ``opens_on`` of an EF4001012 error from the certificate's expiry (one read)."""
        convert.explain_renew_window(error, lambda: self.get_certificate(certificate_id))

    def cancel_certificate(self, certificate_id):
        return self._optional_job(self._call('400103', {'certificate': {'id': str(certificate_id)}}), 'delete',
                                  certificate_id)

    def revoke_certificate(self, certificate_id, reason=None):
        """AutoDNS takes no revocation reason; ``reason`` is accepted for the interface and ignored."""
        return self._optional_job(self._call('4001031', {'certificate': {'id': str(certificate_id)}}), 'revoke',
                                  certificate_id)

    def product_allows_wildcard(self, product):
        return convert.wildcard_allowed(product)

    # -- jobs -------------------------------------------------------------------------------
    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        code = '400135' if history else '400115'
        if status is not None and status not in convert.JOB_STATUS_FILTER:
            raise InputError('job status must be one of %s, got %r' % (', '.join(sorted(convert.JOB_STATUS_FILTER)), status),
                             operation=operation_name(code), provider=self.name)
        filters = [_text_filter('object', object_name)] if object_name else []
        if status is None:
            raw, total = self._list(code, 'certificate_job', xml_certificate_job_to_json, filters, limit, offset)
            return [convert.job_from_api(item) for item in raw], total
        # Several provider values map onto one normalized status (DEFERRED/DEFFERED/SUPPORT): filter here.
        raw, dummy = self._list(code, 'certificate_job', xml_certificate_job_to_json, filters, None, 0)
        matching = [job for job in (convert.job_from_api(item) for item in raw) if job.status == status]
        return self._window(matching, limit, offset), len(matching)

    @staticmethod
    def _job_task(job_id):
        return {'certificate_job': {'job': {'id': str(job_id)}}}

    def get_job(self, job_id, history=False):
        if not history:
            try:
                return self._job(self._call('400114', self._job_task(job_id)), '400114')
            except NotFoundError as exc:
                # A job that ended leaves the running jobs: look in the history before giving up.
                if exc.code != JOB_NOT_FOUND:
                    raise
        return self._job(self._call('400134', self._job_task(job_id)), '400134')

    def cancel_job(self, job_id):
        """The job shows CANCELED at once; the CA confirms later."""
        answer = {}
        self._call('400113', self._job_task(job_id), answer)
        obj = answer.get('object') or {}
        return Job(id=str(job_id), status='cancelled', provider_status='CANCELED',
                   object=None if str(obj.get('type') or '').lower() in ('certificate_job', 'objectjob') else obj.get('value'))

    def resend_approver_email(self, job_id):
        self._call('400118', self._job_task(job_id))

    # -- contacts -----------------------------------------------------------------------------
    def _contact(self, data, code):
        element = xml_contact_to_json(data.get('ssl_contact'))
        if not element:
            raise MalformedResponseError('the gateway answer carries no <ssl_contact>', operation=operation_name(code),
                                         provider=self.name)
        return convert.contact_from_api(element)

    def create_contact(self, contact):
        body = json_contact_to_xml(convert.contact_to_api(contact))
        return self._contact(self._call('400201', {'ssl_contact': body}), '400201')

    def get_contact(self, contact_id):
        return self._contact(self._call('400204', {'ssl_contact': {'id': str(contact_id)}}), '400204')

    def list_contacts(self, email=None, first_name=None, last_name=None, organization=None, limit=None, offset=0):
        filters = [_text_filter(key, value) for key, value in (('email', email), ('first', first_name),
                                                               ('last', last_name), ('organization', organization))
                   if value]
        raw, total = self._list('400205', 'ssl_contact', xml_contact_to_json, filters, limit, offset)
        return [convert.contact_from_api(item) for item in raw], total

    def update_contact(self, contact):
        if not contact.id:
            raise InputError('updating a contact needs its id', operation='update_contact', provider=self.name)
        data = self._call('400202', {'ssl_contact': json_contact_to_xml(convert.contact_to_api(contact, include_id=True))})
        if data.get('ssl_contact'):
            return self._contact(data, '400202')
        return self.get_contact(contact.id)

    def delete_contact(self, contact_id):
        self._call('400203', {'ssl_contact': {'id': str(contact_id)}})
