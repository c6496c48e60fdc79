# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The sandbox refuses what the documented providers refuse (issue 8): each test sends what the
client used to send, shows the refusal with the provider's error envelope, and then the documented
form being accepted.  Plain HTTP against a real sandbox process."""

from xml.etree import ElementTree

from sandbox_helpers import make_csr

JSON_API = '/autodns/v1'
GATEWAY = '/autodns/gateway'
SSL247 = '/ssl247/api/v3'
AUTODNS_AUTH = ('sandbox', 'sandbox')
AUTODNS_HEADERS = {'X-Domainrobot-Context': '4', 'User-Agent': 'certops-sandbox-tests'}
SSL247_CREDENTIALS = {'u': 'api@example.com', 'k': 'sandbox-key'}

GOOD_CONTACT = {'fname': 'Jane', 'lname': 'Doe', 'email': 'jane@example.com', 'phone': '+49-941-1234560',
                'address': ['Main Street 1'], 'pcode': '93047', 'city': 'Regensburg', 'country': 'DE'}


def json_call(sandbox, method, path, body=None):
    response = sandbox.request(method, JSON_API + path, auth=AUTODNS_AUTH, headers=AUTODNS_HEADERS, json=body)
    return response.status_code, response.json()


def json_error(answer):
    status, body = answer
    assert body['status']['type'] == 'ERROR', body
    return status, body['messages'][0]['code'], body['messages'][0]['text']


def gateway(sandbox, task):
    body = ('<?xml version="1.0" encoding="utf-8"?><request><auth><user>sandbox</user><password>sandbox</password>'
            '<context>4</context></auth><task>%s</task></request>' % task)
    response = sandbox.post(GATEWAY, data=body.encode('utf-8'), headers={'Content-Type': 'application/xml; charset=utf-8'})
    assert response.status_code == 200, response.text
    return ElementTree.fromstring(response.content)


def gateway_status(root):
    return root.findtext('result/status/type'), root.findtext('result/status/code'), root.findtext('result/msg/code')


def ssl247_call(sandbox, route, **fields):
    body = dict(SSL247_CREDENTIALS)
    body.update(fields)
    return sandbox.post(SSL247 + route, json=body)


def mutating_log(sandbox):
    return sandbox.get('/_sandbox/requests?mutating=true').json()


# -- 1. XML list filters -------------------------------------------------------------------------------

def test_xml_nested_where_and_json_operators_are_refused(sandbox):
    """Running List Inquiries: one <and> block per condition holding key, operator, value; operators
    eq ne like gt lt ge le.  The client used to nest <where> in <and> and send EQUAL/LIKE."""
    old = ('<code>400205</code><view><offset>0</offset><limit>10</limit></view><where><and>'
           '<where><key>email</key><operator>EQUAL</operator><value>jane@example.com</value></where>'
           '<where><key>last</key><operator>EQUAL</operator><value>Doe</value></where></and></where>')
    root = gateway(sandbox, old)
    assert gateway_status(root) == ('error', 'E01000', 'EF01000')
    assert 'must not contain another <where>' in root.findtext('result/msg/text')
    root = gateway(sandbox, '<code>400205</code><where><key>email</key><operator>EQUAL</operator>'
                            '<value>jane@example.com</value></where>')
    assert gateway_status(root) == ('error', 'E01000', 'EF01000')
    assert "Unknown operator 'EQUAL'" in root.findtext('result/msg/text')
    documented = ('<code>400205</code><view><offset>0</offset><limit>10</limit></view><where>'
                  '<and><key>email</key><operator>like</operator><value>*@example.com</value></and>'
                  '<and><key>last</key><operator>eq</operator><value>Doe</value></and></where>')
    root = gateway(sandbox, documented)
    assert gateway_status(root)[:2] == ('success', 'S400205')


# -- 3. XML dates are local time ---------------------------------------------------------------------

def test_xml_dates_are_german_local_time_like_seed_000(sandbox):
    """Seed 000: JSON ``2019-10-23T16:12:33.000+0200`` is XML ``2019-10-23 16:12:33``."""
    status, body = json_call(sandbox, 'POST', '/sslcontact', GOOD_CONTACT)
    assert status == 200, body
    contact_id = body['data'][0]['id']
    created_utc = body['data'][0]['created']            # 2026-12-02T07:05:00.000+0000
    root = gateway(sandbox, '<code>400204</code><ssl_contact><id>%s</id></ssl_contact>' % contact_id)
    local = root.findtext('result/data/ssl_contact/created')
    import datetime
    utc = datetime.datetime.strptime(created_utc[:19], '%Y-%m-%dT%H:%M:%S')
    shown = datetime.datetime.strptime(local, '%Y-%m-%d %H:%M:%S')
    assert shown - utc in (datetime.timedelta(hours=1), datetime.timedelta(hours=2))


# -- 6. lists without a limit stop at 100 ---------------------------------------------------------------

def test_lists_without_a_limit_hold_at_most_100(sandbox):
    """Running List Inquiries: "If no limit is specified in the View element, the number of queried
    objects is limited to 100"; the summary still counts all."""
    for index in range(105):
        status, body = json_call(sandbox, 'POST', '/sslcontact', dict(GOOD_CONTACT, email='c%d@example.com' % index))
        assert status == 200, body
    root = gateway(sandbox, '<code>400205</code>')
    assert root.findtext('result/data/summary') == '105'
    assert len(root.findall('result/data/ssl_contact')) == 100
    status, body = json_call(sandbox, 'POST', '/sslcontact/_search', {})
    assert body['object']['summary'] == 105 and len(body['data']) == 100


# -- 4./5. job history window and job status constants ---------------------------------------------------

def test_history_search_needs_from_and_to(sandbox):
    """QueryView.from/to: "Required for Historical Task" (autodns-openapi.json)."""
    status, code, text = json_error(json_call(sandbox, 'POST', '/job/history/_search', {'view': {'limit': 10}}))
    assert (status, code) == (400, 'EF01000') and 'view.from is required' in text
    status, body = json_call(sandbox, 'POST', '/job/history/_search', {'view': {
        'limit': 10, 'from': '2023-08-22T09:00:00.000Z', 'to': '2026-12-03T09:00:00.000Z'}})
    assert status == 200 and body['status']['type'] == 'SUCCESS'
    status, body = json_call(sandbox, 'POST', '/job/_search', {'view': {'limit': 10}})   # running jobs: no window
    assert status == 200


def test_job_status_filters_take_only_the_spec_constants_and_answers_say_deferred(sandbox):
    """definitions/JobStatusConstants: ... DEFERRED ...; the client used to send the seed's DEFFERED."""
    status, code, text = json_error(json_call(sandbox, 'POST', '/job/_search', {
        'filters': [{'key': 'status', 'values': ['DEFERRED', 'DEFFERED', 'SUPPORT'], 'operator': 'IN'}]}))
    assert (status, code) == (400, 'EF01000') and 'DEFFERED is not a job status' in text
    names = ['strict.example.com']
    _key, csr = make_csr(names)
    status, body = json_call(sandbox, 'POST', '/certificate', {
        'name': names[0], 'product': 'BASIC_SSL', 'csr': csr, 'authentication': {'method': 'DNS'}})
    assert status == 200, body
    sandbox.post('/_sandbox/clock', json={'advance_days': 0.00001})
    status, body = json_call(sandbox, 'POST', '/job/_search', {
        'filters': [{'key': 'status', 'values': ['DEFERRED', 'SUPPORT'], 'operator': 'IN'}]})
    assert status == 200
    assert {entry['job']['status'] for entry in body['data']} <= {'DEFERRED', 'RUNNING'}


# -- 9. unknown products and contact data ------------------------------------------------------------------

def test_unknown_product_is_refused_before_anything_is_ordered(sandbox):
    """The client used to order and pay NO_SUCH_PRODUCT on AutoDNS JSON."""
    names = ['product.example.com']
    _key, csr = make_csr(names)
    status, code, text = json_error(json_call(sandbox, 'POST', '/certificate/_prepareOrder', {
        'plain': csr, 'name': names[0], 'product': 'NO_SUCH_PRODUCT', 'authentication': [{'method': 'DNS'}]}))
    assert (status, code) == (400, 'EF01000') and 'NO_SUCH_PRODUCT does not exist' in text
    status, code, text = json_error(json_call(sandbox, 'POST', '/certificate', {
        'name': names[0], 'product': 'NO_SUCH_PRODUCT', 'csr': csr, 'authentication': {'method': 'DNS'}}))
    assert (status, code) == (400, 'EF01000')
    root = gateway(sandbox, '<code>400101</code><certificate><name>%s</name><product>NO_SUCH_PRODUCT</product>'
                            '<lifetime>12</lifetime><csr><![CDATA[%s]]></csr><authentication><method>DNS</method>'
                            '</authentication></certificate>' % (names[0], csr))
    assert gateway_status(root) == ('error', 'E01000', 'EF01000')
    assert mutating_log(sandbox) == []


BAD_VALUES = [
    ('country', 'Germany', 'not an ISO 3166-1 country code'),
    ('phone', 'call me', 'not a valid phone number'),
    ('phone', '+49.9411234560', 'not a valid phone number'),
    ('address', ['5'], 'not a valid street address'),
    ('email', 'jane@example', 'not a valid e-mail address'),
    ('city', None, 'The field city is missing'),
]


def test_autodns_json_refuses_contact_data_autodns_refuses(sandbox):
    for field, value, words in BAD_VALUES:
        contact = dict(GOOD_CONTACT)
        if value is None:
            contact.pop(field)
        else:
            contact[field] = value
        status, code, text = json_error(json_call(sandbox, 'POST', '/sslcontact', contact))
        assert (status, code) == (400, 'EF01000') and words in text, (field, text)
    assert mutating_log(sandbox) == []
    status, body = json_call(sandbox, 'POST', '/sslcontact', GOOD_CONTACT)
    assert status == 200


def test_autodns_xml_refuses_contact_data_autodns_refuses(sandbox):
    tags = {'fname': 'first', 'lname': 'last', 'pcode': 'postal_code'}
    for field, value, words in BAD_VALUES:
        contact = dict(GOOD_CONTACT)
        if value is None:
            contact.pop(field)
        else:
            contact[field] = value
        inner = ''
        for key, item in contact.items():
            for line in (item if isinstance(item, list) else [item]):
                inner += '<%s>%s</%s>' % (tags.get(key, key), line, tags.get(key, key))
        root = gateway(sandbox, '<code>400201</code><ssl_contact>%s</ssl_contact>' % inner)
        assert gateway_status(root) == ('error', 'E01000', 'EF01000'), field
        assert words in root.findtext('result/msg/text')
    assert mutating_log(sandbox) == []


def test_ssl247_refuses_bad_profiles_unknown_fields_and_incomplete_order_contacts(sandbox):
    """Seed 002: contact-profile add/edit take title, firstname, lastname, email, phone, ... country (no
    company_name); the client used to send company_name, and bad contact data reached SSL247."""
    profile = dict(firstname='Ann', lastname='Admin', email='ann@example.com', phone='+44 20 7946 0000',
                   address_1='1 Road', city='London', postcode='N1 1AA', country='GB')
    response = ssl247_call(sandbox, '/account/contact-profile/add', company_name='Example Ltd', **profile)
    assert response.status_code == 400 and 'Unknown field company_name' in response.text
    for field, value in (('country', 'Germany'), ('phone', 'call me'), ('email', 'ann.example.com'),
                         ('address_1', '5')):
        response = ssl247_call(sandbox, '/account/contact-profile/add', **dict(profile, **{field: value}))
        assert response.status_code == 400, (field, response.text)
        assert set(response.json()) == {'Response'}
    assert ssl247_call(sandbox, '/account/contact-profile/add', **profile).status_code == 200

    deposit = sandbox.get('/_sandbox/deposit').json()
    names = ['contact.example.com']
    _key, csr = make_csr(names)
    incomplete = dict(profile)
    incomplete.pop('city')
    response = ssl247_call(sandbox, '/order/certificate/place-quick-order', product_code='RAPIDSSL',
                           common_name=names[0], years='1', dv_auth_method='dns', csr=csr,
                           Contacts={'Administrative': incomplete})
    assert response.status_code == 400 and 'The field city is missing' in response.text
    assert sandbox.get('/_sandbox/deposit').json() == deposit   # nothing charged


def test_ssl247_list_routes_take_only_the_seed_statuses(sandbox):
    """Seed 002 lists no Revoked for /certificates/{status} or /orders/certificates/{status}."""
    for route in ('/certificates/Revoked', '/orders/certificates/Revoked', '/orders/certificates/ReadyToReview'):
        response = ssl247_call(sandbox, route)
        assert response.status_code == 400 and 'Unknown status' in response.text, route
    for route in ('/certificates/Issued', '/orders/certificates/Incomplete', '/orders/certificates/Subscription'):
        assert ssl247_call(sandbox, route).status_code == 200, route


def test_the_client_stops_at_an_unknown_product_before_paying(sandbox):
    """Through the client's order path (preview, then order): prepareOrder (AutoDNS) or the order
    validation (SSL247) refuses NO_SUCH_PRODUCT, so the paid call is never made."""
    import pytest
    from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
    from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError
    from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_order import ensure_present

    names = ['unknown-product.example.com']
    _key, csr = make_csr(names)
    flavours = (
        dict(provider='autodns', api_format='json', username='sandbox', password='sandbox', api_url=sandbox.url + JSON_API),
        dict(provider='autodns', api_format='xml', username='sandbox', password='sandbox', api_url=sandbox.url + GATEWAY),
        dict(provider='ssl247', username='api@example.com', api_key='sandbox-key', api_url=sandbox.url + SSL247),
    )
    for settings in flavours:
        provider = create_provider(ConnectionSettings(**settings))
        params = dict(common_name=names[0], subject_alternative_names=[], product='NO_SUCH_PRODUCT', csr=csr,
                      lifetime=12, validation_method='dns', state='present')
        with pytest.raises(CertopsError) as caught:
            ensure_present(provider, params)
        assert 'NO_SUCH_PRODUCT' in str(caught.value), (settings['provider'], str(caught.value))
    assert mutating_log(sandbox) == []
