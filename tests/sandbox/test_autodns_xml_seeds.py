# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The sandbox's AutoDNS XML gateway answers the seeds' requests with the seeds' shapes.

The requests are the documentation's own XML (seeds/000 and seeds/001) with the placeholders
(USER, PASSWORD, CONTEXT, ids, CSR, names) filled in; the answers are compared element path by
element path with the documented answers.
"""

import re
from xml.etree import ElementTree

import pytest
import requests

from sandbox_helpers import make_csr

GATEWAY = '/autodns/gateway'

# -- the seeds' requests, verbatim apart from the placeholders ----------------------------------------


def seed_text(text):
    """The seeds of 000 indent with tabs; they are written here with 4 spaces (pep8) and restored."""
    return re.sub(r'^((?:    )+)', lambda match: '\t' * (len(match.group(1)) // 4), text, flags=re.M)


SEED_JOB_LIST_TASK = seed_text('''<task>
    <code>400115</code><!-- History 400135-->
    <view>
        <limit>10</limit>
        <offset>0</offset>
    </view>
</task>''')

SEED_JOB_TASK_REQUEST = seed_text('''<request>
    <auth>
        <user>USER</user>
        <context>CONTEXT</context>
        <password>PASSWORD</password>
    </auth>
    <task>
        <code>CODE</code>
        <certificate_job>
            <job>
                <id>12345</id>
            </job>
        </certificate_job>
    </task>
</request>''')

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

# -- the seeds' answers (element paths), the job info one with its <context4> typo corrected ----------

JOB_PATHS = {'job', 'job/id', 'job/owner', 'job/owner/user', 'job/owner/context', 'job/updater', 'job/updater/user',
             'job/updater/context', 'job/object', 'job/status', 'job/sub_status', 'job/created', 'job/updated',
             'job/type', 'job/sub_type', 'job/action', 'job/execution'}
SEED_JOB_LIST_PATHS = {'result', 'result/data', 'result/data/summary', 'result/data/certificate_job',
                       'result/status', 'result/status/code', 'result/status/text', 'result/status/type', 'stid'} | \
    set('result/data/certificate_job/' + path for path in JOB_PATHS)
CONTACT_PATHS = {'', '/first', '/last', '/phone', '/fax', '/email', '/title', '/organization', '/address',
                 '/postal_code', '/city', '/country', '/state', '/id'}
SEED_JOB_INFO_CERTIFICATE_PATHS = {
    'partner_order_id', 'order_id', 'name', 'approver_email', 'lifetime', 'software', 'csr', 'product', 'sha',
    'expire', 'extension', 'authentication', 'authentication/method', 'authentication/approver_email',
    'certificate_transparency_privacy', 'created'} | \
    set('admin' + path for path in CONTACT_PATHS) | set('technical' + path for path in CONTACT_PATHS)
SEED_JOB_INFO_PATHS = {'result', 'result/data', 'result/data/certificate_job', 'result/data/certificate_job/certificate',
                       'result/status', 'result/status/code', 'result/status/text', 'result/status/type',
                       'result/status/object', 'result/status/object/type', 'result/status/object/value', 'stid'} | \
    set('result/data/certificate_job/' + path for path in JOB_PATHS) | \
    set('result/data/certificate_job/certificate/' + path for path in SEED_JOB_INFO_CERTIFICATE_PATHS)
SEED_NO_DATA_PATHS = {'result', 'result/data', 'result/status', 'result/status/code', 'result/status/text',
                      'result/status/type', 'result/status/object', 'result/status/object/type',
                      'result/status/object/value', 'stid'}
SEED_RENEW_PATHS = {'result', 'result/data', 'result/data/certificate_job', 'result/data/certificate_job/job',
                    'result/data/certificate_job/job/id', 'result/data/certificate_job/job/status', 'result/status',
                    'result/status/code', 'result/status/text', 'result/status/type', 'result/status/object',
                    'result/status/object/type', 'result/status/object/value', 'ctid'}


def paths(node, prefix=''):
    """Every element path below node ('a/b/c'), without the root."""
    result = set()
    for child in node:
        path = child.tag if not prefix else '%s/%s' % (prefix, child.tag)
        result.add(path)
        result |= paths(child, path)
    return result


def with_auth(task):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<request><auth><user>sandbox</user><password>sandbox</password>'
            '<context>4</context></auth>%s</request>' % task)


def fill(seed, code=None, job_id=None):
    text = seed.replace('<user>USER</user>', '<user>sandbox</user>').replace(
        '<password>PASSWORD</password>', '<password>sandbox</password>').replace('<context>CONTEXT</context>', '<context>4</context>')
    if code:
        text = text.replace('<code>CODE</code>', '<code>%s</code>' % code)
    if job_id is not None:
        text = text.replace('<id>12345</id>', '<id>%s</id>' % job_id)
    return text


def post(sandbox, body, expect_status=200):
    response = sandbox.post(GATEWAY, data=body.encode('utf-8'), headers={'Content-Type': 'text/xml; charset=utf-8'})
    assert response.status_code == expect_status, response.text
    assert response.headers['Content-Type'].startswith('text/xml')
    assert not response.content.startswith(b'\xef\xbb\xbf')
    assert b'<!DOCTYPE' not in response.content
    root = ElementTree.fromstring(response.content)
    assert root.tag == 'response'
    assert list(root)[-1].tag == 'stid', 'every answer ends with <stid>'
    return root


def status_of(root):
    return (root.findtext('result/status/code'), root.findtext('result/status/type'))


def message_code(root):
    return root.findtext('result/msg/code')


@pytest.fixture
def gateway(start_sandbox):
    """A sandbox whose e-mail orders wait for the approval (no automatic DCV)."""
    return start_sandbox('--dcv', 'check')


def create_contact(sandbox):
    root = post(sandbox, with_auth(
        '<task><code>400201</code><ssl_contact><first>Jon</first><last>Doe</last><title>Herr</title>'
        '<organization>Muster GmbH</organization><address>Musterstrasse 6</address><postal_code>12345</postal_code>'
        '<city>Musterstadt</city><state>Bayern</state><country>DE</country><phone>+49-0-0</phone><fax>+49-0-0</fax>'
        '<email>jon.doe@domain.de</email></ssl_contact></task>'))
    assert status_of(root) == ('S400201', 'success')
    return root.findtext('result/data/ssl_contact/id')


def create_certificate_job(sandbox, name, contact_id, method='EMAIL'):
    key, csr = make_csr([name])
    auth = '<method>%s</method>' % method
    if method == 'EMAIL':
        auth += '<approver_email>admin@%s</approver_email>' % name
    root = post(sandbox, with_auth(
        '<task><code>400101</code><certificate><name>%s</name><product>RAPID_SSL</product><lifetime>12</lifetime>'
        '<software>APACHE2</software><csr><![CDATA[%s]]></csr><sha>SHA2_FULL_CHAIN</sha>'
        '<admin><id>%s</id></admin><technical><id>%s</id></technical><authentication>%s</authentication>'
        '</certificate><ctid>create-1</ctid></task>' % (name, csr, contact_id, contact_id, auth)))
    assert status_of(root) == ('N400101', 'notify')
    assert root.findtext('result/data/certificate_job/job/status') == 'RUNNING'
    assert root.findtext('ctid') == 'create-1'
    job_id = root.findtext('result/data/certificate_job/job/id')
    assert job_id and job_id.isdigit()
    return job_id, csr


def issue(sandbox, job_id):
    response = sandbox.post('/_sandbox/jobs/%s/approve' % job_id)
    assert response.status_code == 200, response.text
    root = post(sandbox, fill(SEED_JOB_TASK_REQUEST, '400134', job_id))
    assert root.findtext('result/data/certificate_job/job/status') == 'SUCCESS'
    certificate_id = root.findtext('result/data/certificate_job/certificate/id')
    assert certificate_id and certificate_id.isdigit()
    return certificate_id


def test_job_list_and_info_have_the_seed_shapes(gateway):
    contact_id = create_contact(gateway)
    job_id, csr = create_certificate_job(gateway, 'domain.de', contact_id)

    root = post(gateway, with_auth(SEED_JOB_LIST_TASK))
    assert status_of(root) == ('S400115', 'success')
    assert paths(root) == SEED_JOB_LIST_PATHS
    assert root.findtext('result/data/summary') == '1'
    job = root.find('result/data/certificate_job/job')
    assert (job.findtext('id'), job.findtext('object'), job.findtext('status'), job.findtext('sub_status'),
            job.findtext('action'), job.findtext('type'), job.findtext('sub_type')) == (
        job_id, 'domain.de', 'DEFFERED', 'WF_EMAIL_AUTH', 'create', 'ssl', 'RAPID_SSL')
    assert re.match(r'^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$', job.findtext('created'))

    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400114', job_id))
    assert status_of(root) == ('S400114', 'success')
    assert SEED_JOB_INFO_PATHS <= paths(root), sorted(SEED_JOB_INFO_PATHS - paths(root))
    assert [child.tag for child in root.find('result/data/certificate_job')] == ['certificate', 'job']
    cert = root.find('result/data/certificate_job/certificate')
    assert (cert.findtext('name'), cert.findtext('lifetime'), cert.findtext('product'), cert.findtext('sha'),
            cert.findtext('authentication/method'), cert.findtext('authentication/approver_email'),
            cert.findtext('admin/first'), cert.findtext('admin/postal_code'), cert.findtext('technical/id')) == (
        'domain.de', '12', 'RAPID_SSL', 'SHA2_FULL_CHAIN', 'EMAIL', 'admin@domain.de', 'Jon', '12345', contact_id)
    assert cert.findtext('csr').strip() == csr.strip()
    assert (root.findtext('result/status/object/type'), root.findtext('result/status/object/value')) == (
        'certificate_job', job_id)

    # the history does not know a running job, and the running tasks do not know an unknown one
    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400134', job_id))
    assert status_of(root) == ('E300101', 'error') and message_code(root) == 'EF300101'
    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400114', '999999999'))
    assert message_code(root) == 'EF300101'


def test_resend_and_cancel_have_the_seed_shapes(gateway):
    contact_id = create_contact(gateway)
    job_id, dummy = create_certificate_job(gateway, 'domain.de', contact_id)

    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400118', job_id))
    assert status_of(root) == ('S400118', 'success')
    assert paths(root) == SEED_NO_DATA_PATHS
    assert (root.findtext('result/status/object/type'), root.findtext('result/status/object/value')) == (
        'certificate_job', job_id)

    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400113', job_id))
    assert status_of(root) == ('S400113', 'success')
    assert paths(root) == SEED_NO_DATA_PATHS
    assert root.findtext('result/status/text') == 'The request was canceled successfully.'

    # an ended job has left the running jobs
    for code in ('400114', '400113', '400118'):
        root = post(gateway, fill(SEED_JOB_TASK_REQUEST, code, job_id))
        assert message_code(root) == 'EF300101', code
    root = post(gateway, with_auth(SEED_JOB_LIST_TASK))
    assert root.findtext('result/data/summary') == '0'
    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400134', job_id))
    assert status_of(root) == ('S400134', 'success')
    assert root.findtext('result/data/certificate_job/job/status') == 'CANCELED'
    root = post(gateway, with_auth(SEED_JOB_LIST_TASK.replace('400115', '400135')))
    assert status_of(root) == ('S400135', 'success')
    assert root.findtext('result/data/summary') == '1'

    log = gateway.get('/_sandbox/requests').json()
    entries = [(e['operation'], e['mutating']) for e in log if e['format'] == 'xml']
    assert ('400113', True) in entries and ('400101', True) in entries
    assert ('400118', False) in entries and ('400114', False) in entries


def test_resend_is_refused_unless_the_job_waits_for_an_email(gateway):
    contact_id = create_contact(gateway)
    job_id, dummy = create_certificate_job(gateway, 'dns.example', contact_id, method='DNS')
    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400114', job_id))
    assert root.findtext('result/data/certificate_job/job/sub_status') == 'WF_DNS_AUTH'
    dns = root.findtext('result/data/certificate_job/certificate/authentication/dns')
    assert re.match(r'^_dnsauth\.dns\.example\.\t300\tIN\tTXT\t"[0-9a-f]+"$', dns), dns
    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400118', job_id))
    assert status_of(root) == ('E400118', 'error') and message_code(root) == 'EF400118'


def test_renew_has_the_seed_shape_and_window(gateway):
    contact_id = create_contact(gateway)
    job_id, csr = create_certificate_job(gateway, 'domain.com', contact_id)
    certificate_id = issue(gateway, job_id)

    renew = fill(SEED_RENEW_REQUEST)
    renew = renew.replace('<id>100</id>\n            <product>', '<id>%s</id>\n            <product>' % certificate_id)
    renew = renew.replace('<id>100</id>', '<id>%s</id>' % contact_id)
    renew = renew.replace('-----BEGIN CERTIFICATE REQUEST----- ... -----END CERTIFICATE REQUEST-----', csr.strip())
    renew = renew.replace('san1.example.com>', 'www.domain.com').replace('san1.example.com', 'www.domain.com')

    root = post(gateway, renew)
    assert status_of(root) == ('E4001012', 'error')
    assert message_code(root) == 'EF4001012'
    assert root.findtext('ctid') == 'request-100001'
    assert re.search(r'\d{4}-\d{2}-\d{2}', root.findtext('result/msg/text'))

    response = gateway.post('/_sandbox/clock', json={'advance_days': 300})
    assert response.status_code == 200
    root = post(gateway, renew)
    assert status_of(root) == ('N400106', 'notify')
    assert paths(root) == SEED_RENEW_PATHS | {'stid'}
    assert root.findtext('ctid') == 'request-100001'
    assert root.findtext('result/data/certificate_job/job/status') == 'RUNNING'
    assert (root.findtext('result/status/object/type'), root.findtext('result/status/object/value')) == (
        'certificate', 'domain.com')
    renew_job = root.findtext('result/data/certificate_job/job/id')
    assert renew_job != job_id

    root = post(gateway, fill(SEED_JOB_TASK_REQUEST, '400114', renew_job))
    job = root.find('result/data/certificate_job')
    assert (job.findtext('job/action'), job.findtext('certificate/id'), job.findtext('certificate/authentication/method')) == (
        'renew', certificate_id, 'DNS')
    assert job.findtext('certificate/subject_alternative_name/name') == 'www.domain.com'


def test_certificate_info_and_list(gateway):
    contact_id = create_contact(gateway)
    job_id, dummy = create_certificate_job(gateway, 'list.example', contact_id)
    certificate_id = issue(gateway, job_id)
    root = post(gateway, with_auth('<task><code>400104</code><certificate><id>%s</id></certificate></task>' % certificate_id))
    assert status_of(root) == ('S400104', 'success')
    cert = root.find('result/data/certificate')
    for tag in ('id', 'name', 'product', 'lifetime', 'software', 'csr', 'server', 'serial_number', 'created', 'expire',
                'order_id', 'partner_order_id', 'admin', 'technical', 'sha', 'certificate_transparency_privacy',
                'certification_authority', 'authentication'):
        assert cert.find(tag) is not None, tag
    assert [ca.findtext('ca_type') for ca in cert.findall('certification_authority')] == ['INTERMEDIATE', 'ROOT']
    assert cert.findtext('server').startswith('-----BEGIN CERTIFICATE-----')

    # Running List Inquiries, example 2: one <and> block per condition, operators eq/like
    root = post(gateway, with_auth('<task><code>400105</code><view><offset>0</offset><limit>10</limit></view>'
                                   '<where><and><key>name</key><operator>eq</operator><value>list.example</value>'
                                   '</and><and><key>product</key><operator>eq</operator><value>RAPID_SSL</value>'
                                   '</and></where></task>'))
    assert status_of(root) == ('S400105', 'success')
    assert root.findtext('result/data/summary') == '1'
    assert [c.findtext('id') for c in root.findall('result/data/certificate')] == [certificate_id]
    root = post(gateway, with_auth('<task><code>400105</code><where><key>product</key><operator>eq</operator>'
                                   '<value>OTHER</value></where></task>'))
    assert root.findtext('result/data/summary') == '0'
    root = post(gateway, with_auth('<task><code>400105</code><where><key>name</key><operator>like</operator>'
                                   '<value>list.*</value></where></task>'))
    assert root.findtext('result/data/summary') == '1'

    root = post(gateway, with_auth('<task><code>400104</code><certificate><id>1</id></certificate></task>'))
    assert message_code(root) == 'EF4001001'


def test_auth_and_malformed_requests(gateway):
    wrong = fill(SEED_JOB_TASK_REQUEST, '400114', '1').replace('<password>sandbox</password>', '<password>wrong</password>')
    root = post(gateway, wrong)
    assert status_of(root) == ('E0101', 'error') and message_code(root) == 'EF01001'
    assert b'wrong' not in ElementTree.tostring(root)

    for body in ('<request><auth>', 'not xml at all', '', '{"json": true}',
                 '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><request>&x;</request>'):
        root = post(gateway, body, expect_status=400)
        assert message_code(root) == 'EF01000'
    utf16 = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY x "y">]><request>&x;</request>'.encode('utf-16')
    response = gateway.post(GATEWAY, data=utf16, headers={'Content-Type': 'text/xml'})
    assert response.status_code == 400 and b'EF01000' in response.content

    root = post(gateway, with_auth('<task><code>999999</code></task>'))
    assert status_of(root)[1] == 'error' and message_code(root) == 'EF01000'

    response = requests.get(gateway.url + GATEWAY, timeout=10)
    assert response.status_code == 405


def test_xml_client_against_the_sandbox_normalizes_like_the_json_client(start_sandbox):
    """The collection's XML client end to end, and the same account read through the JSON client:
    both wire formats must give the same normalized objects."""
    from ansible_collections.certops.reseller.plugins.module_utils import _errors
    from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
    from ansible_collections.certops.reseller.plugins.module_utils._model import Contact, OrderRequest

    sandbox = start_sandbox('--dcv', 'check')
    xml = create_provider(ConnectionSettings(provider='autodns', api_format='xml', username='sandbox', password='sandbox',
                                             api_url=sandbox.url + GATEWAY))
    json_ = create_provider(ConnectionSettings(provider='autodns', api_format='json', username='sandbox',
                                               password='sandbox', api_url=sandbox.url + '/autodns/v1'))
    assert xml.check_connection()['code'] == 'S400115'

    contact = xml.create_contact(Contact(first_name='Jon', last_name='Doe', email='jon@client.example',
                                         address=['Street 1', 'Floor 2'], postal_code='12345', city='Town',
                                         country='DE', phone='+49-941-1234560'))
    assert json_.get_contact(contact.id) == contact == xml.get_contact(contact.id)

    names = ['client.example', 'www.client.example']
    dummy, csr = make_csr(names)
    request = OrderRequest(common_name=names[0], subject_alternative_names=names[1:], product='BASIC_SSL',
                           lifetime_months=12, csr=csr, validation_method='email', approver_email='admin@client.example',
                           admin_contact=contact.id, technical_contact=contact.id)
    challenges = xml.prepare_order(request)
    assert [(c.domain, c.method, c.approver_email) for c in challenges] == [
        ('client.example', 'email', 'admin@client.example'), ('www.client.example', 'email', 'admin@client.example')]

    job = xml.create_certificate(request)
    pending = xml.get_job(job.id)
    assert (pending.status, pending.sub_status, pending.certificate.admin_contact_id) == ('deferred', 'WF_EMAIL_AUTH',
                                                                                          contact.id)
    assert pending.to_dict() == json_.get_job(job.id).to_dict()
    assert pending.challenges == json_.get_job(job.id).challenges
    xml.resend_approver_email(job.id)
    jobs, total = xml.list_jobs(status='deferred')
    assert total == 1 and jobs[0].id == job.id

    assert sandbox.post('/_sandbox/jobs/%s/approve' % job.id).status_code == 200
    done = xml.get_job(job.id)   # 400114 answers EF300101, 400134 knows it
    assert (done.status, done.provider_status) == ('succeeded', 'SUCCESS')
    certificate = xml.get_certificate(done.certificate_id)
    from_json = json_.get_certificate(done.certificate_id)
    assert certificate.to_dict() == from_json.to_dict()
    assert certificate.status == 'issued' and certificate.certificate.startswith('-----BEGIN CERTIFICATE-----')
    assert certificate.chain and certificate.subject_alternative_names == names
    listed, total = xml.list_certificates(common_name=names[0])
    assert total == 1 and listed[0].to_dict() == certificate.to_dict()

    with pytest.raises(_errors.NotRenewableError) as info:
        xml.renew_certificate(certificate.id)
    assert info.value.code == 'EF4001012' and info.value.opens_on

    other = xml.create_certificate(OrderRequest(common_name='cancel.example', product='BASIC_SSL', lifetime_months=12,
                                                csr=make_csr(['cancel.example'])[1], validation_method='email'))
    cancelled = xml.cancel_job(other.id)
    assert cancelled.status == 'cancelled'
    assert xml.get_job(other.id).status == 'cancelled'
    with pytest.raises(_errors.NotFoundError):
        xml.cancel_job(other.id)   # an ended job is no longer a running one (EF300101)

    xml.delete_contact(contact.id)
    with pytest.raises(_errors.NotFoundError):
        xml.get_contact(contact.id)

    log = sandbox.get('/_sandbox/requests?format=xml').json()
    assert all(entry['path'] == GATEWAY and entry['method'] == 'POST' for entry in log)
    assert ('400101', True) in [(e['operation'], e['mutating']) for e in log]


def test_xml_client_reissue_renew_revoke_delete_and_contacts(sandbox):
    """--dcv auto: every order validates 2 sandbox seconds after it was placed."""
    from ansible_collections.certops.reseller.plugins.module_utils import _errors
    from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
    from ansible_collections.certops.reseller.plugins.module_utils._model import Contact, OrderRequest

    xml = create_provider(ConnectionSettings(provider='autodns', api_format='xml', username='sandbox', password='sandbox',
                                             api_url=sandbox.url + GATEWAY))

    def finish(job_id):
        sandbox.post('/_sandbox/clock', json={'advance_days': 0.001})
        job = xml.get_job(job_id)
        assert job.status == 'succeeded', job
        return job

    contact = xml.create_contact(Contact(first_name='Ann', last_name='Lee', email='ann@life.example',
                                         phone='+49-30-1234567', address=['Unter den Linden 1'], postal_code='10117',
                                         city='Potsdam', country='DE'))
    contact.city = 'Berlin'
    assert xml.update_contact(contact).city == 'Berlin'
    contacts, total = xml.list_contacts(last_name='Lee')
    assert total == 1 and contacts[0].id == contact.id
    assert xml.list_contacts(email='nobody@life.example') == ([], 0)

    names = ['life.example']
    dummy, csr = make_csr(names)
    request = OrderRequest(common_name=names[0], product='BASIC_SSL', lifetime_months=12, csr=csr,
                           validation_method='dns', dns_provisioning=True, admin_contact=contact.id)
    first = xml.get_certificate(finish(xml.create_certificate(request).id).certificate_id)

    dummy, new_csr = make_csr(names)
    request.csr = new_csr
    reissue = xml.reissue_certificate(first.id, request)
    assert (reissue.action, reissue.certificate_id) == ('reissue', first.id)
    finish(reissue.id)
    reissued = xml.get_certificate(first.id)
    assert reissued.serial_number != first.serial_number and reissued.csr.strip() == new_csr.strip()

    sandbox.post('/_sandbox/clock', json={'advance_days': 300})
    renew = xml.renew_certificate(first.id)
    assert (renew.action, renew.certificate_id, renew.status) == ('renew', first.id, 'running')
    finish(renew.id)
    renewed = xml.get_certificate(first.id)
    assert renewed.not_after > reissued.not_after

    second = xml.get_certificate(finish(xml.create_certificate(OrderRequest(
        common_name='second.example', product='BASIC_SSL', lifetime_months=12, csr=make_csr(['second.example'])[1])).id
    ).certificate_id)
    assert xml.list_certificates()[1] == 2
    assert [c.id for c in xml.list_certificates(status='issued')[0]] == [first.id, second.id]

    # revoked and deleted certificates vanish, as on the JSON API
    assert xml.revoke_certificate(first.id) is None
    for call in (xml.get_certificate, xml.revoke_certificate, xml.cancel_certificate):
        with pytest.raises(_errors.NotFoundError) as info:
            call(first.id)
        assert info.value.code == 'EF4001001'
    assert xml.cancel_certificate(second.id) is None
    with pytest.raises(_errors.NotFoundError):
        xml.get_certificate(second.id)
    assert xml.list_certificates() == ([], 0)
    history, total = xml.list_jobs(history=True, object_name='life.example')
    assert total == 3 and sorted(job.action for job in history) == ['create', 'reissue', 'renew']
    assert xml.list_jobs() == ([], 0)
