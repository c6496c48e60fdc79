# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers for the sandbox tests: a real server subprocess on 127.0.0.1 (port 0), CSRs, openssl verify.

The simulator modules are imported the way server.py imports them: tests/simulator on sys.path,
``import core``.
"""

import os
import queue
import re
import subprocess
import sys
import threading

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIMULATOR_DIR = os.path.join(REPO_ROOT, 'tests', 'simulator')
SERVER = os.path.join(SIMULATOR_DIR, 'server.py')
if SIMULATOR_DIR not in sys.path:
    sys.path.insert(0, SIMULATOR_DIR)

BANNER = re.compile(r'^sandbox listening on (https?)://127\.0\.0\.1:(\d+)$')


class SandboxProcess:
    """One server subprocess.  .url, .banner, .get/.post/... (requests, relative paths), .stop()."""

    def __init__(self, args, log_path, start_timeout=20):
        self.args = list(args)
        self.log_path = log_path
        self._log = open(log_path, 'ab')
        self.process = subprocess.Popen(
            [sys.executable, SERVER, '--host', '127.0.0.1', '--port', '0'] + self.args,
            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=self._log)
        lines = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.process.stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=start_timeout)
        except queue.Empty:
            self.stop()
            raise RuntimeError('the sandbox did not print its banner in %ss: %s' % (start_timeout, self.stderr()))
        self.banner = line.decode('utf-8').rstrip('\n')
        match = BANNER.match(self.banner)
        if not match:
            self.stop()
            raise RuntimeError('unexpected banner %r; stderr: %s' % (self.banner, self.stderr()))
        self.scheme, self.port = match.group(1), int(match.group(2))
        self.url = '%s://127.0.0.1:%d' % (self.scheme, self.port)
        self.session = requests.Session()

    def stderr(self):
        if not self._log.closed:
            self._log.flush()
        with open(self.log_path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')

    def request(self, method, path, **kwargs):
        kwargs.setdefault('timeout', 30)
        return self.session.request(method, self.url + path, **kwargs)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, **kwargs):
        return self.request('POST', path, **kwargs)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stdout:
            self.process.stdout.close()
        self._log.close()
        if getattr(self, 'session', None):
            self.session.close()


def make_key(kind='ec', bits=2048):
    if kind == 'rsa':
        return rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return ec.generate_private_key(ec.SECP256R1())


def make_csr(names, key=None, common_name=True):
    """(key, csr_pem str) for names (CN = first name unless common_name is False; SAN = all)."""
    key = key or make_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])] if common_name else [])
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(subject)
           .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
           .sign(key, hashes.SHA256()))
    return key, csr.public_bytes(serialization.Encoding.PEM).decode('ascii')


def split_pem(text):
    """The PEM blocks of a bundle, each ending in a newline."""
    return [block + '-----END CERTIFICATE-----\n'
            for block in text.split('-----END CERTIFICATE-----') if '-----BEGIN CERTIFICATE-----' in block]


def openssl_verify(tmp_path, root_pem, intermediate_pem, leaf_pem, extra=()):
    """Run ``openssl verify -CAfile root -untrusted intermediate leaf``: (returncode, output)."""
    paths = []
    for name, text in (('root.pem', root_pem), ('intermediate.pem', intermediate_pem), ('leaf.pem', leaf_pem)):
        path = tmp_path / name
        path.write_text(text.strip() + '\n')
        paths.append(str(path))
    result = subprocess.run(['openssl', 'verify'] + list(extra) + ['-CAfile', paths[0], '-untrusted', paths[1], paths[2]],
                            capture_output=True, text=True, timeout=30, check=False)
    return result.returncode, (result.stdout + result.stderr).strip()


class DnsResponder:
    """A tiny authoritative DNS server on 127.0.0.1 (UDP, port 0) built with dnspython.

    records: {('name.example.', 'TXT'): ['value', ...], ('host.example.', 'A'): ['127.0.0.1']};
    change it while running.  .queries counts the questions received; .address is (host, port).
    """

    def __init__(self, records=None):
        import socket
        self.records = dict(records or {})
        self.queries = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.settimeout(0.2)
        self.address = self.sock.getsockname()
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def resolver(self):
        return '%s:%d' % self.address

    def _serve(self):
        import socket
        import dns.message
        import dns.rdatatype
        import dns.rrset
        while not self._stop.is_set():
            try:
                wire, peer = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            query = dns.message.from_wire(wire)
            response = dns.message.make_response(query)
            for question in query.question:
                name = question.name.to_text().lower()
                rdtype = dns.rdatatype.to_text(question.rdtype)
                self.queries.append((name, rdtype))
                values = self.records.get((name, rdtype), [])
                if values:
                    texts = ['"%s"' % v for v in values] if rdtype == 'TXT' else list(values)
                    response.answer.append(dns.rrset.from_text_list(question.name, 60, 'IN', rdtype, texts))
            self.sock.sendto(response.to_wire(), peer)

    def stop(self):
        self._stop.set()
        self.thread.join(2)
        self.sock.close()


class FileServer:
    """A web server on 127.0.0.1 (port 0) answering GET for files[(host, path)] = content.

    .requests lists (host header, path) of every GET."""

    def __init__(self, files=None):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        owner = self
        self.files = dict(files or {})
        self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                host = (self.headers.get('Host') or '').split(':')[0]
                owner.requests.append((host, self.path))
                content = owner.files.get((host, self.path))
                body = (content or 'not found').encode('utf-8')
                self.send_response(200 if content is not None else 404)
                self.send_header('Content-Type', 'text/plain')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
