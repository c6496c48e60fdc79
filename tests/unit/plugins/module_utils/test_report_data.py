# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_report_data.py: rows, deployments, serial match, the last run, the paid term, the JSON."""


import json

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._report_data import (
    NO_VALUE,
    build_report,
    load_last_run,
    normalize_serial,
    parse_host_time,
    report_json,
)
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils.report_samples import (
    LAST_RUN,
    NOW,
    cert,
    day,
    installed,
    reseller,
    rows_by,
)


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


def test_without_last_run_no_row_has_a_last_run(sample):
    results, hosts = sample
    report = build_report(results, hosts, None, NOW)
    assert all(row['last_run'] is None for row in report['certificates'])


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


def test_json_has_every_row_and_the_time(sample):
    results, hosts = sample
    results[0]['certificates'].append(cert('5', '<script>alert(1)</script>.example.com', 50, '99'))
    report = build_report(results, hosts, LAST_RUN, NOW)
    data = json.loads(report_json(report))
    assert len(data['certificates']) == 8 and data['generated'] == '2026-12-02T06:00:00Z'


@pytest.mark.parametrize('value, normalized', [
    (0xA1B2C, 'a1b2c'), ('0A:1B:2C', 'a1b2c'), ('0a1b2c', 'a1b2c'), ('0x0A1B2C', 'a1b2c'), ('00', '0'),
    (None, None), ('', None),
])
def test_normalize_serial(value, normalized):
    assert normalize_serial(value) == normalized


def test_an_idn_carries_its_u_labels_and_a_u_label_declaration_finds_its_a_label_certificate():
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


def test_parse_host_time():
    assert parse_host_time('20271202065957Z') == '2027-12-02T06:59:57Z'
    assert parse_host_time('2027-12-02T06:59:57+00:00') == '2027-12-02T06:59:57Z'
    assert parse_host_time(None) is None
