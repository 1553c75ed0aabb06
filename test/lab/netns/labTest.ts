/** How a lab test starts: skip (saying why) without root, except under CI=true, where it fails. */
import type { TestContext } from 'node:test';
import { skipReasonOutsideCi } from '../../support/labUnderCi';
import { labSkipReason } from './lab';

/** True when the test may go on; otherwise the test is skipped or, under CI, failed. */
export function requireLab(t: TestContext): boolean {
  const reason = skipReasonOutsideCi('network-namespace', labSkipReason());
  if (!reason) return true;
  t.skip(reason);
  return false;
}
