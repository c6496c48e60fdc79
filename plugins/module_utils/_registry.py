# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""The registry of providers: each provider package declares itself once, shared code reads it here.

A provider package declares a ``ProviderInfo`` in its ``registration.py``: its name, its wire formats and
the class of each, its live and demo URLs, the connection options it reads (argument-spec fragments, secrets
``no_log``), the options that exist for it alone, the options it cannot work without, its own settings check
and its default request rate.  Its capabilities are those of its classes (``Provider.capabilities``).

Everything shared is derived from the registry: the connection options of the modules and of the inventory,
the choices of ``provider`` and ``api_format``, the secrets the plan keeps apart, the settings check, the
factory and the pacer's default rates.  No shared file tests a provider's name.  The documentation that
Ansible reads statically (the ``_provider`` doc fragment, the inventory's DOCUMENTATION, the AWX credential
type) is written out, and unit tests hold it equal to what this registry derives.

Nothing here knows Ansible: an option's environment variables are listed as ``env``; ``_module/common.py``
turns them into an argument spec ``fallback``.
"""


import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Mapping, Optional, Tuple

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError

# The connection options every provider has.  ``provider`` and ``api_format`` get their choices from the
# registered providers.  Provider options come between the head and the tail (the order of the documentation).
COMMON_OPTIONS_HEAD = OrderedDict([
    ('provider', dict(type='str', env=['CERTOPS_PROVIDER'])),
    ('api_url', dict(type='str', env=['CERTOPS_API_URL'])),
    ('api_format', dict(type='str', default='json', env=['CERTOPS_API_FORMAT'])),
])
COMMON_OPTIONS_TAIL = OrderedDict([
    ('validate_certs', dict(type='bool', default=True)),
    ('ca_path', dict(type='path', env=['CERTOPS_CA_PATH'])),
    ('timeout', dict(type='float', default=60)),
    ('rate_limit', dict(type='float', env=['CERTOPS_RATE_LIMIT'])),
])

# The pacer's rate for a provider that declares none.
FALLBACK_RATE = 1.0


@dataclass(frozen=True, eq=False)
class ProviderInfo:
    """What a provider package declares about itself (see the module's docstring)."""
    name: str                                    # the value of the ``provider`` option
    title: str                                   # how a sentence names it
    formats: Mapping[str, Callable[[], type]]    # api_format -> function returning the Provider class; the first is its default
    urls: Mapping[str, str]                      # api_format -> live URL
    demo_urls: Mapping[str, str] = field(default_factory=dict)   # api_format -> URL of the demo system, where there is one
    options: Mapping[str, dict] = field(default_factory=dict)    # connection options it reads besides the common ones
    exclusive_options: Tuple[str, ...] = ()      # options of its own: any other provider refuses them when set
    required: Tuple[str, ...] = ()               # options it cannot work without
    check_settings: Optional[Callable] = None    # settings -> None, or raises InputError (its own rules)
    default_rate: float = FALLBACK_RATE          # requests per second when the user sets none

    def provider_class(self, api_format=None):
        """The Provider class of ``api_format`` (its default format when None or not one of its own)."""
        return self.formats[self.effective_format(api_format)]()

    def effective_format(self, api_format):
        return api_format if api_format in self.formats else next(iter(self.formats))

    def capabilities(self, api_format=None):
        return self.provider_class(api_format).capabilities

    def url(self, api_format, demo=False):
        api_format = self.effective_format(api_format)
        if demo and api_format in self.demo_urls:
            return self.demo_urls[api_format]
        return self.urls.get(api_format)


_PROVIDERS = OrderedDict()
_BUILTINS_LOADED = []
_BUILTINS_LOCK = threading.RLock()


def _load_builtins():
    """The providers shipped with the collection, declared by their own packages (loaded on first use: a package's
    declaration imports this module).  Threads that ask at the same moment wait until every one is registered."""
    if _BUILTINS_LOADED:
        return
    with _BUILTINS_LOCK:
        if _BUILTINS_LOADED:
            return
        from ansible_collections.certops.reseller.plugins.module_utils._autodns import registration as autodns_registration
        from ansible_collections.certops.reseller.plugins.module_utils._ssl247 import registration as ssl247_registration
        for info in (autodns_registration.PROVIDER, ssl247_registration.PROVIDER):
            if info.name not in _PROVIDERS:
                _add(info)
        _BUILTINS_LOADED.append(True)


def _add(info):
    if info.name in _PROVIDERS:
        raise ValueError('provider %s is registered already' % info.name)
    if not info.formats or set(info.formats) - set(info.urls):
        raise ValueError('provider %s needs a live URL for each of its formats' % info.name)
    common = set(COMMON_OPTIONS_HEAD) | set(COMMON_OPTIONS_TAIL)
    for name, spec in info.options.items():
        if name in common:
            raise ValueError('provider %s declares %s, a common connection option' % (info.name, name))
        for other in _PROVIDERS.values():
            if name in other.options and other.options[name] != spec:
                raise ValueError('provider %s declares %s unlike provider %s' % (info.name, name, other.name))
    unknown = (set(info.exclusive_options) - set(info.options)) | (set(info.required) - set(info.options) - common)
    if unknown:
        raise ValueError('provider %s names options it does not declare: %s' % (info.name, ', '.join(sorted(unknown))))
    _PROVIDERS[info.name] = info


def register(info):
    """Add a provider (a ``ProviderInfo``).  ValueError when its name is taken or an option it shares with another
    provider is declared differently."""
    _load_builtins()
    _add(info)
    return info


def unregister(name):
    """Remove a provider registered with ``register`` (tests)."""
    _load_builtins()
    _PROVIDERS.pop(name, None)


def get(name):
    """The ProviderInfo of ``name``, or None."""
    _load_builtins()
    return _PROVIDERS.get(name)


def providers():
    """Every ProviderInfo, in the order they were registered."""
    _load_builtins()
    return list(_PROVIDERS.values())


def names():
    return tuple(info.name for info in providers())


def api_formats():
    """Every wire format some provider offers, in order of appearance."""
    formats = []
    for info in providers():
        formats.extend(api_format for api_format in info.formats if api_format not in formats)
    return tuple(formats)


def connection_options():
    """name -> argument-spec fragment (with ``env``, without ``fallback``) of every connection option: the common
    ones and each provider's, with the choices of ``provider`` and ``api_format``.  Fresh copies."""
    options = OrderedDict((name, dict(spec)) for name, spec in COMMON_OPTIONS_HEAD.items())
    for info in providers():
        for name, spec in info.options.items():
            options.setdefault(name, dict(spec))
    options.update((name, dict(spec)) for name, spec in COMMON_OPTIONS_TAIL.items())
    options['provider']['choices'] = list(names())
    options['api_format']['choices'] = list(api_formats())
    for spec in options.values():
        if 'env' in spec:
            spec['env'] = list(spec['env'])
    return options


def secret_options():
    """The connection options that are secrets (``no_log``): kept apart from the plan, never shown."""
    return tuple(name for name, spec in connection_options().items() if spec.get('no_log'))


def owners(option):
    """The names of the providers that declare ``option`` (a common option: every provider)."""
    if option in COMMON_OPTIONS_HEAD or option in COMMON_OPTIONS_TAIL:
        return names()
    return tuple(info.name for info in providers() if option in info.options)


def default_rate(name):
    """Requests per second for provider ``name`` when the user sets none."""
    info = get(name)
    return info.default_rate if info is not None else FALLBACK_RATE


def _given(settings, name, spec):
    """An option is set when it holds something else than nothing or its default."""
    value = getattr(settings, name, None)
    return value not in (None, '', False) and value != spec.get('default')


def _is_default_format(api_format):
    return api_format == COMMON_OPTIONS_HEAD['api_format']['default']


def check_settings(settings):
    """Raise InputError naming what is wrong with ``settings`` (a ``ConnectionSettings``); no call is made.

    The common rules (a known provider and format, the provider's required options, no option of another provider),
    and the provider's own ``check_settings``."""
    info = get(settings.provider)
    if info is None:
        raise InputError('provider must be one of %s, got %r' % (', '.join(names()), settings.provider))
    formats = api_formats()
    if settings.api_format not in formats:
        raise InputError('api_format must be one of %s, got %r' % (', '.join(formats), settings.api_format))
    timeout = getattr(settings, 'timeout', None)
    if timeout is not None and timeout <= 0:
        raise InputError('timeout is the number of seconds one HTTP request may take; give more than 0, got %s' % timeout)
    if info.check_settings is not None:
        info.check_settings(settings)
    missing = [name for name in info.required if not getattr(settings, name, None)]
    if missing:
        specs = connection_options()
        variables = [(specs[name].get('env') or ['?'])[0] for name in missing]
        raise InputError('provider %s needs %s (or the environment variables %s)' % (
            info.name, ' and '.join(missing), ' and '.join(variables)))
    if settings.api_format not in info.formats and not _is_default_format(settings.api_format):
        raise InputError('api_format %s exists only for provider %s' % (
            settings.api_format, ' and '.join(other.name for other in providers() if settings.api_format in other.formats)))
    foreign = [name for other in providers() if other is not info for name in other.exclusive_options
               if name not in info.options and _given(settings, name, other.options[name])]
    if foreign:
        foreign = list(OrderedDict.fromkeys(foreign))
        holders = [other.name for other in providers() if set(foreign) & set(other.exclusive_options)]
        raise InputError('%s exist%s only for provider %s; leave %s out for provider %s' % (
            ' and '.join(foreign), 's' if len(foreign) == 1 else '', ' or '.join(holders),
            'it' if len(foreign) == 1 else 'them', info.name))
