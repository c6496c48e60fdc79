# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Paid terms, short certificates and DCV reuse: the sandbox follows the rule of its own clock's date.

Sources (tests/simulator/README.md, "Terms and the rule of the day"): CA/B Forum Baseline Requirements,
ballot SC-081v3 (6.3.2 validity, 4.2.1 DCV reuse, 1.6.1 validity period); autodns-openapi.json
definitions/Certificate (payable, multiyear, reissueRequired, reissueStatus, lifetime); seed 001 (EF4001012);
seed 002 (CertificateDetails.years, remaining_reissues, Dates, statuses Subscription / Expiring).

The sandbox clock starts at real time and only moves forward: each test moves it across the dates where
the rules change (2027-03-15, 2029-03-15) and skips a step whose date already lies behind the clock.
"""

import datetime
import decimal
from xml.etree import ElementTree

import pytest

from sandbox_helpers import make_csr

import core
import rules

UTC = datetime.timezone.utc
JSON_API = '/autodns/v1'
JSON_AUTH = {'auth': ('sandbox', 'sandbox'), 'headers': {'X-Domainrobot-Context': '4'}}
SSL247_API = '/ssl247/api/v3'
SSL247_CREDENTIALS = {'u': 'api@example.com', 'k': 'sandbox-key'}
AUTODNS_FLAVOURS = ('autodns_json', 'autodns_xml')
FLAVOURS = AUTODNS_FLAVOURS + ('ssl247',)
HUNDRED_DAY_RULE = datetime.datetime(2027, 3, 15, tzinfo=UTC)
FORTY_SEVEN_DAY_RULE = datetime.datetime(2029, 3, 15, tzinfo=UTC)
A_FEW_SECONDS = 0.0001   # days: 8.6 s, past the 2 s of --dcv auto


# ---------------------------------------------------------------- clock and control API
def clock(box):
    return core.parse_iso(box.get('/_sandbox/clock').json()['now'])


def advance(box, days):
    response = box.post('/_sandbox/clock', json={'advance_days': days})
    assert response.status_code == 200, response.text
    return core.parse_iso(response.json()['now'])


def advance_to(box, when):
    """Move the clock to ``when``; skip the test when the clock is already past it."""
    days = (when - clock(box)).total_seconds() / 86400.0
    if days < 0:
        pytest.skip('the sandbox clock is already past %s' % core.isoformat(when))
    return advance(box, days)


def state_certificate(box, certificate_id):
    return box.get('/_sandbox/state').json()['certificates'][str(certificate_id)]


def newest_order(box, certificate_id):
    orders = [o for o in box.get('/_sandbox/state').json()['orders'].values()
              if o.get('certificate_id') is not None and int(o['certificate_id']) == int(certificate_id)]
    return max(orders, key=lambda o: o['id'])


def job(box, order_id):
    response = box.get('/_sandbox/jobs/%s' % order_id)
    assert response.status_code == 200, response.text
    return response.json()


def wait_issued(box, order_id, polls=10):
    """Poll (each request ticks the engine) while the clock moves past the 2 s of --dcv auto."""
    for _index in range(polls):
        order = job(box, order_id)
        if order['status'] == 'issued':
            return order
        assert order['status'] in core.ORDER_ACTIVE, order
        advance(box, A_FEW_SECONDS)
    raise AssertionError('order %s not issued: %r' % (order_id, job(box, order_id)))


def approve(box, order_id):
    response = box.post('/_sandbox/jobs/%s/approve' % order_id)
    assert response.status_code == 200, response.text
    assert response.json()['status'] == 'issued'


def days(delta):
    return delta.total_seconds() / 86400.0


def assert_rule_of_the_day(cert):
    """The certificate (core dict) lasts as long as the rule of its issue date allows, or up to its term;
    returns its validity period in days (notBefore through notAfter inclusive, counted from ``issued``)."""
    issued, not_after, term_end = (core.parse_iso(cert[key]) for key in ('issued', 'not_after', 'term_end'))
    assert not_after <= term_end
    if not_after < term_end:
        assert not_after == rules.latest_not_after(issued), cert
    return round(days(not_after - issued + datetime.timedelta(seconds=1)), 6)


# ---------------------------------------------------------------- three front-ends, one small client each
class AutodnsJson:
    name = 'autodns_json'

    def __init__(self, box):
        self.box = box

    def _call(self, method, path, body=None):
        return self.box.request(method, JSON_API + path, json=body, **JSON_AUTH)

    @staticmethod
    def _auth(method):
        if method == 'email':
            return {'method': 'EMAIL', 'approverEmails': ['hostmaster@example.com']}
        return {'method': method.upper()}

    def order(self, name, months=12, method='dns'):
        _key, csr = make_csr([name])
        response = self._call('POST', '/certificate', {
            'name': name, 'product': 'BASIC_SSL', 'csr': csr, 'lifetime': {'unit': 'MONTH', 'period': months},
            'authentication': self._auth(method)})
        assert response.status_code == 200, response.text
        return response.json()['data'][0]['id']

    def info(self, certificate_id):
        response = self._call('GET', '/certificate/%s' % certificate_id)
        assert response.status_code == 200, response.text
        data = response.json()['data'][0]
        return {'payable': _json_date(data['payable']), 'expire': _json_date(data['expire']),
                'multiyear': data['multiyear'], 'reissue_required': data['reissueRequired'],
                'reissue_status': data['reissueStatus'], 'lifetime': data['lifetime'], 'raw': data}

    def reissue(self, certificate_id, name):
        _key, csr = make_csr([name])
        response = self._call('PUT', '/certificate/%s' % certificate_id, {'csr': csr})
        return self._job_or_error(response)

    def renew(self, certificate_id):
        return self._job_or_error(self._call('PUT', '/certificate/%s/_renew' % certificate_id, {}))

    @staticmethod
    def _job_or_error(response):
        body = response.json()
        if response.status_code == 200:
            return body['data'][0]['id'], None
        assert response.status_code == 400, response.text
        return None, (body['messages'][0]['code'], body['messages'][0]['text'])

    def job_view(self, job_id):
        response = self._call('GET', '/job/%s' % job_id)
        assert response.status_code == 200, response.text
        found = response.json()['data'][0]['job']
        return found['status'], found.get('subStatus')


class AutodnsXml:
    name = 'autodns_xml'

    def __init__(self, box):
        self.box = box

    def _task(self, code, inner):
        body = ('<request><auth><user>sandbox</user><password>sandbox</password><context>4</context></auth>'
                '<task><code>%s</code>%s</task></request>' % (code, inner))
        response = self.box.post('/autodns/gateway', data=body.encode('utf-8'),
                                 headers={'Content-Type': 'text/xml; charset=utf-8'})
        assert response.status_code == 200, response.text
        return ElementTree.fromstring(response.content)

    @staticmethod
    def _auth(method):
        if method == 'email':
            return '<authentication><method>EMAIL</method><approver_email>hostmaster@example.com</approver_email>' \
                   '</authentication>'
        return '<authentication><method>%s</method></authentication>' % method.upper()

    def order(self, name, months=12, method='dns'):
        _key, csr = make_csr([name])
        root = self._task('400101', '<certificate><name>%s</name><product>BASIC_SSL</product><lifetime>%d</lifetime>'
                          '<csr><![CDATA[%s]]></csr>%s</certificate>' % (name, months, csr, self._auth(method)))
        return self._job_or_error(root)[0]

    def info(self, certificate_id):
        root = self._task('400104', '<certificate><id>%s</id></certificate>' % certificate_id)
        cert = root.find('result/data/certificate')
        assert cert is not None, ElementTree.tostring(root)
        return {'payable': _xml_date(cert.findtext('payable')), 'expire': _xml_date(cert.findtext('expire')),
                'multiyear': cert.findtext('multiyear') == '1',
                'reissue_required': cert.findtext('reissue_required') == '1',
                'reissue_status': cert.findtext('reissue_status'), 'lifetime': int(cert.findtext('lifetime')),
                'raw': cert}

    def reissue(self, certificate_id, name):
        _key, csr = make_csr([name])
        return self._job_or_error(self._task('400102', '<certificate><id>%s</id><csr><![CDATA[%s]]></csr>'
                                                       '</certificate>' % (certificate_id, csr)))

    def renew(self, certificate_id):
        return self._job_or_error(self._task('400106', '<certificate><id>%s</id></certificate>' % certificate_id))

    @staticmethod
    def _job_or_error(root):
        if root.findtext('result/status/type') == 'error':
            return None, (root.findtext('result/msg/code'), root.findtext('result/msg/text'))
        return int(root.findtext('result/data/certificate_job/job/id')), None

    def job_view(self, job_id):
        root = self._task('400114', '<certificate_job><job><id>%s</id></job></certificate_job>' % job_id)
        found = root.find('result/data/certificate_job/job')
        return found.findtext('status'), found.findtext('sub_status')


class Ssl247:
    name = 'ssl247'

    def __init__(self, box):
        self.box = box

    def call(self, route, **fields):
        body = dict(SSL247_CREDENTIALS)
        body.update(fields)
        return self.box.post(SSL247_API + route, json=body)

    def data(self, route, **fields):
        response = self.call(route, **fields)
        assert response.status_code == 200, response.text
        return response.json()['Data']

    def error(self, route, **fields):
        response = self.call(route, **fields)
        assert response.status_code == 400, response.text
        error = response.json()['Response']['Error']
        return error['Code'], error['Message']

    def deposit(self):
        return decimal.Decimal(self.data('/account/deposit')['Deposit']['value'])

    def order(self, name, years=1, method='dns'):
        """-> the certificate id (SSL247 has no job ids)."""
        _key, csr = make_csr([name])
        extra = {'approver_email': 'hostmaster@example.com'} if method == 'email' else {}
        data = self.data('/order/certificate/place-quick-order', product_code='RAPIDSSL', common_name=name,
                         years=str(years), dv_auth_method=method, csr=csr, **extra)
        return data['Certificate'][0]['id']

    def details(self, certificate_id):
        return self.data('/certificate/%s' % certificate_id)

    def info(self, certificate_id):
        data = self.details(certificate_id)
        return {'expire': _ssl247_date(data['Dates']['expiry']), 'ordered': _ssl247_date(data['Dates']['order']),
                'years': data['CertificateDetails']['years'],
                'remaining_reissues': data['CertificateDetails']['remaining_reissues'],
                'status': data['CertificateDetails']['Status']['code'], 'raw': data}

    def reissue(self, certificate_id, name):
        _key, csr = make_csr([name])
        response = self.call('/certificate/%s/reissue' % certificate_id, new_csr=csr, hash='sha256')
        if response.status_code == 200:
            return True, None
        return None, (response.json()['Response']['Error']['Code'], response.json()['Response']['Error']['Message'])


def _json_date(text):
    return datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%S.%f%z').astimezone(UTC)


def _xml_date(text):
    """AutoDNS XML local time (Europe/Berlin) -> aware UTC (the hour after the autumn change is ambiguous:
    no test date falls on it)."""
    local = datetime.datetime.strptime(text, '%Y-%m-%d %H:%M:%S')
    for hours in (1, 2):
        candidate = (local - datetime.timedelta(hours=hours)).replace(tzinfo=UTC)
        if rules.berlin_local(candidate) == local:
            return candidate
    raise AssertionError('%s is no Berlin local time' % text)


def _ssl247_date(text):
    return datetime.datetime.strptime(text, '%Y-%m-%d %H:%M:%S').replace(tzinfo=UTC) if text else None


def client_for(flavour, box):
    return {'autodns_json': AutodnsJson, 'autodns_xml': AutodnsXml, 'ssl247': Ssl247}[flavour](box)


def order_and_issue(client, name, **kwargs):
    """-> (certificate id, core order) of a new order, issued by --dcv auto."""
    placed = client.order(name, **kwargs)
    if client.name == 'ssl247':
        order = wait_issued(client.box, newest_order(client.box, placed)['id'])
        return placed, order
    order = wait_issued(client.box, placed)
    return order['certificate_id'], order


def reissue_and_issue(client, certificate_id, name):
    placed, error = client.reissue(certificate_id, name)
    assert error is None, error
    order = newest_order(client.box, certificate_id)
    assert order['action'] == 'reissue'
    return wait_issued(client.box, order['id'])


# ---------------------------------------------------------------- the table itself
@pytest.mark.parametrize('when, validity, reuse', [
    ('2026-03-14T23:59:59Z', 398, 398),
    ('2026-03-15T00:00:00Z', 200, 200),
    ('2027-03-14T23:59:59Z', 200, 200),
    ('2027-03-15T00:00:00Z', 100, 100),
    ('2029-03-14T23:59:59Z', 100, 100),
    ('2029-03-15T00:00:00Z', 47, 10),
])
def test_rule_of_the_day_follows_sc081v3(when, validity, reuse):
    at = core.parse_iso(when)
    assert (rules.max_validity_days(at), rules.dcv_reuse_days(at)) == (validity, reuse)
    # BR 1.6.1: the validity period runs from notBefore through notAfter inclusive
    assert rules.latest_not_after(at) == at + datetime.timedelta(days=validity, seconds=-1)


def test_latest_not_after_of_an_order_today():
    assert rules.latest_not_after(core.parse_iso('2026-12-03T10:00:00Z')) == core.parse_iso('2027-06-21T09:59:59Z')


def test_the_clock_tells_the_rule_of_its_date(sandbox):
    now = sandbox.get('/_sandbox/clock').json()
    assert (now['max_validity_days'], now['dcv_reuse_days']) == (rules.max_validity_days(core.parse_iso(now['now'])),
                                                                 rules.dcv_reuse_days(core.parse_iso(now['now'])))


# ---------------------------------------------------------------- validity caps across the dates
@pytest.mark.parametrize('flavour', FLAVOURS)
def test_validity_is_capped_by_the_rule_of_the_issue_date(sandbox, flavour):
    """A 12-month product gives 200-day certificates until 2027-03-14, 100-day ones from 2027-03-15 and 47-day
    ones from 2029-03-15; every front-end shows the same notAfter as the CA issued."""
    client = client_for(flavour, sandbox)
    steps = [(None, None)]
    if clock(sandbox) < HUNDRED_DAY_RULE - datetime.timedelta(days=1):
        steps.append((HUNDRED_DAY_RULE - datetime.timedelta(hours=12), 200))
    steps += [(HUNDRED_DAY_RULE + datetime.timedelta(hours=12), 100),
              (FORTY_SEVEN_DAY_RULE - datetime.timedelta(hours=12), 100),
              (FORTY_SEVEN_DAY_RULE + datetime.timedelta(hours=12), 47)]
    for index, (when, expected_days) in enumerate(steps):
        if when is not None:
            advance_to(sandbox, when)
        name = '%s-%d.validity.example.com' % (flavour.replace('_', '-'), index)
        certificate_id, _order = order_and_issue(client, name)
        cert = state_certificate(sandbox, certificate_id)
        issued = core.parse_iso(cert['issued'])
        expected = expected_days or rules.max_validity_days(issued)
        assert assert_rule_of_the_day(cert) == expected, (when, cert)
        assert core.parse_iso(cert['term_end']) > core.parse_iso(cert['not_after'])  # the term outlives it
        assert client.info(certificate_id)['expire'] == core.parse_iso(cert['not_after'])


# ---------------------------------------------------------------- AutoDNS: payable and the renewal window
@pytest.mark.parametrize('flavour', AUTODNS_FLAVOURS)
def test_autodns_payable_and_the_renewal_window(sandbox, flavour):
    client = client_for(flavour, sandbox)
    certificate_id, _order = order_and_issue(client, '%s.renew.example.com' % flavour.replace('_', '-'))
    cert = state_certificate(sandbox, certificate_id)
    payable = core.add_months(core.parse_iso(cert['issued']), 12)
    info = client.info(certificate_id)
    assert info['payable'] == payable == core.parse_iso(cert['term_end'])
    assert info['expire'] < payable and info['multiyear'] is False
    assert info['reissue_required'] is False and info['reissue_status'] == 'NONE'
    assert info['lifetime'] in ({'unit': 'MONTH', 'period': 12}, 12)

    # 91 days before payable: EF4001012, naming (first) the day renewal opens
    advance_to(sandbox, payable - datetime.timedelta(days=91))
    job_id, error = client.renew(certificate_id)
    assert job_id is None and error[0] == 'EF4001012', error
    opens = (payable - datetime.timedelta(days=90)).strftime('%Y-%m-%d')
    assert error[1].split('from ', 1)[1].startswith(opens), error
    assert 'payable %s' % payable.strftime('%Y-%m-%d') in error[1]

    # 89 days before payable: accepted; the renewal extends payable by the lifetime and issues the next
    # certificate under the rule of its own date
    advance(sandbox, 2)
    job_id, error = client.renew(certificate_id)
    assert error is None and job_id
    renewal = job(sandbox, job_id)
    assert renewal['action'] == 'renew'
    assert not any(chal.get('reused') for chal in renewal['challenges'])  # validated 276 days ago: new DCV
    wait_issued(sandbox, job_id)
    renewed = state_certificate(sandbox, certificate_id)
    assert core.parse_iso(renewed['term_end']) == core.add_months(payable, 12)
    assert assert_rule_of_the_day(renewed) == rules.max_validity_days(core.parse_iso(renewed['issued']))
    info = client.info(certificate_id)
    assert info['payable'] == core.add_months(payable, 12) and info['expire'] == core.parse_iso(renewed['not_after'])
    # a second renewal of the same term is too early again
    assert client.renew(certificate_id)[1][0] == 'EF4001012'


# ---------------------------------------------------------------- AutoDNS: free reissues inside the term
@pytest.mark.parametrize('flavour', AUTODNS_FLAVOURS)
def test_autodns_reissue_inside_the_term_and_refused_after_it(sandbox, flavour):
    client = client_for(flavour, sandbox)
    name = '%s.reissue.example.com' % flavour.replace('_', '-')
    certificate_id, _order = order_and_issue(client, name)
    first = state_certificate(sandbox, certificate_id)
    payable = core.parse_iso(first['term_end'])

    # in the last third of its validity, the term running on: reissueRequired
    issued, not_after = core.parse_iso(first['issued']), core.parse_iso(first['not_after'])
    advance_to(sandbox, not_after - (not_after - issued) / 3 + datetime.timedelta(hours=1))
    info = client.info(certificate_id)
    assert info['reissue_required'] is True and info['reissue_status'] == 'REQUIRED'

    order = reissue_and_issue(client, certificate_id, name)
    assert order['certificate_id'] == certificate_id
    second = state_certificate(sandbox, certificate_id)
    assert second['serial'] != first['serial'] and second['term_end'] == first['term_end']  # payable unchanged
    assert assert_rule_of_the_day(second) == rules.max_validity_days(core.parse_iso(second['issued']))
    info = client.info(certificate_id)
    assert info['payable'] == payable and info['reissue_required'] is False and info['reissue_status'] == 'COMPLETED'
    if flavour == 'autodns_json':
        assert [h['serialNumber'] for h in info['raw']['histories']] == [first['serial']]

    # ten days before payable: the reissued certificate ends with the term, not after it
    advance_to(sandbox, payable - datetime.timedelta(days=10))
    reissue_and_issue(client, certificate_id, name)
    third = state_certificate(sandbox, certificate_id)
    assert third['not_after'] == third['term_end'] == first['term_end']
    assert client.info(certificate_id)['expire'] == payable

    # the term has ended: no reissue any more (EF400102, the sandbox's choice), renewal is the way
    advance_to(sandbox, payable + datetime.timedelta(hours=1))
    job_id, error = client.reissue(certificate_id, name)
    assert job_id is None and error[0] == 'EF400102' and payable.strftime('%Y-%m-%d') in error[1], error
    assert client.renew(certificate_id)[1] is None


@pytest.mark.parametrize('flavour', AUTODNS_FLAVOURS)
def test_autodns_multiyear_term(sandbox, flavour):
    client = client_for(flavour, sandbox)
    certificate_id, _order = order_and_issue(client, '%s.two-years.example.com' % flavour.replace('_', '-'),
                                             months=24)
    cert = state_certificate(sandbox, certificate_id)
    info = client.info(certificate_id)
    assert info['multiyear'] is True and info['payable'] == core.add_months(core.parse_iso(cert['issued']), 24)
    assert info['lifetime'] in ({'unit': 'MONTH', 'period': 24}, 24)
    assert assert_rule_of_the_day(cert) == rules.max_validity_days(core.parse_iso(cert['issued']))


# ---------------------------------------------------------------- SSL247: terms in years, money
def test_ssl247_reissues_free_renewal_charged_both_inside_their_rules(sandbox):
    client = Ssl247(sandbox)
    name = 'term.ssl247.example.com'
    certificate_id, _order = order_and_issue(client, name)
    assert client.deposit() == decimal.Decimal('950.00')
    info = client.info(certificate_id)
    term_end = core.add_months(info['ordered'], 12)
    assert (info['years'], info['remaining_reissues'], info['status']) == ('1', 'unlimited', 'Issued')
    assert core.parse_iso(state_certificate(sandbox, certificate_id)['term_end']) == term_end

    # a reissue inside the term: free, a fresh certificate of the day, same term
    advance(sandbox, 5)
    reissue_and_issue(client, certificate_id, name)
    assert client.deposit() == decimal.Decimal('950.00')
    cert = state_certificate(sandbox, certificate_id)
    assert assert_rule_of_the_day(cert) == rules.max_validity_days(core.parse_iso(cert['issued']))
    assert core.parse_iso(cert['term_end']) == term_end

    # renewal window: 90 days before the term's end
    advance_to(sandbox, term_end - datetime.timedelta(days=91))
    code, message = client.error('/certificate/%s/renew' % certificate_id, years='1')
    assert code == 'RENEWAL_NOT_ALLOWED'
    assert message.split('from ', 1)[1].startswith((term_end - datetime.timedelta(days=90)).strftime('%Y-%m-%d'))
    assert client.deposit() == decimal.Decimal('950.00')
    advance(sandbox, 2)
    renewed_id = client.data('/certificate/%s/renew' % certificate_id, years='1')['certificate_id']
    assert renewed_id != certificate_id and client.deposit() == decimal.Decimal('900.00')  # charged

    # 25 days before the end a reissue of the old id still works, ends with the term: "Expiring"
    advance_to(sandbox, term_end - datetime.timedelta(days=25))
    reissue_and_issue(client, certificate_id, name)
    assert core.parse_iso(state_certificate(sandbox, certificate_id)['not_after']) == term_end
    info = client.info(certificate_id)
    assert info['status'] == 'Expiring' and info['expire'] == term_end
    assert client.deposit() == decimal.Decimal('900.00')

    # after the term: no reissue, no reissues left, nothing charged
    advance_to(sandbox, term_end + datetime.timedelta(hours=1))
    ok, error = client.reissue(certificate_id, name)
    assert ok is None and error[0] == 'REISSUE_NOT_ALLOWED' and term_end.strftime('%Y-%m-%d') in error[1], error
    assert client.info(certificate_id)['remaining_reissues'] == '0'
    assert client.deposit() == decimal.Decimal('900.00')


def test_ssl247_multi_year_subscription(sandbox):
    client = Ssl247(sandbox)
    certificate_id, _order = order_and_issue(client, 'three-years.ssl247.example.com', years=3)
    assert client.deposit() == decimal.Decimal('850.00')  # 50.00 a year
    info = client.info(certificate_id)
    assert info['years'] == '3' and info['status'] == 'Subscription'
    cert = state_certificate(sandbox, certificate_id)
    assert core.parse_iso(cert['term_end']) == core.add_months(info['ordered'], 36)
    assert assert_rule_of_the_day(cert) == rules.max_validity_days(core.parse_iso(cert['issued']))
    _code, message = client.error('/order/certificate/place-quick-order', product_code='RAPIDSSL',
                                  common_name='seven.ssl247.example.com', years='7', dv_auth_method='dns',
                                  csr=make_csr(['seven.ssl247.example.com'])[1])
    assert 'years must be one of 1, 2, 3, 4, 5, 6' in message   # terms of 1 to 6 years
    assert client.deposit() == decimal.Decimal('850.00')


# ---------------------------------------------------------------- DCV reuse, with real (e-mail) validation
@pytest.mark.parametrize('flavour', FLAVOURS)
def test_dcv_is_reused_within_the_period_and_demanded_again_after_it(start_sandbox, flavour):
    box = start_sandbox('--dcv', 'check')
    client = client_for(flavour, box)
    name = '%s.reuse.example.com' % flavour.replace('_', '-')
    placed = client.order(name, method='email')
    first = newest_order(box, placed) if flavour == 'ssl247' else job(box, placed)
    approve(box, first['id'])
    certificate_id = job(box, first['id'])['certificate_id']

    # five days later (within every reuse period): the reissue is issued without new DCV
    advance(box, 5)
    placed, error = client.reissue(certificate_id, name)
    assert error is None
    reissue = newest_order(box, certificate_id)
    assert reissue['action'] == 'reissue' and all(chal['reused'] for chal in reissue['challenges'])
    assert job(box, reissue['id'])['status'] == 'issued'

    # 201 days after the validation (longer than any reuse period): the reissue waits for DCV like an order
    advance(box, 196)
    placed, error = client.reissue(certificate_id, name)
    assert error is None
    reissue = newest_order(box, certificate_id)
    assert not any(chal.get('reused') for chal in reissue['challenges'])
    for _index in range(3):
        advance(box, 0.01)
        assert job(box, reissue['id'])['status'] == 'validating'
    if flavour == 'ssl247':
        assert client.info(certificate_id)['status'] == 'Pending'
    else:
        assert client.job_view(reissue['id']) == ({'autodns_json': 'DEFERRED'}.get(flavour, 'DEFFERED'),
                                                  'WF_EMAIL_AUTH')
    approve(box, reissue['id'])
    cert = state_certificate(box, certificate_id)
    assert cert['order_id'] == reissue['id']
    assert assert_rule_of_the_day(cert) == rules.max_validity_days(core.parse_iso(cert['issued']))


def test_dcv_reuse_shrinks_to_ten_days_from_2029_03_15():
    """Core level (no HTTP): after 2029-03-15 a validation is reusable 10 days, certificates last 47 days; a
    reused validation that grows too old before the issuance is demanded again."""
    box = core.Sandbox(dcv_mode='check')
    start = FORTY_SEVEN_DAY_RULE + datetime.timedelta(days=1)
    if box.now() > start:
        pytest.skip('the clock is past %s' % core.isoformat(start))
    box.advance_clock(days(start - box.now()))
    _key, csr = make_csr(['ten.example.com'])
    order = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'email')
    box.approve_order(order['id'])
    cert_id = box.get_order(order['id'])['certificate_id']
    assert assert_rule_of_the_day(box.get_certificate(cert_id)) == 47

    box.advance_clock(9)
    reissue = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'email', action='reissue',
                               certificate_id=cert_id)
    assert reissue['challenges'][0]['reused'] and box.validation_reusable('autodns', 'ten.example.com')
    box.tick()
    assert box.get_order(reissue['id'])['status'] == 'issued'

    # reused at day 9.9, but issued only at day 10.1: the validation is too old by then
    box.advance_clock(0.9)
    late = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'email', action='reissue',
                            certificate_id=cert_id)
    assert late['challenges'][0]['reused']
    box.advance_clock(0.2)
    box.tick()
    late = box.get_order(late['id'])
    assert late['status'] == 'validating' and late['challenges'][0]['status'] == 'pending'

    box.advance_clock(1)
    again = box.create_order('autodns', None, None, csr, 'BASIC_SSL', 12, 'email', action='reissue',
                             certificate_id=cert_id)
    assert not again['challenges'][0].get('reused')
    # a validation through another provider's CA is not this one's
    assert not box.validation_reusable('ssl247', 'ten.example.com', start)
