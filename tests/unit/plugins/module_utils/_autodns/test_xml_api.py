# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AutoDNS XML gateway client with the HTTP seam (the transport) faked.

The seed answers below are copied verbatim from the provider's documentation
(/work/shared/api/seeds/000_5093ae4572edb45e.txt and 001_a36742195b52eae7.txt); only a trailing
space after a comment is dropped, and the tab indentation of seed 000 is restored by ``seed_text``.
"""


import json
import re

import pytest
import xmltodict

from ansible_collections.certops.reseller.plugins.module_utils import _errors
from ansible_collections.certops.reseller.plugins.module_utils._autodns import convert
from ansible_collections.certops.reseller.plugins.module_utils._autodns import xml_api
from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
from ansible_collections.certops.reseller.plugins.module_utils._http import HttpClient, HttpResponse
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact, OrderRequest


# --------------------------------------------------------------------------------------------
# Seeds, verbatim
# --------------------------------------------------------------------------------------------


def seed_text(text):
    """The seeds of 000 indent with tabs; they are written here with 4 spaces (pep8) and restored."""
    return re.sub(r'^((?:    )+)', lambda match: '\t' * (len(match.group(1)) // 4), text, flags=re.M)


SEED_JOB_LIST_REQUEST = seed_text('''<task>
    <code>400115</code><!-- History 400135-->
    <view>
        <limit>10</limit>
        <offset>0</offset>
    </view>
</task>''')

SEED_JOB_LIST_RESPONSE = seed_text('''<response>
    <result>
        <data>
            <summary>1</summary>
            <certificate_job>
                <job>
                    <id>12345</id>
                    <owner>
                        <user>user</user>
                        <context>9</context>
                    </owner>
                    <updater>
                        <user>user</user>
                        <context>9</context>
                    </updater>
                    <object>domain.de</object>
                    <status>DEFFERED</status>
                    <sub_status>WF_EMAIL_AUTH</sub_status>
                    <created>2019-10-23 16:12:33</created>
                    <updated>2019-10-23 17:26:01</updated>
                    <type>ssl</type>
                    <sub_type>RAPID_SSL</sub_type>
                    <action>create</action>
                    <execution>2019-10-23 17:25:58</execution>
                </job>
            </certificate_job>
        </data>
        <status>
            <code>S400115</code>
            <text>Certificate orders were inquired successfully.</text>
            <type>success</type>
        </status>
    </result>
    <stid>20200228-stid</stid>
</response>''')

SEED_JOB_REQUEST_TEMPLATE = seed_text('''<request>
    <auth>
        <user>USER</user>
        <context>CONTEXT</context>
        <password>PASSWORD</password>
    </auth>
    <task>
        <code>%s</code>
        <certificate_job>
            <job>
                <id>12345</id>
            </job>
        </certificate_job>
    </task>
</request>''')

SEED_JOB_INFO_RESPONSE = seed_text('''<response>
    <result>
        <data>
            <certificate_job>
                <certificate>
                    <partner_order_id>IX-CC-12345</partner_order_id>
                    <order_id>9202720</order_id>
                    <admin>
                        <first>Jon</first>
                        <last>Doe</last>
                        <phone>+49-0-0</phone>
                        <fax>+49-0-0</fax>
                        <email>jon.doe@domain.de</email>
                        <title>Herr</title>
                        <organization>Muster GmbH</organization>
                        <address>Musterstrasse 6</address>
                        <postal_code>12345</postal_code>
                        <city>Musterstadt</city>
                        <country>DE</country>
                        <state>Bayern</state>
                        <id>1</id>
                    </admin>
                    <technical>
                        <first>Jon</first>
                        <last>Doe</last>
                        <phone>+49-0-0</phone>
                        <fax>+49-0-0</fax>
                        <email>jon.doe@domain.de</email>
                        <title>Herr</title>
                        <organization>Muster GmbH</organization>
                        <address>Musterstrasse 6</address>
                        <postal_code>12345</postal_code>
                        <city>Musterstadt</city>
                        <country>DE</country>
                        <state>Bayern</state>
                        <id>1</id>
                    </technical>
                    <name>domain.de</name>
                    <approver_email>admin@domain.de</approver_email>
                    <lifetime>12</lifetime>
                    <software>APACHE2</software>
                    <csr><![CDATA[-----BEGIN CERTIFICATE REQUEST----- ... -----END CERTIFICATE REQUEST-----]]></csr>
                    <product>RAPID_SSL</product>
                    <sha>SHA2_FULL_CHAIN</sha>
                    <expire>2020-10-23 00:00:00</expire>
                    <extension/>
                    <authentication>
                        <method>EMAIL</method>
                        <approver_email>admin@domain.de</approver_email>
                    </authentication>
                    <certificate_transparency_privacy>PUBLIC</certificate_transparency_privacy>
                    <created>2019-10-23 00:00:00</created>
                </certificate>
                <job>
                    <id>12345</id>
                    <owner>
                        <user>user</user>
                        <context>9</context>
                    </owner>
                    <updater>
                        <user>user</user>
                        <context4>9</context>
                    </updater>
                    <object>domain.de</object>
                    <status>DEFFERED</status>
                    <sub_status>WF_EMAIL_AUTH</sub_status>
                    <created>2019-10-23 16:12:33</created>
                    <updated>2019-10-23 17:26:01</updated>
                    <type>ssl</type>
                    <sub_type>RAPID_SSL</sub_type>
                    <action>create</action>
                    <execution>2019-10-23 17:25:58</execution>
                </job>
            </certificate_job>
        </data>
        <status>
            <code>S400114</code>
            <text>Certificate order was inquired successfully.</text>
            <type>success</type>
            <object>
                <type>certificate_job</type>
                <value>4297755796</value>
            </object>
        </status>
    </result>
    <stid>20200228-stid</stid>
</response>''')

# The same answer with the seed's typo (<context4>9</context>) corrected: well-formed.
SEED_JOB_INFO_RESPONSE_FIXED = SEED_JOB_INFO_RESPONSE.replace('<context4>9</context>', '<context>9</context>')

SEED_JOB_INFO_JSON = {
    "job": {
        "created": "2019-10-23T16:12:33.000+0200",
        "updated": "2019-10-23T17:26:01.000+0200",
        "owner": {"context": 9, "user": "user"},
        "updater": {"context": 9, "user": "user"},
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
                "fname": "Jon", "lname": "Doe", "phone": "+49-0-0", "fax": "+49-0-0", "email": "jon.doe@domain.de",
                "title": "Herr", "organization": "Muster GmbH", "address": ["Musterstrasse 6"], "pcode": "12345",
                "city": "Musterstadt", "country": "DE", "state": "Bayern", "id": 1
            },
            "technicalContact": {
                "fname": "Jon", "lname": "Doe", "phone": "+49-0-0", "fax": "+49-0-0", "email": "jon.doe@domain.de",
                "title": "Herr", "organization": "Muster GmbH", "address": ["Musterstrasse 6"], "pcode": "12345",
                "city": "Musterstadt", "country": "DE", "state": "Bayern", "id": 1
            },
            "name": "domain.de",
            "lifetime": {"unit": "MONTH", "period": 12},
            "software": "APACHE2",
            "csr": "-----BEGIN CERTIFICATE REQUEST----- ... -----END CERTIFICATE REQUEST-----",
            "product": "RAPID_SSL",
            "signatureHashAlgorithm": "SHA2_FULL_CHAIN",
            "expire": "2020-10-23T00:00:00.000+0200",
            "certificationAuthority": [],
            "authentication": {"method": "EMAIL", "approverEmails": ["admin@domain.de"]},
            "certificateTransparencyPrivacy": "PUBLIC"
        }
    }
}

SEED_CANCEL_RESPONSE = seed_text('''<response>
    <result>
        <data/>
        <status>
            <code>S400113</code>
            <text>The request was canceled successfully.</text>
            <type>success</type>
            <object>
                <type>certificate_job</type>
                <value>4297782230</value>
            </object>
        </status>
    </result>
    <stid>20200228-stid</stid>
</response>''')

SEED_RESEND_RESPONSE = seed_text('''<response>
    <result>
        <data/>
        <status>
            <code>S400118</code>
            <text>The order for resending was successfully submitted to the CA.</text>
            <type>success</type>
            <object>
                <type>certificate_job</type>
                <value>12345</value>
            </object>
        </status>
    </result>
    <stid>20200228-stid</stid>
</response>''')

SEED_RENEW_REQUEST = '''<request>
    <auth>
        <user>USER</user>
        <password>PASSWORD</password>
        <context>CONTEXT</context>
    </auth>
    <task>
        <certificate>
            <id>100</id>
            <product>QUICKSSLPREMIUM</product>
            <lifetime>12</lifetime>
            <software>APACHE2</software>
            <csr><![CDATA[-----BEGIN CERTIFICATE REQUEST----- ... -----END CERTIFICATE REQUEST-----]]></csr>
            <name><![CDATA[domain.com]]></name>
            <admin>
                <id>100</id>
            </admin>
            <technical>
                <id>100</id>
            </technical>
            <subject_alternative_name>
                <name>san1.example.com></name>
            </subject_alternative_name>
            <subject_alternative_name>
                <name>san1.example.com</name>
            </subject_alternative_name>
            <subject_alternative_name>
                <name>san1.example.com</name>
            </subject_alternative_name>
            <authentication>
                <method>DNS</method>
                <dns>stvrvkg19vib8j5o1p35is3forhbo7zp.example.com.    300    IN    CNAME    s20170131154625.example.com.</dns>
                <provisioning>1</provisioning>
            </authentication>
        </certificate>
        <ctid>request-100001</ctid>
        <code>400106</code>
    </task>
</request>'''

SEED_RENEW_RESPONSE = u'''<response>
    <result>
        <data>
            <certificate_job>
                <job>
                    <id>4295014838</id>
                    <status>RUNNING</status>
                </job>
            </certificate_job>
        </data>
        <status>
            <code>N400106</code>
            <text>Laufzeitverlängerung für das Zertifikat wurde erfolgreich gestartet.</text>
            <type>notify</type>
            <object>
                <type>certificate</type>
                <value>domain.com</value>
            </object>
        </status>
    </result>
    <ctid>request-100001</ctid>
</response>'''


def error_answer(status_code, msg_code, text='error text', http_object=None):
    obj = ''
    if http_object:
        obj = '<object><type>%s</type><value>%s</value></object>' % http_object
    return ('<?xml version="1.0" encoding="utf-8"?><response><result><data/>'
            '<msg><code>%s</code><text>%s</text><type>error</type>%s</msg>'
            '<status><code>%s</code><text>%s</text><type>error</type></status></result>'
            '<stid>20260101-stid</stid></response>' % (msg_code, text, obj, status_code, text))


def success_answer(code, data='', type_='success'):
    return ('<?xml version="1.0" encoding="utf-8"?><response><result><data>%s</data>'
            '<status><code>%s</code><text>ok</text><type>%s</type></status></result>'
            '<stid>20260101-stid</stid></response>' % (data, code, type_))


PEM_LEAF = '-----BEGIN CERTIFICATE-----\nMIIBleaf\n-----END CERTIFICATE-----'
PEM_INTERMEDIATE = '-----BEGIN CERTIFICATE-----\nMIIBintermediate\n-----END CERTIFICATE-----'
PEM_ROOT = '-----BEGIN CERTIFICATE-----\nMIIBroot\n-----END CERTIFICATE-----'
CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIBcsr+/=\n-----END CERTIFICATE REQUEST-----\n'

ISSUED_CERTIFICATE = '''<certificate>
  <id>555</id><name>example.com</name><product>BASIC_SSL</product><lifetime>12</lifetime>
  <software>APACHE2</software><csr><![CDATA[%s]]></csr><server><![CDATA[%s]]></server>
  <serial_number>0A1B</serial_number><created>2026-01-10 08:00:00</created><expire>2099-01-10 08:00:00</expire>
  <order_id>9001</order_id><partner_order_id>IX-1</partner_order_id>
  <admin><id>7</id></admin><technical><id>8</id></technical>
  <subject_alternative_name><name>www.example.com</name></subject_alternative_name>
  <sha>SHA2_FULL_CHAIN</sha><certificate_transparency_privacy>PUBLIC</certificate_transparency_privacy>
  <certification_authority><ca_type>INTERMEDIATE</ca_type><ca_certificate><![CDATA[%s]]></ca_certificate></certification_authority>
  <certification_authority><ca_type>ROOT</ca_type><ca_certificate><![CDATA[%s]]></ca_certificate></certification_authority>
  <authentication><method>DNS</method>
    <dns>_dnsauth.example.com.	300	IN	TXT	"tok-apex"</dns>
    <dns>_dnsauth.www.example.com.	300	IN	TXT	"tok-www"</dns>
    <provisioning>0</provisioning>
    <domain>example.com</domain><domain>www.example.com</domain>
  </authentication>
</certificate>''' % (CSR, PEM_LEAF, PEM_INTERMEDIATE, PEM_ROOT)


# --------------------------------------------------------------------------------------------
# The fake seam
# --------------------------------------------------------------------------------------------

class FakeTransport(object):
    """Records every request; answers from a queue of (status, body[, headers])."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def __call__(self, method, url, headers, body, timeout):
        self.requests.append(dict(method=method, url=url, headers=headers, body=body))
        if not self.answers:
            raise AssertionError('unexpected request: %r' % body)
        answer = self.answers.pop(0)
        status, text = answer[0], answer[1]
        headers = answer[2] if len(answer) > 2 else {'Content-Type': 'text/xml; charset=utf-8'}
        return HttpResponse(status, headers, text.encode('utf-8') if isinstance(text, str) else text)

    def task(self, index=-1):
        """The ``<task>`` of a recorded request, parsed."""
        return parse_request(self.requests[index]['body'])['task']


def parse_request(body):
    return xmltodict.parse(body, disable_entities=True)['request']


def make_provider(*answers, **settings):
    transport = FakeTransport(*answers)
    options = dict(provider='autodns', api_format='xml', username='sandbox', password='s3cret<&>',
                   context=4, api_url='http://127.0.0.1:1/autodns/gateway')
    options.update(settings)
    provider = create_provider(ConnectionSettings(**options), transport=transport, sleep=lambda seconds: None)
    return provider, transport


def order_request(**kwargs):
    values = dict(common_name='example.com', subject_alternative_names=['www.example.com'], product='BASIC_SSL',
                  lifetime_months=12, csr=CSR, software='APACHE2', validation_method='dns', dns_provisioning=True,
                  admin_contact='7', technical_contact='8')
    values.update(kwargs)
    return OrderRequest(**values)


def element_paths(node, prefix=''):
    """Every element path of a parsed XML tree (lists flattened), for shape comparisons."""
    paths = set()
    if isinstance(node, list):
        for item in node:
            paths |= element_paths(item, prefix)
    elif isinstance(node, dict):
        for key, value in node.items():
            path = '%s/%s' % (prefix, key)
            paths.add(path)
            paths |= element_paths(value, path)
    return paths


# --------------------------------------------------------------------------------------------
# The provider object
# --------------------------------------------------------------------------------------------

def test_factory_builds_xml_provider_with_autodns_capabilities():
    provider, dummy = make_provider()
    assert isinstance(provider, xml_api.AutoDNSXmlProvider)
    assert (provider.name, provider.api_format) == ('autodns', 'xml')
    assert provider.capabilities.renew_window_days == 90
    assert provider.capabilities.challenges_before_order and provider.capabilities.job_history
    for operation in ('prepare_order', 'create_certificate', 'list_certificates', 'get_certificate', 'renew_certificate',
                      'reissue_certificate', 'cancel_certificate', 'revoke_certificate', 'list_jobs', 'get_job',
                      'cancel_job', 'resend_approver_email', 'create_contact', 'get_contact', 'list_contacts',
                      'update_contact', 'delete_contact', 'check_connection'):
        assert provider.supports(operation), operation
    assert not provider.supports('get_zone')
    assert not provider.supports('update_zone_records')
    with pytest.raises(_errors.UnsupportedOperationError):
        provider.get_zone('example.com')


def test_same_capabilities_as_json_provider():
    from ansible_collections.certops.reseller.plugins.module_utils._autodns.json_api import AutoDNSJsonProvider
    assert xml_api.AutoDNSXmlProvider.capabilities == AutoDNSJsonProvider.capabilities


def test_missing_xmltodict_raises_missing_dependency_without_a_call(monkeypatch):
    provider, transport = make_provider()
    monkeypatch.setattr(xml_api, 'HAS_XMLTODICT', False)
    monkeypatch.setattr(xml_api, 'XMLTODICT_IMPORT_ERROR', ImportError('No module named xmltodict'))
    with pytest.raises(_errors.MissingDependencyError) as info:
        provider.list_jobs()
    assert info.value.library == 'xmltodict'
    assert isinstance(info.value.exception, ImportError)
    assert transport.requests == []


# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------

def test_envelope_auth_headers_encoding_and_ctid():
    provider, transport = make_provider((200, SEED_JOB_LIST_RESPONSE))
    provider.list_jobs(limit=10)
    sent = transport.requests[0]
    assert sent['method'] == 'POST'
    assert sent['url'] == 'http://127.0.0.1:1/autodns/gateway'
    assert sent['headers']['Content-Type'].startswith('application/xml')  # XML API Basics
    body = sent['body']
    assert isinstance(body, bytes)
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')   # no BOM
    assert 'Authorization' not in sent['headers']
    request = parse_request(body)
    assert request['auth'] == {'user': 'sandbox', 'password': 's3cret<&>', 'context': '4'}
    assert request['task']['ctid'].startswith('certops-')
    assert b's3cret<&>' not in body   # escaped, not raw


def test_job_list_request_matches_seed():
    provider, transport = make_provider((200, SEED_JOB_LIST_RESPONSE))
    jobs, total = provider.list_jobs(limit=10, offset=0)
    task = transport.task()
    seed = xmltodict.parse(SEED_JOB_LIST_REQUEST)['task']
    assert task['code'] == seed['code'] == '400115'
    assert task['view']['limit'] == seed['view']['limit']
    assert task['view']['offset'] == seed['view']['offset']
    assert 'where' not in task
    assert total == 1 and len(jobs) == 1


def test_job_history_list_uses_400135_and_object_filter():
    provider, transport = make_provider((200, SEED_JOB_LIST_RESPONSE.replace('S400115', 'S400135')))
    provider.list_jobs(history=True, object_name='domain.de', limit=5, offset=5)
    task = transport.task()
    assert task['code'] == '400135'
    assert task['view'] == {'offset': '5', 'limit': '5', 'children': '1'}
    assert task['where'] == {'key': 'object', 'operator': 'eq', 'value': 'domain.de'}


@pytest.mark.parametrize('method, code', [
    ('get_job', '400114'),
    ('cancel_job', '400113'),
    ('resend_approver_email', '400118'),
])
def test_job_task_requests_match_seed(method, code):
    answers = {'400114': SEED_JOB_INFO_RESPONSE_FIXED, '400113': SEED_CANCEL_RESPONSE, '400118': SEED_RESEND_RESPONSE}
    provider, transport = make_provider((200, answers[code]))
    getattr(provider, method)('12345')
    seed = parse_request(SEED_JOB_REQUEST_TEMPLATE % code)
    task = transport.task()
    assert task['code'] == code
    assert task['certificate_job'] == seed['task']['certificate_job'] == {'job': {'id': '12345'}}
    assert set(parse_request(transport.requests[0]['body'])['auth']) == set(seed['auth'])


def test_create_request():
    answer = success_answer('N400101', '<certificate_job><job><id>77</id><status>RUNNING</status></job></certificate_job>',
                            'notify')
    provider, transport = make_provider((200, answer))
    job = provider.create_certificate(order_request(common_name='a&b.example.com'))
    task = transport.task()
    assert task['code'] == '400101'
    cert = task['certificate']
    assert cert['name'] == 'a&b.example.com'
    assert cert['product'] == 'BASIC_SSL'
    assert cert['lifetime'] == '12'
    assert cert['software'] == 'APACHE2'
    assert cert['csr'] == CSR.strip()
    assert b'<csr><![CDATA[' in transport.requests[0]['body']
    assert cert['admin'] == {'id': '7'} and cert['technical'] == {'id': '8'}
    assert cert['subject_alternative_name'] == {'name': 'www.example.com'}
    assert cert['authentication'] == {'method': 'DNS', 'provisioning': '1'}
    assert (job.id, job.status, job.provider_status, job.action, job.object) == ('77', 'running', 'RUNNING', 'create',
                                                                                 'a&b.example.com')


def test_create_with_email_and_full_contact():
    contact = Contact(first_name='Jon', last_name='Doe', email='jon@example.com', address=['Street 1', 'Floor 2'],
                      postal_code='12345', city='Town', region='Bayern', country='DE', phone='+49-1-2')
    answer = success_answer('N400101', '<certificate_job><job><id>78</id><status>RUNNING</status></job></certificate_job>',
                            'notify')
    provider, transport = make_provider((200, answer))
    provider.create_certificate(order_request(validation_method='email', approver_email='admin@example.com',
                                              admin_contact=contact, dns_provisioning=False))
    cert = transport.task()['certificate']
    assert cert['authentication'] == {'method': 'EMAIL', 'approver_email': 'admin@example.com'}
    assert cert['subject_alternative_name'] == {'name': 'www.example.com', 'approver_email': 'admin@example.com'}
    assert cert['admin'] == {'first': 'Jon', 'last': 'Doe', 'address': ['Street 1', 'Floor 2'], 'postal_code': '12345',
                             'city': 'Town', 'state': 'Bayern', 'country': 'DE', 'phone': '+49-1-2',
                             'email': 'jon@example.com'}


def test_create_needs_csr_and_product_before_any_call():
    provider, transport = make_provider()
    with pytest.raises(_errors.InputError):
        provider.create_certificate(order_request(csr=None))
    with pytest.raises(_errors.InputError):
        provider.create_certificate(order_request(product=None))
    assert transport.requests == []


def test_create_without_job_id_is_ambiguous():
    provider, transport = make_provider((200, success_answer('N400101', '', 'notify')))
    with pytest.raises(_errors.AmbiguousResultError):
        provider.create_certificate(order_request())


def test_renew_request_has_the_seed_shape():
    provider, transport = make_provider((200, SEED_RENEW_RESPONSE))
    request = order_request(common_name='domain.com', product='QUICKSSLPREMIUM', admin_contact='100',
                            technical_contact='100', subject_alternative_names=['san1.example.com', 'san2.example.com'])
    job = provider.renew_certificate('100', request)
    task = transport.task()
    seed = parse_request(SEED_RENEW_REQUEST)['task']
    assert task['code'] == seed['code'] == '400106'
    assert task['certificate']['id'] == seed['certificate']['id'] == '100'
    # Every element the seed sends is sent, except the DNS value the seed documents as optional.
    seed_paths = element_paths(seed['certificate']) - {'/authentication/dns'}
    assert seed_paths <= element_paths(task['certificate'])
    sans = [san['name'] for san in task['certificate']['subject_alternative_name']]
    assert sans == ['san1.example.com', 'san2.example.com']
    assert (job.id, job.status, job.action, job.certificate_id, job.object) == ('4295014838', 'running', 'renew', '100',
                                                                                'domain.com')


def test_renew_without_request_sends_only_the_id():
    provider, transport = make_provider((200, SEED_RENEW_RESPONSE))
    job = provider.renew_certificate('100')
    assert transport.task()['certificate'] == {'id': '100'}
    assert job.certificate_id == '100'


def test_reissue_request():
    answer = success_answer('N400102', '<certificate_job><job><id>79</id><status>RUNNING</status></job></certificate_job>',
                            'notify')
    provider, transport = make_provider((200, answer))
    job = provider.reissue_certificate('555', order_request())
    task = transport.task()
    assert task['code'] == '400102'
    assert task['certificate']['id'] == '555' and task['certificate']['csr'] == CSR.strip()
    assert (job.id, job.action, job.certificate_id) == ('79', 'reissue', '555')


@pytest.mark.parametrize('method, code, action', [
    ('cancel_certificate', '400103', 'delete'),
    ('revoke_certificate', '4001031', 'revoke'),
])
def test_certificate_delete_and_revoke(method, code, action):
    provider, transport = make_provider(
        (200, success_answer('S' + code)),
        (200, success_answer('N' + code, '<certificate_job><job><id>80</id><status>RUNNING</status></job></certificate_job>',
                             'notify')))
    assert getattr(provider, method)('555') is None
    assert transport.task()['code'] == code
    assert transport.task()['certificate'] == {'id': '555'}
    job = getattr(provider, method)('555')
    assert (job.id, job.action, job.certificate_id) == ('80', action, '555')


def test_prepare_order_request_and_challenges():
    answer = success_answer('S400110', '''<certificate_data><name>example.com</name><plain><![CDATA[%s]]></plain>
      <authentication><name>example.com</name><method>DNS</method>
        <dns>_dnsauth.example.com.	300	IN	TXT	"tok-apex"</dns></authentication>
      <authentication><name>www.example.com</name><method>DNS</method>
        <dns>_dnsauth.www.example.com.	300	IN	TXT	"tok-www"</dns></authentication>
      </certificate_data>''' % CSR)
    provider, transport = make_provider((200, answer))
    challenges = provider.prepare_order(order_request())
    task = transport.task()
    assert task['code'] == '400110'
    data = task['certificate_data']
    assert data['plain'] == CSR.strip() and data['name'] == 'example.com' and data['product'] == 'BASIC_SSL'
    assert data['subject_alternative_name'] == {'name': 'www.example.com'}
    assert data['authentication'] == {'method': 'DNS'}
    assert [(c.domain, c.method, c.record_name, c.record_type, c.record_value, c.ttl) for c in challenges] == [
        ('example.com', 'dns', '_dnsauth.example.com', 'TXT', 'tok-apex', 300),
        ('www.example.com', 'dns', '_dnsauth.www.example.com', 'TXT', 'tok-www', 300),
    ]


def test_prepare_order_file_challenges():
    answer = success_answer('S400110', '''<certificate_data><name>example.com</name>
      <authentication><name>example.com</name><method>FILE</method>
        <file_name>example.com/.well-known/pki-validation/fileauth.txt</file_name><file_content>tok-f</file_content>
      </authentication></certificate_data>''')
    provider, transport = make_provider((200, answer))
    challenges = provider.prepare_order(order_request(subject_alternative_names=[], validation_method='file'))
    assert transport.task()['certificate_data']['authentication'] == {'method': 'FILE'}
    assert [(c.domain, c.method, c.file_path, c.file_content) for c in challenges] == [
        ('example.com', 'file', '/.well-known/pki-validation/fileauth.txt', 'tok-f')]


def test_certificate_list_filters_where_and_pagination():
    page_one = success_answer('S400105', '<summary>150</summary>' + ISSUED_CERTIFICATE * 100)
    page_two = success_answer('S400105', '<summary>150</summary>' + ISSUED_CERTIFICATE * 50)
    provider, transport = make_provider((200, page_one), (200, page_two))
    certificates, total = provider.list_certificates(common_name='example.com', product='BASIC_SSL')
    assert total == 150 and len(certificates) == 150
    first, second = transport.task(0), transport.task(1)
    assert first['code'] == '400105'
    assert (first['view']['offset'], second['view']['offset']) == ('0', '100')
    # Running List Inquiries, example 2: one <and> block per condition holding key, operator, value
    assert first['where'] == {'and': [{'key': 'name', 'operator': 'eq', 'value': 'example.com'},
                                      {'key': 'product', 'operator': 'eq', 'value': 'BASIC_SSL'}]}


def test_certificate_list_single_filter_and_like():
    provider, transport = make_provider((200, success_answer('S400105', '<summary>0</summary>')))
    assert provider.list_certificates(common_name='*.example.com', limit=10) == ([], 0)
    assert transport.task()['where'] == {'key': 'name', 'operator': 'like', 'value': '*.example.com'}
    assert transport.task()['view']['limit'] == '10'


def test_certificate_info_request_and_parse():
    provider, transport = make_provider((200, success_answer('S400104', ISSUED_CERTIFICATE)))
    cert = provider.get_certificate('555')
    assert transport.task() == {'code': '400104', 'certificate': {'id': '555'}, 'ctid': transport.task()['ctid']}
    assert cert.id == '555' and cert.common_name == 'example.com'
    assert cert.subject_alternative_names == ['example.com', 'www.example.com']
    assert cert.status == 'issued'
    assert cert.certificate == PEM_LEAF + '\n'
    assert cert.chain == PEM_INTERMEDIATE + '\n'
    assert cert.extra['root'] == PEM_ROOT + '\n'
    assert cert.not_after == '2099-01-10T07:00:00Z'  # 08:00 German winter time (CET)
    assert (cert.serial_number, cert.order_id, cert.lifetime_months) == ('0A1B', '9001', 12)
    assert (cert.admin_contact_id, cert.technical_contact_id) == ('7', '8')
    assert [(c.domain, c.record_value) for c in cert.challenges] == [('example.com', 'tok-apex'),
                                                                     ('www.example.com', 'tok-www')]


def test_certificate_info_keeps_the_paid_term_in_utc():
    """``payable`` (the end of the paid term, autodns-openapi.json ``definitions/Certificate``) is a gateway date
    like ``expire``: German local time without an offset (seed 000), read as CET in winter and CEST in summer.
    The flags come as ``multiyear``, ``reissue_required``, ``reissue_status`` (the gateway's snake case; our
    reading) or under their JSON names."""
    summer = ISSUED_CERTIFICATE.replace(
        '<expire>2099-01-10 08:00:00</expire>',
        '<expire>2027-01-10 08:00:00</expire><payable>2027-07-10 08:00:00</payable>'
        '<multiyear>true</multiyear><reissue_required>1</reissue_required><reissue_status>WAITING</reissue_status>')
    winter = ISSUED_CERTIFICATE.replace(
        '<expire>2099-01-10 08:00:00</expire>',
        '<expire>2026-06-10 08:00:00</expire><payable>2026-12-03 10:00:00</payable>'
        '<multiyear>false</multiyear><reissueRequired>false</reissueRequired>')
    provider, transport = make_provider((200, success_answer('S400104', summer)),
                                        (200, success_answer('S400104', winter)),
                                        (200, success_answer('S400104', ISSUED_CERTIFICATE)))
    cert = provider.get_certificate('555')
    assert cert.not_after == '2027-01-10T07:00:00Z'    # CET, +01:00
    assert cert.term_end == '2027-07-10T06:00:00Z'     # CEST, +02:00
    assert (cert.multiyear, cert.reissue_required, cert.reissue_status) == (True, True, 'WAITING')
    cert = provider.get_certificate('555')
    assert (cert.not_after, cert.term_end) == ('2026-06-10T06:00:00Z', '2026-12-03T09:00:00Z')
    assert (cert.multiyear, cert.reissue_required, cert.reissue_status) == (False, False, None)
    cert = provider.get_certificate('555')
    assert (cert.term_end, cert.multiyear, cert.reissue_required, cert.reissue_status) == (None, None, None, None)


def test_certificate_unknown_id_is_not_found():
    provider, dummy = make_provider((200, error_answer('E4001001', 'EF4001001', 'Certificate not found.')))
    with pytest.raises(_errors.NotFoundError) as info:
        provider.get_certificate('999')
    assert info.value.code == 'EF4001001'


def test_contact_tasks():
    contact_xml = ('<ssl_contact><first>Jon</first><last>Doe</last><title>Herr</title><organization>Muster GmbH</organization>'
                   '<address>Line 1</address><address>Line 2</address><postal_code>12345</postal_code><city>Town</city>'
                   '<state>Bayern</state><country>DE</country><phone>+49-0-0</phone><fax>+49-0-1</fax>'
                   '<email>jon@example.com</email><id>42</id></ssl_contact>')
    provider, transport = make_provider(
        (200, success_answer('S400201', contact_xml)),
        (200, success_answer('S400204', contact_xml)),
        (200, success_answer('S400202', contact_xml)),
        (200, success_answer('S400205', '<summary>1</summary>' + contact_xml)),
        (200, success_answer('S400203')),
    )
    new = Contact(first_name='Jon', last_name='Doe', email='jon@example.com', address=['Line 1', 'Line 2'], country='DE',
                  phone='+49-941-1234560', postal_code='93047', city='Regensburg')
    created = provider.create_contact(new)
    sent = transport.task()
    assert sent['code'] == '400201'
    assert sent['ssl_contact'] == {'first': 'Jon', 'last': 'Doe', 'address': ['Line 1', 'Line 2'], 'postal_code': '93047',
                                   'city': 'Regensburg', 'country': 'DE', 'phone': '+49-941-1234560',
                                   'email': 'jon@example.com'}
    assert (created.id, created.first_name, created.last_name, created.address, created.postal_code, created.region) == (
        '42', 'Jon', 'Doe', ['Line 1', 'Line 2'], '12345', 'Bayern')
    assert provider.get_contact('42') == created
    assert transport.task()['ssl_contact'] == {'id': '42'} and transport.task()['code'] == '400204'
    created.city = 'Town'
    provider.update_contact(created)
    assert transport.task()['code'] == '400202' and transport.task()['ssl_contact']['id'] == '42'
    contacts, total = provider.list_contacts(email='jon@example.com', last_name='Doe', limit=10)
    assert total == 1 and contacts == [created]
    assert transport.task()['where']['and'] == [{'key': 'email', 'operator': 'eq', 'value': 'jon@example.com'},
                                                {'key': 'last', 'operator': 'eq', 'value': 'Doe'}]
    provider.delete_contact('42')
    assert transport.task()['code'] == '400203' and transport.task()['ssl_contact'] == {'id': '42'}


def test_contact_not_found():
    provider, dummy = make_provider((200, error_answer('E4002001', 'EF4002001', 'SSL contact not found.')))
    with pytest.raises(_errors.NotFoundError) as info:
        provider.get_contact('1')
    assert info.value.code == 'EF4002001'


# --------------------------------------------------------------------------------------------
# Seed answers
# --------------------------------------------------------------------------------------------

def test_seed_job_list_answer():
    provider, dummy = make_provider((200, SEED_JOB_LIST_RESPONSE))
    jobs, total = provider.list_jobs(limit=10)
    assert total == 1
    job = jobs[0]
    assert (job.id, job.status, job.provider_status, job.sub_status, job.action, job.object) == (
        '12345', 'deferred', 'DEFERRED', 'WF_EMAIL_AUTH', 'create', 'domain.de')   # the seed says DEFFERED
    # seed 000: the same job on JSON is 2019-10-23T16:12:33.000+0200 - the XML time is German local time
    assert (job.created, job.updated, job.execution) == ('2019-10-23T14:12:33Z', '2019-10-23T15:26:01Z',
                                                         '2019-10-23T15:25:58Z')
    assert job.active
    assert provider.last_stid == '20200228-stid'


def test_seed_job_list_status_filter_is_applied_here():
    provider, dummy = make_provider((200, SEED_JOB_LIST_RESPONSE), (200, SEED_JOB_LIST_RESPONSE))
    assert provider.list_jobs(status='running') == ([], 0)
    jobs, total = provider.list_jobs(status='deferred')
    assert total == 1 and jobs[0].id == '12345'
    with pytest.raises(_errors.InputError):
        provider.list_jobs(status='bogus')


def test_seed_job_info_with_the_typo_is_a_clear_error():
    # a read: the spoiled answer is asked for twice more before its sentence stands
    provider, transport = make_provider(*([(200, SEED_JOB_INFO_RESPONSE)] * 3))
    with pytest.raises(_errors.MalformedResponseError) as info:
        provider.get_job('12345')
    message = str(info.value)
    assert 'job info (400114)' in message
    assert 'HTTP 200' in message
    assert 'not well-formed XML' in message and 'mismatched tag' in message
    assert '\n' not in message
    assert len(transport.requests) == 3


def test_seed_job_info_corrected_normalizes_like_the_json_seed():
    provider, dummy = make_provider((200, SEED_JOB_INFO_RESPONSE_FIXED))
    job = provider.get_job('12345')
    assert (job.id, job.status, job.sub_status, job.object) == ('12345', 'deferred', 'WF_EMAIL_AUTH', 'domain.de')
    assert job.certificate.csr.startswith('-----BEGIN CERTIFICATE REQUEST-----')
    assert (job.certificate.admin_contact_id, job.certificate.lifetime_months, job.certificate.product) == ('1', 12, 'RAPID_SSL')
    assert [(c.domain, c.method, c.approver_email) for c in job.challenges] == [('domain.de', 'email', 'admin@domain.de')]
    from_json = convert.job_from_api(json.loads(json.dumps(SEED_JOB_INFO_JSON)))
    # The XML dates are UTC, the JSON sample's +0200: everything else must be identical.
    dates = ('created', 'updated', 'execution')
    assert dict((k, v) for k, v in job.to_dict().items() if k not in dates) == \
        dict((k, v) for k, v in from_json.to_dict().items() if k not in dates)
    assert dict((k, v) for k, v in job.certificate.to_dict().items() if k != 'not_after') == \
        dict((k, v) for k, v in from_json.certificate.to_dict().items() if k != 'not_after')
    assert job.challenges == from_json.challenges


def test_seed_cancel_answer():
    provider, dummy = make_provider((200, SEED_CANCEL_RESPONSE))
    job = provider.cancel_job('12345')
    assert (job.id, job.status, job.provider_status) == ('12345', 'cancelled', 'CANCELED')


def test_seed_resend_answer():
    provider, transport = make_provider((200, SEED_RESEND_RESPONSE))
    assert provider.resend_approver_email('12345') is None
    assert len(transport.requests) == 1


def test_seed_renew_answer_without_stid():
    provider, dummy = make_provider((200, SEED_RENEW_RESPONSE))
    job = provider.renew_certificate('100')
    assert (job.id, job.status, job.provider_status) == ('4295014838', 'running', 'RUNNING')
    assert provider.last_stid is None


def test_job_info_after_success_names_the_certificate():
    answer = success_answer('S400134', '<certificate_job>%s<job><id>91</id><object>example.com</object>'
                            '<status>SUCCESS</status><action>create</action></job></certificate_job>' % ISSUED_CERTIFICATE)
    provider, dummy = make_provider((200, answer))
    job = provider.get_job('91', history=True)
    assert (job.status, job.certificate_id) == ('succeeded', '555')


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------

def test_authentication_error():
    provider, dummy = make_provider((200, error_answer('E0101', 'EF01001', 'Authentication error.')))
    with pytest.raises(_errors.AuthenticationError) as info:
        provider.list_jobs(limit=1)
    assert info.value.code == 'EF01001'
    assert 'job list (400115)' in str(info.value)
    assert 's3cret' not in str(info.value)


def test_job_info_falls_back_to_history_on_ef300101():
    history = SEED_JOB_INFO_RESPONSE_FIXED.replace('S400114', 'S400134').replace('DEFFERED', 'SUCCESS')
    provider, transport = make_provider((200, error_answer('E300101', 'EF300101', 'Job not found.')), (200, history))
    job = provider.get_job('12345')
    assert [transport.task(i)['code'] for i in range(2)] == ['400114', '400134']
    assert job.status == 'succeeded'


def test_job_not_found_anywhere():
    provider, transport = make_provider((200, error_answer('E300101', 'EF300101', 'Job not found.')),
                                        (200, error_answer('E300101', 'EF300101', 'Job not found.')))
    with pytest.raises(_errors.NotFoundError) as info:
        provider.get_job('1')
    assert info.value.code == 'EF300101'
    assert 'job history info (400134)' in str(info.value)


def test_job_info_other_errors_do_not_fall_back():
    provider, transport = make_provider((200, error_answer('E0101', 'EF01001', 'Authentication error.')))
    with pytest.raises(_errors.AuthenticationError):
        provider.get_job('1')
    assert len(transport.requests) == 1


def test_renew_outside_window():
    provider, transport = make_provider(
        (200, error_answer('E4001012', 'EF4001012', 'The certificate cannot be renewed yet.')),
        (200, success_answer('S400104', ISSUED_CERTIFICATE)))
    with pytest.raises(_errors.NotRenewableError) as info:
        provider.renew_certificate('555')
    assert info.value.code == 'EF4001012'
    assert info.value.opens_on == '2098-10-12'
    assert [transport.task(i)['code'] for i in range(2)] == ['400106', '400104']


def test_resend_refused_when_not_waiting_for_email():
    provider, dummy = make_provider((200, error_answer('E400118', 'EF400118', 'The job does not wait for an e-mail.')))
    with pytest.raises(_errors.ProviderError) as info:
        provider.resend_approver_email('1')
    assert info.value.code == 'EF400118'


@pytest.mark.parametrize('body', [
    '<?xml version="1.0"?><!DOCTYPE response [<!ENTITY x "boom">]><response><result><data/>'
    '<status><code>S400115</code><text>&x;</text><type>success</type></status></result></response>',
    '<?xml version="1.0"?><!doctype response SYSTEM "http://127.0.0.1:9/evil.dtd"><response/>',
    '<response><!ENTITY x "y"></response>',
])
def test_doctype_and_entities_are_refused_unparsed(body):
    provider, transport = make_provider(*([(200, body)] * 3))
    with pytest.raises(_errors.MalformedResponseError) as info:
        provider.list_jobs(limit=1)
    assert 'DOCTYPE or ENTITY' in str(info.value)
    assert len(transport.requests) == 3   # a read, asked for again, never parsed


@pytest.mark.parametrize('status, body, words', [
    (200, '', 'empty'),
    (200, '   \n', 'empty'),
    (200, '<response><result><data><summary>1</summ', 'not well-formed'),
    (200, '<!-- x --><html><head><title>Gateway</title></head><body><p>Maintenance</p></body></html>', 'root element html'),
    (502, '<html><body><h1>502 Bad Gateway</h1><hr></body></html>', 'not well-formed'),
    (200, '{"status": {"code": "S400115", "type": "SUCCESS"}}', 'not well-formed'),
    (200, '<response><stid>x</stid></response>', 'no <result><status>'),
    (200, b'\xff\xfe<\x00r\x00', 'not UTF-8'),
    (200, '<?xml version="1.0" encoding="utf-16"?><response/>'.encode('utf-16'), 'not UTF-8'),
])
def test_malformed_answers(status, body, words):
    provider, dummy = make_provider(*[(status, body)] * 5)
    with pytest.raises(_errors.MalformedResponseError) as info:
        provider.list_jobs(limit=1)
    message = str(info.value)
    assert words in message
    assert 'job list (400115)' in message
    assert 'HTTP %d' % status in message


def test_error_answer_with_http_500():
    provider, dummy = make_provider((500, error_answer('E0000', 'EF0000', 'Internal error.')))
    with pytest.raises(_errors.ProviderError) as info:
        provider.get_contact('1')
    assert info.value.http_status == 500 and info.value.code == 'EF0000'


@pytest.mark.parametrize('method, args', [
    ('create_certificate', (order_request(),)),
    ('reissue_certificate', ('555', order_request())),
    ('renew_certificate', ('555',)),
])
def test_orders_are_not_retried_after_a_gateway_error(method, args):
    provider, transport = make_provider((502, '<html>bad gateway</html>'))
    with pytest.raises(_errors.AmbiguousResultError):
        getattr(provider, method)(*args)
    assert len(transport.requests) == 1


def test_reads_are_retried_after_a_gateway_error():
    provider, transport = make_provider((503, '<html>busy</html>'), (200, SEED_RESEND_RESPONSE))
    provider.resend_approver_email('12345')
    assert len(transport.requests) == 2


def test_control_characters_are_refused_before_sending():
    provider, transport = make_provider()
    with pytest.raises(_errors.InputError):
        provider.get_contact('1\x00')
    assert transport.requests == []


def test_http_client_is_the_seam():
    """The provider uses nothing but HttpClient.request."""
    calls = []

    class FakeHttp(HttpClient):
        def __init__(self):
            pass

        def request(self, method, path, operation, body=None, headers=None, mutating=False):
            calls.append((method, path, operation, mutating))
            return HttpResponse(200, {'Content-Type': 'text/xml'}, SEED_RESEND_RESPONSE)

    settings = ConnectionSettings(provider='autodns', api_format='xml', username='u', password='p')
    provider = xml_api.AutoDNSXmlProvider(FakeHttp(), settings)
    provider.resend_approver_email('12345')
    assert calls == [('POST', '', 'approver e-mail resend (400118)', False)]
    assert set(xml_api.ORDER_TASKS) == {'400101', '400102', '400106'}


# --------------------------------------------------------------------------------------------
# Issue 8: the gateway's documented wire (each test quotes its reference)
# --------------------------------------------------------------------------------------------

def test_where_is_one_and_block_per_condition_with_gateway_operators():
    """InterNetX "Running List Inquiries" (SSL XML API): "To link several conditions, e.g. with and, an
    and tag must be opened below the where tag. Under this tag, additional and tags are opened for each
    condition and the condition is defined below with key, operator and value"; operators "eq ne like gt
    lt ge le", "like: wildcard search with *".  The page "Single Inquire" shows the same form:
    ``<where><and><key>name</key><operator>eq</operator><value>test*</value></and>...</where>``."""
    provider, transport = make_provider((200, success_answer('S400205', '<summary>0</summary>')))
    provider.list_contacts(email='*@example.com', last_name='Doe', limit=10)
    body = transport.requests[0]['body'].decode('utf-8')
    where = re.search(r'<where>.*</where>', body).group(0)
    assert where == ('<where><and><key>email</key><operator>like</operator><value>*@example.com</value></and>'
                     '<and><key>last</key><operator>eq</operator><value>Doe</value></and></where>')
    assert '<where><and><where>' not in body and 'EQUAL' not in body and 'LIKE' not in body


def test_content_type_is_application_xml():
    """XML API Basics, "Transport and coding": "The content-type is application/xml. The encoding is UTF-8."."""
    provider, transport = make_provider((200, success_answer('S400115', '<summary>0</summary>')))
    provider.list_jobs(limit=1)
    assert transport.requests[0]['headers']['Content-Type'] == 'application/xml; charset=utf-8'
    assert transport.requests[0]['body'].startswith(b'<?xml version="1.0" encoding="utf-8"?>')


def test_unlimited_list_is_paged_to_its_summary():
    """Running List Inquiries: "If no limit is specified in the View element, the number of queried
    objects is limited to 100": every request names a limit of at most 100 and the client pages."""
    def contacts(start, count):
        return ''.join('<ssl_contact><id>%d</id><email>c%d@example.com</email></ssl_contact>' % (i, i)
                       for i in range(start, start + count))
    provider, transport = make_provider(
        (200, success_answer('S400205', contacts(0, 100) + '<summary>230</summary>')),
        (200, success_answer('S400205', contacts(100, 100) + '<summary>230</summary>')),
        (200, success_answer('S400205', contacts(200, 30) + '<summary>230</summary>')))
    found, total = provider.list_contacts()
    assert (len(found), total) == (230, 230)
    views = [transport.task(i)['view'] for i in range(3)]
    assert [(v['offset'], v['limit']) for v in views] == [('0', '100'), ('100', '100'), ('200', '100')]


def test_a_limit_above_100_is_paged_too():
    """Same page: a limit above the gateway's cap of 100 is reached by paging, never one request."""
    def contacts(start, count):
        return ''.join('<ssl_contact><id>%d</id></ssl_contact>' % i for i in range(start, start + count))
    provider, transport = make_provider(
        (200, success_answer('S400205', contacts(0, 100) + '<summary>500</summary>')),
        (200, success_answer('S400205', contacts(100, 50) + '<summary>500</summary>')))
    found, total = provider.list_contacts(limit=150)
    assert (len(found), total) == (150, 500)
    assert [transport.task(i)['view']['limit'] for i in range(2)] == ['100', '50']
