import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickRedirect, type RedirectRule } from '../../../shared/domain/redirect';
import type { Mac } from '../../../shared/mac';

const rule = (id: string, match: RedirectRule['match'], enabled = true): RedirectRule => ({
  id,
  name: id,
  enabled,
  match,
  target: { kind: 'external', url: `https://${id}.example/` },
});
const subject = { mac: '805ec0112233' as Mac, model: 'T46U', vendor: 'yealink', client: 'Acme', region: 'EU' };

test('the first matching rule wins; with none, the device stays local', () => {
  const rules = [rule('other', { client: 'Globex' }), rule('acme', { client: 'acme' }), rule('eu', { region: 'EU' })];
  assert.equal(pickRedirect(rules, subject)?.id, 'acme');
  assert.equal(pickRedirect([rule('other', { client: 'Globex' })], subject), undefined);
});

test('model globs, vendors and MAC ranges match; disabled rules never do', () => {
  assert.equal(pickRedirect([rule('t4', { model: 'T4*' })], subject)?.id, 't4');
  assert.equal(pickRedirect([rule('t5', { model: 'T5*' })], subject), undefined);
  assert.equal(pickRedirect([rule('v', { vendor: 'Yealink' })], subject)?.id, 'v');
  assert.equal(pickRedirect([rule('r', { macFrom: '80:5E:C0:00:00:00', macTo: '80:5E:C0:FF:FF:FF' })], subject)?.id, 'r');
  assert.equal(pickRedirect([rule('r', { macFrom: '80:5E:C0:11:22:34' })], subject), undefined);
  assert.equal(pickRedirect([rule('off', {}, false)], subject), undefined);
});
