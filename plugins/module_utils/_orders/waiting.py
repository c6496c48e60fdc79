# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Waiting for a job (or, on SSL247, a certificate order) to end: polling with backoff."""


import time

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    JobFailedError,
    NotFoundError,
    WaitTimeoutError,
)

FIRST_DELAY = 2.0
BACKOFF_FACTOR = 1.5
MAX_DELAY = 30.0


def fetch_job(provider, job_id, history=False):
    """get_job, falling back to the job history when a finished job left the running list."""
    try:
        return provider.get_job(job_id, history=history)
    except NotFoundError:
        if history or not provider.capabilities.job_history:
            raise
    return provider.get_job(job_id, history=True)


def poll_delays(first=FIRST_DELAY, factor=BACKOFF_FACTOR, maximum=MAX_DELAY):
    delay = first
    while True:
        yield delay
        delay = min(maximum, delay * factor)


def wait_for_job(provider, job_id, timeout, job=None, sleep=time.sleep, clock=time.monotonic,
                 first_delay=FIRST_DELAY, factor=BACKOFF_FACTOR, max_delay=MAX_DELAY, fail_on_failure=True):
    """Poll ``provider.get_job(job_id)`` until the job is no longer active; return the last Job.

    ``job`` is the job as already known (saves the first call when it has ended already).
    Raises WaitTimeoutError (saying the job id and its last status) when ``timeout`` seconds pass
    first, and JobFailedError when the job failed or was cancelled and ``fail_on_failure``.
    """
    deadline = clock() + max(0, timeout or 0)
    delays = poll_delays(first_delay, factor, max_delay)
    if job is None or job.active:
        job = fetch_job(provider, job_id)
    while job.active:
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimeoutError(
                'job %s is still %s%s after waiting %s seconds; nothing more was ordered - run again later or wait with '
                'certops.reseller.certificate_job state=completed' % (
                    job_id, job.status, ' (%s)' % job.sub_status if job.sub_status else '', timeout),
                provider=provider.name, details=dict(job_id=job_id, status=job.status, sub_status=job.sub_status))
        sleep(min(next(delays), remaining))
        job = fetch_job(provider, job_id)
    if fail_on_failure and job.status in ('failed', 'cancelled'):
        raise JobFailedError(
            'job %s ended with status %s%s' % (
                job_id, job.status, ' (%s)' % job.provider_status if job.provider_status else ''),
            provider=provider.name, details=dict(job_id=job_id, status=job.status))
    return job
