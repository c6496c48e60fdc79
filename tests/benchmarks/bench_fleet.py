# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fleet benchmark: the collection's client against the sandbox, as a scheduled fleet run uses it.

For each wire format it places N orders from W parallel workers, waits until every certificate is
issued, then runs the no-change lookup a second run of certificate_order makes, and prints:
wall time, requests per second, latency p50/p95 per call, API calls per order and per no-change
lookup (from the sandbox's own request log), and the sandbox's resident memory.  It prints figures;
it asserts nothing about speed.

    bash scripts/setup.sh && source scripts/env.sh
    PYTHONPATH=.cache/collections python tests/benchmarks/bench_fleet.py [--orders 30] [--workers 8]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'sandbox'))

from sandbox_helpers import SandboxProcess, make_csr  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.certops.reseller.plugins.module_utils._client import (  # noqa: E402  pylint: disable=wrong-import-position
    ConnectionSettings, create_provider)
from ansible_collections.certops.reseller.plugins.module_utils._model import OrderRequest  # noqa: E402  pylint: disable=wrong-import-position

FLAVOURS = (
    ('autodns-json', dict(provider='autodns', api_format='json', path='/autodns/v1', product='BASIC_SSL', months=12)),
    ('autodns-xml', dict(provider='autodns', api_format='xml', path='/autodns/gateway', product='BASIC_SSL', months=12)),
    ('ssl247', dict(provider='ssl247', api_format='json', path='/ssl247/api/v3', product='RAPIDSSL', months=12)),
)


class TimedTransport(object):
    """Wraps the production transport and records each call's latency."""

    def __init__(self, inner):
        self.inner = inner
        self.latencies = []

    def __call__(self, method, url, headers, body, timeout):
        started = time.perf_counter()
        try:
            return self.inner(method, url, headers, body, timeout)
        finally:
            self.latencies.append(time.perf_counter() - started)


def provider_for(sandbox, flavour):
    from ansible_collections.certops.reseller.plugins.module_utils._http import RequestsTransport
    settings = ConnectionSettings(provider=flavour['provider'], api_format=flavour['api_format'],
                                  api_url=sandbox.url + flavour['path'], username='sandbox' if flavour['provider'] == 'autodns'
                                  else 'bench@example.test', password='sandbox', api_key='sandbox-key', context=4)
    transport = TimedTransport(RequestsTransport())
    return create_provider(settings, transport=transport), transport


def rss_kib(pid):
    with open('/proc/%d/status' % pid) as handle:
        for line in handle:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run_flavour(sandbox, label, flavour, orders, workers):
    sandbox.post('/_sandbox/reset')
    names = ['host%03d.%s.bench.test' % (index, label) for index in range(orders)]
    csrs = dict((name, make_csr([name])[1]) for name in names)
    local = __import__('threading').local()
    transports = []

    def provider():
        if not hasattr(local, 'provider'):
            local.provider, transport = provider_for(sandbox, flavour)
            transports.append(transport)
        return local.provider

    def place(name):
        request = OrderRequest(common_name=name, product=flavour['product'], lifetime_months=flavour['months'],
                               csr=csrs[name], validation_method='dns')
        return provider().create_certificate(request)

    def wait_issued(job):
        deadline = time.time() + 120
        while time.time() < deadline:
            current = provider().get_job(job.id)
            if current.status == 'succeeded':
                return current
            time.sleep(0.5)
        raise RuntimeError('job %s not issued in time' % job.id)

    def lookup(name):
        found, total = provider().list_certificates(common_name=name, product=flavour['product'])
        return found

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        jobs = list(pool.map(place, names))
        list(pool.map(wait_issued, jobs))
    order_seconds = time.perf_counter() - started
    log = sandbox.get('/_sandbox/requests').json()
    order_calls = len(log)
    sandbox.request('DELETE', '/_sandbox/requests')
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lookup, names))
    lookup_seconds = time.perf_counter() - started
    lookup_log = sandbox.get('/_sandbox/requests').json()
    latencies = [value for transport in transports for value in transport.latencies]
    return dict(
        label=label, orders=orders, order_seconds=order_seconds, order_calls=order_calls,
        creates=sum(1 for entry in log if entry.get('mutating')),
        lookup_seconds=lookup_seconds, lookup_calls_per_order=len(lookup_log) / float(orders),
        lookup_writes=sum(1 for entry in lookup_log if entry.get('mutating')),
        rps=(order_calls + len(lookup_log)) / (order_seconds + lookup_seconds),
        p50_ms=1000 * statistics.median(latencies), p95_ms=1000 * percentile(latencies, 0.95),
        rss_kib=rss_kib(sandbox.process.pid),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--orders', type=int, default=30)
    parser.add_argument('--workers', type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sandbox = SandboxProcess(['--dcv', 'auto', '--state', os.path.join(tmp, 'state.json')], os.path.join(tmp, 'sandbox.log'))
        try:
            rows = [run_flavour(sandbox, label, flavour, args.orders, args.workers) for label, flavour in FLAVOURS]
        finally:
            sandbox.stop()
    header = ('flavour', 'orders', 'issue s', 'calls', 'writes', 'calls/order', 'no-change calls/order',
              'no-change writes', 'req/s', 'p50 ms', 'p95 ms', 'sandbox RSS MiB')
    print(' | '.join(header))
    for row in rows:
        print(' | '.join(str(value) for value in (
            row['label'], row['orders'], '%.1f' % row['order_seconds'], row['order_calls'], row['creates'],
            '%.1f' % (row['order_calls'] / float(row['orders'])), '%.1f' % row['lookup_calls_per_order'],
            row['lookup_writes'], '%.0f' % row['rps'], '%.1f' % row['p50_ms'], '%.1f' % row['p95_ms'],
            '%.1f' % (row['rss_kib'] / 1024.0) if row['rss_kib'] else '?')))


if __name__ == '__main__':
    main()
