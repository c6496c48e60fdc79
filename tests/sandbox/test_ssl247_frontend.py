# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The SSL247 front-end (/ssl247/api/v3) of a real sandbox process, on the wire and through the
collection's own client (plugins/module_utils/_ssl247/api.py)."""

import base64
import decimal
import importlib
import os
import sys
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7

from sandbox_helpers import REPO_ROOT, make_csr, openssl_verify, split_pem

API = '/ssl247/api/v3'
CREDENTIALS = {'u': 'api@example.com', 'k': 'sandbox-key'}


def call(sandbox, route, **fields):
    body = dict(CREDENTIALS)
    body.update(fields)
    return sandbox.post(API + route, json=body)


def data_of(response):
    assert response.status_code == 200, response.text
    payload = response.json()
    assert set(payload) == {'StatusCode', 'StatusDescription', 'Date', 'Data'}
    return payload['Data']


def error_of(response, status):
    assert response.status_code == status, response.text
    payload = response.json()
    assert set(payload) == {'Response'}
    assert set(payload['Response']) == {'Error', 'Date'}
    assert set(payload['Response']['Error']) == {'Code', 'Message'}
    return payload['Response']['Error']


def deposit(sandbox):
    return decimal.Decimal(data_of(call(sandbox, '/account/deposit'))['Deposit']['value'])


def quick_order(sandbox, names, product='RAPIDSSL', method='dns', **extra):
    _key, csr = make_csr(names)
    fields = dict(product_code=product, common_name=names[0], years='1', dv_auth_method=method, csr=csr,
                  Addon=[{'value': n} for n in names[1:]])
    fields.update(extra)
    return call(sandbox, '/order/certificate/place-quick-order', **fields)


def wait_for_status(sandbox, certificate_id, wanted, timeout=20):
    deadline = time.time() + timeout
    while True:
        details = data_of(call(sandbox, '/certificate/%s' % certificate_id))
        if details['CertificateDetails']['Status']['code'] == wanted:
            return details
        assert time.time() < deadline, 'certificate %s stayed %s' % (
            certificate_id, details['CertificateDetails']['Status'])
        time.sleep(0.3)


def test_quick_order_charges_issues_and_downloads_a_verifiable_certificate(sandbox, tmp_path):
    assert deposit(sandbox) == decimal.Decimal('1000.00')
    sandbox.request('DELETE', '/_sandbox/requests')
    certificate_id = data_of(quick_order(sandbox, ['www.example.com', 'example.com']))['Certificate'][0]['id']
    # 50.00 a year + 10.00 per SAN a year
    assert deposit(sandbox) == decimal.Decimal('940.00')

    details = data_of(call(sandbox, '/certificate/%s' % certificate_id))
    cd = details['CertificateDetails']
    assert cd['Status']['code'] == 'Pending' and cd['dv_auth_method'] == 'dns' and cd['dns_auth_string']
    assert cd['Addons']['Addon'][0]['type'] == 'SAN' and cd['Addons']['Addon'][0]['value'] == 'example.com'
    listed = data_of(call(sandbox, '/certificates'))
    assert {'id': certificate_id, 'common_name': 'www.example.com', 'status': 'Pending'} in listed

    details = wait_for_status(sandbox, certificate_id, 'Issued')
    assert details['Dates']['issuance'] and details['Dates']['expiry']
    leaf = data_of(call(sandbox, '/certificate/%s/x509' % certificate_id))[0]['x509']
    root, intermediate = split_pem(sandbox.get('/_sandbox/ca.pem').text)
    returncode, output = openssl_verify(tmp_path, root, intermediate, leaf)
    assert returncode == 0, output
    names = x509.load_pem_x509_certificate(leaf.encode()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
    assert sorted(names) == ['example.com', 'www.example.com']

    served_intermediate = data_of(call(sandbox, '/certificate/%s/intermediate' % certificate_id))[0]['intermediate']
    assert served_intermediate.strip() == intermediate.strip()
    assert data_of(call(sandbox, '/certificate/%s/root' % certificate_id))[0]['root'].strip() == root.strip()
    bundle = data_of(call(sandbox, '/certificate/%s/bundle' % certificate_id))[0]['bundle']
    assert [b.strip() for b in split_pem(bundle)] == [leaf.strip(), intermediate.strip(), root.strip()]
    p7 = data_of(call(sandbox, '/certificate/%s/pkcs7' % certificate_id))[0]['pkcs7']
    assert len(pkcs7.load_pem_pkcs7_certificates(p7.encode())) == 3

    log = sandbox.get('/_sandbox/requests', params={'provider': 'ssl247'}).json()
    order_entries = [e for e in log if e['operation'] == '/order/certificate/place-quick-order']
    assert len(order_entries) == 1 and order_entries[0]['mutating'] is True and order_entries[0]['status'] == 200
    reads = [e for e in log if e['operation'] in ('/certificate/{id}', '/certificate/{id}/{type}', '/certificates')]
    assert reads and not any(e['mutating'] for e in reads)


def test_wrong_key_is_a_401_envelope(sandbox):
    response = sandbox.post(API + '/account', json={'u': 'api@example.com', 'k': 'wrong'})
    assert error_of(response, 401) == {'Code': '401', 'Message': 'Invalid API credentials'}
    assert sandbox.get('/_sandbox/requests').json()[-1]['status'] == 401


def test_unknown_certificate_is_a_404_envelope(sandbox):
    assert '424242' in error_of(call(sandbox, '/certificate/424242'), 404)['Message']
    assert error_of(call(sandbox, '/no/such/route'), 404)['Code'] == '404'


def test_malformed_body_and_missing_field_are_400_envelopes(sandbox):
    response = sandbox.post(API + '/account', data=b'{"u": "api@example.com", "k": ', headers={
        'Content-Type': 'application/json'})
    assert 'JSON' in error_of(response, 400)['Message']
    _key, csr = make_csr(['a.example.com'])
    response = call(sandbox, '/order/certificate/place-quick-order', product_code='RAPIDSSL', common_name='a.example.com',
                    csr=csr, dv_auth_method='dns')
    assert 'years' in error_of(response, 400)['Message']
    assert deposit(sandbox) == decimal.Decimal('1000.00')


def test_other_methods_are_refused(sandbox):
    assert error_of(sandbox.get(API + '/account'), 405)['Code'] == '405'


def test_insufficient_funds_is_402_and_charges_nothing(sandbox):
    sandbox.post('/_sandbox/deposit', json={'balance': '55.00'})
    error = error_of(quick_order(sandbox, ['www.example.com', 'example.com']), 402)
    assert error['Code'] == 'INSUFFICIENT_FUNDS' and '60.00' in error['Message']
    assert deposit(sandbox) == decimal.Decimal('55.00')
    assert data_of(call(sandbox, '/certificates')) == []
    assert sandbox.get('/_sandbox/requests').json()[-2]['mutating'] is False


def test_wildcard_needs_the_wildcard_product(sandbox):
    error = error_of(quick_order(sandbox, ['*.example.com']), 400)
    assert error['Code'] == 'WILDCARD_NOT_ALLOWED'
    assert data_of(call(sandbox, '/product/RAPIDSSL'))['wildcard'] is False
    assert data_of(call(sandbox, '/product/RAPIDSSL_WILDCARD'))['wildcard'] is True
    certificate_id = data_of(quick_order(sandbox, ['*.example.com'], product='RAPIDSSL_WILDCARD'))['Certificate'][0]['id']
    assert deposit(sandbox) == decimal.Decimal('850.00')
    wait_for_status(sandbox, certificate_id, 'Issued')


def test_renewal_refused_before_the_window_and_accepted_after(sandbox):
    certificate_id = data_of(quick_order(sandbox, ['www.example.com']))['Certificate'][0]['id']
    wait_for_status(sandbox, certificate_id, 'Issued')
    before = deposit(sandbox)
    error = error_of(call(sandbox, '/certificate/%s/renew' % certificate_id, years='1'), 400)
    assert error['Code'] == 'RENEWAL_NOT_ALLOWED' and 'possible from 20' in error['Message']
    assert deposit(sandbox) == before

    assert sandbox.post('/_sandbox/clock', json={'advance_days': 300}).status_code == 200
    new_id = data_of(call(sandbox, '/certificate/%s/renew' % certificate_id, years='1'))['certificate_id']
    assert new_id != certificate_id
    assert deposit(sandbox) == before - decimal.Decimal('50.00')
    assert data_of(call(sandbox, '/certificate/%s' % new_id))['CertificateDetails']['Status']['code'] == 'Incomplete'
    # the old certificate is kept; at 300 days it has expired (no certificate lasts 300 days since 2026-03-15)
    assert data_of(call(sandbox, '/certificate/%s' % certificate_id))['CertificateDetails']['Status']['code'] == 'Expired'
    _key, csr = make_csr(['www.example.com'])
    completed = data_of(call(sandbox, '/order/certificate/complete', certificate_id=new_id, csr=csr,
                             dv_auth_method='file'))
    assert completed['Certificate'][0]['id'] == new_id
    details = wait_for_status(sandbox, new_id, 'Issued')
    assert details['Dates']['expiry'] > data_of(call(sandbox, '/certificate/%s' % certificate_id))['Dates']['expiry']


def test_two_phase_order_invoice_and_order_details(sandbox):
    line = {'product_code': 'RAPIDSSL', 'common_name': 'shop.example.com', 'years': '2', 'san': 1,
            'sans': 'www.shop.example.com', 'quantity': 1}
    validated = data_of(call(sandbox, '/order/certificate/validate', order=[line]))
    assert validated['Valid'] is True
    assert validated['OrderLines'][0]['total'] == '100.00' and validated['OrderLines'][0]['addons'][0]['total'] == '20.00'
    placed = data_of(call(sandbox, '/order/certificate/place-order', order=[line]))
    assert placed['Invoice']['total'] == '120.00' and deposit(sandbox) == decimal.Decimal('880.00')
    certificate_id = placed['Order'][0]['Certificate']['id']
    statuses = data_of(call(sandbox, '/orders/certificates/Incomplete'))['Certificate']
    assert [c['CertificateDetails']['id'] for c in statuses] == [certificate_id]
    _key, csr = make_csr(['shop.example.com', 'www.shop.example.com'])
    data_of(call(sandbox, '/order/certificate/complete', certificate_id=certificate_id, csr=csr, dv_auth_method='email',
                 approver_email='admin@example.com',
                 Addon=[{'value': 'www.shop.example.com', 'approver_email': 'admin@example.com'}]))
    details = data_of(call(sandbox, '/certificate/%s' % certificate_id))['CertificateDetails']
    assert details['Status']['code'] == 'Pending' and details['approver_email'] == 'admin@example.com'
    order = data_of(call(sandbox, '/orders/%s' % placed['Order'][0]['order_id']))['Orders'][0]
    assert order['Certificate']['id'] == certificate_id and order['invoice_id'] == placed['Invoice']['id']
    pdf = data_of(call(sandbox, '/orders/invoice/%s/true' % placed['Invoice']['id']))['invoice']
    assert base64.b64decode(pdf).startswith(b'%PDF')


def test_cancel_refunds_a_pending_order(sandbox):
    response = quick_order(sandbox, ['www.example.com'], method='email', approver_email='admin@example.com')
    certificate_id = data_of(response)['Certificate'][0]['id']
    assert deposit(sandbox) == decimal.Decimal('950.00')
    result = data_of(call(sandbox, '/certificate/%s/cancel' % certificate_id))
    assert result[0]['status'] == 'Cancelled'
    assert deposit(sandbox) == decimal.Decimal('1000.00')
    assert error_of(call(sandbox, '/certificate/%s/cancel' % certificate_id), 400)['Code'] == '400'


def test_contact_profiles_and_users(sandbox):
    error_of(call(sandbox, '/account/contact-profile/add', firstname='Ann'), 400)
    contact_id = data_of(call(sandbox, '/account/contact-profile/add', firstname='Ann', lastname='Admin',
                              email='ann@example.com', admin=True, state='Greater London'))['contact_id']
    data_of(call(sandbox, '/account/contact-profile/%s/edit' % contact_id, phone='+44 20 7946 0001'))
    profile = data_of(call(sandbox, '/account/contact-profile/%s' % contact_id))['ContactProfile']
    assert (profile['firstname'], profile['phone'], profile['admin'], profile['tech'], profile['county']) == \
        ('Ann', '+44 20 7946 0001', True, False, 'Greater London')
    users = data_of(call(sandbox, '/account/users'))['Users']
    assert {'id': contact_id, 'full_name': 'Ann Admin', 'email': 'ann@example.com', 'tech': False, 'admin': True,
            'billing': False} in users['ContactProfile']
    user_id = data_of(call(sandbox, '/account/users/add', firstname='Eve', lastname='New', email='eve@example.com',
                           password='pw-not-kept'))['user_id']
    assert data_of(call(sandbox, '/account/user/%s' % user_id))['email'] == 'eve@example.com'
    assert 'pw-not-kept' not in sandbox.get('/_sandbox/state').text


# --- the collection's client against the sandbox ----------------------------------------------------

@pytest.fixture(scope='module')
def collection_path(tmp_path_factory):
    """Make ``ansible_collections.certops.reseller`` importable (the repository root is the collection root)."""
    try:
        importlib.import_module('ansible_collections.certops.reseller.plugins.module_utils._client')
    except ImportError:
        root = tmp_path_factory.mktemp('collections')
        os.makedirs(str(root / 'ansible_collections' / 'certops'))
        os.symlink(REPO_ROOT, str(root / 'ansible_collections' / 'certops' / 'reseller'))
        sys.path.insert(0, str(root))
        for name in [m for m in sys.modules if m == 'ansible_collections' or m.startswith('ansible_collections.')]:
            if not getattr(sys.modules[name], '__file__', None):
                del sys.modules[name]
    return importlib.import_module('ansible_collections.certops.reseller.plugins.module_utils._client')


@pytest.fixture
def client(sandbox, collection_path):
    settings = collection_path.ConnectionSettings(provider='ssl247', api_url=sandbox.url + API,
                                                  username='api@example.com', api_key='sandbox-key')
    return collection_path.create_provider(settings)


def test_client_orders_waits_and_downloads(client, sandbox, tmp_path):
    model = importlib.import_module('ansible_collections.certops.reseller.plugins.module_utils._model')
    errors = importlib.import_module('ansible_collections.certops.reseller.plugins.module_utils._errors')
    _key, csr = make_csr(['www.example.com', 'example.com'])
    order = model.OrderRequest(common_name='www.example.com', subject_alternative_names=['example.com'],
                               product='RAPIDSSL', lifetime_months=12, csr=csr, validation_method='dns')
    check = client.validate_order(order)
    assert (check['valid'], check['price']) == (True, 60.0)
    assert client.product_allows_wildcard('RAPIDSSL') is False
    job = client.create_certificate(order)
    assert client.deposit() == dict(value=940.0, currency='GBP')
    pending = client.get_job(job.id)
    assert pending.status == 'running' and pending.certificate.status == 'validating'
    assert {c.record_name for c in pending.challenges} == {'_dnsauth.www.example.com', '_dnsauth.example.com'}
    assert len({c.record_value for c in pending.challenges}) == 1
    deadline = time.time() + 20
    while pending.status == 'running':
        assert time.time() < deadline
        time.sleep(0.3)
        pending = client.get_job(job.id)
    assert pending.status == 'succeeded'
    certificate = pending.certificate
    assert certificate.status == 'issued' and certificate.subject_alternative_names == ['www.example.com', 'example.com']
    root, intermediate = split_pem(sandbox.get('/_sandbox/ca.pem').text)
    assert certificate.chain.strip() == intermediate.strip()
    returncode, output = openssl_verify(tmp_path, root, certificate.chain, certificate.certificate)
    assert returncode == 0, output
    listed, total = client.list_certificates(status='issued', common_name='www.example.com')
    assert total == 1 and listed[0].id == job.id

    with pytest.raises(errors.NotRenewableError) as caught:
        client.renew_certificate(job.id, order)
    assert caught.value.opens_on and caught.value.code == 'RENEWAL_NOT_ALLOWED'
    sandbox.post('/_sandbox/clock', json={'advance_days': 300})
    renewal = client.renew_certificate(job.id, order)
    assert renewal.certificate_id != job.id and renewal.action == 'renew'
    assert client.get_certificate(renewal.certificate_id, include_pem=False).status == 'validating'

    with pytest.raises(errors.NotFoundError):
        client.get_certificate('999999')
    contact = client.create_contact(model.Contact(first_name='Ann', last_name='Admin', email='ann@example.com',
                                                  roles=['admin']))
    found, total = client.list_contacts(email='ann@example.com', last_name='Admin')
    assert total == 1 and found[0].id == contact.id and found[0].roles == ['admin']
    assert [c['code'] for c in client.reference_list('countries')][:4] == ['GB', 'DE', 'FR', 'US']


def test_client_wrong_key_is_an_authentication_error(sandbox, collection_path):
    errors = importlib.import_module('ansible_collections.certops.reseller.plugins.module_utils._errors')
    settings = collection_path.ConnectionSettings(provider='ssl247', api_url=sandbox.url + API,
                                                  username='api@example.com', api_key='wrong-key')
    with pytest.raises(errors.AuthenticationError) as caught:
        collection_path.create_provider(settings).account_info()
    assert 'wrong-key' not in str(caught.value) and caught.value.http_status == 401


def test_one_dns_auth_string_validates_every_name_with_real_checks(start_sandbox, dns_responder):
    box = start_sandbox('--dcv', 'check', '--dns-resolver', dns_responder.resolver)
    certificate_id = data_of(quick_order(box, ['www.example.com', 'example.com', 'shop.example.com']))[
        'Certificate'][0]['id']
    details = data_of(call(box, '/certificate/%s' % certificate_id))['CertificateDetails']
    token = details['dns_auth_string']
    assert token
    for name in ('www.example.com', 'example.com'):
        dns_responder.records[('_dnsauth.%s.' % name, 'TXT')] = [token]
    time.sleep(1.5)
    assert data_of(call(box, '/certificate/%s' % certificate_id))['CertificateDetails']['Status']['code'] == 'Pending'
    dns_responder.records[('_dnsauth.shop.example.com.', 'TXT')] = [token]
    wait_for_status(box, certificate_id, 'Issued')
    assert ('_dnsauth.shop.example.com.', 'TXT') in dns_responder.queries
