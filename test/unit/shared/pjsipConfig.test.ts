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
