# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Terms benchmark (issue 15): N certificates bought on one day, kept for two simulated years by scheduled runs.

The real sandbox (AutoDNS JSON, --dcv auto) follows the rules of its clock's date; each certificate lives on a host
directory of its own (key, certificate, chain, full chain: real files, read by the role's inspection code). Every
``--step`` sandbox days one scheduled run: the inspection of every host, the plan (the role's Python: batched reads,
its choice by date and money), then the plan's actions through the collection's client - order, free reissue,
paid renewal - each waited for and installed, as the role does, by 8 workers side by side.

It prints, per run with work and in total: payments (orders, renewals), reissues, the most reissues in one run, the
highest request rate the sandbox saw in one second, and the certificates that expired on a host (must be 0).
It asserts nothing about speed.

    bash scripts/setup.sh && source scripts/env.sh
    python tests/benchmarks/bench_terms_fleet.py --certificates 200 --days 730 --step 7
"""

import argparse
import collections
import datetime
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from cryptography.hazmat.primitives import serialization

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'e2e'))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'sandbox'))

import lab as lab_module  # noqa: E402  pylint: disable=wrong-import-position
from sandbox_helpers import make_csr  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.certops.reseller.plugins.module_utils._client import (  # noqa: E402
    ConnectionSettings, create_provider)
from ansible_collections.certops.reseller.plugins.module_utils._model import OrderRequest  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_inspect import inspect_item  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._plan.plan import make_plan  # noqa: E402

PRODUCT = 'BASIC_SSL'


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))


class Fleet:
    def __init__(self, workdir, sandbox, count):
        self.workdir = workdir
        self.sandbox = sandbox
        self.names = ['c%03d.bench.test' % index for index in range(count)]
        self.hosts = dict(('h%03d' % index, name) for index, name in enumerate(self.names))

    def provider(self):
        return create_provider(ConnectionSettings(provider='autodns', api_format='json', username='sandbox',
                                                  password='sandbox', context=4,
                                                  api_url=self.sandbox.url + '/autodns/v1'))

    def item(self, host):
        return {'common_name': self.hosts[host]}

    def dirs(self, host):
        base = os.path.join(self.workdir, 'hosts', host)
        return os.path.join(base, 'private'), os.path.join(base, 'certs')

    def inspections(self):
        result = {}
        for host in self.hosts:
            key_dir, cert_dir = self.dirs(host)
            result[host] = [inspect_item(self.item(host), key_dir, cert_dir)]
        return result

    def install(self, host, key, certificate):
        key_dir, cert_dir = self.dirs(host)
        os.makedirs(key_dir, exist_ok=True)
        os.makedirs(cert_dir, exist_ok=True)
        name = self.hosts[host]
        key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode('ascii')
        for path, content in ((os.path.join(key_dir, name + '.key'), key_pem),
                              (os.path.join(cert_dir, name + '.crt'), certificate.certificate),
                              (os.path.join(cert_dir, name + '.chain.crt'), certificate.chain or ''),
                              (os.path.join(cert_dir, name + '.fullchain.crt'), certificate.fullchain)):
            with open(path, 'w') as handle:
                handle.write(content.strip() + '\n')

    def now(self):
        return parse_time(self.sandbox.api('GET', '/_sandbox/clock')['now'])


def wait_job(provider, job, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = provider.get_job(job.id)
        if job.status in ('succeeded', 'failed', 'cancelled'):
            return job
        time.sleep(0.5)
    raise RuntimeError('job %s did not end' % job.id)


def act(fleet, entry):
    """Do one plan entry as the role would: a new key and CSR for order/reissue, the call, the wait, the install."""
    provider = fleet.provider()
    host = entry['lead_host']
    name = entry['common_name']
    action = entry['action']
    key, csr = make_csr([name])
    request = OrderRequest(common_name=name, product=PRODUCT, lifetime_months=12, csr=csr, validation_method='dns')
    if action == 'order':
        job = provider.create_certificate(request)
    elif action == 'reissue':
        job = provider.reissue_certificate(entry['certificate_id'], request)
    elif action == 'renew':
        # a renewal keeps the key and the certificate's CSR (the role sends no new one)
        key = None
        job = provider.renew_certificate(entry['certificate_id'])
    else:
        raise RuntimeError('unexpected action %s' % action)
    job = wait_job(provider, job)
    if job.status != 'succeeded':
        raise RuntimeError('%s of %s ended %s' % (action, name, job.status))
    certificate = provider.get_certificate(job.certificate_id or entry['certificate_id'], include_pem=True)
    if key is None:
        # a renewal keeps the key: read it back from the host
        key_dir, _cert_dir = fleet.dirs(host)
        with open(os.path.join(key_dir, name + '.key'), 'rb') as handle:
            key = serialization.load_pem_private_key(handle.read(), password=None)
    fleet.install(host, key, certificate)
    return action


def peak_rate(entries):
    buckets = collections.Counter(entry['time'] for entry in entries)
    return max(buckets.values()) if buckets else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--certificates', type=int, default=200)
    parser.add_argument('--days', type=int, default=730)
    parser.add_argument('--step', type=float, default=7)
    parser.add_argument('--workers', type=int, default=8)
    parser.add_argument('--keep', action='store_true')
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix='certops-bench-terms-')
    sandbox = lab_module.Sandbox(workdir, dcv='auto').start()
    started = time.monotonic()
    totals = collections.Counter()
    most_reissues = (0, None)
    highest_rate = 0
    expired_on_hosts = 0
    runs = 0
    try:
        fleet = Fleet(workdir, sandbox, args.certificates)
        first = fleet.now()
        print('terms benchmark: %d certificates (AutoDNS JSON, 12-month terms) bought on %s, a run every %s sandbox '
              'days for %d days' % (args.certificates, first.date(), args.step, args.days))
        elapsed = 0.0
        while elapsed <= args.days:
            now = fleet.now()
            sandbox.clear_requests()
            inspections = fleet.inspections()
            for host, entries in inspections.items():
                cert = entries[0]['certificate']
                if cert.get('exists') and cert.get('not_after') and parse_time(cert['not_after']) <= now:
                    expired_on_hosts += 1
            declarations = dict((host, [fleet.item(host)]) for host in fleet.hosts)
            plan = make_plan(sorted(fleet.hosts), declarations, inspections, {}, ['order', 'reissue', 'renew'],
                             {'': fleet.provider()}, now=now)
            work = [e for e in plan['certificates'] if e['action'] in ('order', 'reissue', 'renew') and e['allowed']]
            if os.environ.get('CERTOPS_BENCH_VERBOSE'):
                for entry in work:
                    print('   %s %s: %s' % (now.date(), entry['action'], entry['reason']))
            blocked = [e for e in plan['certificates'] if e['action'] == 'blocked']
            if blocked:
                raise SystemExit('blocked on %s: %s' % (now.date(), blocked[0]['reason']))
            with ThreadPoolExecutor(args.workers) as pool:
                done = list(pool.map(lambda entry: act(fleet, entry), work))
            counts = collections.Counter(done)
            totals.update(counts)
            rate = peak_rate(sandbox.requests())
            highest_rate = max(highest_rate, rate)
            if counts['reissue'] > most_reissues[0]:
                most_reissues = (counts['reissue'], now.date())
            if work:
                print('%s orders %d, renewals %d, reissues %d, requests %d (peak %d/s)' % (
                    now.date(), counts['order'], counts['renew'], counts['reissue'], len(sandbox.requests()), rate))
                sys.stdout.flush()
            runs += 1
            sandbox.advance_clock(args.step)
            elapsed += args.step
        payments = totals['order'] + totals['renew']
        print('== %d runs over %d days: payments %d (orders %d, renewals %d), free reissues %d, most reissues in one '
              'run %d (%s), highest request rate %d/s, certificates expired on a host %d, wall %.0f s' % (
                  runs, args.days, payments, totals['order'], totals['renew'], totals['reissue'], most_reissues[0],
                  most_reissues[1], highest_rate, expired_on_hosts, time.monotonic() - started))
    finally:
        sandbox.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()
