# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AutoDNS JSON client against a fake transport (the HTTP seam), with the seeds' own answers."""


import base64
import json

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._autodns import convert
from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    AuthenticationError,
    InputError,
    InvalidContactError,
    MalformedResponseError,
    NotFoundError,
    NotRenewableError,
)
from ansible_collections.certops.reseller.plugins.module_utils._http import HttpResponse
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact, OrderRequest

# --- the seeds' JSON answers, verbatim (seeds/000_5093ae4572edb45e.txt, seeds/001_a36742195b52eae7.txt) ---
SEED_JOB_LIST = '''{
  "stid": "20180926-stid",
  "status": {
    "code": "S300115",
    "text": "Request data has been inquired successfully.",
    "type": "SUCCESS"
  },
  "object": {
    "type": "ObjectJob",
    "summary": 1
  },
  "data": [
    {
      "job": {
        "created": "2019-10-23T16:12:33.000+0200",
        "updated": "2019-10-23T17:26:01.000+0200",
        "owner": {
          "context": 9,
          "user": "user"
        },
        "updater": {
          "context": 9,
          "user": "user"
        },
        "status": "DEFFERED",
        "subStatus": "WF_EMAIL_AUTH",
        "execution": "2019-10-23T17:25:58.000+0200",
        "subType": "RAPID_SSL",
        "action": "create",
        "id": 12345
      },
      "object": {
        "type": "Certificate",
        "value": "domain.de"
      }
    }
  ]
}'''

SEED_JOB_INFO = '''{
  "stid": "20200228-stid",
  "status": {
    "code": "S300114",
    "text": "The workflow order was inquired succesfully.",
    "type": "SUCCESS"
  },
  "object": {
    "type": "ObjectJob",
    "value": "12345"
  },
  "data": [
    {
      "job": {
        "created": "2019-10-23T16:12:33.000+0200",
        "updated": "2019-10-23T17:26:01.000+0200",
        "owner": {
          "context": 9,
          "user": "user"
        },
        "updater": {
          "context": 9,
          "user": "user"
        },
        "status": "DEFFERED",
        "subStatus": "WF_EMAIL_AUTH",
        "execution": "2019-10-23T17:25:58.000+0200",
        "subType": "RAPID_SSL",
        "action": "create",
        "id": 12345
      },
      "object": {
        "type": "Certificate",
        "value": "domain.de",
        "data": {
          "created": "2019-10-23T00:00:00.000+0200",
          "partnerOrderId": "IX-CC-12345",
          "orderId": "9202720",
          "adminContact": {
            "fname": "Jon",
            "lname": "Doe",
            "phone": "+49-0-0",
            "fax": "+49-0-0",
            "email": "jon.doe@domain.de",
            "title": "Herr",
            "organization": "Muster GmbH",
            "address": [
              "Musterstrasse 6"
            ],
            "pcode": "12345",
            "city": "Musterstadt",
            "country": "DE",
            "state": "Bayern",
            "id": 1
          },
          "technicalContact": {
            "fname": "Jon",
            "lname": "Doe",
            "phone": "+49-0-0",
            "fax": "+49-0-0",
            "email": "jon.doe@domain.de",
            "title": "Herr",
            "organization": "Muster GmbH",
            "address": [
              "Musterstrasse 6"
            ],
            "pcode": "12345",
            "city": "Musterstadt",
            "country": "DE",
            "state": "Bayern",
            "id": 1
          },
          "name": "domain.de",
          "lifetime": {
            "unit": "MONTH",
            "period": 12
          },
          "software": "APACHE2",
          "csr": "-----BEGIN CERTIFICATE REQUEST-----\\n ... \\n-----END CERTIFICATE REQUEST-----",
          "product": "RAPID_SSL",
          "signatureHashAlgorithm": "SHA2_FULL_CHAIN",
          "expire": "2020-10-23T00:00:00.000+0200",
          "certificationAuthority": [],
          "authentication": {
            "method": "EMAIL",
            "approverEmails": [
              "admin@domain.de"
            ]
          },
          "certificateTransparencyPrivacy": "PUBLIC"
        }
      }
    }
  ]
}'''

SEED_JOB_CANCEL = '''{
  "stid": "20200228-stid",
  "status": {
    "code": "S300121",
    "text": "The workflow request was canceled successfully.",
    "type": "SUCCESS"
  },
  "object": {
    "type": "ObjectJob",
    "value": "12345"
  }
}'''

SEED_RESEND = '''{
  "stid": "20200228-stid",
  "status": {
    "code": "S400118",
    "text": "The order for resending was successfully submitted to the CA.",
    "type": "SUCCESS"
  },
  "object": {
    "type": "Certificate_job",
    "value": "12345"
  }
}'''

SEED_RENEW = '''{
   "stid": "20190627-app2-dev-23276",
   "status": {
      "code": "N400106",
      "text": "Laufzeitverl\u00e4ngerung f\u00fcr das Zertifikat wurde erfolgreich gestartet.",
      "type": "NOTIFY"
   },
   "object": {
      "type": "Certificate",
      "value": "example.com"
   },
   "data": [
      {
         "id": 4297539521
      }
   ]
}'''

AUTH_ERROR = {
    'stid': 's', 'status': {'code': 'E0101', 'text': 'Authentication error.', 'type': 'ERROR'},
    'messages': [{'code': 'EF01001', 'text': 'Authentication error.', 'status': 'ERROR'}],
}

CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n'


def envelope(code='S000000', type_='SUCCESS', data=None, obj=None, messages=None):
    result = {'stid': 'stid-1', 'status': {'code': code, 'text': 'text of %s' % code, 'type': type_}}
    if obj is not None:
        result['object'] = obj
    if data is not None:
        result['data'] = data
    if messages is not None:
        result['messages'] = messages
    return result


def error(http_code, code, text='failed', status_code='E0000'):
    return http_code, envelope(status_code, 'ERROR', messages=[{'code': code, 'text': text, 'status': 'ERROR'}])


class FakeTransport(object):
    """Answers queued (status, body[, headers]) in order and records every call."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, method, url, headers, body, timeout):
        self.calls.append(dict(method=method, url=url, headers=headers,
                               body=json.loads(body.decode('utf-8')) if body else None))
        if not self.answers:
            raise AssertionError('unexpected request %s %s' % (method, url))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, payload = answer[0], answer[1]
        headers = answer[2] if len(answer) > 2 else {'Content-Type': 'application/json;charset=UTF-8'}
        if isinstance(payload, (dict, list)):
            payload = json.dumps(payload)
        return HttpResponse(status, headers, payload)

    def path(self, index=-1):
        return self.calls[index]['url'].split('/v1', 1)[1]


def make(*answers, **settings):
    transport = FakeTransport(*answers)
    values = dict(provider='autodns', api_url='https://api.example.test/v1', username='user', password='s3cret', context=9)
    values.update(settings)
    provider = create_provider(ConnectionSettings(**values), transport=transport, sleep=lambda seconds: None)
    return provider, transport


def order(**kwargs):
    values = dict(common_name='example.com', subject_alternative_names=['www.example.com'], product='BASIC_SSL',
                  lifetime_months=12, csr=CSR, validation_method='dns', admin_contact='11', technical_contact='12')
    values.update(kwargs)
    return OrderRequest(**values)


# --- plumbing ------------------------------------------------------------------------------

def test_hello_sends_basic_auth_context_and_user_agent():
    provider, transport = make((200, envelope('S0000', data=[])))
    result = provider.check_connection()
    call = transport.calls[0]
    assert call['method'] == 'GET' and transport.path() == '/hello'
    assert call['headers']['Authorization'] == 'Basic ' + base64.b64encode(b'user:s3cret').decode()
    assert call['headers']['X-Domainrobot-Context'] == '9'
    assert call['headers']['User-Agent'].startswith('certops.reseller/')
    assert result['stid'] == 'stid-1'


def test_authentication_error_has_code_and_no_secret():
    provider, dummy = make((401, AUTH_ERROR))
    with pytest.raises(AuthenticationError) as exc:
        provider.check_connection()
    assert exc.value.code == 'EF01001' and exc.value.http_status == 401
    assert 's3cret' not in str(exc.value)


@pytest.mark.parametrize('status, body, headers, words', [
    (502, '<html><title>Bad gateway</title></html>', {'Content-Type': 'text/html'}, 'HTML'),
    (200, '{"stid": "x", "status": {"code": "S', {'Content-Type': 'application/json'}, 'truncated'),
    (200, '{"stid": "x"}', {'Content-Type': 'text/plain'}, 'text/plain'),
    (200, '', {'Content-Type': 'application/json'}, 'empty'),
    (200, '[1, 2]', {'Content-Type': 'application/json'}, 'envelope'),
])
def test_non_envelope_answers_are_malformed(status, body, headers, words):
    provider, transport = make((status, body, headers), (status, body, headers), (status, body, headers),
                               (status, body, headers), (status, body, headers))
    with pytest.raises(MalformedResponseError) as exc:
        provider.get_certificate('5')
    text = str(exc.value)
    assert words in text and 'certificate info (400104)' in text and 'HTTP %d' % status in text


def test_rate_limited_read_is_retried_after_retry_after():
    slept = []
    transport = FakeTransport((429, envelope('E', 'ERROR'), {'Retry-After': '3', 'Content-Type': 'application/json'}),
                              (200, envelope('S400104', data=[{'id': 5, 'name': 'a.example'}])))
    provider = create_provider(ConnectionSettings('autodns', username='u', password='p'), transport=transport,
                               sleep=slept.append)
    assert provider.get_certificate('5').common_name == 'a.example'
    assert len(transport.calls) == 2 and slept and slept[0] >= 3


def test_create_on_503_is_ambiguous_and_sent_once():
    provider, transport = make((503, envelope('E', 'ERROR')))
    with pytest.raises(AmbiguousResultError):
        provider.create_certificate(order())
    assert len(transport.calls) == 1


# --- certificates --------------------------------------------------------------------------

def test_create_certificate_request_and_job():
    answer = envelope('N400101', 'NOTIFY', obj={'type': 'Certificate', 'value': 'example.com'},
                      data=[{'id': 777, 'status': 'RUNNING'}])
    provider, transport = make((200, answer))
    job = provider.create_certificate(order(dns_provisioning=True))
    call = transport.calls[0]
    assert call['method'] == 'POST' and transport.path() == '/certificate'
    body = call['body']
    assert body['name'] == 'example.com' and body['product'] == 'BASIC_SSL' and body['csr'] == CSR
    assert body['lifetime'] == {'unit': 'MONTH', 'period': 12}
    assert body['adminContact'] == {'id': 11} and body['technicalContact'] == {'id': 12}
    assert body['subjectAlternativeNames'] == [{'name': 'www.example.com'}]
    assert body['authentication'] == {'method': 'DNS', 'provisioning': True}
    assert call['headers']['Content-Type'] == 'application/json'
    assert (job.id, job.status, job.provider_status, job.object, job.action) == ('777', 'running', 'RUNNING', 'example.com', 'create')


def test_create_email_validation_carries_approver():
    answer = envelope('N400101', 'NOTIFY', data=[{'id': 1, 'status': 'RUNNING'}])
    provider, transport = make((200, answer))
    provider.create_certificate(order(validation_method='email', approver_email='admin@example.com'))
    body = transport.calls[0]['body']
    assert body['authentication'] == {'method': 'EMAIL', 'approverEmails': ['admin@example.com']}
    assert body['subjectAlternativeNames'] == [{'name': 'www.example.com', 'approverEmail': 'admin@example.com'}]


def test_create_without_job_id_is_ambiguous():
    provider, dummy = make((200, envelope('N400101', 'NOTIFY', data=[])))
    with pytest.raises(AmbiguousResultError):
        provider.create_certificate(order())


def test_create_without_csr_makes_no_call():
    provider, transport = make()
    with pytest.raises(InputError):
        provider.create_certificate(order(csr=None))
    assert transport.calls == []


def test_create_invalid_contact():
    provider, dummy = make(error(400, 'EF4001006', 'The administrative contact is invalid.'))
    with pytest.raises(InvalidContactError) as exc:
        provider.create_certificate(order())
    assert exc.value.code == 'EF4001006'


def test_prepare_order_dns():
    data = [{'name': 'example.com', 'subjectAlternativeNames': [{'name': 'www.example.com'}], 'authentication': [
        {'name': 'www.example.com', 'method': 'DNS', 'dns': '_dnsauth.www.example.com.\t300\tIN\tTXT\t"tok2"'},
        {'name': 'example.com', 'method': 'DNS', 'dns': '_dnsauth.example.com.\t300\tIN\tTXT\t"tok1"'},
    ]}]
    provider, transport = make((200, envelope('S400110', data=data)))
    challenges = provider.prepare_order(order())
    body = transport.calls[0]['body']
    assert transport.path() == '/certificate/_prepareOrder'
    assert body['plain'] == CSR and body['product'] == 'BASIC_SSL' and body['authentication'] == [{'method': 'DNS'}]
    assert [(c.domain, c.record_name, c.record_type, c.record_value, c.ttl) for c in challenges] == [
        ('example.com', '_dnsauth.example.com', 'TXT', 'tok1', 300),
        ('www.example.com', '_dnsauth.www.example.com', 'TXT', 'tok2', 300)]


def test_prepare_order_file():
    data = [{'name': 'example.com', 'authentication': [
        {'name': 'example.com', 'method': 'FILE', 'fileName': 'example.com/.well-known/pki-validation/fileauth.txt',
         'fileContent': 'abc'}]}]
    provider, dummy = make((200, envelope('S400110', data=data)))
    challenges = provider.prepare_order(order(subject_alternative_names=[], validation_method='file'))
    assert [(c.domain, c.method, c.file_path, c.file_content) for c in challenges] == [
        ('example.com', 'file', '/.well-known/pki-validation/fileauth.txt', 'abc')]


def issued(cert_id=5, name='example.com', expire='2099-01-01T00:00:00.000+0000'):
    return {'id': cert_id, 'name': name, 'product': 'BASIC_SSL', 'expire': expire, 'created': '2026-01-01T00:00:00.000+0000',
            'server': '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----',
            'certificationAuthority': [
                {'caType': 'INTERMEDIATE', 'caCertificate': '-----BEGIN CERTIFICATE-----\nINT\n-----END CERTIFICATE-----'},
                {'caType': 'ROOT', 'caCertificate': '-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----'}],
            'subjectAlternativeNames': [{'name': 'www.' + name}], 'lifetime': {'unit': 'MONTH', 'period': 12},
            'serialNumber': '0a1b', 'orderId': 'O-1', 'adminContact': {'id': 11}, 'technicalContact': {'id': 12}}


def test_get_certificate_parses_chain_and_status():
    provider, transport = make((200, envelope('S400104', data=[issued()])))
    cert = provider.get_certificate('5')
    assert transport.calls[0]['method'] == 'GET' and transport.path() == '/certificate/5'
    assert cert.id == '5' and cert.status == 'issued' and cert.not_after == '2099-01-01T00:00:00Z'
    assert cert.subject_alternative_names == ['example.com', 'www.example.com']
    assert 'INT' in cert.chain and 'ROOT' not in cert.chain and 'ROOT' in cert.extra['root']
    assert cert.fullchain.count('BEGIN CERTIFICATE') == 2
    assert (cert.admin_contact_id, cert.technical_contact_id, cert.lifetime_months) == ('11', '12', 12)


def test_get_certificate_not_found():
    provider, dummy = make(error(404, 'EF4001001', 'certificate not found'))
    with pytest.raises(NotFoundError):
        provider.get_certificate('99')


def test_list_certificates_paginates_and_filters():
    page1 = envelope('S400105', obj={'type': 'Certificate', 'summary': 101}, data=[issued(i, 'n%d.example' % i) for i in range(100)])
    page2 = envelope('S400105', obj={'type': 'Certificate', 'summary': 101},
                     data=[issued(100, 'old.example', expire='2001-01-01T00:00:00.000+0000')])
    provider, transport = make((200, page1), (200, page2))
    certificates, total = provider.list_certificates(common_name='*.example', product='BASIC_SSL')
    assert total == 101 and len(certificates) == 101 and certificates[-1].status == 'expired'
    assert [c['body']['view'] for c in transport.calls] == [{'limit': 100, 'offset': 0}, {'limit': 100, 'offset': 100}]
    assert transport.calls[0]['body']['filters'] == [
        {'key': 'name', 'value': '*.example', 'operator': 'LIKE', 'link': 'AND'},
        {'key': 'product', 'value': 'BASIC_SSL', 'operator': 'EQUAL', 'link': 'AND'}]


def test_info_and_search_answers_carry_the_paid_term():
    """``definitions/Certificate`` of autodns-openapi.json: ``payable`` (date-time, the end of the paid term),
    ``multiyear``, ``reissueRequired`` (booleans), ``reissueStatus`` (string) beside ``expire``; the search
    (400105) answers Certificate objects too, so a list carries them when the provider sends them."""
    term = dict(issued(expire='2099-03-01T00:00:00.000+0000'), payable='2099-12-03T00:00:00.000+0000',
                multiyear=False, reissueRequired=True, reissueStatus='PENDING')
    provider, transport = make((200, envelope('S400104', data=[term])),
                               (200, envelope('S400105', obj={'summary': 2}, data=[term, issued(6)])))
    cert = provider.get_certificate('5')
    assert (cert.not_after, cert.term_end) == ('2099-03-01T00:00:00Z', '2099-12-03T00:00:00Z')
    assert (cert.multiyear, cert.reissue_required, cert.reissue_status) == (False, True, 'PENDING')
    listed, total = provider.list_certificates()
    assert [c.term_end for c in listed] == ['2099-12-03T00:00:00Z', None]
    assert listed[0].to_dict()['term_days_remaining'] > listed[0].to_dict()['days_remaining']


def test_list_certificates_one_page_with_limit():
    provider, transport = make((200, envelope('S400105', obj={'summary': 7}, data=[issued()])))
    certificates, total = provider.list_certificates(limit=1, offset=3)
    assert total == 7 and len(certificates) == 1
    assert transport.calls[0]['body'] == {'view': {'limit': 1, 'offset': 3}}


def test_renew_seed_answer():
    provider, transport = make((200, SEED_RENEW))
    job = provider.renew_certificate('4711')
    call = transport.calls[0]
    assert call['method'] == 'PUT' and transport.path() == '/certificate/4711/_renew'
    assert call['body'] == {}
    assert (job.id, job.status, job.certificate_id, job.object, job.action) == ('4297539521', 'running', '4711', 'example.com', 'renew')


def test_renew_too_early_tells_when_it_opens():
    provider, transport = make(error(400, 'EF4001012', 'The certificate cannot be renewed yet.'),
                               (200, envelope('S400104', data=[issued(expire='2030-06-30T00:00:00.000+0000')])))
    with pytest.raises(NotRenewableError) as exc:
        provider.renew_certificate('5', order())
    assert exc.value.code == 'EF4001012' and exc.value.opens_on == '2030-04-01'
    assert '2030-04-01' in str(exc.value)
    assert transport.calls[0]['body']['csr'] == CSR and transport.calls[0]['body']['id'] == 5
    assert len(transport.calls) == 2


def test_renew_on_unreachable_is_not_repeated():
    from ansible_collections.certops.reseller.plugins.module_utils._http import Unreachable
    provider, transport = make(Unreachable('reset'))
    with pytest.raises(AmbiguousResultError):
        provider.renew_certificate('5')
    assert len(transport.calls) == 1


def test_reissue_revoke_delete_routes():
    provider, transport = make(
        (200, envelope('N400102', 'NOTIFY', data=[{'id': 8, 'status': 'RUNNING'}])),
        (200, envelope('S4001031', obj={'type': 'Certificate', 'value': '5'})),
        (200, envelope('S400103', obj={'type': 'Certificate', 'value': '5'})))
    job = provider.reissue_certificate('5', order())
    assert (transport.calls[0]['method'], transport.path(0)) == ('PUT', '/certificate/5')
    assert transport.calls[0]['body']['csr'] == CSR and job.id == '8' and job.certificate_id == '5'
    assert provider.revoke_certificate('5') is None
    assert (transport.calls[1]['method'], transport.path(1)) == ('POST', '/certificate/5/_revoke')
    assert provider.cancel_certificate('5') is None
    assert (transport.calls[2]['method'], transport.path(2)) == ('DELETE', '/certificate/5')


def test_wildcard_by_product_name():
    provider, transport = make()
    assert provider.product_allows_wildcard('RAPIDSSL_WILDCARD') is True
    assert provider.product_allows_wildcard('BASIC_SSL') is False
    assert transport.calls == []


# --- jobs --------------------------------------------------------------------------------------

def test_list_jobs_seed():
    provider, transport = make((200, SEED_JOB_LIST))
    jobs, total = provider.list_jobs(status='deferred', object_name='domain.de', limit=10)
    assert transport.path() == '/job/_search'
    assert transport.calls[0]['body'] == {'view': {'limit': 10, 'offset': 0}, 'filters': [
        {'key': 'status', 'values': ['DEFERRED', 'SUPPORT'], 'operator': 'IN', 'link': 'AND'},
        {'key': 'object', 'value': 'domain.de', 'operator': 'EQUAL', 'link': 'AND'}]}
    assert total == 1
    job = jobs[0]
    assert (job.id, job.status, job.provider_status, job.sub_status, job.object, job.action) == (
        '12345', 'deferred', 'DEFERRED', 'WF_EMAIL_AUTH', 'domain.de', 'create')   # the seed says DEFFERED
    assert job.created == '2019-10-23T14:12:33Z' and job.active


def test_list_jobs_history_route():
    provider, transport = make((200, envelope('S300135', obj={'summary': 0}, data=[])))
    assert provider.list_jobs(history=True) == ([], 0)
    assert transport.path() == '/job/history/_search'


def test_get_job_seed_with_certificate_data():
    provider, transport = make((200, SEED_JOB_INFO))
    job = provider.get_job('12345')
    assert transport.path() == '/job/12345'
    assert job.status == 'deferred' and job.certificate is not None
    assert job.certificate.status == 'validating' and job.certificate.order_id == '9202720'
    assert job.certificate.admin_contact_id == '1' and job.certificate.product == 'RAPID_SSL'
    assert [(c.domain, c.method, c.approver_email) for c in job.challenges] == [('domain.de', 'email', 'admin@domain.de')]


def test_get_job_falls_back_to_history():
    done = {'job': {'id': 5, 'status': 'SUCCESS', 'action': 'create'},
            'object': {'type': 'Certificate', 'value': 'example.com', 'data': issued(42)}}
    provider, transport = make(error(404, 'EF300101', 'job not found'), (200, envelope('S300134', data=[done])))
    job = provider.get_job('5')
    assert [transport.path(0), transport.path(1)] == ['/job/5', '/job/history/5']
    assert job.status == 'succeeded' and job.certificate_id == '42' and job.certificate.status == 'issued'


def test_get_job_unknown_everywhere():
    provider, dummy = make(error(404, 'EF300101'), error(404, 'EF300101'))
    with pytest.raises(NotFoundError) as exc:
        provider.get_job('5')
    assert exc.value.code == 'EF300101'


def test_cancel_job_seed():
    provider, transport = make((200, SEED_JOB_CANCEL))
    job = provider.cancel_job('12345')
    assert (transport.calls[0]['method'], transport.path()) == ('PUT', '/job/12345/_cancel')
    assert (job.id, job.status) == ('12345', 'cancelled')


def test_resend_approver_email_seed_and_refusal():
    provider, transport = make((200, SEED_RESEND), error(400, 'EF400118', 'job does not wait for approver e-mail'))
    assert provider.resend_approver_email('12345') is None
    assert (transport.calls[0]['method'], transport.path(0)) == ('PUT', '/job/12345/_resendApproverEmail')
    with pytest.raises(Exception) as exc:
        provider.resend_approver_email('12345')
    assert exc.value.code == 'EF400118' and 'approver e-mail resend (400118)' in str(exc.value)


# --- contacts ----------------------------------------------------------------------------------

CONTACT = {'id': 3, 'fname': 'Jon', 'lname': 'Doe', 'email': 'jon@example.com', 'organization': 'Muster GmbH',
           'address': ['Musterstrasse 6'], 'pcode': '12345', 'city': 'Musterstadt', 'state': 'Bayern', 'country': 'DE',
           'phone': '+49-0-0', 'title': 'Herr'}


def test_contact_create_get_update_delete_list():
    provider, transport = make(
        (200, envelope('S400201', data=[CONTACT])),
        (200, envelope('S400204', data=[CONTACT])),
        (200, envelope('S400202', data=[dict(CONTACT, city='Berlin')])),
        (200, envelope('S400203')),
        (200, envelope('S400205', obj={'summary': 1}, data=[CONTACT])))
    contact = provider.create_contact(Contact(first_name='Jon', last_name='Doe', email='jon@example.com',
                                              address=['Musterstrasse 6'], postal_code='12345', region='Bayern',
                                              city='Regensburg', country='DE', phone='+49-941-1234560'))
    assert transport.path(0) == '/sslcontact' and transport.calls[0]['body'] == {
        'fname': 'Jon', 'lname': 'Doe', 'email': 'jon@example.com', 'address': ['Musterstrasse 6'], 'pcode': '12345',
        'state': 'Bayern', 'city': 'Regensburg', 'country': 'DE', 'phone': '+49-941-1234560'}
    assert (contact.id, contact.postal_code, contact.region) == ('3', '12345', 'Bayern')
    assert provider.get_contact('3').first_name == 'Jon' and transport.path(1) == '/sslcontact/3'
    contact.city = 'Berlin'
    assert provider.update_contact(contact).city == 'Berlin'
    assert (transport.calls[2]['method'], transport.path(2), transport.calls[2]['body']['id']) == ('PUT', '/sslcontact/3', 3)
    provider.delete_contact('3')
    assert (transport.calls[3]['method'], transport.path(3)) == ('DELETE', '/sslcontact/3')
    contacts, total = provider.list_contacts(email='jon@example.com', limit=5)
    assert total == 1 and contacts[0].email == 'jon@example.com'
    assert transport.calls[4]['body']['filters'] == [{'key': 'email', 'value': 'jon@example.com', 'operator': 'EQUAL'}]


def test_contact_not_found():
    provider, dummy = make(error(404, 'EF4002001', 'SSL contact not found'))
    with pytest.raises(NotFoundError):
        provider.get_contact('9')


# --- zones -------------------------------------------------------------------------------------

def test_get_zone_finds_nameserver_and_stream_update():
    zone = {'origin': 'example.com', 'virtualNameServer': 'a.ns14.net',
            'resourceRecords': [{'name': '_dnsauth', 'type': 'TXT', 'value': 'tok', 'ttl': 300}, {'name': '', 'type': 'A', 'value': '192.0.2.1'}]}
    provider, transport = make(
        (200, envelope('S0205', obj={'summary': 1}, data=[{'origin': 'example.com', 'virtualNameServer': 'a.ns14.net'}])),
        (200, envelope('S0205', data=[zone])),
        (200, envelope('S0202002', data=[zone])))
    result = provider.get_zone('example.com')
    assert transport.path(0) == '/zone/_search' and transport.calls[0]['body']['filters'][0]['value'] == 'example.com'
    assert transport.path(1) == '/zone/example.com/a.ns14.net'
    assert result['records'][0] == {'name': '_dnsauth', 'type': 'TXT', 'value': 'tok', 'ttl': 300}
    provider.update_zone_records('example.com', adds=[{'name': '_dnsauth.www', 'type': 'txt', 'value': 'x', 'ttl': 300}],
                                 removes=[{'name': '_dnsauth', 'type': 'TXT', 'value': 'tok'}])
    assert (transport.calls[2]['method'], transport.path(2)) == ('POST', '/zone/example.com/_stream')
    assert transport.calls[2]['body'] == {'adds': [{'name': '_dnsauth.www', 'type': 'TXT', 'value': 'x', 'ttl': 300}],
                                          'rems': [{'name': '_dnsauth', 'type': 'TXT', 'value': 'tok'}]}


def test_zone_not_hosted():
    provider, dummy = make((200, envelope('S0205', obj={'summary': 0}, data=[])))
    with pytest.raises(NotFoundError):
        provider.get_zone('example.org')


# --- the client against the sandbox front-end, in process (no socket) ---------------------------

import os  # noqa: E402
import sys  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

SIMULATOR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'simulator'))


def _simulator():
    if SIMULATOR not in sys.path:
        sys.path.insert(0, SIMULATOR)
    import core
    import autodns_json
    return core, autodns_json


def make_csr(*names):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
    builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode('ascii')


class SandboxTransport(object):
    """Hands each request straight to the front-end, like server.py does (tick, lock, handle)."""

    def __init__(self, sandbox):
        core, autodns_json = _simulator()
        self.core = core
        self.sandbox = sandbox
        self.frontend = autodns_json.Frontend(sandbox)
        self.replies = []

    def __call__(self, method, url, headers, body, timeout):
        path = urlsplit(url).path
        assert path.startswith(self.frontend.prefix)
        self.sandbox.tick()
        request = self.core.Request(method, path[len(self.frontend.prefix):], {},
                                    dict((k.lower(), v) for k, v in headers.items()), body or b'')
        with self.sandbox.lock:
            reply = self.frontend.handle(request)
        self.replies.append(reply)
        return HttpResponse(reply.status, {'Content-Type': reply.content_type}, reply.body)

    def raw(self, method, path, body=b'', **headers):
        """One request with the sandbox credentials unless headers say otherwise -> (Reply, envelope)."""
        all_headers = {'authorization': 'Basic ' + base64.b64encode(b'sandbox:sandbox').decode(),
                       'x-domainrobot-context': '4'}
        all_headers.update(headers)
        reply = self.frontend.handle(self.core.Request(method, path, {}, all_headers, body))
        return reply, json.loads(reply.body)


@pytest.fixture(scope='module')
def shared_sandbox():
    core, dummy = _simulator()
    return core.Sandbox()


@pytest.fixture
def sandbox(shared_sandbox):
    shared_sandbox.reset()
    return shared_sandbox


@pytest.fixture
def live(sandbox):
    transport = SandboxTransport(sandbox)
    provider = create_provider(ConnectionSettings('autodns', api_url='https://sandbox.test/autodns/v1',
                                                  username='sandbox', password='sandbox', context=4),
                               transport=transport, sleep=lambda seconds: None)
    return provider, transport


def pass_dcv(sandbox):
    sandbox.advance_clock(0.001)   # 86 s of sandbox clock: --dcv auto validates after 2 s
    sandbox.tick()


def issue(provider, sandbox, names=('example.com', 'www.example.com'), **kwargs):
    request = order(common_name=names[0], subject_alternative_names=list(names[1:]), csr=make_csr(*names),
                    admin_contact=None, technical_contact=None, **kwargs)
    job = provider.create_certificate(request)
    pass_dcv(sandbox)
    done = provider.get_job(job.id)
    assert done.status == 'succeeded', done
    return provider.get_certificate(done.certificate_id), request


def test_live_order_lifecycle(live, sandbox):
    provider, transport = live
    contact = provider.create_contact(Contact(first_name='Jon', last_name='Doe', email='jon@example.com',
                                              phone='+49-941-1234560', address=['Musterstrasse 6'], postal_code='93047',
                                              city='Regensburg', country='DE'))
    csr = make_csr('example.com', 'www.example.com')
    request = order(csr=csr, admin_contact=contact.id, technical_contact=contact.id)
    prepared = provider.prepare_order(request)
    assert [c.record_name for c in prepared] == ['_dnsauth.example.com', '_dnsauth.www.example.com']
    job = provider.create_certificate(request)
    assert job.status == 'running' and transport.replies[-1].mutating and transport.replies[-1].operation == '400101'
    sandbox.tick()
    running = provider.get_job(job.id)
    assert (running.status, running.provider_status, running.sub_status) == ('deferred', 'DEFERRED', 'WF_DNS_AUTH')
    # prepareOrder and the order agree on the DCV values (same key, same day)
    assert [(c.domain, c.record_value) for c in running.challenges] == [(c.domain, c.record_value) for c in prepared]
    jobs, total = provider.list_jobs(object_name='example.com')
    assert total == 1 and jobs[0].id == job.id
    pass_dcv(sandbox)
    assert provider.list_jobs() == ([], 0)
    done = provider.get_job(job.id)   # moved to the history: found there automatically
    assert [r.operation for r in transport.replies[-2:]] == ['300114', '300134']
    assert done.status == 'succeeded' and done.certificate_id
    cert = provider.get_certificate(done.certificate_id)
    assert cert.status == 'issued' and cert.subject_alternative_names == ['example.com', 'www.example.com']
    assert cert.certificate.startswith('-----BEGIN CERTIFICATE-----') and cert.chain and cert.extra['root']
    # a 12-month paid term (payable); the certificate inside it is as long as the rule of the day allows (BR 6.3.2)
    assert 364 <= cert.term_days_remaining() <= 366 and 0 < cert.days_remaining() <= cert.term_days_remaining()
    assert cert.admin_contact_id == contact.id
    assert cert.not_before and cert.lifetime_months == 12
    found, total = provider.list_certificates(common_name='example.com')
    assert total == 1 and found[0].id == cert.id
    assert provider.list_certificates(common_name='other.example') == ([], 0)
    history, total = provider.list_jobs(history=True, status='succeeded')
    assert total == 1 and history[0].id == job.id


def test_live_renew_window_and_renewal(live, sandbox):
    provider, transport = live
    cert, request = issue(provider, sandbox)
    with pytest.raises(NotRenewableError) as exc:
        provider.renew_certificate(cert.id)
    assert exc.value.opens_on == (sandbox.renewable_from(sandbox.get_certificate(cert.id))).strftime('%Y-%m-%d')
    assert transport.replies[-1].operation == '400106'   # the sandbox's text names the date: no extra lookup
    sandbox.advance_clock(300)
    job = provider.renew_certificate(cert.id)
    assert job.status == 'running' and job.certificate_id == cert.id and job.action == 'renew'
    assert [r.mutating for r in transport.replies if r.operation == '400106'] == [False, True]
    pass_dcv(sandbox)
    renewed = provider.get_certificate(cert.id)
    assert renewed.not_after > cert.not_after and renewed.serial_number != cert.serial_number


def test_live_revoke_and_delete_make_certificates_vanish(live, sandbox):
    provider, transport = live
    first, dummy = issue(provider, sandbox)
    second, dummy = issue(provider, sandbox, names=('b.example.net',))
    provider.revoke_certificate(first.id)
    assert transport.replies[-1].operation == '4001031' and transport.replies[-1].mutating
    provider.cancel_certificate(second.id)
    assert transport.replies[-1].operation == '400103'
    for cert_id in (first.id, second.id):
        with pytest.raises(NotFoundError) as exc:
            provider.get_certificate(cert_id)
        assert exc.value.code == 'EF4001001'
    assert provider.list_certificates() == ([], 0)


def test_live_reissue(live, sandbox):
    provider, dummy = live
    cert, request = issue(provider, sandbox)
    request.csr = make_csr('example.com', 'www.example.com')
    job = provider.reissue_certificate(cert.id, request)
    assert job.action == 'reissue' and job.certificate_id == cert.id
    pass_dcv(sandbox)
    again = provider.get_certificate(cert.id)
    assert again.csr.strip() == request.csr.strip() and again.serial_number != cert.serial_number


def test_live_cancel_job_and_email_resend(live, sandbox):
    provider, transport = live
    request = order(csr=make_csr('mail.example'), common_name='mail.example', subject_alternative_names=[],
                    validation_method='email', approver_email='admin@mail.example', admin_contact=None, technical_contact=None)
    job = provider.create_certificate(request)
    dns_job = provider.create_certificate(order(csr=make_csr('dns.example'), common_name='dns.example',
                                                subject_alternative_names=[], admin_contact=None, technical_contact=None))
    from ansible_collections.certops.reseller.plugins.module_utils._errors import ProviderError
    with pytest.raises(ProviderError) as exc:   # a DNS job never waits for an approver e-mail
        provider.resend_approver_email(dns_job.id)
    assert exc.value.code == 'EF400118' and exc.value.http_status == 400
    waiting = provider.get_job(job.id)
    assert waiting.sub_status == 'WF_EMAIL_AUTH' and waiting.challenges[0].approver_email == 'admin@mail.example'
    provider.resend_approver_email(job.id)
    assert transport.replies[-1].operation == '400118' and transport.replies[-1].status == 200
    cancelled = provider.cancel_job(job.id)
    assert cancelled.status == 'cancelled' and transport.replies[-1].mutating
    assert provider.get_job(job.id).status == 'cancelled'
    with pytest.raises(NotFoundError) as exc:
        provider.cancel_job(job.id)
    assert exc.value.code == 'EF300101'


def test_live_file_validation_challenges(live, sandbox):
    provider, dummy = live
    request = order(csr=make_csr('f.example', 'www.f.example'), common_name='f.example',
                    subject_alternative_names=['www.f.example'], validation_method='file',
                    admin_contact=None, technical_contact=None)
    prepared = provider.prepare_order(request)
    job = provider.create_certificate(request)
    sandbox.tick()
    challenges = provider.get_job(job.id).challenges
    assert [(c.domain, c.file_path) for c in challenges] == [
        ('f.example', '/.well-known/pki-validation/fileauth.txt'), ('www.f.example', '/.well-known/pki-validation/fileauth.txt')]
    assert challenges[0].file_content == prepared[0].file_content


def test_live_contacts(live):
    provider, transport = live
    created = provider.create_contact(Contact(first_name='Ann', last_name='Lee', email='ann@example.com',
                                              address=['Street 1', 'Floor 2'], postal_code='1000', country='DE',
                                              city='Bonn', phone='+49-228-123456'))
    assert created.address == ['Street 1', 'Floor 2'] and created.postal_code == '1000'
    created.city = 'Berlin'
    assert provider.update_contact(created).city == 'Berlin'
    found, total = provider.list_contacts(email='ann@example.com')
    assert total == 1 and found[0].id == created.id
    assert provider.list_contacts(last_name='Nobody') == ([], 0)
    provider.delete_contact(created.id)
    with pytest.raises(NotFoundError):
        provider.get_contact(created.id)
    with pytest.raises(InputError):
        provider.create_contact(Contact(first_name='No', last_name='Mail'))
    with pytest.raises(InvalidContactError) as exc:
        provider.create_certificate(order(csr=make_csr('example.com'), subject_alternative_names=[], admin_contact='1'))
    assert exc.value.code == 'EF4001006' and transport.replies[-1].mutating is False


def test_live_zone_and_provisioning(live, sandbox):
    provider, transport = live
    sandbox.create_zone('example.com')
    provider.update_zone_records('example.com', adds=[{'name': 'www', 'type': 'A', 'value': '192.0.2.1', 'ttl': 600}])
    assert transport.replies[-1].operation == '0202002' and transport.replies[-1].mutating
    zone = provider.get_zone('example.com')
    assert zone['records'] == [{'name': 'www', 'type': 'A', 'value': '192.0.2.1', 'ttl': 600}]
    assert [r.operation for r in transport.replies[-2:]] == ['0205', '0205']
    provider.update_zone_records('example.com', removes=[{'name': 'www', 'type': 'A'}])
    assert provider.get_zone('example.com', nameserver='a.ns14.net')['records'] == []
    with pytest.raises(NotFoundError):
        provider.get_zone('example.org')
    request = order(csr=make_csr('example.com'), subject_alternative_names=[], dns_provisioning=True,
                    admin_contact=None, technical_contact=None)
    provider.create_certificate(request)
    sandbox.tick()
    records = provider.get_zone('example.com')['records']
    assert [(r['name'], r['type']) for r in records] == [('_dnsauth', 'TXT')]


def test_frontend_errors_and_log_fields(sandbox):
    transport = SandboxTransport(sandbox)
    reply, body = transport.raw('GET', '/hello', authorization='Basic ' + base64.b64encode(b'sandbox:wrong').decode())
    assert reply.status == 401 and body['status'] == {'code': 'E0101', 'text': 'Authentication error.', 'type': 'ERROR'}
    assert body['messages'][0]['code'] == 'EF01001' and reply.operation == 'hello'
    reply, body = transport.raw('GET', '/hello', **{'x-domainrobot-context': '9'})
    assert reply.status == 401
    reply, body = transport.raw('POST', '/certificate', b'{"name": ')
    assert reply.status == 400 and body['messages'][0]['code'] == 'EF01000' and reply.operation == '400101'
    assert reply.mutating is False
    reply, body = transport.raw('POST', '/certificate', json.dumps({'name': 'a.example', 'product': 'X'}).encode())
    assert reply.status == 400 and 'csr' in body['messages'][0]['text']
    reply, body = transport.raw('GET', '/certificate/123')
    assert reply.status == 404 and body['messages'][0]['code'] == 'EF4001001'
    reply, body = transport.raw('GET', '/job/123')
    assert reply.status == 404 and body['messages'][0]['code'] == 'EF300101'
    reply, body = transport.raw('GET', '/no/such/route')
    assert reply.status == 404 and body['status']['type'] == 'ERROR'
    reply, body = transport.raw('POST', '/job/_search', json.dumps({'filters': [{'key': 'bogus', 'value': 1}]}).encode())
    assert reply.status == 400 and 'bogus' in body['messages'][0]['text']
    reply, body = transport.raw('GET', '/hello', **{'x-domainrobot-ctid': 'abc-1'})
    assert reply.status == 200 and body['ctid'] == 'abc-1' and body['stid']


def test_frontend_job_search_filters(live, sandbox):
    provider, transport = live
    for name in ('a.example', 'b.example'):
        provider.create_certificate(order(common_name=name, subject_alternative_names=[], csr=make_csr(name),
                                          admin_contact=None, technical_contact=None))
    sandbox.tick()
    for filters, expected in (
            ([{'key': 'status', 'value': 'DEFERRED', 'operator': 'EQUAL'}], 2),
            ([{'key': 'status', 'values': ['DEFERRED', 'SUPPORT'], 'operator': 'IN'}], 2),
            ([{'key': 'object', 'value': 'a.*', 'operator': 'LIKE'}], 1),
            ([{'key': 'action', 'value': 'renew', 'operator': 'EQUAL'}], 0),
            ([{'key': 'subType', 'value': 'BASIC_SSL', 'operator': 'EQUAL'}], 2)):
        reply, body = transport.raw('POST', '/job/_search', json.dumps({'filters': filters, 'view': {'limit': 1}}).encode())
        assert reply.status == 200 and body['object']['summary'] == expected, filters
        assert len(body['data']) == min(1, expected)
    # JobStatusConstants has no DEFFERED: the seed's spelling is refused in a filter
    reply, body = transport.raw('POST', '/job/_search', json.dumps(
        {'filters': [{'key': 'status', 'value': 'DEFFERED', 'operator': 'EQUAL'}]}).encode())
    assert reply.status == 400 and body['messages'][0]['code'] == 'EF01000'
    jobs, total = provider.list_jobs(status='deferred', object_name='b.example')
    assert total == 1 and jobs[0].object == 'b.example'


def test_optional_domainrobot_headers_from_settings():
    transport = FakeTransport((200, envelope('S0000')))
    settings = ConnectionSettings('autodns', api_url='https://api.example.test/v1', username='u', password='p')
    settings.two_factor_token = '123456'
    settings.owner_user = 'customer'
    settings.owner_context = 7
    settings.demo = True
    settings.headers = {'X-Domainrobot-Ctid': 'run-42'}
    provider = create_provider(settings, transport=transport, sleep=lambda seconds: None)
    provider.check_connection()
    headers = transport.calls[0]['headers']
    assert headers['X-Domainrobot-2FA-Token'] == '123456' and headers['X-Domainrobot-Owner-User'] == 'customer'
    assert headers['X-Domainrobot-Owner-Context'] == '7' and headers['X-Domainrobot-Demo'] == 'true'
    assert headers['X-Domainrobot-Ctid'] == 'run-42' and headers['X-Domainrobot-Context'] == '4'
    assert 'Content-Type' not in headers   # a GET carries no body


def test_renew_too_early_when_the_expiry_lookup_fails_too():
    provider, transport = make(error(400, 'EF4001012', 'Not yet.'), error(404, 'EF4001001'))
    with pytest.raises(NotRenewableError) as exc:
        provider.renew_certificate('5')
    assert exc.value.opens_on is None and str(exc.value).startswith('autodns certificate renew (400106): Not yet.')
    assert [c['method'] for c in transport.calls] == ['PUT', 'GET']


# --- issue 8: the spec's wire (each test quotes its reference) ------------------------------------

def test_job_history_search_sends_view_from_and_to():
    """autodns-openapi.json, definitions/QueryView: ``from`` "Required for Historical Task", ``to``
    likewise (example "2021-01-01 00:00:00" .. "2022-01-01 00:00:00"); POST /job/history/_search."""
    import datetime
    provider, transport = make((200, envelope(obj={'type': 'ObjectJob', 'summary': 0})))
    provider.now = lambda: datetime.datetime(2026, 11, 22, 9, 0, 0, tzinfo=datetime.timezone.utc)
    provider.list_jobs(history=True, limit=5)
    assert transport.path() == '/job/history/_search'
    view = transport.calls[0]['body']['view']
    assert view['from'] == '2023-08-22T09:00:00.000Z' and view['to'] == '2026-11-23T09:00:00.000Z'
    assert view['from'] < view['to']


def test_running_job_search_has_no_history_window():
    provider, transport = make((200, envelope(obj={'type': 'ObjectJob', 'summary': 0})))
    provider.list_jobs(limit=5)
    assert set(transport.calls[0]['body']['view']) == {'limit', 'offset'}


def test_deferred_filter_sends_only_spec_values_and_seed_spelling_is_read():
    """definitions/JobStatusConstants: RUNNING SUCCESS FAILED CANCELED SUPPORT DEFERRED NOT_SET WAIT.
    The seed's own answer says "DEFFERED": it is read as deferred but never sent."""
    import json as _json
    spec_values = {'RUNNING', 'SUCCESS', 'FAILED', 'CANCELED', 'SUPPORT', 'DEFERRED', 'NOT_SET', 'WAIT'}
    for values in convert.JOB_STATUS_FILTER.values():
        assert set(values) <= spec_values
    provider, transport = make((200, envelope(obj={'type': 'ObjectJob', 'summary': 0})))
    provider.list_jobs(status='deferred', limit=5)
    assert 'DEFFERED' not in _json.dumps(transport.calls[0]['body'])
    assert convert.job_status('DEFFERED') == 'deferred'


def test_limit_above_100_is_paged():
    """Running List Inquiries: lists are capped at 100 per request; a larger limit is reached by paging."""
    items = [{'id': i, 'fname': 'x'} for i in range(100)]
    provider, transport = make((200, envelope(data=items, obj={'type': 'SslContact', 'summary': 300})),
                               (200, envelope(data=items[:20], obj={'type': 'SslContact', 'summary': 300})))
    found, total = provider.list_contacts(limit=120)
    assert (len(found), total) == (120, 300)
    assert [c['body']['view'] for c in transport.calls] == [{'limit': 100, 'offset': 0}, {'limit': 20, 'offset': 100}]
