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
    CERTIFICATE_DEAD_STATUSES,
    PENDING_CERTIFICATE_STATUSES,
    VALIDATION_METHODS,
    Contact,
    Job,
    OrderRequest,
    parse_datetime,
)
from ansible_collections.certops.reseller.plugins.module_utils._lock import NoLock, order_lock
from ansible_collections.certops.reseller.plugins.module_utils._module.duplicates import settle_duplicates
from ansible_collections.certops.reseller.plugins.module_utils._module.common import current_time
from ansible_collections.certops.reseller.plugins.module_utils._module.lookback import write_then_look
from ansible_collections.certops.reseller.plugins.module_utils._module.waiting import wait_for_job
from ansible_collections.certops.reseller.plugins.module_utils._validation import check_certificate_name


CONTACT_KEYS = ('id',) + Contact.FIELDS


# -- input ----------------------------------------------------------------------------------

def wanted_names(common_name, subject_alternative_names):
    """Common name first, then the other names; as the providers want them (A-labels, lower case,
    no trailing dot), without duplicates.  InputError for a name no CA would take."""
    names = [check_certificate_name(common_name, 'common_name')]
    for name in subject_alternative_names or []:
        name = check_certificate_name(name, 'subject_alternative_names')
        if name and name not in names:
            names.append(name)
    return names


def certificate_names(certificate):
    """The set of names a normalized Certificate covers (common name included)."""
    names = set(normalize_name(name) for name in certificate.subject_alternative_names or [])
    if certificate.common_name:
        names.add(normalize_name(certificate.common_name))
    names.discard('')
    return names


def to_contact(value, option):
    """An id (str/int) stays a str; a dict becomes a Contact.  Raises InputError on unknown keys."""
    if value is None or value == '':
        return None
    if isinstance(value, Contact):
        return value
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(CONTACT_KEYS))
        if unknown:
            raise InputError('%s has unknown keys %s; known keys are %s' % (
                option, ', '.join(unknown), ', '.join(CONTACT_KEYS)))
        data = dict((key, item) for key, item in value.items() if item is not None)
        if 'id' in data:
            data['id'] = str(data['id'])
        for key in ('address', 'roles'):
            if isinstance(data.get(key), str):
                data[key] = [data[key]]
        return Contact(**data)
    return str(value)


def check_lifetime(provider, lifetime):
    if lifetime is None:
        return
    if lifetime <= 0:
        raise InputError('lifetime must be a positive number of months, got %s' % lifetime)
    if provider.capabilities.lifetime_unit == 'year' and lifetime % 12:
        raise InputError('lifetime must be a multiple of 12 months for provider %s, which sells whole years; got %s' % (
            provider.name, lifetime))


def check_csr_names(csr_info, names):
    """The CSR must ask for exactly the names of the task (compared as sets)."""
    wanted = set(names)
    if csr_info.name_set != wanted:
        missing = sorted(wanted - csr_info.name_set)
        extra = sorted(csr_info.name_set - wanted)
        parts = []
        if missing:
            parts.append('it lacks %s' % ', '.join(missing))
        if extra:
            parts.append('it also contains %s' % ', '.join(extra))
        raise InputError('the names in csr do not match common_name and subject_alternative_names: %s' % '; '.join(parts))


def check_validation(provider, method, approver_email, dns_provisioning):
    if method not in VALIDATION_METHODS:
        raise InputError('validation_method must be one of %s, got %r' % (', '.join(VALIDATION_METHODS), method))
    if method == 'email' and not approver_email:
        raise InputError('validation_method email needs approver_email (the address the CA sends the approval mail to)')
    if dns_provisioning and not provider.capabilities.dns_provisioning:
        raise InputError('dns_provisioning is not supported by %s; publish the DNS challenge records yourself' % provider.name)
    if dns_provisioning and method != 'dns':
        raise InputError('dns_provisioning needs validation_method dns')


def check_wildcards(provider, product, names):
    wildcards = [name for name in names if name.startswith('*.')]
    if wildcards and provider.product_allows_wildcard(product) is False:
        raise InputError('product %s does not allow wildcard names (%s)' % (product, ', '.join(wildcards)))


def build_request(params, names):
    return OrderRequest(
        common_name=names[0],
        subject_alternative_names=names[1:],
        product=params.get('product'),
        lifetime_months=params.get('lifetime'),
        csr=params.get('csr'),
        software=params.get('software'),
        signature_hash_algorithm=params.get('signature_hash_algorithm'),
        validation_method=params.get('validation_method') or 'dns',
        approver_email=params.get('approver_email'),
        dns_provisioning=bool(params.get('dns_provisioning')),
        admin_contact=to_contact(params.get('admin_contact'), 'admin_contact'),
        technical_contact=to_contact(params.get('technical_contact'), 'technical_contact'),
        organization=params.get('organization') or None,
    )


# -- looking -----------------------------------------------------------------------------------

def same_product(certificate, product):
    if not product or not certificate.product:
        return True
    return certificate.product.lower() == product.lower()


def find_candidates(provider, common_name, product):
    """Certificates for ``common_name`` (and product) that are not revoked, cancelled, failed or expired."""
    certificates, _total = provider.list_certificates(common_name=common_name, product=product)
    result = []
    for certificate in certificates:
        if normalize_name(certificate.common_name) != common_name:
            continue
        if not same_product(certificate, product):
            continue
        if certificate.status in CERTIFICATE_DEAD_STATUSES:
            continue
        result.append(certificate)
    return result


def _sort_key_newest(certificate):
    expiry = parse_datetime(certificate.not_after) if certificate.not_after else None
    stamp = expiry.timestamp() if expiry else 0
    try:
        number = int(certificate.id)
    except (TypeError, ValueError):
        number = 0
    return (stamp, number)


def newest_first(certificates):
    return sorted(certificates, key=_sort_key_newest, reverse=True)


def read_certificate(provider, certificate_id, include_pem=True):
    """get_certificate; without the PEM when it is not needed, which saves SSL247 two requests."""
    return provider.get_certificate(certificate_id, include_pem=include_pem)


def is_complete(certificate):
    """Whether a listed certificate carries enough to compare (SSL247 lists only id/name/status)."""
    return bool(certificate.subject_alternative_names) and (certificate.not_after is not None or certificate.certificate)


def find_running_job(provider, common_name):
    """The first active job working on ``common_name`` apart from its certificates (AutoDNS), else None."""
    jobs = provider.open_jobs(common_name)
    return jobs[0] if jobs else None


def reissue_changes_names(provider):
    """Whether a reissue can change the certificate's names (SSL247 reissues only with a new key: its SANs
    are paid add-ons)."""
    return provider.capabilities.reissue_changes_names


class Situation(object):
    """What exists for the task's names: a running order (job) and/or an issued certificate."""

    def __init__(self):
        self.running_job = None
        self.issued = None          # the issued certificate that matches best
        self.issued_all = []        # every issued candidate (absent state revokes them all)
        self.pending = []           # pending certificates (where an order is its certificate)
        self.matching = False       # self.issued matches names and key
        self.drift = None


def _describe_drift(certificate, names, csr_fingerprint):
    have = certificate_names(certificate)
    drift = {}
    if have != set(names):
        drift['names'] = dict(current=sorted(have), wanted=sorted(names),
                              missing=sorted(set(names) - have), extra=sorted(have - set(names)))
    if csr_fingerprint:
        current = try_fingerprint(certificate.certificate, 'certificate') or try_fingerprint(certificate.csr, 'csr')
        if current and current != csr_fingerprint:
            drift['public_key_fingerprint'] = dict(current=current, wanted=csr_fingerprint)
    return drift or None


def survey(provider, common_name, product, names=None, csr_fingerprint=None, look_for_jobs=True):
    """Find the running order and the issued certificate with as few calls as possible."""
    situation = Situation()
    if look_for_jobs:
        job = find_running_job(provider, common_name)
        if job is not None:
            situation.running_job = provider.get_job(job.id)
            return situation
    candidates = find_candidates(provider, common_name, product)
    pending = [c for c in candidates if c.status in PENDING_CERTIFICATE_STATUSES]
    issued = newest_first([c for c in candidates if c.status not in PENDING_CERTIFICATE_STATUSES])
    situation.pending = pending
    situation.issued_all = issued
    if look_for_jobs and pending:
        job = provider.follow_pending(newest_first(pending)[0])
        if job is not None:
            situation.running_job = job
            return situation
    for certificate in issued:
        if not is_complete(certificate):
            certificate = read_certificate(provider, certificate.id, include_pem=False)
            if certificate.status in CERTIFICATE_DEAD_STATUSES:
                continue
        drift = _describe_drift(certificate, names, csr_fingerprint) if names is not None else None
        if situation.issued is None:
            situation.issued = certificate
            situation.drift = drift
        if drift is None:
            situation.issued = certificate
            situation.matching = True
            situation.drift = None
            break
    return situation


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


def certificate_after_job(provider, job, common_name, product):
    """The certificate a finished job made: from the job, by its id, or by searching the name."""
    if job.certificate is not None and job.certificate.certificate:
        return job.certificate
    if job.certificate_id:
        return provider.get_certificate(job.certificate_id)
    situation = survey(provider, common_name, product, look_for_jobs=False)
    return situation.issued or job.certificate


def job_challenges(provider, job):
    """The DCV data of a job: from the job itself, else one get_job call."""
    if job.challenges:
        return job.challenges
    if job.certificate is not None and job.certificate.challenges:
        return job.certificate.challenges
    if job.id and job.active:
        fresh = provider.get_job(job.id)
        return fresh.challenges or (fresh.certificate.challenges if fresh.certificate is not None else [])
    return []


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


def order_placed(provider, common_name, product, known_ids):
    """The order an ambiguous create_certificate placed, as a Job, or None: a running order for the name,
    or a certificate for it that did not exist before the order."""
    situation = survey(provider, common_name, product)
    if situation.running_job is not None:
        return situation.running_job
    for certificate in situation.issued_all if known_ids is not None else []:
        if certificate.id not in known_ids:
            return Job.finished_with(certificate)
    return None


def reissue_started(provider, current, names, fingerprint):
    """The reissue an ambiguous reissue_certificate started, as a Job, or None: a running job for the name
    (or the certificate pending again), or the certificate carrying the new key."""
    common_name = names[0]
    job = find_running_job(provider, common_name)
    if job is not None:
        return provider.get_job(job.id)
    certificate = read_certificate(provider, current.id)
    if certificate.status in PENDING_CERTIFICATE_STATUSES:
        return Job.of_certificate(certificate)
    if fingerprint and _describe_drift(certificate, names, fingerprint) is None:
        return Job.finished_with(certificate, common_name)
    return None


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


def job_ended(provider, job_id):
    """After a lost answer to a cancel: the job when it is cancelled (or ended otherwise), else None."""
    job = provider.get_job(job_id)
    return None if job.active else job


def certificate_in(provider, certificate_id, statuses):
    """After a lost answer to a cancel or revoke: the certificate when its status is one of ``statuses``."""
    certificate = provider.get_certificate(certificate_id, include_pem=False)
    return certificate if certificate.status in statuses else None
