# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""certificate_job: inquire an order job, wait for it to end, cancel it, resend its approver e-mail."""


import time

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError, JobFailedError
from ansible_collections.certops.reseller.plugins.module_utils._http import server_now
from ansible_collections.certops.reseller.plugins.module_utils._module.common import current_time
from ansible_collections.certops.reseller.plugins.module_utils._orders.ambiguous_writes import write_then_look
from ansible_collections.certops.reseller.plugins.module_utils._orders.waiting import fetch_job, wait_for_job

WAITING_FOR_EMAIL = 'WF_EMAIL_AUTH'
STATES = ('present', 'completed', 'cancelled')


def certificate_job_argument_spec():
    """The module's own options (the connection options come from ``provider_argument_spec``)."""
    return dict(
        job_id=dict(type='str', required=True),
        state=dict(type='str', choices=['present', 'completed', 'cancelled'], default='present'),
        resend_approver_email=dict(type='bool', default=False),
        history=dict(type='bool', default=False),
        wait_timeout=dict(type='int', default=600),
        fail_on_job_failure=dict(type='bool', default=True),
    )


def _describe(job, result, now):
    result['job'] = job.to_dict()
    if job.certificate is not None:
        result['certificate'] = job.certificate.to_dict(now=current_time(now))
        if not job.challenges and job.certificate.challenges:
            result['challenges'] = [c.to_dict() for c in job.certificate.challenges]
    if job.challenges:
        result['challenges'] = [c.to_dict() for c in job.challenges]
    return result


def ensure_job(provider, params, check_mode=False, now=None, sleep=time.sleep, clock=time.monotonic):
    job_id = params.get('job_id')
    if not job_id:
        raise InputError('job_id is required')
    job_id = str(job_id)
    state = params.get('state') or 'present'
    if state not in STATES:
        raise InputError('state must be one of %s, got %r' % (', '.join(STATES), state))
    if params.get('resend_approver_email') and state == 'cancelled':
        raise InputError('resend_approver_email cannot be combined with state cancelled')
    if params.get('resend_approver_email') and not provider.supports('resend_approver_email'):
        raise provider.unsupported('resend_approver_email')

    result = dict(changed=False, job=None, certificate=None, challenges=[])
    job = fetch_job(provider, job_id, history=bool(params.get('history')))
    _describe(job, result, now)

    if params.get('resend_approver_email'):
        if job.sub_status != WAITING_FOR_EMAIL:
            raise InputError('job %s does not wait for an e-mail approval (status %s, sub-status %s); the approver '
                             'e-mail can only be resent while the sub-status is %s' % (
                                 job_id, job.status, job.sub_status or 'none', WAITING_FOR_EMAIL), provider=provider.name)
        result['changed'] = True
        result['approver_email_resent'] = not check_mode
        if not check_mode:
            provider.resend_approver_email(job_id)

    if state == 'cancelled':
        return _cancel(provider, job, result, check_mode, sleep=sleep)
    if state == 'completed' and job.active and not check_mode:
        final = wait_for_job(provider, job_id, params.get('wait_timeout') or 0, job=job, sleep=sleep, clock=clock,
                             fail_on_failure=params.get('fail_on_job_failure', True) is not False)
        _describe(final, result, now)
        return result
    if state == 'completed' and params.get('fail_on_job_failure', True) is not False and job.status in ('failed', 'cancelled'):
        raise JobFailedError('job %s ended with status %s%s' % (
            job_id, job.status, ' (%s)' % job.provider_status if job.provider_status else ''), provider=provider.name)
    return result


def _cancel(provider, job, result, check_mode, sleep=time.sleep):
    if job.status == 'cancelled':
        result['msg'] = 'job %s is cancelled already' % job.id
        return result
    if job.status == 'succeeded':
        raise InputError('job %s has succeeded already and cannot be cancelled; revoke the certificate instead '
                         '(certops.reseller.certificate_order with state absent)' % job.id, provider=provider.name)
    if not job.active:
        result['msg'] = 'job %s has ended (%s); there is nothing to cancel' % (job.id, job.status)
        return result
    result['changed'] = True
    result['diff'] = dict(before=dict(id=job.id, status=job.status), after=dict(id=job.id, status='cancelled'))
    if check_mode:
        return result

    def ended():
        fresh = fetch_job(provider, job.id)
        return None if fresh.active else fresh

    resolved = write_then_look(lambda: provider.cancel_open_order(job), ended, 'cancel of job %s' % job.id, sleep=sleep)
    cancelled = resolved.value
    if resolved.looked:
        result.setdefault('warnings', []).append(resolved.warning('cancel of job %s' % job.id))
    if cancelled is not None:
        result['job'] = cancelled.to_dict()
    else:
        result['job'] = dict(job.to_dict(), status='cancelled')
    return result


def handle(module, provider):
    return ensure_job(provider, module.params, check_mode=module.check_mode, now=lambda: server_now(provider))
