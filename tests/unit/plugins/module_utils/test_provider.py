# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError, UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._autodns.json_api import AutoDNSJsonProvider
from ansible_collections.certops.reseller.plugins.module_utils._autodns.xml_api import AutoDNSXmlProvider
from ansible_collections.certops.reseller.plugins.module_utils._model import Certificate, Challenge, Job
from ansible_collections.certops.reseller.plugins.module_utils._provider import (
    CertificateOrders,
    JobOrders,
    Provider,
    ProviderCore,
)
from ansible_collections.certops.reseller.plugins.module_utils._ssl247.api import SSL247Provider


class PartialProvider(Provider):
    name = 'partial'

    def get_contact(self, contact_id):
        return contact_id


def test_supports_tells_overridden_operations_only():
    provider = PartialProvider(http=None, settings=None)
    assert provider.supports('get_contact')
    assert not provider.supports('delete_contact')
    assert not provider.supports('no_such_operation')


def test_missing_operation_raises_a_clear_unsupported_error():
    provider = PartialProvider(http=None, settings=None)
    with pytest.raises(UnsupportedOperationError) as excinfo:
        provider.delete_contact('1')
    assert str(excinfo.value) == 'delete contact is not supported by partial'
    assert excinfo.value.details == dict(provider='partial', operation='delete_contact')


def test_error_string_is_one_line_with_code_and_status():
    error = CertopsError('certificate cannot\nbe renewed yet', code='EF4001012', operation='certificate renew (400106)',
                         http_status=400, provider='autodns')
    assert str(error) == ('autodns certificate renew (400106): certificate cannot be renewed yet (code EF4001012, HTTP 400)')
    assert error.to_result()['error_code'] == 'EF4001012'


# --- the abstract core and the optional interfaces ------------------------------------------------------------

def test_the_core_tells_a_new_provider_what_it_must_implement():
    class Unfinished(ProviderCore):
        name = 'unfinished'

        def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
            return [], 0

    with pytest.raises(TypeError) as excinfo:
        Unfinished(http=None, settings=None)  # pylint: disable=abstract-class-instantiated
    for operation in ('get_certificate', 'create_certificate', 'renew_certificate', 'open_orders', 'cancel_open_order'):
        assert operation in str(excinfo.value)


@pytest.mark.parametrize('provider_class, operation, supported', [
    (AutoDNSJsonProvider, 'get_zone', True),
    (AutoDNSXmlProvider, 'get_zone', False),
    (AutoDNSXmlProvider, 'delete_contact', True),
    (SSL247Provider, 'delete_contact', False),
    (SSL247Provider, 'deposit', True),
    (AutoDNSJsonProvider, 'deposit', False),
    (AutoDNSJsonProvider, 'prepare_order', True),
    (SSL247Provider, 'prepare_order', False),
    (SSL247Provider, 'complete_renewal', True),
    (AutoDNSJsonProvider, 'complete_renewal', False),
])
def test_supports_follows_the_interfaces_a_provider_implements(provider_class, operation, supported):
    provider = provider_class(http=None, settings=None)
    assert provider.supports(operation) is supported
    if not supported:
        with pytest.raises(UnsupportedOperationError):
            getattr(provider, operation)('x')


def test_an_unknown_attribute_is_not_taken_for_an_operation():
    with pytest.raises(AttributeError):
        PartialProvider(http=None, settings=None).no_such_operation


# --- open orders ---------------------------------------------------------------------------------------------

class JobsLedger(JobOrders, Provider):
    def __init__(self, jobs):
        Provider.__init__(self, http=None, settings=None)
        self.jobs = jobs
        self.calls = []

    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        self.calls.append(('list_jobs', object_name))
        return list(self.jobs), len(self.jobs)

    def get_job(self, job_id, history=False):
        self.calls.append(('get_job', job_id))
        return Job(id=job_id, status='running')

    def cancel_job(self, job_id):
        self.calls.append(('cancel_job', job_id))


def test_where_orders_are_jobs_the_active_jobs_of_the_name_are_the_open_orders():
    provider = JobsLedger([Job(id='1', status='running', object='www.example.com'),
                           Job(id='2', status='succeeded', object='www.example.com'),
                           Job(id='3', status='deferred', object='other.example.com'),
                           Job(id='4', status='running', object=None)])
    assert [j.id for j in provider.open_orders('www.example.com')] == ['1', '4']
    assert [j.id for j in provider.open_jobs()] == ['1', '3', '4']
    assert provider.calls == [('list_jobs', 'www.example.com'), ('list_jobs', None)]
    pending = Certificate(id='c1', common_name='www.example.com', status='pending', job_id='1')
    assert provider.is_open_order(pending) is False
    assert provider.follow_pending(pending).id == '1'
    assert provider.follow_pending(Certificate(id='c2', status='pending')) is None
    provider.cancel_open_order(Job(id='1', certificate_id='c1'))
    assert provider.calls[-2:] == [('get_job', '1'), ('cancel_job', '1')]


class CertificatesLedger(CertificateOrders, Provider):
    def __init__(self, listed, details):
        Provider.__init__(self, http=None, settings=None)
        self.listed = listed
        self.details = details
        self.calls = []

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        self.calls.append(('list_certificates', common_name))
        return list(self.listed), len(self.listed)

    def get_certificate(self, certificate_id, include_pem=True):
        self.calls.append(('get_certificate', certificate_id, include_pem))
        return self.details[certificate_id]

    def get_job(self, job_id, history=False):
        self.calls.append(('get_job', job_id))
        return Job(id=job_id, status='running', certificate_id=job_id)

    def cancel_certificate(self, certificate_id):
        self.calls.append(('cancel_certificate', certificate_id))


def test_where_orders_are_certificates_the_pending_certificates_are_the_open_orders():
    subscription = Certificate(id='12', common_name='www.example.com', status='pending', provider_status='Subscription',
                               extra=dict(status_needs_details=True))
    provider = CertificatesLedger(
        [Certificate(id='10', common_name='www.example.com', status='pending', provider_status='Pending',
                     extra=dict(created='2026-01-01')),
         Certificate(id='11', common_name='www.example.com', status='issued'),
         subscription,
         Certificate(id='13', common_name='other.example.com', status='pending')],
        details={'12': Certificate(id='12', common_name='www.example.com', status='issued')})
    assert provider.open_jobs('www.example.com') == []
    assert provider.calls == []
    orders = provider.open_orders('www.example.com')
    assert [(j.id, j.status, j.certificate_id, j.provider_status, j.created) for j in orders] == [
        ('10', 'running', '10', 'Pending', '2026-01-01')]
    assert provider.calls == [('list_certificates', 'www.example.com'), ('get_certificate', '12', False)]
    assert provider.is_open_order(provider.listed[0]) is True
    assert provider.is_open_order(provider.listed[1]) is False


def test_a_pending_certificate_is_followed_by_its_own_job():
    provider = CertificatesLedger([], {})
    detailed = Certificate(id='10', common_name='www.example.com', status='pending',
                           challenges=[Challenge(domain='www.example.com', method='dns')])
    job = provider.follow_pending(detailed)
    assert (job.id, job.status, job.certificate_id, len(job.challenges)) == ('10', 'running', '10', 1)
    assert provider.calls == []   # the listed certificate carried its details
    assert provider.follow_pending(Certificate(id='11', status='pending')).id == '11'
    provider.cancel_open_order(Job(id='11', certificate_id='11'))
    assert provider.calls == [('get_job', '11'), ('cancel_certificate', '11')]
