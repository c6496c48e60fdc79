# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import datetime

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    InputError,
    NotFoundError,
    NotRenewableError,
)
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_renew import ensure_renewed
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.lifecycle_fakes import (
    NOW,
    FakeCertsProvider,
    FakeJobsProvider,
    make_csr,
)

NAMES = ['www.example.com', 'example.com']


def params(**more):
    result = dict(certificate_id=None, common_name=None, product=None, remaining_days=30, lifetime=None, csr=None,
                  validation_method=None, approver_email=None, dns_provisioning=False, force=False, wait=False,
                  wait_timeout=60)
    result.update(more)
    return result


def run(provider, p, check_mode=False, now=NOW):
    provider.calls = []
    provider.now = now
    return ensure_renewed(provider, p, check_mode=check_mode, now=now, sleep=lambda s: None, clock=lambda: 0)


@pytest.fixture(params=['jobs', 'certs'])
def provider(request):
    return FakeJobsProvider() if request.param == 'jobs' else FakeCertsProvider()


@pytest.mark.parametrize('by', ['id', 'name'])
def test_not_due_is_one_call_and_no_write(provider, by):
    certificate = provider.add_certificate(NAMES, days_left=200)
    p = params(certificate_id=certificate.id) if by == 'id' else params(common_name=NAMES[0])
    result = run(provider, p)
    assert result['changed'] is False
    assert result['renewed'] is False
    assert result['days_remaining'] == 200
    assert 'not due' in result['msg']
    assert provider.mutating_calls == []
    if by == 'id':
        assert len(provider.calls) == 1
    else:
        assert provider.operations[0] == 'list_certificates'
        assert len(provider.calls) <= 2


def test_due_renews_once(provider):
    certificate = provider.add_certificate(NAMES, days_left=20)
    result = run(provider, params(certificate_id=certificate.id))
    assert result['changed'] is True
    assert result['renewed'] is True
    assert provider.mutating_calls == ['renew_certificate']
    assert result['job']['id']
    if provider.capabilities.renew_creates_new_certificate:
        assert result['certificate']['id'] != certificate.id
    # the renewal is running: no second payment
    again = run(provider, params(certificate_id=certificate.id))
    assert again['changed'] is False
    assert again['job']['id'] == result['job']['id']
    assert provider.mutating_calls == []


def test_renewed_already_is_recognised_on_new_certificate_providers():
    provider = FakeCertsProvider()
    certificate = provider.add_certificate(NAMES, days_left=20)
    result = run(provider, params(certificate_id=certificate.id))
    provider.complete(result['job']['id'])
    again = run(provider, params(certificate_id=certificate.id))
    assert again['changed'] is False
    assert again['certificate']['id'] == result['certificate']['id']
    assert 'renewed already' in again['msg']
    assert provider.mutating_calls == []
    by_name = run(provider, params(common_name=NAMES[0]))
    assert by_name['changed'] is False
    assert by_name['certificate']['id'] == result['certificate']['id']


def test_a_renewal_waiting_for_its_completion_without_a_product_is_not_paid_again():
    """SSL247 lists a renewal that waits for its completion (Incomplete) without a product: a product filter would
    hide it, and the next run would pay for the renewal again."""
    provider = FakeCertsProvider()
    certificate = provider.add_certificate(NAMES, product='RAPIDSSL', days_left=20)
    result = run(provider, params(certificate_id=certificate.id))
    assert result['changed'] is True
    successor = provider.certificates[result['job']['id']]
    successor.product = None
    again = run(provider, params(certificate_id=certificate.id))
    assert again['changed'] is False and provider.mutating_calls == []
    assert again['job']['id'] == result['job']['id']


def test_remaining_days_and_force(provider):
    certificate = provider.add_certificate(NAMES, days_left=60)
    assert run(provider, params(certificate_id=certificate.id))['changed'] is False
    assert run(provider, params(certificate_id=certificate.id, remaining_days=60))['changed'] is True


def test_force_renews_when_not_due(provider):
    certificate = provider.add_certificate(NAMES, days_left=80)
    result = run(provider, params(certificate_id=certificate.id, force=True))
    assert result['renewed'] is True


def test_not_renewable_says_when_renewal_opens():
    provider = FakeJobsProvider()
    certificate = provider.add_certificate(NAMES, days_left=200)
    with pytest.raises(NotRenewableError) as error:
        run(provider, params(certificate_id=certificate.id, force=True))
    opens = (NOW + datetime.timedelta(days=110)).strftime('%Y-%m-%d')
    assert 'renewal opens on %s' % opens in str(error.value)
    assert error.value.code == 'EF4001012'
    assert error.value.opens_on == opens


def test_check_mode_says_it_would_renew_without_writing(provider):
    certificate = provider.add_certificate(NAMES, days_left=10)
    result = run(provider, params(certificate_id=certificate.id), check_mode=True)
    assert result['changed'] is True
    assert result['renewed'] is True
    assert 'would be renewed' in result['msg']
    assert provider.mutating_calls == []


def test_after_the_clock_moves_it_becomes_due(provider):
    certificate = provider.add_certificate(NAMES, days_left=365)
    assert run(provider, params(certificate_id=certificate.id))['changed'] is False
    later = NOW + datetime.timedelta(days=340)
    assert run(provider, params(certificate_id=certificate.id), now=later)['changed'] is True


def test_new_csr_must_carry_the_certificate_names(provider):
    certificate = provider.add_certificate(NAMES, days_left=10)
    with pytest.raises(InputError) as error:
        run(provider, params(certificate_id=certificate.id, csr=make_csr(['other.example.com'])))
    assert 'do not match' in str(error.value)
    assert provider.mutating_calls == []
    result = run(provider, params(certificate_id=certificate.id, csr=make_csr(NAMES)))
    assert result['renewed'] is True


def test_lifetime_must_be_whole_years_on_year_providers():
    provider = FakeCertsProvider()
    certificate = provider.add_certificate(NAMES, days_left=10)
    with pytest.raises(InputError):
        run(provider, params(certificate_id=certificate.id, lifetime=6))
    assert provider.mutating_calls == []


def test_unknown_name_fails_clearly(provider):
    with pytest.raises(NotFoundError) as error:
        run(provider, params(common_name='nothing.example.com'))
    assert 'no issued certificate for nothing.example.com' in str(error.value)


def test_wait_returns_the_renewed_certificate(provider):
    certificate = provider.add_certificate(NAMES, days_left=10)
    provider.polls_until_done = 3
    result = run(provider, params(certificate_id=certificate.id, wait=True))
    assert result['job']['status'] == 'succeeded'
    assert result['certificate']['status'] == 'issued'
    assert result['days_remaining'] > 300


def test_renewal_that_ends_between_the_certificate_read_and_the_job_list_is_not_renewed_again():
    """AutoDNS renews in place: the certificate is read (old expiry, due), then the running renewal ends, so the job
    list shows none. Reading the certificate again shows the later expiry: no second renewal (the provider would
    refuse it as too early, and a run must not write twice)."""
    provider = FakeJobsProvider()
    certificate = provider.add_certificate(NAMES, days_left=20)
    first = run(provider, params(certificate_id=certificate.id))
    job_id = first['job']['id']
    listing = provider.list_jobs

    def renewal_ends_just_before_the_list(*args, **kwargs):
        if job_id in provider.jobs:
            provider.complete(job_id)
        return listing(*args, **kwargs)

    provider.list_jobs = renewal_ends_just_before_the_list
    again = run(provider, params(certificate_id=certificate.id))
    assert again['changed'] is False and again['renewed'] is False
    assert 'renewed already' in again['msg']
    assert again['days_remaining'] > 300
    assert provider.mutating_calls == []
