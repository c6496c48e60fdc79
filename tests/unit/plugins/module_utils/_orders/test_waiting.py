# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import itertools

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    JobFailedError,
    NotFoundError,
    WaitTimeoutError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Job
from ansible_collections.certops.reseller.plugins.module_utils._orders import waiting
from ansible_collections.certops.reseller.plugins.module_utils._provider import Capabilities, Provider
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.lifecycle_fakes import FakeClock


class ScriptedProvider(Provider):
    """get_job answers from a script: Job objects, or exceptions to raise."""
    name = 'scripted'

    def __init__(self, script, history=None, job_history=True):
        super(ScriptedProvider, self).__init__(None, None)
        self.script = list(script)
        self.history = history
        self.capabilities = Capabilities(job_history=job_history)
        self.asked = []

    def get_job(self, job_id, history=False):
        self.asked.append(history)
        if history:
            if self.history is None:
                raise NotFoundError('job %s not found' % job_id)
            return self.history
        answer = self.script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def running():
    return Job(id='7', status='running', provider_status='RUNNING', sub_status='WF_DNS_AUTH')


def test_delays_grow_and_are_capped():
    delays = list(itertools.islice(waiting.poll_delays(2, 1.5, 5), 6))
    assert delays == [2, 3.0, 4.5, 5, 5, 5]


def test_polls_until_done():
    provider = ScriptedProvider([running(), running(), Job(id='7', status='succeeded')])
    clock = FakeClock()
    job = waiting.wait_for_job(provider, '7', 60, sleep=clock.sleep, clock=clock.clock)
    assert job.status == 'succeeded'
    assert clock.sleeps == [2.0, 3.0]


def test_known_finished_job_costs_no_call():
    provider = ScriptedProvider([])
    job = waiting.wait_for_job(provider, '7', 60, job=Job(id='7', status='succeeded'))
    assert job.status == 'succeeded'
    assert provider.asked == []


def test_finished_job_is_found_in_the_history():
    provider = ScriptedProvider([running(), NotFoundError('gone', code='EF300101')],
                                history=Job(id='7', status='succeeded'))
    clock = FakeClock()
    job = waiting.wait_for_job(provider, '7', 60, sleep=clock.sleep, clock=clock.clock)
    assert job.status == 'succeeded'
    assert provider.asked == [False, False, True]


def test_not_found_without_history_is_raised():
    provider = ScriptedProvider([NotFoundError('gone')], job_history=False)
    with pytest.raises(NotFoundError):
        waiting.fetch_job(provider, '7')


def test_timeout_names_job_and_status_and_never_oversleeps():
    provider = ScriptedProvider([running()] * 20)
    clock = FakeClock()
    with pytest.raises(WaitTimeoutError) as error:
        waiting.wait_for_job(provider, '7', 10, sleep=clock.sleep, clock=clock.clock)
    assert 'job 7 is still running (WF_DNS_AUTH) after waiting 10 seconds' in str(error.value)
    assert clock.time == 10


@pytest.mark.parametrize('status', ['failed', 'cancelled'])
def test_failed_job(status):
    provider = ScriptedProvider([Job(id='7', status=status, provider_status=status.upper())])
    with pytest.raises(JobFailedError) as error:
        waiting.wait_for_job(provider, '7', 10)
    assert 'job 7 ended with status %s' % status in str(error.value)
    provider = ScriptedProvider([Job(id='7', status=status)])
    assert waiting.wait_for_job(provider, '7', 10, fail_on_failure=False).status == status
