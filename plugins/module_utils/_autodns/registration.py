# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""AutoDNS declares itself to the registry of providers (``_registry.py``): everything shared code knows of it."""


from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._registry import ProviderInfo


def _json_provider():
    from ansible_collections.certops.reseller.plugins.module_utils._autodns.json_api import AutoDNSJsonProvider
    return AutoDNSJsonProvider


def _xml_provider():
    # xml_api imports xmltodict behind a guard: a missing library is told when the first call is sent
    from ansible_collections.certops.reseller.plugins.module_utils._autodns.xml_api import AutoDNSXmlProvider
    return AutoDNSXmlProvider


def check_settings(settings):
    """The sub-user options come in pairs; a one-time code is digits."""
    owner_user = getattr(settings, 'owner_user', None)
    owner_context = getattr(settings, 'owner_context', None)
    if owner_user and owner_context is None:
        raise InputError('owner_user %r needs owner_context, the context of that sub-user' % owner_user)
    if owner_context is not None and not owner_user:
        raise InputError('owner_context %s needs owner_user, the sub-user to act for' % owner_context)
    token = getattr(settings, 'two_factor_token', None)
    if token and not str(token).strip().isdigit():
        raise InputError('two_factor_token must be the digits of the current one-time code')


PROVIDER = ProviderInfo(
    name='autodns',
    title='AutoDNS',
    formats=dict(json=_json_provider, xml=_xml_provider),
    urls=dict(json='https://api.autodns.com/v1', xml='https://gateway.autodns.com'),
    # JSON API Basics / XML API Basics: "Demo system"
    demo_urls=dict(json='https://api.demo.autodns.com/v1', xml='https://demo.autodns.com/gateway/'),
    options=dict(
        username=dict(type='str', env=['CERTOPS_USERNAME']),
        password=dict(type='str', no_log=True, env=['CERTOPS_PASSWORD']),
        context=dict(type='int', default=4, env=['CERTOPS_CONTEXT']),
        # they become Domainrobot headers, or <owner>/<auth><token> on the XML gateway
        owner_user=dict(type='str', env=['CERTOPS_OWNER_USER']),
        owner_context=dict(type='int', env=['CERTOPS_OWNER_CONTEXT']),
        two_factor_token=dict(type='str', no_log=True, env=['CERTOPS_2FA_TOKEN']),
        demo=dict(type='bool', default=False, env=['CERTOPS_DEMO']),
    ),
    exclusive_options=('owner_user', 'owner_context', 'two_factor_token', 'demo'),
    required=('username', 'password'),
    check_settings=check_settings,
    # AutoDNS documents 3 requests per second per user.
    default_rate=3.0,
)
