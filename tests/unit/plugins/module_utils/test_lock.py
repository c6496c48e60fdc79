# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import multiprocessing
import os
import time

import pytest

from ansible_collections.certops.reseller.plugins.module_utils import _lock
from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings
from ansible_collections.certops.reseller.plugins.module_utils._http import HttpClient, HttpResponse


@pytest.fixture(autouse=True)
def private_lock_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(_lock.LOCK_DIR_ENV, str(tmp_path / 'locks'))
    monkeypatch.delenv(_lock.RATE_LIMIT_ENV, raising=False)


def _settings(**more):
    values = dict(provider='autodns', username='user', password='secret-password', api_url='https://x.test/v1')
    values.update(more)
    return ConnectionSettings(**values)


def _paced_requests(path, rate, count, queue):
    pacer = _lock.Pacer(path, rate)
    starts = []
    for dummy in range(count):
        slot = pacer.wait()
        starts.append((slot, time.time()))
    queue.put(starts)


def test_processes_sharing_a_pacer_never_exceed_the_rate(tmp_path):
    rate, processes, per_process = 20.0, 4, 6
    path = os.path.join(_lock.lock_dir(), 'pacer-test.lock')
    context = multiprocessing.get_context('fork')
    queue = context.Queue()
    workers = [context.Process(target=_paced_requests, args=(path, rate, per_process, queue)) for dummy in range(processes)]
    for worker in workers:
        worker.start()
    pairs = [pair for dummy in workers for pair in queue.get(timeout=30)]
    for worker in workers:
        worker.join(timeout=30)
    assert len(pairs) == processes * per_process
    slots = sorted(slot for slot, dummy in pairs)
    # the slots handed out to all processes are one interval apart, so no second holds more than `rate` of them
    assert min(later - earlier for earlier, later in zip(slots, slots[1:])) >= 1.0 / rate - 1e-6
    for index, first in enumerate(slots):
        assert len([slot for slot in slots[index:] if slot < first + 1.0 - 1e-6]) <= rate
    # and no request started before its slot (a busy machine may only start it later)
    assert all(started >= slot - 0.005 for slot, started in pairs)


def test_pacer_books_consecutive_slots_without_real_time():
    now = [1000.0]
    slept = []
    pacer = _lock.Pacer(os.path.join(_lock.lock_dir(), 'p.lock'), 4.0, sleep=slept.append, clock=lambda: now[0])
    for dummy in range(3):
        pacer.wait()
    assert slept == [0.25, 0.5]
    assert pacer.waited == pytest.approx(0.75)


def test_http_client_waits_at_the_pacer_for_every_attempt_including_retries():
    calls = []

    class CountingPacer(object):
        def wait(self):
            calls.append('wait')

    answers = [HttpResponse(503), HttpResponse(200, {'Content-Type': 'application/json'}, b'{}')]

    def transport(method, url, headers, body, timeout):
        calls.append('send')
        return answers.pop(0)

    client = HttpClient('https://x.test', transport=transport, sleep=lambda s: None, pacer=CountingPacer())
    assert client.request('GET', '/a', 'read').status == 200
    assert calls == ['wait', 'send', 'wait', 'send']


def test_rate_comes_from_option_then_environment_then_provider(monkeypatch):
    assert _lock.rate_for(_settings()) == 3.0
    assert _lock.rate_for(_settings(provider='ssl247', api_key='k')) == 2.0
    monkeypatch.setenv(_lock.RATE_LIMIT_ENV, '50')
    assert _lock.rate_for(_settings()) == 50.0
    assert _lock.rate_for(_settings(rate_limit=1.5)) == 1.5
    assert _lock.pacer_for(_settings(rate_limit=0)) is None
    # a provider on the loopback interface is a local test system, never a real account
    monkeypatch.delenv(_lock.RATE_LIMIT_ENV)
    assert _lock.rate_for(_settings(api_url='http://127.0.0.1:8443/autodns/v1')) == _lock.LOOPBACK_RATE
    assert _lock.rate_for(_settings(api_url='http://127.0.0.1:8443/autodns/v1', rate_limit=3)) == 3


def test_a_rate_that_is_no_number_is_one_sentence(monkeypatch):
    monkeypatch.setenv(_lock.RATE_LIMIT_ENV, 'fast')
    with pytest.raises(_lock.CertopsError) as info:
        _lock.rate_for(_settings())
    assert 'rate_limit must be a number' in str(info.value)


def test_one_account_one_pacer_file_and_no_secret_in_its_name():
    first = _lock.pacer_for(_settings())
    again = _lock.pacer_for(_settings(password='other'))
    other = _lock.pacer_for(_settings(username='someone-else'))
    assert first.path == again.path != other.path
    assert 'secret' not in first.path and 'user' not in os.path.basename(first.path)


def _hold_order_lock(settings, common_name, queue, hold):
    with _lock.order_lock(settings, common_name):
        queue.put(('in', time.time()))
        time.sleep(hold)
        queue.put(('out', time.time()))


def test_order_lock_serializes_processes_on_one_common_name():
    context = multiprocessing.get_context('fork')
    queue = context.Queue()
    workers = [context.Process(target=_hold_order_lock, args=(_settings(), 'www.example.com', queue, 0.3))
               for dummy in range(3)]
    for worker in workers:
        worker.start()
    events = [queue.get(timeout=30) for dummy in range(6)]
    for worker in workers:
        worker.join(timeout=30)
    # strictly alternating: nobody enters while another is inside
    assert [kind for kind, dummy in events] == ['in', 'out'] * 3


def test_order_lock_gives_up_with_a_sentence_after_its_timeout():
    holder = _lock.order_lock(_settings(), 'a.example.com').acquire()
    try:
        waiter = _lock.order_lock(_settings(), 'A.example.com.', timeout=0.2)
        with pytest.raises(_lock.LockTimeoutError) as info:
            waiter.acquire()
        assert 'another run held the order lock of A.example.com.' in str(info.value)
        other_name = _lock.order_lock(_settings(), 'b.example.com', timeout=0.2).acquire()
        other_name.release()
    finally:
        holder.release()
