# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""AutoDNS through the XML gateway: one POST of ``<request><auth/><task/></request>`` per task.

``xml_codec`` writes the request documents and parses the answers (xmltodict, behind a guard);
``xml_shapes`` translates between the gateway's elements and the JSON API's shapes, which
``convert`` then normalizes exactly like JSON answers.  This module is the provider: tasks,
paging, errors.
"""


import uuid

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    InputError,
    MalformedResponseError,
    MissingDependencyError,
    NotFoundError,
    NotRenewableError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Job
from ansible_collections.certops.reseller.plugins.module_utils._paging import walk_pages
from ansible_collections.certops.reseller.plugins.module_utils._provider import (
    ContactsInterface,
    JobOrders,
    ProviderCore,
)
from ansible_collections.certops.reseller.plugins.module_utils._autodns import convert, errors, order_body
from ansible_collections.certops.reseller.plugins.module_utils._autodns.xml_codec import (
    HAS_XMLTODICT,
    PROVIDER_NAME,
    XML_CONTENT_TYPE,
    XMLTODICT_IMPORT_ERROR,
    build_request,
    build_where,
    parse_xml,
    xml_first,
    xml_list,
    xml_scalar,
)
from ansible_collections.certops.reseller.plugins.module_utils._autodns.xml_shapes import (
    json_certificate_data_to_xml,
    json_certificate_to_xml,
    json_contact_to_xml,
    xml_certificate_data_to_json,
    xml_certificate_job_to_json,
    xml_certificate_to_json,
    xml_contact_to_json,
    xml_int,
    xml_result_to_envelope,
)

# "If no limit is specified in the View element, the number of queried objects is limited to 100"
# (Running List Inquiries): every list is paged with this size until its summary is reached.

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


def operation_name(code):
    return '%s (%s)' % (TASKS.get(code, 'task'), code)


def _require(value, what, code):
    if not value:
        raise InputError('%s is required' % what, operation=operation_name(code), provider=PROVIDER_NAME)


def _text_filter(key, value):
    """``eq``, or ``like`` when the value carries the AutoDNS wildcard ``*``."""
    return (key, 'like' if '*' in str(value) else 'eq', value)


# Same behaviour as the JSON API; the zone calls of the JSON API are not offered on this gateway.
CAPABILITIES = convert.CAPABILITIES


class AutoDNSXmlProvider(JobOrders, ProviderCore, ContactsInterface):
    name = PROVIDER_NAME
    api_format = 'xml'
    capabilities = CAPABILITIES

    def __init__(self, http, settings):
        super(AutoDNSXmlProvider, self).__init__(http, settings)
        self.last_stid = None

    # -- transport ---------------------------------------------------------------------------
    def _call(self, code, content=None, answer=None):
        """Send one task; returns the parsed ``<data>`` (a dict, {} when empty).  Error answers raise
        the exception ``errors.error_from_envelope`` chooses, exactly as on the JSON API.
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
        result = xml_first(parsed.get('result'))
        envelope = xml_result_to_envelope(result, stid=xml_scalar(parsed.get('stid')), ctid=xml_scalar(parsed.get('ctid')))
        self.last_stid = envelope.get('stid')
        if answer is not None:
            answer.update(envelope)
        if errors.is_error_envelope(envelope, response.status):
            raise errors.error_from_envelope(envelope, http_status=response.status, operation=operation,
                                             provider=PROVIDER_NAME)
        data = xml_first(result.get('data'))
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
        PAGE_SIZE and pages until ``limit`` items (every item when None) or the summary is reached.
        A page may come short of what it asked (items ``translate`` drops): with a summary, only the
        summary ends the list."""
        where = build_where(filters)

        def read_page(size, position):
            view = {'offset': position, 'limit': size, 'children': True}
            view.update(extra_view or {})
            content = {'view': view}
            if where:
                content['where'] = where
            data = self._call(code, content)
            batch = [item for item in (translate(element) for element in xml_list(data.get(key))) if item]
            summary = xml_int(data.get('summary'))
            return batch, summary if isinstance(summary, int) else None

        items, total, dummy = walk_pages(read_page, limit, offset or 0, short_page_ends=False)
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
        body = json_certificate_data_to_xml(order_body.prepare_order_to_api(request))
        data = self._call('400110', {'certificate_data': body})
        return order_body.challenges_from_prepare_order(xml_certificate_data_to_json(data.get('certificate_data')) or {},
                                                        request)

    def create_certificate(self, request):
        _require(request.csr, 'a CSR', '400101')
        _require(request.product, 'a product', '400101')
        body = json_certificate_to_xml(order_body.order_request_to_api(request))
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
        body = json_certificate_to_xml(order_body.order_request_to_api(request), certificate_id)
        return self._job(self._call('400102', {'certificate': body}), '400102', 'reissue', request.common_name,
                         certificate_id)

    def renew_certificate(self, certificate_id, request=None):
        """AutoDNS renews in place: the job's certificate id is the renewed certificate's."""
        if request is None:
            body = {'id': str(certificate_id)}
        else:
            body = json_certificate_to_xml(order_body.order_request_to_api(request), certificate_id)
        try:
            data = self._call('400106', {'certificate': body})
        except NotRenewableError as exc:
            self._explain_renew_window(certificate_id, exc)
            raise
        return self._job(data, '400106', 'renew', request.common_name if request else None, certificate_id, money=True)

    def _explain_renew_window(self, certificate_id, error):
        """Fill ``opens_on`` of an EF4001012 error from the certificate's expiry (one read)."""
        errors.explain_renew_window(error, lambda: self.get_certificate(certificate_id))

    def cancel_certificate(self, certificate_id):
        return self._optional_job(self._call('400103', {'certificate': {'id': str(certificate_id)}}), 'delete',
                                  certificate_id)

    def revoke_certificate(self, certificate_id, reason=None):
        """AutoDNS takes no revocation reason; ``reason`` is accepted for the interface and ignored."""
        return self._optional_job(self._call('4001031', {'certificate': {'id': str(certificate_id)}}), 'revoke',
                                  certificate_id)

    def product_allows_wildcard(self, product):
        return order_body.wildcard_allowed(product)

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
