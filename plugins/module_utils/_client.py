# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Connection settings and the factory that turns them into a Provider."""


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

# JSON API Basics / XML API Basics: "Demo system"
DEMO_URLS = {
    ('autodns', 'json'): 'https://api.demo.autodns.com/v1',
    ('autodns', 'xml'): 'https://demo.autodns.com/gateway/',
}

# AutoDNS-only options (they become Domainrobot headers, or <owner>/<auth><token> on the XML gateway).
AUTODNS_OPTIONS = ('owner_user', 'owner_context', 'two_factor_token', 'demo')


@dataclass
class ConnectionSettings:
    provider: str
    api_url: Optional[str] = None
    api_format: str = 'json'
    username: Optional[str] = None
    password: Optional[str] = None
    api_key: Optional[str] = None
    context: int = 4
    owner_user: Optional[str] = None
    owner_context: Optional[int] = None
    two_factor_token: Optional[str] = None
    demo: bool = False
    validate_certs: bool = True
    ca_path: Optional[str] = None
    timeout: float = 60
    rate_limit: Optional[float] = None   # requests/s for this account; None: $CERTOPS_RATE_LIMIT or the provider's

    @property
    def url(self):
        if self.api_url:
            return self.api_url
        if self.demo and (self.provider, self.effective_format) in DEMO_URLS:
            return DEMO_URLS[(self.provider, self.effective_format)]
        return DEFAULT_URLS[(self.provider, self.effective_format)]

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
        if settings.owner_user and settings.owner_context is None:
            raise InputError('owner_user %r needs owner_context, the context of that sub-user' % settings.owner_user)
        if settings.owner_context is not None and not settings.owner_user:
            raise InputError('owner_context %s needs owner_user, the sub-user to act for' % settings.owner_context)
        if settings.two_factor_token and not str(settings.two_factor_token).strip().isdigit():
            raise InputError('two_factor_token must be the digits of the current one-time code')
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
        given = [n for n in AUTODNS_OPTIONS if getattr(settings, n, None) not in (None, '', False)]
        if given:
            raise InputError('%s exist%s only for provider autodns; leave %s out for provider ssl247' % (
                ' and '.join(given), 's' if len(given) == 1 else '', 'it' if len(given) == 1 else 'them'))


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
