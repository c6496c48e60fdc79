# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The certops sandbox: AutoDNS JSON, AutoDNS XML and SSL247 on one shared state (see README.md).

    python tests/simulator/server.py --host 127.0.0.1 --port 0 [--tls-cert F --tls-key F] [--state FILE]
        [--dcv auto|check] [--dns-resolver HOST:PORT] [--http-port N]

Prints ``sandbox listening on http(s)://HOST:PORT`` once it accepts requests.
"""

import argparse
import email.utils
import importlib
import json
import os
import re
import signal
import socket
import ssl
import sys
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import core  # noqa: E402  (needs HERE on sys.path)
import faults  # noqa: E402
import rules  # noqa: E402

# prefix -> (module name, provider, api format); the longest prefix wins
FRONTENDS = (
    ('/autodns/v1', 'autodns_json', 'autodns', 'json'),
    ('/autodns/gateway', 'autodns_xml', 'autodns', 'xml'),
    ('/ssl247/api/v3', 'ssl247', 'ssl247', 'json'),
)
CONTROL_PREFIX = '/_sandbox'
MAX_BODY = 16 * 1024 * 1024


def _json_bytes(data):
    return (json.dumps(data, indent=1, sort_keys=True) + '\n').encode('utf-8')


class FrontendRegistry:
    """Imports front-end modules on first use; a module that is missing or broken answers 501 until fixed."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.loaded = {}
        self.lock = threading.Lock()

    def get(self, module_name):
        """(frontend, None) or (None, error text)."""
        with self.lock:
            if module_name in self.loaded:
                return self.loaded[module_name], None
            try:
                module = importlib.import_module(module_name)
                frontend = module.Frontend(self.sandbox)
            except Exception as exc:  # report any import/constructor problem as 501
                sys.modules.pop(module_name, None)
                return None, '%s: %s' % (type(exc).__name__, exc)
            self.loaded[module_name] = frontend
            return frontend, None


class ControlApi:
    """/_sandbox: clock, reset, request log, approvals, CA bundle, state dump, zones, deposit, faults."""

    def __init__(self, sandbox, injector=None):
        self.sandbox = sandbox
        self.faults = injector if injector is not None else faults.FaultInjector()

    def handle(self, method, path, query, body):
        """(status, content_type, body bytes)."""
        sandbox = self.sandbox
        try:
            data = json.loads(body.decode('utf-8')) if body and body.strip() else {}
        except ValueError:
            return self._error(400, 'the body is not valid JSON')
        route = path.rstrip('/') or '/'
        with sandbox.lock:
            if route == '/requests' and method in ('GET', 'HEAD'):
                entries = sandbox.requests
                for name in ('provider', 'format', 'operation', 'method', 'status', 'fault'):
                    if name in query:
                        entries = [e for e in entries if str(e[name]) == query[name]]
                if 'mutating' in query:
                    wanted = query['mutating'].lower() in ('1', 'true', 'yes')
                    entries = [e for e in entries if e['mutating'] == wanted]
                return self._ok(list(entries))
            if route == '/requests' and method == 'DELETE':
                return self._ok({'cleared': sandbox.clear_requests()})
            if route == '/faults' and method in ('GET', 'HEAD'):
                return self._ok(self.faults.describe())
            if route == '/faults' and method == 'POST':
                try:
                    return self._ok({'added': self.faults.add(data)})
                except (ValueError, TypeError, re.error) as exc:
                    return self._error(400, 'faults: %s' % exc)
            if route == '/faults' and method == 'DELETE':
                return self._ok({'cleared': self.faults.clear()})
            if route == '/reset' and method == 'POST':
                self.faults.clear()
                sandbox.reset()
                return self._ok({'reset': True, 'now': core.isoformat(sandbox.now())})
            if route == '/clock' and method in ('GET', 'HEAD'):
                return self._ok(self._clock())
            if route == '/clock' and method == 'POST':
                days = data.get('advance_days') if isinstance(data, dict) else None
                try:
                    sandbox.advance_clock(days)
                except ValueError as exc:
                    return self._error(400, str(exc))
                return self._ok(self._clock())
            match = re.match(r'^/jobs/([^/]+)/approve$', route)
            if match and method == 'POST':
                try:
                    return self._ok(sandbox.approve_order(match.group(1)))
                except KeyError:
                    return self._error(404, 'job %s not found' % match.group(1))
                except ValueError as exc:
                    return self._error(409, str(exc))
            match = re.match(r'^/jobs/([^/]+)$', route)
            if match and method in ('GET', 'HEAD'):
                order = sandbox.get_order(match.group(1))
                return self._ok(order) if order else self._error(404, 'job %s not found' % match.group(1))
            if route == '/ca.pem' and method in ('GET', 'HEAD'):
                return 200, 'application/x-pem-file', sandbox.ca.bundle_pem.encode('ascii')
            if route == '/state' and method in ('GET', 'HEAD'):
                return self._ok(sandbox.dump())
            if route == '/zones' and method in ('GET', 'HEAD'):
                return self._ok(sandbox.list_zones())
            if route == '/zones' and method == 'POST':
                try:
                    return self._ok(sandbox.create_zone((data or {}).get('origin')))
                except (ValueError, AttributeError) as exc:
                    return self._error(400, 'origin: %s' % exc)
            match = re.match(r'^/zones/([^/]+)$', route)
            if match and method in ('GET', 'HEAD'):
                zone = sandbox.get_zone(match.group(1))
                return self._ok(zone) if zone else self._error(404, 'zone %s not found' % match.group(1))
            if match and method in ('POST', 'PATCH'):
                try:
                    return self._ok(sandbox.zone_update(match.group(1), data.get('adds'), data.get('rems')))
                except KeyError:
                    return self._error(404, 'zone %s not found' % match.group(1))
                except (ValueError, AttributeError) as exc:
                    return self._error(400, str(exc))
            if match and method == 'DELETE':
                try:
                    sandbox.delete_zone(match.group(1))
                except (KeyError, ValueError):
                    return self._error(404, 'zone %s not found' % match.group(1))
                return self._ok({'deleted': match.group(1)})
            if route == '/deposit' and method in ('GET', 'HEAD'):
                return self._ok(sandbox.deposit_info())
            if route == '/deposit' and method == 'POST':
                try:
                    sandbox.set_deposit(data['balance'])
                except (KeyError, TypeError, ValueError, ArithmeticError):
                    return self._error(400, 'body must be {"balance": "123.45"}')
                return self._ok(sandbox.deposit_info())
            if route == '/' and method in ('GET', 'HEAD'):
                return self._ok({'sandbox': 'certops', 'now': core.isoformat(sandbox.now()),
                                 'dcv_mode': sandbox.dcv_mode,
                                 'prefixes': [frontend[0] for frontend in FRONTENDS] + [CONTROL_PREFIX]})
        return self._error(404, 'no control route %s %s%s' % (method, CONTROL_PREFIX, path))

    def _clock(self):
        offset = self.sandbox.state['clock_offset_seconds']
        now = self.sandbox.now()
        # the rule of the sandbox's date (CA/B Forum BR, SC-081v3), so that tests need not copy the table
        return {'now': core.isoformat(now), 'offset_days': offset / 86400.0,
                'max_validity_days': rules.max_validity_days(now), 'dcv_reuse_days': rules.dcv_reuse_days(now)}

    @staticmethod
    def _ok(data):
        return 200, 'application/json', _json_bytes(data)

    @staticmethod
    def _error(status, message):
        return status, 'application/json', _json_bytes({'error': message, 'status': status})


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'certops-sandbox/1.0'

    timeout = 300  # an idle keep-alive connection is closed after this many seconds

    def date_time_string(self, timestamp=None):
        """The Date header tells the sandbox clock (moved by POST /_sandbox/clock), as a provider's
        Date header tells its own: clients judge expiry by the provider's clock."""
        if timestamp is None:
            timestamp = self.server.sandbox.now().timestamp()
        return email.utils.formatdate(timestamp, usegmt=True)

    def setup(self):
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()

    def log_message(self, format, *args):  # quiet: the request log is in /_sandbox/requests
        pass

    def _respond(self, status, content_type, body, headers=None):
        if isinstance(body, str):
            body = body.encode('utf-8')
        body = body or b''
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def _respond_fault(self, fault, headers):
        """Close without an answer, or send the spoiled answer (after ``fault.delay`` seconds)."""
        if fault.action == 'cut':
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if fault.delay:
            time.sleep(fault.delay)
        merged = dict(headers or {})
        merged.update(fault.headers)
        try:
            self._respond(fault.status, fault.content_type or 'application/octet-stream', fault.body or b'', merged)
        except OSError:  # the client gave up waiting (that was the point of a slow answer)
            self.close_connection = True

    def _body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            return self._chunked_body()
        length = self.headers.get('Content-Length')
        if length is None:
            return b''
        try:
            length = int(length)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            raise ValueError('bad Content-Length')
        return self.rfile.read(length) if length else b''

    def _chunked_body(self):
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b';')[0].strip(), 16)
            except ValueError:
                self.close_connection = True
                raise ValueError('bad chunked body')
            if size == 0:
                while self.rfile.readline(1024) not in (b'\r\n', b'\n', b''):
                    pass  # trailers
                return b''.join(chunks)
            total += size
            if total > MAX_BODY:
                self.close_connection = True
                raise ValueError('body too large')
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _dispatch(self):
        server = self.server
        try:
            body = self._body()
        except ValueError as exc:
            self._respond(400, 'application/json', _json_bytes({'error': str(exc), 'status': 400}))
            return
        split = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(split.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(split.query, keep_blank_values=True).items()}
        sandbox = server.sandbox
        try:
            sandbox.tick()
        except Exception:  # never let the engine break a request; show it on stderr
            traceback.print_exc()
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + '/'):
            status, ctype, payload = server.control.handle(self.command, path[len(CONTROL_PREFIX):], query, body)
            self._respond(status, ctype, payload)
            return
        for prefix, module_name, provider, api_format in FRONTENDS:
            if path == prefix or path.startswith(prefix + '/'):
                break
        else:
            self._respond(404, 'application/json', _json_bytes(
                {'error': 'no such API: %s (known: %s)' % (path, ', '.join(frontend[0] for frontend in FRONTENDS)),
                 'status': 404}))
            return
        frontend, problem = server.frontends.get(module_name)
        if frontend is None:
            status, operation, mutating = 501, None, False
            self._respond(status, 'application/json', _json_bytes(
                {'error': 'front-end module %s is not available: %s' % (module_name, problem), 'status': 501}))
        else:
            headers = {k.lower(): v for k, v in self.headers.items()}
            request = core.Request(self.command, path[len(prefix):], query, headers, body)
            injector = server.control.faults
            fault = None
            with sandbox.lock:
                before = faults.snapshot(sandbox) if injector.active else None
                try:
                    reply = frontend.handle(request)
                    status, operation, mutating = int(reply.status), reply.operation, bool(reply.mutating)
                    payload, ctype, extra = reply.body, reply.content_type, getattr(reply, 'headers', None)
                except Exception as exc:  # a front-end bug must still produce an answer
                    traceback.print_exc()
                    status, operation, mutating = 500, None, False
                    payload, ctype, extra = _json_bytes(
                        {'error': 'front-end %s failed: %s: %s' % (module_name, type(exc).__name__, exc),
                         'status': 500}), 'application/json', None
                rule = injector.pick(provider, api_format, self.command, operation) if before is not None else None
                if rule is not None:
                    if not rule.commit:
                        faults.restore(sandbox, before)
                        mutating = False
                    fault = rule.answer(status, ctype, payload or b'', api_format)
                sandbox.log_request(provider, api_format, operation, self.command, path, mutating,
                                    fault.status if fault is not None and fault.status else status,
                                    fault=rule.kind if rule is not None else None)
            if fault is not None:
                self._respond_fault(fault, extra)
                return
            self._respond(status, ctype, payload, extra)
            return
        sandbox.log_request(provider, api_format, operation, self.command, path, mutating, status)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _dispatch


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, sandbox, ssl_context=None):
        if ':' in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.sandbox = sandbox
        self.control = ControlApi(sandbox, faults.FaultInjector())
        self.frontends = FrontendRegistry(sandbox)
        if ssl_context is not None:
            # the handshake runs in the handler thread (first read), not in accept()
            self.socket = ssl_context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='certops sandbox: AutoDNS (JSON, XML) and SSL247 imitation')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0, help='0 picks a free port')
    parser.add_argument('--tls-cert', help='PEM certificate (chain) to serve HTTPS')
    parser.add_argument('--tls-key', help='PEM private key for --tls-cert')
    parser.add_argument('--state', help='JSON state file: loaded at start, written after each change')
    parser.add_argument('--dcv', choices=('auto', 'check'), default='auto')
    parser.add_argument('--dns-resolver', help='HOST:PORT of the DNS server used by --dcv check')
    parser.add_argument('--http-port', type=int, default=80, help='port of the FILE validation check')
    parser.add_argument('--autodns-password', help='the AutoDNS password the sandbox accepts instead of "sandbox" '
                        '(a canary that tests look for in logs)')
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error('--tls-cert and --tls-key go together')
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.autodns_password:
        core.AUTODNS_PASSWORD = args.autodns_password
    sandbox = core.Sandbox(state_path=args.state, dcv_mode=args.dcv, dns_resolver=args.dns_resolver,
                           http_port=args.http_port)
    context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    server = SandboxServer((args.host, args.port), sandbox, context)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    port = server.server_address[1]
    host = args.host if ':' not in args.host else '[%s]' % args.host
    print('sandbox listening on %s://%s:%d' % ('https' if context else 'http', host, port), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
        sandbox.save()


if __name__ == '__main__':
    main()
