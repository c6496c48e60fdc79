# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs on the controller: the summary table of a run and ``<report_dir>/last-run.json``."""


from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.certops.reseller.plugins.module_utils._module.run_summary import (
    summarize,
    table,
    write_report,
)


def _host_var(hostvars, host, name):
    try:
        value = hostvars[host][name]
    except KeyError:
        return {}
    return value if isinstance(value, dict) else {}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('plan', 'report_dir', 'outcomes_var', 'installs_var', 'fail_on_error'))

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        plan = self._task.args.get('plan') or {}
        if not isinstance(plan, dict) or 'certificates' not in plan:
            raise AnsibleActionFail('plan must be the registered result of certops.reseller.certificate_plan')
        outcomes_var = self._task.args.get('outcomes_var') or '_certificate_outcomes'
        installs_var = self._task.args.get('installs_var') or '_certificate_installs'
        hostvars = task_vars.get('hostvars') or {}
        hosts = set()
        for entry in plan['certificates']:
            hosts.update(entry.get('hosts') or [])
        outcomes = {}
        installs = {}
        for host in sorted(hosts):
            outcomes.update(_host_var(hostvars, host, outcomes_var))
            for certificate_id, install in _host_var(hostvars, host, installs_var).items():
                installs.setdefault(certificate_id, {})[host] = install
        report = summarize(plan, outcomes, installs, check_mode=self._task.check_mode)
        lines = table(report)
        result.update(changed=False, summary=lines, report=report, msg='\n'.join(lines))
        report_dir = self._task.args.get('report_dir')
        if report_dir and not self._task.check_mode:
            result['report_path'] = write_report(report, report_dir)
        failed = [item['common_name'] for item in report['certificates'] if item['result'] == 'failed']
        result['failed_certificates'] = failed
        if failed and self._task.args.get('fail_on_error', True):
            result['failed'] = True
            result['msg'] = 'failed for %s\n%s' % (', '.join(failed), result['msg'])
        return result
