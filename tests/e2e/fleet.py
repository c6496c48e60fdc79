# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A fleet of certificates in the sandbox, spread over the expiry windows with the sandbox clock.

Certificates are ordered through the real HTTP APIs (AutoDNS JSON and SSL247, with the collection's own
provider classes) at different sandbox dates, then the clock is moved on so that, at the end, each one has
a known number of days left.  AutoDNS JSON and XML share one account: the XML connection sees the AutoDNS
certificates.
"""

import datetime
import importlib.util
import os
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_COLLECTIONS = os.path.join(ROOT, '.cache', 'collections')
_parent = os.path.dirname(os.path.dirname(ROOT))
if os.path.basename(_parent) == 'ansible_collections':
    _COLLECTIONS = os.path.dirname(_parent)
if _COLLECTIONS not in sys.path:
    sys.path.insert(0, _COLLECTIONS)

from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._http import RequestsTransport  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._model import OrderRequest  # noqa: E402

# (name, connection, product, days left at the end). Terms are 12 months; a certificate is valid as long as the
# rule of its issue date allows (200 days from 2026-03-15, 100 from 2027-03-15), and the ordering dates are
# chosen from it - so no certificate has more than 100 days left at the end (it ends in the summer of 2027).
FLEET = [
    ('old', 'autodns_json', 'BASIC_SSL', -12),
    ('gone', 'ssl247', 'RAPIDSSL', -3),
    ('soon', 'autodns_json', 'BASIC_SSL', 4),
    ('urgent', 'ssl247', 'RAPIDSSL', 6),
    ('month', 'autodns_json', 'BASIC_SSL', 21),
    ('quarter', 'ssl247', 'RAPIDSSL', 60),
    ('later', 'autodns_json', 'BASIC_SSL', 80),
    ('fresh', 'autodns_json', 'BASIC_SSL', 95),
    ('calm', 'ssl247', 'RAPIDSSL', 99),
]
DOMAIN = 'fleet.test'
WINDOWS = {'expiring_7d': 7, 'expiring_30d': 30, 'expiring_90d': 90}
TERM_WINDOWS = {'term_ending_30d': 30, 'term_ending_90d': 90}


def connections(url):
    """The three sandbox connections, as options of the inventory plugin and of certificate_connections."""
    return {
        'autodns_json': {'provider': 'autodns', 'api_format': 'json', 'api_url': url + '/autodns/v1',
                         'username': 'sandbox', 'password': 'sandbox', 'context': 4},
        'autodns_xml': {'provider': 'autodns', 'api_format': 'xml', 'api_url': url + '/autodns/gateway',
                        'username': 'sandbox', 'password': 'sandbox', 'context': 4},
        'ssl247': {'provider': 'ssl247', 'api_url': url + '/ssl247/api/v3',
                   'username': 'ops@example.test', 'api_key': 'sandbox-key'},
    }


def provider_for(url, connection):
    values = dict(connections(url)[connection])
    settings = ConnectionSettings(**values)
    return create_provider(settings, transport=RequestsTransport())


def fqdn(name):
    return '%s.%s' % (name, DOMAIN)


def make_csr(common_name):
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
           .add_extension(x509.SubjectAlternativeName([x509.DNSName(common_name)]), critical=False)
           .sign(key, hashes.SHA256()))
    return csr.public_bytes(serialization.Encoding.PEM).decode('ascii')


def _sandbox_now(sandbox):
    return datetime.datetime.fromisoformat(sandbox.api('GET', '/_sandbox/clock')['now'].replace('Z', '+00:00'))


def _order(sandbox, name, connection, product):
    provider = provider_for(sandbox.url, connection)
    request = OrderRequest(common_name=fqdn(name), product=product, lifetime_months=12, csr=make_csr(fqdn(name)),
                           validation_method='dns')
    job = provider.create_certificate(request)
    deadline = time.time() + 60
    while time.time() < deadline:
        # Any request moves the sandbox engine on; DCV passes 2 sandbox seconds after the order.
        for certificate in provider.list_certificates(common_name=fqdn(name))[0]:
            full = provider.get_certificate(certificate.id, include_pem=False)
            if full.status == 'issued' and (job.certificate_id is None or str(full.id) == str(job.certificate_id)):
                return full
        time.sleep(0.5)
    raise AssertionError('the sandbox did not issue %s' % fqdn(name))


def _validity_rules():
    """The sandbox's own table of the longest validity by issue date (tests/simulator/rules.py)."""
    path = os.path.join(ROOT, 'tests', 'simulator', 'rules.py')
    spec = importlib.util.spec_from_file_location('certops_sandbox_rules', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _order_time(final, entry, not_before):
    """When to order ``entry`` (name, connection, product, days) so that at ``final`` it has its days left: the
    issue date whose longest validity V (the rule of that date, BR 6.3.2) gives ``issue + V = final + days``.
    A 12-month term caps V at 365 days (before 2026-03-15)."""
    rules = _validity_rules()
    name, days = entry[0], entry[3]
    for _start, rule, _reuse in rules.BR_SCHEDULE:
        when = final + datetime.timedelta(days=days) - datetime.timedelta(days=min(rule, 365))
        if rules.max_validity_days(when) == rule and not_before <= when <= final:
            return when
    raise AssertionError('%s cannot have %d days left at the end: no issue date between %s and %s gives it under '
                         'the validity rules of the day' % (name, days, not_before, final))


def build(sandbox):
    """Order the FLEET so that at the end each certificate has its days left; returns
    {name: dict(id, connection, product, days, not_after, serial_number, term_end, days_remaining,
    term_days_remaining)} as the sandbox tells them.  The first certificate's expiry fixes the end."""
    schedule = sorted(FLEET, key=lambda entry: entry[3])
    final = None
    result = {}
    for name, connection, product, days in schedule:
        certificate = _order(sandbox, name, connection, product)
        issued_at = _sandbox_now(sandbox)
        not_after = datetime.datetime.fromisoformat(certificate.not_after.replace('Z', '+00:00'))
        if final is None:
            final = not_after - datetime.timedelta(days=days)
        result[name] = dict(id=str(certificate.id), connection=connection, product=product, days=days,
                            not_after=certificate.not_after, serial_number=certificate.serial_number,
                            term_end=certificate.term_end)
        index = schedule.index((name, connection, product, days))
        if index + 1 < len(schedule):
            # The next certificate is ordered when, at the end, it will have its days left: its validity is the
            # longest of its issue date (BR 6.3.2, as the sandbox applies it), not the first one's.
            target = _order_time(final, schedule[index + 1], issued_at)
        else:
            target = final
        gap = (target - _sandbox_now(sandbox)).total_seconds() / 86400.0
        if gap > 0:
            sandbox.advance_clock(gap)
    # Half a day more: the days left are then whole days minus a bit, never on the edge of a rounding.
    sandbox.advance_clock(0.5)
    now = _sandbox_now(sandbox)
    for entry in result.values():
        expiry = datetime.datetime.fromisoformat(entry['not_after'].replace('Z', '+00:00'))
        entry['days_remaining'] = int((expiry - now).total_seconds() // 86400)
        term_end = datetime.datetime.fromisoformat(entry['term_end'].replace('Z', '+00:00')) if entry['term_end'] else None
        entry['term_days_remaining'] = int((term_end - now).total_seconds() // 86400) if term_end else None
    return result


def expected_groups(days):
    """The expiry groups a certificate with ``days`` left belongs to (default windows)."""
    if days < 0:
        return {'expired'}
    return set(name for name, limit in WINDOWS.items() if days <= limit)


def expected_term_groups(term_days):
    """The term groups a certificate whose paid term ends in ``term_days`` belongs to (default term windows)."""
    if term_days is None:
        return set()
    if term_days < 0:
        return {'term_ended'}
    return set(name for name, limit in TERM_WINDOWS.items() if term_days <= limit)
