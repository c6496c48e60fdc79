# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_plan: the module (and action plugin) around ``plan.make_plan``: one provider per named connection."""


import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.common.validation import check_type_bool, check_type_float, check_type_int

from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError, InputError
from ansible_collections.certops.reseller.plugins.module_utils._registry import secret_options
from ansible_collections.certops.reseller.plugins.module_utils._plan.declaration import SECRET_DNS_KEYS
from ansible_collections.certops.reseller.plugins.module_utils._http import server_now
from ansible_collections.certops.reseller.plugins.module_utils._module.common import (
    build_provider,
    connection_argument_spec,
)
from ansible_collections.certops.reseller.plugins.module_utils._plan.plan import (
    host_index,
    lookup_budget,
    make_plan,
    summary_lines,
)
from ansible_collections.certops.reseller.plugins.module_utils._plan.spending import (
    apply_spending_cap,
    bill_lines,
    price_entries,
)

ALLOWED_ACTIONS = ('order', 'reissue', 'renew', 'replace')


def certificate_plan_argument_spec():
    """The task's own options, as the action plugin takes them (its ``_VALID_ARGS``; a unit test compares them with
    the module's documentation); the connection options come on top."""
    return dict(
        declarations_var=dict(type='str', default='certops_certificates'),
        inspection_var=dict(type='str', default='_certificate_inspection'),
        inventory=dict(type='list', elements='str'),
        play_hosts=dict(type='list', elements='str'),
        defaults=dict(type='dict', default={}),
        connections=dict(type='dict', default={}),
        actions=dict(type='list', elements='str', default=['order', 'reissue', 'renew'], choices=list(ALLOWED_ACTIONS)),
        declaration_spec=dict(type='dict', default={}),
        defaults_var=dict(type='str'),
        connections_var=dict(type='str'),
        actions_var=dict(type='str'),
        max_paid_actions=dict(type='int'),
        max_spend=dict(type='float'),
    )


def check_declarations(declarations, spec, name='certops_certificates'):
    """Check every host's declarations against ``spec`` (the argument spec of one item, as a role's argument_specs
    give it): one check in this process instead of one task per host.  InputError naming the host."""
    if not spec:
        return
    validator = ArgumentSpecValidator({name: dict(type='list', elements='dict', options=spec)})
    for host in sorted(declarations):
        result = validator.validate({name: declarations[host] or []})
        if result.error_messages:
            raise InputError('%s: %s' % (host, '; '.join(
                ('unknown option %s' % error) if isinstance(error, UnsupportedError) else str(error)
                for error in result.errors.errors)))


def connection_params(module_params, named):
    """The module's own connection options (module_defaults, environment) under a named connection's."""
    known = tuple(connection_argument_spec())
    params = dict((name, module_params.get(name)) for name in known)
    for name, value in (named or {}).items():
        if name not in known:
            raise InputError('connection option %r is unknown; known options are %s' % (name, ', '.join(known)))
        if value is not None and value != '':
            params[name] = value
    if isinstance(params.get('context'), str) and params['context'].isdigit():
        params['context'] = int(params['context'])
    return params


def split_secrets(connections):
    """connections -> (connections without secrets, name -> its secrets); the secrets are the ``no_log`` options the
    providers declare."""
    plain = {}
    secrets = {}
    secret_names = secret_options()
    for name, settings in (connections or {}).items():
        settings = dict(settings or {})
        secrets[name] = dict((key, settings.pop(key)) for key in secret_names if key in settings)
        plain[name] = settings
    return plain, secrets


def merge_secrets(connections, secrets):
    merged = {}
    for name, settings in (connections or {}).items():
        merged[name] = dict(settings or {})
        merged[name].update((secrets or {}).get(name) or {})
    return merged


def build_providers(module_params, names, transport=None):
    """connection name -> Provider, or the CertopsError that says why it could not be built."""
    providers = {}
    connections = merge_secrets(module_params.get('connections'), module_params.get('connection_secrets'))
    for name in names:
        try:
            if name and name not in connections:
                raise InputError('connection %r is not a key of certificate_connections (%s)' % (
                    name, ', '.join(sorted(connections)) or 'none defined'))
            providers[name] = build_provider(connection_params(module_params, connections.get(name)), transport=transport)
        except CertopsError as exc:
            providers[name] = exc
    return providers


def settle_connections(declarations, defaults, host_defaults, connections, host_connections):
    """The named connections the declared items use, as their hosts define them.

    -> (name -> settings (None where no host defines it), name -> the sentence that says which hosts define it differently).  Each host's own
    ``certificate_connections`` (``host_connections``, else ``connections``) and ``certificate_connection``
    (through its defaults) count; one name must mean one account for every host that uses it.
    """
    from ansible_collections.certops.reseller.plugins.module_utils._plan.declaration import settle
    host_defaults = host_defaults or {}
    host_connections = host_connections or {}
    used = {}
    for host in sorted(declarations or {}):
        own = host_connections.get(host, connections) or {}
        for item in declarations[host] or []:
            try:
                name = settle(item, host_defaults.get(host, defaults))['connection'] or ''
            except InputError:
                continue   # make_plan says which host and item
            used.setdefault(name, {})
            if host not in used[name]:
                used[name][host] = own.get(name) if name else {}
    settled = {}
    problems = {}
    for name, by_host in used.items():
        sentence = _connection_disagreement(name, by_host) if name else None
        if sentence:
            problems[name] = sentence
            continue
        defined = [value for value in by_host.values() if value is not None]
        settled[name] = dict(defined[0]) if defined else None
    return settled, problems


def _connection_disagreement(name, by_host):
    from ansible_collections.certops.reseller.plugins.module_utils._plan.groups import disagreement
    options = set()
    for settings in by_host.values():
        options.update((settings or {}).keys())
    defined = [host for host in sorted(by_host) if by_host[host] is not None]
    missing = [host for host in sorted(by_host) if by_host[host] is None]
    what = 'connection %r is one account' % name
    if defined and missing:
        values = [(host, 'it' if host in defined else 'nothing for it') for host in sorted(by_host)]
        return disagreement(what, 'certificate_connections', values)
    secret_names = secret_options()
    for option in sorted(options):
        secret = option in secret_names
        seen = []
        values = []
        for host in defined:
            value = by_host[host].get(option)
            value = None if value == '' else value
            if value not in seen:
                seen.append(value)
            if secret:
                text = 'no %s' % option if value is None else '%s number %d' % (option, seen.index(value) + 1)
            else:
                text = '%s %s' % (option, 'unset' if value is None else value)
            values.append((host, text))
        sentence = disagreement(what, 'certificate_connections[%r].%s' % (name, option), values)
        if sentence:
            if secret:
                sentence += ' (the values are secrets and not shown)'
            return sentence
    return None


def run_certificate_plan(params, check_mode=False, transport=None, now=None):
    """``params``: the module's options; the action plugin adds each host's own settings as ``host_defaults``,
    ``host_connections`` and ``host_actions`` (host -> value) beside the play's ``defaults``, ``connections`` and
    ``actions``."""
    declarations = params.get('declarations') or {}
    check_declarations(declarations, params.get('declaration_spec'))
    for host, actions in sorted((params.get('host_actions') or {}).items()):
        unknown = sorted(set(actions or []) - set(ALLOWED_ACTIONS))
        if unknown:
            raise InputError('%s: certificate_actions may hold %s; got also %s' % (
                host, ', '.join(ALLOWED_ACTIONS), ', '.join(unknown)))
    connections, problems = settle_connections(
        declarations, params.get('defaults'), params.get('host_defaults'),
        merge_secrets(params.get('connections'), params.get('connection_secrets')), params.get('host_connections'))
    defined = dict((name, settings) for name, settings in connections.items() if settings is not None)
    providers = build_providers(dict(params, connections=defined, connection_secrets={}),
                                sorted(connections), transport=transport)
    for name, sentence in problems.items():
        providers[name] = InputError(sentence)
    plan = make_plan(params['inventory'], declarations, params.get('inspections') or {},
                     params.get('defaults') or {}, params.get('actions') or [], providers, now=now,
                     clock_of=server_now, host_defaults=params.get('host_defaults'),
                     host_actions=params.get('host_actions'))
    max_paid_actions = params.get('max_paid_actions')
    max_spend = params.get('max_spend')
    if check_mode or max_spend is not None:
        price_entries(plan['certificates'], providers)
    apply_spending_cap(plan['certificates'], max_paid_actions, max_spend)
    plan['hosts'] = host_index(plan['certificates'])
    counts = {}
    for entry in plan['certificates']:
        counts.setdefault(entry['connection'], 0)
        counts[entry['connection']] += 1
    plan['budget'] = dict((name, lookup_budget(count)) for name, count in counts.items())
    plan['summary'] = summary_lines(plan['certificates'])
    plan['bill'] = bill_lines(plan['certificates'])
    plan['summary'].extend(plan['bill'])
    plan['changed'] = False   # the plan only reads; the tasks that act report changes
    plan['work'] = any(e['action'] not in ('none', 'blocked') and e['allowed'] for e in plan['certificates'])
    plan['diff'] = dict(before='', after='\n'.join(plan['summary']) + '\n')
    return plan


# -- for the action plugin, which gathers the input from hostvars --------------------------------


def without_secrets(item):
    if not isinstance(item, dict):
        return item
    clean = dict(item)
    if isinstance(clean.get('dns'), dict):
        clean['dns'] = dict((key, value) for key, value in clean['dns'].items() if key not in SECRET_DNS_KEYS)
    return clean


def connection_options(args):
    """The task's own connection options (module_defaults included) with the CERTOPS_* environment fallbacks."""
    params = {}
    for name, spec in connection_argument_spec().items():
        value = args.get(name)
        if value is None and spec.get('fallback'):
            for variable in spec['fallback'][1]:
                if os.environ.get(variable):
                    value = os.environ[variable]
                    break
        if value is None:
            value = spec.get('default')
        params[name] = _typed(name, spec, value)
    return params


_TYPE_CHECKERS = dict(bool=check_type_bool, int=check_type_int, float=check_type_float)


def _typed(name, spec, value):
    """An option's value as the module argument spec would convert it: an environment variable is always a string
    (CERTOPS_DEMO=false must mean False, CERTOPS_CONTEXT=4 the number 4)."""
    checker = _TYPE_CHECKERS.get(spec.get('type'))
    if value is None or checker is None:
        return value
    try:
        return checker(value)
    except TypeError:
        raise InputError('%s must be a %s, got %r' % (
            name, dict(bool='boolean', int='whole number', float='number')[spec['type']], value))
