# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The SSL247 API v3 front-end of the sandbox (prefix ``/ssl247/api/v3``).

Every route of the SSL247 reference (/work/shared/api/seeds/002_*.txt) is a POST with a JSON body
carrying ``u`` (an e-mail), ``p`` (optional) and ``k`` (``sandbox-key``).

Pinned interpretations (the client in plugins/module_utils/_ssl247 relies on them):

- Success: HTTP 200 ``{StatusCode: "200", StatusDescription: "OK", Date, Data}``; Data shapes are the
  reference's Response Examples with real values: booleans are JSON booleans, money is a string with
  two decimals ("50.00"), dates are ``YYYY-MM-DD HH:MM:SS`` in UTC.
- Errors: ``{"Response": {"Error": {"Code", "Message"}, "Date"}}`` with HTTP 401 (Code "401",
  "Invalid API credentials"), 404 (unknown route, certificate, order, contact, product), 400 (body
  not JSON, a missing field - named in the message -, a refused action), 402 Code
  "INSUFFICIENT_FUNDS" (the deposit does not cover an order or renewal), 400 Code
  "RENEWAL_NOT_ALLOWED" earlier than 90 days before the end of the paid term (the message names the
  date it opens first), 400 Code "REISSUE_NOT_ALLOWED" for a reissue after the term, 400 Code
  "WILDCARD_NOT_ALLOWED", 405 for another method than POST, 500 for a sandbox bug.
- Terms: ``years`` 1 to 6 buy a term from the order date (Dates.order) to order date + years (our
  reading: no field names its end).  Reissues inside it are free and unlimited
  (``remaining_reissues`` "unlimited", "0" once it ended); a renewal is charged, returns a new
  certificate id and starts a new term on its own order date.
- Status names: the reference's list (Incomplete, Expiring, External, Issued, Stock, Pending,
  ReadyToReview, Expired, Subscription, Cancelled, Archived, TemporaryCertificate, Deactivated)
  plus "Revoked".  The sandbox uses: Incomplete (placed, not completed), Pending (waiting for DCV,
  also during a reissue), Issued, Subscription (issued inside a multi-year term), Expiring (issued,
  the paid term ends within 30 days), Expired, Revoked, Cancelled, External (imported).  ``Status``
  objects are ``{code: <name>, description: <prose>}``.
- DCV (``dv_auth_method`` email | dns | file): ONE ``dns_auth_string`` per certificate, published as
  TXT at ``_dnsauth.<name>`` for every name (a wildcard on its base domain); FILE:
  ``http://<name>/.well-known/pki-validation/<file_auth_filename>`` containing
  ``file_auth_contents``; EMAIL: ``approver_email`` (common name) and ``Addons.Addon[].approver_email``.
- SANs: ``Addon: [{value, approver_email}]`` on quick order / complete; certificate details show
  ``CertificateDetails.Addons.Addon: [{id, type: "SAN", value, approver_email}]``.
- Downloads ``/certificate/{id}/{type}``: ``Data: [{"<type>": PEM}]`` (x509 leaf, intermediate,
  root, bundle = leaf + intermediate + root, pkcs7 = PEM PKCS#7 of the three).
- Approver e-mails: ``Data: [{"email": "admin@example.com"}, ...]``.
- Reference lists (documented as "string"): JSON lists; countries, US states, websites and
  products as ``[{code, name}]``, titles as a list of strings.
- Invoices ``/orders/invoice/{id}/{download}``: download ``true``/``1``/``pdf`` -> base64 PDF,
  anything else -> a URL.
- Order validation: an order line's ``total`` is the product's own amount (years x quantity); each
  SAN addon carries its own ``total``.  Input errors are HTTP 400, ``Valid`` is then not sent.
- Catalogue: product type SSL; RAPIDSSL (DV, SAN addons, no wildcard, 50.00 GBP a year + 10.00 per
  SAN a year) and RAPIDSSL_WILDCARD (wildcard, 150.00 a year + 10.00 per SAN a year); product
  details carry ``wildcard`` (boolean); both sell 1 to 6 years.  Quick order, place order and renew
  charge the deposit; a reissue never does.

State: certificates/orders/contacts live in the core (contact profiles are core contacts of
provider ``ssl247``); what only SSL247 has (commercial orders, invoices, users, placed-but-not-
completed certificates, imports) lives in ``sandbox.state['ssl247']``.
"""

import base64
import datetime
import decimal
import traceback

try:  # imported as tests.simulator.ssl247
    from . import core
    from . import rules
except ImportError:  # imported as a top-level module next to core.py
    import core
    import rules

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7

SECTION = 'ssl247'
CURRENCY = 'GBP'
EXPIRING_DAYS = 30
MONTHLY_ALLOWANCE = decimal.Decimal('500.00')
DOWNLOAD_TYPES = ('x509', 'pkcs7', 'intermediate', 'root', 'bundle')
STATUS_NAMES = ('Incomplete', 'Expiring', 'External', 'Issued', 'Stock', 'Pending', 'ReadyToReview', 'Expired',
                'Subscription', 'Cancelled', 'Archived', 'TemporaryCertificate', 'Deactivated', 'Revoked')
APPROVER_LOCAL_PARTS = ('admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster')
# A term of 1 year, or a multi-year subscription of 2 to 6 years (terms-and-reissues.md, "How resellers sell it").
TERM_YEARS = (1, 2, 3, 4, 5, 6)

PRODUCTS = {
    'RAPIDSSL': {
        'name': 'RapidSSL Standard DV', 'brand': 'RapidSSL', 'wildcard': False, 'validation': 'DV',
        'price': decimal.Decimal('50.00'), 'san_price': decimal.Decimal('10.00'), 'years': TERM_YEARS,
        'max_sans': 24,
        'description': 'Domain validated certificate; more names as SAN addons.',
    },
    'RAPIDSSL_WILDCARD': {
        'name': 'RapidSSL Wildcard DV', 'brand': 'RapidSSL', 'wildcard': True, 'validation': 'DV',
        'price': decimal.Decimal('150.00'), 'san_price': decimal.Decimal('10.00'), 'years': TERM_YEARS,
        'max_sans': 24,
        'description': 'Domain validated wildcard certificate (*.example.com).',
    },
}
PRODUCT_TYPES = [{'code': 'SSL', 'name': 'SSL Certificates'}]

COUNTRIES = [
    {'code': 'GB', 'name': 'United Kingdom'}, {'code': 'DE', 'name': 'Germany'}, {'code': 'FR', 'name': 'France'},
    {'code': 'US', 'name': 'United States'}, {'code': 'ES', 'name': 'Spain'}, {'code': 'IT', 'name': 'Italy'},
    {'code': 'NL', 'name': 'Netherlands'}, {'code': 'IE', 'name': 'Ireland'},
]
TITLES = ['Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Prof']
US_STATES = [
    {'code': 'CA', 'name': 'California'}, {'code': 'NY', 'name': 'New York'}, {'code': 'TX', 'name': 'Texas'},
    {'code': 'FL', 'name': 'Florida'}, {'code': 'WA', 'name': 'Washington'}, {'code': 'MA', 'name': 'Massachusetts'},
]
WEBSITES = [
    {'code': 'UK', 'name': 'SSL247 UK', 'url': 'https://www.ssl247.co.uk'},
    {'code': 'FR', 'name': 'SSL247 France', 'url': 'https://www.ssl247.fr'},
    {'code': 'DE', 'name': 'SSL247 Deutschland', 'url': 'https://www.ssl247.de'},
    {'code': 'ES', 'name': 'SSL247 España', 'url': 'https://www.ssl247.es'},
]
EXTERNAL_PRODUCTS = [
    {'code': 'EXTERNAL_DV', 'name': 'External DV certificate'},
    {'code': 'EXTERNAL_OV', 'name': 'External OV certificate'},
    {'code': 'EXTERNAL_EV', 'name': 'External EV certificate'},
]

USER_FIELDS = ('title', 'firstname', 'lastname', 'email', 'phone', 'mobile', 'fax', 'direct_line', 'skype',
               'address_1', 'address_2', 'address_3', 'admin_contact', 'billing_contact', 'technical_contact',
               'mailing_contact', 'city', 'state', 'postcode', 'country', 'subscribed', 'vat_number',
               'second_factor_mobile')
PROFILE_FIELDS = ('title', 'firstname', 'lastname', 'email', 'phone', 'mobile', 'fax', 'direct_line', 'skype',
                  'address_1', 'address_2', 'address_3', 'admin', 'billing', 'tech', 'city', 'state', 'postcode',
                  'country', 'company_name', 'assumed_name', 'registration_number', 'vat_number',
                  'business_category_code', 'duns')
BOOLEAN_FIELDS = ('admin_contact', 'billing_contact', 'technical_contact', 'mailing_contact', 'subscribed',
                  'admin', 'billing', 'tech')
# A tiny valid PDF for invoices.
_PDF = (b'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj '
        b'3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')


class ApiError(Exception):
    def __init__(self, status, message, code=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or str(status)


def _money(value):
    return str(decimal.Decimal(value).quantize(decimal.Decimal('0.01')))


def _date(value):
    """core ISO string / datetime -> ``YYYY-MM-DD HH:MM:SS`` (UTC); None stays None."""
    if value in (None, ''):
        return None
    return core.parse_iso(value).strftime('%Y-%m-%d %H:%M:%S')


def _bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ('1', 'true', 'yes', 'on')


def _hostname(name, what):
    try:
        return core.ca_module.normalize_name(name)
    except ValueError as exc:
        raise ApiError(400, '%s: %s' % (what, exc))


# (route template, handler name) - the first match wins, so specific routes come first.
ROUTES = [
    ('/account', 'account'),
    ('/account/users', 'account_users'),
    ('/account/users/add', 'user_add'),
    ('/account/deposit', 'deposit'),
    ('/account/monthly-allowance', 'monthly_allowance'),
    ('/account/user/{id}', 'user_view'),
    ('/account/user/{id}/edit', 'user_edit'),
    ('/account/contact-profile/add', 'profile_add'),
    ('/account/contact-profile/{id}', 'profile_view'),
    ('/account/contact-profile/{id}/edit', 'profile_edit'),
    ('/certificates', 'certificates'),
    ('/certificates/get-approver-email/{product-code}/{common-name}', 'approver_emails'),
    ('/certificates/check-common-name/{product-code}/{common-name}', 'check_common_name'),
    ('/certificates/check-san/{product-code}/{common-name}/{san}', 'check_san'),
    ('/certificates/{status}', 'certificates'),
    ('/certificate/{id}', 'certificate'),
    ('/certificate/{id}/request-health-check', 'health_check'),
    ('/certificate/{original_certificate_id}/renew', 'renew'),
    ('/certificate/{id}/reissue', 'reissue'),
    ('/certificate/{id}/cancel', 'cancel'),
    ('/certificate/{id}/revoke', 'revoke'),
    ('/certificate/{id}/{type}', 'download'),
    ('/orders', 'orders'),
    ('/orders/certificates/import', 'import_certificate'),
    ('/orders/certificates/{status}', 'orders_by_status'),
    ('/orders/invoice/{invoice-id}/{download}', 'invoice'),
    ('/orders/{order-id}', 'order_details'),
    ('/order/certificate/validate', 'order_validate'),
    ('/order/certificate/place-order', 'place_order'),
    ('/order/certificate/complete', 'complete'),
    ('/order/certificate/place-quick-order', 'quick_order'),
    ('/product-types', 'product_types'),
    ('/products/{product-type}', 'products'),
    ('/product/{product-code}', 'product'),
    ('/product/{product-code}/requirements', 'product_requirements'),
    ('/product/{product-code}/addons', 'product_addons'),
    ('/product/{product-code}/prices', 'product_prices'),
    ('/generic/get-country-list', 'countries'),
    ('/generic/get-user-titles', 'titles'),
    ('/generic/get-us-state-list', 'us_states'),
    ('/generic/get-internal-product-list', 'internal_products'),
    ('/generic/get-external-product-list', 'external_products'),
    ('/generic/get-websites-list', 'websites'),
]


def match_route(path):
    """'/certificate/12/x509' -> ('/certificate/{id}/{type}', handler, {'id': '12', 'type': 'x509'}) or None."""
    parts = path.strip('/').split('/') if path.strip('/') else []  # the server has unquoted the path
    for template, handler in ROUTES:
        pattern = template.strip('/').split('/')
        if len(pattern) != len(parts):
            continue
        params = {}
        for want, got in zip(pattern, parts):
            if want.startswith('{'):
                if got == '':
                    break
                params[want[1:-1]] = got
            elif want != got:
                break
        else:
            return template, handler, params
    return None


class Frontend:
    prefix = '/ssl247/api/v3'
    provider = 'ssl247'
    api_format = 'json'

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self._mutating = False

    # ------------------------------------------------------------------ envelope
    def _now_text(self):
        return self.sandbox.now().strftime('%Y-%m-%d %H:%M:%S')

    def _ok(self, data, operation):
        return core.Reply.json(200, {'StatusCode': '200', 'StatusDescription': 'OK', 'Date': self._now_text(),
                                     'Data': data}, operation, self._mutating)

    def _error(self, status, code, message, operation):
        return core.Reply.json(status, {'Response': {'Error': {'Code': str(code), 'Message': message},
                                                     'Date': self._now_text()}}, operation, self._mutating)

    def handle(self, request):
        operation = None
        self._mutating = False
        try:
            with self.sandbox.lock:
                matched = match_route(request.path)
                if matched is None:
                    return self._error(404, '404', 'Unknown route %s' % (request.path or '/'), request.path or '/')
                operation, handler, params = matched
                if request.method.upper() != 'POST':
                    return self._error(405, '405', 'Method %s not allowed: every SSL247 operation is a POST'
                                       % request.method.upper(), operation)
                try:
                    body = request.json()
                except (ValueError, UnicodeDecodeError):
                    return self._error(400, '400', 'The request body is not valid JSON', operation)
                if not isinstance(body, dict):
                    return self._error(400, '400', 'The request body must be a JSON object', operation)
                if not self.sandbox.check_ssl247_auth(body.get('u'), body.get('p'), body.get('k')):
                    return self._error(401, '401', 'Invalid API credentials', operation)
                data = getattr(self, 'r_' + handler)(params, body)
                return self._ok(data, operation)
        except ApiError as exc:
            return self._error(exc.status, exc.code, exc.message, operation)
        except Exception as exc:  # a sandbox bug: answer with the envelope, never a traceback page
            traceback.print_exc()
            return self._error(500, '500', 'Internal sandbox error: %s' % type(exc).__name__, operation)

    # ------------------------------------------------------------------ own state
    def _section(self):
        section = self.sandbox.state.setdefault(SECTION, {})
        for key in ('certs', 'orders', 'invoices', 'users', 'health_checks'):
            section.setdefault(key, {})
        if not section['users']:
            section['users']['1'] = {
                'id': '1', 'account_id': 'SBX0001', 'title': 'Mr', 'firstname': 'Sandbox', 'lastname': 'Api',
                'email': 'api@sandbox.test', 'admin_contact': True, 'billing_contact': True,
                'technical_contact': True, 'mailing_contact': False, 'subscribed': False, 'country': 'GB'}
        return section

    def _changed(self):
        self._mutating = True
        self.sandbox.save()

    @staticmethod
    def _required(body, *names):
        for name in names:
            value = body.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise ApiError(400, 'Missing required field: %s' % name)

    def _product(self, code):
        product = PRODUCTS.get(str(code or '').upper())
        if product is None:
            raise ApiError(404, 'Unknown product %s' % code)
        return str(code).upper(), product

    @staticmethod
    def _years(value, product):
        try:
            years = int(str(value).strip())
        except (TypeError, ValueError):
            raise ApiError(400, 'years must be a whole number of years, got %r' % (value,))
        if years not in product['years']:
            allowed = ', '.join(str(y) for y in product['years'])
            raise ApiError(400, 'years must be one of %s for %s' % (allowed, product['name']))
        return years

    def _check_names(self, code, product, common_name, sans):
        common_name = _hostname(common_name, 'common_name')
        clean = []
        for san in sans:
            san = _hostname(san, 'SAN')
            if san != common_name and san not in clean:
                clean.append(san)
        if len(clean) > product['max_sans']:
            raise ApiError(400, '%s allows at most %d SANs' % (code, product['max_sans']))
        if not product['wildcard']:
            for name in [common_name] + clean:
                if name.startswith('*.'):
                    raise ApiError(400, 'Product %s does not allow wildcard names (%s); use RAPIDSSL_WILDCARD'
                                   % (code, name), code='WILDCARD_NOT_ALLOWED')
        return common_name, clean

    @staticmethod
    def _price(product, years, san_count):
        return (product['price'] + product['san_price'] * san_count) * years

    def _charge(self, amount, description):
        if not self.sandbox.charge(amount, description):
            raise ApiError(402, 'Insufficient funds: the order costs %s %s, the deposit holds %s %s' % (
                _money(amount), CURRENCY, _money(self.sandbox.deposit), CURRENCY), code='INSUFFICIENT_FUNDS')
        self._mutating = True

    def _new_order(self, kind, total, certificate_ids):
        """A commercial order with its invoice (what the customer pays); returns it."""
        section = self._section()
        order_id = str(self.sandbox.new_id('ssl247_order'))
        invoice_id = str(self.sandbox.new_id('ssl247_invoice'))
        order = {'id': order_id, 'order_ref': self.sandbox.new_id('ssl247_order_ref'), 'kind': kind,
                 'total': _money(total), 'invoice_id': invoice_id, 'certificate_ids': list(certificate_ids),
                 'created': core.isoformat(self.sandbox.now())}
        section['orders'][order_id] = order
        section['invoices'][invoice_id] = {'id': invoice_id, 'order_id': order_id, 'total': _money(total),
                                           'currency': CURRENCY, 'invoice_ref': int(invoice_id),
                                           'created': order['created']}
        return order

    def _new_cert_meta(self, order, code, common_name, sans, years, price, renewal_of=None):
        certificate_id = str(self.sandbox.new_id('certificate'))
        meta = {'id': certificate_id, 'order_id': order['id'], 'order_ref': order['order_ref'],
                'invoice_id': order['invoice_id'], 'product': code, 'common_name': common_name, 'sans': list(sans),
                'years': years, 'price': _money(price), 'created': core.isoformat(self.sandbox.now()),
                'renewal_of': renewal_of, 'method': None, 'approver_email': None, 'addon_approvers': {},
                'contacts': {}, 'hash': 'sha256', 'cancelled': None, 'imported': False, 'completed': False}
        self._section()['certs'][certificate_id] = meta
        order['certificate_ids'].append(certificate_id)
        return meta

    def _meta(self, certificate_id):
        try:
            key = str(int(str(certificate_id).strip()))
        except (TypeError, ValueError):
            key = None
        meta = self._section()['certs'].get(key) if key else None
        if meta is None:
            raise ApiError(404, 'Certificate %s not found' % certificate_id)
        return meta

    @staticmethod
    def _term_end(meta):
        """The end of the paid term: the order date (Dates.order) plus ``years`` - no field names it (our
        reading, terms-and-reissues.md).  A renewal is a new certificate with its own order date and term."""
        return core.add_months(core.parse_iso(meta['created']), int(meta['years']) * 12)

    def _term_ended(self, meta):
        return self.sandbox.now() >= self._term_end(meta)

    def _reissues_left(self, meta):
        """CertificateDetails.remaining_reissues (seed 002: a string): reissues are free and unlimited while
        the paid term runs, none after it (our reading); empty for an imported certificate."""
        if meta.get('imported'):
            return ''
        return '0' if self._term_ended(meta) else 'unlimited'

    # ------------------------------------------------------------------ certificate view
    def _status(self, meta, order, cert):
        """(status name, description) of an SSL247 certificate."""
        if meta.get('imported'):
            return 'External', 'External certificate imported into the account'
        if order and order['status'] in ('pending', 'validating'):
            if order['action'] == 'reissue':
                return 'Pending', 'Reissue waiting for domain control validation'
            return 'Pending', 'Waiting for domain control validation'
        if cert:
            status = cert['status']
            if status == 'issued':
                # Our reading of the statuses seed 002 lists without defining: Expiring = the paid term (and with
                # it the last certificate it can hold) ends within 30 days, only a paid renewal continues it;
                # Subscription = issued inside a multi-year term (free reissues follow); Issued otherwise.
                term_end = self._term_end(meta)
                if term_end - self.sandbox.now() <= datetime.timedelta(days=EXPIRING_DAYS):
                    return 'Expiring', 'Issued; the paid term ends within %d days, on %s' % (
                        EXPIRING_DAYS, term_end.strftime('%Y-%m-%d'))
                if int(meta['years']) > 1:
                    return 'Subscription', 'Issued in a %s-year subscription paid until %s' % (
                        meta['years'], term_end.strftime('%Y-%m-%d'))
                return 'Issued', 'Issued'
            return {'expired': ('Expired', 'Expired'), 'revoked': ('Revoked', 'Revoked'),
                    'cancelled': ('Cancelled', 'Cancelled')}.get(status, (status.title(), status))
        if order and order['status'] == 'failed':
            return 'Cancelled', 'Order failed: %s' % order.get('message')
        if (order and order['status'] == 'cancelled') or meta.get('cancelled'):
            return 'Cancelled', 'Order cancelled'
        return 'Incomplete', 'Order placed; waiting for the certificate details (CSR, validation method)'

    def _view(self, meta):
        order = self.sandbox.order_for_certificate(meta['id'])
        cert = self.sandbox.get_certificate(meta['id'])
        name, description = self._status(meta, order, cert)
        return order, cert, name, description

    def _dcv(self, meta, order):
        fields = {'dv_auth_method': meta.get('method') or '', 'dns_auth_string': '', 'file_auth_filename': '',
                  'file_auth_contents': '', 'approver_email': meta.get('approver_email') or ''}
        if order and order.get('challenges'):
            first = order['challenges'][0]
            fields['dv_auth_method'] = order['method']
            if order['method'] == 'dns':
                fields['dns_auth_string'] = first['record_value']
            elif order['method'] == 'file':
                fields['file_auth_filename'] = first['file_path'].rsplit('/', 1)[-1]
                fields['file_auth_contents'] = first['file_content']
            else:
                fields['approver_email'] = meta.get('approver_email') or first['approver_email']
        return fields

    def _names(self, meta, order, cert):
        if order:
            return order['names']
        if cert:
            return cert['names']
        return [meta['common_name']] + list(meta['sans'])

    def _addons(self, meta, names):
        return [{'id': '%s-%d' % (meta['id'], index), 'type': 'SAN', 'value': name,
                 'approver_email': meta['addon_approvers'].get(name) or ''}
                for index, name in enumerate(names[1:], 1)]

    @staticmethod
    def _contacts_view(contacts):
        contacts = contacts or {}
        company = contacts.get('Company') or {}
        result = {
            'Company': {'category': company.get('organisation_category', ''),
                        'organisation_legal_name': company.get('organisation_legal_name', ''),
                        'registration_number': company.get('organisation_registration_number', ''),
                        'duns': company.get('organisation_duns', '')},
        }
        for role in ('Administrative', 'Technical'):
            given = contacts.get(role) or {}
            result[role] = dict((key, given.get(key, '')) for key in (
                'organisation', 'title', 'firstname', 'lastname', 'email', 'phone', 'address_1', 'address_2',
                'city', 'postcode', 'region', 'country'))
        return result

    def _dates(self, meta, cert):
        return {'order': _date(meta['created']), 'issuance': _date(cert['not_before']) if cert else None,
                'created': _date(meta['created']), 'expiry': _date(cert['not_after']) if cert else None}

    def _details(self, meta):
        order, cert, name, description = self._view(meta)
        code = meta['product']
        product = PRODUCTS.get(code) or {'name': meta.get('external_product') or code, 'brand': 'External'}
        names = self._names(meta, order, cert)
        status = {'code': name, 'description': description}
        details = {
            'product_code': code, 'common_name': names[0] if names else meta['common_name'],
            'licenses': '1', 'hash': meta.get('hash') or 'sha256', 'serial_number': cert['serial'] if cert else '',
            'years': str(meta['years']), 'remaining_reissues': self._reissues_left(meta),
            'csr': (order or cert or {}).get('csr') or '', 'email_subscription': 'false',
            'general_auth_string': '', 'VettingData': '',
            'Addons': {'Addon': self._addons(meta, names)},
            'Status': status,
            'StatusMinor': {'code': order['status'] if order else '', 'description': order['message'] if order else ''},
        }
        details.update(self._dcv(meta, order))
        return {
            'order_id': meta['order_id'], 'certificate_id': meta['id'], 'product_addon_id': '',
            'CertificateDetails': details,
            'Contacts': self._contacts_view(meta.get('contacts')),
            'Dates': self._dates(meta, cert),
            'Notes': {'Note': []},
            'VettingData': [],
            'Status': status,
            'Product': {'name': product['name'], 'code': code, 'Brand': {'name': product['brand']}},
        }

    def _all_metas(self, provider_status=None):
        result = []
        for key in sorted(self._section()['certs'], key=int):
            meta = self._section()['certs'][key]
            if provider_status is not None:
                if self._view(meta)[2].lower() != provider_status.lower():
                    continue
            result.append(meta)
        return result

    @staticmethod
    def _status_param(value, allowed=STATUS_NAMES):
        """Seed 002 lists the statuses each list route takes; any other is refused (Revoked, for one)."""
        for name in allowed:
            if name.lower() == str(value).lower():
                return name
        raise ApiError(400, 'Unknown status %s; use one of %s' % (value, ', '.join(allowed)))

    @staticmethod
    def _check_profile_body(body):
        unknown = sorted(k for k in body if k not in rules.SSL247_PROFILE_FIELDS and k not in ('u', 'p', 'k'))
        if unknown:
            raise ApiError(400, 'Unknown field%s %s' % ('s' if len(unknown) > 1 else '', ', '.join(unknown)))

    @staticmethod
    def _check_contact_values(values, required, prefix=''):
        problem = rules.contact_problem(values, rules.SSL247_PHONE, required, names=dict(
            address='address_1', pcode='postcode'))
        if problem:
            raise ApiError(400, '%s%s' % (prefix, problem[1]))

    def _check_order_contacts(self, body):
        contacts = body.get('Contacts') if isinstance(body.get('Contacts'), dict) else {}
        for role in ('Administrative', 'Technical'):
            contact = contacts.get(role)
            if isinstance(contact, dict) and contact:
                self._check_contact_values(contact, rules.SSL247_ORDER_CONTACT_REQUIRED, 'Contacts.%s: ' % role)

    # ------------------------------------------------------------------ account
    def r_account(self, params, body):
        users = self._section()['users']
        limit, remaining = self._allowance()
        return {'Account': {
            'account_code': 'SBX0001', 'company': 'certops sandbox Ltd', 'country': 'GB', 'currency': CURRENCY,
            'allowance_limit': _money(limit), 'remaining_allowance': _money(remaining),
            'Users': [{'full_name': self._full_name(u), 'email': u['email']}
                      for _uid, u in sorted(users.items(), key=lambda i: int(i[0]))]}}

    @staticmethod
    def _full_name(record):
        return ' '.join(p for p in (record.get('firstname'), record.get('lastname')) if p)

    def _profiles(self):
        return list(self.sandbox.list_contacts('ssl247'))

    def r_account_users(self, params, body):
        users = self._section()['users']
        return {'Users': {
            'User': [{'id': u['id'], 'full_name': self._full_name(u), 'email': u['email']}
                     for _uid, u in sorted(users.items(), key=lambda i: int(i[0]))],
            'ContactProfile': [{'id': str(c['id']), 'full_name': self._full_name(c), 'email': c.get('email', ''),
                                'tech': bool(c.get('tech')), 'admin': bool(c.get('admin')),
                                'billing': bool(c.get('billing'))}
                               for c in self._profiles() if not c.get('deleted')],
        }}

    def _allowance(self):
        now = self.sandbox.now()
        spent = decimal.Decimal('0')
        for entry in self.sandbox.deposit_info().get('transactions', []):
            when = core.parse_iso(entry['time'])
            amount = decimal.Decimal(entry['amount'])
            if when.year == now.year and when.month == now.month:
                spent -= amount
        return MONTHLY_ALLOWANCE, max(decimal.Decimal('0'), MONTHLY_ALLOWANCE - spent)

    def r_deposit(self, params, body):
        return {'Deposit': {'value': _money(self.sandbox.deposit), 'currency': CURRENCY}}

    def r_monthly_allowance(self, params, body):
        limit, remaining = self._allowance()
        return {'Allowance': {'remaining': _money(remaining), 'limit': _money(limit), 'currency': CURRENCY}}

    def _user(self, user_id):
        user = self._section()['users'].get(str(user_id).strip())
        if user is None:
            raise ApiError(404, 'User %s not found' % user_id)
        return user

    def r_user_view(self, params, body):
        user = self._user(params['id'])
        data = {'full_name': self._full_name(user), 'account_id': user.get('account_id', 'SBX0001')}
        for name in USER_FIELDS:
            if name == 'vat_number':
                continue
            data[name] = user.get(name, False if name in BOOLEAN_FIELDS else '')
        return data

    def _user_values(self, body):
        values = {}
        for name in USER_FIELDS:
            if name in body:
                values[name] = _bool(body[name]) if name in BOOLEAN_FIELDS else body[name]
        return values

    def r_user_add(self, params, body):
        self._required(body, 'firstname', 'lastname', 'email', 'password')
        users = self._section()['users']
        if any(u['email'].lower() == str(body['email']).lower() for u in users.values()):
            raise ApiError(400, 'A user with e-mail %s already exists' % body['email'])
        user_id = str(self.sandbox.new_id('ssl247_user'))
        user = self._user_values(body)
        user.update({'id': user_id, 'account_id': 'SBX0001', 'has_password': True})  # the password is not kept
        users[user_id] = user
        self._changed()
        return {'user_id': user_id}

    def r_user_edit(self, params, body):
        user = self._user(params['id'])
        if 'password' in body:
            raise ApiError(400, 'The password cannot be changed through this route')
        user.update(self._user_values(body))
        self._changed()
        return {'user_id': user['id']}

    # ------------------------------------------------------------------ contact profiles
    def _profile(self, contact_id):
        contact = self.sandbox.get_contact(contact_id)
        if contact is None or contact.get('provider') != 'ssl247' or contact.get('deleted'):
            raise ApiError(404, 'Contact profile %s not found' % contact_id)
        return contact

    @staticmethod
    def _profile_values(body):
        values = {}
        for name in PROFILE_FIELDS:
            if name in body:
                values[name] = _bool(body[name]) if name in BOOLEAN_FIELDS else body[name]
        return values

    def r_profile_add(self, params, body):
        self._required(body, 'firstname', 'lastname', 'email')
        self._check_profile_body(body)
        values = self._profile_values(body)
        self._check_contact_values(values, ())
        for role in ('admin', 'billing', 'tech'):
            values.setdefault(role, False)
        contact = self.sandbox.create_contact('ssl247', values)
        self._mutating = True
        return {'contact_id': str(contact['id'])}

    def r_profile_view(self, params, body):
        contact = self._profile(params['id'])
        data = {'id': str(contact['id'])}
        for name in ('email', 'title', 'firstname', 'lastname', 'company_name', 'assumed_name', 'address_1',
                     'address_2', 'address_3', 'city', 'postcode', 'country', 'phone', 'fax', 'registration_number',
                     'vat_number', 'business_category_code', 'duns'):
            data[name] = contact.get(name, '')
        for role in ('admin', 'tech', 'billing'):
            data[role] = bool(contact.get(role))
        data['county'] = contact.get('state', '')
        data['active'] = True
        data['deleted'] = False
        return {'ContactProfile': data}

    def r_profile_edit(self, params, body):
        contact = self._profile(params['id'])
        self._check_profile_body(body)
        self._check_contact_values(dict(contact, **self._profile_values(body)), ())
        self.sandbox.update_contact(contact['id'], self._profile_values(body))
        self._mutating = True
        return {'contact_id': str(contact['id'])}

    # ------------------------------------------------------------------ certificates
    def r_certificates(self, params, body):
        wanted = (self._status_param(params['status'], rules.SSL247_CERTIFICATE_LIST_STATUSES)
                  if 'status' in params else None)
        result = []
        for meta in self._all_metas():
            order, cert, name, _description = self._view(meta)
            if wanted and name != wanted:
                continue
            names = self._names(meta, order, cert)
            result.append({'id': meta['id'], 'common_name': names[0] if names else meta['common_name'], 'status': name})
        return result

    def r_approver_emails(self, params, body):
        self._product(params['product-code'])
        name = _hostname(params['common-name'], 'common name')
        domain = name[2:] if name.startswith('*.') else name
        domains = [domain]
        labels = domain.split('.')
        if len(labels) > 2:
            domains.append('.'.join(labels[-2:]))
        return [{'email': '%s@%s' % (local, d)} for d in domains for local in APPROVER_LOCAL_PARTS]

    def _name_check(self, code, name, what):
        code, product = self._product(code)
        try:
            name = core.ca_module.normalize_name(name)
        except ValueError as exc:
            return False, 'invalid', str(exc)
        if name.startswith('*.') and not product['wildcard']:
            return False, 'wildcard', '%s does not allow wildcard names' % code
        return True, 'wildcard' if name.startswith('*.') else 'single', '%s %s is valid for %s' % (what, name, code)

    def r_check_common_name(self, params, body):
        valid, kind, message = self._name_check(params['product-code'], params['common-name'], 'Common name')
        return {'valid': valid, 'type': kind, 'message': message}

    def r_check_san(self, params, body):
        valid, kind, message = self._name_check(params['product-code'], params['san'], 'SAN')
        if valid and params['san'].strip().lower().rstrip('.') == params['common-name'].strip().lower().rstrip('.'):
            valid, message = False, 'The SAN is the common name itself'
        return {'valid': valid, 'type': kind, 'product_addon_id': 'SAN' if valid else '', 'message': message}

    def r_certificate(self, params, body):
        return self._details(self._meta(params['id']))

    def _issued_cert(self, meta, action):
        cert = self.sandbox.get_certificate(meta['id'])
        if cert is None:
            raise ApiError(400, 'Certificate %s is not issued yet: cannot %s it' % (meta['id'], action),
                           code='CERTIFICATE_NOT_ISSUED')
        return cert

    def r_download(self, params, body):
        kind = params['type']
        if kind not in DOWNLOAD_TYPES:
            raise ApiError(404, 'Unknown download type %s; use one of %s' % (kind, ', '.join(DOWNLOAD_TYPES)))
        cert = self._issued_cert(self._meta(params['id']), 'download')
        leaf, intermediate, root = cert['pem'], cert['chain'][0], cert['chain'][-1]
        if kind == 'x509':
            value = leaf
        elif kind == 'intermediate':
            value = intermediate
        elif kind == 'root':
            value = root
        elif kind == 'bundle':
            value = leaf.strip() + '\n' + intermediate.strip() + '\n' + root.strip() + '\n'
        else:
            certs = [x509.load_pem_x509_certificate(p.encode('ascii')) for p in (leaf, intermediate, root)]
            value = pkcs7.serialize_certificates(certs, serialization.Encoding.PEM).decode('ascii')
        return [{kind: value}]

    def r_health_check(self, params, body):
        meta = self._meta(params['id'])
        checks = self._section()['health_checks']
        checks.setdefault(meta['id'], []).append(core.isoformat(self.sandbox.now()))
        self.sandbox.save()  # a request for a report, not a change of the certificate: not logged as mutating
        return 'Health check requested for certificate %s' % meta['id']

    def r_renew(self, params, body):
        old_id = params['original_certificate_id']
        meta = self._meta(old_id)
        self._required(body, 'years')
        cert = self.sandbox.get_certificate(meta['id'])
        if cert is None or cert['status'] in ('revoked', 'cancelled') or meta.get('imported'):
            raise ApiError(400, 'Certificate %s cannot be renewed: it is %s' % (
                meta['id'], self._view(meta)[2]), code='NOT_RENEWABLE')
        term_end = self._term_end(meta)
        opens = term_end - datetime.timedelta(days=core.RENEW_WINDOW_DAYS)
        if self.sandbox.now() < opens:
            # the date renewal opens comes first: clients take the first date of the text
            raise ApiError(400, 'Renewal of certificate %s is possible from %s, %d days before its paid term ends '
                           'on %s' % (meta['id'], opens.strftime('%Y-%m-%d'), core.RENEW_WINDOW_DAYS,
                                      term_end.strftime('%Y-%m-%d')), code='RENEWAL_NOT_ALLOWED')
        code, product = self._product(meta['product'])
        years = self._years(body['years'], product)
        sans = cert['names'][1:]
        price = self._price(product, years, len(sans))
        self._charge(price, 'renewal of certificate %s (%s, %d year(s))' % (meta['id'], code, years))
        order = self._new_order('renew', price, [])
        new = self._new_cert_meta(order, code, cert['names'][0], sans, years, price, renewal_of=meta['id'])
        new.update(method=meta.get('method'), approver_email=meta.get('approver_email'),
                   addon_approvers=dict(meta.get('addon_approvers') or {}), contacts=meta.get('contacts') or {})
        self._changed()
        return {'certificate_id': new['id']}

    def r_reissue(self, params, body):
        meta = self._meta(params['id'])
        self._required(body, 'new_csr')
        cert = self._issued_cert(meta, 'reissue')
        if cert['status'] in ('revoked', 'cancelled'):
            raise ApiError(400, 'Certificate %s is %s and cannot be reissued' % (meta['id'], cert['status']))
        if self._term_ended(meta):
            # reissues are free inside the paid term only (an expired certificate of a running term is reissued)
            ordered = core.parse_iso(meta['created']).strftime('%Y-%m-%d')
            raise ApiError(400, 'Certificate %s cannot be reissued: its paid term (%s year(s) from %s) ended on %s; '
                           'renew it' % (meta['id'], meta['years'], ordered, self._term_end(meta).strftime('%Y-%m-%d')),
                           code='REISSUE_NOT_ALLOWED')
        order = self.sandbox.order_for_certificate(meta['id'])
        if order and order['status'] in core.ORDER_ACTIVE:
            raise ApiError(400, 'Certificate %s already has a reissue in progress' % meta['id'])
        try:
            new_order = self.sandbox.create_order(
                'ssl247', cert['names'][0], cert['names'][1:], body['new_csr'], meta['product'], cert['months'],
                meta.get('method') or cert.get('method') or 'dns', approver_email=self._approvers(meta, cert['names'][0]),
                action='reissue', certificate_id=meta['id'], extra={'ssl247_certificate': meta['id']},
                shared_token=True, term_end=self._term_end(meta))
        except ValueError as exc:
            raise ApiError(400, 'Reissue refused: %s' % exc)
        if body.get('hash'):
            meta['hash'] = str(body['hash'])
        self._changed()
        return {'status': 'Pending', 'message': 'Reissue of certificate %s requested' % meta['id']}

    def r_cancel(self, params, body):
        meta = self._meta(params['id'])
        order, cert, name, _description = self._view(meta)
        if order and order['status'] in core.ORDER_ACTIVE:
            self.sandbox.cancel_order(order['id'])
            if order['action'] != 'reissue':
                self.sandbox.refund(meta['price'], 'cancelled certificate %s' % meta['id'])
            message = 'Reissue cancelled' if order['action'] == 'reissue' else 'Certificate order cancelled'
        elif name == 'Incomplete':
            meta['cancelled'] = core.isoformat(self.sandbox.now())
            self.sandbox.refund(meta['price'], 'cancelled certificate %s' % meta['id'])
            message = 'Certificate order cancelled'
        elif cert and cert['status'] == 'issued':
            self.sandbox.cancel_certificate(meta['id'])
            message = 'Certificate cancelled'
        else:
            raise ApiError(400, 'Certificate %s is %s and cannot be cancelled' % (meta['id'], name))
        self._changed()
        return [{'message': message, 'status': self._view(meta)[2], 'details': 'certificate %s' % meta['id']}]

    def r_revoke(self, params, body):
        meta = self._meta(params['id'])
        cert = self._issued_cert(meta, 'revoke')
        if cert['status'] not in ('issued', 'expired'):
            raise ApiError(400, 'Certificate %s is %s and cannot be revoked' % (meta['id'], cert['status']))
        try:
            self.sandbox.revoke_certificate(meta['id'])
        except ValueError as exc:
            raise ApiError(400, str(exc))
        self._changed()
        return [{'message': 'Certificate revoked', 'status': 'Revoked', 'details': 'certificate %s' % meta['id']}]

    # ------------------------------------------------------------------ orders
    def _order_entry(self, meta, with_addon_ids=True):
        order, cert, name, description = self._view(meta)
        names = self._names(meta, order, cert)
        addons = self._addons(meta, names)
        if not with_addon_ids:
            addons = [{'type': a['type'], 'value': a['value']} for a in addons]
        code = meta['product']
        product = PRODUCTS.get(code) or {'name': code}
        return {
            'order_id': meta['order_id'], 'order_ref': str(meta['order_ref']), 'email_subscription': 'false',
            'CertificateDetails': {
                'id': meta['id'], 'product_code': code, 'product_name': product['name'],
                'common_name': names[0] if names else meta['common_name'],
                'approver_email': meta.get('approver_email') or '', 'licenses': '1', 'years': str(meta['years']),
                'remaining_reissues': self._reissues_left(meta), 'Addons': {'Addon': addons},
                'Status': {'code': name, 'description': description}},
            'Dates': self._dates(meta, cert),
            'Contacts': self._contacts_view(meta.get('contacts')),
        }

    def r_orders(self, params, body):
        return {'Orders': {'Certificate': [self._order_entry(m) for m in self._all_metas()]}}

    def r_orders_by_status(self, params, body):
        wanted = self._status_param(params['status'], rules.SSL247_ORDER_LIST_STATUSES)
        return {'Certificate': [self._order_entry(m, with_addon_ids=False) for m in self._all_metas(wanted)]}

    def r_invoice(self, params, body):
        invoice = self._section()['invoices'].get(str(params['invoice-id']).strip())
        if invoice is None:
            raise ApiError(404, 'Invoice %s not found' % params['invoice-id'])
        if str(params['download']).lower() in ('true', '1', 'yes', 'pdf', 'download'):
            return {'invoice': base64.b64encode(_PDF).decode('ascii')}
        return {'invoice': 'https://sandbox.invalid/ssl247/invoices/%s.pdf' % invoice['id']}

    def r_order_details(self, params, body):
        wanted = str(params['order-id']).strip()
        section = self._section()
        found = section['orders'].get(wanted)
        if found is None:
            found = next((o for o in section['orders'].values() if str(o['order_ref']) == wanted), None)
        if found is None:
            raise ApiError(404, 'Order %s not found' % wanted)
        result = []
        for certificate_id in found['certificate_ids']:
            meta = section['certs'][certificate_id]
            order, cert, name, description = self._view(meta)
            names = self._names(meta, order, cert)
            product = PRODUCTS.get(meta['product']) or {'name': meta['product'], 'san_price': decimal.Decimal('0')}
            result.append({
                'Certificate': {
                    'id': meta['id'], 'order_id': found['id'], 'label': '%s %s' % (product['name'], names[0]),
                    'CertificateDetails': {
                        'total': meta['price'], 'quantity': 1, 'product_code': meta['product'],
                        'product_name': product['name'], 'common_name': names[0],
                        'approver_email': meta.get('approver_email') or '', 'licenses': 1, 'years': meta['years'],
                        'original_order_id': self._section()['certs'][meta['renewal_of']]['order_id']
                        if meta.get('renewal_of') else '',
                        'csr': (order or cert or {}).get('csr') or '',
                        'x509': cert['pem'] if cert else '', 'pkcs7': '',
                        'intermediate': cert['chain'][0] if cert else '', 'root': cert['chain'][-1] if cert else '',
                        'remaining_reissues': 0 if meta.get('imported') or self._term_ended(meta) else 99,
                        'Addons': [{'id': a['id'], 'type': 'SAN', 'value': a['value'],
                                    'total': _money(product['san_price'] * meta['years'])}
                                   for a in self._addons(meta, names)],
                        'Status': {'code': name, 'description': description}}},
                'placed_with_api': 'true', 'email_subscription': 'false',
                'payment_ref': 'DEPOSIT-%s' % found['id'], 'invoice_id': found['invoice_id']})
        return {'Orders': result}

    def r_import_certificate(self, params, body):
        self._required(body, 'common_name')
        common_name = _hostname(body['common_name'], 'common_name')
        validation = str(body.get('validation_type') or 'DV').upper()
        if validation not in ('DV', 'OV', 'EV'):
            raise ApiError(400, 'validation_type must be one of OV, EV, DV')
        for field in ('admin_contact_id', 'tech_contact_id'):
            if body.get(field):
                self._profile(body[field])
        order = self._new_order('import', decimal.Decimal('0'), [])
        meta = self._new_cert_meta(order, str(body.get('external_product') or 'EXTERNAL_%s' % validation),
                                   common_name, [], 1, decimal.Decimal('0'))
        meta.update(imported=True, external_product=body.get('external_product'),
                    internal_product=body.get('internal_product'), validation_type=validation,
                    contact_ids={'admin': body.get('admin_contact_id'), 'tech': body.get('tech_contact_id')})
        self._changed()
        return [{
            'Certificate': {'id': meta['id'], 'common_name': common_name, 'status': 'External',
                            'validation_type': validation, 'product_code': meta['product']},
            'CertificateAddon': {},
            'Order': {'id': order['id'], 'order_ref': order['order_ref']},
        }]

    def _lines(self, body):
        lines = body.get('order')
        if not isinstance(lines, list) or not lines:
            raise ApiError(400, 'Missing required field: order (a list of order lines)')
        result = []
        for index, line in enumerate(lines, 1):
            if not isinstance(line, dict):
                raise ApiError(400, 'order line %d must be an object' % index)
            for name in ('product_code', 'common_name', 'years'):
                if line.get(name) in (None, ''):
                    raise ApiError(400, 'Missing required field: order[%d].%s' % (index, name))
            code, product = self._product(line['product_code'])
            years = self._years(line['years'], product)
            sans = line.get('sans') or []
            if isinstance(sans, str):
                sans = [s.strip() for s in sans.split(',') if s.strip()]
            common_name, sans = self._check_names(code, product, line['common_name'], sans)
            try:
                quantity = int(line.get('quantity') or 1)
            except (TypeError, ValueError):
                raise ApiError(400, 'order[%d].quantity must be a number' % index)
            if quantity < 1 or quantity > 10:
                raise ApiError(400, 'order[%d].quantity must be between 1 and 10' % index)
            result.append({'code': code, 'product': product, 'years': years, 'common_name': common_name,
                           'sans': sans, 'quantity': quantity})
        return result

    def r_order_validate(self, params, body):
        order_lines = []
        for index, line in enumerate(self._lines(body), 1):
            product = line['product']
            total = product['price'] * line['years'] * line['quantity']
            addons = []
            for san_index, san in enumerate(line['sans'], 1):
                amount = product['san_price'] * line['years'] * line['quantity']
                addons.append({
                    'index_link': str(index), 'type': 'SAN', 'product_id': line['code'], 'product_type_id': 'SSL',
                    'product_type_addon_id': 'SAN', 'product_addon_id': 'SAN', 'years': str(line['years']),
                    'quantity': str(line['quantity']), 'licenses': '1', 'code': 'SAN',
                    'pre_discount_total': _money(amount), 'total': _money(amount), 'discount_amount': '0.00',
                    'discount': '0', 'discount_reason': '', 'free': 'false', 'label': 'Additional domain (SAN)',
                    'value': san, 'order_line_id': '%d.%d' % (index, san_index)})
            order_lines.append({
                'type': 'certificate', 'product_id': line['code'], 'product_type_id': 'SSL', 'contract_id': '',
                'years': str(line['years']), 'quantity': str(line['quantity']), 'licenses': '1', 'code': line['code'],
                'pre_discount_total': _money(total), 'total': _money(total), 'discount_amount': '0.00',
                'discount': '0', 'discount_reason': '', 'free': 'false', 'label': product['name'],
                'value': line['common_name'], 'original_certificate_id': '', 'order_line_id': str(index),
                'addons': addons, 'nextstep': 2})
        return {'Valid': True, 'OrderLines': order_lines}

    def r_place_order(self, params, body):
        lines = self._lines(body)
        total = sum((self._price(line['product'], line['years'], len(line['sans'])) * line['quantity']
                     for line in lines), decimal.Decimal('0'))
        self._charge(total, 'order of %d certificate(s)' % sum(line['quantity'] for line in lines))
        order = self._new_order('place', total, [])
        entries = []
        for line in lines:
            price = self._price(line['product'], line['years'], len(line['sans']))
            for _index in range(line['quantity']):
                meta = self._new_cert_meta(order, line['code'], line['common_name'], line['sans'], line['years'], price)
                label = '%s %s' % (line['product']['name'], line['common_name'])
                entries.append({'order_id': order['id'], 'label': label, 'total': _money(price),
                                'Certificate': {'id': meta['id']}})
        self._changed()
        invoice = self._section()['invoices'][order['invoice_id']]
        return {'order_ref': order['order_ref'], 'Order': entries,
                'Invoice': {'id': invoice['id'], 'total': invoice['total'], 'currency': CURRENCY,
                            'invoice_ref': invoice['invoice_ref'], 'vat': '0.00'}}

    def _completion(self, body, code, product, common_name, sans):
        """Check the DCV / CSR part of a quick order or completion -> (method, approver, addon approvers, names)."""
        self._required(body, 'csr', 'dv_auth_method')
        method = str(body['dv_auth_method']).lower()
        if method not in ('email', 'dns', 'file'):
            raise ApiError(400, 'dv_auth_method must be one of email, dns, file')
        approver = body.get('approver_email')
        if method == 'email':
            self._required(body, 'approver_email')
        addons = body.get('Addon') or []
        if not isinstance(addons, list):
            raise ApiError(400, 'Addon must be a list of objects')
        addon_approvers = {}
        addon_names = []
        for index, addon in enumerate(addons, 1):
            if not isinstance(addon, dict) or not addon.get('value'):
                raise ApiError(400, 'Missing required field: Addon[%d].value' % index)
            name = _hostname(addon['value'], 'Addon[%d].value' % index)
            addon_names.append(name)
            if method == 'email':
                if not addon.get('approver_email'):
                    raise ApiError(400, 'Missing required field: Addon[%d].approver_email' % index)
                addon_approvers[name] = addon['approver_email']
        if sans is None:
            sans = addon_names
        common_name, sans = self._check_names(code, product, common_name, sans)
        try:
            names = self.sandbox.order_names(body['csr'], common_name, sans)
        except ValueError as exc:
            raise ApiError(400, 'csr: %s' % exc)
        return method, approver, addon_approvers, names

    def _start_validation(self, meta, body, method, approver, addon_approvers, names, action):
        contacts = body.get('Contacts') if isinstance(body.get('Contacts'), dict) else {}
        months = int(meta['years']) * 12
        meta.update(method=method, approver_email=approver if method == 'email' else None,
                    addon_approvers=addon_approvers, contacts=contacts, completed=True,
                    common_name=names[0], sans=names[1:])
        return self.sandbox.create_order(
            'ssl247', names[0], names[1:], body['csr'], meta['product'], months, method,
            approver_email=self._approvers(meta, names[0]), contacts=contacts, action=action,
            certificate_id=meta['id'], extra={'ssl247_certificate': meta['id']}, shared_token=True,
            term_end=self._term_end(meta))

    @staticmethod
    def _approvers(meta, common_name):
        """name -> approver e-mail for the core (SSL247: one for the common name, one per SAN addon)."""
        if meta.get('method') != 'email':
            return None
        approvers = {common_name: meta.get('approver_email')}
        approvers.update(meta.get('addon_approvers') or {})
        return approvers

    def r_complete(self, params, body):
        self._required(body, 'certificate_id')
        meta = self._meta(body['certificate_id'])
        if self._view(meta)[2] != 'Incomplete':
            raise ApiError(400, 'Certificate %s is %s, not waiting for completion' % (meta['id'], self._view(meta)[2]))
        if body.get('common_name') and _hostname(body['common_name'], 'common_name') != meta['common_name']:
            raise ApiError(400, 'common_name %s does not match the ordered %s' % (
                body['common_name'], meta['common_name']))
        code, product = self._product(meta['product'])
        self._check_order_contacts(body)
        sans = None if body.get('Addon') else meta['sans']
        method, approver, addon_approvers, names = self._completion(body, code, product, meta['common_name'], sans)
        if len(names) - 1 > len(meta['sans']):
            raise ApiError(400, 'The order was placed for %d SAN(s), the completion names %d' % (
                len(meta['sans']), len(names) - 1))
        self._start_validation(meta, body, method, approver, addon_approvers, names,
                               'renew' if meta.get('renewal_of') else 'create')
        self._changed()
        return {'order_ref': meta['order_ref'], 'Certificate': [{'id': meta['id'], 'status': 'Pending', 'logs': [{
            'id': str(self.sandbox.new_id('ssl247_log')), 'website_id': '1', 'account_id': 'SBX0001',
            'order_id': meta['order_id'], 'invoice_id': meta['invoice_id'], 'user_id': '1', 'payment_id': '',
            'certificate_id': meta['id'], 'code_signing_id': '', 'domain_name_id': '', 'hack_avert_domain_id': '',
            'protected_brand_id': '', 'personal_signing_id': '', 'pdf_signing_id': '', 'inty_subscription_id': '',
            'ticket_id': '', 'event_id': '', 'contract_id': '', 'subscription_id': '', 'token_ledger_id': '',
            'url': '/order/certificate/complete', 'admin': '', 'error': '', 'details': 'certificate completed',
            'ip_address': '127.0.0.1', 'source': 'api', 'created': self._now_text()}]}]}

    def r_quick_order(self, params, body):
        self._required(body, 'product_code', 'common_name', 'years', 'csr', 'dv_auth_method')
        code, product = self._product(body['product_code'])
        years = self._years(body['years'], product)
        if body.get('billing_contact_id'):
            self._profile(body['billing_contact_id'])
        self._check_order_contacts(body)
        method, approver, addon_approvers, names = self._completion(body, code, product, body['common_name'], None)
        price = self._price(product, years, len(names) - 1)
        self._charge(price, 'quick order %s for %s (%d year(s))' % (code, names[0], years))
        order = self._new_order('quick', price, [])
        meta = self._new_cert_meta(order, code, names[0], names[1:], years, price)
        try:
            self._start_validation(meta, body, method, approver, addon_approvers, names, 'create')
        except ValueError as exc:
            self.sandbox.refund(price, 'refused quick order %s' % meta['id'])
            meta['cancelled'] = core.isoformat(self.sandbox.now())
            self._changed()
            raise ApiError(400, 'Order refused: %s' % exc)
        self._changed()
        return {'order_ref': order['order_ref'], 'Certificate': [{'id': meta['id']}]}

    # ------------------------------------------------------------------ products
    def r_product_types(self, params, body):
        return {'ProductTypeList': PRODUCT_TYPES}

    @staticmethod
    def _prices(product, key='price'):
        return [{key: _money(product['price'] * years), 'years': years, 'currency': CURRENCY}
                for years in product['years']]

    def r_products(self, params, body):
        if str(params['product-type']).upper() not in [t['code'] for t in PRODUCT_TYPES]:
            raise ApiError(404, 'Unknown product type %s' % params['product-type'])
        return {'Products': {'Product': [
            {'code': code, 'brand': p['brand'], 'name': p['name'], 'Prices': {'Price': self._prices(p, 'value')}}
            for code, p in sorted(PRODUCTS.items())]}}

    @staticmethod
    def _requirements(code, product):
        return {'validation_type': product['validation'], 'csr': True, 'dv_auth_methods': ['email', 'dns', 'file'],
                'organisation': False, 'wildcard': product['wildcard'], 'max_sans': product['max_sans']}

    @staticmethod
    def _addon_list(product):
        return [{'code': 'SAN', 'name': 'Additional domain (SAN)', 'type': 'SAN', 'max': product['max_sans'],
                 'wildcard': product['wildcard']}]

    def _addon_prices(self, product):
        return {'SAN': {'prices': [{'price': _money(product['san_price'] * years), 'years': years,
                                    'currency': CURRENCY} for years in product['years']]}}

    def r_product(self, params, body):
        code, product = self._product(params['product-code'])
        return {
            'name': product['name'], 'Code': code, 'url': 'https://www.ssl247.co.uk/ssl-certificates/%s' % code.lower(),
            'brand': product['brand'], 'brand_id': '1', 'sub_brand_id': '1', 'wildcard': product['wildcard'],
            'ProductRequirements': self._requirements(code, product), 'ProductAddons': self._addon_list(product),
            'ProductPrices': self._prices(product), 'ProductDetail': {'description': product['description']},
            'ProductAddonPrices': self._addon_prices(product),
        }

    def r_product_requirements(self, params, body):
        code, product = self._product(params['product-code'])
        return {'ProductRequirements': self._requirements(code, product)}

    def r_product_addons(self, params, body):
        return {'ProductAddons': self._addon_list(self._product(params['product-code'])[1])}

    def r_product_prices(self, params, body):
        product = self._product(params['product-code'])[1]
        return {'ProductPrices': self._prices(product), 'ProductAddonPrices': self._addon_prices(product)}

    # ------------------------------------------------------------------ reference lists
    def r_countries(self, params, body):
        return COUNTRIES

    def r_titles(self, params, body):
        return TITLES

    def r_us_states(self, params, body):
        return US_STATES

    def r_internal_products(self, params, body):
        return [{'code': code, 'name': p['name']} for code, p in sorted(PRODUCTS.items())]

    def r_external_products(self, params, body):
        return EXTERNAL_PRODUCTS

    def r_websites(self, params, body):
        return WEBSITES
