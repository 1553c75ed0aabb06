/**
 * The SIP NOTIFY event that makes a registered phone re-fetch its configuration, per vendor
 * (FORMATS.md section 5): Yealink and Snom take `check-sync;reboot=true`, Poly, Cisco and most
 * others a bare `check-sync`. Sent through Asterisk with the AMI action PJSIPNotify.
 */
export function checkSyncEvent(vendor: string, userAgent = ''): string {
  const v = `${vendor} ${userAgent}`.toLowerCase();
  if (v.includes('yealink') || v.includes('snom')) return 'check-sync;reboot=true';
  return 'check-sync';
}
