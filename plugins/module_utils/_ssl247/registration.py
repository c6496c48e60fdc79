# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""SSL247 declares itself to the registry of providers (``_registry.py``): everything shared code knows of it."""


from ansible_collections.certops.reseller.plugins.module_utils._registry import ProviderInfo


def _json_provider():
    from ansible_collections.certops.reseller.plugins.module_utils._ssl247.api import SSL247Provider
    return SSL247Provider


PROVIDER = ProviderInfo(
    name='ssl247',
    title='SSL247',
    formats=dict(json=_json_provider),
    urls=dict(json='https://api.ssl247.com/api/v3'),
    options=dict(
        username=dict(type='str', env=['CERTOPS_USERNAME']),        # the user's e-mail address, sent as u
        password=dict(type='str', no_log=True, env=['CERTOPS_PASSWORD']),   # a user's password; an API user has none
        api_key=dict(type='str', no_log=True, env=['CERTOPS_API_KEY']),
    ),
    required=('username', 'api_key'),
    # SSL247 publishes no figure; 2/s keeps well clear of any throttling a shared reseller API may apply.
    default_rate=2.0,
)
