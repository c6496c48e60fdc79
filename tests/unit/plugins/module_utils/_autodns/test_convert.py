# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AutoDNS convert: the shapes shared by the JSON and the XML client."""


import datetime
import json
import os

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._autodns import convert, errors, order_body
from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AuthenticationError,
    InputError,
    InvalidContactError,
    NotFoundError,
    NotRenewableError,
    ProviderError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import JOB_STATUSES, Contact, OrderRequest

UTC = datetime.timezone.utc
OPENAPI = '/work/shared/api/autodns-openapi.json'


def test_every_job_status_of_the_spec_is_mapped():
    values = ['RUNNING', 'SUCCESS', 'FAILED', 'CANCELED', 'SUPPORT', 'DEFERRED', 'NOT_SET', 'WAIT']
    if os.path.exists(OPENAPI):
        with open(OPENAPI) as handle:
            values = json.load(handle)['definitions']['JobStatusConstants']['enum']
    for value in values + ['DEFFERED']:
        assert convert.JOB_STATUS_MAP[value] in JOB_STATUSES


def test_job_status_mapping():
    assert convert.job_status('DEFFERED') == convert.job_status('DEFERRED') == 'deferred'
    assert convert.job_status('SUCCESS') == 'succeeded' and convert.job_status('CANCELED') == 'cancelled'
    assert convert.job_status('FAILED') == 'failed' and convert.job_status('wait') == 'running'
    # SUPPORT: InterNetX staff took over; the job is not over and must not invite a second (paid) order
    assert convert.job_status('SUPPORT') == 'deferred'
    assert convert.job_status('SOMETHING_NEW') == 'running' and convert.job_status(None) is None
    for status, values in convert.JOB_STATUS_FILTER.items():
        assert all(convert.job_status(v) == status for v in values)


def envelope(code, text='failed', status_code='E0000', type_='ERROR', objects=None):
    message = {'code': code, 'text': text, 'status': 'ERROR'}
    if objects:
        message['objects'] = objects
    return {'status': {'code': status_code, 'text': 'status text', 'type': type_}, 'messages': [message]}


@pytest.mark.parametrize('http_status, code, status_code, cls', [
    (401, 'EF01001', 'E0101', AuthenticationError),
    (403, 'EF99999', 'E0000', AuthenticationError),
    (200, 'EF01001', 'E0101', AuthenticationError),
    (400, 'EF4001012', 'E4001012', NotRenewableError),
    (400, 'EF4001006', 'E0000', InvalidContactError),
    (400, 'EF4001010', 'E0000', InvalidContactError),
    (404, 'EF300101', 'E300101', NotFoundError),
    (400, 'EF4002001', 'E0000', NotFoundError),
    (404, 'EF4001001', 'E0000', NotFoundError),
    (404, 'EF03014', 'E0304', NotFoundError),
    (404, 'EF12345', 'E0000', NotFoundError),
    (400, 'EF01000', 'E4001012', InputError),
    (400, 'EF01000', 'E01000', InputError),
    (500, 'EF00500', 'E0500', ProviderError),
    (400, 'EF400118', 'E400118', ProviderError),
])
def test_error_mapping(http_status, code, status_code, cls):
    error = errors.error_from_envelope(envelope(code, status_code=status_code), http_status, 'op (1)')
    assert isinstance(error, cls) and error.__class__ is cls  # exactly cls, not a subclass
    assert error.code == code and error.http_status == http_status and error.provider == 'autodns'
    assert str(error).startswith('autodns op (1): failed') and error.details['status_code'] == status_code


def test_error_without_messages_uses_status():
    error = errors.error_from_envelope({'status': {'code': 'E4001012', 'text': 'missing value', 'type': 'ERROR'}}, 400)
    assert isinstance(error, InputError) and error.code == 'E4001012' and error.message == 'missing value'


def test_error_names_the_objects():
    error = errors.error_from_envelope(envelope('EF01000', 'Invalid value.', objects=[{'type': 'field', 'value': 'csr'}]), 400)
    assert 'Invalid value. [field csr]' in str(error)


@pytest.mark.parametrize('text, opens_on', [
    ('Renewal possible from 2030-04-01 on.', '2030-04-01'),
    ('Erst ab 01.04.2030 moeglich.', '2030-04-01'),
    ('Das Zertifikat kann noch nicht verlaengert werden. Das ist erst 90 Tage vor Ablauf moeglich.', None),
])
def test_not_renewable_opens_on(text, opens_on):
    error = errors.error_from_envelope(envelope('EF4001012', text), 400)
    assert isinstance(error, NotRenewableError) and error.opens_on == opens_on


def test_is_error_envelope_and_raise():
    ok = {'status': {'code': 'S1', 'type': 'SUCCESS'}}
    assert not errors.is_error_envelope(ok, 200) and errors.raise_for_envelope(ok, 200) is ok
    assert errors.is_error_envelope({'status': {'type': 'error'}}, 200)   # XML spells it in lower case
    assert errors.is_error_envelope(ok, 500)
    with pytest.raises(NotFoundError):
        errors.raise_for_envelope(envelope('EF300101'), 404, 'job info (300114)')


def test_dns_challenges_one_authentication_for_all_names():
    auth = {'method': 'DNS', 'domains': [{'name': 'example.com'}, {'name': 'www.example.com'}],
            'dns': '_dnsauth.www.example.com.\t300\tIN\tTXT\t"t2"\n_dnsauth.example.com.\t300\tIN\tTXT\t"t1"\n',
            'status': 'COMPLETED'}
    challenges = convert.challenges_from_authentication(auth)
    assert [(c.domain, c.record_name, c.record_value, c.status) for c in challenges] == [
        ('www.example.com', '_dnsauth.www.example.com', 't2', 'valid'), ('example.com', '_dnsauth.example.com', 't1', 'valid')]


def test_dns_cname_challenge_and_wildcard():
    line = 'stvrvkg19vib8j5o1p35is3forhbo7zp.example.com.    300    IN    CNAME    s20170131154625.example.com.'
    challenges = convert.challenges_from_authentication({'method': 'DNS', 'dns': line}, ['*.example.com'])
    assert len(challenges) == 1
    chal = challenges[0]
    assert (chal.domain, chal.record_type, chal.record_value, chal.ttl) == ('*.example.com', 'CNAME', 's20170131154625.example.com.', 300)


def test_file_and_email_challenges():
    auth = {'method': 'FILE', 'fileName': 'example.com/.well-known/pki-validation/fileauth.txt', 'fileContent': 'abc'}
    challenges = convert.challenges_from_authentication(auth, ['example.com', 'www.example.com'])
    assert [(c.domain, c.file_path, c.file_content) for c in challenges] == [
        ('example.com', '/.well-known/pki-validation/fileauth.txt', 'abc'),
        ('www.example.com', '/.well-known/pki-validation/fileauth.txt', 'abc')]
    auth = {'method': 'EMAIL', 'approverEmails': ['admin@example.com']}
    challenges = convert.challenges_from_authentication(auth, ['example.com', 'www.example.com'],
                                                        {'www.example.com': 'hostmaster@example.com'})
    assert [c.approver_email for c in challenges] == ['admin@example.com', 'hostmaster@example.com']
    assert convert.challenges_from_authentication(None, ['x']) == []
    assert convert.challenges_from_authentication({'method': 'ORG'}, ['x']) == []


def test_certificate_from_api_statuses_and_lifetime():
    now = datetime.datetime(2026, 1, 1, tzinfo=UTC)
    data = {'id': 9, 'name': 'example.com', 'expire': '2026-06-01T00:00:00.000+0000', 'lifetime': {'unit': 'YEAR', 'period': 2},
            'subjectAlternativeNames': [{'name': 'example.com'}, {'name': 'www.example.com', 'approverEmail': 'a@example.com'}],
            'authentication': {'method': 'EMAIL', 'approverEmails': ['admin@example.com']}}
    cert = convert.certificate_from_api(data, now=now)
    assert (cert.id, cert.status, cert.lifetime_months, cert.validation_method) == ('9', 'issued', 24, 'email')
    assert cert.subject_alternative_names == ['example.com', 'www.example.com']
    assert [c.approver_email for c in cert.challenges] == ['admin@example.com', 'a@example.com']
    assert convert.certificate_from_api(data, now=datetime.datetime(2027, 1, 1, tzinfo=UTC)).status == 'expired'
    assert convert.certificate_from_api({'name': 'x'}).status == 'pending'
    assert convert.lifetime_months(12) == 12 and convert.lifetime_months(None) is None


def test_certificate_from_api_carries_the_paid_term_beside_the_expiry():
    """autodns-openapi.json ``definitions/Certificate``: ``expire`` "The notAfter date of the certificate",
    ``payable`` "Indicates when a runtime renewal must take place" (the end of the paid term), ``multiyear``
    and ``reissueRequired`` booleans, ``reissueStatus`` a string without documented values (kept as it comes)."""
    now = datetime.datetime(2027, 1, 1, tzinfo=UTC)
    data = {'id': 9, 'name': 'example.com', 'expire': '2027-03-01T10:00:00.000+0100',
            'payable': '2027-12-03T10:00:00.000+0100', 'multiyear': True, 'reissueRequired': False,
            'reissueStatus': 'SOME_VALUE_THE_SPEC_DOES_NOT_LIST', 'lifetime': {'unit': 'MONTH', 'period': 24}}
    cert = convert.certificate_from_api(data, now=now)
    assert (cert.not_after, cert.term_end) == ('2027-03-01T09:00:00Z', '2027-12-03T09:00:00Z')
    assert (cert.multiyear, cert.reissue_required, cert.reissue_status) == (True, False, 'SOME_VALUE_THE_SPEC_DOES_NOT_LIST')
    assert (cert.days_remaining(now), cert.term_days_remaining(now)) == (59, 336)
    assert cert.lifetime_months == 24 and cert.term_years is None and cert.remaining_reissues is None
    # an answer without the term's fields (older answers, a job's certificate) says nothing of a term
    bare = convert.certificate_from_api({'id': 9, 'name': 'example.com', 'expire': '2027-03-01T10:00:00.000+0100'})
    assert (bare.term_end, bare.multiyear, bare.reissue_required, bare.reissue_status) == (None, None, None, None)


@pytest.mark.parametrize('value, expected', [
    (True, True), (False, False), ('true', True), ('1', True), ('false', False), ('0', False),
    (None, None), ('', None), ('maybe', None)])
def test_boolean_or_none(value, expected):
    assert convert.boolean_or_none(value) is expected


def test_job_from_bare_job_and_object_job():
    job = convert.job_from_api({'id': 4, 'status': 'RUNNING'})
    assert (job.id, job.status, job.certificate) == ('4', 'running', None)
    entry = {'job': {'id': 5, 'status': 'FAILED', 'action': 'renew'},
             'object': {'type': 'Certificate', 'value': 'example.com', 'data': {'id': 77, 'name': 'example.com'}}}
    job = convert.job_from_api(entry)
    assert (job.status, job.certificate_id, job.certificate.status, job.object) == ('failed', '77', 'failed', 'example.com')


FULL_ADDRESS = dict(phone='+49-941-1234560', address=['Musterstrasse 6'], postal_code='93047', city='Regensburg',
                    country='DE')


def test_contact_round_trip():
    api = {'id': 1, 'fname': 'Jon', 'lname': 'Doe', 'address': 'One line', 'pcode': 12345, 'state': 'Bayern',
           'city': 'Regensburg', 'country': 'DE', 'email': 'jon@example.com', 'phone': '+49-941-1234560'}
    contact = convert.contact_from_api(api)
    assert (contact.id, contact.address, contact.postal_code, contact.region) == ('1', ['One line'], '12345', 'Bayern')
    back = convert.contact_to_api(contact, include_id=True)
    assert back == {'id': 1, 'fname': 'Jon', 'lname': 'Doe', 'address': ['One line'], 'pcode': '12345', 'state': 'Bayern',
                    'city': 'Regensburg', 'country': 'DE', 'email': 'jon@example.com', 'phone': '+49-941-1234560'}
    assert 'id' not in convert.contact_to_api(contact)


def test_order_request_to_api_with_inline_contact_and_file_method():
    request = OrderRequest('example.com', ['www.example.com'], product='BASIC_SSL', lifetime_months=24, csr='CSR',
                           software='APACHE2', signature_hash_algorithm='SHA2_FULL_CHAIN', validation_method='file',
                           admin_contact=Contact(first_name='A', last_name='B', email='a@example.com', **FULL_ADDRESS),
                           technical_contact=Contact(id='7'))
    body = order_body.order_request_to_api(request)
    assert body == {
        'name': 'example.com', 'product': 'BASIC_SSL', 'lifetime': {'unit': 'MONTH', 'period': 24}, 'software': 'APACHE2',
        'csr': 'CSR', 'signatureHashAlgorithm': 'SHA2_FULL_CHAIN',
        'adminContact': {'fname': 'A', 'lname': 'B', 'email': 'a@example.com', 'phone': '+49-941-1234560',
                         'address': ['Musterstrasse 6'], 'pcode': '93047', 'city': 'Regensburg', 'country': 'DE'},
        'technicalContact': {'id': 7},
        'subjectAlternativeNames': [{'name': 'www.example.com'}], 'authentication': {'method': 'FILE'}}
    assert order_body.prepare_order_to_api(request) == {
        'plain': 'CSR', 'name': 'example.com', 'product': 'BASIC_SSL', 'subjectAlternativeNames': [{'name': 'www.example.com'}],
        'authentication': [{'method': 'FILE'}]}
    with pytest.raises(InputError):
        order_body.order_request_to_api(OrderRequest('example.com', validation_method='carrier-pigeon'))


def test_challenges_from_prepare_order_follow_the_name_order():
    data = {'name': 'a.example', 'subjectAlternativeNames': [{'name': 'b.example'}], 'authentication': [
        {'name': 'b.example', 'method': 'DNS', 'dns': '_dnsauth.b.example. 300 IN TXT "2"'},
        {'name': 'a.example', 'method': 'DNS', 'dns': '_dnsauth.a.example. 300 IN TXT "1"'}]}
    assert [c.record_value for c in order_body.challenges_from_prepare_order(data)] == ['1', '2']


def test_wildcard_allowed():
    assert order_body.wildcard_allowed('RAPIDSSL_WILDCARD') is True
    assert order_body.wildcard_allowed('basic_ssl_wildcard') is True
    assert order_body.wildcard_allowed('BASIC_SSL') is False
    assert order_body.wildcard_allowed(None) is None
