# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""One item of ``certops_certificates`` settled against the role defaults: names, key, paths.

Shared by the local inspection (which needs only the paths) and the plan (which needs all of it),
so that both read an item the same way.  Nothing here knows Ansible and nothing here reads a secret:
``dns.key_secret`` is dropped from the settled declaration (the role reads it where it is used).
"""


from ansible_collections.certops.reseller.plugins.module_utils._names import settle_name
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError

KEY_TYPES = ('ECC', 'RSA')

# The item keys that name files on the host: all the inspection module needs to see.
# The key made for an order waits here until its certificate is installed (see roles/deploy).
PENDING_KEY_SUFFIX = '.certops-new'

PATH_KEYS = ('key_path', 'certificate_path', 'chain_path', 'fullchain_path')

# Role defaults the settling falls back to (names as in roles/certificate/defaults/main.yml, without prefix).
DEFAULTS = dict(
    connection='', product='', lifetime=12, validation_method='dns', remaining_days=None,
    key=dict(type='ECC', curve='secp256r1'), key_dir='/etc/ssl/private', cert_dir='/etc/ssl/certs',
    owner='root', group='root', mode='0644', webroot='/var/www/html', services=[], reload_commands=[],
    dns=dict(backend='nsupdate'), job_timeout=1800,
)

SECRET_DNS_KEYS = ('key_secret',)


def _default(defaults, name):
    value = (defaults or {}).get(name)
    return DEFAULTS[name] if value is None else value


def whole(common_name, name, value):
    """A setting that must be a whole number (from the item or the host's certificate_<name>) -> int, or InputError."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError('%s: %s (the item\'s, else certificate_%s) must be a whole number, got %r' % (
            common_name, name, name.split('.')[0], value))


def _optional_whole(common_name, name, value):
    return None if value is None or value == '' else whole(common_name, name, value)


def file_stem(common_name):
    return common_name.replace('*', '_wildcard')


def settle_paths(item, defaults=None):
    """The four file paths of an item, defaults filled in."""
    common_name = settle_name(item.get('common_name'), 'common_name')
    stem = file_stem(common_name)
    key_dir = _default(defaults, 'key_dir').rstrip('/')
    cert_dir = _default(defaults, 'cert_dir').rstrip('/')
    return dict(
        key_path=item.get('key_path') or '%s/%s.key' % (key_dir, stem),
        certificate_path=item.get('certificate_path') or '%s/%s.crt' % (cert_dir, stem),
        chain_path=item.get('chain_path') or '%s/%s.chain.crt' % (cert_dir, stem),
        fullchain_path=item.get('fullchain_path') or '%s/%s.fullchain.crt' % (cert_dir, stem),
    )


def settle_key(item, defaults=None):
    key = dict(_default(defaults, 'key'))
    key.update(item.get('key') or {})
    key_type = str(key.get('type') or 'ECC').upper()
    if key_type not in KEY_TYPES:
        raise InputError('%s: key.type must be ECC or RSA, got %r' % (item.get('common_name'), key.get('type')))
    if key_type == 'ECC':
        return dict(type='ECC', curve=str(key.get('curve') or 'secp256r1'), size=None)
    return dict(type='RSA', curve=None, size=whole(item.get('common_name'), 'key.size', key.get('size') or 3072))


def settle(item, defaults=None):
    """A raw item -> the settled declaration (a plain dict without secrets).  Raises InputError."""
    if not isinstance(item, dict) or not item.get('common_name'):
        raise InputError('every item of certops_certificates needs a common_name, got %r' % (
            sorted(item) if isinstance(item, dict) else item,))
    common_name = settle_name(item['common_name'], 'common_name')
    names = [common_name]
    for name in item.get('subject_alternative_names') or []:
        name = settle_name(name, 'subject_alternative_names')
        if name and name not in names:
            names.append(name)
    dns = dict(_default(defaults, 'dns'))
    dns.update(item.get('dns') or {})
    for secret in SECRET_DNS_KEYS:
        dns.pop(secret, None)
    validation_method = item.get('validation_method') or _default(defaults, 'validation_method')
    if validation_method not in ('dns', 'file', 'email'):
        raise InputError('%s: validation_method must be dns, file or email, got %r' % (common_name, validation_method))
    if validation_method == 'email' and not item.get('approver_email'):
        raise InputError('%s: e-mail validation needs approver_email' % common_name)
    if dns.get('backend') not in ('nsupdate', 'autodns', 'provisioning', 'manual'):
        raise InputError('%s: dns.backend must be nsupdate, autodns, provisioning or manual, got %r' % (
            common_name, dns.get('backend')))
    settled = dict(
        common_name=common_name,
        subject_alternative_names=names[1:],
        names=names,
        product=item.get('product') or _default(defaults, 'product') or '',
        lifetime=whole(common_name, 'lifetime', item.get('lifetime') or _default(defaults, 'lifetime')),
        validation_method=validation_method,
        approver_email=item.get('approver_email') or '',
        connection=item.get('connection') if item.get('connection') is not None else _default(defaults, 'connection'),
        dns=dns,
        webroot=item.get('webroot') or _default(defaults, 'webroot'),
        webroots=item.get('webroots') or {},
        key=settle_key(item, defaults),
        key_host=item.get('key_host') or '',
        owner=item.get('owner') or _default(defaults, 'owner'),
        group=item.get('group') or _default(defaults, 'group'),
        mode=str(item.get('mode') or _default(defaults, 'mode')),
        services=list(item.get('services') if item.get('services') is not None else _default(defaults, 'services')),
        reload_commands=list(item.get('reload_commands') if item.get('reload_commands') is not None
                             else _default(defaults, 'reload_commands')),
        endpoint=item.get('endpoint') or {},
        # None: a third of the certificate's validity (see _terms); a number overrides
        remaining_days=_optional_whole(common_name, 'remaining_days', item.get('remaining_days')
                                       if item.get('remaining_days') is not None else _default(defaults, 'remaining_days')),
        job_timeout=whole(common_name, 'job_timeout', item.get('job_timeout') or _default(defaults, 'job_timeout')),
    )
    settled.update(settle_paths(item, defaults))
    return settled


def identity(settled):
    """What makes two declarations one certificate: connection, common name, set of names, product."""
    return (settled['connection'] or '', settled['common_name'], tuple(sorted(settled['names'])),
            (settled['product'] or '').lower())


def identity_id(settled):
    """A short readable id of the identity, stable across runs (used as a dict key in the role)."""
    connection, common_name, names, product = identity(settled)
    extra = [name for name in names if name != common_name]
    text = '%s|%s|%s|%s' % (connection, common_name, ','.join(extra), product)
    return text
