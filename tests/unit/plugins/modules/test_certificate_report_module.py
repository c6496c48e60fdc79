# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/modules/certificate_report.py as Ansible runs it: arguments, result, a clear failure."""


import json

from ansible_collections.certops.reseller.plugins.modules import certificate_report

from ansible_collections.certops.reseller.tests.unit.plugins.modules.lifecycle_utils import run_main

RESULTS = [dict(item='', invocation=dict(module_args=dict(provider='autodns', api_format='xml')), certificates=[
    dict(id='5', common_name='www.example.com', subject_alternative_names=['www.example.com'], product='BASIC_SSL',
         status='issued', not_after='2026-12-05T00:00:00Z', serial_number='0A')])]


def test_writes_the_report(tmp_path, capsys):
    result, failed = run_main(certificate_report.main, dict(dest=str(tmp_path), reseller_results=RESULTS,
                                                            now='2026-12-02T00:00:00Z'), capsys)
    assert not failed and result['changed'] is True
    assert result['certificates'] == 1 and result['windows']['expiring_7d'] == 1 and result['last_run'] is None
    data = json.loads((tmp_path / 'certops-report.json').read_text())
    assert data['certificates'][0]['provider'] == 'autodns (xml)'
    assert data['certificates'][0]['connection'] == 'default'


def test_check_mode_writes_nothing(tmp_path, capsys):
    result, failed = run_main(certificate_report.main, dict(dest=str(tmp_path / 'new'), reseller_results=RESULTS),
                              capsys, check_mode=True)
    assert not failed and result['changed'] is True
    assert not (tmp_path / 'new').exists()


def test_bad_input_fails_with_a_sentence(tmp_path, capsys):
    result, failed = run_main(certificate_report.main, dict(dest=str(tmp_path), now='next tuesday'), capsys)
    assert failed and 'now must be an ISO 8601 time' in result['msg']
    assert result['error_type'] == 'InputError'
