# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A pool of three local hosts declaring one certificate, beside a host with its own (issue 7), end to end:
real BIND (TSIG updates, --dcv check in the sandbox), one real nginx per pool host, the sandbox request log.

The tests run in file order and share one lab.
"""

import grp
import json
import math
import os
import pwd
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


# How a real inventory declares the pool: paths, owners and reload commands in group_vars of two groups (RHEL-like and
# Debian-like), a host_vars override, each local host with its own root (the lab's hosts share one machine).
POOL_GROUPS = {'rhel': ['pool1'], 'debian': ['pool2', 'pool3']}
GROUP_LAYOUT = {
    'rhel': {'base': 'etc/pki/tls', 'group': 'daemon'},
    'debian': {'base': 'etc/ssl', 'group': 'root'},
}
# host_vars/pool3.yml moves its certificates elsewhere
HOST_CERT_DIR = {'pool3': 'srv/tls'}


def group_of(host):
    return [name for name, hosts in POOL_GROUPS.items() if host in hosts][0]


class Pool:
    def __init__(self, lab, workdir):
        self.lab = lab
        self.workdir = workdir
        self.inventory = os.path.join(workdir, 'inventory')
        self.log = os.path.join(workdir, 'ansible.log')
        self.report_dir = os.path.join(workdir, 'report')
        self.nginx = {}

    def root(self, host):
        return os.path.join(self.workdir, 'hosts', host)

    def paths(self, host, name):
        fqdn = self.lab.fqdn(name)
        if host in POOL_HOSTS:
            base = os.path.join(self.root(host), GROUP_LAYOUT[group_of(host)]['base'])
            key_dir = os.path.join(base, 'private')
            cert_dir = os.path.join(self.root(host), HOST_CERT_DIR[host]) if host in HOST_CERT_DIR else \
                os.path.join(base, 'certs')
        else:
            key_dir = os.path.join(self.root(host), 'ssl', 'private')
            cert_dir = os.path.join(self.root(host), 'ssl', 'certs')
        return {'key': os.path.join(key_dir, fqdn + '.key'),
                'certificate': os.path.join(cert_dir, fqdn + '.crt'),
                'chain': os.path.join(cert_dir, fqdn + '.chain.crt'),
                'fullchain': os.path.join(cert_dir, fqdn + '.fullchain.crt')}

    def reload_marker(self, host):
        return os.path.join(self.root(host), 'reloaded-by-debian-group')

    def start_pool_nginx(self):
        for host in POOL_HOSTS:
            webroot = os.path.join(self.root(host), 'www')
            os.makedirs(webroot, exist_ok=True)
            paths = self.paths(host, 'pool')
            sites = [{'server_name': self.lab.fqdn('pool'), 'webroot': webroot, 'certificate': paths['fullchain'],
                      'key': paths['key']}]
            self.nginx[host] = lab_module.Nginx(self.root(host), sites).start()

    def item(self, host, name, connection, product, sans=(), key=None):
        paths = self.paths(host, name)
        item = {'common_name': self.lab.fqdn(name), 'subject_alternative_names': [self.lab.fqdn(s) for s in sans],
                'product': product, 'lifetime': 12, 'validation_method': 'dns', 'connection': connection,
                'key_path': paths['key'], 'certificate_path': paths['certificate'], 'chain_path': paths['chain'],
                'fullchain_path': paths['fullchain'], 'job_timeout': 120}
        if key:
            item['key'] = key
        return item

    def write_inventory(self, pool_key=None, shop_sans=()):
        bind = self.lab.bind
        url = self.lab.sandbox.url
        group_vars = os.path.join(self.inventory, 'group_vars')
        host_vars = os.path.join(self.inventory, 'host_vars')
        os.makedirs(group_vars, exist_ok=True)
        os.makedirs(host_vars, exist_ok=True)
        hosts = {
            'all': {'children': {
                'pool': {'children': dict((group, {'hosts': dict((h, None) for h in members)})
                                          for group, members in POOL_GROUPS.items())},
                'shop': {'hosts': {SOLO_HOST: None}},
            }},
        }
        files = {
            os.path.join(self.inventory, 'hosts.yml'): hosts,
            os.path.join(group_vars, 'all.yml'): {
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
                'certificate_job_timeout': 120,
            },
            # the pool: one certificate declared once for the group; what differs per host comes from its groups
            os.path.join(group_vars, 'pool.yml'): dict({
                'certificate_connection': 'autodns_json',
                'certificate_product': 'BASIC_SSL',
                'certops_certificates': [{
                    'common_name': self.lab.fqdn('pool'), 'subject_alternative_names': [self.lab.fqdn('wwwpool')],
                    'endpoint': {'host': '127.0.0.1', 'port': '{{ certops_lab_https_port }}',
                                 'server_name': self.lab.fqdn('pool')},
                }],
                'certificate_reload_commands': ['{{ certops_lab_nginx_reload }}'],
            }, **({'certificate_key': pool_key} if pool_key else {})),
            os.path.join(group_vars, 'rhel.yml'): {
                'certificate_base_dir': '{{ certops_lab_root }}/' + GROUP_LAYOUT['rhel']['base'],
                'certificate_group': GROUP_LAYOUT['rhel']['group'],
            },
            os.path.join(group_vars, 'debian.yml'): {
                'certificate_base_dir': '{{ certops_lab_root }}/' + GROUP_LAYOUT['debian']['base'],
                'certificate_group': GROUP_LAYOUT['debian']['group'],
                'certificate_reload_commands': ['{{ certops_lab_nginx_reload }}',
                                                'touch {{ certops_lab_root }}/reloaded-by-debian-group'],
            },
            os.path.join(host_vars, SOLO_HOST + '.yml'): {'certops_certificates': [
                self.item(SOLO_HOST, 'solo', 'autodns_json', 'BASIC_SSL'),
                self.item(SOLO_HOST, 'shop', 'ssl247', 'RAPIDSSL', sans=list(shop_sans))]},
        }
        for host in POOL_HOSTS:
            own = {'certops_lab_root': self.root(host),
                   'certops_lab_https_port': self.nginx[host].https_port if host in self.nginx else 0,
                   'certops_lab_nginx_reload': self.nginx[host].reload_command() if host in self.nginx else 'true'}
            if host in HOST_CERT_DIR:
                own['certificate_cert_dir'] = '{{ certops_lab_root }}/' + HOST_CERT_DIR[host]
            files[os.path.join(host_vars, host + '.yml')] = own
        for path, content in files.items():
            with open(path, 'w') as handle:
                yaml.safe_dump(content, handle, sort_keys=False)

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
    # HOME is the session's own (tests/controller_home.py); Ansible's remote_tmp still follows the account's home
    homes = sorted(set((os.path.expanduser('~'), pwd.getpwuid(os.getuid()).pw_dir)))
    for base in [os.path.join(home, '.ansible', part) for home in homes for part in ('tmp', 'cp')]:
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
        # each host's files at its own paths (group_vars of its group, host_vars of pool3), with its group's group
        paths = pool.paths(host, 'pool')
        assert lab_module.certificate_serial(paths['certificate']) == serials[host]
        assert oct(os.stat(paths['key']).st_mode & 0o777) == '0o600'
        assert not os.path.exists(paths['key'] + '.certops-new')
        wanted_group = grp.getgrnam(GROUP_LAYOUT[group_of(host)]['group']).gr_gid
        assert os.stat(paths['certificate']).st_gid == wanted_group, host
        # the Debian-like group's own reload command ran there, and only there
        assert os.path.exists(pool.reload_marker(host)) == (group_of(host) == 'debian'), host
    assert '/etc/pki/tls/private/' in pool.paths('pool1', 'pool')['key']
    assert '/etc/ssl/private/' in pool.paths('pool2', 'pool')['key']
    assert '/srv/tls/' in pool.paths('pool3', 'pool')['certificate']
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
