# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run a module's main() in-process with given arguments and a fake provider; return its JSON result."""


import contextlib
import json

from unittest import mock

from ansible.module_utils import basic

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    @contextlib.contextmanager
    def patch_module_args(args=None):
        serialized = json.dumps(dict(ANSIBLE_MODULE_ARGS=args or {})).encode('utf-8')
        with mock.patch.object(basic, '_ANSIBLE_ARGS', serialized):
            yield

from ansible_collections.certops.reseller.plugins.module_utils._module import common


def run_main(main, args, capsys, provider=None, check_mode=False, diff=False):
    """-> (result dict, failed bool).  ``provider`` replaces the one built from the arguments."""
    args = dict(args)
    if check_mode:
        args['_ansible_check_mode'] = True
    if diff:
        args['_ansible_diff'] = True
    patches = [patch_module_args(args)]
    if provider is not None:
        patches.append(mock.patch.object(common, 'build_provider', lambda params, transport=None: provider))
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        try:
            main()
        except SystemExit:
            pass
    out = capsys.readouterr().out
    result = json.loads(out)
    return result, bool(result.get('failed'))
