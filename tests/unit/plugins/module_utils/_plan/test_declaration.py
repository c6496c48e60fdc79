# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._plan import declaration


def test_settle_fills_defaults_and_drops_the_dns_secret():
    settled = declaration.settle(
        dict(common_name='WWW.Pool.test', subject_alternative_names=['pool.test', 'www.pool.test'],
             dns=dict(server='127.0.0.1', key_secret='s3cret')),
        dict(key_dir='/k', cert_dir='/c', connection='sandbox', dns=dict(backend='nsupdate', key_name='tsig')))
    assert settled['names'] == ['www.pool.test', 'pool.test']
    assert settled['subject_alternative_names'] == ['pool.test']
    assert settled['key'] == dict(type='ECC', curve='secp256r1', size=None)
    assert settled['key_path'] == '/k/www.pool.test.key'
    assert settled['fullchain_path'] == '/c/www.pool.test.fullchain.crt'
    assert settled['connection'] == 'sandbox'
    assert settled['dns'] == dict(backend='nsupdate', key_name='tsig', server='127.0.0.1')
    assert 's3cret' not in repr(settled)


def test_identity_ignores_name_order_and_case_but_not_product_or_connection():
    one = declaration.settle(dict(common_name='www.pool.test', subject_alternative_names=['pool.test']))
    two = declaration.settle(dict(common_name='WWW.pool.test', subject_alternative_names=['POOL.test', 'www.pool.test'],
                                  key_path='/elsewhere.key'))
    assert declaration.identity(one) == declaration.identity(two)
    other_product = declaration.settle(dict(common_name='www.pool.test', subject_alternative_names=['pool.test'],
                                            product='BASIC_SSL'))
    other_connection = declaration.settle(dict(common_name='www.pool.test', subject_alternative_names=['pool.test'],
                                               connection='b'))
    assert declaration.identity(one) != declaration.identity(other_product)
    assert declaration.identity(one) != declaration.identity(other_connection)
    assert declaration.identity_id(one) == '|www.pool.test|pool.test|'


def test_names_as_people_write_them_are_settled_once_into_a_labels_paths_and_identity():
    written = declaration.settle(dict(common_name='Bücher.Pool.test.', subject_alternative_names=['*.bücher.pool.test']),
                                 dict(key_dir='/k', cert_dir='/c'))
    assert written['common_name'] == 'xn--bcher-kva.pool.test'
    assert written['names'] == ['xn--bcher-kva.pool.test', '*.xn--bcher-kva.pool.test']
    assert written['key_path'] == '/k/xn--bcher-kva.pool.test.key'
    assert written['fullchain_path'] == '/c/xn--bcher-kva.pool.test.fullchain.crt'
    a_labels = declaration.settle(dict(common_name='xn--bcher-kva.pool.test',
                                       subject_alternative_names=['*.xn--bcher-kva.pool.test']))
    assert declaration.identity(written) == declaration.identity(a_labels)
    wildcard = declaration.settle_paths(dict(common_name='*.Bücher.pool.test'), dict(cert_dir='/c'))
    assert wildcard['certificate_path'] == '/c/_wildcard.xn--bcher-kva.pool.test.crt'


def test_a_name_no_ca_issues_for_is_refused_naming_the_option():
    with pytest.raises(InputError, match=r"^common_name 'bü cher\.test' is not a valid internationalized domain name"):
        declaration.settle(dict(common_name='bü cher.test'))
    with pytest.raises(InputError, match=r"^subject_alternative_names 'www\.\*\.test' has a wildcard that is not"):
        declaration.settle(dict(common_name='a.test', subject_alternative_names=['www.*.test']))


def test_rsa_key_and_bad_inputs():
    assert declaration.settle(dict(common_name='a.test', key=dict(type='rsa')))['key'] == dict(
        type='RSA', curve=None, size=3072)
    with pytest.raises(InputError, match='key.type must be ECC or RSA'):
        declaration.settle(dict(common_name='a.test', key=dict(type='DSA')))
    with pytest.raises(InputError, match='needs a common_name'):
        declaration.settle(dict(subject_alternative_names=['a.test']))
    with pytest.raises(InputError, match='approver_email'):
        declaration.settle(dict(common_name='a.test', validation_method='email'))
    with pytest.raises(InputError, match='dns.backend'):
        declaration.settle(dict(common_name='a.test', dns=dict(backend='route53')))
