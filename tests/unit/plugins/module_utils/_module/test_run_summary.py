# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import datetime
import json
import os

from ansible_collections.certops.reseller.plugins.module_utils._module import run_summary


def entry(cid, action, hosts, allowed=True, reason='why', lead=None):
    return dict(id=cid, connection='c', common_name=cid, names=[cid], hosts=hosts, action=action, allowed=allowed,
                reason=reason, lead_host=lead or hosts[0], deploy_hosts=hosts)


PLAN = dict(certificates=[
    entry('a.test', 'none', ['web1']),
    entry('pool.test', 'order', ['web1', 'web2', 'web3']),
    entry('b.test', 'reissue', ['web2']),
    entry('c.test', 'blocked', ['web3'], reason='names change; add replace'),
    entry('d.test', 'order', ['web3'], allowed=False),
    entry('e.test', 'deploy', ['web1', 'web2']),
])


def test_rows_join_plan_outcomes_and_installs():
    outcomes = {'pool.test': dict(result='changed', message='order: serial 1f'),
                'b.test': dict(result='failed', message='job 7 ended with status failed'),
                'e.test': dict(result='ok', message='deploy')}
    installs = {'pool.test': {'web1': dict(result='changed'), 'web2': dict(result='changed'), 'web3': dict(result='ok')},
                'e.test': {'web1': dict(result='ok')}}
    now = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)
    report = run_summary.summarize(PLAN, outcomes, installs, now=now)
    assert report['generated'] == '2026-05-01T12:00:00Z'
    results = dict((row['common_name'], (row['action'], row['result'])) for row in report['certificates'])
    assert results == {'a.test': ('none', 'ok'), 'pool.test': ('order', 'changed'), 'b.test': ('reissue', 'failed'),
                       'c.test': ('blocked', 'failed'), 'd.test': ('order', 'skipped'), 'e.test': ('deploy', 'failed')}
    rows = dict((row['common_name'], row) for row in report['certificates'])
    assert rows['e.test']['message'] == 'web2: did not report'
    assert rows['b.test']['message'] == 'job 7 ended with status failed'
    assert set(rows['pool.test']) == {'connection', 'common_name', 'names', 'hosts', 'action', 'result', 'message'}


def test_check_mode_skips_the_work_and_table_lists_failures(tmp_path):
    report = run_summary.summarize(PLAN, {}, {}, check_mode=True)
    results = [row['result'] for row in report['certificates']]
    assert results == ['ok', 'skipped', 'skipped', 'failed', 'skipped', 'skipped']
    lines = run_summary.table(report)
    assert lines[0].split() == ['certificate', 'hosts', 'action', 'result']
    assert any(line.startswith('c.test: names change; add replace') for line in lines)
    path = run_summary.write_report(report, str(tmp_path / 'reports'))
    assert path == str(tmp_path / 'reports' / 'last-run.json')
    assert json.load(open(path)) == report
    assert oct(os.stat(path).st_mode & 0o777) == '0o644'
    assert os.listdir(str(tmp_path / 'reports')) == ['last-run.json']


def test_work_left_to_the_key_hosts_slice_is_skipped_with_its_reason():
    deferred = dict(entry('pool.test', 'none', ['web2'], reason='no certificate; key host web1 is not in this inventory'),
                    deferred='order')
    report = run_summary.summarize(dict(certificates=[deferred]), {}, {})
    row = report['certificates'][0]
    assert (row['action'], row['result']) == ('none', 'skipped')
    lines = run_summary.table(report)
    assert lines[-1] == 'pool.test: no certificate; key host web1 is not in this inventory'
