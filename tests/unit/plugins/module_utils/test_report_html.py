# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_report_html.py: the page drawn from a report: escaped, self-contained, the last run,
the paid term, and the timeline's lanes."""


import re

from ansible_collections.certops.reseller.plugins.module_utils._report_data import NO_VALUE, build_report
from ansible_collections.certops.reseller.plugins.module_utils._report_html import render_html
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils.report_samples import (
    LAST_RUN,
    NOW,
    cert,
    day,
    installed,
    reseller,
    termed,
)


def test_last_run_actions_are_shown_escaped(sample):
    results, hosts = sample
    html = render_html(build_report(results, hosts, LAST_RUN, NOW), NOW)
    assert 'renew (changed)' in html and 'blocked (failed)' in html
    assert 'the product &lt;b&gt;X&lt;/b&gt; is not sold' in html


def test_without_last_run_every_action_is_a_dash(sample):
    results, hosts = sample
    report = build_report(results, hosts, None, NOW)
    html = render_html(report, NOW)
    cells = re.findall(r'<td data-sort="[^"]*"><span title="">([^<]*)</span></td></tr>', html)
    assert cells == [NO_VALUE] * 7
    assert 'no last run summary found' in html


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


def test_marks_on_one_day_go_to_separate_lanes():
    certificates = [cert(str(i), 'h%d.example.com' % i, 10, None) for i in range(4)]
    html = render_html(build_report([reseller('a', 'autodns', *certificates)], {}, None, NOW), NOW)
    ys = re.findall(r'<circle class="mark [^"]*" data-row="c\d+" cx="[^"]*" cy="(\d+)"', html)
    assert len(set(ys)) == 4


def test_an_idn_shows_its_u_labels():
    names = ['xn--bcher-kva.example', '*.xn--bcher-kva.example']
    results = [reseller('main', 'autodns', cert('5', names[0], 40, '0B0B', names=names))]
    hosts = {'web1': [installed('Bücher.example.', '/etc/ssl/b.crt', serial=0xB0B, days=40, connection='main')]}
    last_run = {'certificates': [{'connection': 'main', 'common_name': 'bücher.example', 'action': 'none', 'result': 'ok'}]}
    report = build_report(results, hosts, last_run, NOW)
    page = render_html(report, NOW)
    assert 'xn--bcher-kva.example (bücher.example)' in page
    assert '*.xn--bcher-kva.example (*.bücher.example)' in page


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
