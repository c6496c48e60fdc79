# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""dns_record_wait: wait until the DNS records of DCV challenges are answered where community.dns.wait_for_txt cannot
look: on given name servers (any port), and records that are no TXT (a CNAME) through the system resolver.

The TXT records of a run without given servers are handed back (``authoritative_txt``, in wait_for_txt's shape): that
module asks every authoritative name server of the zone.
"""


import re
import time
import traceback

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError, MissingDependencyError

try:
    import dns.exception
    import dns.resolver
    import dns.rdatatype
except ImportError:
    DNSPYTHON_IMPORT_ERROR = traceback.format_exc()
else:
    DNSPYTHON_IMPORT_ERROR = None

QUERY_SECONDS = 2.0
_HOST_PORT = re.compile(r'^(?:\[(?P<v6>[^\]]+)\]|(?P<host>[^:\[\]]+))(?::(?P<port>[0-9]+))?$')


def dns_record_wait_argument_spec():
    return dict(
        challenges=dict(type='list', elements='dict', required=True),
        servers=dict(type='list', elements='str', default=[]),
        timeout=dict(type='int', default=300),
        delay=dict(type='int', default=5),
    )


def parse_server(text):
    """``address``, ``address:port``, ``[v6]`` or ``[v6]:port`` -> (address, port)."""
    text = str(text).strip()
    match = _HOST_PORT.match(text)
    if match:
        return match.group('v6') or match.group('host'), int(match.group('port') or 53)
    if text.count(':') > 1:   # a bare IPv6 address
        return text, 53
    raise InputError('a name server is "address" or "address:port", got %r' % text)


def records_of(challenges):
    """The DNS challenges -> dict(name (no trailing dot), type (upper case), value) each, without duplicates."""
    records = []
    for challenge in challenges or []:
        if challenge.get('method', 'dns') != 'dns' or not challenge.get('record_name'):
            continue
        record = dict(name=str(challenge['record_name']).rstrip('.'),
                      type=str(challenge.get('record_type') or 'TXT').upper(),
                      value=str(challenge.get('record_value') or ''))
        if record not in records:
            records.append(record)
    return records


def _comparable(record_type, text):
    """A record's value as an answer is compared: a TXT value as it is, a name without its trailing dot, lower case."""
    return text if record_type == 'TXT' else text.rstrip('.').lower()


def seen(record, answers):
    """Whether ``answers`` (the values one server gave for the record's name and type) hold the record's value."""
    return _comparable(record['type'], record['value']) in [_comparable(record['type'], a) for a in answers]


def ask(name, record_type, server):
    """-> the values ``server`` ((address, port), or None for the system resolver) answers, or the error as text."""
    if server is None:
        resolver = dns.resolver.Resolver()
    else:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [server[0]]
        resolver.port = server[1]
    try:
        answer = resolver.resolve(name.rstrip('.') + '.', record_type, raise_on_no_answer=False, lifetime=QUERY_SECONDS,
                                  search=False)
    except dns.resolver.NXDOMAIN:
        return [], 'NXDOMAIN'
    except dns.exception.DNSException as exc:
        return [], str(exc) or exc.__class__.__name__
    values = []
    for rdata in answer.rrset or []:
        if rdata.rdtype == dns.rdatatype.TXT:
            values.append(''.join(part.decode('utf-8', 'replace') for part in rdata.strings))
        else:
            values.append(rdata.to_text())
    return values, None


def wait(records, servers, timeout, delay, ask=ask, clock=time.monotonic, sleep=time.sleep):
    """Ask every server for every record until each has seen it or ``timeout`` seconds have passed.

    -> list of dict(name, type, value, server, seen, answers, error), one per record and server."""
    checks = [dict(record, server=server, seen=False, answers=[], error=None) for record in records for server in servers]
    deadline = clock() + max(timeout, 0)
    while True:
        for check in checks:
            if check['seen']:
                continue
            check['answers'], check['error'] = ask(check['name'], check['type'], check['server'])
            check['seen'] = check['error'] is None and seen(check, check['answers'])
        if all(check['seen'] for check in checks) or clock() >= deadline:
            return checks
        sleep(max(min(delay, deadline - clock()), 0.1) if delay > 0 else 1)


def _where(server):
    return 'the system resolver' if server is None else '%s:%d' % server


def missing_lines(checks):
    return ['%s %s "%s" on %s (last answer: %s)' % (
        check['name'], check['type'], check['value'], _where(check['server']),
        ' '.join(check['answers']) or check['error'] or 'none') for check in checks if not check['seen']]


def run_dns_record_wait(params, ask_server=None, clock=time.monotonic, sleep=time.sleep):
    records = records_of(params['challenges'])
    servers = [parse_server(server) for server in params.get('servers') or []]
    if servers:
        here, authoritative = records, []
    else:
        # wait_for_txt asks the zone's authoritative name servers for the TXT records; the rest the system resolver
        here = [record for record in records if record['type'] != 'TXT']
        authoritative = [record for record in records if record['type'] == 'TXT']
    checks = []
    if here:
        if ask_server is None:
            if DNSPYTHON_IMPORT_ERROR is not None:
                raise MissingDependencyError('dnspython', exception=DNSPYTHON_IMPORT_ERROR)
            ask_server = ask
        checks = wait(here, servers or [None], params['timeout'], params['delay'], ask=ask_server, clock=clock,
                      sleep=sleep)
    result = dict(
        changed=False,
        records=[dict(check, server=_where(check['server'])) for check in checks],
        authoritative_txt=[dict(name=record['name'], values=[record['value']]) for record in authoritative],
    )
    missing = missing_lines(checks)
    if missing:
        result.update(failed=True, msg='DCV records did not appear within %d seconds: %s' % (
            params['timeout'], '; '.join(missing)))
    return result


def handle(module):
    return run_dns_record_wait(module.params)
