# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the end-to-end test: the lab (BIND + sandbox + nginx) and an inventory of local hosts."""

import json
import os
import shutil
import sys
import tempfile

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import lab as lab_module  # noqa: E402  (the lab lives beside this file)
# autouse: HOME in a temporary directory; a test that writes into ~/certops-reports fails
from controller_home import controller_home, nothing_written_into_home  # noqa: E402,F401 pylint: disable=unused-import

# name -> (host, connection, validation method, product). Names are in the BIND zone example.test, except those
# of HOSTED, which live in a zone hosted at (the sandbox's) AutoDNS.
CERTIFICATES = {
    'www': ('web1', 'autodns_json', 'dns', 'BASIC_SSL'),
    'files': ('web1', 'autodns_xml', 'file', 'BASIC_SSL'),
    'api': ('web2', 'ssl247', 'dns', 'RAPIDSSL'),
    'app': ('web2', 'ssl247', 'file', 'RAPIDSSL'),
    'zoneapi': ('web3', 'autodns_json', 'dns', 'BASIC_SSL'),
    'provisioned': ('web3', 'autodns_xml', 'dns', 'BASIC_SSL'),
}
SANS = {'www': ['shop']}
# Names added to a certificate later in the test (nginx knows them from the start).
LATER_SANS = {'www': ['extra']}
HOSTED_ZONE = 'hosted.test'
# How the DNS record of the hosted names is published: through the AutoDNS zone API, or by AutoDNS itself.
HOSTED = {
    'zoneapi': {'backend': 'autodns', 'autodns_zone': HOSTED_ZONE, 'wait': False},
    'provisioned': {'backend': 'provisioning', 'wait': False},
}
HOSTS = sorted(set(host for host, _connection, _method, _product in CERTIFICATES.values()))
BROKEN = 'broken'
# Renew when 70 days or fewer remain: after the clock moves 300 days a 12-month certificate has about 65 left,
# inside the providers' 90-day renewal window.
REMAINING_DAYS = 70


class E2E:
    """Everything a test needs: the lab, the hosts' directories, the inventory and the run helper."""

    def __init__(self, lab, workdir):
        self.lab = lab
        self.workdir = workdir
        self.inventory = os.path.join(workdir, 'inventory.yml')
        self.log = os.path.join(workdir, 'ansible.log')
        self.dead_port = lab_module.free_port()   # nothing listens there: a DCV record that never appears

    def host_dir(self, host):
        return os.path.join(self.workdir, 'hosts', host)

    def fqdn(self, name):
        if name in HOSTED:
            return '%s.%s' % (name, HOSTED_ZONE)
        return self.lab.fqdn(name)

    def paths(self, name):
        host = CERTIFICATES[name][0] if name in CERTIFICATES else 'broken'
        base = os.path.join(self.host_dir(host), 'ssl')
        fqdn = self.fqdn(name)
        return {
            'key': os.path.join(base, 'private', fqdn + '.key'),
            'certificate': os.path.join(base, 'certs', fqdn + '.crt'),
            'chain': os.path.join(base, 'certs', fqdn + '.chain.crt'),
            'fullchain': os.path.join(base, 'certs', fqdn + '.fullchain.crt'),
        }

    def webroot(self, name):
        host = CERTIFICATES[name][0] if name in CERTIFICATES else 'broken'
        return os.path.join(self.host_dir(host), 'www', self.fqdn(name))

    def sites(self):
        sites = []
        for name in sorted(CERTIFICATES):
            for server_name in [name] + SANS.get(name, []) + LATER_SANS.get(name, []):
                sites.append({'server_name': self.fqdn(server_name), 'webroot': self.webroot(name),
                              'certificate': self.paths(name)['fullchain'], 'key': self.paths(name)['key']})
        return sites

    def write_inventory(self):
        bind = self.lab.bind
        url = self.lab.sandbox.url
        hosts = {}
        for name, (host, connection, method, product) in sorted(CERTIFICATES.items()):
            paths = self.paths(name)
            item = {
                'common_name': self.fqdn(name),
                'subject_alternative_names': [self.fqdn(san) for san in SANS.get(name, [])],
                'product': product,
                'lifetime': 12,
                'validation_method': method,
                'connection': connection,
                'webroot': self.webroot(name),
                'key_path': paths['key'],
                'certificate_path': paths['certificate'],
                'chain_path': paths['chain'],
                'fullchain_path': paths['fullchain'],
                'remaining_days': REMAINING_DAYS,
                'reload_commands': [self.lab.nginx.reload_command()],
                'endpoint': {'host': '127.0.0.1', 'port': self.lab.nginx.https_port, 'server_name': self.fqdn(name)},
                'job_timeout': 120,
            }
            if name == 'api':
                item['key'] = {'type': 'RSA', 'size': 2048}
            if name in HOSTED:
                item['dns'] = HOSTED[name]
            hosts.setdefault(host, {'certops_certificates': []})['certops_certificates'].append(item)
        broken = {
            'common_name': self.fqdn(BROKEN),
            'product': 'BASIC_SSL',
            'lifetime': 12,
            'validation_method': 'dns',
            'connection': 'autodns_json',
            'key_path': self.paths(BROKEN)['key'],
            'certificate_path': self.paths(BROKEN)['certificate'],
            'chain_path': self.paths(BROKEN)['chain'],
            'fullchain_path': self.paths(BROKEN)['fullchain'],
            # Published in BIND, but looked for where nothing answers: it never appears.
            'dns': {'wait_servers': ['127.0.0.1:%d' % self.dead_port], 'wait_timeout': 6, 'wait_delay': 1},
            'job_timeout': 60,
        }
        inventory = {
            'all': {
                'vars': {
                    'ansible_connection': 'local',
                    'ansible_python_interpreter': sys.executable,
                    'certificate_connections': {
                        'autodns_json': {'provider': 'autodns', 'api_format': 'json', 'api_url': url + '/autodns/v1',
                                         'username': 'sandbox', 'password': 'sandbox', 'context': 4},
                        'autodns_xml': {'provider': 'autodns', 'api_format': 'xml', 'api_url': url + '/autodns/gateway',
                                        'username': 'sandbox', 'password': 'sandbox', 'context': 4},
                        'ssl247': {'provider': 'ssl247', 'api_url': url + '/ssl247/api/v3',
                                   'username': 'ops@example.test', 'api_key': 'sandbox-key'},
                    },
                    'certificate_dns': {
                        'backend': 'nsupdate',
                        'server': '127.0.0.1',
                        'port': bind.port,
                        'zone': self.lab.ZONE,
                        'key_name': bind.key_name,
                        'key_secret': bind.key_secret,
                        'key_algorithm': bind.key_algorithm,
                        'wait_servers': ['127.0.0.1:%d' % bind.port],
                        'wait_timeout': 60,
                        'wait_delay': 1,
                    },
                },
                'children': {
                    'webservers': {'hosts': hosts},
                    'broken': {'hosts': {'broken1': {'certops_certificates': [broken]}}},
                },
            },
        }
        with open(self.inventory, 'w') as handle:
            yaml.safe_dump(inventory, handle, sort_keys=False)
        return self.inventory

    def run(self, playbook='site.yml', hosts='webservers', extra_vars=None, check=False, verbosity=0):
        variables = {'certops_site_hosts': hosts, 'certops_renew_hosts': hosts, 'certops_report_hosts': hosts,
                     'certops_report_dir': os.path.join(self.workdir, 'reports')}
        variables.update(extra_vars or {})
        args = ['-e', json.dumps(variables)] + (['-' + 'v' * verbosity] if verbosity else [])
        return lab_module.run_playbook(os.path.join(lab_module.ROOT, 'playbooks', playbook), self.inventory,
                                       extra_args=args, log=self.log, check=check)


@pytest.fixture(scope='module')
def e2e(request):
    lab_module.require_programs()   # a missing bind9/nginx is a failure with a clear message, never a skip
    workdir = tempfile.mkdtemp(prefix='certops-e2e-')
    lab = lab_module.Lab(workdir=workdir, names=[name for name in CERTIFICATES if name not in HOSTED]
                         + [san for sans in SANS.values() for san in sans] + [BROKEN])
    env = E2E(lab, workdir)
    for name in list(CERTIFICATES) + [BROKEN]:
        os.makedirs(env.webroot(name), exist_ok=True)
    request.addfinalizer(lab.stop)
    lab.start(env.sites())
    lab.sandbox.api('POST', '/_sandbox/zones', {'origin': HOSTED_ZONE})
    env.write_inventory()
    env.ca_file = lab.sandbox.ca_file()
    yield env
    lab.stop()
    if not os.environ.get('CERTOPS_E2E_KEEP'):
        shutil.rmtree(workdir, ignore_errors=True)
