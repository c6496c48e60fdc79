# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""zone_record: publish or remove DCV records in a zone the provider hosts (AutoDNS zone API)."""


from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._orders.ambiguous_writes import write_then_look
from ansible_collections.certops.reseller.plugins.module_utils._names import normalize_name


def zone_record_argument_spec():
    """The module's own options (the connection options come from ``provider_argument_spec``)."""
    return dict(
        zone=dict(type='str', required=True),
        nameserver=dict(type='str'),
        challenges=dict(type='list', elements='dict'),
        records=dict(type='list', elements='dict', options=dict(
            name=dict(type='str', default=''),
            type=dict(type='str', default='TXT'),
            value=dict(type='str', required=True, no_log=False),
            ttl=dict(type='int', default=300),
        )),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


ZONE_RECORD_MUTUALLY_EXCLUSIVE = [('records', 'challenges')]
ZONE_RECORD_REQUIRED_ONE_OF = [('records', 'challenges')]


def _inside(name, origin):
    """Whether ``name`` is the zone's apex or below it (``origin`` normalized: no trailing dot, lower case)."""
    name = normalize_name(name)
    return name == origin or name.endswith('.' + origin)


def relative_name(name, origin):
    """``_dnsauth.www.example.com`` in zone ``example.com`` -> ``_dnsauth.www``; the apex -> ''.

    As in a zone file, a name with a trailing dot is absolute and must lie inside the zone; a name
    without one that does not end in the zone's origin is taken as relative to it.
    """
    raw = (name or '').strip().lower()
    absolute = raw.endswith('.')
    name = raw.rstrip('.')
    origin = normalize_name(origin)
    if name in ('', '@'):
        return ''
    if _inside(name, origin):
        return name[:-len(origin)].rstrip('.')
    if not absolute:
        return name
    raise InputError('record %s is not inside the zone %s' % (raw, origin))


def normalize_records(records, origin):
    """Module input -> list of dict(name (relative), type, value, ttl), without duplicates."""
    result = []
    for record in records:
        if not record.get('value'):
            raise InputError('every record needs a value (record %s has none)' % (record.get('name') or '@'))
        item = dict(name=relative_name(record.get('name'), origin), type=str(record.get('type') or 'TXT').upper(),
                    value=str(record['value']), ttl=int(record.get('ttl') or 300))
        if item not in result:
            result.append(item)
    return result


def _key(record):
    value = str(record.get('value') or '')
    if str(record.get('type') or '').upper() == 'TXT' and len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return ((record.get('name') or '').lower(), str(record.get('type') or '').upper(), value)


def decide(existing, wanted, state):
    """-> (adds, removes): what must change so that ``wanted`` is present (or absent) in ``existing``."""
    present = set(_key(record) for record in existing)
    if state == 'present':
        return [record for record in wanted if _key(record) not in present], []
    return [], [record for record in wanted if _key(record) in present]


def records_from_challenges(challenges, origin):
    """certificate_order's challenges -> records: the DNS ones whose record lies inside the zone
    (an order may span several zones; each zone gets its own task)."""
    return [dict(name=c.get('record_name'), type=c.get('record_type') or 'TXT', value=c.get('record_value'), ttl=c.get('ttl'))
            for c in challenges or []
            if c.get('method') == 'dns' and c.get('record_name') and _inside(c.get('record_name'), origin)]


def handle(module, provider):
    params = module.params
    origin = normalize_name(params['zone'])
    if not provider.supports('update_zone_records'):
        raise provider.unsupported('update_zone_records')
    given = params['records'] if params.get('records') is not None else records_from_challenges(params.get('challenges'), origin)
    wanted = normalize_records(given, origin)
    zone = provider.get_zone(origin, nameserver=params.get('nameserver'))
    adds, removes = decide(zone.get('records') or [], wanted, params['state'])
    changed = bool(adds or removes)
    if changed and not module.check_mode:
        def applied():
            """After a lost answer: the zone when it shows every add and no remove, else None."""
            now = provider.get_zone(origin, nameserver=zone.get('nameserver') or params.get('nameserver'))
            later_adds, dummy = decide(now.get('records') or [], adds, 'present')
            dummy, later_removes = decide(now.get('records') or [], removes, 'absent')
            return now if not later_adds and not later_removes else None

        resolved = write_then_look(
            lambda: provider.update_zone_records(origin, adds=adds, removes=removes, nameserver=params.get('nameserver')),
            applied, 'update of zone %s' % origin)
        if resolved.looked:
            module.warn(resolved.warning('update of zone %s' % origin))
    before = sorted('%s %s %s' % _key(record) for record in zone.get('records') or [] if _key(record)[1] in ('TXT', 'CNAME'))
    after = set(before)
    after.update('%s %s %s' % _key(record) for record in adds)
    after.difference_update('%s %s %s' % _key(record) for record in removes)
    return dict(
        changed=changed,
        zone=origin,
        added=adds,
        removed=removes,
        diff=dict(before=''.join(line + '\n' for line in before), after=''.join(line + '\n' for line in sorted(after)),
                  before_header='%s (TXT/CNAME)' % origin, after_header='%s (TXT/CNAME)' % origin),
    )
