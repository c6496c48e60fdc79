# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A paid term kept by site.yml over months of sandbox time (issue 15): one local host per flavour (AutoDNS JSON,
AutoDNS XML, SSL247), each with its own certificate and its own paths (host_vars), real BIND for DCV (the sandbox
checks it: --dcv check), one real nginx serving every certificate.

After every run: nginx serves, for each name, a certificate that verifies at the sandbox's time and lives no longer
than the rule of its issue date allows; the sandbox's request log counts the paid calls (order, renewal) and the
free ones (reissue), SSL247's deposit moves only when something is paid.

Used by tests/e2e/test_terms.py (a compressed schedule, in the suite) and, as a script, for a schedule that runs
every few sandbox days for a year or more (figures for the closing note):

    bash scripts/setup.sh && source scripts/env.sh
    python tests/e2e/terms.py --days 400 --step 12 [--start 2029-01-20 --step 6] [--lifetime 24]
    python tests/e2e/terms.py --days 760 --step 0 --lifetime 24     # --step 0: jump to each turnover point
"""

import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lab as lab_module  # noqa: E402  pylint: disable=wrong-import-position

# host -> (connection, product, name label)
FLAVOURS = {
    'tjson': ('autodns_json', 'BASIC_SSL', 'termsjson'),
    'txml': ('autodns_xml', 'BASIC_SSL', 'termsxml'),
    'tssl': ('ssl247', 'RAPIDSSL', 'termsssl'),
}
PAID_OPERATIONS = ('400101', '400106', '/order/certificate/place-quick-order', '/order/certificate/place-order',
                   '/certificate/{original_certificate_id}/renew')
FREE_OPERATIONS = ('400102', '/certificate/{id}/reissue')
# the CA/B Forum's schedule (BR SC-081v3 1.2.2, 6.3.2): issued on or after -> longest validity in days
SCHEDULE = ((datetime.date(2029, 3, 15), 47), (datetime.date(2027, 3, 15), 100), (datetime.date(2026, 3, 15), 200),
            (datetime.date(1970, 1, 1), 398))


def max_validity(day):
    for start, days in SCHEDULE:
        if day >= start:
            return days
    return SCHEDULE[-1][1]


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))


def not_after_of(pem_text):
    from cryptography import x509
    cert = x509.load_pem_x509_certificate(pem_text.encode('ascii'))
    return getattr(cert, 'not_valid_after_utc', None) or cert.not_valid_after.replace(tzinfo=datetime.timezone.utc)


class TermsLab:
    def __init__(self, workdir, lifetime=12, hosts=None):
        self.workdir = workdir
        self.hosts = dict((h, FLAVOURS[h]) for h in (hosts or sorted(FLAVOURS)))
        self.lifetime = lifetime
        self.lab = lab_module.Lab(workdir=workdir, names=[label for _c, _p, label in self.hosts.values()])
        self.inventory = os.path.join(workdir, 'inventory')
        self.log = os.path.join(workdir, 'ansible.log')
        self.report_dir = os.path.join(workdir, 'report')
        self.history = []       # one dict per run
        self.served = {}        # host -> serial last served

    def root(self, host):
        return os.path.join(self.workdir, 'hosts', host)

    def paths(self, host):
        name = self.lab.fqdn(self.hosts[host][2])
        base = os.path.join(self.root(host), 'etc', 'ssl')
        return {'key': os.path.join(base, 'private', name + '.key'),
                'fullchain': os.path.join(base, 'certs', name + '.fullchain.crt')}

    def start(self):
        sites = []
        for host, (_connection, _product, label) in self.hosts.items():
            webroot = os.path.join(self.root(host), 'www')
            os.makedirs(webroot, exist_ok=True)
            sites.append({'server_name': self.lab.fqdn(label), 'webroot': webroot,
                          'certificate': self.paths(host)['fullchain'], 'key': self.paths(host)['key']})
        self.lab.start(sites)
        self.write_inventory()
        return self

    def stop(self):
        self.lab.stop()

    def write_inventory(self):
        bind = self.lab.bind
        url = self.lab.sandbox.url
        os.makedirs(os.path.join(self.inventory, 'group_vars'), exist_ok=True)
        os.makedirs(os.path.join(self.inventory, 'host_vars'), exist_ok=True)
        documents = {
            'hosts.yml': {'all': {'children': {'terms': {'hosts': dict((h, None) for h in self.hosts)}}}},
            os.path.join('group_vars', 'all.yml'): {
                'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                'certops_report_dir': self.report_dir, 'certificate_poll_interval': 2, 'certificate_job_timeout': 120,
                'certificate_lifetime': self.lifetime,
                'certificate_connections': {
                    'autodns_json': {'provider': 'autodns', 'api_format': 'json', 'api_url': url + '/autodns/v1',
                                     'username': 'sandbox', 'password': 'sandbox', 'context': 4},
                    'autodns_xml': {'provider': 'autodns', 'api_format': 'xml', 'api_url': url + '/autodns/gateway',
                                    'username': 'sandbox', 'password': 'sandbox', 'context': 4},
                    'ssl247': {'provider': 'ssl247', 'api_url': url + '/ssl247/api/v3',
                               'username': 'ops@example.test', 'api_key': 'sandbox-key'},
                },
                'certificate_dns': {
                    'backend': 'nsupdate', 'server': '127.0.0.1', 'port': bind.port, 'zone': self.lab.ZONE,
                    'key_name': bind.key_name, 'key_secret': bind.key_secret, 'key_algorithm': bind.key_algorithm,
                    'wait_servers': ['127.0.0.1:%d' % bind.port], 'wait_timeout': 60, 'wait_delay': 1,
                },
                'certificate_reload_commands': [self.lab.nginx.reload_command()],
            },
        }
        for host, (connection, product, label) in self.hosts.items():
            documents[os.path.join('host_vars', host + '.yml')] = {
                'certificate_base_dir': os.path.join(self.root(host), 'etc', 'ssl'),
                'certificate_connection': connection,
                'certificate_product': product,
                'certops_certificates': [{'common_name': self.lab.fqdn(label)}],
            }
        for path, document in documents.items():
            with open(os.path.join(self.inventory, path), 'w') as handle:
                yaml.safe_dump(document, handle, sort_keys=False)

    # -- the sandbox --------------------------------------------------------------------------
    def now(self):
        return parse_time(self.lab.sandbox.api('GET', '/_sandbox/clock')['now'])

    def advance(self, days):
        self.lab.sandbox.advance_clock(days)

    def deposit(self):
        return float(self.lab.sandbox.api('GET', '/_sandbox/deposit')['balance'])

    def calls(self):
        entries = [e for e in self.lab.sandbox.requests() if e.get('mutating')]
        paid = [e for e in entries if e.get('operation') in PAID_OPERATIONS]
        free = [e for e in entries if e.get('operation') in FREE_OPERATIONS]
        return paid, free

    # -- one scheduled run --------------------------------------------------------------------
    def run(self, playbook='site.yml', extra_vars=None):
        """site.yml once; -> the run's record (also appended to history). Asserts what must hold after every run."""
        started = self.now()
        deposit = self.deposit()
        self.lab.sandbox.clear_requests()
        args = ['-e', json.dumps(extra_vars)] if extra_vars else []
        code, output, recap = lab_module.run_playbook(os.path.join(lab_module.ROOT, 'playbooks', playbook),
                                                      self.inventory, extra_args=args, log=self.log)
        assert code == 0, 'ansible-playbook failed on %s (exit %d):\n%s' % (started.date(), code, output[-6000:])
        paid, free = self.calls()
        self.lab.nginx.reload()
        record = {'date': started.date().isoformat(), 'paid': [(e['provider'], e['operation']) for e in paid],
                  'free': [(e['provider'], e['operation']) for e in free], 'deposit_change': self.deposit() - deposit,
                  'changed': sum(v.get('changed', 0) for v in recap.values()), 'served': {}, 'new': []}
        attime = int(self.now().timestamp())
        for host, (_connection, _product, label) in self.hosts.items():
            served = lab_module.served_certificate(self.lab.nginx.https_port, self.lab.fqdn(label),
                                                   self.lab.sandbox.ca_file(), attime=attime)
            assert served['verified'], 'on %s, %s serves no certificate valid at the sandbox time:\n%s' % (
                started.date(), host, served['output'][-2000:])
            with open(self.paths(host)['fullchain']) as handle:
                expires = not_after_of(handle.read().split('-----END CERTIFICATE-----')[0] + '-----END CERTIFICATE-----\n')
            if self.served.get(host) != served['serial']:
                # a new certificate: no longer than the rule of its issue date (the run's date) allows
                longest = max_validity(started.date())
                assert (expires - started).days <= longest, '%s got a %d-day certificate on %s (at most %d)' % (
                    host, (expires - started).days, started.date(), longest)
                record['new'].append((host, (expires - started).days))
            self.served[host] = served['serial']
            record['served'][host] = {'serial': served['serial'], 'expires': expires.date().isoformat()}
        self.history.append(record)
        return record, output


def schedule(days, step, start=None, lifetime=12, keep=False):
    """site.yml every ``step`` sandbox days for ``days`` days (from ``start``, a date the clock is moved to first);
    prints one line per run and the figures."""
    workdir = tempfile.mkdtemp(prefix='certops-terms-')
    terms = TermsLab(workdir, lifetime=lifetime).start()
    started = time.monotonic()
    try:
        if start:
            ahead = (datetime.datetime.fromisoformat(start).replace(tzinfo=datetime.timezone.utc) - terms.now())
            terms.advance(max(ahead.total_seconds() / 86400.0, 0))
        first = terms.now()
        issued = {}
        while (terms.now() - first).days <= days:
            before = terms.now()
            record, _output = terms.run()
            print('%s paid %d free %d deposit %+.2f changed %d new %s' % (
                record['date'], len(record['paid']), len(record['free']), record['deposit_change'], record['changed'],
                ', '.join('%s %dd' % item for item in record['new']) or '-'))
            sys.stdout.flush()
            for host, _days in record['new']:
                issued[host] = before
            if step:
                terms.advance(step)
                continue
            # --step 0: jump to the day the earliest certificate has a sixth of its validity left (due, whatever its
            # spread), one day less so that the run lands inside its window
            wait = []
            for host, served in record['served'].items():
                expires = datetime.datetime.fromisoformat(served['expires']).replace(tzinfo=datetime.timezone.utc)
                validity = (expires - issued.get(host, before)).days
                wait.append((expires - terms.now()).total_seconds() / 86400.0 - validity / 6.0 + 1)
            terms.advance(max(min(wait), 1))
        paid = sum(len(r['paid']) for r in terms.history)
        free = sum(len(r['free']) for r in terms.history)
        print('== %d runs every %d sandbox days over %d days, lifetime %d months, %d flavours: %d paid calls '
              '(%s), %d free reissues, wall %.0f s' % (
                  len(terms.history), step, days, lifetime, len(terms.hosts), paid,
                  ', '.join('%s %s' % p for r in terms.history for p in r['paid']), free, time.monotonic() - started))
    finally:
        terms.stop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--days', type=int, default=400)
    parser.add_argument('--step', type=float, default=12, help='sandbox days between runs; 0 jumps to each turnover point')
    parser.add_argument('--start', help='move the sandbox clock to this date first (YYYY-MM-DD)')
    parser.add_argument('--lifetime', type=int, default=12, help='months of the paid term')
    parser.add_argument('--keep', action='store_true')
    args = parser.parse_args(argv)
    schedule(args.days, args.step, args.start, args.lifetime, args.keep)


if __name__ == '__main__':
    main()
