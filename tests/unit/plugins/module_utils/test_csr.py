# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import datetime

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ansible_collections.certops.reseller.plugins.module_utils import _csr
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError, MissingDependencyError


def csr_pem(key, common_name=None, sans=()):
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)] if common_name else []
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attributes))
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in sans]), critical=False)
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode('ascii')


def certificate_pem(key, common_name, sans, days=90):
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(0x1234abcd).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=days))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in sans]), critical=False)
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode('ascii')


@pytest.fixture(scope='module')
def key():
    return ec.generate_private_key(ec.SECP256R1())


def test_csr_names_are_normalized_cn_first(key):
    info = _csr.parse_csr(csr_pem(key, 'WWW.Example.com.', ['example.com', 'www.example.com', 'Shop.Example.com']))
    assert info.common_name == 'www.example.com'
    assert info.names == ['www.example.com', 'example.com', 'shop.example.com']
    assert info.name_set == {'www.example.com', 'example.com', 'shop.example.com'}
    assert info.signature_valid is True


def test_csr_without_cn_uses_sans(key):
    info = _csr.parse_csr(csr_pem(key, None, ['a.example.com', 'b.example.com']))
    assert info.common_name is None
    assert info.names == ['a.example.com', 'b.example.com']


def test_csr_without_any_name_is_refused(key):
    with pytest.raises(InputError) as error:
        _csr.parse_csr(csr_pem(key))
    assert 'neither a common name' in str(error.value)


@pytest.mark.parametrize('text', [
    '',
    'hello',
    '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----',
    b'-----BEGIN CERTIFICATE REQUEST-----\n!!!\n-----END CERTIFICATE REQUEST-----',
])
def test_garbage_is_an_input_error(text):
    with pytest.raises(InputError) as error:
        _csr.parse_csr(text)
    assert 'csr' in str(error.value)
    assert '\n' not in str(error.value)


def test_certificate_and_csr_fingerprints_agree_for_the_same_key(key):
    csr = _csr.parse_csr(csr_pem(key, 'www.example.com', ['www.example.com']))
    certificate = _csr.parse_certificate(certificate_pem(key, 'www.example.com', ['www.example.com', 'example.com']))
    assert csr.public_key_fingerprint == certificate.public_key_fingerprint
    assert len(certificate.public_key_fingerprint.split(':')) == 32
    assert certificate.names == ['www.example.com', 'example.com']
    assert certificate.not_before == '2026-01-01T00:00:00Z'
    assert certificate.not_after == '2026-04-01T00:00:00Z'
    assert certificate.serial_number == '1234abcd'


def test_other_key_other_fingerprint(key):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    a = _csr.parse_csr(csr_pem(key, 'a.example.com'))
    b = _csr.parse_csr(csr_pem(other, 'a.example.com'))
    assert a.public_key_fingerprint != b.public_key_fingerprint


def test_fullchain_uses_the_first_certificate(key):
    leaf = certificate_pem(key, 'leaf.example.com', ['leaf.example.com'])
    other_key = ec.generate_private_key(ec.SECP256R1())
    chain = certificate_pem(other_key, 'ca.example.com', ['ca.example.com'])
    info = _csr.parse_certificate(leaf + chain)
    assert info.common_name == 'leaf.example.com'


def test_try_fingerprint(key):
    pem = certificate_pem(key, 'x.example.com', ['x.example.com'])
    assert _csr.try_fingerprint(pem) == _csr.parse_certificate(pem).public_key_fingerprint
    assert _csr.try_fingerprint(None) is None
    assert _csr.try_fingerprint('junk') is None
    assert _csr.try_fingerprint(csr_pem(key, 'x.example.com'), 'csr') == _csr.try_fingerprint(pem)


def test_missing_cryptography_raises_missing_dependency(monkeypatch):
    monkeypatch.setattr(_csr, 'HAS_CRYPTOGRAPHY', False)
    monkeypatch.setattr(_csr, 'CRYPTOGRAPHY_IMPORT_ERROR', ImportError('nope'))
    with pytest.raises(MissingDependencyError) as error:
        _csr.parse_csr('x')
    assert error.value.library == 'cryptography'
