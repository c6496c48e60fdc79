# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The plan settles each host's items against that host's own certificate_* values (group_vars, host_vars, ...):
paths, owners and services per member; what one certificate has once must agree, else one sentence."""


from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._module import certificate_plan, common
from ansible_collections.certops.reseller.plugins.module_utils._plan import plan

from ansible_collections.certops.reseller.tests.unit.plugins.module_utils._plan.test_plan import (
    ACTIONS,
    NOW,
    POOL,
    FakeAutoDNS,
    host_state,
)

RHEL = dict(key_dir='/etc/pki/tls/private', cert_dir='/etc/pki/tls/certs', owner='root', group='apache',
            services=['httpd'])
DEBIAN = dict(key_dir='/etc/ssl/private', cert_dir='/etc/ssl/certs', owner='root', group='ssl-cert',
              services=['nginx'])


def run(declarations, host_defaults=None, host_actions=None, provider=None, inventory=None):
    provider = provider or FakeAutoDNS()
    inventory = inventory or sorted(declarations)
    return plan.make_plan(inventory, declarations, dict((h, [host_state()] * len(declarations[h])) for h in declarations),
                          {}, ACTIONS, {'': provider}, now=NOW, host_defaults=host_defaults, host_actions=host_actions)


def test_each_member_of_a_pool_gets_its_own_paths_owner_and_services():
    declarations = dict(web1=[POOL], web2=[POOL], web3=[POOL])
    result = run(declarations, host_defaults=dict(web1=RHEL, web2=DEBIAN, web3=dict(DEBIAN, owner='www-data')))
    assert len(result['certificates']) == 1
    entry = result['certificates'][0]
    assert entry['action'] == 'order' and entry['hosts'] == ['web1', 'web2', 'web3']
    members = entry['members']
    assert members['web1']['key_path'] == '/etc/pki/tls/private/www.pool.test.key'
    assert members['web1']['fullchain_path'] == '/etc/pki/tls/certs/www.pool.test.fullchain.crt'
    assert (members['web1']['group'], members['web1']['services']) == ('apache', ['httpd'])
    assert members['web2']['key_path'] == '/etc/ssl/private/www.pool.test.key'
    assert (members['web2']['group'], members['web2']['services']) == ('ssl-cert', ['nginx'])
    assert members['web3']['owner'] == 'www-data'
    # the new key waits on the key host at the key host's own path
    assert entry['key_source'] == dict(host='web1', path='/etc/pki/tls/private/www.pool.test.key.certops-new')


def test_a_host_without_its_own_defaults_takes_the_plays():
    result = plan.make_plan(['web1', 'web2'], dict(web1=[POOL], web2=[POOL]), dict(web1=[host_state()], web2=[host_state()]),
                            dict(key_dir='/srv/keys'), ACTIONS, {'': FakeAutoDNS()}, now=NOW,
                            host_defaults=dict(web1=RHEL))
    members = result['certificates'][0]['members']
    assert members['web1']['key_path'].startswith('/etc/pki/tls/private/')
    assert members['web2']['key_path'] == '/srv/keys/www.pool.test.key'


def test_group_vars_products_that_differ_block_the_certificate():
    result = run(dict(web1=[POOL], web2=[POOL]), host_defaults=dict(web1=dict(product='SSL123'), web2=dict(product='BASIC')))
    entry = result['certificates'][0]
    assert entry['action'] == 'blocked'
    assert entry['reason'] == ("www.pool.test is one certificate, but its hosts disagree on certificate_product or the "
                               "item's product: web1 gives 'SSL123'; web2 gives 'BASIC'; give them one value")


def test_lifetimes_that_differ_block_the_certificate():
    result = run(dict(web1=[POOL], web2=[POOL], web3=[POOL]),
                 host_defaults=dict(web1=dict(lifetime=12), web2=dict(lifetime=24), web3=dict(lifetime=24)))
    entry = result['certificates'][0]
    assert entry['action'] == 'blocked'
    assert entry['reason'] == ("www.pool.test is one certificate, but its hosts disagree on certificate_lifetime or the "
                               "item's lifetime: web2, web3 give 24 months; web1 gives 12 months; give them one value")


def test_key_types_from_group_vars_that_differ_block_the_certificate():
    result = run(dict(web1=[POOL], web2=[POOL]),
                 host_defaults=dict(web1=dict(key=dict(type='RSA', size=3072)), web2=dict(key=dict(type='ECC'))))
    entry = result['certificates'][0]
    assert entry['action'] == 'blocked'
    assert entry['reason'] == ("www.pool.test is one certificate, but its hosts disagree on certificate_key or the "
                               "item's key: web1 gives RSA 3072; web2 gives ECC secp256r1; give them one value")


def test_actions_that_differ_block_the_certificate():
    result = run(dict(web1=[POOL], web2=[POOL]), host_actions=dict(web1=['order', 'reissue', 'renew'], web2=['renew']))
    entry = result['certificates'][0]
    assert entry['action'] == 'blocked'
    assert entry['reason'] == ("www.pool.test is one certificate, but its hosts disagree on certificate_actions: "
                               "web1 gives [order, reissue, renew]; web2 gives [renew]; give them one value")


def test_the_hosts_own_actions_gate_what_they_lead():
    result = run(dict(web1=[POOL]), host_actions=dict(web1=['renew']))
    entry = result['certificates'][0]
    assert entry['action'] == 'order' and entry['allowed'] is False
    assert 'certificate_actions (renew) does not allow order' in entry['reason']
    assert result['hosts'] == {}


def test_paths_owners_and_services_may_differ_within_a_pool():
    debian = dict(DEBIAN, mode='0640', reload_commands=['x'])
    result = run(dict(web1=[POOL], web2=[POOL]), host_defaults=dict(web1=RHEL, web2=debian))
    assert result['certificates'][0]['action'] == 'order'


# -- connections per host ---------------------------------------------------------------------------

PROD = dict(provider='autodns', api_url='https://a.test', username='u', password='p1', context=4)


def test_one_connection_name_defined_alike_by_every_host_is_one_provider():
    declarations = dict(web1=[dict(POOL, connection='prod')], web2=[dict(POOL, connection='prod')])
    settled, problems = certificate_plan.settle_connections(declarations, {}, {}, {},
                                                            dict(web1=dict(prod=PROD), web2=dict(prod=dict(PROD))))
    assert settled == dict(prod=PROD) and problems == {}


def test_a_connection_from_group_vars_through_certificate_connection():
    declarations = dict(web1=[POOL], web2=[POOL])
    settled, problems = certificate_plan.settle_connections(
        declarations, {}, dict(web1=dict(connection='prod'), web2=dict(connection='prod')), {},
        dict(web1=dict(prod=PROD), web2=dict(prod=PROD)))
    assert settled == dict(prod=PROD) and problems == {}


def test_two_hosts_that_give_one_connection_other_settings_are_told():
    declarations = dict(web1=[POOL], web2=[POOL], web3=[POOL])
    defaults = dict((h, dict(connection='prod')) for h in declarations)
    settled, problems = certificate_plan.settle_connections(
        declarations, {}, defaults, {},
        dict(web1=dict(prod=PROD), web2=dict(prod=PROD), web3=dict(prod=dict(PROD, api_url='https://b.test'))))
    assert 'prod' not in settled
    assert problems['prod'] == ("connection 'prod' is one account, but its hosts disagree on "
                                "certificate_connections['prod'].api_url: web1, web2 give api_url https://a.test; "
                                "web3 gives api_url https://b.test; give them one value")


def test_a_secret_that_differs_is_told_without_its_value():
    declarations = dict(web1=[dict(POOL, connection='prod')], web2=[dict(POOL, connection='prod')])
    settled, problems = certificate_plan.settle_connections(
        declarations, {}, {}, {}, dict(web1=dict(prod=PROD), web2=dict(prod=dict(PROD, password='p2'))))
    assert problems['prod'] == ("connection 'prod' is one account, but its hosts disagree on "
                                "certificate_connections['prod'].password: web1 gives password number 1; web2 gives "
                                "password number 2; give them one value (the values are secrets and not shown)")
    assert 'p1' not in problems['prod'] and 'p2' not in problems['prod']


def test_a_host_that_does_not_define_the_connection_is_told():
    declarations = dict(web1=[dict(POOL, connection='prod')], web2=[dict(POOL, connection='prod')])
    settled, problems = certificate_plan.settle_connections(declarations, {}, {}, {}, dict(web1=dict(prod=PROD), web2={}))
    assert problems['prod'] == ("connection 'prod' is one account, but its hosts disagree on certificate_connections: "
                                "web1 gives it; web2 gives nothing for it; give them one value")


def test_the_plan_blocks_the_certificates_of_a_connection_defined_differently(monkeypatch):
    built = []

    def fake_build(params, transport=None):
        built.append(params)
        return FakeAutoDNS()

    monkeypatch.setattr(certificate_plan, 'build_provider', fake_build)
    monkeypatch.setattr(certificate_plan, 'server_now', lambda provider: NOW)
    declarations = dict(web1=[dict(POOL, connection='prod'), dict(common_name='solo.test', connection='other')],
                        web2=[dict(POOL, connection='prod')])
    params = dict((name, None) for name in common.CONNECTION_OPTIONS)
    params.update(inventory=['web1', 'web2'], declarations=declarations,
                  inspections=dict(web1=[host_state(), host_state()], web2=[host_state()]), defaults={}, actions=ACTIONS,
                  connections={}, host_connections=dict(web1=dict(prod=PROD, other=dict(PROD, username='o')),
                                                        web2=dict(prod=dict(PROD, context=5))))
    result = certificate_plan.run_certificate_plan(params)
    entries = dict((e['common_name'], e) for e in result['certificates'])
    assert entries['www.pool.test']['action'] == 'blocked'
    assert "certificate_connections['prod'].context: web1 gives context 4; web2 gives context 5" in \
        entries['www.pool.test']['reason']
    assert entries['solo.test']['action'] == 'order'
    # one provider per distinct connection that can be built; none for the one its hosts disagree on
    assert [p['username'] for p in built] == ['o']


def test_unknown_actions_of_one_host_name_the_host():
    params = dict(inventory=['web1'], declarations=dict(web1=[POOL]), inspections={}, host_actions=dict(web1=['buy']))
    try:
        certificate_plan.run_certificate_plan(params)
    except certificate_plan.InputError as exc:
        assert str(exc) == 'web1: certificate_actions may hold order, reissue, renew, replace; got also buy'
    else:
        raise AssertionError('no error')


def test_a_setting_that_is_not_a_whole_number_names_the_host_and_the_variable():
    try:
        run(dict(web1=[POOL], web2=[POOL]), host_defaults=dict(web2=dict(lifetime='twelve')))
    except InputError as exc:
        assert str(exc) == ("web2: www.pool.test: lifetime (the item's, else certificate_lifetime) must be a whole "
                            "number, got 'twelve'")
    else:
        raise AssertionError('no error')
