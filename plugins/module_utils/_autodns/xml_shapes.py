# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The AutoDNS XML gateway's shapes: the JSON API's bodies as XML task content, and XML answers as
the JSON API's shapes (``sub_status`` -> ``subStatus``, ``first`` -> ``fname``, ``2019-10-23 16:12:33``
-> ISO, ``lifetime`` 12 -> ``{unit: MONTH, period: 12}``, ...), so that ``convert`` normalizes both
wire formats identically."""


import re

from ansible_collections.certops.reseller.plugins.module_utils._model import format_datetime
from ansible_collections.certops.reseller.plugins.module_utils._autodns import convert
from ansible_collections.certops.reseller.plugins.module_utils._autodns.xml_codec import (
    xml_first,
    xml_list,
    xml_scalar,
)

_XML_DATE = re.compile(r'^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$')


# ---------------------------------------------------------------------------------------------
# Writing: the JSON API's bodies -> XML task content
# ---------------------------------------------------------------------------------------------

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
    """Certificate body in the JSON API's shape (``order_body.order_request_to_api``) -> the children of
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
    """prepareOrder body in the JSON API's shape (``order_body.prepare_order_to_api``) -> the children
    of ``<certificate_data>`` (400110)."""
    element = {'plain': body.get('plain')}
    for key in ('name', 'product'):
        if body.get(key):
            element[key] = body[key]
    element['subject_alternative_name'] = [{'name': san.get('name')} for san in body.get('subjectAlternativeNames') or []] or None
    element['authentication'] = [json_authentication_to_xml(auth) for auth in body.get('authentication') or []] or None
    return element


# ---------------------------------------------------------------------------------------------
# Reading: XML answers -> the JSON API's shapes
# ---------------------------------------------------------------------------------------------

def xml_int(value):
    text = xml_scalar(value)
    if text in (None, ''):
        return None
    try:
        return int(str(text).strip())
    except ValueError:
        return text


def _flag(value):
    text = xml_scalar(value)
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
    text = xml_scalar(value)
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
    element = xml_first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    for xml_key, json_key in (('first', 'fname'), ('last', 'lname'), ('title', 'title'),
                              ('organization', 'organization'), ('postal_code', 'pcode'), ('city', 'city'),
                              ('state', 'state'), ('country', 'country'), ('phone', 'phone'), ('fax', 'fax'),
                              ('email', 'email')):
        _put(result, json_key, xml_scalar(element.get(xml_key)))
    _put(result, 'address', [xml_scalar(line) for line in xml_list(element.get('address')) if xml_scalar(line)])
    _put(result, 'id', xml_int(element.get('id')))
    _put(result, 'created', xml_date_to_iso(element.get('created')))
    _put(result, 'updated', xml_date_to_iso(element.get('updated')))
    return result


def _approver_emails(element):
    return [xml_scalar(item) for item in xml_list(element.get('approver_email')) if xml_scalar(item)]


def xml_authentication_to_json(element):
    """``<authentication>`` -> CertAuthentication ``{name, method, dns, fileName, fileContent,
    approverEmails, provisioning, status, domains}``.

    The gateway repeats ``<dns>`` (one zone line per name) and ``<domain>`` (a name, or one name's own
    authentication data); the JSON API carries the lines in one ``dns`` string separated by newlines
    and the per-name data in ``domains`` (names or CertAuthentication dicts)."""
    element = xml_first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    _put(result, 'name', xml_scalar(element.get('name')))
    _put(result, 'method', xml_scalar(element.get('method')))
    dns_lines = [xml_scalar(line).strip() for line in xml_list(element.get('dns')) if xml_scalar(line)]
    _put(result, 'dns', '\n'.join(dns_lines))
    _put(result, 'fileName', xml_scalar(element.get('file_name')))
    _put(result, 'fileContent', xml_scalar(element.get('file_content')))
    _put(result, 'approverEmails', _approver_emails(element))
    _put(result, 'provisioning', _flag(element.get('provisioning')))
    _put(result, 'status', xml_scalar(element.get('status')))
    domains = []
    for domain in xml_list(element.get('domain')):
        if isinstance(domain, dict):
            entry = xml_authentication_to_json(domain)
            if entry:
                domains.append(entry)
        elif xml_scalar(domain):
            domains.append(xml_scalar(domain))
    _put(result, 'domains', domains)
    return result


def xml_certificate_to_json(element):
    element = xml_first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    _put(result, 'id', xml_int(element.get('id')))
    for xml_key, json_key in (('name', 'name'), ('product', 'product'), ('software', 'software'), ('csr', 'csr'),
                              ('server', 'server'), ('serial_number', 'serialNumber'), ('order_id', 'orderId'),
                              ('partner_order_id', 'partnerOrderId'), ('sha', 'signatureHashAlgorithm'),
                              ('certificate_transparency_privacy', 'certificateTransparencyPrivacy'),
                              ('comment', 'comment'), ('status', 'status')):
        _put(result, json_key, xml_scalar(element.get(xml_key)))
    # payable (the end of the paid term) is a date in the provider's local time like expire and created
    for key in ('created', 'updated', 'expire', 'payable'):
        _put(result, key, xml_date_to_iso(element.get(key)))
    # The term's flags: the gateway writes its elements in snake case (serial_number, order_id), so these are
    # read as multiyear, reissue_required and reissue_status (our reading: no XML sample shows them), or
    # under the JSON names.
    for xml_key, json_key in (('multiyear', 'multiyear'), ('reissue_required', 'reissueRequired')):
        _put(result, json_key, convert.boolean_or_none(xml_scalar(_first_present(element, xml_key, json_key))))
    _put(result, 'reissueStatus', xml_scalar(_first_present(element, 'reissue_status', 'reissueStatus')))
    lifetime = xml_int(element.get('lifetime'))
    if isinstance(lifetime, int):
        result['lifetime'] = {'unit': 'MONTH', 'period': lifetime}
    _put(result, 'certificateTransparency', _flag(element.get('certificate_transparency')))
    _put(result, 'adminContact', xml_contact_to_json(element.get('admin')))
    _put(result, 'technicalContact', xml_contact_to_json(element.get('technical')))
    sans = []
    for san in xml_list(element.get('subject_alternative_name')):
        if isinstance(san, dict):
            entry = {}
            _put(entry, 'name', xml_scalar(san.get('name')))
            _put(entry, 'approverEmail', xml_scalar(san.get('approver_email')))
            sans.append(entry)
        elif san:
            sans.append({'name': san})
    _put(result, 'subjectAlternativeNames', sans)
    authorities = []
    for authority in xml_list(element.get('certification_authority')):
        if isinstance(authority, dict):
            entry = {}
            _put(entry, 'caType', xml_scalar(authority.get('ca_type')))
            _put(entry, 'caCertificate', xml_scalar(authority.get('ca_certificate')))
            authorities.append(entry)
    _put(result, 'certificationAuthority', authorities)
    _put(result, 'authentication', xml_authentication_to_json(element.get('authentication')))
    return result


def xml_job_to_json(element):
    element = xml_first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    _put(result, 'id', xml_int(element.get('id')))
    for xml_key, json_key in (('status', 'status'), ('sub_status', 'subStatus'), ('sub_type', 'subType'),
                              ('action', 'action'), ('type', 'type')):
        _put(result, json_key, xml_scalar(element.get(xml_key)))
    for key in ('created', 'updated', 'execution'):
        _put(result, key, xml_date_to_iso(element.get(key)))
    for key in ('owner', 'updater'):
        user = xml_first(element.get(key))
        if isinstance(user, dict):
            _put(result, key, dict(user=xml_scalar(user.get('user')), context=xml_int(user.get('context'))))
    return result


def xml_certificate_job_to_json(element):
    """``<certificate_job><job/><certificate/></certificate_job>`` -> the JSON ObjectJob
    ``{job: {...}, object: {type: Certificate, value: <name>, data: {certificate}}}``."""
    element = xml_first(element)
    if not isinstance(element, dict):
        return None
    job_element = xml_first(element.get('job'))
    job = xml_job_to_json(job_element) or {}
    certificate = xml_certificate_to_json(element.get('certificate'))
    name = xml_scalar(job_element.get('object')) if isinstance(job_element, dict) else None
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
    element = xml_first(element)
    if not isinstance(element, dict):
        return None
    result = {}
    for key in ('name', 'plain', 'product'):
        _put(result, key, xml_scalar(element.get(key)))
    _put(result, 'subjectAlternativeNames',
         [{'name': xml_scalar(san.get('name')) if isinstance(san, dict) else san}
          for san in xml_list(element.get('subject_alternative_name'))])
    result['authentication'] = [xml_authentication_to_json(item) for item in xml_list(element.get('authentication'))
                                if isinstance(item, dict)]
    return result


def xml_result_to_envelope(result, stid=None, ctid=None):
    """``<result>`` (parsed) -> the JSON envelope ``{stid, ctid, status, messages, object}`` (no data)."""
    status = xml_first(result.get('status')) or {}
    if not isinstance(status, dict):
        status = {}
    envelope = {'status': {'code': xml_scalar(status.get('code')), 'text': xml_scalar(status.get('text')),
                           'type': (xml_scalar(status.get('type')) or '').upper()}}
    obj = xml_first(status.get('object'))
    if isinstance(obj, dict):
        envelope['object'] = {'type': xml_scalar(obj.get('type')), 'value': xml_scalar(obj.get('value'))}
    messages = []
    for msg in xml_list(result.get('msg')):
        if not isinstance(msg, dict):
            continue
        message = {'code': xml_scalar(msg.get('code')), 'text': xml_scalar(msg.get('text')),
                   'status': (xml_scalar(msg.get('type')) or 'error').upper()}
        objects = []
        for item in xml_list(msg.get('object')):
            if isinstance(item, dict):
                objects.append({'type': xml_scalar(item.get('type')), 'value': xml_scalar(item.get('value'))})
        if objects:
            message['objects'] = objects
        messages.append(message)
    envelope['messages'] = messages
    _put(envelope, 'stid', stid)
    _put(envelope, 'ctid', ctid)
    return envelope
