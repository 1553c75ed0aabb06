/** What the UI shows about the running server, including the values for manual provisioning. */
import type { ServerInfo } from '../../../shared/api/views';
import type { Context } from '../context';

export function serverInfo(ctx: Context): ServerInfo {
  return {
    version: ctx.version,
    rpsUrl: ctx.urls.rpsUrl,
    deviceBaseUrl: ctx.urls.deviceBaseUrl,
    dataDir: ctx.store.dir,
    secretsAtRest: ctx.store.secretsAtRest,
    manualProvisioning: {
      option66: ctx.urls.rpsUrl,
      note: "Phones that cannot use plug-and-play: put this URL in DHCP option 66 of the site's DHCP server, or in the phone's auto-provisioning page.",
    },
  };
}
