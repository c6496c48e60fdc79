# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The provider interface every implementation follows, and its capability description.

Module code (``_module/``) talks only to this interface, with the normalized objects of
``_model``.  An operation a provider lacks is simply not overridden: the base method raises
``UnsupportedOperationError`` ("<operation> is not supported by <provider>"), and
``provider.supports('<operation>')`` tells in advance.  Nothing here knows Ansible.
"""


from dataclasses import dataclass

from ansible_collections.certops.reseller.plugins.module_utils._errors import UnsupportedOperationError


@dataclass(frozen=True)
class Capabilities:
    """Behaviour that differs between providers; module code asks these, never the name."""
    lifetime_unit: str = 'month'                 # 'month' (AutoDNS) or 'year' (SSL247)
    renew_window_days: object = None             # int: renewal possible only that many days before expiry
    renew_creates_new_certificate: bool = False  # SSL247: renewal is a new certificate with a new id
    jobs_are_certificates: bool = False          # SSL247: no jobs; a pseudo job's id is the certificate id
    challenges_before_order: bool = False        # AutoDNS: prepare_order tells the DCV data before paying
    order_validation: bool = False               # SSL247: validate_order prices and checks without paying
    dns_provisioning: bool = False               # AutoDNS can publish the DCV record itself
    job_history: bool = False                    # finished jobs can be inquired separately
    contact_roles: bool = False                  # SSL247: contact profiles carry admin/tech/billing roles
    reissue_changes_names: bool = True           # False on SSL247: a reissue changes the key only, names are paid add-ons
    contact_organization: bool = True            # False on SSL247: contact-profile add/edit take no company
    lists_in_pages: bool = True                  # False on SSL247: a list is one answer; asking page by page repeats it


class Provider(object):
    """Base class.  Ids are strings everywhere.  Lists return ``(items, total)``."""

    name = 'provider'            # 'autodns' or 'ssl247'
    api_format = 'json'          # 'json' or 'xml'
    capabilities = Capabilities()

    def __init__(self, http, settings):
        """``http`` is an ``_http.HttpClient`` bound to the base URL; ``settings`` a ``_client.ConnectionSettings``."""
        self.http = http
        self.settings = settings

    # -- capability helpers -------------------------------------------------------------
    def supports(self, operation):
        """True when this provider implements ``operation`` (a method name of this class)."""
        mine = getattr(type(self), operation, None)
        base = getattr(Provider, operation, None)
        return mine is not None and mine is not base

    def unsupported(self, operation):
        # provider and operation stay out of the prefix: the sentence already names both
        return UnsupportedOperationError(
            '%s is not supported by %s' % (operation.replace('_', ' '), self.name),
            details=dict(provider=self.name, operation=operation))

    def _unsupported(self, operation):
        raise self.unsupported(operation)

    # -- connection ---------------------------------------------------------------------
    def check_connection(self):
        """Cheap authenticated call proving URL and credentials (AutoDNS GET /hello)."""
        self._unsupported('check_connection')

    # -- certificates -------------------------------------------------------------------
    def prepare_order(self, request):
        """OrderRequest (with csr) -> list[Challenge]; read-only (AutoDNS 400110)."""
        self._unsupported('prepare_order')

    def validate_order(self, request):
        """OrderRequest -> dict(valid=bool, price=float|None, currency=str|None, messages=[...]); read-only (SSL247)."""
        self._unsupported('validate_order')

    def create_certificate(self, request):
        """OrderRequest -> Job.  SPENDS MONEY.  Never retried; may raise AmbiguousResultError."""
        self._unsupported('create_certificate')

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        """-> (list[Certificate], total).  ``status`` is a normalized certificate status or None.
        AutoDNS search returns complete certificates; SSL247 only id/common_name/status (use get_certificate)."""
        self._unsupported('list_certificates')

    def list_certificates_by_names(self, common_names):
        """-> list[Certificate] whose common name is one of ``common_names`` (at most 100): one batched read."""
        self._unsupported('list_certificates_by_names')

    def get_certificate(self, certificate_id, include_pem=True):
        """-> Certificate, complete (PEM, chain, csr, challenges while pending).  NotFoundError if absent.
        ``include_pem=False`` lets a provider that needs extra calls for the PEM (SSL247) skip them."""
        self._unsupported('get_certificate')

    def download_certificate(self, certificate_id, kind='x509'):
        """kind in x509, pkcs7, intermediate, root, bundle -> str (SSL247)."""
        self._unsupported('download_certificate')

    def reissue_certificate(self, certificate_id, request):
        """-> Job.  Reissue with request.csr / names / hash (AutoDNS 400102, SSL247 reissue)."""
        self._unsupported('reissue_certificate')

    def renew_certificate(self, certificate_id, request=None):
        """-> Job.  SPENDS MONEY.  AutoDNS 400106 (NotRenewableError for EF4001012); SSL247 renew
        (+ complete with request.csr/validation): Job.certificate_id is the NEW certificate id."""
        self._unsupported('renew_certificate')

    def needs_completion(self, item):
        """True when a pending order (Certificate or Job) is paid but waits for its CSR and DCV method before the
        CA starts (SSL247 'Incomplete'): nothing completes it but ``complete_renewal``/``complete_order``."""
        return False

    def complete_renewal(self, certificate_id, request):
        """Hand CSR, DCV method and contacts to a paid renewal that waits for them -> Job (SSL247)."""
        self._unsupported('complete_renewal')

    def cancel_certificate(self, certificate_id):
        """Cancel/delete a certificate order (AutoDNS DELETE 400103, SSL247 cancel) -> Job or None."""
        self._unsupported('cancel_certificate')

    def revoke_certificate(self, certificate_id, reason=None):
        """Revoke an issued certificate (AutoDNS 4001031, SSL247 revoke) -> Job or None."""
        self._unsupported('revoke_certificate')

    def health_check(self, certificate_id):
        """-> dict (SSL247)."""
        self._unsupported('health_check')

    def import_certificate(self, data):
        """Import an external certificate -> dict (SSL247)."""
        self._unsupported('import_certificate')

    def product_allows_wildcard(self, product):
        """True / False when the provider tells, None when unknown.  Read-only, may call the API."""
        return None

    # -- domain validation helpers (SSL247) -------------------------------------------------
    def approver_emails(self, product, common_name):
        """-> list[str]."""
        self._unsupported('approver_emails')

    def check_common_name(self, product, common_name):
        """-> dict(valid=bool, message=str, raw=...)."""
        self._unsupported('check_common_name')

    def check_san(self, product, common_name, san):
        """-> dict(valid=bool, message=str, raw=...)."""
        self._unsupported('check_san')

    # -- jobs -----------------------------------------------------------------------------
    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        """-> (list[Job], total).  ``status`` is a normalized job status or None."""
        self._unsupported('list_jobs')

    def get_job(self, job_id, history=False):
        """-> Job with certificate data and challenges when the provider gives them.  NotFoundError if absent."""
        self._unsupported('get_job')

    def cancel_job(self, job_id):
        """Cancel a running job -> Job (as after the cancel) or None."""
        self._unsupported('cancel_job')

    def resend_approver_email(self, job_id):
        """Resend the DCV approver e-mail of a job waiting for it."""
        self._unsupported('resend_approver_email')

    # -- contacts -------------------------------------------------------------------------
    def create_contact(self, contact):
        """Contact -> Contact (with id)."""
        self._unsupported('create_contact')

    def get_contact(self, contact_id):
        """-> Contact.  NotFoundError if absent."""
        self._unsupported('get_contact')

    def list_contacts(self, email=None, first_name=None, last_name=None, organization=None, limit=None, offset=0):
        """-> (list[Contact], total)."""
        self._unsupported('list_contacts')

    def update_contact(self, contact):
        """Contact (with id) -> Contact."""
        self._unsupported('update_contact')

    def delete_contact(self, contact_id):
        self._unsupported('delete_contact')

    # -- zones (AutoDNS JSON) ---------------------------------------------------------------
    def get_zone(self, name, nameserver=None):
        """-> dict(origin=..., records=[dict(name, type, value, ttl)]) with names relative to the zone."""
        self._unsupported('get_zone')

    def update_zone_records(self, zone, adds=None, removes=None, nameserver=None):
        """Add / remove records, each dict(name (relative, '' for apex), type, value, ttl)."""
        self._unsupported('update_zone_records')

    # -- account (SSL247) -------------------------------------------------------------------
    def account_info(self):
        self._unsupported('account_info')

    def list_users(self):
        self._unsupported('list_users')

    def get_user(self, user_id):
        self._unsupported('get_user')

    def add_user(self, data):
        self._unsupported('add_user')

    def edit_user(self, user_id, data):
        self._unsupported('edit_user')

    def deposit(self):
        """-> dict(value=float, currency=str)."""
        self._unsupported('deposit')

    def monthly_allowance(self):
        """-> dict(remaining=..., limit=..., currency=...)."""
        self._unsupported('monthly_allowance')

    # -- products (SSL247) ------------------------------------------------------------------
    def product_types(self):
        self._unsupported('product_types')

    def products(self, product_type):
        self._unsupported('products')

    def product_details(self, product_code):
        self._unsupported('product_details')

    def product_requirements(self, product_code):
        self._unsupported('product_requirements')

    def product_addons(self, product_code):
        self._unsupported('product_addons')

    def product_prices(self, product_code):
        self._unsupported('product_prices')

    # -- orders (SSL247) --------------------------------------------------------------------
    def list_orders(self, status=None):
        """status None: all orders (/orders); else certificate orders by status (/orders/certificates/{status})."""
        self._unsupported('list_orders')

    def order_details(self, order_id):
        self._unsupported('order_details')

    def invoice(self, invoice_id, download=False):
        self._unsupported('invoice')

    def place_order(self, request, billing_contact_id=None):
        """Two-phase ordering, phase 1.  SPENDS MONEY."""
        self._unsupported('place_order')

    def complete_order(self, certificate_id, request):
        """Two-phase ordering, phase 2: CSR, DCV method, contacts."""
        self._unsupported('complete_order')

    # -- reference data (SSL247) ------------------------------------------------------------
    REFERENCE_LISTS = ('countries', 'titles', 'us_states', 'internal_products', 'external_products', 'websites')

    def reference_list(self, name):
        """name in REFERENCE_LISTS -> list."""
        self._unsupported('reference_list')
