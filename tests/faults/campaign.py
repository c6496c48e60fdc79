# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fault campaign: order, renew, reissue, cancel and contact_profile on all three flavours under injected faults.

    python tests/faults/campaign.py [--faults 1000] [--seed 11] [--subset]

Every scenario gets its own common name (or contact e-mail).  What the task needs beforehand (an issued
certificate, a pending order, a contact) is made without faults; then the task runs once through the
sandbox's fault rules (``/_sandbox/faults``): one fault aimed at the task's write, more at random over
all its requests.  That run may fail - with one readable sentence.  Then the same task runs again
without faults, as the next scheduled job would, and must succeed.  Afterwards the sandbox state is
counted: orders per name and action (1), contacts per e-mail (1), SSL247 money against what the task
should cost (the deposit is topped up before every scenario).

It drives the collection's module code in-process over real HTTP (``_module`` functions on a real
provider client), which is what the modules run; the concurrency test (test_concurrency.py) runs real
``ansible-playbook`` processes.  ``--subset`` is the small deterministic campaign the test suite runs.
"""


import argparse
import collections
import datetime
import decimal
import json
import os
import random
import re
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for path in (os.path.join(ROOT, '.cache', 'collections'), os.path.join(ROOT, 'tests', 'sandbox'),
             os.path.join(ROOT, 'tests', 'simulator')):
    if path not in sys.path:
        sys.path.insert(0, path)

from faults import KINDS  # noqa: E402  (tests/simulator/faults.py)
from sandbox_helpers import SandboxProcess, make_csr  # noqa: E402

from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._http import RequestsTransport  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_order import ensure_certificate  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_renew import ensure_renewed  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._http import ServerClockTransport  # noqa: E402
from ansible_collections.certops.reseller.plugins.module_utils._module.contact_profile import run_contact_profile  # noqa: E402

FLAVOURS = collections.OrderedDict([
    ('autodns_json', dict(provider='autodns', api_format='json', path='/autodns/v1', username='sandbox',
                          password='sandbox', product='BASIC_SSL')),
    ('autodns_xml', dict(provider='autodns', api_format='xml', path='/autodns/gateway', username='sandbox',
                         password='sandbox', product='BASIC_SSL')),
    ('ssl247', dict(provider='ssl247', api_format='json', path='/ssl247/api/v3', username='campaign@example.com',
                    api_key='sandbox-key', product='RAPIDSSL')),
])
TASKS = ('order', 'renew', 'reissue', 'cancel', 'contact')

# The write each task must not repeat, as the request log names it.
WRITES = {
    ('autodns', 'order'): '^400101$', ('autodns', 'renew'): '^400106$', ('autodns', 'reissue'): '^400102$',
    ('autodns', 'cancel'): '^(300121|400113|400103)$', ('autodns', 'contact'): '^(400201|400202)$',
    ('ssl247', 'order'): 'place-quick-order', ('ssl247', 'renew'): '/renew$|/order/certificate/complete',
    ('ssl247', 'reissue'): '/reissue$', ('ssl247', 'cancel'): '/cancel$',
    ('ssl247', 'contact'): 'contact-profile/(add|\\{id\\}/edit)$',
}

CLIENT_TIMEOUT = 1.0     # seconds; a "slow" fault answers after SLOW_DELAY, beyond it
SLOW_DELAY = 1.4
DEPOSIT = '100000.00'

# A message a person can read: one line, no Python internals.  (A quoted excerpt of a spoiled answer may show
# a JSON escape such as \n: that is still one line.)
UNREADABLE = re.compile(r'Traceback|\bat 0x[0-9a-f]+|<[a-zA-Z_.]+ object|\n')


def _parse_time(text):
    """The sandbox's ``2026-11-22T10:00:00Z`` -> aware datetime."""
    return datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)


def readable(message):
    message = str(message or '')
    return bool(message.strip()) and len(message) <= 600 and not UNREADABLE.search(message)


class Sandbox(object):
    """The sandbox process plus the control calls the campaign needs."""

    def __init__(self, workdir):
        self.process = SandboxProcess([], os.path.join(workdir, 'sandbox.log'))
        self.url = self.process.url

    def call(self, method, path, body=None):
        response = self.process.request(method, '/_sandbox' + path, json=body)
        response.raise_for_status()
        return response.json()

    def advance(self, seconds):
        self.call('POST', '/clock', {'advance_days': seconds / 86400.0})

    def stop(self):
        self.process.stop()


class Campaign(object):
    def __init__(self, sandbox, seed, verbose=False):
        self.sandbox = sandbox
        self.random = random.Random(seed)
        self.seed = seed
        self.verbose = verbose
        self.number = 0
        self.faults = collections.Counter()             # (flavour, kind) -> injected faults
        self.faulted_writes = collections.Counter()     # flavour -> faults that hit the task's write
        self.duplicate_orders = []
        self.duplicate_contacts = []
        self.extra_money = decimal.Decimal('0')
        self.money_spent = decimal.Decimal('0')
        self.money_expected = decimal.Decimal('0')
        self.money_notes = []
        self.tracebacks = []
        self.unclear = []
        self.first_run = collections.Counter()           # ok / failed
        self.rerun_failures = []
        self.scenarios = collections.Counter()           # (flavour, task) -> count
        self.price = {}

    # -- plumbing -----------------------------------------------------------------------------
    def provider(self, flavour):
        spec = FLAVOURS[flavour]
        settings = ConnectionSettings(provider=spec['provider'], api_url=self.sandbox.url + spec['path'],
                                      api_format=spec['api_format'], username=spec['username'],
                                      password=spec.get('password'), api_key=spec.get('api_key'), context=4,
                                      timeout=CLIENT_TIMEOUT, rate_limit=0)
        transport = ServerClockTransport(RequestsTransport())
        provider = create_provider(settings, transport=transport, backoff_base=0.05, backoff_max=0.5,
                                   max_retry_time=10.0)
        return provider, transport

    def sleep(self, seconds):
        """Waiting moves the sandbox clock instead of the real one (DCV passes in sandbox time)."""
        self.sandbox.advance(max(seconds, 1.0))
        time.sleep(0.01)

    def order_params(self, flavour, common_name, csr, **more):
        params = dict(state='present', common_name=common_name, subject_alternative_names=[],
                      product=FLAVOURS[flavour]['product'], lifetime=12, csr=csr, validation_method='dns',
                      reissue=True, force=False, wait=True, wait_timeout=120)
        params.update(more)
        return params

    def order(self, flavour, params):
        provider, transport = self.provider(flavour)
        return ensure_certificate(provider, params, now=transport.now, sleep=self.sleep)

    def run(self, label, function):
        """-> (ok, result or message).  Collects tracebacks and unclear messages."""
        try:
            return True, function()
        except CertopsError as exc:
            if not readable(str(exc)):
                self.unclear.append('%s: %s' % (label, str(exc)[:300]))
            return False, str(exc)
        except Exception as exc:  # anything else is a traceback a user would see
            self.tracebacks.append('%s: %s' % (label, ''.join(traceback.format_exception_only(type(exc), exc)).strip()))
            if self.verbose:
                traceback.print_exc()
            return False, '%s: %s' % (type(exc).__name__, exc)

    def inject(self, flavour, task, aimed_kind, random_count, probability):
        spec = FLAVOURS[flavour]
        where = dict(provider=spec['provider'], format=spec['api_format'])
        rules = []
        if aimed_kind:
            rules.append(dict(where, kind=aimed_kind, operation=WRITES[(spec['provider'], task)], count=1,
                              retry_after=1, delay=SLOW_DELAY))
        # more rules, one per kind drawn: half aimed at the task's writes (the reruns of a task write again),
        # half at any of its requests - reads, polls and looks included - with a smaller share
        for number in range(random_count):
            rule = dict(where, kind=self.random.choice(sorted(KINDS)), count=1, seed=self.random.randrange(1 << 30),
                        retry_after=1, delay=SLOW_DELAY)
            if number % 2 == 0:
                rule.update(operation=WRITES[(spec['provider'], task)], probability=0.6)
            else:
                rule.update(probability=probability)
            rules.append(rule)
        self.sandbox.call('DELETE', '/faults')
        self.sandbox.call('DELETE', '/requests')
        self.sandbox.call('POST', '/faults', {'rules': rules})

    def collect_faults(self, flavour, task):
        self.sandbox.call('DELETE', '/faults')
        log = self.sandbox.call('GET', '/requests')
        pattern = re.compile(WRITES[(FLAVOURS[flavour]['provider'], task)])
        for entry in log:
            if entry.get('fault'):
                self.faults[(flavour, entry['fault'])] += 1
                if pattern.search(entry.get('operation') or ''):
                    self.faulted_writes[flavour] += 1

    def top_up(self):
        """Fill the deposit; -> how many transactions it had (the task's own come after)."""
        return len(self.sandbox.call('POST', '/deposit', {'balance': DEPOSIT})['transactions'])

    def money(self, since):
        """-> (net amount spent since the top-up, the first charge's amount or None)."""
        moves = [decimal.Decimal(t['amount']) for t in self.sandbox.call('GET', '/deposit')['transactions'][since:]]
        charges = [-amount for amount in moves if amount < 0]
        return -sum(moves, decimal.Decimal('0')), (charges[0] if charges else None)

    def orders_for(self, common_name):
        state = self.sandbox.call('GET', '/state')
        return [o for o in state['orders'].values() if o.get('common_name') == common_name]

    def reissue_into_renewal_window(self, flavour, common_name, label):
        """Since CA/B Forum SC-081v3 a certificate is shorter than its 12-month term (the sandbox follows the
        rule of its date): free reissues keep one valid until the term's renewal window (90 days before its
        end) is open, then the clock stops 85 days before the term's end, where the renewal is due."""
        for _attempt in range(12):
            state = self.sandbox.call('GET', '/state')
            cert = max((c for c in state['certificates'].values() if c.get('common_name') == common_name),
                       key=lambda c: c['id'])
            now, renew_at = _parse_time(state['now']), _parse_time(cert['term_end']) - datetime.timedelta(days=85)
            not_after = _parse_time(cert['not_after'])
            if not_after > renew_at:
                self.sandbox.advance(max((renew_at - now).total_seconds(), 0))
                return True, None
            reissue_at = min(not_after - datetime.timedelta(days=10), renew_at - datetime.timedelta(days=20))
            self.sandbox.advance(max((reissue_at - now).total_seconds(), 0))
            new_csr = make_csr([common_name])[1]
            ok, answer = self.run(label + ' setup reissue', lambda: self.order(
                flavour, self.order_params(flavour, common_name, new_csr)))
            if not ok:
                return False, answer
        return False, 'no certificate reached the renewal window'

    # -- one scenario ---------------------------------------------------------------------------
    def scenario(self, flavour, task, aimed_kind, random_count=3, probability=0.35):
        self.number += 1
        self.scenarios[(flavour, task)] += 1
        label = '%s/%s#%d' % (flavour, task, self.number)
        common_name = 'c%d.%s.campaign.example.com' % (self.number, flavour.replace('_', '-'))
        is_ssl247 = FLAVOURS[flavour]['provider'] == 'ssl247'
        self.sandbox.call('DELETE', '/faults')
        csr = make_csr([common_name])[1]
        expected_charges = 0
        setup_ok = True
        setup_orders = set()   # orders of a renew scenario's setup (its reissues): not the task's own
        if task in ('renew', 'reissue'):
            setup_ok, dummy = self.run(label + ' setup', lambda: self.order(flavour, self.order_params(flavour, common_name, csr)))
            if task == 'renew':
                if setup_ok:
                    setup_ok, dummy = self.reissue_into_renewal_window(flavour, common_name, label)
                setup_orders = set(o['id'] for o in self.orders_for(common_name))
                expected_charges = 1
        elif task == 'cancel':
            setup_ok, dummy = self.run(label + ' setup', lambda: self.order(
                flavour, self.order_params(flavour, common_name, csr, wait=False)))
        elif task == 'order':
            expected_charges = 1
        if not setup_ok:
            self.rerun_failures.append('%s: the setup without faults failed' % label)
            return
        since = self.top_up()

        if task == 'order':
            def attempt():
                return self.order(flavour, self.order_params(flavour, common_name, csr))
        elif task == 'reissue':
            new_csr = make_csr([common_name])[1]

            def attempt():
                return self.order(flavour, self.order_params(flavour, common_name, new_csr))
        elif task == 'cancel':
            def attempt():
                return self.order(flavour, self.order_params(flavour, common_name, None, state='absent', wait=False))
        elif task == 'renew':
            def attempt():
                provider, transport = self.provider(flavour)
                return ensure_renewed(provider, dict(common_name=common_name, product=FLAVOURS[flavour]['product'],
                                                     remaining_days=90, csr=csr, wait=True, wait_timeout=120),
                                      now=transport.now, sleep=self.sleep)
        else:
            email = 'contact%d@campaign.example.com' % self.number
            contact = dict(state='present', email=email, first_name='Ada', last_name='Lovelace%d' % self.number,
                           phone='+44-20-12345678', organization='Campaign Ltd', address=['1 Fault Road'],
                           postal_code='N1 1AA', city='London', country='GB', title='Mr')
            if is_ssl247:
                # SSL247's contact-profile calls take no company (seed 002); the module refuses one
                del contact['organization']
                contact['roles'] = ['admin', 'tech']

            def attempt():
                provider, dummy = self.provider(flavour)
                run_contact_profile(provider, contact, sleep=self.sleep)
                return run_contact_profile(provider, dict(contact, city='Paris'), sleep=self.sleep)

        self.inject(flavour, task, aimed_kind, random_count, probability)
        ok, answer = self.run(label, attempt)
        self.first_run['ok' if ok else 'failed'] += 1
        self.collect_faults(flavour, task)
        if self.verbose and not ok:
            print('  first run of %s failed: %s' % (label, answer))
        ok, answer = self.run(label + ' rerun', attempt)
        if not ok:
            self.rerun_failures.append('%s: %s' % (label, answer))

        # -- count what exists --------------------------------------------------------------------
        if task == 'contact':
            state = self.sandbox.call('GET', '/state')
            same = [c for c in state['contacts'].values() if str(c.get('email') or c.get('mail') or '').lower() == email
                    or email in json.dumps(c)]
            if len(same) != 1:
                self.duplicate_contacts.append('%s: %d contacts for %s' % (label, len(same), email))
        else:
            orders = [o for o in self.orders_for(common_name) if o['id'] not in setup_orders]
            by_action = collections.Counter(o['action'] for o in orders if o['status'] != 'cancelled')
            for action, count in by_action.items():
                if count > 1:
                    self.duplicate_orders.append('%s: %d %s orders for %s' % (label, count, action, common_name))
            if task == 'cancel':
                # the order may have been issued meanwhile (the sandbox clock moves while a run waits): then
                # state=absent revokes it; either way nothing may stay open or issued
                still_open = [o for o in orders if o['status'] in ('pending', 'validating')]
                state = self.sandbox.call('GET', '/state')
                still_issued = [c for c in state['certificates'].values()
                                if c.get('common_name') == common_name and c.get('status') == 'issued']
                if still_open or still_issued:
                    self.rerun_failures.append('%s: after state=absent %d order(s) are open and %d certificate(s) '
                                               'issued' % (label, len(still_open), len(still_issued)))
        if is_ssl247:
            # every charge of one product and term costs the same: the first charge is the unit price
            spent, unit = self.money(since)
            expected = (unit or decimal.Decimal('0')) * expected_charges
            self.money_spent += spent
            self.money_expected += expected
            if spent > expected:
                self.extra_money += spent - expected
                self.money_notes.append('%s: spent %s GBP where %s GBP were expected' % (label, spent, expected))

    # -- the whole campaign -------------------------------------------------------------------------
    def total_faults(self):
        return sum(self.faults.values())

    def report(self, elapsed):
        lines = ['fault campaign (seed %d): %d scenarios in %.0f s' % (self.seed, sum(self.scenarios.values()), elapsed)]
        lines.append('faults injected: %d (%d of them on the task\'s write)' % (
            self.total_faults(), sum(self.faulted_writes.values())))
        kinds = sorted(set(kind for dummy, kind in self.faults))
        header = '  %-20s' % 'kind' + ''.join('%14s' % flavour for flavour in FLAVOURS) + '%8s' % 'total'
        lines.append(header)
        for kind in kinds:
            row = [self.faults[(flavour, kind)] for flavour in FLAVOURS]
            lines.append('  %-20s' % kind + ''.join('%14d' % n for n in row) + '%8d' % sum(row))
        totals = [sum(self.faults[(flavour, kind)] for kind in kinds) for flavour in FLAVOURS]
        lines.append('  %-20s' % 'total' + ''.join('%14d' % n for n in totals) + '%8d' % sum(totals))
        lines.append('scenarios per flavour and task: %s' % ', '.join(
            '%s/%s=%d' % (f, t, n) for (f, t), n in sorted(self.scenarios.items())))
        lines.append('first runs under faults: %d succeeded, %d failed with a sentence' % (
            self.first_run['ok'], self.first_run['failed']))
        lines.append('reruns without faults that failed: %d' % len(self.rerun_failures))
        lines.append('duplicate orders: %d' % len(self.duplicate_orders))
        lines.append('duplicate contacts: %d' % len(self.duplicate_contacts))
        lines.append('SSL247 money: spent %s GBP, expected %s GBP, extra %s GBP' % (
            self.money_spent, self.money_expected, self.extra_money))
        lines.append('tracebacks: %d' % len(self.tracebacks))
        lines.append('unclear messages: %d' % len(self.unclear))
        for title, items in (('rerun failures', self.rerun_failures), ('duplicate orders', self.duplicate_orders),
                             ('duplicate contacts', self.duplicate_contacts), ('extra money', self.money_notes),
                             ('tracebacks', self.tracebacks),
                             ('unclear messages', self.unclear)):
            for item in items[:20]:
                lines.append('  %s: %s' % (title, item))
        return '\n'.join(lines)

    @property
    def clean(self):
        return not (self.duplicate_orders or self.duplicate_contacts or self.tracebacks or self.extra_money > 0
                    or self.rerun_failures or self.unclear)


# The deterministic subset: every fault kind once on the write of every task, on every flavour... trimmed
# to the pairs that matter most and stay within a couple of minutes.
SUBSET = [
    ('order', 'cut_after_commit'), ('order', 'error_after_commit'), ('order', 'slow'), ('order', 'cut_before_commit'),
    ('order', 'truncated'), ('renew', 'cut_after_commit'), ('renew', 'error_after_commit'),
    ('reissue', 'cut_after_commit'), ('cancel', 'error_after_commit'), ('contact', 'cut_after_commit'),
    ('contact', 'html_error'), ('contact', 'rate_limited'),
]


def run_subset(campaign):
    for flavour in FLAVOURS:
        for task, kind in SUBSET:
            campaign.scenario(flavour, task, kind, random_count=0)


def run_full(campaign, wanted_faults, pairs=None):
    kinds = sorted(KINDS)
    while campaign.total_faults() < wanted_faults:
        for flavour in FLAVOURS:
            for task in TASKS:
                campaign.scenario(flavour, task, campaign.random.choice(kinds), random_count=4, probability=0.12)
        print('  ... %d faults so far' % campaign.total_faults(), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--faults', type=int, default=1000, help='inject at least this many faults (full campaign)')
    parser.add_argument('--seed', type=int, default=11)
    parser.add_argument('--subset', action='store_true', help='the small deterministic campaign of the test suite')
    parser.add_argument('--verbose', action='store_true')
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix='certops-faults-')
    os.environ.setdefault('CERTOPS_LOCK_DIR', os.path.join(workdir, 'locks'))
    sandbox = Sandbox(workdir)
    started = time.monotonic()
    campaign = Campaign(sandbox, args.seed, verbose=args.verbose)
    try:
        if args.subset:
            run_subset(campaign)
        else:
            run_full(campaign, args.faults)
    finally:
        sandbox.stop()
    print(campaign.report(time.monotonic() - started))
    return 0 if campaign.clean else 1


if __name__ == '__main__':
    sys.exit(main())
