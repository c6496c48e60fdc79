# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The sandbox core: one shared state behind all provider front-ends (see DESIGN.md, "Core API").

Front-ends import this module as ``core`` (the server puts tests/simulator on sys.path), hold
``sandbox.lock`` for a whole request, and use only the public methods of ``Sandbox``.

Conventions:
- Objects (orders, certificates, contacts, zones) are JSON-serializable dicts.  Getters and lists
  return deep COPIES: change state only through the methods here.
- ``get_*`` returns None for an unknown id.  A mutation on an unknown id raises KeyError; a
  mutation that the object's state does not allow raises ValueError with a readable message.
  A bad CSR or domain name is a ValueError too.
- Ids are integers; every method taking an id also accepts its decimal string.
- Dates inside objects are ISO 8601 UTC strings ``2026-11-22T10:00:00Z``; ``now()`` is an aware datetime.
"""

import copy
import datetime
import decimal
import json
import math
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field

try:  # imported as tests.simulator.core
    from . import ca as ca_module
    from . import dcv
    from . import rules
except ImportError:  # imported as a top-level module (server.py run as a script)
    import ca as ca_module
    import dcv
    import rules

UTC = datetime.timezone.utc

AUTODNS_USER = 'sandbox'
AUTODNS_PASSWORD = 'sandbox'
AUTODNS_CONTEXT = '4'
SSL247_KEY = 'sandbox-key'

START_DEPOSIT = decimal.Decimal('1000.00')
CURRENCY = 'GBP'
AUTO_DCV_SECONDS = 2
CHECK_INTERVAL_SECONDS = 1.0
DCV_GIVE_UP_DAYS = 30
RENEW_WINDOW_DAYS = rules.RENEW_WINDOW_DAYS   # before the end of the paid term (AutoDNS payable)
MAX_LOG_ENTRIES = 20000

ORDER_ACTIVE = ('pending', 'validating')
ORDER_STATUSES = ('pending', 'validating', 'issued', 'failed', 'cancelled')
ORDER_ACTIONS = ('create', 'reissue', 'renew')
METHODS = ('dns', 'file', 'email')

# First id handed out per kind, so that ids of different kinds do not look alike.
ID_BASES = {'order': 300000, 'job': 300000, 'certificate': 500000, 'contact': 700000}


def isoformat(value):
    """Aware datetime -> ``2026-11-22T10:00:00Z``."""
    return value.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')


def parse_iso(text):
    """``2026-11-22T10:00:00Z`` (or any ISO 8601 with offset) -> aware UTC datetime."""
    if isinstance(text, datetime.datetime):
        return text if text.tzinfo else text.replace(tzinfo=UTC)
    value = datetime.datetime.fromisoformat(str(text).replace('Z', '+00:00'))
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def add_months(value, months):
    """value + months calendar months (day clamped to the month's length)."""
    month_index = value.month - 1 + int(months)
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    days_in_month = [31, 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28,
                     31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return value.replace(year=year, month=month, day=min(value.day, days_in_month))


@dataclass
class Request:
    """What a front-end gets.  path: after the prefix ('' for the XML gateway root);
    query: dict name -> last value (str); headers: dict with lower-case names; body: bytes."""
    method: str
    path: str
    query: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    body: bytes = b''

    def json(self):
        """The body parsed as JSON (ValueError when it is not JSON); {} for an empty body."""
        if not self.body or not self.body.strip():
            return {}
        return json.loads(self.body.decode('utf-8'))


@dataclass
class Reply:
    """What a front-end answers.  body: bytes or str (encoded as UTF-8); operation: task code or route
    template for the request log; mutating: the call changed state or spent money; headers: extra headers."""
    status: int
    content_type: str
    body: object
    operation: object = None
    mutating: bool = False
    headers: dict = field(default_factory=dict)

    @classmethod
    def json(cls, status, data, operation=None, mutating=False):
        """A JSON reply."""
        return cls(status, 'application/json', json.dumps(data, indent=1, sort_keys=True), operation, mutating)

    @classmethod
    def text(cls, status, text, operation=None, mutating=False, content_type='text/plain; charset=utf-8'):
        return cls(status, content_type, text, operation, mutating)


def _empty_state():
    return {
        'version': 1,
        'clock_offset_seconds': 0.0,
        'ids': {},
        'orders': {},
        'certificates': {},
        'contacts': {},
        'zones': {},
        'deposit': {'balance': str(START_DEPOSIT), 'currency': CURRENCY, 'transactions': []},
        # provider -> validation domain -> when its DCV last passed (the reuse period counts from there)
        'validations': {},
    }


def _key(identifier):
    """Normalize an id (int or decimal string) to the dict key used in the state."""
    try:
        return str(int(str(identifier).strip()))
    except (TypeError, ValueError):
        return None


class Sandbox:
    """State, lock, clock, ids, persistence, order engine, certificates, contacts, zones, money.

    Sandbox(state_path=None, dcv_mode='auto', dns_resolver=None, http_port=80)
      state_path: JSON file to load at start and write after each mutation (None: memory only).
      dcv_mode: 'auto' (validation passes 2 s of sandbox clock after creation) or 'check' (real checks).
      dns_resolver: 'HOST:PORT' used by 'check' for DNS/FILE lookups (None: hosted zones only;
        FILE then resolves through the system resolver).
      http_port: port the FILE check connects to.
    """

    def __init__(self, state_path=None, dcv_mode='auto', dns_resolver=None, http_port=80):
        if dcv_mode not in ('auto', 'check'):
            raise ValueError('dcv_mode must be auto or check')
        self.lock = threading.RLock()
        self.state_path = state_path
        self.dcv_mode = dcv_mode
        self.resolver = dcv.parse_resolver(dns_resolver) if dns_resolver else None
        self.http_port = int(http_port or 80)
        self.requests = []  # the request log: kept in memory only
        self._last_check = {}  # order key -> time.monotonic() of its last DCV check
        self.state = _empty_state()
        self.ca = None
        if state_path and os.path.exists(state_path):
            with open(state_path, 'r', encoding='utf-8') as handle:
                loaded = json.load(handle)
            ca_data = loaded.pop('ca', None)
            self.state.update(loaded)
            if ca_data:
                self.ca = ca_module.CertificateAuthority.from_dict(ca_data)
        if self.ca is None:
            self.ca = ca_module.CertificateAuthority.create()
            self.save()

    # ------------------------------------------------------------------ persistence, clock, ids
    def save(self):
        """Write the state (and the CA keys) atomically when a state file is configured."""
        if not self.state_path:
            return
        with self.lock:
            data = dict(self.state)
            data['ca'] = self.ca.to_dict()
            text = json.dumps(data, indent=1, sort_keys=True)
            directory = os.path.dirname(os.path.abspath(self.state_path))
            fd, tmp = tempfile.mkstemp(prefix='.sandbox-state-', dir=directory)
            try:
                with os.fdopen(fd, 'w', encoding='utf-8') as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(tmp, 0o600)
                os.replace(tmp, self.state_path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise

    def now(self):
        """Sandbox clock: real UTC now + the offset set through advance_clock()."""
        return datetime.datetime.now(UTC) + datetime.timedelta(seconds=self.state['clock_offset_seconds'])

    def advance_clock(self, days):
        """Move the sandbox clock forward by days (int or float >= 0); returns the new now()."""
        if isinstance(days, bool) or not isinstance(days, (int, float)) or math.isnan(days) or days < 0:
            raise ValueError('advance_days must be a number >= 0')
        with self.lock:
            self.state['clock_offset_seconds'] += float(days) * 86400.0
            self.save()
            return self.now()

    def new_id(self, kind):
        """Next id of kind ('job'/'order' share one counter, 'certificate', 'contact', anything else):
        increasing integers, distinct per kind."""
        kind = 'order' if kind == 'job' else kind
        with self.lock:
            last = self.state['ids'].get(kind, ID_BASES.get(kind, 1000) - 1)
            self.state['ids'][kind] = last + 1
            return last + 1

    def reset(self):
        """Forget everything (orders, certificates, contacts, zones, deposit, clock, request log) but keep the CA."""
        with self.lock:
            self.state = _empty_state()
            self.requests = []
            self._last_check = {}
            self.save()

    def dump(self):
        """The state without secrets (for GET /_sandbox/state)."""
        with self.lock:
            data = copy.deepcopy(self.state)
            for cert in data['certificates'].values():
                cert['status'] = self._certificate_status(cert)
            data['now'] = isoformat(self.now())
            data['dcv_mode'] = self.dcv_mode
            return data

    # ------------------------------------------------------------------ request log
    def log_request(self, provider, api_format, operation, method, path, mutating, status, fault=None):
        """Append one request-log entry (called by the server for every provider request).
        ``fault`` names the injected fault (see faults.py) that spoiled this request, if any."""
        with self.lock:
            self.requests.append({
                'time': isoformat(self.now()), 'provider': provider, 'format': api_format,
                'operation': None if operation is None else str(operation), 'method': method, 'path': path,
                'mutating': bool(mutating), 'status': int(status), 'fault': fault,
            })
            if len(self.requests) > MAX_LOG_ENTRIES:
                del self.requests[:len(self.requests) - MAX_LOG_ENTRIES]

    def clear_requests(self):
        """Empty the request log; returns how many entries it had."""
        with self.lock:
            count = len(self.requests)
            self.requests = []
            return count

    # ------------------------------------------------------------------ accounts
    def check_autodns_auth(self, user, password, context):
        """True for user ``sandbox``, password ``sandbox``, context 4 (int or str)."""
        return user == AUTODNS_USER and password == AUTODNS_PASSWORD and str(context).strip() == AUTODNS_CONTEXT

    def check_ssl247_auth(self, user, password, key):
        """True for API key ``sandbox-key`` and any e-mail address as user; the password is not checked."""
        return key == SSL247_KEY and isinstance(user, str) and '@' in user and not user.startswith('@')

    # ------------------------------------------------------------------ money (SSL247)
    @property
    def deposit(self):
        """Current SSL247 deposit balance as a Decimal (GBP)."""
        return decimal.Decimal(self.state['deposit']['balance'])

    def deposit_info(self):
        """{'balance': '1000.00', 'currency': 'GBP', 'transactions': [{time, amount, description, balance}]}"""
        with self.lock:
            return copy.deepcopy(self.state['deposit'])

    def set_deposit(self, balance):
        """Set the balance (control API, to test "insufficient funds")."""
        value = decimal.Decimal(str(balance)).quantize(decimal.Decimal('0.01'))
        with self.lock:
            self.state['deposit']['balance'] = str(value)
            self.save()
            return value

    def charge(self, amount, description):
        """Take amount (Decimal/str/number, >= 0) from the deposit; False (nothing taken) when insufficient."""
        value = decimal.Decimal(str(amount)).quantize(decimal.Decimal('0.01'))
        if value < 0:
            raise ValueError('cannot charge a negative amount')
        with self.lock:
            balance = self.deposit
            if value > balance:
                return False
            balance -= value
            self.state['deposit']['balance'] = str(balance)
            self.state['deposit']['transactions'].append({
                'time': isoformat(self.now()), 'amount': str(-value), 'description': str(description),
                'balance': str(balance)})
            self.save()
            return True

    def refund(self, amount, description):
        """Give amount back to the deposit (e.g. an order cancelled before issuance)."""
        value = decimal.Decimal(str(amount)).quantize(decimal.Decimal('0.01'))
        with self.lock:
            balance = self.deposit + value
            self.state['deposit']['balance'] = str(balance)
            self.state['deposit']['transactions'].append({
                'time': isoformat(self.now()), 'amount': str(value), 'description': str(description),
                'balance': str(balance)})
            self.save()

    # ------------------------------------------------------------------ DCV helpers
    def order_names(self, csr, common_name=None, sans=None):
        """The names an order is for: common_name (default: the CSR's CN) first, then sans (default:
        the CSR's SAN DNS names), normalized and without duplicates.  ValueError on a bad CSR/name."""
        csr_cn, csr_sans = ca_module.csr_names(csr)
        first = ca_module.normalize_name(common_name) if common_name else csr_cn
        if not first:
            first = csr_sans[0] if csr_sans else None
        if not first:
            raise ValueError('no common name given and the CSR has none')
        names = [first]
        for name in (csr_sans if sans is None else sans):
            name = ca_module.normalize_name(name)
            if name not in names:
                names.append(name)
        return names

    def challenges_for(self, csr, names, method, provider='autodns', approver_email=None, shared_token=False):
        """The DCV challenges an order for (csr, names, method) placed now would get (what prepareOrder
        returns); no state change.  One challenge per validation domain (``*.a.com`` -> ``a.com``).
        approver_email: address for the e-mail method, a str for every domain or a dict name -> address
          (names as ordered, wildcard or not); default ``admin@<domain>``.
        shared_token: every challenge uses the first domain's token and file (SSL247: one
          dns_auth_string / file per certificate)."""
        if method not in METHODS:
            raise ValueError('validation method must be one of dns, file, email (got %r)' % (method,))
        key_der = ca_module.public_key_der(csr)
        day = self.now().strftime('%Y-%m-%d')
        approvers = {}
        if isinstance(approver_email, dict):
            for name, address in approver_email.items():
                approvers[dcv.validation_domain(ca_module.normalize_name(name))] = address
        result = []
        seen = set()
        for name in names:
            domain = dcv.validation_domain(ca_module.normalize_name(name))
            if domain in seen:
                continue
            seen.add(domain)
            address = approvers.get(domain) if isinstance(approver_email, dict) else approver_email
            chal = dcv.challenge(provider, key_der, domain, day, method, address)
            if shared_token and result:
                for field_name in ('record_value', 'file_path', 'file_content'):
                    chal[field_name] = result[0][field_name]
            result.append(chal)
        return result

    # ------------------------------------------------------------------ orders
    def create_order(self, provider, common_name, sans, csr, product, months, method, approver_email=None,
                     provisioning=False, contacts=None, action='create', certificate_id=None, extra=None,
                     order_id=None, shared_token=False, term_end=None):
        """Place an order (job) and return it (status 'pending').

        provider: 'autodns' | 'ssl247'.  common_name / sans: None = take them from the CSR.
        method: dns | file | email.  action: create | reissue | renew.
        certificate_id: the id the certificate is issued INTO.  None: a new certificate id is allocated
          at issuance.  AutoDNS reissue/renew passes the existing id (the certificate is replaced in place
          when issued; a reissue keeps the old not_after).  SSL247 reserves a fresh id with
          ``new_id('certificate')`` at order time (also for a renewal: pass the old one in
          ``extra={'renewal_of': old_id}``) so that the id can be shown before issuance
          (``order_for_certificate(id)`` finds the order again).
        provisioning: with the dns method, the sandbox publishes the TXT record itself in zones it hosts.
        contacts: dict such as {'admin': id, 'technical': id} stored as given.
        extra: front-end specific JSON-serializable data, copied into the certificate at issuance.
        order_id: use this id instead of new_id('order') (e.g. an SSL247 order number reserved earlier).
        approver_email / shared_token: as for challenges_for() (a dict approver_email is stored as given).
        term_end: the end of the paid term the certificate belongs to (ISO text or datetime; SSL247: order
          date + years).  None: the core's AutoDNS reading (create: issuance + months; reissue: the
          certificate's term; renew: that term, or now when it has ended, + months).
        A reissue or renewal whose names were all validated within the reuse period of the day
        (rules.dcv_reuse_days) needs no new DCV: those challenges start 'valid' (``reused``: true) and
        the order is issued at the next tick; any other name waits for its DCV like a new order.
        The renewal window and the term are NOT enforced here: front-ends check ``can_renew(cert)`` /
        ``term_ended(cert)`` and answer with their provider's error.  ValueError on a bad CSR, name,
        method, action or months.
        """
        if provider not in ('autodns', 'ssl247'):
            raise ValueError('unknown provider %r' % (provider,))
        if action not in ORDER_ACTIONS:
            raise ValueError('action must be create, reissue or renew')
        method = (method or '').lower()
        if method not in METHODS:
            raise ValueError('validation method must be one of dns, file, email (got %r)' % (method,))
        try:
            months = int(months)
        except (TypeError, ValueError):
            raise ValueError('the lifetime in months must be a whole number')
        if months < 1 or months > 120:
            raise ValueError('the lifetime in months must be between 1 and 120')
        if isinstance(csr, bytes):
            csr = csr.decode('utf-8', 'replace')
        with self.lock:
            names = self.order_names(csr, common_name, sans)
            challenges = self.challenges_for(csr, names, method, provider, approver_email, shared_token)
            if certificate_id is not None and _key(certificate_id) is None:
                raise ValueError('certificate id %r is not a number' % (certificate_id,))
            identifier = int(order_id) if order_id is not None else self.new_id('order')
            now = isoformat(self.now())
            order = {
                'id': identifier, 'provider': provider, 'action': action, 'status': 'pending',
                'created': now, 'updated': now, 'method': method, 'names': names, 'common_name': names[0],
                'csr': csr.strip() + '\n', 'product': product, 'months': months, 'challenges': challenges,
                'approver_email': approver_email, 'provisioning': bool(provisioning),
                'contacts': copy.deepcopy(contacts) if contacts else {},
                'certificate_id': int(_key(certificate_id)) if certificate_id is not None else None,
                'message': 'order received', 'extra': copy.deepcopy(extra) if extra else {},
                'term_end': isoformat(parse_iso(term_end)) if term_end else None,
            }
            if action in ('reissue', 'renew'):
                self._reuse_validations(order)
            self.state['orders'][str(identifier)] = order
            self.save()
            return copy.deepcopy(order)

    def get_order(self, order_id):
        """The order (copy) or None."""
        with self.lock:
            order = self.state['orders'].get(_key(order_id))
            return copy.deepcopy(order) if order else None

    def list_orders(self, provider=None, active=None):
        """Orders by id; provider filters; active True -> pending/validating only, False -> finished only."""
        with self.lock:
            result = []
            for order in sorted(self.state['orders'].values(), key=lambda o: o['id']):
                if provider and order['provider'] != provider:
                    continue
                if active is not None and (order['status'] in ORDER_ACTIVE) != bool(active):
                    continue
                result.append(copy.deepcopy(order))
            return result

    def order_for_certificate(self, certificate_id):
        """The newest order that issues (or issued) into certificate_id, or None."""
        wanted = _key(certificate_id)
        with self.lock:
            found = None
            for order in self.state['orders'].values():
                if order.get('certificate_id') is not None and str(order['certificate_id']) == wanted:
                    if found is None or order['id'] > found['id']:
                        found = order
            return copy.deepcopy(found) if found else None

    def update_order(self, order_id, fields):
        """Merge fields into the order's ``extra`` dict (front-end data such as a comment); returns the order."""
        with self.lock:
            order = self._order(order_id)
            order['extra'].update(copy.deepcopy(fields))
            order['updated'] = isoformat(self.now())
            self.save()
            return copy.deepcopy(order)

    def cancel_order(self, order_id):
        """pending/validating -> cancelled; ValueError once issued/failed/cancelled.  Returns the order."""
        with self.lock:
            order = self._order(order_id)
            if order['status'] not in ORDER_ACTIVE:
                raise ValueError('order %s is %s and can no longer be cancelled' % (order['id'], order['status']))
            self._set_status(order, 'cancelled', 'cancelled on request')
            self.save()
            return copy.deepcopy(order)

    def approve_order(self, order_id):
        """E-mail DCV: the approver clicked the link.  Marks the challenges valid and issues at once.
        ValueError when the order does not use the e-mail method or is no longer active."""
        with self.lock:
            order = self._order(order_id)
            if order['status'] not in ORDER_ACTIVE:
                raise ValueError('order %s is %s: nothing to approve' % (order['id'], order['status']))
            if order['method'] != 'email':
                raise ValueError('order %s uses %s validation, not e-mail' % (order['id'], order['method']))
            for chal in order['challenges']:
                chal['status'] = 'valid'
            if order['status'] == 'pending':
                self._set_status(order, 'validating', 'waiting for domain control validation')
            self._issue(order)
            self.save()
            return copy.deepcopy(order)

    def _order(self, order_id):
        order = self.state['orders'].get(_key(order_id))
        if order is None:
            raise KeyError('order %s not found' % (order_id,))
        return order

    def _set_status(self, order, status, message):
        order['status'] = status
        order['message'] = message
        order['updated'] = isoformat(self.now())

    # ------------------------------------------------------------------ DCV reuse (BR 4.2.1, ballot SC-081v3)
    def last_validation(self, provider, domain):
        """When the DCV of ``domain`` (a validation domain: ``*.a.com`` is ``a.com``) last passed in an order
        of ``provider`` (each provider's CA keeps its own), or None."""
        with self.lock:
            text = self.state.setdefault('validations', {}).get(provider, {}).get(domain)
            return parse_iso(text) if text else None

    def validation_reusable(self, provider, domain, at=None):
        """True when the last validation of ``domain`` is at most rules.dcv_reuse_days(at) days old at ``at``."""
        at = at or self.now()
        last = self.last_validation(provider, domain)
        return last is not None and at - last <= datetime.timedelta(days=rules.dcv_reuse_days(at))

    def _reuse_validations(self, order):
        now = self.now()
        for chal in order['challenges']:
            if self.validation_reusable(order['provider'], chal['domain'], now):
                chal['status'] = 'valid'
                chal['reused'] = True
                chal['validated'] = isoformat(self.last_validation(order['provider'], chal['domain']))

    def _reuse_expired(self, order, now):
        """Reused validations that grew too old before the issuance go back to 'pending' (True if any did)."""
        expired = False
        for chal in order['challenges']:
            if chal.get('reused') and chal['status'] == 'valid' \
                    and not self.validation_reusable(order['provider'], chal['domain'], now):
                chal['status'] = 'pending'
                chal['reused'] = False
                expired = True
        return expired

    def _record_validations(self, order, when):
        known = self.state.setdefault('validations', {}).setdefault(order['provider'], {})
        for chal in order['challenges']:
            if chal['status'] == 'valid' and not chal.get('reused'):
                known[chal['domain']] = isoformat(when)

    # ------------------------------------------------------------------ the engine
    def tick(self):
        """Advance every active order: pending -> validating, then DCV (auto or check) -> issued/failed.
        Network checks run without the lock held (unless the caller holds it)."""
        due = []
        with self.lock:
            changed = False
            now = self.now()
            for key, order in self.state['orders'].items():
                if order['status'] == 'pending':
                    self._set_status(order, 'validating', 'waiting for domain control validation')
                    if order['provisioning'] and order['method'] == 'dns':
                        self._provision(order)
                    changed = True
                if order['status'] != 'validating':
                    continue
                if now - parse_iso(order['created']) > datetime.timedelta(days=DCV_GIVE_UP_DAYS):
                    self._set_status(order, 'failed', 'domain control validation not completed within %d days'
                                     % DCV_GIVE_UP_DAYS)
                    changed = True
                    continue
                if all(chal['status'] == 'valid' for chal in order['challenges']):
                    changed = True
                    if not self._reuse_expired(order, now):  # every name validated within the reuse period
                        self._issue(order)
                        continue
                if self.dcv_mode == 'auto':
                    if now - parse_iso(order['created']) >= datetime.timedelta(seconds=AUTO_DCV_SECONDS):
                        for chal in order['challenges']:
                            chal['status'] = 'valid'
                        self._issue(order)
                        changed = True
                    continue
                if order['method'] == 'email':
                    continue  # only approve_order() validates e-mail
                last = self._last_check.get(key)
                if last is not None and time.monotonic() - last < CHECK_INTERVAL_SECONDS:
                    continue
                self._last_check[key] = time.monotonic()
                hosted = [self._hosted_lookup(chal) for chal in order['challenges']]
                due.append((key, copy.deepcopy(order['challenges']), hosted))
            if changed:
                self.save()
        if not due:
            return
        results = {key: [self._check(chal, hosted_answer) for chal, hosted_answer in zip(chals, hosted)]
                   for key, chals, hosted in due}
        with self.lock:
            changed = False
            for key, outcome in results.items():
                order = self.state['orders'].get(key)
                if order is None or order['status'] != 'validating':
                    continue
                messages = []
                for chal, (ok, message) in zip(order['challenges'], outcome):
                    if ok and chal['status'] != 'valid':
                        chal['status'] = 'valid'
                        changed = True
                    if not ok:
                        messages.append('%s: %s' % (chal['domain'], message))
                if all(chal['status'] == 'valid' for chal in order['challenges']):
                    self._issue(order)
                    changed = True
                elif messages and order['message'] != '; '.join(messages):
                    order['message'] = '; '.join(messages)
                    order['updated'] = isoformat(self.now())
                    changed = True
            if changed:
                self.save()

    def _hosted_zone_for(self, name):
        """The hosted zone origin that contains name (longest match) or None."""
        best = None
        for origin in self.state['zones']:
            if (name == origin or name.endswith('.' + origin)) and (best is None or len(origin) > len(best)):
                best = origin
        return best

    def _relative(self, name, origin):
        return '' if name == origin else name[:-len(origin) - 1]

    def _hosted_lookup(self, chal):
        """What the hosted zones say for a challenge (looked up under the lock):
        None when the relevant zone is not hosted, else a list of values (TXT, or A for the file method)."""
        if chal['method'] == 'file':
            origin = self._hosted_zone_for(chal['domain'])
            if origin is None:
                return None
            rel = self._relative(chal['domain'], origin)
            return [r['value'] for r in self.state['zones'][origin]['records']
                    if r['name'] == rel and r['type'] == 'A']
        origin = self._hosted_zone_for(chal['record_name'])
        if origin is None:
            return None
        rel = self._relative(chal['record_name'], origin)
        return [dcv.unquote(r['value']) for r in self.state['zones'][origin]['records']
                if r['name'] == rel and r['type'] == 'TXT']

    def _check(self, chal, hosted):
        """(ok, message) for one challenge; no lock needed."""
        if chal['status'] == 'valid':
            return True, 'valid'
        if chal['method'] == 'dns':
            if hosted is not None:
                if chal['record_value'] in hosted:
                    return True, 'TXT record found in the hosted zone'
                return False, 'TXT %s not found in the zone hosted by the sandbox' % chal['record_name']
            return dcv.check_dns(chal, self.resolver)
        if hosted:
            address = hosted[0]
        else:
            try:
                address = dcv.resolve_address(chal['domain'], self.resolver)
            except Exception as exc:  # unresolvable = not yet valid
                return False, 'cannot resolve %s: %s' % (chal['domain'], exc or type(exc).__name__)
        return dcv.check_file(chal, address, self.http_port)

    def _provision(self, order):
        """Publish the DNS challenges in hosted zones (AutoDNS provisioning)."""
        for chal in order['challenges']:
            origin = self._hosted_zone_for(chal['record_name'])
            if origin is None:
                continue
            rel = self._relative(chal['record_name'], origin)
            self._zone_apply(origin, [{'name': rel, 'type': 'TXT', 'value': chal['record_value'],
                                       'ttl': chal['ttl']}], [])

    def _issue(self, order):
        """Sign the certificate for a validated order and store it; the order becomes issued (or failed)."""
        now = self.now().replace(microsecond=0)
        # not_before never lies in the real future, so that openssl & co accept the certificate today
        # even after the sandbox clock was advanced; not_after and the renewal window follow the sandbox clock.
        not_before = min(now, datetime.datetime.now(UTC).replace(microsecond=0))
        cert_key = _key(order['certificate_id']) if order.get('certificate_id') is not None else None
        existing = self.state['certificates'].get(cert_key) if cert_key else None
        term_end = self._term_end_at_issuance(order, existing, now)
        # The rule of the issue date (BR 6.3.2) and, inside a paid term, never past the term's end.
        not_after = min(rules.latest_not_after(now), term_end)
        if not_after <= now:
            self._set_status(order, 'failed', 'the paid term ended on %s: nothing can be issued in it any more'
                             % isoformat(term_end))
            return
        try:
            pem, chain, serial = self.ca.issue(order['csr'], order['names'], not_before, not_after)
        except ValueError as exc:
            self._set_status(order, 'failed', 'the CA refused the order: %s' % exc)
            return
        if cert_key is None:
            cert_key = str(self.new_id('certificate'))
            order['certificate_id'] = int(cert_key)
        cert = {
            'id': int(cert_key), 'provider': order['provider'], 'common_name': order['names'][0],
            'names': list(order['names']), 'product': order['product'], 'months': order['months'],
            'csr': order['csr'], 'pem': pem, 'chain': chain, 'serial': serial,
            'not_before': isoformat(not_before), 'not_after': isoformat(not_after), 'status': 'issued',
            'order_id': order['id'], 'contacts': copy.deepcopy(order['contacts']),
            'created': existing['created'] if existing else isoformat(now), 'updated': isoformat(now),
            'method': order['method'], 'extra': copy.deepcopy(order['extra']),
            'history': [],
            # issued: the sandbox time of issuance (not_before may be earlier, see above); term_end: the end of
            # the paid term (AutoDNS payable, SSL247 order date + years)
            'issued': isoformat(now), 'term_end': isoformat(term_end),
        }
        if existing:
            cert['history'] = existing.get('history', []) + [{
                'serial': existing['serial'], 'not_before': existing['not_before'],
                'not_after': existing['not_after'], 'order_id': existing['order_id']}]
            merged = copy.deepcopy(existing.get('extra', {}))
            merged.update(cert['extra'])
            cert['extra'] = merged
        self.state['certificates'][cert_key] = cert
        self._record_validations(order, now)
        self._set_status(order, 'issued', 'certificate issued')

    def _term_end_at_issuance(self, order, existing, now):
        """The end of the paid term the certificate of ``order`` is issued in (see create_order's term_end)."""
        if order.get('term_end'):
            return parse_iso(order['term_end'])
        if order['action'] == 'reissue' and existing:
            return self.term_end_of(existing)
        if order['action'] == 'renew':
            previous = existing
            if previous is None and (order.get('extra') or {}).get('renewal_of') is not None:
                previous = self.state['certificates'].get(_key(order['extra']['renewal_of']))
            # renewed before its end the term goes on from there; a term that has ended starts again now
            start = max(self.term_end_of(previous), now) if previous else now
            return add_months(start, order['months'])
        return add_months(now, order['months'])

    def planned_not_after(self, order):
        """The notAfter the certificate of a not yet issued ``order`` would get if it were issued when it was
        placed (what a job shows before issuance)."""
        with self.lock:
            placed = parse_iso(order['created'])
            existing = None
            if order.get('certificate_id') is not None:
                existing = self.state['certificates'].get(_key(order['certificate_id']))
            return min(rules.latest_not_after(placed), self._term_end_at_issuance(order, existing, placed))

    # ------------------------------------------------------------------ certificates
    def _certificate_status(self, cert):
        if cert['status'] == 'issued' and self.now() >= parse_iso(cert['not_after']):
            return 'expired'
        return cert['status']

    def _certificate(self, certificate_id):
        cert = self.state['certificates'].get(_key(certificate_id))
        if cert is None:
            raise KeyError('certificate %s not found' % (certificate_id,))
        return cert

    def get_certificate(self, certificate_id):
        """The certificate (copy, status computed from the clock) or None."""
        with self.lock:
            cert = self.state['certificates'].get(_key(certificate_id))
            if cert is None:
                return None
            result = copy.deepcopy(cert)
            result['status'] = self._certificate_status(cert)
            return result

    def list_certificates(self, provider=None, name=None, product=None):
        """Certificates by id; name matches the common name or any SAN (exact, case-insensitive)."""
        wanted = name.lower().rstrip('.') if name else None
        with self.lock:
            result = []
            for cert in sorted(self.state['certificates'].values(), key=lambda c: c['id']):
                if provider and cert['provider'] != provider:
                    continue
                if product and cert['product'] != product:
                    continue
                if wanted and wanted != cert['common_name'] and wanted not in cert['names']:
                    continue
                item = copy.deepcopy(cert)
                item['status'] = self._certificate_status(cert)
                result.append(item)
            return result

    def update_certificate(self, certificate_id, fields):
        """Merge fields into the certificate's ``extra`` dict (e.g. a comment); returns the certificate."""
        with self.lock:
            cert = self._certificate(certificate_id)
            cert['extra'].update(copy.deepcopy(fields))
            cert['updated'] = isoformat(self.now())
            self.save()
            return self.get_certificate(certificate_id)

    def revoke_certificate(self, certificate_id):
        """issued -> revoked (ValueError if already revoked/cancelled)."""
        return self._end_certificate(certificate_id, 'revoked')

    def cancel_certificate(self, certificate_id):
        """issued -> cancelled (ValueError if already revoked/cancelled)."""
        return self._end_certificate(certificate_id, 'cancelled')

    def _end_certificate(self, certificate_id, status):
        with self.lock:
            cert = self._certificate(certificate_id)
            if cert['status'] in ('revoked', 'cancelled'):
                raise ValueError('certificate %s is already %s' % (cert['id'], cert['status']))
            cert['status'] = status
            cert['updated'] = isoformat(self.now())
            cert[status] = cert['updated']
            self.save()
            return self.get_certificate(certificate_id)

    # ------------------------------------------------------------------ paid terms
    def _as_certificate(self, cert):
        if not isinstance(cert, dict):
            found = self.get_certificate(cert)
            if found is None:
                raise KeyError('certificate %s not found' % (cert,))
            return found
        return cert

    def term_end_of(self, cert):
        """The end of the paid term (AutoDNS payable) of cert (dict or id); a certificate stored before terms
        existed: created + months."""
        cert = self._as_certificate(cert)
        if cert.get('term_end'):
            return parse_iso(cert['term_end'])
        return add_months(parse_iso(cert['created']), cert['months'])

    def term_ended(self, cert, at=None):
        """True when the paid term of cert is over (no reissue any more, only a renewal or a new order)."""
        return (at or self.now()) >= self.term_end_of(cert)

    def renewable_from(self, cert):
        """When a renewal becomes allowed: the end of the paid term - 90 days (cert: dict or id)."""
        return self.term_end_of(cert) - datetime.timedelta(days=RENEW_WINDOW_DAYS)

    def can_renew(self, cert):
        """True when now() >= renewable_from(cert)."""
        return self.now() >= self.renewable_from(cert)

    def reissue_required(self, cert, at=None):
        """Our reading of AutoDNS reissueRequired: the current certificate ends before the paid term does and is
        in the last third of its validity (or past it) while the term still runs - the turn-over point of
        certbot and cert-manager."""
        cert = self._as_certificate(cert)
        at = at or self.now()
        not_after = parse_iso(cert['not_after'])
        issued = parse_iso(cert.get('issued') or cert['not_before'])
        term_end = self.term_end_of(cert)
        if cert['status'] in ('revoked', 'cancelled') or not_after >= term_end or at >= term_end:
            return False
        return at >= not_after - (not_after - issued) / 3

    def reissue_status(self, cert, at=None):
        """Our values for the opaque AutoDNS reissueStatus: IN_PROGRESS (a reissue job runs), REQUIRED
        (reissue_required), COMPLETED (the current certificate came from a reissue), NONE."""
        cert = self._as_certificate(cert)
        with self.lock:
            newest = self.order_for_certificate(cert['id'])
            current = self.state['orders'].get(_key(cert.get('order_id')))
        if newest and newest['action'] == 'reissue' and newest['status'] in ORDER_ACTIVE:
            return 'IN_PROGRESS'
        if self.reissue_required(cert, at):
            return 'REQUIRED'
        if current and current['action'] == 'reissue':
            return 'COMPLETED'
        return 'NONE'

    # ------------------------------------------------------------------ contacts
    def create_contact(self, provider, fields):
        """Store a contact: fields (dict) plus id, provider, created, updated.  Returns it."""
        with self.lock:
            identifier = self.new_id('contact')
            now = isoformat(self.now())
            contact = copy.deepcopy(dict(fields or {}))
            contact.update({'id': identifier, 'provider': provider, 'created': now, 'updated': now})
            self.state['contacts'][str(identifier)] = contact
            self.save()
            return copy.deepcopy(contact)

    def get_contact(self, contact_id):
        """The contact or None."""
        with self.lock:
            contact = self.state['contacts'].get(_key(contact_id))
            return copy.deepcopy(contact) if contact else None

    def update_contact(self, contact_id, fields):
        """Merge fields into the contact (id/provider/created cannot change); KeyError if unknown."""
        with self.lock:
            contact = self.state['contacts'].get(_key(contact_id))
            if contact is None:
                raise KeyError('contact %s not found' % (contact_id,))
            for name, value in (fields or {}).items():
                if name not in ('id', 'provider', 'created', 'updated'):
                    contact[name] = copy.deepcopy(value)
            contact['updated'] = isoformat(self.now())
            self.save()
            return copy.deepcopy(contact)

    def delete_contact(self, contact_id):
        """Remove the contact; KeyError if unknown."""
        with self.lock:
            if self.state['contacts'].pop(_key(contact_id), None) is None:
                raise KeyError('contact %s not found' % (contact_id,))
            self.save()

    def list_contacts(self, provider=None):
        """Contacts by id, optionally of one provider."""
        with self.lock:
            return [copy.deepcopy(c) for c in sorted(self.state['contacts'].values(), key=lambda c: c['id'])
                    if not provider or c['provider'] == provider]

    # ------------------------------------------------------------------ zones (hosted at AutoDNS)
    def create_zone(self, origin):
        """Declare a zone hosted by AutoDNS (idempotent); returns {origin, records, created, updated}."""
        origin = ca_module.normalize_name(origin)
        with self.lock:
            zone = self.state['zones'].get(origin)
            if zone is None:
                now = isoformat(self.now())
                zone = {'origin': origin, 'records': [], 'created': now, 'updated': now}
                self.state['zones'][origin] = zone
                self.save()
            return copy.deepcopy(zone)

    def get_zone(self, origin):
        """The zone or None.  Records: {name (relative, '' = apex), type, value, ttl}."""
        try:
            origin = ca_module.normalize_name(origin)
        except ValueError:
            return None
        with self.lock:
            zone = self.state['zones'].get(origin)
            return copy.deepcopy(zone) if zone else None

    def list_zones(self):
        with self.lock:
            return [copy.deepcopy(self.state['zones'][name]) for name in sorted(self.state['zones'])]

    def delete_zone(self, origin):
        """Stop hosting a zone; KeyError if unknown."""
        with self.lock:
            if self.state['zones'].pop(ca_module.normalize_name(origin), None) is None:
                raise KeyError('zone %s not found' % origin)
            self.save()

    def zone_update(self, origin, adds, rems):
        """Apply a stream update: rems removed first (a rem without value removes every record of that
        name+type; ttl ignored), then adds appended (an identical name+type+value replaces the old ttl).
        Record names are relative to the zone ('' or '@' = apex; an absolute name ending in '.' is made
        relative).  KeyError if the zone is not hosted; ValueError on a malformed record."""
        with self.lock:
            origin = ca_module.normalize_name(origin)
            if origin not in self.state['zones']:
                raise KeyError('zone %s not found' % origin)
            zone = self._zone_apply(origin, adds or [], rems or [])
            self.save()
            return copy.deepcopy(zone)

    def _record(self, origin, record, need_value):
        if not isinstance(record, dict):
            raise ValueError('a record must be an object with name, type, value, ttl')
        name = str(record.get('name') or '').strip().lower()
        if name in ('@',):
            name = ''
        if name.endswith('.'):
            absolute = name.rstrip('.')
            if absolute == origin:
                name = ''
            elif absolute.endswith('.' + origin):
                name = absolute[:-len(origin) - 1]
            else:
                raise ValueError('record %s is outside zone %s' % (name, origin))
        rtype = str(record.get('type') or '').strip().upper()
        if not rtype:
            raise ValueError('a record needs a type')
        value = record.get('value')
        if need_value and (value is None or str(value) == ''):
            raise ValueError('record %s %s needs a value' % (name or '@', rtype))
        try:
            ttl = int(record.get('ttl') or dcv.DNS_TTL)
        except (TypeError, ValueError):
            raise ValueError('record %s %s has a bad ttl' % (name or '@', rtype))
        return {'name': name, 'type': rtype, 'value': None if value is None else str(value), 'ttl': ttl}

    def _zone_apply(self, origin, adds, rems):
        zone = self.state['zones'][origin]
        adds = [self._record(origin, r, True) for r in adds]
        rems = [self._record(origin, r, False) for r in rems]
        records = zone['records']
        for rem in rems:
            records[:] = [r for r in records if not (
                r['name'] == rem['name'] and r['type'] == rem['type']
                and (rem['value'] is None or dcv.unquote(r['value']) == dcv.unquote(rem['value'])))]
        for add in adds:
            records[:] = [r for r in records if not (
                r['name'] == add['name'] and r['type'] == add['type']
                and dcv.unquote(r['value']) == dcv.unquote(add['value']))]
            records.append(add)
        zone['updated'] = isoformat(self.now())
        return zone
