# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab: a real BIND, the sandbox and a real nginx on 127.0.0.1, for the end-to-end test and the demo.

Everything binds 127.0.0.1 on free ports and lives in one work directory; every server is a child
process stopped by ``stop()``.  ``python tests/e2e/lab.py demo`` runs the README's main command.
"""

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SANDBOX = os.path.join(ROOT, 'tests', 'simulator', 'server.py')
TSIG_KEY_NAME = 'certops-lab'
TSIG_ALGORITHM = 'hmac-sha256'


class LabError(Exception):
    """A lab server could not be started or answered wrongly."""


def find_program(name):
    """Absolute path of a system program (also in /usr/sbin), or None."""
    found = shutil.which(name)
    if found:
        return found
    for directory in ('/usr/sbin', '/sbin', '/usr/local/sbin'):
        candidate = os.path.join(directory, name)
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def require_programs():
    """Fail clearly (never skip) when a system program the lab needs is missing."""
    needs = {'named': 'bind9', 'dig': 'bind9-dnsutils', 'nsupdate': 'bind9-dnsutils', 'nginx': 'nginx-light',
             'openssl': 'openssl'}
    missing = ['%s (apt package %s)' % (program, package) for program, package in sorted(needs.items())
               if not find_program(program)]
    if missing:
        raise LabError('missing system programs: %s; run scripts/setup.sh (it apt-installs them)' % ', '.join(missing))


def free_port():
    """A port free on 127.0.0.1 for both TCP and UDP (BIND needs both)."""
    for _attempt in range(50):
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.bind(('127.0.0.1', 0))
        port = tcp.getsockname()[1]
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            udp.bind(('127.0.0.1', port))
        except OSError:
            continue
        finally:
            udp.close()
            tcp.close()
        return port
    raise LabError('no free port on 127.0.0.1')


def _wait_for(predicate, timeout, what, process=None, log=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise LabError('%s exited with %s%s' % (what, process.returncode, _tail(log)))
        if predicate():
            return
        time.sleep(0.2)
    raise LabError('%s did not come up within %s seconds%s' % (what, timeout, _tail(log)))


def _tail(path, lines=20):
    if not path or not os.path.exists(path):
        return ''
    with open(path, errors='replace') as handle:
        return ':\n' + ''.join(handle.readlines()[-lines:])


def _stop_process(process, timeout=10):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


class Bind:
    """A primary for one zone on 127.0.0.1:<port> accepting TSIG-signed dynamic updates."""

    def __init__(self, workdir, zone, hosts, address='127.0.0.1'):
        self.workdir = os.path.join(workdir, 'bind')
        self.zone = zone
        self.hosts = dict(hosts)           # relative name -> IPv4 address (A records)
        self.address = address
        self.port = None
        self.process = None
        self.key_secret = base64.b64encode(os.urandom(32)).decode('ascii')
        self.key_name = TSIG_KEY_NAME
        self.key_algorithm = TSIG_ALGORITHM
        self.log = os.path.join(self.workdir, 'named.log')

    def _write_config(self):
        os.makedirs(self.workdir, exist_ok=True)
        zone_file = os.path.join(self.workdir, '%s.zone' % self.zone)
        lines = [
            '$ORIGIN %s.' % self.zone,
            '$TTL 60',
            '@ IN SOA ns1.%s. hostmaster.%s. (1 60 60 3600 60)' % (self.zone, self.zone),
            '@ IN NS ns1.%s.' % self.zone,
            'ns1 IN A %s' % self.address,
        ]
        for name, address in sorted(self.hosts.items()):
            lines.append('%s IN A %s' % (name or '@', address))
        with open(zone_file, 'w') as handle:
            handle.write('\n'.join(lines) + '\n')
        config = os.path.join(self.workdir, 'named.conf')
        with open(config, 'w') as handle:
            handle.write('''options {
    directory "%(dir)s";
    pid-file "%(dir)s/named.pid";
    session-keyfile "%(dir)s/session.key";
    managed-keys-directory "%(dir)s";
    listen-on port %(port)d { %(address)s; };
    listen-on-v6 { none; };
    recursion no;
    allow-query { any; };
    dnssec-validation no;
    notify no;
};
controls { };
key "%(key)s" { algorithm %(algorithm)s; secret "%(secret)s"; };
zone "%(zone)s" {
    type primary;
    file "%(zone_file)s";
    journal "%(zone_file)s.jnl";
    allow-update { key "%(key)s"; };
};
''' % {'dir': self.workdir, 'port': self.port, 'address': self.address, 'key': self.key_name,
                'algorithm': self.key_algorithm, 'secret': self.key_secret, 'zone': self.zone, 'zone_file': zone_file})
        return config

    def start(self):
        named = find_program('named')
        if not named:
            raise LabError('named (apt package bind9) is not installed; run scripts/setup.sh')
        self.port = free_port()
        config = self._write_config()
        check = find_program('named-checkconf')
        if check:
            result = subprocess.run([check, config], capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise LabError('named-checkconf rejected %s: %s%s' % (config, result.stdout, result.stderr))
        with open(self.log, 'w') as log:
            # -g: foreground, log to stderr; running as root without -u keeps file access simple.
            self.process = subprocess.Popen([named, '-g', '-c', config], stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        _wait_for(lambda: self.query('ns1.%s' % self.zone, 'A') == [self.address], 30, 'BIND', self.process, self.log)
        return self

    def query(self, name, rtype='TXT'):
        """Answers of the server for name/type, as dig +short prints them (TXT values keep their quotes)."""
        result = subprocess.run([find_program('dig') or 'dig', '+short', '+time=1', '+tries=1', '-p', str(self.port),
                                 '@%s' % self.address, name, rtype], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            return None
        return [line for line in result.stdout.splitlines() if line and not line.startswith(';')]

    def records(self, rtype='TXT'):
        """Every record of a type in the zone (AXFR is allowed from 127.0.0.1 by default): list of (name, value)."""
        result = subprocess.run([find_program('dig') or 'dig', '+noall', '+answer', '-p', str(self.port),
                                 '@%s' % self.address, self.zone, 'AXFR'], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise LabError('AXFR of %s failed: %s' % (self.zone, result.stderr))
        found = []
        for line in result.stdout.splitlines():
            parts = line.split(None, 4)
            if len(parts) == 5 and parts[3] == rtype:
                found.append((parts[0].rstrip('.'), parts[4]))
        return found

    def stop(self):
        _stop_process(self.process)


class Sandbox:
    """tests/simulator/server.py with --dcv check, pointed at the lab's BIND and nginx."""

    def __init__(self, workdir, dns_resolver=None, http_port=None, dcv='check', python=None):
        self.workdir = os.path.join(workdir, 'sandbox')
        self.dns_resolver = dns_resolver
        self.http_port = http_port
        self.dcv = dcv
        self.python = python or sys.executable
        self.process = None
        self.url = None
        self.log = os.path.join(self.workdir, 'sandbox.log')

    def start(self):
        if not os.path.exists(SANDBOX):
            raise LabError('the sandbox %s is missing' % SANDBOX)
        os.makedirs(self.workdir, exist_ok=True)
        command = [self.python, '-u', SANDBOX, '--host', '127.0.0.1', '--port', '0', '--dcv', self.dcv,
                   '--state', os.path.join(self.workdir, 'state.json')]
        if self.dns_resolver:
            command += ['--dns-resolver', self.dns_resolver]
        if self.http_port:
            command += ['--http-port', str(self.http_port)]
        with open(self.log, 'w') as log:
            # stdout goes to the same file: nothing blocks on a pipe, and the server may outlive us (demo --keep).
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                            start_new_session=True)

        def listening():
            with open(self.log, errors='replace') as handle:
                match = re.search(r'sandbox listening on (http://\S+)', handle.read())
            if match:
                self.url = match.group(1).rstrip('/')
            return bool(match)

        _wait_for(listening, 30, 'the sandbox', self.process, self.log)
        return self

    def api(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        try:
            return json.loads(text)
        except ValueError:
            return text

    def requests(self):
        answer = self.api('GET', '/_sandbox/requests')
        return answer.get('requests', answer) if isinstance(answer, dict) else answer

    def clear_requests(self):
        self.api('DELETE', '/_sandbox/requests')

    def advance_clock(self, days):
        return self.api('POST', '/_sandbox/clock', {'advance_days': days})

    def ca_file(self):
        path = os.path.join(self.workdir, 'ca.pem')
        with urllib.request.urlopen(self.url + '/_sandbox/ca.pem', timeout=30) as response:
            with open(path, 'wb') as handle:
                handle.write(response.read())
        return path

    def stop(self):
        _stop_process(self.process)


class Nginx:
    """One nginx: HTTP on http_port (web roots, for FILE validation) and HTTPS with SNI on https_port."""

    def __init__(self, workdir, sites, http_port=None, https_port=None):
        self.workdir = os.path.join(workdir, 'nginx')
        self.sites = list(sites)     # dicts: server_name, webroot, certificate (full chain path), key
        self.http_port = http_port or free_port()
        self.https_port = https_port or free_port()
        self.process = None
        self.config = os.path.join(self.workdir, 'nginx.conf')
        self.log = os.path.join(self.workdir, 'error.log')

    def write_config(self):
        """(Re)write the configuration; HTTPS servers only for sites whose certificate and key exist."""
        os.makedirs(self.workdir, exist_ok=True)
        servers = []
        for site in self.sites:
            servers.append('''    server {
        listen 127.0.0.1:%d;
        server_name %s;
        root %s;
    }''' % (self.http_port, site['server_name'], site['webroot']))
            if os.path.exists(site['certificate']) and os.path.exists(site['key']):
                servers.append('''    server {
        listen 127.0.0.1:%d ssl;
        server_name %s;
        ssl_certificate %s;
        ssl_certificate_key %s;
        root %s;
    }''' % (self.https_port, site['server_name'], site['certificate'], site['key'], site['webroot']))
        tmp = self.workdir
        with open(self.config + '.tmp', 'w') as handle:
            handle.write('''user root;
worker_processes 1;
daemon off;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/error.log info;
events { worker_connections 64; }
http {
    access_log %(tmp)s/access.log;
    client_body_temp_path %(tmp)s/body;
    proxy_temp_path %(tmp)s/proxy;
    fastcgi_temp_path %(tmp)s/fastcgi;
    uwsgi_temp_path %(tmp)s/uwsgi;
    scgi_temp_path %(tmp)s/scgi;
    default_type text/plain;
%(servers)s
}
''' % {'tmp': tmp, 'servers': '\n'.join(servers)})
        os.replace(self.config + '.tmp', self.config)
        return self.config

    def command(self, *args):
        return [find_program('nginx') or 'nginx', '-p', self.workdir, '-c', self.config] + list(args)

    def reload_command(self):
        """The shell command that makes this nginx reload (what the deploy role's handler runs)."""
        return ' '.join(self.command('-s', 'reload'))

    def start(self):
        if not find_program('nginx'):
            raise LabError('nginx (apt package nginx-light) is not installed; run scripts/setup.sh')
        self.write_config()
        check = subprocess.run(self.command('-t'), capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise LabError('nginx -t rejected %s: %s' % (self.config, check.stderr))
        with open(os.path.join(self.workdir, 'stderr.log'), 'w') as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_for(lambda: _port_open(self.http_port), 20, 'nginx', self.process, self.log)
        return self

    def reload(self):
        """Rewrite the configuration (picks up newly deployed certificates) and reload."""
        self.write_config()
        check = subprocess.run(self.command('-t'), capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise LabError('nginx -t rejected %s: %s' % (self.config, check.stderr))
        subprocess.run(self.command('-s', 'reload'), check=True, capture_output=True)
        if any(os.path.exists(site['certificate']) for site in self.sites):
            _wait_for(lambda: _port_open(self.https_port), 20, 'nginx HTTPS', self.process, self.log)

    def stop(self):
        _stop_process(self.process)


def _port_open(port):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=1):
            return True
    except OSError:
        return False


def served_certificate(port, server_name, ca_file, attime=None):
    """Ask the TLS endpoint with openssl s_client -verify_return_error against the CA.

    attime: verify at this UNIX time (the sandbox's clock may run ahead of the real one).
    Returns dict(verified, serial (upper-case hex), subject, output)."""
    openssl = find_program('openssl') or 'openssl'
    command = [openssl, 's_client', '-connect', '127.0.0.1:%d' % port, '-servername', server_name,
               '-verify_return_error', '-CAfile', ca_file, '-verify_hostname', server_name]
    if attime is not None:
        command += ['-attime', str(int(attime))]
    result = subprocess.run(command, input='', capture_output=True, text=True, timeout=30, check=False)
    output = result.stdout + result.stderr
    match = re.search(r'-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----', result.stdout, re.S)
    serial = subject = None
    if match:
        details = subprocess.run([openssl, 'x509', '-noout', '-serial', '-subject', '-ext', 'subjectAltName'],
                                 input=match.group(0), capture_output=True, text=True, check=False)
        found = re.search(r'serial=([0-9A-Fa-f]+)', details.stdout)
        serial = found.group(1).upper() if found else None
        subject = details.stdout
    verified = result.returncode == 0 and 'Verify return code: 0 (ok)' in output
    return {'verified': verified, 'serial': serial, 'subject': subject, 'output': output}


def certificate_serial(path):
    """Serial (upper-case hex) of the first certificate in a PEM file."""
    result = subprocess.run([find_program('openssl') or 'openssl', 'x509', '-noout', '-serial', '-in', path],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip().split('=', 1)[1].upper()


def run_playbook(playbook, inventory, extra_env=None, extra_args=(), log=None, check=False):
    """Run ansible-playbook; returns (returncode, output, recap dict host -> counters)."""
    env = dict(os.environ)
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', _collections_path())
    env.update({'ANSIBLE_FORCE_COLOR': '0', 'ANSIBLE_PIPELINING': 'True', 'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_HOST_KEY_CHECKING': 'False',
                'ANSIBLE_RETRY_FILES_ENABLED': 'False', 'ANSIBLE_STDOUT_CALLBACK': 'default',
                'ANSIBLE_LOCALHOST_WARNING': 'False', 'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'False'})
    env.update(extra_env or {})
    command = [_ansible_playbook(), '-i', inventory, playbook] + list(extra_args)
    if check:
        command.append('--check')
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    output = result.stdout + result.stderr
    if log:
        with open(log, 'a') as handle:
            handle.write('$ %s\n%s\n' % (' '.join(command), output))
    return result.returncode, output, parse_recap(output)


def parse_recap(output):
    recap = {}
    section = output.split('PLAY RECAP', 1)
    if len(section) < 2:
        return recap
    for line in section[1].splitlines():
        match = re.match(r'^(\S+)\s+:\s+(.*)$', line.strip())
        if match:
            recap[match.group(1)] = {key: int(value) for key, value in re.findall(r'(\w+)=(\d+)', match.group(2))}
    return recap


def _ansible_playbook():
    candidate = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return candidate if os.path.exists(candidate) else (shutil.which('ansible-playbook') or 'ansible-playbook')


def _collections_path():
    """Where Ansible finds certops.reseller: the tree we are in when it is .../ansible_collections/certops/reseller,
    else the link scripts/setup.sh makes in .cache/collections."""
    parent = os.path.dirname(os.path.dirname(ROOT))
    if os.path.basename(parent) == 'ansible_collections':
        return os.path.dirname(parent)
    return os.path.join(ROOT, '.cache', 'collections')


class Lab:
    """BIND + sandbox + nginx, and the inventory of local hosts that declares certificates for them."""

    ZONE = 'example.test'

    def __init__(self, workdir=None, names=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix='certops-lab-')
        self.names = names or ['www', 'shop', 'api', 'files', 'broken']
        self.bind = None
        self.sandbox = None
        self.nginx = None

    def fqdn(self, name):
        return '%s.%s' % (name, self.ZONE)

    def start(self, sites):
        """sites: list of dicts server_name, webroot, certificate, key (nginx serves them)."""
        require_programs()
        self.bind = Bind(self.workdir, self.ZONE, {name: '127.0.0.1' for name in self.names}).start()
        self.nginx = Nginx(self.workdir, sites).start()
        self.sandbox = Sandbox(self.workdir, dns_resolver='127.0.0.1:%d' % self.bind.port,
                               http_port=self.nginx.http_port).start()
        return self

    def stop(self):
        for server in (self.nginx, self.sandbox, self.bind):
            if server is not None:
                server.stop()


# ---------------------------------------------------------------------------------------------
# The demo (scripts/demo.sh): one certificate, ordered on the sandbox, validated through BIND,
# deployed on a local "host" directory and served by nginx.

def demo(keep=False, workdir=None):
    import yaml  # ansible's dependency, present in the venv

    lab = Lab(workdir=workdir)
    host_dir = os.path.join(lab.workdir, 'hosts', 'demo-web')
    webroot = os.path.join(host_dir, 'www')
    os.makedirs(webroot, exist_ok=True)
    with open(os.path.join(webroot, 'index.html'), 'w') as handle:
        handle.write('certops.reseller demo\n')
    name = lab.fqdn('www')
    paths = {
        'key': os.path.join(host_dir, 'ssl', 'private', name + '.key'),
        'certificate': os.path.join(host_dir, 'ssl', 'certs', name + '.crt'),
        'chain': os.path.join(host_dir, 'ssl', 'certs', name + '.chain.crt'),
        'fullchain': os.path.join(host_dir, 'ssl', 'certs', name + '.fullchain.crt'),
    }
    sites = [{'server_name': name, 'webroot': webroot, 'certificate': paths['fullchain'], 'key': paths['key']}]
    try:
        print('[demo] starting BIND, nginx and the sandbox in %s' % lab.workdir, flush=True)
        lab.start(sites)
        inventory = os.path.join(lab.workdir, 'inventory.yml')
        with open(inventory, 'w') as handle:
            yaml.safe_dump(demo_inventory(lab, name, host_dir, paths, webroot), handle, sort_keys=False)
        print('[demo] ordering %s on the sandbox (AutoDNS JSON), DNS validation through BIND (nsupdate), deploy'
              % name, flush=True)
        log = os.path.join(lab.workdir, 'ansible.log')
        code, output, _recap = run_playbook(os.path.join(ROOT, 'playbooks', 'demo.yml'), inventory, log=log)
        print(output)
        if code != 0:
            print('[demo] the playbook failed (exit %d); log: %s' % (code, log))
            return code
        lab.nginx.reload()
        ca_file = lab.sandbox.ca_file()
        served = served_certificate(lab.nginx.https_port, name, ca_file)
        expected = certificate_serial(paths['certificate'])
        ok = served['verified'] and served['serial'] == expected
        print('[demo] openssl s_client -connect 127.0.0.1:%d -servername %s -verify_return_error -CAfile %s'
              % (lab.nginx.https_port, name, ca_file))
        print('[demo]   verification: %s, served serial %s, deployed serial %s'
              % ('OK' if served['verified'] else 'FAILED', served['serial'], expected))
        print('')
        print('Where to look:')
        print('  private key (created on the host)  %s' % paths['key'])
        print('  certificate                        %s' % paths['certificate'])
        print('  chain / full chain                 %s / %s' % (paths['chain'], paths['fullchain']))
        print('  nginx                              https://%s:%d/ (127.0.0.1, config %s)'
              % (name, lab.nginx.https_port, lab.nginx.config))
        print('  BIND                               127.0.0.1:%d, zone %s (%s)'
              % (lab.bind.port, lab.ZONE, lab.bind.workdir))
        print('  sandbox                            %s (request log: %s/_sandbox/requests)' % (lab.sandbox.url, lab.sandbox.url))
        print('  sandbox CA                         %s' % ca_file)
        print('  inventory / ansible log            %s / %s' % (inventory, log))
        print('  run summary                        %s' % os.path.join(lab.workdir, 'reports', 'last-run.json'))
        if not ok:
            print('[demo] FAILED: nginx does not serve the ordered certificate:\n%s' % served['output'])
            return 1
        print('[demo] OK: ordered, validated through DNS, deployed and served by nginx')
        if keep:
            print('[demo] servers keep running (--keep); stop them with: kill %d %d %d'
                  % (lab.bind.process.pid, lab.nginx.process.pid, lab.sandbox.process.pid))
            lab.bind = lab.nginx = lab.sandbox = None
        else:
            print('[demo] BIND, nginx and the sandbox are stopped now; the files stay (run with --keep to leave the servers up)')
        return 0
    except LabError as error:
        print('[demo] FAILED: %s' % error)
        return 1
    finally:
        lab.stop()


def demo_inventory(lab, name, host_dir, paths, webroot):
    sandbox = lab.sandbox.url
    return {
        'all': {
            'vars': {
                'ansible_connection': 'local',
                'ansible_python_interpreter': sys.executable,
                'certificate_connections': {
                    'sandbox': {'provider': 'autodns', 'api_format': 'json', 'api_url': sandbox + '/autodns/v1',
                                'username': 'sandbox', 'password': 'sandbox', 'context': 4},
                },
                'certificate_connection': 'sandbox',
                # the run's summary (last-run.json) stays with the lab, not in the operator's ~/certops-reports
                'certops_report_dir': os.path.join(lab.workdir, 'reports'),
            },
            'children': {
                'demo': {
                    'hosts': {
                        'demo-web': {
                            'certificate_base_dir': os.path.join(host_dir, 'ssl'),
                            'certificate_owner': _user_name(),
                            'certificate_group': _group_name(),
                            'certops_certificates': [{
                                'common_name': name,
                                'product': 'BASIC_SSL',
                                'lifetime': 12,
                                'validation_method': 'dns',
                                'dns': {
                                    'backend': 'nsupdate',
                                    'server': '127.0.0.1',
                                    'port': lab.bind.port,
                                    'zone': lab.ZONE,
                                    'key_name': lab.bind.key_name,
                                    'key_secret': lab.bind.key_secret,
                                    'key_algorithm': lab.bind.key_algorithm,
                                    'wait_servers': ['127.0.0.1:%d' % lab.bind.port],
                                    'wait_timeout': 60,
                                    'wait_delay': 1,
                                },
                                'key_path': paths['key'],
                                'certificate_path': paths['certificate'],
                                'chain_path': paths['chain'],
                                'fullchain_path': paths['fullchain'],
                                'reload_commands': [lab.nginx.reload_command()],
                                'job_timeout': 120,
                            }],
                        },
                    },
                },
            },
        },
    }


def _user_name():
    import pwd
    return pwd.getpwuid(os.getuid()).pw_name


def _group_name():
    import grp
    return grp.getgrgid(os.getgid()).gr_name


def main(argv):
    import argparse

    parser = argparse.ArgumentParser(description='certops.reseller lab: BIND + sandbox + nginx on 127.0.0.1')
    sub = parser.add_subparsers(dest='command', required=True)
    run = sub.add_parser('demo', help='order, validate through DNS, deploy and serve one certificate')
    run.add_argument('--keep', action='store_true', help='leave BIND, nginx and the sandbox running')
    run.add_argument('--workdir', help='directory for everything (default: a new temporary directory)')
    args = parser.parse_args(argv)
    if args.command == 'demo':
        return demo(keep=args.keep, workdir=args.workdir)
    return 2


if __name__ == '__main__':
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main(sys.argv[1:]))
