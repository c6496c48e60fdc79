# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_inspect: every declared key and certificate file of one host, read in one go.

No API call, no secret in the answer: of a private key only its type, size or curve and the
fingerprint of its public half are told.  The plan (``_plan/plan.py``) compares these with
the reseller's certificates; the role runs nothing more on a host the plan leaves alone.
"""


import grp
import os
import pwd
import stat

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
except ImportError:  # pragma: no cover - _csr raises MissingDependencyError for us
    pass

from ansible_collections.certops.reseller.plugins.module_utils._csr import (
    _require,
    parse_certificate,
    public_key_fingerprint,
)
from ansible_collections.certops.reseller.plugins.module_utils._names import settle_name
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._plan.declaration import (
    PATH_KEYS,
    PENDING_KEY_SUFFIX,
    settle_paths,
)

PEM_CERTIFICATE_END = '-----END CERTIFICATE-----'


def certificate_inspect_argument_spec():
    return dict(
        certificates=dict(type='list', elements='dict', default=[]),
        key_dir=dict(type='str', default='/etc/ssl/private', no_log=False),  # a directory, not a secret
        cert_dir=dict(type='str', default='/etc/ssl/certs'),
    )


def file_facts(path):
    """exists / owner / group / mode of a path (no content)."""
    try:
        info = os.stat(path)
    except OSError:
        return dict(path=path, exists=False)
    try:
        owner = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        owner = str(info.st_uid)
    try:
        group = grp.getgrgid(info.st_gid).gr_name
    except KeyError:
        group = str(info.st_gid)
    return dict(path=path, exists=True, owner=owner, group=group, mode='%04o' % stat.S_IMODE(info.st_mode))


def _read(path):
    with open(path, 'rb') as handle:
        return handle.read()


def inspect_key(path):
    """Type, curve/size and public-key fingerprint of a private key file; never its content."""
    facts = file_facts(path)
    if not facts['exists']:
        return facts
    try:
        key = serialization.load_pem_private_key(_read(path), password=None)
    except (OSError, ValueError, TypeError) as exc:
        facts['error'] = 'cannot read the private key: %s' % type(exc).__name__
        return facts
    if isinstance(key, ec.EllipticCurvePrivateKey):
        facts.update(type='ECC', curve=key.curve.name, size=key.curve.key_size)
    elif isinstance(key, rsa.RSAPrivateKey):
        facts.update(type='RSA', curve=None, size=key.key_size)
    else:
        facts.update(type=type(key).__name__, curve=None, size=None)
    facts['public_key_fingerprint'] = public_key_fingerprint(key.public_key())
    return facts


def _split_pems(text):
    parts = []
    for chunk in text.split(PEM_CERTIFICATE_END):
        if '-----BEGIN CERTIFICATE-----' in chunk:
            parts.append(chunk[chunk.index('-----BEGIN CERTIFICATE-----'):] + PEM_CERTIFICATE_END + '\n')
    return parts


def _issuer(pem):
    try:
        cert = x509.load_pem_x509_certificate(pem.encode('utf-8'))
    except ValueError:
        return None
    return cert.issuer.rfc4514_string()


def inspect_certificate(path):
    """Serial, names, validity, issuer and public-key fingerprint of the first certificate in a file."""
    facts = file_facts(path)
    if not facts['exists']:
        return facts
    try:
        text = _read(path).decode('utf-8', 'replace')
    except OSError as exc:
        facts['error'] = 'cannot read: %s' % exc.strerror
        return facts
    pems = _split_pems(text)
    facts['count'] = len(pems)
    if not pems:
        facts['error'] = 'no PEM certificate in the file'
        return facts
    try:
        info = parse_certificate(pems[0])
    except InputError as exc:
        facts['error'] = str(exc)
        return facts
    facts.update(serial_number=info.serial_number, names=info.names, not_before=info.not_before,
                 not_after=info.not_after, public_key_fingerprint=info.public_key_fingerprint,
                 issuer=_issuer(pems[0]))
    return facts


def inspect_item(item, key_dir=None, cert_dir=None):
    """One declared item -> what is on the host for it."""
    paths = settle_paths(item, dict(key_dir=key_dir, cert_dir=cert_dir))
    return dict(
        common_name=settle_name(item.get('common_name'), 'common_name'),
        key=inspect_key(paths['key_path']),
        pending_key=inspect_key(paths['key_path'] + PENDING_KEY_SUFFIX),
        certificate=inspect_certificate(paths['certificate_path']),
        chain=inspect_certificate(paths['chain_path']),
        fullchain=inspect_certificate(paths['fullchain_path']),
    )


def run_certificate_inspect(params):
    _require()
    items = params.get('certificates') or []
    for item in items:
        if not isinstance(item, dict) or not item.get('common_name'):
            raise InputError('every item of certificates needs a common_name')
        unknown = sorted(set(item) - set(PATH_KEYS + ('common_name',)))
        if unknown:
            # The role passes only these keys: anything else (a DNS secret) has no business on the host.
            raise InputError('certificates items take only common_name and %s; got also %s' % (
                ', '.join(PATH_KEYS), ', '.join(unknown)))
    return dict(changed=False, certificates=[inspect_item(item, params.get('key_dir'), params.get('cert_dir'))
                                             for item in items])


def handle(module):
    return run_certificate_inspect(module.params)
