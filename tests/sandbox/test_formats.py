# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""End to end through each wire format with plain HTTP calls: order -> issued -> openssl verify -CAfile."""

import time
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from sandbox_helpers import make_csr, split_pem, openssl_verify

AUTODNS_HEADERS = {'X-Domainrobot-Context': '4', 'User-Agent': 'certops-sandbox-tests'}


def wait_issued(sandbox, job_id, timeout=20):
    """Poll the control API until the order has ended; let sandbox time pass instead of real time."""
    sandbox.post('/_sandbox/clock', json={'advance_days': 0.001})  # 86 s: past the 2 s auto DCV
    deadline = time.monotonic() + timeout
    while True:
        order = sandbox.get('/_sandbox/jobs/%s' % job_id).json()
        if order['status'] not in ('pending', 'validating') or time.monotonic() > deadline:
            return order
        time.sleep(0.2)


def assert_verifies(tmp_path, sandbox, leaf_pem, names):
    root, intermediate = split_pem(sandbox.get('/_sandbox/ca.pem').text)
    rc, output = openssl_verify(tmp_path, root, intermediate, leaf_pem, extra=['-verify_hostname', names[0]])
    assert rc == 0, output
    assert output.endswith(': OK')


def test_autodns_json_order_is_issued_and_verifies(tmp_path, sandbox):
    names = ['json.example.com', 'www.json.example.com']
    _key, csr = make_csr(names)
    response = sandbox.post('/autodns/v1/certificate', auth=('sandbox', 'sandbox'), headers=AUTODNS_HEADERS, json={
        'name': names[0], 'product': 'BASIC_SSL', 'lifetime': {'unit': 'MONTH', 'period': 12}, 'csr': csr,
        'subjectAlternativeNames': [{'name': names[1]}], 'authentication': {'method': 'DNS'}})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer['status']['type'] == 'NOTIFY'
    job_id = answer['data'][0]['id']
    order = wait_issued(sandbox, job_id)
    assert order['status'] == 'issued', order
    response = sandbox.get('/autodns/v1/certificate/%s' % order['certificate_id'], auth=('sandbox', 'sandbox'),
                           headers=AUTODNS_HEADERS)
    assert response.status_code == 200, response.text
    cert = response.json()['data'][0]
    assert cert['name'] == names[0]
    assert_verifies(tmp_path, sandbox, cert['server'], names)
    log = sandbox.get('/_sandbox/requests?provider=autodns').json()
    assert [(e['operation'], e['mutating']) for e in log] == [('400101', True), ('400104', False)]


def test_autodns_xml_order_is_issued_and_verifies(tmp_path, sandbox):
    names = ['xml.example.com']
    _key, csr = make_csr(names)
    auth = '<auth><user>sandbox</user><password>sandbox</password><context>4</context></auth>'
    body = ('<?xml version="1.0" encoding="utf-8"?><request>%s<task><code>400101</code><certificate>'
            '<name>%s</name><product>BASIC_SSL</product><lifetime>12</lifetime><csr>%s</csr>'
            '<authentication><method>DNS</method></authentication></certificate></task></request>'
            % (auth, names[0], escape(csr)))
    response = sandbox.post('/autodns/gateway', data=body.encode(), headers={'Content-Type': 'text/xml'})
    assert response.status_code == 200, response.text
    root = ElementTree.fromstring(response.content)
    assert root.findtext('result/status/type') == 'notify', response.text
    job_id = root.findtext('.//job/id')
    assert job_id
    order = wait_issued(sandbox, job_id)
    assert order['status'] == 'issued', order
    body = ('<request>%s<task><code>400104</code><certificate><id>%s</id></certificate></task></request>'
            % (auth, order['certificate_id']))
    response = sandbox.post('/autodns/gateway', data=body.encode(), headers={'Content-Type': 'text/xml'})
    root = ElementTree.fromstring(response.content)
    assert root.findtext('result/status/type') == 'success', response.text
    assert_verifies(tmp_path, sandbox, root.findtext('.//server'), names)
    log = sandbox.get('/_sandbox/requests?format=xml').json()
    assert [(e['operation'], e['mutating']) for e in log] == [('400101', True), ('400104', False)]


def test_ssl247_quick_order_is_issued_and_verifies(tmp_path, sandbox):
    names = ['shop.example.com']
    _key, csr = make_csr(names)
    creds = {'u': 'ops@example.com', 'k': 'sandbox-key'}
    response = sandbox.post('/ssl247/api/v3/order/certificate/place-quick-order', json=dict(
        creds, product_code='RAPIDSSL', common_name=names[0], years=1, csr=csr, dv_auth_method='dns'))
    assert response.status_code == 200, response.text
    cert_id = response.json()['Data']['Certificate'][0]['id']
    assert sandbox.get('/_sandbox/deposit').json()['balance'] == '950.00'  # RAPIDSSL: 50.00 GBP a year
    order = None
    for candidate in sandbox.get('/_sandbox/state').json()['orders'].values():
        if str(candidate.get('certificate_id')) == str(cert_id):
            order = candidate
    assert order is not None
    order = wait_issued(sandbox, order['id'])
    assert order['status'] == 'issued', order
    response = sandbox.post('/ssl247/api/v3/certificate/%s/x509' % cert_id, json=creds)
    assert response.status_code == 200, response.text
    leaf = response.json()['Data'][0]['x509']
    assert_verifies(tmp_path, sandbox, leaf, names)
    log = sandbox.get('/_sandbox/requests?provider=ssl247').json()
    assert [(e['operation'], e['mutating']) for e in log] == [
        ('/order/certificate/place-quick-order', True), ('/certificate/{id}/{type}', False)]


def test_autodns_xml_takes_an_a_label_idn_with_its_wildcard(tmp_path, sandbox):
    """The collection sends names as A-labels (issue 14): the gateway orders them, wildcard included, as AutoDNS does."""
    names = ['xn--bcher-kva.example.com', '*.xn--bcher-kva.example.com']
    _key, csr = make_csr(names)
    auth = '<auth><user>sandbox</user><password>sandbox</password><context>4</context></auth>'
    body = ('<?xml version="1.0" encoding="utf-8"?><request>%s<task><code>400101</code><certificate>'
            '<name>%s</name><product>BASIC_SSL_WILDCARD</product><lifetime>12</lifetime><csr>%s</csr>'
            '<subject_alternative_name><name>%s</name></subject_alternative_name>'
            '<authentication><method>DNS</method></authentication></certificate></task></request>'
            % (auth, names[0], escape(csr), names[1]))
    response = sandbox.post('/autodns/gateway', data=body.encode(), headers={'Content-Type': 'text/xml'})
    assert response.status_code == 200, response.text
    root = ElementTree.fromstring(response.content)
    assert root.findtext('result/status/type') == 'notify', response.text
    order = wait_issued(sandbox, root.findtext('.//job/id'))
    assert order['status'] == 'issued', order
    body = ('<request>%s<task><code>400104</code><certificate><id>%s</id></certificate></task></request>'
            % (auth, order['certificate_id']))
    root = ElementTree.fromstring(sandbox.post('/autodns/gateway', data=body.encode(),
                                               headers={'Content-Type': 'text/xml'}).content)
    assert root.findtext('.//certificate/name') == names[0]
    assert_verifies(tmp_path, sandbox, root.findtext('.//server'), ['www.xn--bcher-kva.example.com'])


def test_ssl247_takes_an_a_label_wildcard_on_the_wildcard_product(tmp_path, sandbox):
    names = ['*.xn--bcher-kva.example.com']
    _key, csr = make_csr(names)
    creds = {'u': 'ops@example.com', 'k': 'sandbox-key'}
    response = sandbox.post('/ssl247/api/v3/order/certificate/place-quick-order', json=dict(
        creds, product_code='RAPIDSSL_WILDCARD', common_name=names[0], years=1, csr=csr, dv_auth_method='dns'))
    assert response.status_code == 200, response.text
    cert_id = response.json()['Data']['Certificate'][0]['id']
    order = [o for o in sandbox.get('/_sandbox/state').json()['orders'].values()
             if str(o.get('certificate_id')) == str(cert_id)][0]
    assert wait_issued(sandbox, order['id'])['status'] == 'issued'
    leaf = sandbox.post('/ssl247/api/v3/certificate/%s/x509' % cert_id, json=creds).json()['Data'][0]['x509']
    assert_verifies(tmp_path, sandbox, leaf, ['shop.xn--bcher-kva.example.com'])
