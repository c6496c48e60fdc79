# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Reading CSRs and certificates: the names they carry, the public key's fingerprint, validity.

Used before any paid call (a CSR that does not parse or names that do not match are refused
without calling the provider) and to notice drift (an issued certificate whose key or names
differ from what the task asks for).  Needs ``cryptography``; without it the functions raise
MissingDependencyError, turned into ``missing_required_lib`` by ``_module/common.py``.
"""


import binascii
import datetime
import hashlib

from dataclasses import dataclass, field
from typing import List, Optional

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised only without cryptography
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = exc

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError, MissingDependencyError
# normalize_name lives in _names; it is imported from here too, by the code that reads certificates
from ansible_collections.certops.reseller.plugins.module_utils._names import normalize_name


@dataclass
class X509Info:
    """What a CSR or certificate says.  ``names``: common name first, then the other DNS names, lower case."""
    common_name: Optional[str] = None
    names: List[str] = field(default_factory=list)
    public_key_fingerprint: Optional[str] = None
    not_before: Optional[str] = None      # certificates only, ISO 8601 UTC
    not_after: Optional[str] = None
    serial_number: Optional[str] = None
    signature_valid: Optional[bool] = None  # CSRs only

    @property
    def name_set(self):
        return set(self.names)


def _require():
    if not HAS_CRYPTOGRAPHY:
        raise MissingDependencyError('cryptography', exception=CRYPTOGRAPHY_IMPORT_ERROR)


def _as_bytes(pem):
    if isinstance(pem, bytes):
        return pem
    return (pem or '').strip().encode('utf-8') + b'\n'


def _common_name(subject):
    attributes = subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not attributes:
        return None
    value = attributes[0].value
    if isinstance(value, bytes):
        value = value.decode('utf-8', 'replace')
    return normalize_name(value)


def _names(common_name, extensions):
    names = [common_name] if common_name else []
    try:
        san = extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        san = None
    if san is not None:
        for name in san.value.get_values_for_type(x509.DNSName):
            name = normalize_name(name)
            if name and name not in names:
                names.append(name)
    return names


def public_key_fingerprint(public_key):
    """SHA-256 over the DER SubjectPublicKeyInfo, as colon-separated lower-case hex."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = hashlib.sha256(der).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


def _iso(value):
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def parse_csr(pem):
    """PEM CSR -> X509Info.  Raises InputError when it is not a CSR, MissingDependencyError without cryptography."""
    _require()
    if not pem or not str(pem if not isinstance(pem, bytes) else pem.decode('utf-8', 'replace')).strip():
        raise InputError('csr is empty')
    try:
        csr = x509.load_pem_x509_csr(_as_bytes(pem))
        common_name = _common_name(csr.subject)
        names = _names(common_name, csr.extensions)
        fingerprint = public_key_fingerprint(csr.public_key())
        signature_valid = csr.is_signature_valid
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InputError('csr is not a valid PEM certificate signing request (%s)' % _short(exc))
    if not signature_valid:
        raise InputError('csr has an invalid signature')
    if not names:
        raise InputError('csr contains neither a common name nor a DNS subject alternative name')
    return X509Info(common_name=common_name, names=names, public_key_fingerprint=fingerprint,
                    signature_valid=signature_valid)


def parse_certificate(pem):
    """PEM certificate (the first one when several are concatenated) -> X509Info.  Raises InputError."""
    _require()
    text = pem.decode('utf-8', 'replace') if isinstance(pem, bytes) else (pem or '')
    end_marker = '-----END CERTIFICATE-----'
    if end_marker in text:
        text = text[:text.index(end_marker) + len(end_marker)]
    try:
        cert = x509.load_pem_x509_certificate(_as_bytes(text))
        common_name = _common_name(cert.subject)
        names = _names(common_name, cert.extensions)
        fingerprint = public_key_fingerprint(cert.public_key())
        not_before = getattr(cert, 'not_valid_before_utc', None) or cert.not_valid_before
        not_after = getattr(cert, 'not_valid_after_utc', None) or cert.not_valid_after
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InputError('not a valid PEM certificate (%s)' % _short(exc))
    return X509Info(common_name=common_name, names=names, public_key_fingerprint=fingerprint,
                    not_before=_iso(not_before), not_after=_iso(not_after),
                    serial_number='%x' % cert.serial_number)


def _short(exc):
    text = ' '.join(str(exc).split())
    if ' See http' in text:
        # drop cryptography's pointer to its FAQ, keep the reason that follows it
        head, _sep, tail = text.partition(' See http')
        reason = tail.split(' ', 1)[1] if ' ' in tail else ''
        reason = reason.split('details. ', 1)[-1] if 'details. ' in reason else reason
        text = ('%s %s' % (head, reason)).strip()
    return text[:200] if text else type(exc).__name__


def try_fingerprint(pem, kind='certificate'):
    """Fingerprint of a certificate's or CSR's key, or None when ``pem`` is empty or does not parse."""
    if not pem:
        return None
    try:
        info = parse_certificate(pem) if kind == 'certificate' else parse_csr(pem)
    except InputError:
        return None
    return info.public_key_fingerprint
