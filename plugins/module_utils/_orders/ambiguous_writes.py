# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Writes whose answer was lost: look instead of writing again.

A write (order, renewal, reissue, cancel, revoke, contact or zone change) is never repeated once it
may have reached the provider (``_http`` raises ``AmbiguousResultError``; a spoiled answer raises
``MalformedResponseError``; a 5xx error page tells nothing either).  ``write_then_look`` runs the
write; when its outcome is unclear it runs ``look`` - a read that returns what the write would have
made, or None - and, because a provider may show a job a moment late, one more look after a pause.
What a look finds is the write's result and the task goes on; when both looks find nothing the task
fails with one sentence, and a new run may safely try again.
"""


import time

from ansible_collections.certops.reseller.plugins.module_utils._errors import (
    AmbiguousResultError,
    CertopsError,
    MalformedResponseError,
    ProviderError,
    TransportError,
)

SECOND_LOOK_DELAY = 2.0


def is_unclear(exc):
    """Whether a failed write may nevertheless have happened at the provider."""
    if isinstance(exc, (AmbiguousResultError, MalformedResponseError)):
        return True
    if isinstance(exc, (ProviderError, TransportError)) and (exc.http_status or 0) >= 500:
        return True
    return False


class Resolved(object):
    """What ``write_then_look`` returns: the write's answer, or what the look found instead."""

    def __init__(self, value, looked=False, reason=None):
        self.value = value
        self.looked = looked      # True when the answer was lost and a look found the write done
        self.reason = reason      # the lost answer's message (for a warning)

    def warning(self, what):
        if not self.looked:
            return None
        return 'the answer to the %s was lost (%s); a look showed that it was done, so it was not sent again' % (
            what, self.reason)


def look_twice(look, sleep=time.sleep, delay=None):
    """``look()``; when it finds nothing, once more after ``delay`` seconds.  Errors of a look are
    treated like "nothing found" by the first look only."""
    try:
        found = look()
    except CertopsError:
        found = None
    if found is not None:
        return found
    sleep(SECOND_LOOK_DELAY if delay is None else delay)
    return look()


def write_then_look(write, look, what, sleep=time.sleep, delay=None):
    """-> Resolved.  ``write()`` performs the write; ``look()`` returns its effect or None."""
    try:
        return Resolved(write())
    except CertopsError as exc:
        if not is_unclear(exc):
            raise
        reason = exc.message
        found = look_twice(look, sleep=sleep, delay=delay)
        if found is None:
            raise AmbiguousResultError(
                'the answer to the %s was lost (%s) and two looks found no trace of it, so it was not sent again; '
                'run the task again to retry it' % (what, reason.rstrip('.')),
                code=exc.code, operation=exc.operation, http_status=exc.http_status, provider=exc.provider,
                details=exc.details)
        return Resolved(found, looked=True, reason=reason.rstrip('.'))
