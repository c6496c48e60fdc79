# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""plugins/inventory/certificates.py: hosts, groups, constructed features, connections, cache.

The providers are fakes put in place of ``create_provider``; the plugin itself runs as Ansible runs it.
"""


import datetime

import pytest
import yaml

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.certops.reseller.plugins.inventory import certificates as plugin_module
from ansible_collections.certops.reseller.plugins.module_utils import _registry
from ansible_collections.certops.reseller.plugins.module_utils._client import validate_settings
from ansible_collections.certops.reseller.plugins.module_utils._errors import AuthenticationError
from ansible_collections.certops.reseller.plugins.module_utils._model import Certificate
from ansible_collections.certops.reseller.plugins.module_utils._provider import Capabilities, Provider

from ansible_collections.certops.reseller.tests.unit.plugins.module_utils.test_registry import (  # noqa: F401 pylint: disable=unused-import
    exampleca,
)

NOW = datetime.datetime.now(datetime.timezone.utc)


def expiring_in(days):
    return (NOW + datetime.timedelta(days=days, hours=6)).strftime('%Y-%m-%dT%H:%M:%SZ')


class FakeProvider(Provider):
    capabilities = Capabilities()

    def __init__(self, settings, certificates, calls):
        Provider.__init__(self, http=None, settings=settings)
        self.name = settings.provider
        self.api_format = settings.effective_format
        self.certificates = certificates
        self.calls = calls

    def list_certificates(self, common_name=None, status=None, product=None, limit=None, offset=0):
        self.calls.append((self.settings.username, 'list', limit, offset))
        end = None if limit is None else offset + limit
        return self.certificates[offset:end], len(self.certificates)


ACCOUNTS = {
    'alice': [
        Certificate(id='1', common_name='www.example.com', subject_alternative_names=['www.example.com', 'example.com'],
                    product='BASIC_SSL', status='issued', not_after=expiring_in(5)),
        Certificate(id='2', common_name='api.example.com', subject_alternative_names=['api.example.com'],
                    product='BASIC_SSL', status='issued', not_after=expiring_in(45)),
        Certificate(id='3', common_name='old.example.com', subject_alternative_names=['old.example.com'],
                    product='BASIC_SSL', status='issued', not_after=expiring_in(-2)),
        Certificate(id='4', common_name='*.example.com', subject_alternative_names=['*.example.com'],
                    product='WILDCARD_SSL', status='pending'),
    ],
    'bob@example.com': [
        Certificate(id='77', common_name='shop.example.org', subject_alternative_names=['shop.example.org'],
                    product='RAPIDSSL', status='issued', not_after=expiring_in(200)),
    ],
}


class MadeSettings(list):
    """The ConnectionSettings the plugin made, in order; ``pacers`` the pacer handed along with each."""

    def __init__(self):
        super(MadeSettings, self).__init__()
        self.pacers = []


@pytest.fixture
def fakes(monkeypatch, tmp_path):
    calls = []
    made = MadeSettings()
    pacers = made.pacers

    def create_provider(settings, transport=None, **options):
        validate_settings(settings)
        if settings.username not in ACCOUNTS:
            raise AuthenticationError('authentication failed (wrong user name or password)')
        made.append(settings)
        pacers.append(options.get('pacer'))
        return FakeProvider(settings, ACCOUNTS[settings.username], calls)

    monkeypatch.setattr(plugin_module, 'create_provider', create_provider)
    for name in ('CERTOPS_PROVIDER', 'CERTOPS_USERNAME', 'CERTOPS_PASSWORD', 'CERTOPS_API_KEY', 'CERTOPS_API_URL',
                 'CERTOPS_API_FORMAT', 'CERTOPS_CONTEXT', 'CERTOPS_CA_PATH', 'CERTOPS_RATE_LIMIT', 'CERTOPS_OWNER_USER',
                 'CERTOPS_OWNER_CONTEXT', 'CERTOPS_2FA_TOKEN', 'CERTOPS_DEMO'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('CERTOPS_LOCK_DIR', str(tmp_path / 'locks'))
    return calls, made


def parse(tmp_path, options, cache=True, name='test.certops.yml'):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(dict(plugin='certops.reseller.certificates', **options)))
    inventory = InventoryData()
    plugin = inventory_loader.get('certops.reseller.certificates')
    assert plugin.verify_file(str(path))
    plugin.parse(inventory, DataLoader(), str(path), cache=cache)
    try:
        plugin.update_cache_if_changed()   # as the InventoryManager does after parse
    except AttributeError:                 # (no cache configured)
        pass
    return inventory


def members(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts())


def test_verify_file_wants_the_certops_suffix(tmp_path):
    plugin = inventory_loader.get('certops.reseller.certificates')
    for name, wanted in (('a.certops.yml', True), ('a.certops.yaml', True), ('a.yml', False), ('certops.yml', False)):
        (tmp_path / name).write_text('plugin: certops.reseller.certificates\n')
        assert plugin.verify_file(str(tmp_path / name)) is wanted, name


def test_hosts_variables_and_groups(tmp_path, fakes):
    inventory = parse(tmp_path, dict(provider='autodns', username='alice', password='secret'))
    www = inventory.get_host('www.example.com_default_1')
    assert www.vars['certops_names'] == ['www.example.com', 'example.com']
    assert www.vars['certops_days_remaining'] == 5
    assert www.vars['certops_provider'] == 'autodns' and www.vars['certops_connection'] == 'default'
    assert not [value for value in www.vars.values() if value == 'secret']
    assert members(inventory, 'expiring_7d') == ['www.example.com_default_1']
    assert members(inventory, 'expiring_30d') == ['www.example.com_default_1']
    assert members(inventory, 'expiring_90d') == ['api.example.com_default_2', 'www.example.com_default_1']
    assert members(inventory, 'expired') == ['old.example.com_default_3']
    assert inventory.get_host('old.example.com_default_3').vars['certops_status'] == 'expired'
    assert members(inventory, 'status_pending') == ['wildcard.example.com_default_4']
    assert members(inventory, 'product_wildcard_ssl') == ['wildcard.example.com_default_4']
    assert len(members(inventory, 'provider_autodns')) == 4
    assert len(members(inventory, 'connection_default')) == 4


def test_constructed_features_and_prefixes(tmp_path, fakes):
    inventory = parse(tmp_path, dict(
        provider='autodns', username='alice', password='secret', vars_prefix='cert_', group_prefix='tls_',
        expiry_windows={'expiring_14d': 14}, expired_group='', statuses=['issued', 'expired'],
        compose={'ansible_connection': "'local'", 'urgent': 'cert_days_remaining is not none and cert_days_remaining < 10'},
        groups={'apex': "'example.com' in cert_names"},
        keyed_groups=[{'key': 'cert_common_name.split(".")[0]', 'prefix': 'label'}]))
    assert sorted(host.name for host in inventory.hosts.values()) == [
        'api.example.com_default_2', 'old.example.com_default_3', 'www.example.com_default_1']
    assert members(inventory, 'tls_expiring_14d') == ['www.example.com_default_1']
    assert 'tls_expired' not in inventory.groups and 'expired' not in inventory.groups
    assert members(inventory, 'apex') == ['www.example.com_default_1']
    assert members(inventory, 'label_api') == ['api.example.com_default_2']
    assert inventory.get_host('old.example.com_default_3').vars['urgent'] is True
    assert inventory.get_host('api.example.com_default_2').vars['urgent'] is False
    assert inventory.get_host('api.example.com_default_2').vars['ansible_connection'] == 'local'


def test_several_connections_inherit_the_top_level_options(tmp_path, fakes, monkeypatch):
    calls, made = fakes
    monkeypatch.setenv('CERTOPS_PASSWORD', 'from-env')
    monkeypatch.setenv('CERTOPS_API_KEY', 'key-from-env')
    # Empty counts as unset (AWX injects blank credential fields): the items name their provider.
    for name in ('CERTOPS_PROVIDER', 'CERTOPS_API_URL', 'CERTOPS_API_FORMAT', 'CERTOPS_CONTEXT', 'CERTOPS_CA_PATH'):
        monkeypatch.setenv(name, '')
    inventory = parse(tmp_path, dict(username='alice', page_size=3, connections=[
        dict(name='json', provider='autodns'),
        dict(name='xml', provider='autodns', api_format='xml'),
        dict(name='shop', provider='ssl247', username='bob@example.com'),
    ]))
    assert [(s.provider, s.effective_format, s.username, s.password) for s in made] == [
        ('autodns', 'json', 'alice', 'from-env'), ('autodns', 'xml', 'alice', 'from-env'),
        ('ssl247', 'json', 'bob@example.com', 'from-env')]
    assert made[2].api_key == 'key-from-env'
    assert [(s.context, s.ca_path, s.api_url) for s in made] == [(4, None, None)] * 3
    assert members(inventory, 'connection_shop') == ['shop.example.org_shop_77']
    assert len(members(inventory, 'connection_xml')) == 4
    assert inventory.get_host('www.example.com_xml_1').vars['certops_api_format'] == 'xml'
    # pages of 3: two list calls per AutoDNS connection, one for the shop
    assert calls == [('alice', 'list', 3, 0), ('alice', 'list', 3, 3)] * 2 + [('bob@example.com', 'list', 3, 0)]


def test_sub_user_two_factor_and_demo_reach_the_client(tmp_path, fakes, monkeypatch):
    """The AutoDNS connection options of the modules: owner_user/owner_context, the 2FA code and the demo system,
    from the options, the items and the environment (blank counts as unset, as AWX injects blank fields)."""
    _calls, made = fakes
    monkeypatch.setenv('CERTOPS_OWNER_USER', 'reseller-sub')
    monkeypatch.setenv('CERTOPS_OWNER_CONTEXT', '9')
    monkeypatch.setenv('CERTOPS_2FA_TOKEN', '')
    monkeypatch.setenv('CERTOPS_DEMO', 'yes')
    parse(tmp_path, dict(provider='autodns', username='alice', password='secret', connections=[
        dict(name='sub'),
        dict(name='own', owner_user='other', owner_context=5, two_factor_token='123456', demo=False),
    ]))
    assert [(s.owner_user, s.owner_context, s.two_factor_token, s.demo) for s in made] == [
        ('reseller-sub', 9, None, True), ('other', 5, '123456', False)]
    assert made[0].api_url is None and made[0].url == 'https://api.demo.autodns.com/v1'


def test_requests_wait_at_the_accounts_shared_pacer(tmp_path, fakes):
    """The inventory is paced by the same per-account pacer as the modules (_lock.pacer_for): an inventory sync
    beside a playbook run shares the account's rate instead of adding its own."""
    _calls, made = fakes
    parse(tmp_path, dict(username='alice', password='secret', api_key='key', rate_limit=2, connections=[
        dict(name='json', provider='autodns'),
        dict(name='slow', provider='autodns', api_format='xml', rate_limit=0.5),
        dict(name='unpaced', provider='ssl247', username='bob@example.com', rate_limit=0),
    ]))
    assert [s.rate_limit for s in made] == [2.0, 0.5, 0.0]
    assert [p.rate if p is not None else None for p in made.pacers] == [2.0, 0.5, None]
    assert made.pacers[0].path.startswith(str(tmp_path / 'locks'))


def test_cache_is_used_and_refreshed(tmp_path, fakes):
    calls, made = fakes
    options = dict(provider='autodns', username='alice', password='secret', cache=True,
                   cache_plugin='ansible.builtin.jsonfile', cache_connection=str(tmp_path / 'cache'))
    parse(tmp_path, options, cache=False)        # a refresh writes the cache
    assert len(calls) == 1
    inventory = parse(tmp_path, options, cache=True)
    assert len(calls) == 1, 'the cached inventory made no call'
    assert members(inventory, 'expiring_7d') == ['www.example.com_default_1']
    assert 'secret' not in ''.join(p.read_text() for p in (tmp_path / 'cache').iterdir())
    parse(tmp_path, options, cache=False)
    assert len(calls) == 2


@pytest.mark.parametrize('options, message', [
    (dict(username='alice'), 'connection default: provider is required'),
    (dict(connections=[dict(name='a', provider='autodns', username='alice', pasword='x')]), 'unknown keys: pasword'),
    (dict(connections=[dict(provider='autodns')]), 'needs a name'),
    (dict(provider='autodns', username='alice', connections=[dict(name='a'), dict(name='a')]), 'used twice'),
    (dict(provider='autodns', username='alice'), 'provider autodns needs password'),
    (dict(provider='autodns', username='alice', password='x', owner_user='sub'), 'needs owner_context'),
    (dict(provider='autodns', username='mallory', password='wrong-secret'), 'connection default \\(autodns\\): authentication failed'),
    (dict(provider='autodns', username='alice', password='x', expiry_windows={'soon': -3}), 'must not be negative'),
    (dict(provider='autodns', username='alice', password='x', statuses=['issued', 'live']), 'statuses: unknown live'),
])
def test_bad_sources_fail_with_a_sentence(tmp_path, fakes, options, message):
    with pytest.raises(AnsibleParserError, match=message) as caught:
        parse(tmp_path, options)
    assert 'wrong-secret' not in str(caught.value)


TEMPLATE = "{{ lookup('pipe', 'id') }}"


def templatable(text):
    """``text`` as a string Ansible would template: every plain string before ansible-core 2.19, one tagged as
    trusted from 2.19 on (data tagging). So the provider below is as dangerous on every core."""
    try:
        from ansible.template import trust_as_template
    except ImportError:
        return text
    return trust_as_template(text)


def test_provider_values_are_never_templated(tmp_path, fakes, monkeypatch):
    """A template string in what the provider says (product, serial number, a name) stays a literal in the host
    variables, in a compose expression built on them and in a template that refers to them; nothing is run."""
    monkeypatch.setitem(ACCOUNTS, 'mallory', [Certificate(
        id='9', common_name='evil.example.com',
        subject_alternative_names=['evil.example.com', templatable(TEMPLATE)],
        product=templatable(TEMPLATE), status='issued', not_after=expiring_in(20),
        serial_number=templatable(TEMPLATE))])
    inventory = parse(tmp_path, dict(provider='autodns', username='mallory', password='secret',
                                     compose={'shown_product': 'certops_product'}))
    host = inventory.get_host('evil.example.com_default_9')
    variables = dict(host.vars)
    assert variables['certops_product'] == TEMPLATE
    assert variables['shown_product'] == TEMPLATE
    assert variables['certops_names'] == ['evil.example.com', TEMPLATE]

    from ansible.template import Templar
    templar = Templar(loader=DataLoader(), variables=variables)
    for name in ('certops_product', 'certops_serial_number', 'shown_product'):
        assert templar.template(variables[name]) == TEMPLATE, name
        assert templar.template(templatable('{{ %s }}' % name)) == TEMPLATE, name
    assert templar.template(variables['certops_names']) == ['evil.example.com', TEMPLATE]
    # the group made from the product is sanitized, not templated
    product_groups = [group.name for group in host.get_groups() if group.name.startswith('product_')]
    assert len(product_groups) == 1 and 'lookup' in product_groups[0] and not set('{}()\' ') & set(product_groups[0])


TERMS = [
    # due for a free reissue: the certificate expires in 5 days, the paid term runs 200 more
    Certificate(id='21', common_name='reissue.example.com', product='BASIC_SSL', status='issued', not_after=expiring_in(5),
                term_end=expiring_in(200), multiyear=False, reissue_required=True, reissue_status='REQUIRED'),
    # the term ends within AutoDNS's 90-day renewal window
    Certificate(id='22', common_name='renew.example.com', product='BASIC_SSL', status='issued', not_after=expiring_in(60),
                term_end=expiring_in(60), multiyear=False, reissue_required=False),
    # SSL247: the certificate has run out, the term has ended too
    Certificate(id='23', common_name='gone.example.com', product='RAPIDSSL', status='expired', not_after=expiring_in(-3),
                term_end=expiring_in(-1), term_years=1, remaining_reissues=0),
    # no term told
    Certificate(id='24', common_name='plain.example.com', product='BASIC_SSL', status='issued', not_after=expiring_in(20)),
]


def test_the_paid_term_as_host_variables_and_groups(tmp_path, fakes, monkeypatch):
    monkeypatch.setitem(ACCOUNTS, 'carol', TERMS)
    inventory = parse(tmp_path, dict(provider='autodns', username='carol', password='secret'))
    reissue = inventory.get_host('reissue.example.com_default_21').vars
    assert (reissue['certops_days_remaining'], reissue['certops_term_days_remaining']) == (5, 200)
    assert reissue['certops_term_end'] == expiring_in(200)
    assert (reissue['certops_multiyear'], reissue['certops_reissue_required'], reissue['certops_reissue_status']) == (
        False, True, 'REQUIRED')
    gone = inventory.get_host('gone.example.com_default_23').vars
    assert (gone['certops_term_days_remaining'], gone['certops_term_years'], gone['certops_remaining_reissues']) == (-1, 1, 0)
    plain = inventory.get_host('plain.example.com_default_24').vars
    assert plain['certops_term_end'] is None and plain['certops_term_days_remaining'] is None
    assert members(inventory, 'term_ending_30d') == []
    assert members(inventory, 'term_ending_90d') == ['renew.example.com_default_22']
    assert members(inventory, 'term_ended') == ['gone.example.com_default_23']
    # a reissue is due where the certificate expires soon and the term does not end soon
    assert members(inventory, 'expiring_7d') == ['reissue.example.com_default_21']


def test_term_windows_and_group_names_are_options(tmp_path, fakes, monkeypatch):
    monkeypatch.setitem(ACCOUNTS, 'carol', TERMS)
    inventory = parse(tmp_path, dict(provider='autodns', username='carol', password='secret', group_prefix='tls_',
                                     term_windows={'renewal_due': 90, 'term_ending_year': 365}, term_ended_group=''))
    assert members(inventory, 'tls_renewal_due') == ['renew.example.com_default_22']
    assert members(inventory, 'tls_term_ending_year') == ['reissue.example.com_default_21', 'renew.example.com_default_22']
    assert 'tls_term_ended' not in inventory.groups and 'tls_term_ending_90d' not in inventory.groups
    with pytest.raises(AnsibleParserError, match='term_windows: expiring_30d is also an expiry group'):
        parse(tmp_path, dict(provider='autodns', username='carol', password='secret',
                             term_windows={'expiring_30d': 30}))


# -- the connection options follow the registry of providers (plugins/module_utils/_registry.py) ---------------

def _env_of(spec):
    return list(spec.get('env') or [])


# The inventory documents ca_path as a str (a 'path' option would turn an empty value into the cwd; it is expanded
# when the settings are made) and reads CERTOPS_RATE_LIMIT in the pacer, not as its option's environment variable.
INVENTORY_TYPES = dict(path='str')
INVENTORY_ENV_LEFT_OUT = {'rate_limit'}


def test_the_inventory_documents_every_connection_option():
    documented = yaml.safe_load(plugin_module.DOCUMENTATION)['options']
    for name, spec in _registry.connection_options().items():
        assert name in documented, name
        doc = documented[name]
        assert doc.get('type') == INVENTORY_TYPES.get(spec.get('type'), spec.get('type')), name
        assert doc.get('default') == spec.get('default'), name
        wanted = [] if name in INVENTORY_ENV_LEFT_OUT else _env_of(spec)
        assert [entry['name'] for entry in doc.get('env') or []] == wanted, name
        assert 'O(%s)' % name in ' '.join(documented['connections']['description']), 'connections does not list %s' % name


def test_a_registered_provider_gets_the_inventorys_connections(exampleca):
    settings = plugin_module.connection_settings('ca', dict(provider='exampleca', account_token='tok-2', timeout='9'))
    validate_settings(settings)
    assert (settings.provider, settings.account_token, settings.region, settings.timeout) == ('exampleca', 'tok-2', 'eu', 9.0)
