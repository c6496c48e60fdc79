# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""TLS options against a real HTTPS sandbox with a self-signed certificate, with REQUESTS_CA_BUNDLE and
CURL_CA_BUNDLE set (as on corporate machines and on these test machines).

requests lets those variables replace a session-level ``verify``; the client passes ``verify`` with
every request so that ``ca_path`` and ``validate_certs: false`` still take effect, and a certificate
that fails verification is refused at once (never retried) with one sentence.
"""

import datetime
import os
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
from ansible_collections.certops.reseller.plugins.module_utils._errors import TransportError


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u'127.0.0.1')])
    now = datetime.datetime.now(datetime.timezone.utc)
    import ipaddress
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(u'127.0.0.1'))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path = tmp_path / 'server.pem'
    key_path = tmp_path / 'server.key'
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def https_sandbox(tmp_path, start_sandbox, monkeypatch):
    cert, key = _self_signed(tmp_path)
    # A bundle that does NOT contain the sandbox's certificate: what a corporate machine has set.
    bundle = os.environ.get('REQUESTS_CA_BUNDLE') or os.environ.get('CURL_CA_BUNDLE')
    if not bundle or not os.path.exists(bundle):
        import certifi
        bundle = certifi.where()
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', bundle)
    monkeypatch.setenv('CURL_CA_BUNDLE', bundle)
    proc = start_sandbox('--tls-cert', cert, '--tls-key', key)
    assert proc.scheme == 'https'
    return proc, cert


def _provider(proc, **options):
    settings = ConnectionSettings(provider='autodns', api_url=proc.url + '/autodns/v1', username='sandbox',
                                  password='sandbox', context=4, timeout=10, **options)
    return create_provider(settings)


def test_self_signed_sandbox_is_refused_by_default_quickly_in_one_sentence(https_sandbox):
    proc, dummy = https_sandbox
    provider = _provider(proc)
    started = time.monotonic()
    with pytest.raises(TransportError) as caught:
        provider.check_connection()
    elapsed = time.monotonic() - started
    message = str(caught.value)
    print('refused in %.2f s: %s' % (elapsed, message))
    assert elapsed < 5, 'a certificate failure must not be retried (took %.1f s)' % elapsed
    assert provider.http.calls == 1
    assert 'TLS certificate of https://127.0.0.1:%d was not accepted' % proc.port in message
    assert 'self-signed certificate' in message or 'self signed certificate' in message
    assert 'ca_path' in message and 'validate_certs' in message
    assert message.count('. ') == 0 and '\n' not in message
    # nothing reached the provider's API
    log = proc.get('/_sandbox/requests?provider=autodns', verify=False).json()
    assert log == []


def test_ca_path_is_used_although_requests_ca_bundle_is_set(https_sandbox):
    proc, cert = https_sandbox
    provider = _provider(proc, ca_path=cert)
    answer = provider.check_connection()
    assert answer['code'] == 'S0001' or answer['stid']


def test_validate_certs_false_is_used_although_requests_ca_bundle_is_set(https_sandbox):
    proc, dummy = https_sandbox
    provider = _provider(proc, validate_certs=False)
    answer = provider.check_connection()
    assert answer['stid']
