/**
 * Which fields are secret, and sealing them on the way to disk and opening them on the way back.
 * The in-memory state always holds plain values; only the journal and the snapshot are sealed.
 */
import type { Op } from './ops';
import type { Snapshot } from './state';
import { isSealed, type SecretBox } from './secretBox';

type Transform = (value: string) => string;

/** The phones' web passwords (default site and override rows); '' stays '' (none set). */
function phonesWith(phones: Snapshot['settings']['phones'] | undefined, f: Transform): Snapshot['settings']['phones'] | undefined {
  if (!phones) return phones; // a store written before phone settings existed
  const g = (v: string | undefined) => (v ? f(v) : v);
  return {
    ...phones,
    adminPassword: g(phones.adminPassword) ?? '',
    userPassword: g(phones.userPassword) ?? '',
    overrides: phones.overrides.map((o) => ({
      ...o,
      ...(o.adminPassword ? { adminPassword: f(o.adminPassword) } : {}),
      ...(o.userPassword ? { userPassword: f(o.userPassword) } : {}),
    })),
  };
}

/** The AMI secret, the device listener's digest passwords and the phones' web passwords. */
function settingsWith<T extends Snapshot['settings']>(settings: T, f: Transform): T {
  const secret = settings.pbx.amiSecret;
  const credentials = settings.security.digestCredentials;
  const phones = phonesWith(settings.phones, f);
  return {
    ...settings,
    ...(phones ? { phones } : {}),
    pbx: secret === '' ? settings.pbx : { ...settings.pbx, amiSecret: f(secret) },
    security:
      credentials.length === 0
        ? settings.security
        : { ...settings.security, digestCredentials: credentials.map((c) => ({ ...c, password: f(c.password) })) },
  };
}

function mapOp(op: Op, f: Transform): Op {
  switch (op.op) {
    case 'putAccount':
      return { ...op, account: { ...op.account, password: f(op.account.password) } };
    case 'setSettings':
      return { ...op, settings: settingsWith(op.settings, f) };
    default:
      return op;
  }
}

function mapSnapshot(snapshot: Snapshot, f: Transform): Snapshot {
  return {
    ...snapshot,
    accounts: snapshot.accounts.map((a) => ({ ...a, password: f(a.password) })),
    settings: settingsWith(snapshot.settings, f),
  };
}

export function sealOp(op: Op, box: SecretBox): Op {
  return mapOp(op, (v) => box.seal(v));
}

export function openOp(op: Op, box: SecretBox): Op {
  return mapOp(op, (v) => (isSealed(v) ? box.open(v) : v));
}

export function sealSnapshot(snapshot: Snapshot, box: SecretBox): Snapshot {
  return mapSnapshot(snapshot, (v) => box.seal(v));
}

/** Opens sealed values; plain ones (from a store written before sealing existed) pass through. */
export function openSnapshot(snapshot: Snapshot, box: SecretBox): Snapshot {
  return mapSnapshot(snapshot, (v) => (isSealed(v) ? box.open(v) : v));
}
