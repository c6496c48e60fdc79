# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pairs of simultaneous ``ansible-playbook`` runs ordering one certificate (same common name, wait: true).

    python tests/faults/concurrency.py [--pairs 20] [--separate-nodes 5]

``same node`` pairs share the controller's temporary directory, as two AWX jobs, a cron job beside a
manual run, or two forks do: the order lock lets one order and the other find that order.
``separate nodes`` pairs get a lock directory each, as runs on two machines would: both may order, and
the look after ordering cancels the younger order.  Either way: one open order per name at the end, and
both runs report the same certificate.
"""


import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sandbox'))

from sandbox_helpers import SandboxProcess, make_csr  # noqa: E402

FLAVOURS = collections.OrderedDict([
    ('autodns_json', dict(CERTOPS_PROVIDER='autodns', CERTOPS_API_FORMAT='json', path='/autodns/v1',
                          CERTOPS_USERNAME='sandbox', CERTOPS_PASSWORD='sandbox', product='BASIC_SSL')),
    ('autodns_xml', dict(CERTOPS_PROVIDER='autodns', CERTOPS_API_FORMAT='xml', path='/autodns/gateway',
                         CERTOPS_USERNAME='sandbox', CERTOPS_PASSWORD='sandbox', product='BASIC_SSL')),
    ('ssl247', dict(CERTOPS_PROVIDER='ssl247', CERTOPS_API_FORMAT='json', path='/ssl247/api/v3',
                    CERTOPS_USERNAME='pairs@example.com', CERTOPS_API_KEY='sandbox-key', product='RAPIDSSL')),
])

PLAYBOOK = """\
- name: Order one certificate
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: The certificate
      certops.reseller.certificate_order:
        common_name: "{{ cn }}"
        product: "{{ product }}"
        lifetime: 12
        csr: "{{ lookup('ansible.builtin.file', csr_file) }}"
        wait: true
        wait_timeout: 120
      register: ordered

    - name: What this run got
      ansible.builtin.copy:
        content: "{{ {'certificate': ordered.certificate.id, 'job': ordered.job.id if ordered.job else None,
                      'changed': ordered.changed, 'duplicates_cancelled': ordered.duplicates_cancelled | default([])}
                     | to_json }}"
        dest: "{{ out_file }}"
        mode: '0600'
"""


def ansible_playbook():
    candidate = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return candidate if os.path.exists(candidate) else (shutil.which('ansible-playbook') or 'ansible-playbook')


def collections_path():
    parent = os.path.dirname(os.path.dirname(ROOT))
    if os.path.basename(parent) == 'ansible_collections':
        return os.path.dirname(parent)
    return os.path.join(ROOT, '.cache', 'collections')


class PairRunner(object):
    def __init__(self, sandbox, workdir):
        self.sandbox = sandbox
        self.workdir = workdir
        self.playbook = os.path.join(workdir, 'order.yml')
        with open(self.playbook, 'w') as handle:
            handle.write(PLAYBOOK)
        self.number = 0
        self.results = collections.Counter()   # (flavour, mode) -> pairs
        self.orders_placed = collections.Counter()
        self.problems = []

    def _env(self, flavour, lock_dir):
        spec = FLAVOURS[flavour]
        env = dict(os.environ)
        env.update({k: v for k, v in spec.items() if k.startswith('CERTOPS_')})
        env.update(CERTOPS_API_URL=self.sandbox.url + spec['path'], CERTOPS_LOCK_DIR=lock_dir,
                   ANSIBLE_COLLECTIONS_PATH=collections_path(), ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='False',
                   ANSIBLE_LOCALHOST_WARNING='False', ANSIBLE_INVENTORY_UNPARSED_WARNING='False')
        return env

    def pair(self, flavour, separate_nodes=False):
        """Two runs at once on one new common name; -> True when all was right."""
        self.number += 1
        mode = 'separate nodes' if separate_nodes else 'same node'
        cn = 'p%d.%s.pairs.example.com' % (self.number, flavour.replace('_', '-'))
        base = os.path.join(self.workdir, 'pair-%d' % self.number)
        os.makedirs(base)
        csr_file = os.path.join(base, 'csr.pem')
        with open(csr_file, 'w') as handle:
            handle.write(make_csr([cn])[1])
        # SSL247 charges every order: keep the deposit topped up so that money is never the reason a run fails
        self.sandbox.post('/_sandbox/deposit', json={'balance': '100000.00'}).raise_for_status()
        runs = []
        for side in ('a', 'b'):
            lock_dir = os.path.join(base if separate_nodes else self.workdir, 'locks-%s' % (side if separate_nodes else 'shared'))
            out_file = os.path.join(base, 'result-%s.json' % side)
            extra = json.dumps(dict(cn=cn, product=FLAVOURS[flavour]['product'], csr_file=csr_file, out_file=out_file,
                                    ansible_python_interpreter=sys.executable))
            log = open(os.path.join(base, 'run-%s.log' % side), 'w')
            process = subprocess.Popen([ansible_playbook(), '-i', 'localhost,', self.playbook, '-e', extra],
                                       cwd=base, env=self._env(flavour, lock_dir), stdout=log, stderr=subprocess.STDOUT)
            runs.append((process, out_file, log))
        answers = []
        for process, out_file, log in runs:
            try:
                code = process.wait(timeout=300)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
            log.close()
            if code != 0 or not os.path.exists(out_file):
                with open(log.name) as handle:
                    self.problems.append('%s %s pair %s: a run failed (rc %s): %s' % (
                        flavour, mode, cn, code, handle.read()[-1500:]))
                continue
            with open(out_file) as handle:
                answers.append(json.load(handle))
        state = self.sandbox.get('/_sandbox/state').json()
        orders = [o for o in state['orders'].values() if o.get('common_name') == cn and o.get('action') == 'create']
        live = [o for o in orders if o['status'] != 'cancelled']
        self.results[(flavour, mode)] += 1
        self.orders_placed[(flavour, mode, len(orders))] += 1
        ok = True
        if len(live) != 1:
            self.problems.append('%s %s pair %s: %d open or issued orders (%s)' % (
                flavour, mode, cn, len(live), ', '.join('%s %s' % (o['id'], o['status']) for o in orders)))
            ok = False
        if len(answers) == 2 and answers[0]['certificate'] != answers[1]['certificate']:
            self.problems.append('%s %s pair %s: the runs report different certificates %s and %s' % (
                flavour, mode, cn, answers[0]['certificate'], answers[1]['certificate']))
            ok = False
        return ok and len(answers) == 2

    def report(self, elapsed):
        lines = ['concurrent pairs of ansible-playbook runs on one certificate (%.0f s):' % elapsed]
        for (flavour, mode), count in sorted(self.results.items()):
            placed = dict((n, c) for (f, m, n), c in self.orders_placed.items() if f == flavour and m == mode)
            lines.append('  %-13s %-15s %3d pairs; orders placed per pair: %s; open or issued orders per name: 1 in %d' % (
                flavour, mode, count, ', '.join('%d order(s) in %d pair(s)' % (n, c) for n, c in sorted(placed.items())),
                count - len([p for p in self.problems if p.startswith('%s %s' % (flavour, mode)) and 'orders (' in p])))
        lines.append('problems: %d' % len(self.problems))
        lines.extend('  ' + p for p in self.problems[:10])
        return '\n'.join(lines)


def run(pairs, separate, workdir=None, flavours=None):
    workdir = workdir or tempfile.mkdtemp(prefix='certops-pairs-')
    sandbox = SandboxProcess([], os.path.join(workdir, 'sandbox.log'))
    runner = PairRunner(sandbox, workdir)
    started = time.monotonic()
    try:
        for flavour in flavours or FLAVOURS:
            for dummy in range(pairs):
                runner.pair(flavour)
            for dummy in range(separate):
                runner.pair(flavour, separate_nodes=True)
    finally:
        sandbox.stop()
    return runner, time.monotonic() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--pairs', type=int, default=20, help='same-node pairs per flavour')
    parser.add_argument('--separate-nodes', type=int, default=5, help='pairs per flavour without a shared lock')
    parser.add_argument('--flavour', action='append', choices=list(FLAVOURS), help='only these flavours')
    args = parser.parse_args(argv)
    runner, elapsed = run(args.pairs, args.separate_nodes, flavours=args.flavour)
    print(runner.report(elapsed))
    return 0 if not runner.problems else 1


if __name__ == '__main__':
    sys.exit(main())
