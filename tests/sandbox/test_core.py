# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of tests/simulator/core.py, ca.py and dcv.py, used directly (no HTTP)."""

import datetime
import decimal
import json
import os
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sandbox_helpers import make_csr, make_key, openssl_verify

import ca
import core
import rules

THREE_SECONDS = 3 / 86400.0


@pytest.fixture
def box():
    return core.Sandbox()


@pytest.fixture
def checking(dns_responder, file_server, monkeypatch):
    """A Sandbox in --dcv check mode using the in-test DNS responder and web server."""
    monkeypatch.setattr(core, 'CHECK_INTERVAL_SECONDS', 0)
    return core.Sandbox(dcv_mode='check', dns_resolver=dns_responder.resolver, http_port=file_server.port)


def issue_auto(box, order):
    box.tick()
    box.advance_clock(THREE_SECONDS)
    box.tick()
    result = box.get_order(order['id'])
    assert result['status'] == 'issued', result['message']
    return result, box.get_certificate(result['certificate_id'])


def verify(tmp_path, box, cert):
    return openssl_verify(tmp_path, box.ca.root_pem, box.ca.intermediate_pem, cert['pem'])


# ---------------------------------------------------------------- ids, clock, accounts, money
def test_ids_increase_per_kind(box):
    jobs = [box.new_id('job') for _index in range(3)]
    certs = [box.new_id('certificate') for _index in range(2)]
    assert jobs == sorted(jobs) and len(set(jobs)) == 3
    assert certs[1] == certs[0] + 1
    assert not set(jobs) & set(certs)
    assert box.new_id('order') == jobs[-1] + 1  # job and order are one counter


def test_clock_advances_and_rejects_bad_values(box):
    before = box.now()
    after = box.advance_clock(1.5)
    assert datetime.timedelta(days=1.5) <= after - before < datetime.timedelta(days=1.5, seconds=5)
    for bad in (-1, 'two', None, True, float('nan')):
        with pytest.raises(ValueError):
            box.advance_clock(bad)
    assert box.now() - before < datetime.timedelta(days=1.5, seconds=5)


def test_accounts(box):
    assert box.check_autodns_auth('sandbox', 'sandbox', 4)
    assert box.check_autodns_auth('sandbox', 'sandbox', '4')
    assert not box.check_autodns_auth('sandbox', 'wrong', 4)
    assert not box.check_autodns_auth('sandbox', 'sandbox', 5)
    assert box.check_ssl247_auth('ops@example.com', None, 'sandbox-key')
    assert box.check_ssl247_auth('ops@example.com', 'anything', 'sandbox-key')
    assert not box.check_ssl247_auth('ops@example.com', None, 'other-key')
    assert not box.check_ssl247_auth('not-an-email', None, 'sandbox-key')


def test_deposit_charge_and_refusal(box):
    assert box.deposit == decimal.Decimal('1000.00')
    assert box.charge('999.50', 'big order') is True
    assert box.deposit == decimal.Decimal('0.50')
    assert box.charge(1, 'too much') is False
    assert box.deposit == decimal.Decimal('0.50')
    box.refund('10.00', 'cancelled order')
    info = box.deposit_info()
    assert info['balance'] == '10.50' and info['currency'] == 'GBP'
    assert [t['amount'] for t in info['transactions']] == ['-999.50', '10.00']
    with pytest.raises(ValueError):
        box.charge(-5, 'negative')


# ---------------------------------------------------------------- CA
def test_ca_issues_a_verifiable_leaf(tmp_path, box):
    key, csr = make_csr(['www.example.com', 'example.com'])
    now = box.now().replace(microsecond=0)
    leaf_pem, chain, serial = box.ca.issue(csr, ['www.example.com', 'example.com'], now,
                                           now + datetime.timedelta(days=90))
    assert chain == [box.ca.intermediate_pem, box.ca.root_pem]
    rc, output = openssl_verify(tmp_path, chain[1], chain[0], leaf_pem)
    assert rc == 0, output
    leaf = x509.load_pem_x509_certificate(leaf_pem.encode())
    assert '%X' % leaf.serial_number == serial
    assert leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == 'www.example.com'
    assert leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
        x509.DNSName) == ['www.example.com', 'example.com']
    assert leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage(
        [ExtendedKeyUsageOID.SERVER_AUTH])
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    inter = x509.load_pem_x509_certificate(chain[0].encode())
    inter_ski = inter.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier == inter_ski
    assert leaf.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value == \
        x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    der = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    assert leaf.public_key().public_bytes(*der) == key.public_key().public_bytes(*der)
    assert inter.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == 'certops sandbox Intermediate CA'
    root = x509.load_pem_x509_certificate(chain[1].encode())
    assert root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == 'certops sandbox Root CA'


def test_ca_accepts_rsa_and_rejects_weak_or_broken_csrs(tmp_path, box):
    now = box.now()
    _key, rsa_csr = make_csr(['rsa.example.com'], key=make_key('rsa'))
    leaf_pem, chain, _serial = box.ca.issue(rsa_csr, ['rsa.example.com'], now, now + datetime.timedelta(days=30))
    assert openssl_verify(tmp_path, chain[1], chain[0], leaf_pem)[0] == 0
    _key, weak = make_csr(['weak.example.com'], key=make_key('rsa', 1024))
    with pytest.raises(ValueError, match='2048'):
        ca.load_csr(weak)
    with pytest.raises(ValueError, match='PEM'):
        ca.load_csr('hello')
    with pytest.raises(ValueError, match='empty'):
        ca.load_csr('  ')
    # a CSR whose signature does not match its content
    _key, good = make_csr(['a.example.com'])
    csr = x509.load_pem_x509_csr(good.encode())
    der = bytearray(csr.public_bytes(serialization.Encoding.DER))
    der[-5] ^= 0x01  # flip a bit in the signature
    tampered = x509.load_der_x509_csr(bytes(der)).public_bytes(serialization.Encoding.PEM).decode()
    with pytest.raises(ValueError, match='signature|parsed'):
        ca.load_csr(tampered)


def test_ca_survives_to_dict_from_dict(tmp_path, box):
    copy = ca.CertificateAuthority.from_dict(json.loads(json.dumps(box.ca.to_dict())))
    _key, csr = make_csr(['x.example.com'])
    now = box.now()
    leaf_pem, _chain, _serial = copy.issue(csr, ['x.example.com'], now, now + datetime.timedelta(days=1))
    assert openssl_verify(tmp_path, box.ca.root_pem, box.ca.intermediate_pem, leaf_pem)[0] == 0


def test_normalize_name():
    assert ca.normalize_name('WWW.Example.COM.') == 'www.example.com'
    assert ca.normalize_name('*.example.com') == '*.example.com'
    for bad in ('', 'no spaces.com', 'a..b.com', '-a.com', 'com', '*.*.a.com', 42):
        with pytest.raises(ValueError):
            ca.normalize_name(bad)


# ---------------------------------------------------------------- orders: validation and tokens
def test_create_order_takes_names_from_csr_and_validates(box):
    _key, csr = make_csr(['www.example.com', 'example.com', '*.example.com'])
    order = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    assert order['status'] == 'pending'
    assert order['names'] == ['www.example.com', 'example.com', '*.example.com']
    assert [c['domain'] for c in order['challenges']] == ['www.example.com', 'example.com']
    chal = order['challenges'][0]
    assert chal['record_name'] == '_dnsauth.www.example.com' and chal['record_type'] == 'TXT'
    assert chal['ttl'] == 300 and chal['file_path'] == '/.well-known/pki-validation/fileauth.txt'
    assert chal['file_content'] == chal['record_value']
    assert box.get_order(order['id']) == order
    assert box.get_order(str(order['id'])) == order
    assert box.get_order(999) is None
    with pytest.raises(ValueError, match='CSR'):
        box.create_order('autodns', 'a.example.com', [], 'garbage', 'BASIC_SSL', 12, 'dns')
    with pytest.raises(ValueError, match='method'):
        box.create_order('autodns', 'a.example.com', [], csr, 'BASIC_SSL', 12, 'carrier-pigeon')
    with pytest.raises(ValueError, match='months'):
        box.create_order('autodns', 'a.example.com', [], csr, 'BASIC_SSL', 0, 'dns')
    with pytest.raises(ValueError, match='domain'):
        box.create_order('autodns', 'bad name', [], csr, 'BASIC_SSL', 12, 'dns')


def test_explicit_names_win_over_csr(box):
    _key, csr = make_csr(['csr.example.com'])
    order = box.create_order('ssl247', 'Shop.Example.com', ['shop.example.com', 'api.example.com'], csr, 'P', 12,
                             'file')
    assert order['names'] == ['shop.example.com', 'api.example.com']
    assert order['challenges'][0]['file_path'].startswith('/.well-known/pki-validation/')
    assert order['challenges'][0]['file_path'].endswith('.txt')
    assert order['challenges'][0]['file_path'] != '/.well-known/pki-validation/fileauth.txt'


def test_tokens_are_deterministic_per_key_domain_and_day(box):
    key, csr = make_csr(['example.com'])
    first = box.challenges_for(csr, ['example.com'], 'dns')
    assert box.challenges_for(csr, ['example.com'], 'dns') == first
    _key, again = make_csr(['example.com'], key=key)  # same key, new CSR
    assert box.challenges_for(again, ['example.com'], 'dns')[0]['record_value'] == first[0]['record_value']
    order = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    assert order['challenges'][0]['record_value'] == first[0]['record_value']
    _key, other_key = make_csr(['example.com'])
    assert box.challenges_for(other_key, ['example.com'], 'dns')[0]['record_value'] != first[0]['record_value']
    assert box.challenges_for(csr, ['other.example.com'], 'dns')[0]['record_value'] != first[0]['record_value']
    box.advance_clock(1)
    assert box.challenges_for(csr, ['example.com'], 'dns')[0]['record_value'] != first[0]['record_value']


# ---------------------------------------------------------------- the engine, auto mode
def test_auto_mode_issues_after_two_seconds(tmp_path, box):
    _key, csr = make_csr(['www.example.com', 'example.com'])
    order = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    box.tick()
    assert box.get_order(order['id'])['status'] == 'validating'
    box.tick()
    assert box.get_order(order['id'])['status'] == 'validating'  # less than 2 s passed
    order, cert = issue_auto(box, order)
    assert cert['id'] == order['certificate_id'] and cert['order_id'] == order['id']
    assert cert['status'] == 'issued' and cert['names'] == ['www.example.com', 'example.com']
    assert cert['chain'] == [box.ca.intermediate_pem, box.ca.root_pem]
    not_before, not_after = core.parse_iso(cert['not_before']), core.parse_iso(cert['not_after'])
    real_now = datetime.datetime.now(datetime.timezone.utc)
    assert not_before <= real_now and (real_now - not_before).total_seconds() < 10  # never in the real future
    # a 12-month term, but the certificate gets no more than the rule of its issue date (BR 6.3.2)
    assert abs((not_after - rules.latest_not_after(box.now())).total_seconds()) < 10
    assert core.parse_iso(cert['term_end']) > not_after
    assert verify(tmp_path, box, cert) == (0, '%s: OK' % (tmp_path / 'leaf.pem'))
    assert box.list_certificates(provider='autodns', name='example.com')[0]['id'] == cert['id']
    assert box.list_certificates(provider='ssl247') == []
    assert box.list_orders(active=True) == [] and len(box.list_orders(active=False)) == 1


def test_cancel_order(box):
    _key, csr = make_csr(['example.com'])
    order = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'email')
    assert box.list_orders(provider='autodns', active=True)[0]['id'] == order['id']
    assert box.cancel_order(order['id'])['status'] == 'cancelled'
    box.advance_clock(1)
    box.tick()
    assert box.get_order(order['id'])['status'] == 'cancelled'
    with pytest.raises(ValueError, match='cancelled'):
        box.cancel_order(order['id'])
    with pytest.raises(KeyError):
        box.cancel_order(123)


def test_autodns_renew_and_reissue_keep_the_certificate_id(tmp_path, box):
    key, csr = make_csr(['example.com'])
    order, cert = issue_auto(box, box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns'))
    assert not box.can_renew(cert)
    assert box.renewable_from(cert) == core.parse_iso(cert['term_end']) - datetime.timedelta(days=90)  # payable
    box.advance_clock(300)
    assert box.can_renew(box.get_certificate(cert['id']))
    renew = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns', action='renew',
                             certificate_id=cert['id'])
    assert renew['challenges'][0]['record_value'] != order['challenges'][0]['record_value']
    renew, renewed = issue_auto(box, renew)
    assert renewed['id'] == cert['id'] and renewed['serial'] != cert['serial']
    assert renewed['history'][0]['serial'] == cert['serial']
    assert renewed['not_after'] > cert['not_after'] and renewed['order_id'] == renew['id']
    assert len(box.list_certificates()) == 1
    _key, new_csr = make_csr(['example.com'])
    reissue, reissued = issue_auto(box, box.create_order('autodns', None, None, new_csr, 'BASIC_SSL', 12, 'dns',
                                                         action='reissue', certificate_id=cert['id']))
    # a reissue is a fresh certificate of the day inside the same term
    assert reissued['id'] == cert['id'] and reissued['not_after'] >= renewed['not_after']
    assert reissue['challenges'][0]['reused']  # validated by the renewal: no new DCV within the reuse period
    assert reissued['term_end'] == renewed['term_end'] and reissued['not_after'] <= reissued['term_end']
    assert reissued['csr'].strip() == new_csr.strip()
    rc, output = openssl_verify(tmp_path, box.ca.root_pem, box.ca.intermediate_pem, reissued['pem'],
                                extra=['-no_check_time'])
    assert rc == 0, output


def test_ssl247_renewal_gets_a_new_certificate_id(box):
    _key, csr = make_csr(['shop.example.com'])
    first_id = box.new_id('certificate')
    order = box.create_order('ssl247', None, None, csr, 'SECTIGO_DV', 12, 'file', certificate_id=first_id)
    assert box.order_for_certificate(first_id)['id'] == order['id']
    assert box.get_certificate(first_id) is None  # not issued yet
    _result, cert = issue_auto(box, order)
    assert cert['id'] == first_id
    box.advance_clock(290)
    new_id = box.new_id('certificate')
    renew = box.create_order('ssl247', None, None, csr, 'SECTIGO_DV', 12, 'file', action='renew',
                             certificate_id=new_id, extra={'renewal_of': first_id})
    assert box.order_for_certificate(new_id)['id'] == renew['id']
    _result, renewed = issue_auto(box, renew)
    assert renewed['id'] == new_id and renewed['extra'] == {'renewal_of': first_id}
    assert box.get_certificate(first_id)['status'] == 'expired'  # kept; no certificate lasts 290 days any more
    assert {c['id'] for c in box.list_certificates(provider='ssl247')} == {first_id, new_id}


def test_expiry_revocation_and_cancellation(box):
    _key, csr = make_csr(['example.com'])
    _result, cert = issue_auto(box, box.create_order('autodns', None, None, csr, 'BASIC_SSL', 1, 'dns'))
    _result, other = issue_auto(box, box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns'))
    assert box.revoke_certificate(other['id'])['status'] == 'revoked'
    with pytest.raises(ValueError, match='revoked'):
        box.cancel_certificate(other['id'])
    with pytest.raises(KeyError):
        box.revoke_certificate(4242)
    box.advance_clock(32)
    assert box.get_certificate(cert['id'])['status'] == 'expired'
    assert box.dump()['certificates'][str(cert['id'])]['status'] == 'expired'
    assert box.cancel_certificate(cert['id'])['status'] == 'cancelled'


def test_validation_gives_up_after_30_days():
    box = core.Sandbox(dcv_mode='check')
    _key, csr = make_csr(['example.com'])
    order = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'email')
    box.tick()
    box.advance_clock(31)
    box.tick()
    order = box.get_order(order['id'])
    assert order['status'] == 'failed' and '30 days' in order['message']


# ---------------------------------------------------------------- the engine, check mode
def test_check_mode_email_waits_for_approval(tmp_path, checking):
    _key, csr = make_csr(['example.com'])
    order = checking.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'email',
                                  approver_email='hostmaster@example.com')
    assert order['challenges'][0]['approver_email'] == 'hostmaster@example.com'
    checking.tick()
    checking.advance_clock(1)
    checking.tick()
    assert checking.get_order(order['id'])['status'] == 'validating'
    approved = checking.approve_order(order['id'])
    assert approved['status'] == 'issued'
    assert verify(tmp_path, checking, checking.get_certificate(approved['certificate_id']))[0] == 0
    with pytest.raises(ValueError, match='nothing to approve'):
        checking.approve_order(order['id'])
    dns_order = checking.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    with pytest.raises(ValueError, match='not e-mail'):
        checking.approve_order(dns_order['id'])
    with pytest.raises(KeyError):
        checking.approve_order(777)


def test_check_mode_dns_in_hosted_zone(tmp_path, checking, dns_responder):
    checking.create_zone('example.net')
    _key, csr = make_csr(['www.example.net'])
    order = checking.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    checking.tick()
    checking.tick()
    order = checking.get_order(order['id'])
    assert order['status'] == 'validating' and 'not found' in order['message']
    chal = order['challenges'][0]
    checking.zone_update('example.net', [{'name': '_dnsauth.www', 'type': 'TXT',
                                          'value': '"%s"' % chal['record_value'], 'ttl': 300}], [])
    checking.tick()
    order = checking.get_order(order['id'])
    assert order['status'] == 'issued', order['message']
    assert verify(tmp_path, checking, checking.get_certificate(order['certificate_id']))[0] == 0
    assert dns_responder.queries == []  # the hosted zone answered, the resolver was not asked


def test_check_mode_dns_provisioning_publishes_the_record(checking):
    checking.create_zone('example.net')
    _key, csr = make_csr(['example.net'])
    order = checking.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns', provisioning=True)
    checking.tick()
    records = checking.get_zone('example.net')['records']
    assert records == [{'name': '_dnsauth', 'type': 'TXT', 'value': order['challenges'][0]['record_value'],
                        'ttl': 300}]
    checking.tick()
    assert checking.get_order(order['id'])['status'] == 'issued'


def test_check_mode_dns_through_resolver(tmp_path, checking, dns_responder):
    _key, csr = make_csr(['www.example.org', 'example.org'])
    order = checking.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    checking.tick()
    checking.tick()
    order = checking.get_order(order['id'])
    assert order['status'] == 'validating'
    assert ('_dnsauth.www.example.org.', 'TXT') in dns_responder.queries
    values = {c['domain']: c['record_value'] for c in order['challenges']}
    dns_responder.records[('_dnsauth.www.example.org.', 'TXT')] = ['unrelated', values['www.example.org']]
    checking.tick()
    order = checking.get_order(order['id'])
    assert order['status'] == 'validating' and 'example.org' in order['message']
    assert [c['status'] for c in order['challenges']] == ['valid', 'pending']
    dns_responder.records[('_dnsauth.example.org.', 'TXT')] = [values['example.org']]
    checking.tick()
    order = checking.get_order(order['id'])
    assert order['status'] == 'issued', order['message']
    assert verify(tmp_path, checking, checking.get_certificate(order['certificate_id']))[0] == 0


def test_check_mode_is_rate_limited(dns_responder):
    box = core.Sandbox(dcv_mode='check', dns_resolver=dns_responder.resolver)
    _key, csr = make_csr(['slow.example.org'])
    box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    for _index in range(5):
        box.tick()
    assert len(dns_responder.queries) == 1


def test_check_mode_file_through_resolver_and_http(tmp_path, checking, dns_responder, file_server):
    _key, csr = make_csr(['web.example.org'])
    order = checking.create_order('ssl247', None, None, csr, 'SECTIGO_DV', 12, 'file',
                                  certificate_id=checking.new_id('certificate'))
    chal = order['challenges'][0]
    checking.tick()
    checking.tick()
    assert 'resolve' in checking.get_order(order['id'])['message']
    dns_responder.records[('web.example.org.', 'A')] = ['127.0.0.1']
    checking.tick()
    order = checking.get_order(order['id'])
    assert order['status'] == 'validating' and '404' in order['message']
    file_server.files[('web.example.org', chal['file_path'])] = chal['file_content'] + '\n'
    checking.tick()
    order = checking.get_order(order['id'])
    assert order['status'] == 'issued', order['message']
    assert ('web.example.org', chal['file_path']) in file_server.requests
    assert verify(tmp_path, checking, checking.get_certificate(order['certificate_id']))[0] == 0


def test_check_mode_file_uses_hosted_a_record(checking, file_server, dns_responder):
    checking.create_zone('example.biz')
    checking.zone_update('example.biz', [{'name': '', 'type': 'A', 'value': '127.0.0.1'}], [])
    _key, csr = make_csr(['example.biz'])
    order = checking.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'file')
    chal = order['challenges'][0]
    assert chal['file_path'] == '/.well-known/pki-validation/fileauth.txt'
    file_server.files[('example.biz', chal['file_path'])] = chal['file_content']
    checking.tick()
    checking.tick()
    assert checking.get_order(order['id'])['status'] == 'issued'
    assert dns_responder.queries == []


# ---------------------------------------------------------------- contacts, zones
def test_contacts_crud(box):
    contact = box.create_contact('autodns', {'fname': 'Ada', 'lname': 'Lovelace', 'email': 'ada@example.com'})
    assert contact['id'] and contact['provider'] == 'autodns' and contact['fname'] == 'Ada'
    other = box.create_contact('ssl247', {'first_name': 'Alan'})
    assert other['id'] == contact['id'] + 1
    updated = box.update_contact(contact['id'], {'fname': 'Augusta', 'id': 1, 'provider': 'x'})
    assert updated['fname'] == 'Augusta' and updated['id'] == contact['id'] and updated['provider'] == 'autodns'
    assert [c['id'] for c in box.list_contacts('autodns')] == [contact['id']]
    assert len(box.list_contacts()) == 2
    box.delete_contact(contact['id'])
    assert box.get_contact(contact['id']) is None
    with pytest.raises(KeyError):
        box.delete_contact(contact['id'])
    with pytest.raises(KeyError):
        box.update_contact(contact['id'], {})


def test_zones(box):
    zone = box.create_zone('Example.COM.')
    assert zone['origin'] == 'example.com' and zone['records'] == []
    assert box.create_zone('example.com')['created'] == zone['created']
    box.zone_update('example.com', [{'name': 'www', 'type': 'a', 'value': '192.0.2.1', 'ttl': 60},
                                    {'name': '@', 'type': 'TXT', 'value': '"x"'},
                                    {'name': 'mail.example.com.', 'type': 'A', 'value': '192.0.2.2'}], [])
    records = box.get_zone('example.com')['records']
    assert {(r['name'], r['type'], r['value']) for r in records} == {
        ('www', 'A', '192.0.2.1'), ('', 'TXT', '"x"'), ('mail', 'A', '192.0.2.2')}
    box.zone_update('example.com', [], [{'name': 'www', 'type': 'A'}, {'name': '', 'type': 'TXT', 'value': 'x'}])
    assert [r['name'] for r in box.get_zone('example.com')['records']] == ['mail']
    with pytest.raises(KeyError):
        box.zone_update('unknown.com', [], [])
    with pytest.raises(ValueError):
        box.zone_update('example.com', [{'name': 'x', 'type': 'A'}], [])
    with pytest.raises(ValueError, match='outside'):
        box.zone_update('example.com', [{'name': 'a.other.org.', 'type': 'A', 'value': '1.2.3.4'}], [])
    assert box.get_zone('nope.com') is None


# ---------------------------------------------------------------- persistence, reset, dump
def test_state_persists_and_reloads(tmp_path):
    path = str(tmp_path / 'state.json')
    box = core.Sandbox(state_path=path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    _key, csr = make_csr(['persist.example.com'])
    order, cert = issue_auto(box, box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns'))
    box.create_contact('autodns', {'fname': 'P'})
    box.charge('12.34', 'x')
    again = core.Sandbox(state_path=path)
    assert again.ca.root_pem == box.ca.root_pem
    assert again.get_order(order['id']) == order
    assert again.get_certificate(cert['id'])['pem'] == cert['pem']
    assert again.deposit == decimal.Decimal('987.66')
    assert abs((again.now() - box.now()).total_seconds()) < 5  # the clock offset survived
    assert again.new_id('job') == order['id'] + 1
    assert not [n for n in os.listdir(str(tmp_path)) if n.startswith('.sandbox-state-')]


def test_reset_keeps_the_ca_and_dump_has_no_secrets(tmp_path):
    path = str(tmp_path / 'state.json')
    box = core.Sandbox(state_path=path)
    root = box.ca.root_pem
    _key, csr = make_csr(['example.com'])
    box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'dns')
    box.advance_clock(10)
    box.create_zone('example.com')
    box.log_request('autodns', 'json', '400101', 'POST', '/autodns/v1/certificate', True, 202)
    assert 'PRIVATE KEY' not in json.dumps(box.dump())
    assert 'PRIVATE KEY' in open(path).read()  # the CA keys are persisted next to the state
    box.reset()
    assert box.list_orders() == [] and box.list_zones() == [] and box.requests == []
    assert abs((box.now() - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 5
    assert box.ca.root_pem == root
    assert core.Sandbox(state_path=path).ca.root_pem == root


def test_shared_token_and_per_domain_approvers(box):
    _key, csr = make_csr(['shop.example.com', 'www.example.com', '*.example.org'])
    plain = box.challenges_for(csr, ['shop.example.com', 'www.example.com'], 'dns', 'ssl247')
    assert plain[0]['record_value'] != plain[1]['record_value']
    order = box.create_order('ssl247', None, None, csr, 'P', 12, 'email', shared_token=True,
                             approver_email={'www.example.com': 'web@example.com', '*.example.org': 'o@example.org'})
    chals = order['challenges']
    assert [c['domain'] for c in chals] == ['shop.example.com', 'www.example.com', 'example.org']
    assert len({c['record_value'] for c in chals}) == 1 and len({c['file_path'] for c in chals}) == 1
    assert chals[0]['record_value'] == plain[0]['record_value']
    assert [c['record_name'] for c in chals] == [
        '_dnsauth.shop.example.com', '_dnsauth.www.example.com', '_dnsauth.example.org']
    assert [c['approver_email'] for c in chals] == ['admin@shop.example.com', 'web@example.com', 'o@example.org']
