# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Input the providers would refuse is refused before any request, in one sentence naming the option
and the value (issue 8, item 9: country ``Germany``, phone ``call me``, address ``5``, an invalid
e-mail and a missing city all reached the provider before)."""


import pytest

from ansible_collections.certops.reseller.plugins.module_utils._client import ConnectionSettings, create_provider
from ansible_collections.certops.reseller.plugins.module_utils._errors import InputError
from ansible_collections.certops.reseller.plugins.module_utils._model import Contact, OrderRequest
from ansible_collections.certops.reseller.plugins.module_utils._validation import (
    AUTODNS_PHONE,
    ISO_3166_ALPHA2,
    check_certificate_name,
)


class NoCalls(object):
    """A transport that fails the test if anything is sent."""

    def __init__(self):
        self.calls = []

    def __call__(self, method, url, headers, body, timeout):
        self.calls.append(url)
        raise AssertionError('a request was sent: %s %s' % (method, url))


SETTINGS = {
    'autodns-json': dict(provider='autodns', api_format='json', username='u', password='p'),
    'autodns-xml': dict(provider='autodns', api_format='xml', username='u', password='p'),
    'ssl247': dict(provider='ssl247', username='u@example.com', api_key='k'),
}


def provider_for(flavour):
    transport = NoCalls()
    return create_provider(ConnectionSettings(**SETTINGS[flavour]), transport=transport), transport


def good_contact(flavour, **changes):
    values = dict(first_name='Jane', last_name='Doe', email='jane@example.com', address=['Main Street 1'],
                  postal_code='93047', city='Regensburg', country='DE',
                  phone='+49-941-1234560' if flavour.startswith('autodns') else '+49 941 1234560')
    values.update(changes)
    return Contact(**values)


BAD_CONTACTS = [
    (dict(country='Germany'), "country 'Germany' is not an ISO 3166-1 alpha-2 country code"),
    (dict(country='de'), "write it in capitals: DE"),
    (dict(phone='call me'), "phone 'call me' is not a phone number"),
    (dict(address=['5']), "address '5' is not a street address"),
    (dict(email='jane.example.com'), "email 'jane.example.com' is not an e-mail address"),
    (dict(email='jane@localhost'), "email 'jane@localhost' is not an e-mail address"),
    (dict(postal_code='#!'), "postal_code '#!' is not a postal code"),
    (dict(city='12'), "city '12' is not a city name"),
    (dict(first_name=None), 'first_name is required by the provider and is missing'),
]


@pytest.mark.parametrize('flavour', sorted(SETTINGS))
@pytest.mark.parametrize('changes, words', BAD_CONTACTS)
def test_bad_contact_is_refused_before_any_call(flavour, changes, words):
    provider, transport = provider_for(flavour)
    with pytest.raises(InputError) as caught:
        provider.create_contact(good_contact(flavour, **changes))
    message = str(caught.value)
    assert words in message
    assert message.count('. ') == 0 and '\n' not in message   # one sentence
    assert transport.calls == []


@pytest.mark.parametrize('flavour', ['autodns-json', 'autodns-xml'])
def test_autodns_needs_the_city_and_its_phone_format(flavour):
    """autodns-openapi.json, definitions/SslContact: phone "x-custom-type: phone", example "+49-123-12345";
    InterNetX "Ordering SSL Certificates", 400201: <phone>+49-941-1234560</phone>."""
    provider, transport = provider_for(flavour)
    with pytest.raises(InputError, match='^city is required by the provider'):
        provider.create_contact(good_contact(flavour, city=None))
    with pytest.raises(InputError, match="phone '\\+49.9411234560' is not a phone number .* such as \\+49-941-1234560"):
        provider.create_contact(good_contact(flavour, phone='+49.9411234560'))
    assert transport.calls == []
    assert AUTODNS_PHONE.match('+49-123-12345') and AUTODNS_PHONE.match('+49-941-1234560')
    assert not AUTODNS_PHONE.match('+49 941 1234560') and not AUTODNS_PHONE.match('0941-1234560')


@pytest.mark.parametrize('flavour', ['autodns-json', 'autodns-xml'])
def test_autodns_inline_order_contact_names_its_option(flavour):
    provider, transport = provider_for(flavour)
    request = OrderRequest('example.com', [], product='BASIC_SSL', csr='CSR',
                           admin_contact=good_contact(flavour, country='Germany'))
    with pytest.raises(InputError, match="^admin_contact.country 'Germany' is not"):
        provider.create_certificate(request)
    assert transport.calls == []


def test_ssl247_order_contact_needs_the_city():
    """Seed 002, place-quick-order ``Contacts.Administrative``: organisation, title, firstname, lastname,
    email, phone, address_1, address_2, city, postcode, region, country."""
    provider, transport = provider_for('ssl247')
    request = OrderRequest('www.example.com', [], product='RAPIDSSL', lifetime_months=12, csr='CSR',
                           technical_contact=good_contact('ssl247', city=None))
    with pytest.raises(InputError, match='^technical_contact.city is required by the provider and is missing'):
        provider.create_certificate(request)
    assert transport.calls == []


def test_country_list_is_iso_3166_alpha2():
    assert len(ISO_3166_ALPHA2) == 249
    assert {'DE', 'GB', 'US', 'FR', 'AT', 'CH'} <= ISO_3166_ALPHA2
    assert not {'UK', 'EU', 'XX', 'GER'} & ISO_3166_ALPHA2


@pytest.mark.parametrize('name, expected', [
    ('Example.COM.', 'example.com'),
    ('bücher.example', 'xn--bcher-kva.example'),
    ('*.Bücher.example', '*.xn--bcher-kva.example'),
    ('xn--bcher-kva.example', 'xn--bcher-kva.example'),
    ('a' * 63 + '.example.com', 'a' * 63 + '.example.com'),
])
def test_names_become_what_the_providers_take(name, expected):
    assert check_certificate_name(name) == expected


@pytest.mark.parametrize('name, words', [
    ('*.com', 'wildcard right below a top-level domain'),
    ('www.*.example.com', 'not the whole leftmost label'),
    ('w*.example.com', 'not the whole leftmost label'),
    ('*.*.example.com', 'more than one wildcard'),
    ('localhost', 'needs at least one dot'),
    ('exa_mple.com', 'characters other than letters'),
    ('-www.example.com', 'characters other than letters'),
    ('a' * 64 + '.example.com', 'label longer than 63'),
    (('a' * 60 + '.') * 5 + 'com', 'longer than the 253 characters'),
    ('192.0.2.1', 'numeric label'),
    ('', 'is empty'),
])
def test_names_no_ca_takes_are_refused_naming_the_option(name, words):
    with pytest.raises(InputError) as caught:
        check_certificate_name(name, 'subject_alternative_names')
    assert words in str(caught.value)
    assert str(caught.value).startswith('subject_alternative_names')
