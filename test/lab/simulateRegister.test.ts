/**
 * `npm run simulate -- ... --register` against a real Asterisk 22: the CLI's phones register the
 * accounts their ACC.cfg gave them, a refused one prints the SIP status, and all un-register on exit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { enroll } from '../../electron/sim/enroll';
import { AsteriskLab } from './asterisk/lab';
import { labUnavailableReason } from './asterisk/chroot';
import { startTestBackend, type TestBackend } from '../support/backend';
import { skipReasonOutsideCi } from '../support/labUnderCi';

const unavailable = skipReasonOutsideCi('Asterisk', labUnavailableReason());

let lab: AsteriskLab | undefined;
let backend: TestBackend | undefined;

before(async () => {
  if (unavailable) return;
  backend = await startTestBackend();
  lab = await AsteriskLab.start({
    endpoints: [
      { userName: '3000', password: 'sim-0' },
      { userName: '3001', password: 'not-what-the-app-has' },
    ],
    algorithms: ['MD5'],
  });
  await backend.api.updateSettings({
    body: {
      pbx: lab.pbxSettings(),
    },
  });
  await enroll(backend.api, { count: 2, firstExtension: 3000, password: (i) => `sim-${i}`, sipHost: lab.sipHost, sipPort: lab.sipPort });
});

after(async () => {
  await backend?.cleanup();
  await lab?.stop();
});

function simulate(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/simulate.ts', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

test(
  'simulate --register registers for real (MD5 here), reports the refused line with its SIP status, un-registers on exit',
  { skip: unavailable },
  async () => {
    const b = backend!;
    const run = await simulate(['--admin', b.adminUrl, '--rps', b.rpsUrl, '--count', '2', '--register', '--hold', '2'], {
      DP_ADMIN_TOKEN: b.adminToken,
    });
    assert.match(run.out, /2 passed, 0 failed/);
    assert.match(run.out, /REGISTER FAIL .* line 1 \(3001\): SIP 401, 401 Unauthorized: credentials refused/);
    assert.match(run.out, /1 line\(s\) registered, 1 refused/);
    assert.match(run.out, /un-registered/);
    assert.equal(run.code, 1);
    // While held, the app saw the registration; after exit, the contact is gone.
    const phones = await b.api.listPhones();
    const first = phones.find((p) => p.serial === 'SIM000000000');
    const timeline = await b.api.timeline({ params: { mac: first!.mac } });
    assert.ok(
      timeline.some((e) => e.step === 7 && e.outcome === 'ok' && e.detail?.['account'] === '3000'),
      'registered on the timeline',
    );
    const regs = await b.api.pbxRegistrations();
    assert.equal(regs.contacts.length, 0);
  },
);
