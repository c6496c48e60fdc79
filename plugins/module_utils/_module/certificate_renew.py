# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_renew: renew a certificate when it is due (or forced).

A certificate that is not due costs one call (``certificate_id``) or one search
(``common_name``) and no write.  Before paying for a renewal the module makes sure none is
running already and - where a renewal makes a new certificate (SSL247) - that the certificate
was not renewed already by an earlier run.
"""


import datetime
import time

from ansible_collections.certops.reseller.plugins.module_utils._csr import normalize_name, parse_csr
from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    InputError,
    NotFoundError,
    NotRenewableError,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import (
    CERTIFICATE_DEAD_STATUSES,
    PENDING_CERTIFICATE_STATUSES,
    Job,
    OrderRequest,
    parse_datetime,
)
from ansible_collections.certops.reseller.plugins.module_utils._orders.lookup import (
    find_candidates,
    find_running_job,
    is_complete,
    job_challenges,
    newest_first,
    read_certificate,
)
from ansible_collections.certops.reseller.plugins.module_utils._orders.request import (
    certificate_names,
    check_csr_names,
    check_lifetime,
    check_validation,
)
from ansible_collections.certops.reseller.plugins.module_utils._http import server_now
from ansible_collections.certops.reseller.plugins.module_utils._lock import NoLock, order_lock
from ansible_collections.certops.reseller.plugins.module_utils._orders.duplicate_orders import settle_duplicates
from ansible_collections.certops.reseller.plugins.module_utils._module.common import WAIT_ARGUMENT_SPEC, current_time
from ansible_collections.certops.reseller.plugins.module_utils._orders.ambiguous_writes import write_then_look
from ansible_collections.certops.reseller.plugins.module_utils._orders.waiting import wait_for_job


def certificate_renew_argument_spec():
    """The module's own options (the connection options come from ``provider_argument_spec``)."""
    return dict(
        certificate_id=dict(type='str'),
        common_name=dict(type='str'),
        product=dict(type='str'),
        remaining_days=dict(type='int', default=30),
        lifetime=dict(type='int'),
        csr=dict(type='str'),
        validation_method=dict(type='str', choices=['dns', 'email', 'file']),
        approver_email=dict(type='str'),
        dns_provisioning=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
        **WAIT_ARGUMENT_SPEC
    )


CERTIFICATE_RENEW_REQUIRED_ONE_OF = [('certificate_id', 'common_name')]
CERTIFICATE_RENEW_REQUIRED_IF = [('validation_method', 'email', ['approver_email'])]


def find_certificate(provider, params):
    """The certificate to look at: by id (one call) or the newest live one for the common name."""
    if params.get('certificate_id'):
        return read_certificate(provider, str(params['certificate_id']), include_pem=False)
    common_name = normalize_name(params.get('common_name'))
    if not common_name:
        raise InputError('one of certificate_id and common_name is required')
    candidates = [c for c in find_candidates(provider, common_name, params.get('product'))
                  if c.status not in PENDING_CERTIFICATE_STATUSES]
    complete = []
    for certificate in newest_first(candidates):
        if not is_complete(certificate):
            certificate = read_certificate(provider, certificate.id, include_pem=False)
            if certificate.status in CERTIFICATE_DEAD_STATUSES:
                continue
        complete.append(certificate)
    if not complete:
        raise NotFoundError('no issued certificate for %s%s was found' % (
            common_name, ' (product %s)' % params['product'] if params.get('product') else ''), provider=provider.name)
    return newest_first(complete)[0]


def renewal_in_progress(provider, certificate):
    """-> (running Job or None, newer Certificate or None).  Only reading calls."""
    common_name = normalize_name(certificate.common_name)
    job = find_running_job(provider, common_name)
    if job is not None:
        return provider.get_job(job.id), None
    if not provider.capabilities.renew_creates_new_certificate:
        return None, None
    # The renewal is a new certificate: a pending one is the running renewal, an issued one that
    # lasts longer means an earlier run renewed already.
    expiry = parse_datetime(certificate.not_after) if certificate.not_after else None
    # Every certificate of the name counts, whatever product it lists: an SSL247 renewal waiting for its completion
    # (Incomplete) tells no product yet, and a product filter would hide it and pay for the renewal again.
    for other in find_candidates(provider, common_name, None):
        if other.id == certificate.id:
            continue
        if other.status in PENDING_CERTIFICATE_STATUSES:
            job = provider.follow_pending(other)
            if job is not None:
                return job, None
            continue
        if not is_complete(other):
            other = read_certificate(provider, other.id, include_pem=False)
        if other.status in CERTIFICATE_DEAD_STATUSES:
            continue
        if certificate_names(other) != certificate_names(certificate):
            continue
        other_expiry = parse_datetime(other.not_after) if other.not_after else None
        if expiry is not None and other_expiry is not None and other_expiry > expiry:
            return None, other
    return None, None


def build_renew_request(provider, certificate, params):
    names = [normalize_name(certificate.common_name)]
    for name in certificate.subject_alternative_names or []:
        name = normalize_name(name)
        if name not in names:
            names.append(name)
    check_lifetime(provider, params.get('lifetime'))
    method = params.get('validation_method') or certificate.validation_method or 'dns'
    check_validation(provider, method, params.get('approver_email'), params.get('dns_provisioning'))
    if params.get('csr'):
        check_csr_names(parse_csr(params['csr']), names)
    return OrderRequest(
        common_name=names[0],
        subject_alternative_names=names[1:],
        product=certificate.product,
        lifetime_months=params.get('lifetime') or certificate.lifetime_months,
        csr=params.get('csr') or certificate.csr,
        validation_method=method,
        approver_email=params.get('approver_email'),
        dns_provisioning=bool(params.get('dns_provisioning')),
        admin_contact=certificate.admin_contact_id,
        technical_contact=certificate.technical_contact_id,
    )


def not_renewable(provider, certificate, exc):
    opens_on = exc.opens_on
    window = provider.capabilities.renew_window_days
    ends = certificate.term_end or certificate.not_after
    if not opens_on and window and ends:
        opens_on = (parse_datetime(ends) - datetime.timedelta(days=window)).strftime('%Y-%m-%d')
    when = ('renewal opens on %s' % opens_on) if opens_on else 'renewal is not open yet'
    return NotRenewableError(
        'certificate %s (%s, expires %s) cannot be renewed yet: %s' % (
            certificate.id, certificate.common_name, certificate.not_after or 'unknown', when),
        opens_on=opens_on, code=exc.code, operation=exc.operation, http_status=exc.http_status,
        provider=exc.provider or provider.name)


def ensure_renewed(provider, params, check_mode=False, now=None, sleep=time.sleep, clock=time.monotonic):
    remaining_days = params.get('remaining_days')
    if remaining_days is None:
        remaining_days = 30
    force = bool(params.get('force'))
    certificate = find_certificate(provider, params)
    # A renewal renews the paid term: it is due by the term's end where the provider tells one (AutoDNS payable),
    # else by the certificate's.
    term_days = certificate.term_days_remaining(current_time(now)) if certificate.term_end else None
    days = certificate.days_remaining(current_time(now)) if term_days is None else term_days
    result = dict(changed=False, renewed=False, certificate=certificate.to_dict(now=current_time(now)), job=None,
                  challenges=[], days_remaining=certificate.days_remaining(current_time(now)))
    if certificate.status != 'issued' and certificate.status not in ('expired',):
        raise InputError('certificate %s is %s, not issued; only an issued certificate can be renewed' % (
            certificate.id, certificate.status), provider=provider.name)
    due = force or days is None or days <= remaining_days
    if not due:
        result['msg'] = 'certificate %s %s in %s days, more than remaining_days %s: not due' % (
            certificate.id, 'expires' if term_days is None else 'has its term end', days, remaining_days)
        return result
    request = build_renew_request(provider, certificate, params)
    lock = NoLock() if check_mode else order_lock(getattr(provider, 'settings', None), certificate.common_name)
    with lock:
        outcome = _renew_locked(provider, params, certificate, request, result, force, check_mode, now, sleep)
    if isinstance(outcome, dict):
        return outcome
    job, new_id = outcome
    return _wait(provider, job, result, params, now, sleep, clock, certificate_id=new_id)


def complete_if_needed(provider, job, request, result, sleep):
    """A paid renewal that still waits for its CSR (its answer was lost, or completing it failed) is completed
    here - otherwise nothing would ever finish it.  -> the Job to go on with."""
    if job is None or not provider.supports('complete_renewal') or not provider.needs_completion(job):
        return job
    certificate_id = job.certificate_id or job.id

    def completed():
        fresh = provider.get_job(certificate_id)
        return None if provider.needs_completion(fresh) else fresh

    resolved = write_then_look(lambda: provider.complete_renewal(certificate_id, request), completed,
                               'completion of renewal %s' % certificate_id, sleep=sleep)
    result['completed_renewal'] = certificate_id
    result['changed'] = True
    _note(result, resolved, 'completion of renewal %s' % certificate_id)
    return resolved.value


def _note(result, resolved, what):
    warning = resolved.warning(what)
    if warning:
        result.setdefault('warnings', []).append(warning)
        result['looked_after_lost_answer'] = True


def renewal_placed(provider, certificate):
    """The renewal an ambiguous renew_certificate started, as a Job, or None."""
    running, newer = renewal_in_progress(provider, certificate)
    if running is not None:
        return running
    if newer is not None:
        return Job.finished_with(newer)
    return renewed_in_place(provider, certificate)


def renewed_in_place(provider, certificate):
    """For providers that renew in place: a later expiry than ``certificate`` had shows a renewal that finished
    already -> a succeeded Job of it, else None.  One read."""
    if provider.capabilities.renew_creates_new_certificate:
        return None
    fresh = read_certificate(provider, certificate.id, include_pem=False)
    before = parse_datetime(certificate.not_after) if certificate.not_after else None
    after = parse_datetime(fresh.not_after) if fresh.not_after else None
    if before is not None and after is not None and after > before:
        return Job.finished_with(fresh)
    return None


def _renew_locked(provider, params, certificate, request, result, force, check_mode, now, sleep):
    """-> the result dict, or (job, certificate id) to wait for outside the lock."""
    running, newer = renewal_in_progress(provider, certificate)
    if running is not None:
        result['job'] = running.to_dict()
        result['msg'] = 'a renewal of certificate %s is running already (job %s)' % (certificate.id, running.id)
        if not check_mode:
            running = complete_if_needed(provider, running, request, result, sleep)
            result['job'] = running.to_dict()
        result['challenges'] = [c.to_dict() for c in job_challenges(provider, running)]
        if params.get('wait') and not check_mode:
            return running, None
        return result
    if newer is not None and not force:
        result['certificate'] = newer.to_dict(now=current_time(now))
        result['days_remaining'] = newer.days_remaining(current_time(now))
        result['msg'] = 'certificate %s was renewed already as certificate %s' % (certificate.id, newer.id)
        return result
    if not force:
        # The certificate was read before the job list: a renewal that ended in between is running in neither
        # look, and only the certificate read again tells it (in place: a later expiry).
        finished = renewed_in_place(provider, certificate)
        if finished is not None:
            result['certificate'] = finished.certificate.to_dict(now=current_time(now))
            result['days_remaining'] = finished.certificate.days_remaining(current_time(now))
            result['msg'] = 'certificate %s was renewed already (it expires %s now)' % (
                certificate.id, finished.certificate.not_after)
            return result

    result['changed'] = True
    result['renewed'] = True
    result['diff'] = dict(before=dict(id=certificate.id, not_after=certificate.not_after),
                          after=dict(id=None if provider.capabilities.renew_creates_new_certificate else certificate.id,
                                     not_after=None))
    if check_mode:
        result['msg'] = 'certificate %s would be renewed' % certificate.id
        return result

    def renew():
        try:
            return provider.renew_certificate(certificate.id, request)
        except NotRenewableError as exc:
            raise not_renewable(provider, certificate, exc)

    what = 'renewal of %s' % certificate.common_name
    resolved = write_then_look(renew, lambda: renewal_placed(provider, certificate), what, sleep=sleep)
    _note(result, resolved, what)
    job = resolved.value
    if job is None:
        return result
    job = complete_if_needed(provider, job, request, result, sleep)
    job = settle_duplicates(provider, normalize_name(certificate.common_name), job, result)
    new_id = job.certificate_id or certificate.id
    if job.active and not job.challenges and (job.certificate is None or not job.certificate.challenges):
        # one read tells the DCV data and, where the renewal is a new certificate, that certificate
        job = provider.get_job(job.id)
        new_id = job.certificate_id or new_id
    result['job'] = job.to_dict()
    result['challenges'] = [c.to_dict() for c in job.challenges or (job.certificate.challenges if job.certificate else [])]
    if job.certificate is not None:
        result['certificate'] = job.certificate.to_dict(now=current_time(now))
    elif new_id != certificate.id:
        result['certificate'] = provider.get_certificate(new_id).to_dict(now=current_time(now))
    if params.get('wait'):
        return job, new_id
    return result


def _wait(provider, job, result, params, now, sleep, clock, certificate_id=None):
    final = wait_for_job(provider, job.id, params.get('wait_timeout') or 0, job=job, sleep=sleep, clock=clock)
    result['job'] = final.to_dict()
    certificate_id = final.certificate_id or certificate_id or (result.get('certificate') or {}).get('id')
    if certificate_id:
        certificate = provider.get_certificate(certificate_id)
        result['certificate'] = certificate.to_dict(now=current_time(now))
        result['days_remaining'] = certificate.days_remaining(current_time(now))
    return result


def handle(module, provider):
    return ensure_renewed(provider, module.params, check_mode=module.check_mode, now=lambda: server_now(provider))
