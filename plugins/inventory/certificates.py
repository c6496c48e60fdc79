# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r'''
name: certificates
short_description: Certificates at the reseller as inventory hosts, grouped by expiry
version_added: 0.2.0
description:
  - Every certificate at the reseller (AutoDNS through its JSON API or XML gateway, SSL247 through its API v3)
    becomes an inventory host whose variables describe it, so that a play or an AWX schedule can target
    C(expiring_30d) or C(expired).
  - Hosts are grouped by provider (C(provider_autodns)), product (C(product_basic_ssl)), status (C(status_issued)),
    connection (C(connection_<name>)) and expiry window (C(expiring_7d), C(expiring_30d), C(expiring_90d),
    C(expired); see O(expiry_windows)). A certificate with 5 days left is in every window of at least 5 days.
    Only issued certificates are in an expiry window; the expired group also takes certificates the provider
    reports as expired.
  - The paid term, which outlives the certificates issued inside it (a reissue within the term is free, its renewal is
    paid), has groups of its own by the days left until it ends (C(term_ending_30d), C(term_ending_90d),
    C(term_ended); see O(term_windows)). A certificate whose provider tells no term end is in none of them, nor is a
    revoked, cancelled or failed one; an expired certificate whose term still runs is.
  - Expiry is judged against the provider's clock (the C(Date) header of its answers), like the modules do.
  - Several connections (accounts, providers, wire formats) can be read into one inventory source with O(connections).
  - Large accounts are read page by page (O(page_size)); requests are paced to O(rate_limit) per second and connection.
  - Only reads are sent; the inventory never orders, renews or changes anything.
  - The source file name must end in C(.certops.yml) or C(.certops.yaml).
  - 'Each host has these variables (with the O(vars_prefix), by default C(certops_)): C(id), C(common_name),
    C(names) (every name, the common name first), C(product), C(status) (C(pending), C(validating), C(issued),
    C(expired), C(revoked), C(cancelled) or C(failed)), C(not_before), C(not_after) (ISO 8601 UTC),
    C(days_remaining) (whole days, negative once expired, V(null) without expiry), C(term_end) (the end of the paid
    term, ISO 8601 UTC: AutoDNS C(payable), SSL247 the order date plus C(years)), C(term_days_remaining) (whole days
    until C(term_end), negative once it has ended, V(null) when unknown), C(multiyear), C(reissue_required),
    C(reissue_status) (AutoDNS; the status as the provider writes it), C(term_years), C(remaining_reissues) (SSL247; a
    number, or text such as V(unlimited) as the provider writes it), C(serial_number), C(provider), C(api_format) and
    C(connection) (the connection name).'
  - The host variables are marked unsafe, so Ansible never templates them - a template in a value from the provider
    (a Jinja expression, a C(lookup)) stays that text, in a play, in O(compose) and in C(ansible-inventory) alike.
  - Host names are C(<common name>_<connection>_<id>), with C(*) of a wildcard written as C(wildcard).
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: The name of this plugin; it makes the file an inventory source of this plugin.
    type: str
    required: true
    choices:
      - certops.reseller.certificates
  provider:
    description:
      - The certificate reseller to talk to, V(autodns) or V(ssl247), for O(connections) items that do not name one,
        or for the one connection when O(connections) is empty.
    type: str
    env:
      - name: CERTOPS_PROVIDER
  api_url:
    description:
      - Base URL of the API. When not set, the provider's live URL - V(https://api.autodns.com/v1) (AutoDNS JSON),
        V(https://gateway.autodns.com) (AutoDNS XML) or V(https://api.ssl247.com/api/v3) (SSL247).
    type: str
    env:
      - name: CERTOPS_API_URL
  api_format:
    description:
      - Wire format of the AutoDNS API, V(json) (the JSON REST API) or V(xml) (the XML gateway).
        Only V(json) exists for SSL247.
    type: str
    default: json
    env:
      - name: CERTOPS_API_FORMAT
  username:
    description:
      - AutoDNS user name, or the SSL247 user's e-mail address.
    type: str
    env:
      - name: CERTOPS_USERNAME
  password:
    description:
      - AutoDNS password, or the SSL247 user's password (not needed for an SSL247 API user).
      - Prefer the environment variable (an AWX credential injects it) to writing it into the source file.
    type: str
    env:
      - name: CERTOPS_PASSWORD
  api_key:
    description:
      - SSL247 API key.
      - Prefer the environment variable (an AWX credential injects it) to writing it into the source file.
    type: str
    env:
      - name: CERTOPS_API_KEY
  context:
    description:
      - AutoDNS context.
    type: int
    default: 4
    env:
      - name: CERTOPS_CONTEXT
  owner_user:
    description:
      - Read on behalf of this AutoDNS sub-user (sent as C(X-Domainrobot-Owner-User), or C(<owner><user>) on the XML
        gateway). Needs O(owner_context). Only for O(provider=autodns).
    type: str
    env:
      - name: CERTOPS_OWNER_USER
  owner_context:
    description:
      - The context of O(owner_user).
    type: int
    env:
      - name: CERTOPS_OWNER_CONTEXT
  two_factor_token:
    description:
      - The current one-time code of an AutoDNS user with two-factor authentication. A code is valid for a short time
        only, so this suits a sync started by hand rather than a scheduled one.
    type: str
    env:
      - name: CERTOPS_2FA_TOKEN
  demo:
    description:
      - Read from AutoDNS's public demo system (its URL when O(api_url) is not set, and the C(X-Domainrobot-Demo) header
        on the JSON API).
    type: bool
    default: false
    env:
      - name: CERTOPS_DEMO
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. Only set to V(false) against a test system you control.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file with the certificate authorities to trust for the API's TLS certificate, instead of the system store.
      - A C(~) at its start is expanded.
    type: str
    env:
      - name: CERTOPS_CA_PATH
  timeout:
    description:
      - Timeout in seconds for one HTTP request.
    type: float
    default: 60
  connections:
    description:
      - Several connections read into this one inventory source.
      - Each item has a C(name) (letters, digits, C(.), C(_) and C(-); it becomes the hosts' C(connection) variable
        and the group C(connection_<name>)) and any of the connection options O(provider), O(api_url),
        O(api_format), O(username), O(password), O(api_key), O(context), O(owner_user), O(owner_context),
        O(two_factor_token), O(demo), O(validate_certs), O(ca_path), O(timeout) and O(rate_limit). An option an
        item does not set is taken from the option of the same name above (and so from its environment variable).
      - When empty, one connection named V(default) is made from the options above.
    type: list
    elements: dict
    default: []
  page_size:
    description:
      - How many certificates one list request asks for.
    type: int
    default: 100
  rate_limit:
    description:
      - Requests per second allowed to a provider account from this machine. The inventory waits at the same pacer as
        the modules (a lock file in the temporary directory, or E(CERTOPS_LOCK_DIR)), so an inventory sync that runs
        beside a playbook run never takes the account over its rate.
      - When not set, the environment variable E(CERTOPS_RATE_LIMIT), else the provider's rate is used (AutoDNS 3
        requests/s as documented; SSL247 2 requests/s). An O(api_url) on the loopback interface gets 50 requests/s.
      - V(0) switches pacing off. A connection item may set its own C(rate_limit).
    type: float
  expiry_windows:
    description:
      - Expiry groups, as group name to a number of days. An issued certificate with at most that many days left
        (and not yet expired) is in the group.
    type: dict
    default:
      expiring_7d: 7
      expiring_30d: 30
      expiring_90d: 90
  expired_group:
    description:
      - The group of expired certificates. An empty value makes no such group.
    type: str
    default: expired
  term_windows:
    description:
      - Paid-term groups, as group name to a number of days. A certificate whose term ends in at most that many days
        (and has not ended) is in the group; windows are cumulative like O(expiry_windows).
      - The names must differ from the expiry groups.
    type: dict
    default:
      term_ending_30d: 30
      term_ending_90d: 90
  term_ended_group:
    description:
      - The group of certificates whose paid term has ended. An empty value makes no such group.
    type: str
    default: term_ended
  statuses:
    description:
      - Only certificates with one of these statuses become hosts. Empty means all.
    type: list
    elements: str
    default: []
  vars_prefix:
    description:
      - Prefix of the host variables.
    type: str
    default: certops_
  group_prefix:
    description:
      - Prefix of every group this plugin makes (the provider, product, status, connection, expiry and term groups).
        Groups of O(keyed_groups) and O(groups) are named by you.
    type: str
    default: ''
notes:
  - In AWX, use this file as an inventory source "Sourced from a Project" and give the credentials through a custom
    credential type that injects E(CERTOPS_USERNAME), E(CERTOPS_PASSWORD) and E(CERTOPS_API_KEY) as environment
    variables; see the collection's docs/inventory.md.
  - Empty environment variables count as unset.
requirements:
  - requests
  - xmltodict (only for O(api_format=xml))
'''

EXAMPLES = r'''
# inventory/certificates.certops.yml: one AutoDNS account, credentials from CERTOPS_USERNAME / CERTOPS_PASSWORD
plugin: certops.reseller.certificates
provider: autodns

---
# Three connections into one source; a stricter 14-day window; only live certificates
plugin: certops.reseller.certificates
connections:
  - name: autodns_json
    provider: autodns
  - name: autodns_xml
    provider: autodns
    api_format: xml
  - name: ssl247
    provider: ssl247
    username: ops@example.com        # the API key comes from CERTOPS_API_KEY
expiry_windows:
  expiring_14d: 14
  expiring_30d: 30
term_windows:              # paid terms that end within 90 days: renewals (paid) to plan
  term_renewal_due: 90
statuses: [issued, expired]
keyed_groups:
  - key: certops_common_name.split('.')[-2:] | join('.')
    prefix: domain
compose:
  ansible_connection: "'local'"
groups:
  wildcards: certops_common_name.startswith('*.')
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/certops-inventory
cache_timeout: 3600

# Then: ansible-inventory -i certificates.certops.yml --graph expiring_30d
# A certificate in expiring_30d but not in term_renewal_due is due for a free reissue inside its paid term.
'''

import os
import re

from ansible.errors import AnsibleParserError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
from ansible_collections.certops.reseller.plugins.module_utils._registry import connection_options
from ansible_collections.certops.reseller.plugins.module_utils._registry import names as registry_names
from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError, InputError
from ansible_collections.certops.reseller.plugins.module_utils._http import RequestsTransport, ServerClockTransport
from ansible_collections.certops.reseller.plugins.module_utils._lock import pacer_for
from ansible_collections.certops.reseller.plugins.module_utils._inventory import (
    certificate_data,
    check_expiry_windows,
    check_term_windows,
    expiry_groups,
    host_name,
    make_record,
    now_with_offset,
    read_certificates,
    standard_groups,
    term_groups,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import CERTIFICATE_STATUSES
from ansible_collections.certops.reseller.plugins.plugin_utils._unsafe import make_unsafe

CACHE_VERSION = 2   # 2: the paid term's fields (a cache without them is read again)


_CONVERT = dict(
    int=int,
    float=float,
    bool=lambda value: boolean(value, strict=False),
    # a str option in this file, expanded here: a 'path' option would turn an empty value into the cwd
    path=os.path.expanduser,
)


def connection_settings(name, values):
    """One connection's option values (None or blank: the option's default) -> ConnectionSettings, each value of its
    option's type as the registry declares it; raises InputError."""
    specs = connection_options()
    typed = {}
    try:
        for option, value in values.items():
            if value is None or value == '' or option not in specs:
                continue
            convert = _CONVERT.get(specs[option].get('type'))
            typed[option] = convert(value) if convert is not None else value
    except (TypeError, ValueError):
        kinds = [[option for option, spec in specs.items() if spec.get('type') == kind] for kind in ('int', 'float')]
        raise InputError('connection %s: %s must be whole numbers, %s numbers'
                         % (name, ' and '.join(kinds[0]), ' and '.join(kinds[1])))
    return ConnectionSettings(**typed)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'certops.reseller.certificates'

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        return path.endswith(('.certops.yml', '.certops.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        self._read_config_data(path)
        try:
            windows = check_expiry_windows(self.get_option('expiry_windows'), self.get_option('expired_group'))
            term_windows = check_term_windows(self.get_option('term_windows'), self.get_option('term_ended_group'),
                                              taken=set(windows) | set([self.get_option('expired_group')]))
            unknown = sorted(set(self.get_option('statuses') or []) - set(CERTIFICATE_STATUSES))
            if unknown:
                raise InputError('statuses: unknown %s (known: %s)' % (', '.join(unknown), ', '.join(CERTIFICATE_STATUSES)))
            connections = self._connections()
        except InputError as exc:
            raise AnsibleParserError('%s: %s' % (path, exc))

        cache_key = self.get_cache_key(path)
        use_cache = self.get_option('cache') and cache
        update_cache = self.get_option('cache') and not cache
        data = None
        if use_cache:
            try:
                data = self._cache[cache_key]
            except KeyError:
                update_cache = True
            if data is not None and (not isinstance(data, dict) or data.get('version') != CACHE_VERSION):
                data = None
                update_cache = True
        if data is None:
            data = self._read(connections)
        if update_cache:
            self._cache[cache_key] = data
        self._populate(data, windows, term_windows)

    # -- options -------------------------------------------------------------------------
    def _option(self, name):
        try:
            value = self.get_option(name)
        except KeyError:
            return None   # a connection option this file does not document (a test's provider): items may set it
        if isinstance(value, str) and value.strip() == '':
            return None   # an empty environment variable counts as unset
        return value

    def _connections(self):
        """-> list of (name, ConnectionSettings), validated; raises InputError."""
        known = tuple(connection_options())   # the registry's: the common options and every provider's
        defaults = dict((name, self._option(name)) for name in known)
        items = self.get_option('connections') or [dict(name='default')]
        result = []
        names = set()
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise InputError('connections[%d] must be a mapping, got %s' % (index, type(item).__name__))
            unknown = sorted(set(item) - set(known) - set(['name']))
            if unknown:
                raise InputError('connections[%d] has unknown keys: %s (known: name, %s)'
                                 % (index, ', '.join(unknown), ', '.join(known)))
            name = item.get('name')
            if not isinstance(name, str) or not re.match(r'^[A-Za-z0-9_.-]+$', name):
                raise InputError('connections[%d] needs a name of letters, digits, ".", "_" and "-", got %r'
                                 % (index, name))
            if name in names:
                raise InputError('connections: the name %s is used twice' % name)
            names.add(name)
            values = dict(defaults)
            values.update(dict((key, value) for key, value in item.items()
                               if key != 'name' and value is not None and value != ''))
            if not values.get('provider'):
                raise InputError('connection %s: provider is required (%s); set it in the item, in the option provider or '
                                 'in the environment variable CERTOPS_PROVIDER' % (name, ' or '.join(registry_names())))
            settings = connection_settings(name, values)
            result.append((name, settings))
        return result

    # -- reading -------------------------------------------------------------------------
    def _read(self, connections):
        """Everything the hosts are made of, as plain data (this is what the cache keeps)."""
        page_size = self.get_option('page_size')
        if page_size is None or page_size < 1:
            raise AnsibleParserError('page_size must be at least 1, got %s' % page_size)
        read = []
        for name, settings in connections:
            clock = ServerClockTransport(
                RequestsTransport(validate_certs=settings.validate_certs, ca_path=settings.ca_path))
            try:
                provider = create_provider(settings, transport=clock, pacer=pacer_for(settings))
                certificates = read_certificates(provider, page_size=page_size)
            except CertopsError as exc:
                raise AnsibleParserError('connection %s (%s): %s' % (name, settings.provider, exc))
            offset = clock.offset.total_seconds() if clock.offset is not None else 0
            read.append(dict(name=name, provider=provider.name, api_format=provider.api_format,
                             clock_offset=offset if abs(offset) >= 2 else 0,
                             certificates=[certificate_data(c) for c in certificates]))
        return dict(version=CACHE_VERSION, connections=read)

    # -- inventory -----------------------------------------------------------------------
    def _populate(self, data, windows, term_windows):
        prefix = self.get_option('vars_prefix') or ''
        group_prefix = self.get_option('group_prefix') or ''
        expired_group = self.get_option('expired_group') or ''
        term_ended_group = self.get_option('term_ended_group') or ''
        statuses = set(self.get_option('statuses') or [])
        strict = self.get_option('strict')
        for name in (list(sorted(windows, key=lambda n: (windows[n], n))) + ([expired_group] if expired_group else [])
                     + list(sorted(term_windows, key=lambda n: (term_windows[n], n)))
                     + ([term_ended_group] if term_ended_group else [])):
            self.inventory.add_group(self._sanitize_group_name(group_prefix + name))
        for connection in data.get('connections') or []:
            now = now_with_offset(connection.get('clock_offset'))
            for certificate in connection.get('certificates') or []:
                record = make_record(certificate, connection['name'], connection['provider'],
                                     connection['api_format'], now)
                if statuses and record['status'] not in statuses:
                    continue
                host = self.inventory.add_host(host_name(record))
                hostvars = {}
                for key, value in record.items():
                    # what the provider says is data, never a template (also when it comes from the cache)
                    value = make_unsafe(value)
                    self.inventory.set_variable(host, prefix + key, value)
                    hostvars[prefix + key] = value
                for group in (standard_groups(record) + expiry_groups(record, windows, expired_group)
                              + term_groups(record, term_windows, term_ended_group)):
                    group = self.inventory.add_group(self._sanitize_group_name(group_prefix + group))
                    self.inventory.add_child(group, host)
                self._set_composite_vars(self.get_option('compose'), hostvars, host, strict=strict)
                self._add_host_to_composed_groups(self.get_option('groups'), hostvars, host, strict=strict)
                self._add_host_to_keyed_groups(self.get_option('keyed_groups'), hostvars, host, strict=strict)
