# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Names as people write them (issue 14), end to end: one host declares ``Bücher.example.test.`` with the wildcard
``*.bücher.example.test`` (U-labels, mixed case, a trailing dot), another the same certificate in A-labels. Real BIND
(TSIG updates, --dcv check in the sandbox), a real nginx, the sandbox request log.

The tests run in file order and share one lab.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lab as lab_module  # noqa: E402

CREATE_OPERATIONS = ('400101', '/order/certificate/place-quick-order', '/order/certificate/place-order')
WRITTEN = {'common_name': 'Bücher.example.test.', 'subject_alternative_names': ['*.bücher.example.test']}
A_LABEL = 'xn--bcher-kva.example.test'
WILDCARD = '*.' + A_LABEL
SERVED_NAME = 'www.' + A_LABEL        # a name only the wildcard covers
U_HOST = 'idn1'                       # declares the U-labels; its files go where the role's defaults put them
A_HOST = 'idn2'                       # declares the A-labels, with paths of its own


class Idn:
    def __init__(self, lab, workdir):
        self.lab = lab
        self.workdir = workdir
        self.inventory = os.path.join(workdir, 'inventory.yml')
        self.log = os.path.join(workdir, 'ansible.log')
        self.report_dir = os.path.join(workdir, 'report')

    def base_dir(self, host):
        return os.path.join(self.workdir, 'hosts', host, 'ssl')

    def paths(self, host):
        base = self.base_dir(host)
        return {'key': os.path.join(base, 'private', A_LABEL + '.key'),
                'certificate': os.path.join(base, 'certs', A_LABEL + '.crt'),
                'chain': os.path.join(base, 'certs', A_LABEL + '.chain.crt'),
                'fullchain': os.path.join(base, 'certs', A_LABEL + '.fullchain.crt')}

    def sites(self):
        webroot = os.path.join(self.workdir, 'www')
        os.makedirs(webroot, exist_ok=True)
        return [{'server_name': name, 'webroot': webroot, 'certificate': self.paths(U_HOST)['fullchain'],
                 'key': self.paths(U_HOST)['key']} for name in (A_LABEL, SERVED_NAME)]

    def write_inventory(self):
        bind = self.lab.bind
        common = {'product': 'BASIC_SSL_WILDCARD', 'lifetime': 12, 'validation_method': 'dns', 'connection': 'autodns_json',
                  'job_timeout': 120, 'reload_commands': [self.lab.nginx.reload_command()]}
        written = dict(WRITTEN, **common)
        a_paths = self.paths(A_HOST)
        a_labels = dict(common, common_name=A_LABEL, subject_alternative_names=[WILDCARD], key_path=a_paths['key'],
                        certificate_path=a_paths['certificate'], chain_path=a_paths['chain'],
                        fullchain_path=a_paths['fullchain'])
        inventory = {'all': {
            'vars': {
                'ansible_connection': 'local',
                'ansible_python_interpreter': sys.executable,
                'certops_report_dir': self.report_dir,
                'certificate_poll_interval': 2,
                # the U-label host's files land where the role's defaults put them, named after the settled name
                'certificate_base_dir': self.base_dir(U_HOST),
                'certificate_connections': {
                    'autodns_json': {'provider': 'autodns', 'api_format': 'json',
                                     'api_url': self.lab.sandbox.url + '/autodns/v1',
                                     'username': 'sandbox', 'password': 'sandbox', 'context': 4},
                },
                'certificate_dns': {
                    'backend': 'nsupdate', 'server': '127.0.0.1', 'port': bind.port, 'zone': self.lab.ZONE,
                    'key_name': bind.key_name, 'key_secret': bind.key_secret, 'key_algorithm': bind.key_algorithm,
                    'wait_servers': ['127.0.0.1:%d' % bind.port], 'wait_timeout': 60, 'wait_delay': 1,
                },
            },
            'children': {'webservers': {'hosts': {
                U_HOST: {'certops_certificates': [written]},
                A_HOST: {'certops_certificates': [a_labels]},
            }}},
        }}
        with open(self.inventory, 'w') as handle:
            yaml.safe_dump(inventory, handle, sort_keys=False, allow_unicode=True)

    def run(self, extra_vars=None):
        args = ['-e', json.dumps(extra_vars)] if extra_vars else []
        return lab_module.run_playbook(os.path.join(lab_module.ROOT, 'playbooks', 'site.yml'), self.inventory,
                                       extra_args=args, log=self.log)

    def creates(self):
        return [e for e in self.lab.sandbox.requests() if e['mutating'] and e['operation'] in CREATE_OPERATIONS]

    def served(self):
        return lab_module.served_certificate(self.lab.nginx.https_port, SERVED_NAME, self.lab.sandbox.ca_file())


def _ok(code, output):
    assert code == 0, 'ansible-playbook failed (exit %d):\n%s' % (code, output[-8000:])


def _san(path):
    return subprocess.run(['openssl', 'x509', '-in', path, '-noout', '-ext', 'subjectAltName'],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope='module')
def idn():
    lab_module.require_programs()
    workdir = tempfile.mkdtemp(prefix='certops-idn-')
    lab = lab_module.Lab(workdir=workdir, names=['xn--bcher-kva', 'www.xn--bcher-kva'])
    env = Idn(lab, workdir)
    try:
        lab.start(env.sites())
        env.write_inventory()
        yield env
    finally:
        lab.stop()
        if not os.environ.get('CERTOPS_E2E_KEEP'):
            shutil.rmtree(workdir, ignore_errors=True)


def test_a_u_label_and_a_wildcard_are_ordered_once_and_deployed_at_the_a_label_paths(idn):
    idn.lab.sandbox.clear_requests()
    # the lab's nginx serves HTTPS only once its configuration names existing files: reloaded below, checked then
    code, output, recap = idn.run(extra_vars={'certificate_check_endpoint': False})
    _ok(code, output)
    creates = idn.creates()
    assert len(creates) == 1, creates        # the U-label and the A-label declarations are one certificate
    plan_lines = [line for line in output.splitlines() if A_LABEL + ' (bücher.example.test)  idn1, idn2  order' in line]
    assert plan_lines, output[-6000:]
    for host in (U_HOST, A_HOST):
        paths = idn.paths(host)
        for path in paths.values():
            assert os.path.exists(path), path
        assert oct(os.stat(paths['key']).st_mode & 0o777) == '0o600'
        names = _san(paths['certificate'])
        assert 'DNS:%s' % A_LABEL in names and 'DNS:%s' % WILDCARD in names, names
    written = [name for _root, dirs, files in os.walk(os.path.join(idn.workdir, 'hosts')) for name in dirs + files]
    assert not [name for name in written if 'ü' in name.lower() or name.startswith('Bücher')], written
    idn.lab.nginx.reload()
    served = idn.served()
    assert served['verified'], served['output']
    assert 'DNS:%s' % WILDCARD in served['subject'] and 'DNS:%s' % A_LABEL in served['subject'], served['subject']
    serials = set(lab_module.certificate_serial(idn.paths(host)['certificate']) for host in (U_HOST, A_HOST))
    assert serials == {served['serial']}
    with open(os.path.join(idn.report_dir, 'last-run.json')) as handle:
        rows = json.load(handle)['certificates']
    assert [(row['common_name'], row['names'], row['result']) for row in rows] == [
        (A_LABEL, [A_LABEL, WILDCARD], 'changed')]
    idn.first_serial = served['serial']


def test_a_second_run_changes_nothing(idn):
    idn.lab.sandbox.clear_requests()
    code, output, recap = idn.run()
    _ok(code, output)
    for host in (U_HOST, A_HOST):
        assert recap[host]['changed'] == 0, output[-6000:]
    assert [e for e in idn.lab.sandbox.requests() if e['mutating']] == []
    assert idn.served()['serial'] == idn.first_serial
