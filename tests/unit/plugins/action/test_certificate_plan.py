# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


from ansible_collections.certops.reseller.plugins.action.certificate_plan import ActionModule
from ansible_collections.certops.reseller.plugins.module_utils._module.common import PROVIDER_ARGUMENT_SPEC


def test_every_connection_option_is_a_valid_argument():
    """module_defaults of group/certops.reseller.api reach the plan too: an option the modules take (rate_limit,
    demo, owner_user, ...) must not be refused as "Invalid options for certops.reseller.certificate_plan"."""
    assert set(PROVIDER_ARGUMENT_SPEC) <= ActionModule._VALID_ARGS
    assert {'rate_limit', 'demo', 'owner_user', 'owner_context', 'two_factor_token'} <= ActionModule._VALID_ARGS
