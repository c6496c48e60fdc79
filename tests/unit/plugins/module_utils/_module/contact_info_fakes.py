# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""In-memory providers for the unit tests of contact_profile and the info modules: they keep
objects in dicts and record every call, so that a test can assert what was read and that
nothing was written.  (The order/renew/job tests use lifecycle_fakes.py.)"""


import copy

from ansible_collections.certops.reseller.plugins.module_utils._errors import NotFoundError
from ansible_collections.certops.reseller.plugins.module_utils._model import Certificate, Challenge, Contact, Job
from ansible_collections.certops.reseller.plugins.module_utils._provider import (
    Capabilities,
    CertificateOrders,
    JobOrders,
    Provider,
)

WRITE_OPERATIONS = ('create_contact', 'update_contact', 'delete_contact')


class _Base(Provider):
    """Common storage; subclasses choose which operations exist (``supports`` looks at overrides)."""

    def __init__(self):
        super(_Base, self).__init__(http=None, settings=None)
        self.calls = []
        self.contacts = {}
        self.certificates = {}
        self.jobs = {}
        self.history_jobs = {}
        self.next_id = 100

    # -- helpers for tests ----------------------------------------------------------------
    def add_contact(self, **fields):
        self.next_id += 1
        contact = Contact(id=str(self.next_id), **fields)
        self.contacts[contact.id] = contact
        return contact

    def add_certificate(self, **fields):
        self.next_id += 1
        certificate = Certificate(id=str(self.next_id), **fields)
        self.certificates[certificate.id] = certificate
        return certificate

    def add_job(self, history=False, **fields):
        self.next_id += 1
        job = Job(id=str(self.next_id), **fields)
        (self.history_jobs if history else self.jobs)[job.id] = job
        return job

    def writes(self):
        return [call for call in self.calls if call[0] in WRITE_OPERATIONS]

    def called(self, name):
        return [call for call in self.calls if call[0] == name]

    def _record(self, name, *args, **kwargs):
        self.calls.append((name, args, kwargs))

    @staticmethod
    def _page(items, limit, offset):
        offset = offset or 0
        end = None if limit is None else offset + limit
        return [copy.deepcopy(item) for item in items[offset:end]], len(items)

    # -- contacts ------------------------------------------------------------------------
    def get_contact(self, contact_id):
        self._record('get_contact', contact_id)
        if contact_id not in self.contacts:
            raise NotFoundError('contact %s not found' % contact_id, code='EF4002001', provider=self.name)
        return copy.deepcopy(self.contacts[contact_id])

    def list_contacts(self, email=None, first_name=None, last_name=None, organization=None, limit=None, offset=0):
        self._record('list_contacts', email=email, first_name=first_name, last_name=last_name,
                     organization=organization, limit=limit, offset=offset)
        # Like a provider's LIKE search: a case-insensitive substring match on the e-mail only.
        found = [c for c in self.contacts.values() if not email or email.lower() in (c.email or '').lower()]
        return self._page(found, limit, offset)

    def create_contact(self, contact):
        self._record('create_contact', copy.deepcopy(contact))
        self.next_id += 1
        stored = copy.deepcopy(contact)
        stored.id = str(self.next_id)
        self.contacts[stored.id] = stored
        return copy.deepcopy(stored)

    def update_contact(self, contact):
        self._record('update_contact', copy.deepcopy(contact))
        if contact.id not in self.contacts:
            raise NotFoundError('contact %s not found' % contact.id, provider=self.name)
        self.contacts[contact.id] = copy.deepcopy(contact)
        return copy.deepcopy(contact)

    # -- certificates --------------------------------------------------------------------
    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        self._record('list_certificates', common_name=common_name, status=status, product=product,
                     limit=limit, offset=offset)
        found = [c for c in self.certificates.values()
                 if (common_name is None or c.common_name == common_name) and
                 (status is None or c.status == status) and (product is None or c.product == product)]
        items, total = self._page(found, limit, offset)
        return [self._summary(c) for c in items], total

    def _summary(self, certificate):
        return certificate

    def get_certificate(self, certificate_id, include_pem=True):
        self._record('get_certificate', certificate_id)
        if certificate_id not in self.certificates:
            raise NotFoundError('certificate %s not found' % certificate_id, provider=self.name)
        return copy.deepcopy(self.certificates[certificate_id])

    # -- jobs ----------------------------------------------------------------------------
    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        self._record('list_jobs', history=history, status=status, object_name=object_name, limit=limit, offset=offset)
        source = self.history_jobs if history else self.jobs
        found = [j for j in source.values()
                 if (status is None or j.status == status) and (object_name is None or j.object == object_name)]
        return self._page(found, limit, offset)

    def get_job(self, job_id, history=False):
        self._record('get_job', job_id, history=history)
        source = self.history_jobs if history else self.jobs
        if job_id not in source:
            raise NotFoundError('job %s not found' % job_id, code='EF300101', provider=self.name)
        return copy.deepcopy(source[job_id])


class FakeAutodns(JobOrders, _Base):
    """Contacts can be deleted, job history exists, no account/product/order/reference data."""
    name = 'autodns'
    capabilities = Capabilities(job_history=True, challenges_before_order=True, dns_provisioning=True)

    def delete_contact(self, contact_id):
        self._record('delete_contact', contact_id)
        if contact_id not in self.contacts:
            raise NotFoundError('contact %s not found' % contact_id, provider=self.name)
        del self.contacts[contact_id]


class FakeSSL247(CertificateOrders, _Base):
    """No contact deletion, no job history; account, products, orders, validation helpers, reference lists."""
    name = 'ssl247'
    capabilities = Capabilities(lifetime_unit='year', jobs_are_certificates=True, order_validation=True,
                                contact_roles=True)

    def __init__(self):
        super(FakeSSL247, self).__init__()
        self.orders = [dict(order_id='O1', status='Issued'), dict(order_id='O2', status='Pending'),
                       dict(order_id='O3', status='Issued')]

    def _summary(self, certificate):
        # The SSL247 list gives only id, common name and status.
        return Certificate(id=certificate.id, common_name=certificate.common_name, status=certificate.status)

    def download_certificate(self, certificate_id, kind='x509'):
        self._record('download_certificate', certificate_id, kind)
        return '%s of %s' % (kind, certificate_id)

    def account_info(self):
        self._record('account_info')
        return dict(account_code='ACC1', company='Sandbox Ltd', currency='GBP')

    def list_users(self):
        self._record('list_users')
        return [dict(id='1', full_name='Sandbox User', email='sandbox@example.com')]

    def get_user(self, user_id):
        self._record('get_user', user_id)
        return dict(id=user_id, full_name='Sandbox User')

    def deposit(self):
        self._record('deposit')
        return dict(value=1000.0, currency='GBP')

    def monthly_allowance(self):
        self._record('monthly_allowance')
        return dict(remaining='500', limit='1000', currency='GBP')

    def product_types(self):
        self._record('product_types')
        return [dict(code='DV', name='Domain validated')]

    def products(self, product_type):
        self._record('products', product_type)
        return [dict(code='SECTIGO_DV', name='Sectigo DV', type=product_type)]

    def product_details(self, product_code):
        self._record('product_details', product_code)
        return dict(Code=product_code, name='Sectigo DV')

    def product_requirements(self, product_code):
        self._record('product_requirements', product_code)
        return dict(csr=True)

    def product_addons(self, product_code):
        self._record('product_addons', product_code)
        return [dict(name='SAN')]

    def product_prices(self, product_code):
        self._record('product_prices', product_code)
        return dict(ProductPrices=[dict(price=10, years=1, currency='GBP')])

    def list_orders(self, status=None):
        self._record('list_orders', status=status)
        return [o for o in self.orders if status is None or o['status'] == status]

    def order_details(self, order_id):
        self._record('order_details', order_id)
        for order in self.orders:
            if order['order_id'] == order_id:
                return dict(order)
        raise NotFoundError('order %s not found' % order_id, provider=self.name)

    def invoice(self, invoice_id, download=False):
        self._record('invoice', invoice_id, download=download)
        return 'PDF' if download else 'https://example.com/invoice/%s' % invoice_id

    def approver_emails(self, product, common_name):
        self._record('approver_emails', product, common_name)
        return ['admin@%s' % common_name, 'webmaster@%s' % common_name]

    def check_common_name(self, product, common_name):
        self._record('check_common_name', product, common_name)
        return dict(valid=not common_name.startswith('bad'), message='checked %s' % common_name, raw={})

    def check_san(self, product, common_name, san):
        self._record('check_san', product, common_name, san)
        return dict(valid=not san.startswith('bad'), message='checked %s' % san, raw={})

    def reference_list(self, name):
        self._record('reference_list', name)
        return [dict(code='%s-1' % name), dict(code='%s-2' % name)]


def a_challenge(domain='example.com'):
    return Challenge(domain=domain, method='dns', record_name='_dnsauth.%s' % domain, record_type='TXT',
                     record_value='token', ttl=300)
