# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""File locks shared by every fork and process on one machine: the order lock and the API pacer.

Both live in one directory in the temporary directory of the machine the module runs on (the
controller, since the modules talk to the provider from there): ``$CERTOPS_LOCK_DIR`` or
``<tempdir>/certops-reseller-<uid>``.  Every file name is a hash of the provider account (API
URL, user, context) and, for order locks, the common name - no secret goes into a name.

* ``order_lock(settings, common_name)`` is held from the look for an existing order to the order
  itself, so that two forks, two ``ansible-playbook`` runs or two AWX jobs on one node never both
  see "nothing ordered yet" and both order.  Runs on different machines share no lock: the module
  looks again after ordering and cancels younger duplicates (see ``_orders/duplicate_orders.py``).
* ``Pacer`` spaces the requests of one provider account: every request of every process waits
  for its slot, so that the account never sees more than ``rate`` requests per second from this
  machine (AutoDNS allows 3).  Retries and polls go through it like any request.
"""


import errno
import hashlib
import os
import tempfile
import time

from urllib.parse import urlparse

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - Windows controllers do not run Ansible
    fcntl = None
    HAS_FCNTL = False

from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError
from ansible_collections.certops.reseller.plugins.module_utils._registry import default_rate
from ansible_collections.certops.reseller.plugins.module_utils._names import normalize_name

LOCK_DIR_ENV = 'CERTOPS_LOCK_DIR'
RATE_LIMIT_ENV = 'CERTOPS_RATE_LIMIT'

# A provider on the loopback interface is a local test system (the sandbox), never a real provider
# account: it is paced at this rate unless rate_limit or $CERTOPS_RATE_LIMIT says otherwise.
LOOPBACK_RATE = 50.0

# How long a run waits for another run's order lock before it gives up with a clear message.
DEFAULT_ORDER_LOCK_TIMEOUT = 900.0


class LockTimeoutError(CertopsError):
    """Another run held the order lock longer than we were willing to wait."""


def lock_dir():
    """The directory of the lock and pacer files (created 0700 on first use)."""
    path = os.environ.get(LOCK_DIR_ENV) or os.path.join(tempfile.gettempdir(), 'certops-reseller-%s' % os.getuid())
    try:
        os.makedirs(path, mode=0o700)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise
    return path


def account_key(settings):
    """A stable, secret-free identity of the provider account the settings address."""
    parts = [getattr(settings, 'provider', None), getattr(settings, 'url', None),
             getattr(settings, 'username', None), getattr(settings, 'context', None)]
    return '|'.join('' if part is None else str(part) for part in parts)


def _file_for(kind, key):
    digest = hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]
    return os.path.join(lock_dir(), '%s-%s.lock' % (kind, digest))


class FileLock(object):
    """An exclusive ``flock`` on a file; waits up to ``timeout`` seconds (None: forever)."""

    def __init__(self, path, timeout=None, what='the lock', sleep=time.sleep, clock=time.monotonic):
        self.path = path
        self.timeout = timeout
        self.what = what
        self.sleep = sleep
        self.clock = clock
        self.fd = None
        self.waited = 0.0

    def acquire(self):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        started = self.clock()
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except (IOError, OSError) as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise
                waited = self.clock() - started
                if self.timeout is not None and waited >= self.timeout:
                    raise LockTimeoutError('another run held %s for more than %d seconds; nothing was done - run again '
                                           'when it has finished' % (self.what, self.timeout))
                self.sleep(0.05)
        except BaseException:
            os.close(fd)
            raise
        self.waited = self.clock() - started
        self.fd = fd
        return self

    def release(self):
        if self.fd is not None:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()
        return False


class NoLock(object):
    """Stands in for a FileLock where locking is not possible or not wanted (unit tests)."""
    waited = 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


def order_lock(settings, common_name, timeout=DEFAULT_ORDER_LOCK_TIMEOUT):
    """The lock that one run holds from looking for an order of ``common_name`` to placing it."""
    if not HAS_FCNTL or settings is None:
        return NoLock()
    key = '%s|%s' % (account_key(settings), normalize_name(str(common_name or '')))
    return FileLock(_file_for('order', key), timeout=timeout,
                    what='the order lock of %s' % (common_name or 'this certificate'))


def rate_for(settings):
    """Requests per second for these settings: the ``rate_limit`` option, else $CERTOPS_RATE_LIMIT, else the
    provider's declared rate (``_registry``).  0 or less means unpaced."""
    value = getattr(settings, 'rate_limit', None)
    if value is None:
        value = os.environ.get(RATE_LIMIT_ENV) or None
    if value is None:
        if _is_loopback(getattr(settings, 'url', None)):
            return LOOPBACK_RATE
        return default_rate(getattr(settings, 'provider', None))   # each provider declares its rate
    try:
        return float(value)
    except (TypeError, ValueError):
        raise CertopsError('rate_limit must be a number of requests per second, got %r' % (value,))


def _is_loopback(url):
    host = (urlparse(url or '').hostname or '').lower()
    return host == 'localhost' or host == '::1' or host.startswith('127.')


class Pacer(object):
    """One request slot every ``1/rate`` seconds for one account, shared through a lock file.

    The file holds the earliest time (wall clock, shared by all processes) at which the next request
    may start.  ``wait()`` takes the file lock, books the next free slot, releases the lock and sleeps
    until its slot: no two requests of the account ever start closer than ``1/rate`` seconds apart.
    """

    def __init__(self, path, rate, sleep=time.sleep, clock=time.time):
        self.path = path
        self.rate = float(rate)
        self.interval = 1.0 / self.rate
        self.sleep = sleep
        self.clock = clock
        self.waited = 0.0     # total seconds this pacer made its caller wait

    def _book(self):
        with FileLock(self.path, what='the API pacer'):
            with open(self.path, 'r+') as handle:
                text = handle.read().strip()
                try:
                    next_free = float(text) if text else 0.0
                except ValueError:
                    next_free = 0.0
                now = self.clock()
                if next_free > now + 3600:   # a clock step backwards must not stall the account
                    next_free = now
                slot = max(now, next_free)
                handle.seek(0)
                handle.write('%.6f' % (slot + self.interval))
                handle.truncate()
        return slot, slot - now

    def wait(self):
        """Wait for this request's slot; -> the slot (wall-clock time) it was given."""
        slot, delay = self._book()
        if delay > 0:
            self.waited += delay
            self.sleep(delay)
        return slot


def pacer_for(settings):
    """The shared Pacer of the account ``settings`` address, or None when unpaced."""
    if not HAS_FCNTL or settings is None:
        return None
    rate = rate_for(settings)
    if rate <= 0:
        return None
    return Pacer(_file_for('pacer', account_key(settings)), rate)
