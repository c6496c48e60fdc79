# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    InputError,
    JobFailedError,
    NotFoundError,
    UnsupportedOperationError,
    WaitTimeoutError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import OrderRequest
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_job import ensure_job
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.lifecycle_fakes import (
    NOW,
    FakeCertsProvider,
    FakeClock,
    FakeJobsProvider,
    make_csr,
)


def params(job_id, **more):
    result = dict(job_id=job_id, state='present', resend_approver_email=False, history=False, wait_timeout=60,
                  fail_on_job_failure=True)
    result.update(more)
    return result


def run(provider, p, check_mode=False):
    provider.calls = []
    clock = FakeClock()
    return ensure_job(provider, p, check_mode=check_mode, now=NOW, sleep=clock.sleep, clock=clock.clock)


def order(provider, method='dns'):
    request = OrderRequest(common_name='www.example.com', csr=make_csr(['www.example.com']), product='BASIC',
                           validation_method=method, approver_email='admin@example.com' if method == 'email' else None)
    job = provider.create_certificate(request)
    provider.calls = []
    return job.id


@pytest.fixture(params=['jobs', 'certs'])
def provider(request):
    return FakeJobsProvider() if request.param == 'jobs' else FakeCertsProvider()


def complete(provider, job_id):
    provider.complete(job_id)


def test_inquire(provider):
    job_id = order(provider)
    result = run(provider, params(job_id))
    assert result['changed'] is False
    assert result['job']['id'] == job_id
    assert result['job']['status'] == 'running'
    assert [c['domain'] for c in result['challenges']] == ['www.example.com']
    assert provider.mutating_calls == []


def test_inquire_finished_job_falls_back_to_history():
    provider = FakeJobsProvider()
    job_id = order(provider)
    provider.complete(job_id)
    result = run(provider, params(job_id))
    assert result['job']['status'] == 'succeeded'
    assert provider.operations == ['get_job', 'get_job']
    with pytest.raises(NotFoundError):
        run(provider, params('999'))


def test_completed_waits_until_done(provider):
    job_id = order(provider)
    provider.polls_until_done = 3
    result = run(provider, params(job_id, state='completed'))
    assert result['changed'] is False
    assert result['job']['status'] == 'succeeded'


def test_completed_times_out_with_id_and_status(provider):
    job_id = order(provider)
    with pytest.raises(WaitTimeoutError) as error:
        run(provider, params(job_id, state='completed', wait_timeout=10))
    assert 'job %s is still running' % job_id in str(error.value)


def test_completed_check_mode_does_not_wait(provider):
    job_id = order(provider)
    result = run(provider, params(job_id, state='completed'), check_mode=True)
    assert result['job']['status'] == 'running'
    assert len(provider.calls) == 1


def test_completed_fails_on_failed_job_unless_told_not_to():
    provider = FakeJobsProvider()
    job_id = order(provider)
    provider.complete(job_id, status='failed')
    with pytest.raises(JobFailedError) as error:
        run(provider, params(job_id, state='completed'))
    assert 'job %s ended with status failed' % job_id in str(error.value)
    result = run(provider, params(job_id, state='completed', fail_on_job_failure=False))
    assert result['job']['status'] == 'failed'


def test_cancel_running_then_idempotent(provider):
    job_id = order(provider)
    result = run(provider, params(job_id, state='cancelled'), check_mode=True)
    assert result['changed'] is True
    assert provider.mutating_calls == []
    result = run(provider, params(job_id, state='cancelled'))
    assert result['changed'] is True
    assert result['job']['status'] == 'cancelled'
    assert len(provider.mutating_calls) == 1
    again = run(provider, params(job_id, state='cancelled'))
    assert again['changed'] is False
    assert 'cancelled already' in again['msg']
    assert provider.mutating_calls == []


def test_cancel_succeeded_job_says_revoke(provider):
    job_id = order(provider)
    complete(provider, job_id)
    with pytest.raises(InputError) as error:
        run(provider, params(job_id, state='cancelled'))
    assert 'revoke the certificate instead' in str(error.value)
    assert provider.mutating_calls == []


def test_resend_only_while_waiting_for_email():
    provider = FakeJobsProvider()
    job_id = order(provider, method='dns')
    with pytest.raises(InputError) as error:
        run(provider, params(job_id, resend_approver_email=True))
    assert 'does not wait for an e-mail approval' in str(error.value)
    assert provider.mutating_calls == []
    email_job = order(provider, method='email')
    result = run(provider, params(email_job, resend_approver_email=True), check_mode=True)
    assert result['changed'] is True and result['approver_email_resent'] is False
    assert provider.mutating_calls == []
    result = run(provider, params(email_job, resend_approver_email=True))
    assert result['approver_email_resent'] is True
    assert provider.mutating_calls == ['resend_approver_email']


def test_resend_unsupported_without_calls():
    provider = FakeCertsProvider()
    job_id = order(provider, method='email')
    with pytest.raises(UnsupportedOperationError) as error:
        run(provider, params(job_id, resend_approver_email=True))
    assert 'resend approver email is not supported by ssl247' in str(error.value)
    assert provider.calls == []
