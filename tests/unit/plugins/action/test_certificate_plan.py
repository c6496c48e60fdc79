# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


from ansible_collections.certops.reseller.plugins.action.certificate_plan import ActionModule
from ansible_collections.certops.reseller.plugins.module_utils._module.common import PROVIDER_ARGUMENT_SPEC

from ansible_collections.certops.reseller.tests.unit.plugins.module_utils.test_registry import (  # noqa: F401 pylint: disable=unused-import
    exampleca,
)


def test_every_connection_option_is_a_valid_argument():
    """module_defaults of group/certops.reseller.api reach the plan too: an option the modules take (rate_limit,
    demo, owner_user, ...) must not be refused as "Invalid options for certops.reseller.certificate_plan"."""
    assert set(PROVIDER_ARGUMENT_SPEC) <= ActionModule._VALID_ARGS
    assert {'rate_limit', 'demo', 'owner_user', 'owner_context', 'two_factor_token'} <= ActionModule._VALID_ARGS


def test_the_action_plugin_takes_a_registered_providers_options(exampleca):
    """A provider registered after the plugin was loaded: its options are valid arguments of the plan's task."""
    from unittest import mock
    assert 'account_token' not in ActionModule._VALID_ARGS      # the shipped providers' options, for the documentation
    task = mock.MagicMock(args=dict(provider='exampleca', account_token='tok-4'), check_mode=False, diff=False,
                          async_val=0)
    action = ActionModule(task, mock.MagicMock(), mock.MagicMock(), loader=None, templar=mock.MagicMock(),
                          shared_loader_obj=None)
    result = action.run(task_vars={})
    assert not result.get('failed'), result
    assert result['certificates'] == []
