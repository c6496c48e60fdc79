# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import datetime
import os

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ansible_collections.certops.reseller.plugins.module_utils._csr import public_key_fingerprint
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._module import certificate_inspect as inspect


def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode('ascii')


def cert_pem(key, common_name, sans, serial=0xabc123, issuer='Test CA'):
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=90))
               .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in sans]), critical=False))
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode('ascii')


@pytest.fixture
def files(tmp_path):
    key = ec.generate_private_key(ec.SECP384R1())
    (tmp_path / 'private').mkdir()
    (tmp_path / 'certs').mkdir()
    key_file = tmp_path / 'private' / 'www.pool.test.key'
    key_file.write_text(key_pem(key))
    os.chmod(str(key_file), 0o600)
    leaf = cert_pem(key, 'www.pool.test', ['www.pool.test', 'pool.test'])
    chain = cert_pem(ec.generate_private_key(ec.SECP256R1()), 'Test CA', ['ca.test'], serial=7, issuer='Root')
    (tmp_path / 'certs' / 'www.pool.test.crt').write_text(leaf)
    (tmp_path / 'certs' / 'www.pool.test.chain.crt').write_text(chain)
    (tmp_path / 'certs' / 'www.pool.test.fullchain.crt').write_text(leaf + chain)
    return tmp_path, key


def run(tmp_path, items):
    return inspect.run_certificate_inspect(dict(certificates=items, key_dir=str(tmp_path / 'private'),
                                                cert_dir=str(tmp_path / 'certs')))


def test_reads_key_certificate_chain_and_fullchain_without_secrets(files):
    tmp_path, key = files
    result = run(tmp_path, [dict(common_name='WWW.pool.test.')])
    assert result['changed'] is False
    entry = result['certificates'][0]
    assert entry['common_name'] == 'www.pool.test'
    assert entry['key']['exists'] is True
    assert entry['key']['type'] == 'ECC' and entry['key']['curve'] == 'secp384r1' and entry['key']['size'] == 384
    assert entry['key']['mode'] == '0600'
    fingerprint = public_key_fingerprint(key.public_key())
    assert entry['key']['public_key_fingerprint'] == fingerprint
    assert entry['certificate']['public_key_fingerprint'] == fingerprint
    assert entry['certificate']['serial_number'] == 'abc123'
    assert entry['certificate']['names'] == ['www.pool.test', 'pool.test']
    assert entry['certificate']['issuer'] == 'CN=Test CA'
    assert entry['certificate']['not_after'] == '2026-04-01T00:00:00Z'
    assert entry['chain']['serial_number'] == '7'
    assert entry['fullchain']['count'] == 2 and entry['fullchain']['serial_number'] == 'abc123'
    assert entry['pending_key'] == dict(path=entry['key']['path'] + '.certops-new', exists=False)
    assert 'PRIVATE KEY' not in repr(result)


def test_missing_files_and_explicit_paths(files):
    tmp_path, _key = files
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    custom = tmp_path / 'custom.key'
    custom.write_text(key_pem(rsa_key))
    result = run(tmp_path, [dict(common_name='api.test', key_path=str(custom))])
    entry = result['certificates'][0]
    assert entry['key']['type'] == 'RSA' and entry['key']['size'] == 2048 and entry['key']['curve'] is None
    assert entry['certificate'] == dict(path=str(tmp_path / 'certs' / 'api.test.crt'), exists=False)


def test_pending_key_is_reported(files):
    tmp_path, _key = files
    pending = ec.generate_private_key(ec.SECP256R1())
    (tmp_path / 'private' / 'www.pool.test.key.certops-new').write_text(key_pem(pending))
    entry = run(tmp_path, [dict(common_name='www.pool.test')])['certificates'][0]
    assert entry['pending_key']['public_key_fingerprint'] == public_key_fingerprint(pending.public_key())
    assert entry['pending_key']['public_key_fingerprint'] != entry['key']['public_key_fingerprint']


def test_unreadable_files_are_told_not_raised(files):
    tmp_path, _key = files
    (tmp_path / 'private' / 'bad.test.key').write_text('not a key')
    (tmp_path / 'certs' / 'bad.test.crt').write_text('nothing here')
    entry = run(tmp_path, [dict(common_name='bad.test')])['certificates'][0]
    assert entry['key']['error'].startswith('cannot read the private key')
    assert 'public_key_fingerprint' not in entry['key']
    assert entry['certificate']['error'] == 'no PEM certificate in the file'


def test_wildcard_file_names(files):
    tmp_path, _key = files
    entry = run(tmp_path, [dict(common_name='*.pool.test')])['certificates'][0]
    assert entry['key']['path'].endswith('/_wildcard.pool.test.key')


@pytest.mark.parametrize('idna_package', [True, False])
def test_a_u_label_is_inspected_at_its_a_label_paths_with_or_without_idna(files, monkeypatch, idna_package):
    """The plan settles names on the controller (idna present); a managed host without idna must find the same files."""
    from ansible_collections.certops.reseller.plugins.module_utils import _names
    monkeypatch.setattr(_names, 'HAS_IDNA', idna_package and _names.HAS_IDNA)
    tmp_path, key = files
    (tmp_path / 'certs' / 'xn--bcher-kva.pool.test.crt').write_text(
        cert_pem(key, 'xn--bcher-kva.pool.test', ['xn--bcher-kva.pool.test', '*.xn--bcher-kva.pool.test']))
    first, wildcard = run(tmp_path, [dict(common_name='Bücher.Pool.test.'), dict(common_name='*.bücher.pool.test')])[
        'certificates']
    assert first['common_name'] == 'xn--bcher-kva.pool.test'
    assert first['certificate']['path'] == str(tmp_path / 'certs' / 'xn--bcher-kva.pool.test.crt')
    assert first['certificate']['names'] == ['xn--bcher-kva.pool.test', '*.xn--bcher-kva.pool.test']
    assert wildcard['key']['path'] == str(tmp_path / 'private' / '_wildcard.xn--bcher-kva.pool.test.key')


def test_other_keys_are_refused_so_no_secret_reaches_the_host(files):
    tmp_path, _key = files
    with pytest.raises(InputError) as error:
        run(tmp_path, [dict(common_name='www.pool.test', dns=dict(key_secret='s3cret'))])
    assert 'dns' in str(error.value)
    assert 's3cret' not in str(error.value)
    with pytest.raises(InputError):
        run(tmp_path, [dict(key_path='/x')])
