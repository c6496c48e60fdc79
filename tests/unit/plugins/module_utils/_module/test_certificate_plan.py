# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._module import certificate_plan


def test_secrets_travel_apart_and_merge_back():
    connections = {'a': dict(provider='autodns', username='u', password='p', context=4),
                   'b': dict(provider='ssl247', api_key='k')}
    plain, secrets = certificate_plan.split_secrets(connections)
    assert plain == {'a': dict(provider='autodns', username='u', context=4), 'b': dict(provider='ssl247')}
    assert secrets == {'a': dict(password='p'), 'b': dict(api_key='k')}
    assert certificate_plan.merge_secrets(plain, secrets) == connections


def test_named_connection_over_the_tasks_own_options():
    params = dict(provider='autodns', api_url=None, api_format='json', username='env-user', password='env-pass',
                  api_key=None, context=4, validate_certs=True, ca_path=None, timeout=60)
    merged = certificate_plan.connection_params(params, dict(username='named', context='7', api_url=''))
    assert merged['username'] == 'named' and merged['password'] == 'env-pass'
    assert merged['context'] == 7 and merged['api_url'] is None
    with pytest.raises(InputError, match="connection option 'colour' is unknown"):
        certificate_plan.connection_params(params, dict(colour='blue'))


def test_unknown_connection_blocks_with_a_sentence():
    providers = certificate_plan.build_providers(dict(connections={}, provider=None), ['missing', ''])
    assert "connection 'missing' is not a key of certificate_connections (none defined)" in str(providers['missing'])
    assert 'provider is required' in str(providers[''])


def test_dns_secret_is_left_out_of_the_declarations():
    item = dict(common_name='a.test', dns=dict(server='ns', key_secret='s3cret'))
    clean = certificate_plan.without_secrets(item)
    assert clean == dict(common_name='a.test', dns=dict(server='ns'))
    assert item['dns']['key_secret'] == 's3cret'     # the inventory's own value is untouched


def test_connection_options_take_the_environment_then_the_defaults(monkeypatch):
    monkeypatch.setenv('CERTOPS_PROVIDER', 'ssl247')
    monkeypatch.setenv('CERTOPS_API_KEY', 'from-env')
    monkeypatch.delenv('CERTOPS_USERNAME', raising=False)
    params = certificate_plan.connection_options(dict(username='task-user'))
    assert params['provider'] == 'ssl247' and params['api_key'] == 'from-env'
    assert params['username'] == 'task-user'
    assert params['api_format'] == 'json' and params['validate_certs'] is True and params['timeout'] == 60


def test_connection_options_from_the_environment_get_the_option_types(monkeypatch):
    """Environment values are strings; the plan runs in an action plugin, without the module argument spec that
    would convert them: CERTOPS_DEMO=false must not turn demo on (nor make an SSL247 connection invalid)."""
    monkeypatch.setenv('CERTOPS_DEMO', 'false')
    monkeypatch.setenv('CERTOPS_CONTEXT', '1')
    monkeypatch.setenv('CERTOPS_RATE_LIMIT', '2.5')
    params = certificate_plan.connection_options(dict(validate_certs='no'))
    assert params['demo'] is False and params['context'] == 1 and params['rate_limit'] == 2.5
    assert params['validate_certs'] is False
    monkeypatch.setenv('CERTOPS_CONTEXT', 'four')
    with pytest.raises(InputError, match="context must be a whole number, got 'four'"):
        certificate_plan.connection_options({})


def _role_item_spec():
    """The certificate role's own spec of one certops_certificates item (what the role passes as declaration_spec)."""
    import os
    import yaml
    here = os.path.dirname(os.path.abspath(__file__))
    root = here[:here.index(os.sep + 'tests' + os.sep)]
    with open(os.path.join(root, 'roles', 'certificate', 'meta', 'argument_specs.yml')) as handle:
        return yaml.safe_load(handle)['argument_specs']['main']['options']['certops_certificates']['options']


def test_every_hosts_declarations_are_checked_against_the_roles_spec_in_one_go():
    spec = _role_item_spec()
    good = dict(web1=[dict(common_name='www.example.com', subject_alternative_names=['example.com'], lifetime=12,
                           key=dict(type='ECC', curve='secp384r1'), key_host='web1')],
                web2=[dict(common_name='www.example.com', subject_alternative_names=['example.com'])])
    certificate_plan.check_declarations(good, spec)
    certificate_plan.check_declarations(good, {})   # no spec: nothing beyond the plan's own checks
    typo = dict(good, web3=[dict(common_nam='api.example.com')])
    with pytest.raises(InputError) as caught:
        certificate_plan.check_declarations(typo, spec)
    text = str(caught.value)
    assert text.startswith('web3: ') and 'unknown option certops_certificates.common_nam.' in text
    assert 'missing required arguments: common_name' in text
    wrong_type = dict(good, web2=[dict(common_name='www.example.com', lifetime='twelve')])
    with pytest.raises(InputError, match='^web2: .*lifetime'):
        certificate_plan.check_declarations(wrong_type, spec)
