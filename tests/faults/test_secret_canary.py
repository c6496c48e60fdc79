# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Secrets stay out: every module and role at -vvv with --diff, succeeding and failing, on all three flavours.

Canaries - an AutoDNS password the sandbox accepts (``--autodns-password``), an SSL247 password and API
keys, a TSIG secret, the private keys the role generates - must appear nowhere in the output (results,
warnings, diffs, errors) nor in the Ansible log.
"""

import base64
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import concurrency  # noqa: E402  (ansible-playbook helpers)
from sandbox_helpers import SandboxProcess, make_csr  # noqa: E402

AUTODNS_PASSWORD = 'CanaryAutoDNSpw-8c41f07e'
SSL247_PASSWORD = 'CanarySSL247pw-2d9b6a13'
WRONG_PASSWORD = 'CanaryWrongPw-51e0c9aa'
WRONG_API_KEY = 'CanaryWrongKey-77f3d2b0'
TSIG_SECRET = base64.b64encode(b'canary-tsig-secret-0123456789ab').decode('ascii')
SSL247_KEY = 'sandbox-key'   # the sandbox's only SSL247 key; it must not show either

MODULES = ['account_info', 'product_info', 'reference_data_info', 'contact_profile', 'contact_profile_info',
           'domain_validation_info', 'certificate_order', 'certificate_info', 'order_info', 'certificate_job_info',
           'certificate_job', 'certificate_renew', 'zone_record', 'certificate_fetch']
ROLES = ['certificate', 'dns_validation', 'deploy']

CONNECTIONS = {
    'autodns_json': dict(provider='autodns', api_format='json', path='/autodns/v1', username='sandbox',
                         password=AUTODNS_PASSWORD, product='BASIC_SSL'),
    'autodns_xml': dict(provider='autodns', api_format='xml', path='/autodns/gateway', username='sandbox',
                        password=AUTODNS_PASSWORD, product='BASIC_SSL'),
    'ssl247': dict(provider='ssl247', api_format='json', path='/ssl247/api/v3', username='canary@example.com',
                   password=SSL247_PASSWORD, api_key=SSL247_KEY, product='RAPIDSSL'),
}


def module_tasks(flavour, product, cn, csr_file, wrong=False):
    """Every module once (twice for the writes), each allowed to fail."""
    contact = dict(email='canary-%s@example.com' % flavour.replace('_', '-'), first_name='Ada', last_name='Canary',
                   phone='+44-20-12345678', organization='Canary Ltd', address=['1 Canary Wharf'], postal_code='E14 5AB',
                   city='London', country='GB', title='Mr')
    if flavour == 'ssl247':
        del contact['organization']   # SSL247's contact-profile calls take no company (seed 002)
        contact['roles'] = ['admin']
    csr = "{{ lookup('ansible.builtin.file', '%s') }}" % csr_file
    tasks = [
        ('account_info', {}), ('product_info', {}), ('reference_data_info', {}),
        ('contact_profile', contact), ('contact_profile', dict(contact, city='Paris')),
        ('contact_profile_info', dict(email=contact['email'])),
        ('domain_validation_info', dict(product=product, common_name=cn)),
        ('certificate_order', dict(common_name=cn, product=product, lifetime=12, csr=csr, wait=True, wait_timeout=120)),
        ('certificate_order', dict(common_name=cn, product=product, lifetime=12, csr=csr)),
        ('certificate_order', dict(common_name=cn, product=product, lifetime=12, csr='not a CSR')),
        ('certificate_info', dict(common_name=cn, details=True)),
        ('order_info', {}),
        ('certificate_job_info', dict(job_id="{{ ordered.job.id | default('1') }}")),
        ('certificate_job', dict(job_id="{{ ordered.job.id | default('1') }}")),
        ('certificate_renew', dict(common_name=cn, product=product)),
        ('zone_record', dict(zone='canary.example.com', records=[dict(name='_canary', value='x')])),
        ('certificate_order', dict(common_name=cn, product=product, state='absent')),
    ]
    if wrong:   # a failing run of a read, of each write module and of the waiting order is enough here
        keep = ('account_info', 'contact_profile', 'certificate_order', 'certificate_renew', 'zone_record')
        tasks = [(module, params) if module in keep else (None, None) for module, params in tasks]
    lines = []
    for number, (module, params) in enumerate(tasks):
        if module is None:
            continue
        lines.append('    - name: "%s %s%s #%d"' % (flavour, 'wrong credentials ' if wrong else '', module, number))
        lines.append('      certops.reseller.%s: %s' % (module, json.dumps(params)))
        if module == 'certificate_order' and number == 7:
            lines.append('      register: ordered')
        lines.append('      ignore_errors: true')
    return lines


def module_play(sandbox_url, flavour, cn, csr_file, wrong=False):
    spec = CONNECTIONS[flavour]
    defaults = dict(provider=spec['provider'], api_url=sandbox_url + spec['path'], api_format=spec['api_format'],
                    username=spec['username'], password=WRONG_PASSWORD if wrong else spec['password'], context=4)
    if spec.get('api_key'):
        defaults['api_key'] = WRONG_API_KEY if wrong else spec['api_key']
    lines = ['- name: "%s modules%s"' % (flavour, ' with wrong credentials' if wrong else ''),
             '  hosts: localhost', '  gather_facts: false',
             '  module_defaults:', '    group/certops.reseller.api: %s' % json.dumps(defaults), '  tasks:']
    return lines + module_tasks(flavour, spec['product'], cn, csr_file, wrong)


def role_play(sandbox_url, workdir, dead_port):
    """The certificate role (with dns_validation and deploy) on two hosts: an AutoDNS order whose DNS update
    goes to a name server that is not there (TSIG secret in play), and SSL247 with file validation."""
    def certificate(name, connection, method):
        base = os.path.join(workdir, 'role', name)
        entry = dict(common_name='%s.canary.example.com' % name, product=CONNECTIONS[connection]['product'], lifetime=12,
                     validation_method=method, connection=connection, job_timeout=20,
                     key_path=os.path.join(base, 'key.pem'), certificate_path=os.path.join(base, 'cert.pem'),
                     chain_path=os.path.join(base, 'chain.pem'), fullchain_path=os.path.join(base, 'fullchain.pem'))
        if method == 'dns':
            entry['dns'] = dict(backend='nsupdate', server='127.0.0.1', port=dead_port, zone='canary.example.com',
                                key_name='canary-key', key_secret=TSIG_SECRET, key_algorithm='hmac-sha256',
                                wait_timeout=2, wait_delay=1)
        else:
            entry['webroot'] = os.path.join(base, 'www')
        return entry

    connections = {}
    for flavour, spec in CONNECTIONS.items():
        connections[flavour] = dict((k, v) for k, v in spec.items() if k not in ('path', 'product'))
        connections[flavour].update(api_url=sandbox_url + spec['path'], context=4)
    hosts = {'role-dns': [certificate('dns', 'autodns_json', 'dns')],
             'role-file': [certificate('file', 'ssl247', 'file')]}
    lines = ['- name: The certificate role', '  hosts: role_hosts', '  gather_facts: false', '  vars:',
             '    certificate_connections: %s' % json.dumps(connections), '  tasks:',
             '    - name: Certificates of the host', '      ansible.builtin.include_role:',
             '        name: certops.reseller.certificate', '      ignore_errors: true']
    inventory = {'role_hosts': {'hosts': dict(
        (host, dict(certops_certificates=entries, certificate_base_dir=os.path.join(workdir, 'role', host),
                    certops_report_dir=os.path.join(workdir, 'reports'),   # the role's last-run.json
                    ansible_connection='local', ansible_python_interpreter=sys.executable))
        for host, entries in hosts.items())}}
    return lines, inventory


def key_material(workdir):
    """What identifies the private keys the run wrote: the first line of each PEM body (version and private
    value; the last lines of an EC key repeat the public key, which may be shown) and the private value in hex."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    material = []
    for path in glob.glob(os.path.join(workdir, '**', '*key*.pem*'), recursive=True):
        with open(path, 'rb') as handle:
            data = handle.read()
        if b'PRIVATE KEY' not in data:
            continue
        body = [line for line in data.decode('ascii').splitlines() if line and '-----' not in line]
        material.append(body[0])
        numbers = load_pem_private_key(data, password=None).private_numbers()
        value = getattr(numbers, 'private_value', None) or getattr(numbers, 'd', None)
        material.append('%x' % value)
    return material


def test_no_secret_in_any_output_of_any_module_or_role(tmp_path):
    workdir = str(tmp_path)
    sandbox = SandboxProcess(['--autodns-password', AUTODNS_PASSWORD], os.path.join(workdir, 'sandbox.log'))
    try:
        plays = []
        for flavour in CONNECTIONS:
            cn = 'canary-%s.example.com' % flavour.replace('_', '-')
            csr_file = os.path.join(workdir, '%s.csr' % flavour)
            with open(csr_file, 'w') as handle:
                handle.write(make_csr([cn])[1])
            plays += module_play(sandbox.url, flavour, cn, csr_file)
            plays += module_play(sandbox.url, flavour, cn, csr_file, wrong=True)
        role_lines, inventory = role_play(sandbox.url, workdir, concurrency_free_port())
        plays += role_lines
        playbook = os.path.join(workdir, 'canary.yml')
        with open(playbook, 'w') as handle:
            handle.write('\n'.join(plays) + '\n')
        inventory['all'] = {'hosts': {'localhost': dict(ansible_connection='local',
                                                        ansible_python_interpreter=sys.executable)}}
        inventory_file = os.path.join(workdir, 'inventory.json')
        with open(inventory_file, 'w') as handle:
            json.dump(inventory, handle)
        log_file = os.path.join(workdir, 'ansible.log')
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=concurrency.collections_path(), ANSIBLE_LOG_PATH=log_file,
                   ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='False', CERTOPS_LOCK_DIR=os.path.join(workdir, 'locks'))
        for name in list(env):
            if name.startswith('CERTOPS_') and name != 'CERTOPS_LOCK_DIR':
                env.pop(name)
        result = subprocess.run([concurrency.ansible_playbook(), '-vvv', '--diff', '-i', inventory_file, playbook],
                                cwd=workdir, env=env, capture_output=True, text=True, timeout=900, check=False)
    finally:
        sandbox.stop()
    output = result.stdout + result.stderr
    with open(log_file) as handle:
        log = handle.read()
    recap = output.split('PLAY RECAP', 1)[-1]

    # the run did what the scan needs: modules succeeded and failed on every flavour, the role ran
    for flavour in CONNECTIONS:
        assert 'TASK [%s certificate_order #7]' % flavour in output, output[-3000:]
        assert 'TASK [%s wrong credentials account_info #0]' % flavour in output
    assert output.count('"changed": true') >= 6, output[-5000:]          # orders, contacts, revocations succeeded
    assert output.count('...ignoring') >= 12, recap                       # failing runs are part of the scan
    for module in MODULES:
        assert 'plugins/modules/%s.py' % module in output, module
    for role in ROLES:
        assert 'certops.reseller.%s : ' % role in output, role
    keys = key_material(workdir)
    assert keys, 'the role wrote no private key: the key scan would prove nothing'

    secrets = {'AutoDNS password': AUTODNS_PASSWORD, 'SSL247 password': SSL247_PASSWORD,
               'wrong password': WRONG_PASSWORD, 'wrong API key': WRONG_API_KEY, 'TSIG secret': TSIG_SECRET,
               'SSL247 API key': SSL247_KEY}
    for what, text in (('output', output), ('Ansible log', log)):
        for name, secret in secrets.items():
            assert secret not in text, '%s shows the %s' % (what, name)
        for line in keys:
            assert line not in text, '%s shows private key material' % what


def concurrency_free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]
