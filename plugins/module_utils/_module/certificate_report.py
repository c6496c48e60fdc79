# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_report: write the expiry report (HTML + JSON) from what report.yml collected.

Talks to no provider: the play reads the reseller (certificate_info) and the hosts
(x509_certificate_info) and hands both in.  Files are written atomically, only when changed.
"""


import datetime
import os
import tempfile

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._model import parse_datetime
from ansible_collections.certops.reseller.plugins.module_utils._names import display_name
from ansible_collections.certops.reseller.plugins.module_utils._report_data import (
    NO_VALUE,
    build_report,
    last_run_text,
    load_last_run,
    report_json,
)
from ansible_collections.certops.reseller.plugins.module_utils._report_html import render_html

LAST_RUN_FILE = 'last-run.json'


def certificate_report_argument_spec():
    return dict(
        dest=dict(type='path', required=True),
        name=dict(type='str', default='certops-report'),
        reseller_results=dict(type='list', elements='dict', default=[]),
        installed=dict(type='dict', default={}),
        last_run=dict(type='path'),
        write_json=dict(type='bool', default=True),
        now=dict(type='str'),
    )


def report_now(value):
    if not value:
        return datetime.datetime.now(datetime.timezone.utc)
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise InputError('now must be an ISO 8601 time such as 2026-11-22T10:00:00Z, got %r' % (value,))
    return parsed


def text_table(report):
    """The table for the job log: a line per certificate (``reseller:<connection>`` or ``host``), then an
    indented line per host that carries it."""
    line = '%-24s %-34s %-10s %-9s %-10s %5s  %-10s %5s  %-40s %s'
    lines = [line % ('WHERE', 'NAME', 'ID', 'STATUS', 'EXPIRES', 'DAYS', 'TERM ENDS', 'DAYS', 'SERIAL', 'LAST RUN')]
    for row in report['certificates']:
        where = 'reseller:%s' % row['connection'] if row['source'] == 'reseller' else 'host'
        serial = (row['serial_number'] or NO_VALUE) if row['source'] == 'reseller' else NO_VALUE
        term_days = row.get('term_days_remaining')
        lines.append(line % (
            where, display_name(row['common_name']), row['id'] or NO_VALUE, row['status'], (row['not_after'] or NO_VALUE)[:10],
            NO_VALUE if row['days_remaining'] is None else row['days_remaining'], (row.get('term_end') or NO_VALUE)[:10],
            NO_VALUE if term_days is None else term_days, serial, last_run_text(row)))
        for deployment in row['deployments']:
            verdict = {True: 'serial matches', False: 'serial differs'}.get(deployment['serial_match'], '')
            lines.append(line % (
                '  ' + deployment['host'], row['common_name'], '', deployment['state'], '', '', '', '',
                (deployment['serial'] or NO_VALUE).upper(), verdict))
    return lines


def write_if_changed(path, content, check_mode, mode=0o644):
    """Atomic: a temporary file beside ``path`` moved into place, only when the content differs."""
    data = content.encode('utf-8')
    try:
        with open(path, 'rb') as handle:
            if handle.read() == data:
                return False
    except (IOError, OSError):
        pass
    if check_mode:
        return True
    directory = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return True


def run_certificate_report(params, check_mode=False):
    dest = params['dest']
    name = params['name']
    if not name or '/' in name or name.startswith('.'):
        raise InputError('name must be a plain file name without "/" and not starting with ".", got %r' % (name,))
    now = report_now(params.get('now'))
    last_run_path = params.get('last_run') or os.path.join(dest, LAST_RUN_FILE)
    last_run, problem = load_last_run(last_run_path)
    report = build_report(params.get('reseller_results'), params.get('installed'), last_run, now,
                          last_run_path=last_run_path)
    html_path = os.path.join(dest, name + '.html')
    json_path = os.path.join(dest, name + '.json')
    if os.path.exists(dest) and not os.path.isdir(dest):
        raise InputError('dest %s exists and is not a directory' % dest)
    changed = not os.path.isdir(dest)
    if changed and not check_mode:
        os.makedirs(dest, 0o755)
    changed = write_if_changed(html_path, render_html(report, now), check_mode) or changed
    if params.get('write_json', True):
        changed = write_if_changed(json_path, report_json(report), check_mode) or changed
    return dict(
        changed=changed,
        html=html_path,
        json=json_path if params.get('write_json', True) else None,
        certificates=report['summary']['total'],
        windows=report['summary']['windows'],
        last_run=last_run_path if last_run is not None else None,
        table=text_table(report),
        warnings=[problem] if problem else [],
    )


def handle(module):
    return run_certificate_report(module.params, check_mode=module.check_mode)
