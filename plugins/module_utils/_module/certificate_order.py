# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_order: make sure a certificate for a set of names exists (or is gone).

Decide first (only reading calls), then act unless in check mode.  The reading calls are kept
to a minimum so that a run that changes nothing makes at most two API calls:

* providers with jobs (AutoDNS): the running jobs for the common name first - a running order
  answers the question with one more call (its DCV data); otherwise the certificate search;
* providers whose orders are certificates (SSL247): the certificate search, then the details of
  the one candidate that matters (a pending order's pseudo job, or the issued certificate).

Nothing here knows Ansible: ``ensure_certificate(provider, params, check_mode)`` returns the
result dict.
"""


import time

from ansible_collections.certops.reseller.plugins.module_utils._csr import (
    normalize_name,
    parse_csr,
    try_fingerprint,
)
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._model import (
    PENDING_CERTIFICATE_STATUSES,
    Job,
)
from ansible_collections.certops.reseller.plugins.module_utils._lock import NoLock, order_lock
from ansible_collections.certops.reseller.plugins.module_utils._http import server_now
from ansible_collections.certops.reseller.plugins.module_utils._module.common import WAIT_ARGUMENT_SPEC, current_time
from ansible_collections.certops.reseller.plugins.module_utils._orders.ambiguous_writes import write_then_look
from ansible_collections.certops.reseller.plugins.module_utils._orders.duplicate_orders import settle_duplicates
from ansible_collections.certops.reseller.plugins.module_utils._orders.lookup import (
    Situation,
    certificate_after_job,
    certificate_in,
    certificate_names,
    find_candidates,
    job_challenges,
    job_ended,
    order_placed,
    reissue_changes_names,
    reissue_started,
    survey,
)
from ansible_collections.certops.reseller.plugins.module_utils._orders.request import (
    build_request,
    check_csr_names,
    check_lifetime,
    check_validation,
    check_wildcards,
    wanted_names,
)
from ansible_collections.certops.reseller.plugins.module_utils._orders.waiting import wait_for_job


def certificate_order_argument_spec():
    """The module's own options (the connection options come from ``provider_argument_spec``)."""
    return dict(
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        common_name=dict(type='str', required=True),
        subject_alternative_names=dict(type='list', elements='str', default=[], aliases=['sans']),
        product=dict(type='str'),
        lifetime=dict(type='int'),
        csr=dict(type='str'),
        software=dict(type='str'),
        signature_hash_algorithm=dict(type='str'),
        validation_method=dict(type='str', choices=['dns', 'email', 'file'], default='dns'),
        approver_email=dict(type='str'),
        dns_provisioning=dict(type='bool', default=False),
        admin_contact=dict(type='raw'),
        technical_contact=dict(type='raw'),
        organization=dict(type='dict'),
        reissue=dict(type='bool', default=True),
        force=dict(type='bool', default=False),
        **WAIT_ARGUMENT_SPEC
    )


CERTIFICATE_ORDER_REQUIRED_IF = [('validation_method', 'email', ['approver_email'])]


# -- acting ----------------------------------------------------------------------------------

def preview(provider, request, result, check_names=False):
    """Read-only looks before paying: DCV data (prepare_order), price and validity (validate_order)."""
    caps = provider.capabilities
    if caps.challenges_before_order and request.csr and provider.supports('prepare_order'):
        result['challenges'] = [c.to_dict() for c in provider.prepare_order(request) or []]
    if caps.order_validation and provider.supports('validate_order'):
        validation = provider.validate_order(request) or {}
        result['validation'] = validation
        if validation.get('price') is not None:
            result['price'] = dict(value=validation.get('price'), currency=validation.get('currency'))
        if validation.get('valid') is False:
            raise InputError('the provider refused the order: %s' % (
                '; '.join(str(m) for m in validation.get('messages') or []) or 'no reason given'), provider=provider.name)
        if check_names:
            checks = []
            if provider.supports('check_common_name'):
                checks.append(dict(name=request.common_name, **_check_dict(
                    provider.check_common_name(request.product, request.common_name))))
            if provider.supports('check_san'):
                for san in request.subject_alternative_names:
                    checks.append(dict(name=san, **_check_dict(
                        provider.check_san(request.product, request.common_name, san))))
            result['name_checks'] = checks
            refused = [c for c in checks if c.get('valid') is False]
            if refused:
                result.setdefault('warnings', []).append('the provider would refuse %s' % '; '.join(
                    '%s (%s)' % (c['name'], c.get('message') or 'invalid') for c in refused))


def _check_dict(answer):
    answer = answer or {}
    return dict(valid=answer.get('valid'), message=answer.get('message'))


def _fingerprint_view(certificate=None, names=None, product=None, fingerprint=None):
    if certificate is not None:
        fingerprint = try_fingerprint(certificate.certificate, 'certificate') or try_fingerprint(certificate.csr, 'csr')
        return dict(names=sorted(certificate_names(certificate)), product=certificate.product,
                    public_key_fingerprint=fingerprint)
    return dict(names=sorted(names or []), product=product, public_key_fingerprint=fingerprint)


def _result(action='none', changed=False):
    return dict(changed=changed, action=action, certificate=None, job=None, challenges=[])


def ensure_certificate(provider, params, check_mode=False, now=None, sleep=time.sleep, clock=time.monotonic):
    """The whole module: params is the module's parameters (connection options ignored)."""
    if (params.get('state') or 'present') == 'absent':
        return ensure_absent(provider, params, check_mode=check_mode, now=now, sleep=sleep)
    return ensure_present(provider, params, check_mode=check_mode, now=now, sleep=sleep, clock=clock)


def validate_present(provider, params):
    """Every check that needs no call (and the wildcard check, which may read).  -> (names, request, csr_info)."""
    if not params.get('common_name'):
        raise InputError('common_name is required')
    names = wanted_names(params['common_name'], params.get('subject_alternative_names'))
    check_lifetime(provider, params.get('lifetime'))
    check_validation(provider, params.get('validation_method') or 'dns', params.get('approver_email'),
                     params.get('dns_provisioning'))
    csr_info = None
    if params.get('csr'):
        csr_info = parse_csr(params['csr'])
        check_csr_names(csr_info, names)
    request = build_request(params, names)
    check_wildcards(provider, params.get('product'), names)
    return names, request, csr_info


def ensure_present(provider, params, check_mode=False, now=None, sleep=time.sleep, clock=time.monotonic):
    """Decide and act under the order lock of the common name; wait (if asked) after releasing it."""
    names, request, csr_info = validate_present(provider, params)
    lock = NoLock() if check_mode else order_lock(getattr(provider, 'settings', None), names[0])
    with lock:
        outcome = _present_locked(provider, params, check_mode, now, sleep, names, request, csr_info)
    if isinstance(outcome, dict):
        return outcome
    job, result, then = outcome
    common_name, product = names[0], params.get('product')
    if then == 'wait':
        return _wait_and_finish(provider, job, result, params, common_name, product, now, sleep, clock)
    return _after_order(provider, job, result, params, common_name, product, now, sleep, clock)


def _present_locked(provider, params, check_mode, now, sleep, names, request, csr_info):
    """-> the result dict, or (job, result, 'wait' | 'after_order') for what follows outside the lock."""
    common_name = names[0]
    product = params.get('product')
    fingerprint = csr_info.public_key_fingerprint if csr_info else None
    wanted_view = _fingerprint_view(names=names, product=product, fingerprint=fingerprint)
    force = bool(params.get('force'))

    situation = Situation() if force else survey(provider, common_name, product, names, fingerprint)

    if situation.running_job is not None:
        job = situation.running_job
        result = _result('none')
        result['job'] = job.to_dict()
        result['challenges'] = [c.to_dict() for c in job_challenges(provider, job)]
        if job.certificate is not None:
            result['certificate'] = job.certificate.to_dict(now=current_time(now))
        result['msg'] = 'an order for %s is running already (job %s, %s)' % (common_name, job.id, job.status)
        ordered_names = job.certificate.subject_alternative_names if job.certificate else []
        running_names = sorted(set(normalize_name(name) for name in ordered_names if name))
        if running_names and running_names != sorted(names):
            result['warnings'] = ['the running order %s for %s covers %s, not the names of the task (%s); it is left to '
                                  'finish - cancel it (certops.reseller.certificate_job state=cancelled) to order the '
                                  'task\'s names' % (job.id, common_name, ', '.join(running_names), ', '.join(sorted(names)))]
        if params.get('wait') and not check_mode:
            return job, result, 'wait'
        return result

    if situation.issued is not None and situation.matching:
        certificate = situation.issued
        if params.get('wait') and not certificate.certificate:
            # wait asks for the issued certificate: read the PEM the search left out (SSL247)
            certificate = provider.get_certificate(certificate.id)
        result = _result('none')
        result['certificate'] = certificate.to_dict(now=current_time(now))
        return result

    if situation.issued is not None and situation.drift is not None:
        current = situation.issued
        before = _fingerprint_view(current)
        if 'names' in situation.drift and not reissue_changes_names(provider):
            result = _result('none')
            result['certificate'] = current.to_dict(now=current_time(now))
            result['drift'] = situation.drift
            result['warnings'] = ['certificate %s for %s covers other names than the task, and %s cannot change the names '
                                  'of a certificate by reissuing it; order a new one (force=true) or revoke it first '
                                  '(state=absent)' % (current.id, common_name, provider.name)]
            result['diff'] = dict(before=before, after=before)
            return result
        if not params.get('reissue', True):
            result = _result('none')
            result['certificate'] = current.to_dict(now=current_time(now))
            result['drift'] = situation.drift
            result['warnings'] = ['certificate %s for %s differs from the task (%s) and reissue is false; it was left alone' % (
                current.id, common_name, ', '.join(sorted(situation.drift)))]
            result['diff'] = dict(before=before, after=before)
            return result
        if not request.csr:
            raise InputError('certificate %s for %s must be reissued (%s differ) but no csr was given' % (
                current.id, common_name, ' and '.join(sorted(situation.drift))))
        result = _result('reissue', changed=True)
        result['drift'] = situation.drift
        result['diff'] = dict(before=before, after=wanted_view)
        result['certificate'] = current.to_dict(now=current_time(now))
        if check_mode:
            preview(provider, request, result)
            return result
        if not provider.supports('reissue_certificate'):
            raise provider.unsupported('reissue_certificate')
        resolved = write_then_look(lambda: provider.reissue_certificate(current.id, request),
                                   lambda: reissue_started(provider, current, names, fingerprint),
                                   'reissue of %s' % common_name, sleep=sleep)
        _note(result, resolved, 'reissue of %s' % common_name)
        return resolved.value, result, 'after_order'

    # Nothing usable exists (or force): order.
    if not request.csr:
        raise InputError('csr is required to order a certificate for %s' % common_name)
    result = _result('order', changed=True)
    result['diff'] = dict(before=_fingerprint_view(situation.issued) if situation.issued else {}, after=wanted_view)
    preview(provider, request, result, check_names=check_mode)
    if check_mode:
        return result
    # with force, existing certificates were not looked at: only a running order proves the lost order
    known = None if force else set(c.id for c in situation.issued_all + situation.pending)
    resolved = write_then_look(lambda: provider.create_certificate(request),
                               lambda: order_placed(provider, common_name, product, known),
                               'order for %s' % common_name, sleep=sleep)
    _note(result, resolved, 'order for %s' % common_name)
    job = resolved.value
    if not force:   # force asks for one more order next to those that exist: nothing to settle
        job = settle_duplicates(provider, common_name, job, result)
    return job, result, 'after_order'


def _note(result, resolved, what):
    warning = resolved.warning(what)
    if warning:
        result.setdefault('warnings', []).append(warning)
        result['looked_after_lost_answer'] = True


def _after_order(provider, job, result, params, common_name, product, now, sleep, clock):
    result['job'] = job.to_dict() if job is not None else None
    if job is None:
        return result
    if job.challenges or not result.get('challenges'):
        # prepare_order told the challenges already: no need to ask the job for them
        challenges = job_challenges(provider, job) or []
        if challenges:
            result['challenges'] = [c.to_dict() for c in challenges]
    if job.certificate is not None:
        result['certificate'] = job.certificate.to_dict(now=current_time(now))
    if params.get('wait'):
        return _wait_and_finish(provider, job, result, params, common_name, product, now, sleep, clock)
    return result


def _wait_and_finish(provider, job, result, params, common_name, product, now, sleep, clock):
    final = wait_for_job(provider, job.id, params.get('wait_timeout') or 0, job=job, sleep=sleep, clock=clock)
    result['job'] = final.to_dict()
    certificate = certificate_after_job(provider, final, common_name, product)
    if certificate is not None:
        result['certificate'] = certificate.to_dict(now=current_time(now))
    return result


def ensure_absent(provider, params, check_mode=False, now=None, sleep=time.sleep):
    if not params.get('common_name'):
        raise InputError('common_name is required')
    common_name = normalize_name(params['common_name'])
    product = params.get('product')
    result = _result('none')

    jobs = provider.open_jobs(common_name)
    candidates = find_candidates(provider, common_name, product)
    pending = [c for c in candidates if c.status in PENDING_CERTIFICATE_STATUSES]
    issued = [c for c in candidates if c.status not in PENDING_CERTIFICATE_STATUSES]
    pending = [c for c in pending if not c.job_id or c.job_id not in [j.id for j in jobs]]   # those a job cancels

    if not (jobs or pending or issued):
        return result
    result['changed'] = True
    result['action'] = 'revoke' if issued else 'cancel'
    result['cancelled_jobs'] = [job.id for job in jobs]
    result['cancelled_certificates'] = [c.id for c in pending]
    result['revoked_certificates'] = [c.id for c in issued]
    before = issued[0] if issued else (pending[0] if pending else None)
    if before is not None:
        result['certificate'] = before.to_dict(now=current_time(now))
        result['diff'] = dict(before=_fingerprint_view(before), after={})
    else:
        result['diff'] = dict(before=dict(names=[common_name], product=product, job=jobs[0].id), after={})
    if jobs:
        result['job'] = jobs[0].to_dict()
    if check_mode:
        return result
    for job in jobs:
        cancelled = write_then_look(lambda job=job: provider.cancel_open_order(job), lambda job=job: job_ended(provider, job.id),
                                    'cancel of job %s' % job.id, sleep=sleep).value
        if cancelled is not None and job is jobs[0]:
            result['job'] = cancelled.to_dict()
    for certificate in pending:
        cancelled = write_then_look(lambda c=certificate: provider.cancel_certificate(c.id),
                                    lambda c=certificate: certificate_in(provider, c.id, ('cancelled', 'revoked')),
                                    'cancel of certificate %s' % certificate.id, sleep=sleep).value
        if isinstance(cancelled, Job) and result['job'] is None:
            result['job'] = cancelled.to_dict()
    for certificate in issued:
        write_then_look(lambda c=certificate: provider.revoke_certificate(c.id),
                        lambda c=certificate: certificate_in(provider, c.id, ('revoked', 'cancelled')),
                        'revocation of certificate %s' % certificate.id, sleep=sleep)
    return result


def handle(module, provider):
    return ensure_certificate(provider, module.params, check_mode=module.check_mode, now=lambda: server_now(provider))
