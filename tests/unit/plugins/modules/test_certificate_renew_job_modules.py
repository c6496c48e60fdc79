# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import datetime

from ansible_collections.certops.reseller.plugins.module_utils._model import OrderRequest
from ansible_collections.certops.reseller.plugins.modules import certificate_job, certificate_renew
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.lifecycle_fakes import (
    FakeCertsProvider,
    FakeJobsProvider,
    make_csr,
)
from ansible_collections.certops.reseller.tests.unit.plugins.modules.lifecycle_utils import run_main

AUTODNS = dict(provider='autodns', username='sandbox', password='secret-password-1')
SSL247 = dict(provider='ssl247', api_key='secret-api-key-1')
NAMES = ['www.example.com']


def fresh(provider_class, days_left):
    provider = provider_class(now=datetime.datetime.now(datetime.timezone.utc))
    return provider, provider.add_certificate(NAMES, days_left=days_left)


def test_renew_needs_id_or_name(capsys):
    result, failed = run_main(certificate_renew.main, dict(AUTODNS), capsys, provider=FakeJobsProvider())
    assert failed
    assert 'certificate_id' in result['msg'] and 'common_name' in result['msg']


def test_renew_not_due_then_forced(capsys):
    provider, certificate = fresh(FakeJobsProvider, 60)
    result, failed = run_main(certificate_renew.main, dict(AUTODNS, certificate_id=certificate.id), capsys, provider=provider)
    assert not failed, result
    assert result['changed'] is False and result['renewed'] is False
    assert provider.mutating_calls == []
    result, failed = run_main(certificate_renew.main, dict(AUTODNS, certificate_id=certificate.id, force=True), capsys,
                              provider=provider)
    assert result['renewed'] is True
    assert provider.mutating_calls == ['renew_certificate']
    assert 'secret-password-1' not in repr(result)


def test_renew_too_early_fails_with_the_opening_date(capsys):
    provider, certificate = fresh(FakeJobsProvider, 200)
    result, failed = run_main(certificate_renew.main, dict(AUTODNS, certificate_id=certificate.id, force=True), capsys,
                              provider=provider)
    assert failed
    assert result['error_code'] == 'EF4001012'
    assert 'renewal opens on' in result['msg']


def test_renew_check_mode_on_ssl247(capsys):
    provider, certificate = fresh(FakeCertsProvider, 10)
    result, failed = run_main(certificate_renew.main, dict(SSL247, certificate_id=certificate.id), capsys,
                              provider=provider, check_mode=True)
    assert result['changed'] is True and result['renewed'] is True
    assert provider.mutating_calls == []


def test_job_cancel_and_diff(capsys):
    provider = FakeJobsProvider()
    job = provider.create_certificate(OrderRequest(common_name=NAMES[0], csr=make_csr(NAMES), product='BASIC'))
    result, failed = run_main(certificate_job.main, dict(AUTODNS, job_id=job.id, state='cancelled'), capsys,
                              provider=provider, diff=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['job']['status'] == 'cancelled'
    assert result['diff'] == {'before': {'id': job.id, 'status': 'running'}, 'after': {'id': job.id, 'status': 'cancelled'}}


def test_job_resend_refused_on_ssl247(capsys):
    provider = FakeCertsProvider()
    job = provider.create_certificate(OrderRequest(common_name=NAMES[0], csr=make_csr(NAMES), product='BASIC',
                                                   validation_method='email', approver_email='a@example.com'))
    result, failed = run_main(certificate_job.main, dict(SSL247, job_id=job.id, resend_approver_email=True), capsys,
                              provider=provider)
    assert failed
    assert result['error_type'] == 'UnsupportedOperationError'
