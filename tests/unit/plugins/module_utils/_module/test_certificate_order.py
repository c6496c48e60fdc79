# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    InputError,
    WaitTimeoutError,
)
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_order import ensure_certificate
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.lifecycle_fakes import (
    NOW,
    FakeCertsProvider,
    FakeClock,
    FakeJobsProvider,
    make_csr,
    make_key,
)

NAMES = ['www.example.com', 'example.com']


def params(csr=None, **more):
    result = dict(state='present', common_name=NAMES[0], subject_alternative_names=NAMES[1:], product='BASIC',
                  lifetime=12, csr=csr, validation_method='dns', reissue=True, force=False, wait=False, wait_timeout=60)
    result.update(more)
    return result


def run(provider, p, check_mode=False, clock=None):
    clock = clock or FakeClock()
    provider.calls = []
    return ensure_certificate(provider, p, check_mode=check_mode, now=NOW, sleep=clock.sleep, clock=clock.clock)


@pytest.fixture(params=['jobs', 'certs'])
def provider(request):
    return FakeJobsProvider() if request.param == 'jobs' else FakeCertsProvider()


@pytest.fixture
def key():
    return make_key()


def complete_all(provider):
    if isinstance(provider, FakeJobsProvider):
        for job_id in list(provider.jobs):
            provider.complete(job_id)
    else:
        for certificate_id, certificate in list(provider.certificates.items()):
            if certificate.status == 'pending':
                provider.complete(certificate_id)


def test_orders_when_nothing_exists(provider, key):
    csr = make_csr(NAMES, key)
    result = run(provider, params(csr))
    assert result['changed'] is True
    assert result['action'] == 'order'
    assert provider.mutating_calls == ['create_certificate']
    assert result['job']['id']
    assert result['job']['status'] == 'running'
    assert sorted(c['domain'] for c in result['challenges']) == sorted(NAMES)
    assert all(c['record_name'] == '_dnsauth.' + c['domain'] for c in result['challenges'])
    assert result['diff']['before'] == {}
    assert result['diff']['after']['names'] == sorted(NAMES)


def test_running_order_is_not_ordered_again(provider, key):
    csr = make_csr(NAMES, key)
    first = run(provider, params(csr))
    second = run(provider, params(csr))
    assert second['changed'] is False
    assert second['action'] == 'none'
    assert second['job']['id'] == first['job']['id']
    assert sorted(c['domain'] for c in second['challenges']) == sorted(NAMES)
    assert provider.mutating_calls == []
    assert len(provider.calls) <= 2, provider.operations


def test_running_order_for_other_names_is_left_alone_with_a_warning(provider, key):
    run(provider, params(make_csr(NAMES, key)))
    wider = NAMES + ['api.example.com']
    second = run(provider, params(make_csr(wider, key), subject_alternative_names=wider[1:]))
    assert second['changed'] is False and second['action'] == 'none'
    assert provider.mutating_calls == []
    assert len(second['warnings']) == 1
    assert 'not the names of the task (api.example.com, example.com, www.example.com)' in second['warnings'][0]


def test_running_order_for_the_same_names_gives_no_warning(provider, key):
    csr = make_csr(NAMES, key)
    run(provider, params(csr))
    assert 'warnings' not in run(provider, params(csr))


def test_issued_certificate_means_no_change_within_two_calls(provider, key):
    csr = make_csr(NAMES, key)
    run(provider, params(csr))
    complete_all(provider)
    result = run(provider, params(csr))
    assert result['changed'] is False
    assert result['action'] == 'none'
    assert result['certificate']['status'] == 'issued'
    assert sorted(result['certificate']['subject_alternative_names']) == sorted(NAMES)
    assert provider.mutating_calls == []
    assert len(provider.calls) <= 2, provider.operations
    # the same certificate without a csr is found as well
    result = run(provider, params(None))
    assert result['changed'] is False


def test_check_mode_reads_only_and_previews(provider, key):
    csr = make_csr(NAMES, key)
    result = run(provider, params(csr), check_mode=True)
    assert result['changed'] is True
    assert result['action'] == 'order'
    assert provider.mutating_calls == []
    assert result['job'] is None
    if isinstance(provider, FakeJobsProvider):
        assert 'prepare_order' in provider.operations
        assert len(result['challenges']) == 2
    else:
        assert {'validate_order', 'check_common_name', 'check_san'} <= set(provider.operations)
        assert result['price'] == {'value': 49.0, 'currency': 'GBP'}
        assert [c['name'] for c in result['name_checks']] == NAMES
    # nothing was ordered: a real run still orders
    assert run(provider, params(csr))['action'] == 'order'


def test_check_mode_warns_about_names_the_provider_refuses():
    provider = FakeCertsProvider()
    names = ['www.example.com', 'bad.example.com']
    result = run(provider, params(make_csr(names), subject_alternative_names=names[1:]), check_mode=True)
    assert 'bad.example.com' in result['warnings'][0]


@pytest.mark.parametrize('change, message', [
    (dict(csr='-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----\n'), 'csr is not a valid'),
    (dict(csr='garbage'), 'csr is not a valid'),
    (dict(subject_alternative_names=['other.example.com']), 'do not match'),
    (dict(validation_method='email', approver_email=None), 'approver_email'),
    (dict(lifetime=0), 'lifetime'),
])
def test_invalid_input_is_refused_without_any_call(provider, key, change, message):
    p = params(make_csr(NAMES, key))
    p.update(change)
    with pytest.raises(InputError) as error:
        run(provider, p)
    assert message in str(error.value)
    assert provider.calls == []


def test_csr_name_mismatch_names_the_difference(provider, key):
    p = params(make_csr(['www.example.com', 'other.example.com'], key))
    with pytest.raises(InputError) as error:
        run(provider, p)
    assert 'lacks example.com' in str(error.value)
    assert 'also contains other.example.com' in str(error.value)


def test_lifetime_in_months_for_a_provider_selling_years(key):
    provider = FakeCertsProvider()
    with pytest.raises(InputError) as error:
        run(provider, params(make_csr(NAMES, key), lifetime=18))
    assert 'multiple of 12' in str(error.value)
    assert provider.calls == []
    run(FakeJobsProvider(), params(make_csr(NAMES, key), lifetime=18))  # months are fine at AutoDNS


def test_dns_provisioning_needs_the_capability(key):
    provider = FakeCertsProvider()
    with pytest.raises(InputError) as error:
        run(provider, params(make_csr(NAMES, key), dns_provisioning=True))
    assert 'dns_provisioning is not supported by ssl247' in str(error.value)
    result = run(FakeJobsProvider(), params(make_csr(NAMES, key), dns_provisioning=True))
    assert result['action'] == 'order'


def test_wildcard_refused_when_product_does_not_allow_it(provider):
    names = ['*.example.com']
    provider.wildcard_allowed = False
    with pytest.raises(InputError) as error:
        run(provider, params(make_csr(names), common_name=names[0], subject_alternative_names=[]))
    assert 'wildcard' in str(error.value)
    assert provider.mutating_calls == []
    provider.wildcard_allowed = None   # unknown: the provider decides
    assert run(provider, params(make_csr(names), common_name=names[0], subject_alternative_names=[]))['action'] == 'order'


def test_name_drift_is_only_reported_where_reissue_cannot_change_names(key):
    provider = FakeCertsProvider()
    run(provider, params(make_csr(NAMES[:1], key), subject_alternative_names=[]))
    complete_all(provider)
    result = run(provider, params(make_csr(NAMES, key)))
    assert result['changed'] is False
    assert result['drift']['names']['missing'] == ['example.com']
    assert 'cannot change the names' in result['warnings'][0]
    assert provider.mutating_calls == []


def test_name_drift_reissues(key):
    provider = FakeJobsProvider()
    run(provider, params(make_csr(NAMES[:1], key), subject_alternative_names=[]))
    complete_all(provider)
    result = run(provider, params(make_csr(NAMES, key)))
    assert result['changed'] is True
    assert result['action'] == 'reissue'
    assert result['drift']['names']['missing'] == ['example.com']
    assert provider.mutating_calls == ['reissue_certificate']
    assert result['diff']['before']['names'] == ['www.example.com']
    # while the reissue runs, nothing more happens
    again = run(provider, params(make_csr(NAMES, key)))
    assert again['changed'] is False
    assert provider.mutating_calls == []


def test_key_drift_reissues(provider):
    run(provider, params(make_csr(NAMES, make_key())))
    complete_all(provider)
    result = run(provider, params(make_csr(NAMES, make_key())))
    assert result['action'] == 'reissue'
    assert 'public_key_fingerprint' in result['drift']
    assert result['diff']['before']['public_key_fingerprint'] != result['diff']['after']['public_key_fingerprint']


def test_drift_without_reissue_is_reported(provider):
    run(provider, params(make_csr(NAMES, make_key())))
    complete_all(provider)
    result = run(provider, params(make_csr(NAMES, make_key()), reissue=False))
    assert result['changed'] is False
    assert result['action'] == 'none'
    assert set(result['drift']) == {'public_key_fingerprint'}
    assert 'reissue is false' in result['warnings'][0]
    assert provider.mutating_calls == []


def test_key_drift_reissue_settles(provider):
    run(provider, params(make_csr(NAMES, make_key())))
    complete_all(provider)
    csr = make_csr(NAMES, make_key())
    assert run(provider, params(csr))['action'] == 'reissue'
    complete_all(provider)
    result = run(provider, params(csr))
    assert result['changed'] is False
    assert provider.mutating_calls == []


def test_drift_check_mode_says_reissue_without_calling(provider):
    run(provider, params(make_csr(NAMES, make_key())))
    complete_all(provider)
    result = run(provider, params(make_csr(NAMES, make_key())), check_mode=True)
    assert result['action'] == 'reissue'
    assert result['changed'] is True
    assert provider.mutating_calls == []


def test_force_orders_again(provider, key):
    csr = make_csr(NAMES, key)
    run(provider, params(csr))
    result = run(provider, params(csr, force=True))
    assert result['action'] == 'order'
    assert provider.mutating_calls == ['create_certificate']


def test_order_without_csr_fails_before_paying(provider):
    with pytest.raises(InputError) as error:
        run(provider, params(None))
    assert 'csr is required' in str(error.value)
    assert provider.mutating_calls == []


def test_ambiguous_create_looks_and_goes_on_with_the_order_it_finds(key):
    provider = FakeJobsProvider()
    provider.fail_create_ambiguously = True
    csr = make_csr(NAMES, key)
    result = run(provider, params(csr))
    assert result['changed'] is True
    assert result['looked_after_lost_answer'] is True
    assert 'a look showed that it was done' in result['warnings'][0]
    assert result['job']['id'] == list(provider.jobs)[0]
    assert provider.mutating_calls == ['create_certificate']
    provider.fail_create_ambiguously = False
    result = run(provider, params(csr))
    assert result['changed'] is False
    assert provider.mutating_calls == []
    assert len(provider.jobs) == 1


class LostOrderProvider(FakeJobsProvider):
    """The answer is lost and the order was NOT placed (the connection broke before the provider acted)."""

    def create_certificate(self, request):
        self._call('create_certificate')
        raise AmbiguousResultError('connection reset', operation='certificate create (400101)', provider=self.name)


def test_ambiguous_create_that_left_no_trace_fails_in_one_sentence_after_two_looks(key):
    provider = LostOrderProvider()
    clock = FakeClock()
    with pytest.raises(AmbiguousResultError) as error:
        run(provider, params(make_csr(NAMES, key)), clock=clock)
    text = str(error.value)
    assert 'two looks found no trace of it' in text and 'www.example.com' in text and '\n' not in text
    assert provider.mutating_calls == ['create_certificate']
    assert [name for name, dummy in provider.calls].count('list_jobs') == 3   # before, first and second look


def test_wait_until_issued(provider, key):
    provider.polls_until_done = 4
    clock = FakeClock()
    result = run(provider, params(make_csr(NAMES, key), wait=True, wait_timeout=120), clock=clock)
    assert result['changed'] is True
    assert result['job']['status'] == 'succeeded'
    assert result['certificate']['status'] == 'issued'
    assert result['certificate']['days_remaining'] > 300
    assert clock.sleeps and clock.sleeps[0] == 2.0
    assert provider.mutating_calls == ['create_certificate']


def test_wait_timeout_fails_with_job_id_and_status_and_orders_nothing_more(provider, key):
    clock = FakeClock()
    with pytest.raises(WaitTimeoutError) as error:
        run(provider, params(make_csr(NAMES, key), wait=True, wait_timeout=20), clock=clock)
    text = str(error.value)
    assert 'still running' in text
    job_id = (list(provider.jobs) or list(provider.certificates))[0]
    assert 'job %s' % job_id in text
    assert provider.mutating_calls == ['create_certificate']
    assert sum(clock.sleeps) <= 20
    # backoff: the delays grow
    assert clock.sleeps[1] > clock.sleeps[0]


def test_absent_nothing_to_do(provider):
    result = run(provider, params(None, state='absent'))
    assert result['changed'] is False
    assert result['action'] == 'none'
    assert provider.mutating_calls == []


def test_absent_cancels_a_running_order(provider, key):
    run(provider, params(make_csr(NAMES, key)))
    result = run(provider, params(None, state='absent'), check_mode=True)
    assert result['changed'] is True and result['action'] == 'cancel'
    assert provider.mutating_calls == []
    result = run(provider, params(None, state='absent'))
    assert result['changed'] is True
    assert result['action'] == 'cancel'
    assert len(provider.mutating_calls) == 1
    assert provider.mutating_calls[0] in ('cancel_job', 'cancel_certificate')
    assert run(provider, params(None, state='absent'))['changed'] is False


def test_absent_revokes_an_issued_certificate(provider, key):
    run(provider, params(make_csr(NAMES, key)))
    complete_all(provider)
    result = run(provider, params(None, state='absent'))
    assert result['action'] == 'revoke'
    assert provider.mutating_calls == ['revoke_certificate']
    assert result['revoked_certificates'] == [result['certificate']['id']]
    assert run(provider, params(None, state='absent'))['changed'] is False


def test_revoked_certificate_is_ordered_again(provider, key):
    csr = make_csr(NAMES, key)
    run(provider, params(csr))
    complete_all(provider)
    run(provider, params(None, state='absent'))
    assert run(provider, params(csr))['action'] == 'order'


def test_contact_dicts_become_contacts_and_unknown_keys_fail(key):
    provider = FakeJobsProvider()
    run(provider, params(make_csr(NAMES, key), admin_contact={'first_name': 'Ada', 'email': 'ada@example.com'},
                         technical_contact='42'))
    request = list(provider.orders.values())[0]['request']
    assert request.admin_contact.first_name == 'Ada'
    assert request.technical_contact == '42'
    with pytest.raises(InputError) as error:
        run(FakeJobsProvider(), params(make_csr(NAMES, key), admin_contact={'firstname': 'Ada'}))
    assert 'firstname' in str(error.value)


def test_ssl247_like_order_reports_price_and_deposit_charged_once(key):
    provider = FakeCertsProvider()
    csr = make_csr(NAMES, key)
    first = run(provider, params(csr))
    assert first['price']['value'] == 49.0
    run(provider, params(csr))
    assert provider.deposit_value == 1000.0 - 49.0
