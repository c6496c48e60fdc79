# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The control API /_sandbox against a real server process."""

import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID

from sandbox_helpers import make_csr, openssl_verify, split_pem

import core


def _parse(text):
    return core.parse_iso(text)


def test_clock_get_and_advance(sandbox):
    before = sandbox.get('/_sandbox/clock').json()
    real = datetime.datetime.now(datetime.timezone.utc)
    assert abs((_parse(before['now']) - real).total_seconds()) < 10 and before['offset_days'] == 0
    after = sandbox.post('/_sandbox/clock', json={'advance_days': 2.5})
    assert after.status_code == 200
    moved = _parse(after.json()['now']) - _parse(before['now'])
    assert datetime.timedelta(days=2.5) <= moved < datetime.timedelta(days=2.5, seconds=10)
    assert sandbox.get('/_sandbox/clock').json()['offset_days'] == 2.5
    for body in ({'advance_days': -1}, {'advance_days': 'x'}, {'advance_days': True}, {}, [1]):
        response = sandbox.post('/_sandbox/clock', json=body)
        assert response.status_code == 400, body
        assert 'advance_days' in response.json()['error']
    assert sandbox.post('/_sandbox/clock', data=b'{not json').status_code == 400
    assert sandbox.get('/_sandbox/clock').json()['offset_days'] == 2.5


def test_requests_log_records_provider_calls_only(sandbox):
    sandbox.get('/autodns/v1/hello')
    sandbox.post('/autodns/gateway', data=b'<request/>')
    sandbox.post('/ssl247/api/v3/account/info', json={})
    sandbox.get('/_sandbox/state')
    log = sandbox.get('/_sandbox/requests').json()
    assert [(e['provider'], e['format'], e['method'], e['path']) for e in log] == [
        ('autodns', 'json', 'GET', '/autodns/v1/hello'),
        ('autodns', 'xml', 'POST', '/autodns/gateway'),
        ('ssl247', 'json', 'POST', '/ssl247/api/v3/account/info')]
    for entry in log:
        assert set(entry) == {'time', 'provider', 'format', 'operation', 'method', 'path', 'mutating', 'status', 'fault'}
        assert isinstance(entry['status'], int) and entry['mutating'] is False
    assert [e['path'] for e in sandbox.get('/_sandbox/requests?provider=ssl247').json()] == [
        '/ssl247/api/v3/account/info']
    assert len(sandbox.get('/_sandbox/requests?format=xml').json()) == 1
    assert sandbox.get('/_sandbox/requests?mutating=true').json() == []
    assert sandbox.request('DELETE', '/_sandbox/requests').json() == {'cleared': 3}
    assert sandbox.get('/_sandbox/requests').json() == []


def test_reset_empties_state_but_keeps_the_ca(sandbox):
    ca_pem = sandbox.get('/_sandbox/ca.pem').text
    sandbox.post('/_sandbox/zones', json={'origin': 'example.com'})
    sandbox.post('/_sandbox/clock', json={'advance_days': 5})
    sandbox.post('/_sandbox/deposit', json={'balance': '3.00'})
    sandbox.get('/autodns/v1/hello')
    response = sandbox.post('/_sandbox/reset')
    assert response.status_code == 200 and response.json()['reset'] is True
    state = sandbox.get('/_sandbox/state').json()
    assert state['zones'] == {} and state['orders'] == {} and state['certificates'] == {}
    assert state['clock_offset_seconds'] == 0
    assert sandbox.get('/_sandbox/deposit').json()['balance'] == '1000.00'
    assert sandbox.get('/_sandbox/requests').json() == []
    assert sandbox.get('/_sandbox/ca.pem').text == ca_pem


def test_approve_unknown_job_is_404(sandbox):
    response = sandbox.post('/_sandbox/jobs/424242/approve')
    assert response.status_code == 404 and '424242' in response.json()['error']
    assert sandbox.post('/_sandbox/jobs/abc/approve').status_code == 404
    assert sandbox.get('/_sandbox/jobs/424242').status_code == 404


def test_approve_email_job_in_check_mode(tmp_path, start_sandbox):
    state = str(tmp_path / 'state.json')
    box = core.Sandbox(state_path=state)
    _key, csr = make_csr(['mail.example.com'])
    email = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'email')
    dns = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    proc = start_sandbox('--state', state, '--dcv', 'check')
    assert proc.get('/_sandbox/jobs/%d' % email['id']).json()['status'] == 'validating'
    response = proc.post('/_sandbox/jobs/%d/approve' % email['id'])
    assert response.status_code == 200
    order = response.json()
    assert order['status'] == 'issued' and order['certificate_id']
    response = proc.post('/_sandbox/jobs/%d/approve' % email['id'])
    assert response.status_code == 409
    response = proc.post('/_sandbox/jobs/%d/approve' % dns['id'])
    assert response.status_code == 409 and 'not e-mail' in response.json()['error']
    cert = proc.get('/_sandbox/state').json()['certificates'][str(order['certificate_id'])]
    root, intermediate = split_pem(proc.get('/_sandbox/ca.pem').text)
    rc, output = openssl_verify(tmp_path, root, intermediate, cert['pem'])
    assert rc == 0, output


def test_ca_pem_is_root_then_intermediate(sandbox):
    response = sandbox.get('/_sandbox/ca.pem')
    assert response.status_code == 200
    blocks = split_pem(response.text)
    assert len(blocks) == 2
    names = [x509.load_pem_x509_certificate(b.encode()).subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
             for b in blocks]
    assert names == ['certops sandbox Root CA', 'certops sandbox Intermediate CA']


def test_state_dump_has_no_secrets(tmp_path, start_sandbox):
    proc = start_sandbox('--state', str(tmp_path / 'state.json'))
    state = proc.get('/_sandbox/state').text
    assert 'PRIVATE KEY' not in state and '"ca"' not in state
    assert 'PRIVATE KEY' in (tmp_path / 'state.json').read_text()
    assert proc.get('/_sandbox/state').json()['dcv_mode'] == 'auto'


def test_zones(sandbox):
    response = sandbox.post('/_sandbox/zones', json={'origin': 'Example.ORG.'})
    assert response.status_code == 200 and response.json()['origin'] == 'example.org'
    assert sandbox.post('/_sandbox/zones', json={'origin': 'not a zone'}).status_code == 400
    assert sandbox.post('/_sandbox/zones', json={}).status_code == 400
    response = sandbox.post('/_sandbox/zones/example.org', json={
        'adds': [{'name': 'www', 'type': 'A', 'value': '192.0.2.7', 'ttl': 60}]})
    assert response.status_code == 200
    assert sandbox.get('/_sandbox/zones/example.org').json()['records'] == [
        {'name': 'www', 'type': 'A', 'value': '192.0.2.7', 'ttl': 60}]
    assert sandbox.post('/_sandbox/zones/other.org', json={'adds': []}).status_code == 404
    assert sandbox.get('/_sandbox/zones/other.org').status_code == 404
    assert [z['origin'] for z in sandbox.get('/_sandbox/zones').json()] == ['example.org']
    assert sandbox.request('DELETE', '/_sandbox/zones/example.org').status_code == 200
    assert sandbox.get('/_sandbox/zones').json() == []


def test_deposit(sandbox):
    info = sandbox.get('/_sandbox/deposit').json()
    assert info == {'balance': '1000.00', 'currency': 'GBP', 'transactions': []}
    assert sandbox.post('/_sandbox/deposit', json={'balance': '12.5'}).json()['balance'] == '12.50'
    assert sandbox.post('/_sandbox/deposit', json={'balance': 'lots'}).status_code == 400


def test_unknown_control_route_is_404(sandbox):
    response = sandbox.get('/_sandbox/nope')
    assert response.status_code == 404 and 'no control route' in response.json()['error']
    assert sandbox.get('/_sandbox').status_code == 200


def _poll(proc, job_id, timeout=15):
    import time
    deadline = time.monotonic() + timeout
    while True:
        order = proc.get('/_sandbox/jobs/%d' % job_id).json()
        if order['status'] != 'validating' or time.monotonic() > deadline:
            return order
        time.sleep(0.3)


def test_check_mode_server_uses_resolver_and_http_port(tmp_path, start_sandbox, dns_responder, file_server):
    """The CLI wiring of --dcv check --dns-resolver --http-port: a DNS and a FILE order get issued."""
    state = str(tmp_path / 'state.json')
    box = core.Sandbox(state_path=state)
    _key, csr = make_csr(['dns.example.org'])
    dns = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    _key, csr2 = make_csr(['web.example.org'])
    web = box.create_order('autodns', None, None, csr2, 'BASIC_SSL', 12, 'file')
    proc = start_sandbox('--state', state, '--dcv', 'check', '--dns-resolver', dns_responder.resolver,
                         '--http-port', str(file_server.port))
    assert proc.get('/_sandbox/jobs/%d' % dns['id']).json()['status'] == 'validating'
    assert _poll(proc, dns['id'], timeout=2)['status'] == 'validating'  # nothing published yet
    dns_responder.records[('_dnsauth.dns.example.org.', 'TXT')] = [dns['challenges'][0]['record_value']]
    dns_responder.records[('web.example.org.', 'A')] = ['127.0.0.1']
    file_server.files[('web.example.org', web['challenges'][0]['file_path'])] = web['challenges'][0]['file_content']
    assert _poll(proc, dns['id'])['status'] == 'issued'
    assert _poll(proc, web['id'])['status'] == 'issued'
    assert ('web.example.org', '/.well-known/pki-validation/fileauth.txt') in file_server.requests
