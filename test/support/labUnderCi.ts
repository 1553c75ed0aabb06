/**
 * What a lab test does when a part of its lab is missing (no Asterisk chroot, no network
 * namespaces, no baresip): under CI=true the lab must run, so the test file fails, saying what is
 * missing; elsewhere the reason is given back for its tests to skip with.
 */
export function skipReasonOutsideCi(lab: string, reason: string | undefined): string | undefined {
  if (reason && process.env['CI'] === 'true') throw new Error(`the ${lab} lab must run under CI: ${reason}`);
  return reason;
}
