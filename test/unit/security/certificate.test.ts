import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { newRsaKey, selfSignedCertificate } from '../../../electron/backend/tls/certificate';
import { oid, smallInteger, time, unsignedInteger } from '../../../electron/backend/tls/der';

test('DER pieces match their known encodings', () => {
  assert.equal(oid('1.2.840.113549.1.1.11').toString('hex'), '06092a864886f70d01010b');
  assert.equal(oid('2.5.29.17').toString('hex'), '0603551d11');
  assert.equal(smallInteger(2).toString('hex'), '020102');
  assert.equal(smallInteger(128).toString('hex'), '02020080');
  assert.equal(unsignedInteger(Buffer.from([0, 0, 0x7f])).toString('hex'), '02017f');
  assert.equal(time(new Date('2030-01-02T03:04:05Z')).toString('ascii').slice(2), '300102030405Z');
  assert.equal(time(new Date('2051-01-02T03:04:05Z'))[0], 0x18, 'GeneralizedTime from 2050');
});

test('the self-signed certificate parses, is self-issued and names its addresses', async () => {
  const { privateKey, publicKey } = await newRsaKey();
  const pem = selfSignedCertificate(privateKey, publicKey, {
    commonName: 'Deskphone Provisioner test',
    altNames: ['localhost', '127.0.0.1', '192.168.1.10', '::1'],
    now: new Date('2030-06-01T00:00:00Z'),
  });
  const cert = new X509Certificate(pem);
  assert.equal(cert.checkIssued(cert), true);
  assert.equal(cert.verify(publicKey), true);
  assert.equal(cert.checkPrivateKey(privateKey), true);
  assert.equal(cert.ca, true);
  assert.equal(cert.checkIP('192.168.1.10'), '192.168.1.10');
  assert.equal(cert.checkIP('::1'), '::1');
  assert.equal(cert.checkHost('localhost'), 'localhost');
  assert.equal(cert.checkIP('192.168.1.11'), undefined);
  assert.match(cert.subject, /CN=Deskphone Provisioner test/);
  assert.ok(Date.parse(cert.validTo) > Date.parse('2039-01-01'));
});
