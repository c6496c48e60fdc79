# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run a whole module's ``main()`` against an in-memory provider and return what it exited with."""


import json

from unittest import mock

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.certops.reseller.plugins.module_utils._module import common

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    patch_module_args = None

CONNECTION = dict(provider='autodns', username='sandbox', password='sandbox-password', api_url='http://127.0.0.1:9/')


class ModuleExit(Exception):
    def __init__(self, result, failed):
        super(ModuleExit, self).__init__(result)
        self.result = result
        self.failed = failed


def _exit_json(self, **kwargs):
    kwargs.setdefault('changed', False)
    raise ModuleExit(kwargs, failed=False)


def _fail_json(self, **kwargs):
    kwargs['failed'] = True
    raise ModuleExit(kwargs, failed=True)


def _args_context(args):
    if patch_module_args is not None:
        return patch_module_args(args)
    return mock.patch.object(basic, '_ANSIBLE_ARGS', to_bytes(json.dumps(dict(ANSIBLE_MODULE_ARGS=args))))


def run(module, args, provider, check_mode=False, diff=False):
    """-> (result dict, failed bool).  ``module`` is the imported module file (it has ``main``)."""
    args = dict(CONNECTION, **args)
    if check_mode:
        args['_ansible_check_mode'] = True
    if diff:
        args['_ansible_diff'] = True
    with _args_context(args), \
            mock.patch.object(basic.AnsibleModule, 'exit_json', _exit_json), \
            mock.patch.object(basic.AnsibleModule, 'fail_json', _fail_json), \
            mock.patch.object(common, 'build_provider', lambda params, transport=None: provider):
        try:
            module.main()
        except ModuleExit as exc:
            return exc.result, exc.failed
    raise AssertionError('the module neither exited nor failed')
