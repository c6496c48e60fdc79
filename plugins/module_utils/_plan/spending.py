# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""What a run spends: the paid entries of a plan, their prices where the provider tells them without paying,
the cap a run may spend (certificate_max_paid_actions, certificate_max_spend) and the bill it shows.

Nothing here knows Ansible.
"""


from ansible_collections.certops.reseller.plugins.module_utils import _terms
from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError
from ansible_collections.certops.reseller.plugins.module_utils._model import OrderRequest


def paid_entries(entries):
    """The entries this run pays for: an allowed order, renewal or replacement done here (not deferred)."""
    return [e for e in entries if e['action'] in _terms.PAID_ACTIONS and e['allowed'] and not e.get('deferred')]


def bill_lines(entries):
    """What the run pays, one line per paid action and a total of the prices told; [] when it pays nothing."""
    paid = paid_entries(entries)
    if not paid:
        return []
    lines = []
    totals = {}
    untold = 0
    for entry in paid:
        price = entry.get('price')
        if price and price.get('value') is not None:
            currency = price.get('currency') or ''
            totals[currency] = totals.get(currency, 0.0) + float(price['value'])
            text = ('%s %s' % (price['value'], currency)).strip()
        else:
            untold += 1
            text = 'paid, price not told'
        lines.append('bill: %s %s: %s' % (entry['action'], entry['common_name'], text))
    told = ', '.join('%.2f%s' % (value, ' %s' % currency if currency else '') for currency, value in sorted(totals.items()))
    lines.append('bill: %d paid action(s)%s%s' % (len(paid), '; prices told: %s' % told if told else '',
                                                  '; %d without a price told' % untold if untold else ''))
    return lines


def apply_spending_cap(entries, max_paid_actions=None, max_spend=None):
    """Refuse the paid actions beyond the run's cap (certificate_max_paid_actions, certificate_max_spend where prices
    are told): each becomes ``blocked`` with one sentence, before any paid call."""
    count = 0
    spent = 0.0
    for entry in paid_entries(entries):
        count += 1
        price = entry.get('price') or {}
        value = float(price['value']) if price.get('value') is not None else 0.0
        over = None
        if max_paid_actions is not None and count > int(max_paid_actions):
            over = 'certificate_max_paid_actions is %d' % int(max_paid_actions)
        elif max_spend is not None and spent + value > float(max_spend):
            over = 'certificate_max_spend is %s and it would bring the run to %.2f%s' % (
                max_spend, spent + value, ' %s' % price['currency'] if price.get('currency') else '')
        if over is None:
            spent += value
            continue
        entry.update(action='blocked', cost='free', lead_host=None, deploy_hosts=[], key_copy_hosts=[], new_key=False,
                     reason='%s, so this run refuses the paid %s of %s (%s); nothing was paid for it' % (
                         over, entry['action'], entry['common_name'], entry['reason']))
    return entries


def price_entries(entries, providers):
    """The price of each paid action where the provider tells it without paying (SSL247 order validation; a renewal
    is priced as a new term of the same product)."""
    for entry in entries:
        if entry['action'] not in _terms.PAID_ACTIONS or not entry['allowed'] or entry.get('price'):
            continue
        provider = providers.get(entry['connection'])
        if isinstance(provider, CertopsError) or provider is None:
            continue
        if not (provider.capabilities.order_validation and provider.supports('validate_order')):
            continue
        settled = entry['declaration']
        request = OrderRequest(common_name=settled['common_name'], subject_alternative_names=settled['names'][1:],
                               product=settled['product'] or None, lifetime_months=settled['lifetime'],
                               validation_method=settled['validation_method'])
        try:
            validation = provider.validate_order(request) or {}
        except CertopsError as exc:
            entry['reason'] += '; no price: %s' % exc
            continue
        if validation.get('price') is not None:
            entry['price'] = dict(value=validation['price'], currency=validation.get('currency'))
            currency = validation.get('currency')
            entry['reason'] += '; price %s%s' % (validation['price'], ' %s' % currency if currency else '')
