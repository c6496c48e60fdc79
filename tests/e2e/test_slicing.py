# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AWX job slicing (issue 7): two slices of one job run site.yml at the same moment, each with an inventory that holds
only its own hosts, as AWX hands them out. A pool of three hosts (key_host web1) falls into both slices, beside a host
with its own certificate: each certificate is ordered exactly once (sandbox request log), the slice without the key
host leaves the order to the other and installs the issued certificate on its next run, and then nothing changes.

Real ansible-playbook runs against the sandbox (DCV validated by the sandbox itself); the pool hosts keep their key
at one key_path (as a pool's hosts usually do), their certificates at their own paths.
"""

import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lab as lab_module  # noqa: E402

CREATE_OPERATIONS = ('400101',)
SLICES = {'slice1': ['web1', 'solo'], 'slice2': ['web2', 'web3']}
POOL_NAME = 'www.sliced.test'


class Job:
    """One sliced job template: the sandbox and one inventory per slice."""

    def __init__(self, workdir, sandbox):
        self.workdir = workdir
        self.sandbox = sandbox
        self.log = os.path.join(workdir, 'ansible.log')

    def cert_path(self, host, name):
        return os.path.join(self.workdir, 'hosts', host, 'certs', name + '.crt')

    def item(self, host, name, sans=()):
        item = {'common_name': name, 'subject_alternative_names': list(sans),
                'certificate_path': self.cert_path(host, name),
                'chain_path': os.path.join(self.workdir, 'hosts', host, 'certs', name + '.chain.crt'),
                'fullchain_path': os.path.join(self.workdir, 'hosts', host, 'certs', name + '.fullchain.crt')}
        if name == POOL_NAME:
            # the pool's key host, named so that every slice agrees on it; the key at one path on every pool host
            item.update(key_host='web1', key_path=os.path.join(self.workdir, 'pool-key', name + '.key'))
        else:
            item['key_path'] = os.path.join(self.workdir, 'hosts', host, 'private', name + '.key')
        return item

    def write(self, slice_name):
        hosts = {}
        for host in SLICES[slice_name]:
            if host == 'solo':
                hosts[host] = {'certops_certificates': [self.item(host, 'solo.sliced.test')]}
            else:
                hosts[host] = {'certops_certificates': [self.item(host, POOL_NAME, ['sliced.test'])]}
        document = {'all': {
            'vars': {
                'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                'certops_report_dir': os.path.join(self.workdir, 'report', slice_name),
                'certificate_poll_interval': 1, 'certificate_product': 'BASIC_SSL', 'certificate_connection': 'sandbox',
                'certificate_connections': {'sandbox': {
                    'provider': 'autodns', 'api_format': 'json', 'api_url': self.sandbox.url + '/autodns/v1',
                    'username': 'sandbox', 'password': 'sandbox', 'context': 4}},
                'certificate_dns': {'backend': 'manual', 'wait': False},
            },
            'hosts': hosts}}
        path = os.path.join(self.workdir, slice_name + '.yml')
        with open(path, 'w') as handle:
            yaml.safe_dump(document, handle, sort_keys=False)
        return path

    def run(self, *slice_names):
        """Run the slices at the same moment (as AWX starts them); -> {slice: (code, output)}."""
        playbook = os.path.join(lab_module.ROOT, 'playbooks', 'site.yml')
        inventories = dict((name, self.write(name)) for name in slice_names)
        with ThreadPoolExecutor(len(slice_names)) as pool:
            futures = dict((name, pool.submit(lab_module.run_playbook, playbook, inventories[name], log=self.log))
                           for name in slice_names)
            return dict((name, future.result()[:2]) for name, future in futures.items())

    def report(self, slice_name):
        with open(os.path.join(self.workdir, 'report', slice_name, 'last-run.json')) as handle:
            return dict((row['common_name'], row) for row in json.load(handle)['certificates'])

    def orders(self):
        return [e for e in self.sandbox.requests() if e['mutating'] and e['operation'] in CREATE_OPERATIONS]


def _ok(results):
    for name, (code, output) in results.items():
        assert code == 0, '%s failed (exit %d):\n%s' % (name, code, output[-6000:])


@pytest.fixture(scope='module')
def job():
    workdir = tempfile.mkdtemp(prefix='certops-slicing-')
    sandbox = lab_module.Sandbox(workdir, dcv='auto').start()
    try:
        yield Job(workdir, sandbox)
    finally:
        sandbox.stop()
        if not os.environ.get('CERTOPS_E2E_KEEP'):
            shutil.rmtree(workdir, ignore_errors=True)


def test_two_slices_at_once_order_each_certificate_once(job):
    job.sandbox.clear_requests()
    results = job.run('slice1', 'slice2')
    _ok(results)
    orders = job.orders()
    # the pool (split over both slices) and the solo certificate: one order each
    assert len(orders) == 2, [e.get('body') for e in orders]
    first, second = job.report('slice1'), job.report('slice2')
    assert first[POOL_NAME]['action'] == 'order' and first[POOL_NAME]['result'] == 'changed'
    assert first['solo.sliced.test']['result'] == 'changed'
    # slice 2 holds no key host: it left the work to slice 1 and says so, without turning the job red
    assert second[POOL_NAME]['action'] == 'none' and second[POOL_NAME]['result'] == 'skipped'
    assert 'web1 is not in this inventory' in second[POOL_NAME]['message']
    assert os.path.exists(job.cert_path('web1', POOL_NAME))
    assert not os.path.exists(job.cert_path('web2', POOL_NAME))


def test_the_next_run_of_the_other_slice_installs_the_same_certificate(job):
    job.sandbox.clear_requests()
    _ok(job.run('slice2'))
    assert [e for e in job.sandbox.requests() if e['mutating']] == []
    assert job.report('slice2')[POOL_NAME]['action'] == 'deploy'
    serials = set(lab_module.certificate_serial(job.cert_path(host, POOL_NAME)) for host in ('web1', 'web2', 'web3'))
    assert len(serials) == 1


def test_then_both_slices_at_once_change_nothing(job):
    job.sandbox.clear_requests()
    results = job.run('slice1', 'slice2')
    _ok(results)
    assert [e for e in job.sandbox.requests() if e['mutating']] == []
    for name in ('slice1', 'slice2'):
        rows = job.report(name)
        assert set(row['action'] for row in rows.values()) == {'none'}, rows
        assert set(row['result'] for row in rows.values()) == {'ok'}, rows
    assert len(job.orders()) == 0
