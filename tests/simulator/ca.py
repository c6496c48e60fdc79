# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The sandbox CA: a root and an intermediate (EC P-256) that sign leaf certificates for CSRs.

``CertificateAuthority.create()`` makes a fresh pair, ``to_dict()`` / ``from_dict()`` persist it
(the dict holds private keys: never show it to a client).  ``issue()`` signs a leaf for a CSR.
"""

import datetime
import re

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, ed448, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_NAME = 'certops sandbox Root CA'
INTERMEDIATE_NAME = 'certops sandbox Intermediate CA'
ORGANIZATION = 'certops sandbox'

# CA certificates cover any date the sandbox clock is likely to reach.
CA_NOT_BEFORE = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
CA_NOT_AFTER = datetime.datetime(2099, 12, 31, tzinfo=datetime.timezone.utc)

_LABEL = r'(?!-)[a-z0-9_-]{1,63}(?<!-)'
_HOSTNAME = re.compile(r'^(\*\.)?(%s\.)+%s$' % (_LABEL, _LABEL))


def normalize_name(name):
    """Lower-case a DNS name, drop a trailing dot, and check it looks like a host name (ValueError if not)."""
    if not isinstance(name, str):
        raise ValueError('a domain name must be a string, got %r' % (name,))
    text = name.strip().lower().rstrip('.')
    try:
        text = text.encode('idna').decode('ascii') if not text.isascii() else text
    except UnicodeError:
        raise ValueError('%r is not a valid domain name' % (name,))
    if len(text) > 253 or not _HOSTNAME.match(text):
        raise ValueError('%r is not a valid domain name' % (name,))
    return text


def _to_bytes(pem):
    if isinstance(pem, str):
        return pem.encode('utf-8')
    if isinstance(pem, (bytes, bytearray)):
        return bytes(pem)
    raise ValueError('the CSR must be PEM text')


def load_csr(csr_pem):
    """Parse and check a PEM CSR: returns the cryptography CSR object or raises ValueError with a clear message."""
    if not csr_pem or not str(csr_pem if isinstance(csr_pem, str) else csr_pem.decode('utf-8', 'replace')).strip():
        raise ValueError('the CSR is empty')
    data = _to_bytes(csr_pem).strip()
    if b'-----BEGIN' not in data:
        raise ValueError('the CSR is not PEM encoded (no "-----BEGIN CERTIFICATE REQUEST-----" line)')
    try:
        csr = x509.load_pem_x509_csr(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ValueError('the CSR cannot be parsed: %s' % (str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    try:
        valid = csr.is_signature_valid
    except (ValueError, UnsupportedAlgorithm):
        valid = False
    if not valid:
        raise ValueError('the CSR signature is not valid')
    try:
        key = csr.public_key()
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise ValueError('the CSR public key is not supported: %s' % exc)
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise ValueError('the CSR RSA key has %d bits; at least 2048 are required' % key.key_size)
    elif not isinstance(key, (ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        raise ValueError('the CSR public key type is not supported (use RSA or EC)')
    return csr


def csr_names(csr_pem):
    """(common_name or None, [SAN DNS names]) of a PEM CSR, names normalized; ValueError on a bad CSR."""
    csr = load_csr(csr_pem)
    cns = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    common_name = normalize_name(cns[0].value) if cns and cns[0].value else None
    sans = []
    try:
        ext = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        sans = [normalize_name(n) for n in ext.value.get_values_for_type(x509.DNSName)]
    except x509.ExtensionNotFound:
        pass
    return common_name, sans


def public_key_der(csr_pem):
    """DER SubjectPublicKeyInfo of a PEM CSR (the input of the deterministic DCV tokens)."""
    return load_csr(csr_pem).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _name(common_name):
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode('ascii')


class CertificateAuthority:
    """Root + intermediate.  Attributes: root_cert, root_key, intermediate_cert, intermediate_key."""

    def __init__(self, root_cert, root_key, intermediate_cert, intermediate_key):
        self.root_cert = root_cert
        self.root_key = root_key
        self.intermediate_cert = intermediate_cert
        self.intermediate_key = intermediate_key

    @classmethod
    def create(cls):
        """A brand-new root and intermediate (EC P-256)."""
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = _name(ROOT_NAME)
        root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
        root_cert = (
            x509.CertificateBuilder()
            .subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(CA_NOT_BEFORE).not_valid_after(CA_NOT_AFTER)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
                critical=True)
            .add_extension(root_ski, critical=False)
            .sign(root_key, hashes.SHA256())
        )
        inter_key = ec.generate_private_key(ec.SECP256R1())
        inter_cert = (
            x509.CertificateBuilder()
            .subject_name(_name(INTERMEDIATE_NAME)).issuer_name(root_name)
            .public_key(inter_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(CA_NOT_BEFORE).not_valid_after(CA_NOT_AFTER)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
                critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(inter_key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), critical=False)
            .sign(root_key, hashes.SHA256())
        )
        return cls(root_cert, root_key, inter_cert, inter_key)

    # persistence -------------------------------------------------------------------------------
    def to_dict(self):
        """PEM strings of both certificates and keys (SECRET: private keys included)."""
        def key_pem(key):
            return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode('ascii')
        return {
            'root_cert': _pem(self.root_cert), 'root_key': key_pem(self.root_key),
            'intermediate_cert': _pem(self.intermediate_cert), 'intermediate_key': key_pem(self.intermediate_key),
        }

    @classmethod
    def from_dict(cls, data):
        def cert(name):
            return x509.load_pem_x509_certificate(data[name].encode('ascii'))

        def key(name):
            return serialization.load_pem_private_key(data[name].encode('ascii'), password=None)
        return cls(cert('root_cert'), key('root_key'), cert('intermediate_cert'), key('intermediate_key'))

    # public material ---------------------------------------------------------------------------
    @property
    def root_pem(self):
        return _pem(self.root_cert)

    @property
    def intermediate_pem(self):
        return _pem(self.intermediate_cert)

    @property
    def bundle_pem(self):
        """Root then intermediate, as GET /_sandbox/ca.pem serves them."""
        return self.root_pem + self.intermediate_pem

    def issue(self, csr_pem, names, not_before, not_after):
        """Sign a leaf for the CSR's key.

        names: DNS names, the first becomes the CN; all become SAN DNSNames.
        Returns (leaf_pem, [intermediate_pem, root_pem], serial_hex).  ValueError for a bad CSR or names.
        """
        csr = load_csr(csr_pem)
        names = [normalize_name(n) for n in names]
        if not names:
            raise ValueError('at least one domain name is required')
        unique = []
        for name in names:
            if name not in unique:
                unique.append(name)
        if not_after <= not_before:
            raise ValueError('not_after must be later than not_before')
        public_key = csr.public_key()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, unique[0])]) if len(unique[0]) <= 64 \
            else x509.Name([])
        is_rsa = isinstance(public_key, rsa.RSAPublicKey)
        serial = x509.random_serial_number()
        inter_ski = self.intermediate_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject).issuer_name(self.intermediate_cert.subject)
            .public_key(public_key)
            .serial_number(serial)
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=is_rsa, data_encipherment=False,
                key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False),
                critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in unique]), critical=not len(subject))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(inter_ski), critical=False)
        )
        leaf = builder.sign(self.intermediate_key, hashes.SHA256())
        return _pem(leaf), [self.intermediate_pem, self.root_pem], '%X' % serial
