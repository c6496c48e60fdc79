# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# NOTE: THIS IS PRIVATE TO THE certops.reseller COLLECTION. It may change or vanish
# in any release, including patch releases. Do not use it from other collections.

"""Input checks made before any request that may spend money or store data at a provider.

Each check raises ``InputError`` with one sentence naming the option and the value.  The rules
that differ between providers (which contact fields are required, the phone format) are passed in
as a ``ContactRules``; the provider modules own their rules and say where each comes from.
Nothing here sends a request.
"""


import re

from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._names import settle_name

# ISO 3166-1 alpha-2: the officially assigned codes (249).
ISO_3166_ALPHA2 = frozenset('''
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
'''.split())

# RFC 5322 dot-atom local part and an LDH domain with at least two labels (no quoted local parts:
# no certificate reseller takes them).
_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")

# AutoDNS: "+CC-AREA-NUMBER" (autodns-openapi.json, definitions/SslContact/phone example
# "+49-123-12345"; InterNetX "Ordering SSL Certificates": <phone>+49-941-1234560</phone>).
AUTODNS_PHONE = re.compile(r'^\+[1-9][0-9]{0,2}-[0-9]{1,6}-[0-9]{1,15}$')
AUTODNS_PHONE_EXAMPLE = '+49-941-1234560'

# Any international number written with the usual separators (SSL247 documents no format).
GENERIC_PHONE = re.compile(r'^\+?[0-9][0-9 ()./-]{4,30}$')
GENERIC_PHONE_EXAMPLE = '+44 20 7946 0000'

_POSTAL_CODE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$')
_LETTER = re.compile(r'[^\W\d_]', re.UNICODE)


class ContactRules(object):
    """What one provider's contact calls take.

    ``required``: Contact attribute names that must be set; ``phone``/``phone_example``: the pattern
    phone and fax must match and an example for the message; ``min_phone_digits``: how many digits
    a number has at least; ``max_address_lines``: how many lines the provider stores (None: any)."""

    def __init__(self, required, phone, phone_example, min_phone_digits=5, max_address_lines=None):
        self.required = tuple(required)
        self.phone = phone
        self.phone_example = phone_example
        self.min_phone_digits = min_phone_digits
        self.max_address_lines = max_address_lines


def _refuse(option, value, reason):
    raise InputError('%s %r %s' % (option, value, reason))


def check_country(value, option='country'):
    if value is None:
        return
    if value not in ISO_3166_ALPHA2:
        hint = ' (write it in capitals: %s)' % value.upper() if str(value).upper() in ISO_3166_ALPHA2 else ''
        _refuse(option, value, 'is not an ISO 3166-1 alpha-2 country code such as DE or GB%s' % hint)


def check_email(value, option='email'):
    if value is None:
        return
    if not _EMAIL.match(str(value)) or len(str(value)) > 254:
        _refuse(option, value, 'is not an e-mail address such as hostmaster@example.com')


def check_phone(value, rules, option='phone'):
    if value is None:
        return
    if not rules.phone.match(str(value)) or len(re.sub(r'\D', '', str(value))) < rules.min_phone_digits:
        _refuse(option, value, 'is not a phone number in the form the provider takes, such as %s' % rules.phone_example)


def check_contact(contact, rules, option=None):
    """A Contact (or None) against ``rules``.  ``option``: the option holding the contact
    (``admin_contact``); None when its fields are options of their own (contact_profile)."""
    if contact is None:
        return

    def name(field):
        return '%s.%s' % (option, field) if option else field
    for field in rules.required:
        value = getattr(contact, field, None)
        if value in (None, '', []) or (isinstance(value, str) and not value.strip()):
            raise InputError('%s is required by the provider and is missing' % name(field))
    check_email(contact.email, name('email'))
    check_phone(contact.phone, rules, name('phone'))
    check_phone(contact.fax, rules, name('fax'))
    check_country(contact.country, name('country'))
    for line in contact.address or []:
        if not _LETTER.search(str(line)):
            _refuse(name('address'), line, 'is not a street address (it has no street name)')
    if rules.max_address_lines is not None and len(contact.address or []) > rules.max_address_lines:
        raise InputError('%s has %d lines but the provider stores at most %d' % (
            name('address'), len(contact.address), rules.max_address_lines))
    if contact.city is not None and not _LETTER.search(str(contact.city)):
        _refuse(name('city'), contact.city, 'is not a city name')
    if contact.postal_code is not None and not _POSTAL_CODE.match(str(contact.postal_code)):
        _refuse(name('postal_code'), contact.postal_code, 'is not a postal code')


# -- names ---------------------------------------------------------------------------------------

def check_certificate_name(name, option='common_name'):
    """-> the name as the provider wants it (A-labels, lower case, no trailing dot), or InputError."""
    if not (name or '').strip().rstrip('.'):
        raise InputError('%s is empty' % option)
    return settle_name(name, option)
