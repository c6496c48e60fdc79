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
from ansible_collections.certops.reseller.plugins.module_utils._model import Job

PENDING_STATUSES = ('pending', 'validating')


def _age_key(item):
    """Oldest first: numeric ids grow with time at both providers; the creation time breaks ties."""
    ident = str(item.id or '')
    return (0, int(ident), item.created or '') if ident.isdigit() else (1, 0, item.created or ident)


def open_orders(provider, common_name):
    """-> list of Job for every open order of ``common_name`` (one list call), oldest first."""
    common_name = normalize_name(common_name)
    if provider.capabilities.jobs_are_certificates:
        certificates, dummy = provider.list_certificates(common_name=common_name)
        # a listed status only the details tell (an SSL247 Subscription: issued, or pending before its first
        # issuance) is read, so that an issued subscription is never taken for an open order and its renewal
        # cancelled as the younger duplicate
        certificates = [provider.get_certificate(c.id, include_pem=False) if (c.extra or {}).get('status_needs_details')
                        else c for c in certificates]
        jobs = [Job(id=c.job_id or c.id, status='running', provider_status=c.provider_status, object=c.common_name,
                    certificate_id=c.id, created=c.extra.get('created') or c.extra.get('ordered'))
                for c in certificates
                if c.status in PENDING_STATUSES and normalize_name(c.common_name) == common_name]
    else:
        listed, dummy = provider.list_jobs(object_name=common_name)
        jobs = [job for job in listed if job.active and (not job.object or normalize_name(job.object) == common_name)]
    return sorted(jobs, key=_age_key)


def cancel_order(provider, job):
    if provider.capabilities.jobs_are_certificates:
        return provider.cancel_certificate(job.certificate_id or job.id)
    return provider.cancel_job(job.id)


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
            cancel_order(provider, duplicate)
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
