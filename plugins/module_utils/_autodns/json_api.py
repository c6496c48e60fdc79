# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""AutoDNS (InterNetX Domainrobot) over its JSON REST API (``https://api.autodns.com/v1``).

Every request carries HTTP Basic credentials and ``X-Domainrobot-Context``; every answer is the
envelope ``{stid, ctid, status: {code, text, type}, object: {type, value, summary}, data: [...],
messages: [...]}``.  Errors are taken from ``messages[0]`` and mapped by ``errors.error_from_envelope``.
Operation names carry the AutoDNS task code ("certificate create (400101)") so that an error
message says which call failed.
"""


import json

from ansible_collections.certops.reseller.plugins.module_utils._autodns import convert, errors, order_body
from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    InputError,
    MalformedResponseError,
    NotFoundError,
    NotRenewableError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact, Job, utcnow
from ansible_collections.certops.reseller.plugins.module_utils._provider import (
    ContactsInterface,
    JobOrders,
    ProviderCore,
    ZonesInterface,
)
from ansible_collections.certops.reseller.plugins.module_utils._names import normalize_name
from ansible_collections.certops.reseller.plugins.module_utils._paging import walk_pages


# Optional ConnectionSettings attributes -> the Domainrobot header they set (all optional:
# ConnectionSettings may not define them; ``headers`` may be a dict of further headers).
OPTIONAL_HEADER_SETTINGS = (
    ('two_factor_token', 'X-Domainrobot-2FA-Token'),
    ('owner_user', 'X-Domainrobot-Owner-User'),
    ('owner_context', 'X-Domainrobot-Owner-Context'),
    ('demo', 'X-Domainrobot-Demo'),
    ('ctid', 'X-Domainrobot-Ctid'),
)


def _describe_body(response):
    """A few words about a body that is not a JSON envelope (never its full content)."""
    body = response.body or b''
    if not body.strip():
        return 'an empty body'
    text = response.text.lstrip()
    if text[:1] == '<' or 'html' in response.content_type:
        return 'an HTML/XML page (content type %s)' % (response.content_type or 'missing')
    return 'a body of content type %s' % (response.content_type or 'missing')


class AutoDNSJsonProvider(JobOrders, ProviderCore, ContactsInterface, ZonesInterface):
    name = 'autodns'
    api_format = 'json'
    capabilities = convert.CAPABILITIES

    def __init__(self, http, settings):
        super(AutoDNSJsonProvider, self).__init__(http, settings)
        username = getattr(settings, 'username', None)
        if username and getattr(http, 'auth', None) is None:
            http.auth = (username, getattr(settings, 'password', None) or '')

    # -- plumbing ---------------------------------------------------------------------------
    def _headers(self, has_body):
        headers = {'Accept': 'application/json'}
        context = getattr(self.settings, 'context', None)
        headers['X-Domainrobot-Context'] = str(context if context not in (None, '') else 4)
        for attribute, header in OPTIONAL_HEADER_SETTINGS:
            value = getattr(self.settings, attribute, None)
            if value is not None and value is not False and value != '':
                headers[header] = str(value).lower() if isinstance(value, bool) else str(value)
        headers.update(getattr(self.settings, 'headers', None) or {})
        if has_body:
            headers['Content-Type'] = 'application/json'
        return headers

    def _parse(self, response, operation):
        """HttpResponse -> envelope dict, or MalformedResponseError naming the operation and HTTP status."""
        def malformed(what):
            return MalformedResponseError(
                'the provider answered with %s instead of a JSON envelope' % what,
                operation=operation, http_status=response.status, provider=self.name)

        if not (response.body or b'').strip():
            raise malformed('an empty body')
        if 'json' not in response.content_type:
            raise malformed(_describe_body(response))
        try:
            envelope = json.loads(response.body.decode('utf-8'))
        except (ValueError, UnicodeDecodeError):
            raise malformed('truncated or invalid JSON')
        if not isinstance(envelope, dict) or not isinstance(envelope.get('status'), dict):
            raise malformed('JSON without the status envelope')
        if envelope.get('data') is not None and not isinstance(envelope.get('data'), list):
            raise malformed('an envelope whose data is not a list')
        return envelope

    def _call(self, method, path, operation, body=None, mutating=False):
        """One request -> envelope; error answers raise the collection exception."""
        payload = json.dumps(body).encode('utf-8') if body is not None else None
        response, envelope = self.http.send_and_parse(method, path, operation, lambda r: self._parse(r, operation),
                                                      body=payload, headers=self._headers(payload is not None),
                                                      mutating=mutating)
        errors.raise_for_envelope(envelope, http_status=response.status, operation=operation, provider=self.name)
        return envelope

    @staticmethod
    def _data(envelope):
        return [item for item in (envelope.get('data') or []) if isinstance(item, dict)]

    def _first(self, envelope, operation, what):
        data = self._data(envelope)
        if not data:
            raise MalformedResponseError('the answer contains no %s' % what, operation=operation, provider=self.name)
        return data[0]

    @staticmethod
    def _summary(envelope):
        summary = (envelope.get('object') or {}).get('summary')
        try:
            return int(summary) if summary is not None else None
        except (TypeError, ValueError):
            return None

    def _search(self, path, operation, filters, limit=None, offset=0, view=None):
        """POST a Query, paging by PAGE_SIZE until ``limit`` items (every item when None) or the
        summary is reached.  ``view``: more QueryView fields (``from``/``to``).  -> (raw items, total)."""
        offset = int(offset or 0)

        def read_page(size, position):
            envelope = self._call('POST', path, operation, self._query(filters, size, position, view))
            return self._data(envelope), self._summary(envelope)

        items, total, dummy = walk_pages(read_page, None if limit is None else int(limit), offset)
        return items, total if total is not None else offset + len(items)

    @staticmethod
    def _query(filters, limit, offset, view=None):
        query = {'view': {'limit': limit, 'offset': offset}}
        query['view'].update(view or {})
        if filters:
            query['filters'] = [dict(f, link='AND') for f in filters] if len(filters) > 1 else list(filters)
        return query

    @staticmethod
    def _text_filter(key, value):
        """EQUAL, or LIKE when the value carries the AutoDNS wildcard ``*``."""
        return {'key': key, 'value': value, 'operator': 'LIKE' if '*' in str(value) else 'EQUAL'}

    @staticmethod
    def _require(value, what, operation):
        if not value:
            raise InputError('%s is required' % what, operation=operation, provider='autodns')

    @staticmethod
    def now():
        """The current time (UTC); a method so that tests can fix it."""
        return utcnow()

    # -- connection -------------------------------------------------------------------------
    def check_connection(self):
        """GET /hello: proves URL, credentials and context.  -> dict(stid=..., message=...)."""
        envelope = self._call('GET', '/hello', 'hello')
        status = envelope.get('status') or {}
        return dict(stid=envelope.get('stid'), message=status.get('text'), code=status.get('code'))

    # -- certificates -----------------------------------------------------------------------
    def prepare_order(self, request):
        operation = 'certificate prepare order (400110)'
        self._require(request.csr, 'a CSR', operation)
        envelope = self._call('POST', '/certificate/_prepareOrder', operation, order_body.prepare_order_to_api(request))
        data = self._first(envelope, operation, 'certificate data')
        return order_body.challenges_from_prepare_order(data, request)

    def _job_from_answer(self, envelope, operation, action, object_name, certificate_id=None, money=False):
        data = self._data(envelope)
        if not data or data[0].get('id') in (None, ''):
            text = 'the provider accepted the request (%s) but named no job id' % (
                (envelope.get('status') or {}).get('code') or 'no status code')
            if money:
                raise AmbiguousResultError(text + '; check the jobs before ordering again',
                                           operation=operation, provider=self.name)
            raise MalformedResponseError(text, operation=operation, provider=self.name)
        job = convert.job_from_api(data[0])
        job.status = job.status or 'running'
        job.provider_status = job.provider_status or 'RUNNING'
        job.action = job.action or action
        job.object = job.object or (envelope.get('object') or {}).get('value') or object_name
        if certificate_id is not None and not job.certificate_id:
            job.certificate_id = str(certificate_id)
        return job

    def create_certificate(self, request):
        operation = 'certificate create (400101)'
        self._require(request.csr, 'a CSR', operation)
        self._require(request.product, 'a product', operation)
        body = order_body.order_request_to_api(request)
        envelope = self._call('POST', '/certificate', operation, body, mutating=True)
        return self._job_from_answer(envelope, operation, 'create', request.common_name, money=True)

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        """Certificates exist at AutoDNS only once issued; ``status`` (issued / expired / ...) is
        filtered here, after the search, so with ``limit`` the total is the provider's count."""
        filters = []
        if common_name:
            filters.append(self._text_filter('name', common_name))
        if product:
            filters.append({'key': 'product', 'value': product, 'operator': 'EQUAL'})
        items, total = self._search('/certificate/_search', 'certificate list (400105)', filters, limit, offset)
        certificates = [convert.certificate_from_api(item) for item in items]
        if status:
            certificates = [c for c in certificates if c.status == status]
            if limit is None:
                total = len(certificates)
        return certificates, total

    def list_certificates_by_names(self, common_names):
        """Every certificate whose name is one of ``common_names``: one search, paged by 100.

        The IN operator with ``values`` is the spec's QueryFilter (autodns-openapi.json, definitions/QueryFilter)."""
        names = sorted(set(common_names or []))
        if not names:
            return []
        items, _total = self._search('/certificate/_search', 'certificate list (400105)',
                                     [{'key': 'name', 'values': names, 'operator': 'IN'}])
        return [convert.certificate_from_api(item) for item in items]

    def get_certificate(self, certificate_id, include_pem=True):  # the PEM comes with the answer anyway
        operation = 'certificate info (400104)'
        envelope = self._call('GET', '/certificate/%s' % certificate_id, operation)
        return convert.certificate_from_api(self._first(envelope, operation, 'certificate'))

    def reissue_certificate(self, certificate_id, request):
        operation = 'certificate reissue (400102)'
        self._require(request.csr, 'a CSR', operation)
        body = order_body.order_request_to_api(request)
        body['id'] = convert.id_value(certificate_id)
        # A reissue starts a job at the CA: it is not repeated after an unclear failure.
        envelope = self._call('PUT', '/certificate/%s' % certificate_id, operation, body, mutating=True)
        return self._job_from_answer(envelope, operation, 'reissue', request.common_name, certificate_id)

    def renew_certificate(self, certificate_id, request=None):
        operation = 'certificate renew (400106)'
        body = {}
        if request is not None:
            body = order_body.order_request_to_api(request)
            body['id'] = convert.id_value(certificate_id)
        try:
            envelope = self._call('PUT', '/certificate/%s/_renew' % certificate_id, operation, body, mutating=True)
        except NotRenewableError as exc:
            self._explain_renew_window(certificate_id, exc)
            raise
        return self._job_from_answer(envelope, operation, 'renew', request.common_name if request else None,
                                     certificate_id, money=True)

    def _explain_renew_window(self, certificate_id, error):
        """Fill ``opens_on`` of an EF4001012 error from the certificate's expiry (one read)."""
        errors.explain_renew_window(error, lambda: self.get_certificate(certificate_id))

    def _maybe_job(self, envelope, action, certificate_id):
        data = self._data(envelope)
        if data and data[0].get('id') not in (None, '') and ('status' in data[0] or 'job' in data[0]):
            job = convert.job_from_api(data[0])
            job.action = job.action or action
            job.certificate_id = job.certificate_id or str(certificate_id)
            return job
        return None

    def cancel_certificate(self, certificate_id):
        envelope = self._call('DELETE', '/certificate/%s' % certificate_id, 'certificate delete (400103)', mutating=True)
        return self._maybe_job(envelope, 'delete', certificate_id)

    def revoke_certificate(self, certificate_id, reason=None):
        """AutoDNS takes no revocation reason; ``reason`` is accepted for the interface and ignored."""
        envelope = self._call('POST', '/certificate/%s/_revoke' % certificate_id, 'certificate revoke (4001031)',
                              {'id': convert.id_value(certificate_id)}, mutating=True)
        return self._maybe_job(envelope, 'revoke', certificate_id)

    def product_allows_wildcard(self, product):
        """AutoDNS has no product catalogue call; its product names say it (see order_body.wildcard_allowed)."""
        return order_body.wildcard_allowed(product)

    # -- jobs ---------------------------------------------------------------------------------
    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        filters = []
        if status:
            values = convert.JOB_STATUS_FILTER.get(status)
            if values is None:
                raise InputError('job status must be one of %s, got %r' % (
                    ', '.join(sorted(convert.JOB_STATUS_FILTER)), status), provider=self.name)
            filters.append({'key': 'status', 'values': values, 'operator': 'IN'})
        if object_name:
            filters.append(self._text_filter('object', object_name))
        view = None
        if history:
            path, operation = '/job/history/_search', 'job history list (300135)'
            view = convert.history_view(self.now())
        else:
            path, operation = '/job/_search', 'job list (300115)'
        items, total = self._search(path, operation, filters, limit, offset, view)
        return [convert.job_from_api(item) for item in items], total

    def get_job(self, job_id, history=False):
        """A job that just ended moved to the history: without ``history`` a 404 (EF300101) on the
        running jobs is answered from the history automatically."""
        if not history:
            try:
                envelope = self._call('GET', '/job/%s' % job_id, 'job info (300114)')
                return convert.job_from_api(self._first(envelope, 'job info (300114)', 'job'))
            except NotFoundError:
                pass
        operation = 'job history info (300134)'
        envelope = self._call('GET', '/job/history/%s' % job_id, operation)
        return convert.job_from_api(self._first(envelope, operation, 'job'))

    def cancel_job(self, job_id):
        """The job shows CANCELED at once; the CA confirms later."""
        envelope = self._call('PUT', '/job/%s/_cancel' % job_id, 'job cancel (300121)', mutating=True)
        return Job(id=str(job_id), status='cancelled', provider_status='CANCELED',
                   object=None if (envelope.get('object') or {}).get('type') == 'ObjectJob'
                   else (envelope.get('object') or {}).get('value'))

    def resend_approver_email(self, job_id):
        self._call('PUT', '/job/%s/_resendApproverEmail' % job_id, 'approver e-mail resend (400118)')

    # -- contacts -------------------------------------------------------------------------------
    def _contact_answer(self, envelope, operation, fallback_id=None):
        data = self._data(envelope)
        if data:
            return convert.contact_from_api(data[0])
        value = (envelope.get('object') or {}).get('value') or fallback_id
        if value in (None, ''):
            raise MalformedResponseError('the answer names no contact', operation=operation, provider=self.name)
        return self.get_contact(value)

    def create_contact(self, contact):
        operation = 'ssl contact create (400201)'
        envelope = self._call('POST', '/sslcontact', operation, convert.contact_to_api(contact), mutating=True)
        return self._contact_answer(envelope, operation)

    def get_contact(self, contact_id):
        operation = 'ssl contact info (400204)'
        envelope = self._call('GET', '/sslcontact/%s' % contact_id, operation)
        return convert.contact_from_api(self._first(envelope, operation, 'contact'))

    def list_contacts(self, email=None, first_name=None, last_name=None, organization=None, limit=None, offset=0):
        filters = []
        for key, value in (('email', email), ('fname', first_name), ('lname', last_name), ('organization', organization)):
            if value:
                filters.append(self._text_filter(key, value))
        items, total = self._search('/sslcontact/_search', 'ssl contact list (400205)', filters, limit, offset)
        return [convert.contact_from_api(item) for item in items], total

    def update_contact(self, contact):
        operation = 'ssl contact update (400202)'
        if not isinstance(contact, Contact) or not contact.id:
            raise InputError('updating a contact needs its id', operation=operation, provider=self.name)
        body = convert.contact_to_api(contact, include_id=True)
        envelope = self._call('PUT', '/sslcontact/%s' % contact.id, operation, body, mutating=True)
        return self._contact_answer(envelope, operation, contact.id)

    def delete_contact(self, contact_id):
        self._call('DELETE', '/sslcontact/%s' % contact_id, 'ssl contact delete (400203)', mutating=True)

    # -- zones ----------------------------------------------------------------------------------
    def _zone_nameserver(self, name):
        operation = 'zone list (0205)'
        items, dummy = self._search('/zone/_search', operation, [{'key': 'name', 'value': name, 'operator': 'EQUAL'}],
                                    limit=10, offset=0)
        for item in items:
            if normalize_name(str(item.get('origin') or '')) == normalize_name(name) and item.get('virtualNameServer'):
                return item['virtualNameServer']
        raise NotFoundError('zone %s is not hosted at AutoDNS for this account' % name, operation=operation,
                            provider=self.name)

    def get_zone(self, name, nameserver=None):
        nameserver = nameserver or self._zone_nameserver(name)
        operation = 'zone info (0205)'
        envelope = self._call('GET', '/zone/%s/%s' % (name, nameserver), operation)
        zone = self._first(envelope, operation, 'zone')
        records = []
        for record in zone.get('resourceRecords') or []:
            if isinstance(record, dict):
                records.append(dict(name=record.get('name') or '', type=record.get('type'),
                                    value=record.get('value'), ttl=record.get('ttl')))
        return dict(origin=zone.get('origin') or name, nameserver=zone.get('virtualNameServer') or nameserver,
                    records=records)

    @staticmethod
    def _record_to_api(record):
        result = dict(name=record.get('name') or '', type=str(record.get('type') or '').upper(), value=record.get('value'))
        if record.get('ttl') is not None:
            result['ttl'] = int(record['ttl'])
        return result

    def update_zone_records(self, zone, adds=None, removes=None, nameserver=None):
        """POST /zone/{name}/_stream; the stream task needs no name server."""
        body = dict(adds=[self._record_to_api(r) for r in adds or []], rems=[self._record_to_api(r) for r in removes or []])
        envelope = self._call('POST', '/zone/%s/_stream' % zone, 'zone stream update (0202002)', body, mutating=True)
        data = self._data(envelope)
        return dict(origin=(data[0].get('origin') if data else None) or zone, added=len(body['adds']),
                    removed=len(body['rems']))
