# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Connection settings and the factory that turns them into a Provider."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from dataclasses import dataclass
from typing import Optional

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._http import HttpClient

PROVIDERS = ('autodns', 'ssl247')
API_FORMATS = ('json', 'xml')

DEFAULT_URLS = {
    ('autodns', 'json'): 'https://api.autodns.com/v1',
    ('autodns', 'xml'): 'https://gateway.autodns.com',
    ('ssl247', 'json'): 'https://api.ssl247.com/api/v3',
}


@dataclass
class ConnectionSettings:
    provider: str
    api_url: Optional[str] = None
    api_format: str = 'json'
    username: Optional[str] = None
    password: Optional[str] = None
    api_key: Optional[str] = None
    context: int = 4
    validate_certs: bool = True
    ca_path: Optional[str] = None
    timeout: float = 60
    rate_limit: Optional[float] = None   # requests/s for this account; None: $CERTOPS_RATE_LIMIT or the provider's

    @property
    def url(self):
        return self.api_url or DEFAULT_URLS[(self.provider, self.effective_format)]

    @property
    def effective_format(self):
        return self.api_format if self.provider == 'autodns' else 'json'

    def __repr__(self):  # never show secrets
        return 'ConnectionSettings(provider=%r, url=%r, format=%r, username=%r)' % (
            self.provider, self.url, self.effective_format, self.username)


def validate_settings(settings):
    """Raise InputError naming what is missing; no call is made."""
    if settings.provider not in PROVIDERS:
        raise InputError('provider must be one of %s, got %r' % (', '.join(PROVIDERS), settings.provider))
    if settings.api_format not in API_FORMATS:
        raise InputError('api_format must be one of %s, got %r' % (', '.join(API_FORMATS), settings.api_format))
    if settings.provider == 'autodns':
        missing = [n for n in ('username', 'password') if not getattr(settings, n)]
        if missing:
            raise InputError('provider autodns needs %s (or the environment variables %s)' % (
                ' and '.join(missing), ' and '.join('CERTOPS_%s' % n.upper() for n in missing)))
    else:
        missing = [n for n in ('username', 'api_key') if not getattr(settings, n)]
        if missing:
            raise InputError('provider ssl247 needs %s (or the environment variables %s)' % (
                ' and '.join(missing), ' and '.join('CERTOPS_%s' % n.upper() for n in missing)))
        if settings.api_format != 'json':
            raise InputError('api_format xml exists only for provider autodns')


def create_provider(settings, transport=None, pacer=None, **http_options):
    """ConnectionSettings -> Provider instance.  ``transport`` replaces the HTTP transport (tests);
    ``pacer`` (``_lock.pacer_for(settings)``) spaces the requests of the account."""
    validate_settings(settings)
    if settings.provider == 'autodns':
        if settings.api_format == 'xml':
            from ansible_collections.certops.reseller.plugins.module_utils._autodns.xml_api import AutoDNSXmlProvider as cls
        else:
            from ansible_collections.certops.reseller.plugins.module_utils._autodns.json_api import AutoDNSJsonProvider as cls
    else:
        from ansible_collections.certops.reseller.plugins.module_utils._ssl247.api import SSL247Provider as cls
    http = HttpClient(
        settings.url,
        provider=cls.name,
        timeout=settings.timeout,
        validate_certs=settings.validate_certs,
        ca_path=settings.ca_path,
        transport=transport,
        pacer=pacer,
        **http_options)
    return cls(http, settings)
