# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_job_info: one certificate order job, or the running jobs, or the job history."""


from ansible_collections.certops.reseller.plugins.module_utils._errors import NotFoundError
from ansible_collections.certops.reseller.plugins.module_utils._model import JOB_STATUSES
from ansible_collections.certops.reseller.plugins.module_utils._http import server_now
from ansible_collections.certops.reseller.plugins.module_utils._module.info import info_result
from ansible_collections.certops.reseller.plugins.module_utils._paging import (
    fetch_pages,
    paging_argument_spec,
)


def certificate_job_info_argument_spec():
    spec = dict(
        job_id=dict(type='str'),
        history=dict(type='bool', default=False),
        status=dict(type='str', choices=list(JOB_STATUSES)),
        common_name=dict(type='str'),
    )
    spec.update(paging_argument_spec())
    return spec


CERTIFICATE_JOB_INFO_MUTUALLY_EXCLUSIVE = [('job_id', 'status'), ('job_id', 'common_name')]


def job_to_result(job):
    return job.to_dict()


def find_job(provider, job_id, history):
    """The job, looking into the history too when a running job is not found (a finished job moves there)."""
    try:
        return provider.get_job(job_id, history=history)
    except NotFoundError:
        if history or not provider.capabilities.job_history:
            return None
    try:
        return provider.get_job(job_id, history=True)
    except NotFoundError:
        return None


def run_certificate_job_info(provider, params, now=None):
    if params.get('job_id'):
        job = find_job(provider, params['job_id'], params.get('history', False))
        if job is None:
            return info_result(jobs=[], total=0, certificate=None, challenges=[])
        certificate = None
        if job.certificate is not None:
            certificate = job.certificate.to_dict(now=now)
        challenges = job.challenges or (job.certificate.challenges if job.certificate is not None else [])
        return info_result(jobs=[job_to_result(job)], total=1, certificate=certificate,
                           challenges=[challenge.to_dict() for challenge in challenges or []])

    def list_page(limit, offset):
        return provider.list_jobs(history=params.get('history', False), status=params.get('status'),
                                  object_name=params.get('common_name'), limit=limit, offset=offset)

    jobs, total = fetch_pages(list_page, params.get('limit'), params.get('offset'))
    return info_result(jobs=[job_to_result(job) for job in jobs], total=total)


def handle(module, provider):
    return run_certificate_job_info(provider, module.params, now=server_now(provider))
