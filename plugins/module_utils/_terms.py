# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""A paid term outlives its certificates: the rules of the day, the turnover point, and what a due certificate needs.

The CA/Browser Forum's Baseline Requirements (ballot SC-081v3, sections 1.2.2, 4.2.1, 6.3.2) cap a certificate's
validity and the reuse of its domain validation by the date it is issued.  Resellers sell terms of 12 months and
more: inside a paid term the next certificate comes by a free reissue; only the end of the term is a paid renewal.

Nothing here knows Ansible or a provider.
"""


import datetime
import hashlib

# (issued on or after, longest validity in days, DCV reuse in days), newest first.
SCHEDULE = (
    (datetime.date(2029, 3, 15), 47, 10),
    (datetime.date(2027, 3, 15), 100, 100),
    (datetime.date(2026, 3, 15), 200, 200),
    (datetime.date(1970, 1, 1), 398, 398),
)

# A certificate turns over (renewal or reissue) when this share of its validity is left: certbot's and cert-manager's
# rule, so that 200-, 100- and 47-day certificates all turn over in time.
TURNOVER_SHARE = 1.0 / 3
# Each certificate turns over at its own point inside the window from a third down to a sixth of its validity left
# (a deterministic spread), so that a fleet bought on one day does not reissue on one night; never later.
LAST_SAFE_SHARE = 1.0 / 6

PAID_ACTIONS = ('order', 'renew', 'replace')


def _day(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def rule_of(day):
    """-> (longest validity in days, DCV reuse in days) for a certificate issued on ``day`` (date or datetime)."""
    day = _day(day)
    for start, validity, reuse in SCHEDULE:
        if day >= start:
            return validity, reuse
    return SCHEDULE[-1][1], SCHEDULE[-1][2]


def max_validity(day):
    return rule_of(day)[0]


def dcv_reuse(day):
    return rule_of(day)[1]


def validity_days(not_before, not_after):
    """The validity of a certificate in days: its own span, never more than the rule of its issue date allows (a
    certificate whose notBefore was set back reads as no longer than it may be).  None when a date is missing."""
    if not_before is None or not_after is None:
        return None
    span = (not_after - not_before).total_seconds() / 86400.0
    return max(0.0, min(span, float(max_validity(not_before))))


def spread(identity):
    """A fraction in [0, 1) that is the same for one certificate on every run and every controller."""
    digest = hashlib.sha256(identity.encode('utf-8')).hexdigest()
    return int(digest[:8], 16) / float(0x100000000)


def turnover_days(validity, identity):
    """Days left at which a certificate of ``validity`` days is due: a third of it, spread down to a sixth."""
    top = validity * TURNOVER_SHARE
    bottom = validity * LAST_SAFE_SHARE
    return top - (top - bottom) * spread(identity)


def due_point(remaining_days, validity, identity, now):
    """-> (days left at which the certificate is due, how that was chosen, as words).

    ``remaining_days`` (the item's or certificate_remaining_days) overrides; else a third of the validity with the
    certificate's spread; else (validity unknown) a third of the longest validity of today's rule."""
    if remaining_days is not None:
        return float(remaining_days), 'remaining_days %d' % remaining_days
    if validity is None:
        validity = float(max_validity(now))
    point = turnover_days(validity, identity)
    return point, 'a third of its %d days, spread to %d days left' % (round(validity), int(point))


def choose(days_left, due_at, term_days_left, term_end, renew_window_days):
    """What a due certificate needs, by date and by money.

    ``days_left``: whole days until the certificate expires; ``due_at``: days left at which it is due;
    ``term_days_left``: whole days until the paid term ends (None: the provider tells no term, the certificate is the
    term); ``renew_window_days``: the provider's renewal window before the term's end (None: any time).

    -> (action, reason) with action one of None (not due), 'reissue' (free), 'renew' (paid), 'order' (paid: the term
    has ended), 'wait' (due, but a renewal would be refused as too early: never sent).
    """
    if term_days_left is not None and term_days_left < 0:
        return 'order', 'its term ended on %s: a new order (paid)' % _date_text(term_end)
    if days_left is None or days_left > due_at:
        return None, None
    term_left = days_left if term_days_left is None else term_days_left
    expires = 'expires in %d days' % days_left
    if term_days_left is not None and (renew_window_days is None or term_days_left > renew_window_days) \
            and term_days_left > days_left:
        return 'reissue', '%s, term paid until %s: free reissue' % (expires, _date_text(term_end))
    if renew_window_days is not None and term_left > renew_window_days:
        return 'wait', '%s, but the renewal of its term opens %d days before it ends, in %d days: not sent before' % (
            expires, renew_window_days, term_left - renew_window_days)
    if term_days_left is None:
        return 'renew', '%s: renewal (paid)' % expires
    return 'renew', '%s, its term ends on %s: renewal of the term (paid)' % (expires, _date_text(term_end))


def _date_text(value):
    if isinstance(value, datetime.datetime):
        return value.strftime('%Y-%m-%d')
    return str(value or '')[:10]


def cost_of(action):
    """'paid' for what costs money at the reseller, 'free' for the rest."""
    return 'paid' if action in PAID_ACTIONS else 'free'
