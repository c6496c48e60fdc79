# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Connection settings and the factory that turns them into a Provider."""


from ansible_collections.certops.reseller.plugins.module_utils import _registry
from ansible_collections.certops.reseller.plugins.module_utils._http import HttpClient


class ConnectionSettings(object):
    """The connection options of one account: the common ones and those of every registered provider, each with
    its default when not given (``rate_limit`` None: $CERTOPS_RATE_LIMIT or the provider's rate)."""

    def __init__(self, provider=None, **options):
        specs = _registry.connection_options()
        unknown = sorted(set(options) - set(specs))
        if unknown:
            raise TypeError('ConnectionSettings got unknown connection options: %s' % ', '.join(unknown))
        self.provider = provider
        for name, spec in specs.items():
            if name != 'provider':
                setattr(self, name, options[name] if name in options else spec.get('default'))

    @property
    def info(self):
        """The provider's registry entry (None for an unknown provider)."""
        return _registry.get(self.provider)

    @property
    def url(self):
        if self.api_url:
            return self.api_url
        info = self.info
        return info.url(self.api_format, demo=bool(getattr(self, 'demo', False))) if info is not None else None

    @property
    def effective_format(self):
        info = self.info
        return info.effective_format(self.api_format) if info is not None else self.api_format

    def __eq__(self, other):
        return type(other) is type(self) and vars(other) == vars(self)

    __hash__ = None

    def __repr__(self):  # never show secrets
        return 'ConnectionSettings(provider=%r, url=%r, format=%r, username=%r)' % (
            self.provider, self.url, self.effective_format, getattr(self, 'username', None))


def validate_settings(settings):
    """Raise InputError naming what is missing; no call is made."""
    _registry.check_settings(settings)


def create_provider(settings, transport=None, pacer=None, **http_options):
    """ConnectionSettings -> Provider instance.  ``transport`` replaces the HTTP transport (tests);
    ``pacer`` (``_lock.pacer_for(settings)``) spaces the requests of the account."""
    validate_settings(settings)
    cls = settings.info.provider_class(settings.api_format)
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
