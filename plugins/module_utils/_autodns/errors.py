# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""AutoDNS answers that report an error: the JSON envelope (or the XML gateway's result translated into
it) turned into the collection's exceptions, and the renewal window a refused renewal names."""


import datetime
import re

from ansible_collections.certops.reseller.plugins.module_utils._autodns.convert import (
    PROVIDER,
    RENEW_WINDOW_DAYS,
    _as_list,
    _text,
)
from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AuthenticationError,
    CertopsError,
    InputError,
    InvalidContactError,
    NotFoundError,
    NotRenewableError,
    ProviderError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import parse_datetime

AUTH_CODES = ('E0101', 'EF01001')
NOT_FOUND_CODES = ('EF300101', 'EF4002001', 'EF4001001', 'EF03014', 'E0304')
INPUT_CODES = ('EF01000', 'E01000', 'E4001012')
CONTACT_CODES = ('EF4001006', 'EF4001010')
NOT_RENEWABLE_CODE = 'EF4001012'


def envelope_messages(envelope):
    """``envelope['messages']`` as a list of dicts (empty when absent)."""
    return [m for m in _as_list((envelope or {}).get('messages')) if isinstance(m, dict)]


def is_error_envelope(envelope, http_status=None):
    """True when the answer reports an error: HTTP >= 400 or ``status.type`` ERROR (any case)."""
    if http_status is not None and int(http_status) >= 400:
        return True
    status = (envelope or {}).get('status') or {}
    return str(status.get('type') or '').upper() == 'ERROR'


_DATE_IN_TEXT = re.compile(r'(\d{4}-\d{2}-\d{2})|(\d{2})\.(\d{2})\.(\d{4})')


def _date_in_text(text):
    """First date in a message text (``2026-01-31`` or ``31.01.2026``) as ``YYYY-MM-DD``, or None."""
    match = _DATE_IN_TEXT.search(text or '')
    if not match:
        return None
    if match.group(1):
        return match.group(1)
    return '%s-%s-%s' % (match.group(4), match.group(3), match.group(2))


def error_from_envelope(envelope, http_status=None, operation=None, provider=PROVIDER):
    """The collection exception for an AutoDNS error answer (it is returned, not raised).

    ``envelope``: ``{status: {code, text, type}, messages: [{code, text, status, objects}]}`` - the
    JSON envelope or the XML client's translation of ``<result>`` (``msg`` -> ``messages``).
    The code and text come from ``messages[0]`` (the detailed EF... code), else from ``status``.
    Mapping: HTTP 401/403 or E0101/EF01001 -> AuthenticationError; EF4001012 -> NotRenewableError
    (``opens_on`` when the text carries a date); EF4001006/EF4001010 -> InvalidContactError;
    HTTP 404 or EF300101/EF4002001/EF4001001/EF03014 -> NotFoundError; EF01000 (status E01000 or
    E4001012) -> InputError; anything else -> ProviderError.
    """
    envelope = envelope or {}
    status = envelope.get('status') or {}
    messages = envelope_messages(envelope)
    first = messages[0] if messages else {}
    code = _text(first.get('code')) or _text(status.get('code'))
    status_code = _text(status.get('code'))
    text = first.get('text') or status.get('text') or 'the provider reported an error without a message'
    objects = [o for o in _as_list(first.get('objects')) if isinstance(o, dict)]
    if objects:
        named = ', '.join('%s %s' % (o.get('type'), o.get('value')) for o in objects if o.get('value') is not None)
        if named and named not in text:
            text = '%s [%s]' % (text, named)
    kwargs = dict(code=code, operation=operation, http_status=http_status, provider=provider,
                  details=dict(status_code=status_code, messages=messages))
    codes = set(c for c in (code, status_code) if c)
    if (http_status in (401, 403)) or codes & set(AUTH_CODES):
        return AuthenticationError(text, **kwargs)
    if code == NOT_RENEWABLE_CODE:
        opens_on = _date_in_text(text)
        return NotRenewableError(text, opens_on=opens_on, **kwargs)
    if codes & set(CONTACT_CODES):
        return InvalidContactError(text, **kwargs)
    if http_status == 404 or codes & set(NOT_FOUND_CODES):
        return NotFoundError(text, **kwargs)
    if codes & set(INPUT_CODES):
        return InputError(text, **kwargs)
    return ProviderError(text, **kwargs)


def raise_for_envelope(envelope, http_status=None, operation=None, provider=PROVIDER):
    """Raise ``error_from_envelope(...)`` when ``is_error_envelope(...)``; return the envelope otherwise."""
    if is_error_envelope(envelope, http_status):
        raise error_from_envelope(envelope, http_status=http_status, operation=operation, provider=provider)
    return envelope


def explain_renew_window(error, read_certificate):
    """Complete an EF4001012 NotRenewableError with the date renewal opens.

    ``read_certificate`` is a callable returning the Certificate (one read); when the error already
    knows the date, or the read fails, the error is left as it is.
    """
    if error.opens_on:
        return
    try:
        certificate = read_certificate()
    except CertopsError:
        return
    expiry = parse_datetime(certificate.not_after) if certificate.not_after else None
    if expiry is None:
        return
    opens = expiry - datetime.timedelta(days=RENEW_WINDOW_DAYS)
    error.opens_on = opens.strftime('%Y-%m-%d')
    error.message = '%s Renewal opens on %s (%d days before the expiry on %s).' % (
        error.message.rstrip(), error.opens_on, RENEW_WINDOW_DAYS, expiry.strftime('%Y-%m-%d'))
    error.args = (error.message,)
