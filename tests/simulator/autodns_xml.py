# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AutoDNS XML gateway front-end (``/autodns/gateway``): one POST per task.

Request: ``<request><auth><user/><password/><context/></auth><task><code/>...<ctid/></task></request>``.
Answer:  ``<response><result><data/><msg/>?<status><code/><text/><type/><object/>?</status></result>
<ctid/>?<stid/></response>`` - errors travel with HTTP 200, ``<status><type>error</type>`` and
``<msg><code>EF...</code><text/><type>error</type><object/>?</msg>``.

Decisions where the provider's documentation is silent (the client follows the same choices):
- A body that is not well-formed XML, or that declares a DOCTYPE/ENTITY (refused before parsing,
  never expanded), is answered with HTTP 400 and an error answer with message code EF01000 and
  status code E01000.  Any other error (authentication E0101/EF01001, unknown task, unknown
  object, ...) is answered with HTTP 200 like the real gateway.  Only POST on the gateway root
  exists: other methods get 405, other paths 404 (both with an EF01000 error answer).
- Lists (400105, 400115, 400135, 400205) take ``<view><offset/><limit/><children/></view>`` and
  ``<where><key/><operator/><value/></where>``; several conditions are one ``<and>`` (or ``<or>``)
  block each, holding key, operator and value ("Running List Inquiries", "Single Inquire"); a nested
  ``<where>`` and operators other than eq ne like gt lt ge le are refused (EF01000: the pages name
  no error code).  ``*`` is the wildcard of ``like``; comparisons ignore case (our reading).  Without
  a ``<limit>`` a list holds at most 100 items.  Keys: certificates ``id name product``
  (``name`` matches the common name or any SAN); jobs ``id object status sub_status action``;
  SSL contacts ``id first last email organization city country``.  ``<summary>`` holds the total.
- Dates are AutoDNS's local time (Europe/Berlin), as seed 000 shows.  Unknown products (the account's
  catalogue: rules.AUTODNS_PRODUCTS) and contact data AutoDNS refuses (rules.contact_problem) are
  EF01000 errors, before anything is stored or charged.
- Job status: pending -> RUNNING; validating -> DEFFERED (the seed's spelling) with sub_status
  WF_DNS_AUTH / WF_FILE_AUTH / WF_EMAIL_AUTH; issued -> SUCCESS; failed -> FAILED; cancelled -> CANCELED.
  The running-job tasks (400113, 400114, 400115, 400118) see only jobs that have not ended; ended
  jobs only through the history tasks (400134, 400135); an unknown job is EF300101.
- Certificates exist once issued; revoked (4001031) and deleted (400103) certificates vanish from
  info and list (EF4001001), as on the JSON front-end.  Renewal earlier than 90 days before ``payable`` (the end
  of the paid term): EF4001012 naming the date it opens; reissue after ``payable``: EF400102 (our choice).
  Certificates carry ``payable``, ``multiyear``, ``reissue_required``, ``reissue_status`` beside ``expire``.
  Unknown admin / technical contact ids: EF4001006 / EF4001010.  Resend (400118) of a job that does
  not wait for an e-mail: EF400118.
- Logged as mutating: 400101, 400102, 400103, 400106, 4001031, 400113, 400201, 400202, 400203 when
  they succeed; 400118 changes no state in the sandbox and is logged as not mutating.
- Shared state with the JSON front-end (same account): contacts are stored with the JSON API's field
  names (fname, lname, title, organization, address [lines], pcode, city, state, country, phone,
  fax, email); order/certificate ``extra`` keys ``software``, ``signatureHashAlgorithm``,
  ``certificateTransparencyPrivacy``, ``partnerOrderId``; order ``contacts`` ``{admin, technical}``
  hold contact ids (int) or inline contact dicts (JSON field names).
"""

import fnmatch
import re
import traceback
from xml.etree import ElementTree
from xml.sax.saxutils import escape

try:
    from . import core
    from . import rules
except ImportError:  # the server puts tests/simulator on sys.path
    import core
    import rules


STATUS_TEXTS = {
    '400101': 'The certificate order was started successfully.',
    '400102': 'The certificate reissue was started successfully.',
    '400103': 'The certificate was deleted successfully.',
    '400104': 'The certificate was inquired successfully.',
    '400105': 'Certificates were inquired successfully.',
    '400106': 'The certificate renewal was started successfully.',
    '400110': 'The certificate order was prepared successfully.',
    '4001031': 'The certificate was revoked successfully.',
    '400113': 'The request was canceled successfully.',
    '400114': 'Certificate order was inquired successfully.',
    '400134': 'Certificate order was inquired successfully.',
    '400115': 'Certificate orders were inquired successfully.',
    '400135': 'Certificate orders were inquired successfully.',
    '400118': 'The order for resending was successfully submitted to the CA.',
    '400201': 'The SSL contact was created successfully.',
    '400202': 'The SSL contact was updated successfully.',
    '400203': 'The SSL contact was deleted successfully.',
    '400204': 'The SSL contact was inquired successfully.',
    '400205': 'SSL contacts were inquired successfully.',
}

# Tasks that start a job answer "notify" (N...), the others "success" (S...).
NOTIFY_TASKS = ('400101', '400102', '400106')

JOB_STATUS = {'pending': 'RUNNING', 'validating': 'DEFFERED', 'issued': 'SUCCESS', 'failed': 'FAILED',
              'cancelled': 'CANCELED'}
SUB_STATUS = {'dns': 'WF_DNS_AUTH', 'file': 'WF_FILE_AUTH', 'email': 'WF_EMAIL_AUTH'}

# JSON field name (stored) <-> XML element, for SSL contacts.
CONTACT_FIELDS = (
    ('first', 'fname'), ('last', 'lname'), ('title', 'title'), ('organization', 'organization'),
    ('address', 'address'), ('postal_code', 'pcode'), ('city', 'city'), ('state', 'state'),
    ('country', 'country'), ('phone', 'phone'), ('fax', 'fax'), ('email', 'email'),
)

_FORBIDDEN_MARKUP = re.compile(br'<!\s*(DOCTYPE|ENTITY)', re.IGNORECASE)
_MAX_LIMIT = 1000


class GatewayError(Exception):
    """An error answer: status code, message code, text, HTTP status, optional (type, value) object."""

    def __init__(self, status_code, message_code, text, http_status=200, obj=None):
        super().__init__(text)
        self.status_code = status_code
        self.message_code = message_code
        self.text = text
        self.http_status = http_status
        self.obj = obj


# ------------------------------------------------------------------------------------------------
# XML writing
# ------------------------------------------------------------------------------------------------

class CData:
    def __init__(self, text):
        self.text = text


def element(tag, value):
    """dict: children in order; list/tuple: ``<tag>`` repeated; None: left out; bool: 1/0; CData: CDATA."""
    if value is None:
        return ''
    if isinstance(value, (list, tuple)):
        return ''.join(element(tag, item) for item in value)
    if isinstance(value, dict):
        inner = ''.join(element(key, item) for key, item in value.items())
        return '<%s>%s</%s>' % (tag, inner, tag) if inner else '<%s/>' % tag
    if isinstance(value, CData):
        if ']]>' not in value.text:
            return '<%s><![CDATA[%s]]></%s>' % (tag, value.text, tag)
        value = value.text
    if isinstance(value, bool):
        value = '1' if value else '0'
    return '<%s>%s</%s>' % (tag, escape(str(value)), tag)


def xml_date(value):
    """ISO text or datetime -> ``2019-10-23 16:12:33`` in AutoDNS's local time (Europe/Berlin): seed 000
    shows the job JSON calls ``2019-10-23T16:12:33.000+0200`` as XML ``2019-10-23 16:12:33``."""
    if value in (None, ''):
        return None
    return rules.berlin_local(core.parse_iso(value)).strftime('%Y-%m-%d %H:%M:%S')


# ------------------------------------------------------------------------------------------------
# XML reading
# ------------------------------------------------------------------------------------------------

def text_of(node, path, default=None):
    if node is None:
        return default
    found = node.find(path)
    if found is None:
        return default
    value = ''.join(found.itertext()).strip()
    return value if value != '' else default


def texts_of(node, path):
    if node is None:
        return []
    result = []
    for found in node.findall(path):
        value = ''.join(found.itertext()).strip()
        if value:
            result.append(value)
    return result


def parse_body(body):
    """Bytes -> the ``<request>`` element; GatewayError (HTTP 400, EF01000) for anything else."""
    if not body or not body.strip():
        raise GatewayError('E01000', 'EF01000', 'The request body is empty.', 400)
    if b'\x00' in body:
        raise GatewayError('E01000', 'EF01000', 'The request must be UTF-8 encoded.', 400)
    if _FORBIDDEN_MARKUP.search(body):
        raise GatewayError('E01000', 'EF01000', 'Document type and entity declarations are not allowed.', 400)
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise GatewayError('E01000', 'EF01000', 'The request is not well-formed XML: %s.' % exc, 400)
    if root.tag != 'request':
        raise GatewayError('E01000', 'EF01000', 'The root element must be <request>, not <%s>.' % root.tag, 400)
    return root


def _int_of(node, path, what, default=None, minimum=0):
    value = text_of(node, path)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise GatewayError('E01000', 'EF01000', 'The value of %s must be a whole number, got %r.' % (what, value))
    if number < minimum:
        raise GatewayError('E01000', 'EF01000', 'The value of %s must be at least %d.' % (what, minimum))
    return number


def _flag(value):
    return str(value or '').strip().lower() in ('1', 'true', 'yes')


# ------------------------------------------------------------------------------------------------
# Filters
# ------------------------------------------------------------------------------------------------

def _refuse_where(text):
    raise GatewayError('E01000', 'EF01000', text)


def _condition(node, fields):
    """A ``<where>`` (or one of its ``<and>``/``<or>`` blocks) -> predicate(record).

    The form of "Running List Inquiries" and "Single Inquire": a block holds key, operator and value,
    or further ``<and>``/``<or>`` blocks ("and before or"); a ``<where>`` nested inside is refused, as
    are operators other than eq ne like gt lt ge le (the JSON API's EQUAL, LIKE, ...)."""
    if node.find('where') is not None:
        _refuse_where('A <where> must not contain another <where>: write one <and> (or <or>) block per '
                      'condition holding <key>, <operator> and <value>.')
    ands = [_condition(block, fields) for block in node.findall('and')]
    ors = [_condition(block, fields) for block in node.findall('or')]
    if ands or ors:
        if node.find('key') is not None:
            _refuse_where('A block holds either <key>/<operator>/<value> or <and>/<or> blocks, not both.')
        return lambda record: ((all(p(record) for p in ands) if ands else False)
                               or any(p(record) for p in ors)) if ors else all(p(record) for p in ands)
    key = text_of(node, 'key')
    if key is None:
        _refuse_where('A <where> block needs <key>, <operator> and <value> (or <and>/<or> blocks).')
    if key not in fields:
        _refuse_where('Unknown filter key %r; known: %s.' % (key, ', '.join(sorted(fields))))
    operator = text_of(node, 'operator') or 'eq'
    if operator not in rules.XML_OPERATORS:
        _refuse_where('Unknown operator %r; the operators are %s.' % (operator, ', '.join(rules.XML_OPERATORS)))
    values = texts_of(node, 'value')
    if len(values) > 1:
        _refuse_where('A condition has one <value>.')
    wanted = values[0] if values else ''
    getter = fields[key]

    def candidates(record):
        value = getter(record)
        items = value if isinstance(value, (list, tuple)) else [value]
        return ['' if item is None else str(item) for item in items]

    def order_key(text):
        return (0, int(text)) if text.isdigit() else (1, text)

    def match(record):
        have = candidates(record)
        if operator == 'eq':
            return any(item.lower() == wanted.lower() for item in have)
        if operator == 'ne':
            return all(item.lower() != wanted.lower() for item in have)
        if operator == 'like':
            return any(fnmatch.fnmatchcase(item.lower(), wanted.lower()) for item in have)
        compare = {'gt': lambda a, b: a > b, 'lt': lambda a, b: a < b,
                   'ge': lambda a, b: a >= b, 'le': lambda a, b: a <= b}[operator]
        return any(compare(order_key(item), order_key(wanted)) for item in have)
    return match


def filtered_page(task, records, fields):
    """Apply ``<where>`` and ``<view>`` -> (page, total)."""
    where = task.find('where')
    if where is not None:
        predicate = _condition(where, fields)
        records = [record for record in records if predicate(record)]
    view = task.find('view')
    offset = _int_of(view, 'offset', 'view/offset', 0)
    limit = _int_of(view, 'limit', 'view/limit', None)
    if limit is None:
        limit = rules.DEFAULT_LIST_LIMIT   # "Running List Inquiries": no limit -> 100
    limit = min(limit, _MAX_LIMIT)
    end = None if limit is None else offset + limit
    return records[offset:end], len(records)


def key_getter(key):
    """A field accessor for filtered_page(): record -> record.get(key)."""
    return lambda record: record.get(key)


# ------------------------------------------------------------------------------------------------
# The front-end
# ------------------------------------------------------------------------------------------------

class Frontend:
    prefix = '/autodns/gateway'
    provider = 'autodns'
    api_format = 'xml'

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.handlers = {
            '400101': self.certificate_create,
            '400102': self.certificate_reissue,
            '400103': self.certificate_delete,
            '400104': self.certificate_info,
            '400105': self.certificate_list,
            '400106': self.certificate_renew,
            '400110': self.certificate_prepare,
            '4001031': self.certificate_revoke,
            '400113': self.job_cancel,
            '400114': self.job_info,
            '400134': self.job_info,
            '400115': self.job_list,
            '400135': self.job_list,
            '400118': self.job_resend,
            '400201': self.contact_create,
            '400202': self.contact_update,
            '400203': self.contact_delete,
            '400204': self.contact_info,
            '400205': self.contact_list,
        }
        self._stid = 0

    # -- envelope --------------------------------------------------------------------------
    def _new_stid(self):
        self._stid += 1
        return '%s-sandbox-xml-%d' % (self.sandbox.now().strftime('%Y%m%d'), self._stid)

    def _answer(self, http_status, result, ctid, operation, mutating):
        body = '<?xml version="1.0" encoding="utf-8"?>\n<response>%s%s%s</response>\n' % (
            element('result', result), element('ctid', ctid), element('stid', self._new_stid()))
        return core.Reply(http_status, 'text/xml; charset=utf-8', body.encode('utf-8'), operation, mutating)

    def _error(self, error, ctid=None, operation=None):
        msg = {'code': error.message_code, 'text': error.text, 'type': 'error'}
        if error.obj:
            msg['object'] = {'type': error.obj[0], 'value': error.obj[1]}
        result = {'msg': msg, 'status': {'code': error.status_code, 'text': error.text, 'type': 'error'}}
        return self._answer(error.http_status, result, ctid, operation, False)

    def _success(self, code, data, ctid, mutating, obj=None):
        notify = code in NOTIFY_TASKS
        status = {'code': ('N' if notify else 'S') + code, 'text': STATUS_TEXTS.get(code, 'Done.'),
                  'type': 'notify' if notify else 'success'}
        if obj:
            status['object'] = {'type': obj[0], 'value': obj[1]}
        return self._answer(200, {'data': data or {}, 'status': status}, ctid, code, mutating)

    # -- entry ---------------------------------------------------------------------------------
    def handle(self, request):
        try:
            return self._handle(request)
        except Exception as exc:  # never raise: an internal error is a 500 error answer
            traceback.print_exc()
            return self._error(GatewayError('E0000', 'EF00000', 'Internal sandbox error: %s: %s'
                                            % (type(exc).__name__, exc), 500))

    def _handle(self, request):
        if request.path not in ('', '/'):
            return self._error(GatewayError('E01000', 'EF01000', 'No such gateway path: %s' % request.path, 404))
        if request.method != 'POST':
            reply = self._error(GatewayError('E01000', 'EF01000', 'The gateway takes only POST requests.', 405))
            reply.headers = {'Allow': 'POST'}
            return reply
        try:
            root = parse_body(request.body)
        except GatewayError as exc:
            return self._error(exc)
        task = root.find('task')
        code = text_of(task, 'code')
        ctid = text_of(task, 'ctid')
        auth = root.find('auth')
        if not self.sandbox.check_autodns_auth(text_of(auth, 'user', ''), text_of(auth, 'password', ''),
                                               text_of(auth, 'context', '')):
            return self._error(GatewayError('E0101', 'EF01001', 'Authentication error.'), ctid, code)
        if task is None or code is None:
            return self._error(GatewayError('E01000', 'EF01000', 'The request has no <task><code>.'), ctid, code)
        handler = self.handlers.get(code)
        if handler is None:
            return self._error(GatewayError('E01000', 'EF01000', 'Unknown task code %s.' % code), ctid, code)
        with self.sandbox.lock:
            try:
                data, mutating, obj = handler(code, task)
            except GatewayError as exc:
                return self._error(exc, ctid, code)
            if mutating:
                self.sandbox.save()
        return self._success(code, data, ctid, mutating, obj)

    # -- shared pieces ------------------------------------------------------------------------
    def _contact_element(self, value):
        """Stored contact reference (id or inline dict) -> ``<admin>``/``<technical>`` children."""
        if value in (None, '', {}):
            return None
        if isinstance(value, dict):
            fields = dict(value)
        else:
            fields = self.sandbox.get_contact(value) or {'id': value}
        return contact_element(fields)

    def _read_contact_ref(self, node, role, code):
        """``<admin>`` / ``<technical>`` -> stored reference (int id or inline dict) or None."""
        if node is None:
            return None
        identifier = text_of(node, 'id')
        if identifier is not None:
            contact = self.sandbox.get_contact(identifier)
            if contact is None or contact.get('provider') != 'autodns':
                message_code = 'EF4001006' if role == 'admin' else 'EF4001010'
                raise GatewayError('E4001006' if role == 'admin' else 'E4001010', message_code,
                                   'The %s contact %s is not valid.' % ('administrative' if role == 'admin'
                                                                        else 'technical', identifier),
                                   obj=('ssl_contact', identifier))
            return int(contact['id'])
        fields = read_contact(node)
        if fields:
            self._check_contact(fields)
        return fields or None

    def _certificate(self, task, code):
        """The certificate named by ``<certificate><id>`` (issued, not deleted) or EF4001001."""
        identifier = text_of(task, 'certificate/id')
        if identifier is None:
            raise GatewayError('E01000', 'EF01000', 'The task needs <certificate><id>.')
        cert = self.sandbox.get_certificate(identifier)
        if cert is None or cert['provider'] != 'autodns' or cert['status'] in ('revoked', 'cancelled'):
            raise GatewayError('E4001001', 'EF4001001', 'Certificate %s was not found.' % identifier,
                               obj=('certificate', identifier))
        return cert

    def _order_fields(self, node, defaults=None):
        """``<certificate>`` of create/reissue/renew -> keyword arguments for core.create_order."""
        defaults = defaults or {}
        csr = text_of(node, 'csr') or defaults.get('csr')
        if not csr:
            raise GatewayError('E01000', 'EF01000', 'The certificate needs a <csr>.', obj=('certificate', 'csr'))
        sans = [text_of(san, 'name') for san in node.findall('subject_alternative_name')]
        sans = [name for name in sans if name]
        auth = node.find('authentication')
        method = (text_of(auth, 'method') or defaults.get('method') or '').lower()
        if method not in ('dns', 'file', 'email'):
            raise GatewayError('E01000', 'EF01000', 'The authentication method must be DNS, FILE or EMAIL.',
                               obj=('authentication', 'method'))
        approvers = texts_of(auth, 'approver_email') + [text_of(san, 'approver_email') for san in
                                                        node.findall('subject_alternative_name')
                                                        if text_of(san, 'approver_email')]
        contacts = dict(defaults.get('contacts') or {})
        for role in ('admin', 'technical'):
            reference = self._read_contact_ref(node.find(role), role, None)
            if reference is not None:
                contacts[role] = reference
        extra = dict(defaults.get('extra') or {})
        for tag, key in (('software', 'software'), ('sha', 'signatureHashAlgorithm'),
                         ('certificate_transparency_privacy', 'certificateTransparencyPrivacy'),
                         ('partner_order_id', 'partnerOrderId')):
            if text_of(node, tag):
                extra[key] = text_of(node, tag)
        return dict(
            common_name=text_of(node, 'name') or defaults.get('common_name'),
            sans=sans if sans else defaults.get('sans'),
            csr=csr,
            product=self._product(text_of(node, 'product') or defaults.get('product')),
            months=_int_of(node, 'lifetime', 'lifetime', defaults.get('months') or 12, 1),
            method=method,
            approver_email=approvers[0] if approvers else defaults.get('approver_email'),
            provisioning=_flag(text_of(auth, 'provisioning')) if text_of(auth, 'provisioning') is not None
            else bool(defaults.get('provisioning')),
            contacts=contacts,
            extra=extra,
        )

    @staticmethod
    def _product(product):
        if not product:
            raise GatewayError('E01000', 'EF01000', 'The certificate needs a <product>.', obj=('certificate', 'product'))
        if product not in rules.AUTODNS_PRODUCTS:
            raise GatewayError('E01000', 'EF01000', 'The product %s does not exist.' % product, obj=('product', product))
        return product

    @staticmethod
    def _check_contact(fields, partial=False):
        problem = rules.contact_problem(fields, rules.AUTODNS_PHONE, () if partial else rules.AUTODNS_CONTACT_REQUIRED)
        if problem:
            raise GatewayError('E01000', 'EF01000', problem[1], obj=('ssl_contact', problem[0]))

    def _place(self, fields, action, certificate_id=None):
        try:
            return self.sandbox.create_order('autodns', action=action, certificate_id=certificate_id, **fields)
        except ValueError as exc:
            raise GatewayError('E01000', 'EF01000', str(exc).rstrip('.') + '.')

    @staticmethod
    def _started_job(order):
        return {'certificate_job': {'job': {'id': order['id'], 'status': 'RUNNING'}}}

    # -- certificates -----------------------------------------------------------------------------
    def certificate_create(self, code, task):
        node = task.find('certificate')
        if node is None:
            raise GatewayError('E01000', 'EF01000', 'The task needs a <certificate>.')
        order = self._place(self._order_fields(node), 'create')
        return self._started_job(order), True, ('certificate', order['common_name'])

    def certificate_reissue(self, code, task):
        cert = self._certificate(task, code)
        if self.sandbox.term_ended(cert):
            # No documented code: EF400102 follows the sandbox's EF + task code pattern (EF400118), see README.md.
            raise GatewayError('E400102', 'EF400102',
                               'The certificate cannot be reissued: its paid term ended on %s (payable). Renew it or '
                               'order a new one.' % self.sandbox.term_end_of(cert).strftime('%Y-%m-%d'),
                               obj=('certificate', cert['id']))
        fields = self._order_fields(task.find('certificate'), self._defaults(cert, with_csr=False))
        order = self._place(fields, 'reissue', cert['id'])
        return self._started_job(order), True, ('certificate', order['common_name'])

    def certificate_renew(self, code, task):
        cert = self._certificate(task, code)
        if not self.sandbox.can_renew(cert):
            opens = self.sandbox.renewable_from(cert)
            # the date renewal opens comes first: clients take the first date of the text
            raise GatewayError('E4001012', 'EF4001012',
                               'The certificate cannot be renewed yet. Renewal is possible from %s, only 90 days '
                               'before the end of its paid term (payable %s).'
                               % (opens.strftime('%Y-%m-%d'), self.sandbox.term_end_of(cert).strftime('%Y-%m-%d')),
                               obj=('certificate', cert['id']))
        fields = self._order_fields(task.find('certificate'), self._defaults(cert, with_csr=True))
        order = self._place(fields, 'renew', cert['id'])
        return self._started_job(order), True, ('certificate', order['common_name'])

    def _defaults(self, cert, with_csr):
        order = self.sandbox.get_order(cert['order_id']) or {}
        return dict(common_name=cert['common_name'], sans=cert['names'][1:], csr=cert['csr'] if with_csr else None,
                    product=cert['product'], months=cert['months'], method=cert.get('method') or order.get('method'),
                    approver_email=order.get('approver_email'), provisioning=order.get('provisioning'),
                    contacts=cert.get('contacts'), extra=cert.get('extra'))

    def certificate_delete(self, code, task):
        cert = self._certificate(task, code)
        self.sandbox.cancel_certificate(cert['id'])
        return {}, True, ('certificate', cert['id'])

    def certificate_revoke(self, code, task):
        cert = self._certificate(task, code)
        self.sandbox.revoke_certificate(cert['id'])
        return {}, True, ('certificate', cert['id'])

    def certificate_info(self, code, task):
        cert = self._certificate(task, code)
        return {'certificate': self.certificate_element(cert)}, False, ('certificate', cert['id'])

    def certificate_list(self, code, task):
        certificates = [cert for cert in self.sandbox.list_certificates(provider='autodns')
                        if cert['status'] not in ('revoked', 'cancelled')]
        fields = {'id': lambda c: c['id'], 'name': lambda c: c['names'], 'product': lambda c: c['product']}
        page, total = filtered_page(task, certificates, fields)
        return {'summary': total, 'certificate': [self.certificate_element(cert) for cert in page]}, False, None

    def certificate_prepare(self, code, task):
        node = task.find('certificate_data')
        if node is None:
            raise GatewayError('E01000', 'EF01000', 'The task needs a <certificate_data>.')
        csr = text_of(node, 'plain')
        if not csr:
            raise GatewayError('E01000', 'EF01000', 'The certificate data needs the CSR in <plain>.')
        method = (text_of(node, 'authentication/method') or 'DNS').lower()
        if text_of(node, 'product') is not None:   # prepareOrder checks the product it is told (400110)
            self._product(text_of(node, 'product'))
        sans = [text_of(san, 'name') for san in node.findall('subject_alternative_name')]
        sans = [name for name in sans if name] or None
        approvers = texts_of(node, 'authentication/approver_email')
        try:
            names = self.sandbox.order_names(csr, text_of(node, 'name'), sans)
            challenges = self.sandbox.challenges_for(csr, names, method, 'autodns',
                                                     approvers[0] if approvers else None)
        except ValueError as exc:
            raise GatewayError('E01000', 'EF01000', str(exc).rstrip('.') + '.')
        data = {
            'name': names[0],
            'plain': CData(csr.strip()),
            'product': text_of(node, 'product'),
            'subject_alternative_name': [{'name': name} for name in names[1:]] or None,
            'authentication': [authentication_of_challenge(chal) for chal in challenges],
        }
        return {'certificate_data': data}, False, ('certificate_data', names[0])

    def certificate_element(self, cert, order=None):
        """An issued certificate (core dict) -> ``<certificate>`` children."""
        extra = cert.get('extra') or {}
        order = order or self.sandbox.get_order(cert['order_id']) or {}
        chain = list(cert.get('chain') or [])
        authorities = []
        for index, pem in enumerate(chain):
            authorities.append({'ca_type': 'ROOT' if index == len(chain) - 1 and len(chain) > 1 else 'INTERMEDIATE',
                                'ca_certificate': CData(pem.strip())})
        challenges = order.get('challenges') or []
        return {
            'id': cert['id'],
            'name': cert['common_name'],
            'product': cert['product'],
            'lifetime': cert['months'],
            'software': extra.get('software'),
            'csr': CData(cert['csr'].strip()),
            'server': CData(cert['pem'].strip()),
            'serial_number': cert['serial'],
            'created': xml_date(cert['created']),
            'updated': xml_date(cert.get('updated')),
            'expire': xml_date(cert['not_after']),
            # the paid term, as the JSON API's Certificate names it (snake case like serial_number; our reading)
            'payable': xml_date(core.isoformat(self.sandbox.term_end_of(cert))),
            'multiyear': cert['months'] > 12,
            'reissue_required': self.sandbox.reissue_required(cert),
            'reissue_status': self.sandbox.reissue_status(cert),
            'order_id': cert['order_id'],
            'partner_order_id': extra.get('partnerOrderId') or 'SBX-%s' % cert['order_id'],
            'admin': self._contact_element((cert.get('contacts') or {}).get('admin')),
            'technical': self._contact_element((cert.get('contacts') or {}).get('technical')),
            'subject_alternative_name': [{'name': name} for name in cert['names'][1:]] or None,
            'sha': extra.get('signatureHashAlgorithm'),
            'certificate_transparency_privacy': extra.get('certificateTransparencyPrivacy') or 'PUBLIC',
            'certification_authority': authorities or None,
            'authentication': (authentication_element(cert.get('method') or order.get('method'), challenges,
                                                      order.get('provisioning')) if challenges else None),
        }

    # -- jobs ---------------------------------------------------------------------------------------
    def _jobs(self, history):
        return self.sandbox.list_orders(provider='autodns', active=not history)

    def _job(self, task, code, history):
        identifier = text_of(task, 'certificate_job/job/id') or text_of(task, 'job/id')
        if identifier is None:
            raise GatewayError('E01000', 'EF01000', 'The task needs <certificate_job><job><id>.')
        order = self.sandbox.get_order(identifier)
        if order is None or order['provider'] != 'autodns' or (order['status'] in core.ORDER_ACTIVE) == history:
            raise GatewayError('E300101', 'EF300101', 'Job %s was not found.' % identifier,
                               obj=('certificate_job', identifier))
        return order

    def job_element(self, order):
        status = JOB_STATUS[order['status']]
        owner = {'user': core.AUTODNS_USER, 'context': core.AUTODNS_CONTEXT}
        return {
            'id': order['id'],
            'owner': owner,
            'updater': dict(owner),
            'object': order['common_name'],
            'status': status,
            'sub_status': SUB_STATUS.get(order['method']) if order['status'] == 'validating' else None,
            'created': xml_date(order['created']),
            'updated': xml_date(order['updated']),
            'type': 'ssl',
            'sub_type': order['product'],
            'action': order['action'],
            'execution': xml_date(order['updated']),
        }

    def job_certificate_element(self, order):
        """The certificate a job makes: the issued one after success, else built from the order."""
        cert = None
        if order['status'] == 'issued' and order.get('certificate_id') is not None:
            cert = self.sandbox.get_certificate(order['certificate_id'])
        if cert is not None:
            return self.certificate_element(cert, order)
        extra = order.get('extra') or {}
        contacts = order.get('contacts') or {}
        approvers = [chal['approver_email'] for chal in order['challenges'] if chal.get('approver_email')]
        # Like the seed's job info: the expiry the certificate will get is shown before issuance (the rule of
        # the day and the paid term cap it, as at issuance).
        expire = self.sandbox.planned_not_after(order)
        return {
            'id': order.get('certificate_id'),
            'partner_order_id': extra.get('partnerOrderId') or 'SBX-%s' % order['id'],
            'order_id': order['id'],
            'admin': self._contact_element(contacts.get('admin')),
            'technical': self._contact_element(contacts.get('technical')),
            'name': order['common_name'],
            'approver_email': approvers[0] if order['method'] == 'email' and approvers else None,
            'lifetime': order['months'],
            'software': extra.get('software'),
            'csr': CData(order['csr'].strip()),
            'product': order['product'],
            'sha': extra.get('signatureHashAlgorithm'),
            'expire': xml_date(expire),
            'extension': {},
            'subject_alternative_name': [{'name': name} for name in order['names'][1:]] or None,
            'authentication': authentication_element(order['method'], order['challenges'], order.get('provisioning')),
            'certificate_transparency_privacy': extra.get('certificateTransparencyPrivacy') or 'PUBLIC',
            'created': xml_date(order['created']),
        }

    def job_info(self, code, task):
        order = self._job(task, code, history=(code == '400134'))
        data = {'certificate_job': {'certificate': self.job_certificate_element(order), 'job': self.job_element(order)}}
        return data, False, ('certificate_job', order['id'])

    def job_list(self, code, task):
        orders = self._jobs(history=(code == '400135'))
        fields = {'id': lambda o: o['id'], 'object': lambda o: o['common_name'],
                  'status': lambda o: JOB_STATUS[o['status']],
                  'sub_status': lambda o: SUB_STATUS.get(o['method']) if o['status'] == 'validating' else None,
                  'action': lambda o: o['action']}
        page, total = filtered_page(task, orders, fields)
        return {'summary': total, 'certificate_job': [{'job': self.job_element(order)} for order in page]}, False, None

    def job_cancel(self, code, task):
        order = self._job(task, code, history=False)
        try:
            self.sandbox.cancel_order(order['id'])
        except ValueError as exc:
            raise GatewayError('E300101', 'EF300101', str(exc).rstrip('.') + '.', obj=('certificate_job', order['id']))
        return {}, True, ('certificate_job', order['id'])

    def job_resend(self, code, task):
        order = self._job(task, code, history=False)
        if order['status'] != 'validating' or order['method'] != 'email':
            raise GatewayError('E400118', 'EF400118',
                               'Job %s does not wait for an approver e-mail (sub status %s).'
                               % (order['id'], SUB_STATUS.get(order['method']) if order['status'] == 'validating'
                                  else 'none'), obj=('certificate_job', order['id']))
        return {}, False, ('certificate_job', order['id'])

    # -- SSL contacts -------------------------------------------------------------------------------
    def _contact(self, task):
        identifier = text_of(task, 'ssl_contact/id')
        if identifier is None:
            raise GatewayError('E01000', 'EF01000', 'The task needs <ssl_contact><id>.')
        contact = self.sandbox.get_contact(identifier)
        if contact is None or contact.get('provider') != 'autodns':
            raise GatewayError('E4002001', 'EF4002001', 'SSL contact %s was not found.' % identifier,
                               obj=('ssl_contact', identifier))
        return contact

    def contact_create(self, code, task):
        node = task.find('ssl_contact')
        fields = read_contact(node)
        missing = [tag for tag, key in (('first', 'fname'), ('last', 'lname'), ('email', 'email')) if not fields.get(key)]
        if missing:
            raise GatewayError('E01000', 'EF01000', 'The SSL contact needs %s.' % ', '.join('<%s>' % m for m in missing))
        self._check_contact(fields)
        contact = self.sandbox.create_contact('autodns', fields)
        return {'ssl_contact': contact_element(contact)}, True, ('ssl_contact', contact['id'])

    def contact_update(self, code, task):
        contact = self._contact(task)
        fields = read_contact(task.find('ssl_contact'))
        self._check_contact(dict(contact, **fields))
        contact = self.sandbox.update_contact(contact['id'], fields)
        return {'ssl_contact': contact_element(contact)}, True, ('ssl_contact', contact['id'])

    def contact_delete(self, code, task):
        contact = self._contact(task)
        self.sandbox.delete_contact(contact['id'])
        return {}, True, ('ssl_contact', contact['id'])

    def contact_info(self, code, task):
        contact = self._contact(task)
        return {'ssl_contact': contact_element(contact)}, False, ('ssl_contact', contact['id'])

    def contact_list(self, code, task):
        contacts = self.sandbox.list_contacts(provider='autodns')
        fields = {tag: key_getter(key) for tag, key in CONTACT_FIELDS}
        fields['id'] = lambda c: c['id']
        page, total = filtered_page(task, contacts, fields)
        return {'summary': total, 'ssl_contact': [contact_element(contact) for contact in page]}, False, None


# ------------------------------------------------------------------------------------------------
# Element builders shared by the handlers
# ------------------------------------------------------------------------------------------------

def read_contact(node):
    """``<ssl_contact>`` / inline ``<admin>`` -> stored fields (JSON field names), only those given."""
    fields = {}
    if node is None:
        return fields
    for tag, key in CONTACT_FIELDS:
        if tag == 'address':
            lines = texts_of(node, 'address')
            if lines:
                fields[key] = lines
        else:
            value = text_of(node, tag)
            if value is not None:
                fields[key] = value
    return fields


def contact_element(contact):
    result = {}
    for tag, key in CONTACT_FIELDS:
        value = contact.get(key)
        if value in (None, '', []):
            continue
        result[tag] = list(value) if isinstance(value, (list, tuple)) else value
    if contact.get('id') is not None:
        result['id'] = contact['id']
    for key in ('created', 'updated'):
        if contact.get(key):
            result[key] = xml_date(contact[key])
    return result


def zone_line(chal):
    return '%s.\t%s\tIN\t%s\t"%s"' % (chal['record_name'], chal['ttl'], chal['record_type'], chal['record_value'])


def authentication_of_challenge(chal):
    """One prepare-order ``<authentication>`` (per name)."""
    method = chal['method']
    auth = {'name': chal['domain'], 'method': method.upper()}
    if method == 'dns':
        auth['dns'] = zone_line(chal)
    elif method == 'file':
        auth['file_name'] = chal['domain'] + chal['file_path']
        auth['file_content'] = chal['file_content']
    else:
        auth['approver_email'] = chal['approver_email']
    return auth


def authentication_element(method, challenges, provisioning=False):
    """The ``<authentication>`` of a certificate/job: ``<dns>`` repeated (one zone line per name),
    ``<approver_email>`` repeated, ``<file_name>``/``<file_content>`` of the first name, and one
    ``<domain>`` per name with that name's own data (``name``, ``method``, ``dns`` | ``file_name`` +
    ``file_content`` | ``approver_email``, ``status``)."""
    method = (method or (challenges[0]['method'] if challenges else 'dns')).lower()
    auth = {'method': method.upper()}
    if method == 'dns':
        auth['dns'] = [zone_line(chal) for chal in challenges]
        auth['provisioning'] = bool(provisioning)
    elif method == 'file' and challenges:
        auth['file_name'] = challenges[0]['domain'] + challenges[0]['file_path']
        auth['file_content'] = challenges[0]['file_content']
    elif method == 'email':
        auth['approver_email'] = [chal['approver_email'] for chal in challenges if chal.get('approver_email')]
    domains = []
    for chal in challenges:
        entry = authentication_of_challenge(chal)
        entry['status'] = {'valid': 'COMPLETED', 'invalid': 'NOT_COMPLETED'}.get(chal.get('status'), 'PENDING')
        domains.append(entry)
    auth['domain'] = domains or None
    return auth
