# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AutoDNS JSON API front-end of the sandbox (prefix ``/autodns/v1``), see DESIGN.md.

Every answer is the Domainrobot envelope ``{stid, ctid, status, object, data, messages}``.
Routes (task code in brackets, logged as ``operation``):

    GET    /hello                                  hello
    POST   /certificate                  [400101]  create (a job; money)
    POST   /certificate/_prepareOrder    [400110]  DCV data for a CSR
    POST   /certificate/_search          [400105]  issued certificates (revoked/cancelled vanish)
    GET    /certificate/{id}             [400104]
    PUT    /certificate/{id}             [400102]  reissue (a job; free; EF400102 once the paid term has ended)
    DELETE /certificate/{id}             [400103]
    PUT    /certificate/{id}/_renew      [400106]  renew (a job; money; EF4001012 earlier than 90 days before payable)
    POST   /certificate/{id}/_revoke     [4001031]
    POST   /job/_search, /job/history/_search        [300115, 300135]
    GET    /job/{id}, /job/history/{id}              [300114, 300134]
    PUT    /job/{id}/_cancel             [300121]
    PUT|POST /job/{id}/_resendApproverEmail [400118]
    POST   /sslcontact, /sslcontact/_search; GET/PUT/DELETE /sslcontact/{id}  [400201, 400205, 400204/400202/400203]
    POST   /zone/_search; GET /zone/{name}[/{nameserver}]  [0205];  POST /zone/{name}/_stream [0202002]

Running jobs (pending/validating orders) are seen by /job/_search and GET /job/{id} only; ended
ones (SUCCESS/FAILED/CANCELED) only under /job/history.
"""

import base64
import binascii
import copy
import fnmatch
import re
import traceback

try:  # imported as tests.simulator.autodns_json
    from . import core
    from . import rules
except ImportError:  # imported as a top-level module by server.py
    import core
    import rules

PREFIX = '/autodns/v1'
NAMESERVER = 'a.ns14.net'
NAMESERVERS = ('a.ns14.net', 'b.ns14.net', 'c.ns14.net', 'd.ns14.net')
OWNER = {'context': 4, 'user': 'sandbox'}

# order status (core) -> AutoDNS job status: the spec's JobStatusConstants (DEFERRED; only the seed's
# sample says DEFFERED, which the XML gateway keeps)
JOB_STATUS = {'pending': 'RUNNING', 'validating': 'DEFERRED', 'issued': 'SUCCESS', 'failed': 'FAILED',
              'cancelled': 'CANCELED'}
ENDED = ('issued', 'failed', 'cancelled')
SUB_STATUS = {'dns': 'WF_DNS_AUTH', 'file': 'WF_FILE_AUTH', 'email': 'WF_EMAIL_AUTH'}
CONTACT_FIELDS = ('fname', 'lname', 'title', 'organization', 'address', 'pcode', 'city', 'state', 'country',
                  'phone', 'fax', 'email')
CONTACT_REQUIRED = ('fname', 'lname', 'email')


class ApiError(Exception):
    """Raised inside a handler: becomes an ERROR envelope."""

    def __init__(self, http_status, code, text, status_code=None, objects=None):
        super().__init__(text)
        self.http_status = http_status
        self.code = code
        self.text = text
        self.status_code = status_code or ('E' + code[2:] if code.startswith('EF') else code)
        self.objects = objects or []


def bad_input(text, field=None):
    objects = [{'type': 'field', 'value': field}] if field else None
    return ApiError(400, 'EF01000', text, status_code='E01000', objects=objects)


def json_date(value):
    """``2026-11-22T10:00:00Z`` (core) -> ``2026-11-22T10:00:00.000+0000`` (AutoDNS JSON)."""
    if not value:
        return None
    parsed = core.parse_iso(value)
    return parsed.strftime('%Y-%m-%dT%H:%M:%S.000+0000')


def _months(lifetime, default=12):
    if lifetime in (None, ''):
        return default
    if not isinstance(lifetime, dict):
        raise bad_input('lifetime must be an object {unit, period}', field='lifetime')
    try:
        period = int(lifetime.get('period'))
    except (TypeError, ValueError):
        raise bad_input('lifetime.period must be a number', 'lifetime.period')
    unit = str(lifetime.get('unit') or 'MONTH').upper()
    if unit not in ('MONTH', 'YEAR'):
        raise bad_input('lifetime.unit must be MONTH or YEAR', 'lifetime.unit')
    return period * 12 if unit == 'YEAR' else period


def _search_value(item, key):
    value = item.get(key)
    return '' if value is None else value


def _compare(actual, operator, filt):
    """One QueryFilter comparison; strings compare case-sensitively except ILIKE."""
    value = filt.get('value')
    values = filt.get('values')
    if operator in ('IN', 'NOT_IN'):
        wanted = [str(v) for v in (values if isinstance(values, list) else [value])]
        found = str(actual) in wanted
        return found if operator == 'IN' else not found
    if operator == 'IS_NULL':
        return actual in (None, '')
    if operator == 'IS_NOT_NULL':
        return actual not in (None, '')
    text, wanted = str(actual), str(value if value is not None else '')
    if operator == 'EQUAL':
        return text == wanted
    if operator == 'NOT_EQUAL':
        return text != wanted
    if operator in ('LIKE', 'NOT_LIKE'):
        found = fnmatch.fnmatchcase(text, wanted.replace('%', '*'))
        return found if operator == 'LIKE' else not found
    if operator == 'ILIKE':
        return fnmatch.fnmatchcase(text.lower(), wanted.replace('%', '*').lower())
    pairs = {'GREATER': lambda a, b: a > b, 'GREATER_EQUAL': lambda a, b: a >= b,
             'LESS': lambda a, b: a < b, 'LESS_EQUAL': lambda a, b: a <= b}
    if operator in pairs:
        try:
            return pairs[operator](float(text), float(wanted))
        except ValueError:
            return pairs[operator](text, wanted)
    raise bad_input('unknown operator %s' % operator, 'filters.operator')


def matches(item, filters, keys, aliases=None):
    """Evaluate a list of QueryFilters on ``item`` (dict of searchable values).
    ``link`` AND/OR joins a filter with the ones before it; nested ``filters`` form a group."""
    if not filters:
        return True
    if not isinstance(filters, list):
        raise bad_input('filters must be a list', 'filters')
    result = None
    for filt in filters:
        if not isinstance(filt, dict):
            raise bad_input('a filter must be an object', 'filters')
        if filt.get('filters'):
            outcome = matches(item, filt['filters'], keys, aliases)
        else:
            key = filt.get('key')
            key = (aliases or {}).get(key, key)
            if key not in keys:
                raise bad_input('unknown search key %r (known: %s)' % (filt.get('key'), ', '.join(sorted(keys))),
                                'filters.key')
            operator = str(filt.get('operator') or 'EQUAL').upper()
            outcome = _compare(_search_value(item, key), operator, filt)
        link = str(filt.get('link') or 'AND').upper()
        if result is None:
            result = outcome
        elif link == 'OR':
            result = result or outcome
        else:
            result = result and outcome
    return bool(result)


def check_filters(filters, keys, aliases=None):
    """Validate keys and operators even when there is nothing to match (400 EF01000 otherwise)."""
    matches(dict.fromkeys(keys), filters, keys, aliases)


def view_of(query):
    view = query.get('view') or {}
    if not isinstance(view, dict):
        raise bad_input('view must be an object', 'view')
    try:
        limit = int(view.get('limit')) if view.get('limit') not in (None, '') else 100
        offset = int(view.get('offset') or 0)
    except (TypeError, ValueError):
        raise bad_input('view.limit and view.offset must be numbers', 'view')
    if limit < 0 or offset < 0:
        raise bad_input('view.limit and view.offset must not be negative', 'view')
    return limit, offset


class Frontend:
    prefix = PREFIX
    provider = 'autodns'
    api_format = 'json'

    ROUTES = (
        ('GET', r'/hello', 'hello', '_hello'),
        ('POST', r'/certificate', '400101', '_certificate_create'),
        ('POST', r'/certificate/_prepareOrder', '400110', '_certificate_prepare'),
        ('POST', r'/certificate/_search', '400105', '_certificate_search'),
        ('GET', r'/certificate/(?P<id>[^/_][^/]*)', '400104', '_certificate_info'),
        ('PUT', r'/certificate/(?P<id>[^/_][^/]*)', '400102', '_certificate_reissue'),
        ('DELETE', r'/certificate/(?P<id>[^/_][^/]*)', '400103', '_certificate_delete'),
        ('PUT', r'/certificate/(?P<id>[^/]+)/_renew', '400106', '_certificate_renew'),
        ('POST', r'/certificate/(?P<id>[^/]+)/_revoke', '4001031', '_certificate_revoke'),
        ('POST', r'/job/_search', '300115', '_job_search'),
        ('POST', r'/job/history/_search', '300135', '_job_history_search'),
        ('GET', r'/job/history/(?P<id>[^/]+)', '300134', '_job_history_info'),
        ('GET', r'/job/(?P<id>[^/_][^/]*)', '300114', '_job_info'),
        ('PUT', r'/job/(?P<id>[^/]+)/_cancel', '300121', '_job_cancel'),
        ('PUT', r'/job/(?P<id>[^/]+)/_resendApproverEmail', '400118', '_job_resend'),
        ('POST', r'/job/(?P<id>[^/]+)/_resendApproverEmail', '400118', '_job_resend'),
        ('POST', r'/sslcontact', '400201', '_contact_create'),
        ('POST', r'/sslcontact/_search', '400205', '_contact_search'),
        ('GET', r'/sslcontact/(?P<id>[^/_][^/]*)', '400204', '_contact_info'),
        ('PUT', r'/sslcontact/(?P<id>[^/_][^/]*)', '400202', '_contact_update'),
        ('DELETE', r'/sslcontact/(?P<id>[^/_][^/]*)', '400203', '_contact_delete'),
        ('POST', r'/zone/_search', '0205', '_zone_search'),
        ('GET', r'/zone/(?P<name>[^/_][^/]*)', '0205', '_zone_info'),
        ('GET', r'/zone/(?P<name>[^/_][^/]*)/(?P<ns>[^/]+)', '0205', '_zone_info'),
        ('POST', r'/zone/(?P<name>[^/_][^/]*)/_stream', '0202002', '_zone_stream'),
    )

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.stid_counter = 0
        self.routes = [(method, re.compile('^%s/?$' % pattern), operation, getattr(self, handler))
                       for method, pattern, operation, handler in self.ROUTES]

    # ------------------------------------------------------------------ plumbing
    def handle(self, request):
        operation = None
        ctid = request.headers.get('x-domainrobot-ctid')
        try:
            route = self._route(request)
            if route is None:
                raise ApiError(404, 'EF00404', 'No route %s %s in this API.' % (request.method, request.path),
                               status_code='E0404')
            operation, handler, params = route
            if not self._authenticated(request):
                raise ApiError(401, 'EF01001', 'Authentication error.', status_code='E0101')
            status, body, mutating = handler(request, **params)
            body.setdefault('messages', [])
            return core.Reply.json(status, self._finish(body, ctid), operation, mutating)
        except ApiError as exc:
            return core.Reply.json(exc.http_status, self._finish(self._error_body(exc), ctid), operation, False)
        except Exception as exc:  # never raise: internal errors become a 500 envelope
            traceback.print_exc()
            error = ApiError(500, 'EF00500', 'Internal sandbox error: %s: %s' % (type(exc).__name__, exc),
                             status_code='E0500')
            return core.Reply.json(500, self._finish(self._error_body(error), ctid), operation, False)

    def _route(self, request):
        path = request.path or '/'
        for method, pattern, operation, handler in self.routes:
            if method != request.method.upper():
                continue
            match = pattern.match(path)
            if match:
                return operation, handler, match.groupdict()
        return None

    def _authenticated(self, request):
        header = request.headers.get('authorization') or ''
        if not header.lower().startswith('basic '):
            return False
        try:
            user, _sep, password = base64.b64decode(header[6:].strip(), validate=True).decode('utf-8').partition(':')
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return False
        context = request.headers.get('x-domainrobot-context', '4')
        return self.sandbox.check_autodns_auth(user, password, context)

    def _finish(self, body, ctid):
        self.stid_counter += 1
        body['stid'] = '%s-sandbox-%d' % (self.sandbox.now().strftime('%Y%m%d'), self.stid_counter)
        if ctid:
            body['ctid'] = ctid
        return body

    @staticmethod
    def _error_body(exc):
        message = {'code': exc.code, 'text': exc.text, 'status': 'ERROR'}
        if exc.objects:
            message['objects'] = exc.objects
        return {'status': {'code': exc.status_code, 'text': exc.text, 'type': 'ERROR'}, 'messages': [message]}

    @staticmethod
    def _ok(code, text, obj=None, data=None, type_='SUCCESS'):
        body = {'status': {'code': code, 'text': text, 'type': type_}}
        if obj is not None:
            body['object'] = obj
        if data is not None:
            body['data'] = data
        return body

    @staticmethod
    def _body(request, required=True):
        try:
            data = request.json()
        except (ValueError, UnicodeDecodeError):
            raise bad_input('The request body is not valid JSON.')
        if not isinstance(data, dict):
            raise bad_input('The request body must be a JSON object.')
        if required and not data:
            raise bad_input('The request body is missing.')
        return data

    def _save(self):
        self.sandbox.save()

    # ------------------------------------------------------------------ renderings
    def _contact_json(self, contact_id):
        contact = self.sandbox.get_contact(contact_id) if contact_id not in (None, '') else None
        if contact is None or contact.get('provider') != 'autodns':
            return {'id': int(contact_id)} if str(contact_id).isdigit() else None
        return self._contact_render(contact)

    @staticmethod
    def _contact_render(contact):
        result = dict((k, copy.deepcopy(contact[k])) for k in CONTACT_FIELDS if contact.get(k) not in (None, ''))
        result['id'] = contact['id']
        result['created'] = json_date(contact.get('created'))
        result['updated'] = json_date(contact.get('updated'))
        return result

    def _contacts_into(self, result, contacts):
        contacts = contacts or {}
        for role, key in (('admin', 'adminContact'), ('technical', 'technicalContact')):
            if contacts.get(role) not in (None, ''):
                rendered = self._contact_json(contacts[role])
                if rendered:
                    result[key] = rendered

    def _certificate_json(self, cert):
        extra = cert.get('extra') or {}
        chain = cert.get('chain') or []
        authorities = []
        if chain:
            authorities.append({'caType': 'INTERMEDIATE', 'caCertificate': chain[0]})
        if len(chain) > 1:
            authorities.append({'caType': 'ROOT', 'caCertificate': chain[-1]})
        result = {
            'id': cert['id'],
            'name': cert['common_name'],
            'product': cert['product'],
            'lifetime': {'unit': 'MONTH', 'period': cert['months']},
            'csr': cert['csr'],
            'server': cert['pem'],
            'serialNumber': cert['serial'],
            'created': json_date(cert.get('created')),
            'updated': json_date(cert.get('updated') or cert.get('created')),
            'expire': json_date(cert['not_after']),
            # the paid term beside the certificate (spec definitions/Certificate; values: tests/simulator/README.md)
            'payable': json_date(core.isoformat(self.sandbox.term_end_of(cert))),
            'multiyear': cert['months'] > 12,
            'reissueRequired': self.sandbox.reissue_required(cert),
            'reissueStatus': self.sandbox.reissue_status(cert),
            'histories': [{'serialNumber': old['serial'], 'orderId': str(old['order_id'])}
                          for old in cert.get('history') or []],
            'orderId': str(cert['order_id']),
            'partnerOrderId': 'SANDBOX-%s' % cert['order_id'],
            'subjectAlternativeNames': [{'name': n} for n in cert['names'][1:]],
            'certificationAuthority': authorities,
            'signatureHashAlgorithm': extra.get('signatureHashAlgorithm') or 'SHA2_FULL_CHAIN',
            'certificateTransparency': True,
            'certificateTransparencyPrivacy': 'PUBLIC',
            'authentication': {'method': str(cert.get('method') or 'dns').upper()},
        }
        if extra.get('software'):
            result['software'] = extra['software']
        self._contacts_into(result, cert.get('contacts'))
        return result

    def _authentication_json(self, order):
        """ONE CertAuthentication for the whole order: ``domains`` lists every validated name; DNS: one zone
        line per name separated by newlines; FILE: the common name's fileName/fileContent (same for all)."""
        challenges = order.get('challenges') or []
        method = order['method']
        auth = {'method': method.upper(), 'domains': [self._domain_authentication(method, c) for c in challenges]}
        if method == 'dns':
            auth['dns'] = '\n'.join(self._zone_line(c) for c in challenges)
            auth['provisioning'] = bool(order.get('provisioning'))
        elif method == 'file' and challenges:
            auth['fileName'] = challenges[0]['domain'] + challenges[0]['file_path']
            auth['fileContent'] = challenges[0]['file_content']
        elif method == 'email':
            auth['approverEmails'] = [c['approver_email'] for c in challenges]
        if challenges and all(c.get('status') == 'valid' for c in challenges):
            auth['status'] = 'COMPLETED'
        return auth

    def _domain_authentication(self, method, challenge):
        """One name's own DCV data (tokens differ per name), as the XML front-end gives it too."""
        entry = {'name': challenge['domain'], 'method': method.upper(),
                 'status': {'valid': 'COMPLETED', 'invalid': 'NOT_COMPLETED'}.get(challenge.get('status'), 'PENDING')}
        if method == 'dns':
            entry['dns'] = self._zone_line(challenge)
        elif method == 'file':
            entry['fileName'] = challenge['domain'] + challenge['file_path']
            entry['fileContent'] = challenge['file_content']
        elif challenge.get('approver_email'):
            entry['approverEmails'] = [challenge['approver_email']]
        return entry

    @staticmethod
    def _zone_line(challenge):
        return '%s.\t%s\tIN\t%s\t"%s"' % (challenge['record_name'], challenge['ttl'], challenge['record_type'],
                                          challenge['record_value'])

    def _job_json(self, order):
        status = JOB_STATUS[order['status']]
        job = {
            'id': order['id'],
            'status': status,
            'subType': order['product'],
            'action': order['action'],
            'created': json_date(order['created']),
            'updated': json_date(order['updated']),
            'execution': json_date(order['updated']),
            'owner': dict(OWNER),
            'updater': dict(OWNER),
        }
        if order['status'] == 'validating':
            job['subStatus'] = SUB_STATUS[order['method']]
        data = None
        cert = None
        if order.get('certificate_id') is not None:
            cert = self.sandbox.get_certificate(order['certificate_id'])
        if order['status'] == 'issued' and cert is not None:
            data = self._certificate_json(cert)
        else:
            data = {
                'name': order['names'][0],
                'product': order['product'],
                'lifetime': {'unit': 'MONTH', 'period': order['months']},
                'csr': order['csr'],
                'subjectAlternativeNames': [{'name': n} for n in order['names'][1:]],
                'created': json_date(order['created']),
                'certificationAuthority': [],
            }
            if order.get('certificate_id') is not None:
                data['id'] = order['certificate_id']
            extra = order.get('extra') or {}
            for key in ('software', 'signatureHashAlgorithm'):
                if extra.get(key):
                    data[key] = extra[key]
            self._contacts_into(data, order.get('contacts'))
        data['authentication'] = self._authentication_json(order)
        return {'job': job, 'object': {'type': 'Certificate', 'value': order['names'][0], 'data': data}}

    def _zone_json(self, zone):
        return {
            'origin': zone['origin'],
            'virtualNameServer': NAMESERVER,
            'nameServers': [{'name': ns} for ns in NAMESERVERS],
            'created': json_date(zone.get('created')),
            'updated': json_date(zone.get('updated')),
            'soa': {'refresh': 43200, 'retry': 7200, 'expire': 1209600, 'ttl': 86400,
                    'email': 'hostmaster@%s' % zone['origin']},
            'resourceRecords': [dict((k, r[k]) for k in ('name', 'type', 'value', 'ttl')) for r in zone['records']],
        }

    # ------------------------------------------------------------------ lookups
    def _live_certificate(self, certificate_id):
        """An AutoDNS certificate that was issued and not revoked/cancelled; else 404 EF4001001."""
        cert = self.sandbox.get_certificate(certificate_id)
        if cert is None or cert.get('provider') != 'autodns' or cert['status'] in ('revoked', 'cancelled'):
            raise ApiError(404, 'EF4001001', 'Certificate %s not found.' % certificate_id,
                           objects=[{'type': 'Certificate', 'value': str(certificate_id)}])
        return cert

    def _order(self, job_id, ended):
        order = self.sandbox.get_order(job_id)
        if order is None or order['provider'] != 'autodns' or (order['status'] in ENDED) != ended:
            raise ApiError(404, 'EF300101', 'Job %s not found.' % job_id, status_code='E300101',
                           objects=[{'type': 'ObjectJob', 'value': str(job_id)}])
        return order

    def _contact(self, contact_id):
        contact = self.sandbox.get_contact(contact_id)
        if contact is None or contact.get('provider') != 'autodns':
            raise ApiError(404, 'EF4002001', 'SSL contact %s not found.' % contact_id,
                           objects=[{'type': 'SslContact', 'value': str(contact_id)}])
        return contact

    def _check_contacts(self, body):
        """adminContact / technicalContact {id} must name existing SSL contacts (EF4001006 / EF4001010)."""
        contacts = {}
        for key, role, code, label in (('adminContact', 'admin', 'EF4001006', 'administrative'),
                                       ('technicalContact', 'technical', 'EF4001010', 'technical')):
            value = body.get(key)
            if value in (None, '', {}):
                continue
            contact_id = value.get('id') if isinstance(value, dict) else value
            if contact_id in (None, ''):
                raise ApiError(400, code, 'The %s contact is invalid: it needs an id.' % label)
            contact = self.sandbox.get_contact(contact_id)
            if contact is None or contact.get('provider') != 'autodns':
                raise ApiError(400, code, 'The %s contact %s is invalid.' % (label, contact_id),
                               objects=[{'type': 'SslContact', 'value': str(contact_id)}])
            contacts[role] = contact['id']
        return contacts

    # ------------------------------------------------------------------ order bodies
    @staticmethod
    def _method(auth, default='dns'):
        if isinstance(auth, list):
            auth = auth[0] if auth else {}
        if auth in (None, ''):
            auth = {}
        if not isinstance(auth, dict):
            raise bad_input('authentication must be an object', 'authentication')
        method = str(auth.get('method') or default).lower()
        if method not in ('dns', 'email', 'file'):
            raise bad_input('authentication.method must be DNS, EMAIL or FILE', 'authentication.method')
        return method, auth

    @staticmethod
    def _sans(body):
        sans = body.get('subjectAlternativeNames')
        if sans in (None, []):
            return None, None
        if not isinstance(sans, list):
            raise bad_input('subjectAlternativeNames must be a list', 'subjectAlternativeNames')
        names, approver = [], None
        for san in sans:
            name = san.get('name') if isinstance(san, dict) else san
            if not name:
                raise bad_input('a subjectAlternativeName needs a name', 'subjectAlternativeNames.name')
            names.append(str(name))
            if isinstance(san, dict) and san.get('approverEmail') and approver is None:
                approver = san['approverEmail']
        return names, approver

    def _order_args(self, body, cert=None):
        """Common arguments of create_order from a Certificate body (cert: the existing one for reissue/renew)."""
        csr = body.get('csr') or (cert or {}).get('csr')
        if not csr:
            raise bad_input('The field csr is missing.', 'csr')
        product = body.get('product') or (cert or {}).get('product')
        if not product:
            raise bad_input('The field product is missing.', 'product')
        self._check_product(product)
        method, auth = self._method(body.get('authentication'), (cert or {}).get('method') or 'dns')
        sans, san_approver = self._sans(body)
        if sans is None and cert is not None and not body.get('csr'):
            sans = cert['names'][1:]
        approvers = auth.get('approverEmails') or []
        if approvers and not isinstance(approvers, list):
            raise bad_input('authentication.approverEmails must be a list', 'authentication.approverEmails')
        months = _months(body.get('lifetime'), (cert or {}).get('months') or 12)
        extra = dict((k, body[k]) for k in ('software', 'signatureHashAlgorithm') if body.get(k))
        return dict(common_name=body.get('name') or (cert or {}).get('common_name'), sans=sans, csr=csr,
                    product=product, months=months, method=method,
                    approver_email=(approvers[0] if approvers else None) or san_approver,
                    provisioning=bool(auth.get('provisioning')), extra=extra)

    @staticmethod
    def _check_product(product):
        if product not in rules.AUTODNS_PRODUCTS:
            raise ApiError(400, 'EF01000', 'The product %s does not exist.' % product, status_code='E4001012',
                           objects=[{'type': 'product', 'value': str(product)}])

    def _place(self, args, contacts, action, certificate_id=None):
        try:
            order = self.sandbox.create_order('autodns', args['common_name'], args['sans'], args['csr'], args['product'],
                                              args['months'], args['method'], approver_email=args['approver_email'],
                                              provisioning=args['provisioning'], contacts=contacts, action=action,
                                              certificate_id=certificate_id, extra=args['extra'])
        except ValueError as exc:
            raise bad_input(str(exc))
        self._save()
        return order

    # ------------------------------------------------------------------ handlers: hello, certificates
    def _hello(self, request):
        return 200, self._ok('S0000', 'Hello from the certops sandbox.', data=[]), False

    def _certificate_create(self, request):
        body = self._body(request)
        if not body.get('name'):
            raise bad_input('The field name is missing.', 'name')
        args = self._order_args(body)
        contacts = self._check_contacts(body)
        order = self._place(args, contacts, 'create')
        answer = self._ok('N400101', 'The certificate order was started.', type_='NOTIFY',
                          obj={'type': 'Certificate', 'value': order['names'][0]},
                          data=[{'id': order['id'], 'status': 'RUNNING'}])
        return 200, answer, True

    def _certificate_prepare(self, request):
        body = self._body(request)
        csr = body.get('plain')
        if not csr:
            raise bad_input('The field plain (the CSR) is missing.', 'plain')
        method, auth = self._method(body.get('authentication'))
        if body.get('product') not in (None, ''):   # prepareOrder checks the product it is told (400110)
            self._check_product(body['product'])
        sans, approver = self._sans(body)
        approvers = auth.get('approverEmails') or []
        try:
            names = self.sandbox.order_names(csr, body.get('name'), sans)
            challenges = self.sandbox.challenges_for(csr, names, method, 'autodns',
                                                     (approvers[0] if approvers else None) or approver)
        except ValueError as exc:
            raise bad_input(str(exc), 'plain')
        authentication = []
        for chal in challenges:
            item = {'name': chal['domain'], 'method': method.upper()}
            if method == 'dns':
                item['dns'] = self._zone_line(chal)
            elif method == 'file':
                item['fileName'] = chal['domain'] + chal['file_path']
                item['fileContent'] = chal['file_content']
            else:
                item['approverEmails'] = [chal['approver_email']]
            authentication.append(item)
        data = {'name': names[0], 'subjectAlternativeNames': [{'name': n} for n in names[1:]], 'plain': csr,
                'product': body.get('product'), 'authentication': authentication}
        answer = self._ok('S400110', 'The certificate order was prepared.',
                          obj={'type': 'CertificateData', 'value': names[0]}, data=[data])
        return 200, answer, False

    CERTIFICATE_KEYS = frozenset(('id', 'name', 'product', 'orderId', 'serialNumber', 'expire', 'created'))

    def _certificate_search(self, request):
        query = self._body(request, required=False)
        limit, offset = view_of(query)
        check_filters(query.get('filters'), self.CERTIFICATE_KEYS)
        found = []
        for cert in self.sandbox.list_certificates(provider='autodns'):
            if cert['status'] in ('revoked', 'cancelled'):
                continue
            item = {'id': cert['id'], 'name': cert['common_name'], 'product': cert['product'],
                    'orderId': str(cert['order_id']), 'serialNumber': cert['serial'],
                    'expire': json_date(cert['not_after']), 'created': json_date(cert.get('created'))}
            if matches(item, query.get('filters'), self.CERTIFICATE_KEYS):
                found.append(cert)
        page = found[offset:offset + limit]
        answer = self._ok('S400105', 'Certificates were inquired successfully.',
                          obj={'type': 'Certificate', 'summary': len(found)},
                          data=[self._certificate_json(c) for c in page])
        return 200, answer, False

    def _certificate_info(self, request, id):
        cert = self._live_certificate(id)
        answer = self._ok('S400104', 'The certificate was inquired successfully.',
                          obj={'type': 'Certificate', 'value': str(cert['id'])}, data=[self._certificate_json(cert)])
        return 200, answer, False

    def _certificate_reissue(self, request, id):
        cert = self._live_certificate(id)
        if self.sandbox.term_ended(cert):
            # No documented code: EF400102 follows the sandbox's EF + task code pattern (EF400118), see README.md.
            ended = self.sandbox.term_end_of(cert).strftime('%Y-%m-%d')
            raise ApiError(400, 'EF400102', 'The certificate cannot be reissued: its paid term ended on %s '
                           '(payable). Renew it or order a new one.' % ended, status_code='E400102',
                           objects=[{'type': 'Certificate', 'value': str(cert['id'])}])
        body = self._body(request, required=False)
        args = self._order_args(body, cert)
        contacts = self._check_contacts(body) or copy.deepcopy(cert.get('contacts') or {})
        order = self._place(args, contacts, 'reissue', cert['id'])
        answer = self._ok('N400102', 'The certificate reissue was started.', type_='NOTIFY',
                          obj={'type': 'Certificate', 'value': order['names'][0]},
                          data=[{'id': order['id'], 'status': 'RUNNING'}])
        return 200, answer, True

    def _certificate_delete(self, request, id):
        cert = self._live_certificate(id)
        self.sandbox.cancel_certificate(cert['id'])
        answer = self._ok('S400103', 'The certificate was deleted successfully.',
                          obj={'type': 'Certificate', 'value': str(cert['id'])})
        return 200, answer, True

    def _certificate_renew(self, request, id):
        cert = self._live_certificate(id)
        body = self._body(request, required=False)
        if not self.sandbox.can_renew(cert):
            opens = self.sandbox.renewable_from(cert)
            # the date renewal opens comes first: clients take the first date of the text
            raise ApiError(400, 'EF4001012', 'The certificate cannot be renewed yet: renewal is possible from %s, '
                           'only 90 days before the end of its paid term (payable %s).'
                           % (opens.strftime('%Y-%m-%d'), self.sandbox.term_end_of(cert).strftime('%Y-%m-%d')),
                           status_code='E4001012', objects=[{'type': 'Certificate', 'value': str(cert['id'])}])
        args = self._order_args(body, cert)
        contacts = self._check_contacts(body) or copy.deepcopy(cert.get('contacts') or {})
        order = self._place(args, contacts, 'renew', cert['id'])
        answer = self._ok('N400106', 'The renewal of the certificate was started.', type_='NOTIFY',
                          obj={'type': 'Certificate', 'value': order['names'][0]}, data=[{'id': order['id']}])
        return 200, answer, True

    def _certificate_revoke(self, request, id):
        cert = self._live_certificate(id)
        self._body(request, required=False)
        self.sandbox.revoke_certificate(cert['id'])
        answer = self._ok('S4001031', 'The certificate was revoked successfully.',
                          obj={'type': 'Certificate', 'value': str(cert['id'])})
        return 200, answer, True

    # ------------------------------------------------------------------ handlers: jobs
    JOB_KEYS = ('id', 'status', 'subStatus', 'subType', 'action', 'object', 'created', 'updated')

    def _search_jobs(self, request, ended, code):
        query = self._body(request, required=False)
        limit, offset = view_of(query)
        if ended:
            self._check_history_window(query.get('view') or {})
        filters = query.get('filters')
        self._check_status_filters(filters)
        check_filters(filters, set(self.JOB_KEYS))
        found = []
        for order in self.sandbox.list_orders(provider='autodns', active=not ended):
            rendered = self._job_json(order)
            job = rendered['job']
            item = dict((k, job.get(k)) for k in self.JOB_KEYS)
            item['object'] = order['names'][0]
            if matches(item, filters, set(self.JOB_KEYS)):
                found.append(rendered)
        page = found[offset:offset + limit]
        for entry in page:
            entry['object'].pop('data', None)
        answer = self._ok(code, 'Request data has been inquired successfully.',
                          obj={'type': 'ObjectJob', 'summary': len(found)}, data=page)
        return 200, answer, False

    @staticmethod
    def _check_history_window(view):
        """QueryView ``from``/``to``: "Required for Historical Task" (autodns-openapi.json).  Both must be
        dates; the sandbox does not narrow the history by them (the spec does not say which date they
        compare with - our reading)."""
        for key in ('from', 'to'):
            value = view.get(key)
            if value in (None, ''):
                raise bad_input('view.%s is required for a historical task.' % key, 'view.%s' % key)
            try:
                core.parse_iso(str(value).replace(' ', 'T'))
            except (TypeError, ValueError):
                raise bad_input('view.%s is not a date-time: %s' % (key, value), 'view.%s' % key)

    def _check_status_filters(self, filters):
        """A status filter may only name JobStatusConstants (the seed's DEFFERED is not one)."""
        if not isinstance(filters, list):
            return
        for filt in filters:
            if not isinstance(filt, dict):
                continue
            if filt.get('key') == 'status':
                values = filt.get('values') if isinstance(filt.get('values'), list) else [filt.get('value')]
                for value in values:
                    if value not in rules.JOB_STATUS_CONSTANTS:
                        raise bad_input('%s is not a job status (JobStatusConstants: %s)'
                                        % (value, ', '.join(rules.JOB_STATUS_CONSTANTS)), 'filters.value')
            self._check_status_filters(filt.get('filters'))

    def _job_search(self, request):
        return self._search_jobs(request, False, 'S300115')

    def _job_history_search(self, request):
        return self._search_jobs(request, True, 'S300135')

    def _job_info(self, request, id):
        order = self._order(id, ended=False)
        answer = self._ok('S300114', 'The workflow order was inquired successfully.',
                          obj={'type': 'ObjectJob', 'value': str(order['id'])}, data=[self._job_json(order)])
        return 200, answer, False

    def _job_history_info(self, request, id):
        order = self._order(id, ended=True)
        answer = self._ok('S300134', 'The workflow order was inquired successfully.',
                          obj={'type': 'ObjectJob', 'value': str(order['id'])}, data=[self._job_json(order)])
        return 200, answer, False

    def _job_cancel(self, request, id):
        order = self._order(id, ended=False)
        self.sandbox.cancel_order(order['id'])
        self._save()
        answer = self._ok('S300121', 'The workflow request was canceled successfully.',
                          obj={'type': 'ObjectJob', 'value': str(order['id'])})
        return 200, answer, True

    def _job_resend(self, request, id):
        order = self._order(id, ended=False)
        if order['status'] != 'validating' or order['method'] != 'email':
            raise ApiError(400, 'EF400118', 'Job %s does not wait for approver e-mail.' % order['id'],
                           objects=[{'type': 'ObjectJob', 'value': str(order['id'])}])
        answer = self._ok('S400118', 'The order for resending was successfully submitted to the CA.',
                          obj={'type': 'Certificate_job', 'value': str(order['id'])})
        return 200, answer, False

    # ------------------------------------------------------------------ handlers: contacts
    @staticmethod
    def _contact_fields(body, partial):
        fields = {}
        for key in CONTACT_FIELDS:
            if key in body and body[key] is not None:
                value = body[key]
                if key == 'address':
                    if isinstance(value, str):
                        value = [value]
                    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                        raise bad_input('address must be a list of lines', 'address')
                elif not isinstance(value, (str, int)):
                    raise bad_input('%s must be a string' % key, key)
                else:
                    value = str(value)
                fields[key] = value
        if not partial:
            for key in CONTACT_REQUIRED:
                if not fields.get(key):
                    raise bad_input('The field %s is missing.' % key, key)
        if fields.get('email') and '@' not in fields['email']:
            raise bad_input('The field email is not an e-mail address.', 'email')
        return fields

    @staticmethod
    def _check_contact(fields, partial=False):
        problem = rules.contact_problem(fields, rules.AUTODNS_PHONE, () if partial else rules.AUTODNS_CONTACT_REQUIRED)
        if problem:
            raise bad_input(problem[1], problem[0])

    def _contact_create(self, request):
        fields = self._contact_fields(self._body(request), partial=False)
        self._check_contact(fields)
        contact = self.sandbox.create_contact('autodns', fields)
        answer = self._ok('S400201', 'The SSL contact was created successfully.',
                          obj={'type': 'SslContact', 'value': str(contact['id'])}, data=[self._contact_render(contact)])
        return 200, answer, True

    def _contact_info(self, request, id):
        contact = self._contact(id)
        answer = self._ok('S400204', 'The SSL contact was inquired successfully.',
                          obj={'type': 'SslContact', 'value': str(contact['id'])}, data=[self._contact_render(contact)])
        return 200, answer, False

    def _contact_update(self, request, id):
        contact = self._contact(id)
        fields = self._contact_fields(self._body(request), partial=True)
        self._check_contact(dict(contact, **fields))
        contact = self.sandbox.update_contact(contact['id'], fields)
        answer = self._ok('S400202', 'The SSL contact was updated successfully.',
                          obj={'type': 'SslContact', 'value': str(contact['id'])}, data=[self._contact_render(contact)])
        return 200, answer, True

    def _contact_delete(self, request, id):
        contact = self._contact(id)
        self.sandbox.delete_contact(contact['id'])
        answer = self._ok('S400203', 'The SSL contact was deleted successfully.',
                          obj={'type': 'SslContact', 'value': str(contact['id'])})
        return 200, answer, True

    def _contact_search(self, request):
        query = self._body(request, required=False)
        limit, offset = view_of(query)
        keys = set(CONTACT_FIELDS) | {'id', 'created', 'updated'}
        check_filters(query.get('filters'), keys)
        found = []
        for contact in self.sandbox.list_contacts(provider='autodns'):
            item = dict((k, contact.get(k)) for k in keys)
            item['address'] = ' '.join(contact.get('address') or [])
            if matches(item, query.get('filters'), keys):
                found.append(contact)
        answer = self._ok('S400205', 'SSL contacts were inquired successfully.',
                          obj={'type': 'SslContact', 'summary': len(found)},
                          data=[self._contact_render(c) for c in found[offset:offset + limit]])
        return 200, answer, False

    # ------------------------------------------------------------------ handlers: zones
    def _zone(self, name, nameserver=None):
        zone = self.sandbox.get_zone(name)
        if zone is None or (nameserver is not None and nameserver.rstrip('.').lower() not in NAMESERVERS):
            raise ApiError(404, 'EF02001', 'Zone %s not found.' % name, status_code='E0205',
                           objects=[{'type': 'Zone', 'value': str(name)}])
        return zone

    def _zone_search(self, request):
        query = self._body(request, required=False)
        limit, offset = view_of(query)
        zone_keys = {'name', 'virtualNameServer', 'created', 'updated'}
        check_filters(query.get('filters'), zone_keys, aliases={'origin': 'name'})
        found = []
        for zone in self.sandbox.list_zones():
            item = {'name': zone['origin'], 'virtualNameServer': NAMESERVER,
                    'created': json_date(zone.get('created')), 'updated': json_date(zone.get('updated'))}
            if matches(item, query.get('filters'), zone_keys, aliases={'origin': 'name'}):
                found.append(zone)
        data = [{'origin': z['origin'], 'virtualNameServer': NAMESERVER, 'created': json_date(z.get('created')),
                 'updated': json_date(z.get('updated'))} for z in found[offset:offset + limit]]
        answer = self._ok('S0205', 'Zones were inquired successfully.', obj={'type': 'Zone', 'summary': len(found)},
                          data=data)
        return 200, answer, False

    def _zone_info(self, request, name, ns=None):
        zone = self._zone(name, ns)
        answer = self._ok('S0205', 'The zone was inquired successfully.',
                          obj={'type': 'Zone', 'value': zone['origin']}, data=[self._zone_json(zone)])
        return 200, answer, False

    def _zone_stream(self, request, name):
        self._zone(name)
        body = self._body(request)
        adds, rems = body.get('adds') or [], body.get('rems') or []
        if not isinstance(adds, list) or not isinstance(rems, list):
            raise bad_input('adds and rems must be lists of resource records', 'adds')
        try:
            zone = self.sandbox.zone_update(name, adds, rems)
        except KeyError:
            raise ApiError(404, 'EF02001', 'Zone %s not found.' % name, status_code='E0205')
        except ValueError as exc:
            raise bad_input(str(exc), 'adds')
        answer = self._ok('S0202002', 'The zone was updated successfully.',
                          obj={'type': 'Zone', 'value': zone['origin']}, data=[self._zone_json(zone)])
        return 200, answer, True
