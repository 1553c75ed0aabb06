/** Issue 16: a device at 80:5E:C0 showed vendor "—"; the Discover row now offers a guess. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG_VENDORS, guessDevice } from '../../../shared/discovery/guessDevice';

test('a Yealink MAC prefix gives the vendor; the model stays to be picked', () => {
  assert.deepEqual(guessDevice({ mac: '805ec0e2e000' }), { vendor: 'Yealink', model: '', vendorFrom: 'mac-prefix', modelFrom: '' });
});

test('the User-Agent gives vendor and model, in the catalog spelling', () => {
  const g = guessDevice({ mac: '00aabbccddee', userAgent: 'Yealink SIP-T46U 108.86.0.20' });
  assert.deepEqual([g.vendor, g.model, g.vendorFrom, g.modelFrom], ['Yealink', 'T46U', 'user-agent', 'user-agent']);
});

test('what the device said wins; a maker that also sells other things is not guessed from its prefix', () => {
  assert.deepEqual(guessDevice({ mac: '805ec0e2e000', vendor: 'polycom', model: 'VVX_410' }).vendor, 'Poly');
  assert.equal(guessDevice({ mac: '00000c112233' }).vendor, '', 'an unknown or non-phone prefix guesses nothing');
  assert.ok(CATALOG_VENDORS.includes('Yealink') && CATALOG_VENDORS.includes('Poly'));
});
