# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Looking up what exists at the provider for a certificate's names, with as few calls as possible:
running orders (jobs), pending and issued certificates, the newest one, and what a write left
behind when its answer was lost (the "look" half of ``ambiguous_writes.write_then_look``)."""


from ansible_collections.certops.reseller.plugins.module_utils._csr import (
    normalize_name,
    try_fingerprint,
)
from ansible_collections.certops.reseller.plugins.module_utils._model import (
    CERTIFICATE_DEAD_STATUSES,
    PENDING_CERTIFICATE_STATUSES,
    Job,
    parse_datetime,
)
from ansible_collections.certops.reseller.plugins.module_utils._orders.request import certificate_names


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


def job_ended(provider, job_id):
    """After a lost answer to a cancel: the job when it is cancelled (or ended otherwise), else None."""
    job = provider.get_job(job_id)
    return None if job.active else job


def certificate_in(provider, certificate_id, statuses):
    """After a lost answer to a cancel or revoke: the certificate when its status is one of ``statuses``."""
    certificate = provider.get_certificate(certificate_id, include_pem=False)
    return certificate if certificate.status in statuses else None
