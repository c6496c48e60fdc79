# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AutoDNS XML gateway's shapes: XML answers read as the JSON API's (the provider's round trips are in
test_xml_api.py)."""


import pytest
import xmltodict

from ansible_collections.certops.reseller.plugins.module_utils._autodns import convert, xml_shapes


def test_xml_and_json_give_one_term_end():
    """The same certificate on both wire formats: JSON ``payable`` with its offset, XML ``<payable>`` in local time."""
    element = xml_shapes.xml_certificate_to_json(xmltodict.parse(
        '<certificate><id>1</id><name>example.com</name><payable>2027-12-03 10:00:00</payable>'
        '<multiyear>1</multiyear></certificate>')['certificate'])
    from_xml = convert.certificate_from_api(element)
    from_json = convert.certificate_from_api({'id': 1, 'name': 'example.com', 'payable': '2027-12-03T10:00:00.000+0100',
                                              'multiyear': True})
    assert from_xml.term_end == from_json.term_end == '2027-12-03T09:00:00Z'
    assert from_xml.multiyear is from_json.multiyear is True


@pytest.mark.parametrize('xml_value, json_value, utc', [
    # seed 000: the same job as JSON "2019-10-23T16:12:33.000+0200" and XML "2019-10-23 16:12:33"
    ('2019-10-23 16:12:33', '2019-10-23T16:12:33.000+0200', '2019-10-23T14:12:33Z'),
    # the last summer-time hour before the change on 2019-10-27 (03:00 CEST -> 02:00 CET)
    ('2019-10-27 01:59:59', '2019-10-27T01:59:59.000+0200', '2019-10-26T23:59:59Z'),
    # winter time after the change
    ('2019-10-27 03:00:00', '2019-10-27T03:00:00.000+0100', '2019-10-27T02:00:00Z'),
    ('2026-01-10 08:00:00', '2026-01-10T08:00:00.000+0100', '2026-01-10T07:00:00Z'),
    # spring: 2026-03-29 02:00 CET -> 03:00 CEST
    ('2026-03-29 01:59:00', '2026-03-29T01:59:00.000+0100', '2026-03-29T00:59:00Z'),
    ('2026-03-29 03:00:00', '2026-03-29T03:00:00.000+0200', '2026-03-29T01:00:00Z'),
])
def test_xml_dates_are_provider_local_time_and_match_json(xml_value, json_value, utc):
    """Seed 000 (job list, JSON and XML side by side): ``"created": "2019-10-23T16:12:33.000+0200"`` and
    ``<created>2019-10-23 16:12:33</created>``: the gateway writes German local time.  Both formats
    must give the same instant on both sides of a daylight-saving change."""
    assert xml_shapes.xml_date_to_iso(xml_value) == utc
    assert convert._date(json_value) == utc
    assert convert.utc_to_provider_local(convert.provider_local_to_utc(xml_value)) == xml_value
