# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""roles/dns_validation, backend autodns: the whole connection reaches zone_record.

The templates are evaluated by Ansible's own Templar; tests/integration/targets/zone_record (dns_validation.yml) runs
the role against the sandbox."""


import os

import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.certops.reseller.plugins.module_utils._module.common import PROVIDER_ARGUMENT_SPEC

ROOT = os.path.dirname(os.path.abspath(__file__)).split(os.sep + 'tests' + os.sep)[0]
ROLE = os.path.join(ROOT, 'roles', 'dns_validation')
SINGLES = ('api_url', 'username', 'password', 'context', 'validate_certs')
EVERY_OPTION = dict(provider='autodns', api_url='https://api.example/v1', api_format='json', username='ops',
                    password='pw', api_key='key', context=4, owner_user='sub', owner_context=9, two_factor_token='123456',
                    demo=True, validate_certs=False, ca_path='/etc/ca.pem', timeout=30.0, rate_limit=2.5)


def templatable(text):
    """A string Ansible templates (trusted, as a role's are: from ansible-core 2.19 on only tagged ones)."""
    try:
        from ansible.template import trust_as_template
    except ImportError:
        return text
    return trust_as_template(text)


def load(*path):
    with open(os.path.join(*path)) as handle:
        return yaml.safe_load(handle)


def connection_spec():
    return load(ROLE, 'meta', 'argument_specs.yml')['argument_specs']['main']['options']['dns_validation_autodns_connection']


def zone_task():
    (task,) = [task for task in load(ROLE, 'tasks', 'dns_autodns.yml') if 'certops.reseller.zone_record' in task]
    return task


def settings(connection=None, **singles):
    """What zone_record gets as module_defaults, for the role's defaults with ``singles`` set."""
    variables = load(ROLE, 'defaults', 'main.yml')
    variables.update(('dns_validation_autodns_%s' % name, value) for name, value in singles.items())
    if connection is not None:
        variables['dns_validation_autodns_connection'] = connection
    task = zone_task()
    for name, value in task['vars'].items():   # the task's own variables, in the order they are written
        templar = Templar(loader=DataLoader(), variables=variables)
        variables[name] = templar.template(trusted(value))
    templar = Templar(loader=DataLoader(), variables=variables)
    return templar.template(templatable(task['module_defaults']['certops.reseller.zone_record']))


def trusted(value):
    if isinstance(value, dict):
        return dict((key, trusted(item)) for key, item in value.items())
    return templatable(value) if isinstance(value, str) else value


def test_every_option_dict_covers_the_spec():
    assert sorted(EVERY_OPTION) == sorted(PROVIDER_ARGUMENT_SPEC)


def test_the_connection_variable_documents_every_connection_option():
    """The role's argument spec of dns_validation_autodns_connection is the modules' connection spec: same options,
    types, choices and secrets (no_log)."""
    options = connection_spec()['options']
    assert sorted(options) == sorted(PROVIDER_ARGUMENT_SPEC)
    for name, spec in PROVIDER_ARGUMENT_SPEC.items():
        assert options[name]['type'] == spec['type'], name
        assert options[name].get('choices') == spec.get('choices'), name
        assert bool(options[name].get('no_log')) == bool(spec.get('no_log')), name
        assert 'default' not in options[name], '%s: what the connection leaves out comes from module_defaults' % name


def test_a_key_that_is_no_connection_option_is_refused():
    spec = dict(dns_validation_autodns_connection=connection_spec())
    spec['dns_validation_autodns_connection'].pop('description')
    for option in spec['dns_validation_autodns_connection']['options'].values():
        option.pop('description')
    validator = ArgumentSpecValidator(spec)
    assert not validator.validate(dict(dns_validation_autodns_connection=EVERY_OPTION)).error_messages
    errors = validator.validate(dict(dns_validation_autodns_connection=dict(EVERY_OPTION, pasword='x'))).error_messages
    assert errors and 'pasword' in errors[0] and 'dns_validation_autodns_connection' in errors[0]


def test_the_whole_connection_reaches_zone_record():
    task = zone_task()
    args = task['certops.reseller.zone_record']
    assert set(args) & set(PROVIDER_ARGUMENT_SPEC) == {'provider', 'api_format'}, \
        'only the zone API is fixed as a task argument (an omitted one would hide module_defaults)'
    assert args['provider'] == 'autodns' and args['api_format'] == 'json'
    assert settings(EVERY_OPTION) == EVERY_OPTION
    assert settings() == {}, 'nothing set: module_defaults and CERTOPS_* only'


def test_the_single_variables_that_are_set_win():
    assert settings(dict(username='ops', password='pw', rate_limit=2), api_url='https://other/v1', password='new',
                    validate_certs=False) == dict(username='ops', password='new', rate_limit=2,
                                                  api_url='https://other/v1', validate_certs=False)
    assert settings(dict(validate_certs=False)) == dict(validate_certs=False), 'an unset validate_certs keeps the connection\'s'
    assert settings(api_url='https://x/v1', username='u', password='p', context='7', validate_certs=True) == dict(
        api_url='https://x/v1', username='u', password='p', context='7', validate_certs=True)


def test_the_certificate_role_hands_over_its_connection_whole():
    blocks = []

    def walk(tasks):
        for task in tasks or []:
            if (task.get('ansible.builtin.include_role') or {}).get('name') == 'certops.reseller.dns_validation':
                blocks.append(task['vars'])
            for key in ('block', 'rescue', 'always'):
                walk(task.get(key))
    for name in ('reseller.yml', 'dcv.yml'):   # reseller.yml imports dcv.yml
        walk(load(ROOT, 'roles', 'certificate', 'tasks', name))
    assert len(blocks) == 2
    for variables in blocks:
        assert variables['dns_validation_autodns_connection'] == '{{ _certificate_autodns_connection }}'
        assert not set('dns_validation_autodns_%s' % name for name in SINGLES) & set(variables)
