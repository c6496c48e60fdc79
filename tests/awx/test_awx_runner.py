# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection as AWX runs it: ansible-runner, the AWX project in extras/awx/project, and the environment that
AWX renders from the shipped credential type (extras/awx/credential_type.yml) - blank fields included - against
the sandbox served over HTTPS with its own CA, so that the CA bundle file injector has to work.
"""

import datetime
import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

import ansible_runner
import certifi
import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'e2e'))

import lab as lab_module  # noqa: E402
from awx_injector import render_injectors  # noqa: E402

ROOT = lab_module.ROOT
CREDENTIAL_TYPE = os.path.join(ROOT, 'extras', 'awx', 'credential_type.yml')
PROJECT = os.path.join(ROOT, 'extras', 'awx', 'project')
PASSWORD = 'sandbox'


def _load_credential_type():
    with open(CREDENTIAL_TYPE) as handle:
        return yaml.safe_load(handle)


def _tls_material(directory):
    """A CA and a certificate for 127.0.0.1 signed by it: the sandbox's HTTPS, trusted by nobody but the bundle."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'certops AWX test CA')])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress
    server = (x509.CertificateBuilder()
              .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, '127.0.0.1')]))
              .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2))
              .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                             critical=False)
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
    paths = dict(ca=os.path.join(directory, 'ca.pem'), cert=os.path.join(directory, 'server.pem'),
                 key=os.path.join(directory, 'server.key'))
    with open(paths['ca'], 'wb') as handle:
        handle.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths['cert'], 'wb') as handle:
        handle.write(server.public_bytes(serialization.Encoding.PEM))
    with open(paths['key'], 'wb') as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return paths


class HttpsSandbox(object):
    def __init__(self, workdir):
        self.workdir = workdir
        self.tls = _tls_material(workdir)
        self.log = os.path.join(workdir, 'sandbox.log')
        self.process = None
        self.url = None

    def start(self):
        command = [sys.executable, '-u', lab_module.SANDBOX, '--host', '127.0.0.1', '--port', '0', '--dcv', 'auto',
                   '--tls-cert', self.tls['cert'], '--tls-key', self.tls['key'],
                   '--state', os.path.join(self.workdir, 'state.json')]
        with open(self.log, 'w') as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                            start_new_session=True)

        def listening():
            with open(self.log, errors='replace') as handle:
                text = handle.read()
            for word in text.split():
                if word.startswith(('http://127.0.0.1', 'https://127.0.0.1')):
                    self.url = word.rstrip('/').replace('http://', 'https://')
                    return True
            return False
        lab_module._wait_for(listening, 30, 'the HTTPS sandbox', self.process, self.log)

    def requests(self):
        import ssl
        import urllib.request
        context = ssl.create_default_context(cafile=self.tls['ca'])
        with urllib.request.urlopen(self.url + '/_sandbox/requests', context=context, timeout=30) as response:
            answer = json.loads(response.read().decode())
        return answer.get('requests', answer) if isinstance(answer, dict) else answer

    def stop(self):
        if self.process is not None:
            lab_module._stop_process(self.process)
            self.process = None


@pytest.fixture(scope='module')
def sandbox():
    workdir = tempfile.mkdtemp(prefix='certops-awx-')
    server = HttpsSandbox(workdir)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _credential_inputs(sandbox, provider, blank_ca=False):
    """What a user types into the AWX credential form; the fields they leave blank are empty strings."""
    with open(sandbox.tls['ca']) as handle:
        ca_bundle = '' if blank_ca else handle.read()
    if provider == 'autodns-xml':
        return dict(provider='autodns', username='sandbox', password=PASSWORD, api_key='', context='',
                    api_format='xml', api_url=sandbox.url + '/autodns/gateway', ca_bundle=ca_bundle)
    if provider == 'autodns':
        return dict(provider='autodns', username='sandbox', password=PASSWORD, api_key='', context='',
                    api_format='', api_url=sandbox.url + '/autodns/v1', ca_bundle=ca_bundle)
    return dict(provider='ssl247', username='ops@example.test', password='', api_key='sandbox-key', context='',
                api_format='', api_url=sandbox.url + '/ssl247/api/v3', ca_bundle=ca_bundle)


def _inventory(workdir, name, product):
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    base = os.path.join(workdir, 'host')
    item = dict(common_name=name, product=product, lifetime=12, validation_method='file',
                webroot=os.path.join(base, 'www'),
                key_path=os.path.join(base, 'private', name + '.key'),
                certificate_path=os.path.join(base, 'certs', name + '.crt'),
                chain_path=os.path.join(base, 'certs', name + '.chain.crt'),
                fullchain_path=os.path.join(base, 'certs', name + '.fullchain.crt'),
                job_timeout=120)
    os.makedirs(item['webroot'], exist_ok=True)
    inventory = {'all': {'hosts': {'web1': {
        'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
        'certificate_owner': user, 'certificate_group': group, 'certificate_check_endpoint': False,
        'certops_certificates': [item]}},
        # last-run.json and the report stay in the job's directory, as the EE's home would keep them in AWX
        'vars': {'certops_report_dir': os.path.join(workdir, 'reports')}}}
    path = os.path.join(workdir, 'inventory', 'hosts.yml')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as handle:
        yaml.safe_dump(inventory, handle)
    return path, item


def _run(private_data_dir, playbook, inventory, env):
    """ansible-runner as AWX calls it: project dir, playbook name, inventory, the injected environment."""
    os.makedirs(private_data_dir, exist_ok=True)
    envvars = dict(env)
    envvars['ANSIBLE_COLLECTIONS_PATH'] = os.environ['ANSIBLE_COLLECTIONS_PATH']
    envvars['ANSIBLE_FORCE_COLOR'] = '0'
    result = ansible_runner.run(private_data_dir=private_data_dir, project_dir=PROJECT, playbook=playbook,
                                inventory=inventory, envvars=envvars, quiet=True, timeout=600)
    output = result.stdout.read()
    return result, output


def _awx_env(sandbox, workdir, provider, blank_ca=False):
    inputs = _credential_inputs(sandbox, provider, blank_ca=blank_ca)
    env, extra_vars, files = render_injectors(_load_credential_type(), inputs, workdir)
    assert extra_vars == {}
    return inputs, env, files


@pytest.fixture
def awx_workdir(monkeypatch):
    workdir = tempfile.mkdtemp(prefix='certops-awx-job-')
    # An execution environment has no CERTOPS_* of its own; a bundle in REQUESTS_CA_BUNDLE that does not hold the
    # sandbox's CA proves that the injected CA bundle (ca_path) is what makes TLS verification pass.
    for name in list(os.environ):
        if name.startswith('CERTOPS_') and name != 'CERTOPS_ROOT':
            monkeypatch.delenv(name)
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', certifi.where())
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)
    yield workdir
    shutil.rmtree(workdir, ignore_errors=True)


def test_rendered_environment_has_blank_fields_as_empty_strings(sandbox, awx_workdir):
    inputs, env, files = _awx_env(sandbox, awx_workdir, 'ssl247')
    assert env['CERTOPS_CONTEXT'] == '' and env['CERTOPS_API_FORMAT'] == '' and env['CERTOPS_PASSWORD'] == ''
    assert env['CERTOPS_CA_PATH'] == files['template.ca_bundle']
    with open(files['template.ca_bundle']) as handle:
        assert handle.read() == inputs['ca_bundle']
    inputs, env, files = _awx_env(sandbox, awx_workdir, 'ssl247', blank_ca=True)
    # AWX still writes the (empty) file; the injector must not point at it.
    assert os.path.getsize(files['template.ca_bundle']) == 0
    assert env['CERTOPS_CA_PATH'] == ''


@pytest.mark.parametrize('provider,name,product', [
    ('autodns', 'awx-autodns.example.test', 'BASIC_SSL'),
    ('ssl247', 'awx-ssl247.example.test', 'RAPIDSSL'),
])
def test_site_and_report_through_ansible_runner_with_blank_fields(sandbox, awx_workdir, provider, name, product):
    inputs, env, files = _awx_env(sandbox, awx_workdir, provider)
    inventory, item = _inventory(awx_workdir, name, product)
    before = len(sandbox.requests())

    result, output = _run(os.path.join(awx_workdir, 'site'), 'site.yml', inventory, env)
    assert result.status == 'successful' and result.rc == 0, output[-6000:]
    assert result.stats['changed'].get('web1', 0) > 0, output[-3000:]
    assert os.path.isfile(item['certificate_path']) and os.path.isfile(item['fullchain_path'])
    with open(item['certificate_path'], 'rb') as handle:
        certificate = x509.load_pem_x509_certificate(handle.read())
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == name
    calls = sandbox.requests()[before:]
    orders = [call for call in calls if call.get('mutating')
              and call['operation'] in ('400101', '/order/certificate/place-quick-order', '/order/certificate/place-order')]
    assert len(orders) == 1, orders
    assert inputs['password'] not in output if inputs['password'] else True
    assert inputs['api_key'] not in output if inputs['api_key'] else True

    result, output = _run(os.path.join(awx_workdir, 'report'), 'report.yml', inventory, env)
    assert result.status == 'successful' and result.rc == 0, output[-6000:]
    table = [line for line in output.splitlines() if name in line]
    assert any('reseller:default' in line for line in table), output[-3000:]
    assert any('installed' in line for line in table), output[-3000:]
    reports = os.path.join(awx_workdir, 'reports')
    assert sorted(os.listdir(reports)) == ['certops-report.html', 'certops-report.json', 'last-run.json']


def test_report_over_the_xml_gateway_with_a_blank_context(sandbox, awx_workdir):
    inputs, env, files = _awx_env(sandbox, awx_workdir, 'autodns-xml')
    assert env['CERTOPS_CONTEXT'] == '' and env['CERTOPS_API_FORMAT'] == 'xml'
    inventory, item = _inventory(awx_workdir, 'awx-xml.example.test', 'BASIC_SSL')
    before = len(sandbox.requests())
    result, output = _run(os.path.join(awx_workdir, 'report'), 'report.yml', inventory, env)
    assert result.status == 'successful' and result.rc == 0, output[-6000:]
    assert any('awx-xml.example.test' in line and 'missing' in line for line in output.splitlines()), output[-3000:]
    calls = sandbox.requests()[before:]
    assert calls and all(call['provider'] == 'autodns' and call['format'] == 'xml' for call in calls), calls


def test_blank_ca_bundle_means_the_trust_store_and_fails_against_a_private_ca(sandbox, awx_workdir):
    inputs, env, files = _awx_env(sandbox, awx_workdir, 'autodns', blank_ca=True)
    inventory, item = _inventory(awx_workdir, 'awx-noca.example.test', 'BASIC_SSL')
    result, output = _run(os.path.join(awx_workdir, 'report'), 'report.yml', inventory, env)
    assert result.status == 'failed', output[-3000:]
    assert 'CERTIFICATE_VERIFY_FAILED' in output or 'certificate verify failed' in output, output[-3000:]
