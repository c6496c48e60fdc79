# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""_http.py and TLS: ``ca_path`` / ``validate_certs`` win over REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE, and a
certificate that fails verification is refused at once, never retried (issue 8, item 8).  The real
HTTPS proof is tests/sandbox/test_tls.py."""


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import TransportError
from ansible_collections.certops.reseller.plugins.module_utils._http import (
    CertificateRejected,
    HttpClient,
    HttpResponse,
    NotSent,
    RequestsTransport,
)
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils.test_http import FakeClock


class Script(object):
    """Transport answering from a script: HttpResponse, an exception instance, or a (status,) tuple."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.calls = []

    def __call__(self, method, url, headers, body, timeout):
        self.calls.append(url)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return HttpResponse(step[0], {}, b'{}')


def client(transport):
    clock = FakeClock()
    return HttpClient('https://api.example.test/v1/', provider='autodns', transport=transport, sleep=clock.sleep,
                      clock=clock), clock


class _RecordingSession(object):
    """Stands in for requests.Session inside RequestsTransport: records the keyword arguments."""

    def __init__(self, exception=None):
        self.calls = []
        self.exception = exception

    def request(self, method, url, **kwargs):
        self.calls.append(kwargs)
        if self.exception is not None:
            raise self.exception

        class Answer(object):
            status_code = 200
            headers = {}
            content = b''
        return Answer()


@pytest.mark.parametrize('options, verify', [
    (dict(), True),
    (dict(ca_path='/etc/certops/ca.pem'), '/etc/certops/ca.pem'),
    (dict(validate_certs=False), False),
    (dict(validate_certs=False, ca_path='/etc/certops/ca.pem'), False),
])
def test_verify_is_passed_with_every_request(options, verify, monkeypatch):
    """requests' Session.merge_environment_settings replaces a session-level ``verify`` by
    REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE when trust_env is on; a per-request False or path is kept."""
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/nonexistent/bundle.pem')
    transport = RequestsTransport(**options)
    transport.session = _RecordingSession()
    transport('GET', 'https://api.example.test/v1/hello', {}, None, 5)
    assert transport.session.calls[0]['verify'] == verify


def test_requests_keeps_per_request_verify_over_the_environment(monkeypatch):
    """The behaviour of requests this relies on, checked on the installed version (no request is sent)."""
    import requests
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/nonexistent/bundle.pem')
    monkeypatch.setenv('CURL_CA_BUNDLE', '/nonexistent/bundle.pem')
    session = requests.Session()
    session.verify = False
    merged = session.merge_environment_settings('https://api.example.test/', {}, None, None, None)
    assert merged['verify'] == '/nonexistent/bundle.pem'    # the trap: session.verify is overridden
    for verify in (False, '/etc/certops/ca.pem'):
        assert session.merge_environment_settings('https://api.example.test/', {}, None, verify, None)['verify'] == verify


def test_certificate_failure_is_not_retried_and_says_what_to_do():
    transport = Script(CertificateRejected('certificate verify failed: self-signed certificate'), (200,))
    http, clock = client(transport)
    with pytest.raises(TransportError) as caught:
        http.request('GET', 'hello', 'hello')
    assert len(transport.calls) == 1 and clock.sleeps == []
    message = str(caught.value)
    assert 'the TLS certificate of https://api.example.test was not accepted' in message
    assert 'self-signed certificate' in message and 'ca_path' in message and 'validate_certs' in message


def test_ssl_error_markers_map_to_certificate_rejected():
    import requests
    transport = RequestsTransport()
    transport.session = _RecordingSession(requests.exceptions.SSLError(
        "HTTPSConnectionPool(host='127.0.0.1', port=1): Max retries exceeded (Caused by SSLError(SSLCertVerificationError"
        "(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)')))"))
    with pytest.raises(CertificateRejected) as caught:
        transport('GET', 'https://127.0.0.1:1/', {}, None, 5)
    assert str(caught.value) == 'certificate verify failed: self-signed certificate'
    transport.session = _RecordingSession(requests.exceptions.SSLError('EOF occurred in violation of protocol'))
    with pytest.raises(NotSent):
        transport('GET', 'https://127.0.0.1:1/', {}, None, 5)
