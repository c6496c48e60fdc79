# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Render a credential type's injectors the way AWX does, to test the shipped credential type without an AWX.

Follows AWX's ``CredentialType.inject_credential`` (awx/main/models/credential/__init__.py):

- the template namespace holds only the inputs with a non-empty value (``if len(value)``), booleans always,
  and missing boolean fields as ``False``; a blank field is therefore *undefined*, and Jinja's default
  ``Undefined`` renders it as an empty string;
- every ``file`` injector is rendered and written to a new file under ``<private_data_dir>/env`` with mode 0600,
  even when it renders empty; ``template.<label>`` becomes ``tower.filename.<label>`` for the other injectors;
- every ``env`` injector is rendered with ``jinja2.sandbox.ImmutableSandboxedEnvironment``;
- ``extra_vars`` injectors are rendered likewise (this credential type has none).
"""

import os
import stat
import tempfile

from jinja2.sandbox import ImmutableSandboxedEnvironment


class _Namespace(object):
    pass


def render_injectors(credential_type, inputs, private_data_dir):
    """-> (env dict, extra_vars dict, {file label: path}) for a credential with ``inputs`` (field id -> value)."""
    namespace = {}
    tower = _Namespace()
    namespace['tower'] = tower
    for name, value in inputs.items():
        if isinstance(value, bool) or len(value):
            namespace[name] = value
    for field in credential_type['inputs'].get('fields', []):
        if field.get('type') == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False

    sandbox = ImmutableSandboxedEnvironment()
    injectors = credential_type.get('injectors', {})
    env_dir = os.path.join(private_data_dir, 'env')
    os.makedirs(env_dir, exist_ok=True)
    files = {}
    for label, template in injectors.get('file', {}).items():
        data = sandbox.from_string(template).render(**namespace)
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, 'w') as stream:
            stream.write(data)
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if '.' not in label:
            tower.filename = path
        else:
            if not hasattr(tower, 'filename'):
                tower.filename = _Namespace()
            setattr(tower.filename, label.split('.', 1)[1], path)
        files[label] = path
    env = dict((name, sandbox.from_string(template).render(**namespace))
               for name, template in injectors.get('env', {}).items())
    extra_vars = dict((name, sandbox.from_string(template).render(**namespace))
                      for name, template in injectors.get('extra_vars', {}).items())
    return env, extra_vars, files
