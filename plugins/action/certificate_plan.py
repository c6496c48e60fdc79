# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Gathers every host's declarations and inspection from hostvars, leaves the secrets out, and runs
the certificate_plan module once on the controller.

Reading hostvars here (not in a Jinja expression over the play's hosts) keeps the DNS secrets of the
declarations out of the module's arguments, and so out of every verbose output.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.certops.reseller.plugins.module_utils._module.certificate_plan import split_secrets

SECRET_DNS_KEYS = ('key_secret',)


def without_secrets(item):
    if not isinstance(item, dict):
        return item
    clean = dict(item)
    if isinstance(clean.get('dns'), dict):
        clean['dns'] = dict((key, value) for key, value in clean['dns'].items() if key not in SECRET_DNS_KEYS)
    return clean


def _host_var(hostvars, host, name, default=None):
    try:
        value = hostvars[host][name]
    except KeyError:
        return default
    return default if value is None else value


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('declarations_var', 'inspection_var', 'defaults', 'connections', 'actions', 'inventory',
                             'play_hosts', 'provider', 'api_url', 'api_format', 'username', 'password', 'api_key',
                             'context', 'validate_certs', 'ca_path', 'timeout'))

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

        connections, secrets = split_secrets(args.pop('connections', None))
        module_args = dict(args, inventory=inventory, declarations=declarations, inspections=inspections,
                           defaults=defaults, connections=connections, connection_secrets=secrets)
        answer = self._execute_module(module_name='certops.reseller.certificate_plan', module_args=module_args,
                                      task_vars=task_vars)
        answer.pop('invocation', None)
        result.update(answer)
        return result
