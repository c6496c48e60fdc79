# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


import pytest

from ansible_collections.certops.reseller.plugins.module_utils import _registry
from ansible_collections.certops.reseller.plugins.module_utils._client import (
    ConnectionSettings,
    create_provider,
    validate_settings,
)
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError


def fake_transport(method, url, headers, body, timeout):
    raise AssertionError('no request may be sent while building a provider')


@pytest.mark.parametrize('provider, api_format, class_name', [
    ('autodns', 'json', 'AutoDNSJsonProvider'),
    ('autodns', 'xml', 'AutoDNSXmlProvider'),
    ('ssl247', 'json', 'SSL247Provider'),
])
def test_create_provider_picks_the_implementation(provider, api_format, class_name):
    settings = ConnectionSettings(provider=provider, api_format=api_format, username='u', password='p', api_key='k')
    instance = create_provider(settings, transport=fake_transport)
    assert type(instance).__name__ == class_name
    assert instance.name == provider
    assert instance.http.base_url == _registry.get(provider).urls[api_format]


def test_api_url_overrides_default_and_trailing_slash_is_dropped():
    settings = ConnectionSettings(provider='autodns', api_url='http://127.0.0.1:1/autodns/v1/', username='u', password='p')
    instance = create_provider(settings, transport=fake_transport)
    assert instance.http.base_url == 'http://127.0.0.1:1/autodns/v1'


@pytest.mark.parametrize('settings, fragment', [
    (ConnectionSettings(provider='nope'), 'provider must be one of autodns, ssl247'),
    (ConnectionSettings(provider='autodns', api_format='yaml', username='u', password='p'), 'api_format must be one of'),
    (ConnectionSettings(provider='autodns', username='u'), 'needs password (or the environment variables CERTOPS_PASSWORD)'),
    (ConnectionSettings(provider='autodns'), 'needs username and password'),
    (ConnectionSettings(provider='ssl247', username='a@b.c'), 'needs api_key (or the environment variables CERTOPS_API_KEY)'),
    (ConnectionSettings(provider='ssl247', api_key='k'), 'needs username (or the environment variables CERTOPS_USERNAME)'),
    (ConnectionSettings(provider='ssl247', username='a@b.c', api_key='k', api_format='xml'), 'api_format xml exists only for provider autodns'),
    (ConnectionSettings(provider='ssl247', username='a@b.c', api_key='k', timeout=0), 'give more than 0, got 0'),
])
def test_invalid_settings_are_refused_with_a_sentence(settings, fragment):
    with pytest.raises(InputError) as excinfo:
        validate_settings(settings)
    assert fragment in str(excinfo.value)


def test_settings_repr_hides_secrets():
    settings = ConnectionSettings(provider='ssl247', username='a@b.c', password='hunter2-secret', api_key='key-secret')
    text = repr(settings)
    assert 'hunter2-secret' not in text
    assert 'key-secret' not in text
    assert 'a@b.c' in text


# --- issue 8: the AutoDNS headers users need, as connection options ---------------------------------

def test_autodns_sub_user_2fa_and_demo_become_the_spec_headers():
    """autodns-openapi.json header parameters: X-Domainrobot-Owner-User (string), X-Domainrobot-Owner-Context
    (integer), X-Domainrobot-2FA-Token (integer), X-Domainrobot-Demo (boolean)."""
    from ansible_collections.certops.reseller.plugins.module_utils._http import HttpResponse
    sent = []

    def transport(method, url, headers, body, timeout):
        sent.append((url, headers))
        return HttpResponse(200, {'Content-Type': 'application/json'},
                            '{"stid": "s", "status": {"code": "S0000", "type": "SUCCESS", "text": "hi"}}')
    settings = ConnectionSettings(provider='autodns', username='reseller', password='pw', owner_user='customer1',
                                  owner_context=4, two_factor_token='123456', demo=True)
    create_provider(settings, transport=transport).check_connection()
    url, headers = sent[0]
    assert url == 'https://api.demo.autodns.com/v1/hello'   # JSON API Basics: demo system
    assert (headers['X-Domainrobot-Owner-User'], headers['X-Domainrobot-Owner-Context'],
            headers['X-Domainrobot-2FA-Token'], headers['X-Domainrobot-Demo']) == ('customer1', '4', '123456', 'true')
    sent[:] = []
    create_provider(ConnectionSettings(provider='autodns', username='u', password='p'), transport=transport).check_connection()
    assert not [h for h in sent[0][1] if h.startswith('X-Domainrobot-') and h != 'X-Domainrobot-Context']
    assert sent[0][0] == 'https://api.autodns.com/v1/hello'


def test_xml_gateway_carries_owner_and_token_in_the_request():
    """XML API Basics, "Default request": request / auth, request / owner (subuser), request / task."""
    from ansible_collections.certops.reseller.plugins.module_utils._autodns.xml_api import build_request
    body = build_request('reseller', 'pw', 4, '400115', {}, owner_user='customer1', owner_context=4, token='123456')
    assert ('<request><auth><user>reseller</user><password>pw</password><context>4</context><token>123456</token></auth>'
            '<owner><user>customer1</user><context>4</context></owner><task><code>400115</code></task></request>') in body
    assert ConnectionSettings(provider='autodns', api_format='xml', demo=True).url == 'https://demo.autodns.com/gateway/'


@pytest.mark.parametrize('settings, fragment', [
    (dict(provider='autodns', username='u', password='p', owner_user='c1'), "owner_user 'c1' needs owner_context"),
    (dict(provider='autodns', username='u', password='p', owner_context=4), 'owner_context 4 needs owner_user'),
    (dict(provider='autodns', username='u', password='p', two_factor_token='abc'), 'two_factor_token must be the digits'),
    (dict(provider='ssl247', username='u@example.com', api_key='k', demo=True), 'demo exists only for provider autodns'),
    (dict(provider='ssl247', username='u@example.com', api_key='k', owner_user='x', owner_context=1),
     'owner_user and owner_context exist only for provider autodns'),
])
def test_autodns_options_are_checked(settings, fragment):
    with pytest.raises(InputError, match=fragment):
        validate_settings(ConnectionSettings(**settings))
