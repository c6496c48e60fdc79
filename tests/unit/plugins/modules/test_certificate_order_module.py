# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


from ansible_collections.certops.reseller.plugins.module_utils._errors import AmbiguousResultError
from ansible_collections.certops.reseller.plugins.module_utils._orders import ambiguous_writes
from ansible_collections.certops.reseller.plugins.modules import certificate_order
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.lifecycle_fakes import (
    FakeCertsProvider,
    FakeJobsProvider,
    make_csr,
)
from ansible_collections.certops.reseller.tests.unit.plugins.modules.lifecycle_utils import run_main

NAMES = ['www.example.com', 'example.com']
CONNECTION = dict(provider='autodns', username='sandbox', password='top-secret-pw', context=4)


def args(**more):
    result = dict(CONNECTION, common_name=NAMES[0], subject_alternative_names=NAMES[1:], product='BASIC',
                  csr=make_csr(NAMES))
    result.update(more)
    return result


def test_order_then_no_change(capsys):
    provider = FakeJobsProvider()
    a = args()
    result, failed = run_main(certificate_order.main, a, capsys, provider=provider)
    assert not failed, result
    assert result['changed'] is True
    assert result['action'] == 'order'
    assert set(['certificate', 'job', 'challenges']) <= set(result)
    assert 'diff' not in result    # only in diff mode
    assert 'top-secret-pw' not in repr(result)
    provider.calls = []
    result, failed = run_main(certificate_order.main, a, capsys, provider=provider)
    assert result['changed'] is False
    assert provider.mutating_calls == []


def test_diff_mode_returns_diff(capsys):
    result, failed = run_main(certificate_order.main, args(), capsys, provider=FakeJobsProvider(), diff=True)
    assert result['diff']['after']['names'] == sorted(NAMES)


def test_check_mode(capsys):
    provider = FakeCertsProvider()
    result, failed = run_main(certificate_order.main, args(provider='ssl247', api_key='k', lifetime=12), capsys,
                              provider=provider, check_mode=True)
    assert result['changed'] is True
    assert result['price'] == {'value': 49.0, 'currency': 'GBP'}
    assert provider.mutating_calls == []


def test_input_error_is_one_clean_failure(capsys):
    provider = FakeJobsProvider()
    result, failed = run_main(certificate_order.main, args(csr='nonsense'), capsys, provider=provider)
    assert failed
    assert result['msg'].startswith('csr is not a valid PEM certificate signing request')
    assert result['error_type'] == 'InputError'
    assert provider.calls == []


def test_email_validation_needs_approver(capsys):
    result, failed = run_main(certificate_order.main, args(validation_method='email'), capsys, provider=FakeJobsProvider())
    assert failed
    assert 'approver_email' in result['msg']


class LostOrderProvider(FakeJobsProvider):
    """The connection broke before the provider acted: the answer is lost and no order exists."""

    def create_certificate(self, request):
        self._call('create_certificate')
        raise AmbiguousResultError('HTTP 502', operation='certificate create (400101)', provider=self.name, http_status=502)


def test_provider_error_carries_code(capsys, monkeypatch):
    monkeypatch.setattr(ambiguous_writes, 'SECOND_LOOK_DELAY', 0)
    provider = LostOrderProvider()
    result, failed = run_main(certificate_order.main, args(), capsys, provider=provider)
    assert failed
    assert result['error_type'] == 'AmbiguousResultError'
    assert result['http_status'] == 502
    assert 'two looks found no trace of it' in result['msg']


def test_a_lost_answer_to_an_order_that_was_placed_goes_on_with_it(capsys):
    provider = FakeJobsProvider()
    provider.fail_create_ambiguously = True
    result, failed = run_main(certificate_order.main, args(), capsys, provider=provider)
    assert not failed
    assert result['changed'] is True and result['looked_after_lost_answer'] is True
    assert result['job']['id'] == list(provider.jobs)[0]
