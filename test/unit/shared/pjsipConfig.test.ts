import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeConfigValue, renderPjsipAccounts } from '../../../shared/pbx/pjsipConfig';

test('the export has endpoint, auth and an aor with remove_existing=yes for each account', () => {
  const text = renderPjsipAccounts(
    [
      { userName: '1001', password: 'a;b\\c', displayName: 'Desk "1"' },
      { userName: '1002', authName: 'u1002', password: 'p' },
    ],
    { transport: 'transport-udp' },
  );
  assert.match(text, /\[1001\]\ntype = endpoint\ntransport = transport-udp\n/);
  assert.match(text, /\[1001-auth\]\ntype = auth\nauth_type = userpass\nusername = 1001\npassword = a\\;b\\\\c\n/);
  assert.match(text, /\[1002-auth\][\s\S]*?username = u1002/);
  assert.equal(text.match(/remove_existing = yes/g)?.length, 2);
  assert.match(text, /callerid = "Desk 1" <1001>/);
});

test('names that would break the file and duplicate accounts are refused', () => {
  assert.throws(() => renderPjsipAccounts([{ userName: '10]01', password: 'p' }]), /section name/);
  assert.throws(
    () =>
      renderPjsipAccounts([
        { userName: '1', password: 'p' },
        { userName: '1', password: 'q' },
      ]),
    /twice/,
  );
  assert.throws(() => escapeConfigValue('a\nb'), /one line/);
  assert.throws(() => escapeConfigValue(' pw'), /space/);
});

test('the export offers MD5 by default; SHA-256 only when asked, and the warning says why', async () => {
  const { DEFAULT_ALGORITHMS, PJSIP_SHA256_WARNING } = await import('../../../shared/pbx/pjsipConfig');
  assert.deepEqual(DEFAULT_ALGORITHMS, ['MD5']);
  assert.match(renderPjsipAccounts([{ userName: '1001', password: 'p' }]), /^supported_algorithms_uas = MD5$/m);
  assert.match(
    renderPjsipAccounts([{ userName: '1001', password: 'p' }], { algorithms: ['SHA-256', 'MD5'] }),
    /^supported_algorithms_uas = SHA-256,MD5$/m,
  );
  assert.match(PJSIP_SHA256_WARNING, /answers only MD5 .* never registers/);
});

test('step 7 tells a challenge never answered apart from a wrong password', async () => {
  const { securityReason } = await import('../../../shared/ami/security');
  const f = { account: '1001', ip: '127.0.0.1', port: 5062, transport: 'udp', sessionId: 'c1' };
  assert.match(
    securityReason({ ...f, kind: 'no_answer' }, 'Asterisk'),
    /^No answer to the challenge: the phone never answered .* may not support the digest algorithm .* not a wrong password/,
  );
  assert.match(securityReason({ ...f, kind: 'wrong_password' }, 'Asterisk'), /^Wrong password: /);
});
