# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The AutoDNS XML gateway's codec: request documents out, parsed ``<response>`` dicts in.

Requests are written by hand (``xml_element``): CDATA for PEM blocks, escaped text otherwise, and
no character XML 1.0 cannot carry.  Answers are parsed with xmltodict, without entity expansion
and never when the body declares a DOCTYPE or an ENTITY.  xmltodict is imported only here, behind
a guard: without it ``parse_xml`` (and the provider, before sending) raises ``MissingDependencyError``.
"""


import re

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
    InputError,
    MalformedResponseError,
    MissingDependencyError,
)


PROVIDER_NAME = 'autodns'

# Elements that may occur more than once; parsed as lists wherever they appear.
REPEATED_TAGS = (
    'certificate_job', 'certificate', 'ssl_contact', 'subject_alternative_name', 'certification_authority',
    'address', 'approver_email', 'dns', 'domain', 'authentication', 'msg',
)

# Values written as CDATA (PEM blocks): readable and safe as long as they do not contain "]]>".
CDATA_TAGS = ('csr', 'plain', 'server', 'ca_certificate')

# XML API Basics, "Transport and coding": the content-type is application/xml, the encoding UTF-8.
XML_CONTENT_TYPE = 'application/xml; charset=utf-8'

_FORBIDDEN_MARKUP = re.compile(br'<!\s*(DOCTYPE|ENTITY)', re.IGNORECASE)
# Characters XML 1.0 cannot carry at all, not even escaped.
_INVALID_XML_CHARS = re.compile(u'[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


# ---------------------------------------------------------------------------------------------
# Writing requests
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


# ---------------------------------------------------------------------------------------------
# Reading answers: xmltodict's values (a repeated element is a list, an empty one None)
# ---------------------------------------------------------------------------------------------

def xml_list(value):
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def xml_first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def xml_scalar(value):
    """Text of a leaf (None for an empty element)."""
    value = xml_first(value)
    if value is None or isinstance(value, dict):
        return None if not value else value.get('#text')
    return value


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
    result = xml_first(response.get('result')) if isinstance(response, dict) else None
    if not isinstance(result, dict) or not isinstance(xml_first(result.get('status')), dict):
        raise MalformedResponseError('the gateway answer has no <result><status>', operation=operation,
                                     http_status=http_status, provider=PROVIDER_NAME)
    return response


def _short(exc):
    text = ' '.join(str(exc).split())
    return text[:200]
