# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""SSL247 client against a fake transport (the HTTP seam), with the reference's response examples
(seeds/002_688f626eeb316e77.txt) filled with real values."""


import json

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    AuthenticationError,
    CertopsError,
    InputError,
    MalformedResponseError,
    NotFoundError,
    NotRenewableError,
    ProviderError,
    UnsupportedOperationError,
)
from ansible_collections.certops.reseller.plugins.module_utils._http import HttpClient, HttpResponse
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact, OrderRequest
from ansible_collections.certops.reseller.plugins.module_utils._ssl247 import convert
from ansible_collections.certops.reseller.plugins.module_utils._ssl247.api import SSL247Provider

BASE = 'https://api.ssl247.com/api/v3'
USER = 'api@example.com'
PASSWORD = 'SecretPassword123!'
KEY = 'secret_key_x123+?'
CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n'
LEAF = '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n'
INTERMEDIATE = '-----BEGIN CERTIFICATE-----\nINTER\n-----END CERTIFICATE-----\n'

# --- the reference's examples, "string" placeholders filled ---------------------------------------
CERTIFICATE_PENDING = {
    "order_id": "1001",
    "certificate_id": "500000",
    "product_addon_id": "",
    "CertificateDetails": {
        "product_code": "RAPIDSSL",
        "common_name": "www.example.com",
        "approver_email": "",
        "dv_auth_method": "dns",
        "dns_auth_string": "20261122abcdef",
        "file_auth_filename": "",
        "file_auth_contents": "",
        "general_auth_string": "",
        "licenses": "1",
        "hash": "sha256",
        "serial_number": "",
        "years": "1",
        "remaining_reissues": "unlimited",
        "csr": CSR,
        "email_subscription": "false",
        "VettingData": "",
        "Addons": {"Addon": [
            {"id": "500000-1", "type": "SAN", "value": "example.com", "approver_email": ""},
            {"id": "500000-2", "type": "SAN", "value": "*.shop.example.com", "approver_email": ""},
        ]},
        "Status": {"code": "Pending", "description": "Waiting for domain control validation"},
        "StatusMinor": {"code": "validating", "description": "waiting"},
    },
    "Contacts": {
        "Company": {"category": "", "organisation_legal_name": "", "registration_number": "", "duns": ""},
        "Administrative": {"organisation": "Example Ltd", "title": "Mr", "firstname": "Ann", "lastname": "Admin",
                           "email": "ann@example.com", "phone": "+44.1", "address_1": "1 Road", "address_2": "",
                           "city": "London", "postcode": "N1", "region": "", "country": "GB"},
        "Technical": {"organisation": "", "title": "", "firstname": "", "lastname": "", "email": "", "phone": "",
                      "address_1": "", "address_2": "", "city": "", "postcode": "", "region": "", "country": ""},
    },
    "Dates": {"order": "2026-11-22 09:00:00", "issuance": None, "created": "2026-11-22 09:00:00", "expiry": None},
    "Notes": {"Note": [{"note": "ordered", "user": USER, "date": "2026-11-22 09:00:00"}]},
    "VettingData": [{"status_type": "dcv", "status_text": "waiting", "created": "2026-11-22 09:00:00"}],
    "Status": {"code": "Pending", "description": "Waiting for domain control validation"},
    "Product": {"name": "RapidSSL Standard DV", "code": "RAPIDSSL", "Brand": {"name": "RapidSSL"}},
}


def issued_details(expiry='2099-11-22 09:00:05'):
    data = json.loads(json.dumps(CERTIFICATE_PENDING))
    status = {"code": "Issued", "description": "Issued"}
    data['CertificateDetails']['Status'] = status
    data['Status'] = status
    data['CertificateDetails']['serial_number'] = '4A2B'
    data['Dates'].update(issuance='2026-11-22 09:00:05', expiry=expiry)
    return data


def ok(data, status=200):
    return HttpResponse(status, {'Content-Type': 'application/json'}, json.dumps(
        {"StatusCode": "200", "StatusDescription": "OK", "Date": "2026-11-22 09:00:00", "Data": data}))


def error(status, code, message):
    return HttpResponse(status, {'Content-Type': 'application/json'}, json.dumps(
        {"Response": {"Error": {"Code": code, "Message": message}, "Date": "2026-11-22 09:00:00"}}))


class FakeTransport(object):
    """Replays answers (HttpResponse or an exception) and records every request."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, method, url, headers, body, timeout):
        self.calls.append(dict(method=method, url=url, headers=headers, body=json.loads(body.decode('utf-8'))))
        if not self.answers:
            raise AssertionError('unexpected request %s %s' % (method, url))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    @property
    def routes(self):
        return [c['url'][len(BASE):] for c in self.calls]


def provider_with(*answers, password=PASSWORD):
    transport = FakeTransport(*answers)
    settings = ConnectionSettings(provider='ssl247', username=USER, password=password, api_key=KEY)
    return create_provider(settings, transport=transport, sleep=lambda seconds: None), transport


def request(**kwargs):
    values = dict(common_name='www.example.com', subject_alternative_names=['example.com'], product='RAPIDSSL',
                  lifetime_months=12, csr=CSR, validation_method='dns')
    values.update(kwargs)
    return OrderRequest(**values)


# --- the plumbing ----------------------------------------------------------------------------------

def test_every_call_is_a_json_post_with_credentials():
    provider, transport = provider_with(ok({"Deposit": {"value": "1000.00", "currency": "GBP"}}))
    assert provider.deposit() == dict(value=1000.0, currency='GBP')
    call = transport.calls[0]
    assert call['method'] == 'POST'
    assert call['url'] == BASE + '/account/deposit'
    assert call['body'] == {'u': USER, 'p': PASSWORD, 'k': KEY}
    assert call['headers']['Content-Type'] == 'application/json'
    assert 'User-Agent' in call['headers']


def test_password_is_optional_for_api_users():
    provider, transport = provider_with(ok({"Deposit": {"value": "5.5", "currency": "EUR"}}), password=None)
    assert provider.deposit() == dict(value=5.5, currency='EUR')
    assert transport.calls[0]['body'] == {'u': USER, 'k': KEY}


def test_missing_username_is_an_input_error_before_any_call():
    transport = FakeTransport()
    settings = ConnectionSettings(provider='ssl247', api_key=KEY)
    # create_provider() validates the settings up front ...
    with pytest.raises(InputError, match='username'):
        create_provider(settings, transport=transport)
    # ... and a provider built without it still refuses before sending anything
    provider = SSL247Provider(HttpClient(settings.url, provider='ssl247', transport=transport), settings)
    with pytest.raises(InputError, match='username'):
        provider.deposit()
    assert transport.calls == []


def test_capabilities():
    provider, _transport = provider_with()
    caps = provider.capabilities
    assert (caps.lifetime_unit, caps.renew_window_days, caps.renew_creates_new_certificate,
            caps.jobs_are_certificates, caps.order_validation) == ('year', 90, True, True, True)
    assert provider.name == 'ssl247' and provider.api_format == 'json'
    assert not provider.supports('delete_contact')
    assert not provider.supports('resend_approver_email')
    assert provider.supports('create_certificate') and provider.supports('get_job')
    with pytest.raises(UnsupportedOperationError):
        provider.delete_contact('1')


def test_path_values_are_percent_encoded():
    provider, transport = provider_with(ok({"valid": True, "type": "wildcard", "message": "ok"}))
    assert provider.check_common_name('RAPIDSSL_WILDCARD', '*.example.com')['valid'] is True
    assert transport.calls[0]['url'] == BASE + '/certificates/check-common-name/RAPIDSSL_WILDCARD/%2A.example.com'


# --- errors ------------------------------------------------------------------------------------------

@pytest.mark.parametrize('answer, exception, code, text', [
    (error(401, '401', 'Invalid API credentials'), AuthenticationError, '401', 'Invalid API credentials'),
    (error(403, 'FORBIDDEN', 'Not allowed'), AuthenticationError, 'FORBIDDEN', 'Not allowed'),
    (error(404, '404', 'Certificate 9 not found'), NotFoundError, '404', 'Certificate 9 not found'),
    (error(400, '400', 'Missing required field: years'), InputError, '400', 'years'),
    (error(422, 'INVALID', 'bad name'), InputError, 'INVALID', 'bad name'),
    (error(402, 'INSUFFICIENT_FUNDS', 'Insufficient funds'), ProviderError, 'INSUFFICIENT_FUNDS', 'deposit'),
    (error(400, 'INSUFFICIENT_FUNDS', 'no money'), ProviderError, 'INSUFFICIENT_FUNDS', 'deposit'),
    (error(500, '500', 'Internal error'), ProviderError, '500', 'Internal error'),
    (error(200, 'E1', 'error inside a 200'), ProviderError, 'E1', 'error inside a 200'),
])
def test_error_envelopes(answer, exception, code, text):
    provider, transport = provider_with(answer)
    with pytest.raises(exception) as caught:
        provider.get_certificate('9')
    assert caught.type is exception  # exactly this class, not a subclass
    assert caught.value.code == code
    assert caught.value.http_status == answer.status
    assert text in str(caught.value)
    assert '/certificate/{id}' in str(caught.value)
    assert len(transport.calls) == 1


def test_insufficient_funds_on_quick_order_is_clear():
    provider, transport = provider_with(error(402, 'INSUFFICIENT_FUNDS', 'Insufficient funds: the order costs 60.00'))
    with pytest.raises(ProviderError) as caught:
        provider.create_certificate(request())
    assert 'deposit does not cover' in str(caught.value)
    assert caught.value.code == 'INSUFFICIENT_FUNDS' and caught.value.http_status == 402
    assert len(transport.calls) == 1


@pytest.mark.parametrize('answer, fragment', [
    (HttpResponse(200, {'Content-Type': 'text/html'}, '<html><body>Maintenance</body></html>'), 'not JSON'),
    (HttpResponse(500, {'Content-Type': 'text/html'}, '<html>500</html>'), 'not JSON'),
    (HttpResponse(200, {'Content-Type': 'application/json'}, '{"StatusCode": "200", "Data": {"Acc'), 'not JSON'),
    (HttpResponse(200, {'Content-Type': 'application/json'}, '{"StatusCode": "200"}'), 'no Data'),
    (HttpResponse(200, {'Content-Type': 'application/json'}, '[1, 2]'), 'no Data'),
    (HttpResponse(404, {'Content-Type': 'application/json'}, '{"error": "nope"}'), 'without an SSL247 error envelope'),
    (ok({"Deposit": "1000.00"}), 'Data.Deposit'),
    (ok(None), 'Data'),
])
def test_malformed_answers(answer, fragment):
    # the same answer every time: a spoiled 2xx answer to a read (not JSON, no Data) is asked for twice more
    spoiled = 200 <= answer.status < 300 and fragment in ('not JSON', 'no Data')
    provider, transport = provider_with(*([answer] * 3))
    with pytest.raises(MalformedResponseError) as caught:
        provider.deposit()
    text = str(caught.value)
    assert fragment in text
    assert '/account/deposit' in text
    assert 'HTTP %d' % answer.status in text
    assert len(transport.calls) == (3 if spoiled else 1)


def test_credentials_never_appear_in_messages():
    echo = 'bad request u=%s p=%s k=%s' % (USER, PASSWORD, KEY)
    provider, _transport = provider_with(error(400, '400', echo))
    with pytest.raises(InputError) as caught:
        provider.deposit()
    assert PASSWORD not in str(caught.value) and KEY not in str(caught.value)
    provider, _transport = provider_with(HttpResponse(500, {'Content-Type': 'text/html'}, '<p>%s</p>' % echo))
    with pytest.raises(MalformedResponseError) as caught:
        provider.account_info()
    assert PASSWORD not in str(caught.value) and KEY not in str(caught.value)


def test_quick_order_503_is_ambiguous_and_not_repeated():
    provider, transport = provider_with(HttpResponse(503, {}, 'busy'), ok({"order_ref": 1, "Certificate": [{"id": "1"}]}))
    with pytest.raises(AmbiguousResultError) as caught:
        provider.create_certificate(request())
    assert len(transport.calls) == 1
    assert '/order/certificate/place-quick-order' in str(caught.value)


def test_reads_are_retried_on_503():
    provider, transport = provider_with(HttpResponse(503, {}, 'busy'), ok({"Deposit": {"value": "1.00", "currency": "GBP"}}))
    assert provider.deposit()['value'] == 1.0
    assert len(transport.calls) == 2


# --- account -------------------------------------------------------------------------------------------

def test_account_info():
    provider, transport = provider_with(ok({"Account": {
        "account_code": "SBX0001", "company": "Example Ltd", "country": "GB", "currency": "GBP",
        "allowance_limit": "500.00", "remaining_allowance": "440.00",
        "Users": [{"full_name": "Ann Admin", "email": "ann@example.com"}]}}))
    info = provider.account_info()
    assert transport.routes == ['/account']
    assert info == dict(account_code='SBX0001', company='Example Ltd', country='GB', currency='GBP',
                        allowance_limit=500.0, remaining_allowance=440.0,
                        users=[dict(full_name='Ann Admin', email='ann@example.com')])


def test_check_connection_uses_account():
    provider, transport = provider_with(ok({"Account": {"account_code": "A1", "Users": []}}))
    assert provider.check_connection()['account_code'] == 'A1'
    assert transport.routes == ['/account']


USERS = {"Users": {
    "User": [{"id": "1", "full_name": "Sandbox Api", "email": "api@example.com"}],
    "ContactProfile": [
        {"id": "700000", "full_name": "Ann Admin", "email": "ann@example.com", "tech": False, "admin": True,
         "billing": False},
        {"id": "700001", "full_name": "Ann Other", "email": "ann@example.com", "tech": True, "admin": False,
         "billing": True},
        {"id": "700002", "full_name": "Bob Tech", "email": "bob@example.com", "tech": True, "admin": False,
         "billing": False},
    ]}}


def test_users():
    provider, transport = provider_with(ok(USERS), ok({"full_name": "Sandbox Api", "email": USER, "admin_contact": True}))
    assert provider.list_users() == [dict(id='1', full_name='Sandbox Api', email='api@example.com')]
    assert provider.get_user('1')['admin_contact'] is True
    assert transport.routes == ['/account/users', '/account/user/1']


def test_monthly_allowance():
    provider, transport = provider_with(ok({"Allowance": {"remaining": "440.00", "limit": "500.00", "currency": "GBP"}}))
    assert provider.monthly_allowance() == dict(remaining=440.0, limit=500.0, currency='GBP')
    assert transport.routes == ['/account/monthly-allowance']


# --- contacts ------------------------------------------------------------------------------------------

PROFILE = {"ContactProfile": {
    "id": "700000", "email": "ann@example.com", "title": "Mrs", "firstname": "Ann", "lastname": "Admin",
    "admin": True, "tech": False, "billing": True, "company_name": "Example Ltd", "assumed_name": "",
    "address_1": "1 Road", "address_2": "Floor 2", "address_3": "", "city": "London", "county": "Greater London",
    "postcode": "N1 1AA", "country": "GB", "phone": "+44 20 7946 0001", "fax": "", "registration_number": "",
    "vat_number": "", "business_category_code": "", "duns": "", "active": True, "deleted": False}}


def test_get_contact():
    provider, transport = provider_with(ok(PROFILE))
    contact = provider.get_contact('700000')
    assert transport.routes == ['/account/contact-profile/700000']
    assert contact == Contact(id='700000', title='Mrs', first_name='Ann', last_name='Admin', email='ann@example.com',
                              phone="+44 20 7946 0001", organization="Example Ltd", address=["1 Road", "Floor 2"],
                              postal_code='N1 1AA', city='London', region='Greater London', country='GB',
                              roles=['admin', 'billing'])


def test_create_and_update_contact():
    contact = Contact(first_name='Ann', last_name='Admin', email='ann@example.com', address=['1 Road', 'Floor 2'],
                      city='London', region='Greater London', country='GB', roles=['tech'])
    provider, transport = provider_with(ok({"contact_id": "700005"}), ok({"contact_id": "700005"}))
    created = provider.create_contact(contact)
    assert created.id == '700005' and created.first_name == 'Ann'
    body = transport.calls[0]['body']
    assert transport.routes[0] == '/account/contact-profile/add'
    assert (body['firstname'], body['lastname'], body['email'], body['address_1'], body['address_2'], body['state']) == \
        ('Ann', 'Admin', 'ann@example.com', '1 Road', 'Floor 2', 'Greater London')
    assert (body['tech'], body['admin'], body['billing']) == (True, False, False)
    created.phone = '+44 20 7946 0999'
    provider.update_contact(created)
    assert transport.routes[1] == '/account/contact-profile/700005/edit'
    assert transport.calls[1]['body']['phone'] == '+44 20 7946 0999'
    with pytest.raises(InputError):
        provider.update_contact(Contact(first_name='x'))


def test_create_contact_without_id_is_malformed():
    provider, _transport = provider_with(ok({"contact_id": ""}))
    with pytest.raises(MalformedResponseError, match='contact_id'):
        provider.create_contact(Contact(first_name='Ann', last_name='Admin', email='ann@example.com'))


def test_list_contacts_by_email_needs_one_call():
    provider, transport = provider_with(ok(USERS))
    contacts, total = provider.list_contacts(email='ANN@example.com')
    assert total == 2 and [c.id for c in contacts] == ['700000', '700001']
    assert contacts[0].roles == ['admin'] and contacts[1].roles == ['tech', 'billing']
    assert transport.routes == ['/account/users']


def test_list_contacts_name_filter_reads_details_of_candidates_only():
    other = json.loads(json.dumps(PROFILE))
    other['ContactProfile'].update(id='700001', lastname='Other')
    provider, transport = provider_with(ok(USERS), ok(PROFILE), ok(other))
    contacts, total = provider.list_contacts(email='ann@example.com', last_name='admin')
    assert total == 1 and contacts[0].id == '700000' and contacts[0].organization == 'Example Ltd'
    assert transport.routes == ['/account/users', '/account/contact-profile/700000', '/account/contact-profile/700001']


def test_list_contacts_paging():
    provider, _transport = provider_with(ok(USERS))
    contacts, total = provider.list_contacts(limit=1, offset=1)
    assert total == 3 and [c.id for c in contacts] == ['700001']


# --- certificates ----------------------------------------------------------------------------------------

LIST = [{"id": "500000", "common_name": "www.example.com", "status": "Issued"},
        {"id": "500001", "common_name": "www.example.com", "status": "Expiring"},
        {"id": "500002", "common_name": "other.example.com", "status": "Pending"},
        {"id": "500003", "common_name": "www.example.com", "status": "Cancelled"}]


def test_list_certificates_all():
    provider, transport = provider_with(ok(LIST))
    certificates, total = provider.list_certificates()
    assert transport.routes == ['/certificates']
    assert total == 4
    assert [(c.id, c.status, c.provider_status) for c in certificates] == [
        ('500000', 'issued', 'Issued'), ('500001', 'issued', 'Expiring'), ('500002', 'pending', 'Pending'),
        ('500003', 'cancelled', 'Cancelled')]


def test_list_certificates_single_status_uses_status_route():
    provider, transport = provider_with(ok([{"id": "5", "common_name": "a.example.com", "status": "Expired"}]))
    certificates, total = provider.list_certificates(status='expired')
    assert transport.routes == ['/certificates/Expired']
    assert total == 1 and certificates[0].status == 'expired'


def test_list_certificates_multi_status_filters_one_list():
    provider, transport = provider_with(ok(LIST))
    certificates, total = provider.list_certificates(status='issued', common_name='WWW.example.com')
    assert transport.routes == ['/certificates']
    assert [c.id for c in certificates] == ['500000', '500001'] and total == 2


def test_list_certificates_failed_and_unknown_status():
    provider, transport = provider_with()
    assert provider.list_certificates(status='failed') == ([], 0)
    with pytest.raises(InputError):
        provider.list_certificates(status='bogus')
    assert transport.calls == []


def test_list_certificates_product_filter_reads_details():
    wildcard = json.loads(json.dumps(CERTIFICATE_PENDING))
    wildcard['CertificateDetails']['product_code'] = 'RAPIDSSL_WILDCARD'
    provider, transport = provider_with(ok(LIST[2:3] + LIST[3:]), ok(CERTIFICATE_PENDING), ok(wildcard))
    certificates, total = provider.list_certificates(product='rapidssl')
    assert total == 1 and certificates[0].product == 'RAPIDSSL'
    assert transport.routes == ['/certificates', '/certificate/500002', '/certificate/500003']


def subscription_details(expiry, certificate_id='500000'):
    data = issued_details(expiry=expiry) if expiry else json.loads(json.dumps(CERTIFICATE_PENDING))
    status = {"code": "Subscription", "description": "Subscription"}
    data['CertificateDetails']['Status'] = status
    data['Status'] = status
    data['CertificateDetails']['years'] = '2'
    data['certificate_id'] = certificate_id
    return data


def test_a_subscription_is_issued_or_pending_by_its_details():
    """Seed 002 lists Subscription without defining it; our reading: issued once it carries an expiry date.
    A list entry cannot tell, so a list filtered on issued or pending reads each Subscription's details."""
    listed = LIST[:1] + [{"id": "500007", "common_name": "www.example.com", "status": "Subscription"},
                         {"id": "500008", "common_name": "www.example.com", "status": "Subscription"}]
    provider, transport = provider_with(ok(listed), ok(subscription_details('2099-11-22 09:00:05', '500007')),
                                        ok(subscription_details(None, '500008')))
    certificates, total = provider.list_certificates(status='issued')
    assert [(c.id, c.status, c.provider_status) for c in certificates] == [
        ('500000', 'issued', 'Issued'), ('500007', 'issued', 'Subscription')] and total == 2
    assert certificates[1].term_end == '2028-11-22T09:00:00Z' and certificates[1].term_years == 2
    assert transport.routes == ['/certificates', '/certificate/500007', '/certificate/500008']
    # an issued Subscription carries its PEM like an Issued certificate
    provider, transport = provider_with(ok(subscription_details('2099-11-22 09:00:05')), ok([{"x509": LEAF}]),
                                        ok([{"intermediate": INTERMEDIATE}]))
    cert = provider.get_certificate('500000')
    assert (cert.status, cert.certificate) == ('issued', LEAF)
    assert transport.routes == ['/certificate/500000', '/certificate/500000/x509', '/certificate/500000/intermediate']


def test_get_pending_certificate_one_call_with_dns_challenges():
    provider, transport = provider_with(ok(CERTIFICATE_PENDING))
    cert = provider.get_certificate('500000')
    assert transport.routes == ['/certificate/500000']
    assert cert.status == 'validating' and cert.provider_status == 'Pending'
    assert cert.subject_alternative_names == ['www.example.com', 'example.com', '*.shop.example.com']
    assert (cert.product, cert.order_id, cert.lifetime_months, cert.validation_method, cert.csr) == \
        ('RAPIDSSL', '1001', 12, 'dns', CSR)
    assert cert.certificate is None and cert.not_after is None
    assert [(c.domain, c.record_name, c.record_type, c.record_value, c.ttl) for c in cert.challenges] == [
        ('www.example.com', '_dnsauth.www.example.com', 'TXT', '20261122abcdef', 300),
        ('example.com', '_dnsauth.example.com', 'TXT', '20261122abcdef', 300),
        ('shop.example.com', '_dnsauth.shop.example.com', 'TXT', '20261122abcdef', 300)]
    assert cert.extra['contacts']['Administrative']['firstname'] == 'Ann'
    assert cert.extra['product_name'] == 'RapidSSL Standard DV'


def test_file_and_email_challenges():
    data = json.loads(json.dumps(CERTIFICATE_PENDING))
    details = data['CertificateDetails']
    details.update(dv_auth_method='file', dns_auth_string='', file_auth_filename='ABC123.txt',
                   file_auth_contents='token-1')
    provider, _transport = provider_with(ok(data))
    cert = provider.get_certificate('500000')
    assert [(c.domain, c.method, c.file_path, c.file_content) for c in cert.challenges][:2] == [
        ('www.example.com', 'file', '/.well-known/pki-validation/ABC123.txt', 'token-1'),
        ('example.com', 'file', '/.well-known/pki-validation/ABC123.txt', 'token-1')]
    details.update(dv_auth_method='email', file_auth_filename='', approver_email='admin@example.com')
    details['Addons']['Addon'][0]['approver_email'] = 'hostmaster@example.com'
    provider, _transport = provider_with(ok(data))
    cert = provider.get_certificate('500000')
    assert cert.status == 'validating'
    assert [(c.domain, c.approver_email) for c in cert.challenges][:2] == [
        ('www.example.com', 'admin@example.com'), ('example.com', 'hostmaster@example.com')]


def test_get_issued_certificate_fetches_pem_and_chain():
    provider, transport = provider_with(ok(issued_details()), ok([{"x509": LEAF}]), ok([{"intermediate": INTERMEDIATE}]))
    cert = provider.get_certificate('500000')
    assert transport.routes == ['/certificate/500000', '/certificate/500000/x509', '/certificate/500000/intermediate']
    assert cert.status == 'issued' and cert.certificate == LEAF and cert.chain == INTERMEDIATE
    assert cert.not_before == '2026-11-22T09:00:05Z' and cert.not_after == '2099-11-22T09:00:05Z'
    assert cert.serial_number == '4A2B' and cert.challenges == []
    assert cert.fullchain == LEAF + INTERMEDIATE


def test_get_issued_certificate_without_pem_is_one_call():
    provider, transport = provider_with(ok(issued_details()))
    cert = provider.get_certificate('500000', include_pem=False)
    assert transport.routes == ['/certificate/500000'] and cert.certificate is None


def test_issued_certificate_past_expiry_is_expired():
    provider, _transport = provider_with(ok(issued_details(expiry='2001-01-01 00:00:00')), ok([{"x509": LEAF}]),
                                         ok([{"intermediate": INTERMEDIATE}]))
    assert provider.get_certificate('500000').status == 'expired'


@pytest.mark.parametrize('kind', ['x509', 'pkcs7', 'intermediate', 'root', 'bundle'])
def test_download(kind):
    provider, transport = provider_with(ok([{kind: 'PEM-%s' % kind}]))
    assert provider.download_certificate('7', kind) == 'PEM-%s' % kind
    assert transport.routes == ['/certificate/7/%s' % kind]


def test_download_bad_kind_and_bad_shape():
    provider, transport = provider_with(ok([]))
    with pytest.raises(InputError):
        provider.download_certificate('7', 'der')
    assert transport.calls == []
    with pytest.raises(MalformedResponseError):
        provider.download_certificate('7', 'x509')


@pytest.mark.parametrize('data', [
    [{"email": "admin@example.com"}, {"email": "webmaster@example.com"}],
    [{"admin@example.com": "admin@example.com"}, {"webmaster@example.com": "webmaster"}],
    ["admin@example.com", "webmaster@example.com"],
])
def test_approver_emails(data):
    provider, transport = provider_with(ok(data))
    assert provider.approver_emails('RAPIDSSL', 'www.example.com') == ['admin@example.com', 'webmaster@example.com']
    assert transport.routes == ['/certificates/get-approver-email/RAPIDSSL/www.example.com']


def test_check_san():
    provider, transport = provider_with(
        ok({"valid": False, "type": "wildcard", "product_addon_id": "", "message": "no wildcard"}))
    result = provider.check_san('RAPIDSSL', 'example.com', '*.example.com')
    assert result['valid'] is False and result['message'] == 'no wildcard' and result['product_addon_id'] == ''
    assert transport.routes == ['/certificates/check-san/RAPIDSSL/example.com/%2A.example.com']


# --- ordering -------------------------------------------------------------------------------------------------

def test_create_certificate_quick_order():
    admin = Contact(first_name='Ann', last_name='Admin', email='ann@example.com', organization='Example Ltd',
                    address=['1 Road'], city='London', postal_code='N1', country='GB', phone='+44 20 7946 0000')
    provider, transport = provider_with(ok({"order_ref": 1000, "Certificate": [{"id": "500000"}]}))
    job = provider.create_certificate(request(lifetime_months=24, admin_contact=admin,
                                              organization=dict(category='PO', legal_name='Example Ltd')))
    assert (job.id, job.certificate_id, job.status, job.action, job.object) == \
        ('500000', '500000', 'running', 'create', 'www.example.com')
    assert transport.routes == ['/order/certificate/place-quick-order']
    body = transport.calls[0]['body']
    assert (body['u'], body['k'], body['p']) == (USER, KEY, PASSWORD)
    assert (body['product_code'], body['common_name'], body['years'], body['dv_auth_method'], body['csr']) == \
        ('RAPIDSSL', 'www.example.com', '2', 'dns', CSR)
    assert body['Addon'] == [{'value': 'example.com'}]
    assert 'approver_email' not in body
    assert body['Contacts']['Administrative'] == dict(organisation='Example Ltd', firstname='Ann', lastname='Admin',
                                                      email='ann@example.com', phone='+44 20 7946 0000',
                                                      address_1='1 Road', city='London',
                                                      postcode='N1', country='GB')
    assert body['Contacts']['Company'] == dict(organisation_category='PO', organisation_legal_name='Example Ltd')


def test_create_certificate_email_and_contact_id():
    provider, transport = provider_with(ok(PROFILE), ok({"order_ref": 1, "Certificate": [{"id": "9"}]}))
    provider.create_certificate(request(validation_method='email', approver_email='admin@example.com',
                                        technical_contact='700000'))
    assert transport.routes == ['/account/contact-profile/700000', '/order/certificate/place-quick-order']
    body = transport.calls[1]['body']
    assert body['approver_email'] == 'admin@example.com'
    assert body['Addon'] == [{'value': 'example.com', 'approver_email': 'admin@example.com'}]
    assert body['Contacts']['Technical']['firstname'] == 'Ann'


@pytest.mark.parametrize('kwargs, fragment', [
    (dict(lifetime_months=18), 'multiple of 12'),
    (dict(lifetime_months=0), 'multiple of 12'),
    (dict(validation_method='email'), 'approver_email'),
    (dict(validation_method='http'), 'validation_method'),
    (dict(csr=None), 'csr'),
    (dict(product=None), 'product'),
])
def test_create_certificate_input_errors_before_any_call(kwargs, fragment):
    provider, transport = provider_with()
    with pytest.raises(InputError, match=fragment):
        provider.create_certificate(request(**kwargs))
    assert transport.calls == []


def test_create_certificate_without_id_is_malformed_and_says_look():
    provider, _transport = provider_with(ok({"order_ref": 1, "Certificate": []}))
    with pytest.raises(MalformedResponseError, match='check the certificate list'):
        provider.create_certificate(request())


def test_validate_order():
    provider, transport = provider_with(ok({"Valid": True, "OrderLines": [{
        "type": "certificate", "product_id": "RAPIDSSL", "years": "1", "quantity": "1", "total": "50.00",
        "label": "RapidSSL Standard DV", "value": "www.example.com",
        "addons": [{"type": "SAN", "total": "10.00", "value": "example.com"}], "nextstep": 2}]}))
    result = provider.validate_order(request())
    assert (result['valid'], result['price'], result['currency']) == (True, 60.0, None)
    assert transport.routes == ['/order/certificate/validate']
    line = transport.calls[0]['body']['order'][0]
    assert line == dict(product_code='RAPIDSSL', common_name='www.example.com', years='1', quantity=1, san=1,
                        sans='example.com')


def test_validate_order_refused_input_is_a_result():
    provider, _transport = provider_with(error(400, 'WILDCARD_NOT_ALLOWED', 'Product RAPIDSSL does not allow wildcard names'))
    result = provider.validate_order(request(common_name='*.example.com'))
    assert result['valid'] is False and 'wildcard' in result['messages'][0] and result['code'] == 'WILDCARD_NOT_ALLOWED'


def test_renew_with_csr_completes_the_new_certificate():
    provider, transport = provider_with(ok({"certificate_id": "500009"}),
                                        ok({"order_ref": 1, "Certificate": [{"id": "500009", "status": "Pending"}]}))
    job = provider.renew_certificate('500000', request())
    assert (job.id, job.certificate_id, job.action, job.status) == ('500009', '500009', 'renew', 'running')
    assert transport.routes == ['/certificate/500000/renew', '/order/certificate/complete']
    assert transport.calls[0]['body']['years'] == '1'
    assert transport.calls[1]['body']['certificate_id'] == '500009'


def test_renew_without_request_is_one_call():
    provider, transport = provider_with(ok({"certificate_id": "500009"}))
    job = provider.renew_certificate('500000')
    assert (job.id, job.action, job.provider_status) == ('500009', 'renew', 'Incomplete')
    assert transport.routes == ['/certificate/500000/renew']


def test_renew_too_early():
    provider, transport = provider_with(error(
        400, 'RENEWAL_NOT_ALLOWED', 'Renewal of certificate 500000 is possible from 2027-08-24, 90 days before it '
        'expires on 2027-11-22'))
    with pytest.raises(NotRenewableError) as caught:
        provider.renew_certificate('500000', request())
    assert caught.value.opens_on == '2027-08-24' and caught.value.code == 'RENEWAL_NOT_ALLOWED'
    assert len(transport.calls) == 1


def test_renew_completion_failure_names_the_new_certificate():
    provider, _transport = provider_with(ok({"certificate_id": "500009"}), error(400, '400', 'csr: the CSR is empty'))
    with pytest.raises(InputError) as caught:
        provider.renew_certificate('500000', request())
    assert 'created certificate 500009' in str(caught.value)
    assert caught.value.details['new_certificate_id'] == '500009'


def test_renew_bad_lifetime_no_call():
    provider, transport = provider_with()
    with pytest.raises(InputError):
        provider.renew_certificate('1', request(lifetime_months=6))
    assert transport.calls == []


def test_renew_503_is_ambiguous():
    provider, transport = provider_with(HttpResponse(503, {}, ''))
    with pytest.raises(AmbiguousResultError):
        provider.renew_certificate('1')
    assert len(transport.calls) == 1


def test_reissue_cancel_revoke():
    provider, transport = provider_with(
        ok({"status": "Pending", "message": "Reissue requested"}),
        ok([{"message": "Certificate order cancelled", "status": "Cancelled", "details": "certificate 7"}]),
        ok([{"message": "Certificate revoked", "status": "Revoked", "details": "certificate 8"}]))
    job = provider.reissue_certificate('6', request(signature_hash_algorithm='sha384'))
    assert (job.id, job.action, job.status, job.provider_status) == ('6', 'reissue', 'running', 'Pending')
    assert transport.calls[0]['body']['new_csr'] == CSR and transport.calls[0]['body']['hash'] == 'sha384'
    job = provider.cancel_certificate('7')
    assert (job.status, job.provider_status) == ('cancelled', 'Cancelled')
    job = provider.revoke_certificate('8')
    assert (job.action, job.provider_status) == ('revoke', 'Revoked')
    assert transport.routes == ['/certificate/6/reissue', '/certificate/7/cancel', '/certificate/8/revoke']


# --- pseudo jobs ----------------------------------------------------------------------------------------------

def test_get_job_follows_the_certificate():
    provider, transport = provider_with(ok(CERTIFICATE_PENDING))
    job = provider.get_job('500000')
    assert (job.id, job.status, job.provider_status, job.certificate_id, job.object) == \
        ('500000', 'running', 'Pending', '500000', 'www.example.com')
    assert len(job.challenges) == 3 and job.certificate.status == 'validating'
    provider, transport = provider_with(ok(issued_details()), ok([{"x509": LEAF}]), ok([{"intermediate": INTERMEDIATE}]))
    job = provider.get_job('500000')
    assert job.status == 'succeeded' and job.certificate.certificate == LEAF


def test_get_job_unknown_is_not_found():
    provider, _transport = provider_with(error(404, '404', 'Certificate 1 not found'))
    with pytest.raises(NotFoundError):
        provider.get_job('1')


def test_list_jobs_and_cancel_job():
    provider, transport = provider_with(ok(LIST), ok([{"message": "cancelled", "status": "Cancelled", "details": ""}]))
    jobs, total = provider.list_jobs(status='running')
    assert total == 1 and jobs[0].id == '500002' and jobs[0].status == 'running'
    job = provider.cancel_job('500002')
    assert job.status == 'cancelled'
    assert transport.routes == ['/certificates', '/certificate/500002/cancel']


# --- orders, products, reference lists ------------------------------------------------------------------------

ORDER_ENTRY = {
    "order_id": "1001", "order_ref": "1000", "email_subscription": "false",
    "CertificateDetails": {
        "id": "500000", "product_code": "RAPIDSSL", "product_name": "RapidSSL Standard DV",
        "common_name": "www.example.com", "approver_email": "", "licenses": "1", "years": "1",
        "remaining_reissues": "unlimited",
        "Addons": {"Addon": [{"id": "500000-1", "type": "SAN", "value": "example.com", "approver_email": ""}]},
        "Status": {"code": "Issued", "description": "Issued"}},
    "Dates": {"order": "2026-11-22 09:00:00", "issuance": "2026-11-22 09:00:05", "created": "2026-11-22 09:00:00",
              "expiry": "2099-11-22 09:00:05"},
    "Contacts": {},
}


def test_list_orders():
    provider, transport = provider_with(ok({"Orders": {"Certificate": [ORDER_ENTRY]}}),
                                        ok({"Orders": {"Certificate": [ORDER_ENTRY]}}))
    orders = provider.list_orders()
    assert orders[0]['certificate_id'] == '500000' and orders[0]['names'] == ['www.example.com', 'example.com']
    assert orders[0]['status'] == 'issued' and orders[0]['not_after'] == '2099-11-22T09:00:05Z'
    # 'issued' covers TemporaryCertificate, which seed 002 does not list for /orders/certificates/{status}
    assert provider.list_orders(status='issued')[0]['order_id'] == '1001'
    assert transport.routes == ['/orders', '/orders']


def test_pending_orders_ask_for_every_status_seed_002_lists():
    """Seed 002, ``POST /orders/certificates/{status}``: "status: string Stock, Expiring, Subscription,
    Issued, Pending, Expired, Deactivated, External, Cancelled, Archived, Incomplete".  'pending' covers
    Pending, Incomplete, Stock and Subscription (and ReadyToReview, which the order list does not
    take): the orders come from /orders, filtered; nothing outside the seed's list is sent."""
    provider, transport = provider_with(ok({"Orders": {"Certificate": [ORDER_ENTRY]}}))
    assert provider.list_orders(status='pending') == []
    assert transport.routes == ['/orders']
    provider, transport = provider_with(ok({"Certificate": []}), ok({"Certificate": [ORDER_ENTRY]}),
                                        ok({"Certificate": [ORDER_ENTRY]}))
    orders = provider.list_orders(status='cancelled')   # Cancelled, Archived, Deactivated: all listed
    assert transport.routes == ['/orders/certificates/Cancelled', '/orders/certificates/Archived',
                                '/orders/certificates/Deactivated']
    assert [o['order_id'] for o in orders] == ['1001']


def test_revoked_is_never_sent_as_a_list_status():
    """Seed 002, ``POST /certificates/{status}``: Incomplete, Expiring, External, Issued, Stock, Pending,
    ReadyToReview, Expired, Subscription, Cancelled, Archived, TemporaryCertificate - no Revoked."""
    provider, transport = provider_with(ok([]))
    assert provider.list_certificates(status='revoked') == ([], 0)
    assert transport.routes == ['/certificates']


def test_order_details_and_invoice():
    provider, transport = provider_with(
        ok({"Orders": [{"Certificate": {"id": "500000", "order_id": "1001", "label": "RapidSSL www.example.com",
                                        "CertificateDetails": {"total": "60.00", "common_name": "www.example.com"}},
                        "placed_with_api": "true", "email_subscription": "false", "payment_ref": "D-1",
                        "invoice_id": "1002"}]}),
        ok({"invoice": "JVBERi0xLjQ="}), ok({"invoice": "https://example.invalid/i.pdf"}))
    details = provider.order_details('1001')
    assert details[0]['invoice_id'] == '1002'
    assert provider.invoice('1002', download=True) == dict(invoice_id='1002', kind='pdf_base64', invoice='JVBERi0xLjQ=')
    assert provider.invoice('1002')['kind'] == 'url'
    assert transport.routes == ['/orders/1001', '/orders/invoice/1002/true', '/orders/invoice/1002/false']


PRODUCT = {
    "name": "RapidSSL Wildcard DV", "Code": "RAPIDSSL_WILDCARD", "url": "https://example.invalid", "brand": "RapidSSL",
    "brand_id": "1", "sub_brand_id": "1", "wildcard": True, "ProductRequirements": {"csr": True},
    "ProductAddons": [{"code": "SAN"}],
    "ProductPrices": [{"price": "150.00", "years": 1, "currency": "GBP"}],
    "ProductDetail": {"description": "Wildcard"},
    "ProductAddonPrices": {"SAN": {"prices": [{"price": "10.00", "years": 1, "currency": "GBP"}]}},
}


def test_products():
    provider, transport = provider_with(
        ok({"ProductTypeList": [{"code": "SSL", "name": "SSL Certificates"}]}),
        ok({"Products": {"Product": [{"code": "RAPIDSSL", "brand": "RapidSSL", "name": "RapidSSL Standard DV",
                                      "Prices": {"Price": [{"years": 1, "value": "50.00", "currency": "GBP"}]}}]}}),
        ok(PRODUCT),
        ok({"ProductRequirements": {"csr": True}}),
        ok({"ProductAddons": [{"code": "SAN"}]}),
        ok({"ProductPrices": [{"price": "150.00", "years": 1, "currency": "GBP"}],
            "ProductAddonPrices": {"SAN": {"prices": [{"price": "10.00", "years": 1, "currency": "GBP"}]}}}))
    assert provider.product_types() == [dict(code='SSL', name='SSL Certificates')]
    assert provider.products('SSL')[0]['prices'] == [dict(years=1, price=50.0, currency='GBP')]
    details = provider.product_details('RAPIDSSL_WILDCARD')
    assert details['wildcard'] is True and details['prices'][0]['price'] == 150.0
    assert details['addon_prices'] == {'SAN': [dict(years=1, price=10.0, currency='GBP')]}
    assert provider.product_allows_wildcard('RAPIDSSL_WILDCARD') is True   # cached: no call
    assert provider.product_requirements('RAPIDSSL_WILDCARD') == {'csr': True}
    assert provider.product_addons('RAPIDSSL_WILDCARD') == [{'code': 'SAN'}]
    assert provider.product_prices('RAPIDSSL_WILDCARD')['prices'][0]['price'] == 150.0
    assert transport.routes == ['/product-types', '/products/SSL', '/product/RAPIDSSL_WILDCARD',
                                '/product/RAPIDSSL_WILDCARD/requirements', '/product/RAPIDSSL_WILDCARD/addons',
                                '/product/RAPIDSSL_WILDCARD/prices']


def test_unknown_product_allows_wildcard_is_unknown():
    provider, transport = provider_with(error(404, '404', 'Unknown product NOPE'))
    assert provider.product_allows_wildcard('NOPE') is None
    assert transport.routes == ['/product/NOPE']


def test_product_without_wildcard_field_is_unknown():
    data = dict(PRODUCT)
    del data['wildcard']
    provider, _transport = provider_with(ok(data))
    assert provider.product_allows_wildcard('X') is None


@pytest.mark.parametrize('name, route, data, expected', [
    ('countries', '/generic/get-country-list', [{"code": "GB", "name": "United Kingdom"}],
     [{"code": "GB", "name": "United Kingdom"}]),
    ('titles', '/generic/get-user-titles', ["Mr", "Ms"], ["Mr", "Ms"]),
    ('us_states', '/generic/get-us-state-list', {"CA": "California"}, [{"code": "CA", "name": "California"}]),
    ('internal_products', '/generic/get-internal-product-list', '["RAPIDSSL"]', ["RAPIDSSL"]),
    ('external_products', '/generic/get-external-product-list', 'EXTERNAL_DV,EXTERNAL_OV', ['EXTERNAL_DV', 'EXTERNAL_OV']),
    ('websites', '/generic/get-websites-list', [{"code": "UK"}], [{"code": "UK"}]),
])
def test_reference_lists(name, route, data, expected):
    provider, transport = provider_with(ok(data))
    assert provider.reference_list(name) == expected
    assert transport.routes == [route]


def test_reference_list_unknown():
    provider, transport = provider_with()
    with pytest.raises(InputError):
        provider.reference_list('planets')
    assert transport.calls == []


# --- status vocabulary ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('name, dcv, expected', [
    ('Pending', False, 'pending'), ('Pending', True, 'validating'), ('ReadyToReview', True, 'validating'),
    ('Incomplete', True, 'pending'), ('Stock', False, 'pending'), ('Issued', False, 'issued'),
    ('Expiring', False, 'issued'), ('External', False, 'issued'), ('Expired', False, 'expired'),
    ('Cancelled', False, 'cancelled'), ('Archived', False, 'cancelled'), ('Deactivated', False, 'cancelled'),
    ('Revoked', False, 'revoked'), ('Rejected', False, 'failed'), ('SomethingNew', False, 'pending'),
])
def test_status_vocabulary(name, dcv, expected):
    assert convert.normalize_status(name, has_dcv_data=dcv) == expected


@pytest.mark.parametrize('status, job_status', [
    ('pending', 'running'), ('validating', 'running'), ('issued', 'succeeded'), ('revoked', 'succeeded'),
    ('cancelled', 'cancelled'), ('failed', 'failed')])
def test_job_status(status, job_status):
    assert convert.job_status(status) == job_status


def test_errors_are_certops_errors():
    provider, _transport = provider_with(error(418, 'TEAPOT', 'short and stout'))
    with pytest.raises(CertopsError):
        provider.deposit()
