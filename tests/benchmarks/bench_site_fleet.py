# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fleet benchmark of playbooks/site.yml (issue 7): the plan per certificate against a playbook of one stat per host.

Scenarios: N local hosts with one certificate each, and a pool of P local hosts sharing one certificate. For each,
against the sandbox (AutoDNS JSON, --dcv auto, DNS records "published" by the manual backend):

* the first run: its wall time, the orders it placed (sandbox request log), the highest request rate seen;
* no-change runs of site.yml (A) and of a playbook with one ansible.builtin.stat per host (B), run in turn A B A B on
  the same machine: each wall time, the medians and their ratio A/B;
* the API calls of one no-change run (request log) against the budget ceil(N/100)+2, the tasks run per host.

It prints figures and asserts nothing about speed.

    bash scripts/setup.sh && source scripts/env.sh
    python tests/benchmarks/bench_site_fleet.py --hosts 50 --pool 50 [--forks 10] [--rounds 2]
"""

import argparse
import collections
import datetime
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'e2e'))

import lab as lab_module  # noqa: E402  pylint: disable=wrong-import-position

CREATE_OPERATIONS = ('400101',)
STAT_PLAYBOOK = '''---
- name: One stat per host (the yardstick)
  hosts: all
  gather_facts: false
  tasks:
    - name: Look at the certificate file
      ansible.builtin.stat:
        path: "{{ certops_certificates[0].certificate_path }}"
'''
ROLE_PLAYBOOK = '''---
- name: The role's main entry point in one play (as a user's own play includes it)
  hosts: all
  gather_facts: false
  tasks:
    - name: Reconcile
      ansible.builtin.include_role:
        name: certops.reseller.certificate
'''


def write_inventory(workdir, url, hosts, pool):
    """hosts: N hosts with their own certificate; pool: P hosts sharing one."""
    machines = {}
    for index in range(hosts):
        name = 'host%03d' % index
        machines[name] = [dict(common_name='h%03d.bench.test' % index)]
    for index in range(pool):
        machines['pool%03d' % index] = [dict(common_name='www.pool.bench.test', subject_alternative_names=['pool.bench.test'])]
    inventory = {}
    for name, items in machines.items():
        base = os.path.join(workdir, 'hosts', name)
        for item in items:
            stem = item['common_name']
            item.update(key_path=os.path.join(base, 'private', stem + '.key'),
                        certificate_path=os.path.join(base, 'certs', stem + '.crt'),
                        chain_path=os.path.join(base, 'certs', stem + '.chain.crt'),
                        fullchain_path=os.path.join(base, 'certs', stem + '.fullchain.crt'))
        inventory[name] = {'certops_certificates': items}
    document = {'all': {
        'vars': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
            'certops_report_dir': os.path.join(workdir, 'report'), 'certificate_poll_interval': 2,
            'certificate_product': 'BASIC_SSL', 'certificate_connection': 'sandbox',
            'certificate_connections': {'sandbox': {'provider': 'autodns', 'api_format': 'json',
                                                    'api_url': url + '/autodns/v1', 'username': 'sandbox',
                                                    'password': 'sandbox', 'context': 4}},
            'certificate_dns': {'backend': 'manual', 'wait': False},
        },
        'hosts': inventory}}
    path = os.path.join(workdir, 'inventory.json')
    with open(path, 'w') as handle:
        json.dump(document, handle)
    return path


# --per-host: the settings a real inventory keeps in group_vars and host_vars (issue 14). Two groups with their own
# layout, owner group and services; every 20th host moves its certificates in host_vars.
PER_HOST_GROUPS = (
    ('rhel', {'certificate_base_dir': '{{ certops_bench_root }}/etc/pki/tls', 'certificate_group': 'daemon',
              'certificate_services': ['httpd']}),
    ('debian', {'certificate_base_dir': '{{ certops_bench_root }}/etc/ssl', 'certificate_group': 'root',
                'certificate_services': ['nginx']}),
)
PER_HOST_STAT_PLAYBOOK = STAT_PLAYBOOK.replace('{{ certops_certificates[0].certificate_path }}',
                                               '{{ certops_bench_root }}/{{ certops_certificates[0].common_name }}.crt')


def per_host_paths(root, group, overridden, common_name):
    base = os.path.join(root, 'etc/pki/tls' if group == 'rhel' else 'etc/ssl')
    cert_dir = os.path.join(root, 'srv/tls') if overridden else os.path.join(base, 'certs')
    return dict(key_path=os.path.join(base, 'private', common_name + '.key'),
                certificate_path=os.path.join(cert_dir, common_name + '.crt'),
                chain_path=os.path.join(cert_dir, common_name + '.chain.crt'),
                fullchain_path=os.path.join(cert_dir, common_name + '.fullchain.crt'))


def write_per_host_inventory(workdir, url, hosts):
    """An inventory directory: hosts.yml (each host's own root), group_vars/all.yml, rhel.yml, debian.yml and
    host_vars for every 20th host; the items name no path.  -> (path, host -> its items with the paths the role
    must settle, for the seed and the report of where files landed)."""
    inventory = os.path.join(workdir, 'inventory')
    os.makedirs(os.path.join(inventory, 'group_vars'))
    os.makedirs(os.path.join(inventory, 'host_vars'))
    members = dict((group, {}) for group, _settings in PER_HOST_GROUPS)
    expected = {}
    for index in range(hosts):
        name = 'host%03d' % index
        group = PER_HOST_GROUPS[index % 2][0]
        root = os.path.join(workdir, 'hosts', name)
        members[group][name] = {'certops_bench_root': root,
                                'certops_certificates': [dict(common_name='h%03d.bench.test' % index)]}
        overridden = index % 20 == 0
        if overridden:
            with open(os.path.join(inventory, 'host_vars', name + '.yml'), 'w') as handle:
                json.dump({'certificate_cert_dir': '{{ certops_bench_root }}/srv/tls'}, handle)
        item = dict(common_name='h%03d.bench.test' % index)
        item.update(per_host_paths(root, group, overridden, item['common_name']))
        expected[name] = dict(group=group, items=[item])
    with open(os.path.join(inventory, 'hosts.yml'), 'w') as handle:
        json.dump({'all': {'children': dict((group, {'hosts': hosts_of}) for group, hosts_of in members.items())}}, handle)
    for group, settings in PER_HOST_GROUPS:
        with open(os.path.join(inventory, 'group_vars', group + '.yml'), 'w') as handle:
            json.dump(settings, handle)
    with open(os.path.join(inventory, 'group_vars', 'all.yml'), 'w') as handle:
        json.dump({
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
            'certops_report_dir': os.path.join(workdir, 'report'), 'certificate_poll_interval': 2,
            'certificate_product': 'BASIC_SSL', 'certificate_connection': 'sandbox',
            'certificate_connections': {'sandbox': {'provider': 'autodns', 'api_format': 'json',
                                                    'api_url': url + '/autodns/v1', 'username': 'sandbox',
                                                    'password': 'sandbox', 'context': 4}},
            'certificate_dns': {'backend': 'manual', 'wait': False},
        }, handle)
    return inventory, expected


def where_files_landed(expected):
    """Per group: hosts whose certificate is at the path its group_vars / host_vars give, and hosts with it elsewhere."""
    landed = collections.Counter()
    for name, data in expected.items():
        for item in data['items']:
            key = (data['group'], 'at its own path' if os.path.exists(item['certificate_path'])
                   and os.path.exists(item['key_path']) else 'missing')
            landed[key] += 1
    return ', '.join('%s %s: %d' % (group, where, count) for (group, where), count in sorted(landed.items()))


def seed_items(url, items_by_host, workers=8):
    """seed() for an inventory whose paths the role settles: host -> items with their paths."""
    by_name = collections.OrderedDict()
    for host in items_by_host:
        for item in items_by_host[host]:
            by_name.setdefault(item['common_name'], []).append(item)
    _seed_names(url, by_name, workers)


def seed(url, inventory_path, workers=8):
    """The state a first run leaves, made through the client (threads) instead of site.yml: one order per
    certificate, then key, certificate, chain and full chain written on each declaring host."""
    with open(inventory_path) as handle:
        hosts = json.load(handle)['all']['hosts']
    by_name = collections.OrderedDict()
    for host, data in hosts.items():
        item = data['certops_certificates'][0]
        by_name.setdefault(item['common_name'], []).append(item)
    _seed_names(url, by_name, workers)


def _seed_names(url, by_name, workers):
    from concurrent.futures import ThreadPoolExecutor
    from cryptography.hazmat.primitives import serialization
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'sandbox'))
    from sandbox_helpers import make_csr  # pylint: disable=import-outside-toplevel
    from ansible_collections.certops.reseller.plugins.module_utils._client import (  # pylint: disable=import-outside-toplevel
        ConnectionSettings, create_provider)
    from ansible_collections.certops.reseller.plugins.module_utils._model import OrderRequest  # pylint: disable=import-outside-toplevel

    def one(name):
        provider = create_provider(ConnectionSettings(provider='autodns', api_format='json', api_url=url + '/autodns/v1',
                                                      username='sandbox', password='sandbox', context=4))
        items = by_name[name]
        key, csr = make_csr([name] + items[0].get('subject_alternative_names', []))
        job = provider.create_certificate(OrderRequest(common_name=name, subject_alternative_names=items[0].get(
            'subject_alternative_names', []), product='BASIC_SSL', lifetime_months=12, csr=csr, validation_method='dns'))
        deadline = time.time() + 300
        while time.time() < deadline:
            job = provider.get_job(job.id)
            if job.status == 'succeeded':
                break
            time.sleep(1)
        found, _total = provider.list_certificates(common_name=name)
        certificate = [c for c in found if c.status == 'issued'][0]
        key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode('ascii')
        for item in items:
            for path, content, mode in ((item['key_path'], key_pem, 0o600),
                                        (item['certificate_path'], certificate.certificate, 0o644),
                                        (item['chain_path'], certificate.chain or '', 0o644),
                                        (item['fullchain_path'], certificate.fullchain, 0o644)):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, 'w') as handle:
                    handle.write(content.strip() + '\n')
                os.chmod(path, mode)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, list(by_name)))


def run(playbook, inventory, forks, log):
    env = {'ANSIBLE_FORKS': str(forks)}
    start = time.monotonic()
    code, output, recap = lab_module.run_playbook(playbook, inventory, extra_env=env, log=log)
    elapsed = time.monotonic() - start
    if code != 0:
        sys.stdout.write(output[-4000:])
        raise SystemExit('%s failed (exit %d)' % (playbook, code))
    return elapsed, recap


def peak_rate(entries):
    """The most requests within one second of the sandbox clock (the request log's resolution)."""
    buckets = collections.Counter(entry['time'] for entry in entries)
    return max(buckets.values()) if buckets else 0


def tasks_per_host(recap):
    counts = sorted(v.get('ok', 0) + v.get('changed', 0) + v.get('failed', 0) for k, v in recap.items()
                    if k != 'localhost')
    return counts[len(counts) // 2] if counts else 0, counts[-1] if counts else 0


def scenario(label, hosts, pool, forks, rounds, keep, seeded=False, with_role=False):
    workdir = tempfile.mkdtemp(prefix='certops-bench-site-')
    sandbox = lab_module.Sandbox(workdir, dcv='auto').start()
    try:
        inventory = write_inventory(workdir, sandbox.url, hosts, pool)
        stat_playbook = os.path.join(workdir, 'stat.yml')
        with open(stat_playbook, 'w') as handle:
            handle.write(STAT_PLAYBOOK)
        role_playbook = os.path.join(workdir, 'role.yml')
        with open(role_playbook, 'w') as handle:
            handle.write(ROLE_PLAYBOOK)
        site = os.path.join(lab_module.ROOT, 'playbooks', 'site.yml')
        log = os.path.join(workdir, 'ansible.log')
        certificates = hosts + (1 if pool else 0)

        sandbox.clear_requests()
        if seeded:
            started = time.monotonic()
            seed(sandbox.url, inventory)
            first = time.monotonic() - started
        else:
            first, _first_recap = run(site, inventory, forks, log)
        entries = sandbox.requests()
        orders = [e for e in entries if e['mutating'] and e['operation'] in CREATE_OPERATIONS]
        first_peak = peak_rate(entries)

        times = dict(A=[], B=[], C=[])
        calls = None
        recap_a = None
        for _round in range(rounds):
            sandbox.clear_requests()
            elapsed, recap_a = run(site, inventory, forks, log)
            times['A'].append(elapsed)
            entries = sandbox.requests()
            calls = len(entries)
            mutating = len([e for e in entries if e['mutating']])
            changed = sum(v.get('changed', 0) for v in recap_a.values())
            elapsed, _recap = run(stat_playbook, inventory, forks, log)
            times['B'].append(elapsed)
            if with_role:
                elapsed, _recap = run(role_playbook, inventory, forks, log)
                times['C'].append(elapsed)
        ratio = statistics.median(times['A']) / statistics.median(times['B'])
        median_tasks, most_tasks = tasks_per_host(recap_a)
        budget = int(math.ceil(certificates / 100.0)) + 2
        print('== %s: %d hosts, %d certificates, forks %d' % (label, hosts + pool, certificates, forks))
        print('first run%s: %.1f s, orders %d (certificates %d), highest request rate %d/s'
              % (' (seeded through the client, not site.yml)' if seeded else '', first, len(orders), certificates,
                 first_peak))
        print('no-change site.yml (A): %s s' % ', '.join('%.1f' % t for t in times['A']))
        print('one stat per host (B):  %s s' % ', '.join('%.1f' % t for t in times['B']))
        print('ratio A/B (medians): %.2f' % ratio)
        if with_role:
            print('role main in one play (C): %s s, ratio C/B %.2f' % (
                ', '.join('%.1f' % t for t in times['C']), statistics.median(times['C']) / statistics.median(times['B'])))
        print('API calls of a no-change run: %d (budget ceil(N/100)+2 = %d), mutating %d, changed tasks %d'
              % (calls, budget, mutating, changed))
        print('tasks per host in a no-change run: median %d, most %d (the plan host also runs the plan and summary)'
              % (median_tasks, most_tasks))
        sys.stdout.flush()
    finally:
        sandbox.stop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def per_host_scenario(hosts, forks, rounds, keep):
    """N hosts in two groups whose paths, owner group and services come from group_vars (a few from host_vars):
    seeded through the client, then no-change site.yml (A) against one stat per host (B), A B A B."""
    workdir = tempfile.mkdtemp(prefix='certops-bench-per-host-')
    sandbox = lab_module.Sandbox(workdir, dcv='auto').start()
    try:
        inventory, expected = write_per_host_inventory(workdir, sandbox.url, hosts)
        stat_playbook = os.path.join(workdir, 'stat.yml')
        with open(stat_playbook, 'w') as handle:
            handle.write(PER_HOST_STAT_PLAYBOOK)
        site = os.path.join(lab_module.ROOT, 'playbooks', 'site.yml')
        log = os.path.join(workdir, 'ansible.log')
        started = time.monotonic()
        seed_items(sandbox.url, dict((name, data['items']) for name, data in expected.items()))
        first = time.monotonic() - started
        times = dict(A=[], B=[])
        calls = mutating = changed = None
        for _round in range(rounds):
            sandbox.clear_requests()
            elapsed, recap = run(site, inventory, forks, log)
            times['A'].append(elapsed)
            entries = sandbox.requests()
            calls = len(entries)
            mutating = len([e for e in entries if e['mutating']])
            changed = sum(v.get('changed', 0) for v in recap.values())
            elapsed, _recap = run(stat_playbook, inventory, forks, log)
            times['B'].append(elapsed)
        ratio = statistics.median(times['A']) / statistics.median(times['B'])
        budget = int(math.ceil(hosts / 100.0)) + 2
        overridden = len([h for h in range(hosts) if h % 20 == 0])
        print('== per-host settings: %d hosts in 2 groups (certificate_base_dir, certificate_group, certificate_services '
              'in group_vars; certificate_cert_dir in host_vars of %d), forks %d' % (hosts, overridden, forks))
        print('seeded through the client: %.1f s' % first)
        print('no-change site.yml (A): %s s' % ', '.join('%.1f' % t for t in times['A']))
        print('one stat per host (B):  %s s' % ', '.join('%.1f' % t for t in times['B']))
        print('ratio A/B (medians): %.2f' % ratio)
        print('API calls of a no-change run: %d (budget ceil(N/100)+2 = %d), mutating %d, changed tasks %d'
              % (calls, budget, mutating, changed))
        print('where the files are after the runs: %s' % where_files_landed(expected))
        sys.stdout.flush()
    finally:
        sandbox.stop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def first_runs(hosts, forks, keep):
    """The first run of N new certificates (one per host), site.yml (A) and the role's main in one play (C) one
    after the other, each against a fresh sandbox: wall time and orders."""
    figures = {}
    for label, text in (('A', None), ('C', ROLE_PLAYBOOK)):
        workdir = tempfile.mkdtemp(prefix='certops-bench-first-')
        sandbox = lab_module.Sandbox(workdir, dcv='auto').start()
        try:
            inventory = write_inventory(workdir, sandbox.url, hosts, 0)
            playbook = os.path.join(lab_module.ROOT, 'playbooks', 'site.yml')
            if text:
                playbook = os.path.join(workdir, 'role.yml')
                with open(playbook, 'w') as handle:
                    handle.write(text)
            elapsed, _recap = run(playbook, inventory, forks, os.path.join(workdir, 'ansible.log'))
            orders = [e for e in sandbox.requests() if e['mutating'] and e['operation'] in CREATE_OPERATIONS]
            figures[label] = (elapsed, len(orders))
        finally:
            sandbox.stop()
            if not keep:
                shutil.rmtree(workdir, ignore_errors=True)
    print('== first run of %d new certificates (one per host), forks %d, in turn on fresh sandboxes' % (hosts, forks))
    print('site.yml (A): %.1f s, orders %d; role main in one play (C): %.1f s, orders %d; ratio C/A %.2f' % (
        figures['A'][0], figures['A'][1], figures['C'][0], figures['C'][1], figures['C'][0] / figures['A'][0]))
    sys.stdout.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--hosts', type=int, default=50, help='hosts with one certificate each (0: none)')
    parser.add_argument('--pool', type=int, default=50, help='hosts of the pool sharing one certificate (0: none)')
    parser.add_argument('--forks', type=int, default=10)
    parser.add_argument('--rounds', type=int, default=2, help='A B rounds')
    parser.add_argument('--keep', action='store_true')
    parser.add_argument('--seed', action='store_true',
                        help='make the first run\'s state through the client (8 threads) instead of site.yml')
    parser.add_argument('--role-main', action='store_true',
                        help='also time the role\'s main entry point in one play (C), in turn with A and B')
    parser.add_argument('--first-runs', type=int, default=0, metavar='N',
                        help='also time the first run of N new certificates: site.yml against the role\'s main in one play')
    parser.add_argument('--per-host', type=int, default=0, metavar='N',
                        help='also N hosts whose settings come from group_vars and host_vars of two groups (seeded)')
    args = parser.parse_args(argv)
    print('site.yml fleet benchmark, %s UTC' % datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M'))
    if args.hosts:
        scenario('one certificate per host', args.hosts, 0, args.forks, args.rounds, args.keep, args.seed, args.role_main)
    if args.first_runs:
        first_runs(args.first_runs, args.forks, args.keep)
    if args.per_host:
        per_host_scenario(args.per_host, args.forks, args.rounds, args.keep)
    if args.pool:
        scenario('one pool sharing one certificate', 0, args.pool, args.forks, args.rounds, args.keep, args.seed, args.role_main)


if __name__ == '__main__':
    main()
