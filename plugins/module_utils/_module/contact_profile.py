# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""contact_profile: an AutoDNS SSL contact or an SSL247 contact profile, present or absent.

Decide first (find, compare), then act unless in check mode.  Only the fields the user gave
are compared and written; the others are left as the provider holds them.
"""


import copy
import time

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    InputError,
    NotFoundError,
    UnsupportedOperationError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact
from ansible_collections.certops.reseller.plugins.module_utils._paging import fetch_pages
from ansible_collections.certops.reseller.plugins.module_utils._orders.ambiguous_writes import write_then_look

CONTACT_ROLES = ('admin', 'tech', 'billing')

# The fields that identify a contact when no id is given (in this order in messages).
IDENTITY_FIELDS = ('email', 'first_name', 'last_name', 'organization')

# Compared without regard to case: e-mail addresses and ISO country codes.
CASELESS_FIELDS = ('email', 'country')


def contact_argument_spec():
    """The module's own options (the connection options come from common.py)."""
    return dict(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        id=dict(type='str'),
        title=dict(type='str'),
        first_name=dict(type='str'),
        last_name=dict(type='str'),
        email=dict(type='str'),
        phone=dict(type='str'),
        fax=dict(type='str'),
        organization=dict(type='str'),
        address=dict(type='list', elements='str'),
        postal_code=dict(type='str'),
        city=dict(type='str'),
        region=dict(type='str'),
        country=dict(type='str'),
        roles=dict(type='list', elements='str', choices=list(CONTACT_ROLES)),
    )


CONTACT_REQUIRED_ONE_OF = [('id', 'email')]


def normalize_value(name, value):
    """The form in which two values of field ``name`` are compared."""
    if value is None:
        return None
    if name == 'address':
        lines = [str(line).strip() for line in value]
        while lines and not lines[-1]:
            lines.pop()
        return lines
    if name == 'roles':
        return sorted(set(str(role).lower() for role in value))
    text = str(value).strip()
    if name in CASELESS_FIELDS:
        text = text.lower()
    return text


def same_value(name, current, wanted):
    current_norm = normalize_value(name, current)
    wanted_norm = normalize_value(name, wanted)
    # A provider that stores an empty field may give back '' or None (or []): treat them alike.
    if not current_norm and not wanted_norm:
        return True
    return current_norm == wanted_norm


def wanted_fields(params):
    """The contact fields the user gave (None means: leave as it is)."""
    return dict((name, params.get(name)) for name in Contact.FIELDS if params.get(name) is not None)


def differing_fields(current, wanted):
    """Names of the fields in ``wanted`` whose value differs from the Contact ``current``, in Contact.FIELDS order."""
    return [name for name in Contact.FIELDS
            if name in wanted and not same_value(name, getattr(current, name, None), wanted[name])]


def find_contact(provider, params):
    """The existing contact the parameters designate, or None.

    With ``id``: that contact (None when it does not exist).  Without: the one contact whose
    e-mail, first and last name and organization (those given) match; InputError when several do.
    """
    if params.get('id'):
        try:
            return provider.get_contact(params['id'])
        except NotFoundError:
            return None
    identity = dict((name, params[name]) for name in IDENTITY_FIELDS if params.get(name) is not None)
    if not identity.get('email'):
        raise InputError('email is required to find a contact when id is not given')

    def list_page(limit, offset):
        return provider.list_contacts(limit=limit, offset=offset, **identity)

    candidates, dummy = fetch_pages(list_page)
    # Providers search with LIKE and ignore fields they do not know: match exactly here.
    found = [contact for contact in candidates if _matches(contact, identity)]
    if len(found) > 1:
        raise InputError('%d contacts match %s; give id to choose one (ids: %s)' % (
            len(found), ', '.join('%s=%s' % item for item in identity.items()),
            ', '.join(str(contact.id) for contact in found)))
    return found[0] if found else None


def _matches(contact, identity):
    return all(same_value(name, getattr(contact, name, None), value) for name, value in identity.items())


def check_roles_supported(provider, params):
    if params.get('roles') is None:
        return
    if not provider.capabilities.contact_roles:
        raise UnsupportedOperationError(
            'contact roles are not supported by %s; remove the roles option' % provider.name,
            details=dict(provider=provider.name, operation='roles'))


def check_organization_writable(provider, current, wanted):
    """Refuse an organization the provider's contact calls cannot store (instead of sending it in vain)."""
    if 'organization' not in wanted or provider.capabilities.contact_organization:
        return
    if current is not None and same_value('organization', current.organization, wanted['organization']):
        return
    raise InputError('organization %r cannot be set on a %s contact profile because its add and edit calls take no '
                     'company; leave organization out' % (wanted['organization'], provider.name))


def ensure_present(provider, params, check_mode, sleep=time.sleep):
    """-> (changed, before, after, contact dict)."""
    check_roles_supported(provider, params)
    wanted = wanted_fields(params)
    current = find_contact(provider, params)
    check_organization_writable(provider, current, wanted)
    if current is None:
        if params.get('id'):
            raise NotFoundError('contact %s does not exist; leave out id to create a new contact' % params['id'],
                                provider=provider.name)
        desired = Contact(**copy.deepcopy(wanted))
        if check_mode:
            return True, {}, desired.to_dict(), desired.to_dict()
        resolved = write_then_look(lambda: provider.create_contact(desired),
                                   lambda: _created(provider, params, wanted), 'contact create for %s' % params.get('email'),
                                   sleep=sleep)
        _note(params, resolved, 'contact create')
        created = resolved.value
        return True, {}, created.to_dict(), created.to_dict()

    changes = differing_fields(current, wanted)
    if not changes:
        return False, current.to_dict(), current.to_dict(), current.to_dict()
    desired = copy.deepcopy(current)
    for name in changes:
        setattr(desired, name, copy.deepcopy(wanted[name]))
    if check_mode:
        return True, current.to_dict(), desired.to_dict(), desired.to_dict()
    resolved = write_then_look(lambda: provider.update_contact(desired), lambda: _updated(provider, current.id, wanted),
                               'update of contact %s' % current.id, sleep=sleep)
    _note(params, resolved, 'contact update')
    updated = resolved.value
    if updated is None or not getattr(updated, 'id', None):
        updated = desired
    return True, current.to_dict(), updated.to_dict(), updated.to_dict()


def ensure_absent(provider, params, check_mode, sleep=time.sleep):
    """-> (changed, before, after, contact dict): the removed contact, or {} when there was none."""
    if not provider.supports('delete_contact'):
        raise UnsupportedOperationError(
            'state=absent cannot be used because deleting a contact is not supported by %s' % provider.name,
            details=dict(provider=provider.name, operation='delete_contact'))
    current = find_contact(provider, params)
    if current is None:
        return False, {}, {}, {}
    if not check_mode:
        write_then_look(lambda: provider.delete_contact(current.id) or True, lambda: _deleted(provider, current.id),
                        'deletion of contact %s' % current.id, sleep=sleep)
    return True, current.to_dict(), {}, current.to_dict()


def _note(params, resolved, what):
    warning = resolved.warning(what)
    if warning:
        params.setdefault('_warnings', []).append(warning)


def _created(provider, params, wanted):
    """After a lost answer to a create: the contact it made (found by its identity and fields), or None."""
    found = find_contact(provider, dict(params, id=None))
    if found is not None and not differing_fields(found, wanted):
        return found
    return None


def _updated(provider, contact_id, wanted):
    current = provider.get_contact(contact_id)
    return current if not differing_fields(current, wanted) else None


def _deleted(provider, contact_id):
    try:
        provider.get_contact(contact_id)
    except NotFoundError:
        return True
    return None


def run_contact_profile(provider, params, check_mode=False, sleep=time.sleep):
    """The module's decision and action; returns the result dict."""
    params = dict(params)
    if params.get('state', 'present') == 'absent':
        changed, before, after, contact = ensure_absent(provider, params, check_mode, sleep=sleep)
    else:
        changed, before, after, contact = ensure_present(provider, params, check_mode, sleep=sleep)
    # run_module drops the diff unless Ansible runs in diff mode.
    result = dict(changed=changed, contact=contact, diff=dict(before=before, after=after))
    if params.get('_warnings'):
        result['warnings'] = params['_warnings']
    return result


def handle(module, provider):
    """run_module handler."""
    return run_contact_profile(provider, module.params, check_mode=module.check_mode)
