# -*- coding: utf-8 -*-
# Copyright (c) certops.reseller contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What report.yml hands to the expiry report, for test_report_data.py and test_report_html.py: certificate_info
results per connection, x509_certificate_info results per host, a last run summary, all at a fixed ``NOW``."""


import datetime

NOW = datetime.datetime(2026, 12, 2, 6, 0, 0, tzinfo=datetime.timezone.utc)


def day(days):
    return (NOW + datetime.timedelta(days=days, hours=3)).strftime('%Y-%m-%dT%H:%M:%SZ')


def asn1(days):
    return (NOW + datetime.timedelta(days=days, hours=3)).strftime('%Y%m%d%H%M%SZ')


def reseller(connection, provider, *certificates, **args):
    module_args = dict(provider=provider, api_format=args.get('api_format', 'json'), password='VALUE_SPECIFIED_IN_NO_LOG_PARAMETER')
    return dict(item=connection, certificates=list(certificates), invocation=dict(module_args=module_args), changed=False)


def cert(id, name, days, serial, status='issued', names=None, product='BASIC_SSL'):
    return dict(id=id, common_name=name, subject_alternative_names=names or [name], product=product, status=status,
                not_after=day(days) if days is not None else None, serial_number=serial, days_remaining=999)


def installed(name, path, serial=None, days=None, connection=None):
    result = dict(item=dict(common_name=name, connection=connection), invocation=dict(module_args=dict(path=path)),
                  changed=False)
    if serial is None:
        result.update(failed=True, msg='The file %s does not exist' % path)
    else:
        result.update(serial_number=serial, not_after=asn1(days))
    return result


LAST_RUN = {
    'generated': '2026-12-01T05:00:00Z',
    'certificates': [
        {'connection': 'main', 'common_name': 'www.example.com', 'names': ['www.example.com'], 'hosts': ['web1', 'web2'],
         'action': 'renew', 'result': 'changed', 'message': 'renewed and deployed'},
        {'common_name': 'api.example.com', 'names': ['api.example.com'], 'hosts': ['web2'], 'action': 'blocked',
         'result': 'failed', 'message': 'the product <b>X</b> is not sold'},
        {'connection': 'other', 'common_name': 'shop.example.com', 'hosts': [], 'action': 'order', 'result': 'ok',
         'message': ''},
    ],
}


def sample_results_and_hosts():
    """Two connections (one of them module_defaults) and three hosts: a renewal half deployed, a serial the
    reseller does not know, a pending order, a missing file and a certificate known only to its host."""
    results = [
        reseller('main', 'autodns',
                 cert('1', 'www.example.com', 20, '0A:1B:2C', names=['www.example.com', 'example.com']),
                 cert('2', 'www.example.com', -300, '0FFF', status='expired'),   # the one before the renewal
                 cert('3', 'api.example.com', 5, 'ABCDEF'),
                 cert('4', 'shop.example.com', None, None, status='pending')),
        reseller('', 'ssl247', cert('90', 'mail.example.org', -1, '77')),       # module_defaults connection
    ]
    hosts = {
        'web1': [installed('www.example.com', '/etc/ssl/www.crt', serial=0xA1B2C, days=20, connection='main')],
        'web2': [installed('www.example.com', '/etc/ssl/www.crt', serial=0xFFF, days=-300),
                 installed('api.example.com', '/etc/ssl/api.crt', serial=0x123, days=60),
                 installed('gone.example.com', '/etc/ssl/gone.crt')],
        'web3': [installed('local.example.net', '/etc/ssl/local.crt', serial=0x55, days=100)],
    }
    return results, hosts


def termed(id, name, days, term_days, **term):
    """A certificate_info result with the paid term beside the expiry."""
    return dict(cert(id, name, days, id), term_end=day(term_days) if term_days is not None else None, **term)


def term_results():
    return [reseller('main', 'autodns',
                     termed('1', 'reissue.example.com', 5, 200, multiyear=False, reissue_required=True,
                            reissue_status='REQUIRED'),
                     termed('2', 'renew.example.com', 60, 60),
                     termed('3', 'gone.example.com', -3, -1),
                     cert('4', 'plain.example.com', 20, '4')),
            reseller('shop', 'ssl247', termed('9', 'multi.example.org', 150, 1200, term_years=4,
                                              remaining_reissues='unlimited'))]


def rows_by(report):
    return dict(((row['connection'], row['id'] or row['common_name']), row) for row in report['certificates'])
