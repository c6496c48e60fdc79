# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The expiry report as data, without Ansible: rows from the reseller's certificates, the certificates on the
hosts and the last run's summary, and the JSON of it.  _report_html.py draws the same data as one page.
"""


import json
import re

from ansible_collections.certops.reseller.plugins.module_utils import _registry
from ansible_collections.certops.reseller.plugins.module_utils._inventory import (
    DEFAULT_EXPIRED_GROUP,
    DEFAULT_EXPIRY_WINDOWS,
    DEFAULT_TERM_ENDED_GROUP,
    DEFAULT_TERM_WINDOWS,
    expiry_groups,
    term_groups,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import format_datetime, whole_days_until
from ansible_collections.certops.reseller.plugins.module_utils._names import normalize_name, unicode_name

ACTIONS = ('none', 'deploy', 'order', 'renew', 'reissue', 'resume', 'replace', 'blocked')
RESULTS = ('ok', 'changed', 'failed', 'skipped')
NO_VALUE = '\u2014'   # an em dash: "nothing known"
LATER = 'later'
WINDOW_ORDER = (DEFAULT_EXPIRED_GROUP,) + tuple(sorted(DEFAULT_EXPIRY_WINDOWS, key=DEFAULT_EXPIRY_WINDOWS.get)) + (LATER, 'none')
# The paid term's groups, as in the inventory (cumulative), smallest window first, then the ended group.
TERM_GROUPS = tuple(sorted(DEFAULT_TERM_WINDOWS, key=DEFAULT_TERM_WINDOWS.get)) + (DEFAULT_TERM_ENDED_GROUP,)
# What a row carries of the paid term (certificate_info's keys), shown as they come.
TERM_KEYS = ('multiyear', 'reissue_required', 'reissue_status', 'term_years', 'remaining_reissues')


def normalize_serial(value):
    """Serial numbers as the providers and openssl write them (int, ``0A:1B``, ``0a1b``) -> ``a1b``."""
    if value is None or value == '':
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return '%x' % value
    text = re.sub(r'[\s:]', '', str(value)).lower()
    if text.startswith('0x'):
        text = text[2:]
    return text.lstrip('0') or '0'


def parse_host_time(value):
    """x509_certificate_info's ``not_after`` (ASN.1 ``20271202065957Z``) or ISO -> ISO 8601 UTC."""
    if not value:
        return None
    text = str(value)
    match = re.match(r'^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$', text)
    if match:
        return '%s-%s-%sT%s:%s:%sZ' % match.groups()
    return format_datetime(text)


def groups_of(status, days):
    """Every expiry group a row is in (cumulative, as in the inventory), or ['later'] / ['none']."""
    groups = expiry_groups(dict(status=status, days_remaining=days), DEFAULT_EXPIRY_WINDOWS, DEFAULT_EXPIRED_GROUP)
    return groups or [window_of(status, days)]


def window_of(status, days):
    """The one window a row is shown in: the smallest expiry window, 'later', or 'none' (no expiry, not live)."""
    groups = expiry_groups(dict(status=status, days_remaining=days), DEFAULT_EXPIRY_WINDOWS, DEFAULT_EXPIRED_GROUP)
    if groups:
        return groups[0]
    if status == 'issued' and days is not None:
        return LATER
    return 'none'


def provider_label(name, api_format):
    """The provider column: its name, and the wire format where the provider has more than one."""
    if not name:
        return NO_VALUE
    info = _registry.get(name)
    if info is None or len(info.formats) < 2:
        return name
    return '%s (%s)' % (name, info.effective_format(api_format))


def reseller_rows(results, now):
    """Registered results of certificate_info looped over connection names -> rows.

    Each result has ``item`` (the connection name; empty for module_defaults / environment),
    ``certificates`` and ``invocation.module_args`` (provider, api_format; secrets are masked there)."""
    rows = []
    for result in results or []:
        if not isinstance(result, dict):
            continue
        connection = result.get('item') or 'default'
        args = (result.get('invocation') or {}).get('module_args') or {}
        provider = provider_label(args.get('provider'), args.get('api_format'))
        for certificate in result.get('certificates') or []:
            status = certificate.get('status')
            not_after = certificate.get('not_after')
            days = whole_days_until(not_after, now)
            if status == 'issued' and days is not None and days < 0:
                status = 'expired'
            names = list(certificate.get('subject_alternative_names') or [])
            row = dict(
                source='reseller', connection=str(connection), provider=provider,
                id=None if certificate.get('id') is None else str(certificate.get('id')),
                common_name=certificate.get('common_name'), names=names or [certificate.get('common_name')],
                product=certificate.get('product'), status=status, not_after=format_datetime(not_after),
                days_remaining=days, serial_number=certificate.get('serial_number'),
                window=window_of(status, days), deployments=[])
            row.update(term_of(certificate, now))
            rows.append(row)
    return rows


def term_of(certificate, now):
    """The paid term's part of a row: ``term_end`` (ISO 8601 UTC), ``term_days_remaining`` (by ``now``) and
    the provider's term data as certificate_info gives it (None where it tells nothing)."""
    term_end = certificate.get('term_end') if certificate else None
    term = dict(term_end=format_datetime(term_end) if term_end else None,
                term_days_remaining=whole_days_until(term_end, now))
    term.update((key, (certificate or {}).get(key)) for key in TERM_KEYS)
    return term


def installed_items(installed):
    """``{host: [x509_certificate_info loop results]}`` -> list of dict(host, common_name, connection, path,
    serial, not_after, state) with state installed / missing."""
    items = []
    for host in sorted(installed or {}):
        for result in installed[host] or []:
            if not isinstance(result, dict):
                continue
            declared = result.get('item') or {}
            args = (result.get('invocation') or {}).get('module_args') or {}
            present = not result.get('failed') and result.get('serial_number') is not None
            items.append(dict(
                host=host, common_name=declared.get('common_name'), connection=declared.get('connection'),
                path=args.get('path') or declared.get('certificate_path'),
                serial=normalize_serial(result.get('serial_number')) if present else None,
                not_after=parse_host_time(result.get('not_after')) if present else None,
                state='installed' if present else 'missing'))
    return items


def _newest(rows):
    def key(row):
        return (row['status'] in ('issued', 'expired'), row['not_after'] or '', row['id'] or '')
    return sorted(rows, key=key)[-1]


def attach_deployments(rows, items, now):
    """Each host certificate goes to the reseller row of its declared name (and connection, when declared)
    whose serial it carries; else to the newest row of that name (a serial mismatch, or missing); else it
    becomes a row of its own (source 'host')."""
    extra = []
    for item in items:
        name = normalize_name(item['common_name'])
        candidates = [row for row in rows if row['source'] == 'reseller' and normalize_name(row['common_name']) == name
                      and (not item['connection'] or row['connection'] == item['connection'])]
        same_serial = [row for row in candidates if item['serial'] and normalize_serial(row.get('serial_number')) == item['serial']]
        target = match = None
        if same_serial:
            target, match = same_serial[0], True
        elif candidates:
            target = _newest(candidates)
            match = False if item['state'] == 'installed' else None
        deployment = dict(host=item['host'], path=item['path'], state=item['state'], serial=item['serial'],
                          serial_match=match)
        if target is not None:
            target['deployments'].append(deployment)
            continue
        days = whole_days_until(item['not_after'], now)
        status = item['state'] if item['state'] == 'missing' else ('expired' if days is not None and days < 0 else 'issued')
        row = dict(
            source='host', connection=item['connection'] or NO_VALUE, provider=NO_VALUE, id=None,
            common_name=normalize_name(item['common_name']), names=[normalize_name(item['common_name'])], product=None, status=status,
            not_after=item['not_after'], days_remaining=days, serial_number=item['serial'],
            window=window_of('issued' if status == 'issued' else status, days), deployments=[deployment])
        row.update(term_of(None, now))   # a host's file tells nothing of a paid term
        extra.append(row)
    return rows + extra


def serial_summary(row):
    """'match' / 'mismatch' / 'missing' / NO_VALUE (deployed nowhere)."""
    deployments = row['deployments']
    if not deployments:
        return NO_VALUE
    if row['source'] == 'host':
        return 'not at reseller'
    if all(d['state'] == 'missing' for d in deployments):
        return 'missing'
    if all(d['serial_match'] for d in deployments):
        return 'match'
    return 'mismatch'


def load_last_run(path):
    """The summary site.yml / renew.yml leave in ``last-run.json`` -> (data, problem).  ``data`` None when the
    file is absent or unreadable; ``problem`` a sentence for the latter."""
    try:
        with open(path, 'rb') as handle:
            raw = handle.read()
    except (IOError, OSError):
        return None, None
    try:
        data = json.loads(raw.decode('utf-8'))
    except (ValueError, UnicodeDecodeError) as exc:
        return None, 'the last run summary %s is not valid JSON (%s); the report shows no last actions' % (path, exc)
    if not isinstance(data, dict) or not isinstance(data.get('certificates', []), list):
        return None, ('the last run summary %s is not an object with a "certificates" list; '
                      'the report shows no last actions' % path)
    return data, None


def attach_last_run(rows, last_run):
    """Each row gets ``last_run`` = dict(action, result, message, hosts) of the entry for its connection and
    common name (an entry without connection matches every connection), or None."""
    entries = [entry for entry in (last_run or {}).get('certificates') or [] if isinstance(entry, dict)]
    for row in rows:
        row['last_run'] = None
        name = normalize_name(row['common_name'])
        for entry in entries:
            if normalize_name(entry.get('common_name')) != name:
                continue
            if entry.get('connection') not in (None, '', row['connection']):
                continue
            row['last_run'] = dict(action=entry.get('action'), result=entry.get('result'),
                                   message=entry.get('message'), hosts=list(entry.get('hosts') or []))
            break
    return rows


def build_report(reseller_results, installed, last_run, now, last_run_path=None):
    """Everything the HTML and the JSON show, as plain data."""
    rows = reseller_rows(reseller_results, now)
    rows = attach_deployments(rows, installed_items(installed), now)
    attach_last_run(rows, last_run)
    for row in rows:
        row['serial_match'] = serial_summary(row)
        row['groups'] = groups_of(row['status'], row['days_remaining'])
        row['term_groups'] = term_groups(row, DEFAULT_TERM_WINDOWS, DEFAULT_TERM_ENDED_GROUP)
        row['common_name_unicode'] = unicode_name(row['common_name'])
        row['names_unicode'] = [unicode_name(name) for name in row['names']]
    rows.sort(key=lambda row: (row['days_remaining'] is None, row['days_remaining'] if row['days_remaining'] is not None else 0,
                               row['common_name'] or '', row['connection'] or '', row['id'] or ''))
    for index, row in enumerate(rows):
        row['row'] = 'c%d' % (index + 1)
    counts = dict((window, 0) for window in WINDOW_ORDER)
    for row in rows:
        counts[row['window']] += 1
    terms = dict((group, len([row for row in rows if group in row['term_groups']])) for group in TERM_GROUPS)
    return dict(
        generated=now.strftime('%Y-%m-%dT%H:%M:%SZ'),
        certificates=rows,
        summary=dict(total=len(rows), at_reseller=len([r for r in rows if r['source'] == 'reseller']),
                     deployed=len([r for r in rows if r['deployments']]), windows=counts, terms=terms),
        last_run=None if last_run is None else dict(path=last_run_path, generated=last_run.get('generated')),
    )


def report_json(report):
    return json.dumps(report, indent=2, sort_keys=True) + '\n'


def last_run_text(row):
    last = row.get('last_run')
    if not last:
        return NO_VALUE
    return '%s (%s)' % (last.get('action') or '?', last.get('result') or '?')
