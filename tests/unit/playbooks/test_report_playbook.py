# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/report.yml: a named connection reaches certificate_info whole, and its unknown keys are an error.

The templates are evaluated by Ansible's own Templar; tests/integration/targets/playbook_report runs the playbook."""


import os

import yaml

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.certops.reseller.plugins.module_utils._module.common import PROVIDER_ARGUMENT_SPEC

ROOT = os.path.dirname(os.path.abspath(__file__)).split(os.sep + 'tests' + os.sep)[0]
EVERY_OPTION = dict(provider='autodns', api_url='https://api.example/v1', api_format='json', username='ops',
                    password='pw', api_key='key', context=4, owner_user='sub', owner_context=9, two_factor_token='123456',
                    demo=True, validate_certs=False, ca_path='/etc/ca.pem', timeout=30.0, rate_limit=2.5)


def templatable(text):
    """A string Ansible templates (trusted, as a playbook's are: from ansible-core 2.19 on only tagged ones)."""
    try:
        from ansible.template import trust_as_template
    except ImportError:
        return text
    return trust_as_template(text)


def render(text, **variables):
    return Templar(loader=DataLoader(), variables=variables).template(templatable(text))


def play():
    with open(os.path.join(ROOT, 'playbooks', 'report.yml')) as handle:
        (report,) = yaml.safe_load(handle)
    return report


def task(name):
    (found,) = [item for item in play()['tasks'] if item['name'] == name]
    return found


def test_every_option_dict_covers_the_spec():
    assert sorted(EVERY_OPTION) == sorted(PROVIDER_ARGUMENT_SPEC)


def test_the_known_options_are_the_modules_connection_options():
    """The list the unknown-key check uses is PROVIDER_ARGUMENT_SPEC: a new option is known as soon as it exists."""
    options = play()['vars']['_certops_report_connection_options']
    assert len(options) == len(set(options))
    assert set(options) == set(PROVIDER_ARGUMENT_SPEC)


def test_a_named_connection_reaches_certificate_info_whole():
    listing = task('List the certificates at the reseller')
    assert not set(listing['certops.reseller.certificate_info']) & set(PROVIDER_ARGUMENT_SPEC), \
        'no connection option is picked one by one'
    defaults = listing['module_defaults']['certops.reseller.certificate_info']
    connections = dict(everything=EVERY_OPTION, bare=None)
    assert render(defaults, certificate_connections=connections, item='everything') == EVERY_OPTION
    assert render(defaults, certificate_connections=connections, item='bare') == {}
    # no connection: the play's module_defaults and the CERTOPS_* environment alone
    assert render(defaults, item='') == {}


def test_unknown_keys_of_a_connection_are_named():
    check = task('Check the keys of the named connections')
    options = play()['vars']['_certops_report_connection_options']
    unknown = check['vars']['_certops_report_unknown']
    connections = dict(good=EVERY_OPTION, typo=dict(EVERY_OPTION, pasword='x', product='BASIC_SSL'), empty=None)
    assert render(unknown, certificate_connections=connections, item='good', _certops_report_connection_options=options) == []
    assert render(unknown, certificate_connections=connections, item='empty', _certops_report_connection_options=options) == []
    assert sorted(render(unknown, certificate_connections=connections, item='typo',
                         _certops_report_connection_options=options)) == ['pasword', 'product']
    assert 'password' not in check['ansible.builtin.assert']['fail_msg'].replace('{{ item }}', '')
