# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import datetime

import pytest

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    InputError,
    MissingDependencyError,
    NotFoundError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Certificate, Challenge, Job
from ansible_collections.certops.reseller.plugins.module_utils._module import common
from ansible_collections.certops.reseller.tests.unit.plugins.modules.lifecycle_utils import run_main


def test_argument_spec_has_the_connection_options_and_merges():
    spec = common.provider_argument_spec(name=dict(type='str'), timeout=dict(type='float', default=5))
    for option in ('provider', 'api_url', 'api_format', 'username', 'password', 'api_key', 'context',
                   'validate_certs', 'ca_path', 'timeout'):
        assert option in spec
    assert spec['password']['no_log'] is True
    assert spec['api_key']['no_log'] is True
    assert spec['timeout']['default'] == 5
    assert common.PROVIDER_ARGUMENT_SPEC['timeout']['default'] == 60   # not modified
    assert spec['context']['fallback'][1] == ['CERTOPS_CONTEXT']
    for option, variable in (('owner_user', 'CERTOPS_OWNER_USER'), ('owner_context', 'CERTOPS_OWNER_CONTEXT'),
                             ('two_factor_token', 'CERTOPS_2FA_TOKEN'), ('demo', 'CERTOPS_DEMO')):
        assert spec[option]['fallback'][1] == [variable]
    assert spec['two_factor_token']['no_log'] is True


def test_settings_require_a_provider():
    with pytest.raises(InputError) as error:
        common.settings_from_params(dict(provider=None))
    assert 'CERTOPS_PROVIDER' in str(error.value)
    settings = common.settings_from_params(dict(provider='ssl247', api_key='k', context=None))
    assert settings.context == 4
    assert settings.api_url is None


def test_to_result_handles_nested_objects():
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    certificate = Certificate(id='1', common_name='a.example.com', not_after='2026-01-11T00:00:00Z')
    job = Job(id='9', status='running')
    result = common.to_result(dict(c=certificate, j=job, ch=[Challenge(domain='a', method='dns')], n=None), now=now)
    assert result['c']['days_remaining'] == 10
    assert result['j']['status'] == 'running'
    assert result['ch'][0]['domain'] == 'a'
    assert result['n'] is None


def _main_with(handler, **spec):
    def main():
        common.run_module(common.provider_argument_spec(**spec), handler)
    return main


def test_run_module_turns_certops_errors_into_fail_json(capsys):
    def handler(module, provider):
        raise NotFoundError('certificate 7 not found', code='EF03014', provider='autodns', http_status=404)
    result, failed = run_main(_main_with(handler), dict(provider='autodns', username='someone', password='long-secret'), capsys,
                              provider=object())
    assert failed
    assert result['msg'] == 'autodns: certificate 7 not found (code EF03014, HTTP 404)'
    assert result['error_code'] == 'EF03014'
    assert result['error_type'] == 'NotFoundError'


def test_run_module_missing_library(capsys):
    def handler(module, provider):
        raise MissingDependencyError('xmltodict', exception=ImportError('no xmltodict'))
    result, failed = run_main(_main_with(handler), dict(provider='autodns', username='someone', password='long-secret'), capsys,
                              provider=object())
    assert failed
    assert 'Failed to import the required Python library (xmltodict)' in result['msg']


def test_run_module_without_provider_fails_clearly(capsys, monkeypatch):
    monkeypatch.delenv('CERTOPS_PROVIDER', raising=False)
    result, failed = run_main(_main_with(lambda m, p: {}), dict(), capsys)
    assert failed
    assert result['msg'].startswith('provider is required')


def test_run_module_env_fallbacks_and_no_log(capsys, monkeypatch):
    monkeypatch.setenv('CERTOPS_PROVIDER', 'autodns')
    monkeypatch.setenv('CERTOPS_USERNAME', 'env-user')
    monkeypatch.setenv('CERTOPS_PASSWORD', 'env-secret-pw')
    monkeypatch.setenv('CERTOPS_CONTEXT', '9')
    seen = {}

    def handler(module, provider):
        seen['provider'] = provider
        return dict(changed=False, warnings=['look out'], echo=module.params['username'])

    def fake_build(params, transport=None):
        seen['settings'] = common.settings_from_params(params)
        return 'provider'

    monkeypatch.setattr(common, 'build_provider', fake_build)
    result, failed = run_main(_main_with(handler), dict(), capsys)
    assert not failed, result
    assert seen['settings'].provider == 'autodns'
    assert seen['settings'].context == 9
    assert seen['settings'].password == 'env-secret-pw'
    assert 'env-secret-pw' not in repr(result)
    assert 'look out' in repr(result['warnings'])


def test_build_provider_real_factory_without_credentials_fails_before_any_call():
    with pytest.raises(InputError) as error:
        common.build_provider(dict(provider='ssl247', api_format='json'))
    assert 'api_key' in str(error.value)


def test_ansible_module_accepts_the_spec():
    # the spec itself is valid for AnsibleModule's validator
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    result = ArgumentSpecValidator(common.provider_argument_spec()).validate(dict(provider='autodns', context='5'))
    assert result.error_messages == []
    assert result.validated_parameters['context'] == 5
    assert AnsibleModule  # imported for the module runtime


ENV_OF_OPTION = dict(provider='CERTOPS_PROVIDER', api_url='CERTOPS_API_URL', api_format='CERTOPS_API_FORMAT',
                     username='CERTOPS_USERNAME', password='CERTOPS_PASSWORD', api_key='CERTOPS_API_KEY',
                     context='CERTOPS_CONTEXT', ca_path='CERTOPS_CA_PATH')


def test_every_environment_fallback_treats_blank_as_unset():
    for option, variable in ENV_OF_OPTION.items():
        fallback, names = common.PROVIDER_ARGUMENT_SPEC[option]['fallback']
        assert names == [variable], option
    # Every connection option read from the environment (also those added later) uses the blank-aware fallback.
    with_fallback = [name for name, spec in common.PROVIDER_ARGUMENT_SPEC.items() if 'fallback' in spec]
    assert set(ENV_OF_OPTION) <= set(with_fallback)
    for option in with_fallback:
        assert common.PROVIDER_ARGUMENT_SPEC[option]['fallback'][0] is common.env_fallback, option


def test_env_fallback_skips_blank_values(monkeypatch):
    from ansible.module_utils.basic import AnsibleFallbackNotFound
    monkeypatch.setenv('CERTOPS_TEST_A', ' ')
    monkeypatch.setenv('CERTOPS_TEST_B', 'value')
    assert common.env_fallback('CERTOPS_TEST_A', 'CERTOPS_TEST_B') == 'value'
    monkeypatch.delenv('CERTOPS_TEST_B')
    with pytest.raises(AnsibleFallbackNotFound):
        common.env_fallback('CERTOPS_TEST_A', 'CERTOPS_TEST_B')


@pytest.mark.parametrize('blank', ['', '   '])
def test_blank_environment_values_are_defaults_not_errors(capsys, monkeypatch, blank):
    """What AWX injects for a credential whose optional fields were left blank (an SSL247 credential)."""
    for variable in ENV_OF_OPTION.values():
        monkeypatch.setenv(variable, blank)
    monkeypatch.setenv('CERTOPS_PROVIDER', 'ssl247')
    monkeypatch.setenv('CERTOPS_USERNAME', 'ops@example.test')
    monkeypatch.setenv('CERTOPS_API_KEY', 'env-api-key')
    seen = {}

    def handler(module, provider):
        seen.update(module.params)
        seen['settings'] = common.settings_from_params(module.params)
        return {}
    result, failed = run_main(_main_with(handler), dict(), capsys, provider=object())
    assert not failed, result
    assert seen['context'] == 4 and seen['api_format'] == 'json'
    assert seen['api_url'] is None and seen['password'] is None and seen['ca_path'] is None
    assert seen['settings'].api_url is None and seen['settings'].context == 4
    assert seen['api_key'] == 'env-api-key'


def test_blank_provider_in_the_environment_is_the_missing_provider_sentence(capsys, monkeypatch):
    monkeypatch.setenv('CERTOPS_PROVIDER', '')
    result, failed = run_main(_main_with(lambda m, p: {}), dict(), capsys)
    assert failed
    assert result['msg'].startswith('provider is required')


def test_a_task_value_still_wins_over_the_environment(capsys, monkeypatch):
    monkeypatch.setenv('CERTOPS_CONTEXT', '9')
    seen = {}

    def handler(module, provider):
        seen.update(module.params)
        return {}
    run_main(_main_with(handler), dict(provider='autodns', username='u', password='p', context=5), capsys, provider=object())
    assert seen['context'] == 5
