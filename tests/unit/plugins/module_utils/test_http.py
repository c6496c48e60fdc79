# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""_http.HttpClient: retries, Retry-After, bounds, and never repeating a call that may have spent money."""


import base64
import datetime
import email.utils

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    MalformedResponseError,
    RateLimitedError,
    TransportError,
)
from ansible_collections.certops.reseller.plugins.module_utils import _http
from ansible_collections.certops.reseller.plugins.module_utils._http import (
    USER_AGENT,
    HttpClient,
    HttpResponse,
    NotSent,
    Unreachable,
    parse_retry_after,
)


class Script(object):
    """Transport answering from a script: HttpResponse, an exception instance, or a (status, headers) pair."""

    def __init__(self, *steps, **kwargs):
        self.steps = list(steps)
        self.repeat_last = kwargs.get('repeat_last', False)
        self.calls = []

    def __call__(self, method, url, headers, body, timeout):
        self.calls.append(dict(method=method, url=url, headers=dict(headers), body=body, timeout=timeout))
        step = self.steps[0] if (self.repeat_last and len(self.steps) == 1) else self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        if isinstance(step, tuple):
            return HttpResponse(step[0], step[1] if len(step) > 1 else {}, b'{}')
        return step


class FakeClock(object):
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def client(transport, **kwargs):
    clock = FakeClock()
    values = dict(provider='autodns', transport=transport, sleep=clock.sleep, clock=clock)
    values.update(kwargs)
    return HttpClient('https://api.example.test/v1/', **values), clock


def test_headers_auth_url_and_body_encoding():
    transport = Script((200,))
    http, dummy = client(transport, auth=('user', 'pa:ss'), headers={'X-Domainrobot-Context': '4'}, timeout=12)
    response = http.request('POST', '/certificate/_search', 'certificate list', body='{"ä": 1}', headers={'Accept': 'application/json'})
    call = transport.calls[0]
    assert response.status == 200 and http.calls == 1
    assert call['url'] == 'https://api.example.test/v1/certificate/_search' and call['timeout'] == 12
    assert call['headers']['User-Agent'] == USER_AGENT
    assert call['headers']['Authorization'] == 'Basic ' + base64.b64encode('user:pa:ss'.encode()).decode()
    assert call['headers']['X-Domainrobot-Context'] == '4' and call['headers']['Accept'] == 'application/json'
    assert call['body'] == '{"ä": 1}'.encode('utf-8')


def test_client_errors_are_returned_not_retried():
    transport = Script((404,))
    http, clock = client(transport)
    assert http.request('GET', '/x', 'op').status == 404
    assert len(transport.calls) == 1 and clock.sleeps == []


@pytest.mark.parametrize('status', [502, 503, 504])
def test_read_retried_on_gateway_errors_with_backoff(status):
    transport = Script((status,), (status,), (200,))
    http, clock = client(transport, backoff_base=1.0)
    assert http.request('GET', '/x', 'op').status == 200
    assert len(transport.calls) == 3 and clock.sleeps == [1.0, 2.0]


def test_retry_after_seconds_is_honoured():
    transport = Script((429, {'Retry-After': '7'}), (200,))
    http, clock = client(transport)
    assert http.request('GET', '/x', 'op').status == 200
    assert clock.sleeps == [7.0]


def test_retry_after_http_date_is_honoured():
    when = email.utils.formatdate(timeval=__import__('time').time() + 20, usegmt=True)
    transport = Script((503, {'Retry-After': when}), (200,))
    http, clock = client(transport)
    http.request('GET', '/x', 'op')
    assert 15 <= clock.sleeps[0] <= 21


def test_parse_retry_after():
    assert parse_retry_after('12') == 12.0
    assert parse_retry_after(None) is None
    assert parse_retry_after('soon') is None
    assert parse_retry_after('Wed, 21 Oct 2015 07:28:00 GMT', now=1445412470.0) == 10.0
    assert parse_retry_after('Wed, 21 Oct 2015 07:28:00 GMT', now=1445412490.0) == 0.0


def test_backoff_is_capped():
    transport = Script(NotSent('refused'), NotSent('refused'), NotSent('refused'), (200,))
    http, clock = client(transport, backoff_base=4.0, backoff_max=5.0)
    assert http.request('GET', '/x', 'op').status == 200
    assert clock.sleeps == [4.0, 5.0, 5.0]


def test_read_retries_are_bounded_in_count():
    transport = Script((503,), repeat_last=True)
    http, clock = client(transport, max_retries=2)
    assert http.request('GET', '/x', 'op').status == 503   # the last answer is handed back for the caller to read
    assert len(transport.calls) == 3 and len(clock.sleeps) == 2


def test_rate_limit_that_never_ends():
    transport = Script((429,), repeat_last=True)
    http, dummy = client(transport, max_retries=3)
    with pytest.raises(RateLimitedError) as exc:
        http.request('GET', '/x', 'job list (300115)')
    assert exc.value.http_status == 429 and exc.value.operation == 'job list (300115)'
    assert len(transport.calls) == 4


def test_retry_after_beyond_the_time_budget_stops_at_once():
    transport = Script((429, {'Retry-After': '1000'}), (200,))
    http, clock = client(transport, max_retry_time=120)
    with pytest.raises(RateLimitedError):
        http.request('GET', '/x', 'op')
    assert len(transport.calls) == 1 and clock.sleeps == []


def test_unreachable_read_is_retried_then_transport_error():
    transport = Script(Unreachable('reset by peer'), repeat_last=True)
    http, dummy = client(transport, max_retries=2)
    with pytest.raises(TransportError) as exc:
        http.request('GET', '/x', 'hello')
    assert len(transport.calls) == 3 and '3 attempts' in str(exc.value) and 'reset by peer' in str(exc.value)


@pytest.mark.parametrize('status', [500, 502, 503, 504])
def test_mutating_never_retried_after_server_errors(status):
    transport = Script((status,), (200,))
    http, clock = client(transport)
    if status == 500:   # not a retry status: handed back, the caller reads the error envelope
        assert http.request('POST', '/certificate', 'certificate create (400101)', mutating=True).status == 500
    else:
        with pytest.raises(AmbiguousResultError) as exc:
            http.request('POST', '/certificate', 'certificate create (400101)', mutating=True)
        assert exc.value.http_status == status and 'certificate create (400101)' in str(exc.value)
    assert len(transport.calls) == 1 and clock.sleeps == []


def test_mutating_unreachable_is_ambiguous_and_sent_once():
    transport = Script(Unreachable('read timed out'), (200,))
    http, dummy = client(transport, auth=('user', 'topsecret'))
    with pytest.raises(AmbiguousResultError) as exc:
        http.request('PUT', '/certificate/1/_renew', 'certificate renew (400106)', mutating=True)
    assert len(transport.calls) == 1 and 'topsecret' not in str(exc.value)


def test_mutating_retried_when_provably_not_sent_or_rate_limited():
    transport = Script(NotSent('connection refused'), (429, {'Retry-After': '1'}), (200,))
    http, clock = client(transport)
    assert http.request('POST', '/certificate', 'certificate create (400101)', mutating=True).status == 200
    assert len(transport.calls) == 3 and len(clock.sleeps) == 2


def test_mutating_not_sent_every_time_is_a_transport_error():
    transport = Script(NotSent('connection refused'), repeat_last=True)
    http, dummy = client(transport, max_retries=1)
    with pytest.raises(TransportError):
        http.request('POST', '/certificate', 'op', mutating=True)
    assert len(transport.calls) == 2


def test_response_helpers():
    response = HttpResponse(200, {'Content-Type': 'Application/JSON; charset=utf-8', 'X-A': 'b'}, 'ü')
    assert response.content_type == 'application/json' and response.header('x-a') == 'b'
    assert response.body == 'ü'.encode('utf-8') and response.text == 'ü'
    assert HttpResponse(204).body == b'' and HttpResponse(204).content_type == ''


def test_ca_path_wins_over_requests_ca_bundle_in_the_environment(monkeypatch, tmp_path):
    """requests lets REQUESTS_CA_BUNDLE override Session.verify; the transport passes verify per request."""
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('not used\n')
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/nonexistent/env-bundle.pem')
    seen = {}

    def fake_send(self, request, **kwargs):
        seen['verify'] = kwargs.get('verify')
        raise _http.requests.exceptions.ConnectTimeout('stop here')
    monkeypatch.setattr(_http.requests.Session, 'send', fake_send)
    for transport, expected in ((_http.RequestsTransport(ca_path=str(bundle)), str(bundle)),
                                (_http.RequestsTransport(validate_certs=False, ca_path=str(bundle)), False),
                                (_http.RequestsTransport(), '/nonexistent/env-bundle.pem')):
        with pytest.raises(_http.NotSent):
            transport('GET', 'https://api.example.test/x', {}, None, 5)
        assert seen['verify'] == expected


def _strict_json(response):
    """A parser as the providers have them: a spoiled body is MalformedResponseError."""
    if not response.body.startswith(b'{'):
        raise MalformedResponseError('the answer is not JSON', operation='op', http_status=response.status)
    return response.body


SPOILED = HttpResponse(200, {'Content-Type': 'text/html'}, b'<html>proxy error</html>')
GOOD = HttpResponse(200, {'Content-Type': 'application/json'}, b'{"ok": 1}')


def test_spoiled_answer_to_a_read_is_read_again():
    """A read changes nothing: a truncated or HTML answer with status 200 is asked for again, with backoff."""
    transport = Script(SPOILED, GOOD)
    http, clock = client(transport, backoff_base=1.0)
    response, parsed = http.send_and_parse('POST', '/certificate/_search', 'certificate list', _strict_json)
    assert parsed == b'{"ok": 1}' and response.status == 200
    assert len(transport.calls) == 2 and clock.sleeps == [1.0]


def test_spoiled_answers_to_a_read_are_bounded_then_the_parsers_sentence_stands():
    transport = Script(SPOILED, repeat_last=True)
    http, clock = client(transport, backoff_base=1.0)
    with pytest.raises(MalformedResponseError, match='not JSON'):
        http.send_and_parse('POST', '/x', 'op', _strict_json)
    assert len(transport.calls) == 1 + _http.SPOILED_READ_RETRIES and clock.sleeps == [1.0, 2.0]


def test_spoiled_answer_to_a_write_is_never_sent_again():
    transport = Script(SPOILED, GOOD)
    http, clock = client(transport)
    with pytest.raises(MalformedResponseError):
        http.send_and_parse('POST', '/certificate', 'certificate create', _strict_json, mutating=True)
    assert len(transport.calls) == 1 and clock.sleeps == []


def test_spoiled_error_status_is_not_read_again():
    """An error status already had its retries in request(); its unreadable body is not a reason for more."""
    transport = Script(HttpResponse(500, {}, b'<html>500</html>'), GOOD)
    http, dummy = client(transport)
    with pytest.raises(MalformedResponseError):
        http.send_and_parse('POST', '/x', 'op', _strict_json)
    assert len(transport.calls) == 1


def test_server_clock_follows_the_date_header():
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=300)

    def inner(method, url, headers, body, timeout):
        return _http.HttpResponse(200, {'Date': email.utils.format_datetime(later, usegmt=True)}, b'{}')

    transport = _http.ServerClockTransport(inner)
    assert abs((transport.now() - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 2
    transport('GET', 'http://x', {}, None, 5)
    assert abs((transport.now() - later).total_seconds()) < 5

    class P(object):
        pass
    provider = P()
    provider.http = P()
    provider.http.transport = transport
    assert abs((_http.server_now(provider) - later).total_seconds()) < 5
    provider.http.transport = inner
    assert _http.server_now(provider) < later - datetime.timedelta(days=299)


def test_server_clock_ignores_missing_or_bad_dates():
    transport = _http.ServerClockTransport(lambda *a: _http.HttpResponse(200, {'Date': 'yesterday-ish'}, b''))
    transport('GET', 'http://x', {}, None, 5)
    assert transport.offset is None
