# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Domain control validation: deterministic tokens, challenge descriptions and the real checks.

Checks (``check_dns``, ``check_file``) do network I/O with short timeouts and must be called
WITHOUT the sandbox lock held.  dnspython is needed only for lookups through ``--dns-resolver``.
"""

import hashlib
import http.client
import socket

try:
    import dns.message
    import dns.query
    import dns.rdatatype
    HAS_DNSPYTHON = True
except ImportError:  # dnspython is only needed for --dcv check with --dns-resolver
    HAS_DNSPYTHON = False

DNS_TTL = 300
DNS_PREFIX = '_dnsauth'
AUTODNS_FILE_PATH = '/.well-known/pki-validation/fileauth.txt'
FILE_DIR = '/.well-known/pki-validation/'
LOOKUP_TIMEOUT = 2.0


def validation_domain(name):
    """The domain a challenge is about: a wildcard ``*.example.com`` is validated as ``example.com``."""
    return name[2:] if name.startswith('*.') else name


def token(public_key_der, domain, day):
    """Deterministic DCV token from (public key DER, domain, sandbox UTC date ``YYYY-MM-DD``)."""
    digest = hashlib.sha256(b'certops-sandbox-dcv\0' + public_key_der + b'\0'
                            + domain.encode('ascii') + b'\0' + day.encode('ascii')).hexdigest()
    return '%s%s' % (day.replace('-', ''), digest[:40])


def ssl247_file_name(public_key_der):
    """SSL247's ``file_auth_filename``: derived from the key (an upper-case hex MD5, like Sectigo's)."""
    return hashlib.md5(public_key_der).hexdigest().upper() + '.txt'  # nosec - a name, not security


def challenge(provider, public_key_der, domain, day, method, approver_email=None):
    """One challenge dict (keys per DESIGN.md) for ``domain`` with ``status`` 'pending'."""
    value = token(public_key_der, domain, day)
    file_path = AUTODNS_FILE_PATH if provider != 'ssl247' else FILE_DIR + ssl247_file_name(public_key_der)
    return {
        'domain': domain,
        'method': method,
        'record_name': '%s.%s' % (DNS_PREFIX, domain),
        'record_type': 'TXT',
        'record_value': value,
        'ttl': DNS_TTL,
        'file_path': file_path,
        'file_content': value,
        'approver_email': approver_email or 'admin@%s' % domain,
        'status': 'pending',
    }


def parse_resolver(text):
    """``HOST:PORT`` (or ``HOST``, port 53; ``[v6]:PORT``) -> (host, port)."""
    if not text:
        return None
    text = text.strip()
    if text.startswith('['):
        host, _sep, rest = text[1:].partition(']')
        port = rest.lstrip(':') or '53'
    elif text.count(':') == 1:
        host, port = text.split(':')
    else:
        host, port = text, '53'
    return host, int(port)


def _query(resolver, name, rdtype):
    """Answer strings for (name, rdtype) asked from resolver (host, port) over UDP (TCP on truncation)."""
    if not HAS_DNSPYTHON:
        raise RuntimeError('dnspython is not installed: cannot query %s:%s' % resolver)
    request = dns.message.make_query(name, rdtype)
    response, _used_tcp = dns.query.udp_with_fallback(request, resolver[0], timeout=LOOKUP_TIMEOUT, port=resolver[1])
    values = []
    for rrset in response.answer:
        for rdata in rrset:
            if rrset.rdtype == dns.rdatatype.TXT:
                values.append(b''.join(rdata.strings).decode('utf-8', 'replace'))
            else:
                values.append(rdata.to_text())
    return values


def unquote(value):
    """A TXT value as zone files write it (``"abc"``) -> ``abc``."""
    value = (value or '').strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value


def check_dns(chal, resolver):
    """(ok, message) for a DNS challenge looked up through resolver (host, port)."""
    if resolver is None:
        return False, 'no DNS resolver configured and the zone of %s is not hosted in the sandbox' % chal['domain']
    try:
        txts = _query(resolver, chal['record_name'], 'TXT')
    except Exception as exc:  # any lookup problem just means "not yet valid"
        return False, 'DNS lookup of %s TXT failed: %s' % (chal['record_name'], exc or type(exc).__name__)
    if chal['record_value'] in [unquote(t) for t in txts]:
        return True, 'TXT record found'
    return False, 'TXT %s does not contain the expected value (found %d record(s))' % (chal['record_name'], len(txts))


def resolve_address(domain, resolver):
    """IPv4 address of domain through resolver (host, port), or the system resolver when resolver is None."""
    if resolver is None:
        return socket.gethostbyname(domain)
    answers = _query(resolver, domain, 'A')
    addresses = [a for a in answers if a.count('.') == 3 and a.replace('.', '').isdigit()]
    if not addresses:
        raise LookupError('no A record for %s' % domain)
    return addresses[0]


def check_file(chal, address, port):
    """(ok, message) for a FILE challenge: GET http://address:port/file_path with Host = domain."""
    conn = http.client.HTTPConnection(address, port, timeout=LOOKUP_TIMEOUT)
    try:
        conn.request('GET', chal['file_path'], headers={'Host': chal['domain'], 'User-Agent': 'certops-sandbox-dcv'})
        response = conn.getresponse()
        body = response.read(65536).decode('utf-8', 'replace')
    except Exception as exc:  # unreachable web server = not yet valid
        return False, 'HTTP GET http://%s%s failed: %s' % (chal['domain'], chal['file_path'], exc or type(exc).__name__)
    finally:
        conn.close()
    if response.status != 200:
        return False, 'HTTP GET http://%s%s answered %d' % (chal['domain'], chal['file_path'], response.status)
    if body.strip().split() and body.strip().split()[0] == chal['file_content']:
        return True, 'file found'
    return False, 'http://%s%s does not contain the expected value' % (chal['domain'], chal['file_path'])
