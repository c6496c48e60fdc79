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

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError, MissingDependencyError
from ansible_collections.certops.reseller.plugins.module_utils._module.common import PROVIDER_ARGUMENT_SPEC
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


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    # every connection option of the modules (module_defaults of group/certops.reseller.api reach this action too)
    _VALID_ARGS = frozenset(('declarations_var', 'inspection_var', 'defaults', 'connections', 'actions', 'inventory',
                             'declaration_spec', 'play_hosts')) | frozenset(PROVIDER_ARGUMENT_SPEC)

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        hostvars = task_vars.get('hostvars') or {}
        inventory = list(args.pop('inventory', None) or task_vars.get('groups', {}).get('all') or [])
        play_hosts = list(args.pop('play_hosts', None) or task_vars.get('ansible_play_hosts') or [])
        declarations_var = args.pop('declarations_var', None) or 'certops_certificates'
        inspection_var = args.pop('inspection_var', None) or '_certificate_inspection'

        declarations = {}
        for host in inventory:
            items = _host_var(hostvars, host, declarations_var, [])
            if items:
                declarations[host] = [without_secrets(item) for item in items]
        inspections = {}
        for host in play_hosts:
            answer = _host_var(hostvars, host, inspection_var, {})
            if host in declarations:
                inspections[host] = list(answer.get('certificates') or []) if isinstance(answer, dict) else []
        defaults = dict(args.pop('defaults', None) or {})
        if isinstance(defaults.get('dns'), dict):
            defaults['dns'] = without_secrets(dict(dns=defaults['dns']))['dns']

        declaration_spec = args.pop('declaration_spec', None) or {}
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
                          declaration_spec=declaration_spec)
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
