# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the documented providers refuse, shared by the front-ends (issue 8).

The sandbox's own reading of the references - written apart from the client on purpose (the
client's checks live in plugins/module_utils/_validation.py): a front-end asks these functions and
answers a refusal with its provider's error envelope.  Where the references are silent the
decision is marked "our reading" and listed in docs/providers.md.
"""

import datetime
import re

# ISO 3166-1 alpha-2 (the spec's SslContact.country is "x-custom-type: country", example "DE").
COUNTRIES = frozenset('''
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
'''.split())

# The SSL products the sandbox's AutoDNS account sells (the API has no catalogue call).  RAPID_SSL is
# seed 000's, QUICKSSLPREMIUM the product of InterNetX's process pages; the others are our reading.
AUTODNS_PRODUCTS = frozenset((
    'BASIC_SSL', 'BASIC_SSL_WILDCARD', 'RAPID_SSL', 'RAPIDSSL', 'RAPIDSSL_WILDCARD', 'QUICKSSLPREMIUM',
    'QUICKSSLPREMIUM_WILDCARD', 'SSL123', 'SSL_WEBSERVER', 'TRUE_BUSINESSID', 'SECTIGO_DV', 'SECTIGO_DV_WILDCARD'))

# "+CC-AREA-NUMBER": spec SslContact.phone example "+49-123-12345"; "Ordering SSL Certificates": +49-941-1234560.
AUTODNS_PHONE = re.compile(r'^\+[1-9][0-9]{0,2}-[0-9]{1,6}-[0-9]{1,15}$')
# SSL247 documents no format: digits with the usual separators, at least 5 digits (our reading).
SSL247_PHONE = re.compile(r'^\+?[0-9][0-9 ()./-]{4,30}$')
EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,63}$")
LETTER = re.compile(r'[^\W\d_]', re.UNICODE)

# AutoDNS SslContact in JSON field names: what a contact must carry (our reading of the 400201 example).
AUTODNS_CONTACT_REQUIRED = ('fname', 'lname', 'email', 'phone', 'address', 'pcode', 'city', 'country')

# Spec definitions/JobStatusConstants.
JOB_STATUS_CONSTANTS = ('RUNNING', 'SUCCESS', 'FAILED', 'CANCELED', 'SUPPORT', 'DEFERRED', 'NOT_SET', 'WAIT')

# "Running List Inquiries": eq ne like gt lt ge le.
XML_OPERATORS = ('eq', 'ne', 'like', 'gt', 'lt', 'ge', 'le')
# "If no limit is specified in the View element, the number of queried objects is limited to 100."
DEFAULT_LIST_LIMIT = 100

# Seed 002: the statuses /certificates/{status} and /orders/certificates/{status} take.
SSL247_CERTIFICATE_LIST_STATUSES = (
    'Incomplete', 'Expiring', 'External', 'Issued', 'Stock', 'Pending', 'ReadyToReview', 'Expired',
    'Subscription', 'Cancelled', 'Archived', 'TemporaryCertificate')
SSL247_ORDER_LIST_STATUSES = (
    'Stock', 'Expiring', 'Subscription', 'Issued', 'Pending', 'Expired', 'Deactivated', 'External', 'Cancelled',
    'Archived', 'Incomplete')
# Seed 002, contact-profile add / edit: the body fields (besides u, p, k).
SSL247_PROFILE_FIELDS = (
    'title', 'firstname', 'lastname', 'email', 'phone', 'mobile', 'fax', 'direct_line', 'skype', 'address_1',
    'address_2', 'address_3', 'admin', 'billing', 'tech', 'city', 'state', 'postcode', 'country')
SSL247_ORDER_CONTACT_REQUIRED = ('firstname', 'lastname', 'email', 'phone', 'address_1', 'city', 'postcode', 'country')


def contact_problem(fields, phone, required=(), names=None):
    """-> (field, sentence) for the first value the provider refuses, or None.

    ``fields``: the contact in the provider's field names; ``names``: {role: provider field name}
    for email/phone/fax/country/city/address/pcode (defaults: AutoDNS JSON names)."""
    names = dict(dict(email='email', phone='phone', fax='fax', country='country', city='city', address='address'),
                 **(names or {}))
    for key in required:
        value = fields.get(key)
        if value in (None, '', []) or (isinstance(value, str) and not value.strip()):
            return key, 'The field %s is missing.' % key
    email = fields.get(names['email'])
    if email not in (None, '') and not EMAIL.match(str(email)):
        return names['email'], 'The field %s is not a valid e-mail address: %s.' % (names['email'], email)
    for role in ('phone', 'fax'):
        value = fields.get(names[role])
        if value not in (None, '') and not phone.match(str(value)):
            return names[role], 'The field %s is not a valid phone number: %s.' % (names[role], value)
    country = fields.get(names['country'])
    if country not in (None, '') and country not in COUNTRIES:
        return names['country'], 'The field %s is not an ISO 3166-1 country code: %s.' % (names['country'], country)
    city = fields.get(names['city'])
    if city not in (None, '') and not LETTER.search(str(city)):
        return names['city'], 'The field %s is not a valid city: %s.' % (names['city'], city)
    address = fields.get(names['address'])
    lines = address if isinstance(address, list) else ([address] if address not in (None, '') else [])
    for line in lines:
        if not LETTER.search(str(line)):
            return names['address'], 'The field %s is not a valid street address: %s.' % (names['address'], line)
    return None


# -- The rule of the day (CA/Browser Forum Baseline Requirements, ballot SC-081v3) ----------------------------
# (issued on or after (UTC date), longest validity in days - 6.3.2's "must not exceed" column -, how many days a
# domain validation may be reused before the issuance - 4.2.1 / 3.2.2.4 -).  Newest first.
BR_SCHEDULE = (
    (datetime.date(2029, 3, 15), 47, 10),
    (datetime.date(2027, 3, 15), 100, 100),
    (datetime.date(2026, 3, 15), 200, 200),
    (datetime.date.min, 398, 398),
)
# The renewal window of a paid term: AutoDNS EF4001012 (seed 001: "erst 90 Tage vor Ablauf"), read as 90 days
# before ``payable``; SSL247 likewise before the term's end (our reading).
RENEW_WINDOW_DAYS = 90


def _rule_of(when):
    day = when.astimezone(datetime.timezone.utc).date() if isinstance(when, datetime.datetime) else when
    for start, validity, reuse in BR_SCHEDULE:
        if day >= start:
            return validity, reuse
    return BR_SCHEDULE[-1][1:]


def max_validity_days(when):
    """The longest validity (days) a certificate issued at ``when`` may have (BR 6.3.2, "must not exceed")."""
    return _rule_of(when)[0]


def dcv_reuse_days(when):
    """How old (days) a domain validation may be at an issuance at ``when`` (BR 4.2.1, SC-081v3)."""
    return _rule_of(when)[1]


def latest_not_after(issued):
    """The latest notAfter for a certificate issued at ``issued``: BR 1.6.1 counts the validity period from
    notBefore through notAfter *inclusive*, so N days end one second before issued + N days."""
    return issued + datetime.timedelta(days=max_validity_days(issued)) - datetime.timedelta(seconds=1)


# -- AutoDNS's local time (seed 000: JSON 2019-10-23T16:12:33.000+0200 is XML 2019-10-23 16:12:33) --------

def _last_sunday(year, month):
    day = datetime.date(year, month, 31)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def berlin_offset(utc):
    """Hours Europe/Berlin is ahead of UTC at the aware or naive-UTC datetime ``utc`` (EU rule since 1996)."""
    if utc.tzinfo is not None:
        utc = utc.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    start = datetime.datetime.combine(_last_sunday(utc.year, 3), datetime.time(1))
    end = datetime.datetime.combine(_last_sunday(utc.year, 10), datetime.time(1))
    return 2 if start <= utc < end else 1


def berlin_local(utc):
    """Aware datetime -> naive Europe/Berlin local time."""
    utc = utc.astimezone(datetime.timezone.utc)
    return (utc + datetime.timedelta(hours=berlin_offset(utc))).replace(tzinfo=None)
