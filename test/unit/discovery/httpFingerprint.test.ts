import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprintHttp } from '../../../shared/discovery/httpFingerprint';

test('Yealink login page: vendor and model from the title', () => {
  const r = fingerprintHttp({
    status: 200,
    server: 'yealink embed httpd',
    body: '<html><head><title>Yealink T46U</title></head><body>Login</body></html>',
  });
  assert.deepEqual(r, { vendor: 'Yealink', model: 'T46U', firmware: '', title: 'Yealink T46U' });
});

test('Poly: model and firmware from the page', () => {
  const r = fingerprintHttp({
    status: 200,
    server: 'Polycom SoundPoint IP Telephone HTTPd',
    body: '<title>Polycom - Configuration Utility</title><div>Polycom VVX 411</div><td>UCS Software Version: 6.4.3.5018</td>',
  });
  assert.equal(r?.vendor, 'Poly');
  assert.equal(r?.model, 'VVX 411');
  assert.equal(r?.firmware, '6.4.3.5018');
});

test('Grandstream and Snom; Fanvil from a 401 realm only', () => {
  assert.equal(fingerprintHttp({ status: 200, body: '<title>Grandstream GXP2170</title>' })?.model, 'GXP2170');
  assert.deepEqual(
    fingerprintHttp({ status: 200, server: 'snom embedded', body: '<title>snom D785</title><p>Firmware version: 10.1.54.13</p>' }),
    {
      vendor: 'Snom',
      model: 'D785',
      firmware: '10.1.54.13',
      title: 'snom D785',
    },
  );
  assert.equal(fingerprintHttp({ status: 401, authenticate: 'Basic realm="Fanvil X4U"' })?.model, 'X4U');
});

test('a Server header that is a phone User-Agent gives everything', () => {
  const r = fingerprintHttp({ status: 200, server: 'Yealink SIP-T57W 97.86.0.5' });
  assert.deepEqual(r, { vendor: 'Yealink', model: 'T57W', firmware: '97.86.0.5', title: '' });
});

test('printers, routers and empty pages are not phones', () => {
  assert.equal(fingerprintHttp({ status: 200, server: 'debut/1.30', body: '<title>Brother HL-L2350DW series</title>' }), null);
  assert.equal(fingerprintHttp({ status: 200, server: 'lighttpd', body: '<title>UniFi AP</title>' }), null);
  assert.equal(fingerprintHttp({ status: 404 }), null);
});
