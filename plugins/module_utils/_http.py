# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The one place that sends requests.

``HttpClient.request`` owns timeouts, TLS verification, the User-Agent, default headers and
retries.  Reads (``mutating=False``) are retried on connection errors, 429, 502, 503 and 504
with exponential backoff that honours ``Retry-After``, bounded in count and total time; a TLS
certificate that fails verification is never retried.  A
mutating call (any write: an order, a renewal, a reissue, a cancel, a contact or zone change)
is retried only when the provider provably did not act on it (429, or the connection was never
made); any other failure raises ``AmbiguousResultError`` so that the caller looks before it
writes again.  ``HttpClient.send_and_parse`` also sends a *read* again when its 2xx answer arrives
spoiled (truncated, not JSON or XML, an HTML page: the parser's ``MalformedResponseError``), at most
``SPOILED_READ_RETRIES`` times; a write never.  Every request, retries included, first waits for its slot at the ``pacer``
(``_lock.Pacer``) shared by all processes that talk to the same provider account.

Unit tests replace the ``transport`` (a callable) or the whole ``HttpClient``; they never
patch ``requests``.
"""


import datetime
import email.utils
import re
import time

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised only without requests
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    MalformedResponseError,
    MissingDependencyError,
    RateLimitedError,
    TransportError,
)

COLLECTION_VERSION = '0.1.0'
USER_AGENT = 'certops.reseller/%s (+https://github.com/certops/reseller)' % COLLECTION_VERSION

RETRY_STATUSES = (429, 502, 503, 504)
SPOILED_READ_RETRIES = 2   # a read whose 2xx answer arrived spoiled is sent again at most this often


class HttpResponse(object):
    """What a transport returns: status, headers (case-insensitive lookups via ``header``), body bytes."""

    def __init__(self, status, headers=None, body=b''):
        self.status = int(status)
        self.headers = dict((k.lower(), v) for k, v in (headers or {}).items())
        self.body = body if isinstance(body, bytes) else (body or '').encode('utf-8')

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    @property
    def content_type(self):
        return (self.header('content-type') or '').split(';')[0].strip().lower()

    @property
    def text(self):
        return self.body.decode('utf-8', errors='replace')


class NotSent(Exception):
    """Raised by a transport when the request certainly never reached the server."""


class Unreachable(Exception):
    """Raised by a transport when the request may or may not have reached the server."""


class CertificateRejected(Exception):
    """Raised by a transport when the server's TLS certificate failed verification: nothing was
    sent, and repeating the request cannot help (the certificate will not change in seconds)."""


# Texts OpenSSL / urllib3 use for a certificate that failed verification (not for a transient
# handshake failure, which may be retried).
_CERTIFICATE_FAILURE_MARKERS = (
    'CERTIFICATE_VERIFY_FAILED', 'certificate verify failed', "doesn't match", 'hostname mismatch',
    'self signed certificate', 'self-signed certificate', 'unable to get local issuer certificate')


class RequestsTransport(object):
    """The production transport on one ``requests.Session``."""

    def __init__(self, validate_certs=True, ca_path=None):
        if not HAS_REQUESTS:
            raise MissingDependencyError('requests', exception=REQUESTS_IMPORT_ERROR)
        self.session = requests.Session()
        self.verify = (ca_path or True) if validate_certs else False
        self.session.verify = self.verify

    def __call__(self, method, url, headers, body, timeout):
        try:
            # verify per request: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a Session's
            # verify, which would silently ignore ca_path wherever those variables are set.
            response = self.session.request(method, url, headers=headers, data=body, timeout=timeout,
                                            allow_redirects=False, verify=self.verify)
        except (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError, requests.exceptions.InvalidURL,
                requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema) as exc:
            raise _not_sent(exc)
        except requests.exceptions.ConnectionError as exc:
            # Connection refused / name resolution fail before sending are the common case,
            # but requests cannot tell them apart from a reset after sending.
            if _looks_unsent(exc):
                raise NotSent(_describe(exc))
            raise Unreachable(_describe(exc))
        except requests.exceptions.RequestException as exc:
            raise Unreachable(_describe(exc))
        return HttpResponse(response.status_code, dict(response.headers), response.content)


def _not_sent(exc):
    """NotSent, or CertificateRejected when the server's certificate failed verification (never retried)."""
    if isinstance(exc, requests.exceptions.SSLError) and any(
            marker in str(exc) for marker in _CERTIFICATE_FAILURE_MARKERS):
        return CertificateRejected(_certificate_reason(exc))
    return NotSent(_describe(exc))


def _looks_unsent(exc):
    text = repr(exc)
    return any(marker in text for marker in (
        'NewConnectionError', 'Connection refused', 'Name or service not known',
        'nodename nor servname', 'Failed to resolve', 'No route to host', 'getaddrinfo'))


_OPENSSL_LOCATION = re.compile(r'\s*\(_ssl\.c:\d+\)')


def _certificate_reason(exc):
    """The OpenSSL reason of a verification failure ("self-signed certificate", ...), short."""
    text = _OPENSSL_LOCATION.sub('', str(exc))
    for pattern in ('certificate verify failed: ', "doesn't match "):
        index = text.find(pattern)
        if index >= 0:
            return text[index:].split(')')[0].split("'")[0].split('"')[0].rstrip(' (_.,')
    return _describe(exc)


def _describe(exc):
    """A short reason without URLs' credentials (requests never puts Basic auth in messages)."""
    text = str(exc)
    if len(text) > 300:
        text = text[:300] + '...'
    return '%s: %s' % (type(exc).__name__, text)


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    value = str(value).strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = now if now is not None else time.time()
    return max(0.0, when.timestamp() - now)


def _origin(url):
    """``https://host:port`` of a URL (never its path, query or user info)."""
    scheme, dummy, rest = str(url).partition('://')
    host = rest.split('/')[0].split('@')[-1]
    return '%s://%s' % (scheme, host) if rest else str(url)


class HttpClient(object):
    def __init__(self, base_url, provider='provider', timeout=30, validate_certs=True, ca_path=None,
                 headers=None, auth=None, max_retries=4, backoff_base=1.0, backoff_max=30.0,
                 max_retry_time=120.0, transport=None, sleep=time.sleep, clock=time.monotonic, pacer=None):
        self.base_url = (base_url or '').rstrip('/')
        self.provider = provider
        self.timeout = timeout
        self.default_headers = {'User-Agent': USER_AGENT}
        self.default_headers.update(headers or {})
        self.auth = auth  # (user, password) for HTTP Basic, or None
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_time = max_retry_time
        self.transport = transport or RequestsTransport(validate_certs=validate_certs, ca_path=ca_path)
        self.sleep = sleep
        self.clock = clock
        self.pacer = pacer  # None, or an object whose wait() blocks until this request may start
        self.calls = 0   # requests actually handed to the transport (for tests and benchmarks)

    def url(self, path):
        if not path:
            return self.base_url
        if path.startswith('http://') or path.startswith('https://'):
            return path
        return '%s/%s' % (self.base_url, path.lstrip('/'))

    def _headers(self, extra):
        headers = dict(self.default_headers)
        headers.update(extra or {})
        if self.auth:
            import base64
            token = base64.b64encode(('%s:%s' % self.auth).encode('utf-8')).decode('ascii')
            headers['Authorization'] = 'Basic %s' % token
        return headers

    def _backoff(self, attempt):
        """Seconds to wait after the ``attempt``-th try: exponential, capped at ``backoff_max``."""
        return min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))

    def send_and_parse(self, method, path, operation, parse, body=None, headers=None, mutating=False):
        """request() and then ``parse(response)``; -> (response, parsed).

        A read whose 2xx answer ``parse`` rejects as spoiled (MalformedResponseError) is sent again, at most
        SPOILED_READ_RETRIES times with backoff: a read changes nothing, and a proxy or a cut connection may spoil one
        answer.  A write, or an error status, is never sent again here: the parser's sentence stands.
        """
        attempt = 0
        while True:
            attempt += 1
            response = self.request(method, path, operation, body=body, headers=headers, mutating=mutating)
            try:
                return response, parse(response)
            except MalformedResponseError:
                if mutating or not 200 <= response.status < 300 or attempt > SPOILED_READ_RETRIES:
                    raise
            self.sleep(self._backoff(attempt))

    def request(self, method, path, operation, body=None, headers=None, mutating=False):
        """Send one request; returns HttpResponse for ANY status (callers interpret errors).

        ``operation`` names the call in messages ("certificate create (400101)").
        ``body`` is bytes/str (already encoded by the caller).
        Raises TransportError, RateLimitedError or AmbiguousResultError.
        """
        url = self.url(path)
        if isinstance(body, str):
            body = body.encode('utf-8')
        all_headers = self._headers(headers)
        started = self.clock()
        attempt = 0
        while True:
            attempt += 1
            reason = None
            retry_after = None
            try:
                if self.pacer is not None:
                    self.pacer.wait()
                self.calls += 1
                response = self.transport(method, url, all_headers, body, self.timeout)
            except CertificateRejected as exc:
                raise TransportError(
                    'the TLS certificate of %s was not accepted (%s); set ca_path to the CA certificate that '
                    'signed it, or validate_certs to false for a test system' % (_origin(url), exc),
                    operation=operation, provider=self.provider)
            except NotSent as exc:
                reason = 'could not connect (%s)' % exc
                response = None
            except Unreachable as exc:
                if mutating:
                    raise AmbiguousResultError(
                        'the request failed after it may have reached the provider (%s); it was not repeated '
                        'because it may have changed something at the provider - look before trying again' % exc,
                        operation=operation, provider=self.provider)
                reason = 'connection failed (%s)' % exc
                response = None
            if response is not None:
                if response.status not in RETRY_STATUSES:
                    return response
                if mutating and response.status != 429:
                    raise AmbiguousResultError(
                        'the provider answered HTTP %s; the request was not repeated because it may have '
                        'changed something at the provider - look before trying again' % response.status,
                        operation=operation, provider=self.provider, http_status=response.status)
                reason = 'HTTP %s' % response.status
                retry_after = parse_retry_after(response.header('retry-after'))
            delay = self._backoff(attempt)
            if retry_after is not None:
                delay = max(delay, retry_after)
            elapsed = self.clock() - started
            if attempt > self.max_retries or elapsed + delay > self.max_retry_time:
                if response is not None and response.status == 429:
                    raise RateLimitedError(
                        'the provider kept rate-limiting the requests (HTTP 429) after %d attempts' % attempt,
                        operation=operation, provider=self.provider, http_status=429)
                if response is not None:
                    return response
                raise TransportError('%s after %d attempts' % (reason, attempt), operation=operation,
                                     provider=self.provider)
            self.sleep(delay)


class ServerClockTransport(object):
    """Wraps an HTTP transport and remembers the provider's clock from the ``Date`` header.

    Certificate expiry (``days_remaining``, renewal due dates) is judged against the provider's
    clock when it tells one, so that a skewed local clock - or a test system whose clock runs
    ahead - does not make a renewal come too early or too late.
    """

    def __init__(self, inner):
        self.inner = inner
        self.offset = None   # server time minus local time, as a timedelta

    def __call__(self, method, url, headers, body, timeout):
        response = self.inner(method, url, headers, body, timeout)
        value = response.header('date') if hasattr(response, 'header') else None
        if value:
            try:
                server = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                server = None
            if server is not None:
                if server.tzinfo is None:
                    server = server.replace(tzinfo=datetime.timezone.utc)
                self.offset = server - datetime.datetime.now(datetime.timezone.utc)
        return response

    def now(self):
        now = datetime.datetime.now(datetime.timezone.utc)
        if self.offset is not None and abs(self.offset.total_seconds()) >= 2:
            # The Date header has one-second resolution; ignore the rounding noise.
            now = now + self.offset
        return now


def server_now(provider):
    """The current time as the provider sees it (its last ``Date`` header), else the local UTC time."""
    transport = getattr(getattr(provider, 'http', None), 'transport', None)
    if isinstance(transport, ServerClockTransport):
        return transport.now()
    return datetime.datetime.now(datetime.timezone.utc)
