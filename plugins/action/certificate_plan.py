# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Gathers every host's declarations and inspection from hostvars, leaves the secrets out, and makes the plan
on the controller, in this process.

The plan runs here rather than as a module: a module's no_log options (the connection secrets) are masked in
everything it returns, also inside unrelated values (a connection named like its password, a path that contains
it), and the DNS secrets of the declarations would be module arguments. Here no argument is logged and the plan,
which holds no secret, comes back as it is.
"""


import re

from collections.abc import Mapping

from ansible.plugins.action import ActionBase

from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError, MissingDependencyError
from ansible_collections.certops.reseller.plugins.module_utils._module.common import (
    PROVIDER_ARGUMENT_SPEC,
    connection_argument_spec,
)
from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_plan import (
    ALLOWED_ACTIONS,
    connection_options,
    run_certificate_plan,
    without_secrets,
)


def _host_var(hostvars, host, name, default=None):
    try:
        value = hostvars[host][name]
    except KeyError:
        return default
    return default if value is None else value


class HostVariables(object):
    """Each host's own value of a variable, as Ansible's precedence gives it for that host: role defaults, group_vars,
    host_vars, facts, play and role vars, set_fact, extra vars - what a task on that host would see.

    ``hostvars[host]`` alone holds no role defaults and no play vars; the variable manager behind it, asked with the
    play and this task, holds them all.  Without it (an unexpected ansible-core), hostvars and the running host's own
    task variables are read instead.
    """

    def __init__(self, action, task_vars):
        self._action = action
        self._task_vars = task_vars
        self._hostvars = task_vars.get('hostvars') or {}
        self._manager = getattr(self._hostvars, '_variable_manager', None)
        self._inventory = getattr(self._hostvars, '_inventory', None)
        try:
            self._play = action._task.get_play()
        except Exception:   # pylint: disable=broad-except
            self._play = None
        self._exact = self._manager is not None and self._inventory is not None and self._play is not None

    def read(self, host, names):
        """-> dict name -> value (templated with the host's variables) of those ``names`` the host has."""
        if not self._exact:
            return self._fallback(host, names)
        host_object = self._inventory.get_host(host)
        if host_object is None:
            return {}
        variables = self._manager.get_vars(
            play=self._play, host=host_object, task=self._action._task,
            _hosts=self._task_vars.get('ansible_play_hosts'), _hosts_all=self._task_vars.get('ansible_play_hosts_all'))
        templar = self._action._templar.copy_with_new_env(available_variables=variables)
        return dict((name, _Resolver(templar, variables).resolve(variables[name])) for name in names if name in variables)

    def _fallback(self, host, names):
        values = {}
        for name in names:
            value = _host_var(self._hostvars, host, name)
            if value is None and name in self._task_vars:
                value = self._action._templar.template(self._task_vars[name])
            if value is not None:
                values[name] = value
        return values


_BARE_REFERENCE = re.compile(r'^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$')


class _Resolver(object):
    """Templates a value as the templar would, but compiles only what needs it: a bare ``{{ name }}`` is followed
    to the variable's own value and a value that is no template is taken as it is.  The role's defaults are 16 bare
    references, mostly to plain values; compiling each of them for each of hundreds of hosts cost 30-60 ms a host."""

    def __init__(self, templar, variables):
        self._templar = templar
        self._variables = variables

    def resolve(self, value, depth=0):
        if isinstance(value, str):
            match = _BARE_REFERENCE.match(value)
            if match and match.group(1) in self._variables and depth < 20 and self._templar.is_template(value):
                return self.resolve(self._variables[match.group(1)], depth + 1)
            return self._templar.template(value) if self._templar.is_template(value) else value
        if isinstance(value, Mapping):
            return dict((key, self.resolve(item, depth)) for key, item in value.items())
        if isinstance(value, (list, tuple)):
            return [self.resolve(item, depth) for item in value]
        return value


_OWN_ARGS = frozenset(('declarations_var', 'inspection_var', 'defaults', 'connections', 'actions', 'inventory',
                       'declaration_spec', 'play_hosts', 'defaults_var', 'connections_var', 'actions_var',
                       'max_paid_actions', 'max_spend'))


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    # every connection option of the modules (module_defaults of group/certops.reseller.api reach this action too);
    # run() takes them from the registry of providers as it is then
    _VALID_ARGS = _OWN_ARGS | frozenset(PROVIDER_ARGUMENT_SPEC)

    def run(self, tmp=None, task_vars=None):
        self._VALID_ARGS = _OWN_ARGS | frozenset(connection_argument_spec())
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        inventory = list(args.pop('inventory', None) or task_vars.get('groups', {}).get('all') or [])
        play_hosts = list(args.pop('play_hosts', None) or task_vars.get('ansible_play_hosts') or [])
        declarations_var = args.pop('declarations_var', None) or 'certops_certificates'
        inspection_var = args.pop('inspection_var', None) or '_certificate_inspection'
        # the variables read per host, each with that host's own value
        per_host = dict((kind, args.pop(kind + '_var', None)) for kind in ('defaults', 'connections', 'actions'))

        reader = HostVariables(self, task_vars)
        declarations = {}
        inspections = {}
        host_settings = dict((kind, {}) for kind in per_host)
        in_play = set(play_hosts)
        for host in inventory:
            names = [declarations_var] + [name for name in per_host.values() if name]
            if host in in_play:
                names.append(inspection_var)
            values = reader.read(host, names)
            items = values.get(declarations_var) or []
            if not items:
                continue
            declarations[host] = [without_secrets(item) for item in items]
            if host in in_play:
                answer = values.get(inspection_var) or {}
                inspections[host] = list(answer.get('certificates') or []) if isinstance(answer, dict) else []
            for kind, name in per_host.items():
                if name and values.get(name) is not None:
                    host_settings[kind][host] = values[name]
        defaults = _clean_defaults(args.pop('defaults', None))
        host_defaults = dict((host, _clean_defaults(value)) for host, value in host_settings['defaults'].items())

        declaration_spec = args.pop('declaration_spec', None) or {}
        caps = {}
        for name, convert in (('max_paid_actions', int), ('max_spend', float)):
            value = args.pop(name, None)
            if value is None or value == '':
                continue
            try:
                caps[name] = convert(value)
            except (TypeError, ValueError):
                result.update(failed=True, msg='%s must be a number, got %r' % (name, value))
                return result
        actions = list(args.pop('actions', None) or ['order', 'reissue', 'renew'])
        unknown = sorted(set(actions) - set(ALLOWED_ACTIONS))
        if unknown:
            message = 'actions may hold %s; got also %s' % (', '.join(ALLOWED_ACTIONS), ', '.join(unknown))
            result.update(failed=True, msg=message)
            return result
        try:
            params = connection_options(args)
            params.update(inventory=inventory, declarations=declarations, inspections=inspections, defaults=defaults,
                          connections=dict(args.get('connections') or {}), actions=actions,
                          declaration_spec=declaration_spec, host_defaults=host_defaults, **caps)
            params.update(host_connections=dict((host, dict(value or {}))
                                                for host, value in host_settings['connections'].items()),
                          host_actions=dict((host, list(value or [])) for host, value in host_settings['actions'].items()))
            answer = run_certificate_plan(params, check_mode=bool(self._task.check_mode))
        except MissingDependencyError as exc:
            result.update(failed=True, msg='the controller needs the Python library %s' % exc.library)
            return result
        except CertopsError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        if not self._task.diff:
            answer.pop('diff', None)
        result.update(answer)
        return result


def _clean_defaults(defaults):
    """The role defaults without the DNS secret (it never enters the plan)."""
    defaults = dict(defaults or {})
    if isinstance(defaults.get('dns'), dict):
        defaults['dns'] = without_secrets(dict(dns=defaults['dns']))['dns']
    return defaults
