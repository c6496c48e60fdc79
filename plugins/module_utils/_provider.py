# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The provider interface: a small abstract core, optional interfaces, and the capability description.

A provider is a ``ProviderCore`` - the certificate life every provider implements: find, read,
order, reissue, renew, cancel, revoke, follow an order, its open orders - plus the optional
interfaces it offers: ``OrderChecksInterface`` (price and names before paying),
``RenewalCompletionInterface``, ``ContactsInterface``, ``CatalogueInterface`` (products, prices,
reference lists), ``AccountInterface`` (account, deposit, orders and invoices), ``ZonesInterface``.
A few single operations only one provider has are ``optional`` in the core.

Where an order lives is the provider's business, not module code's: it inherits ``JobOrders``
(an order runs as a job next to the certificates: AutoDNS) or ``CertificateOrders`` (an order is
its certificate, pending until issued: SSL247), which answer the open-order questions of the core.

Module code (``_module/``) talks only to these interfaces, with the normalized objects of
``_model``.  ``provider.supports('<operation>')`` tells in advance whether an operation exists;
calling one that does not raises ``UnsupportedOperationError`` ("<operation> is not supported by
<provider>").  Nothing here knows Ansible.
"""


import abc
import functools

from dataclasses import dataclass

from ansible_collections.certops.reseller.plugins.module_utils._errors import UnsupportedOperationError
from ansible_collections.certops.reseller.plugins.module_utils._model import Job
from ansible_collections.certops.reseller.plugins.module_utils._names import normalize_name

OPEN_CERTIFICATE_STATUSES = ('pending', 'validating')


@dataclass(frozen=True)
class Capabilities:
    """Behaviour that differs between providers; module code asks these, never the name."""
    lifetime_unit: str = 'month'                 # 'month' (AutoDNS) or 'year' (SSL247)
    renew_window_days: object = None             # int: renewal possible only that many days before expiry
    renew_creates_new_certificate: bool = False  # SSL247: renewal is a new certificate with a new id
    jobs_are_certificates: bool = False          # SSL247: no jobs, an order is its certificate (CertificateOrders)
    challenges_before_order: bool = False        # AutoDNS: prepare_order tells the DCV data before paying
    order_validation: bool = False               # SSL247: validate_order prices and checks without paying
    dns_provisioning: bool = False               # AutoDNS can publish the DCV record itself
    job_history: bool = False                    # finished jobs can be inquired separately
    contact_roles: bool = False                  # SSL247: contact profiles carry admin/tech/billing roles
    reissue_changes_names: bool = True           # False on SSL247: a reissue changes the key only, names are paid add-ons
    contact_organization: bool = True            # False on SSL247: contact-profile add/edit take no company
    lists_in_pages: bool = True                  # False on SSL247: a list is one answer; asking page by page repeats it


def optional(method):
    """An operation an interface names but a provider may leave out: it raises UnsupportedOperationError,
    and ``supports`` says False until a provider overrides it."""
    @functools.wraps(method)
    def unsupported(self, *args, **kwargs):
        raise self.unsupported(method.__name__)
    unsupported.optional_default = True
    return unsupported


class Provider(object):
    """What every provider object has: its name, wire format and capabilities, and ``supports``.

    A provider implements ``ProviderCore`` (and the optional interfaces it offers); a test double may
    subclass this class alone and implement only what its test calls.  Ids are strings everywhere;
    lists return ``(items, total)``.  An operation of the interfaces below that the object does not
    implement raises UnsupportedOperationError when called.
    """

    name = 'provider'            # 'autodns' or 'ssl247'
    api_format = 'json'          # 'json' or 'xml'
    capabilities = Capabilities()

    def __init__(self, http, settings):
        """``http`` is an ``_http.HttpClient`` bound to the base URL; ``settings`` a ``_client.ConnectionSettings``."""
        self.http = http
        self.settings = settings

    def supports(self, operation):
        """True when this provider implements ``operation`` (an operation of the interfaces)."""
        method = getattr(type(self), operation, None)
        if method is None or not callable(method):
            return False
        return not (getattr(method, '__isabstractmethod__', False) or getattr(method, 'optional_default', False))

    def unsupported(self, operation):
        # provider and operation stay out of the prefix: the sentence already names both
        return UnsupportedOperationError(
            '%s is not supported by %s' % (operation.replace('_', ' '), self.name),
            details=dict(provider=self.name, operation=operation))

    def __getattr__(self, attribute):
        # only reached for what the object lacks: an operation of an interface it does not implement
        if attribute not in OPERATIONS:
            raise AttributeError('%r object has no attribute %r' % (type(self).__name__, attribute))

        def unsupported(*args, **kwargs):
            raise self.unsupported(attribute)
        return unsupported


class ProviderCore(Provider, abc.ABC):
    """The certificate life: what every provider implements."""

    @abc.abstractmethod
    def check_connection(self):
        """Cheap authenticated call proving URL and credentials (AutoDNS GET /hello)."""

    # -- certificates -------------------------------------------------------------------
    @abc.abstractmethod
    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        """-> (list[Certificate], total).  ``status`` is a normalized certificate status or None.
        AutoDNS search returns complete certificates; SSL247 only id/common_name/status (use get_certificate)."""

    @abc.abstractmethod
    def get_certificate(self, certificate_id, include_pem=True):
        """-> Certificate, complete (PEM, chain, csr, challenges while pending).  NotFoundError if absent.
        ``include_pem=False`` lets a provider that needs extra calls for the PEM (SSL247) skip them."""

    @abc.abstractmethod
    def create_certificate(self, request):
        """OrderRequest -> Job.  SPENDS MONEY.  Never retried; may raise AmbiguousResultError."""

    @abc.abstractmethod
    def reissue_certificate(self, certificate_id, request):
        """-> Job.  Reissue with request.csr / names / hash (AutoDNS 400102, SSL247 reissue)."""

    @abc.abstractmethod
    def renew_certificate(self, certificate_id, request=None):
        """-> Job.  SPENDS MONEY.  AutoDNS 400106 (NotRenewableError for EF4001012); SSL247 renew
        (+ complete with request.csr/validation): Job.certificate_id is the NEW certificate id."""

    @abc.abstractmethod
    def cancel_certificate(self, certificate_id):
        """Cancel/delete a certificate order (AutoDNS DELETE 400103, SSL247 cancel) -> Job or None."""

    @abc.abstractmethod
    def revoke_certificate(self, certificate_id, reason=None):
        """Revoke an issued certificate (AutoDNS 4001031, SSL247 revoke) -> Job or None."""

    def product_allows_wildcard(self, product):
        """True / False when the provider tells, None when unknown.  Read-only, may call the API."""
        return None

    # -- following an order ---------------------------------------------------------------
    @abc.abstractmethod
    def get_job(self, job_id, history=False):
        """-> Job with certificate data and challenges when the provider gives them.  NotFoundError if absent."""

    @abc.abstractmethod
    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        """-> (list[Job], total).  ``status`` is a normalized job status or None."""

    @optional
    def cancel_job(self, job_id):
        """Cancel a running job -> Job (as after the cancel) or None."""

    # -- open orders (JobOrders or CertificateOrders answer these) -----------------------------
    @abc.abstractmethod
    def open_jobs(self, common_name=None):
        """-> list[Job]: the active jobs of orders that run apart from the certificates, of ``common_name`` or of
        every name; [] without a call where an order is its certificate."""

    @abc.abstractmethod
    def open_orders(self, common_name):
        """-> list[Job]: every open order of ``common_name`` (one list call, and the details a listed status needs)."""

    @abc.abstractmethod
    def is_open_order(self, certificate):
        """True when the listed ``certificate`` is itself an open order (no call)."""

    @abc.abstractmethod
    def follow_pending(self, certificate):
        """-> the Job that follows the order of a pending ``certificate``, or None when it has none."""

    @abc.abstractmethod
    def cancel_open_order(self, job):
        """Cancel the open order ``job`` (one of open_jobs / open_orders / follow_pending) -> Job or None."""

    # -- extras some providers offer ----------------------------------------------------------
    @optional
    def prepare_order(self, request):
        """OrderRequest (with csr) -> list[Challenge]; read-only (AutoDNS 400110)."""

    @optional
    def list_certificates_by_names(self, common_names):
        """-> list[Certificate] whose common name is one of ``common_names`` (at most 100): one batched read."""

    @optional
    def download_certificate(self, certificate_id, kind='x509'):
        """kind in x509, pkcs7, intermediate, root, bundle -> str (SSL247)."""

    @optional
    def resend_approver_email(self, job_id):
        """Resend the DCV approver e-mail of a job waiting for it (AutoDNS)."""


class JobOrders(object):
    """An order runs as a job next to the certificates (AutoDNS): its open orders are its active jobs.
    Built on ``list_jobs``, ``get_job`` and ``cancel_job`` (a running job -> Job as after the cancel, or None).
    A provider lists it before ``ProviderCore``, whose open-order methods it implements."""

    def open_jobs(self, common_name=None):
        listed, _total = self.list_jobs(object_name=common_name)
        return [job for job in listed
                if job.active and (common_name is None or not job.object or normalize_name(job.object) == common_name)]

    def open_orders(self, common_name):
        return self.open_jobs(common_name)

    def is_open_order(self, certificate):
        return False     # its job is the open order (open_jobs), never the certificate

    def follow_pending(self, certificate):
        return self.get_job(certificate.job_id) if certificate.job_id else None

    def cancel_open_order(self, job):
        return self.cancel_job(job.id)


class CertificateOrders(object):
    """An order is its certificate, pending until issued (SSL247): its open orders are its pending certificates,
    followed as jobs whose id is the certificate's.  Built on ``list_certificates``, ``get_certificate``,
    ``get_job`` and ``cancel_certificate``; a provider lists it before ``ProviderCore``."""

    def open_jobs(self, common_name=None):
        return []

    def open_orders(self, common_name):
        certificates, _total = self.list_certificates(common_name=common_name)
        # a listed status only the details tell (an SSL247 Subscription: issued, or pending before its first
        # issuance) is read, so that an issued subscription is never taken for an open order and its renewal
        # cancelled as the younger duplicate
        certificates = [self.get_certificate(c.id, include_pem=False) if c.status_needs_details()
                        else c for c in certificates]
        return [Job.of_certificate(c, status='running', created=c.extra.get('created') or c.extra.get('ordered'),
                                   certificate=None, challenges=[])
                for c in certificates
                if c.status in OPEN_CERTIFICATE_STATUSES and normalize_name(c.common_name) == common_name]

    def is_open_order(self, certificate):
        return certificate.status in OPEN_CERTIFICATE_STATUSES

    def follow_pending(self, certificate):
        if certificate.challenges:
            # the listed certificate carries its details already: its job needs no further call
            return Job.of_certificate(certificate)
        return self.get_job(certificate.job_id or certificate.id)

    def cancel_open_order(self, job):
        return self.cancel_certificate(job.certificate_id or job.id)


class OrderChecksInterface(abc.ABC):
    """Read-only checks of an order before paying for it: price and validity, names, approver addresses (SSL247)."""

    @abc.abstractmethod
    def validate_order(self, request):
        """OrderRequest -> dict(valid=bool, price=float|None, currency=str|None, messages=[...])."""

    @abc.abstractmethod
    def check_common_name(self, product, common_name):
        """-> dict(valid=bool, message=str, raw=...)."""

    @abc.abstractmethod
    def check_san(self, product, common_name, san):
        """-> dict(valid=bool, message=str, raw=...)."""

    @abc.abstractmethod
    def approver_emails(self, product, common_name):
        """-> list[str]: the addresses the CA may send the DCV approval mail to."""


class RenewalCompletionInterface(abc.ABC):
    """A paid renewal that waits for its CSR and DCV method before the CA starts (SSL247 'Incomplete')."""

    @abc.abstractmethod
    def needs_completion(self, item):
        """True when a pending order (Certificate or Job) waits for ``complete_renewal``: nothing else completes it."""

    @abc.abstractmethod
    def complete_renewal(self, certificate_id, request):
        """Hand CSR, DCV method and contacts to a paid renewal that waits for them -> Job."""


class ContactsInterface(abc.ABC):
    """Contact profiles (AutoDNS contacts, SSL247 contact profiles)."""

    @abc.abstractmethod
    def create_contact(self, contact):
        """Contact -> Contact (with id)."""

    @abc.abstractmethod
    def get_contact(self, contact_id):
        """-> Contact.  NotFoundError if absent."""

    @abc.abstractmethod
    def list_contacts(self, email=None, first_name=None, last_name=None, organization=None, limit=None, offset=0):
        """-> (list[Contact], total)."""

    @abc.abstractmethod
    def update_contact(self, contact):
        """Contact (with id) -> Contact."""

    @optional
    def delete_contact(self, contact_id):
        """Delete a contact profile (AutoDNS; SSL247 cannot)."""


class CatalogueInterface(abc.ABC):
    """What the provider sells and at which price, and the reference lists its forms use (SSL247)."""

    REFERENCE_LISTS = ('countries', 'titles', 'us_states', 'internal_products', 'external_products', 'websites')

    @abc.abstractmethod
    def product_types(self):
        """-> list[dict(code, name)]."""

    @abc.abstractmethod
    def products(self, product_type):
        """-> list[dict] of the products of one type."""

    @abc.abstractmethod
    def product_details(self, product_code):
        """-> dict."""

    @abc.abstractmethod
    def product_requirements(self, product_code):
        """-> what an order of the product needs."""

    @abc.abstractmethod
    def product_addons(self, product_code):
        """-> list."""

    @abc.abstractmethod
    def product_prices(self, product_code):
        """-> dict(prices=[...], addon_prices=[...])."""

    @abc.abstractmethod
    def reference_list(self, name):
        """name in REFERENCE_LISTS -> list."""


class AccountInterface(abc.ABC):
    """The reseller account: its users, deposit and allowance, its orders and invoices (SSL247)."""

    @abc.abstractmethod
    def account_info(self):
        """-> dict(account_code, company, country, currency, allowance_limit, remaining_allowance, users)."""

    @abc.abstractmethod
    def list_users(self):
        """-> list[dict(id, full_name, email)]."""

    @abc.abstractmethod
    def get_user(self, user_id):
        """-> dict."""

    @abc.abstractmethod
    def deposit(self):
        """-> dict(value=float, currency=str)."""

    @abc.abstractmethod
    def monthly_allowance(self):
        """-> dict(remaining=..., limit=..., currency=...)."""

    @abc.abstractmethod
    def list_orders(self, status=None):
        """status None: all orders; else the certificate orders of one normalized status."""

    @abc.abstractmethod
    def order_details(self, order_id):
        """-> list[dict]."""

    @abc.abstractmethod
    def invoice(self, invoice_id, download=False):
        """-> dict(invoice_id, kind, invoice)."""


class ZonesInterface(abc.ABC):
    """DNS zones the provider hosts (AutoDNS JSON), for publishing DCV records."""

    @abc.abstractmethod
    def get_zone(self, name, nameserver=None):
        """-> dict(origin=..., records=[dict(name, type, value, ttl)]) with names relative to the zone."""

    @abc.abstractmethod
    def update_zone_records(self, zone, adds=None, removes=None, nameserver=None):
        """Add / remove records, each dict(name (relative, '' for apex), type, value, ttl)."""


INTERFACES = (ProviderCore, OrderChecksInterface, RenewalCompletionInterface, ContactsInterface, CatalogueInterface,
              AccountInterface, ZonesInterface)
OPERATIONS = frozenset(name for interface in INTERFACES for name, member in vars(interface).items()
                       if callable(member) and not name.startswith('_'))
