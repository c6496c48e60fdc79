# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""After an order: find duplicate open orders for the same certificate and cancel the younger ones.

The order lock (``_lock.order_lock``) keeps runs on one machine from ordering twice.  Runs on
different machines (AWX instance groups on several nodes, a cron job on another host) share no
lock, so the run that placed an order looks once more: when more than one open order (AutoDNS:
running job; SSL247: pending certificate) exists for the common name, the oldest is kept and the
younger ones are cancelled before the CA issues (and charges) them.  Both racing runs may do this
at once; they agree on which order is the oldest, so they cancel the same ones.
"""


from ansible_collections.certops.reseller.plugins.module_utils._csr import normalize_name
from ansible_collections.certops.reseller.plugins.module_utils._errors import CertopsError


def _age_key(item):
    """Oldest first: numeric ids grow with time at both providers; the creation time breaks ties."""
    ident = str(item.id or '')
    return (0, int(ident), item.created or '') if ident.isdigit() else (1, 0, item.created or ident)


def open_orders(provider, common_name):
    """-> list of Job for every open order of ``common_name`` (one list call), oldest first."""
    return sorted(provider.open_orders(normalize_name(common_name)), key=_age_key)


def settle_duplicates(provider, common_name, job, result):
    """Keep the oldest open order of ``common_name``, cancel the others; -> the Job the run goes on with.

    Records ``duplicates_cancelled`` (ids) and a warning in ``result`` when it cancelled anything.
    """
    try:
        orders = open_orders(provider, common_name)
    except CertopsError as exc:
        result.setdefault('warnings', []).append(
            'the look for duplicate orders of %s after ordering failed (%s); if another machine ordered the same name '
            'at the same moment, cancel the younger order with certops.reseller.certificate_job' % (common_name, exc))
        return job
    mine = [order for order in orders if _same(order, job)]
    if not mine and orders:
        # Our order is no longer open: another run cancelled it as the younger one, or it was issued already.
        try:
            current = provider.get_job(job.id)
        except CertopsError:
            current = job
        if current.status == 'succeeded':
            keep, younger = current, orders
        else:
            keep, younger = orders[0], orders[1:]
    elif len(orders) <= 1:
        return job
    else:
        keep, younger = orders[0], orders[1:]
    cancelled, failed = [], []
    for duplicate in younger:
        try:
            provider.cancel_open_order(duplicate)
            cancelled.append(duplicate.id)
        except CertopsError as exc:
            failed.append('%s (%s)' % (duplicate.id, exc))
    result['duplicates_cancelled'] = cancelled
    warnings = result.setdefault('warnings', [])
    if cancelled and younger:
        warnings.append('%d other open order(s) for %s existed (another run ordered at the same moment): kept the oldest, '
                        '%s, and cancelled %s before the CA issued them' % (
                            len(younger), common_name, keep.id, ', '.join(cancelled)))
    if failed:
        warnings.append('duplicate order(s) for %s could not be cancelled: %s; cancel them with '
                        'certops.reseller.certificate_job state=cancelled' % (common_name, '; '.join(failed)))
    if _same(keep, job):
        return job
    result['replaced_job'] = job.id
    warnings.append('the order %s placed by this run for %s duplicated the older order %s and was cancelled; this run '
                    'goes on with %s' % (job.id, common_name, keep.id, keep.id))
    return provider.get_job(keep.id)


def _same(one, other):
    if str(one.id) == str(other.id):
        return True
    return bool(one.certificate_id) and str(one.certificate_id) == str(other.certificate_id or '')
