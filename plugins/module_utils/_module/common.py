# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""What every module shares: the connection options, building the provider, turning the
collection's exceptions into ``fail_json`` (this is THE ONE place that does it), and turning
normalized objects into result dicts.

A module is::

    argument_spec = provider_argument_spec(name=dict(type='str', required=True))
    run_module(argument_spec, handler, supports_check_mode=True)

with ``handler(module, provider) -> dict`` (the result; it must contain ``changed``).  A
``warnings`` list in the result is shown as Ansible warnings.
"""


import datetime
import os
import traceback

from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule, missing_required_lib

from ansible_collections.certops.reseller.plugins.module_utils import _registry
from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    CertopsError,
    InputError,
    MissingDependencyError,
)
from ansible_collections.certops.reseller.plugins.module_utils._http import RequestsTransport, ServerClockTransport
from ansible_collections.certops.reseller.plugins.module_utils._lock import pacer_for


def env_fallback(*names):
    """The first of the environment variables ``names`` that is set to something else than blanks.

    Unlike ``ansible.module_utils.basic.env_fallback``, an empty value counts as unset: AWX renders a
    credential field left blank as an empty string, and that must mean "use the default" rather than
    "context is ''" (not an integer) or "api_format is ''" (not a choice).
    """
    for name in names:
        value = os.environ.get(name)
        if value is not None and value.strip():
            return value
    raise AnsibleFallbackNotFound


def connection_argument_spec():
    """The connection options as an argument spec, derived from the registry of providers (``_registry``): the
    common options and every provider's, each environment variable a blank-aware ``fallback``."""
    spec = {}
    for name, option in _registry.connection_options().items():
        option = dict(option)
        variables = option.pop('env', None)
        if variables:
            option['fallback'] = (env_fallback, list(variables))
        spec[name] = option
    return spec


# The registered providers' options as the collection ships them; code that must see a provider registered later
# (a test's) calls connection_argument_spec().
PROVIDER_ARGUMENT_SPEC = connection_argument_spec()

CONNECTION_OPTIONS = tuple(PROVIDER_ARGUMENT_SPEC)

WAIT_ARGUMENT_SPEC = dict(
    wait=dict(type='bool', default=False),
    wait_timeout=dict(type='int', default=600),
)


def provider_argument_spec(**more):
    """The connection options plus the module's own (``more`` wins on a name clash)."""
    spec = connection_argument_spec()
    spec.update(more)
    return spec


def settings_from_params(params):
    """Module parameters -> ConnectionSettings.  Raises InputError when no provider is given."""
    if not params.get('provider'):
        raise InputError('provider is required: set provider (%s) in the task, in module_defaults for '
                         'group/certops.reseller.api, or in the environment variable CERTOPS_PROVIDER'
                         % ' or '.join(_registry.names()))
    values = {}
    for name, spec in connection_argument_spec().items():
        value = params.get(name)
        if value is None or value == '':
            continue   # the option's default
        values[name] = bool(value) if spec.get('type') == 'bool' else value
    return ConnectionSettings(**values)


def current_time(now=None):
    """``now`` as given (a datetime, or a callable that returns one: tests pass the sandbox's clock), else UTC now."""
    if callable(now):
        return now()
    return now or datetime.datetime.now(datetime.timezone.utc)


def build_provider(params, transport=None):
    """Module parameters -> Provider.  Makes no API call."""
    settings = settings_from_params(params)
    pacer = None
    if transport is None:
        transport = ServerClockTransport(RequestsTransport(validate_certs=settings.validate_certs,
                                                           ca_path=settings.ca_path))
        pacer = pacer_for(settings)
    return create_provider(settings, transport=transport, pacer=pacer)


def _format_import_traceback(exception):
    if exception is None:
        return None
    if isinstance(exception, str):
        return exception
    return ''.join(traceback.format_exception(type(exception), exception, getattr(exception, '__traceback__', None)))


def run_module(argument_spec, handler, supports_check_mode=True, transport=None, needs_provider=True,
               **module_kwargs):
    """Build the AnsibleModule, the provider, call ``handler(module, provider)`` and exit.

    ``module_kwargs`` go to AnsibleModule (mutually_exclusive, required_if, required_one_of, ...).
    ``transport`` replaces the HTTP transport (unit tests of whole modules).
    ``needs_provider`` False: the module talks to no provider (``handler`` gets None).
    """
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=supports_check_mode, **module_kwargs)
    try:
        provider = build_provider(module.params, transport=transport) if needs_provider else None
        result = handler(module, provider)
    except MissingDependencyError as exc:
        module.fail_json(msg=missing_required_lib(exc.library), exception=_format_import_traceback(exc.exception))
    except CertopsError as exc:
        module.fail_json(msg=str(exc), **exc.to_result())
    result = dict(result or {})
    result.setdefault('changed', False)
    if not module._diff:
        result.pop('diff', None)
    warnings = result.pop('warnings', None) or []
    for warning in warnings:
        module.warn(warning)
    module.exit_json(**result)


def run_local_module(argument_spec, handler, supports_check_mode=True, **module_kwargs):
    """Like run_module for a module that talks to no provider: ``handler(module) -> dict``."""
    run_module(argument_spec, lambda module, provider: handler(module), supports_check_mode=supports_check_mode,
               needs_provider=False, **module_kwargs)


# -- results -------------------------------------------------------------------------------

def to_result(value, now=None):
    """Normalized objects (Certificate, Job, Challenge, Contact, lists of them) -> plain data.

    ``now`` (aware datetime) is used for a certificate's ``days_remaining``.
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [to_result(item, now=now) for item in value]
    if isinstance(value, dict):
        return dict((key, to_result(item, now=now)) for key, item in value.items())
    to_dict = getattr(value, 'to_dict', None)
    if to_dict is not None:
        if hasattr(value, 'days_remaining'):
            return to_dict(now=now)
        return to_dict()
    return value
