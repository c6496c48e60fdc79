# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""SSL247 API v3 (``https://api.ssl247.com/api/v3``).

Every operation is ``POST <route>`` with a JSON body carrying the credentials ``u`` (user e-mail),
``p`` (password, optional for API users) and ``k`` (API key).  Success is HTTP 200
``{StatusCode, StatusDescription, Date, Data}``; an error is any other status with
``{"Response": {"Error": {"Code", "Message"}, "Date"}}``.

SSL247 has no jobs: an order is its certificate (``_provider.CertificateOrders``), a pseudo job's id
is the certificate id and its status follows the certificate's order status.
"""


import json
import re

from urllib.parse import quote

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AuthenticationError,
    CertopsError,
    InputError,
    MalformedResponseError,
    NotFoundError,
    NotRenewableError,
    ProviderError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact, Job, VALIDATION_METHODS
from ansible_collections.certops.reseller.plugins.module_utils._provider import (
    AccountInterface,
    Capabilities,
    CatalogueInterface,
    CertificateOrders,
    ContactsInterface,
    OrderChecksInterface,
    ProviderCore,
    RenewalCompletionInterface,
)
from ansible_collections.certops.reseller.plugins.module_utils._ssl247 import convert

_JSON_HEADERS = {'Content-Type': 'application/json', 'Accept': 'application/json'}
_ISO_DATE = re.compile(r'\b(\d{4}-\d{2}-\d{2})\b')

REFERENCE_ROUTES = {
    'countries': '/generic/get-country-list',
    'titles': '/generic/get-user-titles',
    'us_states': '/generic/get-us-state-list',
    'internal_products': '/generic/get-internal-product-list',
    'external_products': '/generic/get-external-product-list',
    'websites': '/generic/get-websites-list',
}


def _segment(value):
    """One URL path segment: everything (also '/', '*') percent-encoded."""
    if value is None or str(value) == '':
        raise InputError('an empty value cannot be part of an SSL247 route')
    return quote(str(value), safe='')


class SSL247Provider(CertificateOrders, ProviderCore, OrderChecksInterface, RenewalCompletionInterface, ContactsInterface,
                     CatalogueInterface, AccountInterface):
    name = 'ssl247'
    api_format = 'json'
    capabilities = Capabilities(
        lifetime_unit='year',
        # SSL247 (like most CAs' resellers, and the sandbox) refuses a renewal earlier than
        # 90 days before the certificate expires.
        renew_window_days=90,
        renew_creates_new_certificate=True,
        jobs_are_certificates=True,
        lists_in_pages=False,       # /certificates answers everything at once
        challenges_before_order=False,
        order_validation=True,
        dns_provisioning=False,
        job_history=False,
        contact_roles=True,
        reissue_changes_names=False,
        contact_organization=False,
    )

    def __init__(self, http, settings):
        super(SSL247Provider, self).__init__(http, settings)
        self._product_details_cache = {}

    # -- plumbing -------------------------------------------------------------------------
    def _credentials(self):
        if not self.settings.username:
            raise InputError('provider ssl247 needs username (the e-mail address of the SSL247 user)')
        credentials = {'u': self.settings.username, 'k': self.settings.api_key or ''}
        if self.settings.password:
            credentials['p'] = self.settings.password
        return credentials

    def _scrub(self, text):
        """Remove credentials from a text that may echo the request."""
        text = str(text)
        for secret in (self.settings.password, self.settings.api_key):
            if secret and len(str(secret)) >= 3:
                text = text.replace(str(secret), '********')
        return text

    def _call(self, route, operation, path=None, fields=None, mutating=False):
        """POST ``route`` (a template such as ``/certificate/{id}``) and return ``Data``."""
        label = '%s (%s)' % (operation, route)
        url_path = route.format(**dict((k, _segment(v)) for k, v in (path or {}).items()))
        body = dict((k, v) for k, v in (fields or {}).items() if v is not None)
        body.update(self._credentials())
        _response, data = self.http.send_and_parse('POST', url_path, label, lambda r: self._data(r, label),
                                                   body=json.dumps(body), headers=dict(_JSON_HEADERS),
                                                   mutating=mutating)
        return data

    def _malformed(self, what, label, status):
        return MalformedResponseError(what, operation=label, http_status=status, provider=self.name)

    def _data(self, response, label):
        status = response.status
        try:
            payload = json.loads(response.body.decode('utf-8'))
        except (ValueError, UnicodeDecodeError):
            snippet = ' '.join(self._scrub(response.text[:80]).split())
            raise self._malformed('the answer is not JSON (content type %s, %d bytes%s)' % (
                response.content_type or 'unknown', len(response.body), ': "%s"' % snippet if snippet else ''),
                label, status)
        error = payload.get('Response') if isinstance(payload, dict) else None
        if isinstance(error, dict) and isinstance(error.get('Error'), dict):
            raise self._error(status, error['Error'], label)
        if not 200 <= status < 300:
            raise self._malformed('HTTP %s without an SSL247 error envelope' % status, label, status)
        if not isinstance(payload, dict) or 'Data' not in payload:
            raise self._malformed('the answer has no Data member', label, status)
        return payload['Data']

    def _error(self, status, error, label):
        code = error.get('Code')
        code = str(code) if code not in (None, '') else None
        message = ' '.join(self._scrub(error.get('Message') or 'no message').split())
        kwargs = dict(code=code, operation=label, http_status=status, provider=self.name)
        upper = (code or '').upper()
        if status == 402 or 'INSUFFICIENT' in upper or 'FUNDS' in upper:
            return ProviderError('the account deposit does not cover this order, top it up first: %s' % message,
                                 **kwargs)
        if upper.startswith('RENEWAL_NOT_ALLOWED') or upper == 'NOT_RENEWABLE':
            match = _ISO_DATE.search(message)
            return NotRenewableError(message, opens_on=match.group(1) if match else None, **kwargs)
        if status in (401, 403):
            return AuthenticationError(message, **kwargs)
        if status == 404:
            return NotFoundError(message, **kwargs)
        if status in (400, 422):
            return InputError(message, **kwargs)
        return ProviderError(message, **kwargs)

    def _expect(self, value, kind, what, label):
        if not isinstance(value, kind):
            raise self._malformed('%s is missing or has the wrong shape' % what, label, 200)
        return value

    # -- request helpers -----------------------------------------------------------------------
    @staticmethod
    def _years(request):
        months = getattr(request, 'lifetime_months', None) if request is not None else None
        if months in (None, ''):
            return 1
        try:
            months = int(months)
        except (TypeError, ValueError):
            raise InputError('lifetime_months must be a number of months, got %r' % (months,))
        if months <= 0 or months % 12:
            raise InputError('SSL247 counts lifetimes in years: lifetime_months must be a positive multiple of 12, '
                             'got %d' % months)
        return months // 12

    @staticmethod
    def _method(request):
        method = (request.validation_method or 'dns').lower()
        if method not in VALIDATION_METHODS:
            raise InputError('validation_method must be one of %s, got %r' % (', '.join(VALIDATION_METHODS), method))
        if method == 'email' and not request.approver_email:
            raise InputError('validation_method email needs approver_email')
        return method

    @staticmethod
    def _approver_for(request, name):
        approver = request.approver_email
        if isinstance(approver, dict):
            return approver.get(name) or approver.get(convert.validated_domain(name))
        return approver

    def _addons(self, request, method):
        addons = []
        for name in request.names[1:]:
            addon = {'value': name}
            if method == 'email':
                addon['approver_email'] = self._approver_for(request, name)
            addons.append(addon)
        return addons

    def _contact_object(self, contact):
        if contact is None or contact == '':
            return None
        if isinstance(contact, Contact):
            return contact
        if isinstance(contact, dict):
            return Contact(**dict((k, v) for k, v in contact.items() if k in Contact.FIELDS or k == 'id'))
        return self.get_contact(str(contact))

    def _order_contacts(self, request):
        """Inline Contacts object; contact ids are SSL247 contact profiles, read first (read-only calls)."""
        contacts = {}
        admin = self._contact_object(request.admin_contact)
        tech = self._contact_object(request.technical_contact)
        if admin is not None:
            contacts['Administrative'] = convert.order_contact(admin, 'admin_contact')
        if tech is not None:
            contacts['Technical'] = convert.order_contact(tech, 'technical_contact')
        if request.organization:
            company = convert.order_company(request.organization)
            if company:
                contacts['Company'] = company
        return contacts or None

    def _completion_fields(self, request, method):
        fields = dict(common_name=request.common_name, csr=request.csr, dv_auth_method=method)
        if method == 'email':
            fields['approver_email'] = self._approver_for(request, request.common_name)
        addons = self._addons(request, method)
        if addons:
            fields['Addon'] = addons
        contacts = self._order_contacts(request)
        if contacts:
            fields['Contacts'] = contacts
        return fields

    @staticmethod
    def _order_lines(request, years):
        sans = request.names[1:]
        line = dict(product_code=request.product, common_name=request.common_name, years=str(years), quantity=1)
        if sans:
            line['san'] = len(sans)
            line['sans'] = ','.join(sans)
        return [line]

    @staticmethod
    def _require(request, *names):
        for name in names:
            if not getattr(request, name, None):
                raise InputError('an SSL247 order needs %s' % name)

    # -- connection / account ----------------------------------------------------------------
    def check_connection(self):
        return self.account_info()

    def account_info(self):
        label = 'account info (/account)'
        data = self._expect(self._call('/account', 'account info'), dict, 'Data', label)
        account = self._expect(data.get('Account'), dict, 'Data.Account', label)
        return dict(
            account_code=account.get('account_code'),
            company=account.get('company'),
            country=account.get('country'),
            currency=account.get('currency'),
            allowance_limit=convert.to_float(account.get('allowance_limit')),
            remaining_allowance=convert.to_float(account.get('remaining_allowance')),
            users=[dict(full_name=u.get('full_name'), email=u.get('email'))
                   for u in account.get('Users') or [] if isinstance(u, dict)],
        )

    def _users_data(self):
        label = 'account users (/account/users)'
        data = self._expect(self._call('/account/users', 'account users'), dict, 'Data', label)
        users = data.get('Users')
        return self._expect(users if users is not None else {}, dict, 'Data.Users', label)

    def list_users(self):
        users = self._users_data().get('User') or []
        return [dict(id=str(u.get('id')), full_name=u.get('full_name'), email=u.get('email'))
                for u in users if isinstance(u, dict)]

    def get_user(self, user_id):
        data = self._call('/account/user/{id}', 'user get', {'id': user_id})
        return self._expect(data, dict, 'Data', 'user get (/account/user/{id})')

    def deposit(self):
        label = 'account deposit (/account/deposit)'
        data = self._expect(self._call('/account/deposit', 'account deposit'), dict, 'Data', label)
        deposit = self._expect(data.get('Deposit'), dict, 'Data.Deposit', label)
        return dict(value=convert.to_float(deposit.get('value')), currency=deposit.get('currency'))

    def monthly_allowance(self):
        label = 'monthly allowance (/account/monthly-allowance)'
        data = self._expect(self._call('/account/monthly-allowance', 'monthly allowance'), dict, 'Data', label)
        allowance = self._expect(data.get('Allowance'), dict, 'Data.Allowance', label)
        return dict(remaining=convert.to_float(allowance.get('remaining')),
                    limit=convert.to_float(allowance.get('limit')), currency=allowance.get('currency'))

    # -- contacts (contact profiles) ---------------------------------------------------------
    def get_contact(self, contact_id):
        label = 'contact get (/account/contact-profile/{id})'
        data = self._expect(self._call('/account/contact-profile/{id}', 'contact get', {'id': contact_id}),
                            dict, 'Data', label)
        profile = self._expect(data.get('ContactProfile'), dict, 'Data.ContactProfile', label)
        contact = convert.contact_from_profile(profile)
        contact.id = contact.id or str(contact_id)
        return contact

    def create_contact(self, contact):
        label = 'contact create (/account/contact-profile/add)'
        data = self._call('/account/contact-profile/add', 'contact create', fields=convert.profile_fields(contact),
                          mutating=True)
        data = self._expect(data, dict, 'Data', label)
        if data.get('contact_id') in (None, ''):
            raise self._malformed('Data.contact_id is missing', label, 200)
        result = Contact(**contact.to_dict())
        result.id = str(data['contact_id'])
        return result

    def update_contact(self, contact):
        if not contact.id:
            raise InputError('updating a contact needs its id')
        self._call('/account/contact-profile/{id}/edit', 'contact update', {'id': contact.id},
                   fields=convert.profile_fields(contact), mutating=True)
        return Contact(**contact.to_dict())

    def list_contacts(self, email=None, first_name=None, last_name=None, organization=None, limit=None, offset=0):
        """The list (``/account/users`` ContactProfile) has id, e-mail and roles only: names and the
        organization are read with one ``get_contact`` per candidate, only when a filter needs them."""
        profiles = self._users_data().get('ContactProfile') or []
        contacts = [convert.contact_from_list_item(p) for p in profiles if isinstance(p, dict)]
        if email:
            contacts = [c for c in contacts if (c.email or '').lower() == email.lower()]
        if first_name or last_name or organization:
            detailed = []
            for candidate in contacts:
                full = self.get_contact(candidate.id)
                if first_name and (full.first_name or '').lower() != first_name.lower():
                    continue
                if last_name and (full.last_name or '').lower() != last_name.lower():
                    continue
                if organization and (full.organization or '').lower() != organization.lower():
                    continue
                detailed.append(full)
            contacts = detailed
        total = len(contacts)
        return self._page(contacts, limit, offset), total

    @staticmethod
    def _page(items, limit, offset):
        offset = int(offset or 0)
        if limit:
            return items[offset:offset + int(limit)]
        return items[offset:]

    # -- certificates ----------------------------------------------------------------------------
    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        """One call: ``/certificates/{Status}`` when the status is one SSL247 status, else ``/certificates``
        filtered here.  The items are basic (id, common name, status): a waiting item shows ``pending``
        (only the details tell ``validating``), and a ``product`` filter reads each candidate's details
        (one call per candidate)."""
        label = 'certificate list (/certificates)'
        wanted = None
        if status:
            wanted = convert.ssl247_status_names(status)
            if wanted is None:
                raise InputError('unknown certificate status %r' % (status,))
            if not wanted:
                return [], 0
        if wanted and len(wanted) == 1 and wanted[0] in convert.CERTIFICATE_LIST_STATUSES:
            data = self._call('/certificates/{status}', 'certificate list', {'status': wanted[0]})
            label = 'certificate list (/certificates/{status})'
        else:
            data = self._call('/certificates', 'certificate list')
        items = self._expect(data if data is not None else [], list, 'Data', label)
        certificates = [convert.certificate_from_list_item(i) for i in items if isinstance(i, dict)]
        if wanted:
            lowered = [w.lower() for w in wanted]
            certificates = [c for c in certificates if (c.provider_status or '').lower() in lowered]
        if common_name:
            certificates = [c for c in certificates if (c.common_name or '').lower() == common_name.lower()]
        if wanted and status in convert.SSL247_STATUSES:
            certificates = self._settle_date_dependent(certificates, status)
        if product:
            certificates = [c for c in (self.get_certificate(c.id, include_pem=False) for c in certificates)
                            if (c.product or '').lower() == product.lower()]
        total = len(certificates)
        return self._page(certificates, limit, offset), total

    def _settle_date_dependent(self, certificates, status):
        """Keep the listed certificates of normalized ``status``; one whose SSL247 status depends on its dates
        (Subscription) is read in detail (one call each) to tell."""
        kept = []
        for certificate in certificates:
            if (certificate.provider_status or '').lower() in convert.DATE_DEPENDENT_STATUSES:
                certificate = self.get_certificate(certificate.id, include_pem=False)
                if certificate.status != status:
                    continue
            kept.append(certificate)
        return kept

    def get_certificate(self, certificate_id, include_pem=True):
        """One call; two more (x509 + intermediate) only when the certificate is issued and
        ``include_pem`` is true.  Pass ``include_pem=False`` where only status and names matter."""
        label = 'certificate get (/certificate/{id})'
        data = self._expect(self._call('/certificate/{id}', 'certificate get', {'id': certificate_id}),
                            dict, 'Data', label)
        certificate = convert.certificate_from_details(data, certificate_id=str(certificate_id))
        provider_status = (certificate.provider_status or '').lower()
        if include_pem and (provider_status in ('issued', 'expiring')
                            or (provider_status in convert.DATE_DEPENDENT_STATUSES and certificate.status == 'issued')):
            certificate.certificate = self.download_certificate(certificate.id, 'x509') or None
            certificate.chain = self.download_certificate(certificate.id, 'intermediate') or None
        return certificate

    def download_certificate(self, certificate_id, kind='x509'):
        if kind not in convert.DOWNLOAD_KINDS:
            raise InputError('kind must be one of %s, got %r' % (', '.join(convert.DOWNLOAD_KINDS), kind))
        label = 'certificate download (/certificate/{id}/{type})'
        data = self._call('/certificate/{id}/{type}', 'certificate download', {'id': certificate_id, 'type': kind})
        if isinstance(data, list):
            data = data[0] if data else {}
        if isinstance(data, dict):
            value = data.get(kind)
            if value is None and len(data) == 1:
                value = list(data.values())[0]
            data = value
        return self._expect(data, str, 'Data[0].%s' % kind, label)

    def approver_emails(self, product, common_name):
        label = 'approver e-mails (/certificates/get-approver-email/{product-code}/{common-name})'
        data = self._call('/certificates/get-approver-email/{product}/{cn}', 'approver e-mails',
                          {'product': product, 'cn': common_name})
        items = self._expect(data if data is not None else [], list, 'Data', label)
        emails = []
        for item in items:
            candidates = []
            if isinstance(item, dict):
                candidates = [item.get('email')] + list(item.keys()) + list(item.values())
            elif isinstance(item, str):
                candidates = [item]
            for candidate in candidates:
                if isinstance(candidate, str) and '@' in candidate:
                    if candidate not in emails:
                        emails.append(candidate)
                    break
        return emails

    def _check(self, route, operation, path):
        data = self._expect(self._call(route, operation, path), dict, 'Data', '%s (%s)' % (operation, route))
        result = dict(valid=convert.to_bool(data.get('valid')), message=data.get('message') or '', raw=data)
        for key in ('type', 'product_addon_id'):
            if key in data:
                result[key] = data[key]
        return result

    def check_common_name(self, product, common_name):
        return self._check('/certificates/check-common-name/{product}/{cn}', 'check common name',
                           {'product': product, 'cn': common_name})

    def check_san(self, product, common_name, san):
        return self._check('/certificates/check-san/{product}/{cn}/{san}', 'check SAN',
                           {'product': product, 'cn': common_name, 'san': san})

    # -- ordering ------------------------------------------------------------------------------
    def validate_order(self, request, billing_contact_id=None):
        """Prices and checks an order without paying.  The provider refusing the input (400/422) is a
        result (``valid: false``), not an error.  The answer carries no currency (``currency`` None)."""
        self._require(request, 'common_name', 'product')
        years = self._years(request)
        label = 'order validate (/order/certificate/validate)'
        fields = dict(order=self._order_lines(request, years), billing_contact_id=billing_contact_id)
        try:
            data = self._call('/order/certificate/validate', 'order validate', fields=fields)
        except InputError as exc:
            return dict(valid=False, price=None, currency=None, messages=[exc.message], code=exc.code, lines=[])
        data = self._expect(data, dict, 'Data', label)
        lines = [line for line in data.get('OrderLines') or [] if isinstance(line, dict)]
        price = None
        for line in lines:
            for amount in [line.get('total')] + [a.get('total') for a in line.get('addons') or [] if isinstance(a, dict)]:
                value = convert.to_float(amount)
                if value is not None:
                    price = (price or 0.0) + value
        messages = [str(line['label']) for line in lines if line.get('label')]
        currency = data.get('currency') or next((line.get('currency') for line in lines if line.get('currency')), None)
        return dict(valid=convert.to_bool(data.get('Valid')), price=round(price, 2) if price is not None else None,
                    currency=currency, messages=messages, lines=lines)

    def _complete_order(self, certificate_id, request, action):
        """CSR, DCV method, SANs and contacts for a paid certificate that waits for them (a renewal) -> Job."""
        self._require(request, 'common_name', 'csr')
        method = self._method(request)
        fields = self._completion_fields(request, method)
        fields['certificate_id'] = str(certificate_id)
        label = 'order complete (/order/certificate/complete)'
        data = self._expect(self._call('/order/certificate/complete', 'order complete', fields=fields, mutating=True),
                            dict, 'Data', label)
        entries = [c for c in data.get('Certificate') or [] if isinstance(c, dict)]
        provider_status = convert.status_name(entries[0].get('status')) if entries else None
        new_id = str(entries[0].get('id') or certificate_id) if entries else str(certificate_id)
        return Job(id=new_id, status='running', provider_status=provider_status, action=action,
                   object=request.common_name, certificate_id=new_id)

    def create_certificate(self, request, billing_contact_id=None):
        """One call (``place-quick-order``).  SPENDS MONEY, never retried."""
        self._require(request, 'common_name', 'product', 'csr')
        years = self._years(request)
        method = self._method(request)
        fields = self._completion_fields(request, method)   # may read contact profiles, before paying
        fields.update(product_code=request.product, years=str(years), billing_contact_id=billing_contact_id)
        label = 'certificate create (/order/certificate/place-quick-order)'
        data = self._expect(self._call('/order/certificate/place-quick-order', 'certificate create', fields=fields,
                                       mutating=True), dict, 'Data', label)
        entries = [c for c in data.get('Certificate') or [] if isinstance(c, dict)]
        if not entries or entries[0].get('id') in (None, ''):
            raise self._malformed('Data.Certificate[0].id is missing (the order may have been placed: check '
                                  'the certificate list before ordering again)', label, 200)
        certificate_id = str(entries[0]['id'])
        return Job(id=certificate_id, status='running', action='create', object=request.common_name,
                   certificate_id=certificate_id)

    def renew_certificate(self, certificate_id, request=None):
        """``/certificate/{id}/renew`` creates (and charges) a NEW certificate; with a CSR in ``request`` it
        is completed at once.  Job.id and Job.certificate_id are the new certificate's id."""
        years = self._years(request)
        if request is not None and request.csr:
            self._method(request)
            self._require(request, 'common_name')
        label = 'certificate renew (/certificate/{original_certificate_id}/renew)'
        data = self._expect(self._call('/certificate/{id}/renew', 'certificate renew', {'id': certificate_id},
                                       fields=dict(years=str(years)), mutating=True), dict, 'Data', label)
        if data.get('certificate_id') in (None, ''):
            raise self._malformed('Data.certificate_id is missing (the renewal may have been placed: check the '
                                  'certificate list before renewing again)', label, 200)
        new_id = str(data['certificate_id'])
        common_name = request.common_name if request is not None else None
        if request is not None and request.csr:
            try:
                return self._complete_order(new_id, request, action='renew')
            except CertopsError as exc:
                exc.message = 'the renewal created certificate %s, but completing it failed: %s' % (new_id, exc.message)
                exc.details = dict(exc.details or {}, new_certificate_id=new_id)
                raise
        return Job(id=new_id, status='running', provider_status='Incomplete', action='renew', object=common_name,
                   certificate_id=new_id)

    def needs_completion(self, item):
        return str(getattr(item, 'provider_status', None) or '').lower() == 'incomplete'

    def complete_renewal(self, certificate_id, request):
        return self._complete_order(certificate_id, request, action='renew')

    def reissue_certificate(self, certificate_id, request):
        self._require(request, 'csr')
        fields = dict(new_csr=request.csr, hash=request.signature_hash_algorithm)
        label = 'certificate reissue (/certificate/{id}/reissue)'
        data = self._call('/certificate/{id}/reissue', 'certificate reissue', {'id': certificate_id}, fields=fields,
                          mutating=True)
        data = self._expect(data, dict, 'Data', label)
        return Job(id=str(certificate_id), status='running', provider_status=data.get('status'), action='reissue',
                   object=getattr(request, 'common_name', None), certificate_id=str(certificate_id))

    def _status_action(self, route, operation, certificate_id):
        data = self._call(route, operation, {'id': certificate_id}, mutating=True)
        if isinstance(data, list):
            data = data[0] if data else {}
        return data if isinstance(data, dict) else {}

    def cancel_certificate(self, certificate_id):
        data = self._status_action('/certificate/{id}/cancel', 'certificate cancel', certificate_id)
        return Job(id=str(certificate_id), status='cancelled', provider_status=data.get('status') or 'Cancelled',
                   sub_status=data.get('message'), action='cancel', certificate_id=str(certificate_id))

    def revoke_certificate(self, certificate_id, reason=None):
        data = self._status_action('/certificate/{id}/revoke', 'certificate revoke', certificate_id)
        return Job(id=str(certificate_id), status='succeeded', provider_status=data.get('status') or 'Revoked',
                   sub_status=data.get('message'), action='revoke', certificate_id=str(certificate_id))

    def product_allows_wildcard(self, product):
        """From the product details' ``wildcard`` field (read once per product); None for an unknown product."""
        if not product:
            return None
        try:
            return self.product_details(product).get('wildcard')
        except NotFoundError:
            return None

    # -- pseudo jobs -----------------------------------------------------------------------------
    @staticmethod
    def _job_from_certificate(certificate):
        return Job(
            id=certificate.id,
            status=convert.job_status(certificate.status),
            provider_status=certificate.provider_status,
            object=certificate.common_name,
            created=certificate.extra.get('created') or certificate.extra.get('ordered'),
            updated=certificate.not_before,
            certificate_id=certificate.id,
            certificate=certificate,
            challenges=list(certificate.challenges),
        )

    def get_job(self, job_id, history=False):
        """The pseudo job of certificate ``job_id`` (1 call; 3 once issued, to carry the PEM)."""
        return self._job_from_certificate(self.get_certificate(job_id))

    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        certificates, _total = self.list_certificates()
        jobs = []
        for certificate in certificates:
            job = self._job_from_certificate(certificate)
            job.certificate = None
            jobs.append(job)
        if status:
            jobs = [j for j in jobs if j.status == status]
        if object_name:
            jobs = [j for j in jobs if (j.object or '').lower() == object_name.lower()]
        total = len(jobs)
        return self._page(jobs, limit, offset), total

    def cancel_job(self, job_id):
        return self.cancel_certificate(job_id)

    # -- products ------------------------------------------------------------------------------
    def product_types(self):
        label = 'product types (/product-types)'
        data = self._expect(self._call('/product-types', 'product types'), dict, 'Data', label)
        return [dict(code=t.get('code'), name=t.get('name'))
                for t in data.get('ProductTypeList') or [] if isinstance(t, dict)]

    def products(self, product_type):
        label = 'products (/products/{product-type})'
        data = self._expect(self._call('/products/{type}', 'products', {'type': product_type}), dict, 'Data', label)
        products = (data.get('Products') or {}).get('Product') or []
        return [convert.product_from_list_item(p) for p in products if isinstance(p, dict)]

    def product_details(self, product_code):
        if product_code not in self._product_details_cache:
            label = 'product details (/product/{product-code})'
            data = self._expect(self._call('/product/{code}', 'product details', {'code': product_code}),
                                dict, 'Data', label)
            self._product_details_cache[product_code] = convert.product_from_details(data)
        return dict(self._product_details_cache[product_code])

    def product_requirements(self, product_code):
        label = 'product requirements (/product/{product-code}/requirements)'
        data = self._expect(self._call('/product/{code}/requirements', 'product requirements', {'code': product_code}),
                            dict, 'Data', label)
        return data.get('ProductRequirements')

    def product_addons(self, product_code):
        label = 'product addons (/product/{product-code}/addons)'
        data = self._expect(self._call('/product/{code}/addons', 'product addons', {'code': product_code}),
                            dict, 'Data', label)
        return data.get('ProductAddons') or []

    def product_prices(self, product_code):
        label = 'product prices (/product/{product-code}/prices)'
        data = self._expect(self._call('/product/{code}/prices', 'product prices', {'code': product_code}),
                            dict, 'Data', label)
        return dict(prices=convert.price_list(data.get('ProductPrices')),
                    addon_prices=convert.addon_prices(data.get('ProductAddonPrices')))

    # -- orders ----------------------------------------------------------------------------------
    def list_orders(self, status=None):
        """Orders, all or of one normalized status.  A status that covers several SSL247 statuses
        (``pending``: Pending, Incomplete, Stock, Subscription, ...) is one call per status seed 002
        lists for ``/orders/certificates/{status}``; a status it does not list is filtered from ``/orders``."""
        if not status:
            return self._all_orders()
        names = convert.ssl247_status_names(status)
        if not names:
            raise InputError('unknown certificate status %r' % (status,))
        if any(name not in convert.ORDER_LIST_STATUSES for name in names):
            lowered = [name.lower() for name in names]
            return self._of_status([o for o in self._all_orders() if (o.get('provider_status') or '').lower() in lowered],
                                   status)
        label = 'order list (/orders/certificates/{status})'
        orders = []
        seen = set()
        for name in names:
            data = self._expect(self._call('/orders/certificates/{status}', 'order list', {'status': name}),
                                dict, 'Data', label)
            for entry in data.get('Certificate') or []:
                if not isinstance(entry, dict):
                    continue
                order = convert.order_entry(entry)
                key = (order.get('order_id'), order.get('certificate_id'))
                if key not in seen:
                    seen.add(key)
                    orders.append(order)
        return self._of_status(orders, status)

    @staticmethod
    def _of_status(orders, status):
        """An order whose SSL247 status depends on its dates (Subscription) is kept only when its normalized
        status (from the dates the order list carries) is ``status``."""
        if status not in convert.SSL247_STATUSES:
            return orders
        return [o for o in orders if (o.get('provider_status') or '').lower() not in convert.DATE_DEPENDENT_STATUSES
                or o.get('status') == status]

    def _all_orders(self):
        label = 'order list (/orders)'
        data = self._expect(self._call('/orders', 'order list'), dict, 'Data', label)
        entries = (data.get('Orders') or {}).get('Certificate') or []
        return [convert.order_entry(e) for e in entries if isinstance(e, dict)]

    def order_details(self, order_id):
        label = 'order details (/orders/{order-id})'
        data = self._expect(self._call('/orders/{id}', 'order details', {'id': order_id}), dict, 'Data', label)
        return [o for o in data.get('Orders') or [] if isinstance(o, dict)]

    def invoice(self, invoice_id, download=False):
        """``download`` true: the PDF, base64-encoded; false: a URL to the invoice."""
        label = 'invoice (/orders/invoice/{invoice-id}/{download})'
        data = self._expect(self._call('/orders/invoice/{id}/{download}', 'invoice',
                                       {'id': invoice_id, 'download': 'true' if download else 'false'}),
                            dict, 'Data', label)
        return dict(invoice_id=str(invoice_id), kind='pdf_base64' if download else 'url', invoice=data.get('invoice'))

    # -- reference lists -------------------------------------------------------------------------
    def reference_list(self, name):
        if name not in REFERENCE_ROUTES:
            raise InputError('reference list must be one of %s, got %r' % (', '.join(self.REFERENCE_LISTS), name))
        route = REFERENCE_ROUTES[name]
        return convert.reference_items(self._call(route, 'reference list %s' % name))
