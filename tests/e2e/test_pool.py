# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A pool of three local hosts declaring one certificate, beside a host with its own (issue 7), end to end:
real BIND (TSIG updates, --dcv check in the sandbox), one real nginx per pool host, the sandbox request log.

The tests run in file order and share one lab.
"""

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lab as lab_module  # noqa: E402

POOL_HOSTS = ['pool1', 'pool2', 'pool3']
SOLO_HOST = 'solo1'
CREATE_OPERATIONS = ('400101', '/order/certificate/place-quick-order', '/order/certificate/place-order')
REISSUE_OPERATIONS = ('400102', '/certificate/{id}/reissue')


class Pool:
    def __init__(self, lab, workdir):
        self.lab = lab
        self.workdir = workdir
        self.inventory = os.path.join(workdir, 'inventory.yml')
        self.log = os.path.join(workdir, 'ansible.log')
        self.report_dir = os.path.join(workdir, 'report')
        self.nginx = {}

    def paths(self, host, name):
        base = os.path.join(self.workdir, 'hosts', host, 'ssl')
        fqdn = self.lab.fqdn(name)
        return {'key': os.path.join(base, 'private', fqdn + '.key'),
                'certificate': os.path.join(base, 'certs', fqdn + '.crt'),
                'chain': os.path.join(base, 'certs', fqdn + '.chain.crt'),
                'fullchain': os.path.join(base, 'certs', fqdn + '.fullchain.crt')}

    def start_pool_nginx(self):
        for host in POOL_HOSTS:
            webroot = os.path.join(self.workdir, 'hosts', host, 'www')
            os.makedirs(webroot, exist_ok=True)
            paths = self.paths(host, 'pool')
            sites = [{'server_name': self.lab.fqdn('pool'), 'webroot': webroot, 'certificate': paths['fullchain'],
                      'key': paths['key']}]
            self.nginx[host] = lab_module.Nginx(os.path.join(self.workdir, 'hosts', host), sites).start()

    def item(self, host, name, connection, product, sans=(), key=None):
        paths = self.paths(host, name)
        item = {'common_name': self.lab.fqdn(name), 'subject_alternative_names': [self.lab.fqdn(s) for s in sans],
                'product': product, 'lifetime': 12, 'validation_method': 'dns', 'connection': connection,
                'key_path': paths['key'], 'certificate_path': paths['certificate'], 'chain_path': paths['chain'],
                'fullchain_path': paths['fullchain'], 'job_timeout': 120}
        if host in self.nginx:
            item['reload_commands'] = [self.nginx[host].reload_command()]
            item['endpoint'] = {'host': '127.0.0.1', 'port': self.nginx[host].https_port,
                                'server_name': self.lab.fqdn(name)}
        if key:
            item['key'] = key
        return item

    def write_inventory(self, pool_key=None, shop_sans=()):
        bind = self.lab.bind
        url = self.lab.sandbox.url
        hosts = {}
        for host in POOL_HOSTS:
            item = self.item(host, 'pool', 'autodns_json', 'BASIC_SSL', sans=['wwwpool'], key=pool_key)
            hosts[host] = {'certops_certificates': [item]}
        hosts[SOLO_HOST] = {'certops_certificates': [
            self.item(SOLO_HOST, 'solo', 'autodns_json', 'BASIC_SSL'),
            self.item(SOLO_HOST, 'shop', 'ssl247', 'RAPIDSSL', sans=list(shop_sans))]}
        inventory = {'all': {
            'vars': {
                'ansible_connection': 'local',
                'ansible_python_interpreter': sys.executable,
                'certops_report_dir': self.report_dir,
                'certificate_poll_interval': 2,
                'certificate_connections': {
                    'autodns_json': {'provider': 'autodns', 'api_format': 'json', 'api_url': url + '/autodns/v1',
                                     'username': 'sandbox', 'password': 'sandbox', 'context': 4},
                    'ssl247': {'provider': 'ssl247', 'api_url': url + '/ssl247/api/v3',
                               'username': 'ops@example.test', 'api_key': 'sandbox-key'},
                },
                'certificate_dns': {
                    'backend': 'nsupdate', 'server': '127.0.0.1', 'port': bind.port, 'zone': self.lab.ZONE,
                    'key_name': bind.key_name, 'key_secret': bind.key_secret, 'key_algorithm': bind.key_algorithm,
                    'wait_servers': ['127.0.0.1:%d' % bind.port], 'wait_timeout': 60, 'wait_delay': 1,
                },
            },
            'children': {'webservers': {'hosts': hosts}},
        }}
        with open(self.inventory, 'w') as handle:
            yaml.safe_dump(inventory, handle, sort_keys=False)

    def run(self, extra_vars=None, check=False):
        args = ['-e', json.dumps(extra_vars)] if extra_vars else []
        return lab_module.run_playbook(os.path.join(lab_module.ROOT, 'playbooks', 'site.yml'), self.inventory,
                                       extra_args=args, log=self.log, check=check)

    def report(self):
        with open(os.path.join(self.report_dir, 'last-run.json')) as handle:
            return json.load(handle)

    def served_serials(self):
        serials = {}
        for host in POOL_HOSTS:
            served = lab_module.served_certificate(self.nginx[host].https_port, self.lab.fqdn('pool'),
                                                   self.lab.sandbox.ca_file())
            assert served['verified'], served['output']
            serials[host] = served['serial']
        return serials

    def deposit(self):
        return self.lab.sandbox.api('GET', '/_sandbox/deposit')['balance']


def _ok(code, output):
    assert code == 0, 'ansible-playbook failed (exit %d):\n%s' % (code, output[-8000:])


def _calls(pool, operations=None, mutating=None):
    entries = pool.lab.sandbox.requests()
    if mutating is not None:
        entries = [e for e in entries if e['mutating'] == mutating]
    if operations is not None:
        entries = [e for e in entries if e['operation'] in operations]
    return entries


@pytest.fixture(scope='module')
def pool():
    lab_module.require_programs()
    workdir = tempfile.mkdtemp(prefix='certops-pool-')
    lab = lab_module.Lab(workdir=workdir, names=['pool', 'wwwpool', 'solo', 'shop', 'shopextra'])
    env = Pool(lab, workdir)
    try:
        lab.start([{'server_name': lab.fqdn('solo'), 'webroot': workdir, 'certificate': env.paths(SOLO_HOST, 'solo')['fullchain'],
                    'key': env.paths(SOLO_HOST, 'solo')['key']}])
        env.start_pool_nginx()
        env.write_inventory()
        yield env
    finally:
        for server in env.nginx.values():
            server.stop()
        lab.stop()
        if not os.environ.get('CERTOPS_E2E_KEEP'):
            shutil.rmtree(workdir, ignore_errors=True)


def _key_files_on_controller(key_text):
    """Files under the controller's Ansible temp directories that hold the private key."""
    body = [line for line in key_text.splitlines() if line and not line.startswith('-----')][0]
    found = []
    for base in (os.path.expanduser('~/.ansible/tmp'), os.path.expanduser('~/.ansible/cp')):
        for root, _dirs, files in os.walk(base):
            for name in files:
                try:
                    with open(os.path.join(root, name), errors='replace') as handle:
                        if body in handle.read():
                            found.append(os.path.join(root, name))
                except OSError:
                    pass
    return found


def test_check_mode_shows_the_plan_with_the_price_and_spends_nothing(pool):
    deposit = pool.deposit()
    pool.lab.sandbox.clear_requests()
    code, output, recap = pool.run(check=True)
    _ok(code, output)
    assert _calls(pool, mutating=True) == []
    assert pool.deposit() == deposit
    plan_lines = [line for line in output.splitlines() if 'exists at the reseller' in line]
    # the plan table: one row per certificate (name, hosts, action, reason); the summary repeats skipped ones
    pool_line = [line for line in plan_lines if pool.lab.fqdn('pool') + '  ' in line]
    assert len(pool_line) == 1 and 'pool1, pool2, pool3  order' in pool_line[0], plan_lines
    shop_line = [line for line in plan_lines if pool.lab.fqdn('shop') + '  ' in line]
    assert len(shop_line) == 1 and '; price ' in shop_line[0], plan_lines     # SSL247 prices without paying
    assert 'check mode: would order' in output
    for host in POOL_HOSTS:
        assert not os.path.exists(pool.paths(host, 'pool')['key'])
        assert not os.path.exists(pool.paths(host, 'pool')['key'] + '.certops-new')


def test_first_run_orders_each_certificate_once_and_the_pool_serves_one_serial(pool):
    pool.lab.sandbox.clear_requests()
    # the lab's nginx serves HTTPS only once its configuration names existing files: reloaded below, checked then
    code, output, recap = pool.run(extra_vars={'certificate_check_endpoint': False})
    _ok(code, output)
    creates = _calls(pool, CREATE_OPERATIONS, mutating=True)
    assert len(creates) == 3, creates      # pool, solo (AutoDNS), shop (SSL247): once each
    for server in pool.nginx.values():
        server.reload()
    serials = pool.served_serials()
    assert len(set(serials.values())) == 1, serials
    keys = [open(pool.paths(host, 'pool')['key']).read() for host in POOL_HOSTS]
    assert keys[0] == keys[1] == keys[2]
    for host in POOL_HOSTS:
        assert lab_module.certificate_serial(pool.paths(host, 'pool')['certificate']) == serials[host]
        assert oct(os.stat(pool.paths(host, 'pool')['key']).st_mode & 0o777) == '0o600'
        assert not os.path.exists(pool.paths(host, 'pool')['key'] + '.certops-new')
    assert _key_files_on_controller(keys[0]) == []
    assert 'BEGIN EC PRIVATE KEY' not in output and 'BEGIN PRIVATE KEY' not in output
    report = pool.report()
    rows = dict((row['common_name'], row) for row in report['certificates'])
    assert rows[pool.lab.fqdn('pool')]['hosts'] == POOL_HOSTS
    assert rows[pool.lab.fqdn('pool')]['action'] == 'order' and rows[pool.lab.fqdn('pool')]['result'] == 'changed'
    assert rows[pool.lab.fqdn('shop')]['action'] == 'order'
    pool.first_serial = serials['pool1']


def test_second_run_changes_nothing_and_only_reads_within_budget(pool):
    pool.lab.sandbox.clear_requests()
    code, output, recap = pool.run()
    _ok(code, output)
    for host in POOL_HOSTS + [SOLO_HOST]:
        assert recap[host]['changed'] == 0, output[-6000:]
    entries = _calls(pool)
    assert [e for e in entries if e['mutating']] == []
    budget = int(math.ceil(2 / 100.0)) + 2       # two AutoDNS certificates, one SSL247 certificate
    autodns = [e for e in entries if e['provider'] == 'autodns']
    ssl247 = [e for e in entries if e['provider'] == 'ssl247']
    assert len(autodns) <= budget, autodns
    assert len(ssl247) <= int(math.ceil(1 / 100.0)) + 2, ssl247
    assert set(pool.served_serials().values()) == {pool.first_serial}
    assert all(row['action'] == 'none' and row['result'] == 'ok' for row in pool.report()['certificates'])
    # hosts with nothing to do ran no task on the host: only the inspection
    assert recap['pool2']['ok'] <= 3, recap


def test_key_type_change_reissues_once_and_redeploys_to_the_pool(pool):
    pool.write_inventory(pool_key={'type': 'RSA', 'size': 2048})
    pool.lab.sandbox.clear_requests()
    code, output, recap = pool.run()
    _ok(code, output)
    reissues = _calls(pool, REISSUE_OPERATIONS, mutating=True)
    assert len(reissues) == 1, _calls(pool, mutating=True)
    assert _calls(pool, CREATE_OPERATIONS, mutating=True) == []
    serials = pool.served_serials()
    assert len(set(serials.values())) == 1 and pool.first_serial not in serials.values(), serials
    for host in POOL_HOSTS:
        details = subprocess.run(['openssl', 'pkey', '-in', pool.paths(host, 'pool')['key'], '-noout', '-text'],
                                 capture_output=True, text=True, check=True).stdout
        assert '2048 bit' in details, host


def test_ssl247_name_change_without_replace_fails_clearly_and_spends_nothing(pool):
    pool.write_inventory(pool_key={'type': 'RSA', 'size': 2048}, shop_sans=['shopextra'])
    deposit = pool.deposit()
    pool.lab.sandbox.clear_requests()
    code, output, recap = pool.run()
    assert code != 0, output[-6000:]
    assert 'add replace to certificate_actions' in output
    assert _calls(pool, mutating=True) == []
    assert pool.deposit() == deposit
    rows = dict((row['common_name'], row) for row in pool.report()['certificates'])
    assert rows[pool.lab.fqdn('shop')]['action'] == 'blocked' and rows[pool.lab.fqdn('shop')]['result'] == 'failed'
    assert rows[pool.lab.fqdn('pool')]['result'] == 'ok'


def test_ssl247_name_change_with_replace_orders_once(pool):
    deposit = pool.deposit()
    pool.lab.sandbox.clear_requests()
    code, output, recap = pool.run(extra_vars={'certificate_actions': ['order', 'reissue', 'renew', 'replace']})
    _ok(code, output)
    creates = _calls(pool, CREATE_OPERATIONS, mutating=True)
    assert len(creates) == 1 and creates[0]['provider'] == 'ssl247', _calls(pool, mutating=True)
    assert pool.deposit() != deposit
    names = subprocess.run(['openssl', 'x509', '-in', pool.paths(SOLO_HOST, 'shop')['certificate'], '-noout', '-ext',
                            'subjectAltName'], capture_output=True, text=True, check=True).stdout
    assert pool.lab.fqdn('shopextra') in names
