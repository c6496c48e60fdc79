# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.certops.reseller.plugins.module_utils._client import (
    ConnectionSettings,
    DEFAULT_URLS,
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
    assert instance.http.base_url == DEFAULT_URLS[(provider, api_format)]


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
