# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The collection's exceptions.

Library code raises these; exactly one place (``_module/common.py``) turns them into
``fail_json``.  ``str(error)`` is always one line a person understands; it never contains
a credential.
"""


class CertopsError(Exception):
    """Base class.  ``code`` is the provider's message code (EF4001012, ...) when known."""

    def __init__(self, message, code=None, operation=None, http_status=None, provider=None, details=None):
        super(CertopsError, self).__init__(message)
        self.message = message
        self.code = code
        self.operation = operation
        self.http_status = http_status
        self.provider = provider
        self.details = details or {}

    def __str__(self):
        prefix = []
        if self.provider:
            prefix.append(self.provider)
        if self.operation:
            prefix.append(self.operation)
        text = self.message
        if prefix:
            text = '%s: %s' % (' '.join(prefix), text)
        extra = []
        if self.code:
            extra.append('code %s' % self.code)
        if self.http_status:
            extra.append('HTTP %s' % self.http_status)
        if extra:
            text = '%s (%s)' % (text, ', '.join(extra))
        return ' '.join(text.split())

    def to_result(self):
        """Structured fields that may be returned to the user next to ``msg``."""
        return dict(
            error_code=self.code,
            operation=self.operation or self.details.get('operation'),
            http_status=self.http_status,
            provider=self.provider or self.details.get('provider'),
            error_type=type(self).__name__,
        )


class ProviderError(CertopsError):
    """The provider answered with an error that has no more specific class."""


class AuthenticationError(CertopsError):
    """Wrong or missing credentials, or the account may not do this."""


class NotFoundError(CertopsError):
    """The object (certificate, job, contact, zone) does not exist (or no longer)."""


class InputError(CertopsError):
    """The input is invalid; raised before any call is made, or by the provider (EF01000)."""


class NotRenewableError(CertopsError):
    """The certificate cannot be renewed yet (AutoDNS EF4001012).  ``opens_on`` is an ISO date or None."""

    def __init__(self, message, opens_on=None, **kwargs):
        super(NotRenewableError, self).__init__(message, **kwargs)
        self.opens_on = opens_on


class InvalidContactError(CertopsError):
    """The administrative or technical contact is invalid (EF4001006 / EF4001010)."""


class RateLimitedError(CertopsError):
    """The provider kept answering 429 after the retries were spent."""


class MalformedResponseError(CertopsError):
    """The answer could not be understood: truncated JSON, broken XML, an HTML page, ..."""


class TransportError(CertopsError):
    """The request could not be delivered (DNS, connection refused, TLS, timeout)."""


class AmbiguousResultError(CertopsError):
    """A call that may have created an order or spent money failed in a way that leaves its
    outcome unknown.  The caller must look (list orders/jobs) before it orders again."""


class UnsupportedOperationError(CertopsError):
    """The provider has no such operation."""


class MissingDependencyError(CertopsError):
    """A Python library needed on this path is not installed."""

    def __init__(self, library, exception=None, **kwargs):
        super(MissingDependencyError, self).__init__('the Python library %s is required' % library, **kwargs)
        self.library = library
        self.exception = exception


class JobFailedError(CertopsError):
    """A job the caller waits for ended in failure or was cancelled."""


class WaitTimeoutError(CertopsError):
    """Waiting for a job or certificate ran out of time."""
