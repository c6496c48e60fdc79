# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The sandbox server as a process: banner, routing, methods, keep-alive, concurrency, TLS, restarts."""

import datetime
import http.client
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from sandbox_helpers import REPO_ROOT, SERVER, make_csr, make_key, openssl_verify, split_pem

import core
import server


def test_banner_is_one_line_with_the_real_port(sandbox):
    assert sandbox.banner == 'sandbox listening on http://127.0.0.1:%d' % sandbox.port
    assert sandbox.port > 0
    assert sandbox.get('/_sandbox/clock').status_code == 200
    sandbox.stop()
    assert sandbox.process.returncode is not None


def test_runs_from_the_repository_root_with_relative_path(tmp_path):
    proc = subprocess.Popen([sys.executable, 'tests/simulator/server.py', '--host', '127.0.0.1', '--port', '0'],
                            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = proc.stdout.readline().decode()
        assert line.startswith('sandbox listening on http://127.0.0.1:')
        port = int(line.strip().rsplit(':', 1)[1])
        assert requests.get('http://127.0.0.1:%d/_sandbox/' % port, timeout=10).json()['sandbox'] == 'certops'
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()


def test_bad_options_are_refused():
    result = subprocess.run([sys.executable, SERVER, '--dcv', 'maybe'], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2 and 'maybe' in result.stderr
    result = subprocess.run([sys.executable, SERVER, '--tls-cert', 'x.pem'], capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 2 and '--tls-key' in result.stderr


def test_unknown_prefix_is_a_json_404(sandbox):
    for method in ('GET', 'POST', 'PUT', 'DELETE', 'PATCH'):
        response = sandbox.request(method, '/nothing/here', data=b'{}')
        assert response.status_code == 404
        assert 'no such API' in response.json()['error']
    assert sandbox.request('HEAD', '/nothing').status_code == 404
    assert sandbox.get('/_sandbox/requests').json() == []  # not a provider request: not logged


def test_frontend_registry_reports_missing_and_broken_modules(tmp_path, monkeypatch):
    (tmp_path / 'broken_frontend.py').write_text('def oops(:\n')
    (tmp_path / 'good_frontend.py').write_text(
        'class Frontend:\n    def __init__(self, sandbox):\n        self.sandbox = sandbox\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = server.FrontendRegistry(core.Sandbox())
    frontend, problem = registry.get('no_such_frontend_module')
    assert frontend is None and 'no_such_frontend_module' in problem
    frontend, problem = registry.get('broken_frontend')
    assert frontend is None and 'SyntaxError' in problem
    frontend, problem = registry.get('good_frontend')
    assert problem is None and frontend.sandbox is registry.sandbox
    assert registry.get('good_frontend')[0] is frontend  # loaded once


def test_frontend_errors_become_500_and_are_logged(tmp_path, monkeypatch):
    """A front-end that raises still produces an answer, and the request log records it."""
    sandbox = core.Sandbox()
    (tmp_path / 'raising_frontend.py').write_text(
        'class Frontend:\n'
        '    def __init__(self, sandbox):\n        pass\n'
        '    def handle(self, request):\n        raise RuntimeError("boom")\n')
    (tmp_path / 'echo_frontend.py').write_text(
        'import core\n'
        'class Frontend:\n'
        '    def __init__(self, sandbox):\n        self.sandbox = sandbox\n'
        '    def handle(self, request):\n'
        '        return core.Reply.json(201, {"path": request.path, "query": request.query,\n'
        '                               "body": request.body.decode(), "ua": request.headers.get("user-agent")},\n'
        '                               operation="400101", mutating=True)\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(server, 'FRONTENDS', (('/raise', 'raising_frontend', 'autodns', 'json'),
                                              ('/echo', 'echo_frontend', 'ssl247', 'json')))
    httpd = server.SandboxServer(('127.0.0.1', 0), sandbox)
    import threading
    thread = threading.Thread(target=httpd.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True)
    thread.start()
    try:
        base = 'http://127.0.0.1:%d' % httpd.server_address[1]
        response = requests.post(base + '/raise/x', timeout=10)
        assert response.status_code == 500 and 'boom' in response.json()['error']
        response = requests.post(base + '/echo/certificate/7?a=1&a=2', data=b'hello',
                                 headers={'User-Agent': 'ua-test'}, timeout=10)
        assert response.status_code == 201
        assert response.json() == {'path': '/certificate/7', 'query': {'a': '2'}, 'body': 'hello', 'ua': 'ua-test'}
        log = requests.get(base + '/_sandbox/requests', timeout=10).json()
        assert [(e['provider'], e['operation'], e['method'], e['path'], e['mutating'], e['status']) for e in log] == [
            ('autodns', None, 'POST', '/raise/x', False, 500),
            ('ssl247', '400101', 'POST', '/echo/certificate/7', True, 201)]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_all_methods_and_head_have_no_body(sandbox):
    head = sandbox.request('HEAD', '/_sandbox/clock')
    assert head.status_code == 200 and head.content == b''
    assert int(head.headers['Content-Length']) > 0
    assert sandbox.request('PATCH', '/_sandbox/clock').status_code == 404
    assert sandbox.request('PUT', '/_sandbox/clock').status_code == 404


def test_keep_alive_serves_several_requests_on_one_connection(sandbox):
    conn = http.client.HTTPConnection('127.0.0.1', sandbox.port, timeout=10)
    try:
        conn.request('POST', '/_sandbox/zones', body=json.dumps({'origin': 'keep.example'}),
                     headers={'Content-Type': 'application/json'})
        first = conn.getresponse()
        assert first.status == 200 and json.loads(first.read())['origin'] == 'keep.example'
        sock = conn.sock
        for _index in range(3):
            conn.request('GET', '/_sandbox/zones/keep.example')
            response = conn.getresponse()
            assert response.status == 200 and json.loads(response.read())['origin'] == 'keep.example'
            assert conn.sock is sock  # same TCP connection
    finally:
        conn.close()


def test_twenty_parallel_requests_are_all_answered(sandbox):
    def call(index):
        with requests.Session() as session:
            if index % 2:
                response = session.post(sandbox.url + '/_sandbox/zones', json={'origin': 'z%d.example' % index},
                                        timeout=30)
            else:
                response = session.get(sandbox.url + '/autodns/v1/hello?i=%d' % index, timeout=30)
            return index, response.status_code
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(call, range(20)))
    assert len(results) == 20
    assert all(status == 200 for index, status in results if index % 2)
    assert all(status in (200, 401, 501) for index, status in results if not index % 2)
    zones = sandbox.get('/_sandbox/zones').json()
    assert sorted(z['origin'] for z in zones) == sorted('z%d.example' % i for i in range(1, 20, 2))
    log = sandbox.get('/_sandbox/requests').json()
    assert len([e for e in log if e['provider'] == 'autodns']) == 10


def _self_signed(tmp_path):
    key = make_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'sandbox test')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(__import__('ipaddress').ip_address(
                '127.0.0.1'))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / 'tls.pem', tmp_path / 'tls.key'
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_tls(tmp_path, start_sandbox):
    cert_path, key_path = _self_signed(tmp_path)
    proc = start_sandbox('--tls-cert', cert_path, '--tls-key', key_path)
    assert proc.banner == 'sandbox listening on https://127.0.0.1:%d' % proc.port
    assert proc.get('/_sandbox/clock', verify=cert_path).status_code == 200
    try:
        requests.get('http://127.0.0.1:%d/_sandbox/clock' % proc.port, timeout=5)
    except requests.RequestException:
        pass  # plain HTTP on the TLS port must fail, and must not kill the server
    assert proc.get('/_sandbox/clock', verify=cert_path).status_code == 200


def test_state_survives_restart_and_certificates_still_verify(tmp_path, start_sandbox):
    state = str(tmp_path / 'state.json')
    # an order issued by the engine, written to the state file
    box = core.Sandbox(state_path=state)
    _key, csr = make_csr(['persist.example.com', 'www.persist.example.com'])
    order = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    box.tick()
    box.advance_clock(1 / 8640.0)
    box.tick()
    order = box.get_order(order['id'])
    assert order['status'] == 'issued'
    cert_id = order['certificate_id']

    first = start_sandbox('--state', state)
    dumped = first.get('/_sandbox/state').json()
    assert dumped['orders'][str(order['id'])]['status'] == 'issued'
    leaf = dumped['certificates'][str(cert_id)]['pem']
    assert first.post('/_sandbox/zones', json={'origin': 'after-start.example'}).status_code == 200
    assert first.post('/_sandbox/clock', json={'advance_days': 2}).status_code == 200
    pending = first.get('/_sandbox/state').json()
    ca_before = first.get('/_sandbox/ca.pem').text
    first.stop()

    second = start_sandbox('--state', state)
    dumped = second.get('/_sandbox/state').json()
    assert dumped['orders'][str(order['id'])] == pending['orders'][str(order['id'])]
    assert dumped['certificates'][str(cert_id)]['pem'] == leaf
    assert 'after-start.example' in dumped['zones']
    assert dumped['clock_offset_seconds'] == 2 * 86400.0 + 10  # 10 s from the in-test advance above
    assert second.get('/_sandbox/ca.pem').text == ca_before
    root, intermediate = split_pem(ca_before)
    rc, output = openssl_verify(tmp_path, root, intermediate, leaf)
    assert rc == 0, output
    # a job id handed out after the restart does not collide with the old ones
    assert core.Sandbox(state_path=state).new_id('job') > order['id']


def test_state_file_is_written_atomically_with_mode_0600(tmp_path, start_sandbox):
    state = tmp_path / 'state.json'
    proc = start_sandbox('--state', str(state))
    assert state.exists()
    assert os.stat(str(state)).st_mode & 0o777 == 0o600
    proc.post('/_sandbox/zones', json={'origin': 'atomic.example'})
    assert 'atomic.example' in json.loads(state.read_text())['zones']
    assert sorted(os.listdir(str(tmp_path))) == sorted(['state.json'] + [
        n for n in os.listdir(str(tmp_path)) if n.endswith('.log')])


def test_chunked_request_body_is_read(sandbox):
    def body():
        yield b'{"origin": '
        yield b'"chunked.example"}'
    response = sandbox.post('/_sandbox/zones', data=body())
    assert response.status_code == 200 and response.json()['origin'] == 'chunked.example'
    assert sandbox.get('/_sandbox/clock').status_code == 200  # the connection is still in sync
