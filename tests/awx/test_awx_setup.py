# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shipped credential type and the playbook that creates it (with the job templates) in AWX."""

import os
import re
import subprocess

import yaml

from ansible_collections.certops.reseller.plugins.module_utils import _registry
from ansible_collections.certops.reseller.plugins.module_utils._module.common import PROVIDER_ARGUMENT_SPEC

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE = os.path.join(ROOT, 'extras', 'awx', 'credential_type.yml')
SETUP = os.path.join(ROOT, 'playbooks', 'awx_setup.yml')
# Every environment variable a connection option reads, except the two-factor token: a one-time code changes every
# 30 seconds and cannot be stored in a credential.
CONNECTION_ENV = sorted(
    variable for spec in PROVIDER_ARGUMENT_SPEC.values() for variable in (spec.get('fallback') or (None, []))[1]
    if variable != 'CERTOPS_2FA_TOKEN')


def _credential_type():
    with open(CREDENTIAL_TYPE) as handle:
        return yaml.safe_load(handle)


def test_credential_type_injects_every_connection_variable_and_hides_secrets():
    credential_type = _credential_type()
    assert credential_type['kind'] in ('cloud', 'net')
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    assert len(fields) == len(credential_type['inputs']['fields'])
    assert set(credential_type['inputs']['required']) <= set(fields)
    assert sorted(credential_type['injectors']['env']) == sorted(CONNECTION_ENV)
    assert fields['password'].get('secret') and fields['api_key'].get('secret')
    for template in list(credential_type['injectors']['env'].values()) + list(credential_type['injectors']['file'].values()):
        for name in re.findall(r'{[{%][^}]*?\b([a-z_]+)\b', template):
            assert name in fields or name in ('if', 'endif', 'tower'), (name, template)
    # AWX only allows file injectors named template or template.<label>.
    assert all(label == 'template' or label.startswith('template.') for label in credential_type['injectors']['file'])


def test_the_documented_choices_match_the_modules():
    fields = dict((field['id'], field) for field in _credential_type()['inputs']['fields'])
    assert fields['provider']['choices'] == list(_registry.names())
    assert fields['api_format']['choices'] == [''] + list(_registry.api_formats())
    for name in _registry.secret_options():
        assert name not in fields or fields[name].get('secret') is True, name


def test_awx_setup_playbook_passes_the_syntax_check():
    process = subprocess.run(['ansible-playbook', '--syntax-check', SETUP], cwd=ROOT, check=False, capture_output=True, text=True,
                             timeout=120)
    assert process.returncode == 0, process.stdout + process.stderr


def test_awx_project_playbooks_pass_the_syntax_check():
    project = os.path.join(ROOT, 'extras', 'awx', 'project')
    for name in ('site.yml', 'renew.yml', 'report.yml'):
        process = subprocess.run(['ansible-playbook', '--syntax-check', '-i', 'localhost,', os.path.join(project, name)],
                                 cwd=ROOT, check=False, capture_output=True, text=True, timeout=120)
        assert process.returncode == 0, process.stdout + process.stderr
