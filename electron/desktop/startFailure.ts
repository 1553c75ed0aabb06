/**
 * What the technician is told when the backend cannot start: what happened and what to do,
 * never a stack trace.
 */
export function describeStartFailure(error: unknown, devicePort: number, dataDir: string): { title: string; message: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: string;
    message?: string;
    syscall?: string;
    holder?: { pid?: number; startedBy?: string; since?: string; command?: string };
  };
  const code = e.code === 'EACCES' && e.syscall !== 'listen' ? 'EACCES_DATA' : e.code;
  switch (code) {
    case 'EDATALOCKED': {
      // DataLockedError (electron/backend/store/dataLock.ts): another process writes to this folder.
      const h = e.holder ?? {};
      const since = h.since ? `, since ${h.since}` : '';
      const command = h.command ? ` (${h.command})` : '';
      return {
        title: 'The data folder is in use',
        message:
          `Another Deskphone Provisioner uses the data folder ${dataDir}: PID ${h.pid ?? '?'}, started as ${h.startedBy ?? 'unknown'}${since}${command}. ` +
          `Stop that one first (Ctrl-C in its terminal, or close it), then start the app again. Two at once would lose each other's changes.`,
      };
    }
    case 'EADDRINUSE':
      return {
        title: 'The phones\u2019 port is in use',
        message: `Another program already uses TCP port ${devicePort}, which phones use to reach this app. Close that program (another provisioning server, or this app started by another user) and start Deskphone Provisioner again.`,
      };
    case 'EACCES':
      return {
        title: 'The phones\u2019 port is not allowed',
        message: `This computer does not let the app use TCP port ${devicePort}. Ask your administrator to allow it, then start Deskphone Provisioner again.`,
      };
    case 'EACCES_DATA':
    case 'EPERM':
    case 'EROFS':
      return {
        title: 'The app cannot write its data',
        message: `Deskphone Provisioner cannot write to ${dataDir}. Check that the folder exists and you may write to it, then start the app again.`,
      };
    default:
      return {
        title: 'Deskphone Provisioner could not start',
        message: `${e.message ?? 'An unexpected error stopped the app.'}\n\nIts data is in ${dataDir}. Start the app again; if this keeps happening, send that folder's log to support.`,
      };
  }
}
