# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_module/certificate_report.py: files, last-run.json, check mode."""


import json
import os
import stat

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_report import run_certificate_report

NOW = '2026-12-02T06:00:00Z'
RESULTS = [dict(item='main', invocation=dict(module_args=dict(provider='ssl247')), certificates=[
    dict(id='7', common_name='www.example.com', subject_alternative_names=['www.example.com'], product='RAPIDSSL',
         status='issued', not_after='2026-12-20T00:00:00Z', serial_number='AB')])]


def params(dest, **more):
    values = dict(dest=str(dest), name='certops-report', reseller_results=RESULTS, installed={}, last_run=None,
                  write_json=True, now=NOW)
    values.update(more)
    return values


def test_writes_html_and_json_with_the_last_run(tmp_path):
    dest = tmp_path / 'reports'
    dest.mkdir()
    (dest / 'last-run.json').write_text(json.dumps({'generated': '2026-12-01T00:00:00Z', 'certificates': [
        {'connection': 'main', 'common_name': 'www.example.com', 'names': ['www.example.com'], 'hosts': ['web1'],
         'action': 'reissue', 'result': 'changed', 'message': 'names changed'}]}))
    result = run_certificate_report(params(dest))
    assert result['changed'] is True and result['certificates'] == 1
    assert result['last_run'] == str(dest / 'last-run.json')
    assert result['windows']['expiring_30d'] == 1
    html = (dest / 'certops-report.html').read_text()
    assert 'reissue (changed)' in html
    assert stat.S_IMODE(os.stat(str(dest / 'certops-report.html')).st_mode) == 0o644
    data = json.loads((dest / 'certops-report.json').read_text())
    assert data['certificates'][0]['last_run']['action'] == 'reissue'
    assert any('reissue (changed)' in line for line in result['table'])
    # Same input, same time: nothing changes, no temporary file is left
    again = run_certificate_report(params(dest))
    assert again['changed'] is False
    assert sorted(os.listdir(str(dest))) == ['certops-report.html', 'certops-report.json', 'last-run.json']


def test_the_job_log_table_shows_the_term_beside_the_expiry(tmp_path):
    termed = [dict(RESULTS[0], certificates=[dict(RESULTS[0]['certificates'][0], term_end='2027-12-01T09:00:00Z')])]
    result = run_certificate_report(params(tmp_path, reseller_results=termed), check_mode=True)
    header, row = result['table'][0].split(), result['table'][1].split()
    assert header[4:8] == ['EXPIRES', 'DAYS', 'TERM', 'ENDS']
    assert row[4:8] == ['2026-12-20', '17', '2027-12-01', '364']


def test_check_mode_writes_nothing(tmp_path):
    dest = tmp_path / 'new'
    result = run_certificate_report(params(dest), check_mode=True)
    assert result['changed'] is True and not dest.exists()


def test_bad_last_run_warns_and_shows_dashes(tmp_path):
    (tmp_path / 'broken.json').write_text('not json')
    result = run_certificate_report(params(tmp_path, last_run=str(tmp_path / 'broken.json'), write_json=False))
    assert result['json'] is None and not (tmp_path / 'certops-report.json').exists()
    assert result['last_run'] is None and 'not valid JSON' in result['warnings'][0]
    assert 'no last run summary found' in (tmp_path / 'certops-report.html').read_text()


@pytest.mark.parametrize('more, message', [
    (dict(name='../x'), 'plain file name'),
    (dict(name='.hidden'), 'plain file name'),
    (dict(now='yesterday'), 'ISO 8601'),
])
def test_bad_input(tmp_path, more, message):
    with pytest.raises(InputError, match=message):
        run_certificate_report(params(tmp_path, **more))


def test_dest_must_be_a_directory(tmp_path):
    (tmp_path / 'file').write_text('x')
    with pytest.raises(InputError, match='not a directory'):
        run_certificate_report(params(tmp_path / 'file'))
