# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


from ansible_collections.certops.reseller.plugins.module_utils._model import Certificate
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_job_info import run_certificate_job_info
from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._module.contact_info_fakes import (
    FakeAutodns,
    FakeSSL247,
    a_challenge,
)


def params(**overrides):
    result = dict(job_id=None, history=False, status=None, common_name=None, limit=None, offset=0)
    result.update(overrides)
    return result


def fill(provider):
    running = provider.add_job(status='running', provider_status='RUNNING', sub_status='WF_DNS_AUTH', action='create',
                               object='www.example.com', challenges=[a_challenge('www.example.com')],
                               certificate=Certificate(common_name='www.example.com', status='validating'))
    deferred = provider.add_job(status='deferred', provider_status='DEFERRED', object='shop.example.com')
    done = provider.add_job(history=True, status='succeeded', provider_status='SUCCESS', object='old.example.com')
    return running, deferred, done


def test_list_running_jobs():
    provider = FakeAutodns()
    running, deferred, dummy = fill(provider)
    result = run_certificate_job_info(provider, params())
    assert result['changed'] is False
    assert [j['id'] for j in result['jobs']] == [running.id, deferred.id]
    assert result['total'] == 2
    assert result['jobs'][0]['sub_status'] == 'WF_DNS_AUTH'
    assert set(result['jobs'][0]) >= set(['id', 'status', 'provider_status', 'sub_status', 'action', 'object',
                                          'created', 'updated', 'execution'])


def test_list_history_and_status_filter():
    provider = FakeAutodns()
    dummy, deferred, done = fill(provider)
    assert [j['id'] for j in run_certificate_job_info(provider, params(history=True))['jobs']] == [done.id]
    result = run_certificate_job_info(provider, params(status='deferred'))
    assert [j['id'] for j in result['jobs']] == [deferred.id]
    assert provider.called('list_jobs')[-1][2]['status'] == 'deferred'


def test_common_name_filter_is_passed_as_object_name():
    provider = FakeAutodns()
    fill(provider)
    result = run_certificate_job_info(provider, params(common_name='shop.example.com'))
    assert result['total'] == 1
    assert provider.called('list_jobs')[-1][2]['object_name'] == 'shop.example.com'


def test_one_job_with_certificate_and_challenges():
    provider = FakeAutodns()
    running, dummy, dummy2 = fill(provider)
    result = run_certificate_job_info(provider, params(job_id=running.id))
    assert result['total'] == 1
    assert result['jobs'][0]['id'] == running.id
    assert result['certificate']['common_name'] == 'www.example.com'
    assert result['challenges'][0]['record_value'] == 'token'


def test_finished_job_found_in_history():
    provider = FakeAutodns()
    dummy, dummy2, done = fill(provider)
    result = run_certificate_job_info(provider, params(job_id=done.id))
    assert result['jobs'][0]['status'] == 'succeeded'
    assert [call[2]['history'] for call in provider.called('get_job')] == [False, True]


def test_unknown_job_is_empty_without_history_lookup_where_there_is_none():
    provider = FakeSSL247()
    result = run_certificate_job_info(provider, params(job_id='404'))
    assert result['jobs'] == [] and result['total'] == 0 and result['certificate'] is None
    assert len(provider.called('get_job')) == 1


def test_job_challenges_fall_back_to_certificate():
    provider = FakeSSL247()
    job = provider.add_job(status='running', certificate=Certificate(id='7', challenges=[a_challenge()]))
    result = run_certificate_job_info(provider, params(job_id=job.id))
    assert result['challenges'][0]['domain'] == 'example.com'
