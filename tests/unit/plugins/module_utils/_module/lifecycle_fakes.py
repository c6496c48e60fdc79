# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""In-memory providers for testing ``_module`` logic without HTTP.

``FakeJobsProvider`` behaves like AutoDNS (orders are jobs; the certificate appears when the job
succeeds; prepare_order tells the challenges; renewal keeps the id and only opens 90 days before
expiry).  ``FakeCertsProvider`` behaves like SSL247 (no jobs: an order is a pending certificate
whose pseudo job has the certificate's id; lists are shallow; validate_order prices; renewal
makes a new certificate; whole years).  Every call is recorded in ``calls`` as (operation, mutating).
"""


import datetime
import itertools

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.certops.reseller.plugins.module_utils._csr import parse_csr
from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    InputError,
    NotFoundError,
    NotRenewableError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import (
    Certificate,
    Challenge,
    Job,
    OrderRequest,
    format_datetime,
)
from ansible_collections.certops.reseller.plugins.module_utils._provider import (
    Capabilities,
    CertificateOrders,
    JobOrders,
    Provider,
)

NOW = datetime.datetime(2026, 1, 10, 8, 0, 0, tzinfo=datetime.timezone.utc)


def make_key():
    return ec.generate_private_key(ec.SECP256R1())


def make_csr(names, key=None, common_name=None):
    """PEM CSR for ``names`` (first is the CN unless common_name is given)."""
    key = key or make_key()
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name or names[0])]))
    builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
    csr = builder.sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode('ascii')


MUTATING = {'create_certificate', 'reissue_certificate', 'renew_certificate', 'cancel_certificate',
            'revoke_certificate', 'cancel_job', 'resend_approver_email'}


class FakeBase(Provider):
    name = 'fake'

    def __init__(self, now=NOW):
        super(FakeBase, self).__init__(http=None, settings=None)
        self.now = now
        self.certificates = {}
        self.jobs = {}
        self.calls = []
        self.ids = itertools.count(100)
        self.fail_create_ambiguously = False
        self.wildcard_allowed = None
        self.polls_until_done = None   # get_job completes a running job after this many polls

    # -- bookkeeping ---------------------------------------------------------------------
    def _call(self, operation):
        self.calls.append((operation, operation in MUTATING))

    @property
    def operations(self):
        return [op for op, _mutating in self.calls]

    @property
    def mutating_calls(self):
        return [op for op, mutating in self.calls if mutating]

    def _new_id(self):
        return str(next(self.ids))

    def _challenges(self, names, method, approver_email=None):
        result = []
        for name in names:
            if method == 'dns':
                result.append(Challenge(domain=name, method='dns', record_name='_dnsauth.%s' % name, record_type='TXT',
                                        record_value='token-%s' % name, ttl=300, status='pending'))
            elif method == 'file':
                result.append(Challenge(domain=name, method='file', file_path='/.well-known/pki-validation/fileauth.txt',
                                        file_content='token-%s' % name, status='pending'))
            else:
                result.append(Challenge(domain=name, method='email', approver_email=approver_email, status='pending'))
        return result

    def _issue(self, names, product, csr, months, certificate_id=None):
        certificate_id = certificate_id or self._new_id()
        months = months or 12
        self.certificates[certificate_id] = Certificate(
            id=certificate_id, common_name=names[0], subject_alternative_names=list(names), product=product,
            status='issued', provider_status='ACTIVE', not_before=format_datetime(self.now),
            not_after=format_datetime(self.now + datetime.timedelta(days=30 * months + months // 2)),
            serial_number='abc', certificate=None, chain=None, csr=csr, lifetime_months=months,
            validation_method='dns')
        return self.certificates[certificate_id]

    def add_certificate(self, names, product='BASIC', csr=None, days_left=300, status='issued'):
        certificate = self._issue(names, product, csr or make_csr(names), 12)
        certificate.not_after = format_datetime(self.now + datetime.timedelta(days=days_left))
        certificate.status = status
        return certificate

    def _check_request(self, request):
        if not request.csr:
            raise InputError('csr missing', provider=self.name)

    def product_allows_wildcard(self, product):
        self._call('product_allows_wildcard')
        return self.wildcard_allowed

    def get_certificate(self, certificate_id, include_pem=True):
        self._call('get_certificate')
        if certificate_id not in self.certificates:
            raise NotFoundError('certificate %s not found' % certificate_id, provider=self.name)
        return _copy(self.certificates[certificate_id])

    def revoke_certificate(self, certificate_id, reason=None):
        self._call('revoke_certificate')
        self.certificates[certificate_id].status = 'revoked'

    def cancel_certificate(self, certificate_id):
        self._call('cancel_certificate')
        self.certificates[certificate_id].status = 'cancelled'
        return None


class FakeClock(object):
    """Monotonic clock and sleep for the waiting code: sleeping advances the clock and is recorded."""

    def __init__(self):
        self.time = 0.0
        self.sleeps = []

    def clock(self):
        return self.time

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.time += seconds


def _copy(certificate):
    return Certificate(**dict((k, getattr(certificate, k)) for k in certificate.__dataclass_fields__))


class FakeJobsProvider(JobOrders, FakeBase):
    """AutoDNS-like."""
    name = 'autodns'
    capabilities = Capabilities(lifetime_unit='month', renew_window_days=90, challenges_before_order=True,
                                dns_provisioning=True, job_history=True)

    def __init__(self, now=NOW):
        super(FakeJobsProvider, self).__init__(now)
        self.orders = {}      # job id -> dict(request, action, certificate_id)
        self.history = {}     # finished jobs

    def prepare_order(self, request):
        self._call('prepare_order')
        self._check_request(request)
        return self._challenges(request.names, request.validation_method, request.approver_email)

    def _start(self, request, action, certificate_id=None):
        job_id = self._new_id()
        job = Job(id=job_id, status='running', provider_status='RUNNING', action=action, object=request.common_name,
                  created=format_datetime(self.now), certificate_id=certificate_id,
                  sub_status='WF_EMAIL_AUTH' if request.validation_method == 'email' else None)
        self.jobs[job_id] = job
        self.orders[job_id] = dict(request=request, action=action, certificate_id=certificate_id, polls=0)
        return job

    def create_certificate(self, request):
        self._call('create_certificate')
        self._check_request(request)
        if self.fail_create_ambiguously:
            self._start(request, 'create')   # the order was placed, but the answer was lost
            raise AmbiguousResultError('HTTP 502', operation='certificate create (400101)', provider=self.name, http_status=502)
        return _job_copy(self._start(request, 'create'))

    def reissue_certificate(self, certificate_id, request):
        self._call('reissue_certificate')
        return _job_copy(self._start(request, 'reissue', certificate_id))

    def renew_certificate(self, certificate_id, request=None):
        self._call('renew_certificate')
        certificate = self.certificates[certificate_id]
        opens = datetime.datetime.fromisoformat(certificate.not_after.replace('Z', '+00:00')) - datetime.timedelta(days=90)
        if self.now < opens:
            raise NotRenewableError('the certificate cannot be renewed yet', code='EF4001012', provider=self.name,
                                    operation='certificate renew (400106)')
        return _job_copy(self._start(request, 'renew', certificate_id))

    def complete(self, job_id, status='succeeded'):
        """The CA finishes the job: a certificate is issued (or updated)."""
        order = self.orders[job_id]
        job = self.jobs.pop(job_id)
        job.status = status
        job.provider_status = status.upper()
        job.sub_status = None
        request = order['request']
        if status == 'succeeded':
            certificate = self._issue(request.names, request.product, request.csr, request.lifetime_months,
                                      certificate_id=order['certificate_id'])
            job.certificate_id = certificate.id
        self.history[job_id] = job
        return job

    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        self._call('list_jobs')
        source = self.history if history else self.jobs
        jobs = [_job_copy(j) for j in source.values() if object_name is None or j.object == object_name]
        return jobs, len(jobs)

    def get_job(self, job_id, history=False):
        self._call('get_job')
        if history:
            if job_id not in self.history:
                raise NotFoundError('job %s not found' % job_id, code='EF300101', provider=self.name)
            return _job_copy(self.history[job_id])
        if job_id not in self.jobs:
            raise NotFoundError('job %s not found' % job_id, code='EF300101', provider=self.name)
        order = self.orders[job_id]
        order['polls'] += 1
        if self.polls_until_done is not None and order['polls'] >= self.polls_until_done:
            self.complete(job_id)
            raise NotFoundError('job %s not found' % job_id, code='EF300101', provider=self.name)
        job = _job_copy(self.jobs[job_id])
        request = order['request']
        job.challenges = self._challenges(request.names, request.validation_method, request.approver_email)
        # like AutoDNS job info (object.data): the certificate being ordered, with its names
        job.certificate = Certificate(common_name=request.common_name, subject_alternative_names=list(request.names),
                                      product=request.product, status='validating', csr=request.csr)
        return job

    def cancel_job(self, job_id):
        self._call('cancel_job')
        job = self.jobs.pop(job_id)
        job.status = 'cancelled'
        job.provider_status = 'CANCELED'
        self.history[job_id] = job
        return _job_copy(job)

    def resend_approver_email(self, job_id):
        self._call('resend_approver_email')

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        self._call('list_certificates')
        result = [_copy(c) for c in self.certificates.values()
                  if (common_name is None or c.common_name == common_name) and (product is None or c.product == product)]
        return result, len(result)


def _job_copy(job):
    return Job(**dict((k, getattr(job, k)) for k in job.__dataclass_fields__))


class FakeCertsProvider(CertificateOrders, FakeBase):
    """SSL247-like."""
    name = 'ssl247'
    capabilities = Capabilities(lifetime_unit='year', renew_creates_new_certificate=True, jobs_are_certificates=True,
                                order_validation=True, reissue_changes_names=False)

    def __init__(self, now=NOW):
        super(FakeCertsProvider, self).__init__(now)
        self.deposit_value = 1000.0
        self.requests = {}

    def validate_order(self, request):
        self._call('validate_order')
        return dict(valid=True, price=49.0, currency='GBP', messages=[])

    def check_common_name(self, product, common_name):
        self._call('check_common_name')
        return dict(valid=True, message='OK')

    def check_san(self, product, common_name, san):
        self._call('check_san')
        return dict(valid=not san.startswith('bad.'), message='OK' if not san.startswith('bad.') else 'not allowed')

    def _pending(self, request, action):
        certificate_id = self._new_id()
        self.certificates[certificate_id] = Certificate(
            id=certificate_id, common_name=request.common_name, subject_alternative_names=request.names,
            product=request.product, status='pending', provider_status='Pending', csr=request.csr,
            lifetime_months=request.lifetime_months or 12, validation_method=request.validation_method)
        self.requests[certificate_id] = dict(request=request, action=action, polls=0)
        self.deposit_value -= 49.0
        return self._pseudo_job(certificate_id)

    def _pseudo_job(self, certificate_id):
        certificate = self.certificates[certificate_id]
        status = {'pending': 'running', 'validating': 'running', 'issued': 'succeeded', 'cancelled': 'cancelled',
                  'failed': 'failed'}.get(certificate.status, 'succeeded')
        info = self.requests.get(certificate_id) or {}
        request = info.get('request')
        job = Job(id=certificate_id, status=status, provider_status=certificate.provider_status,
                  action=info.get('action', 'create'), object=certificate.common_name, certificate_id=certificate_id,
                  certificate=_copy(certificate))
        if status == 'running' and request is not None:
            job.challenges = self._challenges(request.names, request.validation_method, request.approver_email)
        return job

    def create_certificate(self, request):
        self._call('create_certificate')
        self._check_request(request)
        if request.lifetime_months and request.lifetime_months % 12:
            raise InputError('years only', provider=self.name)
        return self._pending(request, 'create')

    def reissue_certificate(self, certificate_id, request):
        """Like SSL247: a new key, the names stay (SANs are paid add-ons)."""
        self._call('reissue_certificate')
        certificate = self.certificates[certificate_id]
        certificate.status = 'pending'
        certificate.provider_status = 'Pending'
        request = OrderRequest(common_name=certificate.common_name,
                               subject_alternative_names=certificate.subject_alternative_names[1:],
                               product=certificate.product, lifetime_months=certificate.lifetime_months, csr=request.csr,
                               validation_method=request.validation_method)
        self.requests[certificate_id] = dict(request=request, action='reissue', polls=0)
        return self._pseudo_job(certificate_id)

    def renew_certificate(self, certificate_id, request=None):
        self._call('renew_certificate')
        return self._pending(request, 'renew')

    def complete(self, certificate_id):
        info = self.requests[certificate_id]
        request = info['request']
        self._issue(request.names, request.product, request.csr, request.lifetime_months, certificate_id=certificate_id)
        return self._pseudo_job(certificate_id)

    def get_job(self, job_id, history=False):
        self._call('get_job')
        if job_id not in self.certificates:
            raise NotFoundError('certificate %s not found' % job_id, provider=self.name)
        info = self.requests.get(job_id)
        if info is not None and self.certificates[job_id].status == 'pending':
            info['polls'] += 1
            if self.polls_until_done is not None and info['polls'] >= self.polls_until_done:
                self.complete(job_id)
        return self._pseudo_job(job_id)

    def get_certificate(self, certificate_id, include_pem=True):
        certificate = super(FakeCertsProvider, self).get_certificate(certificate_id)
        if include_pem and certificate.status == 'issued':
            # like SSL247: the leaf and the chain are two more downloads
            self._call('download_certificate')
            self._call('download_certificate')
            certificate.certificate = '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n'
        elif certificate.status == 'pending':
            info = self.requests.get(certificate_id) or {}
            request = info.get('request')
            if request is not None:
                certificate.challenges = self._challenges(request.names, request.validation_method, request.approver_email)
        return certificate

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        """Shallow items (id, name, status); a product filter reads each candidate's details (without PEM)."""
        self._call('list_certificates')
        result = [Certificate(id=c.id, common_name=c.common_name, status=c.status, provider_status=c.provider_status)
                  for c in self.certificates.values() if common_name is None or c.common_name == common_name]
        if product:
            result = [c for c in (self.get_certificate(c.id, include_pem=False) for c in result) if c.product == product]
        return result, len(result)


def csr_names(csr):
    return parse_csr(csr).names
