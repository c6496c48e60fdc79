# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/module_utils/_registry.py: the registry of providers.

What Ansible reads statically (the _provider doc fragment, the inventory's DOCUMENTATION, the AWX credential type) is
written out; these tests hold it equal to what the registry derives.  A third provider registered through the
registry alone gets the modules' options, the settings check, the pacer's rate, the plan's secret handling and the
plan itself, with no shared file edited.  The inventory's and the action plugin's share are tested beside them
(tests/unit/plugins/inventory/test_certificates.py, tests/unit/plugins/action/test_certificate_plan.py): a
module_utils test imports no plugin.
"""


import ast
import datetime
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from ansible_collections.certops.reseller.plugins.doc_fragments._provider import ModuleDocFragment
from ansible_collections.certops.reseller.plugins.module_utils import _registry
from ansible_collections.certops.reseller.plugins.module_utils._client import (
    ConnectionSettings,
    create_provider,
    validate_settings,
)
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._lock import rate_for
from ansible_collections.certops.reseller.plugins.module_utils._model import Certificate
from ansible_collections.certops.reseller.plugins.module_utils._module import certificate_plan, common
from ansible_collections.certops.reseller.plugins.module_utils._provider import Capabilities, Provider

ROOT = os.path.dirname(os.path.abspath(__file__)).split(os.sep + 'tests' + os.sep)[0]


def _env_of(spec):
    return list(spec.get('env') or [])


# -- the shipped providers -----------------------------------------------------------------------

def test_the_shipped_providers_declare_themselves():
    assert _registry.names() == ('autodns', 'ssl247')
    assert _registry.api_formats() == ('json', 'xml')
    autodns, ssl247 = _registry.get('autodns'), _registry.get('ssl247')
    assert [autodns.provider_class(f).__name__ for f in ('json', 'xml')] == ['AutoDNSJsonProvider', 'AutoDNSXmlProvider']
    assert ssl247.provider_class('json').__name__ == 'SSL247Provider'
    assert (autodns.default_rate, ssl247.default_rate) == (3.0, 2.0)
    assert autodns.url('xml', demo=True) == 'https://demo.autodns.com/gateway/'
    assert ssl247.url('json', demo=True) == 'https://api.ssl247.com/api/v3'   # no demo system: the live one
    assert ssl247.capabilities().jobs_are_certificates and not autodns.capabilities('json').jobs_are_certificates
    assert set(_registry.secret_options()) == {'password', 'api_key', 'two_factor_token'}
    assert _registry.owners('owner_user') == ('autodns',) and _registry.owners('timeout') == ('autodns', 'ssl247')


def test_a_provider_cannot_register_twice_nor_redeclare_a_shared_option_differently():
    with pytest.raises(ValueError, match='registered already'):
        _registry.register(_registry.get('autodns'))
    clash = _registry.ProviderInfo(name='clash', title='Clash', formats=dict(json=lambda: Provider),
                                   urls=dict(json='https://clash.test'), options=dict(username=dict(type='int')))
    with pytest.raises(ValueError, match='declares username unlike provider autodns'):
        _registry.register(clash)
    assert 'clash' not in _registry.names()


# -- what Ansible reads statically, held to the registry ---------------------------------------------

def test_threads_that_load_the_registry_at_once_all_see_every_provider(monkeypatch):
    # the benchmarks' seeding builds providers from 8 threads; a thread must not see the registry half loaded
    monkeypatch.setattr(_registry, '_PROVIDERS', _registry.OrderedDict())
    monkeypatch.setattr(_registry, '_BUILTINS_LOADED', [])
    slow_add = _registry._add

    def add(info):
        time.sleep(0.05)
        slow_add(info)
    monkeypatch.setattr(_registry, '_add', add)
    with ThreadPoolExecutor(8) as pool:
        seen = list(pool.map(lambda dummy: tuple(_registry.names()), range(8)))
    assert seen == [('autodns', 'ssl247')] * 8


def test_the_doc_fragment_documents_the_registrys_connection_options():
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    derived = _registry.connection_options()
    assert sorted(documented) == sorted(derived)
    for name, spec in derived.items():
        doc = documented[name]
        assert doc.get('type') == spec.get('type'), name
        assert doc.get('default') == spec.get('default'), name
        assert doc.get('choices') == spec.get('choices'), name
        text = ' '.join(doc['description'])
        for variable in _env_of(spec):
            assert 'E(%s)' % variable in text, (name, variable)


def test_the_module_argument_spec_is_the_registrys():
    spec = common.provider_argument_spec()
    derived = _registry.connection_options()
    assert sorted(spec) == sorted(derived) == sorted(common.PROVIDER_ARGUMENT_SPEC)
    for name, option in derived.items():
        assert spec[name].get('no_log', False) == option.get('no_log', False), name
        assert 'env' not in spec[name]
        if _env_of(option):
            assert spec[name]['fallback'] == (common.env_fallback, _env_of(option)), name
        else:
            assert 'fallback' not in spec[name], name


def _credential_type():
    path = os.path.join(ROOT, 'extras', 'awx', 'credential_type.yml')
    if not os.path.exists(path):
        pytest.skip('extras/ is not part of this copy of the collection')
    with open(path) as handle:
        return yaml.safe_load(handle)


# The two-factor token is a one-time code: it cannot be stored in a credential.
AWX_LEFT_OUT = {'two_factor_token'}


def test_the_awx_credential_type_injects_the_registrys_options():
    credential_type = _credential_type()
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    derived = _registry.connection_options()
    assert fields['provider']['choices'] == list(_registry.names())
    assert fields['api_format']['choices'] == [''] + list(_registry.api_formats())
    wanted = sorted(variable for name, spec in derived.items() if name not in AWX_LEFT_OUT for variable in _env_of(spec))
    assert sorted(credential_type['injectors']['env']) == wanted
    for name in _registry.secret_options():
        if name not in AWX_LEFT_OUT:
            assert fields[name].get('secret') is True, name


# -- no provider name outside its package ------------------------------------------------------------

SHARED = ('plugins/module_utils', 'plugins/action', 'plugins/inventory', 'plugins/filter', 'plugins/plugin_utils',
          'plugins/lookup', 'plugins/modules')
PROVIDER_PACKAGES = ('plugins/module_utils/_autodns', 'plugins/module_utils/_ssl247')
# Names that are no provider: the DNS backend that publishes through AutoDNS zones is a DNS backend's name (a value of
# a declaration's dns.backend), kept by the declaration's own check.
NOT_A_PROVIDER = {'plugins/module_utils/_plan/declaration.py'}


def _branches_on_a_provider_name(path, provider_names):
    """String constants equal to a provider's name in comparisons, collections and dict keys (not in docstrings)."""
    with open(path) as handle:
        tree = ast.parse(handle.read())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            candidates = [node.left] + list(node.comparators)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            candidates = list(node.elts)
        elif isinstance(node, ast.Dict):
            candidates = [key for key in node.keys if key is not None]
        else:
            continue
        for candidate in candidates:
            if isinstance(candidate, ast.Constant) and candidate.value in provider_names:
                found.append('%s:%d %r' % (os.path.relpath(path, ROOT), candidate.lineno, candidate.value))
    return found


def test_no_shared_file_branches_on_a_provider_name():
    provider_names = set(_registry.names())
    found = []
    for top in SHARED:
        for folder, dummy, files in os.walk(os.path.join(ROOT, top)):
            relative = os.path.relpath(folder, ROOT)
            if relative.startswith(PROVIDER_PACKAGES):
                continue
            for name in files:
                path = os.path.join(folder, name)
                if name.endswith('.py') and os.path.relpath(path, ROOT) not in NOT_A_PROVIDER:
                    found.extend(_branches_on_a_provider_name(path, provider_names))
    assert found == []


# -- a third provider, through the registry alone --------------------------------------------------------

NOW = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)


class ExampleCAProvider(Provider):
    """A reseller the collection does not ship: one wire format, an account token instead of a password."""
    name = 'exampleca'
    api_format = 'json'
    capabilities = Capabilities(lifetime_unit='year')
    made = []

    def __init__(self, http, settings):
        super(ExampleCAProvider, self).__init__(http, settings)
        ExampleCAProvider.made.append(settings)

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        return [], 0

    def list_certificates_by_names(self, common_names):
        return []

    def list_jobs(self, history=False, status=None, object_name=None, limit=None, offset=0):
        return [], 0

    def get_certificate(self, certificate_id, include_pem=True):
        return Certificate(id=certificate_id, common_name='unknown.test')


def _check_exampleca(settings):
    if settings.account_token and not settings.account_token.startswith('tok-'):
        raise InputError('account_token of exampleca starts with tok-')


EXAMPLECA = _registry.ProviderInfo(
    name='exampleca',
    title='Example CA',
    formats=dict(json=lambda: ExampleCAProvider),
    urls=dict(json='https://api.exampleca.test/v2'),
    options=dict(
        username=dict(type='str', env=['CERTOPS_USERNAME']),
        account_token=dict(type='str', no_log=True, env=['CERTOPS_EXAMPLECA_TOKEN']),
        region=dict(type='str', default='eu', env=['CERTOPS_EXAMPLECA_REGION']),
    ),
    exclusive_options=('region',),
    required=('account_token',),
    check_settings=_check_exampleca,
    default_rate=5.0,
)


@pytest.fixture
def exampleca(monkeypatch):
    for variable in ('CERTOPS_RATE_LIMIT', 'CERTOPS_EXAMPLECA_TOKEN', 'CERTOPS_PROVIDER', 'CERTOPS_USERNAME'):
        monkeypatch.delenv(variable, raising=False)
    ExampleCAProvider.made[:] = []
    _registry.register(EXAMPLECA)
    try:
        yield EXAMPLECA
    finally:
        _registry.unregister('exampleca')


def no_request(method, url, headers, body, timeout):
    raise AssertionError('the plan of nothing ordered sends no request to exampleca here')


def test_a_registered_provider_gets_the_modules_options_and_the_settings_check(exampleca):
    spec = common.provider_argument_spec()
    assert spec['provider']['choices'] == ['autodns', 'ssl247', 'exampleca']
    assert spec['account_token']['no_log'] is True
    assert spec['account_token']['fallback'] == (common.env_fallback, ['CERTOPS_EXAMPLECA_TOKEN'])
    assert 'account_token' in _registry.secret_options()
    with pytest.raises(InputError, match=r'provider exampleca needs account_token \(or the environment variables '
                                         r'CERTOPS_EXAMPLECA_TOKEN\)'):
        validate_settings(ConnectionSettings(provider='exampleca'))
    with pytest.raises(InputError, match='starts with tok-'):
        validate_settings(ConnectionSettings(provider='exampleca', account_token='wrong'))
    with pytest.raises(InputError, match='demo exists only for provider autodns; leave it out for provider exampleca'):
        validate_settings(ConnectionSettings(provider='exampleca', account_token='tok-1', demo=True))
    with pytest.raises(InputError, match='api_format xml exists only for provider autodns'):
        validate_settings(ConnectionSettings(provider='exampleca', account_token='tok-1', api_format='xml'))
    # its own option is refused by the others, the default of an option of its own is no setting
    with pytest.raises(InputError, match='region exists only for provider exampleca; leave it out for provider ssl247'):
        validate_settings(ConnectionSettings(provider='ssl247', username='u', api_key='k', region='us'))
    validate_settings(ConnectionSettings(provider='ssl247', username='u', api_key='k'))
    settings = common.settings_from_params(dict(provider='exampleca', account_token='tok-1', region=''))
    assert (settings.region, settings.url, settings.effective_format) == ('eu', 'https://api.exampleca.test/v2', 'json')
    provider = create_provider(settings, transport=no_request)
    assert isinstance(provider, ExampleCAProvider) and provider.http.base_url == 'https://api.exampleca.test/v2'
    assert rate_for(settings) == 5.0
    assert 'tok-1' not in repr(settings)


def test_the_plan_runs_against_a_registered_provider_and_keeps_its_secret_apart(exampleca):
    connections = dict(ca=dict(provider='exampleca', account_token='tok-secret-3', username='ops'))
    plain, secrets = certificate_plan.split_secrets(connections)
    assert plain == dict(ca=dict(provider='exampleca', username='ops'))
    assert secrets == dict(ca=dict(account_token='tok-secret-3'))
    params = dict((name, None) for name in common.connection_argument_spec())
    params.update(inventory=['web1'], declarations=dict(web1=[dict(common_name='www.example.test', connection='ca')]),
                  inspections=dict(web1=[dict(key=dict(exists=False), pending_key=dict(exists=False),
                                              certificate=dict(exists=False), chain=dict(exists=False),
                                              fullchain=dict(exists=False))]),
                  defaults={}, actions=['order', 'reissue', 'renew'], connections=plain, connection_secrets=secrets)
    result = certificate_plan.run_certificate_plan(params, transport=no_request, now=NOW)
    entry = result['certificates'][0]
    assert (entry['common_name'], entry['connection'], entry['action']) == ('www.example.test', 'ca', 'order')
    assert [(s.provider, s.account_token, s.username) for s in ExampleCAProvider.made] == [('exampleca', 'tok-secret-3', 'ops')]
    assert 'tok-secret-3' not in repr(result)


def test_two_hosts_that_disagree_on_a_registered_providers_secret_are_told_without_it(exampleca):
    sentence = certificate_plan._connection_disagreement('ca', dict(
        web1=dict(provider='exampleca', account_token='tok-a'), web2=dict(provider='exampleca', account_token='tok-b')))
    assert 'account_token number 1' in sentence and 'tok-a' not in sentence and 'not shown' in sentence
