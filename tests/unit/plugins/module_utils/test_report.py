# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_report.py: rows, deployments, serial match, the last run, and the HTML."""


import datetime
import json
import re

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._report import (
    NO_VALUE,
    build_report,
    load_last_run,
    normalize_serial,
    parse_host_time,
    render_html,
    report_json,
)

NOW = datetime.datetime(2026, 12, 2, 6, 0, 0, tzinfo=datetime.timezone.utc)


def day(days):
    return (NOW + datetime.timedelta(days=days, hours=3)).strftime('%Y-%m-%dT%H:%M:%SZ')


def asn1(days):
    return (NOW + datetime.timedelta(days=days, hours=3)).strftime('%Y%m%d%H%M%SZ')


def reseller(connection, provider, *certificates, **args):
    module_args = dict(provider=provider, api_format=args.get('api_format', 'json'), password='VALUE_SPECIFIED_IN_NO_LOG_PARAMETER')
    return dict(item=connection, certificates=list(certificates), invocation=dict(module_args=module_args), changed=False)


def cert(id, name, days, serial, status='issued', names=None, product='BASIC_SSL'):
    return dict(id=id, common_name=name, subject_alternative_names=names or [name], product=product, status=status,
                not_after=day(days) if days is not None else None, serial_number=serial, days_remaining=999)


def installed(name, path, serial=None, days=None, connection=None):
    result = dict(item=dict(common_name=name, connection=connection), invocation=dict(module_args=dict(path=path)),
                  changed=False)
    if serial is None:
        result.update(failed=True, msg='The file %s does not exist' % path)
    else:
        result.update(serial_number=serial, not_after=asn1(days))
    return result


LAST_RUN = {
    'generated': '2026-12-01T05:00:00Z',
    'certificates': [
        {'connection': 'main', 'common_name': 'www.example.com', 'names': ['www.example.com'], 'hosts': ['web1', 'web2'],
         'action': 'renew', 'result': 'changed', 'message': 'renewed and deployed'},
        {'common_name': 'api.example.com', 'names': ['api.example.com'], 'hosts': ['web2'], 'action': 'blocked',
         'result': 'failed', 'message': 'the product <b>X</b> is not sold'},
        {'connection': 'other', 'common_name': 'shop.example.com', 'hosts': [], 'action': 'order', 'result': 'ok',
         'message': ''},
    ],
}


@pytest.fixture
def sample():
    results = [
        reseller('main', 'autodns',
                 cert('1', 'www.example.com', 20, '0A:1B:2C', names=['www.example.com', 'example.com']),
                 cert('2', 'www.example.com', -300, '0FFF', status='expired'),   # the one before the renewal
                 cert('3', 'api.example.com', 5, 'ABCDEF'),
                 cert('4', 'shop.example.com', None, None, status='pending')),
        reseller('', 'ssl247', cert('90', 'mail.example.org', -1, '77')),       # module_defaults connection
    ]
    hosts = {
        'web1': [installed('www.example.com', '/etc/ssl/www.crt', serial=0xA1B2C, days=20, connection='main')],
        'web2': [installed('www.example.com', '/etc/ssl/www.crt', serial=0xFFF, days=-300),
                 installed('api.example.com', '/etc/ssl/api.crt', serial=0x123, days=60),
                 installed('gone.example.com', '/etc/ssl/gone.crt')],
        'web3': [installed('local.example.net', '/etc/ssl/local.crt', serial=0x55, days=100)],
    }
    return results, hosts


def rows_by(report):
    return dict(((row['connection'], row['id'] or row['common_name']), row) for row in report['certificates'])


def test_rows_deployments_and_serial_match(sample):
    results, hosts = sample
    report = build_report(results, hosts, LAST_RUN, NOW)
    rows = rows_by(report)
    assert len(report['certificates']) == 7   # 5 at the reseller + 2 only on hosts
    www = rows[('main', '1')]
    assert [(d['host'], d['serial_match']) for d in www['deployments']] == [('web1', True)]
    assert www['serial_match'] == 'match' and www['days_remaining'] == 20 and www['window'] == 'expiring_30d'
    assert www['groups'] == ['expiring_30d', 'expiring_90d']
    assert www['provider'] == 'autodns (json)' and www['names'] == ['www.example.com', 'example.com']
    # web2 still carries the old certificate: deployed there, serial matches the old one
    old = rows[('main', '2')]
    assert [(d['host'], d['serial_match']) for d in old['deployments']] == [('web2', True)]
    assert old['window'] == 'expired'
    # api on web2 carries a serial the reseller does not know: a mismatch on the newest api certificate
    api = rows[('main', '3')]
    assert [(d['host'], d['serial_match']) for d in api['deployments']] == [('web2', False)]
    assert api['serial_match'] == 'mismatch'
    assert rows[('main', '4')]['window'] == 'none' and rows[('main', '4')]['serial_match'] == NO_VALUE
    mail = rows[('default', '90')]
    assert mail['status'] == 'expired' and mail['provider'] == 'ssl247'
    gone = rows[(NO_VALUE, 'gone.example.com')]
    assert gone['source'] == 'host' and gone['status'] == 'missing' and gone['serial_match'] == 'not at reseller'
    local = rows[(NO_VALUE, 'local.example.net')]
    assert local['days_remaining'] == 100 and local['window'] == 'later'
    assert report['summary']['windows']['expired'] == 2 and report['summary']['total'] == 7
    # sorted by days left, undated last
    days = [row['days_remaining'] for row in report['certificates']]
    assert days == sorted(days, key=lambda d: (d is None, d or 0))


def test_last_run_actions(sample):
    results, hosts = sample
    rows = rows_by(build_report(results, hosts, LAST_RUN, NOW))
    assert rows[('main', '1')]['last_run']['action'] == 'renew'
    assert rows[('main', '2')]['last_run']['action'] == 'renew'        # same connection and name
    assert rows[('main', '3')]['last_run']['action'] == 'blocked'      # no connection in the entry: any
    assert rows[('main', '4')]['last_run'] is None                     # entry of another connection
    assert rows[('default', '90')]['last_run'] is None
    html = render_html(build_report(results, hosts, LAST_RUN, NOW), NOW)
    assert 'renew (changed)' in html and 'blocked (failed)' in html
    assert 'the product &lt;b&gt;X&lt;/b&gt; is not sold' in html


def test_without_last_run_every_action_is_a_dash(sample):
    results, hosts = sample
    report = build_report(results, hosts, None, NOW)
    assert all(row['last_run'] is None for row in report['certificates'])
    html = render_html(report, NOW)
    cells = re.findall(r'<td data-sort="[^"]*"><span title="">([^<]*)</span></td></tr>', html)
    assert cells == [NO_VALUE] * 7
    assert 'no last run summary found' in html


def test_last_run_file(tmp_path):
    path = tmp_path / 'last-run.json'
    assert load_last_run(str(path)) == (None, None)
    path.write_text(json.dumps(LAST_RUN))
    data, problem = load_last_run(str(path))
    assert problem is None and data['certificates'][0]['action'] == 'renew'
    path.write_text('{"generated": "x", "certificates": [')
    data, problem = load_last_run(str(path))
    assert data is None and 'not valid JSON' in problem
    path.write_text('[1, 2]')
    data, problem = load_last_run(str(path))
    assert data is None and '"certificates" list' in problem


def test_html_is_self_contained_escaped_and_counts_match(sample):
    results, hosts = sample
    results[0]['certificates'].append(cert('5', '<script>alert(1)</script>.example.com', 50, '99'))
    report = build_report(results, hosts, LAST_RUN, NOW)
    html = render_html(report, NOW)
    assert '<script>alert(1)' not in html and '&lt;script&gt;alert(1)&lt;/script&gt;.example.com' in html
    assert html.count('<script>') == 1
    assert not re.findall(r'(?:src|href)="(?!#)', html), 'nothing is loaded from elsewhere'
    assert 'http://' not in html.replace('http://www.w3.org/2000/svg', '') and 'https://' not in html
    rows = re.findall(r'<tr class="cert" id="(c\d+)"', html)
    marks = re.findall(r'<circle class="mark [^"]*" data-row="(c\d+)"', html)
    assert len(rows) == 8
    dated = [row['row'] for row in report['certificates'] if row['not_after']]
    assert sorted(marks) == sorted(dated) and len(marks) == 6   # the pending one and the missing one have no expiry
    data = json.loads(report_json(report))
    assert len(data['certificates']) == 8 and data['generated'] == '2026-12-02T06:00:00Z'


def test_marks_on_one_day_go_to_separate_lanes():
    certificates = [cert(str(i), 'h%d.example.com' % i, 10, None) for i in range(4)]
    html = render_html(build_report([reseller('a', 'autodns', *certificates)], {}, None, NOW), NOW)
    ys = re.findall(r'<circle class="mark [^"]*" data-row="c\d+" cx="[^"]*" cy="(\d+)"', html)
    assert len(set(ys)) == 4


@pytest.mark.parametrize('value, normalized', [
    (0xA1B2C, 'a1b2c'), ('0A:1B:2C', 'a1b2c'), ('0a1b2c', 'a1b2c'), ('0x0A1B2C', 'a1b2c'), ('00', '0'),
    (None, None), ('', None),
])
def test_normalize_serial(value, normalized):
    assert normalize_serial(value) == normalized


def test_an_idn_shows_its_u_labels_and_a_u_label_declaration_finds_its_a_label_certificate():
    names = ['xn--bcher-kva.example', '*.xn--bcher-kva.example']
    results = [reseller('main', 'autodns', cert('5', names[0], 40, '0B0B', names=names))]
    hosts = {'web1': [installed('Bücher.example.', '/etc/ssl/b.crt', serial=0xB0B, days=40, connection='main')]}
    last_run = {'certificates': [{'connection': 'main', 'common_name': 'bücher.example', 'action': 'none', 'result': 'ok'}]}
    report = build_report(results, hosts, last_run, NOW)
    assert len(report['certificates']) == 1
    row = report['certificates'][0]
    assert [(d['host'], d['serial_match']) for d in row['deployments']] == [('web1', True)]
    assert row['last_run']['result'] == 'ok'
    assert row['common_name_unicode'] == 'bücher.example'
    assert row['names_unicode'] == ['bücher.example', '*.bücher.example']
    assert json.loads(report_json(report))['certificates'][0]['common_name_unicode'] == 'bücher.example'
    page = render_html(report, NOW)
    assert 'xn--bcher-kva.example (bücher.example)' in page
    assert '*.xn--bcher-kva.example (*.bücher.example)' in page


def termed(id, name, days, term_days, **term):
    """A certificate_info result with the paid term beside the expiry."""
    return dict(cert(id, name, days, id), term_end=day(term_days) if term_days is not None else None, **term)


@pytest.fixture
def terms():
    return [reseller('main', 'autodns',
                     termed('1', 'reissue.example.com', 5, 200, multiyear=False, reissue_required=True,
                            reissue_status='REQUIRED'),
                     termed('2', 'renew.example.com', 60, 60),
                     termed('3', 'gone.example.com', -3, -1),
                     cert('4', 'plain.example.com', 20, '4')),
            reseller('shop', 'ssl247', termed('9', 'multi.example.org', 150, 1200, term_years=4,
                                              remaining_reissues='unlimited'))]


def test_rows_and_json_carry_the_paid_term(terms):
    report = build_report(terms, {'web1': [installed('host-only.example.net', '/etc/ssl/h.crt', serial=0x5, days=9)]},
                          None, NOW)
    rows = rows_by(report)
    reissue = rows[('main', '1')]
    assert (reissue['days_remaining'], reissue['term_end'], reissue['term_days_remaining']) == (5, day(200), 200)
    assert (reissue['reissue_required'], reissue['reissue_status'], reissue['multiyear']) == (True, 'REQUIRED', False)
    assert reissue['groups'] == ['expiring_7d', 'expiring_30d', 'expiring_90d'] and reissue['term_groups'] == []
    assert rows[('main', '2')]['term_groups'] == ['term_ending_90d']
    assert rows[('main', '3')]['term_groups'] == ['term_ended'] and rows[('main', '3')]['term_days_remaining'] == -1
    assert rows[('main', '4')]['term_end'] is None and rows[('main', '4')]['term_groups'] == []
    assert (rows[('shop', '9')]['term_years'], rows[('shop', '9')]['remaining_reissues']) == (4, 'unlimited')
    host_only = rows[('\u2014', 'host-only.example.net')]
    assert host_only['term_end'] is None and host_only['term_days_remaining'] is None
    data = json.loads(report_json(report))
    assert data['summary']['terms'] == {'term_ending_30d': 0, 'term_ending_90d': 1, 'term_ended': 1}
    assert [row['term_end'] for row in data['certificates'] if row['id'] == '1'] == [day(200)]


def test_html_shows_a_term_column_and_term_marks_beside_the_expiry(terms):
    report = build_report(terms, {}, None, NOW)
    html = render_html(report, NOW)
    headers = re.findall(r'<th data-key="([^"]+)"', html)
    assert headers.index('term') == headers.index('days') + 1 and headers[-1] == 'last_run'
    row_of = dict((row['id'], row['row']) for row in report['certificates'])
    cells = dict(re.findall(r'<tr class="cert" id="(c\d+)"[^>]*>((?:<td.*?</td>){13})</tr>', html))
    term_cell = re.findall(r'<td data-sort="([^"]*)">(.*?)</td>', cells[row_of['1']])[8]   # after Days left
    assert term_cell[0] == '200' and _text(term_cell[1]) == '%s (200 days)reissue required' % day(200)[:10]
    assert 'title="multiyear' not in term_cell[1] and 'reissue status: REQUIRED' in term_cell[1]
    assert re.findall(r'<td data-sort="([^"]*)">', cells[row_of['4']])[8] == ''   # no term: sorts last
    # one circle per expiry (as before) and one diamond per term end, each joined to its certificate
    circles = re.findall(r'<circle class="mark [^"]*" data-row="(c\d+)"', html)
    diamonds = re.findall(r'<path class="term-mark( beyond)?" data-row="(c\d+)"', html)
    assert sorted(circles) == sorted(row_of.values())
    assert sorted(r for _b, r in diamonds) == sorted(row_of[i] for i in ('1', '2', '3', '9'))
    assert [r for beyond, r in diamonds if beyond] == [row_of['9']]   # 1200 days ahead: an arrow at the edge
    assert sorted(re.findall(r'<line class="term-span" data-row="(c\d+)"', html)) == sorted(
        row_of[i] for i in ('1', '9'))   # 2 and 3: the term ends (nearly) with the certificate
    assert 'paid term ends' in html and 'term paid until %s (200 days)' % day(200)[:10] in html
    # the filter knows the term groups, and the rows carry them
    assert '<option value="term_ending_90d">term_ending_90d (1)</option>' in html
    assert re.search(r'id="%s"[^>]*data-groups="[^"]*term_ending_90d' % row_of['2'], html)
    # marks of a certificate's term move lanes with it: the 5-day and the 60-day certificates share no lane
    y_of = dict((r, y) for r, y in re.findall(r'<circle class="mark [^"]*" data-row="(c\d+)" cx="[^"]*" cy="(\d+)"', html))
    assert y_of[row_of['1']] != y_of[row_of['2']]


def test_a_term_span_shares_its_lane_with_no_other_mark():
    """Twelve certificates whose terms overlap each other: each gets a lane of its own (up to 20 lanes), so no
    dotted line runs through another certificate's dot; beyond 20, the lane free soonest takes the next one."""
    certificates = [termed(str(i), 'h%d.example.com' % i, 5 * i - 10, 200 + 5 * i) for i in range(12)]
    html = render_html(build_report([reseller('a', 'autodns', *certificates)], {}, None, NOW), NOW)
    lanes = re.findall(r'<circle class="mark [^"]*" data-row="c\d+" cx="[^"]*" cy="(\d+)"', html)
    assert len(set(lanes)) == 12
    many = [termed(str(i), 'h%d.example.com' % i, 10, 300) for i in range(25)]
    html = render_html(build_report([reseller('a', 'autodns', *many)], {}, None, NOW), NOW)
    lanes = re.findall(r'<circle class="mark [^"]*" data-row="c\d+" cx="[^"]*" cy="(\d+)"', html)
    assert len(lanes) == 25 and len(set(lanes)) == 20


def _text(html):
    return re.sub(r'<[^>]+>', '', html)


def test_parse_host_time():
    assert parse_host_time('20271202065957Z') == '2027-12-02T06:59:57Z'
    assert parse_host_time('2027-12-02T06:59:57+00:00') == '2027-12-02T06:59:57Z'
    assert parse_host_time(None) is None
