/**
 * Sweep of the lab's /24 through the headless CLI: every device found, with the right vendor, and
 * model and firmware where the device tells them; non-phones shown as such, not hidden.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { formatMac, type Mac } from '../../shared/mac';
import { standardLab } from './fake-devices/profiles';
import { buildLab } from './netns/lab';
import { requireLab } from './netns/labTest';

interface Found {
  ip: string;
  mac: string;
  vendor: string;
  model: string;
  firmware: string;
  isPhone: boolean;
}

function discover(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'electron/cli/discover.ts', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('discover CLI: the lab /24 swept, every device found with vendor, model and firmware', async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: standardLab() });
  try {
    const { code, stdout, stderr } = await discover(['--interface', lab.bridge, '--json']);
    assert.equal(code, 0, stderr);
    const found = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Found);
    assert.equal(found.length, lab.devices.length, `found ${found.length} of ${lab.devices.length}: ${stderr}`);
    assert.ok(lab.devices.filter((d) => d.profile.isPhone).length >= 20);
    for (const d of lab.devices) {
      const f = found.find((x) => x.ip === d.ip);
      assert.ok(f, `${d.profile.label} at ${d.ip} found`);
      assert.equal(f.mac, formatMac(d.mac as Mac));
      assert.equal(f.vendor, d.profile.expected.vendor, `${d.profile.label} vendor`);
      assert.equal(f.model, d.profile.expected.model, `${d.profile.label} model`);
      assert.equal(f.firmware, d.profile.expected.firmware, `${d.profile.label} firmware`);
      assert.equal(f.isPhone, d.profile.isPhone, `${d.profile.label} is${d.profile.isPhone ? '' : ' not'} a phone`);
    }
    assert.match(stderr, /25 device\(s\) on 10\.\d+\.\d+\.0\/24/);
  } finally {
    await lab.teardown();
  }
});

test('discover CLI: refuses a range outside the interface, and sweeps nothing without --interface', async (t) => {
  if (!requireLab(t)) return;
  const lab = await buildLab({ devices: [] });
  try {
    const outside = await discover(['--interface', lab.bridge, '--cidr', '192.0.2.0/24']);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /not inside/);
    const none = await discover([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Pick the interface/);
    assert.match(none.stderr, new RegExp(lab.bridge));
  } finally {
    await lab.teardown();
  }
});
