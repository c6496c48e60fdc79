# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every action plugin (plugins/action/<name>.py) takes exactly the options its module's DOCUMENTATION
(plugins/modules/<name>.py, doc fragments included) lists: ansible-test's validate-modules compares the documentation
with the module's argument spec, never with the action plugin's ``_VALID_ARGS``, which is what Ansible checks a task
against."""


import importlib
import os

import pytest
import yaml

from ansible_collections.certops.reseller.plugins.doc_fragments._provider import ModuleDocFragment

PREFIX = 'ansible_collections.certops.reseller.plugins'
ACTION_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)).split(os.sep + 'tests' + os.sep)[0],
                          'plugins', 'action')
ACTIONS = sorted(name[:-3] for name in os.listdir(ACTION_DIR) if name.endswith('.py') and not name.startswith('_'))
FRAGMENTS = {'certops.reseller._provider': ModuleDocFragment}


def documented_options(documentation):
    """The option names of a DOCUMENTATION string with its certops.reseller doc fragments added."""
    doc = yaml.safe_load(documentation)
    options = set(doc.get('options') or {})
    for fragment in doc.get('extends_documentation_fragment') or []:
        parts = fragment.split('.')
        base, section = '.'.join(parts[:3]), (parts[3] if len(parts) > 3 else 'documentation')
        assert base in FRAGMENTS, 'unknown doc fragment %s' % fragment
        options.update(yaml.safe_load(getattr(FRAGMENTS[base], section.upper())).get('options') or {})
    return options


def test_every_action_plugin_is_checked():
    assert 'certificate_plan' in ACTIONS and 'certificate_summary' in ACTIONS


@pytest.mark.parametrize('name', ACTIONS)
def test_the_documentation_lists_what_the_action_plugin_takes(name):
    action = importlib.import_module('%s.action.%s' % (PREFIX, name)).ActionModule
    module = importlib.import_module('%s.modules.%s' % (PREFIX, name))
    documented = documented_options(module.DOCUMENTATION)
    valid = set(action._VALID_ARGS)
    assert sorted(documented - valid) == [], 'documented, but the action plugin refuses them'
    assert sorted(valid - documented) == [], 'taken by the action plugin, but not documented'


def test_the_plan_modules_argument_spec_is_what_the_action_plugin_takes():
    """validate-modules holds the module's argument spec to its documentation; this holds it to _VALID_ARGS."""
    from ansible_collections.certops.reseller.plugins.action.certificate_plan import ActionModule
    from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_plan import (
        certificate_plan_argument_spec,
    )
    from ansible_collections.certops.reseller.plugins.module_utils._module.common import provider_argument_spec
    assert set(provider_argument_spec(**certificate_plan_argument_spec())) == set(ActionModule._VALID_ARGS)
