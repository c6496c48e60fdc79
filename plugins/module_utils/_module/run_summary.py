# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The end of a run: one row per certificate (certificate, hosts, action, result) from the plan and
what the hosts reported, as a table and as ``last-run.json``.

``outcomes``: certificate id -> dict(result, message) of its lead host (reseller work);
``installs``: certificate id -> host -> dict(result, message) of each deploying host.
"""


import datetime
import json
import os

from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_report import write_if_changed
from ansible_collections.certops.reseller.plugins.module_utils._names import display_name

RESULTS = ('ok', 'changed', 'failed', 'skipped')


def row(entry, outcome, installs, check_mode=False):
    action = entry['action']
    message = entry.get('reason') or ''
    if action == 'blocked':
        return 'failed', message
    if not entry.get('allowed', True) or entry.get('deferred'):
        # not allowed by certificate_actions, or left to the run that holds the key host (an AWX slice)
        return 'skipped', message
    if action == 'none':
        return 'ok', message
    if check_mode:
        return 'skipped', 'check mode: would %s; %s' % (action, message)
    if outcome is None:
        return 'failed', '%s: the host %s did not report (unreachable or stopped)' % (message, entry.get('lead_host'))
    if outcome.get('result') == 'failed':
        return 'failed', outcome.get('message') or message
    failed = sorted(host for host, install in (installs or {}).items() if install.get('result') == 'failed')
    missing = sorted(set(entry.get('deploy_hosts') or []) - set(installs or {}))
    if failed or missing:
        parts = ['%s: %s' % (host, installs[host].get('message') or 'failed') for host in failed]
        parts += ['%s: did not report' % host for host in missing]
        return 'failed', '; '.join(parts)
    changed = outcome.get('result') == 'changed' or any(i.get('result') == 'changed' for i in installs.values())
    return ('changed' if changed else 'ok'), outcome.get('message') or message


def summarize(plan, outcomes, installs, check_mode=False, now=None):
    now = now or datetime.datetime.now(datetime.timezone.utc)
    rows = []
    for entry in plan.get('certificates') or []:
        result, message = row(entry, outcomes.get(entry['id']), installs.get(entry['id']) or {}, check_mode)
        rows.append(dict(connection=entry['connection'], common_name=entry['common_name'], names=entry['names'],
                         hosts=entry['hosts'], action=entry['action'], result=result, message=message))
    return dict(generated=now.strftime('%Y-%m-%dT%H:%M:%SZ'), certificates=rows)


def table(report):
    lines = [('certificate', 'hosts', 'action', 'result')]
    for item in report['certificates']:
        hosts = item['hosts'] if len(item['hosts']) <= 3 else item['hosts'][:3] + ['(+%d)' % (len(item['hosts']) - 3)]
        lines.append((display_name(item['common_name']), ', '.join(hosts), item['action'], item['result']))
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    text = ['  '.join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines]
    for item in report['certificates']:
        if item['result'] in ('failed', 'skipped'):
            text.append('%s: %s' % (display_name(item['common_name']), item['message']))
    return text


def write_report(report, directory):
    """Atomically write ``<directory>/last-run.json`` (0644; ``~`` expanded); -> its path."""
    directory = os.path.expanduser(directory)
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o755)
    path = os.path.join(directory, 'last-run.json')
    write_if_changed(path, json.dumps(report, indent=2, sort_keys=True) + '\n', check_mode=False, mode=0o644)
    return path
